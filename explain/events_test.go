package explain

import (
	"strings"
	"testing"
)

// Entries about no NOTIFICATION say, in the diagnosis, what their words
// report happened; before, each was "no octets found" and nothing else.
func TestSessionEventsDiagnosed(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"<172>2020-03-31T08:41:59+00:00 r rpd[13037]: bgp_recv: read from peer fd00:1065::1 (External AS 65500) failed: Connection reset by peer", "without a NOTIFICATION"},
		{"ASR1002:       Apr 25 00:28:13.085: %BGP-5-NBR_RESET: Neighbor xx reset (Peer closed the session)", "without a NOTIFICATION"},
		{`"VR 11: Group G: Peer 10.158.60.200: moved from higher state OPENSENT to lower state IDLE due to event TCP SOCKET ERROR"`, "TcpConnectionFails"},
		{"*Aug 23 00:47:38.130: %TCP-6-BADAUTH: Invalid MD5 digest from 2.2.2.2(54006) to 1.1.1.1(179) tableid - 0", "RFC 2385"},
		{"*Aug 23 00:48:07.911: BGP: ses global 2.2.2.2 (0x7161E623E350:0) act Reset (Active open failed).", "could not be opened"},
		{"<189>Jan 20 10:00:00 router1 %BGP-5-ADJCHANGE: neighbor 1.2.3.4 vpn vrf BLUE Down Admin. shutdown", "(6/2)"},
		{"<13>Dec 14 12:08:59 H Bgp: %BGP-5-ADJCHANGE: peer 192.0.2.2 (VRF default AS 12345) old state Established event AdminReset new state Idle", "(6/4)"},
		{"2023/05/31 22:36:13 BGP: [P3GYW-PBKQG][EC 33554466] 2602:fe69:206::1 [FSM] unexpected packet received in state OpenSent", "5/1 in OpenSent"},
		{"RP/0/RSP1/CPU0:Mar 28 15:08:30.941 UTC: bgp[1051]: %ROUTING-BGP-5-MAXPFX : No. of IPv4 Unicast prefixes received from 1.2.3.4 has reached 94106, max 125000", "warning only"},
		{`%ROUTING-BGP-5-UPDATE_FILTERED : One or more attributes were filtered from UPDATE message received from neighbor 192.0.2.1 - message length 173 bytes, action taken "DiscardAttr".`, "attribute discard"},
		{"2019/01/23 07:00:16.078 warnings: BGP: 64.XXX.XXX.XXX: Attribute VNC, parse error", "RFC 7606 §7"},
		{"Nov 18 06:59:21 gnlb exabgp[881]: ka-outgoing-5 receive-timer 16 second(s) left", "Hold Timer Expired (4/0"},
		{"Apr 15 20:45:06 exit1-debian-9 bgpd[9818]: 192.168.0.2 [Error] Error parsing NLRI", "RFC 7606 §5.3"},
		{"2024-09-24 04:30:19.276 [DEBG] bgpd: [ZWCSR-M7FG9] 10.0.0.2 [FSM] BGP_Stop (Established->Clearing), fd 26", "BGP_Stop"},
		{"2023-02-16T23:56:35.568477 | INFO     | parseUnReachNlriAttr | 10.178.250.216: End-Of-RIB marker (mp_unreach len=0)", "RFC 4724"},
		{".Jul 11 15:31:34 EDT:%BGP-3-MAXPFXEXCEED:No. of prefix received from\n209.165.200.226 (afi 0):16444 exceed limit 375", "passed the configured maximum"},
		{"2023-02-16T23:56:30.524375 | NOTICE   | parsePeerUpInfo    | Peer info message type 0 is not implemented", "RFC 7854 §4.4"},
		{"2025-09-11T18:17:57.076081Z  WARN bgpkit_parser::parser::bgp::messages: BGP message length 87 does not match the actual length 158", "two OPENs"},
		{"2016-07-26T20:07:14.960844 | WARN     | parseOpenMsg       | 172.xx.xx.xx: Could not read capabilities in open message due to buffer not containing the full param length", "Opt Parm Len"},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code >= 0 {
			t.Errorf("%q: code %d/%d, want none", c.text, x.Line.Code, x.Line.Subcode)
		}
		if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, c.want) {
			t.Errorf("%q: diagnosis %q, want %q in it", c.text, d, c.want)
		}
	}
}

