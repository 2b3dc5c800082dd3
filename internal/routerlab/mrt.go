package routerlab

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// MRT TABLE_DUMP_V2 (RFC 6396 §4.3) code points.
const (
	mrtTableDumpV2      = 13
	mrtPeerIndexTable   = 1
	mrtRIBIPv4Unicast   = 2
	mrtRIBIPv6Unicast   = 4
	mrtPeerTypeAS4      = 0x02 // Peer Type bit 1: the Peer AS field is 4 octets
	mrtPeerTypeIPv6     = 0x01 // Peer Type bit 0: the Peer IP Address is IPv6
	attrFlagOptional    = 0x80
	attrFlagTransitive  = 0x40
	attrFlagExtendedLen = 0x10
)

// MRTPeer is one entry of the PEER_INDEX_TABLE: the peer that a route's
// Source index names.
type MRTPeer struct {
	BGPID netip.Addr
	Addr  netip.Addr
	AS    uint32
}

// MRTPeers are the peers Synthetic's Source 0 and 1 refer to.
var MRTPeers = []MRTPeer{
	{BGPID: netip.MustParseAddr("192.0.2.201"), Addr: netip.MustParseAddr("192.0.2.201"), AS: 4200000201},
	{BGPID: netip.MustParseAddr("192.0.2.202"), Addr: netip.MustParseAddr("192.0.2.202"), AS: 4200000202},
}

// AppendMRT appends a TABLE_DUMP_V2 dump of routes to dst: a PEER_INDEX_TABLE
// of peers, then one RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record per prefix
// (in the order prefixes first appear) with one RIB entry per route of that
// prefix, all stamped with ts.
func AppendMRT(dst []byte, ts uint32, peers []MRTPeer, routes []Route) ([]byte, error) {
	dst, err := AppendMRTPeerIndex(dst, ts, peers)
	if err != nil {
		return dst, err
	}
	var order []netip.Prefix
	byPrefix := map[netip.Prefix][]Route{}
	for _, r := range routes {
		if _, ok := byPrefix[r.Prefix]; !ok {
			order = append(order, r.Prefix)
		}
		byPrefix[r.Prefix] = append(byPrefix[r.Prefix], r)
	}
	for seq, pfx := range order {
		for _, r := range byPrefix[pfx] {
			if r.Source < 0 || r.Source >= len(peers) {
				return dst, errors.New("routerlab: route source outside the peer table")
			}
		}
		if dst, err = AppendMRTRIB(dst, ts, uint32(seq), byPrefix[pfx]); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// AppendMRTPeerIndex appends a PEER_INDEX_TABLE record (RFC 6396 §4.3.1)
// listing peers, every one with a 4-octet AS field.
func AppendMRTPeerIndex(dst []byte, ts uint32, peers []MRTPeer) ([]byte, error) {
	var body []byte
	body = binary.BigEndian.AppendUint32(body, 0xc0000201) // Collector BGP ID 192.0.2.1
	body = binary.BigEndian.AppendUint16(body, 0)          // View Name Length
	body = binary.BigEndian.AppendUint16(body, uint16(len(peers)))
	for _, p := range peers {
		if !p.BGPID.Is4() || !p.Addr.IsValid() {
			return dst, errors.New("routerlab: MRT peer needs an IPv4 BGP ID and an address")
		}
		typ := byte(mrtPeerTypeAS4)
		if p.Addr.Is6() {
			typ |= mrtPeerTypeIPv6
		}
		body = append(body, typ)
		body = append(body, p.BGPID.AsSlice()...)
		body = append(body, p.Addr.AsSlice()...)
		body = binary.BigEndian.AppendUint32(body, p.AS)
	}
	return appendMRTRecord(dst, ts, mrtPeerIndexTable, body), nil
}

// AppendMRTRIB appends one RIB_IPV4_UNICAST or RIB_IPV6_UNICAST record
// (RFC 6396 §4.3.2) with sequence number seq and one RIB entry per route,
// whose Source is the entry's peer index. The routes must share one prefix.
// Attributes are encoded with 4-octet AS numbers (RFC 6396 §4.3.4). IPv6
// next hops go in a whole MP_REACH_NLRI that repeats the prefix, the form
// gobgp's MRT reader takes (RFC 6396 §4.3.4 asks for an abbreviated one,
// which gobgp 3.10 does not read).
func AppendMRTRIB(dst []byte, ts, seq uint32, routes []Route) ([]byte, error) {
	if len(routes) == 0 || len(routes) > 0xffff {
		return dst, errors.New("routerlab: a RIB record needs 1 to 65535 routes")
	}
	pfx := routes[0].Prefix
	var body []byte
	body = binary.BigEndian.AppendUint32(body, seq)
	body = appendPrefix(body, pfx)
	body = binary.BigEndian.AppendUint16(body, uint16(len(routes)))
	for _, r := range routes {
		if r.Prefix != pfx || r.Source < 0 || r.Source > 0xffff {
			return dst, errors.New("routerlab: RIB record routes of different prefixes or a bad source")
		}
		attrs, err := appendAttrs(nil, r)
		if err != nil {
			return dst, err
		}
		if len(attrs) > 0xffff {
			return dst, errors.New("routerlab: attributes longer than 65535 octets")
		}
		body = binary.BigEndian.AppendUint16(body, uint16(r.Source))
		body = binary.BigEndian.AppendUint32(body, ts) // Originated Time
		body = binary.BigEndian.AppendUint16(body, uint16(len(attrs)))
		body = append(body, attrs...)
	}
	sub := uint16(mrtRIBIPv4Unicast)
	if pfx.Addr().Is6() {
		sub = mrtRIBIPv6Unicast
	}
	return appendMRTRecord(dst, ts, sub, body), nil
}

func appendMRTRecord(dst []byte, ts uint32, subtype uint16, body []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, ts)
	dst = binary.BigEndian.AppendUint16(dst, mrtTableDumpV2)
	dst = binary.BigEndian.AppendUint16(dst, subtype)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(body)))
	return append(dst, body...)
}

