package explain

import "testing"

// Round 16: real lines held out from the corpus (testdata/loglines
// README, "Round 16"), from vendors' documents (Comware debug examples),
// by class. Each case names what the words say that was not read before.

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
