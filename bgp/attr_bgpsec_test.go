package bgp

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// bgpsecVectors are written from RFC 8205 §3: the Secure_Path (length
// counting itself, then pCount, Flags, AS Number per segment) and
// Signature_Blocks (length counting itself, Algorithm Suite Identifier,
// then SKI, Signature Length, Signature per segment).
var bgpsecVectors = []struct{ name, hex, text, json string }{
	{"one AS, one block", `
000e                                     # Secure_Path Length 14
01 00 0000fde9                           # pCount 1, flags 0, AS 65001
01 00 0000fdea                           # pCount 1, flags 0, AS 65002
001d 01                                  # Signature_Block Length 29, suite 1
0a15fa1cb92f4d3495fef0ca9180c0a93c4a254f # SKI
0004 30020100                            # Signature Length 4, signature`,
		"secure-path 65001 65002 block suite 1 ski 0a15fa1cb92f4d3495fef0ca9180c0a93c4a254f",
		`{"secure_path":[{"pcount":1,"flags":0,"as":65001},{"pcount":1,"flags":0,"as":65002}],"signature_blocks":[{"algorithm_suite":1,"signatures":[{"ski":"0a15fa1cb92f4d3495fef0ca9180c0a93c4a254f","signature":"30020100"}]}]}`},
	{"prepend, confed, two blocks", `
000e
03 00 0000fde9                           # pCount 3: AS 65001 prepended twice
01 80 0000fdea                           # Confed_Segment
0019 01 0c0000000000000000000000000000000000000d 0000  # empty signature
0032 02                                  # a second suite during a transition
0100000000000000000000000000000000000001 0002 abcd
0200000000000000000000000000000000000002 0001 ef`,
		"secure-path 65001x3 65002(confed) block suite 1 ski 0c0000000000000000000000000000000000000d block suite 2 ski 0100000000000000000000000000000000000001 0200000000000000000000000000000000000002",
		`{"secure_path":[{"pcount":3,"flags":0,"as":65001},{"pcount":1,"flags":128,"as":65002}],"signature_blocks":[{"algorithm_suite":1,"signatures":[{"ski":"0c0000000000000000000000000000000000000d","signature":""}]},{"algorithm_suite":2,"signatures":[{"ski":"0100000000000000000000000000000000000001","signature":"abcd"},{"ski":"0200000000000000000000000000000000000002","signature":"ef"}]}]}`},
}

func bgpsecAttr(v []byte) AttrView {
	return AttrView{Flags: FlagOptional | FlagExtendedLength, Type: AttrBGPsecPath, Value: v, Off: 100}
}

func TestBGPsecPath(t *testing.T) {
	for _, tc := range bgpsecVectors {
		a := bgpsecAttr(unhex(t, tc.hex))
		v, err := a.BGPsecPath()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := string(v.AppendText(nil)); got != tc.text {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.text)
		}
		js := jsonBGPsec(nil, Path{}, a)
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(append(append([]byte("{"), js[1:]...), '}'), &obj); err != nil || string(obj["bgpsec_path"]) != tc.json {
			t.Errorf("%s: %s (%v)", tc.name, js, err)
		}
		// The leaves (depth 1) tile the value.
		at := a.valueOff()
		for _, f := range v.Fields(nil) {
			if f.Depth == 0 {
				continue
			}
			if f.Off != at || f.Ref == "" {
				t.Errorf("%s: %s at %d, want %d", tc.name, f.Name, f.Off, at)
			}
			at += f.Len
		}
		if at != a.valueOff()+len(a.Value) {
			t.Errorf("%s: fields end at %d", tc.name, at)
		}
		o := v.Owned()
		got, err := o.appendAttrValue(nil, AttrBGPsecPath, Session{})
		if err != nil || !bytes.Equal(got, a.Value) {
			t.Errorf("%s: re-encoded %x (%v)", tc.name, got, err)
		}
	}
}

