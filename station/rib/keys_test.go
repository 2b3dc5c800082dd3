package rib

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// keyOfRef is keyOf written the plain way: the masked prefix's 16 octets.
func keyOfRef(p netip.Prefix) histKey {
	p = p.Masked()
	a := p.Addr().As16()
	k := histKey{meta: uint16(p.Bits())}
	for i := range 8 {
		k.hi = k.hi<<8 | uint64(a[i])
		k.lo = k.lo<<8 | uint64(a[8+i])
	}
	if !p.Addr().Is4() {
		k.meta |= 1 << 8
	}
	return k
}

// TestKeyOfMasks checks that keyOf masks the address itself: unmasked
// prefixes of every length, both families and IPv4-mapped IPv6, key as
// their masked form does and come back as it from prefix.
func TestKeyOfMasks(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var ps []netip.Prefix
	for bits := 0; bits <= 128; bits++ {
		var a16 [16]byte
		for i := range a16 {
			a16[i] = byte(r.Uint32())
		}
		ps = append(ps, netip.PrefixFrom(netip.AddrFrom16(a16), bits))
		mapped := a16
		copy(mapped[:12], []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})
		ps = append(ps, netip.PrefixFrom(netip.AddrFrom16(mapped), bits))
		if bits <= 32 {
			ps = append(ps, netip.PrefixFrom(netip.AddrFrom4([4]byte(a16[:4])), bits))
		}
	}
	for _, p := range ps {
		k := keyOf(p)
		if want := keyOfRef(p); k != want {
			t.Fatalf("keyOf(%v) = %+v, want %+v", p, k, want)
		}
		if back := k.prefix(); back != p.Masked() {
			t.Fatalf("keyOf(%v).prefix() = %v, want %v", p, back, p.Masked())
		}
		// Apply takes the key from the tree's entry (famTable.upsert).
		r := bgp.Route{Prefix: p}
		var fromTree histKey
		if p.Addr().Is4() {
			e := v4Key(&r)
			fromTree = key4(e.addr, int(e.bits))
		} else {
			e := v6Key(&r)
			fromTree = key6(e.addr, int(e.bits))
		}
		if fromTree != k {
			t.Fatalf("the tree's key of %v gives %+v, keyOf %+v", p, fromTree, k)
		}
		if k == (histKey{}) {
			t.Fatalf("keyOf(%v) is the zero histKey, which change takes for none", p)
		}
	}
	if keyOf(netip.Prefix{}) != keyOfRef(netip.Prefix{}) {
		t.Fatal("keyOf of the zero prefix differs")
	}
}
