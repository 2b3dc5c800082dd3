package bgp

import (
	"bytes"
	"net/netip"
	"testing"
)

var (
	mup4Family = Family{AFIIPv4, SAFIMUP}
	mup6Family = Family{AFIIPv6, SAFIMUP}
)

// mupVectors are written from draft-mpmz-bess-mup-safi §3.1 (Architecture
// Type, Route Type, Length) and §3.1.1-§3.1.4 (the 3gpp-5g route types),
// with the Source Address and TLVs of the later versions.
var mupVectors = []familyVector{
	{mup4Family, "ISD", "01 0001 0c 0000fde800000001 18 0a0000", "isd rd 65000:1 prefix 10.0.0.0/24"},
	{mup4Family, "DSD", "01 0002 0c 0000fde800000001 c0000201", "dsd rd 65000:1 address 192.0.2.1"},
	{mup4Family, "T1ST, no source (-00)", "01 0003 16 0000fde800000001 18 0a0001 00000064 09 20 c0000201",
		"t1st rd 65000:1 prefix 10.0.1.0/24 endpoint 192.0.2.1 teid 0x00000064 qfi 9"},
	{mup4Family, "T1ST, source and a TLV", "01 0003 1f 0000fde800000001 18 0a0001 00000064 09 20 c0000201 20 c0000202 01 02 abcd",
		"t1st rd 65000:1 prefix 10.0.1.0/24 endpoint 192.0.2.1 teid 0x00000064 qfi 9 source 192.0.2.2 tlv 1:abcd"},
	{mup4Family, "T1ST, Source Address Length 0", "01 0003 17 0000fde800000001 18 0a0001 00000064 09 20 c0000201 00",
		"t1st rd 65000:1 prefix 10.0.1.0/24 endpoint 192.0.2.1 teid 0x00000064 qfi 9"},
	{mup4Family, "T2ST", "01 0004 11 0000fde800000001 40 c0000201 00000064", "t2st rd 65000:1 endpoint 192.0.2.1 teid 0x00000064"},
	{mup4Family, "T2ST, 16-bit TEID prefix", "01 0004 0f 0000fde800000001 30 c0000201 1234", "t2st rd 65000:1 endpoint 192.0.2.1 teid 0x12340000/16"},
	{mup4Family, "T2ST, no TEID", "01 0004 0d 0000fde800000001 20 c0000201", "t2st rd 65000:1 endpoint 192.0.2.1 teid 0x00000000/0"},
	{mup4Family, "another architecture", "02 0007 02 0102", "arch 2 type 7 value 0102"},
	{mup6Family, "ISD", "01 0001 11 0000fde800000001 40 20010db800000001", "isd rd 65000:1 prefix 2001:db8:0:1::/64"},
	{mup6Family, "DSD", "01 0002 18 0000fde800000001 20010db8000000000000000000000001", "dsd rd 65000:1 address 2001:db8::1"},
	{mup6Family, "T1ST", "01 0003 38 0000fde800000001 40 20010db800000002 00000064 09 80 20010db8000000000000000000000001 80 20010db8000000000000000000000002",
		"t1st rd 65000:1 prefix 2001:db8:0:2::/64 endpoint 2001:db8::1 teid 0x00000064 qfi 9 source 2001:db8::2"},
	{mup6Family, "T2ST", "01 0004 1d 0000fde800000001 a0 20010db8000000000000000000000001 00000064",
		"t2st rd 65000:1 endpoint 2001:db8::1 teid 0x00000064"},
}

func init() { addEntrySamples(mupVectors) }

func mupParse(v6 bool) parseEntry {
	return func(b []byte, off int) (string, []byte, error) {
		v, err := ParseMUP(b, off, v6)
		if err != nil {
			return "", nil, err
		}
		bin, err := v.Route().AppendBinary(nil)
		return string(v.AppendText(nil)), bin, err
	}
}

