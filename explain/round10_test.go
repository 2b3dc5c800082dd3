package explain

import (
	"strings"
	"testing"
)

// Round 10: real lines held out from the corpus (testdata/loglines
// README, "Round 10"), by class. Each case names what the words say that
// was not read before.

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
