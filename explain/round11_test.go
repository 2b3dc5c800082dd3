package explain

import "testing"

// Round 11: real lines from vendor communities held out from the corpus
// (testdata/loglines README, "Round 11"), by class.

// A state a show block or an FSM trace prints, beside no move, is said
// with what the session waits for in it.
func TestRound11StateShown(t *testing.T) {
	says(t, "Aug 17 19:49:54 pfSense02 bgpd[56417]: bgp_fsm_change_status : vrf default(0), Status: Active established_peers 1", "session is in active (RFC 4271 §8.2.2)")
	says(t, "    State: ACTIVE, Time: 0h40m45s, KeepAliveTime: 30, HoldTime: 90", "session is in active (RFC 4271 §8.2.2)")
	says(t, "  BGP state = Idle, up for 00:00:01 neighbor 192.0.2.1", "session is in idle")
	// A move is said as a move, not as the state it ends in.
	says(t, "2021/12/01 12:37:25.767 BGP: 172.18.0.2 went from Idle to Active, Status: Active", "moved from idle to active", "session is in active")
	// "status:" without a state names none.
	says(t, "BGP: [NETWORK] FD=26, Sock Status: 110-Connection timed out", "", "session is in")
}

// Junos's names of RFC 4271 events, in a show block's Last Event and a
// state change's event.
func TestRound11JunosEventNames(t *testing.T) {
	says(t, "Last State: OpenConfirm Last Event: RecvKeepAlive Last Error: None", "event 26 KeepAliveMsg (RFC 4271 §8.1.5)")
	says(t, "rpd[2902]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 1.1.1.1 (External AS 2222) changed state from OpenConfirm to Idle (event TransportError) (instance master)",
		"event 18 TcpConnectionFails (RFC 4271 §8.1.4)")
	says(t, "bgp_event: peer 192.0.2.1 (External AS 65001) old state OpenSent event RecvOpen new state OpenConfirm", "event 19 BGPOpen")
}

// IOS's debug ip bgp trace of a passive connection and the OPEN on it.
func TestRound11IOSDebugTrace(t *testing.T) {
	says(t, "*Jul 18 02:32:24.601: BGP: ses global 192.168.2.45 (0x7FD63BA2DC68:0) pas Setting open delay timer to 60 seconds.", "DelayOpen")
	says(t, "*Jul 18 02:32:24.620: BGP: 192.168.2.45 passive rcv message type 1, length (excl. header) 38", "is OPEN (RFC 4271 §4.1)")
	says(t, "*Jul 18 02:32:24.620: BGP: 192.168.2.45 passive rcv message type 1, length (excl. header) 38", "57 octets")
	says(t, "*Jul 18 02:32:24.620: BGP: ses global 192.168.2.45 (0x7FD63BA2DC68:0) pas Receive OPEN", "event 19 BGPOpen")
	says(t, "*Jul 18 02:32:24.620: BGP: 192.168.2.45 passive rcv OPEN w/ OPTION parameter len: 28", "28 octets (Opt Parm Len, RFC 4271 §4.2)")
	says(t, "Aug 17 19:49:54 pfSense02 bgpd[56417]: 172.29.1.170 passive open", "event 17 TcpConnectionConfirmed")
	says(t, "BGP: 192.0.2.1 passive open failed", "", "event 17")
}

// An OPEN in words naming its version and hold time but no AS is read.
func TestRound11OpenWithoutAS(t *testing.T) {
	x := Line("*Jul 18 02:32:24.620: BGP: 192.168.2.45 passive rcv OPEN, version 4, holdtime 180 seconds", Options{})
	if !hasValue(x, "version", "4") || !hasValue(x, "hold_time", "180") {
		t.Errorf("OPEN's version and hold time not read: %q", said(x))
	}
	// One of the two alone is not an OPEN's fields.
	if x := Line("BGP: 192.0.2.1 rcv OPEN, version 4", Options{}); hasValue(x, "version", "4") {
		t.Error("a version alone read as an OPEN's fields")
	}
}

// The capability and identifier words of a session being set up.
func TestRound11SetupWords(t *testing.T) {
	says(t, "Aug 17 19:49:54 pfSense02 bgpd[56417]: 172.29.1.170 Sending hostname cap with hn = pfSense02.[redacted], dn = (null)", "code 73")
	says(t, "       IP Address: 212.114.120.72, AS: 199036 (EBGP), RouterID: 0.0.0.0, VRF: default-vrf", "RFC 6286 §2.1")
	says(t, "       IP Address: 212.114.120.72, AS: 199036 (EBGP), RouterID: 192.0.2.10, VRF: default-vrf", "", "RFC 6286")
}

// A show block's hold time and keepalive, printed together, are said with
// what they do; a hold time RFC 4271 forbids is called so.
func TestRound11TimersShown(t *testing.T) {
	says(t, "    State: ACTIVE, Time: 0h40m45s, KeepAliveTime: 30, HoldTime: 90", "Hold Timer Expired (4/0, RFC 4271 §6.5) after 90 seconds")
	says(t, "  Hold time is 180 seconds, keepalive interval is 60 seconds neighbor 192.0.2.1", "KEEPALIVEs go every 60 seconds")
	says(t, "    State: ACTIVE, KeepAliveTime: 1, HoldTime: 2", "Unacceptable Hold Time (2/6")
	// A hold time alone (an OPEN's) is not a show block's timers.
	says(t, "BGP: 192.0.2.1 rcv OPEN, version 4, holdtime 180 seconds", "", "KEEPALIVEs go")
}
