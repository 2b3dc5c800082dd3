package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// Lines of held-out round 2 (testdata/loglines/README.md), one per class
// of failure the reader had before this file.
const (
	tcpdumpRR        = "    1  2008-06-29 23:08:49.782272 IP (tos 0xc0, ttl 255, id 36428, offset 0, flags [none], proto TCP (6), length 63)\n    1.1.1.1.179 > 2.2.2.2.12732: Flags [P.], cksum 0xc0d7 (correct), seq 3195533018:3195533041, ack 2696309616, win 16339, length 23: BGP\n\tNotification Message (3), length: 23, ROUTE-REFRESH Message Error (7) subcode Invalid Message Length (1)"
	tcpdumpHardReset = "    1.0.0.2.179 > 1.0.0.1.43091: Flags [P.], cksum 0xd929 (correct), seq 127:150, ack 155, win 128, length 23: BGP\n\tNotification Message (3), length: 23, Cease (6), subcode Hard Reset (9), Cease (6), subcode Peer Unconfigured (3)"
	tcpdumpShutdown  = "    165.254.255.24.179 > 165.254.255.17.33202: Flags [P.], cksum 0xa924 (correct), length 74: BGP\n\tNotification Message (3), length: 74, Cease (6), subcode Administrative Shutdown (2), Shutdown Communication (length: 52): \"This is a test of the shutdown communication system.\""
	tcpdumpEmpty     = "    127.0.0.1.20 > 127.0.0.1.179: Flags [S], cksum 0x89e7 (correct), seq 0:22, win 8192, length 22: BGP\n\tNotification Message (3), length: 22, Cease (6), subcode Administrative Reset (4), empty Shutdown Communication"
	xrMalformNH      = `RP/0/RSP0/CPU0:Jun 1 14:34:48.817 CEST: bgp[1050]: %ROUTING-BGP-3-MALFORM_UPDATE : Malformed UPDATE message received from neighbor (VRF: default) - message length 68 bytes, error flags 0x00000800, action taken "TreatAsWdr". Error details: "Error 0x00000800, Field "Attr-missing", Attribute 3 (Flags 0x00, Length 0), Data []". NLRIs: [IPv4 Unicast] removed /24`
	junosCollision   = "> Oct 14 07:37:07 juniper2 rpd[15846]: bgp_pp_recv: NOTIFICATION sent to\n> 192.168.1.2 (External AS xxxx): code 6 (Cease), Reason:=20\n> dropping 192.168.1.2\n> (External AS xxxx), connection collision prefers=20\n> 192.168.1.2+1926 (proto)"
	openBMPDown      = "2021-02-11T23:52:40.318266 | NOTICE   | parsePeerDownEventHdr | sock=23 : <redacted>: BGP peer down notification with reason code: 1"
	frrHardReset     = `2024-09-24 04:30:19.276 [INFO] bgpd: [H7QV4-WR3ZD] %NOTIFICATION(Hard Reset): sent to neighbor 10.0.0.2 6/4 (Cease/Administrative Reset) ""`
	fortiPadded      = "2025-11-04 01:53:22 [root] BGP: %BGP-3-NOTIFICATION: received from 192.168.1.2 2/2 (OPEN Message Error/Bad Peer AS.) 4 data-bytes [fd e8 00 00]"
	exaOpenHeader    = "Wed, 05 Jul 2017 01:41:05 | DEBUG    | 20791  | outgoing-2    | outgoing-2 172.24.100.51-192.0.2.1 172.24.100.51 / 192.0.2.1        RECEIVED  (  19) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0047 01"
	junosAttrWords   = "Apr  4 03:39:24  vmx-18.1 rpd[5852]:   Malformed Attribute\nTUNNEL_ENCAPS(23) flag 0xc0 length 80."
)

func lineOf(text string) *Explanation { return Line(text, Options{Session: bgp.Session{AS4: true}}) }

