package explain

import (
	"os"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestExplainBGPLS: an UPDATE of a real BGP-LS speaker (ExaBGP's vector
// bgp-ls-9, testdata/README.md) tiles; its NLRI entry reads as a node, and
// the BGP-LS attribute's TLVs are nodes named as RFC 9552 and RFC 9085 name
// them, with type, length and value beneath.
func TestExplainBGPLS(t *testing.T) {
	raw, err := os.ReadFile("../testdata/exabgp/qa/decoding/bgp-ls-9")
	if err != nil {
		t.Fatal(err)
	}
	in := mustHex(t, strings.Split(string(raw), "\n")[1])
	x := BGP(in, Options{Session: bgp.Session{AS4: true}, FixedAS4: true})
	if len(x.Errors) != 0 {
		t.Fatalf("errors %v", x.Errors)
	}
	checkTiling(t, in, x)
	got := map[string]*Node{}
	x.Messages[0].Walk(func(n *Node, _ int) {
		if got[n.Name] == nil {
			got[n.Name] = n
		}
	})
	if e := got["nlri_entry"]; e == nil || !strings.HasPrefix(e.Value.(string), "node isis-l2 id 700 local-node {as 15924") {
		t.Errorf("entry %+v", e)
	}
	for name, want := range map[string]string{
		"node_name":       "router",
		"sr_capabilities": "flags 0x80 range 8000 first 16000",
		"igp_router_id":   "0101.3400.0041",
	} {
		n := got[name]
		if n == nil || n.Value != want || !strings.HasPrefix(n.Ref, "RFC 9") {
			t.Errorf("%s: %+v", name, n)
		}
	}
	if n := got["node_name"]; n != nil && (len(n.Children) != 3 || n.Children[0].Name != "type") {
		t.Errorf("node_name parts %+v", n.Children)
	}
}