// An event reported beside a NOTIFICATION's error goes among the
// evidence, and the UPDATE's length IOS XR states is not data the log
// cut: the diagnosis does not say "printed only part of the data".
func TestEventBesideError(t *testing.T) {
	text := "%ROUTING-BGP-3-MALFORM_UPDATE : Malformed UPDATE message received from neighbor 192.0.2.1\n- message length 90 bytes,\n" +
		"error flags 0x00000840, action taken \"TreatAsWithdraw\".\nError details: \"Error 0x00000800, Field \"Attr-missing\", Attribute 1 (Flags 0x00, Length 0), Data []\""
	x := Line(text, Options{})
	if x.Line.Code != 3 || x.Line.Subcode != 3 {
		t.Fatalf("code %d/%d, want 3/3", x.Line.Code, x.Line.Subcode)
	}
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "treat-as-withdraw") {
		t.Errorf("evidence %q lacks the treat-as-withdraw action", x.Line.Evidence)
	}
	if d := strings.Join(x.Diagnosis, " "); strings.Contains(d, "only part of the data") {
		t.Errorf("diagnosis %q calls the UPDATE's length cut data", d)
	}
	if x.Line.LengthOf != "UPDATE" {
		t.Errorf("stated length of %q, want UPDATE", x.Line.LengthOf)
	}
}

// FRR's adjacency line says "Notification send": a NOTIFICATION sent.
func TestNotificationSend(t *testing.T) {
	x := Line("2023/05/31 22:36:10 BGP: [PXVXG-TFNNT] %ADJCHANGE: neighbor 2602:fe69:206::1(Unknown) in vrf default Down BGP Notification send", Options{})
	if !strings.Contains(x.Line.Why, "NOTIFICATION was sent") {
		t.Errorf("why %q", x.Line.Why)
	}
}

// Words the vendors use beyond the registry: IOS debug's "bad OPEN,
// remote AS is N, expected M" is Bad Peer AS, FRR's "VNC" attribute is
// type 255; a code read from a name says so.
func TestVendorNamesBeyondRegistry(t *testing.T) {
	x := Line("*Aug 23 00:45:12.079: BGP: 10.0.12.2 passive bad OPEN, remote AS is 65002, expected 65003  ", Options{})
	if x.Line.Code != 2 || x.Line.Subcode != 2 || !x.Line.FromWords {
		t.Errorf("bad OPEN: code %d/%d from words %v, want 2/2 from words", x.Line.Code, x.Line.Subcode, x.Line.FromWords)
	}
	x = Line("2019/01/23 07:00:16.078 warnings: BGP: 64.XXX.XXX.XXX: Attribute VNC, parse error", Options{})
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "VNC (type 255)") {
		t.Errorf("VNC: evidence %q", x.Line.Evidence)
	}
}

