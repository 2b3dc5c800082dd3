// Package explain turns BGP bytes into a tree of named byte ranges: every
// field with its offset, length, value, meaning and RFC reference. It
// never reads a byte itself: it asks the bgp package's views and getters
// for spans and values, and adds words. The same tree is printed as an
// annotated hex dump for people and as JSON for programs.
//
// Decode is the entry point for text: plain hex, or router logs as they
// come (entries.go groups the lines of each entry, tokens.go finds the
// octets among the words and in hex dumps, evidence.go and wording.go read
// what the words say, line.go and bare.go decide what the octets are).
package explain

import "encoding/hex"

// Node is one named byte range of the input. Leaves are fields; inner
// nodes group them (a message, an attribute, a list of routes).
type Node struct {
	Name     string  `json:"field"`             // snake_case name from the RFC, e.g. "as_path"
	Label    string  `json:"label,omitempty"`   // the RFC's spelling, e.g. "AS_PATH", when it differs
	Off      int     `json:"offset"`            // offset of the first octet in the input
	Len      int     `json:"length"`            // number of octets
	Hex      string  `json:"hex"`               // the octets, in hex
	Value    any     `json:"value,omitempty"`   // the decoded value: a number, string, bool or list
	Meaning  string  `json:"meaning,omitempty"` // what the value means, in words
	Ref      string  `json:"ref,omitempty"`     // RFC and section that define the field
	Problem  string  `json:"problem,omitempty"` // what is wrong with the field, if anything
	Children []*Node `json:"fields,omitempty"`
}

// builder creates nodes over one input buffer.
type builder struct {
	in      []byte
	partial bool // explaining a value cut short by a log: walk what is there
}

// node makes a node for in[off:off+n], clamped to the input so that a
// truncated message still explains what is there.
func (b *builder) node(name string, off, n int, value any, meaning, ref string) *Node {
	if off > len(b.in) {
		off = len(b.in)
	}
	if off+n > len(b.in) {
		n = len(b.in) - off
	}
	if n < 0 {
		n = 0
	}
	return &Node{Name: name, Off: off, Len: n, Hex: hex.EncodeToString(b.in[off : off+n]), Value: value, Meaning: meaning, Ref: ref}
}

// field is one field of a fixed-layout record: where it is inside the
// record, its size, value and meaning.
type field struct {
	name    string
	off, n  int
	value   int
	meaning string
}

// record is a node for a fixed-layout record at off, its fields its
// children, all cited to ref.
func (b *builder) record(name string, off, n int, value any, ref string, fields ...field) *Node {
	r := b.node(name, off, n, value, "", ref)
	for _, f := range fields {
		r.add(b.node(f.name, off+f.off, f.n, f.value, f.meaning, ref))
	}
	return r
}

// add appends children to n and returns n.
func (n *Node) add(c ...*Node) *Node {
	for _, x := range c {
		if x != nil {
			n.Children = append(n.Children, x)
		}
	}
	return n
}

// Walk calls f for n and every node below it, depth first, with the depth.
func (n *Node) Walk(f func(n *Node, depth int)) { n.walk(f, 0) }

func (n *Node) walk(f func(*Node, int), d int) {
	f(n, d)
	for _, c := range n.Children {
		c.walk(f, d+1)
	}
}

// Leaves returns the nodes without children, in order.
func (n *Node) Leaves() []*Node {
	var out []*Node
	n.Walk(func(x *Node, _ int) {
		if len(x.Children) == 0 {
			out = append(out, x)
		}
	})
	return out
}
