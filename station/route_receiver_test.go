package station

import (
	"testing"

	"github.com/bgplens/bgplens/station/output"
)

// rawOnlySink is a memSink that takes raw messages and no route events,
// as the Kafka sink publishing its raw feed alone.
type rawOnlySink struct{ runSink }

func (rawOnlySink) ReceiveRoutes() bool { return false }

// TestRouteReceiver: a sink that takes no route events gets none (nor
// End-of-RIB), but every raw message and the other events; a sink beside
// it still gets every route; alone, it costs the station its route
// events while the RIB is the same.
func TestRouteReceiver(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	count := func(evs []*output.Event) map[output.EventType]int {
		n := map[output.EventType]int{}
		for _, ev := range evs {
			n[ev.Type]++
		}
		return n
	}
	for _, withPlain := range []bool{true, false} {
		rawOnly := rawOnlySink{runSink{&memSink{name: "kafka"}}}
		plain := &memSink{name: "plain"}
		sinks := []output.Sink{rawOnly}
		if withPlain {
			sinks = append(sinks, plain)
		}
		ts := startStation(t, Config{}, sinks...)
		f := newFeeder(t, ts, "127.0.0.62", msgs)
		f.sendUntil(len(msgs))
		routes := ts.st.db.Stats().Routes
		if err := ts.stop(); err != nil {
			t.Fatal(err)
		}
		got := count(rawOnly.events())
		if got[output.EventRoute] != 0 || got[output.EventEndOfRIB] != 0 {
			t.Errorf("plain beside: %v: the raw-only sink got %d route and %d End-of-RIB events", withPlain, got[output.EventRoute], got[output.EventEndOfRIB])
		}
		if got[output.EventRaw] != len(msgs) || got[output.EventPeerUp] == 0 || got[output.EventRouterDown] != 1 {
			t.Errorf("plain beside: %v: the raw-only sink got %v, want %d raw messages, peer ups and a router down", withPlain, got, len(msgs))
		}
		if routes == 0 {
			t.Errorf("plain beside: %v: the RIB holds no route", withPlain)
		}
		if withPlain && count(plain.events())[output.EventRoute] < routes {
			t.Errorf("the plain sink got %d route events, the RIB holds %d routes", count(plain.events())[output.EventRoute], routes)
		}
	}
}
