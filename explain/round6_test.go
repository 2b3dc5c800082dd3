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
