package explain

import (
	"strings"
	"testing"
)

// TestExplainFamilies: each EVPN, FlowSpec and RTC entry of the real
// captures is a node whose value is the entry's text and whose fields name
// the RFC sections; an entry that does not decode says why.
func TestExplainFamilies(t *testing.T) {
	for _, tc := range []struct {
		file    string
		first   string // the first entry's text
		fields  []string
		problem string
	}{
		{"os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_ip_prefix.pcap", "ip-prefix rd 65000:10 esi 0 tag 10 prefix 10.10.10.10/24 gateway 20.20.20.20 label 0/vni 0",
			[]string{"route_type", "length", "route_distinguisher", "ethernet_segment_identifier", "ethernet_tag_id", "ip_prefix_length", "ip_prefix", "gw_ip_address", "mpls_label1"}, ""},
		{"os-ken/os_ken/tests/packet_data/bgp4/flowspec_action_redirect.pcap", "destination 10.3.0.0/24, source 20.3.0.0/24",
			[]string{"nlri_length", "destination_prefix", "source_prefix"}, ""},
		{"tcpdump/tests/bgp-rt-prefix.pcap", "origin-as 22", []string{"length", "origin_as"}, ""},
		{"os-ken/os_ken/tests/packet_data/bgp4/flowspec_nlri_l2vpn.pcap", "", nil, ""},
	} {
		var entries []*Node
		for _, x := range captureUpdates(t, tc.file) {
			x.Messages[0].Walk(func(n *Node, _ int) {
				if n.Name == "nlri_entry" || n.Name == "withdrawn_entry" {
					entries = append(entries, n)
				}
			})
		}
		if len(entries) == 0 {
			t.Fatalf("%s: no entry explained", tc.file)
		}
		e := entries[0]
		if tc.first == "" {
			if e.Value != nil || !strings.Contains(e.Meaning, "not decoded") || len(e.Children) != 0 {
				t.Errorf("%s: %v %q", tc.file, e.Value, e.Meaning)
			}
			continue
		}
		if tc.problem != "" {
			if !strings.Contains(e.Problem, tc.problem) || len(e.Children) != 0 {
				t.Errorf("%s: problem %q", tc.file, e.Problem)
			}
			continue
		}
		if e.Value != tc.first || e.Problem != "" {
			t.Errorf("%s: %v %s", tc.file, e.Value, e.Problem)
		}
		var names []string
		for _, c := range e.Children {
			names = append(names, c.Name)
			if c.Ref == "" || c.Label == "" && strings.Contains(c.Name, "_") {
				t.Errorf("%s: %s without reference or label", tc.file, c.Name)
			}
		}
		if strings.Join(names, " ") != strings.Join(tc.fields, " ") {
			t.Errorf("%s: fields %v, want %v", tc.file, names, tc.fields)
		}
	}
}
