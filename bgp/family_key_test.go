package bgp

import (
	"bytes"
	"net/netip"
	"slices"
	"testing"
)

// famEVPN is the EVPN family; the others the key tests use are the family
// tests' (fs4, fsVPN4, vplsFamily, bgplsFamily).
var famEVPN = Family{AFIL2VPN, SAFIEVPN}

// TestEntryKeys: entries that differ only in fields their RFC says are not
// part of the route key have the same key; entries that differ in a key
// field do not.
func TestEntryKeys(t *testing.T) {
	tests := []struct {
		name      string
		f         Family
		a, b      string
		sameRoute bool
	}{
		// RFC 7432 §7.2: ESI and labels are attributes of a MAC/IP route.
		{"mac-ip, other ESI and labels", famEVPN,
			"02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641",
			"02 28 0000fde800000064 01000000000000000001 00000000 30 001122334455 20 c0000201 000651 000661", true},
		{"mac-ip, other MAC", famEVPN,
			"02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641",
			"02 25 0000fde800000064 00000000000000000000 00000000 30 001122334456 20 c0000201 000641", false},
		{"mac-ip, other Ethernet Tag", famEVPN,
			"02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641",
			"02 25 0000fde800000064 00000000000000000000 00000001 30 001122334455 20 c0000201 000641", false},
		{"mac-ip, other RD", famEVPN,
			"02 21 0000fde800000064 00000000000000000000 00000000 30 001122334455 00 000641",
			"02 21 0000fde800000065 00000000000000000000 00000000 30 001122334455 00 000641", false},
		// RFC 7432 §7.1: the label of an Ethernet A-D route is an attribute, the ESI is key.
		{"ethernet-ad, other label", famEVPN,
			"01 19 0000fde800000064 00010203040506070809 ffffffff 000001",
			"01 19 0000fde800000064 00010203040506070809 ffffffff 000641", true},
		{"ethernet-ad, other ESI", famEVPN,
			"01 19 0000fde800000064 00010203040506070809 ffffffff 000001",
			"01 19 0000fde800000064 00010203040506070808 ffffffff 000001", false},
		// RFC 9136 §3.1: ESI, gateway and label of an IP Prefix route are attributes.
		{"ip-prefix, other gateway and label", famEVPN,
			"05 22 0000fde800000064 00000000000000000000 00000000 18 c6336400 00000000 000641",
			"05 22 0000fde800000064 00000000000000000001 00000000 18 c6336400 c0000201 000651", true},
		{"ip-prefix, other prefix", famEVPN,
			"05 22 0000fde800000064 00000000000000000000 00000000 18 c6336400 00000000 000641",
			"05 22 0000fde800000064 00000000000000000000 00000000 19 c6336400 00000000 000641", false},
		// RFC 8955 §4.1: the same rule with a one- and a two-octet length.
		{"flowspec, length forms", fs4, "05 0118c00002", "f005 0118c00002", true},
		{"flowspec, other rule", fs4, "05 0118c00002", "05 0218c00002", false},
		{"flowspec VPN, other RD", fsVPN4, "0d 0000fde800000001 0118c00002", "0d 0000fde800000002 0118c00002", false},
		// RFC 4761 §3.2.2: the label base is an attribute of a label block.
		{"vpls, other label base", vplsFamily, "0011 0000fde800000001 0001 0001 000a 000321", "0011 0000fde800000001 0001 0001 000a 000641", true},
		{"vpls, other VE ID", vplsFamily, "0011 0000fde800000001 0001 0001 000a 000321", "0011 0000fde800000001 0002 0001 000a 000321", false},
		// RFC 4364 §4.3.4: labels are not part of a VPN route's key.
		// RFC 4684 §4: a prefix; the bits past its length are not part of it.
		{"rtc, bits past the length", Family{AFIIPv4, SAFIRouteTarget}, "3c 0000fde8 0002fde0", "3c 0000fde8 0002fde7", true},
		{"rtc, other route target", Family{AFIIPv4, SAFIRouteTarget}, "3c 0000fde8 0002fde0", "3c 0000fde8 0002fdf0", false},
		{"vpn, other label", IPv4VPN, "68 000641 0000fde800000007 0a01", "68 000651 0000fde800000007 0a01", true},
		{"vpn, other RD", IPv4VPN, "68 000641 0000fde800000007 0a01", "68 000641 0000fde800000008 0a01", false},
		// Families keyed whole, and entries that do not decode.
		{"bgp-ls, other object", bgplsFamily, "0001 0010 02 0000000000000000 01000000", "0001 0010 02 0000000000000001 01000000", false},
		{"undecodable EVPN", famEVPN, "02 03 000000", "02 03 000001", false},
	}
	for _, tc := range tests {
		a := tc.f.AppendEntryKey([]byte("x"), NLRI{Value: unhex(t, tc.a)})
		b := tc.f.AppendEntryKey(nil, NLRI{Value: unhex(t, tc.b)})
		if a[0] != 'x' {
			t.Errorf("%s: dst overwritten", tc.name)
		}
		if got := bytes.Equal(a[1:], b); got != tc.sameRoute {
			t.Errorf("%s: same key %v, want %v (%x, %x)", tc.name, got, tc.sameRoute, a[1:], b)
		}
	}
	// A route type bgplens does not know, and a family without a key
	// column, are their own key.
	for _, c := range []struct {
		f Family
		v string
	}{{famEVPN, "63 02 0102"}, {bgplsFamily, "0001 0004 01020304"}, {Family{AFIIPv4, SAFIMUP}, "01 0001 00"}, {Family{99, 9}, "0102"}} {
		v := unhex(t, c.v)
		if got := c.f.AppendEntryKey(nil, NLRI{Value: v}); !bytes.Equal(got, v) {
			t.Errorf("%v %s: key %x, want the entry", c.f, c.v, got)
		}
	}
}

