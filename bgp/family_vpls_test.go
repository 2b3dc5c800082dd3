package bgp

import "testing"

var vplsFamily = Family{AFIL2VPN, SAFIVPLS}

// vplsVectors are written from RFC 4761 §3.2.2 and RFC 6074 §3.2.2.
var vplsVectors = []familyVector{
	{vplsFamily, "RFC 4761 label block", "0011 0000fde800000001 0001 0001 000a 003201",
		"rd 65000:1 ve-id 1 block-offset 1 block-size 10 label-base 800"},
	{vplsFamily, "RFC 6074 auto-discovery", "000c 0000fde800000001 c0000201", "rd 65000:1 pe 192.0.2.1"},
	{vplsFamily, "auto-discovery, IPv6 PE", "0018 0000fde800000001 20010db8000000000000000000000001", "rd 65000:1 pe 2001:db8::1"},
}

func BenchmarkVPLSView(b *testing.B) {
	m := unhex(b, vplsVectors[0].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseVPLS(m, 0)
		_, _, _, _, _ = v.LabelBlock()
	}
}

func FuzzVPLS(f *testing.F) { fuzzFamily(f, vplsVectors, viewEntry(ParseVPLS)) }
