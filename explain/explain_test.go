package explain

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// fields returns the nodes that stand for octets of their own: leaves, and
// nodes whose children only break the same octets into bits.
func fields(n *Node) []*Node {
	if len(n.Children) == 0 {
		return []*Node{n}
	}
	bits := len(n.Children) > 1
	for _, c := range n.Children {
		if c.Off != n.Off || c.Len != n.Len || len(c.Children) > 0 {
			bits = false
		}
	}
	if bits {
		return []*Node{n}
	}
	var out []*Node
	for _, c := range n.Children {
		out = append(out, fields(c)...)
	}
	return out
}

// checkTiling asserts that the fields of each message cover it exactly:
// no gap, no overlap, in order, ending at its length; and that each
// field's hex is the input's octets at its offset.
func checkTiling(t *testing.T, in []byte, x *Explanation) {
	t.Helper()
	for _, m := range x.Messages {
		off := m.Off
		for _, f := range fields(m) {
			if f.Off != off {
				t.Errorf("message at %d: field %s starts at %d, want %d (gap or overlap)", m.Off, f.Name, f.Off, off)
			}
			if got, want := f.Hex, hex.EncodeToString(in[f.Off:f.Off+f.Len]); got != want {
				t.Errorf("field %s hex %s, input has %s", f.Name, got, want)
			}
			off = f.Off + f.Len
		}
		if off != m.Off+m.Len {
			t.Errorf("message at %d: fields end at %d, message at %d", m.Off, off, m.Off+m.Len)
		}
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := ParseHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const update4 = `ffffffff ffffffff ffffffff ffffffff 003c 02 0004 18c63364 001b
40010100 4002060201 0000fde9 400304c0000201 80040400000064 080a 18c00002`

func TestUpdateTiles(t *testing.T) {
	in := mustHex(t, update4)
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	if len(x.Errors) != 0 || len(x.Notes) != 0 {
		t.Fatalf("errors %v notes %v", x.Errors, x.Notes)
	}
	checkTiling(t, in, x)
	var names []string
	for _, f := range fields(x.Messages[0]) {
		names = append(names, f.Name)
	}
	got := strings.Join(names, " ")
	want := "marker length type withdrawn_routes_length length prefix total_path_attribute_length"
	if !strings.HasPrefix(got, want) {
		t.Errorf("fields %q, want prefix %q", got, want)
	}
}

// The AS width is not written in the bytes: a 2-octet AS_PATH read with
// 4-octet ASNs does not add up, so explain must switch and say why.
func TestUpdateChoosesAS2(t *testing.T) {
	// AS_PATH AS_SEQUENCE [65001 65002] in 2-octet form: 6 octets.
	in := mustHex(t, `ffffffff ffffffff ffffffff ffffffff 002f 02 0000 0014
40010100 400206 0202 fde9 fdea 400304c0000201 18c00002`)
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	if len(x.Errors) != 0 {
		t.Fatalf("errors: %+v", x.Errors)
	}
	if len(x.Notes) != 1 || !strings.Contains(x.Notes[0], "2-octet") {
		t.Fatalf("notes %q", x.Notes)
	}
	if x.Session.AS4 {
		t.Error("session still says 4-octet AS")
	}
	checkTiling(t, in, x)
	var asns []any
	x.Messages[0].Walk(func(n *Node, _ int) {
		if n.Name == "asn" {
			asns = append(asns, n.Value)
		}
	})
	if len(asns) != 2 || asns[0] != uint64(65001) || asns[1] != uint64(65002) {
		t.Errorf("asns %v", asns)
	}
	// With the width fixed by the caller there is no switching: an error.
	x = BGP(in, Options{Session: bgp.Session{AS4: true}, FixedAS4: true})
	if len(x.Errors) == 0 || x.Errors[0].Subcode != bgp.SubMalformedASPath {
		t.Fatalf("fixed AS4: errors %+v", x.Errors)
	}
}

func TestTruncatedMessage(t *testing.T) {
	in := mustHex(t, update4)
	in = in[:40]
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	if len(x.Errors) == 0 {
		t.Fatal("no error for a cut message")
	}
	if x.Messages[0].Problem == "" || !strings.Contains(x.Messages[0].Problem, "cut short") {
		t.Errorf("problem %q", x.Messages[0].Problem)
	}
}

func TestBadMarker(t *testing.T) {
	in := mustHex(t, "ffffffff ffffffff ffffffff fffffffe 0013 04")
	x := BGP(in, Options{})
	if len(x.Errors) != 1 || x.Errors[0].Offset != 15 || x.Errors[0].Subcode != bgp.SubConnectionNotSynchronized {
		t.Fatalf("errors %+v", x.Errors)
	}
}

func TestJSONShape(t *testing.T) {
	in := mustHex(t, update4)
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, x, false); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Hex      string
		Messages []struct {
			Field  string
			Offset int
			Length int
			Fields []map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Hex != hex.EncodeToString(in) || len(doc.Messages) != 1 || doc.Messages[0].Length != len(in) {
		t.Fatalf("doc %+v", doc)
	}
	if doc.Messages[0].Fields[0]["field"] != "header" {
		t.Errorf("first field %v", doc.Messages[0].Fields[0]["field"])
	}
}

func TestParseHex(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"ffff ffff", "ffffffff", false},
		{"FF:FF:00", "ffff00", false},
		{"0xff, 0x00,0x1", "", true},
		{"0xff, 0x00", "ff00", false},
		{"ff\n00\r\n11", "ff0011", false},
		{"fg", "", true},
		{"abc", "", true},
	} {
		got, err := ParseHex(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("%q: err %v", tc.in, err)
			continue
		}
		if !tc.bad && hex.EncodeToString(got) != tc.want {
			t.Errorf("%q: got %x want %s", tc.in, got, tc.want)
		}
	}
}

