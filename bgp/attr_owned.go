package bgp

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
)

// Owned path attributes. An owned value copies what it needs from the
// message, so it outlives the read buffer, and keeps what re-encoding needs
// (flags, raw forms) so that a decoded attribute appends back byte for byte.
//
// To add an attribute, follow the recipe in doc.go ("Adding an
// attribute"); the owned type and its case in decodeAttrValue are here.

// PathAttr is one owned path attribute (RFC 4271 §4.3): its flags octet,
// its type code and its decoded value.
//
// Append writes Flags as given, with one exception: a value longer than 255
// octets gets the Extended Length bit (RFC 4271 §4.3 allows either length
// form), so the length always fits. A decoded attribute keeps the flags it
// was sent with, so it re-encodes unchanged.
type PathAttr struct {
	Flags AttrFlags
	Type  AttrType
	Value AttrValue
}

// AttrValue is the decoded value of a path attribute. It is sealed: the
// implementations are the owned value types of this package (ASPath,
// Origin, Communities, MPReach, ..., and RawAttr for anything else).
type AttrValue interface {
	// appendAttrValue appends the wire form of the value of an attribute
	// of type t, with the session's AS width where it matters.
	appendAttrValue(dst []byte, t AttrType, s Session) ([]byte, error)
}

// NewPathAttr returns the attribute of type t holding v, with the Optional
// and Transitive bits the registry prescribes for t (optional transitive
// for a code bgplens does not know).
func NewPathAttr(t AttrType, v AttrValue) PathAttr {
	f, ok := t.ExpectedFlags()
	if !ok {
		f = FlagOptional | FlagTransitive
	}
	return PathAttr{Flags: f, Type: t, Value: v}
}

// Encoding errors. Decoding reports *Error values with offsets; encoding
// only refuses values that cannot be written as the wire format requires.
var (
	errNoValue      = errors.New("bgp: path attribute has no value")
	errAttrTooLong  = errors.New("bgp: path attribute value longer than 65535 octets")
	errASNWidth     = errors.New("bgp: AS number does not fit in 2 octets; the session is not 4-octet AS")
	errSegment      = errors.New("bgp: AS_PATH segment is empty, of unknown type, or an AS_SET of more than 255 ASNs")
	errAddr         = errors.New("bgp: address of the wrong family for the attribute")
	errRouteFamily  = errors.New("bgp: route does not fit the address family")
	errOpaqueRoutes = errors.New("bgp: routes given for a family whose NLRI are kept raw")
	errTLV          = errors.New("bgp: AIGP TLV value longer than 65532 octets")
	errEmptyList    = errors.New("bgp: empty list; the attribute must hold at least one entry")
	errOrigin       = errors.New("bgp: ORIGIN value is not IGP, EGP or INCOMPLETE")
)

// Append appends the attribute's wire form: flags, type, length and value.
func (a PathAttr) Append(dst []byte, s Session) ([]byte, error) {
	if a.Value == nil {
		return dst, errNoValue
	}
	start := len(dst)
	dst = appendPathAttrHead(dst, a.Flags, a.Type)
	dst, err := a.Value.appendAttrValue(dst, a.Type, s)
	if err != nil {
		return dst[:start], err
	}
	return closePathAttr(dst, start)
}

// appendPathAttrHead appends the flags, the type and a zero length of one
// octet, or two with the Extended Length bit. closePathAttr patches it.
func appendPathAttrHead(dst []byte, f AttrFlags, t AttrType) []byte {
	if f.ExtendedLength() {
		return append(dst, byte(f), byte(t), 0, 0)
	}
	return append(dst, byte(f), byte(t), 0)
}

// closePathAttr writes the length of the attribute that starts at
// dst[start]. A value over 255 octets without the Extended Length bit gets
// the bit, and the value moves one octet to make room for the wider field.
func closePathAttr(dst []byte, start int) ([]byte, error) {
	f := AttrFlags(dst[start])
	if f.ExtendedLength() {
		n := len(dst) - start - 4
		if n > 0xffff {
			return dst[:start], errAttrTooLong
		}
		binary.BigEndian.PutUint16(dst[start+2:], uint16(n))
		return dst, nil
	}
	n := len(dst) - start - 3
	if n <= 0xff {
		dst[start+2] = byte(n)
		return dst, nil
	}
	if n > 0xffff {
		return dst[:start], errAttrTooLong
	}
	dst = append(dst, 0)
	copy(dst[start+4:], dst[start+3:len(dst)-1])
	dst[start] = byte(f | FlagExtendedLength)
	binary.BigEndian.PutUint16(dst[start+2:], uint16(n))
	return dst, nil
}

