package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// Held-out round 8 (inputs with octets): octets written as a listing, a
// program's byte literals or an annotated dump with a comment after each
// line (Net::BGP, bio-rd, BGP4J, a Python reproducer), are one run; the
// comments split them into runs too short to keep, and their words
// ("# Attribute Code 7", "# Message Type (Open)") are not the entry's.
func TestRound8Listings(t *testing.T) {
	for _, c := range []struct {
		name, text, label string
		octets            int
	}{
		{"annotated hex dump", "ff ff ff ff   ff ff ff ff   ff ff ff ff   ff ff ff ff   # Marker\n" +
			"00 1d                                                   # Length\n" +
			"01                                                      # Message Type (Open)\n" +
			"04                                                      # BGP Version\n" +
			"10 20                                                   # Autonomous System\n" +
			"00 03                                                   # Hold Time\n" +
			"01 02 03 04                                             # BGP Identifier\n" +
			"01                                                      # Opt Parameter Len (too long)", "OPEN", 29},
		{"Go decimal with // comments", "\t\t\tinput: []byte{\n" +
			"\t\t\t\t255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // Marker\n" +
			"\t\t\t\t0, 29, // Length\n\t\t\t\t1,      // Type = Open\n\t\t\t\t4,      // Version\n\t\t\t\t0, 200, //ASN,\n" +
			"\t\t\t\t0, 15, // Holdtime\n\t\t\t\t10, 20, 30, 40, // BGP Identifier\n\t\t\t\t0, // Opt Parm Len\n\t\t\t},", "OPEN", 29},
		{"Java (byte) casts with // comments", "\t\tassertBufferContents(new byte[] {\n" +
			"\t\t\t\t(byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, \n" +
			"\t\t\t\t(byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff, \n" +
			"\t\t\t\t0x00, 0x15, // length 21 octets\n\t\t\t\t(byte)0x03, // type code NOTIFICATION\n" +
			"\t\t\t\t(byte)0x06, // CEASE error code\n\t\t\t\t(byte)0x02, // Administrative shutodwn\n\t\t}, buffer);", "NOTIFICATION", 21},
		{"Python adjacent literals", "SHORT_MSG = (b'\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff'     # First 8 bytes of marker\n" +
			"             b'\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff'     # Last 8 bytes of marker\n" +
			"             b'\\x00\\x10'                             # Length 16\n" +
			"             b'\\x01'                                 # Open\n" +
			"             b'\\x04')                                # Version 4", "OPEN", 20},
		{"Python continued with backslashes, commented out", "        # data_hex = b'\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff' \\\n" +
			"        #            b'\\xff\\xff\\xff\\x00\\x15\\x03\\x06\\x02'", "NOTIFICATION", 21},
	} {
		x := Line(c.text, Options{})
		if m := messageNode(x); m == nil || !strings.Contains(m.Label, c.label) || x.Line.Present != c.octets {
			t.Errorf("%s: %d octets, message %v; want %s of %d", c.name, x.Line.Present, m, c.label, c.octets)
		}
		if xs := Decode(c.text, Options{}); len(xs) != 1 {
			t.Errorf("%s: %d entries, want 1", c.name, len(xs))
		}
	}
	// The comments name fields, not the entry's error: "Attribute Code 7"
	// is no ROUTE-REFRESH error, and the UPDATE is read from its type octet.
	raku := "my $msg = Buf[uint8].new(\n    2,          # Update\n    0,0,        # Withdrawn Routes (0)\n" +
		"    0,11,       # Path Attribute Length\n    64,1,1,2,   #   Origin\n    192,7,4,    #   Attribute Code 7\n" +
		"    0,0,0,0, # Data for code 7\n    21,5,39,176 # VALID!\n);"
	x := Line(raku, Options{})
	if x.Line.Code >= 0 || x.Line.Present != 20 || !strings.Contains(messageNode(x).Label, "UPDATE") {
		t.Errorf("Raku listing: code %d, %d octets; want an UPDATE of 20 octets, no stated code", x.Line.Code, x.Line.Present)
	}
	// Without comments or continued byte strings, lines of numbers stay
	// what they were: no listing.
	if r := listingRuns("10 20\n30 40\n"); len(r) != 0 {
		t.Errorf("hex rows without comments read as a listing: %+v", r)
	}
	if r := listingRuns("uptime 3 # days\nload 2 # avg\n"); len(r) != 0 {
		t.Errorf("words read as a listing: %+v", r)
	}
}

