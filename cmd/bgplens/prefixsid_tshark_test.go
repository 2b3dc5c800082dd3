package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// prefixSIDCaptures are the captures (under testdata/) whose UPDATEs carry
// BGP_PREFIX_SID: Cisco IOS XR SRv6 L3VPN routes in Swisscom's
// traffic-reproducer and pmacct captures.
var prefixSIDCaptures = []string{
	"traffic-reproducer/examples/pcap_processing/bgp.pcap",
	"traffic-reproducer/examples/pcap_processing/bgp-multi-sources.pcap",
	"pmacct/tests/500-IPFIXv10-BGP-CISCO-SRv6/traffic-00.pcap",
	"pmacct/tests/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms/traffic-00.pcap",
}

// prefixSIDTsharkFields are tshark's fields for what bgplens decodes of
// the attribute, in the order prefixSIDFacts writes them.
var prefixSIDTsharkFields = []string{"bgp.prefix_sid.type", "bgp.prefix_sid.label_index.value",
	"bgp.prefix_sid.originator_srgb_base", "bgp.prefix_sid.originator_srgb_range",
	"bgp.prefix_sid.srv6_l3vpn.sid_value", "bgp.prefix_sid.srv6_l3vpn.sid_flags",
	"bgp.prefix_sid.srv6_l3vpn.srv6_endpoint_behavior", "bgp.prefix_sid.srv6_l3vpn.sid.locator_block_len",
	"bgp.prefix_sid.srv6_l3vpn.sid.locator_node_len", "bgp.prefix_sid.srv6_l3vpn.sid.func_len",
	"bgp.prefix_sid.srv6_l3vpn.sid.arg_len", "bgp.prefix_sid.srv6_l3vpn.sid.trans_len",
	"bgp.prefix_sid.srv6_l3vpn.sid.trans_offset"}

// prefixSIDFacts appends, per tshark field, the values of one attribute.
func prefixSIDFacts(cols [][]string, v bgp.PrefixSIDView) {
	for tl := range v.TLVs() {
		cols[0] = append(cols[0], strconv.Itoa(int(tl.Type)))
		if _, idx, ok := tl.LabelIndex(); ok {
			cols[1] = append(cols[1], strconv.FormatUint(uint64(idx), 10))
		}
		for base, n := range tl.SRGBs() {
			cols[2] = append(cols[2], strconv.FormatUint(uint64(base), 10))
			cols[3] = append(cols[3], strconv.FormatUint(uint64(n), 10))
		}
		for s := range tl.ServiceSubTLVs() {
			sid, flags, beh, ok := s.SIDInformation()
			if !ok {
				continue
			}
			cols[4] = append(cols[4], sid.String())
			cols[5] = append(cols[5], "0x"+strconv.FormatUint(uint64(flags)|0x100, 16)[1:])
			cols[6] = append(cols[6], "0x"+strconv.FormatUint(uint64(beh)|0x10000, 16)[1:])
			for ss := range s.SubSubTLVs() {
				if st, ok := ss.SIDStructure(); ok {
					for i, x := range st {
						cols[7+i] = append(cols[7+i], strconv.Itoa(int(x)))
					}
				}
			}
		}
	}
}

// TestPrefixSIDAgreesWithTshark: every BGP_PREFIX_SID of the SRv6
// captures decodes, re-encodes byte for byte, and its fields are tshark's,
// field by field in file order.
func TestPrefixSIDAgreesWithTshark(t *testing.T) {
	testrig.NeedTool(t, "tshark")
	for _, rel := range prefixSIDCaptures {
		ours := make([][]string, len(prefixSIDTsharkFields))
		n := 0
		for m, u := range captureUpdates(t, rel) {
			for a := range u.Attrs() {
				if a.Type != bgp.AttrPrefixSID {
					continue
				}
				v, err := a.PrefixSID()
				if err != nil {
					t.Fatalf("%s frame %d: %v", rel, m.Rec+1, err)
				}
				if got := v.Owned().AppendBinary(nil); string(got) != string(a.Value) {
					t.Errorf("%s frame %d: re-encoded %x", rel, m.Rec+1, got)
				}
				prefixSIDFacts(ours, v)
				n++
			}
		}
		if n == 0 {
			t.Fatalf("%s: no BGP_PREFIX_SID", rel)
		}
		theirs := make([][]string, len(prefixSIDTsharkFields))
		for _, row := range tsharkRows(t, rel, prefixSIDTsharkFields) {
			for i, c := range row {
				if c != "" {
					theirs[i] = append(theirs[i], strings.Split(c, ",")...)
				}
			}
		}
		for i, f := range prefixSIDTsharkFields {
			if strings.Join(ours[i], ",") != strings.Join(theirs[i], ",") {
				t.Errorf("%s %s:\n bgplens %v\n tshark  %v", rel, f, ours[i], theirs[i])
			}
		}
		t.Logf("%s: %d attributes, %d SIDs agree with tshark", rel, n, len(ours[4]))
	}
}

// tsharkRows runs tshark on a BGP capture of testdata (port 179 decoded as
// BGP) and returns the fields of each frame that has any, in frame order.
func tsharkRows(t *testing.T, rel string, fields []string) [][]string {
	t.Helper()
	var rows [][]string
	for _, line := range tsharkLines(t, rel, fields, "-d", "tcp.port==179,bgp") {
		if strings.Trim(line, "|") != "" {
			rows = append(rows, strings.Split(line, "|"))
		}
	}
	return rows
}
