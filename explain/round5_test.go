package explain

import (
	"strings"
	"testing"
)

// Held-out round 5: Junos state-change events, socket errors in words, BMP
// collector order errors; each was "no octets found, no error code".
func TestRound5Events(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Dec  8 15:59:15  r rpd[7538]: %DAEMON-4-RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 10.44.225.3 (External AS 65324) changed state from Established to Idle (event BfdDown) (instance master)", "RFC 9384"},
		{"Sep 18 16:16:09  P4 rpd[6962]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 3.3.3.3 (Internal AS 65000) changed state from Established to Idle (event HoldTime) (instance master)", "Hold Timer Expired (4/0"},
		{"rpd[1]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 198.51.100.7 (External AS 64512) changed state from Established to Idle (event RecvNotify)", "event 25 NotifMsg"},
		{"rpd[1]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.9 (External AS 65020) changed state from OpenConfirm to Established (event RecvKeepAlive)", "not an error"},
		{"Dec  8 15:59:48.541 2021  r rpd[7549]: %DAEMON-3-BGP_CONNECT_FAILED: bgp_connect_start: connect 10.44.225.3 (External AS 65324): No route to host", "TcpConnectionFails"},
		{"Oct 14 07:37:07 juniper2 rpd[15846]: bgp_recv: peer 192.168.1.2 (External AS\nxxxx): received unexpected EOF", "without a NOTIFICATION"},
		{"Oct 14 07:37:17 juniper2 rpd[15846]: bgp_event: peer 192.168.1.2 (External AS\nxxxx) old state OpenConfirm event RecvKeepAlive new state Established", "not an error"},
		{"INFO ( default/core ): [x.x.x.x] [route] packet discarded: missing peer up BMP message for peer_ip: y.y.y.y", "RFC 7854 §4.10"},
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

// Junos names a routing instance by a 32-digit hex id: a name, not octets.
func TestInstanceIDNotOctets(t *testing.T) {
	x := Line("<140>Apr 23 01:06:50 e rpd[17585]: %DAEMON-4-RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer 192.0.2.9 (External AS 65020) changed state from OpenConfirm to Established (event RecvKeepAlive) (instance 7af80d50b20c47d6b98e6e925cefe0ea)", Options{})
	if x.Line.Present != 0 {
		t.Errorf("%d octets read from the instance id, want none", x.Line.Present)
	}
}

// A Hard Reset stated without data or a count: what its data lacks is not
// the NOTIFICATION's fault, the Hard Reset is explained, and a reason that
// is another error's name does not pass for the error sent. A count of 0
// stated keeps the fault (RFC 8538 §3 asks for the inner code).
func TestHardResetUnprinted(t *testing.T) {
	x := Line("Dec  8 15:59:15  r rpd[7538]: %DAEMON-4: bgp_bfd_callback:190: NOTIFICATION sent to 10.44.225.3 (External AS 65324): code 6 (Cease) subcode 9 (Hard Reset), Reason: BFD Session Down", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 9 {
		t.Fatalf("code %d/%d, want 6/9", x.Line.Code, x.Line.Subcode)
	}
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) {
			if n.Problem != "" {
				t.Errorf("node %s: problem %q on data the entry does not print", n.Name, n.Problem)
			}
		})
	}
	if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, "Graceful Restart") {
		t.Errorf("diagnosis %q does not explain the Hard Reset", d)
	}
	ev := strings.Join(x.Line.Evidence, " | ")
	if !strings.Contains(ev, `names the error: "hard reset"`) || !strings.Contains(ev, "as the reason") {
		t.Errorf("evidence %q: want the Hard Reset named and BFD Session Down as the reason", ev)
	}
	y := Line("BGP: %NOTIFICATION: sent to neighbor 192.0.2.1 6/9 (Cease/Hard Reset) 0 bytes", Options{})
	bad := false
	for _, m := range y.Messages {
		m.Walk(func(n *Node, _ int) { bad = bad || n.Problem != "" })
	}
	if !bad {
		t.Errorf("a Hard Reset stated with 0 octets of data lost its fault")
	}
}

