package explain

import (
	"bytes"
	"strings"
	"testing"
)

// The attribute header both word forms are rebuilt with (tcpdump -v's
// lines, ExaBGP's parser lines) is one: a one-octet length, or two with
// Extended Length; the same attribute in either form gives the same
// octets.
func TestAppendAttr(t *testing.T) {
	if got, want := appendAttr([]byte{9}, 0x40, 1, []byte{2}), []byte{9, 0x40, 1, 1, 2}; !bytes.Equal(got, want) {
		t.Errorf("short form % x, want % x", got, want)
	}
	long := bytes.Repeat([]byte{7}, 300)
	if got := appendAttr(nil, 0x90, 14, long); !bytes.Equal(got[:4], []byte{0x90, 14, 1, 44}) || len(got) != 304 {
		t.Errorf("extended form % x..., %d octets, want 90 0e 01 2c..., 304", got[:4], len(got))
	}
	exa, ok := exaParserRun("parser | attribute mp-reach-nlri flag 0x90 type 0x0e len 0x07 payload 0001 0100 0000 00")
	if !ok {
		t.Fatal("ExaBGP line not read")
	}
	td, _, ok := tcpdumpAttrs("\t  Multi-Protocol Reach NLRI (14), length: 7, Flags [OE]: \n\t    0x0000:  0001 0100 0000 00")
	if !ok || !bytes.Equal(exa.Octets, td.Octets) {
		t.Errorf("ExaBGP % x, tcpdump % x (read %v): want the same attribute", exa.Octets, td.Octets, ok)
	}
}

// tcpdump -vvv prints an attribute's value in words before its rows
// (print-bgp.c: MP_REACH_NLRI's family and next hop, "no Attribute N
// decoder"): the rows after those lines are still the attribute's.
// Output of tcpdump 4.99.3 -nn -vvv on testdata/tcpdump/tests/
// bgp-rt-prefix.pcap and bgp-role.pcapng.
func TestTcpdumpRowsAfterWords(t *testing.T) {
	for _, c := range []struct {
		name, text string
		last       []byte // the attribute whose rows follow its words
	}{
		{"bgp-rt-prefix", "\tUpdate Message (2), length: 58\n" +
			"\t  Origin (1), length: 1, Flags [T]: EGP\n" +
			"\t    0x0000:  01\n" +
			"\t  AS Path (2), length: 4, Flags [T]: 200 \n" +
			"\t    0x0000:  0201 00c8\n" +
			"\t  Next Hop (3), length: 4, Flags [T]: 0.0.0.0\n" +
			"\t    0x0000:  0000 0000\n" +
			"\t  Multi-Protocol Reach NLRI (14), length: 14, Flags [O]: \n" +
			"\t    AFI: IPv4 (1), vendor specific SAFI: Route Target Routing Information (132)\n" +
			"\t    nexthop: 1.0.0.2, nh-length: 4, no SNPA\n" +
			"\t      origin AS: 22, route-target: 0:0/0\n" +
			"\t    0x0000:  0001 8404 0100 0002 0020 0000 0016\n",
			[]byte{0x80, 14, 14, 0, 1, 0x84, 4, 1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0x16}},
		{"bgp-role", "\tUpdate Message (2), length: 62\n" +
			"\t  Origin (1), length: 1, Flags [T]: Incomplete\n" +
			"\t    0x0000:  02\n" +
			"\t  AS Path (2), length: 6, Flags [TE]: 65001 \n" +
			"\t    0x0000:  0201 0000 fde9\n" +
			"\t  Next Hop (3), length: 4, Flags [T]: 192.168.10.124\n" +
			"\t    0x0000:  c0a8 0a7c\n" +
			"\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 0\n" +
			"\t    0x0000:  0000 0000\n" +
			"\t  Unknown Attribute (35), length: 4, Flags [OT]: \n" +
			"\t    no Attribute 35 decoder\n" +
			"\t    0x0000:  0000 fde9\n" +
			"\t  Updated routes:\n" +
			"\t    10.0.2.0/24\n",
			[]byte{0xc0, 35, 4, 0, 0, 0xfd, 0xe9}},
	} {
		r, words, ok := tcpdumpAttrs(c.text)
		if !ok || len(words) > 0 || !bytes.HasSuffix(r.Octets, c.last) {
			t.Errorf("%s: read %v, words only %q, octets % x; want them to end % x", c.name, ok, words, r.Octets, c.last)
		}
		x := Line(c.text, Options{})
		if x.Line.Start != StartAttributes || x.Line.Present != len(r.Octets) || strings.Contains(strings.Join(x.Line.Evidence, " "), "words only") {
			t.Errorf("%s: start %q, %d octets, evidence %q", c.name, x.Line.Start, x.Line.Present, x.Line.Evidence)
		}
	}
}

