package bgp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// ribAttrs builds a RIB entry's attributes: ORIGIN IGP, AS_PATH (AS
// 64496, 4-octet), then the MP_REACH_NLRI value mp (flags 0x80) and more.
func ribAttrs(mp []byte, more ...byte) []byte {
	b := []byte{0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf0}
	if mp != nil {
		b = append(b, 0x80, 14, byte(len(mp)))
		b = append(b, mp...)
	}
	return append(b, more...)
}

var (
	ribGlobal    = netip.MustParseAddr("2001:db8::1")
	ribLinkLocal = netip.MustParseAddr("fe80::1")
)

// TestRIBPathNextHop: the abbreviated MP_REACH_NLRI of RFC 6396 §4.3.4
// (next hop only) and the whole attribute some writers kept both give the
// next hop of the entry's family; ReadPath, which knows no family, reads
// neither as a next hop.
func TestRIBPathNextHop(t *testing.T) {
	gl, ll := ribGlobal.As16(), ribLinkLocal.As16()
	abbrev := append(append([]byte{32}, gl[:]...), ll[:]...)
	whole := append(append([]byte{0, 2, 1, 32}, gl[:]...), ll[:]...)
	whole = append(whole, 0, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 9) // reserved, and the UPDATE's NLRI 2001:db8:9::/48
	for name, mp := range map[string][]byte{"abbreviated": abbrev, "whole": whole} {
		attrs := ribAttrs(mp)
		p, err := ReadRIBPath(attrs, Session{AS4: true}, IPv6Unicast)
		if err != nil {
			t.Fatal(err)
		}
		nh, lln, ok := p.NextHop(IPv6Unicast)
		if !ok || nh != ribGlobal || lln != ribLinkLocal {
			t.Errorf("%s: next hop %v %v %v", name, nh, lln, ok)
		}
		if m, ok := p.MPReach(); !ok || m.Family != IPv6Unicast || len(m.NLRI) != 0 {
			t.Errorf("%s: MPReach %+v %v: the entry's family, no NLRI", name, m, ok)
		}
		if errs := p.AppendErrors(nil, IPv6Unicast); len(errs) != 0 {
			t.Errorf("%s: %v", name, errs)
		}
		j := pathJSONOf(t, &p, IPv6Unicast)
		if j["next_hop"] != ribGlobal.String() || j["next_hop_link_local"] != ribLinkLocal.String() || j["other_attributes"] != nil {
			t.Errorf("%s: JSON %v", name, j)
		}
		plain, _ := ReadPath(attrs, Session{AS4: true})
		if _, _, ok := plain.NextHop(IPv6Unicast); ok && name == "abbreviated" {
			t.Errorf("ReadPath read the abbreviated form as RFC 4760's")
		}
	}
	// IPv4 with a 4-octet next hop, and the family of the entry, not of
	// the whole attribute, is the route's.
	p, _ := ReadRIBPath(ribAttrs([]byte{4, 192, 0, 2, 1}), Session{AS4: true}, IPv4Multicast)
	if nh, _, ok := p.NextHop(IPv4Multicast); !ok || nh != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("IPv4 multicast: %v %v", nh, ok)
	}
	// NEXT_HOP is the next hop of IPv4 unicast entries only (OpenBGPD
	// writes one into its VPN entries, which have no MP_REACH_NLRI).
	withNH := ribAttrs(nil, 0x40, 3, 4, 192, 0, 2, 9)
	for f, want := range map[Family]bool{IPv4Unicast: true, IPv4VPN: false, IPv6Unicast: false} {
		p, _ := ReadRIBPath(withNH, Session{AS4: true}, f)
		if nh, _, ok := p.NextHop(f); ok != want || ok && nh != netip.MustParseAddr("192.0.2.9") {
			t.Errorf("%v with NEXT_HOP only: %v %v", f, nh, ok)
		}
	}
}

// TestRIBPathErrors: what AppendErrors reports, and that a clean path
// costs no allocation.
// bgpsecOneHop is a BGPsec_PATH attribute of one hop (RFC 8205 §3): a
// Secure_Path of one segment (pCount 1, AS 65000) and one Signature_Block
// of suite 1 with one 1-octet signature.
var bgpsecOneHop = append(append([]byte{0x80, 33, 34, 0, 8, 1, 0, 0, 0, 0xfd, 0xe8, 0, 26, 1},
	bytes.Repeat([]byte{0x11}, 20)...), 0, 1, 0xaa)

