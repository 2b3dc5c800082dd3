package mrt

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"io"
	"runtime"
)

// Parallel bzip2 decoding. A bzip2 stream is a header ("BZh" and the
// block size digit), blocks each starting with the 48-bit magic
// 0x314159265359 and the block's CRC, and an end of stream (the magic
// 0x177245385090 and the stream's CRC, then padding to an octet); a file
// may hold several streams (pbzip2 writes one per block). Blocks start at
// any bit, and compress/bzip2 reads only whole streams, so each block is
// copied, shifted to start on an octet, into a stream of its own: the
// header, the block, an end of stream whose CRC is the block's (a
// stream's CRC is the rotate-and-xor of its blocks' CRCs: for one block,
// that CRC). Those streams are decoded on every core, a fixed number in
// flight, and their output read in order; the CRCs of each original
// stream are combined and checked against its end. A block is first
// given to bzDecoder (bzip2block.go), faster; only what it refuses goes
// through compress/bzip2 so.
//
// A block is found by its magic, which can also occur by chance inside
// compressed data (a chance of 2^-48 per bit); a block cut there fails to
// decode, and is then decoded again joined with what follows (join).

const (
	bzBlockMagic = 0x314159265359
	bzEndMagic   = 0x177245385090
	bzMagicMask  = 1<<48 - 1
	bzMaxSegment = 8 << 20 // compressed octets between magics: a block is under 1 MiB
)

// bzSegment is the bits of the file from one magic to the next: a block,
// or an end of stream with what follows it up to the next block.
type bzSegment struct {
	b        []byte // the octets holding bits [from, to)
	from, to int
	end      bool // an end of stream
	last     bool // the file ends with this segment
	level    byte // the block size digit of the block's stream
	out      []byte
	err      error
	done     chan struct{}
}

// crc is the CRC a block or end of stream holds after its magic.
func (s *bzSegment) crc() (uint32, bool) {
	if s.to-s.from < 80 {
		return 0, false
	}
	return uint32(readBits(s.b, s.from+48, 32)), true
}

// readBits reads n <= 57 bits of b from bit off, first bit most
// significant.
func readBits(b []byte, off, n int) uint64 {
	var v uint64
	for i := off / 8; i < (off+n+7)/8; i++ {
		v = v<<8 | uint64(b[i])
	}
	end := (off + n + 7) / 8 * 8
	return v >> (end - off - n) & (1<<n - 1)
}

// bzWriter appends bits to a buffer, first bit most significant.
type bzWriter struct {
	b []byte
	n int // bits in the last octet of b (0: b ends on an octet)
}

func (w *bzWriter) bits(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		bit := byte(v>>i) & 1
		if w.n == 0 {
			w.b = append(w.b, 0)
		}
		w.b[len(w.b)-1] |= bit << (7 - w.n)
		w.n = (w.n + 1) % 8
	}
}

// copy appends bits [from, to) of b: octet by octet when w is on an octet.
func (w *bzWriter) copy(b []byte, from, to int) {
	if w.n == 0 {
		s := from % 8
		i := from / 8
		for ; (i+1)*8+s <= to && i+1 < len(b); i++ {
			w.b = append(w.b, b[i]<<s|b[i+1]>>(8-s))
		}
		if s == 0 {
			for ; (i+1)*8 <= to; i++ {
				w.b = append(w.b, b[i])
			}
		}
		from = i*8 + s
	}
	for ; from < to; from++ {
		w.bits(uint64(b[from/8]>>(7-from%8)&1), 1)
	}
}

// bzStream makes the stream of one block (or of segments joined: segs),
// whose CRC is crc, for compress/bzip2. A block at the end of the file
// is left as it is there, with whatever follows it.
func bzStream(dst []byte, level byte, segs []*bzSegment, crc uint32) []byte {
	w := bzWriter{b: append(dst[:0], 'B', 'Z', 'h', level)}
	for _, s := range segs {
		w.copy(s.b, s.from, s.to)
	}
	if segs[len(segs)-1].last {
		// The file ends without an end of stream: compress/bzip2 is to
		// find that as it would in the whole file.
		return w.b
	}
	w.bits(bzEndMagic, 48)
	w.bits(uint64(crc), 32)
	return w.b
}

// decodeBlock decodes segs as one block into out (reused).
func decodeBlock(segs []*bzSegment, out, tmp []byte) ([]byte, []byte, error) {
	crc, ok := segs[0].crc()
	if !ok {
		return out[:0], tmp, io.ErrUnexpectedEOF
	}
	tmp = bzStream(tmp, segs[0].level, segs, crc)
	buf := bytes.NewBuffer(out[:0])
	_, err := buf.ReadFrom(bzip2.NewReader(bytes.NewReader(tmp)))
	return buf.Bytes(), tmp, err
}

