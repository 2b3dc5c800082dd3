package explain

import (
	"strconv"
	"strings"
	"testing"
)

// Data as real senders send it (issue 10): each form read as what it is,
// and said.
func TestDataVariants(t *testing.T) {
	const pre = "%BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 "
	cases := []struct {
		name, in, field string
		value           any
		meaning         string
	}{
		{"2/2 as 2 octets", pre + "2/2 (peer in wrong AS) 2 bytes 0064", "data", uint64(100), "the AS the sender rejected"},
		{"2/2 as 4 octets", pre + "2/2 (peer in wrong AS) 4 bytes FA56EA00", "data", uint64(4200000000), "the AS the sender rejected"},
		{"2/2 as 2 octets and padding", pre + "2/2 (peer in wrong AS) 4 bytes 00640000", "data", uint64(100), "2 octets of zero padding"},
		{"2/3 as an address", pre + "2/3 (bad BGP identifier) 4 bytes C0000201", "data", "192.0.2.1", "BGP Identifier the sender rejected"},
		{"6/2 RFC 9003", pre + "6/2 (Administratively Shutdown) 5 bytes 04 6d 61 69 6e", "shutdown_communication", "main", "operator's message"},
		{"6/2 raw text", pre + "6/2 (Administratively Shutdown) 4 bytes 6d 61 69 6e", "shutdown_text", "main", "without the length octet"},
		{"6/4 raw text", pre + "6/4 (Administratively Reset) 12 bytes 74 65 73 74 69 6e 67 20 61 62 63 64", "shutdown_text", "testing abcd", "without the length octet"},
		{"6/1 cut after AFI and SAFI", pre + "6/1 (Maximum Number of Prefixes Reached) 7 bytes 00 01 01", "safi", 1, "Unicast"},
	}
	for _, c := range cases {
		x := Line(c.in, Options{})
		n := find(x, c.field)
		if n == nil {
			t.Errorf("%s: no %s in %v", c.name, c.field, x.Messages)
			continue
		}
		if n.Value != c.value {
			t.Errorf("%s: %s = %#v, want %#v", c.name, c.field, n.Value, c.value)
		}
		m := n.Meaning
		for _, p := range []*Node{x.Messages[0]} {
			m += " " + p.Meaning
		}
		if !strings.Contains(m, c.meaning) {
			t.Errorf("%s: meaning %q, want %q", c.name, m, c.meaning)
		}
	}
	// 6/1 cut: the limit is cut off, not wrong.
	x := Line(pre+"6/1 (Maximum Number of Prefixes Reached) 7 bytes 00 01 01 00 00", Options{})
	if n := find(x, "prefix_upper_bound"); n == nil || !strings.Contains(n.Problem, "cut off") {
		t.Errorf("partial limit: %+v", n)
	}
}

// 2/7 data as the Capabilities optional parameter, and as a whole OPEN.
func TestUnsupportedCapabilityForms(t *testing.T) {
	x := Line("NOTIFICATION sent 2/7 (unsupported capability) data 02 06 01 04 00 02 00 01", Options{})
	if !strings.Contains(x.Messages[0].Meaning, "optional parameters") {
		t.Errorf("parameter form: %q", x.Messages[0].Meaning)
	}
	if n := find(x, "optional_parameter"); n == nil || n.Off != 0 || n.Len != 8 {
		t.Errorf("parameter node %+v", n)
	}
	open := "FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0039 0104 0064 00B4 0101 0101 1C02 0601 0400 0100 0102 0280 0002 0202 0002 0246 0002 0641 0400 0000 64"
	x = Line("NOTIFICATION sent 2/7 (unsupported capability) data "+open, Options{})
	// The marker makes it a message: the logged message is the OPEN.
	if m := messageNode(x); m == nil || !strings.Contains(m.Label, "OPEN") {
		t.Errorf("whole OPEN: %+v", x.Line)
	}
	x = Line("NOTIFICATION sent 2/4 (unsupported optional parameter) data 41 04 00 00 fd e8", Options{})
	if n := find(x, "capability_code"); n == nil || n.Value != 65 || !strings.Contains(x.Messages[0].Meaning, "capabilities") {
		t.Errorf("2/4 with bare capabilities: %+v", x.Messages[0])
	}
	x = Line("NOTIFICATION 2/7 data "+open, Options{})
	if x.Line.Error == "" || find(x, "open") == nil {
		t.Errorf("OPEN in data: %+v", x.Line)
	}
}

