package rib

import (
	"encoding/binary"
	"math"
	"net/netip"
	"slices"
	"sync"
	"time"
	"unsafe"

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
	runs    []histRun // the changes' runs (histEnt.run)
	next    uint64    // sequence number of the next change; the first is 1
	nextRun int       // where the next run goes in runs

	// The keys of the tables the changes were made in, by number
	// (histRun.tbl; table.histID is its table's). A key keeps its number
	// when its table is cleared and made again; the list holds the keys
	// ever seen, a few hundred octets each.
	tkeys []TableKey
	tids  map[TableKey]uint32
	total int // the ring's configured size; 0 when disabled
}

// histKey is a masked prefix: the address as two words and the length,
// with 1<<8 for IPv6.
type histKey struct {
	hi, lo uint64
	meta   uint16
}

// keyOf returns the key of p masked to its length (p itself need not be
// masked). It masks the words itself: building the masked netip.Prefix
// cost a route more than the rest of its history record.
func keyOf(p netip.Prefix) histKey {
	bits := p.Bits()
	a := p.Addr()
	if a.Is4() {
		b := a.As4()
		return key4(binary.BigEndian.Uint32(b[:])&mask32(bits), bits)
	}
	return key6(mask128(addr16(a), bits), bits)
}

// key4 is the key of an IPv4 prefix given as its masked address, as the
// IPv4 tree keeps it (v4ent): Apply takes the history's key from the
// tree's, not from the prefix a second time.
func key4(addr uint32, bits int) histKey {
	return histKey{lo: 0xffff<<32 | uint64(addr), meta: uint16(bits)}
}

