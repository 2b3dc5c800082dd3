package explain

import "testing"

// Round 24: vendor syslog held out from the corpus as log systems keep
// it (testdata/loglines README, "Round 24"), by class.

// IronWare's (NetIron, FastIron) peer lines: "UP (ESTABLISHED)", and
// "DOWN (reason)", the reason the router's own or, after "Rcv
// Notification:", the neighbour's NOTIFICATION.
func TestRound24IronWarePeer(t *testing.T) {
	says(t, "<13>May 22 09:20:00 HOSTNAME BGP: Peer (VRF: VRF-NAME) 192.0.2.25 UP (ESTABLISHED) ", "reached Established")
	says(t, "<13>May 19 05:01:59 HOSTNAME BGP: Peer (VRF: default-vrf) 2001:db8::1 DOWN (Rcv Notification:Hold Timer Expired) ",
		"a NOTIFICATION the neighbour sent", "this router's own")
	says(t, "<13>May 19 03:57:38 HOSTNAME BGP: Peer 192.0.2.134 DOWN (Hold Timer Expired) ", "for the reason in brackets, this router's own", "the neighbour sent")
	// Brackets after a Down of something else say nothing of a BGP peer.
	says(t, "<13>May 19 03:57:38 HOSTNAME PORT: Interface ethernet 1/1 DOWN (remote fault)", "", "went down (IronWare")
}

// IOS's debug of its own connections: which connection a state move is
// about, the active open and the wait before the next one.
func TestRound24IOSActiveOpen(t *testing.T) {
	says(t, "Aug 18 15:31:55 UTC: BGP: 192.0.2.171 active went from Active to Idle", `"active" is the one the router opened itself`)
	says(t, "Aug 18 15:32:02 UTC: BGP: 192.0.2.171 open active, local address 192.0.2.170", "opens its own TCP connection")
	says(t, "Aug 18 15:32:32 UTC: BGP: 192.0.2.171 Active open failed - tcb is not available, open active delayed 12288ms (35000ms max, 60% jitter)",
		"this wait is 12288 ms, the longest 35000 ms, each varied by up to 60%")
	// The failed open itself is read as before.
	says(t, "Aug 18 15:32:32 UTC: BGP: 192.0.2.171 Active open failed - tcb is not available, open active delayed 12288ms (35000ms max, 60% jitter)", "event 18 TcpConnectionFails")
}

// Nokia's (SR OS, SR Linux) words: the session moved into Established,
// and a Cease subcode by its identifier.
func TestRound24Nokia(t *testing.T) {
	says(t, "Jan 11 18:39:01 srl-1-2 sr_bgp_mgr: bgp|1894|1965|00073|N: In network-instance default, the BGP session with VR default (1): Group ebgp-underlay: Peer 192.0.2.5 moved into the ESTABLISHED state", "reached Established")
	says(t, "10644 2018/06/22 10:27:15.844 UTC MINOR: BGP #2038 vprn109 Peer 11: 192.0.2.200\n\"VR 11: Group NSG_WAN: Peer 192.0.2.200: moved into established state\"", "reached Established")
	says(t, `{"program": "sr_bgp_mgr", "srlproc": "bgp", "message": ", the BGP session with VR default (1): Group ebgp-underlay: Peer 192.0.2.6 moved into the ESTABLISHED state"}`, "reached Established")
	x := Line("Jan 11 18:39:04 srl-1-2 sr_bgp_mgr: bgp|1894|1965|00076|W: In network-instance default, the BGP session with VR default (1): Group ibgp-evpn: Peer 192.0.2.6 was closed because the router sent this neighbor a NOTIFICATION with code CEASE and subcode CONN_COLL_RES", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 7 {
		t.Errorf("CONN_COLL_RES: code %d/%d, want 6/7", x.Line.Code, x.Line.Subcode)
	}
}

// Junos's rpd closing a session on a TCP error (BGP_IO_ERROR_CLOSE_SESSION).
func TestRound24JunosIOError(t *testing.T) {
	says(t, "rpd[30554]: BGP_IO_ERROR_CLOSE_SESSION: BGP peer 192.0.2.1 (External AS 65032):\nError event Operation timed out(60) for I/O session - closing it (instance master)",
		"ETIMEDOUT", "Hold Timer Expired (4/0)")
}

// EOS's ADJCHANGE events for a Cease sent on a configuration change and a
// Hard Reset received.
func TestRound24EOSCeaseEvents(t *testing.T) {
	says(t, "May  9 16:10:21 RR Bgp: %BGP-5-ADJCHANGE: peer 192.0.2.13 (VRF default AS 64512) old state Established event OtherConfigurationChange new state Idle", "Other Configuration Change (6/6")
	says(t, "May  9 16:10:26 RR Bgp: %BGP-5-ADJCHANGE: peer 192.0.2.12 (VRF default AS 64512) old state Established event RecvHardReset new state Idle", "Cease / Hard Reset (6/9, RFC 8538 §3")
}

// SR Linux's BFD manager as BGP takes a BFD session up or lets it go
// (found after the before count).
func TestRound24BGPOverBFD(t *testing.T) {
	says(t, "Jan 11 18:39:02 srl-1-2 sr_bfd_mgr: bfd|1879|1879|00062|N: BFD:  Network-instance default - The protocol BGP is now using BFD session from 192.0.2.2:16395 to 192.0.2.5:0", "BGP became a client of the BFD session")
	says(t, `{"_source" : {"program" : "sr_bfd_mgr", "message" : " - The protocol BGP using BFD session from 192.0.2.8:16385 to 192.0.2.5:16385 has been cleared"}}`, "BGP let go of the BFD session")
	// BFD going down is read as before, not as BGP letting it go.
	says(t, "2018/07/23 12:06:21 BFD: bfd_recvtimer_cb Detect timeout on session 0x1 with peer 192.0.2.1, in state 1", "Control Detection Time Expired", "let go")
}
