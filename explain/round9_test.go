package explain

import (
	"strings"
	"testing"
)

// Round 9: lines BIRD 2.0.12, FRR 8.4.4, OpenBGPD 7.7 and gobgpd 3.10
// wrote on loopback when a peer sent them broken OPENs and UPDATEs
// (testdata/loglines, ids *-lab9-*). Each names one attribute's error in
// its own words, before the NOTIFICATION or the RFC 7606 action; the
// words mean the error's code and subcode.
func TestRound9AttributeErrorWords(t *testing.T) {
	for _, c := range []struct {
		text      string
		code, sub int
	}{
		{"2026-12-07 23:23:15.522 <RMT> p_attr_flags: Malformed origin attribute - conflicting flags (80)", 3, 4},
		{`2026/12/07 23:23:15 BGP: [NYD0B-A3BTB][EC 33554433] ORIGIN attribute must not be flagged as "Optional"`, 3, 4},
		{`{"Error":"flags are invalid. attribute type: BGP_ATTR_TYPE_ORIGIN, expect: TRANSITIVE, actual: OPTIONAL","Key":"192.0.2.1","Topic":"Peer","level":"warning","msg":"the received Update message was treated as withdraw"}`, 3, 4},
		// An unknown type with the well-known flags, not a flags error.
		{"2026-12-07 23:23:17.114 <RMT> p_unrec_wellknown: Unknown attribute (code 99) - conflicting flags (40)", 3, 2},
		{"2026-12-07 23:23:15.648 <RMT> p_attr_len: Malformed ORIGIN attribute - invalid length (2)", 3, 5},
		{"2026/12/07 23:23:15 BGP: [RB8T5-WW10B][EC 33554434] Origin attribute length is not one 2", 3, 5},
		{`{"Error":"communities length isn't correct","Key":"192.0.2.1","Topic":"Peer","level":"warning","msg":"the received Update message was treated as withdraw"}`, 3, 5},
		{"2026/12/07 23:23:17 BGP: [PGS8W-47EHJ][EC 33554485] 192.0.2.1: BGP type 8 length 32 is too large, attribute total length is 25.", 3, 5},
		{"neighbor 192.0.2.1: bad COMMUNITIES, path invalidated and prefix withdrawn", 3, 5},
		{"2026-12-07 23:23:15.345 <RMT> p_origin_value: Malformed ORIGIN attribute - invalid value (5)", 3, 6},
		{"2026/12/07 23:23:15 BGP: [ZDGCM-30R78][EC 33554435] Origin attribute value is invalid 5", 3, 6},
		{"2026-12-07 23:23:15.844 <RMT> p_missing_nh: Missing mandatory NEXT_HOP attribute", 3, 3},
		{`{"Error":"well-known mandatory attributes are not present. type : 3","Key":"192.0.2.1","Topic":"Peer","msg":"the received Update message was treated as withdraw"}`, 3, 3},
		{"2026/12/07 23:23:16 BGP: [MX1G3-T5RQD][EC 33554438] Martian nexthop 224.0.0.1", 3, 8},
		{`{"Error":"invalid nexthop address","Key":"192.0.2.1","Topic":"Peer","msg":"the received Update message was treated as withdraw"}`, 3, 8},
		{"2026/12/07 23:23:16 BGP: [WYXT4-0SYTC][EC 33554484] 192.0.2.1: error BGP attribute type 1 appears twice in a message", 3, 1},
		{"2026/12/07 23:23:15 BGP: [QMZ79-K2DH7][EC 33554454] 192.0.2.1 [Error] Update packet error (wrong prefix length 64 for afi 1)", 3, 10},
		{"neighbor 192.0.2.1: bad nlri prefix", 3, 10},
		{"neighbor 192.0.2.1: peer sent wrong AS 65099", 2, 2},
		{"neighbor 192.0.2.1: peer BGPID 0 unacceptable", 2, 3},
		{"neighbor 192.0.2.1: peer wants unrecognized version 3", 2, 1},
		{"neighbor 192.0.2.1: open policy role enforced but not present", 2, 11},
		{"neighbor 192.0.2.1: sync error", 1, 1},
		{"neighbor 192.0.2.1: received message: illegal length: 18 byte", 1, 2},
		{"neighbor 192.0.2.1: received msg with unknown type 9", 1, 3},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code != c.code || x.Line.Subcode != c.sub {
			t.Errorf("%q: code %d/%d, want %d/%d", c.text, x.Line.Code, x.Line.Subcode, c.code, c.sub)
		}
	}
}

