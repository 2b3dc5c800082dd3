package rib

import (
	"encoding/binary"
	"math/bits"
	"net/netip"

	"github.com/bgplens/bgplens/bgp"
)

// Table entries: the key of a route (masked prefix, path ID, and for
// labeled and VPN families the RD) and a uint32 value, the interned set's
// handle with the stale bit. Keys order by RD, address, prefix length,
// path ID, so that every path of a prefix sits together and the
// more-specifics of a prefix follow it.

// The searches are branchless (a conditional move per step, the key
// compared as one wide number through subtraction borrows): with random
// keys a branch per comparison mispredicts half the time.

// valStale marks a route of a router marked stale that has not been
// announced again; the other bits are the set handle.
const valStale = 1 << 31

// v4ent is an IPv4 unicast or multicast route: 16 octets.
type v4ent struct {
	addr   uint32
	pathID uint32
	val    uint32
	bits   uint8
}

func (a v4ent) less(b v4ent) bool { return a.lessBit(b) != 0 }

// lessBit is 1 if a < b, else 0.
func (a v4ent) lessBit(b v4ent) int {
	_, c := bits.Sub64(uint64(a.pathID), uint64(b.pathID), 0)
	_, c = bits.Sub64(uint64(a.addr)<<8|uint64(a.bits), uint64(b.addr)<<8|uint64(b.bits), c)
	return int(c)
}

func (v4ent) lower(ents []v4ent, e v4ent) int {
	base, n := 0, len(ents)
	for n > 1 {
		half := n / 2
		base += half & -ents[base+half-1].lessBit(e)
		n -= half
	}
	if n == 1 && ents[base].less(e) {
		base++
	}
	return base
}

func (v4ent) upper(ents []v4ent, e v4ent) int {
	base, n := 0, len(ents)
	for n > 1 {
		half := n / 2
		base += half &^ -e.lessBit(ents[base+half-1])
		n -= half
	}
	if n == 1 && !e.less(ents[base]) {
		base++
	}
	return base
}

func (a v4ent) cmp(b v4ent) int {
	x := uint64(a.addr)<<8 | uint64(a.bits)
	y := uint64(b.addr)<<8 | uint64(b.bits)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case a.pathID < b.pathID:
		return -1
	case a.pathID > b.pathID:
		return 1
	}
	return 0
}

// v6ent is an IPv6 unicast or multicast route: 28 octets (the address as
// four uint32 keeps the alignment at 4).
type v6ent struct {
	addr   [4]uint32
	pathID uint32
	val    uint32
	bits   uint8
}

func (a v6ent) less(b v6ent) bool { return a.lessBit(b) != 0 }

// lessBit is 1 if a < b, else 0.
func (a v6ent) lessBit(b v6ent) int {
	_, c := bits.Sub64(uint64(a.bits)<<32|uint64(a.pathID), uint64(b.bits)<<32|uint64(b.pathID), 0)
	_, c = bits.Sub64(uint64(a.addr[2])<<32|uint64(a.addr[3]), uint64(b.addr[2])<<32|uint64(b.addr[3]), c)
	_, c = bits.Sub64(uint64(a.addr[0])<<32|uint64(a.addr[1]), uint64(b.addr[0])<<32|uint64(b.addr[1]), c)
	return int(c)
}

func (v6ent) lower(ents []v6ent, e v6ent) int {
	base, n := 0, len(ents)
	for n > 1 {
		half := n / 2
		base += half & -ents[base+half-1].lessBit(e)
		n -= half
	}
	if n == 1 && ents[base].less(e) {
		base++
	}
	return base
}

func (v6ent) upper(ents []v6ent, e v6ent) int {
	base, n := 0, len(ents)
	for n > 1 {
		half := n / 2
		base += half &^ -e.lessBit(ents[base+half-1])
		n -= half
	}
	if n == 1 && !e.less(ents[base]) {
		base++
	}
	return base
}

