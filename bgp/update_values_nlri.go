package bgp

import (
	"encoding/binary"
	"net/netip"
	"slices"
)

// The prefix loops of UpdateValues.Decode: the NLRI fields decoded into
// its route slices as they are checked.

// decodeRoutes appends the routes of the NLRI field msg[off:] of family
// f, checked as checkRoutes checks them; ok is false at a malformed entry.
// It is too large to inline: the MP attributes of IPv6 unicast, nearly
// all of them, call appendPrefixes6 themselves.
func (d *UpdateValues) decodeRoutes(rs []Route, msg []byte, off int, f Family, addPath bool) ([]Route, bool) {
	if kind := f.kind(); kind != nlriPrefix {
		return d.decodeOther(rs, msg, off, f, addPath, kind)
	}
	if f.AFI == AFIIPv6 {
		return appendPrefixes6(rs, msg, off, addPath)
	}
	return appendPrefixes4(rs, msg, off, addPath)
}

// decodeOther is decodeRoutes for the families with labels or route
// distinguishers.
func (d *UpdateValues) decodeOther(rs []Route, msg []byte, off int, f Family, addPath bool, kind nlriKind) ([]Route, bool) {
	d.labeled = true
	for off < len(msg) {
		r, n, err := parseRoute(msg[off:], off, f, addPath, kind)
		if err != nil {
			return rs, false
		}
		rs = append(rs, r)
		off += n
	}
	return rs, true
}

// roomFor returns rs with room for at least the routes that the left
// octets of an NLRI field can hold (an entry is at least one octet, five
// with ADD-PATH), and for no fewer than it has: the storage it adds is
// zeroed.
func roomFor(rs []Route, left int, addPath bool) []Route {
	if addPath {
		left /= 5
	}
	return slices.Grow(rs, max(left, cap(rs), 1))
}

// appendPrefixes4 and appendPrefixes6 append the routes of the NLRI field
// msg[off:] of IPv4 or IPv6 plain prefixes, as routeCursor.step decodes
// them and checkRoutes accepts them; ok is false at a malformed entry.
// They write Prefix, PathID and Off in place: the other fields of rs's
// storage are zero (see UpdateValues.labeled). A loop per family keeps
// the loop's state in registers.
func appendPrefixes4(rs []Route, msg []byte, off int, addPath bool) ([]Route, bool) {
	// The words that end with a prefix's last octet start inside msg:
	// the field starts after the UPDATE's header.
	if off < 4 || off > len(msg) {
		return rs, false
	}
	i := off
	for {
		// Runs of routes into the storage rs has, the storage grown
		// between runs: the loops make no call, so their state stays in
		// registers. A loop per ADD-PATH setting: the fewer values a loop
		// keeps, the fewer the Go compiler spills to the stack.
		all, n := rs[:cap(rs)], len(rs)
		if !addPath {
			for ; n < len(all) && uint(i) < uint(len(msg)); n++ {
				bits := uint(msg[i])
				nb := (bits + 7) >> 3
				e := i + 1 + int(nb)
				if bits > 32 || e > len(msg) {
					return all[:n], false
				}
				r := &all[n]
				r.Prefix = netip.PrefixFrom(netip.AddrFrom4(addr4(msg, e, nb)), int(bits))
				r.PathID, r.Off = 0, i
				i = e
			}
		} else {
			// A Path Identifier first (RFC 7911 §3).
			for ; n < len(all) && i >= 0 && i+5 <= len(msg); n++ {
				bits := uint(msg[i+4])
				nb := (bits + 7) >> 3
				e := i + 5 + int(nb)
				if bits > 32 || e > len(msg) {
					return all[:n], false
				}
				r := &all[n]
				r.Prefix = netip.PrefixFrom(netip.AddrFrom4(addr4(msg, e, nb)), int(bits))
				r.PathID, r.Off = binary.BigEndian.Uint32(msg[i:i+4]), i
				i = e
			}
		}
		rs = all[:n]
		if n < len(all) {
			// The field's end, or too few octets left for an entry's
			// Path Identifier and length.
			return rs, i == len(msg)
		}
		rs = roomFor(rs, len(msg)-i, addPath)
	}
}

// addr4 is the IPv4 address whose leading nb octets (at most 4) end at
// msg[e-1], the others zero (appendPrefixes4 checked 4 <= e <= len(msg)):
// the word that ends with them, read in memory order (little-endian: a
// right shift drops the octets before them), with nothing past e read
// and no loop for a field's last prefix, and AddrFrom4 reads it back as
// stored.
func addr4(msg []byte, e int, nb uint) (a [4]byte) {
	// A 64-bit shift, by at most 32 (nb 0): no test of the amount.
	binary.LittleEndian.PutUint32(a[:], uint32(uint64(binary.LittleEndian.Uint32(msg[e-4:e]))>>(8*(4-nb)&63)))
	return a
}

func appendPrefixes6(rs []Route, msg []byte, off int, addPath bool) ([]Route, bool) {
	// The words that end with a prefix's last octet start inside msg:
	// the field starts after the UPDATE's header.
	if off < 8 || off > len(msg) {
		return rs, false
	}
	i := off
	for {
		// A loop per ADD-PATH setting: the fewer values a loop keeps,
		// the fewer the Go compiler spills to the stack.
		all, n := rs[:cap(rs)], len(rs)
		if !addPath {
			for ; n < len(all) && uint(i) < uint(len(msg)); n++ {
				bits := uint(msg[i])
				p := i + 1
				e := p + int(bits+7)>>3
				if bits > 128 || e > len(msg) {
					return all[:n], false
				}
				r := &all[n]
				r.Prefix = netip.PrefixFrom(netip.AddrFrom16(addr6(msg, p, e)), int(bits))
				r.PathID, r.Off = 0, i
				i = e
			}
		} else {
			// A Path Identifier first (RFC 7911 §3).
			for ; n < len(all) && i >= 0 && i+5 <= len(msg); n++ {
				bits := uint(msg[i+4])
				p := i + 5
				e := p + int(bits+7)>>3
				if bits > 128 || e > len(msg) {
					return all[:n], false
				}
				r := &all[n]
				r.Prefix = netip.PrefixFrom(netip.AddrFrom16(addr6(msg, p, e)), int(bits))
				r.PathID, r.Off = binary.BigEndian.Uint32(msg[i:i+4]), i
				i = e
			}
		}
		rs = all[:n]
		if n < len(all) {
			// The field's end, or too few octets left for an entry's
			// Path Identifier and length.
			return rs, i == len(msg)
		}
		rs = roomFor(rs, len(msg)-i, addPath)
	}
}

// addr6 is the IPv6 address whose leading octets are msg[p:e], the others
// zero (appendPrefixes6 checked 8 <= p <= e <= p+16, e <= len(msg)). The
// octets are read in memory order with the word that starts with them and
// the one that ends with them (little-endian: a right shift drops the
// octets before p): nothing past e is read, and AddrFrom16 reads the
// words back as stored.
func addr6(msg []byte, p, e int) (a [16]byte) {
	if nb := e - p; nb > 8 {
		binary.LittleEndian.PutUint64(a[:], binary.LittleEndian.Uint64(msg[p:p+8]))
		binary.LittleEndian.PutUint64(a[8:], binary.LittleEndian.Uint64(msg[e-8:e])>>(8*uint(16-nb)&63))
	} else if nb > 0 {
		binary.LittleEndian.PutUint64(a[:], binary.LittleEndian.Uint64(msg[e-8:e])>>(8*uint(8-nb)&63))
	}
	return a
}
