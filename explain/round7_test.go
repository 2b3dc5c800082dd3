package explain

import (
	"strings"
	"testing"
)

// said is everything an explanation says in words: its diagnosis and its
// evidence.
func said(x *Explanation) string {
	return strings.Join(x.Diagnosis, " ") + " " + strings.Join(x.Line.Evidence, " ")
}

// Held-out round 7: a move of the FSM between RFC 4271's states, as each
// vendor writes it, is read by one reader and said to be a step up, the
// session coming up, or the session going down.
func TestStateChangeForms(t *testing.T) {
	for _, c := range []struct{ text, from, want string }{
		{"bgpd[4711]: neighbor 192.0.2.1 (AS64496): state change OpenConfirm -> Idle, reason: Hold timer expired", "openconfirm to idle", "went down"},
		{"2024/01/02 10:00:00 BGP: 192.0.2.1 [FSM] Hold_Timer_expired (Established->Idle), fd 20", "established to idle", "went down"},
		{"rpd[2902]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.1 (External AS 64496) changed state from OpenSent to OpenConfirm (event RecvOpen)", "opensent to openconfirm", "OPEN was accepted"},
		{"Bgp: %BGP-5-ADJCHANGE: peer 192.0.2.1 (VRF default AS 64496) old state OpenConfirm event Established new state Established", "openconfirm to established", "came up"},
		{"bgpd[4711]: neighbor 2001:db8::1 (AS64496): state change Active -> OpenSent, reason: Connection opened", "active to opensent", "sent its OPEN"},
	} {
		x := Line(c.text, Options{})
		if s := said(x); !strings.Contains(s, "moved from "+c.from) || !strings.Contains(s, c.want) {
			t.Errorf("%q: says %q, want the move from %s and %q", c.text, s, c.from, c.want)
		}
	}
	// English that has a state's word before "to" is no move: only "from
	// A to B" (Junos, Nokia's "from higher state A to lower state B") or
	// an arrow says one.
	for _, text := range []string{
		"bgpd[4711]: failed to connect to active neighbor 192.0.2.1: no route to host",
		"BGP: 192.0.2.1 keeping the session idle to established peers",
	} {
		if s := said(Line(text, Options{})); strings.Contains(s, "moved from") {
			t.Errorf("%q read as a move: %q", text, s)
		}
	}
	if s := said(Line("VR 11: Group WAN: Peer 192.0.2.1: moved from higher state OPENSENT to lower state IDLE due to event TCP SOCKET ERROR", Options{})); !strings.Contains(s, "moved from opensent to idle") {
		t.Errorf("Nokia's move: says %q", s)
	}
	// A count of transitions is no move.
	if s := said(Line("  Number of transitions to established: 3\n  Last state: OpenConfirm", Options{})); strings.Contains(s, "moved from") {
		t.Errorf("a transition count read as a move: %q", s)
	}
}

// GoBGP names its neighbour only by its own log fields (Key=, Topic=Peer),
// in logfmt, in JSON, and in logfmt inside Docker's JSON log; those fields
// make the entry a BGP one. A Topic other than Peer does not.
func TestGoBGPFieldsAreBGP(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`{"Key":"192.0.2.9","Topic":"Peer","level":"info","msg":"Peer Down","time":"2016-02-01T10:20:48+03:00"}`, "Peer Down"},
		{`time="2017-05-25T01:40:54Z" level=info msg="Can't find configuration for a new passive connection from:192.0.2.9" Topic=Peer`, "no neighbour is configured"},
		{`{"log":"time=\"2021-05-29T05:34:16Z\" level=warning msg=\"Closed an accepted connection\" Key=192.0.2.9 Topic=Peer\n","stream":"stderr"}`, "closed a TCP connection the neighbour opened"},
	} {
		if s := said(Line(c.text, Options{})); !strings.Contains(s, c.want) {
			t.Errorf("%q: says %q, want %q", c.text, s, c.want)
		}
	}
	if x := Line(`{"Key":"10.0.0.0/24","Topic":"Table","msg":"Peer Down"}`, Options{}); len(x.Diagnosis) != 0 {
		t.Errorf("Topic=Table read as BGP: %q", x.Diagnosis)
	}
}

