package explain

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// The three lines of issue 4, as routers logged them.
const (
	lineEricsson = `notification msg sent (nbr 192.0.2.1, context 0x40030044 32 bytes, repeated 89 times, code 3/4 (update: attribute flags error) - 0000 0000 ffff ffff ffff ffff ffff ffff ffff ffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01`
	lineCisco    = `NOTIFICATION received from 192.0.2.2 (External AS 64496): code 3 (Update Message Error) subcode 4 (attribute flags error), Data: e0 07 08 00 03 02 ed 5b dc 3f 01`
	lineFRR      = `%NOTIFICATION: received from neighbor 192.168.0.1 3/5 (UPDATE Message Error/Attribute Length Error) 3298 bytes 50 02 0c de 02 ff 00 00 0c b9 00 00 00 ae 00 04 00 3e 00 04 00 3e 00 04 00 35 00 04 00 35 ...    00 04 00 35`
)

// find returns the first node named name in x, depth first.
func find(x *Explanation, name string) *Node {
	var out *Node
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) {
			if out == nil && n.Name == name {
				out = n
			}
		})
	}
	return out
}

func findAll(x *Explanation, name string) []*Node {
	var out []*Node
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) {
			if n.Name == name {
				out = append(out, n)
			}
		})
	}
	return out
}

func checkAggregator(t *testing.T, x *Explanation, off int) {
	t.Helper()
	agg := find(x, "aggregator")
	if agg == nil {
		t.Fatal("no AGGREGATOR in the explanation")
	}
	if agg.Off != off || agg.Len != 11 {
		t.Errorf("AGGREGATOR at %d+%d, want %d+11", agg.Off, agg.Len, off)
	}
	flags := find(x, "attribute_flags")
	if flags.Value != "0xe0" {
		t.Errorf("flags %v", flags.Value)
	}
	for _, bit := range []string{"optional", "transitive", "partial"} {
		if n := find(x, bit); n == nil || n.Value != true {
			t.Errorf("%s bit not set: %+v", bit, n)
		}
	}
	if n := find(x, "attribute_length"); n.Value != 8 {
		t.Errorf("length %v", n.Value)
	}
	if n := find(x, "aggregator_as"); n.Value != uint64(197357) || n.Len != 4 {
		t.Errorf("AS %v (%d octets), want 197357 in 4", n.Value, n.Len)
	}
	if n := find(x, "aggregator_address"); n.Value != "91.220.63.1" {
		t.Errorf("address %v", n.Value)
	}
	if !strings.Contains(agg.Meaning, "length 8 means the 4-octet form") && !strings.Contains(find(x, "value").Meaning, "4-octet") {
		t.Errorf("no reason for the 4-octet reading: %q", agg.Meaning)
	}
	d := strings.Join(x.Diagnosis, " ")
	if !strings.Contains(d, "valid for AGGREGATOR") || !strings.Contains(d, "stricter than the RFC") || !strings.Contains(d, "attribute discard") {
		t.Errorf("diagnosis: %q", d)
	}
}

func TestLineEricsson(t *testing.T) {
	x := Line(lineEricsson, Options{})
	li := x.Line
	if li.Start != StartMessage || li.Prefix != 4 || li.Code != 3 || li.Subcode != 4 || li.Length != 32 || li.Missing != 0 {
		t.Fatalf("line info %+v", li)
	}
	if li.Direction != "sent" || li.Neighbor != "192.0.2.1" {
		t.Errorf("direction %q neighbor %q", li.Direction, li.Neighbor)
	}
	if len(x.Errors) != 0 || len(x.Notes) != 0 {
		t.Errorf("errors %+v notes %q", x.Errors, x.Notes)
	}
	if x.Messages[0].Name != "vendor_prefix" || x.Messages[0].Len != 4 {
		t.Errorf("first node %+v", x.Messages[0])
	}
	if n := find(x, "error_code"); n.Value != 3 || n.Off != 4+19 {
		t.Errorf("code node %+v", n)
	}
	checkAggregator(t, x, 4+21)
	in := append([]byte{0, 0, 0, 0}, mustHex(t, "ffffffffffffffffffffffffffffffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01")...)
	checkTiling(t, in, &Explanation{Messages: x.Messages[1:]})
}

