package mrtgen

import (
	"math/rand/v2"
	"testing"
)

// TestLengthMixPick: every length of a mix is drawn about as often as its
// weight says, and no other.
func TestLengthMixPick(t *testing.T) {
	m := LengthMix{{24, 6}, {22, 3}, {16, 1}}
	r := rand.New(rand.NewPCG(1, 2))
	got := map[int]int{}
	const n = 10000
	for range n {
		got[m.Pick(r)]++
	}
	if len(got) != len(m) {
		t.Fatalf("drew %v, want the lengths of %v", got, m)
	}
	for _, l := range m {
		want := n * l.Weight / 10
		if c := got[l.Bits]; c < want*9/10 || c > want*11/10 {
			t.Errorf("/%d drawn %d times in %d, want about %d", l.Bits, c, n, want)
		}
	}
}