// A message written from its type octet on (BGP4J and Net::BGP take the
// marker and length off before decoding): read as the message, named and
// diagnosed like a whole one; a capability 2/7 lists is decoded as in an
// OPEN.
func TestRound8FromTypeOctet(t *testing.T) {
	x := Line("(byte)0x03, // type code NOTIFICATION\n(byte)0x02, // error code: BGP Open\n(byte)0x07, // suberror code\n"+
		"(byte)0x41, // Capability code 65\n(byte)0x04, // length\n(byte)0x00, (byte)0x00, (byte)0xfc, (byte)0x00, // AS number 64512", Options{})
	if code, sub := codeOf(x); code != 2 || sub != 7 || !strings.Contains(x.Line.Error, "(2/7)") || len(x.Diagnosis) == 0 {
		t.Errorf("2/7 from the type octet: %d/%d, error %q, diagnosis %q", code, sub, x.Line.Error, x.Diagnosis)
	}
	if !hasValue(x, "capability_value", "64512") {
		t.Error("the refused 4-octet AS capability's value is not decoded")
	}
	// A type octet followed by what frames as no body of that type is not
	// this reading.
	if framesFromType([]byte{3, 0, 0}, Options{}) || framesFromType([]byte{4, 0}, Options{}) {
		t.Error("framesFromType took octets that are no message")
	}
	// Too little to tell by chance from a message: a lone 04 (a KEEPALIVE
	// is its type octet alone), 05 then a family no registry has or a
	// subtype RFC 7313 does not define.
	for _, b := range [][]byte{{4}, {5, 0, 0x63, 0, 1}, {5, 0, 1, 7, 1}, {5, 0, 1}} {
		if framesFromType(b, Options{}) {
			t.Errorf("framesFromType took % x, which frames by chance", b)
		}
	}
	if !framesFromType([]byte{5, 0, 2, 0, 1}, Options{}) {
		t.Error("a ROUTE-REFRESH for IPv6 unicast from its type octet is not read")
	}
}

// A BMP message whose common header's length is exactly the octets is read
// as BMP without the word "BMP" in the entry; Go's %#v writes a []byte's
// octets as 0x3, without a leading zero.
func TestRound8GoHexBMP(t *testing.T) {
	in := "b := []byte{0x3, 0x0, 0x0, 0x0, 0x6, 0x4, 0x0, 0x0, 0x0, 0x0}" // Termination, no TLVs: 6 octets, 4 more
	if x := Line(in, Options{}); x.Line.Start == StartBMP {
		t.Errorf("a BMP header whose length is not the octets read as BMP: %+v", x.Line)
	}
	in = "b := []byte{0x3, 0x0, 0x0, 0x0, 0xa, 0x5, 0x0, 0x1, 0x0, 0x0}" // Termination, one reason TLV of 0 octets
	x := Line(in, Options{})
	if x.Line.Start != StartBMP || x.Line.Present != 10 {
		t.Errorf("Go hex BMP: start %q, %d octets; want bmp, 10", x.Line.Start, x.Line.Present)
	}
	// A lone 0xH is no octet outside a list.
	if x := Line("flags 0x3 state 0x1 mode 0x2 type 0x4", Options{}); x.Line.Present != 0 {
		t.Errorf("0xH words read as %d octets", x.Line.Present)
	}
}

