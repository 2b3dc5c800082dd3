package explain

import (
	"github.com/bgplens/bgplens/capture"
	"strings"
	"testing"
)

// Lines of held-out round 3 (testdata/loglines/README.md), one per class
// of failure the reader had before the fixes they test.
const (
	antaReport  = "Apr 29 08:01:27 leaf1-dc1 Bgp: %BGP-3-NOTIFICATION: sent to neighbor 10.100.4.5 (VRF data AS 65102) 6/7 (Cease/connection collision resolution) 0 bytes <br> Apr 29 08:01:27 leaf1-dc1 Bgp: %BGP-3-NOTIFICATION: sent to neighbor 10.100.4.5 (VRF guest AS 65102) 6/7 (Cease/connection collision resolution) 0 bytes <br> Apr 29 08:01:29 leaf1-dc1 Bgp: %BGP-3-NOTIFICATION: received from neighbor 10.100.4.5 (VRF guest AS 65102) 6/7 (Cease/connection collision resolution) 0 bytes <br> <br>"
	keepalive23 = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0017 04 DEADBEEF   -> parsed as Keepalive, payload ignored"
	gobmpRoutes = "I1213 19:10:57.733789    3805 route.go:30] Routes Raw: [ 0x18, 0x64, 0x40, 0x00 ] Path ID flag: false"
	gobmpOpen   = "I0720 11:56:19.584833      44 bgp-open.go:95] BGPOpenMessage Raw: [ 0x00, 0x5F, 0x01, 0x04, 0x00, 0x02, 0x00, 0xB4, 0x02, 0x02, 0x02, 0x02, 0x42, 0x02, 0x06, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01, 0x02, 0x02, 0x80, 0x00, 0x02, 0x02, 0x02, 0x00, 0x02, 0x02, 0x46, 0x00, 0x02, 0x06, 0x41, 0x04, 0x00, 0x00, 0x00, 0x02, 0x02, 0x02, 0x06, 0x00, 0x02, 0x06, 0x45, 0x04, 0x00, 0x01, 0x01, 0x01, 0x02, 0x07, 0x49, 0x05, 0x03, 0x66, 0x72, 0x72, 0x00, 0x02, 0x04, 0x40, 0x02, 0x00, 0x78, 0x02, 0x09, 0x47, 0x07, 0x00, 0x01, 0x01, 0x80, 0x00, 0x00, 0x00 ]"
	gobmpHeader = "I0720 11:56:19.584099      44 common-header.go:25] BMP CommonHeader Raw: [ 0x03, 0x00, 0x00, 0x00, 0x20, 0x04 ]"
	iosAdjSent  = "Oct  7 09:21:00.342: %BGP-5-ADJCHANGE: neighbor 63.130.133.190 vpn vrf GN Down BGP Notification sent"
)

// An HTML line break (a web page's, a Markdown table cell's) ends a log
// line as a newline does.
func TestHTMLBreaksSplitEntries(t *testing.T) {
	es := Entries(antaReport)
	if len(es) != 3 {
		t.Fatalf("%d entries, want 3: %q", len(es), es)
	}
	for _, e := range es {
		if strings.Contains(strings.ToLower(e), "<br") {
			t.Errorf("break kept in %q", e)
		}
	}
	if es := Entries("Apr 29 08:01:27 a<BR/>Apr 29 08:01:28 b<br />Apr 29 08:01:29 c"); len(es) != 3 {
		t.Errorf("%q: %d entries, want 3", es, len(es))
	}
}

// A length the header check finds wrong is one problem, not one from the
// header check and one from the body's decoder.
func TestHeaderFaultOneProblem(t *testing.T) {
	for _, text := range []string{keepalive23, "ffffffffffffffffffffffffffffffff 0014 03 06"} {
		x := lineOf(text)
		if len(x.Errors) != 1 {
			t.Errorf("%s: %d problems, want 1: %+v", text, len(x.Errors), x.Errors)
		}
	}
}

