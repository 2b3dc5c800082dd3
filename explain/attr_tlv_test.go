package explain

import (
	"os"
	"strconv"
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

// TestExplainPrefixSID: the Cisco IOS XR SRv6 L3VPN UPDATEs of Swisscom's
// traffic-reproducer capture tile, and their BGP_PREFIX_SID reads as the
// SIDs tshark shows (2001:db8:91::, End.DT4 or End.DT6 with NEXT-CSID: 63,
// 62) with the
// SRv6 service's parts beneath.
func TestExplainPrefixSID(t *testing.T) {
	n := 0
	for _, x := range captureUpdates(t, "traffic-reproducer/examples/pcap_processing/bgp.pcap") {
		x.Messages[0].Walk(func(nd *Node, _ int) {
			if nd.Name != "srv6_l3_service" {
				return
			}
			n++
			v, _ := nd.Value.(string)
			if (!strings.Contains(v, "behavior 63 structure") && !strings.Contains(v, "behavior 62 structure")) || !strings.HasSuffix(v, "structure 32/16/16/0 transposition 16@48") || nd.Ref != "RFC 9252 §2" {
				t.Errorf("%+v", nd)
			}
			if len(nd.Children) != 4 || nd.Children[3].Name != "srv6_sid_information" {
				t.Errorf("parts %+v", nd.Children)
			}
		})
	}
	if n == 0 {
		t.Fatal("no SRv6 L3 Service explained")
	}
}

// TestExplainAttrSet: tcpdump's bgp_vpn_attrset UPDATE tiles, and its
// ATTR_SET shows the Origin AS and each attribute in it explained as an
// UPDATE's are (LOCAL_PREF 44 inside, as tshark reads it).
func TestExplainAttrSet(t *testing.T) {
	found := false
	for _, x := range captureUpdates(t, "tcpdump/tests/bgp_vpn_attrset.pcap") {
		x.Messages[0].Walk(func(n *Node, _ int) {
			if n.Name != "attr_set" {
				return
			}
			found = true
			v := n.Children[len(n.Children)-1]
			var names []string
			lp := ""
			for _, c := range v.Children {
				names = append(names, c.Name)
				if c.Name == "local_pref" {
					lp = summaryText(c)
				}
			}
			if strings.Join(names, " ") != "origin_as origin as_path local_pref originator_id cluster_list" || !strings.HasPrefix(lp, "44 ") {
				t.Errorf("%v, local_pref %q", names, lp)
			}
		})
	}
	if !found {
		t.Fatal("no ATTR_SET explained")
	}
}

func summaryText(n *Node) string {
	switch v := n.Value.(type) {
	case string:
		return v
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return ""
}

// TestExplainPMSIValue: a PMSI_TUNNEL (RFC 6514 §5) reads as its text, and
// one too short for its header keeps its octets with the problem.
func TestExplainPMSIValue(t *testing.T) {
	for _, tc := range []struct {
		name, hex, value, problem string
	}{
		{"ingress replication", `ffffffff ffffffff ffffffff ffffffff 0023 02 0000 000c
			c0 16 09 00 06 003e80 c0000201`, "ingress-replication flags 0x00 label 1000 endpoint 192.0.2.1", ""},
		{"4 octets", `ffffffff ffffffff ffffffff ffffffff 001e 02 0000 0007
			c0 16 04 00 06 0000`, "", "PMSI"},
	} {
		in := mustHex(t, tc.hex)
		x := BGP(in, Options{Session: bgp.Session{AS4: true}})
		var val *Node
		x.Messages[0].Walk(func(n *Node, _ int) {
			if n.Name == "value" && val == nil {
				val = n
			}
		})
		if val == nil {
			t.Fatalf("%s: no attribute value in %+v", tc.name, x.Messages[0])
		}
		if got, _ := val.Value.(string); got != tc.value {
			t.Errorf("%s: value %q, want %q", tc.name, got, tc.value)
		}
		if tc.problem == "" && val.Problem != "" || !strings.Contains(val.Problem, tc.problem) {
			t.Errorf("%s: problem %q, want one naming %q", tc.name, val.Problem, tc.problem)
		}
	}
}
