package bgp

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// attrSetVector is written from RFC 6368 §5: Origin AS 65001, then ORIGIN
// IGP, AS_PATH (AS_SEQUENCE 65002, 4-octet), LOCAL_PREF 100.
const attrSetVector = "0000fde9 40010100 400206 0201 0000fdea 40050400000064"

func TestAttrSet(t *testing.T) {
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrSet, Value: unhex(t, attrSetVector), Off: 10}
	v, err := a.AttrSet()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.AppendText(nil)); got != "origin-as 65001 attributes ORIGIN AS_PATH LOCAL_PREF" {
		t.Errorf("%q", got)
	}
	var offs []int
	for x := range v.Attrs() {
		offs = append(offs, x.Off)
	}
	if want := []int{13 + 4, 13 + 8, 13 + 17}; len(offs) != 3 || offs[0] != want[0] || offs[1] != want[1] || offs[2] != want[2] {
		t.Errorf("offsets %v, want %v", offs, want)
	}
	js := jsonAttrSet([]byte("{\"x\":1"), Path{sess: Session{AS4: true}}, a)
	var obj struct {
		AttrSet struct {
			SetOriginAS uint32 `json:"set_origin_as"`
			Origin      string
			ASPath      string `json:"as_path"`
			LocalPref   uint32 `json:"local_pref"`
		} `json:"attr_set"`
	}
	if err := json.Unmarshal(append(js, '}'), &obj); err != nil {
		t.Fatalf("%v: %s", err, js)
	}
	if s := obj.AttrSet; s.SetOriginAS != 65001 || s.Origin != "igp" || s.ASPath != "65002" || s.LocalPref != 100 {
		t.Errorf("%s", js)
	}
	// A set inside a set reads the same way.
	inner := "c080" + "18" + attrSetVector
	outer := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrSet, Value: unhex(t, "0000fde8"+inner)}
	if js := string(jsonAttrSet(nil, Path{sess: Session{AS4: true}}, outer)); !strings.Contains(js, `"attr_set":{"set_origin_as":65001,"origin":"igp"`) {
		t.Errorf("nested: %s", js)
	}
	for _, bad := range []string{"0000fd", "0000fde9 400101", "0000fde9 4001"} {
		a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrSet, Value: unhex(t, bad)}
		var e *Error
		if _, err := a.AttrSet(); !errors.As(err, &e) || e.Action != TreatAsWithdraw {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func BenchmarkAttrSetView(b *testing.B) {
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrSet, Value: unhex(b, attrSetVector)}
	b.ReportAllocs()
	for b.Loop() {
		v, _ := a.AttrSet()
		for x := range v.Attrs() {
			_ = x.Type
		}
	}
}

func FuzzAttrSet(f *testing.F) {
	fuzzAttr(f, AttrSet, []string{attrSetVector}, AttrView.AttrSet, nil)
}

// readAttrVector reads hex as the value of an attribute of type typ, at
// an offset in a message, with get, which must accept it; it checks the
// view's text and that its fields tile the value.
func readAttrVector[V interface {
	AppendText([]byte) []byte
	Fields([]EntryField) []EntryField
}](t *testing.T, typ AttrType, name, hex, text string, get func(AttrView) (V, error)) (AttrView, V) {
	t.Helper()
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: typ, Value: unhex(t, hex), Off: 5}
	v, err := get(a)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got := string(v.AppendText(nil)); got != text {
		t.Errorf("%s:\n %q, want\n %q", name, got, text)
	}
	checkFieldsTile(t, name, v.Fields(nil), a.valueOff(), a.valueOff()+len(a.Value))
	return a, v
}

// attrRefusal is an attribute value its reader must refuse, the error's
// Reason holding reason.
type attrRefusal struct{ name, hex, reason string }

// checkAttrRefused checks that get refuses each value of an attribute of
// type typ with an *Error of action act that says the case's reason.
func checkAttrRefused[V any](t *testing.T, typ AttrType, get func(AttrView) (V, error), act Action, cases []attrRefusal) {
	t.Helper()
	for _, tc := range cases {
		_, err := get(AttrView{Flags: FlagOptional | FlagTransitive, Type: typ, Value: unhex(t, tc.hex)})
		var e *Error
		if !errors.As(err, &e) || e.Action != act || !strings.Contains(e.Reason, tc.reason) {
			t.Errorf("%s: %v, want %v saying %q", tc.name, err, act, tc.reason)
		}
	}
}

// fuzzAttr fuzzes the value of an attribute of type typ, seeded with the
// hex of seeds: a value get accepts must write its text, and valid JSON
// members through the type's pathJSON row; encode, unless nil, must give
// the value back.
func fuzzAttr[V interface{ AppendText([]byte) []byte }](f *testing.F, typ AttrType, seeds []string,
	get func(AttrView) (V, error), encode func(V) []byte) {
	for _, s := range seeds {
		f.Add(unhex(f, s))
	}
	var app jsonAppender
	for _, r := range pathJSON {
		if r.t == typ {
			app = r.app
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a := AttrView{Flags: FlagOptional | FlagTransitive, Type: typ, Value: b}
		v, err := get(a)
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		if js := app([]byte(`{"x":1`), Path{}, a); !json.Valid(append(js, '}')) {
			t.Fatalf("invalid JSON %s", js)
		}
		if encode == nil {
			return
		}
		if got := encode(v); !bytes.Equal(got, b) {
			t.Fatalf("re-encoded %x, want %x", got, b)
		}
	})
}

// TestEntropyLabelAttrKept: attribute 28 (BGP Entropy Label Capability,
// RFC 6790, deprecated but seen in the wild) is named and kept with its
// octets in the path's JSON (the first of two: RFC 7606 §3(g)).
func TestEntropyLabelAttrKept(t *testing.T) {
	attrs := unhex(t, "40010100 c01c00 c01c02abcd")
	p, err := ReadPath(attrs, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	js := string(p.AppendJSON([]byte(`{"x":1`))) + "}"
	if !strings.Contains(js, `"other_attributes":[{"code":28,"name":"BGP Entropy Label Capability","flags":192,"hex":""}]`) || !json.Valid([]byte(js)) {
		t.Errorf("%s", js)
	}
	if AttrType(28).String() != "BGP Entropy Label Capability" || AttrType(28).Ref() == "" {
		t.Error(AttrType(28).String())
	}
}