// bzWorker decodes the blocks of work with a bzDecoder, or each with a
// compress/bzip2 reader of its own (the reader cannot be reset, and a
// stream fed to it past a block cut short would be read as the rest of
// the block).
func bzWorker(work <-chan *bzSegment, free chan []byte) {
	var tmp []byte
	var d bzDecoder
	for s := range work {
		var out []byte
		select {
		case out = <-free:
		default:
		}
		// Ours first (bzip2block.go); what it refuses, compress/bzip2's.
		var ok bool
		if s.out, ok = d.decode(s, out); !ok {
			s.out, tmp, s.err = decodeBlock([]*bzSegment{s}, s.out, tmp)
		}
		close(s.done)
	}
}

// bzScanner splits a bzip2 file into segments at the magics.
type bzScanner struct {
	r     *bufio.Reader
	buf   []byte // the file from octet base on
	base  int64
	start int64 // bit offset in the file of the current segment's magic; -1 before the first
	end   bool  // the current segment is an end of stream
	level byte
	reg   uint64 // the last 64 bits read
	pos   int64  // bits read
	err   error
}

// next returns the next segment, or nil and the error that ended the
// file (io.EOF at its end).
func (sc *bzScanner) next() (*bzSegment, error) {
	for sc.err == nil {
		c, err := sc.r.ReadByte()
		if err != nil {
			sc.err = err
			break
		}
		sc.buf = append(sc.buf, c)
		sc.reg = sc.reg<<8 | uint64(c)
		sc.pos += 8
		if sc.pos == 32 && (sc.reg>>8&(1<<24-1) != 'B'<<16|'Z'<<8|'h' || c < '1' || c > '9') {
			sc.err = bzip2.StructuralError("bad magic value")
			break
		}
		// A magic ending in this octet, at the bit i from its end.
		for i := 7; i >= 0; i-- {
			m := sc.reg >> i & bzMagicMask
			if m != bzBlockMagic && m != bzEndMagic {
				continue
			}
			at := sc.pos - int64(i) - 48
			if at < 32 || sc.start >= 0 && at < sc.start+48 {
				continue
			}
			if sc.start < 0 && at != 32 {
				sc.err = errBzBadMagic
				break
			}
			if m == bzBlockMagic && at%8 == 0 {
				// A stream's first block follows its header: "BZh" and the level.
				if h := at/8 - sc.base; h >= 4 && bytes.Equal(sc.buf[h-4:h-1], []byte("BZh")) {
					sc.level = sc.buf[h-1]
				}
			}
			seg := sc.cut(at)
			sc.end = m == bzEndMagic
			if seg != nil {
				return seg, nil
			}
		}
		if sc.start < 0 && len(sc.buf) > bzMaxSegment || sc.start >= 0 && sc.pos-sc.start > 8*bzMaxSegment {
			sc.err = errors.New("bzip2 data invalid: no block or stream end found in 8 MiB")
		}
	}
	if sc.start >= 0 {
		seg := sc.cut(sc.pos)
		seg.last = sc.err == io.EOF
		sc.start = -1
		return seg, nil
	}
	if sc.err == io.EOF && sc.pos < 32+48 {
		return nil, io.ErrUnexpectedEOF // no header, or no magic after it
	}
	if sc.err == io.EOF && sc.base == 0 {
		return nil, errBzBadMagic // no magic where the first is due
	}
	return nil, sc.err
}

// cut returns the segment from the current magic to bit at, where the
// next one starts, and drops the octets no segment needs any more.
func (sc *bzScanner) cut(at int64) *bzSegment {
	var seg *bzSegment
	if sc.start >= 0 {
		first := sc.start / 8
		last := (at + 7) / 8
		b := append([]byte(nil), sc.buf[first-sc.base:last-sc.base]...)
		seg = &bzSegment{b: b, from: int(sc.start - first*8), to: int(at - first*8), end: sc.end, level: sc.level, done: make(chan struct{})}
	}
	sc.start = at
	drop := at/8 - sc.base
	sc.buf = sc.buf[:copy(sc.buf, sc.buf[drop:])]
	sc.base = at / 8
	return seg
}

// bzParallel is an io.Reader of a bzip2 file decoded on every core.
type bzParallel struct {
	order chan *bzSegment // the segments in file order
	done  chan struct{}
	cur   []byte
	last  []byte       // the buffer cur reads, back to free when done
	free  chan []byte  // buffers of blocks read, for the workers
	pend  []*bzSegment // segments taken from order to join a block that failed
	err   error
	crc   uint32 // of the blocks of the current stream so far
}

// bzInFlight is how many blocks are decoded or waiting to be read at
// once, per core: memory is that many blocks (each under 1 MiB
// compressed and, but for pathological runs, decoded).
const bzInFlight = 2

func newBzParallel(r io.Reader, workers int) *bzParallel {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 256<<10)
	}
	sc := &bzScanner{r: br, start: -1}
	return startBzParallel(sc.next, workers)
}

