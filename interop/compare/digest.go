package main

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// msgResult is what a parser found in one Route Monitoring message: the
// number of announced and withdrawn prefixes and a digest of every value
// it decoded, in wire order. Two parsers that decode the same values in
// the same order give the same digest.
type msgResult struct {
	digest    uint64
	announced uint32
	withdrawn uint32
	bad       uint32 // values a getter refused (a generated stream has none)
}

// acc folds decoded values into a digest: a rotate and an xor per value,
// cheap next to decoding, and sensitive to order within an attribute and
// among the routes. The attributes' digests are summed, so that a parser
// may hand attributes out in its own order (bgplens' UpdateValues has a
// field per type; GoBGP keeps the wire order).
type acc struct{ d, sum uint64 }

// attr starts the values of an attribute of type t.
func (a *acc) attr(t uint64) {
	a.sum += mix(a.d)
	a.d = 0
	a.add(tagAttr, t)
}

// routes ends the attributes: the routes that follow are folded, in
// order, into their sum.
func (a *acc) routes() {
	a.sum += mix(a.d)
	a.d = a.sum
}

// mix spreads an attribute's digest before the sum, so that digests of
// attributes do not cancel; one multiplication keeps it cheap.
func mix(x uint64) uint64 {
	x ^= x >> 32
	x *= 0xbf58476d1ce4e5b9
	return x ^ x>>29
}

// Tags keep a value of one kind from standing in for another.
const (
	tagAttr uint64 = (iota + 1) << 56
	tagOrigin
	tagSegment
	tagASN
	tagNextHop
	tagMED
	tagLocalPref
	tagAtomic
	tagAggregator
	tagCommunity
	tagOriginatorID
	tagCluster
	tagMPReach
	tagMPUnreach
	tagExtCommunity
	tagLarge
	tagRoute
	tagWithdrawn
)

func (a *acc) add(tag, v uint64) { a.d = bits.RotateLeft64(a.d, 7) ^ (tag + v) }

// addr adds an address: an IPv4 one as its 4 octets, an IPv6 one as its
// 16 (a different number of values, so the forms cannot be confused).
func (a *acc) addr(tag uint64, x netip.Addr) {
	if x.Is4() {
		b := x.As4()
		a.add(tag, uint64(binary.LittleEndian.Uint32(b[:])))
		return
	}
	b := x.As16()
	a.add(tag, binary.LittleEndian.Uint64(b[:8]))
	a.add(tag, binary.LittleEndian.Uint64(b[8:]))
}

// route adds one NLRI entry: family, prefix and Path Identifier.
func (a *acc) route(tag uint64, afi uint16, safi uint8, p netip.Prefix, pathID uint32) {
	a.prefix(tag, famKey(afi, safi), &p, pathID)
}

// famKey is the family's part of a route's first value.
func famKey(afi uint16, safi uint8) uint64 { return uint64(afi)<<48 | uint64(safi)<<40 }

// prefix is route with the family's part computed once per NLRI field,
// and the prefix by pointer: bgplens' loops call it.
func (a *acc) prefix(tag, fam uint64, p *netip.Prefix, pathID uint32) {
	a.add(tag, fam|uint64(p.Bits())<<32|uint64(pathID))
	a.addr(tag, p.Addr())
}

// mpReach adds an MP_REACH_NLRI's family and next hops (ll, the IPv6
// link-local one, where there is one).
func (a *acc) mpReach(afi, safi uint64, nh, ll netip.Addr) {
	a.add(tagMPReach, afi<<8|safi)
	a.addr(tagMPReach, nh)
	if ll.IsValid() {
		a.addr(tagMPReach, ll)
	}
}

// extCommunity adds an extended community's type and subtype, then its
// two-octet-AS value where ok (it is of that kind); it returns the values
// refused: 1 for a community of another kind (a generated stream has
// none).
func (a *acc) extCommunity(typ, subtype, as, local uint64, ok bool) uint32 {
	a.add(tagExtCommunity, typ<<8|subtype)
	if !ok {
		return 1
	}
	a.add(tagExtCommunity, as<<32|local)
	return 0
}

// large adds a large community.
func (a *acc) large(global, data1, data2 uint64) {
	a.add(tagLarge, global)
	a.add(tagLarge, data1<<32|data2)
}
