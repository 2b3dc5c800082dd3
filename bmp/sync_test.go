package bmp

import (
	"bytes"
	"testing"
)

// TestResync finds where messages line up after octets that are not a
// message (a capture that starts mid-connection, the rest of a message
// cut by a gap), and refuses octets that only look like a header.
func TestResync(t *testing.T) {
	stream := streamOf(initMsg, termMsg, initMsg, initMsg)
	for _, tc := range []struct {
		name string
		b    []byte
		want int
	}{
		{"aligned", stream, 0},
		{"after the tail of a message", append([]byte{0xab, 0xcd, 0, 4}, stream...), 4},
		{"a version octet in the junk", append([]byte{3, 0, 0, 0, 99, 4, 1}, stream...), 7},
		{"one whole message to the end", append([]byte{1, 2}, initMsg...), 2},
		{"nothing lines up", []byte{3, 0, 0, 0, 50, 4, 9, 9, 9}, -1},
	} {
		if got := Resync(tc.b, DefaultMaxMessageLen); got != tc.want {
			t.Errorf("%s: Resync = %d, want %d", tc.name, got, tc.want)
		}
	}
	if !LooksLikeStream(stream, DefaultMaxMessageLen) {
		t.Error("a stream of known messages not recognised")
	}
	unknown := []byte{3, 0, 0, 0, 6, 200}
	if LooksLikeStream(unknown, DefaultMaxMessageLen) || !LooksLikeStream(bytes.Repeat(unknown, 2), DefaultMaxMessageLen) {
		t.Error("one header of an unknown type must not do; two in a row must")
	}
	if HeaderOK(initMsg, 10) || !HeaderOK(initMsg, 14) {
		t.Error("HeaderOK ignores maxLen")
	}
}
