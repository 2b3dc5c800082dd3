package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
)

// TestExplainBGPsec: tcpdump's BGPsec UPDATEs tile, and each BGPsec_PATH
// shows its Secure_Path segments and each signature's SKI (tshark's, e.g.
// 0a15fa1c... for AS 2) with RFC 8205 sections; the crafted capture's
// Signature_Block Length 1 is a problem on the attribute, not a panic.
func TestExplainBGPsec(t *testing.T) {
	n := 0
	for m, x := range captureUpdates(t, "tcpdump/tests/bgp-bgpsec.pcap") {
		had := n
		x.Messages[0].Walk(func(nd *Node, _ int) {
			if nd.Name != "secure_path" {
				return
			}
			n++
			v, _ := nd.Value.(string)
			if !strings.HasPrefix(v, "secure-path ") || nd.Ref != "RFC 8205 §3.1" || len(nd.Children) < 2 || nd.Children[1].Name != "secure_path_segment" {
				t.Errorf("%+v", nd)
			}
		})
		var ski bool
		x.Messages[0].Walk(func(nd *Node, _ int) {
			if v, _ := nd.Value.(string); nd.Name == "ski" && v == "0a15fa1cb92f4d3495fef0ca9180c0a93c4a254f" && nd.Ref == "RFC 8205 §3.2" {
				ski = true
			}
		})
		if n > had && !ski {
			t.Errorf("record %d: no SKI of AS 2", m.Rec)
		}
	}
	if n != 20 {
		t.Fatalf("%d Secure_Paths explained, want 20", n)
	}
	msgs := testrig.Load(t, "tcpdump/tests/bgpsec_invalid_signature_block_length.pcap")
	x := BGP(msgs[0].Data, Options{Session: testrig.Session(msgs[0].Session), FixedAS4: true, FixedAddPath: true})
	found := false
	x.Messages[0].Walk(func(nd *Node, _ int) {
		if strings.Contains(nd.Problem, "Signature_Block Length 1") {
			found = true
		}
	})
	if !found {
		t.Error("crafted Signature_Block Length not reported")
	}
}
