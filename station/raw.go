package station

import (
	"sync"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// publishRaw hands the message msg, as the router sent it, to the sinks
// that take raw messages (output.RawReceiver), after the events it
// caused. It is called for every message read, also one that ends the
// session as malformed: the raw feed is what the router sent, judged or
// not. The message is copied into the router's current run, which goes
// to the sinks' queues when it is full, before the router's next event,
// and before the router's goroutine waits to read (flushRaw).
func (r *router) publishRaw(msg []byte, now time.Time) {
	if len(r.st.raw) == 0 {
		return
	}
	if b := r.rawRun; b != nil && (b.Size()+len(msg) > rawRunOctets || r.rawRef.Name != r.key || r.rawRef.SysName != r.sysName) {
		r.flushRaw()
	}
	if r.rawRun == nil {
		r.rawRun = rawRuns.Get().(*output.RawBatch)
		r.rawRef, r.rawTime = r.ref(), now
	}
	r.rawRun.Append(msg, now)
	if r.rawRun.Len() >= rawRunMessages || r.rawRun.Size() >= rawRunOctets {
		r.flushRaw()
	}
}

// A run holds at most rawRunMessages messages and rawRunOctets octets (or
// one message larger than that): it takes one slot of a sink's queue and
// counts in its size by runWeight, so that the queue bounds the memory of
// the raw feed as it did with one event a message, while the hand-over to
// the sink's goroutine (an event, a channel send, a wake-up) is paid once
// for many messages. The wake-up of a sink's goroutine that has gone to
// sleep is what costs (a futex call and context switches, tens of µs on
// a virtual machine): with runs of 64 messages or 8 KiB, one every ~60 µs
// of a router's work, a sink that did nothing took 1.5 times the CPU of
// ingest alone at -cpu 2 (BenchmarkIngestKafka/raw-null, PERFORMANCE.md).
// A router keeps its run only while it reads on without waiting (flushRaw).
const (
	rawRunMessages = 512
	rawRunOctets   = 64 << 10
)

// rawRuns keeps runs for reuse once every sink has published them.
var rawRuns = sync.Pool{New: func() any { return output.NewRawBatch(rawRunMessages, rawRunOctets) }}

// flushRaw puts the router's current run, if any, in the queues of the
// sinks that take raw messages.
func (r *router) flushRaw() {
	b := r.rawRun
	if b == nil {
		return
	}
	r.rawRun = nil
	if b.Size() < rawRunOctets/4 {
		// A short run (the router is slow, or its messages come between
		// events) goes as a copy of its size, and the run's memory back
		// to the pool: a queue of short runs then holds what they hold.
		short := b.Clone()
		b.Reset()
		rawRuns.Put(b)
		b = short
	}
	qs := r.st.raw
	b.Hold(len(qs))
	ev := &output.Event{Type: output.EventRaw, Time: r.rawTime, Router: r.rawRef, Batch: b}
	for _, q := range qs {
		q.put(ev)
	}
}

// releaseRaw gives back a queue's hold on the run ev carries, if any: the
// last makes it reusable.
func releaseRaw(ev *output.Event) {
	if b := ev.Batch; b != nil && b.Release() {
		if b.Cap() != rawRunOctets {
			return // a short run's copy, or one large message: not kept
		}
		b.Reset()
		rawRuns.Put(b)
	}
}

// runWeight is what a run counts for in a queue's size: its messages, or
// its memory in units of rawRunOctets/rawRunMessages (128) octets,
// whichever is more. So the runs in a queue hold at most its size of
// messages, and about 128 octets times its size of memory (2 MiB at the
// default size) or its size of messages' octets (when they are larger).
func runWeight(b *output.RawBatch) int {
	return max(b.Len(), b.Cap()/(rawRunOctets/rawRunMessages))
}

// eventCount is how many of the router's events or messages ev stands
// for, as the queue's counters count them.
func eventCount(ev *output.Event) uint64 {
	if ev.Batch != nil {
		return uint64(ev.Batch.Len())
	}
	return 1
}
