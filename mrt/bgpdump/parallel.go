package bgpdump

import (
	"io"

	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/filter"
)

// Parallel writes the lines Writer writes, formatting batches of records
// on several goroutines (each with a Writer of its own) and writing their
// lines in the records' order: the caller frames records, which is cheap,
// and the cores format them. Memory is bounded: a fixed number of batches
// is in flight, and their buffers are reused.
//
// Records are copied into the batch, so the caller's buffer may be reused
// once Record returns. Output is written, and OnError called, from Record
// and Flush, in the caller's goroutine.
type Parallel struct {
	dst     io.Writer
	human   bool
	workers int
	started bool
	// Filter, when set before the first Record, is every worker's.
	Filter *filter.Filter
	// OnError, when set, is told of the records whose body cannot be read
	// (Writer.Record's error) with their stream offsets, in order, after
	// the lines of the records before them are written.
	OnError func(off int64, err error)
	// Stats sums the workers' counts of the batches written so far.
	Stats Stats

	work    chan *batch
	free    []*batch
	pending []*batch // sent to the workers, in order
	cur     *batch
	peers   *peerIndex // the last PEER_INDEX_TABLE
	size    int        // octets of records per batch
	err     error
}

// batch is a run of records, back to back, and the lines of them.
type batch struct {
	data  []byte
	lens  []int
	off   int64      // stream offset of the first record
	peers *peerIndex // the PEER_INDEX_TABLE in effect before the first record
	out   []byte
	errs  []batchErr
	stats Stats
	done  chan struct{}
}

// batchErr is a record's error: its offset, and how much of out is the
// lines of the records before it.
type batchErr struct {
	at  int
	off int64
	err error
}

// peerIndex is a copy of a PEER_INDEX_TABLE record, which the workers
// apply before a batch that follows it.
type peerIndex struct{ raw []byte }

const (
	batchSize = 256 << 10
	// batchesPerWorker: in flight per worker, so that one waits on no other.
	batchesPerWorker = 3
)

// NewParallel returns a Parallel to dst with the given number of workers
// (at least 1); human selects -M's format. Call Close at the end.
func NewParallel(dst io.Writer, human bool, workers int) *Parallel {
	workers = max(workers, 1)
	return &Parallel{dst: dst, human: human, workers: workers, size: batchSize,
		work: make(chan *batch, workers*batchesPerWorker)}
}

// Record adds the record that starts at stream offset off.
func (p *Parallel) Record(rec mrt.RecordView, off int64) {
	if !p.started {
		p.started = true
		for range p.workers {
			go p.worker()
		}
	}
	if p.cur == nil {
		p.cur = p.batch(off)
	}
	b := p.cur
	b.data = append(b.data, rec.Raw...)
	b.lens = append(b.lens, len(rec.Raw))
	if rec.Kind() == mrt.KindPeerIndex {
		// The batches after this one start with its peers.
		p.peers = &peerIndex{raw: append([]byte(nil), rec.Raw...)}
	}
	if len(b.data) >= p.size {
		p.send()
	}
}

// batch returns an empty batch starting at off.
func (p *Parallel) batch(off int64) *batch {
	var b *batch
	if n := len(p.free); n > 0 {
		b, p.free = p.free[n-1], p.free[:n-1]
	} else {
		b = &batch{}
	}
	*b = batch{data: b.data[:0], lens: b.lens[:0], out: b.out[:0], errs: b.errs[:0], off: off, peers: p.peers,
		done: make(chan struct{})}
	return b
}

// send hands the current batch to the workers, first writing the oldest
// when as many as may be are in flight.
func (p *Parallel) send() {
	if len(p.pending) == p.workers*batchesPerWorker {
		p.finish()
	}
	p.pending = append(p.pending, p.cur)
	p.work <- p.cur
	p.cur = nil
}

// finish waits for the oldest batch in flight and writes its lines.
func (p *Parallel) finish() {
	b := p.pending[0]
	p.pending = p.pending[:copy(p.pending, p.pending[1:])]
	<-b.done
	at := 0
	for _, e := range b.errs {
		p.write(b.out[at:e.at])
		at = e.at
		if p.OnError != nil {
			p.OnError(e.off, e.err)
		}
	}
	p.write(b.out[at:])
	p.Stats.add(&b.stats)
	p.free = append(p.free, b)
}

func (p *Parallel) write(b []byte) {
	if len(b) > 0 && p.err == nil {
		_, p.err = p.dst.Write(b)
	}
}

// Flush writes the lines of every record added, and returns the first
// error of the writes so far.
func (p *Parallel) Flush() error {
	if p.cur != nil {
		p.send()
	}
	for len(p.pending) > 0 {
		p.finish()
	}
	return p.err
}

// Close flushes and stops the workers.
func (p *Parallel) Close() error {
	err := p.Flush()
	close(p.work)
	return err
}

// worker formats batches with a Writer of its own.
func (p *Parallel) worker() {
	w := &Writer{human: p.human, cache: newAttrCache(attrCacheBuckets, attrCacheArena), Filter: p.Filter}
	var peers *peerIndex
	// A worker takes batches in the order they were made, so the table it
	// last applied, or read in its last batch, is never newer than a
	// batch's: one that differs is applied.
	for b := range p.work {
		if b.peers != peers && b.peers != nil {
			peers = b.peers
			rec, _, _ := mrt.SplitRecord(peers.raw)
			w.Record(rec) // its error was told when it was written
		}
		w.out, w.Stats = b.out, Stats{}
		data, off := b.data, b.off
		for _, n := range b.lens {
			rec, _, _ := mrt.SplitRecord(data[:n]) // framed once already
			if err := w.Record(rec); err != nil {
				b.errs = append(b.errs, batchErr{len(w.out), off, err})
			}
			data, off = data[n:], off+int64(n)
		}
		b.out, b.stats = w.out, w.Stats
		close(b.done)
	}
}

func (s *Stats) add(o *Stats) {
	s.Lines += o.Lines
	s.Fallbacks += o.Fallbacks
	s.PathIDMismatch += o.PathIDMismatch
	s.NoPeerIndex += o.NoPeerIndex
	s.Malformed += o.Malformed
}
