package explain

import (
	"strings"
	"testing"
)

// Round 22: BGP bytes as engineers paste them, held out from the corpus
// (testdata/loglines README, "Round 22"), by class.

// OpenBMP's raw_bmp Kafka message: its "OBMP" header is read field by
// field and the BMP message after it as BMP, at its offset.
func TestRound22OpenBMPHeader(t *testing.T) {
	const text = "kafka read 205: 4F 42 4D 50 01 07 00 5D 00 00 00 70 80 0C 60 56 DA 59 00 0C C3 1D BF 4F 07 2F 3A E1 49 D2 34 86 02 4B C3 DA DF C4 00 0A 69 73 2D 63 63 2D 62 6D 70 31 66 AE ED E9 0D 37 1A 67 C6 D3 99 5D 02 38 10 21 C0 21 FF 1E 00 00 00 00 00 00 00 00 00 00 00 00 00 05 73 66 6D 69 78 00 00 00 01 03 00 00 00 70 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 CE C5 BB 01 00 00 2F F4 CE C5 BB 01 60 39 CF 54 00 0B 1D 38 00 00 00 00 00 00 00 00 00 00 00 00 CE C5 BB 1C B3 00 85 4F FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF 00 13 01 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF 00 13 01 00 00 00 02 4C 47"
	x := Line(text, Options{})
	if x.Line.Start != StartBMP || len(x.Messages) != 2 {
		t.Fatalf("start %q, %d messages: want bmp, the OpenBMP header and the Peer Up", x.Line.Start, len(x.Messages))
	}
	h, m := x.Messages[0], x.Messages[1]
	if h.Name != "openbmp_header" || h.Len != 93 || m.Off != 93 || m.Len != 112 {
		t.Errorf("header %s %d octets, message at %d (%d octets): want the 93-octet header, the Peer Up at 93", h.Name, h.Len, m.Off, m.Len)
	}
	var admin, router any
	h.Walk(func(n *Node, _ int) {
		switch n.Name {
		case "collector_admin_id":
			admin = n.Value
		case "router_ip":
			router = n.Value
		}
	})
	if admin != "is-cc-bmp1" || router != "192.33.255.30" {
		t.Errorf("admin ID %v, router %v", admin, router)
	}
	if len(x.Errors) != 2 || x.Errors[0].Offset != 93+84 {
		t.Errorf("errors %+v: want the two 19-octet OPENs (1/2) at their offsets in the input", x.Errors)
	}
}

// Wireshark's packet details of a KEEPALIVE or an OPEN are rebuilt into
// the message (an OPEN field by field, its capabilities' value fields
// too), also when a blog flattened them onto one line; the frame's size
// ("73 bytes on wire") is no count of the message.
func TestRound22DetailsRebuilt(t *testing.T) {
	flat := "Frame 25: 73 bytes on wire (584 bits), 73 bytes captured (584 bits) on interface -, id 0 Transmission Control Protocol, Src Port: 179, Dst Port: 50115, Seq: 46, Ack: 46, Len: 19 Border Gateway Protocol - KEEPALIVE Message Marker: ffffffffffffffffffffffffffffffff Length: 19 Type: KEEPALIVE Message (4)"
	x := Line(flat, Options{})
	if x.Line.Kind != KindDetails || len(x.Messages) != 1 || x.Messages[0].Len != 19 || len(x.Errors) > 0 || len(x.Notes) > 0 {
		t.Errorf("flattened KEEPALIVE: kind %s, messages %d, errors %v, notes %v", x.Line.Kind, len(x.Messages), x.Errors, x.Notes)
	}
	open := "Border Gateway Protocol - OPEN Message\n    Marker: ffffffffffffffffffffffffffffffff\n    Length: 37\n    Type: OPEN Message (1)\n    Version: 4\n    My AS: 64496\n    Hold Time: 90\n    BGP Identifier: 192.0.2.1\n    Optional Parameters Length: 8\n    Optional Parameters\n        Optional Parameter: Capability\n            Parameter Type: Capability (2)\n            Parameter Length: 6\n            Capability: Multiprotocol extensions capability\n                Type: Multiprotocol extensions capability (1)\n                Length: 4\n                AFI: IPv4 (1)\n                Reserved: 00\n                SAFI: Unicast (1)"
	x = Line(open, Options{})
	if x.Hex != "ffffffffffffffffffffffffffffffff00250104fbf0005ac0000201080206010400010001" || len(x.Errors) > 0 {
		t.Errorf("OPEN details rebuilt as %s, errors %v", x.Hex, x.Errors)
	}
	// A capability whose value fields are not rebuilt leaves the OPEN
	// unbuilt, named only; one the paste cut ends the octets.
	odd := open[:len(open)-len("AFI: IPv4 (1)\n                Reserved: 00\n                SAFI: Unicast (1)")] + "Restart Flags: 0x00"
	if x = Line(odd+"\n            Capability: X\n                Type: Route refresh capability (2)\n                Length: 0", Options{}); x.Line.Start != StartUnknown {
		t.Errorf("OPEN with a value not rebuilt: start %s", x.Line.Start)
	}
	if x = Line(open[:len(open)-len("\n                AFI: IPv4 (1)\n                Reserved: 00\n                SAFI: Unicast (1)")], Options{}); x.Line.Missing != 4 {
		t.Errorf("OPEN cut after a capability's length: %d octets missing, want 4", x.Line.Missing)
	}
}

