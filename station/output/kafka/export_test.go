package kafka

import (
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// MakeRecord does the sink's own work for ev, as Publish does, without
// handing the record to the client, and lets it go at once, as if the
// brokers had acknowledged it: what BenchmarkRecord measures.
func (s *Sink) MakeRecord(ev *output.Event) int {
	var n int
	done := func(e *entry) {
		n += len(e.rec.Value)
		s.release(e)
		s.reuse(e)
	}
	switch {
	case ev.Type == output.EventRaw:
		rs := s.rawSessionOf(&ev.Router)
		for i := range ev.Batch.Len() {
			msg, t := ev.Batch.Message(i)
			done(s.rawRecord(rs, msg, t))
		}
	case s.ob != nil:
		s.ob.rows(ev, func(r obmpRecord) { done(s.obmpEntry(r, ev.Time)) })
	default:
		done(s.parsedRecord(ev))
	}
	return n
}

// HoldVerdictsUntilClose lets the first verdict on s's records through
// and holds every later one until Close has taken the records still in
// flight, so that Close falls among the verdicts. undo removes the hold;
// no other sink may hand back verdicts meanwhile.
func HoldVerdictsUntilClose(s *Sink) (undo func()) {
	var first atomic.Bool
	verdictHook = func(x *Sink) {
		if x != s || first.CompareAndSwap(false, true) {
			return
		}
		for !x.tookRecords() {
			time.Sleep(time.Millisecond)
		}
	}
	return func() { verdictHook = nil }
}

// tookRecords reports whether Close has taken a record still in flight.
func (s *Sink) tookRecords() bool {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	for _, e := range s.pending {
		if e.taken {
			return true
		}
	}
	return false
}

// ForgetEncoded drops what the sink's Encoder remembers (peers, routes,
// paths), as a sink that has seen none of the events before.
func (s *Sink) ForgetEncoded() { s.enc = output.Encoder{} }
