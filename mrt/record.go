package mrt

import (
	"encoding/binary"
	"net/netip"
)

// RecordView is one MRT record framed in place: its header and its body.
// Body and Raw alias the input.
type RecordView struct {
	Header
	Body []byte // the octets after the common header and, for _ET types, the microsecond timestamp
	Raw  []byte // the whole record
}

// bodyOff returns the offset of Body in Raw.
func (r RecordView) bodyOff() int { return r.Header.bodyOff() }

// SplitRecord frames the record at the start of b and returns it and the
// octets after it. A record whose Length runs past the end of b is an
// error at the Length field.
func SplitRecord(b []byte) (RecordView, []byte, error) {
	h, err := ParseHeader(b)
	if err != nil {
		return RecordView{}, b, err
	}
	if uint64(h.Length) > uint64(len(b)-HeaderLen) {
		return RecordView{}, b, errAt(OffLength, "record length runs past the end of the input")
	}
	n := HeaderLen + int(h.Length)
	if h.Type == TypeTableDump && batchedLen(b[:min(len(b), n+4)], h) == n+4 {
		h.Extra, n = 4, n+4
	}
	r := RecordView{Header: h, Raw: b[:n:n]}
	r.Body = r.Raw[h.bodyOff():]
	return r, b[n:], nil
}

// ParseRecord frames b as exactly one record.
func ParseRecord(b []byte) (RecordView, error) {
	r, rest, err := SplitRecord(b)
	if err != nil {
		return r, err
	}
	if len(rest) != 0 {
		return r, errAt(len(r.Raw), "octets after the record")
	}
	return r, nil
}

// cursor reads big-endian fields from a body, keeping the offset of the
// next octet relative to the record so that errors say where they are.
type cursor struct {
	b    []byte
	i    int // next octet of b
	base int // offset of b[0] in the record
	err  *Error
}

// need checks that n more octets are there; the first shortfall is kept.
func (c *cursor) need(n int, what string) bool {
	if c.err != nil {
		return false
	}
	if n > len(c.b)-c.i {
		c.err = errAt(c.base+len(c.b), what)
		return false
	}
	return true
}

func (c *cursor) u8(what string) uint8 {
	if !c.need(1, what) {
		return 0
	}
	c.i++
	return c.b[c.i-1]
}

func (c *cursor) u16(what string) uint16 {
	if !c.need(2, what) {
		return 0
	}
	c.i += 2
	return binary.BigEndian.Uint16(c.b[c.i-2:])
}

func (c *cursor) u32(what string) uint32 {
	if !c.need(4, what) {
		return 0
	}
	c.i += 4
	return binary.BigEndian.Uint32(c.b[c.i-4:])
}

// as reads a 2- or 4-octet AS number.
func (c *cursor) as(as4 bool, what string) uint32 {
	if as4 {
		return c.u32(what)
	}
	return uint32(c.u16(what))
}

// addr reads a 4- or 16-octet address. IPv6 addresses stay 16-octet
// even when they are IPv4-mapped, so that they re-encode as read.
func (c *cursor) addr(n int, what string) netip.Addr {
	if !c.need(n, what) {
		return netip.Addr{}
	}
	c.i += n
	if n == 4 {
		return netip.AddrFrom4([4]byte(c.b[c.i-4 : c.i]))
	}
	return netip.AddrFrom16([16]byte(c.b[c.i-16 : c.i]))
}

// bytes returns the next n octets, capped.
func (c *cursor) bytes(n int, what string) []byte {
	if n < 0 || !c.need(n, what) {
		if c.err == nil {
			c.err = errAt(c.base+c.i, what)
		}
		return nil
	}
	c.i += n
	return c.b[c.i-n : c.i : c.i]
}

// rest returns the octets after the cursor, capped.
func (c *cursor) rest() []byte { return c.b[c.i:len(c.b):len(c.b)] }

// off returns the record offset of the next octet.
func (c *cursor) off() int { return c.base + c.i }

// afiAddrLen returns the address length of AFI 1 or 2, 0 for others.
func afiAddrLen(afi uint16) int {
	switch afi {
	case 1:
		return 4
	case 2:
		return 16
	}
	return 0
}

// appendAddr appends a, 4 or 16 octets as it is held.
func appendAddr(dst []byte, a netip.Addr) []byte {
	if a.Is4() {
		b := a.As4()
		return append(dst, b[:]...)
	}
	b := a.As16()
	return append(dst, b[:]...)
}

// appendAS appends a 2- or 4-octet AS number.
func appendAS(dst []byte, as uint32, as4 bool) []byte {
	if as4 {
		return binary.BigEndian.AppendUint32(dst, as)
	}
	return binary.BigEndian.AppendUint16(dst, uint16(as))
}

// tableDumpEntry is the length of a TABLE_DUMP entry of n-octet addresses
// after the View and Sequence Number, from its Attribute Length.
func tableDumpEntry(b []byte, n int) (int, bool) {
	fixed := 2*n + 10 // prefix, length, status, time, peer, peer AS, attribute length
	if len(b) < fixed {
		return 0, false
	}
	return fixed + int(binary.BigEndian.Uint16(b[fixed-2:])), true
}

// batchedLen returns the length of an early RIS TABLE_DUMP record that
// batches entries (View and Sequence Number once, then entries without
// them, the Length field 4 octets short), or 0 when b's record is not one:
// its entries must end exactly 4 octets past the Length.
func batchedLen(b []byte, h Header) int {
	n := afiAddrLen(subRowOf(h.Type, h.Subtype).afi)
	end := HeaderLen + int(h.Length) + 4
	if n == 0 || len(b) < end {
		return 0
	}
	i, entries := HeaderLen+4, 0
	for i < end {
		m, ok := tableDumpEntry(b[i:end], n)
		if !ok || i+m > end {
			return 0
		}
		i, entries = i+m, entries+1
	}
	if entries < 2 {
		return 0
	}
	return end
}
