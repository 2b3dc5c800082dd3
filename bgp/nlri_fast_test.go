package bgp

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"
)

// The fast paths of nlri.go (parsePrefixRoute, the length-only loop of
// checkRoutes) must give exactly what the general parseRoute gives: the
// same routes, and for a bad entry the same error at the same offset.

// compareFastNLRI checks b, an NLRI field at offset off, both ways.
func compareFastNLRI(t *testing.T, b []byte, off int, f Family, addPath bool) {
	t.Helper()
	if got, want := checkRoutes(b, off, f, addPath), checkEachRoute(b, off, f, addPath, f.kind()); !reflect.DeepEqual(got, want) {
		t.Fatalf("%v add-path %v % x: checkRoutes %v, parseRoute %v", f, addPath, b, got, want)
	}
	v6 := f.AFI == AFIIPv6
	for rest, o := b, off; len(rest) > 0; {
		want, wn, werr := parseRoute(rest, o, f, addPath, f.kind())
		got, gn, ok := parsePrefixRoute(rest, o, v6, addPath)
		if ok != (werr == nil) || ok && (got != want || gn != wn) {
			t.Fatalf("%v add-path %v % x: parsePrefixRoute %+v %d %v, parseRoute %+v %d %v", f, addPath, rest, got, gn, ok, want, wn, werr)
		}
		if !ok {
			break
		}
		rest, o = rest[wn:], o+wn
	}
	// walkRoutes yields the same as a loop over parseRoute.
	var walked []Route
	var walkErr error
	walkRoutes(b, off, f, addPath, func(r Route, err error) bool {
		if err != nil {
			walkErr = err
			return false
		}
		walked = append(walked, r)
		return true
	})
	var want []Route
	for rest, o := b, off; len(rest) > 0; {
		r, n, err := parseRoute(rest, o, f, addPath, f.kind())
		if err != nil {
			if !reflect.DeepEqual(walkErr, error(err)) {
				t.Fatalf("% x: walkRoutes error %v, want %v", b, walkErr, err)
			}
			break
		}
		want = append(want, r)
		rest, o = rest[n:], o+n
	}
	if !reflect.DeepEqual(walked, want) {
		t.Fatalf("% x: walkRoutes %v, want %v", b, walked, want)
	}
	// So does routeCursor, the UPDATE iterators' walk, which stops quietly
	// at a bad entry. The field is placed at offset off of a message.
	msg := append(make([]byte, off), b...)
	c := routeCursor{msg: msg, pos: off, end: len(msg), fam: f, addPath: addPath, kind: f.kind()}
	var got []Route
	for c.step() {
		if c.fam != f {
			t.Fatalf("family %v, want %v", c.fam, f)
		}
		got = append(got, c.r)
	}
	if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		t.Fatalf("% x: routeCursor %v, want %v", b, got, want)
	}
}

func TestFastNLRIVectors(t *testing.T) {
	for _, tc := range []struct {
		f       Family
		addPath bool
		hex     string
	}{
		{IPv4Unicast, false, "18 c00002  10 0a00  00  20 c0000201  08 0a"},                                // /24, /16, /0, /32, /8 at the very end
		{IPv4Unicast, false, "19 c0000280"},                                                               // /25: 4 octets, host bits kept
		{IPv4Unicast, false, "21 c0000201 00"},                                                            // /33: longer than the address
		{IPv4Unicast, false, "18 c000"},                                                                   // overruns the field
		{IPv4Unicast, true, "00000001 18 c00002 00000002 10 0a00"},                                        // ADD-PATH
		{IPv4Unicast, true, "00000001 18 c00002 000000"},                                                  // path identifier truncated
		{IPv4Unicast, true, "00000001"},                                                                   // prefix length missing
		{IPv6Unicast, false, "30 20010db80001  40 20010db800000001  80 20010db8000000000000000000000001"}, // /48 /64 /128
		{IPv6Unicast, false, "30 20010db80001 81 20010db8000000000000000000000001 00"},                    // /129
		{IPv6Unicast, true, "0000000a 20 20010db8 0000000b 00"},                                           // ADD-PATH, /32 and /0
		{IPv6Unicast, false, "3f 20010db80001ffff 20 20010db8"},                                           // /63 with its host bits
		{IPv4Multicast, false, "18 e00000"},
	} {
		compareFastNLRI(t, unhex(t, tc.hex), 23, tc.f, tc.addPath)
	}
}

// TestFastNLRIRandom compares the paths on random fields: well-formed
// runs of prefixes with a random tail, so that every kind of bad entry and
// every number of octets after the last prefix comes up.
func TestFastNLRIRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		f := IPv4Unicast
		if r.IntN(2) == 0 {
			f = IPv6Unicast
		}
		addPath := r.IntN(2) == 0
		var b []byte
		for range r.IntN(5) {
			rt := Route{PathID: r.Uint32()}
			var a [16]byte
			for i := range a {
				a[i] = byte(r.Uint32())
			}
			if f == IPv4Unicast {
				rt.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte(a[:4])), r.IntN(33))
			} else {
				rt.Prefix = netip.PrefixFrom(netip.AddrFrom16(a), r.IntN(129))
			}
			b = AppendRoute(b, rt, f, addPath)
		}
		for range r.IntN(4) {
			b = append(b, byte(r.Uint32()))
		}
		compareFastNLRI(t, b, r.IntN(100), f, addPath)
	}
}

// FuzzFastNLRI compares the fast and the general NLRI paths on any
// octets, for IPv4 and IPv6 unicast with and without ADD-PATH.
func FuzzFastNLRI(f *testing.F) {
	f.Add([]byte{0x18, 0xc0, 0x00, 0x02, 0x10, 0x0a}, uint8(0))
	f.Add([]byte{0, 0, 0, 1, 0x30, 0x20, 0x01, 0x0d, 0xb8, 0, 1}, uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, ctx uint8) {
		fam := IPv4Unicast
		if ctx&1 != 0 {
			fam = IPv6Unicast
		}
		compareFastNLRI(t, b, int(ctx>>2), fam, ctx&2 != 0)
	})
}