// "Routes" names NLRI as "prefixes" does; NLRI printed alone lack the
// attributes the log left out, which is no fault of the sender.
func TestRoutesWordNamesNLRI(t *testing.T) {
	x := lineOf(gobmpRoutes)
	if x.Line.Start != StartNLRI || !hasValue(x, "prefix", "100.64.0.0/24") {
		t.Fatalf("start %s (%s), want the NLRI 100.64.0.0/24", x.Line.Start, x.Line.Why)
	}
	if len(x.Errors) > 0 || hasProblem(x, "Missing") {
		t.Errorf("problems for NLRI printed alone: %+v", x.Errors)
	}
	for _, s := range []string{"route-refresh", "route refresh", "routing"} {
		if namesRoutes(s) {
			t.Errorf("%q read as naming routes", s)
		}
	}
	for _, s := range []string{"routes raw:", "withdrawn routes", "route 18 64 40 00", "route"} {
		if !namesRoutes(s) {
			t.Errorf("%q not read as naming routes", s)
		}
	}
}

// A message printed from its length field on (the marker left out) is
// read as the message, offsets on the logged octets.
func TestMessageWithoutMarker(t *testing.T) {
	x := lineOf(gobmpOpen)
	if x.Line.Start != StartMessage || x.Line.Present != 79 {
		t.Fatalf("start %s, %d octets (%s), want the 79 octets of an OPEN without its marker", x.Line.Start, x.Line.Present, x.Line.Why)
	}
	if m := messageNode(x); m == nil || !strings.Contains(m.Label, "OPEN") || m.Off != 0 || m.Len != 79 {
		t.Fatalf("message node %+v", m)
	}
	if find(x, "marker") != nil {
		t.Error("a marker the log does not hold is in the tree")
	}
	if n := find(x, "bgp_identifier"); n == nil || n.Off != 8 || n.Hex != "02020202" {
		t.Errorf("bgp_identifier %+v, want offset 8 (02020202)", n)
	}
	checkCovered(t, x)
	if x := lineOf("KEEPALIVE Raw: [ 0x00, 0x13, 0x04 ]"); x.Line.Start != StartMessage || len(x.Errors) > 0 {
		t.Errorf("KEEPALIVE without marker: %s (%s) %+v", x.Line.Start, x.Line.Why, x.Errors)
	}
	if x := lineOf("KEEPALIVE Raw: [ 0x00, 0x14, 0x04 ]"); x.Line.Start == StartMessage {
		t.Error("a length that does not count the octets read as a message")
	}
}

// A BMP common header logged on a line of its own is read as BMP, the
// rest of the message counted as not in the entry.
func TestBMPHeaderLoggedAlone(t *testing.T) {
	x := lineOf(gobmpHeader)
	if x.Line.Start != StartBMP || x.Line.Missing != 26 || len(x.Errors) > 0 {
		t.Fatalf("start %s, missing %d, problems %+v (%s)", x.Line.Start, x.Line.Missing, x.Errors, x.Line.Why)
	}
	if !hasValue(x, "message_type", "4") || !hasValue(x, "message_length", "32") {
		t.Error("common header fields not read")
	}
	if x := lineOf("CommonHeader Raw: [ 0x03, 0x00, 0x00, 0x00, 0x20, 0x04 ]"); x.Line.Start == StartBMP {
		t.Error("read as BMP with no word naming BMP")
	}
}

// An entry reporting a NOTIFICATION without its code says so.
func TestNotificationEventWithoutCode(t *testing.T) {
	for text, want := range map[string]string{
		iosAdjSent: "NOTIFICATION was sent",
		"*Dec  3 02:09:00.815: %BGP_SESSION-5-ADJCHANGE: neighbor 10.12.1.2 IPv4 Unicast\ntopology base removed from session  BGP Notification receivedrouter bgp 65400": "NOTIFICATION was received",
	} {
		x := lineOf(text)
		if x.Line.Start != StartUnknown || !strings.Contains(x.Line.Why, want) {
			t.Errorf("%s: start %s, why %q", text, x.Line.Start, x.Line.Why)
		}
	}
}

// An unnumbered session's neighbour is the interface FRR names.
func TestInterfaceNeighbor(t *testing.T) {
	for text, want := range map[string]string{
		"2021/10/02 07:36:34 BGP: [V1CHF-JSGRR] %NOTIFICATION: received from neighbor ipb1 6/3 (Cease/Peer Unconfigured) 0 bytes <<<< BGP Cease message got": "ipb1",
		"%NOTIFICATION: sent to neighbor swp51(spine01) 6/2 (Cease/Administrative Shutdown) 0 bytes":                                                         "swp51",
		"%NOTIFICATION: sent to neighbor 192.0.2.1 6/2 (Cease/Administrative Shutdown) 0 bytes":                                                              "192.0.2.1",
		"%ADJCHANGE: neighbor changed state to Idle":                                                                                                         "",
	} {
		if got := lineOf(text).Line.Neighbor; got != want {
			t.Errorf("%s: neighbor %q, want %q", text, got, want)
		}
	}
}

