// Package kafka is the station's Kafka output (franz-go): every BMP
// message as the router sent it, framed with the OpenBMP binary header
// (bmp/obmp), to <prefix>.bmp_raw keyed by router hash, and the station's
// events in the one JSON schema (output.Encoder) to
// <prefix>.parsed.<object> keyed by peer, so that a partition holds one
// router's or one peer's records in order. docs/kafka.md has the topics
// and how to run it.
//
// Records are produced by an idempotent producer and count as delivered
// once all in-sync replicas have them. Nothing accepted is lost while the
// process lives: at most InFlight records are handed to the client at a
// time (it retries them until the brokers take them); beyond that,
// records wait in order in a bounded spool on disk, which is drained
// first when the brokers catch up. A full spool makes Publish wait, so
// that the station's queue policy decides (drop and count, or slow the
// routers). Close gives the brokers CloseTimeout to acknowledge what is
// in flight, then writes what is left to the head of the spool, so that
// the next start sends it first (a record acknowledged in that last
// moment is sent twice: delivery is at least once).
package kafka

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/station/output"
)

// Sink publishes the station's events to Kafka.
type Sink struct {
	cfg    Config
	cl     *kgo.Client
	log    *slog.Logger
	m      *metrics
	topics [numObjects]string
	raw    bool
	parsed bool
	header obmp.Header
	ob     *obmpWriter // the parsed feed in OpenBMP's format; nil for JSON

	// Publish's own (one goroutine).
	enc     output.Encoder
	scratch []byte
	slab    *slab      // the records' octets come from here
	free    chan *slab // slabs whose records are all done, for reuse
	spare   []*entry   // entries for newEntry, taken from freed a batch at a time
	lastKey []byte
	lastSl  *slab // lastKey's
	lastEv  *output.Event
	rawSess netip.AddrPort // rawCur's
	rawCur  *rawSession
	raws    rawSessions
	runEnts []*entry // a run's records (publishRun)

	// mu serializes what is handed to the client (and so its order) and
	// the spool.
	mu     sync.Mutex
	spool  *spool
	closed bool

	// refused keeps the records the brokers refused for good, under
	// spool.dir/refused (opened on the first), for an operator to look at
	// or send again; rmu guards it.
	rmu     sync.Mutex
	refused *spool

	// pmu guards the records in flight; wake is closed (and replaced)
	// whenever room may have appeared or the spool has records.
	pmu      sync.Mutex
	pending  []*entry // handed to the client, oldest first; done ones are popped from the head
	pendBuf  []*entry // the memory pending is in (pushPending)
	freed    []*entry // entries whose records are done and out of pending, for reuse
	noReuse  bool     // set by Close: the entries it spools are never reused
	inFlight int      // not yet acknowledged
	inOctets int64
	// acked counts the records acknowledged, by object, and ackedOctets
	// their values' octets (the spooled ones Close took excepted).
	acked       [numObjects]uint64
	ackedOctets uint64
	wake        chan struct{}
	waiting     bool // someone waits on wake: acknowledgements must close it
	drainDone   chan struct{}
	closing     chan struct{} // closed by Close
	// keeping counts the promises keeping a refused record: Close waits
	// for them before it closes the refused spool.
	keeping sync.WaitGroup
	// onVerdict is s.promise, bound once: a method value made per
	// Produce call is an allocation per record.
	onVerdict func(*kgo.Record, error)
}

// entry is a record handed to the client. It is the record's Context, so
// that the one promise finds it without a closure per record.
type entry struct {
	context.Context
	rec  kgo.Record
	obj  object
	done bool
	// taken: Close took the record while the client still had it (it is
	// in the spool, or counted lost): its late verdict changes nothing,
	// and its octets stay the spool's until Close has written them.
	taken bool
	out   bool // popped from pending
	kept  bool // taken, or failed by the client's close: never reused
	// at is rec.Timestamp as handed to the client, for the lag gauge: the
	// client owns rec once Produce has it (it rewrites the timestamp).
	at time.Time
	sl [2]*slab // of the value and the key, released when the record is done
}