// GoBGP states the two ASes of a Bad Peer AS as "expected N, received M".
func TestGoBGPASMismatchWords(t *testing.T) {
	x := Line(`level=warning msg="sent notification" Data="as number mismatch expected 65003, received 65000" Key=10.0.1.1 Topic=Peer asn=65001`, Options{})
	if ev := strings.Join(x.Line.Evidence, " "); !strings.Contains(ev, "carried AS 65000 where AS 65003 is configured") {
		t.Errorf("evidence %q lacks the two ASes", ev)
	}
}

// Junos's "show bgp neighbor" counts NOTIFICATIONs by code: a count is
// not one Cease without a subcode.
func TestJunosErrorTally(t *testing.T) {
	x := Line("     Error: 'Cease' Sent: 0 Recv: 43", Options{})
	d := strings.Join(x.Diagnosis, " ")
	if strings.Contains(d, "did not say why") || !strings.Contains(d, "counts NOTIFICATIONs") {
		t.Errorf("diagnosis %q: want the count explained, not a Cease 6/0", d)
	}
	y := Line("  Last Error: Hold Timer Expired Error\n  Error: 'Open Message Error' Sent: 0 Recv: 34", Options{})
	if y.Line.Code != 4 || !strings.Contains(strings.Join(y.Line.Evidence, " "), "'Open Message Error' sent 0, received 34") {
		t.Errorf("code %d, evidence %q: want 4/0 and the tally", y.Line.Code, y.Line.Evidence)
	}
}

// BIRD 1 traces a NOTIFICATION's code and subcode as "code=6.3".
func TestBIRDDottedCode(t *testing.T) {
	x := Line("2015-05-19 04:13:21 <TRACE> bgp1: Sending NOTIFICATION(code=6.3)", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 3 {
		t.Errorf("code %d/%d, want 6/3", x.Line.Code, x.Line.Subcode)
	}
}

// Junos's "Last Error: Cease" names the code alone: no subcode is known.
func TestJunosLastErrorCodeOnly(t *testing.T) {
	x := Line("  Last State: OpenConfirm   Last Event: RecvKeepAlive\n  Last Error: Cease\n  Number of flaps: 2", Options{})
	if d := strings.Join(x.Diagnosis, " "); strings.Contains(d, "did not say why") || !strings.Contains(d, "code alone") {
		t.Errorf("diagnosis %q: want the code-only name explained, not a Cease 6/0", d)
	}
	if strings.Contains(x.Line.Error, "subcode 0 assumed") {
		t.Errorf("error %q assumes subcode 0", x.Line.Error)
	}
}

// A show block's "Number of transitions to established" is a count, not
// the session coming up.
func TestTransitionsCountNoEvent(t *testing.T) {
	x := Line("  Number of transitions to established: 21\n  Last sent notification:Cease/BFD down, Last time 18:21:31", Options{})
	if ev := strings.Join(x.Line.Evidence, " "); strings.Contains(ev, "reached Established") {
		t.Errorf("evidence %q reads the count as the session coming up", ev)
	}
}

// An EOS block lists the last NOTIFICATION sent and the last received:
// the more recent reset the session, whichever is listed first.
func TestLatestNotificationOfBlock(t *testing.T) {
	x := Line("  Last sent notification:Hold Timer Expired Error/None, Last time 03:57:45\n  Last rcvd notification:Cease/administrative reset, Last time 00:07:40", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 4 {
		t.Errorf("code %d/%d, want 6/4 (received 7 minutes ago, not the 4/0 sent 4 hours ago)", x.Line.Code, x.Line.Subcode)
	}
	for _, c := range []struct {
		in   string
		want int
	}{{"03:57:45", 14265}, {"4d00h", 345600}, {"1w2d", 777600}, {"3d18h", 324000}, {"4d", 345600}, {"x1", -1}, {"12", -1}} {
		if got := agoSeconds(c.in); got != c.want {
			t.Errorf("agoSeconds(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// A show block's AS in words is named for what the registries reserve it.
func TestNamedASWords(t *testing.T) {
	x := Line("NBR-gateway3 BGP --- start 17:17:33.913 Idle Received: Hold timer expired\n    Neighbor AS:      4248829953\n    Local AS:         8103", Options{})
	ev := strings.Join(x.Line.Evidence, " | ")
	if !strings.Contains(ev, "neighbor AS 4248829953 is private use (RFC 6996)") || strings.Contains(ev, "8103") {
		t.Errorf("evidence %q: want the private neighbour AS named, nothing of AS 8103", ev)
	}
}