func (a v6ent) cmp(b v6ent) int {
	for i := range 4 {
		if a.addr[i] != b.addr[i] {
			if a.addr[i] < b.addr[i] {
				return -1
			}
			return 1
		}
	}
	x := uint64(a.bits)<<32 | uint64(a.pathID)
	y := uint64(b.bits)<<32 | uint64(b.pathID)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// wideEnt is a labeled (RFC 8277) or VPN (RFC 4364, RFC 4659) route of
// either address family, with its RD in the key and its labels in the
// value.
type wideEnt struct {
	rd     [2]uint32
	addr   [4]uint32
	pathID uint32
	val    uint32
	labels [bgp.MaxLabels]uint32
	bits   uint8
	nlab   uint8
}

func (a wideEnt) less(b wideEnt) bool { return a.cmp(b) < 0 }

func (wideEnt) lower(ents []wideEnt, e wideEnt) int {
	lo, hi := 0, len(ents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ents[m].less(e) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (wideEnt) upper(ents []wideEnt, e wideEnt) int {
	lo, hi := 0, len(ents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !e.less(ents[m]) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (a wideEnt) cmp(b wideEnt) int {
	for i := range 2 {
		if a.rd[i] != b.rd[i] {
			if a.rd[i] < b.rd[i] {
				return -1
			}
			return 1
		}
	}
	v := v6ent{addr: a.addr, pathID: a.pathID, bits: a.bits}
	return v.cmp(v6ent{addr: b.addr, pathID: b.pathID, bits: b.bits})
}

// Conversions between bgp.Route and entries.

// The prefix is masked here, on the words (cheaper than Prefix.Masked).

func v4Key(r *bgp.Route) v4ent {
	a := r.Prefix.Addr().As4()
	bits := r.Prefix.Bits()
	return v4ent{addr: binary.BigEndian.Uint32(a[:]) & mask32(bits), pathID: r.PathID, bits: uint8(bits)}
}

func v6Key(r *bgp.Route) v6ent {
	bits := r.Prefix.Bits()
	return v6ent{addr: mask128(addr16(r.Prefix.Addr()), bits), pathID: r.PathID, bits: uint8(bits)}
}

func wideKey(r *bgp.Route) wideEnt {
	p := r.Prefix.Masked()
	e := wideEnt{pathID: r.PathID, bits: uint8(p.Bits())}
	e.rd[0] = binary.BigEndian.Uint32(r.RD[:4])
	e.rd[1] = binary.BigEndian.Uint32(r.RD[4:])
	if p.Addr().Is4() {
		a := p.Addr().As4()
		e.addr[0] = binary.BigEndian.Uint32(a[:])
	} else {
		e.addr = addr16(p.Addr())
	}
	for i := range r.NumLabels {
		e.labels[i] = uint32(r.Labels[i])
	}
	e.nlab = r.NumLabels
	return e
}

func addr16(a netip.Addr) (w [4]uint32) {
	b := a.As16()
	for i := range 4 {
		w[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return w
}

func addrFrom16(w [4]uint32) netip.Addr {
	var b [16]byte
	for i := range 4 {
		binary.BigEndian.PutUint32(b[4*i:], w[i])
	}
	return netip.AddrFrom16(b)
}

func addrFrom4(w uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], w)
	return netip.AddrFrom4(b)
}

// route rebuilds the key part of a Route from an entry.
func (a v4ent) route() Route {
	return Route{Prefix: netip.PrefixFrom(addrFrom4(a.addr), int(a.bits)), PathID: a.pathID, Stale: a.val&valStale != 0}
}

func (a v6ent) route() Route {
	return Route{Prefix: netip.PrefixFrom(addrFrom16(a.addr), int(a.bits)), PathID: a.pathID, Stale: a.val&valStale != 0}
}

func (a wideEnt) route(v6 bool) Route {
	r := Route{PathID: a.pathID, Stale: a.val&valStale != 0, NumLabels: a.nlab}
	if v6 {
		r.Prefix = netip.PrefixFrom(addrFrom16(a.addr), int(a.bits))
	} else {
		r.Prefix = netip.PrefixFrom(addrFrom4(a.addr[0]), int(a.bits))
	}
	binary.BigEndian.PutUint32(r.RD[:4], a.rd[0])
	binary.BigEndian.PutUint32(r.RD[4:], a.rd[1])
	for i := range a.nlab {
		r.Labels[i] = bgp.Label(a.labels[i])
	}
	return r
}

func (e v4ent) value() uint32   { return e.val }
func (e v6ent) value() uint32   { return e.val }
func (e wideEnt) value() uint32 { return e.val }
