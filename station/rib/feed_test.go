package rib

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// feedApply applies u through f at t0 + sec seconds and returns how many
// routes were added.
func feedApply(t *testing.T, f *Feed, k TableKey, sec int, u bgp.UpdateView) int {
	t.Helper()
	var d bgp.UpdateValues
	if err := d.Decode(u.Message(), as4); err != nil {
		t.Fatal(err)
	}
	a, _, err := f.ApplyValues(k, &d, t0.Add(time.Duration(sec)*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestFeed: a Feed applies as the DB does, switching tables as the keys
// change, and finds a table again after it was cleared (its remembered
// table is dead): the routes land in the table the DB lists, counted.
func TestFeed(t *testing.T) {
	db := New(Config{})
	f := db.Feed()
	apply := func(k TableKey, routes ...bgp.Route) {
		t.Helper()
		if a := feedApply(t, f, k, 0, announce4(t, as4, pathAB, nh4, routes...)); a != len(routes) {
			t.Fatalf("ApplyValues: %d added", a)
		}
	}
	want := func(k TableKey, ps ...string) {
		t.Helper()
		if got := prefixes(db, k, bgp.IPv4Unicast); !slices.Equal(got, ps) {
			t.Fatalf("%v holds %v, want %v", k.Peer, got, ps)
		}
	}
	apply(keyA, rt("10.0.0.0/24"))
	apply(keyB, rt("10.0.1.0/24"))
	apply(keyA, rt("10.0.2.0/24"))
	want(keyA, "10.0.0.0/24", "10.0.2.0/24")
	want(keyB, "10.0.1.0/24")

	db.ClearTable(keyA)
	apply(keyA, rt("10.0.3.0/24"))
	want(keyA, "10.0.3.0/24")

	db.ClearPeer(keyA.Router, keyA.Peer)
	apply(keyA, rt("10.0.4.0/24"))
	want(keyA, "10.0.4.0/24")

	db.ClearRouter(keyA.Router)
	apply(keyA, rt("10.0.5.0/24"))
	want(keyA, "10.0.5.0/24")
	want(keyB)
	if s := db.Stats(); s.Routes != 1 {
		t.Fatalf("%d routes counted, want 1", s.Routes)
	}
	checkInvariants(t, db)
}

// TestFeedRouterUsage: a Feed answers for the router it last applied to
// from that router's own counters and for any other router from the DB;
// both agree with the DB as tables come, grow and go.
func TestFeedRouterUsage(t *testing.T) {
	db := New(Config{})
	f := db.Feed()
	apply := func(k TableKey, routes ...bgp.Route) {
		t.Helper()
		feedApply(t, f, k, 0, announce4(t, as4, pathAB, nh4, routes...))
	}
	check := func(router string, routes, tables int) {
		t.Helper()
		r, n, eb := f.RouterUsage(router)
		dr, dn, deb := db.RouterUsage(router)
		if r != routes || n != tables || r != dr || n != dn || eb != deb {
			t.Fatalf("%s: Feed says %d routes %d tables %d octets, DB %d %d %d, want %d routes %d tables",
				router, r, n, eb, dr, dn, deb, routes, tables)
		}
	}
	check(keyA.Router, 0, 0)
	apply(keyA, rt("10.0.0.0/24"), rt("10.0.1.0/24"))
	check(keyA.Router, 2, 1)
	apply(keyB, rt("10.0.2.0/24")) // same router, a second table
	check(keyA.Router, 3, 2)
	apply(keyC, rt("10.0.3.0/24")) // the Feed now remembers keyC's router
	check(keyA.Router, 3, 2)
	check(keyC.Router, 1, 1)
	db.ClearTable(keyC)
	check(keyC.Router, 0, 0)
	db.ClearRouter(keyA.Router)
	check(keyA.Router, 0, 0)
}

// TestFeedHistory: changes applied through Feeds wait in each Feed's
// batch, yet History and Stats show all of them, newest first across the
// Feeds; an UPDATE with more changes than a batch holds goes to the ring
// after what was waiting; Close leaves nothing behind.
func TestFeedHistory(t *testing.T) {
	db := New(Config{HistoryTotal: 1000, HistoryPerPrefix: 10})
	fa, fc := db.Feed(), db.Feed()
	apply := func(f *Feed, k TableKey, sec int, u bgp.UpdateView) {
		t.Helper()
		feedApply(t, f, k, sec, u)
	}
	p := rt("10.0.0.0/8")
	apply(fa, keyA, 1, announce4(t, as4, pathAB, nh4, p))
	apply(fc, keyC, 2, announce4(t, as4, pathXYZ, nh4, p))
	apply(fa, keyA, 3, withdraw4(t, as4, p))
	apply(fc, keyC, 4, withdraw4(t, as4, p))
	// Nothing has filled a batch: the ring is empty until History looks.
	if db.hist.next != 1 {
		t.Fatalf("ring holds %d changes before any batch filled", db.hist.next-1)
	}
	var got []string
	for _, c := range db.History(pfx("10.0.0.0/8")) {
		got = append(got, fmt.Sprintf("%d %v %s", c.Time.Sub(t0)/time.Second, c.Kind, c.Table.Router))
	}
	want := []string{"4 withdraw " + keyC.Router, "3 withdraw " + keyA.Router, "2 announce " + keyC.Router, "1 announce " + keyA.Router}
	if !slices.Equal(got, want) {
		t.Fatalf("history %q, want %q", got, want)
	}
	// A waiting change, then UPDATEs that fill the batch: all in the
	// ring, the waiting one first.
	apply(fa, keyA, 5, announce4(t, as4, pathAB, nh4, rt("10.1.0.0/16")))
	const many = (histBatchLen + 299) / 300 * 300 // whole UPDATEs, the last one filling the batch
	for i := 0; i < many; {
		var rs []bgp.Route
		for ; i < many && len(rs) < 300; i++ { // 300 routes fit an UPDATE
			rs = append(rs, rt(fmt.Sprintf("10.%d.%d.0/24", 2+i>>8, i&255)))
		}
		apply(fa, keyA, 6, announce4(t, as4, pathAB, nh4, rs...))
	}
	if n := db.hist.next - 1; n != 4+1+many {
		t.Fatalf("ring holds %d changes, want %d", n, 4+1+many)
	}
	if first := db.hist.ring[5]; first.key() != keyOf(pfx("10.1.0.0/16")) {
		t.Errorf("the waiting change is not first in the ring: %v", first.key().prefix())
	}
	apply(fc, keyC, 7, announce4(t, as4, pathAB, nh4, p))
	if st := db.Stats(); st.HistoryLen != 4+1+many+1 {
		t.Errorf("HistoryLen %d, want %d", st.HistoryLen, 4+1+many+1)
	}
	apply(fc, keyC, 8, withdraw4(t, as4, p))
	fa.Close()
	fc.Close()
	if len(db.hist.batches) != 0 || db.hist.next-1 != 4+1+many+2 {
		t.Fatalf("after Close: %d batches, %d changes in the ring", len(db.hist.batches), db.hist.next-1)
	}
	// A Feed applying after Close records again.
	apply(fa, keyA, 9, announce4(t, as4, pathXYZ, nh4, p))
	if h := db.History(pfx("10.0.0.0/8")); len(h) != 7 || !h[0].Time.Equal(t0.Add(9*time.Second)) {
		t.Fatalf("after Close and a new change: %d changes, newest %v", len(h), h[0].Time)
	}
}

// TestFeedHistoryRingBusy: a Feed whose batch is full while another holds
// the ring's lock keeps gathering instead of waiting for it, and writes
// the batch at the next UPDATE that finds the lock free; at histBatchMax
// it waits, so a batch stays bounded.
func TestFeedHistoryRingBusy(t *testing.T) {
	db := New(Config{HistoryTotal: 4 * histBatchMax, HistoryPerPrefix: 10})
	f := db.Feed()
	var n int
	announce := func(count int) { // in UPDATEs of at most 300 routes
		t.Helper()
		for count > 0 {
			var rs []bgp.Route
			for ; count > 0 && len(rs) < 300; count-- {
				rs = append(rs, rt(fmt.Sprintf("10.%d.%d.0/24", n>>8, n&255)))
				n++
			}
			feedApply(t, f, keyA, 1, announce4(t, as4, pathAB, nh4, rs...))
		}
	}
	announce(1)       // the Feed registers its batch
	db.hist.mu.Lock() // another Feed writing the ring
	locked := true
	defer func() {
		if locked {
			db.hist.mu.Unlock()
		}
	}()
	gathered := make(chan struct{})
	go func() {
		defer close(gathered)
		announce(histBatchLen)
	}()
	select {
	case <-gathered:
	case <-time.After(10 * time.Second):
		t.Fatal("a full batch waited for the ring's lock")
	}
	if len(f.hist.ents) != histBatchLen+1 {
		t.Fatalf("batch holds %d changes, want %d: it did not keep gathering", len(f.hist.ents), histBatchLen+1)
	}
	// At histBatchMax the Feed waits for the lock.
	done := make(chan struct{})
	go func() {
		defer close(done)
		announce(histBatchMax - histBatchLen - 1)
	}()
	select {
	case <-done:
		t.Fatal("a batch of histBatchMax changes did not wait for the ring")
	case <-time.After(50 * time.Millisecond):
	}
	locked = false
	db.hist.mu.Unlock()
	<-done
	if len(f.hist.ents) != 0 || db.hist.next-1 != uint64(n) {
		t.Fatalf("after the lock came free: %d changes in the batch, %d in the ring, want 0 and %d", len(f.hist.ents), db.hist.next-1, n)
	}
	// A full batch that finds the lock free goes to the ring at once.
	announce(histBatchLen)
	if len(f.hist.ents) != 0 {
		t.Fatalf("%d changes left in the batch with the ring free", len(f.hist.ents))
	}
}

// TestFeedHomes: Feeds made one after another have different home groups
// in the interner, so that routers' goroutines add their sets to shards
// of their own.
func TestFeedHomes(t *testing.T) {
	db := New(Config{})
	seen := map[int]bool{}
	for range numGroups {
		seen[db.Feed().home] = true
	}
	if len(seen) != numGroups {
		t.Fatalf("%d Feeds had %d home groups", numGroups, len(seen))
	}
}
