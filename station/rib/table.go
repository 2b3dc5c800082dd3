package rib

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// table is one table of one peer: a tree per address family. Its lock
// covers the trees and the scratch space Apply uses.
type table struct {
	mu      sync.RWMutex
	key     TableKey
	owner   *router // the router the table is filed under
	fams    []*famTable
	routes  int
	stale   int
	ebyte   int // octets of the entries of its families, as counted in owner.entryBytes
	updated time.Time
	dead    bool   // removed from the DB; Apply must look the table up again
	histID  uint32 // the history's number of key, plus one; 0 until its first change (history.number)

	// Scratch space for Apply, reused so that applying allocates nothing.
	canon []byte
	kbuf  []byte // an entry's key (entries.go)
	rel   []relEnt
	hist  histBatch // the history's changes of DB.Apply (history.go)
}

// famKind says which tree a family's routes live in.
type famKind uint8

const (
	kind4     famKind = iota // IPv4 unicast or multicast
	kind6                    // IPv6 unicast or multicast
	kindWide                 // labeled and VPN families, either AFI
	kindEntry                // the families framed as NLRI entries: EVPN, FlowSpec, BGP-LS ... (entries.go)
)

// famTable holds the routes of one address family of a table.
type famTable struct {
	fam   bgp.Family
	kind  famKind
	v6    bool
	t4    btree[v4ent]
	t6    btree[v6ent]
	tw    btree[wideEnt]
	te    btree[entEnt]
	ebyte int // octets of the entries of te (their keys and NLRI)
	stale int
	eor   time.Time
	lens  [129]uint32 // routes per prefix length, to skip lengths in longest match
}

func familyKind(f bgp.Family) famKind {
	if !f.Prefixes() {
		return kindEntry
	}
	if f.SAFI == bgp.SAFIUnicast || f.SAFI == bgp.SAFIMulticast {
		if f.AFI == bgp.AFIIPv6 {
			return kind6
		}
		return kind4
	}
	return kindWide
}

func (f *famTable) len() int {
	switch f.kind {
	case kind4:
		return f.t4.n
	case kind6:
		return f.t6.n
	case kindEntry:
		return f.te.n
	}
	return f.tw.n
}

// upsert stores r with value val; it returns the previous value.
func (f *famTable) upsert(r *bgp.Route, val uint32) (old uint32, replaced bool, k histKey) {
	var bits uint8
	switch f.kind {
	case kind4:
		e := v4Key(r)
		e.val, bits, k = val, e.bits, key4(e.addr, int(e.bits))
		if appendFinger4(&f.t4, e) {
			break
		}
		o, ok := f.t4.upsert(e)
		old, replaced = o.val, ok
	case kind6:
		e := v6Key(r)
		e.val, bits, k = val, e.bits, key6(e.addr, int(e.bits))
		if appendFinger6(&f.t6, e) {
			break
		}
		o, ok := f.t6.upsert(e)
		old, replaced = o.val, ok
	default:
		e := wideKey(r)
		e.val, bits = val, e.bits
		o, ok := f.tw.upsert(e)
		old, replaced = o.val, ok
	}
	if !replaced {
		f.lens[bits]++
	}
	return old, replaced, k
}

// appendFinger4 adds e at the end of the tree's finger leaf when it
// belongs there, after every entry, and the leaf has room: the common case
// of a table sent in order, written for the concrete type so that its
// comparisons inline (btree.upsert reaches them through calls). It
// reports whether it did.
func appendFinger4(t *btree[v4ent], e v4ent) bool {
	n := t.fleaf
	if n == nil || len(n.ents) == 0 || len(n.ents) == leafCap || !n.ents[len(n.ents)-1].less(e) ||
		t.fhasHi && !e.less(t.fhi) {
		return false
	}
	// Above the leaf's last entry, so above its lower bound too.
	n.ents = append(n.ents, e)
	t.n++
	return true
}

// appendFinger6 is appendFinger4 for IPv6.
func appendFinger6(t *btree[v6ent], e v6ent) bool {
	n := t.fleaf
	if n == nil || len(n.ents) == 0 || len(n.ents) == leafCap || !n.ents[len(n.ents)-1].less(e) ||
		t.fhasHi && !e.less(t.fhi) {
		return false
	}
	n.ents = append(n.ents, e)
	t.n++
	return true
}

// remove deletes r; it returns its value.
func (f *famTable) remove(r *bgp.Route) (old uint32, ok bool, k histKey) {
	var bits uint8
	switch f.kind {
	case kind4:
		e := v4Key(r)
		o, found := f.t4.remove(e)
		old, ok, bits, k = o.val, found, e.bits, key4(e.addr, int(e.bits))
	case kind6:
		e := v6Key(r)
		o, found := f.t6.remove(e)
		old, ok, bits, k = o.val, found, e.bits, key6(e.addr, int(e.bits))
	default:
		e := wideKey(r)
		o, found := f.tw.remove(e)
		old, ok, bits = o.val, found, e.bits
	}
	if ok {
		f.lens[bits]--
	}
	return old, ok, k
}

// each calls fn with the value of every route, in order.
func (f *famTable) eachVal(fn func(uint32)) {
	switch f.kind {
	case kind4:
		f.t4.all(func(e v4ent) bool { fn(e.val); return true })
	case kind6:
		f.t6.all(func(e v6ent) bool { fn(e.val); return true })
	case kindEntry:
		f.te.all(func(e entEnt) bool { fn(e.val); return true })
	default:
		f.tw.all(func(e wideEnt) bool { fn(e.val); return true })
	}
}

