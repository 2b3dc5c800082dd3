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
// cheap next to decoding, and sensitive to order.
type acc struct{ d uint64 }

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

// addr adds an address: an IPv4 one as its 4 octets, an IPv6 one as
// its 16.
func (a *acc) addr(tag uint64, x netip.Addr) {
	if x.Is4() {
		b := x.As4()
		a.add(tag, uint64(binary.BigEndian.Uint32(b[:])))
		return
	}
	b := x.As16()
	a.add(tag, binary.BigEndian.Uint64(b[:8]))
	a.add(tag, binary.BigEndian.Uint64(b[8:]))
}

// route adds one NLRI entry: family, prefix and Path Identifier.
func (a *acc) route(tag uint64, afi uint16, safi uint8, p netip.Prefix, pathID uint32) {
	a.add(tag, uint64(afi)<<48|uint64(safi)<<40|uint64(p.Bits())<<32|uint64(pathID))
	a.addr(tag, p.Addr())
}
