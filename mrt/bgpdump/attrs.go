package bgpdump

import "github.com/bgplens/bgplens/bgp"

// lineAttrs are the attributes a line prints, found in one walk over a
// path's attributes (the first of each type: RFC 7606 §3(g)), so that
// the line costs no lookup per value.
type lineAttrs struct {
	has uint16
	v   [nLine]bgp.AttrView
}

// The attributes of a line, by their place in lineAttrs.v.
const (
	lnASPath = iota
	lnAS4Path
	lnOrigin
	lnNextHop
	lnMED
	lnLocalPref
	lnCommunities
	lnAtomic
	lnAggregator
	lnAS4Aggregator
	nLine
)

// lineSlot maps an attribute type to its place in lineAttrs, or -1.
var lineSlot = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, typ := range [nLine]bgp.AttrType{bgp.AttrASPath, bgp.AttrAS4Path, bgp.AttrOrigin, bgp.AttrNextHop,
		bgp.AttrMultiExitDisc, bgp.AttrLocalPref, bgp.AttrCommunities, bgp.AttrAtomicAggregate,
		bgp.AttrAggregator, bgp.AttrAS4Aggregator} {
		t[typ] = int8(i)
	}
	return t
}()

// read takes the line's attributes from path p.
func (l *lineAttrs) read(p *bgp.Path) {
	l.has = 0
	for a := range p.All() {
		if i := lineSlot[a.Type]; i >= 0 && l.has&(1<<i) == 0 {
			l.has |= 1 << i
			l.v[i] = a
		}
	}
}

// get returns the attribute at place i.
func (l *lineAttrs) get(i int) (bgp.AttrView, bool) {
	return l.v[i], l.has&(1<<i) != 0
}

// uint32 is the value of the 4-octet attribute at place i: 0 when absent
// or malformed, as bgpdump prints it.
func (l *lineAttrs) uint32(i int) uint32 {
	if a, ok := l.get(i); ok {
		if v, err := a.Uint32(); err == nil {
			return v
		}
	}
	return 0
}