// RawAttr is an attribute value kept as its octets: the value of an
// attribute bgplens does not decode, or of one whose value is malformed.
// It re-encodes unchanged.
type RawAttr []byte

func (r RawAttr) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return append(dst, r...), nil
}

// NextHop is the owned value of NEXT_HOP (RFC 4271 §5.1.3): an IPv4
// address.
type NextHop struct{ Addr netip.Addr }

func (n NextHop) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return appendAddr4(dst, n.Addr)
}

func appendAddr4(dst []byte, a netip.Addr) ([]byte, error) {
	if !a.Is4() {
		return dst, errAddr
	}
	b := a.As4()
	return append(dst, b[:]...), nil
}

func (o Origin) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	if o > OriginIncomplete {
		return dst, errOrigin
	}
	return append(dst, byte(o)), nil
}

// The Aggregator value of AGGREGATOR is written with the session's AS
// width (RFC 6793 §3); that of AS4_AGGREGATOR always with 4 octets.
func (g Aggregator) appendAttrValue(dst []byte, t AttrType, s Session) ([]byte, error) {
	start := len(dst)
	switch {
	case s.AS4 || t == AttrAS4Aggregator:
		dst = binary.BigEndian.AppendUint32(dst, g.AS)
	case g.AS > 0xffff:
		return dst, errASNWidth
	default:
		dst = binary.BigEndian.AppendUint16(dst, uint16(g.AS))
	}
	dst, err := appendAddr4(dst, g.Address)
	if err != nil {
		return dst[:start], err
	}
	return dst, nil
}

// MultiExitDisc is the owned value of MULTI_EXIT_DISC (RFC 4271 §5.1.4).
type MultiExitDisc uint32

// LocalPref is the owned value of LOCAL_PREF (RFC 4271 §5.1.5).
type LocalPref uint32

// OTC is the owned value of OTC, Only to Customer (RFC 9234 §5): an AS
// number.
type OTC uint32

func (v MultiExitDisc) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return binary.BigEndian.AppendUint32(dst, uint32(v)), nil
}

func (v LocalPref) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return binary.BigEndian.AppendUint32(dst, uint32(v)), nil
}

func (v OTC) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return binary.BigEndian.AppendUint32(dst, uint32(v)), nil
}

// AtomicAggregate is the owned value of ATOMIC_AGGREGATE (RFC 4271
// §5.1.6), which is empty.
type AtomicAggregate struct{}

func (AtomicAggregate) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return dst, nil
}

// OriginatorID is the owned value of ORIGINATOR_ID (RFC 4456 §8): the
// BGP Identifier of the route's originator, written as an IPv4 address.
type OriginatorID struct{ ID netip.Addr }

func (o OriginatorID) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return appendAddr4(dst, o.ID)
}

// ClusterList is the owned value of CLUSTER_LIST (RFC 4456 §8): the
// cluster IDs the route passed, most recent first.
type ClusterList []netip.Addr

func (c ClusterList) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	start := len(dst)
	for _, id := range c {
		var err error
		if dst, err = appendAddr4(dst, id); err != nil {
			return dst[:start], err
		}
	}
	return dst, nil
}

// Communities is the owned value of COMMUNITIES (RFC 1997).
type Communities []Community

// ExtCommunities is the owned value of EXTENDED_COMMUNITIES (RFC 4360).
type ExtCommunities []ExtCommunity

// IPv6ExtCommunities is the owned value of the IPv6 Address Specific
// Extended Community attribute (RFC 5701).
type IPv6ExtCommunities []IPv6ExtCommunity

// LargeCommunities is the owned value of LARGE_COMMUNITY (RFC 8092).
type LargeCommunities []LargeCommunity

// The community lists refuse to encode an empty list: RFC 7606 §7 treats
// an empty one as malformed.

func (c Communities) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	if len(c) == 0 {
		return dst, errEmptyList
	}
	for _, v := range c {
		dst = binary.BigEndian.AppendUint32(dst, uint32(v))
	}
	return dst, nil
}

