package explain

import (
	"strings"
	"testing"
)

// Held-out round 6: a connection from an address no neighbour is
// configured for (BIRD, GoBGP) and BIRD's socket errors, in its log and in
// its "show protocols" columns (and calicoctl's copy of them); each was
// "no octets found, no error code".
func TestRound6Events(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"bird: BGP: Unexpected connect from unknown address 192.0.2.7 (port 40121)", "no neighbour is configured"},
		{`time="2025-02-10T06:38:08.518512874Z" level=info msg="Can't find configuration for a new passive connection" Key=172.16.100.2 Topic=Peer asn=65001 component=gobgp.BgpServerInstance subsys=bgp-control-plane`, "no neighbour is configured"},
		{"|  10.0.5.102  | node-to-node mesh | start | 07:05:27 | Active        Socket: Connection closed |", "without a NOTIFICATION"},
		{"    Last error:       Socket: Connection reset by peer", "without a NOTIFICATION"},
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

// A "Last error:" or state column that is not BIRD's error-class form says
// nothing of BGP, and "Connection closed" alone is not read as BIRD's.
func TestRound6NotBIRD(t *testing.T) {
	for _, text := range []string{
		"Last error: disk full",
		"ssh: Connection closed by remote host",
	} {
		if x := Line(text, Options{}); len(x.Diagnosis) != 0 {
			t.Errorf("%q: diagnosis %q, want none", text, x.Diagnosis)
		}
	}
}

// FRR tags its errors "[EC 33554503]": a reference into its error
// catalogue, neither the label nor the number is octets.
func TestFRRErrorRefNotOctets(t *testing.T) {
	for _, text := range []string{
		"Jan 13 08:12:31 frr-lg bgpd[10003]: [EC 33554503] 186.xxx.xxx.1 unrecognized capability code: 71 - ignored",
		"May  1 17:34:16 rr0sh100 bgpd[577]: [EC 33554501] 91.222.112.5 Unexpected afi/safi/next-hop afi: IPv4/multicast/2 in Extended Next-hop capability, ignoring",
	} {
		octetsRead(t, text, 0)
	}
	// A dump whose octets happen to spell "ec" is still read.
	octetsRead(t, "data: ec 33 55 45 03 00 01 02", 8)
}

// A capability, or a part of one, that the router does not know or
// support and ignores: RFC 5492 §4, not an error.
func TestCapabilityIgnored(t *testing.T) {
	for _, text := range []string{
		"2026/02/02 05:39:04 BGP: [JG0WZ-7X009][EC 33554504] 192.168.2.20 unrecognized capability code: 76 - ignored",
		"May  1 17:34:16 rr0sh100 bgpd[577]: [EC 33554501] 91.222.112.5 Unexpected afi/safi/next-hop afi: IPv4/multicast/2 in Extended Next-hop capability, ignoring",
	} {
		x := Line(text, Options{})
		if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, "RFC 5492 §4") {
			t.Errorf("%q: diagnosis %q, want the capability ignored (RFC 5492 §4)", text, d)
		}
	}
}

// An attribute an external neighbour must not send (LOCAL_PREF, RFC 4271
// §5.1.5; ORIGINATOR_ID, CLUSTER_LIST), which the router drops: BIRD and
// Junos say so in words.
func TestAttributeFromExternal(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"bird: gobgp: Discarding LOCAL_PREF attribute received from EBGP neighbor", "RFC 4271 §5.1.5"},
		{"bird: gobgp: Discarding ORIGINATOR_ID attribute received from EBGP neighbor", "attribute discard"},
		{"BGP_ERROR_UNEXPECTED_LOCAL_PREF: bgp_recv_v4_update: external peer x.x.x.x (External AS 65400) UPDATE included LOCALPREF attribute", "RFC 4271 §5.1.5"},
	} {
		x := Line(c.text, Options{})
		if d := strings.Join(x.Diagnosis, " "); !strings.Contains(d, c.want) {
			t.Errorf("%q: diagnosis %q, want %q in it", c.text, d, c.want)
		}
	}
}

// GoBGP resets a session on a message it cannot parse and says why; a
// prefix length past the family's is what an ADD-PATH disagreement gives.
func TestMalformedReset(t *testing.T) {
	x := Line(`WARN[0052] Session will be reset due to malformed BGP message  Key=10.1.0.1 State=BGP_FSM_ESTABLISHED Topic=Peer error="network bit length is too long"`, Options{})
	d := strings.Join(x.Diagnosis, " ")
	for _, want := range []string{"could not parse", "RFC 7911"} {
		if !strings.Contains(d, want) {
			t.Errorf("diagnosis %q, want %q in it", d, want)
		}
	}
}

// IOS's "active open failed - open timer running" is a delayed attempt,
// not a failed connection; "tcb is not available" is a failed one.
func TestOpenTimerRunning(t *testing.T) {
	says := func(x *Explanation, part string) bool {
		return strings.Contains(strings.Join(x.Diagnosis, " ")+strings.Join(x.Line.Evidence, " "), part)
	}
	x := lineOf("BGP: 192.0.2.1 active open failed - open timer running, open active delayed 10464ms (35000ms max, 60% jitter)")
	if !says(x, "put off its own connection attempt") || says(x, "could not be opened") {
		t.Errorf("open timer running: %q %q", x.Line.Evidence, x.Diagnosis)
	}
	x = lineOf("BGP: 192.0.2.1 active open failed - tcb is not available, open active delayed 9216ms (35000ms max, 60% jitter)")
	if !says(x, "could not be opened") {
		t.Errorf("tcb not available: %q %q", x.Line.Evidence, x.Diagnosis)
	}
}
