package explain

import (
	"strings"
	"testing"
)

// Round 10: real lines held out from the corpus (testdata/loglines
// README, "Round 10"), by class. Each case names what the words say that
// was not read before.

// says checks that the explanation of text says want (in its diagnosis
// or evidence), and says none of the wrong readings.
func says(t *testing.T, text, want string, not ...string) {
	t.Helper()
	s := said(Line(text, Options{}))
	if !strings.Contains(s, want) {
		t.Errorf("%q: %q does not say %q", text, s, want)
	}
	for _, n := range not {
		if strings.Contains(s, n) {
			t.Errorf("%q: %q says %q", text, s, n)
		}
	}
}

// An FSM event logged by its RFC 4271 number is named, only beside the
// FSM's words.
func TestRound10FSMEventNumbers(t *testing.T) {
	says(t, "BGP: 10.191.19.33-Outgoing [FSM] State: Established Event: 25", "NotifMsg (RFC 4271 §8.1.5)")
	says(t, "BGP: <neighbor ip>-Outgoing [FSM] State: Connect Event: 18", "TcpConnectionFails (RFC 4271 §8.1.4)")
	says(t, "BGP connection is closed due to Event: 10 (Peer:192.0.2.1)", "HoldTimer_Expires")
	says(t, "BGP: neighbor 192.0.2.1 event: 25 prefixes", "", "NotifMsg")
	says(t, "BGP: 192.0.2.1-Outgoing [FSM] State: Idle Event: 29", "", "FSM event")
}

// FRR's and BIRD's traces of a connection the neighbour opened, FRR's
// FSM events and its own states beyond RFC 4271's.
func TestRound10ConnectionTrace(t *testing.T) {
	says(t, "2025/01/17 04:22:11 BGP: [Event] BGP connection from host 10.128.135.93:57354", "event 17 TcpConnectionConfirmed")
	says(t, "bird: Mesh_10_121_43_95: Incoming connection from 10.121.43.95 (port 52542) accepted", "event 17 TcpConnectionConfirmed")
	says(t, "bird: bgp1: Incoming connection from 192.0.2.1 (port 52542) rejected", "", "TcpConnectionConfirmed")
	says(t, "2025/01/17 04:22:11 BGP: [Event] Make dummy peer structure until read Open packet", "RFC 4271 §6.8")
	says(t, "2025/01/17 04:22:11 BGP: 10.128.135.93:57354 [Event] Transfer accept BGP peer to real (state Active)", "RFC 4271 §6.8")
	says(t, "2021/12/02 11:46:08.654 BGP: 172.18.0.2 [FSM] BGP_Start (Idle->Connect), fd -1", "event 1 ManualStart")
	says(t, "2021/12/02 09:00:51.782 BGP: 172.18.0.3 [FSM] Clearing_Completed (Clearing->Idle), fd -1", "Clearing_Completed")
	says(t, "2021/12/01 12:37:24.059 BGP: fc00:f853:ccd:e793::3 went from OpenConfirm to Deleted", "moved from openconfirm to deleted")
	says(t, "2015-05-19 04:13:21 <TRACE> bgp1: Connect delayed by 5 seconds", "connect delay")
}

// The event or reason logged with a move, and events in words of their own.
func TestRound10EventWords(t *testing.T) {
	says(t, "Dec  3 18:53:48 ARISTA04T1 Rib: %BGP-5-ADJCHANGE: peer 10.0.0.38 (AS 4200065100) old state Established event Closed new state Idle", "without a NOTIFICATION")
	says(t, `time="2025-02-10T06:36:33Z" level=debug msg="state changed" Key=172.16.100.1 Topic=Peer new=BGP_FSM_ACTIVE old=BGP_FSM_IDLE reason=idle-hold-timer-expired`, "event 13 IdleHoldTimer_Expires")
	says(t, "2021/12/02 11:46:07.951 BGP: bgp_update(172.18.0.3): NH unresolved", "RFC 4271 §9.1.2")
	says(t, "2023/02/03 12:38:21 BGP: [ZM2F8-MV4BJ][EC 33554509] Interface: SEAVPN does not have a v6 LL address associated with it, waiting until one is created for it", "RFC 2545 §3")
	says(t, "Nov 18 06:59:20 gnlb exabgp[881]: ka-outgoing-6 send-timer 5 second(s) left", "next KEEPALIVE")
	says(t, `{"log":"time=\"2021-05-29T05:07:39Z\" level=info msg=\"skipped asn negotiation: peer-as: 64512, peer-type: internal\" Key=185.150.144.173 State=BGP_FSM_OPENSENT Topic=Peer\n","stream":"stderr"}`, "peer-as 0")
	x := Line(`id=20300 msg="BGP: %BGP-5-ADJCHANGE: VRF 0 neighbor 10.191.19.33 Down BGP Notification FSM-ERR"`, Options{})
	if s := said(x); !strings.Contains(s, "event 25 NotifMsg") || x.Line.Code >= 0 {
		t.Errorf("FortiGate FSM-ERR: code %d, %q", x.Line.Code, s)
	}
}

