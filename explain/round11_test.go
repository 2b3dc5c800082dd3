package explain

import "testing"

// Round 11: real lines from vendor communities held out from the corpus
// (testdata/loglines README, "Round 11"), by class.

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
