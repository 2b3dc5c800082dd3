package rib

import (
	"bytes"

	"github.com/bgplens/bgplens/bgp"
)

// Attrs is the path attribute set of a route: a handle to the interned
// octets, decoded on demand. The octets are a well-formed path attributes
// field (RFC 4271 §4.3) as the UPDATE carried it, in wire order, except
// that MP_UNREACH_NLRI is left out, MP_REACH_NLRI keeps its family, next
// hop and reserved octet but no NLRI (RFC 4760 §3), and attributes that an
// RFC 7606 attribute-discard verdict named are dropped.
//
// The octets are immutable and shared by every route with the same set:
// never modify what Bytes returns. An Attrs stays valid after the route
// changes or goes. The zero Attrs is the empty set.
type Attrs struct {
	raw []byte
	as4 bool
}

// Bytes returns the attribute octets (read only; shared).
func (a Attrs) Bytes() []byte { return a.raw }

// AS4 reports whether AS numbers in AS_PATH and AGGREGATOR are 4 octets
// wide: the AS width of the session the set was received on (RFC 6793).
func (a Attrs) AS4() bool { return a.as4 }

// Session returns the session context to read the octets with: the AS
// width, and extended messages so that any length decodes.
func (a Attrs) Session() bgp.Session { return bgp.Session{AS4: a.as4, ExtendedMsg: true} }

// Len returns the number of octets.
func (a Attrs) Len() int { return len(a.raw) }

// Equal reports whether a and b are the same set.
func (a Attrs) Equal(b Attrs) bool {
	return a.as4 == b.as4 && len(a.raw) == len(b.raw) &&
		(len(a.raw) == 0 || &a.raw[0] == &b.raw[0] || bytes.Equal(a.raw, b.raw))
}

// Path returns the set as a bgp.Path, the one reading of a route's
// attributes that every output uses (getters with the RFC 6793 rules, the
// next hop per family, JSON). Offsets of its attributes are relative to
// Bytes. Making it walks the set once and does not allocate.
func (a Attrs) Path() bgp.Path {
	p, _ := bgp.ReadPath(a.raw, a.Session()) // interned sets frame: Apply checked them
	return p
}
