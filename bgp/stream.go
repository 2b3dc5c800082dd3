package bgp

import (
	"encoding/binary"
	"io"
	"strconv"
)

// LooksLikeHeader reports whether b starts with what a BGP message header
// plausibly is: the all-ones marker (RFC 4271 §4.1), a length of at least
// the header and at most the extended maximum (RFC 8654), and a type code
// from 1 to 5. Readers of captures and dumps use it to find where messages
// start.
func LooksLikeHeader(b []byte) bool {
	if len(b) < HeaderLen {
		return false
	}
	for _, c := range b[:MarkerLen] {
		if c != 0xff {
			return false
		}
	}
	l := binary.BigEndian.Uint16(b[OffLength:])
	t := b[OffType]
	return l >= HeaderLen && t >= 1 && t <= 5
}

// FindHeader returns the offset of the first place in b where
// LooksLikeHeader holds, or -1.
func FindHeader(b []byte) int {
	for i := 0; i+HeaderLen <= len(b); i++ {
		if b[i] == 0xff && LooksLikeHeader(b[i:]) {
			return i
		}
	}
	return -1
}

// Reader frames the messages of a BGP byte stream (one direction of a
// session, a file of one). Next returns each message, header included; the
// slice is valid until the next call.
type Reader struct {
	r   io.Reader
	buf []byte
	off int64 // stream offset of the next message
	err error
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader { return &Reader{r: r, buf: make([]byte, 0, 4096)} }

// Offset returns the stream offset of the message the last Next returned
// (or of the failure).
func (r *Reader) Offset() int64 { return r.off }

// Next returns the next message. At the end of the stream, between
// messages, it returns io.EOF; a stream that does not frame (no marker
// where a header should be, a stream cut inside a header or a message)
// gives an error that says so, after which every call returns it.
func (r *Reader) Next() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	if len(r.buf) > 0 {
		r.off += int64(len(r.buf))
	}
	hdr := r.buf[:HeaderLen]
	n, err := io.ReadFull(r.r, hdr)
	switch {
	case err == io.EOF:
		r.buf, r.err = r.buf[:0], io.EOF
		return nil, io.EOF
	case err != nil:
		return nil, r.fail("the stream ends inside a BGP header ("+strconv.Itoa(n)+" of 19 octets)", SubBadMessageLength)
	case !LooksLikeHeader(hdr):
		return nil, r.fail("no BGP marker and length here: the stream cannot be framed further", SubConnectionNotSynchronized)
	}
	length := int(binary.BigEndian.Uint16(hdr[OffLength:]))
	if cap(r.buf) < length {
		nb := make([]byte, length)
		copy(nb, hdr)
		r.buf = nb
	}
	r.buf = r.buf[:length]
	if n, err := io.ReadFull(r.r, r.buf[HeaderLen:]); err != nil {
		return nil, r.fail("the stream ends inside a message of "+strconv.Itoa(length)+" octets ("+
			strconv.Itoa(HeaderLen+n)+" present)", SubBadMessageLength)
	}
	return r.buf, nil
}

// fail records a framing error at the current message: a Message Header
// Error (RFC 4271 §6.1) with its stream offset.
func (r *Reader) fail(reason string, sub uint8) error {
	r.buf = r.buf[:0]
	r.err = newErr(int(r.off), CodeMessageHeader, sub, SessionReset, reason)
	return r.err
}