// appendPrefix writes a prefix as NLRI do: its length in bits, then the
// fewest octets that hold it (RFC 4271 §4.3).
func appendPrefix(dst []byte, p netip.Prefix) []byte {
	p = p.Masked()
	dst = append(dst, byte(p.Bits()))
	return append(dst, p.Addr().AsSlice()[:(p.Bits()+7)/8]...)
}

func appendAttr(dst []byte, flags, typ byte, val []byte) []byte {
	if len(val) > 255 {
		dst = append(dst, flags|attrFlagExtendedLen, typ)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(val)))
	} else {
		dst = append(dst, flags, typ, byte(len(val)))
	}
	return append(dst, val...)
}

// appendAttrs encodes r's path attributes in type-code order.
func appendAttrs(dst []byte, r Route) ([]byte, error) {
	if !r.NextHop.IsValid() || r.NextHop.Is4() != r.Prefix.Addr().Is4() {
		return dst, errors.New("routerlab: next hop missing or of the wrong family")
	}
	dst = appendAttr(dst, attrFlagTransitive, 1, []byte{r.Origin})
	var v []byte
	for _, s := range r.ASPath {
		if len(s.ASNs) == 0 || len(s.ASNs) > 255 {
			return dst, errors.New("routerlab: AS_PATH segment of 0 or more than 255 ASNs")
		}
		t := byte(2)
		if s.Set {
			t = 1
		}
		v = append(v, t, byte(len(s.ASNs)))
		for _, a := range s.ASNs {
			v = binary.BigEndian.AppendUint32(v, a)
		}
	}
	dst = appendAttr(dst, attrFlagTransitive, 2, v)
	if r.NextHop.Is4() {
		dst = appendAttr(dst, attrFlagTransitive, 3, r.NextHop.AsSlice())
	}
	if r.MED != nil {
		dst = appendAttr(dst, attrFlagOptional, 4, binary.BigEndian.AppendUint32(nil, *r.MED))
	}
	if r.LocalPref != nil {
		dst = appendAttr(dst, attrFlagTransitive, 5, binary.BigEndian.AppendUint32(nil, *r.LocalPref))
	}
	if r.AtomicAggregate {
		dst = appendAttr(dst, attrFlagTransitive, 6, nil)
	}
	if r.AggregatorAddr.IsValid() {
		v = binary.BigEndian.AppendUint32(v[:0], r.AggregatorAS)
		dst = appendAttr(dst, attrFlagOptional|attrFlagTransitive, 7, append(v, r.AggregatorAddr.AsSlice()...))
	}
	if len(r.Communities) > 0 {
		v = v[:0]
		for _, c := range r.Communities {
			v = binary.BigEndian.AppendUint32(v, c)
		}
		dst = appendAttr(dst, attrFlagOptional|attrFlagTransitive, 8, v)
	}
	if r.NextHop.Is6() {
		v = append(v[:0], 0, 2, 1, 16) // AFI IPv6, SAFI unicast, next hop length
		v = append(v, r.NextHop.AsSlice()...)
		v = append(v, 0) // Reserved
		v = appendPrefix(v, r.Prefix)
		dst = appendAttr(dst, attrFlagOptional, 14, v)
	}
	if len(r.LargeCommunities) > 0 {
		v = v[:0]
		for _, c := range r.LargeCommunities {
			v = binary.BigEndian.AppendUint32(v, c.Global)
			v = binary.BigEndian.AppendUint32(v, c.Local1)
			v = binary.BigEndian.AppendUint32(v, c.Local2)
		}
		dst = appendAttr(dst, attrFlagOptional|attrFlagTransitive, 32, v)
	}
	return dst, nil
}
