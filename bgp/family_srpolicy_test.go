package bgp

import "testing"

// srPolicyVectors are written from RFC 9830 §2.1: length, Distinguisher,
// Policy Color, Endpoint.
var srPolicyVectors = []familyVector{
	{Family{AFIIPv4, SAFISRTE}, "IPv4 endpoint", "60 00000002 00000064 c0000201", "distinguisher 2 color 100 endpoint 192.0.2.1"},
	{Family{AFIIPv6, SAFISRTE}, "IPv6 endpoint", "c0 00000001 0000000a 20010db8000000000000000000000001", "distinguisher 1 color 10 endpoint 2001:db8::1"},
}

func BenchmarkSRPolicyView(b *testing.B) {
	m := unhex(b, srPolicyVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseSRPolicy(m, 0)
		_ = v.Endpoint()
	}
}

func FuzzSRPolicy(f *testing.F) { fuzzFamily(f, srPolicyVectors, viewEntry(ParseSRPolicy)) }