// "afi/safi: 2/1" is an address family, not NOTIFICATION code 2/1; the
// family is named.
func TestAFISAFINotCode(t *testing.T) {
	x := Line("*Jul 18 02:32:24.621: BGP: 192.0.2.45 passive OPEN has MP_EXT CAP for afi/safi: 1/128", Options{})
	if x.Line.Code >= 0 {
		t.Errorf("code %d/%d read from an AFI/SAFI pair", x.Line.Code, x.Line.Subcode)
	}
	if s := said(x); !strings.Contains(s, "AFI/SAFI 1/128") || !strings.Contains(s, "debug trace of the neighbour's OPEN") {
		t.Errorf("says %q, want the family 1/128 named in an OPEN trace", s)
	}
	// A code stated with a slash elsewhere is still read.
	if x := Line("%BGP-3-NOTIFICATION: sent to neighbor 192.0.2.1 2/2 (peer in wrong AS) 2 bytes FDE8", Options{}); x.Line.Code != 2 || x.Line.Subcode != 2 {
		t.Errorf("code %d/%d, want 2/2", x.Line.Code, x.Line.Subcode)
	}
}

// A prefix-count warning names no NOTIFICATION even when its words hold
// "prefix-limit"; the limit itself passed is still Cease 6/1.
func TestThresholdNamesNoCode(t *testing.T) {
	x := Line("rpd[2902]: BGP_PREFIX_THRESH_EXCEEDED: 192.0.2.1 (External AS 64496): Configured maximum prefix-limit threshold(80) exceeded for inet6-unicast nlri: 81 (instance master)", Options{})
	if x.Line.Code >= 0 || !strings.Contains(said(x), "warning only") || strings.Contains(said(x), "names the error") {
		t.Errorf("threshold: code %d/%d, says %q; want no code and no error named, a warning", x.Line.Code, x.Line.Subcode, said(x))
	}
	x = Line("rpd[2902]: BGP_PREFIX_LIMIT_EXCEEDED: 192.0.2.1 (External AS 64496): Configured maximum prefix-limit(100) exceeded for inet-unicast nlri: 101 (instance master)", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 1 {
		t.Errorf("limit passed: code %d/%d, want 6/1", x.Line.Code, x.Line.Subcode)
	}
}

// Held-out round 7's session events, each in a variant of the wording
// found.
func TestRound7Events(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`time="2021-05-29T05:34:16Z" level=warning msg="graceful restart timer expired" Key=192.0.2.9 State=BGP_FSM_ACTIVE Topic=Peer`, "Restart Time"},
		{"bgpd[4711]: neighbor 192.0.2.1 (AS64496): graceful restart of IPv6 unicast, keeping routes", "Graceful Restart in force"},
		{"BGP: [Q6EWH-J0SDA][EC 33554510] 192.0.2.1 has not made any SendQ progress for 2 holdtime (180s), peer overloaded?", "RFC 9687"},
		{"bgpd: %ADJCHANGE: neighbor 192.0.2.1(spine1) in vrf default Down Interface down", "fast external fallover"},
		{"<TRACE> bgp2: BGP session closed", "leaving Established"},
		{"bgpd[63]: bgp_process_packet: BGP OPEN receipt failed for peer: 192.0.2.1", "rejected the neighbour's OPEN"},
		{"bgpd[4711]: neighbor 192.0.2.1 (AS64496): bad path, starting with 64511, enforce neighbor-as enabled", "RFC 4271 §6.3"},
		{"WARN slog-rs: [peer] event connect retry timer expires not allowed in established", "no transition for"},
		{"/kernel: tcp_auth_ok: Packet from 192.0.2.1:179 wrong MD5 digest", "RFC 2385"},
		{"BGP: bgp_update_receive: rcvd End-of-RIB for IPv6 Unicast from 192.0.2.1 in vrf default", "IPv6 Unicast (AFI 2, SAFI 1)"},
		{"BGP: 192.0.2.1 [FSM] Receive_NOTIFICATION_message (Established->Idle), fd 23", "NotifMsg"},
		{"rpd[2902]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.1 (External AS 64496) changed state from Established to Idle (event Stop) (instance master)", "ManualStop"},
		{"bgpd[4711]: neighbor 192.0.2.1 (AS64496): state change OpenSent -> Active, reason: Connection closed", "TcpConnectionFails"},
	} {
		if s := said(Line(c.text, Options{})); !strings.Contains(s, c.want) {
			t.Errorf("%q: says %q, want %q", c.text, s, c.want)
		}
	}
}