func TestMUP(t *testing.T) {
	for _, tc := range mupVectors {
		checkEntryVector(t, tc.name, tc.hex, tc.text, mupParse(tc.f == mup6Family))
	}
	// Each check, at the offset of the field at fault (the entry at 5).
	checkEntryErrors(t, mupParse(false), []badEntry{
		{"length mismatch", "01 0001 0d 0000fde800000001 18 0a0000", "does not match", 5},
		{"no header", "01 00", "does not match", 5},
		{"RD cut", "01 0001 04 0000fde8", "shorter than its RD", 9},
		{"no prefix length", "01 0001 08 0000fde800000001", "before its Prefix Length", 17},
		{"prefix length 33", "01 0001 0c 0000fde800000001 21 0a0000", "longer than the address", 17},
		{"prefix overruns", "01 0001 0a 0000fde800000001 18 0a", "overruns", 17},
		{"octets after ISD", "01 0001 0d 0000fde800000001 18 0a0000 00", "octets after", 21},
		{"DSD address of 3", "01 0002 0b 0000fde800000001 c00002", "not 4 octets", 17},
		{"T1ST cut before TEID", "01 0003 0f 0000fde800000001 18 0a0001 000000", "ends before its TEID", 21},
		{"T1ST endpoint length 33", "01 0003 16 0000fde800000001 18 0a0001 00000064 09 21 c0000201", "Endpoint Address Length 33", 26},
		{"T1ST endpoint cut", "01 0003 14 0000fde800000001 18 0a0001 00000064 09 20 c000", "Endpoint Address Length 32", 26},
		{"T1ST source length 33", "01 0003 1b 0000fde800000001 18 0a0001 00000064 09 20 c0000201 21 c0000202", "Source Address Length 33", 31},
		{"T1ST source cut", "01 0003 19 0000fde800000001 18 0a0001 00000064 09 20 c0000201 20 c000", "Source Address Length 32", 31},
		{"T1ST TLV header cut", "01 0003 18 0000fde800000001 18 0a0001 00000064 09 20 c0000201 00 01", "TLV overruns", 32},
		{"T1ST TLV overruns", "01 0003 1a 0000fde800000001 18 0a0001 00000064 09 20 c0000201 00 0105ab", "TLV overruns", 32},
		{"T2ST endpoint length 65", "01 0004 11 0000fde800000001 41 c0000201 00000064", "Endpoint Length 65", 17},
		{"T2ST endpoint length 24", "01 0004 0d 0000fde800000001 18 c0000201", "Endpoint Length 24", 17},
		{"T2ST cut before endpoint", "01 0004 0c 0000fde800000001 20 c00002", "before its Endpoint Address", 17},
		{"T2ST TEID cut", "01 0004 0e 0000fde800000001 30 c0000201 12", "inside its TEID", 22},
	})
	checkEntryErrors(t, mupParse(true), []badEntry{
		{"IPv6 DSD with an IPv4 address", "01 0002 0c 0000fde800000001 c0000201", "not 16 octets", 17},
		{"IPv6 prefix length 129", "01 0001 09 0000fde800000001 81", "longer than the address", 17},
	})
}

// TestMUPKey: a T1ST route's key is its RD and prefix (a new TEID is the
// same route); a T2ST route's is all but its TLVs; DSD routes are keyed
// whole.
func TestMUPKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"T1ST, other TEID and endpoint", "01 0003 16 0000fde800000001 18 0a0001 00000064 09 20 c0000201", "01 0003 16 0000fde800000001 18 0a0001 00000065 01 20 c0000202", true},
		{"T1ST, other prefix", "01 0003 16 0000fde800000001 18 0a0001 00000064 09 20 c0000201", "01 0003 16 0000fde800000001 18 0a0002 00000064 09 20 c0000201", false},
		{"T1ST, other RD", "01 0003 16 0000fde800000001 18 0a0001 00000064 09 20 c0000201", "01 0003 16 0000fde800000002 18 0a0001 00000064 09 20 c0000201", false},
		{"T2ST, a TLV added", "01 0004 11 0000fde800000001 40 c0000201 00000064", "01 0004 14 0000fde800000001 40 c0000201 00000064 0201ff", true},
		{"T2ST, other TEID", "01 0004 11 0000fde800000001 40 c0000201 00000064", "01 0004 11 0000fde800000001 40 c0000201 00000065", false},
		{"DSD, other address", "01 0002 0c 0000fde800000001 c0000201", "01 0002 0c 0000fde800000001 c0000202", false},
	} {
		ka := mup4Family.AppendEntryKey(nil, NLRI{Value: unhex(t, tc.a)})
		kb := mup4Family.AppendEntryKey(nil, NLRI{Value: unhex(t, tc.b)})
		if bytes.Equal(ka, kb) != tc.same {
			t.Errorf("%s: keys %x and %x", tc.name, ka, kb)
		}
	}
}

