package kafka

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The memory of the records: their entries and octets are reused once
// the records are done, so that publishing makes no garbage.

// newEntry returns a zeroed entry: one whose record is done (reused, as
// the slabs are, so that records make no garbage), else one from a new
// slab of them.
func (s *Sink) newEntry() *entry {
	if len(s.spare) == 0 {
		s.pmu.Lock()
		s.spare, s.freed = s.freed, s.spare[:0]
		s.pmu.Unlock()
		if len(s.spare) == 0 {
			ents := make([]entry, 256)
			for i := range ents {
				e := &ents[i]
				e.Context = context.Background()
				e.rec.Context = e
				s.spare = append(s.spare, e)
			}
		}
	}
	e := s.spare[len(s.spare)-1]
	s.spare = s.spare[:len(s.spare)-1]
	e.reset()
	return e
}

// reset zeroes what a record left in its entry. The entry's Context and
// its record's are written once, when the entry is made, never by a
// reuse: the client may read a record's context after its promise (the
// goroutine that waits for a new topic's metadata selects on the first
// record's Done until it sees the topic loaded), and a write there races
// with that read (the race detector saw it).
func (e *entry) reset() {
	r := &e.rec
	r.Key, r.Value, r.Headers, r.Topic = nil, nil, nil, ""
	r.Timestamp = time.Time{}
	r.Partition, r.Attrs = 0, kgo.RecordAttrs{}
	r.ProducerEpoch, r.ProducerID, r.LeaderEpoch, r.Offset = 0, 0, 0, 0
	e.obj, e.done, e.taken, e.out, e.kept = 0, false, false, false, false
	e.at, e.sl = time.Time{}, [2]*slab{}
}

// maxFreeEntries bounds the entries kept for reuse. The client hands
// verdicts back a produce request at a time, so that thousands of
// records are done at once: fewer kept made most entries garbage at a
// few hundred thousand records a second.
const maxFreeEntries = 16384

// pushPending appends e to pending (pmu held). Done records are popped
// from its head, so it creeps along its memory: at the memory's end the
// records still pending move to its start when they fill at most half
// of it (so each is moved at most once per record appended), else to
// memory twice as large. A plain append would make a new array every
// time it reached the end.
func (s *Sink) pushPending(e *entry) {
	if len(s.pending) == cap(s.pending) {
		if n := len(s.pending); cap(s.pendBuf) > 0 && 2*n <= cap(s.pendBuf) {
			copy(s.pendBuf, s.pending)
			clear(s.pendBuf[n:])
			s.pending = s.pendBuf[:n]
		} else {
			s.pendBuf = make([]*entry, max(2*n, 1024))
			copy(s.pendBuf, s.pending)
			s.pending = s.pendBuf[:n]
		}
	}
	s.pending = append(s.pending, e)
}

// reuseLocked keeps e for newEntry (pmu held): its record is done,
// released, and out of pending, so nothing refers to it.
func (s *Sink) reuseLocked(e *entry) {
	if !s.noReuse && !e.kept && len(s.freed) < maxFreeEntries {
		s.freed = append(s.freed, e)
	}
}

// reuse is reuseLocked for a record that never reached the client
// (spooled, lost) or, in MakeRecord, one let go at once.
func (s *Sink) reuse(e *entry) {
	s.pmu.Lock()
	s.reuseLocked(e)
	s.pmu.Unlock()
}

// slab is octets shared by records: the client keeps a value until it is
// acknowledged, so each record needs octets of its own, and a slab a
// few hundred records share costs one allocation. refs counts its
// records not yet done (acknowledged, spooled or lost), the keys of
// later records it holds, and the sink while it is the current slab; at
// 0 it is reused, so that the records' octets are no garbage to collect.
//
// While a slab is current, the references the publishing goroutine hands
// out are counted in issued, a plain field, and refs starts at slabOpen
// instead: an atomic add per record, on a word the client's goroutine
// writes as it acknowledges (unref), moved the word between the cores for
// every record. closeSlab adds issued less slabOpen, once a slab.
type slab struct {
	b      []byte
	refs   atomic.Int32
	issued int32 // references handed out while current; the publisher's alone
}

// slabOpen is refs' start while a slab is current: above any count of
// its records' references (a slab holds at most slabSize records), so no
// unref reaches 0 before closeSlab settles the count.
const slabOpen = 1 << 30

// slabSize is a slab's size; freeSlabs bounds the slabs kept for reuse.
const (
	slabSize  = 256 << 10
	freeSlabs = 16
)

// alloc returns n octets from the current slab, counting a reference to
// it for their holder, which gives it back with unref.
func (s *Sink) alloc(n int) ([]byte, *slab) {
	c := s.slab
	if c == nil || cap(c.b)-len(c.b) < n {
		s.closeSlab(c)
		c = nil
		if n <= slabSize {
			select {
			case c = <-s.free:
				c.b = c.b[:0]
			default:
			}
		}
		if c == nil {
			c = &slab{b: make([]byte, 0, max(slabSize, n))}
		}
		c.refs.Store(slabOpen)
		c.issued = 0
		s.slab = c
	}
	b := c.b[len(c.b) : len(c.b)+n : len(c.b)+n]
	c.b = c.b[:len(c.b)+n]
	c.issued++
	return b, c
}

// closeSlab ends c's time as the current slab: the references it handed
// out join refs, and the sink's own hold goes.
func (s *Sink) closeSlab(c *slab) {
	if c != nil && c.refs.Add(c.issued-slabOpen) == 0 {
		s.freeSlab(c)
	}
}

// unref gives back a reference to sl; the last one makes it free.
func (s *Sink) unref(sl *slab) {
	if sl != nil && sl.refs.Add(-1) == 0 {
		s.freeSlab(sl)
	}
}

// freeSlab keeps sl, whose records are all done, for reuse if it is of
// the usual size and the sink keeps fewer than freeSlabs.
func (s *Sink) freeSlab(sl *slab) {
	if cap(sl.b) == slabSize {
		select {
		case s.free <- sl:
		default:
		}
	}
}

// release gives back the octets of a record that is done.
func (s *Sink) release(e *entry) {
	s.unref(e.sl[0])
	s.unref(e.sl[1])
	e.sl = [2]*slab{}
}

// holdKey counts a reference to the slab of a key shared by records: in
// issued while it is the current slab, else in refs.
func (s *Sink) holdKey(e *entry, sl *slab) {
	if sl == nil {
		return
	}
	if sl == s.slab {
		sl.issued++
	} else {
		sl.refs.Add(1)
	}
	e.sl[1] = sl
}
