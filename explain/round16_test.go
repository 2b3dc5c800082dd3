package explain

import "testing"

// Round 16: real lines held out from the corpus (testdata/loglines
// README, "Round 16"), from vendors' documents (Comware debug examples),
// by class. Each case names what the words say that was not read before.

// Comware names RFC 4271's FSM events in its own words: "Current event
// is CRTimerExpired", "Receive ManualStop event in ESTABLISHED state",
// "BGP_TIMER: CR Timer Expired".
func TestRound16ComwareEvents(t *testing.T) {
	says(t, "*Aug 24 14:12:13:706 2006 Sysname RM/6/RMDEBUG: BGP.: 10.1.1.2 Current event is ReceiveOpenMessage.", "event 19 BGPOpen")
	says(t, "*Aug 24 14:12:13:728 2006 Sysname RM/6/RMDEBUG: BGP.: 10.1.1.2 Current event is RecvKeepAliveMessage.", "event 26 KeepAliveMsg")
	says(t, "*jan 15:17:37:922 2013 R5 Rm/6/rmdebug: BGP.: 10.1.2.2 The current event is transconnopenfailed.", "event 18 TcpConnectionFails")
	says(t, "*jan 15:17:37:922 2013 R5 Rm/6/rmdebug: BGP: 10.1.2.2 The current event is Start.", "event 3 AutomaticStart")
	says(t, "*Mar 12 19:02:59:242 2012 SwitchC BGP/7/DEBUG: -VDC=1; BGP.: 3.0.1.1 Receive ManualStop event in ESTABLISHED state.", "event 2 ManualStop")
	says(t, "BGP.: 3.0.1.1 Receive ManualStop event in ESTABLISHED state.", "sends a Cease NOTIFICATION first")
	says(t, "*0.92311078 Sysname RM/6/RMDEBUG: BGP_TIMER: CR Timer Expired for Peer 2.2.2.2", "event 9 ConnectRetryTimer_Expires")
	// A name Comware does not use for an event is not read as one.
	says(t, "BGP.: 10.1.1.2 Current event is Frobnicate.", "", "Comware's event")
}

// Comware's packet debug gives a message's type and whole length.
func TestRound16ComwareMessageTrace(t *testing.T) {
	says(t, "*Aug 24 15:32:02:630 2006 Sysname RM/6/RMDEBUG: BGP.: 10.1.1.2 Recv OPEN Length: 39", "an OPEN received from")
	says(t, "BGP.: 10.1.1.2 Recv OPEN Length: 39", "10 of them after the OPEN's 29 fixed octets")
	says(t, "*Aug 24 15:32:02:646 2006 Sysname RM/6/RMDEBUG: BGP.: 10.1.1.2 Send KEEPALIVE Length 19", "a KEEPALIVE sent to", "Bad Message Length")
	says(t, "BGP.: 10.1.1.2 Send KEEPALIVE Length 23", "a Bad Message Length (1/2)")
	says(t, "BGP.: 10.1.1.2 Recv UPDATE Length: 20", "shorter than the 23 octets")
}

// Active to Connect is the ConnectRetryTimer's retry, not a session
// going down.
func TestRound16ActiveToConnect(t *testing.T) {
	says(t, "*Aug 24 14:12:13:674 2006 Sysname RM/6/RMDEBUG: BGP.: 10.1.1.2 State is changed from ACTIVE to CONNECT.", "ConnectRetryTimer expired (event 9)", "went down")
}

// Comware's OPEN debug: the version of an OPEN it sends, one capability
// per line, and the OPEN's fields over lines (read in words).
func TestRound16ComwareOpenTrace(t *testing.T) {
	says(t, "*jan 15:17:37:922 2013 R5 Rm/6/rmdebug: BGP_TIMER:CR TIMER expired for Peer 10.1.2.2", "event 9 ConnectRetryTimer_Expires")
	says(t, "*0.2683484 4945 RM/6/RMDEBUG: BGP.: 11.1.1.2 Send OPEN, Version: 4", "an OPEN the router sends, BGP version 4")
	says(t, "BGP.: 11.1.1.2 Recv OPEN, Version: 3", "Unsupported Version Number (2/1)")
	says(t, "CAP Type: 1 (Multiprotocol) CAP Len: 4", "capability code 1 is Multiprotocol Extensions")
	says(t, "CAP Type: 2 (RouteRefresh) CAP Len: 0", "capability code 2 is Route Refresh")
	// "cap type:" without "cap len" is not a capability trace.
	says(t, "cap type: 2 bytes", "", "capability code")
	x := Line("BGP.: 11.1.1.2 Send OPEN, Version: 4\nLocal AS: 100, HoldTime: 180, Router ID: 192.168.74.1", Options{})
	if len(x.Messages) != 1 || x.Messages[0].Label != "OPEN (in words)" {
		t.Fatalf("Comware's OPEN over lines not read in words: %+v", x.Messages)
	}
}