// New connects to the brokers (lazily: the client dials on first use)
// and opens the spool. reg, when not nil, gets the sink's metrics; log
// may be nil.
func New(cfg Config, reg prometheus.Registerer, log *slog.Logger) (*Sink, error) {
	cfg = cfg.Defaults()
	if !cfg.Enabled() {
		return nil, errors.New("kafka: no brokers")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts, err := cfg.clientOpts()
	if err != nil {
		return nil, err
	}
	s := &Sink{
		cfg:       cfg,
		log:       log.With("sink", "kafka"),
		topics:    topicNames(&cfg),
		raw:       cfg.has(FeedRaw),
		parsed:    cfg.has(FeedParsed),
		header:    cfg.header(),
		wake:      make(chan struct{}),
		free:      make(chan *slab, freeSlabs),
		drainDone: make(chan struct{}),
		closing:   make(chan struct{}),
	}
	s.onVerdict = s.promise
	if cfg.Spool.Dir != "" {
		if s.spool, err = openSpool(cfg.Spool.Dir, cfg.Spool.Size, cfg.Spool.SegmentSize); err != nil {
			return nil, err
		}
		if s.spool.corrupt > 0 {
			s.log.Warn("spool: damaged records cut (the process died writing them)", "segments", s.spool.corrupt)
		}
		if !s.spool.Empty() {
			s.log.Info("spool: records left by an earlier run are sent first", "records", s.spool.records, "octets", s.spool.size)
		}
	}
	if s.cl, err = kgo.NewClient(opts...); err != nil {
		return nil, err
	}
	if s.m, err = newMetrics(reg, s); err != nil {
		s.cl.Close()
		return nil, err
	}
	if cfg.Partitions > 0 {
		go s.createTopics()
	}
	go s.drain()
	if s.parsed && cfg.ParsedFormat == FormatOpenBMP {
		s.ob = newOBMPWriter(cfg.AdminID)
		if err := s.accept(context.Background(), s.obmpEntry(s.ob.collectorRow("started", time.Now()), time.Now())); err != nil {
			s.ob = nil
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Name returns "kafka".
func (s *Sink) Name() string { return "kafka" }

// ReceiveRaw reports whether the raw feed is published. It comes in runs
// (output.RawReceiver): the messages are copied from the run into the
// records' slabs, framed on the way.
func (s *Sink) ReceiveRaw() bool { return s.raw }

// ReceiveRoutes reports whether the parsed feed is published: without
// it the station makes no route events for the sink.
func (s *Sink) ReceiveRoutes() bool { return s.parsed }

// Publish turns the event into its record and hands it on: to the client
// when nothing waits in the spool and there is room in flight, else to
// the spool. It waits while neither has room, until ctx is done.
func (s *Sink) Publish(ctx context.Context, ev *output.Event) error {
	var e *entry
	if ev.Type == output.EventRouterDown && s.raw {
		s.endRawSession(netip.AddrPortFrom(ev.Router.Addr.Unmap(), ev.Router.Port))
	}
	switch {
	case ev.Type == output.EventRaw:
		if !s.raw {
			return nil
		}
		return s.publishRun(ctx, &ev.Router, ev.Batch)
	case s.ob != nil:
		return s.publishOpenBMP(ctx, ev)
	case s.parsed:
		e = s.parsedRecord(ev)
	default:
		return nil
	}
	return s.accept(ctx, e)
}

// publishRun publishes the raw messages of a run, in order: the run's
// records are framed, then handed to the client under one hold of the
// locks while nothing is spooled and there is room in flight
// (produceRun), and the rest each as accept decides. A record that
// cannot be published (the sink closed, ctx done) is counted lost, and
// so is each one after it; the first error is returned.
func (s *Sink) publishRun(ctx context.Context, r *output.RouterRef, b *output.RawBatch) error {
	rs := s.rawSessionOf(r)
	ents := s.runEnts[:0]
	for i := 0; i < b.Len(); i++ {
		msg, t := b.Message(i)
		ents = append(ents, s.rawRecord(rs, msg, t))
	}
	s.runEnts = ents
	var first error
	for _, e := range ents[s.produceRun(ents):] {
		if err := s.accept(ctx, e); err != nil && first == nil {
			first = err
		}
	}
	clear(ents)
	return first
}

// produceRun hands ents to the client, from the first, while nothing
// waits in the spool and there is room in flight, and returns how many
// it handed. mu is held throughout (the order of the records among
// other producers'), pmu once for all of them: taken per record, it was
// fought over with the verdicts coming back on the client's goroutine.
func (s *Sink) produceRun(ents []*entry) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.spool != nil && !s.spool.Empty() {
		return 0
	}
	s.pmu.Lock()
	n := 0
	for n < len(ents) && s.roomLocked(len(ents[n].rec.Value)) {
		s.inFlightLocked(ents[n])
		n++
	}
	s.pmu.Unlock()
	for _, e := range ents[:n] {
		s.cl.Produce(e, &e.rec, s.onVerdict)
	}
	return n
}

func (s *Sink) parsedRecord(ev *output.Event) *entry {
	e := s.newEntry()
	e.obj = objectOf(ev)
	s.scratch = s.enc.Append(s.scratch[:0], ev)
	v, sl := s.alloc(len(s.scratch))
	e.sl[0] = sl
	copy(v, s.scratch)
	e.rec.Topic, e.rec.Value, e.rec.Timestamp = s.topics[e.obj], v, ev.Time
	// The route events of one UPDATE share their key.
	if l := s.lastEv; l == nil || !sameKey(l, ev) {
		s.scratch = appendKey(s.scratch[:0], ev)
		s.unref(s.lastSl)
		s.lastKey, s.lastSl = s.alloc(len(s.scratch))
		copy(s.lastKey, s.scratch)
		s.lastEv = ev
	}
	e.rec.Key = s.lastKey
	s.holdKey(e, s.lastSl)
	return e
}

// publishOpenBMP publishes the event's records in OpenBMP's format.
func (s *Sink) publishOpenBMP(ctx context.Context, ev *output.Event) error {
	var err error
	s.ob.rows(ev, func(r obmpRecord) {
		if err == nil {
			err = s.accept(ctx, s.obmpEntry(r, ev.Time))
		}
	})
	return err
}

// obmpEntry makes the record of the row the OpenBMP writer just built,
// keyed by the hash it names (hex, as OpenBMP keys its topics).
func (s *Sink) obmpEntry(r obmpRecord, t time.Time) *entry {
	e := s.newEntry()
	e.obj = r.obj
	s.scratch = s.ob.header(s.scratch[:0], r.obj, len(s.ob.row))
	v, sl := s.alloc(len(s.scratch) + len(s.ob.row) + 32)
	e.sl[0] = sl
	v, k := v[:len(v)-32:len(v)-32], v[len(v)-32:]
	copy(v[copy(v, s.scratch):], s.ob.row)
	hex.Encode(k, r.key[:])
	e.rec.Topic, e.rec.Key, e.rec.Value, e.rec.Timestamp = s.topics[r.obj], k, v, t
	return e
}

var errClosed = errors.New("kafka: sink closed")

// accept hands e to the client or the spool, waiting for room.
func (s *Sink) accept(ctx context.Context, e *entry) error {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			s.m.lost.Inc()
			s.release(e)
			s.reuse(e)
			return errClosed
		}
		s.pmu.Lock()
		room := s.roomLocked(len(e.rec.Value))
		wake := s.wake
		s.waiting = s.waiting || !room
		s.pmu.Unlock()
		if (s.spool == nil || s.spool.Empty()) && room {
			s.produceLocked(e)
			s.mu.Unlock()
			return nil
		}
		if s.spool != nil {
			wasEmpty := s.spool.Empty()
			err := s.spool.Append(&e.rec)
			if err == nil {
				s.release(e) // the spool has copied it
				s.reuse(e)
				s.m.spooled.Inc()
				s.mu.Unlock()
				if wasEmpty {
					s.notify() // the drainer sleeps on an empty spool
				}
				return nil
			}
			if !errors.Is(err, errSpoolFull) {
				s.mu.Unlock()
				s.m.spoolErrors.Inc()
				s.m.lost.Inc()
				s.release(e)
				s.reuse(e)
				return err
			}
			s.m.spoolFull.Inc()
		}
		s.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			s.m.lost.Inc()
			s.release(e)
			s.reuse(e)
			return ctx.Err()
		}
	}
}

