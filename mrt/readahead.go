package mrt

import "io"

// readahead runs a decompressor in a goroutine of its own, a few chunks
// ahead of the Reader, so that decompressing and reading records use two
// cores. Memory is bounded: readaheadChunks chunks of readaheadSize octets
// are in flight at most, and are reused.
type readahead struct {
	full  chan chunk
	empty chan []byte
	done  chan struct{}
	cur   chunk
	err   error
}

// chunk is a buffer of decompressed octets: b is what is left to read of
// buf.
type chunk struct {
	buf, b []byte
	err    error
}

const (
	readaheadChunks = 4
	readaheadSize   = 256 << 10
)

func newReadahead(src io.Reader) *readahead {
	r := &readahead{
		full:  make(chan chunk, readaheadChunks),
		empty: make(chan []byte, readaheadChunks),
		done:  make(chan struct{}),
	}
	for range readaheadChunks {
		r.empty <- make([]byte, readaheadSize)
	}
	go r.fill(src)
	return r
}

// fill reads src into free chunks until src fails or the reader closes.
func (r *readahead) fill(src io.Reader) {
	for {
		var b []byte
		select {
		case b = <-r.empty:
		case <-r.done:
			return
		}
		n, err := io.ReadFull(src, b)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case r.full <- chunk{b, b[:n], err}:
		case <-r.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read copies from the current chunk, taking the next when it is used up.
func (r *readahead) Read(p []byte) (int, error) {
	for len(r.cur.b) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.cur.buf != nil {
			r.empty <- r.cur.buf
			r.cur.buf = nil
		}
		c, ok := <-r.full
		if !ok {
			return 0, io.ErrClosedPipe
		}
		r.cur, r.err = c, c.err
		if len(c.b) == 0 && c.err == nil {
			continue
		}
	}
	n := copy(p, r.cur.b)
	r.cur.b = r.cur.b[n:]
	return n, nil
}

// close stops the goroutine.
func (r *readahead) close() {
	select {
	case <-r.done:
	default:
		close(r.done)
	}
}