func (c ExtCommunities) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	if len(c) == 0 {
		return dst, errEmptyList
	}
	for i := range c {
		dst = append(dst, c[i][:]...)
	}
	return dst, nil
}

func (c IPv6ExtCommunities) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	if len(c) == 0 {
		return dst, errEmptyList
	}
	for i := range c {
		dst = append(dst, c[i][:]...)
	}
	return dst, nil
}

func (c LargeCommunities) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	if len(c) == 0 {
		return dst, errEmptyList
	}
	for _, v := range c {
		dst = v.AppendBinary(dst)
	}
	return dst, nil
}

// AIGP is the owned value of AIGP (RFC 7311 §3): its TLVs in wire order.
// AIGPMetric reads the accumulated metric.
type AIGP []AIGPTLV

// Metric returns the value of the first AIGP TLV (type 1), which RFC 7311
// §3 has a receiver use; ok is false when there is none or its value is
// not 8 octets.
func (g AIGP) Metric() (metric uint64, ok bool) {
	for _, t := range g {
		if t.Type == AIGPTypeMetric {
			if len(t.Value) != 8 {
				return 0, false
			}
			return binary.BigEndian.Uint64(t.Value), true
		}
	}
	return 0, false
}

func (g AIGP) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	start := len(dst)
	for _, t := range g {
		if len(t.Value) > 0xffff-3 {
			return dst[:start], errTLV
		}
		dst = append(dst, t.Type)
		dst = binary.BigEndian.AppendUint16(dst, uint16(3+len(t.Value)))
		dst = append(dst, t.Value...)
	}
	return dst, nil
}

// MPReach is the owned value of MP_REACH_NLRI (RFC 4760 §3).
//
// NextHop is the Network Address of Next Hop field as sent; NextHops
// decodes it. Routes holds the NLRI of the families bgplens decodes
// (Family.Prefixes); RawNLRI holds the NLRI of other families, as sent.
// Append writes Routes, then RawNLRI.
type MPReach struct {
	Family   Family
	NextHop  []byte
	Reserved byte // formerly the number of SNPAs; sent as 0 (RFC 4760 §3)
	Routes   []Route
	RawNLRI  []byte
}

// NextHops decodes NextHop as MPReachView.NextHops does: the next hop
// address, the IPv6 link-local address when one follows (RFC 2545 §3) and
// the route distinguisher of VPN families. ok is false for a form bgplens
// does not know.
func (m MPReach) NextHops() (nh, linkLocal netip.Addr, rd RD, ok bool) {
	return MPReachView{Family: m.Family, NextHop: m.NextHop}.NextHops()
}

// AppendMPNextHop appends the Network Address of Next Hop field for family
// f: nh, then linkLocal if it is valid (RFC 2545 §3), each preceded by an
// all-zero route distinguisher in VPN families (RFC 4364 §4.3.2, RFC 4659
// §3.2.1). An invalid nh appends nothing.
func AppendMPNextHop(dst []byte, f Family, nh, linkLocal netip.Addr) []byte {
	for _, a := range [2]netip.Addr{nh, linkLocal} {
		if !a.IsValid() {
			break
		}
		if f.kind() == nlriVPN {
			dst = append(dst, 0, 0, 0, 0, 0, 0, 0, 0)
		}
		if a.Is4() {
			b := a.As4()
			dst = append(dst, b[:]...)
		} else {
			b := a.As16()
			dst = append(dst, b[:]...)
		}
	}
	return dst
}

func (m MPReach) appendAttrValue(dst []byte, _ AttrType, s Session) ([]byte, error) {
	start := len(dst)
	if len(m.NextHop) > 255 {
		return dst, errAttrTooLong
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(m.Family.AFI))
	dst = append(dst, byte(m.Family.SAFI), byte(len(m.NextHop)))
	dst = append(dst, m.NextHop...)
	dst = append(dst, m.Reserved)
	dst, err := appendRoutes(dst, m.Routes, m.Family, s)
	if err != nil {
		return dst[:start], err
	}
	return append(dst, m.RawNLRI...), nil
}

// MPUnreach is the owned value of MP_UNREACH_NLRI (RFC 4760 §4). Routes
// and RawNLRI are as in MPReach. An MPUnreach with neither is the
// End-of-RIB marker of its family (RFC 4724 §2).
type MPUnreach struct {
	Family  Family
	Routes  []Route
	RawNLRI []byte
}

