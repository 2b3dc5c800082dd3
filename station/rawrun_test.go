package station

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// runSink is a memSink that takes raw messages (output.RawReceiver, in
// runs): it keeps each message of a run as an event of its own, with a
// run of that one message, a copy (the run's memory is the station's
// again after Publish). rawMessage reads it back.
type runSink struct{ *memSink }

func (runSink) ReceiveRaw() bool { return true }

func (s runSink) Publish(ctx context.Context, ev *output.Event) error {
	b := ev.Batch
	if ev.Type != output.EventRaw {
		if b != nil {
			panic("a run in an event not raw")
		}
		return s.memSink.Publish(ctx, ev)
	}
	if b == nil || b.Len() == 0 {
		panic("a raw event without messages")
	}
	for i := range b.Len() {
		msg, at := b.Message(i)
		one := *ev
		one.Batch, one.Time = output.NewRawBatch(1, len(msg)), at
		one.Batch.Append(msg, at)
		if err := s.memSink.Publish(ctx, &one); err != nil {
			return err
		}
	}
	return nil
}

// rawMessage is the message of a raw event runSink kept.
func rawMessage(ev *output.Event) []byte {
	msg, _ := ev.Batch.Message(0)
	return msg
}

// TestRawRunsNotHeldBack: a router that goes quiet has its last run in
// the sink before its session ends: the run goes to the queue before the
// router's goroutine waits to read.
func TestRawRunsNotHeldBack(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	s := runSink{&memSink{name: "raw"}}
	ts := startStation(t, Config{}, s)
	f := newFeeder(t, ts, "127.0.0.63", msgs)
	f.sendUntil(len(msgs) / 2)
	raws := func() int {
		n := 0
		for _, ev := range s.events() {
			if ev.Type == output.EventRaw {
				n++
			}
		}
		return n
	}
	waitFor(t, "the raw messages sent", 5*time.Second, func() bool { return raws() == len(msgs)/2 })
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
}

// testRun returns a run of n messages of one octet each.
func testRun(n int) *output.Event {
	b := new(output.RawBatch)
	for i := range n {
		b.Append([]byte{byte(i)}, time.Now())
	}
	b.Hold(1)
	return &output.Event{Type: output.EventRaw, Batch: b}
}

// TestRunQueueBound: the runs in a queue hold at most the queue's size of
// messages (one run whatever its size): under the drop policy a run
// beyond is dropped and its messages counted; under the block policy the
// put waits for room, until the queue closes.
func TestRunQueueBound(t *testing.T) {
	for _, policy := range []string{PolicyDrop, PolicyBlock} {
		gate := make(chan struct{})
		s := runSink{&memSink{name: "raw", gate: gate}}
		q := newSinkQueue(s, QueueConfig{Size: 100, Policy: policy}, slog.New(slog.DiscardHandler))
		q.put(testRun(60)) // the drainer takes it, and waits at the gate
		waitFor(t, "the sink called", 5*time.Second, func() bool { return s.calls.Load() == 1 })
		q.put(testRun(60))
		put := make(chan struct{})
		go func() { q.put(testRun(60)); close(put) }()
		if policy == PolicyDrop {
			<-put
			if d := q.dropped.Load(); d != 60 {
				t.Errorf("drop: %d messages dropped, want the third run's 60", d)
			}
			close(gate)
			if err := q.close(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			if p := q.published.Load(); p != 120 {
				t.Errorf("drop: %d messages published, want 120", p)
			}
			continue
		}
		select {
		case <-put:
			t.Fatal("block: a run beyond the queue's size was put without room")
		case <-time.After(50 * time.Millisecond):
		}
		close(gate) // the sink takes the first run; the second leaves the queue, the third comes in
		<-put
		if err := q.close(5 * time.Second); err != nil {
			t.Fatal(err)
		}
		if p, d := q.published.Load(), q.dropped.Load(); p != 180 || d != 0 {
			t.Errorf("block: %d messages published, %d dropped, want 180 and 0", p, d)
		}
	}
}

// TestRunQueueCloseWakes: closing the queue wakes a put waiting for room
// for its run, which counts the run's messages dropped.
func TestRunQueueCloseWakes(t *testing.T) {
	gate := make(chan struct{})
	s := runSink{&memSink{name: "raw", gate: gate}}
	q := newSinkQueue(s, QueueConfig{Size: 10, Policy: PolicyBlock}, slog.New(slog.DiscardHandler))
	q.put(testRun(10))
	waitFor(t, "the sink called", 5*time.Second, func() bool { return s.calls.Load() == 1 })
	q.put(testRun(10))
	put := make(chan struct{})
	go func() { q.put(testRun(5)); close(put) }()
	errc := make(chan error, 1)
	go func() { errc <- q.close(10 * time.Millisecond) }()
	<-put
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if d := q.dropped.Load(); d < 5 {
		t.Errorf("%d messages dropped, want at least the waiting run's 5", d)
	}
	close(gate)
}

// TestRawRunsOrder: a run ends before the router's next event, so that
// each Peer Up's event comes after the raw messages before its message
// and before its own raw message, as with one event a message.
func TestRawRunsOrder(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	s := runSink{&memSink{name: "raw"}}
	ts := startStation(t, Config{}, s)
	f := newFeeder(t, ts, "127.0.0.64", msgs)
	f.sendUntil(len(msgs))
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	raws, ups := 0, 0
	next := find(msgs, 0, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgPeerUp })
	for _, ev := range s.events() {
		switch ev.Type {
		case output.EventRaw:
			raws++
		case output.EventPeerUp:
			ups++
			if raws != next {
				t.Fatalf("peer up %d after %d raw messages, want %d (the messages before its own)", ups, raws, next)
			}
			next = find(msgs, next+1, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgPeerUp })
		}
	}
	if ups == 0 || next != -1 {
		t.Errorf("%d peer ups seen; next Peer Up message %d", ups, next)
	}
}

// TestRunQueueMemory: a run counts in the queue's size for its memory
// too (runWeight), so that runs of one message each, as a slow router
// makes them, cannot hold a run's memory per slot of the queue.
func TestRunQueueMemory(t *testing.T) {
	gate := make(chan struct{})
	s := runSink{&memSink{name: "raw", gate: gate}}
	q := newSinkQueue(s, QueueConfig{Size: 100, Policy: PolicyDrop}, slog.New(slog.DiscardHandler))
	oneInARun := func() *output.Event {
		b := output.NewRawBatch(rawRunMessages, rawRunOctets)
		b.Append([]byte{1}, time.Now())
		b.Hold(1)
		return &output.Event{Type: output.EventRaw, Batch: b}
	}
	q.put(oneInARun()) // the drainer takes it, and waits at the gate
	waitFor(t, "the sink called", 5*time.Second, func() bool { return s.calls.Load() == 1 })
	q.put(oneInARun()) // weight rawRunOctets/128 (512), let in: the queue is empty
	q.put(oneInARun()) // over 100: dropped
	if d := q.dropped.Load(); d != 1 {
		t.Errorf("%d messages dropped, want 1 (the third run's)", d)
	}
	close(gate)
	if err := q.close(5 * time.Second); err != nil {
		t.Fatal(err)
	}
}