// An Extended Next Hop capability tuple named in words (round 6's
// leftover) is decoded: the NLRI's family and the next hop's AFI.
func TestExtNextHopTupleWords(t *testing.T) {
	x := Line("bgpd[577]: [EC 33554501] 192.0.2.5 Unexpected afi/safi/next-hop afi: IPv6/unicast/1 in Extended Next-hop capability, ignoring", Options{})
	if s := said(x); !strings.Contains(s, "IPv6 Unicast (AFI 2, SAFI 1) NLRI over a next hop of AFI 1 (IPv4), RFC 8950 §4") {
		t.Errorf("says %q, want the tuple decoded", s)
	}
	// Another capability's words name no tuple.
	if s := said(Line("bgpd[577]: 192.0.2.5 unrecognized capability code: 71 - ignored, ipv4/unicast/1", Options{})); strings.Contains(s, "RFC 8950") {
		t.Errorf("a tuple read outside an Extended Next Hop entry: %q", s)
	}
}

// FRR marks a NOTIFICATION sent inside a Hard Reset with
// "%NOTIFICATION(Hard Reset)": the wrapper of the error it names, not a
// reason that is another error.
func TestHardResetWrapperNotReason(t *testing.T) {
	x := Line("bgpd[226443]: [HZN6M-XRM1G] %NOTIFICATION(Hard Reset): received from neighbor 192.0.2.1 6/10 (Cease/BFD Down) 0 bytes", Options{})
	s := said(x)
	if x.Line.Code != 6 || x.Line.Subcode != 10 || strings.Contains(s, "as the reason") || !strings.Contains(s, "RFC 8538 §3") {
		t.Errorf("code %d/%d, says %q; want 6/10 inside a Hard Reset, not a reason", x.Line.Code, x.Line.Subcode, s)
	}
}

// A state by its BGP4-MIB number (RFC 4273 bgpPeerState), as Huawei's
// traps print it, is named, with the MIB's backward transition.
func TestMIBStateNumbers(t *testing.T) {
	x := Line("BGP/2/PEER_BACKWARDTRANS_NOTIFICATION:The BGP FSM moved from a higher numbered state to a lower numbered state. (BgpPeerRemoteAddr=192.0.2.1, BgpPeerLastError=0, BgpPeerState=1, VpnInstance=_public_)", Options{})
	if s := said(x); !strings.Contains(s, "bgpPeerState 1 is idle") || !strings.Contains(s, "bgpBackwardTransition") {
		t.Errorf("says %q, want state 1 named idle in a backward transition", s)
	}
}

// A line holding only a date, which a page wrapped away from its time,
// heads the record below it; dated records stay apart.
func TestDateHeadJoinsTime(t *testing.T) {
	if es := Entries("#Jan 19\n15:20:34 2005 R1 BGP/1/Trap4:\n   BgpPeerState = 2"); len(es) != 1 {
		t.Errorf("%d entries %q, want the date joined to its record", len(es), es)
	}
	if es := Entries("Jan 19 15:20:34 r1 bgpd: a\nJan 19 15:20:35 r1 bgpd: b"); len(es) != 2 {
		t.Errorf("%d entries, want 2 records", len(es))
	}
}

// GoBGP's Peer Down names its cause in one hyphenated token (Reason=).
func TestGoBGPPeerDownReasons(t *testing.T) {
	for _, c := range []struct{ reason, want string }{
		{"read-failed", "TcpConnectionFails"},
		{"admin-down", "administrative shutdown"},
		{"restart-timer-expired", "Restart Time"},
	} {
		text := `level=info msg="Peer Down" Key=192.0.2.9 Reason=` + c.reason + ` State=BGP_FSM_ESTABLISHED Topic=Peer`
		if s := said(Line(text, Options{})); !strings.Contains(s, c.want) {
			t.Errorf("Reason=%s: says %q, want %q", c.reason, s, c.want)
		}
	}
}
