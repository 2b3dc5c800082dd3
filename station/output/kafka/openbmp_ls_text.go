package kafka

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
)

// The text forms of BGP-LS values in OpenBMP's objects (docs/kafka.md
// lists them). Numbers are decimal except the LS id and SRLGs (hex, as
// the schema says); obmp-psql's reader parses MT ids and route tags as
// decimal, so they are written so.

// lsUint reads a big-endian number of 1 to 8 octets; 0 otherwise.
func lsUint(b []byte) uint64 {
	if len(b) == 0 || len(b) > 8 {
		return 0
	}
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}

// lsUintField appends a tab and b as a decimal number, nothing for an
// absent value or one of an impossible length.
func lsUintField(r, b []byte) []byte {
	r = append(r, '\t')
	if len(b) > 0 && len(b) <= 8 {
		r = strconv.AppendUint(r, lsUint(b), 10)
	}
	return r
}

// lsFirst appends a tab and the first size-octet value of a list (route
// tags).
func lsFirst(r, b []byte, size int) []byte {
	r = append(r, '\t')
	if len(b) >= size {
		r = strconv.AppendUint(r, lsUint(b[:size]), 10)
	}
	return r
}

// lsPrefix reads IP Reachability Information by bgp's own reading of it.
func lsPrefix(v []byte, v6 bool) (netip.Prefix, bool) {
	t := bgp.BGPLSTLV{Type: 265, Value: v}
	p, err := netip.ParsePrefix(string(t.AppendValueText(nil, v6)))
	return p, err == nil
}

// appendIGPID writes an IGP Router-ID as bgp writes it: an IS-IS system
// ID 0000.0000.0001 (.01 for a pseudonode), an OSPF router ID as an
// address (and a DR's interface address after a slash).
func appendIGPID(r []byte, t bgp.BGPLSTLV) []byte {
	if t.Value == nil {
		return r
	}
	return t.AppendValueText(r, false)
}

// routerID returns the router ID of attribute TLV v4 or v6 (RFC 9552
// §5.3.1.4, §5.3.2), else fallback (the BGP Router-ID of EPE).
func routerID(attr lsAttr, v4, v6 uint16, fallback netip.Addr) netip.Addr {
	if a, ok := netip.AddrFromSlice(attr.get(v4)); ok && a.Is4() {
		return a
	}
	if a, ok := netip.AddrFromSlice(attr.get(v6)); ok && a.Is6() {
		return a
	}
	return fallback
}

// appendMTIDs writes up to max (all when negative) Multi-Topology IDs
// (the low 12 bits of each 2-octet entry, RFC 9552 §5.2.2.1), decimal,
// comma-separated.
func appendMTIDs(r, b []byte, max int) []byte {
	for i := 0; i+2 <= len(b) && max != 0; i += 2 {
		if i > 0 {
			r = append(r, ',')
		}
		r = strconv.AppendUint(r, uint64(binary.BigEndian.Uint16(b[i:])&0x0fff), 10)
		max--
	}
	return r
}

// appendFlagLetters writes the letters of the set bits of a flags octet,
// letters[i] naming bit 0x80>>i (Node Flag Bits "OTEBRV", RFC 9552
// §5.3.1.1; IGP Flags "DNLP", §5.3.3.1).
func appendFlagLetters(r []byte, f byte, letters string) []byte {
	for i := 0; i < len(letters); i++ {
		if f&(0x80>>i) != 0 {
			r = append(r, letters[i])
		}
	}
	return r
}

type flagName struct {
	bit  byte
	name string
}

// linkProtection names the Link Protection Type bits (RFC 5307 §1.2);
// mplsMask the MPLS Protocol Mask bits (RFC 9552 §5.3.2.2), as
// obmp-psql's ls_mpls_proto_mask type names them.
var (
	linkProtection = [...]flagName{{0x01, "Extra Traffic"}, {0x02, "Unprotected"}, {0x04, "Shared"},
		{0x08, "Dedicated 1:1"}, {0x10, "Dedicated 1+1"}, {0x20, "Enhanced"}}
	mplsMask = [...]flagName{{0x80, "LDP"}, {0x40, "RSVP-TE"}}
)