// A NOTIFICATION whose code no RFC assigns is diagnosed as the sender's
// bug, not passed over with "no more specific advice".
func TestUnassignedCodeDiagnosis(t *testing.T) {
	for _, text := range []string{"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF FF 0015 03 00 00", "ffffffffffffffffffffffffffffffff 0015 03 0b 01"} {
		x := Decode(text, Options{})[0]
		if len(x.Diagnosis) == 0 || !strings.Contains(x.Diagnosis[0], "not assigned") {
			t.Errorf("%s: diagnosis %q", text, x.Diagnosis)
		}
	}
}

// Octets printed as a byte string with escapes (Python, Go %q), as base64
// in a JSON bytes field, or logged over lines rsyslog joined with #012.
func TestEncodedOctets(t *testing.T) {
	for text, want := range map[string]struct {
		start   string
		present int
	}{
		`notification received: b'\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x15\x03\x06\x02'`:                  {StartMessage, 21},
		`msg="sent notification" raw="\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x13\x04"`:                      {StartMessage, 19},
		`{"msg":"received notification","code":6,"subcode":2,"data":"C21haW50ZW5hbmNl"}`:                                                  {StartData, 12},
		`{"Code":2,"Data":"/+g=","Key":"10.0.0.1","Subcode":2,"Topic":"Peer","level":"warning","msg":"sent notification"}`:                {StartData, 2},
		"r1 bgpd[12]: %NOTIFICATION: sent to neighbor 192.0.2.1 3/1 (UPDATE Message Error/Malformed Attribute List) 3 bytes#012 40 01 02": {StartData, 3},
	} {
		for _, x := range []*Explanation{lineOf(text), Decode(text, Options{})[0]} {
			if x.Line.Start != want.start || x.Line.Present != want.present {
				t.Errorf("%s: %s, %d octets (%s), want %s, %d", text, x.Line.Start, x.Line.Present, x.Line.Why, want.start, want.present)
			}
		}
	}
	for _, s := range []string{`"C:\xff path"`, `"this is a message with utf8 \xf0\x9f\x92\xa9"`} {
		if b, ok := unescapeBytes(s); ok {
			t.Errorf("%s read as octets: %x", s, b)
		}
	}
	if runs := encodedRuns(`{"data":"ffff0015"}`); len(runs) != 0 {
		t.Errorf("hex in a data field read as base64: %+v", runs)
	}
	if runs := encodedRuns(`{"data":"abcde"}`); len(runs) != 0 {
		t.Errorf("a length base64 cannot have read as base64: %+v", runs)
	}
}