// print-bgp.c prints no ", Flags [...]:" when the flags are 0 (the
// attribute's type and value follow at once): such an attribute is read
// with flags 0, which for a well-known one is an Attribute Flags Error
// (3/4). Lines without flags in an OPEN are capabilities, not attributes.
// The UPDATE is tcpdump 4.99.3 -nn -vvv on testdata/tcpdump/tests/
// bgp-ub.pcap (a fuzzed capture), the OPEN on bgp-4byte-asn.pcap.
func TestTcpdumpFlagsZero(t *testing.T) {
	ub := "\tUpdate Message (2), length: 172\n" +
		"\t  Origin (1), length: 1, Flags [T]: Incomplete\n" +
		"\t    0x0000:  02\n" +
		"\t  AS Path (2), length: 4, Flags [T]: 64520 \n" +
		"\t    0x0000:  0201 fc08\n" +
		"\t  Multi Exit Discriminator (4), length: 4, Flags [O]: 131\n" +
		"\t    0x0000:  0000 0083\n" +
		"\t  Unknown Attribute (113), length: 16, Flags [T]: \n" +
		"\t    no Attribute 113 decoder\n" +
		"\t    0x0000:  ffff ffff ffff ffff ffff ffff ffff ffff\n" +
		"\t  Unknown Attribute (75), length: 2\n" +
		"\t    no Attribute 75 decoder\n" +
		"\t    0x0000:  0000\n" +
		"\t  Unknown Attribute (47), length: 64\n" +
		"\t    no Attribute 47 decoder\n" +
		"\t    0x0000:  0101 0040 0206 0201 0001 0000 4003 04c0\n" +
		"\t    0x0010:  0002 02c0 2018 0001 0000 0000 0001 0000\n" +
		"\t    0x0020:  0001 0001 0000 0000 0001 0000 0002 20cb\n" +
		"\t    0x0030:  0071 0cff ffff ffff ffff ffff ffff ffff\n"
	r, words, ok := tcpdumpAttrs(ub)
	if !ok || len(words) > 0 || len(r.Octets) != 4+7+7+19+5+67 || !bytes.Contains(r.Octets, []byte{0, 75, 2, 0, 0, 0, 47, 64, 1, 1}) {
		t.Errorf("bgp-ub: read %v, words only %q, octets % x", ok, words, r.Octets)
	}
	x := Line("\tUpdate Message (2), length: 39\n\t  Origin (1), length: 1IGP\n\t    0x0000:  00\n"+
		"\t  AS Path (2), length: 0, Flags [T]: empty\n\t  Next Hop (3), length: 4, Flags [T]: 192.0.2.2\n\t    0x0000:  c000 0202", Options{})
	flagged := false
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) {
			flagged = flagged || n.Name == "attribute_flags" && n.Value == "0x00" && n.Problem != ""
		})
	}
	if x.Line.Present != 14 || !flagged {
		t.Errorf("ORIGIN with flags 0: %d octets, flags 0x00 found wrong %v; want 14, true", x.Line.Present, flagged)
	}
	open := "\tOpen Message (1), length: 43\n" +
		"\t  Version 4, my AS 200, Holdtime 180s, ID 0.0.2.1\n" +
		"\t  Optional parameters, length: 14\n" +
		"\t    Option Capabilities Advertisement (2), length: 12\n" +
		"\t      Multiprotocol Extensions (1), length: 4\n" +
		"\t\tAFI IPv4 (1), SAFI Unicast (1)\n" +
		"\t\t0x0000:  0001 0001\n" +
		"\t      Multiple Paths (69), length: 4\n" +
		"\t\tAFI IPv4 (1), SAFI Unicast (1), Send/Receive: Receive\n" +
		"\t\t0x0000:  0001 0101\n"
	if _, _, ok := tcpdumpAttrs(open); ok {
		t.Error("an OPEN's capability lines read as path attributes")
	}
}
