package bmp

import "testing"

// TestTLVsFrame: whole TLV sequences frame (the empty one too); a TLV
// that overruns, or a header cut short, does not.
func TestTLVsFrame(t *testing.T) {
	for _, tt := range []struct {
		hex  string
		want bool
	}{
		{"", true},
		{"ea62 0004 0000000a", true},
		{"ea62 0004 0000000a 0001 0000", true},
		{"ea62 0005 0000000a", false},
		{"ea62 0004 0000000a 00", false},
	} {
		if got := TLVsFrame(unhex(t, tt.hex)); got != tt.want {
			t.Errorf("%q: %v", tt.hex, got)
		}
	}
}
