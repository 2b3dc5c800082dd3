package rib

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTreeOracle checks the B+ tree against a sorted slice through random
// inserts, replacements and deletions, including ascending loads and
// draining to empty.
func TestTreeOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 8 {
		var tr btree[v4ent]
		oracle := map[uint64]uint32{}
		key := func(e v4ent) uint64 { return uint64(e.addr)<<32 | uint64(e.pathID) }
		var runStart uint32
		n := 20000
		for i := range n {
			var e v4ent
			switch round % 4 {
			case 0:
				e = v4ent{addr: r.Uint32N(5000), pathID: r.Uint32N(3)}
			case 1:
				e = v4ent{addr: uint32(i)} // ascending
			case 2:
				e = v4ent{addr: uint32(n - i)} // descending
			case 3:
				// Short ascending runs from random points: the finger
				// serves most, leaves split and share meanwhile.
				if i%12 == 0 {
					runStart = r.Uint32N(5000)
				}
				e = v4ent{addr: runStart + uint32(i%12), pathID: r.Uint32N(2)}
			}
			e.val = r.Uint32()
			old, rep := tr.upsert(e)
			ov, had := oracle[key(e)]
			if rep != had || (had && old.val != ov) {
				t.Fatalf("round %d: upsert %v: replaced %v old %d, oracle %v %d", round, e, rep, old.val, had, ov)
			}
			oracle[key(e)] = e.val
			if i%1000 == 0 {
				checkTree(t, &tr, oracle, key)
			}
			if i%7 == 0 {
				d := v4ent{addr: r.Uint32N(5000), pathID: r.Uint32N(3)}
				if round%4 == 3 {
					d = v4ent{addr: e.addr - uint32(r.IntN(3)), pathID: r.Uint32N(2)} // near the finger
				}
				old, ok := tr.remove(d)
				ov, had := oracle[key(d)]
				if ok != had || (had && old.val != ov) {
					t.Fatalf("remove %v: %v %d, oracle %v %d", d, ok, old.val, had, ov)
				}
				delete(oracle, key(d))
			}
		}
		checkTree(t, &tr, oracle, key)
		// Drain in random order.
		keys := make([]uint64, 0, len(oracle))
		for k := range oracle {
			keys = append(keys, k)
		}
		r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		for i, k := range keys {
			if _, ok := tr.remove(v4ent{addr: uint32(k >> 32), pathID: uint32(k)}); !ok {
				t.Fatalf("drain: %x missing", k)
			}
			delete(oracle, k)
			if i%5000 == 0 {
				checkTree(t, &tr, oracle, key)
			}
		}
		if tr.root != nil || tr.n != 0 || tr.nodes != 0 {
			t.Fatalf("drained tree not empty: n=%d nodes=%d", tr.n, tr.nodes)
		}
	}
}

func checkTree(t *testing.T, tr *btree[v4ent], oracle map[uint64]uint32, key func(v4ent) uint64) {
	t.Helper()
	if tr.n != len(oracle) {
		t.Fatalf("n = %d, oracle %d", tr.n, len(oracle))
	}
	want := make([]uint64, 0, len(oracle))
	for k := range oracle {
		want = append(want, k)
	}
	slices.Sort(want)
	var got []uint64
	tr.all(func(e v4ent) bool {
		if oracle[key(e)] != e.val {
			t.Fatalf("value of %v: %d, want %d", e, e.val, oracle[key(e)])
		}
		got = append(got, key(e))
		return true
	})
	if !slices.Equal(got, want) {
		t.Fatalf("walk gives %d keys, want %d (or order differs)", len(got), len(want))
	}
	// ascend from every 97th key, exclusive and inclusive
	for i := 0; i < len(want); i += 97 {
		k := want[i]
		var first []uint64
		tr.ascend(v4ent{addr: uint32(k >> 32), pathID: uint32(k)}, false, func(e v4ent) bool {
			first = append(first, key(e))
			return len(first) < 3
		})
		end := min(i+4, len(want))
		if !slices.Equal(first, want[i+1:end]) {
			t.Fatalf("ascend after %x: %x, want %x", k, first, want[i+1:end])
		}
		if e, ok := tr.get(v4ent{addr: uint32(k >> 32), pathID: uint32(k)}); !ok || key(e) != k {
			t.Fatalf("get %x: %v %v", k, e, ok)
		}
	}
	if tr.root != nil {
		nodes := checkNode(t, tr.root, nil, nil, true)
		if nodes != tr.nodes {
			t.Fatalf("nodes = %d, counted %d", tr.nodes, nodes)
		}
	}
}

// checkNode verifies the separator invariants and returns the node count.
func checkNode(t *testing.T, n *tnode[v4ent], lo, hi *v4ent, root bool) int {
	t.Helper()
	if n.leaf() {
		if len(n.ents) == 0 && !root {
			t.Fatal("empty leaf")
		}
		for i, e := range n.ents {
			if i > 0 && n.ents[i-1].cmp(e) >= 0 {
				t.Fatal("leaf out of order")
			}
			if lo != nil && e.cmp(*lo) < 0 || hi != nil && e.cmp(*hi) >= 0 {
				t.Fatalf("entry %v outside [%v, %v)", e, lo, hi)
			}
		}
		return 1
	}
	if len(n.ents) != len(n.kids)-1 {
		t.Fatalf("inner node with %d separators and %d children", len(n.ents), len(n.kids))
	}
	c := 1
	for i, k := range n.kids {
		l, h := lo, hi
		if i > 0 {
			l = &n.ents[i-1]
		}
		if i < len(n.ents) {
			h = &n.ents[i]
		}
		c += checkNode(t, k, l, h, false)
	}
	return c
}

func BenchmarkTreeUpsertRandom(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]v4ent, 1<<20)
	for i := range keys {
		keys[i] = v4ent{addr: r.Uint32(), bits: 24}
	}
	var tr btree[v4ent]
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i == len(keys) {
			tr = btree[v4ent]{}
			i = 0
		}
		tr.upsert(keys[i])
		i++
	}
}
