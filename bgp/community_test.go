package bgp

import (
	"encoding/binary"
	"testing"
)

// TestCommunityWellKnown checks every row of the IANA "BGP Well-known
// Communities" registry (updated 2024-12-13): value, name, reference, and
// that String and ParseCommunity agree.
func TestCommunityWellKnown(t *testing.T) {
	for _, tc := range []struct {
		c    Community
		v    uint32
		name string
		ref  string
	}{
		{CommunityGracefulShutdown, 0xFFFF0000, "GRACEFUL_SHUTDOWN", "RFC 8326"},
		{CommunityAcceptOwn, 0xFFFF0001, "ACCEPT_OWN", "RFC 7611"},
		{CommunityRouteFilterTranslatedV4, 0xFFFF0002, "ROUTE_FILTER_TRANSLATED_v4", "draft-l3vpn-legacy-rtc-00"},
		{CommunityRouteFilterV4, 0xFFFF0003, "ROUTE_FILTER_v4", "draft-l3vpn-legacy-rtc-00"},
		{CommunityRouteFilterTranslatedV6, 0xFFFF0004, "ROUTE_FILTER_TRANSLATED_v6", "draft-l3vpn-legacy-rtc-00"},
		{CommunityRouteFilterV6, 0xFFFF0005, "ROUTE_FILTER_v6", "draft-l3vpn-legacy-rtc-00"},
		{CommunityLLGRStale, 0xFFFF0006, "LLGR_STALE", "RFC 9494"},
		{CommunityNoLLGR, 0xFFFF0007, "NO_LLGR", "RFC 9494"},
		{CommunityAcceptOwnNexthop, 0xFFFF0008, "ACCEPT_OWN_NEXTHOP", "draft-agrewal-idr-accept-own-nexthop-00"},
		{CommunityStandbyPE, 0xFFFF0009, "STANDBY_PE", "RFC 9026"},
		{CommunityBlackhole, 0xFFFF029A, "BLACKHOLE", "RFC 7999"},
		{CommunityNoExport, 0xFFFFFF01, "NO_EXPORT", "RFC 1997"},
		{CommunityNoAdvertise, 0xFFFFFF02, "NO_ADVERTISE", "RFC 1997"},
		{CommunityNoExportSubconfed, 0xFFFFFF03, "NO_EXPORT_SUBCONFED", "RFC 1997"},
		{CommunityNoPeer, 0xFFFFFF04, "NOPEER", "RFC 3765"},
	} {
		if uint32(tc.c) != tc.v {
			t.Errorf("%s = %#x, want %#x", tc.name, uint32(tc.c), tc.v)
		}
		name, ref, ok := tc.c.WellKnown()
		if !ok || name != tc.name || ref != tc.ref {
			t.Errorf("%#x: WellKnown = %q %q %v", tc.v, name, ref, ok)
		}
		if s := tc.c.String(); s != tc.name {
			t.Errorf("%#x: String = %q", tc.v, s)
		}
		if c, err := ParseCommunity(tc.name); err != nil || c != tc.c {
			t.Errorf("ParseCommunity(%q) = %v, %v", tc.name, c, err)
		}
	}
	if n := len(wellKnownCommunities); n != 15 {
		t.Errorf("registry has %d rows, the test covers 15", n)
	}
}

func TestCommunityString(t *testing.T) {
	for _, tc := range []struct {
		c    Community
		want string
	}{
		{65000<<16 | 100, "65000:100"},
		{0, "0:0"}, // reserved range 0x00000000-0x0000FFFF: not named
		{0x0000FFFF, "0:65535"},
		{0xFFFF000A, "65535:10"},    // unassigned in the FCFS range
		{0xFFFFFF05, "65535:65285"}, // unassigned
		{0xFFFFFFFF, "65535:65535"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("%#x: String = %q, want %q", uint32(tc.c), got, tc.want)
		}
		if _, _, ok := tc.c.WellKnown(); ok {
			t.Errorf("%#x: WellKnown", uint32(tc.c))
		}
		if c, err := ParseCommunity(tc.want); err != nil || c != tc.c {
			t.Errorf("ParseCommunity(%q) = %v, %v", tc.want, c, err)
		}
	}
	if b := Community(0xfde80064).AppendBinary([]byte{9}); string(b) != "\x09\xfd\xe8\x00\x64" {
		t.Errorf("AppendBinary = %x", b)
	}
}