// startBzParallel decodes the segments next yields on workers
// goroutines.
func startBzParallel(next func() (*bzSegment, error), workers int) *bzParallel {
	p := &bzParallel{order: make(chan *bzSegment, workers*bzInFlight), done: make(chan struct{}),
		free: make(chan []byte, workers*bzInFlight)}
	work := make(chan *bzSegment, workers*bzInFlight)
	for range workers {
		go bzWorker(work, p.free)
	}
	go func() {
		defer close(work)
		defer close(p.order)
		for {
			seg, err := next()
			if seg == nil {
				seg = &bzSegment{err: err, done: make(chan struct{})}
				close(seg.done)
			} else if seg.end {
				close(seg.done)
			}
			select {
			case p.order <- seg:
			case <-p.done:
				return
			}
			if seg.b == nil {
				return
			}
			if !seg.end {
				select {
				case work <- seg:
				case <-p.done:
					return
				}
			}
		}
	}()
	return p
}

// take returns the next segment in file order, once decoded.
func (p *bzParallel) take() *bzSegment {
	var s *bzSegment
	if len(p.pend) > 0 {
		s, p.pend = p.pend[0], p.pend[1:]
	} else if s = <-p.order; s == nil {
		return &bzSegment{err: io.ErrUnexpectedEOF}
	}
	<-s.done
	return s
}

func (p *bzParallel) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		p.err = p.nextBlock()
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// nextBlock takes the next block's output into p.cur; ends of stream on
// the way are checked.
func (p *bzParallel) nextBlock() error {
	s := p.take()
	if s.b == nil {
		if s.err == io.EOF && p.crc != 0 {
			return io.ErrUnexpectedEOF // a stream with blocks and no end
		}
		return s.err
	}
	if s.end {
		want, ok := s.crc()
		if !ok {
			return io.ErrUnexpectedEOF
		}
		if want != p.crc {
			return bzip2.StructuralError("file checksum mismatch")
		}
		p.crc = 0
		// After the padding, nothing, or the header of the next stream.
		tail := s.b[(s.from+80+7)/8 : s.to/8]
		if s.last && len(tail) == 0 || !s.last && s.to%8 == 0 && len(tail) == 4 && bytes.Equal(tail[:3], []byte("BZh")) && tail[3] >= '1' && tail[3] <= '9' {
			return nil
		}
		return bzTailError(tail, s.last)
	}
	if s.err != nil && s.last {
		p.cur = s.out // the file ends in or after the block: the error is compress/bzip2's
		return s.err
	}
	if s.err != nil {
		out, err := p.join(s)
		if err != nil {
			p.cur = out
			return err
		}
		s.out = out
	}
	c, _ := s.crc()
	p.crc = (p.crc<<1 | p.crc>>31) ^ c
	if p.last != nil {
		select { // the block read: its buffer for another
		case p.free <- p.last[:0]:
		default:
		}
	}
	p.cur, p.last = s.out, s.out
	return nil
}

// join decodes block s again joined with the segment after it, and the
// one after that: a magic found by chance inside a block splits it in
// two (twice in one block is a chance of 2^-96 per bit pair). Failing
// that, the error is the block's own, after what compress/bzip2 gives of
// it before finding the error (it checks a block's CRC after its
// output); or, when the joined segments reach the end of the file, what
// decoding them as they are there gives.
func (p *bzParallel) join(s *bzSegment) ([]byte, error) {
	segs := []*bzSegment{s}
	var tmp []byte
	for len(segs) <= 2 {
		if len(p.pend) < len(segs) {
			next := <-p.order
			if next == nil || next.b == nil {
				break
			}
			<-next.done
			p.pend = append(p.pend, next)
		}
		segs = append(segs, p.pend[len(segs)-1])
		out, t, err := decodeBlock(segs, nil, tmp)
		tmp = t
		if err == nil {
			p.pend = p.pend[len(segs)-1:]
			return out, nil
		}
	}
	if len(segs) > 1 && segs[len(segs)-1].last {
		// Joined up to the end of the file: decoded as there.
		out, _, err := decodeBlock(segs, nil, nil)
		return out, err
	}
	return s.out, s.err
}

// bzTailError is the error compress/bzip2 finds in what follows an end
// of stream, tail (and, unless it ends the file, a magic): it reads
// tail after an empty stream.
func bzTailError(tail []byte, last bool) error {
	in := append([]byte("BZh9\x17\x72\x45\x38\x50\x90\x00\x00\x00\x00"), tail...)
	if !last {
		in = append(in, "\x17\x72\x45\x38\x50\x90\x00\x00\x00\x00"...)
	}
	_, err := io.Copy(io.Discard, bzip2.NewReader(bytes.NewReader(in)))
	if err == nil {
		err = errBzBadMagic
	}
	return err
}

// errBzBadMagic is compress/bzip2's error for what follows a block
// (decoded, its CRC checked) being neither a block nor an end of stream.
var errBzBadMagic error = bzip2.StructuralError("bad magic value found")

// close stops the goroutines.
func (p *bzParallel) close() {
	select {
	case <-p.done:
	default:
		close(p.done)
		go func() {
			for range p.order { // let the scanner see done
			}
		}()
	}
}

// bzWorkers is how many blocks are decoded at once: one per core.
func bzWorkers() int { return runtime.GOMAXPROCS(0) }
