package bgp

import (
	"net/netip"
	"testing"
)

func extFromHex(t testing.TB, s string) ExtCommunity {
	t.Helper()
	b := unhex(t, s)
	if len(b) != 8 {
		t.Fatalf("%q: %d octets", s, len(b))
	}
	return ExtCommunity(b)
}

// TestExtCommunityString covers each text form with vectors laid out as
// in the defining RFCs.
func TestExtCommunityString(t *testing.T) {
	for _, tc := range []struct {
		hex   string
		text  string
		name  string
		trans bool
	}{
		{"00 02 fde8 00000064 # RFC 4360 §3.1: type 0x00, RT, AS 65000, local 100", "rt:65000:100", "Route Target", true},
		{"00 03 fde8 00000064 # route origin, AS 65000", "soo:65000:100", "Route Origin", true},
		{"00 02 fde8 ffffffff # 4-octet local part", "rt:65000:4294967295", "Route Target", true},
		{"01 02 c0000201 0064 # RFC 4360 §3.2: IPv4 192.0.2.1, local 100", "rt:192.0.2.1:100", "Route Target", true},
		{"01 03 c0000201 0007 # route origin 192.0.2.1:7", "soo:192.0.2.1:7", "Route Origin", true},
		{"02 02 fa56ea00 0064 # RFC 5668 §2: AS 4200000000, local 100", "rt:4200000000:100", "Route Target", true},
		{"02 02 0000fde8 0064 # 4-octet form of a small AS", "rt:65000L:100", "Route Target", true},
		{"02 03 0003 02ed 0001 # route origin 197357:1", "soo:197357:1", "Route Origin", true},
		{"00 05 fde8 00000001 # OSPF Domain Identifier (RFC 4577)", "ospf-domain-id:65000:1", "OSPF Domain Identifier", true},
		{"00 08 fde8 00000001 # BGP Data Collection (RFC 4384)", "data-collection:65000:1", "BGP Data Collection", true},
		{"00 09 fde8 00000000 # Source AS (RFC 6514 §5)", "source-as:65000:0", "Source AS", true},
		{"01 0b c0000201 0005 # VRF Route Import (RFC 6514 §7)", "vrf-import:192.0.2.1:5", "VRF Route Import", true},
		{"03 0b 0000 00000064 # RFC 9012 §4.3: Color 100, flags 0", "color:100", "Color", true},
		{"03 0b 4000 00000064 # Color with a flag set: hex", "color:400000000064", "Color", true},
		{"03 0c 00000000 0008 # RFC 9012 §4.1: Encapsulation, VXLAN (8)", "encap:8", "Encapsulation", true},
		{"06 00 01 00 00000005 # RFC 7432 §7.7: MAC Mobility, sticky, seq 5", "mac-mobility:5:sticky", "MAC Mobility", true},
		{"06 01 01 0000 000064 # RFC 7432 §7.5: ESI Label, single-active, label", "esi-label:010000000064", "ESI Label", true},
		{"06 02 00005e005301 # RFC 7432 §7.6: ES-Import RT", "es-import:00:00:5e:00:53:01", "ES-Import Route Target", true},
		{"06 03 00005e005301 # RFC 9135 §8.1: router's MAC", "router-mac:00:00:5e:00:53:01", "EVPN Router's MAC", true},
		{"03 0d 000000000000 # RFC 7432 §10.1: Default Gateway", "default-gateway:000000000000", "Default Gateway", true},
		{"40 04 fde8 4e6e6b28 # link bandwidth, AS 65000, 1e9 bytes/s", "link-bandwidth:65000:1e+09", "Link Bandwidth", false},
		{"43 00 000000000000 # RFC 8097: origin validation state valid", "origin-validation:000000000000", "BGP Origin Validation State", false},
		{"80 06 fde8 00000000 # RFC 8955 §7.1: traffic-rate-bytes 0 (discard)", "traffic-rate:65000:0", "Flow spec traffic-rate-bytes", true},
		{"80 0c 0000 447a0000 # RFC 8955 §7.2: traffic-rate-packets 1000", "traffic-rate-packets:0:1000", "Flow spec traffic-rate-packets", true},
		{"80 07 000000000003 # RFC 8955 §7.3: traffic-action, terminal + sample", "traffic-action:sample,terminal", "Flow spec traffic-action", true},
		{"80 08 fde8 00000064 # RFC 8955 §7.4: redirect to RT 65000:100", "redirect:65000:100", "Flow spec rt-redirect AS-2octet format", true},
		{"81 08 c0000201 0064 # redirect to RT 192.0.2.1:100", "redirect:192.0.2.1:100", "Flow spec rt-redirect IPv4 format", true},
		{"82 08 fa56ea00 0064 # redirect to RT 4200000000:100", "redirect:4200000000:100", "Flow spec rt-redirect AS-4octet format", true},
		{"80 09 00000000002e # RFC 8955 §7.5: traffic-marking DSCP 46", "traffic-marking:46", "Flow spec traffic-remarking", true},
		{"06 00 00 00 0000000c # MAC Mobility, seq 12", "mac-mobility:12", "MAC Mobility", true},
		{"06 00 02 00 0000000c # MAC Mobility with an unnamed flag: hex", "mac-mobility:02000000000c", "MAC Mobility", true},
		{"06 01 00 0000 000640 # ESI Label, all-active, label 100", "esi-label:100", "ESI Label", true},
		{"06 01 01 0000 000640 # ESI Label, single-active, label 100", "esi-label:100:single-active", "ESI Label", true},
		{"06 04 0006 05dc 0000 # RFC 8214 §3.1: L2 Attributes, P and C, MTU 1500", "l2-attributes:1500:C,P", "EVPN Layer 2 Attributes", true},
		{"06 04 0000 05dc 0000 # no flags", "l2-attributes:1500", "EVPN Layer 2 Attributes", true},
		{"06 04 0018 05dc 0000 # F and CI (IANA registry)", "l2-attributes:1500:CI,F", "EVPN Layer 2 Attributes", true},
		{"06 04 0020 05dc 0000 # an unnamed flag: hex", "l2-attributes:002005dc0000", "EVPN Layer 2 Attributes", true},
		{"80 07 000000000000 # traffic-action, no flags", "traffic-action:none", "Flow spec traffic-action", true},
		{"80 07 000000000001 # traffic-action, terminal", "traffic-action:terminal", "Flow spec traffic-action", true},
		{"80 07 000000000004 # traffic-action with an unnamed bit: hex", "traffic-action:000000000004", "Flow spec traffic-action", true},
		{"80 09 000000000040 # traffic-marking past 6 bits: hex", "traffic-marking:000000000040", "Flow spec traffic-remarking", true},
		{"00 42 fde8 00000064 # unknown sub-type of a known type", "0x0042:fde800000064", "Transitive Two-Octet AS-Specific", true},
		{"3f 00 010203040506 # unknown type", "0x3f00:010203040506", "", true},
		{"40 02 fde8 00000064 # non-transitive two-octet AS, not a RT", "0x4002:fde800000064", "Non-Transitive Two-Octet AS-Specific", false},
		{"80 06 0000 7fc00000 # traffic-rate NaN: hex, it cannot read back", "traffic-rate:00007fc00000", "Flow spec traffic-rate-bytes", true},
	} {
		c := extFromHex(t, tc.hex)
		if got := c.String(); got != tc.text {
			t.Errorf("%s: String = %q, want %q", tc.hex, got, tc.text)
		}
		if got := c.Name(); got != tc.name {
			t.Errorf("%s: Name = %q, want %q", tc.hex, got, tc.name)
		}
		if c.Transitive() != tc.trans {
			t.Errorf("%s: Transitive = %v", tc.hex, c.Transitive())
		}
		p, err := ParseExtCommunity(tc.text)
		if err != nil || p != c {
			t.Errorf("ParseExtCommunity(%q) = %x, %v; want %x", tc.text, p, err, c)
		}
	}
}