func TestLineCisco(t *testing.T) {
	x := Line(lineCisco, Options{})
	li := x.Line
	if li.Start != StartData || li.Code != 3 || li.Subcode != 4 || li.Present != 11 || li.Direction != "received" {
		t.Fatalf("line info %+v", li)
	}
	checkAggregator(t, x, 0)
}

func TestLineFRRTruncated(t *testing.T) {
	x := Line(lineFRR, Options{})
	li := x.Line
	if li.Start != StartData || li.Code != 3 || li.Subcode != 5 || li.Length != 3298 {
		t.Fatalf("line info %+v", li)
	}
	if li.Present != 34 || li.Missing != 3298-34 {
		t.Errorf("present %d missing %d", li.Present, li.Missing)
	}
	ap := find(x, "as_path")
	if ap == nil {
		t.Fatal("no AS_PATH")
	}
	if !find(x, "extended_length").Value.(bool) {
		t.Error("extended length bit not shown")
	}
	if n := find(x, "attribute_length"); n.Value != 3294 || n.Len != 2 {
		t.Errorf("attribute length %v (%d octets)", n.Value, n.Len)
	}
	seg := find(x, "segment")
	if seg == nil || seg.Label != "AS_SEQUENCE" {
		t.Fatalf("segment %+v", seg)
	}
	if n := find(x, "segment_length"); n.Value != 255 {
		t.Errorf("segment length %v", n.Value)
	}
	asns := findAll(x, "asn")
	want := []uint64{3257, 174, 262206}
	if len(asns) < 3 {
		t.Fatalf("asns %d", len(asns))
	}
	for i, w := range want {
		if asns[i].Value != w || asns[i].Len != 4 {
			t.Errorf("asn %d = %v (%d octets), want %d", i, asns[i].Value, asns[i].Len, w)
		}
	}
	if !strings.Contains(ap.Meaning, "4-octet") {
		t.Errorf("no reason for the AS width: %q", ap.Meaning)
	}
	if ap.Problem == "" || !strings.Contains(ap.Problem, "cut short") {
		t.Errorf("truncation not reported: %q", ap.Problem)
	}
	d := strings.Join(x.Diagnosis, " ")
	if !strings.Contains(d, "3294 octets") || !strings.Contains(d, "treat-as-withdraw") {
		t.Errorf("diagnosis %q", d)
	}
}

func TestSplitRecords(t *testing.T) {
	in := "Jun  1 10:00:00 r1 bgp: NOTIFICATION sent 6/2\n  0000: ffff ffff ffff ffff\n  0008: ffff ffff ffff ffff\nsecond line 3/4 e0 07 08 00 03 02 ed 5b dc 3f 01\n\n"
	recs := SplitRecords(in)
	if len(recs) != 2 || !strings.Contains(recs[0], "0008:") {
		t.Fatalf("records %q", recs)
	}
	ll := ParseLogLine(recs[0])
	if len(ll.Runs) != 1 || len(ll.Runs[0].Octets) != 16 {
		t.Errorf("runs %+v", ll.Runs)
	}
}

func TestHexRunsIgnoreWords(t *testing.T) {
	// "add", "be", "face" and decimal counts are not octets; short runs of
	// hex-looking words are not dumps.
	ll := ParseLogLine("peer 10.0.0.1 went down: add be face 32 bytes, code 6/2")
	if len(ll.Runs) != 0 {
		t.Errorf("runs %+v", ll.Runs)
	}
	if ll.Evidence.Code != 6 || ll.Evidence.Subcode != 2 || ll.Evidence.Length != 32 {
		t.Errorf("evidence %+v", ll.Evidence)
	}
}

