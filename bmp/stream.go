package bmp

import (
	"bufio"
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
// that most messages cost no copy and no system call of their own. A
// source that is already buffered frames in place: a byte slice
// (NewBytesReader), or a *bufio.Reader, whose buffer holds the messages
// that fit in it (Peek) and is not copied. Messages of BMP versions 1 and
// 2 are an error unless ReadLegacy allows them.
type Reader struct {
	r        io.Reader
	br       *bufio.Reader // r, when it is one: framed in its buffer
	peeked   bool          // buf is br's buffer, of which start octets are read
	own      []byte        // the buffer of r's own (buf, unless peeked)
	buf      []byte
	start    int   // first unread octet of buf
	end      int   // end of the data in buf
	off      int64 // stream offset of buf[start]
	msgOff   int64 // stream offset of the message last returned
	max      int
	full     bool   // the last read filled the buffer: the source is ahead of us
	legacy   []byte // the version 3 form of the last version 1 or 2 message
	legacyOK bool   // ReadLegacy
	err      error
}

// NewReader returns a Reader of r with DefaultMaxMessageLen. When r is a
// *bufio.Reader, the messages that fit in its buffer are framed there, in
// place; the Reader then owns r: reading r beside it loses octets.
func NewReader(r io.Reader) *Reader {
	br, _ := r.(*bufio.Reader)
	return &Reader{r: r, br: br, max: DefaultMaxMessageLen}
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

// ReadLegacy says whether messages of BMP versions 1 and 2, which have no
// length field, are framed by their bodies and returned in their version
// 3 form (UpgradeLegacy), instead of ending the stream with an error. It
// is off by default: a reader that follows the stream's framing itself,
// as a collector timing stalled messages by the length field does, would
// lose track of it.
func (r *Reader) ReadLegacy(on bool) { r.legacyOK = on }

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
		if IsLegacyVersion(v) && r.legacyOK {
			return r.nextLegacy()
		}
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

// nextLegacy frames a version 1 or 2 message by its body, reading as far
// as each step of the framing needs, and returns its version 3 form, held
// in the Reader's own buffer until the next call.
func (r *Reader) nextLegacy() ([]byte, error) {
	for need := LegacyHeaderLen; ; {
		if need > r.max {
			return nil, r.fail(errAt(0, "message length over the reader's maximum"))
		}
		// A Statistics Report frames a statistic at a time: reading only
		// the next step's octets would frame it again from its start,
		// and grow the buffer, once a statistic (its length squared).
		// Reading up to twice what is held, when the source has it,
		// takes a handful of steps.
		if err := r.fillUpTo(need, min(max(need, 2*(r.end-r.start)), r.max)); err != nil {
			return nil, r.fail(err)
		}
		n, more, e := LegacyFrame(r.buf[r.start:r.end])
		if e != nil {
			return nil, r.fail(e)
		}
		if more == 0 {
			r.legacy = appendUpgraded(r.legacy[:0], r.buf[r.start:r.start+n])
			r.msgOff = r.off
			r.start += n
			r.off += int64(n)
			return r.legacy, nil
		}
		need = more
	}
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
func (r *Reader) fill(n int) error { return r.fillUpTo(n, n) }

// fillUpTo is fill that reads on up to want octets (want >= n) from a
// source that has them, without waiting for more than n.
func (r *Reader) fillUpTo(n, want int) error {
	if r.end-r.start >= n {
		return nil
	}
	if r.r == nil {
		return io.EOF // NewBytesReader: the stream is all in buf
	}
	if r.br != nil {
		if n <= r.br.Size() && (r.peeked || r.start == r.end) {
			return r.peek(n)
		}
		r.unpeek()
	}
	if len(r.buf)-r.start < n && r.start > 0 {
		// Move the partial message to the front.
		copy(r.buf, r.buf[r.start:r.end])
		r.end -= r.start
		r.start = 0
	}
	for empty := 0; r.end-r.start < n; {
		if r.end == len(r.buf) || (r.full && len(r.buf) < readerChunk) {
			r.grow(want)
		}
		to := len(r.buf)
		if r.br != nil {
			// Only the message: after it, the next ones are framed in
			// br's buffer again.
			to = min(to, r.start+want)
		}
		room := to - r.end
		m, err := r.r.Read(r.buf[r.end:to])
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

// peek makes at least n octets, no more than br's buffer holds, available
// in place: buf becomes br's buffered octets, after those read.
func (r *Reader) peek(n int) error {
	if r.peeked {
		r.br.Discard(r.start) // buffered: cannot fail
	}
	r.peeked = true
	_, err := r.br.Peek(n)
	r.buf, _ = r.br.Peek(r.br.Buffered())
	r.start, r.end = 0, len(r.buf)
	if r.end >= n {
		return nil
	}
	return err
}

// unpeek moves the unread octets of br's buffer into the Reader's own,
// for a message longer than br's buffer.
func (r *Reader) unpeek() {
	if !r.peeked {
		return
	}
	rest := r.buf[r.start:r.end]
	if len(r.own) < len(rest) {
		r.own = make([]byte, max(len(rest), minReaderBuf))
	}
	r.end = copy(r.own, rest)
	r.br.Discard(r.end + r.start)
	r.buf, r.start, r.peeked = r.own, 0, false
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
	r.buf, r.own = buf, buf
	r.full = false
}

// BufferSize returns the octets the Reader's buffer holds allocated: what
// the stream has made it hold so far (a *bufio.Reader source's buffer is
// its owner's, not counted).
func (r *Reader) BufferSize() int { return len(r.own) }

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