func TestExtCommunityAccessors(t *testing.T) {
	c := extFromHex(t, "00 02 fde8 00000064")
	if asn, local, ok := c.AS2(); !ok || asn != 65000 || local != 100 {
		t.Errorf("AS2 = %d %d %v", asn, local, ok)
	}
	if _, _, ok := c.IPv4(); ok {
		t.Error("IPv4 on a two-octet AS community")
	}
	if _, _, ok := c.AS4(); ok {
		t.Error("AS4 on a two-octet AS community")
	}
	if c.Type() != ExtTypeAS2 || c.Subtype() != ExtSubRouteTarget || c.Ref() != "RFC 4360 §4" {
		t.Errorf("Type/Subtype/Ref = %#x %#x %q", c.Type(), c.Subtype(), c.Ref())
	}
	c = extFromHex(t, "41 03 c0000201 0007")
	if addr, local, ok := c.IPv4(); !ok || addr != netip.MustParseAddr("192.0.2.1") || local != 7 {
		t.Errorf("IPv4 = %v %d %v", addr, local, ok)
	}
	c = extFromHex(t, "42 02 fa56ea00 0064")
	if asn, local, ok := c.AS4(); !ok || asn != 4200000000 || local != 100 {
		t.Errorf("AS4 = %d %d %v", asn, local, ok)
	}
	// Flow spec types carry an administrator only in the redirect sub-type.
	if _, _, ok := extFromHex(t, "80 06 fde8 00000000").AS2(); ok {
		t.Error("AS2 on traffic-rate")
	}
	if asn, _, ok := extFromHex(t, "82 08 fa56ea00 0064").AS4(); !ok || asn != 4200000000 {
		t.Error("AS4 on redirect AS-4octet")
	}
	if _, _, ok := extFromHex(t, "03 0b 0000 00000064").AS2(); ok {
		t.Error("AS2 on an opaque community")
	}
	if col, ok := extFromHex(t, "03 0b 0000 00000064").Color(); !ok || col != 100 {
		t.Errorf("Color = %d %v", col, ok)
	}
	if _, ok := c.Color(); ok {
		t.Error("Color on a RT")
	}
	if tt, ok := extFromHex(t, "03 0c 00000000 0008").TunnelType(); !ok || tt != 8 {
		t.Errorf("TunnelType = %d %v", tt, ok)
	}
	if asn, rate, ok := extFromHex(t, "40 04 fde8 4e6e6b28").Rate(); !ok || asn != 65000 || rate != 1e9 {
		t.Errorf("Rate = %d %v %v", asn, rate, ok)
	}
	if _, _, ok := c.Rate(); ok {
		t.Error("Rate on a RT")
	}
	if b := c.AppendBinary([]byte{1}); string(b) != "\x01\x42\x02\xfa\x56\xea\x00\x00\x64" {
		t.Errorf("AppendBinary = %x", b)
	}
}