// Dell FTOS prints a PDU in 4-octet words, the last padded with zeros:
// the padding is the printout's, no second message with a Bad Message
// Length; "captured using 680 bytes" is the buffer's, not the entry's.
func TestRound8DumpPadding(t *testing.T) {
	x := Line("PDU[2] : len 19, captured 00:34:51 ago ffffffff ffffffff ffffffff ffffffff 00130400", Options{})
	if n := find(x, "dump_padding"); n == nil || n.Off != 19 || n.Len != 1 || len(x.Errors) != 0 || x.Line.Present != 20 {
		t.Errorf("padding %+v, errors %v, %d octets", n, x.Errors, x.Line.Present)
	}
	// Octets that are not zero, or more than fill the word, are not padding.
	x = Line("ffffffff ffffffff ffffffff ffffffff 00130401", Options{})
	if find(x, "dump_padding") != nil {
		t.Error("a non-zero octet after the message read as padding")
	}
	x = Line("Available buffer size 40958758, 27 packet(s) captured using 562 bytes PDU[1] : len 41, captured 00:34:52 ago "+
		"ffffffff ffffffff ffffffff ffffffff 00290104 000100b4 14141401 0c020a01 04000100 01020080 00000000", Options{})
	if x.Line.Length != 41 {
		t.Errorf("stated length %d, want the PDU's 41", x.Line.Length)
	}
}

// A web page's text: "<br />" ends every line and a blank line follows,
// the page source's layout. The label and its octets are one entry.
func TestRound8HTMLBreakLayout(t *testing.T) {
	xs := Decode("PDU[2] : len 19, captured 00:34:51 ago<br />\n\nffffffff ffffffff ffffffff ffffffff 00130400<br />\n", Options{})
	if len(xs) != 1 || xs[0].Line.Present != 20 {
		t.Fatalf("%d entries", len(xs))
	}
	// Two breaks in a row still leave a blank line between entries.
	if xs := Decode("a 1/1 0 bytes<br><br>b 6/2 0 bytes", Options{}); len(xs) != 2 {
		t.Errorf("<br><br>: %d entries, want 2", len(xs))
	}
}

// An AS_PATH segment that its attribute's length ends is malformed by the
// sender, not cut by the log; when 2-octet ASNs frame it, the explanation
// says so (RFC 6793 §4). (Dell's UPDATE has another error, its AS_PATH
// flags 0x01, so no AS width reads it clean.)
func TestRound8ASPathOverrun(t *testing.T) {
	x := Line("ffffffff ffffffff ffffffff ffffffff 00290200 00000e01 02040201 00024003 04141414 0218c0a8 01000000", Options{Session: bgp.Session{AS4: true}})
	n := find(x, "cut_off")
	if n == nil || strings.Contains(n.Meaning, "log stops") || !strings.Contains(n.Meaning, "attribute's length") {
		t.Errorf("cut_off %+v", n)
	}
	seg := find(x, "segment")
	if seg == nil || !strings.Contains(seg.Problem, "2-octet ASNs every segment fits") {
		t.Errorf("segment %+v", seg)
	}
}

// Wireshark's bytes of a selection as a post shows them: rows without
// offsets, each followed by its ASCII column (NANOG 2025). The column must
// show the row's octets; words after hex are no such column.
func TestRound8ASCIIRows(t *testing.T) {
	rows := "ff ff ff ff ff ff ff ff ff ff ff ff ff ff   ..............\n" +
		"ff ff 00 22 03 06 02 0c 0b 6d 61 69 6e 74 65 6e   ...\".....mainten\n" +
		"61 6e 63 65                                       ance"
	x := Line(rows, Options{})
	if code, sub := codeOf(x); code != 6 || sub != 2 || x.Line.Present != 34 {
		t.Fatalf("rows: %d/%d, %d octets", code, sub, x.Line.Present)
	}
	// The Shutdown Communication starts with a vertical tab: said, and
	// printed escaped rather than sent to the terminal.
	if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, "control character (0x0b)") || !strings.Contains(d, `"\vmaintenance"`) {
		t.Errorf("diagnosis %q", d)
	}
	if got := valueString("\vmaintenance"); got != `"\vmaintenance"` {
		t.Errorf("value printed %q", got)
	}
	if _, _, _, ok := asciiRow("ff ff 00 21   no words"); ok {
		t.Error("words after hex read as an ASCII column")
	}
}

