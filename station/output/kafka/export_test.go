package kafka

import "github.com/bgplens/bgplens/station/output"

// MakeRecord does the sink's own work for ev, as Publish does, without
// handing the record to the client: what BenchmarkRecord measures.
func (s *Sink) MakeRecord(ev *output.Event) int {
	switch {
	case ev.Type == output.EventRaw:
		return len(s.rawRecord(ev).rec.Value)
	case s.ob != nil:
		n := 0
		s.ob.rows(ev, func(r obmpRecord) { n += len(s.obmpEntry(r, ev.Time).rec.Value) })
		return n
	}
	return len(s.parsedRecord(ev).rec.Value)
}
