package station

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// sinkQueue is the bounded queue in front of one sink, with one goroutine
// that drains it into the sink. Routers put events in from their read
// loops; what happens when the queue is full is the declared policy.
type sinkQueue struct {
	sink   output.Sink
	name   string
	block  bool
	ch     chan *output.Event
	log    *slog.Logger
	closed chan struct{} // closed by close: no more puts
	once   sync.Once
	done   chan struct{} // closed when the drainer has returned
	ctx    context.Context
	cancel context.CancelFunc

	dropped   atomic.Uint64 // refused because the queue was full (drop policy) or closed
	published atomic.Uint64
	errors    atomic.Uint64
	flushErrs atomic.Uint64
	mu        sync.RWMutex // put holds it shared, close exclusively, so no put sends on a closed channel
	shut      bool
	dropLog   logLimiter

	// The weight of the runs in the queue (output.RawBatch, runWeight):
	// at most the queue's size, or one run, so that runs bound the memory
	// as one event a message did. room is closed (and replaced)
	// when a put waits for room and a run leaves; rmu guards them.
	rmu     sync.Mutex
	runLoad int
	room    chan struct{}
	waiting bool
}

func newSinkQueue(s output.Sink, q QueueConfig, log *slog.Logger) *sinkQueue {
	ctx, cancel := context.WithCancel(context.Background())
	sq := &sinkQueue{
		sink:   s,
		name:   s.Name(),
		block:  q.Policy == PolicyBlock,
		ch:     make(chan *output.Event, q.Size),
		log:    log.With("sink", s.Name()),
		closed: make(chan struct{}),
		done:   make(chan struct{}),
		room:   make(chan struct{}),
		ctx:    ctx,
		cancel: cancel,
	}
	go sq.drain()
	return sq
}

// put hands ev to the sink. With the drop policy it never waits: a full
// queue drops the event and counts it. With the block policy it waits for
// room, unless the queue is being closed.
func (q *sinkQueue) put(ev *output.Event) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.shut {
		q.refuse(ev, false)
		return
	}
	if ev.Batch != nil && !q.takeRun(runWeight(ev.Batch)) {
		q.refuse(ev, false)
		return
	}
	if !q.block {
		select {
		case q.ch <- ev:
		default:
			q.refuse(ev, true)
		}
		return
	}
	select {
	case q.ch <- ev:
	case <-q.closed:
		q.refuse(ev, true)
	}
}

// refuse counts ev dropped (and gives back the room its run took, taken
// true); the drop policy's drops are logged, now and then.
func (q *sinkQueue) refuse(ev *output.Event, taken bool) {
	if taken && ev.Batch != nil {
		q.giveRun(runWeight(ev.Batch))
	}
	n := q.dropped.Add(eventCount(ev))
	releaseRaw(ev)
	if q.shut || q.block {
		return
	}
	if ok, _ := q.dropLog.allow(time.Now()); ok {
		q.log.Warn("output queue full: events dropped (policy drop; block slows the routers instead)",
			"dropped_total", n, "queue_size", cap(q.ch))
	}
}

// takeRun reserves room for a run of weight n. With the drop
// policy it never waits; with the block policy it waits for room, unless
// the queue is being closed.
func (q *sinkQueue) takeRun(n int) bool {
	for {
		q.rmu.Lock()
		if q.runLoad == 0 || q.runLoad+n <= cap(q.ch) {
			q.runLoad += n
			q.rmu.Unlock()
			return true
		}
		if !q.block {
			q.rmu.Unlock()
			return false
		}
		q.waiting = true
		room := q.room
		q.rmu.Unlock()
		select {
		case <-room:
		case <-q.closed:
			return false
		}
	}
}

// giveRun gives back the room of a run of weight n that left the queue.
func (q *sinkQueue) giveRun(n int) {
	q.rmu.Lock()
	q.runLoad -= n
	if q.waiting {
		close(q.room)
		q.room, q.waiting = make(chan struct{}), false
	}
	q.rmu.Unlock()
}

// drain publishes events in order until the queue is closed and empty,
// flushing the sink whenever the queue runs dry.
func (q *sinkQueue) drain() {
	defer close(q.done)
	fl, _ := q.sink.(output.Flusher)
	var lastErr time.Time
	for ev := range q.ch {
		if ev.Batch != nil {
			q.giveRun(runWeight(ev.Batch))
		}
		if q.ctx.Err() != nil {
			q.dropped.Add(eventCount(ev))
			releaseRaw(ev)
			continue
		}
		if err := q.sink.Publish(q.ctx, ev); err != nil {
			q.errors.Add(1)
			if time.Since(lastErr) > 10*time.Second {
				lastErr = time.Now()
				q.log.Warn("sink failed to publish an event", "err", err, "errors", q.errors.Load())
			}
		} else {
			q.published.Add(eventCount(ev))
		}
		releaseRaw(ev)
		if fl != nil && len(q.ch) == 0 {
			if err := fl.Flush(); err != nil {
				q.flushErrs.Add(1)
			}
		}
	}
}

// close stops new events, lets the drainer publish what is queued for at
// most timeout (then cancels the sink's context and counts the rest as
// dropped), and closes the sink.
func (q *sinkQueue) close(timeout time.Duration) error {
	q.once.Do(func() {
		close(q.closed) // wake blocked puts first, so the lock can be taken
		q.mu.Lock()
		q.shut = true
		close(q.ch)
		q.mu.Unlock()
	})
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-q.done:
	case <-t.C:
		q.log.Warn("sink did not drain in time; dropping the rest", "queued", len(q.ch))
		q.cancel()
		<-q.done
	}
	q.cancel()
	if fl, ok := q.sink.(output.Flusher); ok {
		_ = fl.Flush()
	}
	return q.sink.Close()
}