// roomLocked reports whether a record of n octets may be handed to the
// client (pmu held). One record always may, whatever its size.
func (s *Sink) roomLocked(n int) bool {
	return s.inFlight == 0 || s.inFlight < s.cfg.InFlight && s.inOctets+int64(n) <= s.cfg.InFlightSize
}

// produceLocked hands e to the client (mu held: the order of these calls
// is the order of the records in each partition).
func (s *Sink) produceLocked(e *entry) { s.handLocked(e, true) }

// handLocked hands e to the client, when there is room in flight or
// always (mu held), and reports whether it did.
func (s *Sink) handLocked(e *entry, always bool) bool {
	s.pmu.Lock()
	if !always && !s.roomLocked(len(e.rec.Value)) {
		s.pmu.Unlock()
		return false
	}
	s.inFlightLocked(e)
	s.pmu.Unlock()
	s.cl.Produce(e, &e.rec, s.onVerdict)
	return true
}

// inFlightLocked counts e in flight, about to be handed to the client
// (mu and pmu held).
func (s *Sink) inFlightLocked(e *entry) {
	e.at = e.rec.Timestamp
	if e.at.IsZero() {
		e.at = time.Now() // as the client stamps it
	}
	s.pushPending(e)
	s.inFlight++
	s.inOctets += int64(len(e.rec.Value))
}