// An OPEN a log cut short is walked as far as its octets go: fixed
// fields, parameters, whole capabilities, and the cut one named.
func TestRound22CutOpenWalked(t *testing.T) {
	x := Line("BGP: 192.0.2.1 rcvd OPEN: ffffffffffffffffffffffffffffffff003101 04fde9005ac0a801021402120104000100010104000200014104", Options{})
	var names []string
	x.Messages[0].Walk(func(n *Node, _ int) { names = append(names, n.Name+"/"+n.Problem) })
	got := strings.Join(names, " ")
	for _, want := range []string{"hold_time/", "bgp_identifier/", "multiprotocol/", "capability/cut off by the log: its value is not in the entry"} {
		if !strings.Contains(got, want) {
			t.Errorf("cut OPEN: %s lacks %s", got, want)
		}
	}
}

// tcpdump -v's OPEN in words is rebuilt: fixed fields from the words,
// parameters and capabilities from their lines, values from -vvv's rows;
// a capability printed without rows (-vv) ends the octets, named.
func TestRound22TcpdumpOpen(t *testing.T) {
	const open = "\tOpen Message (1), length: 37\n\t  Version 4, my AS 64496, Holdtime 90s, ID 192.0.2.1\n\t  Optional parameters, length: 8\n\t    Option Capabilities Advertisement (2), length: 6\n\t      Multiprotocol Extensions (1), length: 4\n\t\tAFI IPv4 (1), SAFI Unicast (1)\n\t\t0x0000:  0001 0001"
	x := Line(open, Options{})
	if x.Hex != "ffffffffffffffffffffffffffffffff00250104fbf0005ac0000201080206010400010001" || len(x.Errors) > 0 {
		t.Errorf("tcpdump OPEN rebuilt as %s, errors %v", x.Hex, x.Errors)
	}
	// -v prints no rows: the MP capability's words give its value whole;
	// Graceful Restart's do not, and end the octets, named.
	if x = Line(open[:strings.LastIndex(open, "\n")], Options{}); x.Hex != "ffffffffffffffffffffffffffffffff00250104fbf0005ac0000201080206010400010001" {
		t.Errorf("-v OPEN rebuilt as %s", x.Hex)
	}
	gr := "\tOpen Message (1), length: 37\n\t  Version 4, my AS 64496, Holdtime 90s, ID 192.0.2.1\n\t  Optional parameters, length: 8\n\t    Option Capabilities Advertisement (2), length: 6\n\t      Graceful Restart (64), length: 4\n\t\tRestart Flags: [none], Restart Time 120s"
	says(t, gr, "printed these attributes in words only, so their octets are not in the entry: Graceful Restart (capability 64, 4 octets)")
	// The parameters alone, quoted without their OPEN, with BGPsec's
	// value in words (RFC 8205 §2.1).
	x = Line("Option Capabilities Advertisement (2), length: 5\n  BGPsec (7), length: 3\n    Version 0, Direction Receive (0), AFI IPv4 (1)", Options{})
	if x.Line.Start != StartParameters || x.Hex != "02050703000001" {
		t.Errorf("BGPsec parameter: start %s, %s", x.Line.Start, x.Hex)
	}
	var bs any
	x.Messages[0].Walk(func(n *Node, _ int) {
		if n.Name == "capability_value" {
			bs = n.Value
		}
	})
	if bs != "version 0, receive, IPv4" {
		t.Errorf("BGPsec value %v", bs)
	}
}

// tcpdump's attributes whose words give the value whole (ORIGIN, NEXT_HOP,
// MED, LOCAL_PREF) are rebuilt without rows, and the UPDATE's length line
// is said to count the whole message.
func TestRound22TcpdumpWordsValues(t *testing.T) {
	const upd = "        Update Message (2), length: 52\n          Origin (1), length: 1, Flags [T]: IGP\n          Next Hop (3), length: 4, Flags [T]: 192.0.2.1\n          Local Preference (5), length: 4, Flags [T]: 100"
	x := Line(upd, Options{})
	if x.Hex != "40010100400304c00002014005040000006"+"4" {
		t.Errorf("rebuilt %s", x.Hex)
	}
	says(t, upd, "counts the whole UPDATE, its 19-octet header included: the 18 octets of attributes rebuilt here are part of it; the other 11 octets")
}

