package explain

import (
	"slices"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestExplainCommunityLists: each community list of an UPDATE (values
// written from RFC 1997, RFC 4360, RFC 5701 and RFC 8092) tiles, with one
// node an entry at its offset reading as the entry's text, and the list's
// value the entries' text in order.
func TestExplainCommunityLists(t *testing.T) {
	in := mustHex(t, `ffffffff ffffffff ffffffff ffffffff 005b 02 0000 0044
		c0 08 08 fde80064 ffffff01
		c0 10 10 0002fde800000064 0103c00002010007
		c0 19 14 0002 20010db8000000000000000000000001 0064
		c0 20 0c fa56ea00 00000064 00000002`)
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	if len(x.Errors) != 0 {
		t.Fatalf("errors %v", x.Errors)
	}
	checkTiling(t, in, x)
	for _, tc := range []struct {
		attr, entry string
		off         []int
		want        []any
	}{
		{"communities", "community", []int{26, 30}, []any{"65000:100", "NO_EXPORT"}},
		{"extended_communities", "extended_community", []int{37, 45}, []any{"rt:65000:100", "soo:192.0.2.1:7"}},
		{"ipv6_extended_communities", "ipv6_extended_community", []int{56}, []any{"rt:[2001:db8::1]:100"}},
		{"large_communities", "large_community", []int{79}, []any{"4200000000:100:2"}},
	} {
		var list *Node
		x.Messages[0].Walk(func(n *Node, _ int) {
			if list == nil && len(n.Children) > 0 && n.Children[0].Name == tc.entry {
				list = n
			}
		})
		if list == nil {
			t.Errorf("%s: no %s nodes", tc.attr, tc.entry)
			continue
		}
		if v, _ := list.Value.([]any); !slices.Equal(v, tc.want) {
			t.Errorf("%s: value %v, want %v", tc.attr, list.Value, tc.want)
		}
		var offs []int
		for i, n := range list.Children {
			offs = append(offs, n.Off)
			if i < len(tc.want) && n.Value != tc.want[i] {
				t.Errorf("%s %d: %v, want %v", tc.entry, i, n.Value, tc.want[i])
			}
		}
		if !slices.Equal(offs, tc.off) {
			t.Errorf("%s at %v, want %v", tc.entry, offs, tc.off)
		}
	}
}