// AS 23456 in an OPEN is AS_TRANS.
func TestRound10ASTrans(t *testing.T) {
	says(t, "2025/01/17 04:22:11 BGP: 10.128.135.93 rcv OPEN, version 4, remote-as (in open) 23456, holdtime 16, id 10.128.135.93, inbound connection", "AS_TRANS (RFC 6793")
	says(t, "BGP: 192.0.2.1 rcv OPEN, version 4, remote-as (in open) 64500, holdtime 90", "", "AS_TRANS")
	says(t, "BGP: neighbor 192.0.2.1 remote-as 23456 configured", "", "AS_TRANS")
}

// Brocade's AS4_PATH errors in words: the error by its value's words,
// the attribute discarded as RFC 6793 §6 and RFC 7606 have it.
func TestRound10AS4PathWords(t *testing.T) {
	for _, c := range []struct {
		text      string
		code, sub int
	}{
		{"SYSLOG: Sep 9 19:02:03:<11>mu2, BGP: From Peer 192.168.1.1 received invalid AS4_PATH attribute length (3) - entire AS4_PATH ignored", 3, 5},
		{"SYSLOG: Sep 9 19:02:03:<11>mu2, BGP: From Peer 192.168.1.1 received invalid AS4_PATH attribute flag (0x40) - entire AS4_PATH ignored", 3, 4},
	} {
		x := Line(c.text, Options{})
		if x.Line.Code != c.code || x.Line.Subcode != c.sub {
			t.Errorf("%q: code %d/%d, want %d/%d", c.text, x.Line.Code, x.Line.Subcode, c.code, c.sub)
		}
		if s := said(x); !strings.Contains(s, "discard this AS4_PATH attribute") || !strings.Contains(s, "RFC 7606 §2 attribute discard") {
			t.Errorf("%q: %q", c.text, s)
		}
	}
}

// Flags printed beside an attribute's name in words are judged against
// the registry, as flags read from octets are.
func TestRound10FlagsInWords(t *testing.T) {
	says(t, "SYSLOG: Sep 9 19:02:03:<11>mu2, BGP: From Peer 192.168.1.1 received invalid AS4_PATH attribute flag (0x40) - entire AS4_PATH ignored", "flags 0x40 mark AS4_PATH as well-known|transitive but the registry says optional|transitive")
	says(t, "2026-12-07 23:23:15.522 <RMT> p_attr_flags: Malformed origin attribute - conflicting flags (80)", "flags 0x80 mark ORIGIN as optional")
	says(t, "2026-12-07 23:23:15.522 <RMT> p_attr_flags: Malformed origin attribute - conflicting flags (40)", "are valid for ORIGIN")
}

// PAN-OS routed's words for an UPDATE it refused.
func TestRound10RoutedUpdateWords(t *testing.T) {
	says(t, "**** EXCEPTION 0x4103 - 57 (0000) **** I:008e7cd1 F:00000004\nqbmlpar2.c 1352 :at 20:54:21, 2 May 2021 (1822572648 ms)\nUPDATE message contains NLRI of 0.0.0.0.", "Invalid Network Field (3/10)")
	says(t, "**** PROBLEM 0x4102 - 46 (0000) **** I:008e7cd1 F:00000004\nqbnmmsg.c 1074 :at 20:54:21, 2 May 2021 (1822572648 ms)\nNM has received an UPDATE message that failed to parse.", "UPDATE Message Error (3/x")
}

// 6/1 data shorter than its 7 octets inside a NOTIFICATION body (here a
// Hard Reset's data, RFC 8538 §3) is read field by field.
func TestRound10CutMaxPrefixesInBody(t *testing.T) {
	x := Line("BGP: [HZN6M-XRM1G] %NOTIFICATION(Hard Reset): received from neighbor VM100-1 6/1 (Cease/Maximum Number of Prefixes Reached) 7 bytes 06 01 00 01 01 00 00", Options{})
	if !hasValue(x, "afi", "1") || !hasValue(x, "safi", "1") {
		t.Fatal("AFI and SAFI not decoded")
	}
	if n := find(x, "prefix_upper_bound"); n == nil || !strings.Contains(n.Problem, "cut off: 4 octets, 2 present") {
		t.Errorf("limit: %+v", n)
	}
}

// A length printed beside an attribute's name in words is judged as a
// length read from octets is.
func TestRound10LengthInWords(t *testing.T) {
	says(t, "SYSLOG: Sep 9 19:02:03:<11>mu2, BGP: From Peer 192.168.1.1 received invalid AS4_PATH attribute length (3) - entire AS4_PATH ignored", "3 octets cannot hold one")
	says(t, "2026-12-07 23:23:15.648 <RMT> p_attr_len: Malformed ORIGIN attribute - invalid length (2)", "this one declares 2")
}