// Octets with no marker and no code: read by the structure they frame
// exactly, never "give the whole message" when one fits.
func TestBareReadings(t *testing.T) {
	cases := []struct{ in, start, field string }{
		// UPDATE body: no withdrawn routes, ORIGIN, AS_PATH, NEXT_HOP, 198.51.100.0/24.
		{"update body 0000 0014 40010100 400206020100000001 400304c0000201 18c63364", StartUpdateBody, "as_path"},
		{"MALFORM_UPDATE attributes: 40 01 01 00 40 02 06 02 01 00 00 fd e9", StartAttributes, "origin"},
		{"OPEN optional parameters: 02 06 01 04 00 01 00 01 02 02 02 00", StartParameters, "optional_parameter"},
		{"NLRI: 18 c6 33 64 10 0a 00", StartNLRI, "prefix"},
		{"received capabilities: 01 04 00 01 00 01 41 04 00 00 fd e8", StartCapabilities, "as4"},
		{"open 04 fde8 00b4 c0000201 00", StartOpenBody, "hold_time"},
	}
	for _, c := range cases {
		x := Line(c.in, Options{})
		if x.Line.Start != c.start {
			t.Errorf("%q: %s, want %s (%s)", c.in, x.Line.Start, c.start, x.Line.Why)
			continue
		}
		if n := find(x, c.field); n == nil || n.Off < 0 {
			t.Errorf("%q: no %s", c.in, c.field)
		}
		checkCovered(t, x)
	}
}

// The AS width of a cut AS_PATH is chosen from the whole ASNs present, and
// no reading is said to hold AS 0 when both do.
func TestCutASPathWidth(t *testing.T) {
	// AS_SEQUENCE of 3 ASNs, 4-octet: 64496 64497 64498; the log cut the
	// last ASN in half.
	x := Line("NOTIFICATION sent 3/11 (Malformed AS_PATH) 17 bytes 40 02 0e 02 03 00 00 fb f0 00 00 fb f1 00 00", Options{})
	n := find(x, "as_path")
	if n == nil || !strings.Contains(n.Meaning, "4-octet") {
		t.Fatalf("as_path %+v", n)
	}
	if !strings.Contains(n.Problem, "cut short") {
		t.Errorf("problem %q, want the value said cut short", n.Problem)
	}
	// Both readings hold AS 0: the message says so instead of blaming one.
	x = Line("NOTIFICATION sent 3/11 (Malformed AS_PATH) 12 bytes 40 02 0a 02 02 00 00 00 00 00 00 00 01", Options{})
	if n := find(x, "as_path"); n == nil || strings.Contains(n.Meaning, "would hold AS 0, which") {
		t.Errorf("as_path %+v", n)
	}
}

// A message the log cut short is cut off, not of a wrong length: no Bad
// Message Length, no Malformed AS_PATH for the cut value, and what is
// there is walked attribute by attribute.
func TestCutMessageIsCutOff(t *testing.T) {
	x := Line("UPDATE received from 192.0.2.1: ffffffffffffffffffffffffffffffff 0030 02 0000 0014 4001 0100 4002 0602 0100 00fd", Options{})
	for _, e := range x.Errors {
		if strings.Contains(e.Name, "Bad Message Length") {
			t.Errorf("error %+v: the log cut the message, its length is not wrong", e)
		}
	}
	m := messageNode(x)
	if m == nil || !strings.Contains(m.Problem, "cut off by the log") {
		t.Fatalf("message %+v", m)
	}
	if find(x, "origin") == nil || find(x, "as_path") == nil {
		t.Fatal("attributes before the cut not explained")
	}
	x.Messages[0].Walk(func(n *Node, _ int) {
		if strings.Contains(n.Problem, "Malformed") {
			t.Errorf("%s: %q", n.Name, n.Problem)
		}
	})
	if n := find(x, "cut_off"); n == nil || n.Len != 3 {
		t.Errorf("the cut ASN: %+v", n)
	}
	if x.Line.Missing != 13 {
		t.Errorf("missing %d, want 13", x.Line.Missing)
	}
}

// Data no RFC defines is called the sender's reason in words only when it
// is text: in the diagnosis and in the data's meaning alike. fe 80 90 a0
// has no control octet but is no UTF-8.
func TestReasonTextOneRule(t *testing.T) {
	const marker = "ffffffffffffffffffffffffffffffff"
	for _, c := range []struct {
		data string
		text bool
	}{{"fe8090a0", false}, {"6e6f7420612072656164", true}} {
		x := Line(marker+"00"+strconv.FormatInt(int64(21+len(c.data)/2), 16)+"030100"+c.data, Options{})
		d := strings.Join(x.Diagnosis, " ")
		if got := strings.Contains(d, "Its data is text"); got != c.text {
			t.Errorf("%s: diagnosis %q, text %v, want %v", c.data, d, got, c.text)
		}
		if got := hasMeaning(x, "a reason in words"); got != c.text {
			t.Errorf("%s: data read as a reason in words %v, want %v", c.data, got, c.text)
		}
	}
}

func hasMeaning(x *Explanation, part string) bool {
	found := false
	var walk func(n *Node)
	walk = func(n *Node) {
		if strings.Contains(n.Meaning, part) {
			found = true
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, m := range x.Messages {
		walk(m)
	}
	return found
}