// A frame or packet pasted whole as hex (Wireshark's Copy as Hex Stream or
// as C Arrays on the frame) has its BGP message found after the Ethernet,
// IP and TCP headers; Follow TCP Stream's C arrays end with "};".
func TestPacketPastedWhole(t *testing.T) {
	frame := "ffffffffffff00000000000008004500003d0001000040067cb87f0000017f000001001400b300000000000000005002200083e90000ffffffffffffffffffffffffffffffff001503060a"
	var arr strings.Builder
	arr.WriteString("static const unsigned char pkt12[75] = {\n")
	for i := 0; i < len(frame); i += 2 {
		arr.WriteString("0x" + frame[i:i+2])
		if i+2 < len(frame) {
			arr.WriteString(", ")
		}
		if i%16 == 14 {
			arr.WriteString("\n")
		}
	}
	arr.WriteString(" };")
	for name, text := range map[string]string{"stream": frame, "frame array": arr.String(), "packet from IP": frame[28:]} {
		x := Decode(text, Options{})
		if len(x) != 1 || x[0].Line.Start != StartMessage || x[0].Line.Prefix != 54-14*boolInt(name == "packet from IP") {
			t.Errorf("%s: %d entries, %s, prefix %d (%s)", name, len(x), x[0].Line.Start, x[0].Line.Prefix, x[0].Line.Why)
		}
	}
	payload := "char peer0_3[] = { /* Packet 12 */\n0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \n0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \n0x00, 0x15, 0x03, 0x06, 0x04 };"
	if x := Decode(payload, Options{}); len(x) != 1 || x[0].Line.Present != 21 {
		t.Errorf("C array of a TCP payload: %d entries, %d octets", len(x), x[0].Line.Present)
	}
	if _, ok := capture.TCPPayload([]byte{0x00, 0x01, 0x02}); ok {
		t.Error("three octets read as a packet")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Text copied from a web page or a chat keeps no-break and zero-width
// spaces, HTML entities and Markdown code fences: none of them is part of
// the log.
func TestWebPasteCharacters(t *testing.T) {
	for text, want := range map[string]int{
		"Jul  4 13:47:13 r1 bgpd[1]: %NOTIFICATION: sent to neighbor 192.168.12.1 2/2 (OPEN Message Error/Bad Peer AS) 2 bytes fd\u00a0e8":           2,
		"Jul  4 13:47:13 r1 bgpd[1]: %NOTIFICATION: sent to neighbor 192.168.12.1 2/2 (OPEN Message Error/Bad Peer AS) 2 bytes fd&nbsp;e8":           2,
		"FFFF\u200bFFFF FFFF FFFF FFFF FFFF FFFF FFFF 0015 0306 04":                                                                                  21,
		"\ufeffffffffffffffffffffffffffffffffff001503060a":                                                                                           21,
		"```\n2017/01/25 03:57:23 BGP: %NOTIFICATION: received from neighbor fc01::2 6/2 (Cease/Administratively Shutdown) 4 bytes 74 65 73 74\n```": 4,
		"&gt; 2017/01/25 03:57:23 BGP: %NOTIFICATION: received from neighbor fc01::2 6/2 (Cease/Administratively Shutdown) 4 bytes 74 65 73 74":      4,
	} {
		xs := Decode(text, Options{})
		if len(xs) != 1 || xs[0].Line.Present != want {
			got := -1
			if len(xs) > 0 {
				got = xs[0].Line.Present
			}
			t.Errorf("%q: %d entries, %d octets, want 1 entry of %d", text, len(xs), got, want)
		}
	}
}

// A log line carried inside a JSON record (Docker's json-file log,
// Kubernetes, Loki) has its newlines and tabs escaped: the octets after an
// escaped newline are still the entry's.
func TestJSONRecordEscapes(t *testing.T) {
	text := `{"log":"%NOTIFICATION: sent to neighbor 10.0.0.1 3/1 (UPDATE Message Error/Malformed Attribute List) 3 bytes\n\t40 01 02","stream":"stdout"}`
	xs := Decode(text, Options{})
	if len(xs) != 1 || xs[0].Line.Present != 3 || xs[0].Line.Start != StartData {
		t.Fatalf("%d entries, %+v", len(xs), xs[0].Line)
	}
	if got := jsonRecordText(`{"a":"x\\y \"q\" \u0041"}`); got != `{"a":"x\y "q" A"}` {
		t.Errorf("unescaped %q", got)
	}
	if got := jsonRecordText(`not json \n`); got != `not json \n` {
		t.Errorf("text that is no JSON changed: %q", got)
	}
}

// A terminal session's bare prompts and Junos's "{master}" are no entries.
func TestPromptLinesAreNoEntries(t *testing.T) {
	text := "Feb 17 02:41:54  GW rpd[2342]: bgp_read_v4_update: NOTIFICATION received from 10.1.1.1 (External AS 9999): code 4 (Hold Timer Expired Error)\n\n{master}\nuser@mx1>\n[edit]\nRP/0/RSP0/CPU0:pe1#"
	if es := Entries(text); len(es) != 1 {
		t.Errorf("%d entries, want 1: %q", len(es), es)
	}
}

// hexdump without -C and od -x print 16-bit words in the host's
// little-endian order, od's offsets in octal: the octets are swapped back
// when only the swapped header makes sense.
func TestLittleEndianWordDumps(t *testing.T) {
	for text, want := range map[string][3]int{
		"0000000 ffff ffff ffff ffff ffff ffff ffff ffff\n0000010 1500 0603 000a                         \n0000015\n":                              {6, 10, 21},
		"0000000 ffff ffff ffff ffff ffff ffff ffff ffff\n0000020 2800 0603 1202 616d 6e69 6574 616e 636e\n0000040 2065 6977 646e 776f\n0000050\n": {6, 2, 40},
	} {
		x := Decode(text, Options{})[0]
		code, sub := codeOf(x)
		if code != want[0] || sub != want[1] || x.Line.Present != want[2] || len(x.Errors) > 0 {
			t.Errorf("%q: %d/%d, %d octets, %+v; want %v", text, code, sub, x.Line.Present, x.Errors, want)
		}
	}
	if _, ok := wordSwapped([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 20, 3, 6}); ok {
		t.Error("a dump in wire order swapped")
	}
}

// OpenBGPD names errors its own way ("Cease, administratively down",
// bgpd/log.h); a subcode it names is that subcode, not 0. Send Hold Timer
// Expired is not Hold Timer Expired, whose name it holds.
func TestOpenBGPDNames(t *testing.T) {
	for words, want := range map[string][2]int{
		"received notification: Cease, administratively down":                                           {6, 2},
		"sent notification: Cease, administratively down: reason \"maintenance\"":                       {6, 2},
		"received notification: Cease, received max-prefix exceeded":                                    {6, 1},
		"received notification: Cease, other config change":                                             {6, 6},
		"received notification: Cease, collision":                                                       {6, 7},
		"received notification: Cease, resource exhaustion":                                             {6, 8},
		"sent notification: error in UPDATE message, attribute length wrong":                            {3, 5},
		"sent notification: error in UPDATE message, nexthop unacceptable":                              {3, 8},
		"sent notification: error in OPEN message, AS unacceptable":                                     {2, 2},
		"sent notification: error in OPEN message, BGPID invalid":                                       {2, 3},
		"received notification: Header error, wrong length":                                             {1, 2},
		"received notification: Finite State Machine error, received unexpected message in OpenConfirm": {5, 2},
		"received notification: error in ROUTE-REFRESH message, invalid message length":                 {7, 1},
		"bgp_send: NOTIFICATION sent to 192.0.2.1: Send Hold Timer Expired":                             {8, 0},
	} {
		x := lineOf("bgpd[4242]: neighbor 192.0.2.1 (peer1): " + words)
		if code, sub := codeOf(x); code != want[0] || sub != want[1] {
			t.Errorf("%s: %d/%d, want %d/%d", words, code, sub, want[0], want[1])
		}
	}
	// Its plainer names say other things in other logs: without a
	// notification in the entry, no error.
	for _, line := range []string{
		"%LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to administratively down",
		"kernel: eth0: loop detected on port 3",
	} {
		if code, sub := codeOf(lineOf(line)); code >= 0 {
			t.Errorf("%s: read as %d/%d", line, code, sub)
		}
	}
}

// BIRD names errors from its own table (proto/bgp/packets.c
// bgp_msg_table); each of its names gives its code and subcode.
func TestBIRDNames(t *testing.T) {
	for name, want := range map[string][2]int{
		"Required capability missing": {2, 7}, "Invalid attribute length": {3, 5}, "Missing mandatory attribute": {3, 3},
		"AS routing loop": {3, 7}, "Invalid UPDATE message": {3, 0}, "Invalid OPEN message": {2, 0},
		"Invalid message header": {1, 0}, "BFD session down": {6, 10}, "Invalid attribute flags": {3, 4},
		"Authentication failure": {2, 5}, "Invalid ROUTE-REFRESH message length": {7, 1}, "Invalid ROUTE-REFRESH message": {7, 0},
	} {
		x := lineOf("2024-01-01 10:00:00 <ERR> bgp1: Received: " + name)
		if code, sub := codeOf(x); code != want[0] || sub != want[1] {
			t.Errorf("%s: %d/%d, want %d/%d", name, code, sub, want[0], want[1])
		}
	}
}

// IOS cuts a long message into syslog records marked "**MSG n
// TRUNCATED**" and "**MSG n CONTINUATION #k**", mid-word: the pieces
// join into the one dump (the form is exabgp#1039's).
func TestIOSTruncatedContinuation(t *testing.T) {
	text := "*Jul 18 02:32:53.442: %BGP-6-MSGDUMP_LIMIT: unsupported or mal-formatted message received from 192.168.2.45:\n" +
		"FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 002F 0200 0000 1440 0101 0040 0206 0201\n" +
		"0000 FD**MSG 00003 TRUNCATED**\n**MSG 00003 CONTINUATION #01**E8 4003 04C0 A800 0118 0A00 01"
	xs := Decode(text, Options{})
	if len(xs) != 1 || xs[0].Line.Present != 47 || len(xs[0].Errors) > 0 || !hasValue(xs[0], "prefix", "10.0.1.0/24") {
		t.Fatalf("%d entries, %+v, %+v", len(xs), xs[0].Line, xs[0].Errors)
	}
}
