package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
)

// Route Target Constraint NLRI (RFC 4684 §4, AFI 1 SAFI 132): a length in
// bits (0 to 96) and as many octets of the origin AS (4 octets) followed by
// a route target (an 8-octet extended community) as the length needs.
// Length 0 is the default route target: every route wanted.

// RTCView is one Route Target membership NLRI entry in place (an
// NLRI.Value). It aliases the input.
type RTCView struct {
	b   []byte
	off int
}

// ParseRTC reads the entry b whose offset in the message is off.
func ParseRTC(b []byte, off int) (RTCView, error) {
	if len(b) == 0 {
		return RTCView{}, nlriErr(off, "route target membership NLRI empty")
	}
	if b[0] > 96 {
		return RTCView{}, nlriErr(off, "route target membership prefix longer than 96 bits")
	}
	if len(b) != 1+(int(b[0])+7)/8 {
		return RTCView{}, nlriErr(off, "route target membership prefix does not fill the entry")
	}
	return RTCView{b, off}, nil
}

// Bits returns the prefix length in bits: 0 for the default, 96 for a
// whole origin AS and route target.
func (v RTCView) Bits() int { return int(v.b[0]) }

// OriginAS returns the origin AS, when the prefix holds all of it.
func (v RTCView) OriginAS() (uint32, bool) {
	if v.Bits() < 32 {
		return 0, false
	}
	return binary.BigEndian.Uint32(v.b[1:]), true
}

// RouteTarget returns the route target, when the prefix holds all of it.
func (v RTCView) RouteTarget() (ExtCommunity, bool) {
	if v.Bits() < 96 {
		return ExtCommunity{}, false
	}
	return ExtCommunity(v.b[5:13]), true
}

// Prefix returns the octets of the prefix (origin AS and route target as
// far as the length goes); it aliases the input.
func (v RTCView) Prefix() []byte { return v.b[1:] }

// AppendText appends "default", "origin-as 65000 rt:65000:100", or for a
// shorter prefix "origin-as 65000 prefix 0002fde8/64" (its octets in hex
// and its length in bits).
func (v RTCView) AppendText(dst []byte) []byte {
	if v.Bits() == 0 {
		return append(dst, "default"...)
	}
	as, ok := v.OriginAS()
	if !ok {
		dst = hex.AppendEncode(append(dst, "prefix "...), v.Prefix())
		return strconv.AppendUint(append(dst, '/'), uint64(v.Bits()), 10)
	}
	dst = strconv.AppendUint(append(dst, "origin-as "...), uint64(as), 10)
	if rt, ok := v.RouteTarget(); ok {
		return rt.AppendText(append(dst, ' '))
	}
	if v.Bits() > 32 {
		dst = hex.AppendEncode(append(dst, " prefix "...), v.Prefix())
		dst = strconv.AppendUint(append(dst, '/'), uint64(v.Bits()), 10)
	}
	return dst
}

// RTCRoute is a Route Target membership NLRI entry as an owned value: the
// length and the prefix's octets as sent.
type RTCRoute struct {
	Bits   uint8
	Prefix [12]byte
}

// Route returns the view's owned value.
func (v RTCView) Route() (r RTCRoute) {
	r.Bits = v.b[0]
	copy(r.Prefix[:], v.Prefix())
	return r
}

// AppendBinary appends the entry.
func (r RTCRoute) AppendBinary(dst []byte) []byte {
	n := min((int(r.Bits)+7)/8, 12)
	return append(append(dst, r.Bits), r.Prefix[:n]...)
}

var rtcCodec = viewCodec(parseRTCEntry, viewColumns[RTCView]{
	check: func(_ *familyRow, b []byte, off int) error { _, err := ParseRTC(b, off); return err },
	json:  rtcEntryJSON, fields: rtcEntryFields, terms: rtcTerms})

// parseRTCEntry is ParseRTC as the codec calls it.
func parseRTCEntry(_ *familyRow, b []byte, off int) (RTCView, error) { return ParseRTC(b, off) }

// rtcTerms yields a route target membership's origin AS.
func rtcTerms(v RTCView, yield func(EntryTerm) bool) {
	if as, ok := v.OriginAS(); ok {
		yield(EntryTerm{Kind: TermAS, AS: as})
	}
}

// rtcEntryJSON writes "prefix_len", "rt_origin_as" and "route_target" as
// far as the prefix holds them.
func rtcEntryJSON(dst []byte, v RTCView, b []byte, off int) []byte {
	dst = appendKey(dst, "prefix_len")
	dst = strconv.AppendUint(dst, uint64(v.Bits()), 10)
	if as, ok := v.OriginAS(); ok {
		dst = appendKey(dst, "rt_origin_as")
		dst = strconv.AppendUint(dst, uint64(as), 10)
	}
	if rt, ok := v.RouteTarget(); ok {
		dst = appendKey(dst, "route_target")
		dst = append(rt.AppendText(append(dst, '"')), '"')
	} else if v.Bits() > 0 {
		dst = appendKey(dst, "prefix_hex")
		dst = append(hex.AppendEncode(append(dst, '"'), v.Prefix()), '"')
	}
	return dst
}

// rtcEntryFields lists the length, origin AS and route target.
func rtcEntryFields(dst []EntryField, v RTCView, b []byte, off int) []EntryField {
	const ref = "RFC 4684 §4"
	dst = append(dst, EntryField{Name: "Length", Off: off, Len: 1, Value: strconv.Itoa(v.Bits()) + " bits", Ref: ref})
	p := len(b) - 1
	if as, ok := v.OriginAS(); ok {
		dst = append(dst, EntryField{Name: "Origin AS", Off: off + 1, Len: 4, Value: strconv.FormatUint(uint64(as), 10), Ref: ref})
		if p > 4 {
			val := hex.EncodeToString(b[5:])
			if rt, ok := v.RouteTarget(); ok {
				val = rt.String()
			}
			dst = append(dst, EntryField{Name: "Route Target", Off: off + 5, Len: p - 4, Value: val, Ref: ref})
		}
	} else if p > 0 {
		dst = append(dst, EntryField{Name: "Prefix", Off: off + 1, Len: p, Value: hex.EncodeToString(b[1:]), Ref: ref})
	}
	return dst
}

// rtcKey appends a route target membership's key: its length and the
// prefix's octets with the bits past the length cleared, as for any
// prefix (RFC 4684 §4 makes origin AS and route target a prefix).
func rtcKey(dst []byte, _ *familyRow, b []byte) ([]byte, bool) {
	v, err := ParseRTC(b, 0)
	if err != nil {
		return dst, false
	}
	dst = append(dst, b...)
	if r := v.Bits() % 8; r != 0 {
		dst[len(dst)-1] &= byte(0xff << (8 - r))
	}
	return dst, true
}
