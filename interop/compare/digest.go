package main

import (
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

// addr adds the 16-octet form of an address (IPv4 as IPv4-mapped).
func (a *acc) addr(tag uint64, x netip.Addr) {
	b := x.As16()
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 |
		uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	a.add(tag, hi)
	a.add(tag, lo)
}

// route adds one NLRI entry: family, prefix and Path Identifier.
func (a *acc) route(tag uint64, afi uint16, safi uint8, p netip.Prefix, pathID uint32) {
	a.add(tag, uint64(afi)<<8|uint64(safi))
	a.addr(tag, p.Addr())
	a.add(tag, uint64(p.Bits())<<32|uint64(pathID))
}