func TestRIBPathErrors(t *testing.T) {
	nh4 := []byte{0x40, 3, 4, 192, 0, 2, 1}
	for _, c := range []struct {
		name  string
		attrs []byte
		f     Family
		want  []string // "ATTR subcode" of each error, in order
	}{
		{"clean IPv4", ribAttrs(nil, nh4...), IPv4Unicast, nil},
		{"clean IPv4 over MP_REACH_NLRI", ribAttrs([]byte{4, 192, 0, 2, 1}), IPv4Unicast, nil},
		{"IPv4 without NEXT_HOP", ribAttrs(nil), IPv4Unicast, []string{"3 3"}},
		{"IPv6 without next hop", ribAttrs(nil), IPv6Unicast, []string{"14 9"}},
		{"no ORIGIN", ribAttrs(nil, nh4...)[4:], IPv4Unicast, []string{"1 3"}},
		{"next hop of 5 octets", ribAttrs([]byte{5, 1, 2, 3, 4, 5}), IPv6Unicast, []string{"14 9"}},
		{"neither form", ribAttrs([]byte{7, 1}), IPv6Unicast, []string{"14 5"}},
		{"transitive MP_REACH_NLRI", append([]byte{0xc0, 14, 5, 4, 192, 0, 2, 1}, ribAttrs(nil)...), IPv4Unicast, []string{"14 4"}},
		{"BGPsec_PATH for AS_PATH", append(append([]byte{0x40, 1, 1, 0}, bgpsecOneHop...), nh4...), IPv4Unicast, nil},
		{"repeated", ribAttrs(nil, append(nh4, nh4...)...), IPv4Unicast, []string{"3 1"}},
		{"cut short", ribAttrs(nil, append(nh4, 0x40, 5, 4, 0)...), IPv4Unicast, []string{"5 5"}},
	} {
		p, _ := ReadRIBPath(c.attrs, Session{AS4: true}, c.f)
		var got []string
		for _, e := range p.AppendErrors(nil, c.f) {
			got = append(got, fmt.Sprintf("%d %d", e.Attr, e.Subcode))
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: errors %v, want %v", c.name, got, c.want)
		}
	}
	p, _ := ReadRIBPath(ribAttrs(nil, nh4...), Session{AS4: true}, IPv4Unicast)
	buf := make([]*Error, 0, 4)
	if n := testing.AllocsPerRun(100, func() {
		q, _ := ReadRIBPath(p.Bytes(), Session{AS4: true}, IPv4Unicast)
		buf = q.AppendErrors(buf[:0], IPv4Unicast)
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// FuzzRIBPath: any octets read as a RIB entry's attributes give a Path
// whose getters do not panic and whose JSON is valid; a path
// AppendErrors finds nothing in framed whole, and its MP_REACH_NLRI, if
// any, gives the family's next hop.
func FuzzRIBPath(f *testing.F) {
	f.Add(ribAttrs([]byte{4, 192, 0, 2, 1}), byte(0))
	f.Add(ribAttrs([]byte{16, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), byte(1))
	f.Add(ribAttrs([]byte{0, 2, 1, 4, 192, 0, 2, 1, 0, 24, 10, 0, 0}), byte(2))
	f.Fuzz(func(t *testing.T, attrs []byte, ctx byte) {
		fam := [...]Family{IPv4Unicast, IPv6Unicast, IPv4VPN, IPv4Multicast}[ctx&3]
		p, err := ReadRIBPath(attrs, Session{AS4: ctx&4 != 0}, fam)
		p.ASPath()
		p.Aggregator()
		b := append([]byte(`{"x":0`), p.AppendJSON(nil)...)
		if b = append(p.AppendNextHopJSON(b, fam), '}'); !json.Valid(b) {
			t.Fatalf("invalid JSON %s", b)
		}
		if len(p.AppendErrors(nil, fam)) > 0 {
			return
		}
		if err != nil {
			t.Fatalf("no problem reported, but %v", err)
		}
		if p.Has(AttrMPReachNLRI) && fam != IPv4VPN {
			if _, _, ok := p.NextHop(fam); !ok {
				t.Fatal("a clean MP_REACH_NLRI without a next hop")
			}
		}
	})
}