func TestParseExtCommunity(t *testing.T) {
	for _, tc := range []struct {
		in  string
		hex string
	}{
		{"rt:100L:1", "02 02 00000064 0001"},
		{"rt:65536:1", "02 02 00010000 0001"},
		{"rt:0:0", "00 02 0000 00000000"},
		{"soo:10.0.0.1:65535", "01 03 0a000001 ffff"},
		{"0X8007:000000000001", "80 07 000000000001"},
		{"0x4004:FDE84E6E6B28", "40 04 fde8 4e6e6b28"},
		{"link-bandwidth:1:1.25e8", "40 04 0001 4cee6b28"},
		{"traffic-rate:0:+Inf", "80 06 0000 7f800000"},
		{"color:4294967295", "03 0b 0000 ffffffff"},
		{"color:000100000064", "03 0b 000100000064"}, // 12 digits: hex, not decimal
		{"encap:65535", "03 0c 00000000 ffff"},
		{"ospf-router-id:192.0.2.1:0", "01 07 c0000201 0000"},
	} {
		want := extFromHex(t, tc.hex)
		if c, err := ParseExtCommunity(tc.in); err != nil || c != want {
			t.Errorf("ParseExtCommunity(%q) = %x, %v; want %x", tc.in, c, err, want)
		}
	}
	for _, bad := range []string{
		"", "rt", "rt:", "rt:1", "rt:65000:4294967296", "rt:4200000000:65536", "rt:192.0.2.1:65536",
		"rt:2001:db8::1:1", "rt:-1:1", "rt:1L:65536", "target:1:1", "0x0002:fde8", "0x02:fde800000064",
		"0xgg02:fde800000064", "ospf-router-id:1:1", // no two-octet AS form of OSPF Router ID
		"vrf-import:4200000000:1", "color:x", "encap:65536", "mac-mobility:0102:x", "traffic-rate:1:NaN",
		"mac-mobility:5:stuck", "esi-label:1048576", "esi-label:1:sticky", "l2-attributes:1500:X", "l2-attributes:1500:C,C", "l2-attributes:70000",
		"traffic-marking:64", "traffic-action:drop", "es-import:00:11:22:33:44", "router-mac:0011.2233.4455",
		"traffic-rate:65536:1", "link-bandwidth:1:1e40",
	} {
		if c, err := ParseExtCommunity(bad); err == nil {
			t.Errorf("ParseExtCommunity(%q) = %x, want an error", bad, c)
		}
	}
}

