package rib

import (
	"bytes"
	"encoding/binary"
	"iter"
	"net/netip"

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

// All iterates over the attributes in order. Their Off is relative to
// Bytes; their Value aliases it.
func (a Attrs) All() iter.Seq[bgp.AttrView] {
	return func(yield func(bgp.AttrView) bool) {
		for off := 0; off < len(a.raw); {
			v, err := bgp.ParseAttr(a.raw[off:])
			if err != nil {
				return
			}
			v.Off = off
			if !yield(v) {
				return
			}
			off += v.Len()
		}
	}
}

// Get returns the attribute of type t.
func (a Attrs) Get(t bgp.AttrType) (bgp.AttrView, bool) {
	for v := range a.All() {
		if v.Type == t {
			return v, true
		}
	}
	return bgp.AttrView{}, false
}

// Origin returns the ORIGIN (RFC 4271 §5.1.1).
func (a Attrs) Origin() (bgp.Origin, bool) {
	v, ok := a.Get(bgp.AttrOrigin)
	if !ok {
		return 0, false
	}
	o, err := v.Origin()
	return o, err == nil
}

// NextHop returns the next hop: the NEXT_HOP attribute (RFC 4271 §5.1.3)
// or, when there is none, the address of MP_REACH_NLRI's next hop field
// (RFC 4760 §3; the global address when a link-local one follows).
func (a Attrs) NextHop() (netip.Addr, bool) {
	if v, ok := a.Get(bgp.AttrNextHop); ok {
		nh, err := v.NextHop()
		return nh, err == nil
	}
	if v, ok := a.Get(bgp.AttrMPReachNLRI); ok {
		m, err := v.MPReach(a.Session())
		if err != nil {
			return netip.Addr{}, false
		}
		nh, _, _, ok := m.NextHops()
		return nh, ok
	}
	return netip.Addr{}, false
}

// MPReach returns the MP_REACH_NLRI attribute (with no NLRI): its family and
// next hop.
func (a Attrs) MPReach() (bgp.MPReachView, bool) {
	v, ok := a.Get(bgp.AttrMPReachNLRI)
	if !ok {
		return bgp.MPReachView{}, false
	}
	m, err := v.MPReach(a.Session())
	return m, err == nil
}

// MED returns the MULTI_EXIT_DISC (RFC 4271 §5.1.4).
func (a Attrs) MED() (uint32, bool) { return a.uint32Attr(bgp.AttrMultiExitDisc) }

// LocalPref returns the LOCAL_PREF (RFC 4271 §5.1.5).
func (a Attrs) LocalPref() (uint32, bool) { return a.uint32Attr(bgp.AttrLocalPref) }

func (a Attrs) uint32Attr(t bgp.AttrType) (uint32, bool) {
	v, ok := a.Get(t)
	if !ok || len(v.Value) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(v.Value), true
}

// Communities returns the COMMUNITIES (RFC 1997).
func (a Attrs) Communities() (bgp.CommunitiesView, bool) {
	v, ok := a.Get(bgp.AttrCommunities)
	if !ok {
		return bgp.CommunitiesView{}, false
	}
	c, err := v.Communities()
	return c, err == nil
}

// LargeCommunities returns the LARGE_COMMUNITY attribute (RFC 8092).
func (a Attrs) LargeCommunities() (bgp.LargeCommunitiesView, bool) {
	v, ok := a.Get(bgp.AttrLargeCommunities)
	if !ok {
		return bgp.LargeCommunitiesView{}, false
	}
	c, err := v.LargeCommunities()
	return c, err == nil
}

// ExtCommunities returns the EXTENDED_COMMUNITIES (RFC 4360).
func (a Attrs) ExtCommunities() (bgp.ExtCommunitiesView, bool) {
	v, ok := a.Get(bgp.AttrExtCommunities)
	if !ok {
		return bgp.ExtCommunitiesView{}, false
	}
	c, err := v.ExtCommunities()
	return c, err == nil
}

// Decode returns the attributes as owned values (bgp.PathAttr), decoded
// with the set's AS width.
func (a Attrs) Decode() ([]bgp.PathAttr, error) {
	u, err := a.update()
	return u.Attrs, err
}

// ASPath returns the AS path (RFC 4271 §5.1.2). On a 2-octet AS session it
// is the path RFC 6793 §4.2.3 reconstructs from AS_PATH and AS4_PATH, as
// bgp.Update.ASPath does.
func (a Attrs) ASPath() (bgp.ASPath, bool) {
	u, err := a.update()
	if err != nil && len(u.Attrs) == 0 {
		return bgp.ASPath{}, false
	}
	return u.ASPath(a.Session())
}

// update decodes the set through the bgp package, framed as an UPDATE
// message with no routes.
func (a Attrs) update() (bgp.Update, error) {
	msg := make([]byte, 0, bgp.HeaderLen+4+len(a.raw))
	for range 16 {
		msg = append(msg, 0xff)
	}
	n := bgp.HeaderLen + 4 + len(a.raw)
	msg = append(msg, byte(n>>8), byte(n), byte(bgp.MsgUpdate), 0, 0, byte(len(a.raw)>>8), byte(len(a.raw)))
	msg = append(msg, a.raw...)
	return bgp.DecodeUpdate(msg, a.Session())
}