// A prefix-limit entry's family, limit and count in words fill the data
// node that said "no AFI/SAFI or limit given".
func TestLimitWords(t *testing.T) {
	x := Line("<28>Jul 20 21:41:37 vmx01 rpd[2965]: BGP_PREFIX_LIMIT_EXCEEDED: 192.168.140.254 (External AS 65001): Configured maximum prefix-limit(27) exceeded for inet-unicast nlri: 28 (instance master)", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 1 || len(x.Messages) == 0 {
		t.Fatalf("code %d/%d", x.Line.Code, x.Line.Subcode)
	}
	for _, w := range []string{"AFI 1", "SAFI 1", "limit 27", "28 prefixes received"} {
		if !strings.Contains(x.Messages[0].Meaning, w) {
			t.Errorf("data node %q lacks %q", x.Messages[0].Meaning, w)
		}
	}
}

// An OPEN from a reserved or special AS says so; AS 0 stays the problem
// bgp's check finds (RFC 7607 §2).
func TestSpecialAS(t *testing.T) {
	open := func(as string) *Node {
		x := Line("ffffffffffffffffffffffffffffffff 001d 01 04 "+as+" 00b4 0a000001 00", Options{})
		var asn *Node
		for _, m := range x.Messages {
			m.Walk(func(n *Node, _ int) {
				if n.Name == "my_autonomous_system" {
					asn = n
				}
			})
		}
		if asn == nil {
			t.Fatalf("AS %s: no my_autonomous_system node", as)
		}
		return asn
	}
	if n := open("ffff"); !strings.Contains(n.Meaning, "RFC 7300") {
		t.Errorf("65535: %q", n.Meaning)
	}
	if n := open("fc00"); !strings.Contains(n.Meaning, "RFC 6996") {
		t.Errorf("64512: %q", n.Meaning)
	}
	if n := open("0000"); !strings.Contains(n.Problem, "zero") {
		t.Errorf("AS 0: problem %q", n.Problem)
	}
	if n := open("1d4c"); n.Problem != "" || strings.Contains(n.Meaning, "RFC") {
		t.Errorf("7500 is plain: %q %q", n.Meaning, n.Problem)
	}
}

// A daemon's function name that parses an attribute names it (FRR's
// "bgp_mp_reach_parse"); IOS debug's AS numbers in words are evidence;
// an entry that ends where its octets should follow says they are not
// there.
func TestWordsAroundMissingOctets(t *testing.T) {
	x := Line("Sep 27 19:19:45 r bgpd[16943]: bgp_mp_reach_parse: (2001:XX00:100::30:XXX) Failed to read NLRI", Options{})
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "MP_REACH_NLRI (type 14) in bgp_mp_reach_parse") {
		t.Errorf("mp_reach: evidence %q", x.Line.Evidence)
	}
	x = Line("*Aug 23 00:45:12.079: BGP: 10.0.12.2 passive bad OPEN, remote AS is 65002, expected 65003", Options{})
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "AS 65002 where AS 65003") {
		t.Errorf("remote AS: evidence %q", x.Line.Evidence)
	}
	x = Line("*Aug 23 00:45:12.079: %BGP-4-MSGDUMP: unsupported or mal-formatted message received from 10.0.12.2: ", Options{})
	if !strings.Contains(x.Line.Why, "none do") {
		t.Errorf("empty dump: why %q", x.Line.Why)
	}
}

// More spellings of what the reader knew: an OPEN's fields in a debug
// line with blanks, not "=" (FRR, IOS with its hex router ID); an error's
// name written as one token (GoBGP's "Reason=hold-timer-expired"); a
// Cease with subcode 0 is diagnosed, not left to "no more advice".
func TestMoreSpellings(t *testing.T) {
	for _, c := range []struct{ text, as, id string }{
		{"100::2 sending OPEN, version 4, my as 53, holdtime 30, id 1.1.1.53", "53", "1.1.1.53"},
		{"*Aug 23 00:49:41.322: BGP: 10.0.12.2 active sending OPEN, version 4, my as: 65001, holdtime 180 seconds, ID 1010101", "65001", "1.1.1.1"},
	} {
		x := Line(c.text, Options{})
		if !hasValue(x, "my_autonomous_system", c.as) || !hasValue(x, "bgp_identifier", c.id) {
			t.Errorf("%q: OPEN in words not read (AS %s, ID %s)", c.text, c.as, c.id)
		}
	}
	x := Line(`2024-04-24T17:22:12.931Z time="2024-04-24T17:22:11Z" level=info msg="Peer Down" Key=240.64.112.200 Reason=hold-timer-expired State=BGP_FSM_ESTABLISHED Topic=Peer`, Options{})
	if x.Line.Code != 4 || x.Line.Subcode != 0 {
		t.Errorf("hold-timer-expired: code %d/%d, want 4/0", x.Line.Code, x.Line.Subcode)
	}
	x = Line("2023/09/11 04:03:10 BGP: [HZN6M-XRM1G] %NOTIFICATION: received from neighbor 2a06:8185:1::2 6/0 (Cease/Unspecific) 0 bytes", Options{})
	if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, "without a subcode") {
		t.Errorf("6/0: diagnosis %q", d)
	}
}

// tcpdump -v's attribute lines, each with its value's own rows, are
// rebuilt into the attributes; the rows read as one dump were taken for
// a NOTIFICATION 2/1.
func TestTcpdumpAttributeLines(t *testing.T) {
	text := "\tUpdate Message (2), length: 62\n\t  Origin (1), length: 1, Flags [T]: IGP\n\t    0x0000:  00\n" +
		"\t  AS Path (2), length: 6, Flags [T]: 15562\n\t    0x0000:  0201 0000 3cca\n" +
		"\t  Next Hop (3), length: 4, Flags [T]: 83.231.213.230\n\t    0x0000:  53e7 d5e6\n" +
		"\t  Large Community (30), length: 12, Flags [OT]:\n\t    15562:1:1\n\t  Updated routes:\n\t    192.147.168.0/24"
	x := Line(text, Options{})
	if x.Line.Start != StartAttributes || x.Line.Present != 20 || x.Line.Code >= 0 {
		t.Fatalf("start %q, %d octets, code %d: want attributes, 20, none", x.Line.Start, x.Line.Present, x.Line.Code)
	}
	if !hasValue(x, "next_hop", "83.231.213.230") {
		t.Error("NEXT_HOP not read")
	}
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "Large Community (type 30, 12 octets)") {
		t.Errorf("evidence %q does not name the attribute printed in words only", x.Line.Evidence)
	}
	if f := tcpdumpFlags("OTPE"); f != 0xf0 {
		t.Errorf("flags OTPE = %#x", f)
	}
}

