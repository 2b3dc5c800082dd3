package station

import (
	"bytes"
	"testing"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// TestRawMessages: a sink that asks for raw messages gets every message
// the router sent, octet for octet and in order, each after the events it
// caused; a sink that does not ask never sees one.
func TestRawMessages(t *testing.T) {
	raw := runSink{&memSink{name: "raw"}}
	msgs, _, _ := frrSteps(t)
	plain := &memSink{name: "plain"}
	ts := startStation(t, Config{}, raw, plain)
	f := newFeeder(t, ts, "127.0.0.61", msgs)
	f.sendUntil(len(msgs))
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	lastRaw := -1
	evs := raw.events()
	for i, ev := range evs {
		if ev.Type != output.EventRaw {
			continue
		}
		got = append(got, rawMessage(ev))
		lastRaw = i
		if ev.Router.Addr.String() != "127.0.0.61" || ev.Time.IsZero() || time.Since(ev.Time) > time.Minute {
			t.Errorf("raw event %d: router %v, time %v", len(got), ev.Router.Addr, ev.Time)
		}
	}
	if len(got) != len(msgs) {
		t.Fatalf("%d raw messages, want %d", len(got), len(msgs))
	}
	for i := range msgs {
		if !bytes.Equal(got[i], msgs[i]) {
			t.Fatalf("raw message %d differs from what the router sent", i)
		}
	}
	// The last message's events come before its raw message; only the
	// router_down of the session's end follows.
	if n := len(evs) - lastRaw - 1; n != 1 || evs[len(evs)-1].Type != output.EventRouterDown {
		t.Errorf("%d events after the last raw message, want router_down only", n)
	}
	for _, ev := range plain.events() {
		if ev.Type == output.EventRaw {
			t.Fatal("a sink that did not ask got a raw message")
		}
	}
	if len(plain.events()) != len(evs)-len(msgs) {
		t.Errorf("plain sink got %d events, raw sink %d besides raw messages", len(plain.events()), len(evs)-len(msgs))
	}
}
