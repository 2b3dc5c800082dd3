package mrt

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"iter"
	"strconv"
)

// DefaultMaxRecordLen is the largest record a Reader accepts unless told
// otherwise: 16 MiB. The largest records of real archives are RIB records
// of a prefix seen by every peer of a big collector (hundreds of entries
// of a few hundred octets) and BGP4MP records of extended messages (64
// KiB); MRT has no way to resynchronise, so a corrupt length would
// otherwise ask for up to 4 GiB.
const DefaultMaxRecordLen = 16 << 20

const readerChunk = 256 << 10

// StreamError is a framing error of an MRT stream: the record that starts
// at Offset (in the decompressed stream) could not be read whole. The
// records before it were returned; MRT has no marker to resynchronise on,
// so the stream ends here.
type StreamError struct {
	Offset int64
	Err    error // an *Error (offsets relative to the record), io.ErrUnexpectedEOF, or the source's error
}

// Error formats the error as "mrt: stream offset 1234: ...".
func (e *StreamError) Error() string {
	return "mrt: stream offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *StreamError) Unwrap() error { return e.Err }

// Reader frames the records of an MRT stream, gzip- or bzip2-compressed or
// not (recognised by their magic octets). It keeps one buffer, as large as
// the largest record seen (and at most the maximum), so memory stays
// bounded whatever the size of the file, and returns each record in place.
// A compressed stream is decompressed by a goroutine a few chunks ahead
// (1 MiB at most), and a bzip2 one with its blocks decoded on every core
// (two blocks per core at most, bzip2par.go): call Close when done with
// the Reader before its end.
type Reader struct {
	src    io.Reader
	buf    []byte
	start  int   // first unread octet of buf
	end    int   // end of the data in buf
	off    int64 // stream offset of buf[start]
	recOff int64
	max    int
	err    error
	ahead  interface{ close() } // decompressing in goroutines of its own
	// Compression names the compression found: "", "gzip" or "bzip2".
	Compression string
}

// NewReader returns a Reader of r, decompressing it when it starts with
// the gzip or bzip2 magic.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(3)
	rd := &Reader{src: br, max: DefaultMaxRecordLen}
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		ra := newReadahead(zr)
		rd.ahead, rd.src, rd.Compression = ra, ra, "gzip"
	case bytes.Equal(magic, []byte("BZh")):
		// Block by block also on one core: bzDecoder is faster than
		// compress/bzip2 there too.
		p := newBzParallel(br, bzWorkers())
		rd.ahead, rd.src, rd.Compression = p, p, "bzip2"
	}
	return rd, nil
}

// Close stops the goroutine that decompresses ahead of the Reader (a
// compressed stream has one); records already returned stay valid. It
// does not close the source.
func (r *Reader) Close() error {
	if r.ahead != nil {
		r.ahead.close()
	}
	return nil
}

// SetMaxRecordLen sets the largest record accepted, header included.
func (r *Reader) SetMaxRecordLen(n int) { r.max = max(n, HeaderLen) }

// Offset returns the stream offset (after decompression) of the record
// the last Next returned.
func (r *Reader) Offset() int64 { return r.recOff }

// Next returns the next record. It aliases the reader's buffer until the
// next call. At the end of the stream, between records, Next returns
// io.EOF; a stream that ends inside a record, a source error or a record
// over the maximum gives a *StreamError, after which every call returns
// the same error.
func (r *Reader) Next() (RecordView, error) {
	if r.err != nil {
		return RecordView{}, r.err
	}
	if err := r.fill(HeaderLen); err != nil {
		if err == io.EOF && r.end == r.start {
			r.err = io.EOF
			return RecordView{}, io.EOF
		}
		return RecordView{}, r.cut(err, HeaderLen)
	}
	length := uint64(binary.BigEndian.Uint32(r.buf[r.start+OffLength:]))
	if length > uint64(r.max-HeaderLen) {
		return RecordView{}, r.fail(errAt(OffLength, "record length over the reader's maximum"))
	}
	n := HeaderLen + int(length)
	if err := r.fill(n); err != nil {
		return RecordView{}, r.cut(err, n)
	}
	if Type(binary.BigEndian.Uint16(r.buf[r.start+OffType:])) == TypeTableDump {
		r.fill(n + 4) // SplitRecord looks there for the 4 octets of a batched record
	}
	rec, _, err := SplitRecord(r.buf[r.start:r.end])
	if err != nil {
		return RecordView{}, r.fail(err)
	}
	n = len(rec.Raw)
	r.recOff = r.off
	r.start += n
	r.off += int64(n)
	return rec, nil
}

// Records yields the records Next returns, until the end of the stream
// or its first error (Err tells which). Each record aliases the reader's
// buffer until the next one.
func (r *Reader) Records() iter.Seq[RecordView] {
	return func(yield func(RecordView) bool) {
		for {
			rec, err := r.Next()
			if err != nil || !yield(rec) {
				return
			}
		}
	}
}

// Err returns the error that ended the stream: nil while records remain
// and at its end, the *StreamError of a cut or damaged stream otherwise.
func (r *Reader) Err() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}

// cut reports a record the stream ended inside: how much of its n octets
// there were.
func (r *Reader) cut(err error, n int) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		have := r.end - r.start
		return r.fail(errAt(have, "the stream ends inside the record ("+strconv.Itoa(have)+" of "+strconv.Itoa(n)+" octets)"))
	}
	return r.fail(err)
}

func (r *Reader) fail(err error) error {
	r.err = &StreamError{Offset: r.off, Err: err}
	return r.err
}

// fill makes at least n octets available at buf[start:].
func (r *Reader) fill(n int) error {
	if r.end-r.start >= n {
		return nil
	}
	if len(r.buf)-r.start < n {
		size := max(len(r.buf), readerChunk)
		for size < n {
			size *= 2
		}
		buf := r.buf
		if size > len(buf) {
			buf = make([]byte, size)
		}
		copy(buf, r.buf[r.start:r.end])
		r.end -= r.start
		r.start = 0
		r.buf = buf
	}
	for empty := 0; r.end-r.start < n; {
		m, err := r.src.Read(r.buf[r.end:])
		r.end += m
		if r.end-r.start >= n {
			return nil
		}
		if err != nil {
			return err
		}
		if m > 0 {
			empty = 0
		} else if empty++; empty >= 100 {
			return io.ErrNoProgress
		}
	}
	return nil
}

// Writer writes MRT records to a stream.
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter returns a Writer to w; each record is one call to w.Write.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write encodes rec and writes it.
func (w *Writer) Write(rec Record) error {
	b, err := rec.Append(w.buf[:0])
	if err != nil {
		return err
	}
	w.buf = b[:0]
	_, err = w.w.Write(b)
	return err
}

// WriteRaw writes b after checking that it is exactly one record.
func (w *Writer) WriteRaw(b []byte) error {
	if _, err := ParseRecord(b); err != nil {
		return err
	}
	_, err := w.w.Write(b)
	return err
}
