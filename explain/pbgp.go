package explain

import (
	"strings"
)

// DE-CIX's pbgp-parser prints each BGP message of a capture as a tree:
// "[BGPMessage UPDATE] - 75 Bytes" (the BGP message's length), then
// "|- Name: value" lines (MAC and IP addresses of the packet, its time,
// the UPDATE's sub-type, withdrawn routes and path attribute lengths) and
// "|--- value" lines under them (prefixes, path attributes in words). It
// holds no octets: its addresses are not hex.
var (
	rePbgpHead  = gate(`^\[BGPMessage ([A-Z_-]+)\] - (\d{1,5}|X+) Bytes\s*$`)
	rePbgpField = gate(`^\|-+ ?([^:]+?):\s*(.*?)\s*$`)
	rePbgpItem  = gate(`^\|-{2,} ?(\S.*?)\s*$`)
)

// pbgpFields says what each of pbgp-parser's field names holds.
var pbgpFields = map[string][3]string{
	"MAC":                         {"mac", "the frame's source and destination MAC addresses: the packet's, not BGP's", ""},
	"IP":                          {"ip", "the packet's source and destination address and TCP port (179 is BGP's)", "RFC 4271 §8.2.1"},
	"Timestamp":                   {"timestamp", "when the packet was captured", ""},
	"Update Message Sub-Type":     {"update_subtype", "pbgp-parser's own summary: ANNOUNCE (NLRI present), WITHDRAW, or NONE (routes only in MP_REACH_NLRI/MP_UNREACH_NLRI)", ""},
	"Withdrawn Routes Length":     {"withdrawn_routes_length", "octets of withdrawn IPv4 routes", "RFC 4271 §4.3"},
	"Total Path Attribute Length": {"total_path_attribute_length", "octets of path attributes", "RFC 4271 §4.3"},
	"Prefix (NLRI)":               {"nlri", "IPv4 routes the UPDATE announces", "RFC 4271 §4.3"},
	"Withdrawn Routes":            {"withdrawn_routes", "IPv4 routes the UPDATE withdraws", "RFC 4271 §4.3"},
	"Path Attributes":             {"path_attributes", "", "RFC 4271 §4.3"},
	"ORIGIN":                      {"origin", "ORIGIN", "RFC 4271 §5.1.1"},
	"AS_PATH":                     {"as_path", "AS_PATH", "RFC 4271 §5.1.2"},
	"NEXT_HOP":                    {"next_hop", "NEXT_HOP", "RFC 4271 §5.1.3"},
	"MULTI_EXIT_DISC":             {"med", "MULTI_EXIT_DISC", "RFC 4271 §5.1.4"},
	"LOCAL_PREF":                  {"local_pref", "LOCAL_PREF", "RFC 4271 §5.1.5"},
	"COMMUNITIES":                 {"communities", "COMMUNITIES", "RFC 1997"},
	"LARGE_COMMUNITIES":           {"large_communities", "LARGE_COMMUNITY, as global administrator:data 1:data 2", "RFC 8092"},
	"MP_REACH_NLRI":               {"mp_reach_nlri", "MP_REACH_NLRI: the next hop(s) and routes of another address family", "RFC 4760 §3"},
	"MP_UNREACH_NLRI":             {"mp_unreach_nlri", "MP_UNREACH_NLRI: withdrawn routes of another address family", "RFC 4760 §4"},
	"Next Hop":                    {"next_hop", "the next hop; two IPv6 addresses are the global one and the link-local one", "RFC 4760 §3, RFC 2545 §3"},
	"NLRI":                        {"nlri", "the routes announced", "RFC 4760 §3"},
}

// pbgpBlock explains a pbgp-parser tree; nil when the entry is none.
func pbgpBlock(text string) (*Node, string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	h := rePbgpHead.find(cased(strings.TrimSpace(lines[0])))
	if h == nil {
		return nil, ""
	}
	n := wordNode("pbgp_message", h[1], "a BGP "+h[1]+" message as pbgp-parser prints it from a capture: fields in words, no octets", "")
	n.Label = "pbgp-parser " + h[1] + " (text, no octets)"
	ln := "the BGP message's length, header included"
	if strings.Trim(h[2], "X") == "" {
		ln = "masked by the poster"
	}
	n.add(wordNode("length", h[2], ln, "RFC 4271 §4.1"))
	// parents[d] is the field a line of depth d (its dashes) goes under.
	parents := map[int]*Node{0: n}
	under := func(d int) *Node {
		for ; d > 0; d-- {
			if p := parents[d-1]; p != nil {
				return p
			}
		}
		return n
	}
	prefixes, attrLen, wdLen := 0, -1, -1
	inNLRI := false
	for _, l := range lines[1:] {
		t := strings.TrimSpace(l)
		d := len(t) - len(strings.TrimLeft(strings.TrimPrefix(t, "|"), "-")) - 1
		if m := rePbgpField.find(cased(t)); m != nil && pbgpFields[m[1]] != [3]string{} {
			k := pbgpFields[m[1]]
			f := wordNode(k[0], m[2], k[1], k[2])
			switch k[0] {
			case "as_path":
				f = asPathNode(m[2])
			case "total_path_attribute_length":
				attrLen = atoiOr(strings.Fields(m[2] + " x")[0], -1)
			case "withdrawn_routes_length":
				wdLen = atoiOr(strings.Fields(m[2] + " x")[0], -1)
			}
			inNLRI = m[1] == "Prefix (NLRI)"
			under(d).add(f)
			for k := range parents {
				if k >= d {
					delete(parents, k)
				}
			}
			if m[2] == "" {
				parents[d] = f
			}
			continue
		}
		if m := rePbgpItem.find(cased(t)); m != nil && m[1] != "-" {
			p := under(d + 1) // an item lists under the open field of its own depth or above
			it := wordNode("item", m[1], "", "")
			if p.Name == "next_hop" && len(p.Children) == 1 && !strings.HasPrefix(strings.ToLower(m[1]), "fe8") {
				it.Problem = "a second IPv6 next hop should be the link-local one (fe80::/10, RFC 2545 §3); this one is not"
			}
			p.add(it)
			if inNLRI {
				prefixes += 1 + (prefixBits(m[1])+7)/8
			}
		}
	}
	s := "pbgp-parser's tree of a BGP " + h[1] + " message (" + h[2] + " octets), printed from a capture"
	if l := atoiOr(h[2], -1); l > 0 && attrLen >= 0 && wdLen >= 0 {
		sum := 19 + 2 + wdLen + 2 + attrLen + prefixes
		if sum == l {
			s += "; its lengths add up: 19 (header) + 2 + " + itoa(wdLen) + " (withdrawn routes) + 2 + " + itoa(attrLen) +
				" (path attributes) + " + itoa(prefixes) + " (NLRI, a length octet and the prefix's octets each) = " + h[2]
		}
	}
	return n, s
}

// prefixBits is the length of a prefix written as "a.b.c.d/n", or 0.
func prefixBits(p string) int {
	_, l, ok := strings.Cut(p, "/")
	if !ok {
		return 0
	}
	return atoiOr(l, 0)
}

// rePbgpTree is a line of pbgp-parser's tree after its head: "|- ",
// "|--- " or a bare "|" (a Markdown table's "|---|" is none).
var rePbgpTree = gate(`^\|(?:-+ |-*$)`)
