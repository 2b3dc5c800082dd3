// Package hexvec reads the hex test vectors the project's tests write
// field by field from the RFC figures:
//
//	ffffffff ffffffff ffffffff ffffffff # marker
//	0013 04                             # length 19, KEEPALIVE
//
// White space is ignored and "#" starts a comment that runs to the end of
// the line.
package hexvec

import (
	"encoding/hex"
	"strings"
	"testing"
)

// Decode returns the octets of the vector s, failing the test on a bad
// vector.
func Decode(t testing.TB, s string) []byte {
	t.Helper()
	out, err := Parse(s)
	if err != nil {
		t.Fatalf("bad vector: %v", err)
	}
	return out
}

// Parse returns the octets of the vector s.
func Parse(s string) ([]byte, error) {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		b.WriteString(strings.Join(strings.Fields(line), ""))
	}
	return hex.DecodeString(b.String())
}