// TestExtCommunityTable keeps the registry table sorted (lookupExt
// searches it by halves) and checks that every row's String form reads
// back, for values exercising each administrator form.
func TestExtCommunityTable(t *testing.T) {
	for i := 1; i < len(extCommunityTable); i++ {
		if extCommunityTable[i-1].ts >= extCommunityTable[i].ts {
			t.Errorf("table not sorted at %#04x", extCommunityTable[i].ts)
		}
	}
	for _, r := range extCommunityTable {
		for _, v := range [][6]byte{{}, {0, 1, 0, 0, 0, 2}, {0xfa, 0x56, 0xea, 0, 0, 100}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
			c := ExtCommunity{byte(r.ts >> 8), byte(r.ts)}
			copy(c[2:], v[:])
			if c.Name() != r.name {
				t.Errorf("%#04x: Name %q", r.ts, c.Name())
			}
			s := c.String()
			if p, err := ParseExtCommunity(s); err != nil || p != c {
				t.Errorf("%x: %q reads back as %x, %v", c, s, p, err)
			}
		}
	}
	for i := 1; i < len(ipv6ExtCommunityTable); i++ {
		if ipv6ExtCommunityTable[i-1].ts >= ipv6ExtCommunityTable[i].ts {
			t.Errorf("IPv6 table not sorted at %#04x", ipv6ExtCommunityTable[i].ts)
		}
	}
}

func TestIPv6ExtCommunityText(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		text string
		name string
	}{
		{"00 02 20010db8000000000000000000000001 0064 # RFC 5701 §3: RT", "rt:[2001:db8::1]:100", "Route Target"},
		{"00 03 20010db8000000000000000000000001 0007 # route origin", "soo:[2001:db8::1]:7", "Route Origin"},
		{"00 0b 20010db8000000000000000000000001 0000 # VRF Route Import (RFC 6515)", "vrf-import:[2001:db8::1]:0", "VRF Route Import"},
		{"00 0d 20010db8000000000000000000000001 0001 # flow spec redirect IPv6 (RFC 8956)", "redirect:[2001:db8::1]:1", "Flow spec rt-redirect IPv6"},
		{"00 02 00000000000000000000ffffc0000201 0001 # IPv4-mapped", "rt:[::ffff:192.0.2.1]:1", "Route Target"},
		{"40 02 00000000000000000000000000000000 ffff # non-transitive: unnamed", "0x4002:[::]:65535", ""},
	} {
		b := unhex(t, tc.hex)
		c := IPv6ExtCommunity(b)
		if got := c.String(); got != tc.text {
			t.Errorf("String = %q, want %q", got, tc.text)
		}
		if c.Name() != tc.name {
			t.Errorf("%q: Name = %q", tc.text, c.Name())
		}
		if p, err := ParseIPv6ExtCommunity(tc.text); err != nil || p != c {
			t.Errorf("ParseIPv6ExtCommunity(%q) = %x, %v", tc.text, p, err)
		}
		if string(c.AppendBinary(nil)) != string(b) {
			t.Errorf("AppendBinary differs")
		}
	}
	for _, bad := range []string{"", "rt:2001:db8::1:1", "rt:[2001:db8::1]", "rt:[192.0.2.1]:1", "rt:[fe80::1%eth0]:1",
		"xx:[2001:db8::1]:1", "rt:[2001:db8::1]:65536", "0x00:[::]:1", "rt:[]:1"} {
		if c, err := ParseIPv6ExtCommunity(bad); err == nil {
			t.Errorf("ParseIPv6ExtCommunity(%q) = %x, want an error", bad, c)
		}
	}
}

func BenchmarkExtCommunitiesWalk(b *testing.B) {
	buf := []byte{0xc0, 0x10, 160}
	for i := range 20 {
		buf = append(buf, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, byte(i))
	}
	a, err := ParseAttr(buf)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		v, err := a.ExtCommunities()
		if err != nil {
			b.Fatal(err)
		}
		for c := range v.All() {
			if asn, _, ok := c.AS2(); ok && asn == 65000 {
				n++
			}
		}
	}
	_ = n
}

func BenchmarkExtCommunityString(b *testing.B) {
	cs := []ExtCommunity{{0, 2, 0xfd, 0xe8, 0, 0, 0, 100}, {1, 3, 192, 0, 2, 1, 0, 7}, {0x40, 4, 0xfd, 0xe8, 0x4e, 0x6e, 0x6b, 0x28}}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			buf = c.AppendText(buf[:0])
		}
	}
}

// FuzzExtCommunityText: every community's text reads back as the same
// eight octets.
func FuzzExtCommunityText(f *testing.F) {
	for _, s := range []string{"0600010000000005", "0601010000000640", "0604000605dc0000", "8007000000000003", "800900000000002e", "060300005e005301"} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != 8 {
			return
		}
		c := ExtCommunity(b)
		p, err := ParseExtCommunity(c.String())
		if err != nil || p != c {
			t.Fatalf("%x: %q reads back as %x, %v", b, c.String(), p, err)
		}
	})
}
