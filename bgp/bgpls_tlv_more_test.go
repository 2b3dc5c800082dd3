package bgp

import (
	"encoding/hex"
	"encoding/json"
	"testing"
)

// bgplsMoreVectors are TLV values written from the layouts of RFC 9552
// §5.2.2.1, RFC 8814 §3, RFC 9085 §2.1.3, §2.2.2, §2.3.2, §2.3.5, RFC 9514
// §3.1, §4.3, §5.1, §7.2, RFC 8571 §2.1-§2.4 and RFC 9294 §2.
var bgplsMoreVectors = []struct {
	typ       uint16
	hex, text string
}{
	{263, "0002 8003", "2 3/flags 0x8"},
	{266, "010a 2908 0705", "base-mpls-imposition 10 srh-max-sl 8 type-7 5"},
	{267, "0208", "erld 8"},
	{1035, "00 01 80", "0 1 128"},
	{1038, "4000 0000", "flags 0x4000"},
	{1093, "10 00", "flags 0x10"},
	{1100, "30 00 0000 010203040506 0493e0", "flags 0x30 weight 0 neighbor 0102.0304.0506 label 300000"},
	{1100, "00 05 0000 c0000201 00000064", "flags 0x00 weight 5 neighbor 192.0.2.1 index 100"},
	{1114, "80 0003e8", "1000 us anomalous"},
	{1114, "00 000064", "100 us"},
	{1115, "00 00000a 00 000014", "min 10 max 20 us"},
	{1115, "80 00000a 00 000014", "min 10 max 20 us anomalous"},
	{1116, "80 000005", "5 us"}, // the first octet is reserved: no A bit
	{1117, "00 0003e8", "0.003 %"},
	{1154, "0000000000000001 0000000000000100", "1 256"},
	{1159, "80 00 0010 04860008 0000000000000064", "flags 0x80 size 16 {prefix-sid flags 0x00 algorithm-or-weight 0 index 100}"},
	{1162, "00 80 0000 0000000a", "flags 0x00 algorithm 128 metric 10"},
	{1251, "00 00 0000 0000fde9 c0000201", "flags 0x00 weight 0 peer-as 65001 peer-bgp-id 192.0.2.1"},
	{1108, "0039 80 00 00 00 c0000201 fc000000000000000000000000000001", "behavior 57 flags 0x80 algorithm 0 weight 0 neighbor 192.0.2.1 sid fc00::1"},
	{1027, "490001", "49.0001"},
	{1170, "80", "flags 0x80"},
	{1122, "04 00 0000 80000000 04440004 0000000a", "sabm 0x80000000 udabm 0x {te-metric 10}"},
	// IANA: 1173 is RFC 9104's Extended Administrative Group, 1174 RFC
	// 9085's Source OSPF Router-ID.
	{1173, "00000001 80000000", "1 2147483648"},
	{1174, "c0000201", "192.0.2.1"},
}

// TestBGPLSMoreTLVs: each TLV reads as its layout says, in the attribute's
// text and JSON; a value of a length the layout does not allow is shown
// in hex.
func TestBGPLSMoreTLVs(t *testing.T) {
	for _, tc := range bgplsMoreVectors {
		v := unhex(t, tc.hex)
		tl := BGPLSTLV{Type: tc.typ, Value: v}
		if got := string(tl.AppendValueText(nil, false)); got != tc.text {
			t.Errorf("%d %s: %q, want %q", tc.typ, tc.hex, got, tc.text)
		}
		attr := append([]byte{byte(tc.typ >> 8), byte(tc.typ), 0, byte(len(v))}, v...)
		a := AttrView{Flags: FlagOptional, Type: AttrBGPLS, Value: attr}
		js := jsonBGPLS([]byte("{\"x\":1"), Path{}, a)
		var obj struct {
			LS []struct{ Value string } `json:"bgp_ls"`
		}
		if err := json.Unmarshal(append(js, '}'), &obj); err != nil || len(obj.LS) != 1 || obj.LS[0].Value != tc.text {
			t.Errorf("%d: JSON %s (%v)", tc.typ, js, err)
		}
	}
	for typ, name := range map[uint16]string{1173: "Extended Administrative Group", 1174: "Source OSPF Router-ID"} {
		if got := (BGPLSTLV{Type: typ}).Name(); got != name {
			t.Errorf("%d: %q, want %q", typ, got, name)
		}
	}
	for _, tc := range []struct {
		typ uint16
		hex string
	}{
		{263, "000102"}, {266, "01"}, {1035, ""}, {1038, "400000"}, {1100, "3000000001"}, {1114, "800003"},
		{1115, "0000000a00"}, {1116, "00"}, {1117, "0000000001"}, {1154, "01"}, {1159, "8000"},
		{1162, "00000000"}, {1251, "00"}, {1108, "0039"}, {1122, "08000000"}, {1122, "00"}, {1027, ""}, {1170, ""},
		{1159, "80000010 0486"}, // sub-TLVs that do not frame: shown in hex after the fields
	} {
		v := unhex(t, tc.hex)
		got := string(BGPLSTLV{Type: tc.typ, Value: v}.AppendValueText(nil, false))
		if tc.typ == 1159 && len(v) > 4 {
			if want := "flags 0x80 size 16 sub-tlvs 0486"; got != want {
				t.Errorf("%d %s: %q, want %q", tc.typ, tc.hex, got, want)
			}
			continue
		}
		if got != hex.EncodeToString(v) {
			t.Errorf("%d %s: %q, want hex", tc.typ, tc.hex, got)
		}
	}
}

// FuzzBGPLSAttrTLVs reads BGP-LS attributes seeded with the TLVs above:
// text, fields and JSON never panic, the JSON is valid, and the owned
// value encodes back to the octets.
func FuzzBGPLSAttrTLVs(f *testing.F) {
	for _, tc := range bgplsMoreVectors {
		v := unhexF(tc.hex)
		f.Add(append([]byte{byte(tc.typ >> 8), byte(tc.typ), 0, byte(len(v))}, v...))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a := AttrView{Flags: FlagOptional, Type: AttrBGPLS, Value: b}
		v, err := a.BGPLS()
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		_ = v.Fields(nil)
		if js := jsonBGPLS([]byte(`{"x":1`), Path{}, a); !json.Valid(append(js, '}')) {
			t.Fatalf("JSON %s", js)
		}
		if got, err := v.Owned().appendAttrValue(nil, AttrBGPLS, Session{}); err != nil || string(got) != string(b) {
			t.Fatalf("re-encoded %x (%v)", got, err)
		}
	})
}

// TestBGPLSTypeOf: the NLRI Type of an entry from its first two octets,
// none from a shorter one, and the same as the view's.
func TestBGPLSTypeOf(t *testing.T) {
	if _, ok := BGPLSTypeOf([]byte{0}); ok {
		t.Error("a one-octet entry has a type")
	}
	if typ, ok := BGPLSTypeOf([]byte{0, 2, 0, 0}); !ok || typ != BGPLSLink {
		t.Errorf("type %v %v, want the link type", typ, ok)
	}
	if v := (BGPLSView{b: []byte{0, 6, 0, 0}}); v.Type() != BGPLSSRv6SID {
		t.Errorf("view type %v", v.Type())
	}
}
