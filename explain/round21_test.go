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