// key6 is key4 for IPv6 (v6ent).
func key6(w [4]uint32, bits int) histKey {
	return histKey{hi: uint64(w[0])<<32 | uint64(w[1]), lo: uint64(w[2])<<32 | uint64(w[3]), meta: uint16(bits) | 1<<8}
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

// histEnt is one recorded change: 40 octets and no pointers, so that the
// ring, written at every change, is memory the garbage collector neither
// scans nor puts write barriers on. What the changes of one Apply with
// one attribute set share (the time, the table and the set) is its run,
// kept once (histRun). Label stacks are not kept: a change is identified
// by its prefix, path ID and RD.
type histEnt struct {
	hi, lo uint64 // the histKey
	rd     bgp.RD
	pathID uint32
	run    uint32 // the change's run: its index in the batch's runs, then in the history's
	afi    bgp.AFI
	meta   uint16 // the histKey's
	safi   bgp.SAFI
	kind   ChangeKind
}

func (e *histEnt) key() histKey { return histKey{hi: e.hi, lo: e.lo, meta: e.meta} }

// histRun is what consecutive changes of one Apply with one attribute set
// share: an UPDATE's announcements make one run, its withdrawals one per
// set they held. Its one pointer is the set's octets (which stay valid
// after the set is freed), once for its changes; the table is named by
// its number in the history's list of table keys.
type histRun struct {
	at    int64 // time of the changes, Unix nanoseconds; noTime for the zero Time
	tbl   uint32
	attrs Attrs
}

const noTime = math.MinInt64

func timeOf(ns int64) time.Time {
	if ns == noTime {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// init sizes the rings. The runs ring is as long as the changes ring:
// every run has at least one change, so the runs written after a change's
// run are never more than the changes written after it, and a change in
// the ring always finds its run.
func (h *history) init(n int) {
	if n <= 0 {
		return
	}
	// Allocated whole: growing them as they fill cost a table load twice
	// their size in copies.
	h.ring = make([]histEnt, n)
	h.runs = make([]histRun, n)
	h.batches = map[*histBatch]struct{}{}
	h.tids = map[TableKey]uint32{}
	h.next = 1
	h.total = n
}

// number gives t the number of its key (table.histID, histRun.tbl) at its
// first change (t.mu held).
func (h *history) number(t *table) {
	h.mu.Lock()
	id, ok := h.tids[t.key]
	if !ok {
		id = uint32(len(h.tkeys))
		h.tkeys = append(h.tkeys, t.key)
		h.tids[t.key] = id
	}
	h.mu.Unlock()
	t.histID = id + 1
}

// nsOf is at in Unix nanoseconds, noTime for the zero Time.
func nsOf(at time.Time) int64 {
	if at.IsZero() {
		return noTime
	}
	return at.UnixNano()
}

// histBatch is changes on their way to the ring, written there by Apply
// (applier.change) as they are made. A Feed's batch gathers the changes
// of its UPDATEs, and its router's goroutine takes the ring's lock once a
// batch, not once an UPDATE: the lock, and ring lines written in turn by
// two routers, passing between their cores cost two routers on two cores
// a fifth more CPU per prefix. History, Stats and Feed.Close move the
// batches into the ring first, so that none of what was applied is
// missing from what they see. DB.Apply uses its table's batch, moved into
// the ring at the end of each Apply.
type histBatch struct {
	mu         sync.Mutex
	ents       []histEnt
	runs       []histRun
	registered bool // a Feed's batch, known to the history (flushAll)
}

// histBatchLen is the changes a Feed's batch gathers before they go to the
// ring. An UPDATE's changes are never split: a larger one makes a larger
// batch. Batches of 512 (20 KiB) rather than 64: two routers then take
// the ring's lock, and write its lines, in turn an eighth as often (two
// routers on two cores: 1.74-1.84x one core in six alternated rounds,
// 1.61-1.75x with 64; the CPU per prefix at two cores 114-120 ns, was
// 118-125).
//
// A Feed's batch that finds the ring locked by another router keeps
// gathering, up to histBatchMax: a goroutine that waits for a lock sleeps,
// and waking it again left a core idle for longer than the copy it waited
// for (two routers on two cores ran 4-12% of the time less).
const (
	histBatchLen = 512
	histBatchMax = 4096
)

// begin readies b for the changes of one Apply and locks it; a Feed's
// batch (feed) is registered with the history at its first use.
func (h *history) begin(b *histBatch, feed bool) {
	b.mu.Lock()
	if feed && !b.registered {
		b.registered = true
		h.mu.Lock()
		h.batches[b] = struct{}{}
		h.mu.Unlock()
	}
}

// end closes the changes of one Apply and unlocks b: a table's batch goes
// to the ring at once; a Feed's once it holds histBatchLen changes and the
// ring's lock is free, or, at histBatchMax, waiting for the lock.
func (h *history) end(b *histBatch, feed bool) {
	switch {
	case !feed || len(b.ents) >= histBatchMax:
		h.flushLocked(b)
	case len(b.ents) >= histBatchLen && h.mu.TryLock():
		h.flushRing(b)
	}
	b.mu.Unlock()
}

// flushLocked moves the batch into the ring (b.mu held): its runs, then
// its changes, each change's run made an index in the history's runs.
func (h *history) flushLocked(b *histBatch) {
	if len(b.ents) == 0 {
		return
	}
	h.mu.Lock()
	h.flushRing(b)
}

// flushRing is flushLocked with the ring's lock taken too; it releases
// that lock.
func (h *history) flushRing(b *histBatch) {
	base := h.nextRun
	pos := base
	for i := range b.runs {
		h.runs[pos] = b.runs[i]
		if pos++; pos == h.total {
			pos = 0
		}
	}
	h.nextRun = pos
	// The changes are copied whole (no pointers: a memmove), then their
	// runs made the history's.
	pos = int(h.next % uint64(h.total))
	for src := b.ents; len(src) > 0; pos = 0 {
		seg := h.ring[pos:min(pos+len(src), h.total)]
		copy(seg, src)
		src = src[len(seg):]
		for i := range seg {
			r := base + int(seg[i].run)
			if r >= h.total {
				r %= h.total // an Apply with more runs than the ring holds
			}
			seg[i].run = uint32(r)
		}
	}
	h.next += uint64(len(b.ents))
	h.mu.Unlock()
	clear(b.runs) // the tables and sets they name may go
	b.runs = b.runs[:0]
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
	if !b.registered {
		return
	}
	h.flushLocked(b)
	b.registered = false
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
		if e.key() != k {
			continue
		}
		r := &h.runs[e.run]
		out = append(out, Change{
			Time:   timeOf(r.at),
			Kind:   e.kind,
			Table:  h.tkeys[r.tbl],
			Family: bgp.Family{AFI: e.afi, SAFI: e.safi},
			Route:  Route{Prefix: e.key().prefix(), PathID: e.pathID, RD: e.rd, Attrs: r.attrs},
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
	return len(h.ring)*int(unsafe.Sizeof(histEnt{})) + len(h.runs)*int(unsafe.Sizeof(histRun{}))
}