// TestMUPTerms: a T1ST route is found by its prefix, endpoint and source.
func TestMUPTerms(t *testing.T) {
	e := NLRI{Value: unhex(t, mupVectors[3].hex)}
	var got []string
	for term := range mup4Family.EntryTerms(e) {
		got = append(got, term.Prefix.String())
	}
	if want := "[10.0.1.0/24 192.0.2.1/32 192.0.2.2/32]"; fmtList(got) != want {
		t.Errorf("terms %v, want %s", got, want)
	}
}

func fmtList(s []string) string {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out + "]"
}

// TestMUPRouteLimits: the owned value refuses a route of more than 255
// octets, one without the prefix or address its type needs, and a TEID
// longer than 32 bits.
func TestMUPRouteLimits(t *testing.T) {
	for name, r := range map[string]MUPRoute{
		"TLVs too long":         {ArchitectureType: 1, RouteType: MUPType2SessionTransformed, Endpoint: netip.MustParseAddr("192.0.2.1"), TLVs: make([]byte, 250)},
		"no prefix":             {ArchitectureType: 1, RouteType: MUPInterworkSegmentDiscovery},
		"DSD without address":   {ArchitectureType: 1, RouteType: MUPDirectSegmentDiscovery},
		"T1ST without endpoint": {ArchitectureType: 1, RouteType: MUPType1SessionTransformed, Prefix: netip.MustParsePrefix("10.0.0.0/8")},
		"T2ST without endpoint": {ArchitectureType: 1, RouteType: MUPType2SessionTransformed},
		"T2ST TEID of 33 bits":  {ArchitectureType: 1, RouteType: MUPType2SessionTransformed, Endpoint: netip.MustParseAddr("192.0.2.1"), TEIDBits: 33},
		"value too long":        {ArchitectureType: 9, Value: make([]byte, 256)},
	} {
		if b, err := r.AppendBinary([]byte{7}); err != errMUP || len(b) != 1 {
			t.Errorf("%s: %x %v", name, b, err)
		}
	}
}

func BenchmarkMUPView(b *testing.B) {
	m := unhex(b, mupVectors[3].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, err := ParseMUP(m, 0, false)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = v.Prefix()
		_, _ = v.Endpoint()
		_, _ = v.Source()
		_, _, _ = v.TEID()
		_, _ = v.QFI()
		for range v.TLVs() {
		}
	}
}

func FuzzMUP(f *testing.F) {
	for _, v := range mupVectors {
		f.Add(v.f == mup6Family, unhex(f, v.hex))
	}
	f.Fuzz(func(t *testing.T, v6 bool, b []byte) {
		fam := mup4Family
		if v6 {
			fam = mup6Family
		}
		_ = fam.AppendEntryJSON(nil, NLRI{Value: b})
		_, _ = fam.EntryFields(NLRI{Value: b})
		_ = fam.AppendEntryKey(nil, NLRI{Value: b})
		v, err := ParseMUP(b, 0, v6)
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		got, err := v.Route().AppendBinary(nil)
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("re-encoded %x (%v), want %x", got, err, b)
		}
	})
}
