package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestExplainMUP: an UPDATE announcing a MUP Type 1 Session Transformed
// route (draft-mpmz-bess-mup-safi §3.1.3, with a Source Address and a TLV)
// tiles, and each field of the route is a node with its section.
func TestExplainMUP(t *testing.T) {
	in := mustHex(t, "ffffffffffffffffffffffffffffffff 004d 02 0000 0036"+
		"40010100 400200 800e2c 0001 55 04 c0000201 00"+
		"01 0003 1f 0000fde800000001 18 0a0001 00000064 09 20 c0000201 20 c0000202 01 02 abcd")
	x := BGP(in, Options{Session: bgp.Session{AS4: true}, FixedAS4: true})
	if len(x.Errors) != 0 {
		t.Fatalf("errors %v", x.Errors)
	}
	checkTiling(t, in, x)
	want := map[string]string{
		"route_type":          "3 (t1st)",
		"route_distinguisher": "65000:1",
		"prefix":              "10.0.1.0/24",
		"teid":                "0x00000064",
		"qfi":                 "9",
		"endpoint_address":    "192.0.2.1",
		"source_address":      "192.0.2.2",
		"tlv":                 "type 1 value abcd",
	}
	x.Messages[0].Walk(func(n *Node, _ int) {
		if w, ok := want[n.Name]; ok && n.Value == w && strings.HasPrefix(n.Ref, "draft-mpmz-bess-mup-safi §3.1") {
			delete(want, n.Name)
		}
	})
	if len(want) != 0 {
		t.Errorf("not explained: %v", want)
	}
}
