package explain

import (
	"strings"
	"testing"
)

// Round 18: show-command neighbour blocks held out from the corpus
// (testdata/loglines README, "Round 18"), by class. Each case names what
// the block says that was not read before.

// FTOS's Notification History labels a Cease "Connection Reset" without
// its subcode: code 6, no subcode assumed; its "due to user reset" is a
// clear, Cease / Administrative Reset.
func TestRound18FTOSNotificationHistory(t *testing.T) {
	x := Line("Notification History\n'Connection Reset' Sent : 1 Recv: 0\nLocal host: 192.0.2.2, Local port: 179", Options{})
	if x.Line.Code != 6 || strings.Contains(x.Line.Error, "subcode 0 assumed") {
		t.Errorf("code %d, error %q: want Cease with no subcode assumed", x.Line.Code, x.Line.Error)
	}
	if d := strings.Join(x.Diagnosis, " "); strings.Contains(d, "did not say why") {
		t.Errorf("diagnosis %q reads a Cease 6/0", d)
	}
	x = Line("Connections established 3; dropped 3\nLast reset 00:00:37, due to user reset\nNotification History\n'Connection Reset' Sent : 3 Recv: 0", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 4 {
		t.Errorf("code %d/%d, want 6/4", x.Line.Code, x.Line.Subcode)
	}
	// FRR's ADJCHANGE reason "User reset" is no NOTIFICATION line.
	if x := Line("BGP: %ADJCHANGE: neighbor 192.0.2.1 in vrf default Down User reset", Options{}); x.Line.Code >= 0 {
		t.Errorf("ADJCHANGE read as code %d", x.Line.Code)
	}
}
