package explain

import "testing"

// Round 27: BMP as people paste it, held out from the corpus
// (testdata/loglines README, "Round 27"). The input-and-words checks are
// the Round27 classes of testdata/says.json; this one needs the entries.

// FRR's show bmp puts blank lines between its indented rows, after a
// prompt line: the block is one entry, not three.
func TestRound27ShowBMPOneEntry(t *testing.T) {
	text := "rtr# show bmp\nBMP state for BGP VRF default:\n\n  Route Mirroring         0 bytes (0 messages) pending\n" +
		"                  512000000 bytes buffer size limit\n\n  Targets \"bmp-server\":\n    Route Mirroring enabled\n\n    0 connected clients:\n"
	if e := Entries(text); len(e) != 1 {
		t.Fatalf("%d entries, want 1: %q", len(e), e)
	}
	// Another prompt after a blank line still starts its own entry.
	if e := Entries("rtr# show bmp\nBMP state for BGP VRF default:\n\nrtr# show clock"); len(e) != 2 {
		t.Errorf("%d entries, want 2: %q", len(e), e)
	}
}
