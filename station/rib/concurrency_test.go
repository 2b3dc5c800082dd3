package rib

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// TestConcurrent runs one writer per table (as the station runs one
// goroutine per router) beside readers of every kind; run it with -race.
// At the end the counts and reference counts must agree.
func TestConcurrent(t *testing.T) {
	db := New(Config{HistoryTotal: 256})
	keys := []TableKey{keyA, keyB, keyC, {Router: "192.0.2.7", RIB: LocRIB, Table: "vrf-red"}}
	n := 300
	if testing.Short() {
		n = 50
	}
	// Prebuilt UPDATEs: announcements over a small prefix space with a few
	// attribute sets (so tables share sets), and withdrawals.
	r := rand.New(rand.NewPCG(9, 10))
	paths := []bgp.ASPath{pathAB, pathXYZ}
	var msgs []bgp.UpdateView
	for i := range 64 {
		routes := make([]bgp.Route, 1+r.IntN(6))
		for j := range routes {
			routes[j] = bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(8)), byte(r.IntN(16)), 0}), 24)}
		}
		if i%3 == 2 {
			msgs = append(msgs, withdraw4(t, as4, routes...))
		} else {
			msgs = append(msgs, announce4(t, as4, paths[i%2], nh4, routes...))
		}
	}
	var writers, readers sync.WaitGroup
	stop := make(chan struct{})
	for wi, k := range keys {
		writers.Add(1)
		go func() {
			defer writers.Done()
			r := rand.New(rand.NewPCG(uint64(wi), 1))
			// Half the writers go through a Feed, as the station's
			// routers do (its history batch beside the readers' flushes).
			var feed *Feed
			if wi%2 == 1 {
				feed = db.Feed()
				defer feed.Close()
			}
			var d bgp.UpdateValues
			for i := range n {
				u := msgs[r.IntN(len(msgs))]
				var err error
				if feed != nil {
					if err = d.Decode(u.Message(), as4); err == nil {
						_, _, err = feed.ApplyValues(k, &d, time.Now())
					}
				} else {
					_, _, err = db.Apply(k, u, time.Now())
				}
				if err != nil {
					t.Error(err)
					return
				}
				switch {
				case i%97 == 96:
					db.ClearTable(k)
				case i%61 == 60 && wi == 0:
					db.MarkStale(k.Router, time.Now().Add(-time.Second))
					db.SweepStale(time.Now())
				}
			}
		}()
	}
	for ri := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				switch ri {
				case 0:
					k := keys[time.Now().UnixNano()%int64(len(keys))]
					page, next := db.Routes(k, bgp.IPv4Unicast, "", 10)
					for next != "" {
						for _, rt := range page {
							if _, ok := pathOf(rt.Attrs).ASPath(); !ok {
								t.Errorf("%v: no AS path", rt.Prefix)
							}
						}
						page, next = db.Routes(k, bgp.IPv4Unicast, next, 10)
					}
				case 1:
					db.Lookup(pfx("10.3.0.0/16"), MoreSpecific, 0)
					db.Lookup(pfx("10.3.4.5/32"), LongestMatch, 0)
					db.History(pfx("10.1.1.0/24"))
				case 2:
					db.Stats()
					db.Tables("")
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	readers.Wait()
	checkInvariants(t, db)
}

// TestInternConcurrent: goroutines interning the same new sets at once
// (routers that share a peer's attributes) end with one copy of each, its
// count the sum of theirs, and every count back to zero after release.
func TestInternConcurrent(t *testing.T) {
	var in interner
	in.init()
	const workers, sets, rounds = 4, 200, 300
	for round := range rounds {
		hs := internAtOnce(&in, workers, sets, round, func(int) int { return 0 })
		if st := in.stats(); st.sets != sets {
			t.Fatalf("round %d: %d sets interned, want %d", round, st.sets, sets)
		}
		for i := range sets {
			h := hs[0][i]
			for w := range workers {
				if hs[w][i] != h {
					t.Fatalf("round %d set %d: handles %v and %v", round, i, h, hs[w][i])
				}
			}
			s := &in.shards[h.shard()]
			if refs := s.ent(uint32(h.index())).refs; refs != 2*workers {
				t.Fatalf("round %d set %d: %d references, want %d", round, i, refs, 2*workers)
			}
			in.release(h, 2*workers)
		}
		if st := in.stats(); st.sets != 0 {
			t.Fatalf("round %d: %d sets left after release", round, st.sets)
		}
	}
}

// TestInternHomes: a new set goes to the home group of the Feed that adds
// it, and a Feed of another group finds it there (one copy, the counts
// summed); Feeds of different groups adding the same set at once may keep
// a copy each, every copy counted apart and freed at zero.
func TestInternHomes(t *testing.T) {
	var in interner
	in.init()
	b := []byte{0x40, 1, 1, 2}
	h1, _ := in.intern(b, true, 3, 1)
	if g := h1.shard() / groupShards; g != 1 {
		t.Fatalf("a set of home 1 went to group %d", g)
	}
	h2, _ := in.intern(b, true, 4, 2)
	if h2 != h1 || in.stats().sets != 1 {
		t.Fatalf("home 2 made %v beside %v (%d sets): the set in group 1 was not found", h2, h1, in.stats().sets)
	}
	if refs := in.shards[h1.shard()].ent(uint32(h1.index())).refs; refs != 7 {
		t.Fatalf("%d references, want 7", refs)
	}
	in.release(h1, 7)

	const workers, sets, rounds = numGroups, 100, 200
	for round := range rounds {
		hs := internAtOnce(&in, workers, sets, round, func(w int) int { return w })
		if n := in.stats().sets; n < sets || n > sets*workers {
			t.Fatalf("round %d: %d sets for %d distinct", round, n, sets)
		}
		for i := range sets {
			refs := map[handle]uint32{}
			for w := range workers {
				refs[hs[w][i]] += 2
			}
			for h, want := range refs {
				if got := in.shards[h.shard()].ent(uint32(h.index())).refs; got != want {
					t.Fatalf("round %d set %d: copy %v counts %d, want %d", round, i, h, got, want)
				}
			}
			for w := range workers {
				in.release(hs[w][i], 2)
			}
		}
		if n := in.stats().sets; n != 0 {
			t.Fatalf("round %d: %d sets left after release", round, n)
		}
	}
}

// internAtOnce has workers goroutines intern the same sets of a round at
// once, two references each, worker w from home group home(w); it returns
// each worker's handles, by set.
func internAtOnce(in *interner, workers, sets, round int, home func(int) int) [][]handle {
	hs := make([][]handle, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range sets {
				b := []byte{0x40, 1, 1, byte(round), byte(i), byte(i >> 8)}
				h, _ := in.intern(b, true, 2, home(w))
				hs[w] = append(hs[w], h)
			}
		}()
	}
	wg.Wait()
	return hs
}
