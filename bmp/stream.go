package bmp

import (
	"encoding/binary"
	"io"
	"strconv"
)

// DefaultMaxMessageLen is the largest message a Reader accepts unless told
// otherwise: 1 MiB. The largest BMP messages real routers send are a
// Route Monitoring or Route Mirroring carrying an extended BGP message
// (65535 octets, RFC 8654) plus headers and TLVs, under 70 KiB; a Peer Up
// holds two OPENs of at most 4096 octets each. 1 MiB leaves room for
// generous TLVs and future drafts while bounding what a corrupt or hostile
// stream can make the reader allocate: BMP has no resynchronisation, so a
// garbage length would otherwise ask for up to 4 GiB.
const DefaultMaxMessageLen = 1 << 20

// readerChunk is how much a Reader asks of its source at a time once the
// source has shown it is fast; minReaderBuf is where its buffer starts.
const (
	readerChunk  = 64 << 10
	minReaderBuf = 4 << 10
)

// StreamError is a framing error of a BMP stream. Offset is the position
// in the stream of the first octet of the message at fault. BMP has no
// marker to resynchronise on, so after a StreamError the stream cannot be
// read further.
type StreamError struct {
	Offset int64
	Err    error // an *Error (offsets relative to the message) or io.ErrUnexpectedEOF, or the source's error
}

// Error formats the error as "bmp: stream offset 1234: ...".
func (e *StreamError) Error() string {
	b := append([]byte("bmp: stream offset "), strconv.FormatInt(e.Offset, 10)...)
	b = append(b, ": "...)
	b = append(b, e.Err.Error()...)
	return string(b)
}

// Unwrap returns the underlying error.
func (e *StreamError) Unwrap() error { return e.Err }

// Reader frames the BMP messages of a byte stream (a TCP connection from a
// router, or a file of such a stream). It checks each common header
// (version 3 or 4, a length of at least 6 octets and at most the
// configured maximum) and returns whole messages, buffering its source so
// that most messages cost no copy and no system call of their own.
type Reader struct {
	r      io.Reader
	buf    []byte
	start  int   // first unread octet of buf
	end    int   // end of the data in buf
	off    int64 // stream offset of buf[start]
	msgOff int64 // stream offset of the message last returned
	max    int
	full   bool // the last read filled the buffer: the source is ahead of us
	err    error
}

// NewReader returns a Reader of r with DefaultMaxMessageLen.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: r, max: DefaultMaxMessageLen}
}

// NewBytesReader returns a Reader of a stream held whole in b (a file read
// into memory, a capture's reassembled stream): it frames the messages in
// place, so they alias b and stay valid as long as b does, and nothing is
// copied or allocated per message. DefaultMaxMessageLen applies.
func NewBytesReader(b []byte) *Reader {
	return &Reader{buf: b, end: len(b), max: DefaultMaxMessageLen}
}

// SetMaxMessageLen sets the largest message length accepted (at least the
// 6-octet common header).
func (r *Reader) SetMaxMessageLen(n int) {
	if n < CommonHeaderLen {
		n = CommonHeaderLen
	}
	r.max = n
}

// Offset returns the stream offset of the first octet of the message the
// last Next returned.
func (r *Reader) Offset() int64 { return r.msgOff }

// Next returns the next message, common header included. The slice is
// valid until the next call to Next: it aliases the reader's buffer (or,
// for NewBytesReader, the caller's bytes, for as long as they live). At
// the end of the stream, between messages, Next returns io.EOF; a stream
// that ends inside a message, a bad version or an impossible length gives
// a *StreamError, after which every call returns the same error.
func (r *Reader) Next() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if err := r.fill(CommonHeaderLen); err != nil {
		if err == io.EOF && r.end == r.start {
			r.err = io.EOF
			return nil, io.EOF
		}
		return nil, r.fail(err)
	}
	// ParseHeader's checks, inline for a good header (version 3 or 4, a
	// length of at least the header); ParseHeader describes a bad one.
	b := r.buf[r.start:r.end]
	length := uint64(binary.BigEndian.Uint32(b[OffLength:]))
	if v := b[OffVersion]; v != Version3 && v != Version4 || length < CommonHeaderLen {
		if _, err := ParseHeader(b); err != nil {
			return nil, r.fail(err)
		}
	}
	if length > uint64(r.max) {
		return nil, r.fail(errAt(OffLength, "message length over the reader's maximum"))
	}
	n := int(length)
	if err := r.fill(n); err != nil {
		return nil, r.fail(err)
	}
	msg := r.buf[r.start : r.start+n : r.start+n]
	r.msgOff = r.off
	r.start += n
	r.off += int64(n)
	return msg, nil
}

// fail records a framing error at the current message.
func (r *Reader) fail(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	r.err = &StreamError{Offset: r.off, Err: err}
	return r.err
}

// fill makes at least n octets available at buf[start:].
//
// The buffer grows as octets arrive, never on a length field's word: a
// header announcing a large message costs nothing until its octets come
// (a stream can promise max octets and send six). It starts at
// minReaderBuf, doubles when a read fills it (a fast source) up to
// readerChunk, and beyond that only as far as a message needs.
func (r *Reader) fill(n int) error {
	if r.end-r.start >= n {
		return nil
	}
	if r.r == nil {
		return io.EOF // NewBytesReader: the stream is all in buf
	}
	if len(r.buf)-r.start < n && r.start > 0 {
		// Move the partial message to the front.
		copy(r.buf, r.buf[r.start:r.end])
		r.end -= r.start
		r.start = 0
	}
	for empty := 0; r.end-r.start < n; {
		if r.end == len(r.buf) || (r.full && len(r.buf) < readerChunk) {
			r.grow(n)
		}
		room := len(r.buf) - r.end
		m, err := r.r.Read(r.buf[r.end:])
		r.end += m
		r.full = m == room
		if r.end-r.start >= n {
			return nil
		}
		if err != nil {
			return err
		}
		if m > 0 {
			empty = 0
		} else if empty++; empty >= 100 {
			return io.ErrNoProgress // as bufio.Reader: a broken source
		}
	}
	return nil
}

// grow doubles the buffer (at least minReaderBuf), up to readerChunk, or
// past it to no more than a message of n octets needs.
func (r *Reader) grow(n int) {
	size := max(2*len(r.buf), minReaderBuf)
	if size > readerChunk {
		size = max(min(size, n), readerChunk)
	}
	if size <= len(r.buf) {
		r.full = false
		return
	}
	buf := make([]byte, size)
	r.end = copy(buf, r.buf[r.start:r.end])
	r.start = 0
	r.buf = buf
	r.full = false
}

// BufferSize returns the octets the Reader's buffer holds allocated: what
// the stream has made it hold so far.
func (r *Reader) BufferSize() int { return len(r.buf) }

// Writer writes BMP messages to a stream.
type Writer struct {
	w   io.Writer
	buf []byte
}

// NewWriter returns a Writer to w. Each message is written with one call
// to w.Write.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write encodes m and writes it.
func (w *Writer) Write(m Message) error {
	b, err := m.Append(w.buf[:0])
	if err != nil {
		return err
	}
	w.buf = b[:0]
	_, err = w.w.Write(b)
	return err
}

// WriteRaw writes msg, an encoded message, after checking that it is one
// whole message: a valid common header whose length is len(msg).
func (w *Writer) WriteRaw(msg []byte) error {
	h, err := ParseHeader(msg)
	if err != nil {
		return err
	}
	if uint64(h.Length) != uint64(len(msg)) {
		return errAt(OffLength, "message length field disagrees with the octets given")
	}
	_, err = w.w.Write(msg)
	return err
}