func TestLineBodyWithoutHeader(t *testing.T) {
	// A NOTIFICATION body 6/2 with a shutdown communication "bye".
	x := Line("BGP: %NOTIFICATION sent to neighbor 2001:db8::1 6/2 (Administrative Shutdown) 6 bytes 06 02 03 62 79 65", Options{})
	if x.Line.Start != StartNotification {
		t.Fatalf("start %q (%s)", x.Line.Start, x.Line.Why)
	}
	if n := find(x, "shutdown_communication"); n == nil || n.Value != "bye" {
		t.Fatalf("communication %+v", n)
	}
	if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, `"bye"`) {
		t.Errorf("diagnosis %q", d)
	}
	_ = bgp.CodeCease
}

// FuzzLine: any text gives an explanation (or an "unknown" start) without
// panicking, and every node lies within the octets found.
func FuzzLine(f *testing.F) {
	for _, l := range []string{lineEricsson, lineCisco, lineFRR,
		"%BGP-3-NOTIFICATION: sent to neighbor 192.0.2.1 4/0 (hold time expired) 0 bytes",
		"payload (  19) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0017 03\npayload (   4) 0609 0603",
		"ErrorCode=6, SubErrorCode=1, ErrorData=00010100000064)",
		"2/7 0 bytes FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0039 0104 xx0D 00B4"} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		for _, rec := range SplitRecords(text) {
			x := Line(rec, Options{Session: bgp.Session{AS4: true}})
			in, _ := hexDecode(x.Hex)
			for _, m := range x.Messages {
				m.Walk(func(n *Node, _ int) {
					if n.Off < 0 || n.Len < 0 || n.Off+n.Len > len(in) {
						t.Fatalf("node %s [%d,+%d) outside %d octets", n.Name, n.Off, n.Len, len(in))
					}
				})
			}
			var sb strings.Builder
			if err := WriteText(&sb, x, TextOptions{Color: true}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func hexDecode(s string) ([]byte, error) { return hex.DecodeString(s) }

// Groupings the issue names: FF:FF and 0xff, and a Junos-style
// traceoptions dump with offsets and timestamps across lines.
func TestLineGroupings(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"colons", "BGP notification sent 6/2 data FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF:00:19:03:06:02:03:62:79:65"},
		{"0x", "notification 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0x00 0x19 0x03 0x06 0x02 0x03 0x62 0x79 0x65"},
		{"dump", "Nov 22 10:00:00.100 BGP SEND 192.0.2.1+179 -> 192.0.2.2+1033 NOTIFICATION\n" +
			"Nov 22 10:00:00.100   0x0000: ffff ffff ffff ffff ffff ffff ffff ffff\n" +
			"Nov 22 10:00:00.100   0x0010: 0019 0306 0203 6279 65"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := SplitRecords(tc.text)
			if len(recs) != 1 {
				t.Fatalf("%d records", len(recs))
			}
			x := Line(recs[0], Options{})
			if x.Line.Start != StartMessage || x.Line.Present != 25 {
				t.Fatalf("line %+v", x.Line)
			}
			if n := find(x, "shutdown_communication"); n == nil || n.Value != "bye" {
				t.Errorf("communication %+v", n)
			}
		})
	}
}

func TestLineUnsupportedOptionalParameter(t *testing.T) {
	// 2/4 with the refused parameter: Capabilities holding capability 69.
	x := Line("%BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 2/4 (unsupported optional parameter) 8 bytes 02 06 45 04 00 01 01 03", Options{})
	if x.Line.Start != StartData {
		t.Fatalf("start %s", x.Line.Start)
	}
	if n := find(x, "optional_parameter"); n == nil || n.Value != "Capabilities" {
		t.Fatalf("parameter %+v", n)
	}
	if n := find(x, "capability"); n == nil || n.Value != "ADD-PATH" {
		t.Fatalf("capability %+v", n)
	}
}