// verdictHook, set by tests only, runs before each verdict is handled:
// it lets a test hold verdicts back until Close has taken the records,
// an interleaving the client's timing gives only now and then.
var verdictHook func(*Sink)

// promise is called by the client once per record, acknowledged or
// failed.
func (s *Sink) promise(r *kgo.Record, err error) {
	if h := verdictHook; h != nil {
		h(s)
	}
	e := r.Context.(*entry)
	s.pmu.Lock()
	if e.done {
		s.pmu.Unlock()
		return
	}
	e.done = true
	taken := e.taken || err != nil && errors.Is(err, kgo.ErrClientClosed)
	e.kept = taken
	keep := err != nil && !taken
	if keep {
		s.keeping.Add(1) // before the record reads as done to Close
	}
	s.inFlight--
	s.inOctets -= int64(len(r.Value))
	delivered := err == nil && !taken
	if err == nil {
		// Counted here, under the lock already held, rather than by a
		// Prometheus counter's atomic adds per record (metrics.go).
		s.acked[e.obj]++
		if delivered {
			s.ackedOctets += uint64(len(r.Value))
			s.release(e) // before the loop below may reuse it
		}
	}
	i := 0
	for i < len(s.pending) && s.pending[i].done {
		// The promises of the others popped are over (the client calls
		// promises one at a time), their records released; e is, if
		// delivered, else once released below.
		if p := s.pending[i]; p != e || delivered {
			s.reuseLocked(p)
		}
		s.pending[i].out = true
		s.pending[i] = nil
		i++
	}
	s.pending = s.pending[i:]
	if s.waiting {
		s.wakeLocked()
	}
	s.pmu.Unlock()
	if taken {
		// Close has spooled it (the next start sends it again and hears
		// the verdict then) or counted it lost; the sink is done with its
		// slabs. An acknowledgement here makes it a repeat.
		return
	}
	if err != nil {
		s.m.errors.Inc()
		s.keepRefused(r, err)
		s.keeping.Done()
		s.release(e)
		if e.out {
			s.reuse(e)
		}
	}
}