// Numbers beside the words are no codes: BIRD's "(code 1)" is an
// attribute's type, OpenBGPD's "(>3/2)" a prefix count and its limit,
// FRR's "prefix length 64" bits of a prefix; BIRD's "Unknown error 6.9"
// is code 6, subcode 9, whatever its data.
func TestRound9NumbersBesideTheWords(t *testing.T) {
	for _, c := range []struct {
		text      string
		code, sub int
	}{
		{"2026-12-07 23:23:16.756 <RMT> p_dup_attr: Discarding duplicate attribute (code 1)", 3, 1},
		{"neighbor 192.0.2.1: prefix limit reached (>3/2)", 6, 1},
		{"2026-12-07 23:23:18.344 <RMT> p_n_6_9: Received: Unknown error 6.9: 0603", 6, 9},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code != c.code || x.Line.Subcode != c.sub {
			t.Errorf("%q: code %d/%d, want %d/%d", c.text, x.Line.Code, x.Line.Subcode, c.code, c.sub)
		}
	}
	// Lengths that are not the message's or its data's: none is cut.
	for _, text := range []string{
		"2026/12/07 23:23:15 BGP: [QMZ79-K2DH7][EC 33554454] 192.0.2.1 [Error] Update packet error (wrong prefix length 64 for afi 1)",
		"2026/12/07 23:23:17 BGP: [PGS8W-47EHJ][EC 33554485] 192.0.2.1: BGP type 8 length 32 is too large, attribute total length is 25.",
		"neighbor 192.0.2.1: received message: illegal length: 18 byte",
	} {
		if x := Line(text, Options{}); x.Line.Missing > 0 || hasProblem(x, "cut short") {
			t.Errorf("%q: a length read as octets the log cut: stated %d, %d missing", text, x.Line.Length, x.Line.Missing)
		}
	}
}

// What a router did, not a NOTIFICATION: treat-as-withdraw in each
// router's words, an MP_REACH_NLRI next hop of the wrong length, the
// Shutdown Communication on a line of its own, a connection from an
// address no neighbour has, a TCP read failure in GoBGP's JSON.
func TestRound9Events(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"2026/12/07 23:23:15 BGP: [G2Z1P-1H5F3][EC 33554454] 192.0.2.1(Unknown) rcvd UPDATE with errors in attr(s)!! Withdrawing route.", "treat-as-withdraw"},
		{"2026-12-07 23:23:15.064 <RMT> p_aspath_seg: Invalid route 198.51.100.0/24 withdrawn", "treat-as-withdraw"},
		{"2026/12/07 23:23:16 BGP: [Y0MYF-3HH9H] bgp_mp_reach_parse: 192.0.2.1 sent wrong next-hop length, 5, in MP_REACH_NLRI", "RFC 7606 §7.11"},
		{`{"Cap":"ipv6-unicast","Error":"mpreach nexthop length is incorrect","Key":"192.0.2.1","Topic":"Peer","msg":"Capability was disabled"}`, "RFC 7606 §7.11"},
		{"neighbor 192.0.2.1: bad nlri nexthop", "RFC 7606 §7.11"},
		{`neighbor 192.0.2.1: received shutdown reason: "reboot router"`, "RFC 9003"},
		{"connection from non-peer 192.0.2.250 refused", "no neighbour is configured"},
		{`{"Key":"192.0.2.1","Reason":"read-failed","State":"BGP_FSM_ESTABLISHED","Topic":"Peer","level":"info","msg":"Peer Down"}`, "TcpConnectionFails"},
		{"2026/12/07 23:23:20 BGP: [KQYN5-QW2PM][EC 33554453] 192.0.2.1 [FSM] Update packet received under status OpenSent", "5/1 in OpenSent"},
	} {
		if s := said(Line(c.text, Options{})); !strings.Contains(s, c.want) {
			t.Errorf("%q: says %q, want %q", c.text, s, c.want)
		}
	}
	// "Invalid route" alone (a filter's words) is no withdrawal.
	if s := said(Line("2026-12-07 23:23:15.064 <RMT> p1: Invalid route 198.51.100.0/24 ignored", Options{})); strings.Contains(s, "treat-as-withdraw") {
		t.Errorf("an ignored route read as treat-as-withdraw: %q", s)
	}
}

