package explain

import "testing"

// Round 21: lines of open-source and smaller implementations held out
// from the corpus (testdata/loglines README, "Round 21"), by class.

// Quagga logs the Cease it sends by a word after the neighbour:
// "shutdown" (6/2), "User reset" (6/4), "configuration change" (6/6).
func TestRound21QuaggaCeaseWords(t *testing.T) {
	for _, c := range []struct {
		text      string
		code, sub int
	}{
		{"Jul 19 02:52:01.662523 S9130-Leaf-Left INFO bgpd[57]: Notification sent to neighbor 192.0.2.1: shutdown", 6, 2},
		{"2016/07/08 10:12:06 BGP: Notification sent to neighbor 192.0.2.1: User reset", 6, 4},
		{"bgpd[57]: Notification sent to neighbor 192.0.2.1: configuration change\nbgpd[57]: %ADJCHANGE: neighbor 192.0.2.1 Down Remote AS changed", 6, 6},
		// The numbers, where Quagga prints them, are read as before.
		{"BGP: Notification sent to neighbor 192.0.2.1: type 6/3", 6, 3},
		// A word not at the end of the entry is not Quagga's.
		{"BGP: Notification sent to neighbor 192.0.2.1: shutdown of the interface pending", -1, -1},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code != c.code || x.Line.Subcode != c.sub {
			t.Errorf("%q: code %d/%d, want %d/%d", c.text, x.Line.Code, x.Line.Subcode, c.code, c.sub)
		}
	}
	says(t, "bgpd[57]: Notification sent to neighbor 192.0.2.1: shutdown", "Quagga logs the Cease it sends by a word")
}

// Quagga's and FRR's ADJCHANGE reasons for a neighbour removed from or
// changed in the configuration.
func TestRound21AdjchangeConfigReasons(t *testing.T) {
	says(t, "Jul 19 02:52:01.662523 S9130-Leaf-Left INFO bgpd[57]: %ADJCHANGE: neighbor 192.0.2.1 Down Neighbor deleted", "Peer De-configured (6/3")
	says(t, "BGP: %ADJCHANGE: neighbor 192.0.2.1(r2) in vrf default Down Router ID changed", "Other Configuration Change (6/6")
}

// An FSM event logged as event= beside the state, by number or by a
// name with its group (sart).
func TestRound21KeyedFSMEvent(t *testing.T) {
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" peer.asn=200 state=Idle event=Admin_ManualStart`, "event 1 ManualStart (RFC 4271 §8.1.2)")
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" peer.asn=200 state=Connect event=16`, "event 16 Tcp_CR_Acked")
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" peer.asn=200 state=OpenSent event=Connection_TcpConnectionConfirmed`, "event 17 TcpConnectionConfirmed (RFC 4271 §8.1.4): a second TCP connection")
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" state=Active event=Connection_TcpConnectionConfirmed`, "event 17 TcpConnectionConfirmed", "second TCP connection")
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" state=Established event=Timer_HoldTimerExpire`, "event 10 HoldTimer_Expires")
	// An event that is not RFC 4271's is not named.
	says(t, `INFO handle: sartd::bgp::peer::peer: peer.addr="192.0.2.1" state=Established event=Control_Health`, "", "FSM event logged")
}

// SONiC's bgpcfgd refusing a neighbour change it does not apply.
func TestRound21SonicBgpcfgd(t *testing.T) {
	says(t, "ERR bgp#bgpcfgd: Peer '(default|BGPSLBPassive)': Can't update the peer. Only 'admin_status' attribute is supported", "bgpcfgd refused a change")
}

// RouterOS shows its timers as key=value with units: the v7 session's
// hold-time and keepalive-time, the v6 peer status's values in use
// (used-hold-time) beside the configured ones.
func TestRound21RouterOSTimers(t *testing.T) {
	says(t, "[admin@R1] /routing bgp peer> print status\n 0 E name=\"peer1\" instance=default remote-address=192.0.2.1 remote-as=65000\n     nexthop-choice=default hold-time=3m ttl=default\n     remote-hold-time=90s\n     used-hold-time=1m30s used-keepalive-time=30s state=established", "old time 90 seconds, keepalive 30 seconds")
	says(t, "[admin@MikroTik] /routing/bgp/session> print\n 0 E name=\"toR2\"\n     remote.address=192.0.2.2 .as=65532\n     hold-time=3m keepalive-time=1m uptime=4s70ms", "old time 180 seconds, keepalive 60 seconds")
	// FRR's words are read as before.
	says(t, "BGP neighbor is 192.0.2.1, remote AS 65001\n  BGP state = Established, up for 00:01:14\n  Hold time is 9, keepalive interval is 3 seconds", "old time 9 seconds, keepalive 3 seconds")
}

// BIRD's traces as it closes a protocol on request and as a
// reconfiguration removes one.
func TestRound21BirdShutdown(t *testing.T) {
	says(t, "2015-05-19 04:13:21 <TRACE> bgp1: Shutdown requested", "Peer De-configured (6/3) when the configuration removed")
	says(t, "2015-05-19 04:13:21 <INFO> Removing protocol bgp1", "no longer has this protocol")
	// A shutdown of something else, without BGP's context, says nothing.
	says(t, "systemd[1]: Shutdown requested by user", "", "Cease")
}