// Scapy: hexdump()'s rows (16 octets run together, one space, the ASCII
// column) are read as a dump, and show()'s layers of KEEPALIVEs are
// rebuilt. A later message whose header the dump cuts is cut by the
// entry, not a Bad Message Length.
func TestRound22Scapy(t *testing.T) {
	rows := "0000  4500004E00010000400662A70C000001 E..N....@.b.....\n0010  0C00000200B3D4310000000000000000 .......1........\n0020  500220008BBE0000FFFFFFFFFFFFFFFF P. .............\n0030  FFFFFFFFFFFFFFFF001304FFFFFFFFFF ................\n0040  FFFFFFFFFFFFFFFFFFFFFF"
	x := Line(rows, Options{})
	if x.Line.Prefix != 40 || len(x.Errors) > 0 || len(x.Messages) != 3 || !strings.Contains(x.Messages[2].Problem, "cut off by the log: only 16 of the header's 19 octets") {
		t.Errorf("Scapy rows: prefix %d, errors %v, %d messages", x.Line.Prefix, x.Errors, len(x.Messages))
	}
	// IOS XR's rows of 8-digit groups are no Scapy rows.
	if _, o, _, _, ok := dumpRow("0x0000: FFFFFFFF FFFFFFFF"); ok && len(o) == 4 {
		t.Errorf("an 8-digit group read as a Scapy row")
	}
	show := "###[ KEEPALIVE ]###\n        marker    = 0xffffffffffffffffffffffffffffffffL\n        len       = 19\n        type      = KEEPALIVE\n###[ HEADER ]###\n           marker    = 0xffffffffffffffffffffffffffffffffL\n           len       = 19\n           type      = KEEPALIVE"
	if x = Line(show, Options{}); len(x.Messages) != 2 || x.Hex != strings.Repeat("ffffffffffffffffffffffffffffffff001304", 2) {
		t.Errorf("Scapy show(): %d messages, %s", len(x.Messages), x.Hex)
	}
}

// MRT lines hold no octets: after bgpdump's own stderr line they are not
// scanned for hex (AS 134922 is no octets), and the command is named.
func TestRound22MRTLinesNoHex(t *testing.T) {
	text := "2019-08-07 15:56:15 [info] logging to syslog\nBGP4MP_ET|1565157612.514822|A|192.0.2.1|64496|198.51.100.0/24|64496 134922 134922 134922|IGP|192.0.2.1|0|0||NAG||"
	x := Line(text, Options{})
	if x.Line.Present != 0 || len(x.Messages) != 1 {
		t.Errorf("%d octets read, %d messages", x.Line.Present, len(x.Messages))
	}
	says(t, text, "bgpdump BGP4MP_ET line: a route announced in an UPDATE", "loop")
	says(t, ">> bgpdump -m  updates.20190807.0600.bz2 | head", "the command that printed the MRT text: bgpdump -m")
}

// pbgp-parser's tree of a captured message is one entry, read in words:
// its MAC and addresses are no octets, and the lengths are checked to add
// up to the message's.
func TestRound22PbgpTree(t *testing.T) {
	tree := "[BGPMessage UPDATE] - 57 Bytes\n|- MAC: 02:42:c0:00:02:02 -> 02:42:c0:00:02:03\n|- IP: 192.0.2.2:46605 -> 192.0.2.3:179\n|\n|- Withdrawn Routes Length: 0 Bytes\n|- Total Path Attribute Length: 29 Bytes\n|- Prefix (NLRI):\n|--- 203.0.113.16/32\n|- Path Attributes:\n|--- ORIGIN: IGP"
	if es := Entries(tree); len(es) != 1 {
		t.Fatalf("%d entries, want the tree as one", len(es))
	}
	x := Line(tree, Options{})
	if x.Line.Present != 0 || len(x.Errors) > 0 {
		t.Errorf("octets %d, errors %v: the tree holds no octets", x.Line.Present, x.Errors)
	}
	says(t, tree, "+ 29 (path attributes) + 5 (NLRI, a length octet and the prefix's octets each) = 57")
	// A Markdown table's rule is no branch of the tree.
	if rePbgpTree.match(cased("|---|---|")) {
		t.Error("a table rule read as a tree branch")
	}
}