func FuzzExplain(f *testing.F) {
	f.Add(mustHexF(update4), uint8(0))
	f.Add(mustHexF("ffffffff ffffffff ffffffff ffffffff 0013 04"), uint8(1))
	f.Fuzz(func(t *testing.T, in []byte, ctx uint8) {
		opt := Options{Session: bgp.Session{AS4: ctx&1 != 0, ExtendedMsg: ctx&2 != 0}, FixedAS4: ctx&4 != 0, FixedAddPath: ctx&8 != 0}
		x := BGP(in, opt)
		var buf bytes.Buffer
		if err := WriteText(&buf, x, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&buf, x, false); err != nil {
			t.Fatal(err)
		}
		for _, m := range x.Messages {
			for _, l := range m.Leaves() {
				if l.Off < 0 || l.Off+l.Len > len(in) {
					t.Fatalf("leaf %s [%d,+%d) outside input of %d", l.Name, l.Off, l.Len, len(in))
				}
			}
		}
	})
}

func mustHexF(s string) []byte {
	b, err := ParseHex(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestEveryMissingAttribute: an UPDATE without AS_PATH and NEXT_HOP has
// two Missing Well-known Attribute errors at the same offset, one for
// each (RFC 4271 §6.3 names one type code per NOTIFICATION; the
// explanation lists them all), beside its invalid ORIGIN.
func TestEveryMissingAttribute(t *testing.T) {
	x := BGP(mustHex(t, "ffffffffffffffffffffffffffffffff 001f 02 0000 0004 40010107 180a0000"), Options{})
	var got []string
	for _, e := range x.Errors {
		got = append(got, fmt.Sprintf("%d/%d %s", e.Code, e.Subcode, e.Data))
	}
	if want := "3/6 40010107, 3/3 02, 3/3 03"; strings.Join(got, ", ") != want {
		t.Errorf("errors %q, want %q", strings.Join(got, ", "), want)
	}
}
