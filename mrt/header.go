package mrt

import (
	"encoding/binary"
	"strconv"
)

// HeaderLen is the length of the MRT common header: Timestamp (4), Type
// (2), Subtype (2), Length (4) (RFC 6396 §2).
const HeaderLen = 12

// Offsets of the common header's fields.
const (
	OffTimestamp    = 0
	OffType         = 4
	OffSubtype      = 6
	OffLength       = 8
	OffMicroseconds = HeaderLen // the _ET types only (RFC 6396 §3)
)

// Header is the MRT common header. For the _ET types Microseconds is the
// Microsecond Timestamp that follows the header: RFC 6396 §3 counts it in
// Length, and so does this package.
type Header struct {
	Timestamp    uint32 // seconds since 1970 (UTC)
	Type         Type
	Subtype      uint16
	Length       uint32 // octets after the common header, as the field says
	Microseconds uint32 // _ET types only

	// Extra counts octets that belong to the record past what Length says:
	// 4 in the early RIPE RIS TABLE_DUMP records that batch many entries
	// (see TableDumps), whose writer left the View and Sequence Number out
	// of Length. 0 everywhere else.
	Extra int
}

// Kind returns the layout of the record's body (KindOf).
func (h Header) Kind() Kind { return KindOf(h.Type, h.Subtype) }

// SubtypeName returns the name of the record's subtype.
func (h Header) SubtypeName() string { return SubtypeName(h.Type, h.Subtype) }

// bodyOff is where the body starts after the common header: 12, or 16
// with the microsecond timestamp.
func (h Header) bodyOff() int {
	if h.Type.Extended() {
		return HeaderLen + 4
	}
	return HeaderLen
}

// Error describes a record that cannot be framed or read. Off is the
// offset, from the first octet of the record, where the problem starts.
// Reason is a constant: building an Error formats no text.
type Error struct {
	Off    int
	Reason string
}

// Error formats the error as "mrt: offset 17: ...".
func (e *Error) Error() string {
	return "mrt: offset " + strconv.Itoa(e.Off) + ": " + e.Reason
}

func errAt(off int, reason string) *Error { return &Error{Off: off, Reason: reason} }

// ParseHeader reads the common header at the start of b (and the
// microsecond timestamp of the _ET types). b may hold more than the
// record; it must hold the header.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, errAt(len(b), "record shorter than the 12-octet common header")
	}
	h := Header{
		Timestamp: binary.BigEndian.Uint32(b[OffTimestamp:]),
		Type:      Type(binary.BigEndian.Uint16(b[OffType:])),
		Subtype:   binary.BigEndian.Uint16(b[OffSubtype:]),
		Length:    binary.BigEndian.Uint32(b[OffLength:]),
	}
	if h.Type.Extended() {
		if h.Length < 4 {
			return h, errAt(OffLength, "_ET record too short for its microsecond timestamp")
		}
		if len(b) < HeaderLen+4 {
			return h, errAt(len(b), "record ends inside the microsecond timestamp")
		}
		h.Microseconds = binary.BigEndian.Uint32(b[OffMicroseconds:])
	}
	return h, nil
}

// appendHeader appends h with its Length field; the caller patches it.
func appendHeader(dst []byte, h Header) []byte {
	dst = binary.BigEndian.AppendUint32(dst, h.Timestamp)
	dst = binary.BigEndian.AppendUint16(dst, uint16(h.Type))
	dst = binary.BigEndian.AppendUint16(dst, h.Subtype)
	dst = binary.BigEndian.AppendUint32(dst, h.Length)
	if h.Type.Extended() {
		dst = binary.BigEndian.AppendUint32(dst, h.Microseconds)
	}
	return dst
}