func (m MPUnreach) appendAttrValue(dst []byte, _ AttrType, s Session) ([]byte, error) {
	start := len(dst)
	dst = binary.BigEndian.AppendUint16(dst, uint16(m.Family.AFI))
	dst = append(dst, byte(m.Family.SAFI))
	dst, err := appendRoutes(dst, m.Routes, m.Family, s)
	if err != nil {
		return dst[:start], err
	}
	return append(dst, m.RawNLRI...), nil
}

// ownedBytes copies b; it returns nil for an empty b so that decoded
// values compare equal however the input was sliced.
func ownedBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// decodeAttrValue decodes the value of an attribute that the UPDATE walk
// found well formed, through the AttrView getters. ok is false for a type
// bgplens keeps raw, or if a getter refuses the value.
func decodeAttrValue(a AttrView, s Session) (AttrValue, bool) {
	switch a.Type {
	case AttrASPath, AttrAS4Path:
		v, err := a.ASPath(s.AS4 || a.Type == AttrAS4Path)
		if err != nil {
			return nil, false
		}
		return ownedASPath(v), true
	case AttrOrigin:
		o, err := a.Origin()
		return o, err == nil
	case AttrNextHop:
		nh, err := a.NextHop()
		return NextHop{nh}, err == nil
	case AttrMultiExitDisc, AttrLocalPref, AttrOTC:
		v, err := a.Uint32()
		switch a.Type {
		case AttrMultiExitDisc:
			return MultiExitDisc(v), err == nil
		case AttrLocalPref:
			return LocalPref(v), err == nil
		}
		return OTC(v), err == nil
	case AttrAtomicAggregate:
		return AtomicAggregate{}, a.AtomicAggregate() == nil
	case AttrAggregator, AttrAS4Aggregator:
		g, err := a.Aggregator(s.AS4)
		return g, err == nil
	case AttrOriginatorID:
		id, err := a.OriginatorID()
		return OriginatorID{id}, err == nil
	case AttrClusterList:
		v, err := a.ClusterList()
		return slices.AppendSeq(make(ClusterList, 0, v.Len()), v.All()), err == nil
	case AttrCommunities:
		v, err := a.Communities()
		return slices.AppendSeq(make(Communities, 0, v.Len()), v.All()), err == nil
	case AttrExtCommunities:
		v, err := a.ExtCommunities()
		return slices.AppendSeq(make(ExtCommunities, 0, v.Len()), v.All()), err == nil
	case AttrIPv6ExtCommunities:
		v, err := a.IPv6ExtCommunities()
		return slices.AppendSeq(make(IPv6ExtCommunities, 0, v.Len()), v.All()), err == nil
	case AttrLargeCommunities:
		v, err := a.LargeCommunities()
		return slices.AppendSeq(make(LargeCommunities, 0, v.Len()), v.All()), err == nil
	case AttrAIGP:
		v, err := a.AIGP()
		if err != nil {
			return nil, false
		}
		// One copy of the value backs every TLV.
		var out AIGP
		buf := ownedBytes(v.Bytes())
		at := 0 // TLVs tile the value: type, length, then the TLV's value
		for _, t := range v.TLVs() {
			at += 3
			out = append(out, AIGPTLV{Type: t.Type, Value: buf[at : at+len(t.Value) : at+len(t.Value)]})
			at += len(t.Value)
		}
		if out == nil {
			return nil, false
		}
		return out, true
	case AttrMPReachNLRI:
		m, err := a.MPReach(s)
		if err != nil {
			return nil, false
		}
		o := MPReach{Family: m.Family, NextHop: ownedBytes(m.NextHop), Reserved: m.Reserved}
		if m.Family.Prefixes() {
			o.Routes, _ = ownedRoutes(m.NLRI, m.NLRIOff, m.Family, m.AddPath)
		} else {
			o.RawNLRI = ownedBytes(m.NLRI)
		}
		return o, true
	case AttrMPUnreachNLRI:
		m, err := a.MPUnreach(s)
		if err != nil {
			return nil, false
		}
		o := MPUnreach{Family: m.Family}
		if m.Family.Prefixes() {
			o.Routes, _ = ownedRoutes(m.Withdrawn, m.NLRIOff, m.Family, m.AddPath)
		} else {
			o.RawNLRI = ownedBytes(m.Withdrawn)
		}
		return o, true
	}
	return decodeTLVAttrValue(a, s)
}
