package bgp

import "testing"

var rtcFamily = Family{AFIIPv4, SAFIRouteTarget}

// rtcVectors are written from RFC 4684 §4: the length, origin AS, route
// target.
var rtcVectors = []familyVector{
	{rtcFamily, "default", "00", "default"},
	{rtcFamily, "origin AS and route target", "60 0000fde8 0002fde800000064", "origin-as 65000 rt:65000:100"},
	{rtcFamily, "an IPv4-specific route target", "60 0000fde8 0102c00002010064", "origin-as 65000 rt:192.0.2.1:100"},
	{rtcFamily, "origin AS only", "20 0000fde8", "origin-as 65000"},
	{rtcFamily, "a route target prefix", "40 0000fde8 0002fde8", "origin-as 65000 prefix 0000fde80002fde8/64"},
	{rtcFamily, "shorter than the origin AS", "10 fde8", "prefix fde8/16"},
}

func BenchmarkRTCView(b *testing.B) {
	m := unhex(b, rtcVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseRTC(m, 0)
		_, _ = v.RouteTarget()
	}
}

func FuzzRTC(f *testing.F) { fuzzFamily(f, rtcVectors, viewEntry(ParseRTC)) }