func hasEvidence(x *Explanation, sub string) bool {
	for _, w := range x.Line.Evidence {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

// Codes printed as "Name (N) subcode Name (M)", and "sub=N".
func TestNamedCodes(t *testing.T) {
	for text, want := range map[string][2]int{
		tcpdumpRR:        {7, 1},
		tcpdumpHardReset: {6, 9},
		"205.172.58.168 -> peer: NOTIFICATION code=6 (Cease) sub=0 data=": {6, 0},
	} {
		li := lineOf(text).Line
		if li.Code != want[0] || li.Subcode != want[1] {
			t.Errorf("%.40q: code %d/%d, want %d/%d", text, li.Code, li.Subcode, want[0], want[1])
		}
	}
}

// A length tied to a message ("Notification Message (3), length: 23")
// wins over the packet's ("IP (... length 63)"); the IOS XR count is the
// UPDATE's, not the data's.
func TestStatedMessageLength(t *testing.T) {
	x := lineOf(tcpdumpRR)
	if x.Line.Length != 23 || x.Line.Missing != 2 {
		t.Errorf("tcpdump: length %d, missing %d; want 23 and 2 (data of a 23-octet NOTIFICATION)", x.Line.Length, x.Line.Missing)
	}
	if hasProblem(x, "the sender put 0") || x.Messages[0].Meaning != "2 octets the entry does not print" {
		t.Errorf("the data the log left out is blamed on the sender, or called empty: %q", x.Messages[0].Meaning)
	}
	x = lineOf(xrMalformNH)
	if x.Line.Length != 68 || x.Line.Missing != 68 {
		t.Errorf("IOS XR: length %d, missing %d; want 68 and 68", x.Line.Length, x.Line.Missing)
	}
	for _, n := range x.Notes {
		if strings.Contains(n, "octets of data") {
			t.Errorf("the UPDATE's length is read as the data's: %q", n)
		}
	}
	if !strings.Contains(strings.Join(x.Notes, " "), "UPDATE message it reports was 68 octets") {
		t.Errorf("notes %q do not say the 68 octets are the UPDATE's", x.Notes)
	}
}

// Data a router printed in words (a Shutdown Communication, an empty one,
// the error inside a Hard Reset) is not "cut off" and has no problems.
func TestDataInWords(t *testing.T) {
	x := lineOf(tcpdumpShutdown)
	root := x.Messages[0]
	if root.Value != "This is a test of the shutdown communication system." || x.Line.Missing != 0 {
		t.Errorf("shutdown: value %v, missing %d", root.Value, x.Line.Missing)
	}
	x = lineOf(tcpdumpEmpty)
	if !strings.Contains(x.Messages[0].Meaning, "empty Shutdown Communication") || x.Line.Missing != 0 {
		t.Errorf("empty: %q, missing %d", x.Messages[0].Meaning, x.Line.Missing)
	}
	x = lineOf(tcpdumpHardReset)
	if x.Messages[0].Value != "Cease / Peer De-configured (6/3)" || hasProblem(x, "shorter") || len(x.Errors) != 0 {
		t.Errorf("hard reset: value %v, errors %v", x.Messages[0].Value, x.Errors)
	}
	if x := lineOf(frrHardReset); !hasEvidence(x, "Cease / Hard Reset (6/9)") {
		t.Errorf("FRR's (Hard Reset) not noted: %q", x.Line.Evidence)
	}
}

// Junos prints "code 6 (Cease)" without a subcode when it is 0; the words
// after it are a reason, not the subcode.
func TestCodeWithoutSubcode(t *testing.T) {
	x := lineOf(junosCollision)
	if x.Line.Code != 6 || x.Line.Subcode != 0 || !hasEvidence(x, "would be 6/7") {
		t.Errorf("code %d/%d, evidence %q", x.Line.Code, x.Line.Subcode, x.Line.Evidence)
	}
	junos := `NOTIFICATION received from 10.0.0.1 (External AS 64512): code 6 (Cease) subcode 5 (Connection Rejected)`
	if li := lineOf(junos).Line; li.Subcode != 5 {
		t.Errorf("stated subcode lost: %d", li.Subcode)
	}
}

// A BMP collector's Peer Down reason is a BMP code, not a NOTIFICATION's.
func TestBMPReasonNotBGPCode(t *testing.T) {
	x := lineOf(openBMPDown)
	if x.Line.Code >= 0 || x.Line.Error != "" {
		t.Fatalf("read as BGP error %d: %q", x.Line.Code, x.Line.Error)
	}
	n := find(x, "peer_down_reason")
	if n == nil || n.Value != uint64(1) || !strings.Contains(n.Meaning, "NOTIFICATION PDU follows") {
		t.Errorf("peer down reason node %+v", n)
	}
}

// The diagnosis reads a padded Bad Peer AS as the data node does.
func TestDiagnosisPaddedAS(t *testing.T) {
	d := strings.Join(lineOf(fortiPadded).Diagnosis, " ")
	if !strings.Contains(d, "The rejected AS is 65000.") {
		t.Errorf("diagnosis %q", d)
	}
}

// A message the log cut is "cut off", nowhere a Bad Message Length.
func TestCutMessageNoBadLength(t *testing.T) {
	x := lineOf(exaOpenHeader)
	if x.Line.Missing != 52 || hasProblem(x, "Bad Message Length") {
		t.Errorf("missing %d, problems say Bad Message Length: %v", x.Line.Missing, hasProblem(x, "Bad Message Length"))
	}
}

// An attribute described in words is named even with no octets.
func TestAttributeInWords(t *testing.T) {
	x := lineOf(junosAttrWords)
	if !hasEvidence(x, "attribute 23 (TUNNEL_ENCAPSULATION) in words: flags 0xc0 (optional|transitive), length 80") {
		t.Errorf("evidence %q", x.Line.Evidence)
	}
}

// Forums put blank lines into wrapped messages: an open bracket, or a line
// opening one, carries the entry across; a complete line does not.
func TestEntriesAcrossBlankLines(t *testing.T) {
	for text, want := range map[string]int{
		"*Mar 1 00:40:31.483: %BGP-3-NOTIFICATION: sent to neighbor 4/0 (hold\n\ntime expired) 0 bytes":                                   1,
		"*Mar 1 00:10:02.107: %BGP-3-NOTIFICATION: received from neighbor 4/0\n\n(hold time expired) 0 bytes":                             1,
		"*Mar 1 00:10:02.107: %BGP-3-NOTIFICATION: received from neighbor 4/0 (hold time expired) 0 bytes\n\n(hold time expired) 0 bytes": 2,
		"a line (open\n\n*Mar 1 00:10:02.107: %BGP-5-ADJCHANGE: neighbor Up":                                                              2,
	} {
		if got := len(Entries(text)); got != want {
			t.Errorf("%q: %d entries, want %d", text, got, want)
		}
	}
}

// The text output says a code was stated without a subcode, never "/-1".
func TestTextCodeWithoutSubcode(t *testing.T) {
	var sb strings.Builder
	if err := WriteText(&sb, lineOf(`%ROUTING-BGP-3-MALFORM_UPDATE : Malformed UPDATE message received, Data [40021202040000cc6000000da300000d]`), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if s := sb.String(); strings.Contains(s, "/-1") || !strings.Contains(s, "no subcode") {
		t.Errorf("%s", s)
	}
}

// An OPEN's fixed fields printed in words (BIRD, a Go struct) are read as
// an OPEN's, the router ID in whatever form it is printed; "id=0a0021fc"
// is not data.
func TestOpenInWords(t *testing.T) {
	for text, want := range map[string][3]string{
		"May 12 19:36:03 fll2aosdci bird[11656]: fll2aosi02ci: Sending OPEN(ver=4,as=65101,hold=240,id=0a0021fc)":                                                            {"65101", "240", "10.0.33.252"},
		"struct { Version uint8; ASN16 uint16; HoldTime uint16; RouterID uint32; OptsLen uint8 }{Version:0x4, ASN16:0xff32, HoldTime:0xb4, RouterID:0xa71d4fa, OptsLen:0xe}": {"65330", "180", "10.113.212.250"},
	} {
		x := lineOf(text)
		if x.Line.Present != 0 || !hasValue(x, "my_autonomous_system", want[0]) || !hasValue(x, "hold_time", want[1]) || !hasValue(x, "bgp_identifier", want[2]) {
			t.Errorf("%.40q: present %d, tree %+v", text, x.Line.Present, x.Messages)
		}
	}
	if x := lineOf(`{"Data":"as number mismatch expected 4206900001, received 23456","msg":"sent notification"}`); x.Line.Code != 2 || x.Line.Subcode != 2 {
		t.Errorf("GoBGP's AS mismatch read as %d/%d", x.Line.Code, x.Line.Subcode)
	}
}

// BIRD prints the error's registry name and the data as bare hex after
// its colon ("attribute: 000000"): both are read, the octets not taken
// for a pid.
func TestBIRDRegistryNameAndBareHex(t *testing.T) {
	x := lineOf("2023-10-10 10:16:32 <RMT> the_rs: Error: Unrecognized well-known attribute: 000000")
	if x.Line.Code != 3 || x.Line.Subcode != 2 || x.Line.Present != 3 {
		t.Errorf("code %d/%d, %d octets; want 3/2 and 3", x.Line.Code, x.Line.Subcode, x.Line.Present)
	}
	if x := lineOf("exabgp: 4353   network       out loop, peer reset"); x.Line.Present != 0 {
		t.Errorf("a pid read as %d octets", x.Line.Present)
	}
}

// "capability code: 76" names a capability, not a NOTIFICATION code; no
// number becomes a code no NOTIFICATION has.
func TestCapabilityCodeNotErrorCode(t *testing.T) {
	x := lineOf("2026/02/02 05:39:04 BGP: [JG0WZ-7X009][EC 33554504] 192.168.2.20 unrecognized capability code: 76 - ignored")
	if x.Line.Code >= 0 || x.Line.Error != "" || !hasEvidence(x, "capability 76") {
		t.Errorf("code %d, error %q, evidence %q", x.Line.Code, x.Line.Error, x.Line.Evidence)
	}
	if li := lineOf("peer reset, error code 76").Line; li.Code >= 0 {
		t.Errorf("code %d taken from a number no NOTIFICATION code has", li.Code)
	}
}
