package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
)

// MCAST-VPN NLRI (RFC 6514 §4, AFI 1/2 SAFI 5; RFC 6515 for IPv6): a route
// type octet, a length octet and the route type's fields. MVPNView reads
// one entry in place; MVPNRoute is the owned value that encodes back.

// MVPN route types (RFC 6514 §4.1-§4.6).
const (
	MVPNIntraASIPMSIAD   = 1 // Intra-AS I-PMSI A-D route, §4.1
	MVPNInterASIPMSIAD   = 2 // Inter-AS I-PMSI A-D route, §4.2
	MVPNSPMSIAD          = 3 // S-PMSI A-D route, §4.3
	MVPNLeafAD           = 4 // Leaf A-D route, §4.4
	MVPNSourceActiveAD   = 5 // Source Active A-D route, §4.5
	MVPNSharedTreeJoin   = 6 // C-multicast route: Shared Tree Join, §4.6
	MVPNSourceTreeJoin   = 7 // C-multicast route: Source Tree Join, §4.6
	mvpnRouteTypeEntries = 8
)

// mvpnField is a field of an MVPN route.
type mvpnField uint8

const (
	mvpnRD mvpnField = iota
	mvpnOriginator
	mvpnSourceAS
	mvpnSourceLen
	mvpnSource
	mvpnGroupLen
	mvpnGroup
	mvpnRouteKey
)

var mvpnFieldNames = [...]string{"Route Distinguisher", "Originating Router's IP Address", "Source AS",
	"Multicast Source Length", "Multicast Source", "Multicast Group Length", "Multicast Group", "Route Key"}

var mvpnTypes = [mvpnRouteTypeEntries]struct {
	key, ref string
	fields   []mvpnField
}{
	MVPNIntraASIPMSIAD: {"intra-as-i-pmsi-ad", "RFC 6514 §4.1", []mvpnField{mvpnRD, mvpnOriginator}},
	MVPNInterASIPMSIAD: {"inter-as-i-pmsi-ad", "RFC 6514 §4.2", []mvpnField{mvpnRD, mvpnSourceAS}},
	MVPNSPMSIAD:        {"s-pmsi-ad", "RFC 6514 §4.3", []mvpnField{mvpnRD, mvpnSourceLen, mvpnSource, mvpnGroupLen, mvpnGroup, mvpnOriginator}},
	MVPNLeafAD:         {"leaf-ad", "RFC 6514 §4.4", []mvpnField{mvpnRouteKey, mvpnOriginator}},
	MVPNSourceActiveAD: {"source-active-ad", "RFC 6514 §4.5", []mvpnField{mvpnRD, mvpnSourceLen, mvpnSource, mvpnGroupLen, mvpnGroup}},
	MVPNSharedTreeJoin: {"shared-tree-join", "RFC 6514 §4.6", []mvpnField{mvpnRD, mvpnSourceAS, mvpnSourceLen, mvpnSource, mvpnGroupLen, mvpnGroup}},
	MVPNSourceTreeJoin: {"source-tree-join", "RFC 6514 §4.6", []mvpnField{mvpnRD, mvpnSourceAS, mvpnSourceLen, mvpnSource, mvpnGroupLen, mvpnGroup}},
}

// mvpnSpan locates one field in the entry.
type mvpnSpan struct {
	f      mvpnField
	at, n  uint8
	exists bool
}

// MVPNView is one MCAST-VPN NLRI entry in place (an NLRI.Value). It
// aliases the input.
type MVPNView struct {
	b     []byte
	off   int
	spans [6]mvpnSpan
	n     int
}

