package routerlab

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Segment is one AS_PATH segment (RFC 4271 §4.3): an AS_SEQUENCE or an
// AS_SET of 4-octet AS numbers.
type Segment struct {
	Set  bool // AS_SET when true, AS_SEQUENCE otherwise
	ASNs []uint32
}

// ASPath is an AS_PATH as a list of segments.
type ASPath []Segment

// Seq is an AS_PATH made of one AS_SEQUENCE.
func Seq(asns ...uint32) ASPath { return ASPath{{ASNs: asns}} }

// String writes the path the way FRR's "path" field does: the numbers of a
// sequence separated by spaces, a set as {a,b}.
func (p ASPath) String() string {
	var b strings.Builder
	for _, s := range p {
		if s.Set {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte('{')
			for i, a := range s.ASNs {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.FormatUint(uint64(a), 10))
			}
			b.WriteByte('}')
			continue
		}
		for _, a := range s.ASNs {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatUint(uint64(a), 10))
		}
	}
	return b.String()
}

// Prepend returns the path with as in front, added to the first segment when
// that is a sequence (RFC 4271 §5.1.2), as a speaker does when it sends the
// route over eBGP.
func (p ASPath) Prepend(as uint32) ASPath {
	if len(p) > 0 && !p[0].Set {
		out := slices.Clone(p)
		out[0] = Segment{ASNs: append([]uint32{as}, p[0].ASNs...)}
		return out
	}
	return append(ASPath{{ASNs: []uint32{as}}}, p...)
}

// LargeCommunity is a BGP Large Community (RFC 8092).
type LargeCommunity struct{ Global, Local1, Local2 uint32 }

// String gives the a:b:c form.
func (c LargeCommunity) String() string { return fmt.Sprintf("%d:%d:%d", c.Global, c.Local1, c.Local2) }

// Route is a route the source originates, with the attributes it carries.
// Source picks the MRT peer the route is written under: routes of the same
// prefix under different sources become separate paths in the source's RIB.
type Route struct {
	Prefix           netip.Prefix
	NextHop          netip.Addr
	Origin           uint8 // 0 IGP, 1 EGP, 2 INCOMPLETE
	ASPath           ASPath
	MED              *uint32
	LocalPref        *uint32
	Communities      []uint32 // RFC 1997, high 16 bits the AS
	LargeCommunities []LargeCommunity
	AtomicAggregate  bool
	AggregatorAS     uint32 // with AggregatorAddr: an AGGREGATOR attribute
	AggregatorAddr   netip.Addr
	Source           int
}

// Path is one path a router holds, as its own CLI reports it (FRR's vtysh,
// gobgp). Fields the CLI output does not give are left zero; HasAttrs says
// whether MED and the communities were reported.
type Path struct {
	Prefix           netip.Prefix
	PathID           uint32 // ADD-PATH Path Identifier when the CLI shows one
	NextHop          netip.Addr
	ASPath           string // in ASPath.String form
	Origin           string // "IGP", "EGP", "incomplete", or "" when unknown
	HasAttrs         bool
	MED              *uint32
	LocalPref        *uint32
	Communities      []string // a:b, sorted
	LargeCommunities []string // a:b:c, sorted
	Best             bool
	From             netip.Addr // the neighbour it was learned from; invalid for the router's own
}

// String prints the path's key fields on one line.
func (p Path) String() string {
	s := fmt.Sprintf("%s id=%d nh=%s path=[%s]", p.Prefix, p.PathID, p.NextHop, p.ASPath)
	if p.HasAttrs {
		if p.MED != nil {
			s += fmt.Sprintf(" med=%d", *p.MED)
		}
		if p.LocalPref != nil {
			s += fmt.Sprintf(" lp=%d", *p.LocalPref)
		}
		s += fmt.Sprintf(" comm=%v lcomm=%v", p.Communities, p.LargeCommunities)
	}
	return s
}

// CommunityString gives the a:b form of an RFC 1997 community.
func CommunityString(c uint32) string { return fmt.Sprintf("%d:%d", c>>16, c&0xffff) }

// Rejected4 and Rejected6 are the prefixes FRR's inbound policy from the
// source rejects, so that its post-policy table differs from the pre-policy
// one.
var (
	Rejected4 = netip.MustParsePrefix("100.64.0.0/10")
	Rejected6 = netip.MustParsePrefix("2001:db8:ff00::/40")
)

// FRRRejects says whether FRR's inbound policy rejects the prefix.
func FRRRejects(p netip.Prefix) bool {
	if p.Addr().Is4() {
		return Rejected4.Overlaps(p) && p.Bits() >= Rejected4.Bits()
	}
	return Rejected6.Overlaps(p) && p.Bits() >= Rejected6.Bits()
}

