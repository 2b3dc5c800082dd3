package station

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/jsonl"
)

// memSink keeps the events it is given; gate, when not nil, holds every
// Publish until it is closed, and delay slows each one down.
type memSink struct {
	name  string
	gate  chan struct{}
	delay time.Duration
	mu    sync.Mutex
	evs   []*output.Event
	calls atomic.Int64
}

func (s *memSink) Name() string { return s.name }
func (s *memSink) Publish(ctx context.Context, ev *output.Event) error {
	s.calls.Add(1)
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	s.mu.Lock()
	s.evs = append(s.evs, ev)
	s.mu.Unlock()
	return nil
}
func (s *memSink) Close() error { return nil }
func (s *memSink) events() []*output.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*output.Event(nil), s.evs...)
}

// slowSink slows another sink down.
type slowSink struct {
	output.Sink
	delay time.Duration
}

func (s slowSink) Publish(ctx context.Context, ev *output.Event) error {
	time.Sleep(s.delay)
	return s.Sink.Publish(ctx, ev)
}

func (s slowSink) Flush() error { return s.Sink.(output.Flusher).Flush() }

// expectedEvents counts the events a replay of msgs[:end] must give,
// from the messages alone: one router_up, one event per route of each
// UPDATE (withdrawals and announcements; none under a session-reset
// verdict), one end_of_rib per End-of-RIB marker, one per Peer Up and
// Statistics Report, one per Peer Down of a peer that was up (FRR's
// repeated and never-up Peer Downs give none), and router_down when the
// session ends.
func expectedEvents(t *testing.T, msgs [][]byte, scans map[int]updateScan, end int, closed bool) int {
	n := 1
	up := map[string]bool{}
	for i := 0; i < end; i++ {
		v, err := bmp.ParseMessage(msgs[i])
		if err != nil {
			t.Fatal(err)
		}
		h, _ := v.Peer()
		id := peerIDString(peerIDOf(h))
		switch v.Type() {
		case bmp.MsgRouteMonitoring:
			s := scans[i]
			n += len(s.ann) + len(s.wd)
			if s.eor {
				n++
			}
		case bmp.MsgPeerUp:
			up[id] = true
			n++
		case bmp.MsgPeerDown:
			if up[id] {
				n++
			}
			up[id] = false
		case bmp.MsgStatisticsReport:
			n++
		}
	}
	if closed {
		n++
	}
	return n
}

// TestSlowSink: a sink that does not keep up loses events (counted) and
// never slows the router's read loop.
func TestSlowSink(t *testing.T) {
	msgs, scans, _ := frrSteps(t)
	gate := make(chan struct{})
	slow := &memSink{name: "slow", gate: gate}
	ts := startStation(t, Config{Queue: QueueConfig{Size: 16}}, slow)
	f := newFeeder(t, ts, "127.0.0.60", msgs)
	start := time.Now()
	f.sendUntil(len(msgs)) // waits until the station has read them all
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("reading took %v with a stuck sink", d)
	}
	if c := slow.calls.Load(); c > 1 {
		t.Fatalf("the gated sink was called %d times", c)
	}
	m := ts.metricsText(t)
	if got := metricLine(m, `bgplens_station_sink_queue_depth{sink="slow"}`); got != "16" {
		t.Errorf("queue depth %q, want 16", got)
	}
	total := expectedEvents(t, msgs, scans, len(msgs), false)
	dropped := metricLine(m, `bgplens_station_sink_dropped_total{sink="slow"}`)
	if want := strconv.Itoa(total - 16 - 1); dropped != want {
		t.Errorf("dropped %s of %d events, want %s (16 queued, 1 in the sink)", dropped, total, want)
	}
	close(gate)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	// The 17 kept, plus the router_down of the shutdown (dropped or not,
	// counted).
	q := ts.st.queues[0]
	if got := len(slow.events()); uint64(got) != q.published.Load() || q.published.Load()+q.dropped.Load() != uint64(total+1) {
		t.Errorf("published %d (%d), dropped %d, total %d", got, q.published.Load(), q.dropped.Load(), total+1)
	}
}