// mapVals replaces every route's value by fn(value).
func (f *famTable) mapVals(fn func(uint32) uint32) {
	switch f.kind {
	case kind4:
		f.t4.update(func(e v4ent) v4ent { e.val = fn(e.val); return e })
	case kind6:
		f.t6.update(func(e v6ent) v6ent { e.val = fn(e.val); return e })
	case kindEntry:
		f.te.update(func(e entEnt) entEnt { e.val = fn(e.val); return e })
	default:
		f.tw.update(func(e wideEnt) wideEnt { e.val = fn(e.val); return e })
	}
}

// removeStale deletes the routes marked stale and returns their values.
func (f *famTable) removeStale(vals []uint32) []uint32 {
	switch f.kind {
	case kind4:
		for _, e := range removeMarked(&f.t4) {
			f.lens[e.bits]--
			vals = append(vals, e.val)
		}
	case kind6:
		for _, e := range removeMarked(&f.t6) {
			f.lens[e.bits]--
			vals = append(vals, e.val)
		}
	case kindEntry:
		for _, e := range removeMarked(&f.te) {
			f.ebyte -= entBytes(e)
			vals = append(vals, e.val)
		}
	default:
		for _, e := range removeMarked(&f.tw) {
			f.lens[e.bits]--
			vals = append(vals, e.val)
		}
	}
	f.stale = 0
	return vals
}

// removeMarked deletes from t the entries whose value is marked stale and
// returns them, for the caller's counts.
func removeMarked[E treeEntry[E]](t *btree[E]) []E {
	var marked []E
	t.all(func(e E) bool {
		if e.value()&valStale != 0 {
			marked = append(marked, e)
		}
		return true
	})
	for _, e := range marked {
		t.remove(e)
	}
	return marked
}

// treeBytes estimates the heap of the family's tree.
func (f *famTable) treeBytes() int {
	const hdr = 48 + 16 // node header and allocation rounding
	switch f.kind {
	case kind4:
		return f.t4.nodes * (hdr + leafCap*16)
	case kind6:
		return f.t6.nodes * (hdr + leafCap*28)
	case kindEntry:
		return f.te.nodes*(hdr+leafCap*entEntSize) + f.ebyte
	}
	return f.tw.nodes * (hdr + leafCap*52)
}

// firstNodeBytes is what treeBytes counts for the tree's first node: a
// table's cost, before its routes.
func (f *famTable) firstNodeBytes() int {
	switch {
	case f.kind == kind4 && f.t4.nodes > 0, f.kind == kind6 && f.t6.nodes > 0, f.kind == kindWide && f.tw.nodes > 0,
		f.kind == kindEntry && f.te.nodes > 0:
		n := famTable{kind: f.kind}
		n.t4.nodes, n.t6.nodes, n.tw.nodes, n.te.nodes = 1, 1, 1, 1
		return n.treeBytes()
	}
	return 0
}

// fam returns the family's table, creating it if create is set.
func (t *table) fam(f bgp.Family, create bool) *famTable {
	for _, ft := range t.fams {
		if ft.fam == f {
			return ft
		}
	}
	if !create {
		return nil
	}
	ft := &famTable{fam: f, kind: familyKind(f), v6: f.AFI == bgp.AFIIPv6}
	t.fams = append(t.fams, ft)
	return ft
}

// relEnt counts references to drop on one set.
type relEnt struct {
	h handle
	n uint32
}

// release schedules dropping one reference on h.
func (t *table) release(h handle) { t.releaseN(h, 1) }

// releaseN schedules dropping n references on h.
func (t *table) releaseN(h handle, n uint32) {
	if k := len(t.rel); k > 0 && t.rel[k-1].h == h {
		t.rel[k-1].n += n
		return
	}
	for i := range t.rel {
		if t.rel[i].h == h {
			t.rel[i].n += n
			return
		}
	}
	t.rel = append(t.rel, relEnt{h, n})
}

// flush drops the scheduled references.
func (t *table) flush(in *interner) {
	for _, r := range t.rel {
		in.release(r.h, r.n)
	}
	t.rel = t.rel[:0]
}

// routeCounter counts the routes of the DB for Config.MaxRoutes, its only
// reader: without a limit it is left alone, since a count every router's
// goroutine writes bounces between the cores.
type routeCounter struct{ n atomic.Int64 }

// countRoutes adds n to the DB's route count when a limit needs it.
func (db *DB) countRoutes(n int) {
	if db.cfg.MaxRoutes > 0 && n != 0 {
		db.nroutes.n.Add(int64(n))
	}
}

// eachEntry calls fn with the value and prefix length of every route.
func (f *famTable) eachEntry(fn func(val uint32, bits uint8)) {
	switch f.kind {
	case kind4:
		f.t4.all(func(e v4ent) bool { fn(e.val, e.bits); return true })
	case kind6:
		f.t6.all(func(e v6ent) bool { fn(e.val, e.bits); return true })
	case kindEntry:
		f.te.all(func(e entEnt) bool { fn(e.val, 0); return true })
	default:
		f.tw.all(func(e wideEnt) bool { fn(e.val, e.bits); return true })
	}
}
