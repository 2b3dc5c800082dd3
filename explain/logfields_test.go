package explain

import (
	"strings"
	"testing"
)

// TestEntryFields: the elements of log entries of several vendors and
// envelopes are read and said in words, and what only looks like one
// (a Rust path's "d::b", GoBGP's state names, "as" in a sentence) is not.
func TestEntryFields(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // "field value: words of its meaning"
		not  []string // "field value" that must not be read
	}{
		{"Dec  3 18:53:48 ARISTA04T1 Rib: %BGP-5-ADJCHANGE: peer 10.0.0.38 (VRF default AS 4200065100) old state Established event Stop new state Idle",
			[]string{"timestamp Dec  3 18:53:48: no year and no time zone", "host ARISTA04T1: the system", "program Rib: Arista EOS's routing agent",
				"message_id %BGP-5-ADJCHANGE: facility BGP, severity 5 (notice", "address 10.0.0.38: the neighbour: a private address (RFC 1918)",
				"as 4200065100: AS 4200065100: private use (RFC 6996); a 4-octet AS", "vrf default: the default, global routing table"}, nil},
		{"<30>Jun 19 22:12:41 bgpd[73781]: %ADJCHANGE: neighbor 2001:db8::5 in vrf red Down Peer closed the session",
			[]string{"syslog_priority <30>: facility 3 (daemon) x 8 + severity 6 (informational)", "program bgpd[73781]: the BGP daemon of FRR, Quagga or OpenBGPD, process ID 73781",
				"message_id %ADJCHANGE: FRR's and Quagga's form: a neighbour's session came up or went down", "address 2001:db8::5: the neighbour: a documentation address (RFC 3849)",
				"vrf red: the routing instance (VRF)"}, []string{"host"}},
		{"*Mar  1 00:01:02.123: %BGP-3-NOTIFICATION: received from neighbor 100.64.1.1 4/0 (hold time expired) 0 bytes",
			[]string{"timestamp Mar  1 00:01:02.123: Cisco's leading * means the clock was not authoritative", "address 100.64.1.1: the neighbour: shared address space (RFC 6598)",
				"message_id %BGP-3-NOTIFICATION: severity 3 (error"}, nil},
		// Round 33 (Exa-Networks/exabgp#842): IOS's NBR_RESET.
		{"*Jul 26 09:28:45.908: %BGP-5-NBR_RESET: Neighbor 192.168.56.1 reset (BGP Notification sent)",
			[]string{"message_id %BGP-5-NBR_RESET: facility BGP, severity 5 (notice, syslog's levels), mnemonic NBR_RESET: a neighbour's session was reset"}, nil},
		// Round 33 (xrdocs/ncs5500): IOS XR's NSR_STATE_CHANGE.
		{"RP/0/RP0/CPU0:Nov 18 08:58:18.895 UTC: bgp[1042]: %ROUTING-BGP-5-NSR_STATE_CHANGE : Changed state to NSR-Ready",
			[]string{"message_id %ROUTING-BGP-5-NSR_STATE_CHANGE: mnemonic NSR_STATE_CHANGE: BGP's non-stop routing (NSR) became ready"}, nil},
		{"%ROUTING-BGP-5-ADJCHANGE_DETAIL : neighbor 10.0.0.130 Up (VRF: default; AFI/SAFI: 1/128) (AS: 12345)",
			[]string{"message_id %ROUTING-BGP-5-ADJCHANGE_DETAIL: mnemonic ADJCHANGE_DETAIL: a neighbour's session came up or went down, logged with the address family"}, nil},
		{"rpd[2902]: BGP_IO_ERROR_CLOSE_SESSION: BGP peer 192.0.2.1 (External AS 23456) closed", []string{"program rpd[2902]: Junos's routing protocol daemon",
			"message_id BGP_IO_ERROR_CLOSE_SESSION: an error on the TCP connection closed the session", "as 23456: AS 23456: AS_TRANS (RFC 6793 §9)",
			"peer_type External: an external (eBGP) neighbour"}, nil},
		{"bgp_peer_delete:7199: NOTIFICATION sent to 10.0.0.1 (Internal AS 65000): code 6 (Cease) subcode 3", []string{"peer_type Internal: an internal (iBGP) neighbour"}, nil},
		{"Aug 24 14:12:13 rtr BGP/2/ESTABLISHED(t): The BGP FSM entered the Established state. (BgpPeerAddr=fe80::1, RemoteAs=1.10)",
			[]string{"message_id BGP/2/ESTABLISHED: Huawei VRP's form module/level/mnemonic: module BGP, level 2 (critical), mnemonic ESTABLISHED",
				"address fe80::1: an IPv6 link-local address", "as 1.10: AS 65546 (asdot notation, RFC 5396): reserved for documentation (RFC 5398); a 4-octet AS"}, nil},
		{"2023-01-02T16:11:40.455816Z  INFO handle: sartd::bgp::peer::peer: peer.addr=\"10.0.0.2\" peer.asn=200 state=Idle",
			[]string{"timestamp 2023-01-02T16:11:40.455816Z: in UTC", "level INFO: the level", "as 200: AS 200: a public AS number"}, []string{"address d::b", "host INFO", "program handle"}},
		{"2024/09/07 05:10:09 BGP: [S7AHN-X0695] neighbor 10.0.255.5 remote AS 65536 configured as 3 peers",
			[]string{"timestamp 2024/09/07 05:10:09: FRR and Quagga", "program BGP: the protocol tag FRR and Quagga", "as 65536: reserved for documentation (RFC 5398)"}, []string{"as 3"}},
		{`time="2025-02-10T06:36:33Z" level=debug msg="state changed" Key=172.16.100.1 Topic=Peer new=BGP_FSM_ACTIVE old=BGP_FSM_IDLE`,
			[]string{"address 172.16.100.1: a private address"}, []string{"message_id"}},
		{"<166>1 2019-02-20T15:10:35.073589+00:00 ss12.00.lab bgpd 83 ADJ [origin ip=\"192.0.2.9\"] %ADJCHANGE: neighbor 100.67.0.142(sp01.02.lab) in vrf Default Down Interface down",
			[]string{"syslog_priority <166>: facility 20 (local4) x 8 + severity 6 (informational); the 1 after it is the version", "timestamp 2019-02-20T15:10:35.073589+00:00: in UTC",
				"host ss12.00.lab: HOSTNAME", "program bgpd: the BGP daemon", "process_id 83: PROCID", "message_type ADJ: MSGID", "structured_data [origin ip=\"192.0.2.9\"]: STRUCTURED-DATA",
				"message_id %ADJCHANGE: FRR's", "address 100.67.0.142: the neighbour: shared address space"}, nil},
		{"Apr  2 16:12:49 rtr.local 47948: RP/0/RSP1/CPU0:Apr  2 16:12:49.123 CEST: bgp[1052]: %ROUTING-BGP-5-ADJCHANGE : neighbor 10.1.1.1 Up (VRF: default) (AS: 65001)",
			[]string{"timestamp Apr  2 16:12:49: the syslog server that relayed", "host rtr.local: the system", "sequence 47948: service sequence-numbers",
				"node RP/0/RSP1/CPU0: the IOS XR card", "timestamp Apr  2 16:12:49.123 CEST: in the zone it names (CEST)", "program bgp[1052]: IOS XR's bgp",
				"message_id %ROUTING-BGP-5-ADJCHANGE: facility ROUTING-BGP, severity 5", "as 65001: private use", "vrf default: the default"}, nil},
		{"<149>2647599: vmx01 RP/0/RSP1/CPU0:Mar 28 15:08:30.941 UTC: bgp[1051]: %ROUTING-BGP-5-MAXPFX : No. of IPv4 Unicast prefixes received from 10.0.0.2 has reached 90",
			[]string{"syslog_priority <149>: facility 18 (local2) x 8 + severity 5 (notice)", "sequence 2647599: the router's own count", "host vmx01: the system",
				"message_id %ROUTING-BGP-5-MAXPFX: the warning threshold"}, nil},
		{"2017 May 4 13:58:24.709 GMT N9k01 %BGP-5-ADJCHANGE: bgp-65000 [8122] (default) neighbor 2.2.2.2 Down - holdtimer expired error",
			[]string{"timestamp 2017 May 4 13:58:24.709 GMT: year first (NX-OS's form), in the zone it names (GMT)", "host N9k01: the system",
				"program bgp-65000 [8122]: NX-OS's BGP process, named by its AS (65000), process ID 8122", "vrf default: the default", "address 2.2.2.2: the neighbour: a public"}, nil},
		{"Jun 27 01:25:26 mx1 rpd[1566]: %DAEMON-4-RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.5 (External AS 65000) changed state from Established to Idle (event RecvNotify)",
			[]string{"message_id %DAEMON-4-RPD_BGP_NEIGHBOR_STATE_CHANGED: facility DAEMON, severity 4 (warning, syslog's levels), mnemonic RPD_BGP_NEIGHBOR_STATE_CHANGED: a neighbour's session changed FSM state",
				"host mx1: the system", "program rpd[1566]: Junos's routing protocol daemon"}, nil},
		{"Jun 27 01:25:26 mx1 rpd[1566]: BGP_PREFIX_THRESH_EXCEEDED: 192.0.2.5 (External AS 65000): Configured maximum prefix-limit threshold(80) exceeded for inet-unicast nlri: 81 (instance master)",
			[]string{"vrf master: the default, global routing table", "message_id BGP_PREFIX_THRESH_EXCEEDED: the configured warning threshold",
				"address 192.0.2.5: the neighbour: a documentation address"}, nil},
		{"neighbor 10.1.1.1 remote-as 65001 asdot 1.2 (AS 0)", []string{"as 65001: private use", "as 0: AS 0: reserved (RFC 7607)"}, nil},
	} {
		var got []string
		for _, f := range entryFields(c.text, ParseLogLine(c.text).Evidence.Neighbor) {
			got = append(got, f.Name+" "+f.Value+": "+f.Meaning)
		}
		all := strings.Join(got, "\n")
		for _, w := range c.want {
			name, words, _ := strings.Cut(w, ": ")
			found := false
			for _, g := range got {
				if strings.HasPrefix(g, name+": ") && strings.Contains(g, words) {
					found = true
				}
			}
			if !found {
				t.Errorf("%.60q: no %q in\n%s", c.text, w, all)
			}
		}
		for _, n := range c.not {
			for _, g := range got {
				if strings.HasPrefix(g, n) {
					t.Errorf("%.60q: read %q", c.text, g)
				}
			}
		}
	}
}

// TestAddrTokens: only runs standing as words of their own are taken.
func TestAddrTokens(t *testing.T) {
	got := strings.Join(addrTokens("sartd::bgp 10.0.0.1: fe80::1%eth0 x2001:db8::1 (2001:db8::2)."), " ")
	if want := "10.0.0.1 fe80::1 2001:db8::2"; got != want {
		t.Errorf("addrTokens = %q, want %q", got, want)
	}
}