// A prefix count past the maximum is not the warning below it.
func TestPrefixExceedNotWarning(t *testing.T) {
	x := Line(".Jul 11 15:31:34 EDT:%BGP-3-MAXPFXEXCEED:No. of prefix received from\n209.165.200.226 (afi 0):16444 exceed limit 375", Options{})
	if d := strings.Join(x.Diagnosis, " "); strings.Contains(d, "warning only") {
		t.Errorf("diagnosis %q calls an exceeded maximum a warning", d)
	}
}

// ExaBGP's parser lines: an attribute's header in words and its value
// after "payload" are rebuilt into the attribute (the payload alone was
// taken for a NOTIFICATION 2/3); an IPv4 unicast NLRI line is prefixes;
// "(flag 0xC0, aid 0x11)" describes an attribute; a NOTIFICATION "(1,0,"
// with its reason; text in data no RFC defines is shown as text.
func TestExaBGPParserLines(t *testing.T) {
	x := Line("Thu, 17 Dec 2015 13:00:27 | INFO     | 94074  | parser        | parsing attribute as4-path           flag 0xc0 type 0x11 len 0x0e payload 0203 0000 0B62 0000 0513 0003 0836", Options{})
	if x.Line.Start != StartAttributes || x.Line.Code >= 0 || !hasValue(x, "asn", "198710") {
		t.Errorf("as4-path: start %q code %d", x.Line.Start, x.Line.Code)
	}
	x = Line("07:54:39 | 5124   | parser        | attribute mp-reach-nlri      flag 0x90 type 0x0e len 0x07 payload 0001 0100 0000 00", Options{})
	if x.Line.Start != StartAttributes || x.Line.Present != 11 {
		t.Errorf("extended length: start %q, %d octets, want attributes, 11", x.Line.Start, x.Line.Present)
	}
	x = Line("13:29:04 | 13713  | parser        | NLRI      ipv4 unicast       without path-information     payload 2045 390E 0B", Options{})
	if x.Line.Start != StartNLRI || !hasValue(x, "prefix", "69.57.14.11/32") {
		t.Errorf("NLRI: start %q", x.Line.Start)
	}
	x = Line("Thu, 17 Dec 2015 13:00:27 | INFO     | 94074  | parser        | unknown transitive attribute (flag 0xC0, aid 0x11)", Options{})
	if !strings.Contains(strings.Join(x.Line.Evidence, " "), "attribute 17 (AS4_PATH)") || !strings.Contains(strings.Join(x.Diagnosis, " "), "RFC 4271 §5") {
		t.Errorf("aid: evidence %q diagnosis %q", x.Line.Evidence, x.Diagnosis)
	}
	x = Line(`04:41:53 | 25225  | outgoing-4 | >> NOTIFICATION (1,0,"can not decode update message of type "2"")`, Options{})
	if x.Line.Code != 1 || x.Line.Subcode != 0 {
		t.Errorf("(1,0,: code %d/%d", x.Line.Code, x.Line.Subcode)
	}
	x = Line("04:41:53 | 25225  | outgoing-4 | sending TCP payload (  62) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 003E 0301 0063 616E 206E 6F74 2064 6563 6F64 6520 7570 6461 7465 206D 6573 7361 6765 206F 6620 7479 7065 2022 3222", Options{})
	if d := find(x, "data"); d == nil || d.Value != `can not decode update message of type "2"` {
		t.Errorf("1/0 data not shown as text: %+v", d)
	}
}

