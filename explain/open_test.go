package explain

import (
	"fmt"
	"strings"
	"testing"
)

// TestCapabilityRecords: ADD-PATH entries and extended next hop tuples are
// taken apart field by field, at their offsets, cited to their RFCs.
func TestCapabilityRecords(t *testing.T) {
	in := mustHex(t, "ffffffff ffffffff ffffffff ffffffff 0031 01 04 fde9 00b4 c0000201 14 02 12"+
		" 4508 0001 01 03 0002 01 01"+ // ADD-PATH: IPv4 unicast send/receive, IPv6 unicast receive
		" 0506 0001 0001 0002") // extended next hop: IPv4 unicast over IPv6 next hops
	x := BGP(in, Options{})
	checkTiling(t, in, x)
	var got []string
	for _, name := range []string{"add_path_entry", "tuple"} {
		for _, n := range findAll(x, name) {
			line := []string{fmt.Sprintf("%s %d+%d %v %s", n.Name, n.Off, n.Len, n.Value, n.Ref)}
			for _, c := range n.Children {
				line = append(line, fmt.Sprintf("%s %d+%d %v %q %s", c.Name, c.Off, c.Len, c.Value, c.Meaning, c.Ref))
			}
			got = append(got, strings.Join(line, "; "))
		}
	}
	want := []string{
		`add_path_entry 33+4 IPv4 Unicast send/receive RFC 7911 §4; afi 33+2 1 "IPv4" RFC 7911 §4; safi 35+1 1 "Unicast" RFC 7911 §4; send_receive 36+1 3 "send/receive" RFC 7911 §4`,
		`add_path_entry 37+4 IPv6 Unicast receive RFC 7911 §4; afi 37+2 2 "IPv6" RFC 7911 §4; safi 39+1 1 "Unicast" RFC 7911 §4; send_receive 40+1 1 "receive" RFC 7911 §4`,
		`tuple 43+6 IPv4 Unicast over IPv6 next hops RFC 8950 §4; nlri_afi 43+2 1 "IPv4" RFC 8950 §4; nlri_safi 45+2 1 "Unicast" RFC 8950 §4; nexthop_afi 47+2 2 "IPv6" RFC 8950 §4`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMPHeadProblem: an MP_REACH_NLRI or MP_UNREACH_NLRI too short for its
// fixed fields shows its AFI and SAFI, says so on its value and explains
// nothing past them.
func TestMPHeadProblem(t *testing.T) {
	for _, tc := range []struct{ in, attr string }{
		{"ffffffff ffffffff ffffffff ffffffff 001d 02 0000 0006 800e03 000101", "mp_reach_nlri"},
		{"ffffffff ffffffff ffffffff ffffffff 001c 02 0000 0005 800f02 0001", "mp_unreach_nlri"},
	} {
		x := BGP(mustHex(t, tc.in), Options{})
		a := find(x, tc.attr)
		if a == nil || len(a.Children) != 4 {
			t.Fatalf("%s: %+v", tc.attr, a)
		}
		v := a.Children[3]
		var names []string
		for _, c := range v.Children {
			names = append(names, c.Name)
		}
		if v.Name != "value" || !strings.Contains(v.Problem, "shorter than its fixed fields") || strings.Join(names, " ") != "afi safi" {
			t.Errorf("%s: value %q problem %q, children %v", tc.attr, v.Name, v.Problem, names)
		}
	}
}

// TestMPHeadLocated: an MP_REACH_NLRI whose fixed fields are whole but
// whose NLRI holds a bad prefix is still explained past its AFI and SAFI:
// the next hop and the reserved octet are shown, and the problem lands
// on the prefix, not on the whole value.
func TestMPHeadLocated(t *testing.T) {
	in := mustHex(t, "ffffffff ffffffff ffffffff ffffffff 0029 02 0000 0012 800e0f 0001 01 04 c0000201 00 21 0a000000 00")
	x := BGP(in, Options{})
	checkTiling(t, in, x)
	a := find(x, "mp_reach_nlri")
	if a == nil || len(a.Children) != 4 {
		t.Fatalf("mp_reach_nlri: %+v", a)
	}
	v := a.Children[3]
	var names []string
	for _, c := range v.Children {
		names = append(names, c.Name)
	}
	if strings.Join(names, " ") != "afi safi next_hop_length next_hop reserved nlri" {
		t.Fatalf("value's children %v", names)
	}
	if v.Problem != "" {
		t.Errorf("the value took the prefix's problem: %q", v.Problem)
	}
	if nh := v.Children[3]; nh.Value != "192.0.2.1" {
		t.Errorf("next hop %v", nh.Value)
	}
	var problems []string
	var walk func(n *Node)
	walk = func(n *Node) {
		if n.Problem != "" {
			problems = append(problems, n.Name+": "+n.Problem)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(v.Children[5])
	if len(problems) != 1 || !strings.Contains(problems[0], "prefix length longer than the address") {
		t.Errorf("want one problem about the /33 prefix under nlri, got %q", problems)
	}
}