func TestParseCommunity(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Community
	}{
		{"no-export", CommunityNoExport},
		{"No_Advertise", CommunityNoAdvertise},
		{"route-filter-v6", CommunityRouteFilterV6},
		{"65535:65281", CommunityNoExport},
		{"1:2", 1<<16 | 2},
	} {
		if c, err := ParseCommunity(tc.in); err != nil || c != tc.want {
			t.Errorf("ParseCommunity(%q) = %v, %v; want %v", tc.in, c, err, tc.want)
		}
	}
	for _, bad := range []string{"", ":", "1:", ":1", "65536:0", "0:65536", "1:2:3", "-1:2", "+1:2", "0x1:2", "NO EXPORT", "NO_EXPORTS", "internet"} {
		if c, err := ParseCommunity(bad); err == nil {
			t.Errorf("ParseCommunity(%q) = %v, want an error", bad, c)
		}
	}
}

func BenchmarkCommunitiesWalk(b *testing.B) {
	buf := []byte{0xc0, 0x08, 200}
	for i := range 50 {
		buf = append(buf, 0xfd, 0xe8, 0, byte(i))
	}
	a, err := ParseAttr(buf)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		v, err := a.Communities()
		if err != nil {
			b.Fatal(err)
		}
		for c := range v.All() {
			if c.ASN() == 65000 {
				n++
			}
		}
	}
	_ = n
}

func BenchmarkCommunityString(b *testing.B) {
	cs := []Community{65000<<16 | 100, CommunityNoExport, CommunityBlackhole, 0xFFFF0042}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			buf = c.AppendText(buf[:0])
		}
	}
}

// FuzzCommunityText checks the text forms of all community types: any
// value prints to a string that parses back to the same value, and any
// string that parses prints to a string that parses to the same value.
func FuzzCommunityText(f *testing.F) {
	f.Add([]byte("\xfd\xe8\x00\x64\x00\x02\xfd\xe8\x00\x00\x00\x64\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00"), "65000:100")
	f.Add([]byte("\xff\xff\xff\x01\x02\x02\x00\x00\xfd\xe8\x00\x64\xfa\x56\xea\x00\x00\x00\x00\x64\x00\x00\x00\x02"), "no-export")
	f.Add([]byte("\x40\x04\xfd\xe8\x4e\x6e\x6b\x28\x03\x0b\x00\x00\x00\x00\x00\x64\x80\x08\xfd\xe8\x00\x00\x00\x64"), "rt:100L:1")
	f.Add([]byte("\x00\x02\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x64\x00\x00\x00\x00"), "rt:[2001:db8::1]:100")
	f.Add([]byte("\x80\x06\x00\x00\x7f\xc0\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), "4200000000:100:2")
	for _, s := range []string{"link-bandwidth:1:1.25e8", "0x4004:fde84e6e6b28", "soo:192.0.2.1:7", "color:000100000064", "traffic-rate:0:+Inf"} {
		f.Add([]byte{}, s)
	}
	f.Fuzz(func(t *testing.T, b []byte, s string) {
		if len(b) >= 24 {
			c := Community(binary.BigEndian.Uint32(b))
			if p, err := ParseCommunity(c.String()); err != nil || p != c {
				t.Errorf("community %08x prints %q, reads %08x %v", uint32(c), c.String(), uint32(p), err)
			}
			e := ExtCommunity(b[:8])
			if p, err := ParseExtCommunity(e.String()); err != nil || p != e {
				t.Errorf("ext community %x prints %q, reads %x %v", e, e.String(), p, err)
			}
			x := IPv6ExtCommunity(b[4:24])
			if p, err := ParseIPv6ExtCommunity(x.String()); err != nil || p != x {
				t.Errorf("IPv6 ext community %x prints %q, reads %x %v", x, x.String(), p, err)
			}
			l := largeCommunityAt(b[12:])
			if p, err := ParseLargeCommunity(l.String()); err != nil || p != l {
				t.Errorf("large community %v reads %v %v", l, p, err)
			}
		}
		if c, err := ParseCommunity(s); err == nil {
			if p, err := ParseCommunity(c.String()); err != nil || p != c {
				t.Errorf("%q reads %v, which reads %v %v", s, c, p, err)
			}
		}
		if c, err := ParseExtCommunity(s); err == nil {
			if p, err := ParseExtCommunity(c.String()); err != nil || p != c {
				t.Errorf("%q reads %x (%q), which reads %x %v", s, c, c.String(), p, err)
			}
		}
		if c, err := ParseIPv6ExtCommunity(s); err == nil {
			if p, err := ParseIPv6ExtCommunity(c.String()); err != nil || p != c {
				t.Errorf("%q reads %x (%q), which reads %x %v", s, c, c.String(), p, err)
			}
		}
		if c, err := ParseLargeCommunity(s); err == nil {
			if p, err := ParseLargeCommunity(c.String()); err != nil || p != c {
				t.Errorf("%q reads %v, which reads %v %v", s, c, p, err)
			}
		}
	})
}