// ParseMVPN reads the entry b whose offset in the message is off. A route
// type RFC 6514 does not define is kept with its octets.
func ParseMVPN(b []byte, off int) (MVPNView, error) {
	if len(b) < 2 || int(b[1]) != len(b)-2 {
		return MVPNView{}, nlriErr(off, "MCAST-VPN NLRI length does not match the entry")
	}
	v := MVPNView{b: b, off: off}
	if int(b[0]) >= mvpnRouteTypeEntries || mvpnTypes[b[0]].fields == nil {
		return v, nil
	}
	at := 2
	for _, f := range mvpnTypes[b[0]].fields {
		n := 0
		switch f {
		case mvpnRD:
			n = 8
		case mvpnSourceAS:
			n = 4
		case mvpnSourceLen, mvpnGroupLen:
			n = 1
		case mvpnSource, mvpnGroup:
			bits := int(b[at-1])
			if bits != 0 && bits != 32 && bits != 128 {
				return MVPNView{}, nlriErr(off+at-1, "MCAST-VPN "+mvpnFieldNames[f-1]+" is not 0, 32 or 128 bits")
			}
			n = bits / 8
		case mvpnRouteKey:
			if len(b) < at+2 {
				return MVPNView{}, nlriErr(off+at, "MCAST-VPN Leaf A-D route key truncated")
			}
			n = 2 + int(b[at+1])
		case mvpnOriginator:
			n = len(b) - at
			if n != 4 && n != 16 {
				return MVPNView{}, nlriErr(off+at, "MCAST-VPN Originating Router's IP Address is neither 4 nor 16 octets")
			}
		}
		if at+n > len(b) {
			return MVPNView{}, nlriErr(off+at, "MCAST-VPN "+mvpnFieldNames[f]+" overruns the entry")
		}
		v.spans[v.n] = mvpnSpan{f, uint8(at), uint8(n), true}
		v.n++
		at += n
	}
	if at != len(b) {
		return MVPNView{}, nlriErr(off+at, "octets after the MCAST-VPN route's fields")
	}
	return v, nil
}

// RouteType returns the route type.
func (v MVPNView) RouteType() uint8 { return v.b[0] }

// Key returns the route type's short name ("s-pmsi-ad"), or the number.
func (v MVPNView) Key() string {
	if t := v.b[0]; int(t) < mvpnRouteTypeEntries && mvpnTypes[t].key != "" {
		return mvpnTypes[t].key
	}
	return strconv.Itoa(int(v.b[0]))
}

func (v MVPNView) field(f mvpnField) ([]byte, bool) {
	for _, s := range v.spans[:v.n] {
		if s.f == f {
			return v.b[s.at : s.at+s.n], true
		}
	}
	return nil, false
}

// RD returns the route distinguisher, for the route types that have one.
func (v MVPNView) RD() (RD, bool) {
	b, ok := v.field(mvpnRD)
	if !ok {
		return RD{}, false
	}
	return RD(b), true
}

// SourceAS returns the Source AS of an Inter-AS I-PMSI A-D or C-multicast
// route.
func (v MVPNView) SourceAS() (uint32, bool) {
	b, ok := v.field(mvpnSourceAS)
	if !ok {
		return 0, false
	}
	return binary.BigEndian.Uint32(b), true
}

func (v MVPNView) addr(f mvpnField) netip.Addr {
	b, _ := v.field(f)
	a, _ := netip.AddrFromSlice(b)
	return a
}

// Source and Group return the multicast source (or RP) and group; not
// valid when absent or a wildcard (RFC 6625).
func (v MVPNView) Source() netip.Addr { return v.addr(mvpnSource) }

// Group returns the multicast group.
func (v MVPNView) Group() netip.Addr { return v.addr(mvpnGroup) }

// Originator returns the Originating Router's IP Address.
func (v MVPNView) Originator() netip.Addr { return v.addr(mvpnOriginator) }

// RouteKey returns the Route Key of a Leaf A-D route: the NLRI it answers.
func (v MVPNView) RouteKey() ([]byte, bool) { return v.field(mvpnRouteKey) }

// AppendText appends "s-pmsi-ad rd 65000:1 source 192.0.2.1 group
// 232.1.1.1 originator 198.51.100.1"; a route type bgplens does not know
// is its number and octets.
func (v MVPNView) AppendText(dst []byte) []byte {
	dst = append(dst, v.Key()...)
	if v.n == 0 {
		return hex.AppendEncode(append(dst, ' '), v.b[2:])
	}
	for _, s := range v.spans[:v.n] {
		b := v.b[s.at : s.at+s.n]
		switch s.f {
		case mvpnRD:
			dst = RD(b).AppendText(append(dst, " rd "...))
		case mvpnSourceAS:
			dst = strconv.AppendUint(append(dst, " source-as "...), uint64(binary.BigEndian.Uint32(b)), 10)
		case mvpnSource, mvpnGroup, mvpnOriginator:
			dst = append(append(append(dst, ' '), mvpnKeys[s.f]...), ' ')
			if len(b) == 0 {
				dst = append(dst, '*')
			} else {
				dst = v.addr(s.f).AppendTo(dst)
			}
		case mvpnRouteKey:
			dst = hex.AppendEncode(append(dst, " route-key "...), b)
		}
	}
	return dst
}

var mvpnKeys = [...]string{mvpnSource: "source", mvpnGroup: "group", mvpnOriginator: "originator"}

// MVPNRoute is an MCAST-VPN NLRI entry as an owned value: its route type
// and the octets after the length.
type MVPNRoute struct {
	RouteType uint8
	Value     []byte
}