func u32(v uint32) *uint32 { return &v }

// Synthetic builds n4 IPv4 and n6 IPv6 routes with varied attributes: AS
// paths of one to six ASNs mixing 2- and 4-octet numbers, with prepends and
// some AS_SETs; the three ORIGIN values; MED on half; communities, large
// communities, ATOMIC_AGGREGATE with AGGREGATOR on some. Every tenth prefix
// falls in the range FRR's policy rejects. When second is > 0, every
// second-th prefix also gets a second path (Source 1) with another AS path
// and next hop. The result is the same for the same arguments.
func Synthetic(n4, n6, second int) []Route {
	var out []Route
	pool := []uint32{3356, 4200000101, 174, 64500, 4200000202, 6939, 4294967294, 2914, 23456, 1299}
	attrs := func(i int, r *Route) {
		n := 1 + i%6
		var seq []uint32
		for k := 0; k < n; k++ {
			seq = append(seq, pool[(i+3*k)%len(pool)])
		}
		if i%5 == 1 { // prepend the first AS twice more
			seq = append([]uint32{seq[0], seq[0]}, seq...)
		}
		r.ASPath = Seq(seq...)
		if i%9 == 4 {
			r.ASPath = append(r.ASPath, Segment{Set: true, ASNs: []uint32{64512 + uint32(i%3), 4200000303}})
		}
		r.Origin = uint8(i % 3)
		if i%2 == 0 {
			r.MED = u32(uint32(i * 10))
		}
		if i%3 != 0 {
			r.Communities = []uint32{64500<<16 | uint32(i), 65100<<16 | uint32(i%7)}
		}
		if i%4 == 1 {
			r.LargeCommunities = []LargeCommunity{{4200000001, 1, uint32(i)}, {64500, 2, 3}}
		}
		if i%8 == 3 {
			r.AtomicAggregate = true
			r.AggregatorAS = 4200000101
			r.AggregatorAddr = netip.AddrFrom4([4]byte{192, 0, 2, 77})
		}
	}
	for i := 0; i < n4; i++ {
		var r Route
		switch {
		case i%10 == 9:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64, byte(i / 256), byte(i)}), 32)
		case i%3 == 0:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{11, byte(i / 256), byte(i), 0}), 24)
		case i%3 == 1:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{12, byte(i / 128), byte(i%128) * 2, 0}), 23)
		default:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{13, byte(i / 64), byte(i%64) * 4, 0}), 22)
		}
		r.NextHop = netip.AddrFrom4([4]byte{192, 0, 2, byte(1 + i%3)})
		attrs(i, &r)
		out = append(out, r)
	}
	for i := 0; i < n6; i++ {
		var r Route
		switch {
		case i%10 == 9:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0xff, byte(i / 256), byte(i)}), 64)
		case i%2 == 0:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0x10 + byte(i/256), byte(i)}), 48)
		default:
			r.Prefix = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0x20 + byte(i/64), byte(i%64) * 4}), 46)
		}
		r.NextHop = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 15: byte(1 + i%3)})
		attrs(i+1, &r)
		out = append(out, r)
	}
	if second > 0 {
		n := len(out)
		for i := 0; i < n; i += second {
			r := out[i]
			r.Source = 1
			r.ASPath = Seq(4200000909, 65200+uint32(i%50))
			r.Communities = []uint32{64999<<16 | 2}
			r.MED = u32(7)
			if r.NextHop.Is4() {
				r.NextHop = netip.AddrFrom4([4]byte{192, 0, 2, 99})
			} else {
				r.NextHop = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 15: 99})
			}
			out = append(out, r)
		}
	}
	return out
}

// Dynamic gives n IPv4 and n IPv6 routes (n at most 16) for a test to
// announce and withdraw at the source through the CLI (GoBGPd.Announce;
// routes injected from MRT cannot be withdrawn): 203.0.113.0/26 cut into
// /30s, and /64s of 2001:db8:d000::/48, none of them rejected by FRR.
func Dynamic(n int) []Route {
	var rs []Route
	for i := range min(n, 16) {
		rs = append(rs, Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(4 * i)}), 30),
			NextHop: netip.MustParseAddr("192.0.2.9"), ASPath: Seq(4200000005, 64501+uint32(i)), MED: u32(uint32(i)),
			Communities: []uint32{64500<<16 | uint32(i)}, LargeCommunities: []LargeCommunity{{4200000001, 9, uint32(i)}}})
		rs = append(rs, Route{Prefix: netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0xd0, 0, 0, byte(i)}), 64),
			NextHop: netip.MustParseAddr("2001:db8:ffff::9"), ASPath: Seq(4200000005), Origin: 1})
	}
	return rs
}
