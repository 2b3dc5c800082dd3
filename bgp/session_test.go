package bgp

import (
	"math/bits"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestAddPathBits: every family with a bit has its own, and the others
// none.
func TestAddPathBits(t *testing.T) {
	seen := map[uint32]Family{}
	for _, afi := range []AFI{0, AFIIPv4, AFIIPv6, 3, AFIL2VPN, AFIBGPLS, 65535} {
		for safi := 0; safi < 256; safi++ {
			f := Family{afi, SAFI(safi)}
			b := addPathBit(f)
			if b == 0 {
				continue
			}
			if bits.OnesCount32(b) != 1 {
				t.Fatalf("%v: bit %#x", f, b)
			}
			if g, dup := seen[b]; dup {
				t.Fatalf("%v and %v share bit %#x", f, g, b)
			}
			seen[b] = f
		}
	}
	for _, f := range []Family{IPv4Unicast, IPv6Unicast, IPv4Labeled, IPv6VPN, {AFIL2VPN, SAFIEVPN}, {AFIBGPLS, SAFIBGPLS}} {
		if addPathBit(f) == 0 {
			t.Errorf("%v has no bit", f)
		}
	}
	if len(seen) != 26 {
		t.Errorf("%d families with a bit, want 26", len(seen))
	}
}

// TestSessionAddPath compares Session with a map as the reference: any
// order of changes gives the same set, == holds for equal sets, and
// AddPathFamilies lists the set sorted.
func TestSessionAddPath(t *testing.T) {
	fams := []Family{IPv4Unicast, IPv6Unicast, IPv4Multicast, IPv4VPN, IPv6Labeled, {AFIL2VPN, SAFIEVPN},
		{AFIIPv4, 99}, {AFIIPv6, 200}, {7, 1}, {AFIL2VPN, 1}, {AFIBGPLS, SAFIBGPLSVPN}}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var s, s2 Session
		ref := map[Family]bool{}
		others := 0
		for range r.IntN(12) {
			f := fams[r.IntN(len(fams))]
			on := r.IntN(3) != 0
			s = s.WithAddPath(f, on)
			if addPathBit(f) == 0 && on && !ref[f] {
				if others == maxAddPathOther {
					continue // beyond the capacity: ignored
				}
				others++
			}
			if addPathBit(f) == 0 && !on && ref[f] {
				others--
			}
			if on {
				ref[f] = true
			} else {
				delete(ref, f)
			}
		}
		var want []Family
		for _, f := range fams {
			if s.AddPath(f) != ref[f] {
				t.Fatalf("%v: AddPath %v, want %v (%+v)", f, s.AddPath(f), ref[f], s)
			}
			if ref[f] {
				want = append(want, f)
			}
		}
		slices.SortFunc(want, func(a, b Family) int {
			if familyLess(a, b) {
				return -1
			}
			return 1
		})
		if got := s.AddPathFamilies(); !reflect.DeepEqual(got, want) {
			t.Fatalf("AddPathFamilies %v, want %v", got, want)
		}
		// The same set built in another order compares equal.
		for _, i := range r.Perm(len(want)) {
			s2 = s2.WithAddPath(want[i], true)
		}
		if s2 != s {
			t.Fatalf("%+v != %+v", s2, s)
		}
	}
}

func TestSessionAddPathCapacity(t *testing.T) {
	var s Session
	for i := range 6 {
		s = s.WithAddPath(Family{100, SAFI(i)}, true)
	}
	n := 0
	for i := range 6 {
		if s.AddPath(Family{100, SAFI(i)}) {
			n++
		}
	}
	if n != maxAddPathOther || len(s.AddPathFamilies()) != maxAddPathOther {
		t.Errorf("%d unknown families kept, want %d", n, maxAddPathOther)
	}
	// Known families are not limited.
	for safi := range 256 {
		s = s.WithAddPath(Family{AFIIPv4, SAFI(safi)}, true).WithAddPath(Family{AFIIPv6, SAFI(safi)}, true)
	}
	if !s.AddPath(IPv4Unicast) || !s.AddPath(IPv6VPN) || !s.AddPath(Family{AFIIPv4, SAFIFlowSpec}) {
		t.Error("known families lost")
	}
	if (Session{}).AddPathFamilies() != nil {
		t.Error("AddPathFamilies of the zero Session is not nil")
	}
}

// The unicast shortcuts agree with the general lookup whatever else is set.
func TestAddPathIPv4UnicastShortcut(t *testing.T) {
	for _, s := range []Session{{}, Session{}.WithAddPath(IPv4Unicast, true), Session{}.WithAddPath(IPv6Unicast, true),
		Session{}.WithAddPath(Family{AFIIPv4, SAFIMulticast}, true), Session{AS4: true}.WithAddPath(IPv4Unicast, true).WithAddPath(IPv6Unicast, true)} {
		if got, want := s.addPathIPv4Unicast(), s.AddPath(IPv4Unicast); got != want || want != s.addPathOther(IPv4Unicast) {
			t.Errorf("%+v: shortcut %v, AddPath %v, addPathOther %v", s, got, want, s.addPathOther(IPv4Unicast))
		}
		// AddPath's and addPathMP's shortcuts for the unicast families,
		// and the families next to them that they must not take.
		for _, f := range []Family{IPv4Unicast, IPv6Unicast, {AFIIPv4, SAFIMulticast}, {AFIIPv6, SAFIMulticast}, {AFIL2VPN, SAFIUnicast}, {0, SAFIUnicast}} {
			if got, want := s.addPathMP(f), s.addPathOther(f); got != want {
				t.Errorf("%+v, %v: addPathMP %v, addPathOther %v", s, f, got, want)
			}
			if got, want := s.AddPath(f), s.addPathOther(f); got != want {
				t.Errorf("%+v: AddPath(%v) %v, addPathOther %v", s, f, got, want)
			}
		}
	}
}