// Words any program logs ("connection refused", "parse error", "open
// failed") are a BGP session's events only in an entry about BGP: a tag,
// a daemon's name, a neighbour by its address, port 179, BGP's words.
func TestEventsNeedBGPContext(t *testing.T) {
	for _, text := range []string{
		"failed to parse config file",
		"free memory threshold exceeded",
		"pam_unix: file open failed",
		"usb 1-1: cannot decode",
		"sshd[812]: error: connect to 10.0.0.1 port 22: Connection refused",
		"kernel: eth0: socket error 104",
		"nginx: upstream connection reset by peer while reading response header",
		"sshd[812]: error: connect to 10.0.0.179 port 22: Connection refused",
	} {
		noEvents(t, text)
		if d := Line(text, Options{}).Diagnosis; len(d) > 0 {
			t.Errorf("%q: diagnosis %q, want none", text, d)
		}
	}
	// The same words where the entry is about BGP are read.
	for _, text := range []string{
		"bgpd[811]: 192.0.2.1 [FSM] connect: Connection refused",
		"Mar 1 10:00:00 r1 sshd-like[1]: neighbor 192.0.2.7 socket error",
		"10:00:00 r1 tcp: 192.0.2.1.179 > 192.0.2.2.40000: connection reset by peer",
		"10:00:00 r1 agent: [2001:db8::1]:179 connection refused",
		"2019/04/12 13:18:08.916 BGP: %MAXPFX: No. of IPv4 Unicast prefix received from 10.10.10.60 reaches 3, max 3",
	} {
		if ev := ParseLogLine(text).Evidence.Events; len(ev) == 0 {
			t.Errorf("%q: no event read", text)
		}
	}
}

// Words too general for one event name it only in its own phrasing:
// "active open failed", "cannot decode ... message", a prefix threshold,
// a parse error of an attribute.
func TestEventWordsNarrow(t *testing.T) {
	for _, text := range []string{
		"bgpd[811]: failed to parse config file /etc/frr/bgpd.conf",
		"BGP: neighbor 10.0.0.1: free memory threshold exceeded",
		"gobgpd: open failed: /etc/gobgp/gobgpd.conf: no such file",
		"exabgp[881]: cannot decode json from the api process",
	} {
		noEvents(t, text)
	}
}

// Whether a prefix count passed the limit is read from the numbers where
// the entry states them: IOS XR logs both as MAXPFX. The warning is ruled
// out by every spelling of the limit passed (one list, not a copy).
func TestPrefixLimitByNumbers(t *testing.T) {
	for _, c := range []struct{ text, want, not string }{
		{"RP/0/RSP1/CPU0:Mar 28 15:08:30.941 UTC: bgp[1051]: %ROUTING-BGP-5-MAXPFX : No. of IPv4 Unicast prefixes received from 1.2.3.4 has reached 125001, max 125000", "passed the configured maximum", "warning only"},
		{"RP/0/RSP1/CPU0:Mar 28 15:08:30.941 UTC: bgp[1051]: %ROUTING-BGP-5-MAXPFX : No. of IPv4 Unicast prefixes received from 1.2.3.4 has reached 125000, max 125000", "warning only", "passed the configured maximum"},
		{"%BGP-4-MAXPFX: No. of prefix received from 192.0.2.1 exceeded the limit 100", "passed the configured maximum", "warning only"},
	} {
		d := strings.Join(Line(c.text, Options{}).Diagnosis, " ")
		if !strings.Contains(d, c.want) || strings.Contains(d, c.not) {
			t.Errorf("%q: diagnosis %q, want %q and not %q", c.text, d, c.want, c.not)
		}
	}
}

// FRR's MP_REACH_NLRI parse failure: what RFC 4760 §7 asks (3/9) and
// what FRR sends (3/1 for an attribute it cannot read, 3/10 for NLRI).
func TestMPReachParseCodes(t *testing.T) {
	d := strings.Join(Line("Sep 27 19:19:45 ord bgpd[16943]: bgp_mp_reach_parse: (2001:db8:100::30:1) Failed to read NLRI", Options{}).Diagnosis, " ")
	for _, want := range []string{"RFC 4760 §7", "Optional Attribute Error (3/9)", "Malformed Attribute List (3/1)", "Invalid Network Field (3/10)"} {
		if !strings.Contains(d, want) {
			t.Errorf("diagnosis %q lacks %q", d, want)
		}
	}
}

// noEvents checks that no session event is read in text.
func noEvents(t *testing.T, text string) {
	t.Helper()
	if ev := ParseLogLine(text).Evidence.Events; len(ev) > 0 {
		t.Errorf("%q: events %q, want none", text, ev)
	}
}