// TestBGPsecMalformed: each framing rule of RFC 8205 §3 is checked, and
// the error is treat-as-withdraw at the attribute's offset, saying where.
func TestBGPsecMalformed(t *testing.T) {
	const sig = "0a15fa1cb92f4d3495fef0ca9180c0a93c4a254f"
	for _, tc := range []struct{ name, hex, why string }{
		{"empty", "", "shorter than its Secure_Path Length"},
		{"no segment", "0002 0003 01", "Secure_Path Length 2"},
		{"segment cut", "0009 01 00 0000fde9 00", "Secure_Path Length 9"},
		{"secure path overruns", "0010 01 00 0000fde9", "Secure_Path Length 16"},
		{"no block", "0008 01 00 0000fde9", "no Signature_Block"},
		{"block head cut", "0008 01 00 0000fde9 0003", "shorter than its length"},
		{"block length 1 (tcpdump's crafted capture)", "0008 01 00 0000fde9 0001 01", "Signature_Block Length 1 at octet 8"},
		{"block overruns", "0008 01 00 0000fde9 0020 01", "Signature_Block Length 32"},
		{"segment cut in block", "0008 01 00 0000fde9 0005 01 0a15", "Signature Segment at octet 11"},
		{"signature overruns", "0008 01 00 0000fde9 001a 01 " + sig + " 0002 30", "Signature Length 2 at octet 31"},
		{"three blocks", "0008 01 00 0000fde9 0003 01 0003 01 0003 01", "a third Signature_Block at octet 14"},
	} {
		a := bgpsecAttr(unhex(t, tc.hex))
		_, err := a.BGPsecPath()
		var e *Error
		if !errors.As(err, &e) || e.Action != TreatAsWithdraw || e.Off != 100 || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.why)
		}
		if d, ok := decodeAttrValue(a, Session{}); ok {
			t.Errorf("%s: owned decode %v", tc.name, d)
		}
	}
	if _, err := (AttrView{Type: AttrPMSITunnel}).BGPsecPath(); err == nil {
		t.Error("wrong type read")
	}
}

// TestBGPsecEncodeLimits: the owned value refuses what cannot be written.
func TestBGPsecEncodeLimits(t *testing.T) {
	seg := []SecurePathSegment{{1, 0, 65001}}
	for name, p := range map[string]BGPsecPath{
		"no segment":   {Blocks: []SignatureBlock{{AlgorithmSuite: 1}}},
		"no block":     {SecurePath: seg},
		"three blocks": {SecurePath: seg, Blocks: make([]SignatureBlock, 3)},
		"long sig":     {SecurePath: seg, Blocks: []SignatureBlock{{Signatures: []SignatureSegment{{Signature: make([]byte, 0x10000)}}}}},
		"long block":   {SecurePath: seg, Blocks: []SignatureBlock{{Signatures: []SignatureSegment{{Signature: make([]byte, 0x8000)}, {Signature: make([]byte, 0x8000)}}}}},
		"long path":    {SecurePath: make([]SecurePathSegment, 10923), Blocks: []SignatureBlock{{}}},
	} {
		if _, err := NewPathAttr(AttrBGPsecPath, p).Append(nil, Session{}); !errors.Is(err, errBGPsec) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzBGPsecPath(f *testing.F) {
	for _, v := range bgpsecVectors {
		f.Add(unhex(f, v.hex))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a := bgpsecAttr(b)
		v, err := a.BGPsecPath()
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		_ = v.Fields(nil)
		if !json.Valid(append(append([]byte("{"), jsonBGPsec(nil, Path{}, a)[1:]...), '}')) {
			t.Fatalf("JSON of %x", b)
		}
		got, err := v.Owned().appendAttrValue(nil, AttrBGPsecPath, Session{})
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("re-encoded %x (%v), want %x", got, err, b)
		}
	})
}

func BenchmarkBGPsecPath(b *testing.B) {
	a := bgpsecAttr(unhex(b, bgpsecVectors[1].hex))
	b.ReportAllocs()
	for b.Loop() {
		v, err := a.BGPsecPath()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for s := range v.Segments() {
			n += int(s.PCount)
		}
		for blk := range v.Blocks() {
			for g := range blk.Signatures() {
				n += len(g.Signature)
			}
		}
		if n != 7 {
			b.Fatal(n)
		}
	}
}
