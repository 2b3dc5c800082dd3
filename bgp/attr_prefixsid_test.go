package bgp

import (
	"bytes"
	"testing"
)

// prefixSIDVectors are written from RFC 8669 §3.1-§3.2 and RFC 9252 §2,
// §3.1, §3.2.1: type, length, value at each level.
var prefixSIDVectors = []struct{ name, hex, text string }{
	{"Label-Index", "01 0007 00 0000 00000064", "label-index 100"},
	{"Originator SRGB, two blocks", "03 000e 0000 003e80 001f40 00ea60 0003e8", "srgb 16000+8000 60000+1000"},
	{"SRv6 L3 Service with SID Structure", "05 0022 00 01 001e 00 20010db8009100000000000000000000 00 003f 00 01 0006 20 10 10 00 10 30",
		"srv6-l3-service sid 2001:db8:91:: flags 0x00 behavior 63 structure 32/16/16/0 transposition 16@48"},
	{"SRv6 L2 Service", "06 0019 00 01 0015 00 20010db8000000000000000000000001 00 0018 00",
		"srv6-l2-service sid 2001:db8::1 flags 0x00 behavior 24"},
	{"Label-Index and an unknown TLV", "01 0007 00 0000 00000001 02 0002 abcd", "label-index 1 tlv-2 abcd"},
}

func TestPrefixSID(t *testing.T) {
	for _, tc := range prefixSIDVectors {
		a, v := readAttrVector(t, AttrPrefixSID, tc.name, tc.hex, tc.text, AttrView.PrefixSID)
		if got := v.Owned().AppendBinary(nil); !bytes.Equal(got, a.Value) {
			t.Errorf("%s: re-encoded %x", tc.name, got)
		}
	}
	checkAttrRefused(t, AttrPrefixSID, AttrView.PrefixSID, AttributeDiscard, []attrRefusal{
		{"header cut", "01 00", "header truncated"},
		// The all-zero value of May 2025: nine empty TLVs of type 0, then one octet.
		{"all zeros", "00000000000000000000000000000000000000000000000000000000", "1 octet(s) left after 9 TLV(s)"},
		{"TLV overruns", "01 0008 00 0000 00000064", "overruns"},
		{"Label-Index of 6", "01 0006 00 0000 000064", "not 7"},
		{"SRGB without a block", "03 0002 0000", "multiple of 6"},
		{"SRGB cut block", "03 0006 0000 003e80 00", "multiple of 6"},
		{"service without reserved octet", "05 0000", "reserved octet"},
		{"SID Information short", "05 0004 00 01 0000", "shorter than 21"},
		{"sub-TLV overruns", "05 0004 00 01 0005", "overruns"},
		{"SID Structure of 5", "05 0021 00 01 001d 00 20010db8009100000000000000000000 00 003f 00 01 0005 20 10 10 00 10", "not 6"},
	})
}

func BenchmarkPrefixSIDView(b *testing.B) {
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrPrefixSID, Value: unhex(b, prefixSIDVectors[2].hex)}
	b.ReportAllocs()
	for b.Loop() {
		v, _ := a.PrefixSID()
		for t := range v.TLVs() {
			for s := range t.ServiceSubTLVs() {
				_, _, _, _ = s.SIDInformation()
				for ss := range s.SubSubTLVs() {
					_, _ = ss.SIDStructure()
				}
			}
		}
	}
}

func FuzzPrefixSID(f *testing.F) {
	var seeds []string
	for _, v := range prefixSIDVectors {
		seeds = append(seeds, v.hex)
	}
	fuzzAttr(f, AttrPrefixSID, seeds, AttrView.PrefixSID, func(v PrefixSIDView) []byte {
		_ = v.Fields(nil)
		return v.Owned().AppendBinary(nil)
	})
}