// Route returns the view's owned value.
func (v MVPNView) Route() MVPNRoute {
	return MVPNRoute{v.b[0], append([]byte(nil), v.b[2:]...)}
}

// AppendBinary appends the entry.
func (r MVPNRoute) AppendBinary(dst []byte) []byte {
	return append(append(dst, r.RouteType, byte(len(r.Value))), r.Value...)
}

var mvpnCodec = viewCodec(parseMVPNEntry, viewColumns[MVPNView]{
	check: func(_ *familyRow, b []byte, off int) error { _, err := ParseMVPN(b, off); return err },
	json:  mvpnEntryJSON, fields: mvpnEntryFields, terms: mvpnTerms})

// parseMVPNEntry is ParseMVPN as the codec calls it.
func parseMVPNEntry(_ *familyRow, b []byte, off int) (MVPNView, error) { return ParseMVPN(b, off) }

// mvpnTerms yields an MCAST-VPN route's source AS, multicast source and
// group, and originating router.
func mvpnTerms(v MVPNView, yield func(EntryTerm) bool) {
	if as, ok := v.SourceAS(); ok && !yield(EntryTerm{Kind: TermAS, AS: as}) {
		return
	}
	for _, a := range [...]netip.Addr{v.Source(), v.Group(), v.Originator()} {
		if !addrTerm(yield, a) {
			return
		}
	}
}

// mvpnEntryJSON writes "route_type", "route", then "rd", "source_as",
// "source", "group", "originator", "route_key" as the type has them, or
// "value" for a type bgplens does not know.
func mvpnEntryJSON(dst []byte, v MVPNView, b []byte, off int) []byte {
	dst = strconv.AppendUint(appendKey(dst, "route_type"), uint64(v.RouteType()), 10)
	dst = appendJSONString(appendKey(dst, "route"), v.Key())
	if v.n == 0 {
		return append(hex.AppendEncode(append(appendKey(dst, "value"), '"'), b[2:]), '"')
	}
	for _, s := range v.spans[:v.n] {
		f := b[s.at : s.at+s.n]
		switch s.f {
		case mvpnRD:
			dst = append(RD(f).AppendText(append(appendKey(dst, "rd"), '"')), '"')
		case mvpnSourceAS:
			dst = strconv.AppendUint(appendKey(dst, "source_as"), uint64(binary.BigEndian.Uint32(f)), 10)
		case mvpnSource, mvpnGroup, mvpnOriginator:
			if len(f) > 0 {
				dst = appendQuotedAddr(appendKey(dst, mvpnKeys[s.f]), v.addr(s.f))
			}
		case mvpnRouteKey:
			dst = append(hex.AppendEncode(append(appendKey(dst, "route_key"), '"'), f), '"')
		}
	}
	return dst
}

func mvpnEntryFields(dst []EntryField, v MVPNView, b []byte, off int) []EntryField {
	ref := "RFC 6514 §4"
	if t := v.RouteType(); int(t) < mvpnRouteTypeEntries && mvpnTypes[t].ref != "" {
		ref = mvpnTypes[t].ref
	}
	dst = append(dst,
		EntryField{Name: "Route Type", Off: off, Len: 1, Value: strconv.Itoa(int(b[0])) + " (" + v.Key() + ")", Ref: "RFC 6514 §4"},
		EntryField{Name: "Length", Off: off + 1, Len: 1, Value: strconv.Itoa(int(b[1])), Ref: "RFC 6514 §4"})
	if v.n == 0 && len(b) > 2 {
		return append(dst, EntryField{Name: "Route Type specific", Off: off + 2, Len: len(b) - 2, Value: hex.EncodeToString(b[2:]), Ref: "RFC 6514 §4"})
	}
	for _, s := range v.spans[:v.n] {
		f := b[s.at : s.at+s.n]
		var val string
		switch s.f {
		case mvpnRD:
			val = RD(f).String()
		case mvpnSourceAS:
			val = strconv.FormatUint(uint64(binary.BigEndian.Uint32(f)), 10)
		case mvpnSourceLen, mvpnGroupLen:
			val = strconv.Itoa(int(f[0])) + " bits"
		case mvpnSource, mvpnGroup, mvpnOriginator:
			val = v.addr(s.f).String()
		case mvpnRouteKey:
			val = hex.EncodeToString(f)
		}
		if s.n == 0 {
			continue // a wildcard source or group: its length says so
		}
		dst = append(dst, EntryField{Name: mvpnFieldNames[s.f], Off: off + int(s.at), Len: int(s.n), Value: val, Ref: ref})
	}
	return dst
}
