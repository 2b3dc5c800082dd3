package rib

import (
	"net/netip"
	"sync"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// history is the DB's ring of recent route changes, with an index from a
// prefix to its latest change; each change links to the previous change of
// the same prefix. When the ring overwrites the latest change of a prefix,
// the prefix leaves the index, so the index never holds more entries than
// the ring. Recording a change costs one ring write and one map update.
type history struct {
	mu    sync.Mutex
	ring  []histEnt
	next  uint64 // sequence number of the next change; the first is 1
	index map[histKey]uint64
}

// histKey is a masked prefix as a fixed-size map key with no padding.
type histKey struct {
	hi, lo uint64
	meta   uint64 // prefix length, and 1<<8 for IPv6
}

func keyOf(p netip.Prefix) histKey {
	a := p.Addr().As16()
	k := histKey{meta: uint64(p.Bits())}
	for i := range 8 {
		k.hi = k.hi<<8 | uint64(a[i])
		k.lo = k.lo<<8 | uint64(a[8+i])
	}
	if !p.Addr().Is4() {
		k.meta |= 1 << 8
	}
	return k
}

type histEnt struct {
	seq, prev uint64
	key       histKey
	at        time.Time
	tbl       *table
	fam       bgp.Family
	kind      ChangeKind
	route     Route
}

func (h *history) init(n int) {
	if n <= 0 {
		return
	}
	h.ring = make([]histEnt, n)
	h.next = 1
	h.index = make(map[histKey]uint64)
}

// pending is a change collected by Apply, recorded when it is done.
type pending struct {
	kind  ChangeKind
	fam   bgp.Family
	route Route
}

// record appends the changes of one Apply.
func (h *history) record(t *table, at time.Time, changes []pending) {
	if len(h.ring) == 0 || len(changes) == 0 {
		return
	}
	n := uint64(len(h.ring))
	h.mu.Lock()
	for i := range changes {
		c := &changes[i]
		seq := h.next
		h.next++
		e := &h.ring[seq%n]
		if e.seq != 0 && h.index[e.key] == e.seq {
			delete(h.index, e.key)
		}
		k := keyOf(c.route.Prefix)
		prev := h.index[k]
		h.index[k] = seq
		*e = histEnt{seq: seq, prev: prev, key: k, at: at, tbl: t, fam: c.fam, kind: c.kind, route: c.route}
	}
	h.mu.Unlock()
}

// changes returns the latest changes of the prefix, newest first.
func (h *history) changes(p netip.Prefix, max int) []Change {
	if len(h.ring) == 0 {
		return nil
	}
	n := uint64(len(h.ring))
	k := keyOf(p.Masked())
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Change
	for seq := h.index[k]; seq != 0 && len(out) < max; {
		e := &h.ring[seq%n]
		if e.seq != seq {
			break // overwritten
		}
		out = append(out, Change{Time: e.at, Kind: e.kind, Table: e.tbl.key, Family: e.fam, Route: e.route})
		seq = e.prev
	}
	return out
}

func (h *history) len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.next == 0 {
		return 0
	}
	return int(min(h.next-1, uint64(len(h.ring))))
}

// bytes estimates the history's heap.
func (h *history) bytes() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	const entSize = 200 // histEnt with its Route
	return len(h.ring)*entSize + len(h.index)*48
}
