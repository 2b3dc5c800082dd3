package kafka

import (
	"math/rand/v2"
	"testing"
)

// TestPushPending: pending keeps its records in order as they are
// appended and popped from its head, and a steady window of records in
// flight reuses its memory instead of making a new array each time it
// reaches the end.
func TestPushPending(t *testing.T) {
	s := &Sink{}
	es := make([]entry, 5000)
	next, head := 0, 0 // the next entry to push; the oldest not popped
	push := func(n int) {
		for range n {
			s.pushPending(&es[next%len(es)])
			next++
		}
	}
	pop := func(n int) { // as promise pops done records
		for i := range n {
			s.pending[i] = nil
		}
		s.pending = s.pending[n:]
		head += n
	}
	check := func() {
		t.Helper()
		if len(s.pending) != next-head {
			t.Fatalf("%d pending, want %d", len(s.pending), next-head)
		}
		for i, e := range s.pending {
			if e != &es[(head+i)%len(es)] {
				t.Fatalf("pending %d is not record %d", i, head+i)
			}
		}
	}
	// Windows growing and shrinking, from a sink that has none yet.
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		push(rng.IntN(300))
		pop(rng.IntN(len(s.pending) + 1))
		check()
	}
	push(3000)
	check()
	for range 20 {
		pop(1000)
		push(1000)
		check()
	}
	pop(len(s.pending))
	push(3000)
	check()
	// AllocsPerRun rounds an average down: one run of many rounds.
	allocs := testing.AllocsPerRun(1, func() {
		for range 100 {
			pop(500)
			push(500)
		}
	})
	check()
	if allocs != 0 {
		t.Errorf("%v allocations in 100 rounds of a steady window, want 0", allocs)
	}
}
