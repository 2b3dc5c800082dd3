package explain

import "testing"

// Round 15: real lines held out from the corpus (testdata/loglines
// README, "Round 15"), from lists, Q&A sites and the issue threads where
// users paste logs, by class.

// BFD's own lines and bgpd's report of them: the detection time ran
// out, the BGP process was told, and FRR's strict mode timer, which is
// not BGP's hold timer.
func TestRound15BFD(t *testing.T) {
	says(t, "2018/07/23 12:06:21 BFD: Session 0x1 down peer 10.20.0.1 Rsn DetectTime prev st Up", "RFC 5880 §6.8.4")
	says(t, "2018/07/23 12:06:21 BFD: bfd_recvtimer_cb Detect timeout on session 0x1 with peer 10.20.0.1, in state 1", "Control Detection Time Expired")
	says(t, "11:22:03 BGP: bfd_session_status_update: neighbor 100.96.3.1 bfd state Up -> Down", "BFD told the BGP process")
	says(t, "11:22:33 BGP: 100.96.3.1 BFD Strict mode Hold timer expire for Incoming", "BFD strict mode hold timer", "No KEEPALIVE or UPDATE arrived")
	// BGP's own hold timer is still read as such.
	says(t, "2024/06/07 16:50:55 BGP: 192.168.1.1 [FSM] Hold timer expire", "No KEEPALIVE or UPDATE arrived")
}

// FRR's FSM debug names its timers and its connect in progress.
func TestRound15FRRTimers(t *testing.T) {
	says(t, "2024/06/07 16:50:55.758 BGP: [ZQTB5-H8522] 192.168.1.1 [FSM] Timer (start timer expire).", "IdleHoldTimer")
	says(t, "2024/06/07 16:50:55.758 BGP: 192.168.1.1 [FSM] Timer (connect timer expire).", "ConnectRetryTimer_Expires")
	says(t, "2024/06/07 16:50:55.758 BGP: 192.168.1.1 [FSM] Timer (keepalive timer expire).", "KeepaliveTimer_Expires")
	says(t, "2024/06/07 16:50:55.758 BGP: 192.168.1.1 [FSM] Timer (routeadv timer expire).", "MinRouteAdvertisementIntervalTimer")
	says(t, "2024/06/07 16:50:55.758 BGP: [G0837-S7QES] 192.168.1.1 [FSM] Non blocking connect waiting result, fd 25", "TCP_connection_open or")
	// Graceful restart's restart timer is not the start timer.
	says(t, "2024/06/07 BGP: 192.168.1.1 graceful restart timer expired (restart timer expire)", "", "IdleHoldTimer")
}

// ExaBGP's connection loop, and a message type where the FSM awaited
// another (only where the words name a BGP message).
func TestRound15LoopAndTypes(t *testing.T) {
	says(t, "exabgp: 4353   network       out loop, intialising", "ExaBGP (re)starts its loop")
	says(t, `level=ERROR msg="connection encountered an error" remote=[fd0b:4d5d:38d9::1]:55909 error="unexpected message of type '3', expected keepalive"`,
		"type 3 is NOTIFICATION (RFC 4271 §4.1), where KEEPALIVE was awaited")
	says(t, `error="unexpected message of type '2', expected open"`, "Finite State Machine Error")
	says(t, `app: unexpected message of type '3', expected reply`, "", "NOTIFICATION")
}
