package bgp

import (
	"bytes"
	"testing"
)

var rtcFamily = Family{AFIIPv4, SAFIRouteTarget}

// rtcVectors are written from RFC 4684 §4: the length, origin AS, route
// target.
var rtcVectors = []struct{ name, hex, text string }{
	{"default", "00", "default"},
	{"origin AS and route target", "60 0000fde8 0002fde800000064", "origin-as 65000 rt:65000:100"},
	{"an IPv4-specific route target", "60 0000fde8 0102c00002010064", "origin-as 65000 rt:192.0.2.1:100"},
	{"origin AS only", "20 0000fde8", "origin-as 65000"},
	{"a route target prefix", "40 0000fde8 0002fde8", "origin-as 65000 prefix 0000fde80002fde8/64"},
	{"shorter than the origin AS", "10 fde8", "prefix fde8/16"},
}

func init() {
	for _, v := range rtcVectors {
		entrySamples[rtcFamily] = append(entrySamples[rtcFamily], struct{ hex, text string }{v.hex, v.text})
	}
}

func TestRTC(t *testing.T) {
	parse := func(b []byte, off int) (string, []byte, error) {
		v, err := ParseRTC(b, off)
		if err != nil {
			return "", nil, err
		}
		return string(v.AppendText(nil)), v.Route().AppendBinary(nil), nil
	}
	for _, tc := range rtcVectors {
		checkEntryVector(t, tc.name, tc.hex, tc.text, parse)
	}
	checkEntryErrors(t, parse, []badEntry{
		{"empty", "", "empty", 5},
		{"97 bits", "61 0000fde8 0002fde80000006400", "longer than 96", 5},
		{"prefix cut", "60 0000fde8 0002fde8", "does not fill", 5},
		{"octets past the prefix", "20 0000fde8 00", "does not fill", 5},
	})
}

func BenchmarkRTCView(b *testing.B) {
	m := unhex(b, rtcVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseRTC(m, 0)
		_, _ = v.RouteTarget()
	}
}

func FuzzRTC(f *testing.F) {
	f.Add([]byte{0x60, 0, 0, 0xfd, 0xe8, 0, 2, 0xfd, 0xe8, 0, 0, 0, 0x64})
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = rtcFamily.AppendEntryJSON(nil, NLRI{Value: b})
		v, err := ParseRTC(b, 0)
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		if got := v.Route().AppendBinary(nil); !bytes.Equal(got, b) {
			t.Fatalf("re-encoded %x, want %x", got, b)
		}
	})
}