// notify wakes whoever waits for room or for spooled records.
func (s *Sink) notify() {
	s.pmu.Lock()
	s.wakeLocked()
	s.pmu.Unlock()
}

func (s *Sink) wakeLocked() {
	close(s.wake)
	s.wake = make(chan struct{})
	s.waiting = false
}

// drain moves spooled records to the client, oldest first, whenever there
// is room in flight, until Close.
func (s *Sink) drain() {
	defer close(s.drainDone)
	if s.spool == nil {
		return
	}
	var failed time.Time
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		moved := 0
		for !s.spool.Empty() && moved < 1024 {
			s.pmu.Lock()
			room := s.roomLocked(0)
			s.pmu.Unlock()
			if !room {
				break
			}
			rec, err := s.spool.Next()
			if err != nil {
				s.m.spoolErrors.Inc()
				if time.Since(failed) > 10*time.Second {
					failed = time.Now()
					s.log.Error("spool: cannot read", "err", err)
				}
				break
			}
			if rec == nil {
				break
			}
			e := s.newSpoolEntry(rec)
			s.produceLocked(e)
			moved++
		}
		s.pmu.Lock()
		wake := s.wake
		s.waiting = s.waiting || !s.spool.Empty()
		s.pmu.Unlock()
		s.mu.Unlock()
		if moved == 0 {
			select {
			case <-wake:
			case <-time.After(time.Second):
			}
		}
	}
}

// newSpoolEntry wraps a record read back from the spool (mu held).
func (s *Sink) newSpoolEntry(rec *kgo.Record) *entry {
	e := &entry{Context: context.Background(), rec: *rec}
	e.rec.Context = e
	e.obj = objOther
	for i, t := range s.topics {
		if t == rec.Topic {
			e.obj = object(i)
			break
		}
	}
	return e
}

// Flush hands what the spool buffered to the operating system, so that
// a quiet moment leaves nothing in the process's memory but what is in
// flight.
func (s *Sink) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spool == nil || s.closed {
		return nil
	}
	return s.spool.Flush()
}

// Close stops accepting records, waits up to CloseTimeout for the
// brokers to acknowledge those in flight, writes the rest to the head of
// the spool (or counts them lost when there is none), and closes the
// client.
func (s *Sink) Close() error {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil
	}
	if s.ob != nil {
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.CloseTimeout)
		if err := s.accept(ctx, s.obmpEntry(s.ob.collectorRow("stopped", time.Now()), time.Now())); err != nil {
			s.log.Warn("the collector's stopped record is lost", "err", err)
		}
		cancel()
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.closing)
	s.notify()
	<-s.drainDone
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.CloseTimeout)
	defer cancel()
	flushErr := s.cl.Flush(ctx)
	s.pmu.Lock()
	s.noReuse = true
	var left []*kgo.Record
	for _, e := range s.pending {
		if !e.done {
			e.taken = true
			left = append(left, &e.rec)
		}
	}
	s.pmu.Unlock()
	var err error
	if s.spool != nil {
		s.mu.Lock()
		err = s.spool.Close(left)
		s.mu.Unlock()
		if err == nil && (len(left) > 0 || !s.spool.Empty()) {
			s.log.Warn("brokers did not take everything: the rest waits in the spool for the next start",
				"in_flight", len(left), "spooled", s.spool.records, "err", flushErr)
		}
	} else if len(left) > 0 {
		s.m.lost.Add(float64(len(left)))
		s.log.Error("brokers did not take everything and there is no spool: records lost", "records", len(left), "err", flushErr)
	}
	s.cl.Close()
	// Verdicts given before the records were taken may still be writing
	// refused records; none starts now (every record is done or taken).
	s.keeping.Wait()
	s.rmu.Lock()
	if s.refused != nil {
		if rerr := s.refused.Close(nil); err == nil {
			err = rerr
		}
		s.refused = nil
	}
	s.rmu.Unlock()
	s.m.unregister()
	return err
}
