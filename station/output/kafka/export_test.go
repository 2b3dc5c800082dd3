package kafka

import "github.com/bgplens/bgplens/station/output"

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
		done(s.rawRecord(ev))
	case s.ob != nil:
		s.ob.rows(ev, func(r obmpRecord) { done(s.obmpEntry(r, ev.Time)) })
	default:
		done(s.parsedRecord(ev))
	}
	return n
}