// An AGGREGATOR the log cut short (Junos printed 6 of its 11 octets): the
// declared length gives its form, and the missing octets are the log's
// doing, not an Attribute Length Error.
func TestRound8CutAggregator(t *testing.T) {
	x := Line("NOTIFICATION received from 192.0.2.1 (External AS 64496): code 3 (Update Message Error) subcode 4 (attribute flags error), Data:  c8 07 08 00 00 c0", Options{})
	a := find(x, "aggregator")
	if a == nil || !strings.Contains(a.Meaning, "length 8 means the 4-octet form") {
		t.Fatalf("aggregator %+v", a)
	}
	for _, n := range a.Children {
		if n.Name == "value" && (n.Problem != "" || !strings.Contains(n.Meaning, "cut off by the log")) {
			t.Errorf("value %+v", n)
		}
	}
}

// A show command's output run into one line by a web page: several whole
// messages, each after its own words, are as many entries; a message in
// pieces (a header, then its body) stays one.
func TestRound8SeveralMessagesInOneEntry(t *testing.T) {
	flat := "Last notification (len 21) sent 00:26:02 ago ffffffff ffffffff ffffffff ffffffff 00160303 03010000 " +
		"Last notification (len 21) received 00:26:20 ago ffffffff ffffffff ffffffff ffffffff 00150306 00000000 " +
		"Last PDU (len 41) received 00:26:02 ago that caused notification to be issued ffffffff ffffffff ffffffff ffffffff " +
		"00290200 00000e01 02040201 00024003 04141414 0218c0a8 01000000 Local host: 1.1.1.1, Local port: 179"
	xs := Decode(flat, Options{})
	if len(xs) != 3 {
		t.Fatalf("%d entries, want 3", len(xs))
	}
	for i, want := range []string{"NOTIFICATION", "NOTIFICATION", "UPDATE"} {
		if m := messageNode(xs[i]); m == nil || !strings.Contains(m.Label, want) {
			t.Errorf("entry %d: %v, want %s", i, m, want)
		}
	}
	pieces := "received TCP payload (  19) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0017 03 body 0602"
	if xs := Decode(pieces, Options{}); len(xs) != 1 {
		t.Errorf("a message in pieces split into %d entries", len(xs))
	}
}

// TestListingCutsBounded: a line of openers each followed by what could
// start a literal ("=b'\x00' =b'\x00' ... x 'a'") is tried at a bounded
// number of places, not at every opener, each of which reads to the end
// of the line (1 MiB of it took minutes): twice the line, about twice the
// work, counted by the allocations of the tries (a clock would be
// unreliable), not four times.
func TestListingCutsBounded(t *testing.T) {
	allocs := func(n int) float64 {
		line := strings.Repeat(`=b'\x00' `, n) + "x 'a'"
		return testing.AllocsPerRun(1, func() { readListingLine(line) })
	}
	if a1, a2 := allocs(1000), allocs(2000); a2 > 3*a1 {
		t.Errorf("readListingLine: %.0f allocations for 1000 openers, %.0f for 2000: more than linear", a1, a2)
	}
	// A listing line whose literals follow code with openers still reads.
	l, ok := readListingLine(`var msg = []byte{0xff, 0x01, // marker`)
	if !ok || l.kind != litHex0x || len(l.octets) != 2 {
		t.Errorf("listing line after code: %+v %v", l, ok)
	}
}