// TestBlockingSink: with the block policy nothing is lost: the router is
// read as fast as the sink takes events, and they arrive in order.
func TestBlockingSink(t *testing.T) {
	msgs, scans, _ := frrSteps(t)
	s := &memSink{name: "all", delay: 20 * time.Microsecond}
	ts := startStation(t, Config{Queue: QueueConfig{Size: 4, Policy: PolicyBlock}}, s)
	f := newFeeder(t, ts, "127.0.0.61", msgs)
	f.sendUntil(len(msgs))
	f.c.Close()
	ts.sessionEnded(t, "127.0.0.61")
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	evs := s.events()
	if want := expectedEvents(t, msgs, scans, len(msgs), true); len(evs) != want {
		t.Errorf("%d events, want %d", len(evs), want)
	}
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) {
			t.Fatalf("event %d has seq %d", i, ev.Seq)
		}
	}
	if evs[0].Type != output.EventRouterUp || evs[len(evs)-1].Type != output.EventRouterDown {
		t.Errorf("first %v, last %v", evs[0].Type, evs[len(evs)-1].Type)
	}
	if q := ts.st.queues[0]; q.dropped.Load() != 0 {
		t.Errorf("%d dropped", q.dropped.Load())
	}
}

// TestShutdownDrainsJSONL: cancelling Serve's context (what SIGTERM does
// in bgplens station) closes the routers' sessions, and Close writes
// every queued event to the JSON lines file before closing it.
func TestShutdownDrainsJSONL(t *testing.T) {
	msgs, scans, _ := frrSteps(t)
	path := filepath.Join(t.TempDir(), "events.jsonl")
	js, err := jsonl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ts := startStation(t, Config{}, slowSink{js, 100 * time.Microsecond})
	f := newFeeder(t, ts, "127.0.0.62", msgs)
	f.sendUntil(len(msgs))
	queued := len(ts.st.queues[0].ch)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	if queued == 0 {
		t.Error("the queue was empty at shutdown: nothing to drain (make the sink slower)")
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	lines, last := 0, map[string]any{}
	keys := map[string]bool{}
	for sc.Scan() {
		last = map[string]any{}
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatalf("line %d: %v", lines+1, err)
		}
		collectKeys(last, keys)
		if last["v"] != float64(output.SchemaVersion) {
			t.Fatalf("line %d: v = %v", lines+1, last["v"])
		}
		lines++
	}
	if want := expectedEvents(t, msgs, scans, len(msgs), true); lines != want {
		t.Errorf("%d lines, want %d (%d were queued at shutdown)", lines, want, queued)
	}
	if last["type"] != "router_down" || last["reason"] != "station shutting down" {
		t.Errorf("last line: %v", last)
	}
	checkDocumented(t, keys, "../docs/json.md")
}

// collectKeys adds the keys of every object in v to keys.
func collectKeys(v any, keys map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			keys[k] = true
			collectKeys(x, keys)
		}
	case []any:
		for _, x := range v {
			collectKeys(x, keys)
		}
	}
}

// checkDocumented fails for each key that none of the documents names in
// backquotes.
func checkDocumented(t *testing.T, keys map[string]bool, docs ...string) {
	t.Helper()
	var all []byte
	for _, d := range docs {
		b, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	for k := range keys {
		if !bytes.Contains(all, []byte("`"+k+"`")) {
			t.Errorf("key %q is not documented in %v", k, docs)
		}
	}
}

// TestEventTimes: an event's time is when the station received the
// message: its read, not a clock of the sender's or a time fixed once.
// Two parts of a capture sent 300 ms apart get times that bracket each
// part's arrival.
func TestEventTimes(t *testing.T) {
	mem := &memSink{name: "mem"}
	ts := startStation(t, Config{}, mem)
	msgs, k1, k2 := frrStatsSteps(t)
	f := newFeeder(t, ts, "127.0.0.41", msgs)
	t0 := time.Now()
	f.sendUntil(k1)
	t1 := time.Now()
	time.Sleep(300 * time.Millisecond)
	t2 := time.Now()
	f.sendUntil(k2)
	t3 := time.Now()
	f.close()
	var first, second int
	for _, ev := range mem.events() {
		if ev.Type != output.EventStats && ev.Type != output.EventPeerUp && ev.Type != output.EventRoute {
			continue
		}
		switch {
		case !ev.Time.Before(t0) && !ev.Time.After(t1):
			first++
		case !ev.Time.Before(t2) && !ev.Time.After(t3):
			second++
		default:
			t.Fatalf("%v event at %v: outside both sends (%v-%v, %v-%v)", ev.Type, ev.Time, t0, t1, t2, t3)
		}
	}
	if first == 0 || second == 0 {
		t.Errorf("events of the first send %d, of the second %d", first, second)
	}
}