// TestEntryKeyAllocs: keying an entry into a buffer with room allocates
// nothing.
func TestEntryKeyAllocs(t *testing.T) {
	e := NLRI{Value: unhex(t, "02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641")}
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = famEVPN.AppendEntryKey(buf[:0], e) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestEntryTerms: each family yields the values an operator looks it up
// by.
func TestEntryTerms(t *testing.T) {
	pfx := netip.MustParsePrefix
	tests := []struct {
		name string
		f    Family
		hex  string
		want []EntryTerm
	}{
		{"mac-ip", famEVPN, "02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641",
			[]EntryTerm{{Kind: TermMAC, MAC: MAC{0, 0x11, 0x22, 0x33, 0x44, 0x55}}, {Kind: TermAddr, Prefix: pfx("192.0.2.1/32")}}},
		{"ip-prefix with gateway", famEVPN, "05 22 0000fde800000064 00000000000000000000 00000000 18 c6336400 c0000201 000641",
			[]EntryTerm{{Kind: TermAddr, Prefix: pfx("198.51.100.0/24")}, {Kind: TermAddr, Prefix: pfx("192.0.2.1/32")}}},
		{"inclusive-multicast", famEVPN, "03 11 0000fde800000064 00000000 20 c0000202",
			[]EntryTerm{{Kind: TermAddr, Prefix: pfx("192.0.2.2/32")}}},
		{"flowspec destination and source", fs4, "09 0118c00002 0210c633",
			[]EntryTerm{{Kind: TermAddr, Prefix: pfx("192.0.2.0/24")}, {Kind: TermAddr, Prefix: pfx("198.51.0.0/16")}}},
		{"flowspec without prefixes", fs4, "03 038111", nil},
		{"bgp-ls link", bgplsFamily, "0002 0041 03 0000000000000000 01000010 02000004 0000fde8 02030004 c0000201 01010010 02000004 0000fde8 02030004 c0000202 01030004 c0000001 01040004 c0000002",
			[]EntryTerm{{Kind: TermAS, AS: 65000}, {Kind: TermRouterID, ID: []byte{192, 0, 2, 1}}, {Kind: TermAS, AS: 65000},
				{Kind: TermRouterID, ID: []byte{192, 0, 2, 2}}, {Kind: TermAddr, Prefix: pfx("192.0.0.1/32")}, {Kind: TermAddr, Prefix: pfx("192.0.0.2/32")}}},
		{"bgp-ls prefix", bgplsFamily, "0003 0022 03 0000000000000007 01000008 02000004 0000fde8 01080001 01 01090004 18c63364",
			[]EntryTerm{{Kind: TermAS, AS: 65000}, {Kind: TermAddr, Prefix: pfx("198.51.100.0/24")}}},
		{"sr-policy", Family{AFIIPv4, SAFISRTE}, "60 00000002 00000064 c0000201", []EntryTerm{{Kind: TermAddr, Prefix: pfx("192.0.2.1/32")}}},
		{"rtc", Family{AFIIPv4, SAFIRouteTarget}, "60 0000fde8 0002fde800000064", []EntryTerm{{Kind: TermAS, AS: 65000}}},
		{"undecodable", famEVPN, "02 03 000000", nil},
		{"ip family", IPv4Unicast, "18 c00002", nil},
	}
	for _, tc := range tests {
		var got []EntryTerm
		for x := range tc.f.EntryTerms(NLRI{Value: unhex(t, tc.hex)}) {
			got = append(got, x)
		}
		if !slices.EqualFunc(got, tc.want, func(a, b EntryTerm) bool {
			return a.Kind == b.Kind && a.Prefix == b.Prefix && a.MAC == b.MAC && a.AS == b.AS && bytes.Equal(a.ID, b.ID)
		}) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

// TestMPEntries: MPEntries tells NLRI framed as entries from IP routes, in
// both attributes, in the view and in UpdateValues' view.
func TestMPEntries(t *testing.T) {
	evpn := unhex(t, "03 11 0000fde800000064 00000000 20 c0000202")
	tests := []struct {
		name           string
		build          func(b *UpdateBuilder)
		reach, unreach bool
	}{
		{"IPv6 routes", func(b *UpdateBuilder) {
			b.Origin(OriginIGP)
			b.ASPath(ASPath{})
			b.MPReach(IPv6Unicast, netip.MustParseAddr("2001:db8::1"), Route{Prefix: netip.MustParsePrefix("2001:db8::/32")})
		}, false, false},
		{"EVPN announced", func(b *UpdateBuilder) {
			b.Origin(OriginIGP)
			b.ASPath(ASPath{})
			b.Attr(NewPathAttr(AttrMPReachNLRI, MPReach{Family: famEVPN, NextHop: []byte{192, 0, 2, 1}, RawNLRI: evpn}))
		}, true, false},
		{"EVPN withdrawn", func(b *UpdateBuilder) {
			b.Attr(NewPathAttr(AttrMPUnreachNLRI, MPUnreach{Family: famEVPN, RawNLRI: evpn}))
		}, false, true},
		{"EVPN End-of-RIB", func(b *UpdateBuilder) { b.MPUnreach(famEVPN) }, false, false},
	}
	s := Session{AS4: true}
	for _, tc := range tests {
		b := NewUpdateBuilder(nil, s)
		tc.build(b)
		msg, err := b.Finish()
		if err != nil {
			t.Fatal(err)
		}
		u, err := ParseUpdate(msg, s)
		if err != nil {
			t.Fatal(err)
		}
		var d UpdateValues
		if err := d.Decode(msg, s); err != nil {
			t.Fatal(err)
		}
		for _, v := range []UpdateView{u, *d.View()} {
			if r, un := v.MPEntries(); r != tc.reach || un != tc.unreach {
				t.Errorf("%s: MPEntries %v %v, want %v %v", tc.name, r, un, tc.reach, tc.unreach)
			}
		}
	}
}

// FuzzEntryKey: keying and listing the terms of any octets as an entry of
// any registered family never panics, leaves dst's prefix alone, is
// deterministic, and yields terms that are well formed.
func FuzzEntryKey(f *testing.F) {
	f.Add(uint8(21), unhex(f, "02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641"))
	f.Add(uint8(11), unhex(f, "09 0118c00002 0210c633"))
	f.Add(uint8(23), unhex(f, "0002 0041 03 0000000000000000 01000010 02000004 0000fde8 02030004 c0000201 01010010 02000004 0000fde8 02030004 c0000202 01030004 c0000001 01040004 c0000002"))
	f.Add(uint8(22), unhex(f, "0011 0000fde800000001 0001 0001 000a 000321"))
	f.Add(uint8(3), unhex(f, "68 000641 0000fde800000007 0a01"))
	f.Fuzz(func(t *testing.T, row uint8, v []byte) {
		fam := familyRows[int(row)%len(familyRows)].f
		e := NLRI{Value: v}
		k1 := fam.AppendEntryKey([]byte("pre"), e)
		k2 := fam.AppendEntryKey(nil, e)
		if string(k1[:3]) != "pre" || !bytes.Equal(k1[3:], k2) {
			t.Fatalf("%v %x: keys %x and %x", fam, v, k1, k2)
		}
		for x := range fam.EntryTerms(e) {
			switch x.Kind {
			case TermAddr:
				if !x.Prefix.IsValid() {
					t.Fatalf("%v %x: invalid prefix term", fam, v)
				}
			case TermRouterID:
				if len(x.ID) == 0 || len(x.ID) > len(v) {
					t.Fatalf("%v %x: router ID %x", fam, v, x.ID)
				}
			case TermMAC, TermAS:
			default:
				t.Fatalf("%v %x: term kind %d", fam, v, x.Kind)
			}
		}
	})
}
