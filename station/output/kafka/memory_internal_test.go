package kafka

import (
	"math/rand/v2"
	"sync/atomic"
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

// TestSlabRefs: a slab is reused only once every record and key cut from
// it is done, though the publisher counts its references without atomics
// while the slab is current and the client's goroutine gives them back
// meanwhile; and every slab comes back once its records are done.
func TestSlabRefs(t *testing.T) {
	s := &Sink{free: make(chan *slab, 1<<10)}
	type rec struct {
		e           entry
		v, k        []byte
		fill, kfill byte
	}
	done := make(chan *rec, 1<<16)
	var bad atomic.Int32
	finished := make(chan struct{})
	go func() { // the client: done with records in any order, lagging
		check := func(r *rec) {
			for _, c := range r.v {
				if c != r.fill {
					bad.Add(1)
					break
				}
			}
			for _, c := range r.k {
				if c != r.kfill {
					bad.Add(1)
					break
				}
			}
			s.release(&r.e)
		}
		rng := rand.New(rand.NewPCG(7, 8))
		var window []*rec
		for r := range done {
			window = append(window, r)
			if len(window) > 3000 {
				i := rng.IntN(len(window))
				check(window[i])
				window[i] = window[len(window)-1]
				window = window[:len(window)-1]
			}
		}
		for _, r := range window {
			check(r)
		}
		close(finished)
	}()
	rng := rand.New(rand.NewPCG(5, 6))
	slabs := map[*slab]bool{}
	for i := range 20000 {
		r := &rec{fill: byte(i)}
		var sl *slab
		r.v, sl = s.alloc(1 + rng.IntN(2000))
		r.e.sl[0] = sl
		slabs[sl] = true
		for j := range r.v {
			r.v[j] = r.fill
		}
		if i%3 == 0 { // a key: held by this record and, counted apart, by the sink
			if s.lastSl != nil {
				s.unref(s.lastSl)
			}
			s.lastKey, s.lastSl = s.alloc(8)
			slabs[s.lastSl] = true
			for j := range s.lastKey {
				s.lastKey[j] = byte(i) ^ 0x55
			}
		}
		r.k, r.kfill = s.lastKey, s.lastKey[0]
		s.holdKey(&r.e, s.lastSl)
		done <- r
	}
	close(done)
	<-finished
	if n := bad.Load(); n > 0 {
		t.Fatalf("%d records' octets were or keys' octets were overwritten before they were done: a slab was reused early", n)
	}
	s.unref(s.lastSl)
	s.closeSlab(s.slab)
	for sl := range slabs {
		if n := sl.refs.Load(); n != 0 {
			t.Fatalf("a slab counts %d references once every record is done, want 0", n)
		}
	}
	if got, want := len(s.free), len(slabs); got != want {
		t.Fatalf("%d slabs came back, want all %d", got, want)
	}
}
