package bgp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// parseEntry reads one family's entry at off: its text and its owned
// route encoded again. The family tests share it so that each checks the
// same three things of every vector written from its RFC.
type parseEntry func(b []byte, off int) (text string, bin []byte, err error)

// checkEntryVector checks that hex parses, reads as text, and that the
// owned route encodes back to the same octets.
func checkEntryVector(t *testing.T, name, hex, text string, parse parseEntry) {
	t.Helper()
	b := unhex(t, hex)
	got, bin, err := parse(b, 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got != text {
		t.Errorf("%s:\n %q, want\n %q", name, got, text)
	}
	if !bytes.Equal(bin, b) {
		t.Errorf("%s: re-encoded %x", name, bin)
	}
}

// badEntry is an entry that must not parse: the error must name reason
// and the offset at, the entry being read at offset 5.
type badEntry struct {
	name, hex, reason string
	at                int
}

func checkEntryErrors(t *testing.T, parse parseEntry, bad []badEntry) {
	t.Helper()
	for _, tc := range bad {
		_, _, err := parse(unhex(t, tc.hex), 5)
		var e *Error
		if !errors.As(err, &e) || e.Off != tc.at || !strings.Contains(e.Reason, tc.reason) {
			t.Errorf("%s: %v, want %q at %d", tc.name, err, tc.reason, tc.at)
		}
	}
}

// checkFieldsTile checks that the top-level fields tile [start, end) and
// each field's parts (Depth 1) tile the field.
func checkFieldsTile(t *testing.T, name string, fields []EntryField, start, end int) {
	t.Helper()
	at, sub, subEnd := start, 0, 0
	for _, f := range fields {
		if f.Depth == 0 {
			if sub != subEnd || f.Off != at {
				t.Errorf("%s: %s at %d, want %d (parts to %d of %d)", name, f.Name, f.Off, at, sub, subEnd)
			}
			at += f.Len
			sub, subEnd = f.Off, f.Off+f.Len
			continue
		}
		if f.Off != sub {
			t.Errorf("%s: part %s at %d, want %d", name, f.Name, f.Off, sub)
		}
		sub += f.Len
	}
	if at != end || sub != subEnd {
		t.Errorf("%s: fields end at %d, want %d", name, at, end)
	}
}

// familyVector is an entry of family f written from the family's RFC, and
// the text it must read as.
type familyVector struct {
	f               Family
	name, hex, text string
}

// addEntrySamples files vectors under their families for TestEntryCodecs.
func addEntrySamples(vectors []familyVector) {
	for _, v := range vectors {
		entrySamples[v.f] = append(entrySamples[v.f], struct{ hex, text string }{v.hex, v.text})
	}
}

// checkFamilyVectors checks every vector with checkEntryVector, then the
// entries that must not parse with checkEntryErrors.
func checkFamilyVectors(t *testing.T, vectors []familyVector, parse parseEntry, bad []badEntry) {
	t.Helper()
	for _, v := range vectors {
		checkEntryVector(t, v.name, v.hex, v.text, parse)
	}
	checkEntryErrors(t, parse, bad)
}

// viewEntry makes a parseEntry of a family's view parser: the view's text
// and its owned route encoded again.
func viewEntry[V interface {
	AppendText([]byte) []byte
	Route() R
}, R interface{ AppendBinary([]byte) []byte }](parse func([]byte, int) (V, error)) parseEntry {
	return func(b []byte, off int) (string, []byte, error) {
		v, err := parse(b, off)
		if err != nil {
			return "", nil, err
		}
		return string(v.AppendText(nil)), v.Route().AppendBinary(nil), nil
	}
}

// fuzzEntry runs the registry's entry codecs of fam over b, where nothing
// may panic, and checks that an entry parse accepts re-encodes to itself.
func fuzzEntry(t *testing.T, fam Family, b []byte, parse parseEntry) {
	e := NLRI{Value: b}
	_ = fam.AppendEntryJSON(nil, e)
	_ = fam.EntryText(e)
	_, _ = fam.EntryFields(e)
	if _, bin, err := parse(b, 0); err == nil && !bytes.Equal(bin, b) {
		t.Fatalf("re-encoded %x, want %x", bin, b)
	}
}

// viewFamilyTests are the families checked through their view alone
// (viewEntry): their vectors, and the entries that must not parse, read
// at offset 5.
var viewFamilyTests = []struct {
	name    string
	vectors []familyVector
	parse   parseEntry
	bad     []badEntry
}{
	{"MVPN", mvpnVectors, viewEntry(ParseMVPN), []badEntry{
		{"empty", "", "length does not match", 5},
		{"length past entry", "01 0d 0000fde800000001 c0000201", "length does not match", 5},
		{"originator of 5", "01 0d 0000fde800000001 c000020101", "neither 4 nor 16", 15},
		{"source of 24 bits", "05 12 0000fde800000001 18 c6336401 20 e8010101", "not 0, 32 or 128", 15},
		{"group cut", "05 0e 0000fde800000001 20 c6336401 20", "overruns", 21},
		{"octets after", "02 0d 0000fde800000001 0000fde9 00", "octets after", 19},
		{"route key cut", "04 01 03", "route key truncated", 7},
	}},
	{"RTC", rtcVectors, viewEntry(ParseRTC), []badEntry{
		{"empty", "", "empty", 5},
		{"97 bits", "61 0000fde8 0002fde80000006400", "longer than 96", 5},
		{"prefix cut", "60 0000fde8 0002fde8", "does not fill", 5},
		{"octets past the prefix", "20 0000fde8 00", "does not fill", 5},
	}},
	{"SRPolicy", srPolicyVectors, viewEntry(ParseSRPolicy), []badEntry{
		{"empty", "", "neither 96 nor 192", 5},
		{"64 bits", "40 00000002 00000064", "neither 96 nor 192", 5},
		{"IPv4 length, IPv6 endpoint", "60 00000001 0000000a 20010db8000000000000000000000001", "does not match", 5},
		{"cut", "c0 00000001 0000000a 20010db8", "does not match", 5},
	}},
	{"VPLS", vplsVectors, viewEntry(ParseVPLS), []badEntry{
		{"no length", "00", "does not match", 5},
		{"length mismatch", "0012 0000fde800000001 0001 0001 000a 003201", "does not match", 5},
		{"13 octets", "000d 0000fde800000001 c0000201 00", "neither", 5},
	}},
}

func init() {
	for _, ft := range viewFamilyTests {
		addEntrySamples(ft.vectors)
	}
}

func TestViewFamilies(t *testing.T) {
	for _, ft := range viewFamilyTests {
		t.Run(ft.name, func(t *testing.T) { checkFamilyVectors(t, ft.vectors, ft.parse, ft.bad) })
	}
}

// fuzzFamily fuzzes the entries of the family of vectors, seeded with
// them (fuzzEntry).
func fuzzFamily(f *testing.F, vectors []familyVector, parse parseEntry) {
	for _, v := range vectors {
		f.Add(unhex(f, v.hex))
	}
	fam := vectors[0].f
	f.Fuzz(func(t *testing.T, b []byte) { fuzzEntry(t, fam, b, parse) })
}
