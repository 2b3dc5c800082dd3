package rib

import (
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/bgplens/bgplens/bgp"
)

// Routes of the families framed as NLRI entries (EVPN, VPLS, FlowSpec,
// BGP-LS, RTC, MVPN, SR Policy, MUP and families bgplens does not know):
// each is kept as the entry the router sent, keyed as its family defines
// its routes (bgp.Family.AppendEntryKey: the family registry's key
// column) and by Path Identifier. They are rare next to IP routes, so they
// take a path of their own, which allocates the entry's octets; the IP
// routes' path does not change.

// entEnt is one entry route: its key and the entry as sent, in one
// string, the Path Identifier and the value (the set handle and stale
// mark). Ordered by key, then Path Identifier.
type entEnt struct {
	kv     string // the key (klen octets), then the entry (NLRI.Value)
	klen   uint32
	pathID uint32
	val    uint32
}

// entEntSize is the size of an entEnt in a leaf.
const entEntSize = int(unsafe.Sizeof(entEnt{}))

func (a entEnt) key() string   { return a.kv[:a.klen] }
func (a entEnt) entry() string { return a.kv[a.klen:] }

func (a entEnt) cmp(b entEnt) int {
	if c := strings.Compare(a.key(), b.key()); c != 0 {
		return c
	}
	switch {
	case a.pathID < b.pathID:
		return -1
	case a.pathID > b.pathID:
		return 1
	}
	return 0
}

func (a entEnt) less(b entEnt) bool { return a.cmp(b) < 0 }

// lower and upper are the standard library's binary searches: entries of
// these families are rare enough that the hand-written, inlined searches
// of the IP entries buy nothing here.
func (entEnt) lower(ents []entEnt, e entEnt) int {
	i, _ := slices.BinarySearchFunc(ents, e, entEnt.cmp)
	return i
}

func (entEnt) upper(ents []entEnt, e entEnt) int {
	return sort.Search(len(ents), func(i int) bool { return e.less(ents[i]) })
}

// route rebuilds a Route (without attributes) from an entry.
func (a entEnt) route() Route {
	return Route{PathID: a.pathID, Entry: []byte(a.entry()), Stale: a.val&valStale != 0}
}

// entBytes is what one entry costs beyond its leaf slot: its string,
// rounded as the allocator does to 8 octets.
func entBytes(e entEnt) int { return (len(e.kv) + 7) &^ 7 }

// entryKey builds the lookup form of an entry's key (kv holds the key
// only) in the table's scratch space; the string aliases it and must not
// be stored.
func (t *table) entryKey(f bgp.Family, e bgp.NLRI) entEnt {
	t.kbuf = f.AppendEntryKey(t.kbuf[:0], e)
	return entEnt{kv: unsafe.String(unsafe.SliceData(t.kbuf), len(t.kbuf)), klen: uint32(len(t.kbuf)), pathID: e.PathID}
}

// upsertEntry stores e with value val; it returns the previous value.
func (f *famTable) upsertEntry(e entEnt) (old uint32, replaced bool) {
	o, ok := f.te.upsert(e)
	if ok {
		f.ebyte -= entBytes(o)
	}
	f.ebyte += entBytes(e)
	return o.val, ok
}

// removeEntry deletes the entry with e's key and Path Identifier.
func (f *famTable) removeEntry(e entEnt) (old uint32, ok bool) {
	o, ok := f.te.remove(e)
	if ok {
		f.ebyte -= entBytes(o)
	}
	return o.val, ok
}

// syncEntryBytes brings the table's and its router's count of entry
// octets up to date after a change.
func (t *table) syncEntryBytes() {
	n := 0
	for _, ft := range t.fams {
		n += ft.ebyte
	}
	if d := n - t.ebyte; d != 0 {
		t.ebyte = n
		t.owner.entryBytes.Add(int64(d))
	}
}

// entryWithdrawals withdraws the entries of MP_UNREACH_NLRI of a family
// not decoded into routes; apply calls it when UpdateView.MPEntries says
// there are some, so an UPDATE of IP routes does not read the attribute
// again.
func (a *applier) entryWithdrawals() {
	m, ok := a.u.MPUnreach()
	a.applyEntries(ok, m.Family, m.Withdrawn, m.NLRIOff, m.AddPath, true)
}

// entryAnnouncements announces the entries of MP_REACH_NLRI of a family
// not decoded into routes, or withdraws them (treat-as-withdraw).
func (a *applier) entryAnnouncements(withdraw bool) {
	m, ok := a.u.MPReach()
	a.applyEntries(ok, m.Family, m.NLRI, m.NLRIOff, m.AddPath, withdraw)
}

// applyEntries withdraws or announces the entries of nlri, the NLRI field
// (at off) of an MP attribute of family f present when ok, unless f is
// decoded into routes. It frames them as MPReachView.Entries and
// MPUnreachView.Entries do, with the iterator written here: through a
// func value its loop would be allocated.
func (a *applier) applyEntries(ok bool, f bgp.Family, nlri []byte, off int, addPath, withdraw bool) {
	a.entries = true
	if !ok || f.Prefixes() {
		return
	}
	for e, err := range f.Entries(nlri, off, addPath) {
		if err != nil {
			return
		}
		if withdraw {
			a.withdrawEntry(f, e)
		} else {
			a.announceEntry(f, e)
		}
	}
}

func (a *applier) withdrawEntry(f bgp.Family, e bgp.NLRI) {
	ft := a.famTable(f)
	old, ok := ft.removeEntry(a.t.entryKey(f, e))
	if !ok {
		return
	}
	a.t.release(a.withdrew(ft, old))
}

func (a *applier) announceEntry(f bgp.Family, e bgp.NLRI) {
	if a.h == 0 && !a.set() {
		return
	}
	ft := a.famTable(f)
	k := a.t.entryKey(f, e)
	// The stored string: the key, then the entry as sent.
	ent := entEnt{kv: k.kv + string(e.Value), klen: k.klen, pathID: e.PathID, val: uint32(a.h)}
	old, replaced := ft.upsertEntry(ent)
	if !replaced {
		if !a.count() {
			ft.removeEntry(ent)
		}
		return
	}
	a.replaced(ft, old)
}

func (e entEnt) value() uint32 { return e.val }
