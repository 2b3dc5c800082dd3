package rib

import (
	"encoding/binary"
	"math"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// history is the DB's ring of recent route changes. Recording a change is
// one sequential write into the ring; History scans the ring from the
// newest change back, comparing keys, until it has found
// Config.HistoryPerPrefix changes of the prefix.
//
// A per-prefix index (a hash table of each prefix's latest change, with
// the changes chained) was measured first: its random accesses cost more
// than the rest of Apply together during a full-table load, for a saving
// of a few milliseconds per History call on a ring of 65,536 changes. The
// station records millions of changes per second and serves a few History
// calls per minute, so the ring is left unindexed.
type history struct {
	mu      sync.Mutex
	batches map[*histBatch]struct{} // the Feeds' batches (histBatch)
	ring    []histEnt
	next    uint64 // sequence number of the next change; the first is 1
	total   int    // the ring's configured size; 0 when disabled
}

// histKey is a masked prefix: the address as two words and the length,
// with 1<<8 for IPv6.
type histKey struct {
	hi, lo uint64
	meta   uint64
}

// keyOf returns the key of p masked to its length (p itself need not be
// masked). It masks the words itself: building the masked netip.Prefix
// cost a route more than the rest of its history record.
func keyOf(p netip.Prefix) histKey {
	bits := p.Bits()
	a := p.Addr()
	if a.Is4() {
		b := a.As4()
		return histKey{lo: 0xffff<<32 | uint64(binary.BigEndian.Uint32(b[:])&mask32(bits)), meta: uint64(bits)}
	}
	w := mask128(addr16(a), bits)
	return histKey{hi: uint64(w[0])<<32 | uint64(w[1]), lo: uint64(w[2])<<32 | uint64(w[3]), meta: uint64(bits) | 1<<8}
}

func (k histKey) prefix() netip.Prefix {
	var a [16]byte
	for i := range 8 {
		a[i] = byte(k.hi >> (56 - 8*i))
		a[8+i] = byte(k.lo >> (56 - 8*i))
	}
	addr := netip.AddrFrom16(a)
	if k.meta&(1<<8) == 0 {
		addr = addr.Unmap()
	}
	return netip.PrefixFrom(addr, int(k.meta&0xff))
}

// change is one recorded change. Label stacks are not kept: a change is
// identified by its prefix, path ID and RD.
type change struct {
	key    histKey
	pathID uint32
	fam    bgp.Family
	kind   ChangeKind
	rd     bgp.RD
	attrs  Attrs
}

// histEnt is a change in the ring: 96 octets.
type histEnt struct {
	at  int64 // time of the change, Unix nanoseconds; noTime for the zero Time
	tbl *table
	change
}

const noTime = math.MinInt64

func timeOf(ns int64) time.Time {
	if ns == noTime {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

func (h *history) init(n int) {
	if n <= 0 {
		return
	}
	// Allocated whole: growing it as it fills cost a table load twice
	// its size in copies, and the garbage collector scans it either way.
	h.ring = make([]histEnt, n)
	h.batches = map[*histBatch]struct{}{}
	h.next = 1
	h.total = n
}

// nsOf is at in Unix nanoseconds, noTime for the zero Time.
func nsOf(at time.Time) int64 {
	if at.IsZero() {
		return noTime
	}
	return at.UnixNano()
}

// record appends the changes of one Apply.
func (h *history) record(t *table, at time.Time, changes []change) {
	if h.total == 0 || len(changes) == 0 {
		return
	}
	ns := nsOf(at)
	h.mu.Lock()
	pos := int(h.next % uint64(h.total))
	for i := range changes {
		e := &h.ring[pos]
		e.at, e.tbl, e.change = ns, t, changes[i]
		if pos++; pos == h.total {
			pos = 0
		}
	}
	h.next += uint64(len(changes))
	h.mu.Unlock()
}

// appendLocked appends changes already made entries (h.mu held).
func (h *history) appendLocked(ents []histEnt) {
	pos := int(h.next % uint64(h.total))
	for i := range ents {
		h.ring[pos] = ents[i]
		if pos++; pos == h.total {
			pos = 0
		}
	}
	h.next += uint64(len(ents))
}

// histBatch is a Feed's changes on their way to the ring. A router's
// goroutine adds each UPDATE's changes to its own batch and takes the
// ring's lock once a batch, not once an UPDATE: the lock, and ring lines
// written in turn by two routers, passing between their cores cost two
// routers on two cores a fifth more CPU per prefix. History, Stats and
// Feed.Close move the batches into the ring first, so that none of what
// was applied is missing from what they see.
type histBatch struct {
	mu   sync.Mutex
	ents []histEnt // nil when not registered with the history
}

// histBatchLen is the changes a batch gathers before they go to the ring.
const histBatchLen = 64

// stage adds the changes of one Apply through a Feed to the Feed's batch.
func (h *history) stage(b *histBatch, t *table, at time.Time, changes []change) {
	if h.total == 0 || len(changes) == 0 {
		return
	}
	ns := nsOf(at)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ents == nil {
		b.ents = make([]histEnt, 0, histBatchLen)
		h.mu.Lock()
		h.batches[b] = struct{}{}
		h.mu.Unlock()
	}
	if len(b.ents)+len(changes) > histBatchLen {
		// The batch first, in order; a large UPDATE's changes then go
		// straight to the ring, so that the batch stays its size.
		h.flushLocked(b)
		if len(changes) >= histBatchLen {
			h.record(t, at, changes)
			return
		}
	}
	for i := range changes {
		b.ents = append(b.ents, histEnt{at: ns, tbl: t, change: changes[i]})
	}
}

// flushLocked moves the batch into the ring (b.mu held).
func (h *history) flushLocked(b *histBatch) {
	if len(b.ents) == 0 {
		return
	}
	h.mu.Lock()
	h.appendLocked(b.ents)
	h.mu.Unlock()
	clear(b.ents) // the tables and sets they name may go
	b.ents = b.ents[:0]
}

// flushAll moves every batch into the ring.
func (h *history) flushAll() {
	if h.total == 0 {
		return
	}
	h.mu.Lock()
	bs := make([]*histBatch, 0, len(h.batches))
	for b := range h.batches {
		bs = append(bs, b)
	}
	h.mu.Unlock()
	for _, b := range bs {
		b.mu.Lock()
		h.flushLocked(b)
		b.mu.Unlock()
	}
}

// release moves the batch into the ring and forgets it.
func (h *history) release(b *histBatch) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ents == nil {
		return
	}
	h.flushLocked(b)
	b.ents = nil
	h.mu.Lock()
	delete(h.batches, b)
	h.mu.Unlock()
}

// changes returns the latest changes of the prefix, newest first. The
// batches come into the ring as they fill, so the ring is in time order
// within a router but not across routers: the whole ring is searched and
// what matches ordered by time (the station's arrival time).
func (h *history) changes(p netip.Prefix, max int) []Change {
	if h.total == 0 {
		return nil
	}
	h.flushAll()
	k := keyOf(p.Masked())
	n := uint64(h.total)
	h.mu.Lock()
	var out []Change
	for seq := h.next - 1; seq > 0 && seq+n >= h.next; seq-- {
		e := &h.ring[seq%n]
		if e.key != k {
			continue
		}
		out = append(out, Change{
			Time:   timeOf(e.at),
			Kind:   e.kind,
			Table:  e.tbl.key,
			Family: e.fam,
			Route:  Route{Prefix: e.key.prefix(), PathID: e.pathID, RD: e.rd, Attrs: e.attrs},
		})
	}
	h.mu.Unlock()
	// Stable: changes of one time stay newest first, as the ring has them.
	slices.SortStableFunc(out, func(a, b Change) int { return b.Time.Compare(a.Time) })
	if len(out) > max {
		out = out[:max]
	}
	return out
}

func (h *history) len() int {
	h.flushAll()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.next == 0 {
		return 0
	}
	return int(min(h.next-1, uint64(h.total)))
}

// bytes estimates the history's heap.
func (h *history) bytes() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	const entSize = 96 // histEnt
	return len(h.ring) * entSize
}
