package bgp

import "testing"

// srPolicyVectors are written from RFC 9830 §2.1: length, Distinguisher,
// Policy Color, Endpoint.
var srPolicyVectors = []familyVector{
	{Family{AFIIPv4, SAFISRTE}, "IPv4 endpoint", "60 00000002 00000064 c0000201", "distinguisher 2 color 100 endpoint 192.0.2.1"},
	{Family{AFIIPv6, SAFISRTE}, "IPv6 endpoint", "c0 00000001 0000000a 20010db8000000000000000000000001", "distinguisher 1 color 10 endpoint 2001:db8::1"},
}

func init() { addEntrySamples(srPolicyVectors) }

func TestSRPolicy(t *testing.T) {
	checkFamilyVectors(t, srPolicyVectors, viewEntry(ParseSRPolicy), []badEntry{
		{"empty", "", "neither 96 nor 192", 5},
		{"64 bits", "40 00000002 00000064", "neither 96 nor 192", 5},
		{"IPv4 length, IPv6 endpoint", "60 00000001 0000000a 20010db8000000000000000000000001", "does not match", 5},
		{"cut", "c0 00000001 0000000a 20010db8", "does not match", 5},
	})
}

func BenchmarkSRPolicyView(b *testing.B) {
	m := unhex(b, srPolicyVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseSRPolicy(m, 0)
		_ = v.Endpoint()
	}
}

func FuzzSRPolicy(f *testing.F) {
	for _, v := range srPolicyVectors {
		f.Add(unhex(f, v.hex))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzEntry(t, Family{AFIIPv4, SAFISRTE}, b, viewEntry(ParseSRPolicy)) })
}