// Debug output an operator pastes: FRR's neighbor-events words for OPEN
// errors and its hold timer; GoBGP's IdleHoldTimer (no Hold Timer
// Expired: the wait before a retry) and its "state changed" fields, the
// new state first.
func TestRound9DebugLines(t *testing.T) {
	for _, c := range []struct {
		text      string
		code, sub int
	}{
		{"2026/12/07 23:23:56 BGP: [TSEE7-7A9GW] 192.0.2.1 bad OPEN, wrong router identifier 0.0.0.0", 2, 3},
		{"2026/12/07 23:23:56 BGP: [VNBQB-2TESW] 192.0.2.1 bad protocol version, remote requested 3, local request 4", 2, 1},
		{"2026/12/07 23:24:03 BGP: [GP3Y6-AC335] 192.0.2.1 [FSM] Hold timer expire", 4, 0},
		{`{"Duration":0,"Key":"192.0.2.1","Topic":"Peer","level":"debug","msg":"IdleHoldTimer expired"}`, -1, -1},
		{`level=info msg="idle hold timer expired" Topic=Peer`, -1, -1},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code != c.code || x.Line.Subcode != c.sub {
			t.Errorf("%q: code %d/%d, want %d/%d", c.text, x.Line.Code, x.Line.Subcode, c.code, c.sub)
		}
	}
	for _, c := range []struct{ text, want string }{
		{`{"Duration":0,"Key":"192.0.2.1","Topic":"Peer","level":"debug","msg":"IdleHoldTimer expired"}`, "IdleHoldTimer_Expires"},
		{`{"Key":"192.0.2.1","Topic":"Peer","level":"debug","msg":"state changed","new":"BGP_FSM_IDLE","old":"BGP_FSM_OPENSENT","reason":{"Type":10,"BGPNotification":null,"Data":null}}`, "moved from opensent to idle"},
		{`level=debug msg="state changed" Key=192.0.2.1 Topic=Peer new=BGP_FSM_ESTABLISHED old=BGP_FSM_OPENCONFIRM`, "moved from openconfirm to established"},
	} {
		if s := said(Line(c.text, Options{})); !strings.Contains(s, c.want) {
			t.Errorf("%q: says %q, want %q", c.text, s, c.want)
		}
	}
	// Words that name an error in other entries tell of none here: FRR's
	// refusal of an unconfigured address, its update group's outbound limit.
	for _, text := range []string{
		"2026/12/07 23:24:02 BGP: [TBYZV-W9M3D] [Event] 192.0.2.250 connection rejected(VRF default:65001:default) - not configured and not valid for dynamic",
		"2026/12/07 23:23:57 BGP: [V53J3-2N7JP] 192.0.2.1(Unknown) Update Group Hash: Lonesoul: 0 ORF prefix: 0 ORF old: 0 max prefix out: 0",
	} {
		if x := Line(text, Options{}); x.Line.Code >= 0 {
			t.Errorf("%q: code %d/%d, want none", text, x.Line.Code, x.Line.Subcode)
		}
	}
	if s := said(Line("2026/12/07 23:24:02 BGP: [TBYZV-W9M3D] [Event] 192.0.2.250 connection rejected(VRF default:65001:default) - not configured and not valid for dynamic", Options{})); !strings.Contains(s, "no neighbour is configured") {
		t.Errorf("FRR's refusal of an unconfigured address: says %q", s)
	}
	// One state named alone is no move.
	if s := said(Line(`{"Key":"192.0.2.1","Topic":"Peer","msg":"x","new":"BGP_FSM_IDLE"}`, Options{})); strings.Contains(s, "moved from") {
		t.Errorf("a single state read as a move: %q", s)
	}
}

// An error about one attribute's flags, length or value that the words
// name without its octets takes RFC 7606's action from the attribute named
// (§7): COMMUNITIES and ORIGIN treat-as-withdraw, AGGREGATOR attribute
// discard. A list error, or words naming two attributes, keep the general
// statement.
func TestRound9ActionOfTheAttributeNamed(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"2026-12-07 23:23:17.406 <RMT> p_comm_len: Malformed COMMUNITY attribute - invalid length (3)", "treat the routes in this UPDATE as withdrawn"},
		{`{"Error":"flags are invalid. attribute type: BGP_ATTR_TYPE_ORIGIN, expect: TRANSITIVE, actual: OPTIONAL","Key":"192.0.2.1","Topic":"Peer","msg":"the received Update message was treated as withdraw"}`, "treat the routes in this UPDATE as withdrawn"},
		{"2026-12-07 23:23:17.406 <RMT> p1: Malformed AGGREGATOR attribute - invalid length (5)", "discard this AGGREGATOR attribute"},
	} {
		if d := strings.Join(Line(c.text, Options{}).Diagnosis, " "); !strings.Contains(d, c.want) {
			t.Errorf("%q: diagnosis %q, want %q", c.text, d, c.want)
		}
	}
	for _, text := range []string{
		"2026-12-07 23:23:16.756 <RMT> p_dup_attr: Discarding duplicate attribute (code 1) ORIGIN",
		"2026-12-07 23:23:17.406 <RMT> p1: Malformed COMMUNITY attribute - invalid length (3) after AGGREGATOR",
	} {
		if d := strings.Join(Line(text, Options{}).Diagnosis, " "); strings.Contains(d, "Under RFC 7606 the receiver would keep the session and") {
			t.Errorf("%q: an attribute's own action for a list error or two attributes: %q", text, d)
		}
	}
}

// A failed TCP connection attempt, in OpenBGPD's state change reason and
// FRR's FSM event, is no connection that came up: the move from Connect to
// Active is the attempt failing (event 18).
func TestRound9ConnectionOpenFailed(t *testing.T) {
	for _, text := range []string{
		"neighbor 192.0.2.99: state change Connect -> Active, reason: Connection open failed",
		"2026/12/07 23:23:54 BGP: [ZWCSR-M7FG9] 192.0.2.1 [FSM] TCP_connection_open_failed (Connect->Active), fd -1",
	} {
		s := said(Line(text, Options{}))
		if !strings.Contains(s, "could not be opened") || !strings.Contains(s, "attempt failed") || strings.Contains(s, "came up") {
			t.Errorf("%q: says %q, want the attempt failed and no connection up", text, s)
		}
	}
}