// appendFlagNames writes the names of the set bits, ", "-separated.
func appendFlagNames(r []byte, f byte, names []flagName) []byte {
	first := true
	for _, n := range names {
		if f&n.bit == 0 {
			continue
		}
		if !first {
			r = append(r, ", "...)
		}
		first = false
		r = append(r, n.name...)
	}
	return r
}

// ospfRouteTypes are OpenBMP's names of the OSPF Route Types (RFC 9552
// §5.2.3.1).
var ospfRouteTypes = [...]string{1: "Intra", 2: "Inter", 3: "Ext-1", 4: "Ext-2", 5: "NSSA-1", 6: "NSSA-2"}

// appendKbits writes n IEEE floats in octets per second (RFC 9552
// §5.3.2) as whole kbit/s, comma-separated; nothing when the value does
// not hold n of them.
func appendKbits(r, b []byte, n int) []byte {
	if len(b) != 4*n {
		return r
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			r = append(r, ',')
		}
		v := math.Float32frombits(binary.BigEndian.Uint32(b[4*i:]))
		r = strconv.AppendUint(r, uint64(math.Round(float64(v)*8/1000)), 10)
	}
	return r
}

// appendSID writes a SID TLV's value (Adjacency SID, PeerNode SID,
// Prefix-SID: flags, weight or algorithm, two reserved octets, then a
// 3-octet label, a 4-octet index or an IPv6 SID; RFC 9085 §2.2.1, §2.3.1,
// RFC 9086 §5) as OpenBMP's "[FLAGS] [Weight] [SID/Label]": flags in hex,
// weight, the label (20 bits), index or address.
func appendSID(r, b []byte) []byte {
	if len(b) < 7 {
		return hex.AppendEncode(r, b)
	}
	r = hex.AppendEncode(append(r, "0x"...), b[:1])
	r = strconv.AppendUint(append(r, ' '), uint64(b[1]), 10)
	r = append(r, ' ')
	switch v := b[4:]; len(v) {
	case 3:
		return strconv.AppendUint(r, lsUint(v)&0xfffff, 10)
	case 4:
		return strconv.AppendUint(r, lsUint(v), 10)
	case 16:
		return netip.AddrFrom16([16]byte(v)).AppendTo(r)
	default:
		return hex.AppendEncode(r, v)
	}
}

// appendSIDs writes every attribute TLV of type t as a SID,
// comma-separated.
func appendSIDs(r []byte, attr lsAttr, t uint16) []byte {
	first := true
	for _, x := range attr {
		if x.Type != t {
			continue
		}
		if !first {
			r = append(r, ',')
		}
		first = false
		r = appendSID(r, x.Value)
	}
	return r
}

// appendSRCapabilities writes the SR Capabilities TLV (RFC 9085 §2.1.2:
// flags, a reserved octet, then ranges of a 3-octet size and a SID/Label
// sub-TLV) as OpenBMP's "[FLAGS] <list of [Range Size] [Base SID/Label]>":
// flags in hex, then "size base" per range, comma-separated.
func appendSRCapabilities(r, c []byte) []byte {
	r = hex.AppendEncode(append(r, "0x"...), c[:1])
	b := c[2:]
	for i := 0; len(b) >= 7; i++ {
		n := int(binary.BigEndian.Uint16(b[5:]))
		if len(b) < 7+n {
			break
		}
		sep := byte(' ')
		if i > 0 {
			sep = ','
		}
		r = strconv.AppendUint(append(r, sep), lsUint(b[:3]), 10)
		v := b[7 : 7+n]
		if n == 3 {
			r = strconv.AppendUint(append(r, ' '), lsUint(v)&0xfffff, 10)
		} else {
			r = strconv.AppendUint(append(r, ' '), lsUint(v), 10)
		}
		b = b[7+n:]
	}
	return r
}
