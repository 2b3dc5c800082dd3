// Package testrig holds what the tests of the station, its outputs and
// the command share: waiting on a condition, and framing a BMP capture
// into its messages. Only tests import it.
package testrig

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

// WaitFor polls cond until it holds, failing t with what when d has
// passed first.
func WaitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// SplitBMP frames a BMP stream into copies of its messages, failing t on
// a stream that does not frame.
func SplitBMP(t testing.TB, data []byte) [][]byte {
	t.Helper()
	r := bmp.NewReader(bytes.NewReader(data))
	var out [][]byte
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bytes.Clone(m))
	}
}
