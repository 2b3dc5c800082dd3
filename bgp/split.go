package bgp

import "errors"

var errSplitUnit = errors.New("bgp: a route, with the attributes it needs, does not fit in one message of the session")

// SplitUpdate packs the routes of u into as many UPDATE messages as the
// session's size limit (s.MaxMessageLen) requires, for a sender whose
// Update grew too big. It returns []Update{u} when u fits.
//
// Routes keep their order: the IPv4 withdrawn routes and those of the
// first MP_UNREACH_NLRI, then the IPv4 NLRI and those of the first
// MP_REACH_NLRI, filled greedily. Each message that announces routes
// carries every other attribute of u, in u's order, with the MP_REACH_NLRI
// cut down to its share of routes (same family, next hop and Reserved
// octet, and the Extended Length bit when its share needs it);
// withdrawals need no attributes (RFC 4271 §4.3), so a message
// that only withdraws carries only its MP_UNREACH_NLRI. If u announces
// nothing, its other attributes go in the first message. NLRI kept raw
// (MPReach.RawNLRI) move as one piece.
//
// The messages share u's route slices. It is an error if one route with
// the attributes it needs cannot fit, or if u cannot be written at all.
func SplitUpdate(u Update, s Session) ([]Update, error) {
	limit := s.MaxMessageLen()
	var scratch []byte
	scratch, err := u.Append(scratch, s)
	if err == nil && len(scratch) <= limit {
		return []Update{u}, nil
	}
	p := splitPlan{u: u, s: s, reach: -1, unreach: -1}
	if err := p.measure(scratch[:0]); err != nil {
		return nil, err
	}
	var out []Update
	var cur splitPiece
	for stream := range p.units {
		for _, size := range p.units[stream] {
			next := cur
			next.n[stream]++
			next.bytes[stream] += size
			if p.size(next, len(out) == 0) <= limit {
				cur = next
				continue
			}
			if cur.empty() {
				return nil, errSplitUnit
			}
			out = append(out, p.piece(cur, len(out) == 0))
			var fresh splitPiece // starts where cur ended
			for k := range fresh.from {
				fresh.from[k] = cur.from[k] + cur.n[k]
			}
			fresh.n[stream] = 1
			fresh.bytes[stream] = size
			if p.size(fresh, false) > limit {
				return nil, errSplitUnit
			}
			cur = fresh
		}
	}
	if !cur.empty() || len(out) == 0 {
		if p.size(cur, len(out) == 0) > limit {
			return nil, errSplitUnit
		}
		out = append(out, p.piece(cur, len(out) == 0))
	}
	return out, nil
}

// Route streams, in the order SplitUpdate fills messages.
const (
	splitWithdrawn = iota // IPv4 Withdrawn Routes
	splitUnreach          // MP_UNREACH_NLRI routes, then its raw NLRI
	splitNLRI             // IPv4 NLRI
	splitReach            // MP_REACH_NLRI routes, then its raw NLRI
	splitStreams
)

// splitPiece is one message being filled: from each stream, n units
// starting at from, of bytes octets in all.
type splitPiece struct {
	from, n, bytes [splitStreams]int
}

func (c splitPiece) empty() bool { return c.n == [splitStreams]int{} }

func (c splitPiece) announces() bool { return c.n[splitNLRI]+c.n[splitReach] > 0 }

// splitPlan holds the encoded sizes SplitUpdate works from.
type splitPlan struct {
	u              Update
	s              Session
	units          [splitStreams][]int // encoded size of each unit
	reach, unreach int                 // index in u.Attrs of the split MP attributes, or -1
	reachVal       MPReach
	unreachVal     MPUnreach
	otherLen       int // the other attributes, encoded
	reachFixed     int // MP_REACH_NLRI value without routes and raw NLRI
	announcing     bool
}

// measure finds the MP attributes to split and the size of everything.
func (p *splitPlan) measure(scratch []byte) error {
	u := p.u
	for i, a := range u.Attrs {
		switch v := a.Value.(type) {
		case MPReach:
			if p.reach < 0 && len(v.Routes)+len(v.RawNLRI) > 0 {
				p.reach, p.reachVal = i, v
				continue
			}
		case MPUnreach:
			if p.unreach < 0 && len(v.Routes)+len(v.RawNLRI) > 0 {
				p.unreach, p.unreachVal = i, v
				continue
			}
		}
		b, err := a.Append(scratch[:0], p.s)
		if err != nil {
			return err
		}
		p.otherLen += len(b)
		scratch = b
	}
	var err error
	if p.units[splitWithdrawn], err = routeSizes(u.Withdrawn, IPv4Unicast, p.s, nil); err != nil {
		return err
	}
	if p.units[splitNLRI], err = routeSizes(u.NLRI, IPv4Unicast, p.s, nil); err != nil {
		return err
	}
	if p.unreach >= 0 {
		v := p.unreachVal
		if p.units[splitUnreach], err = routeSizes(v.Routes, v.Family, p.s, v.RawNLRI); err != nil {
			return err
		}
	}
	if p.reach >= 0 {
		v := p.reachVal
		if p.units[splitReach], err = routeSizes(v.Routes, v.Family, p.s, v.RawNLRI); err != nil {
			return err
		}
		p.reachFixed = 5 + len(v.NextHop)
		if len(v.NextHop) > 255 {
			return errAttrTooLong
		}
	}
	p.announcing = len(p.units[splitNLRI])+len(p.units[splitReach]) > 0
	return nil
}

// routeSizes returns the encoded size of each route, then of raw NLRI if
// any, checking that each route can be written.
func routeSizes(routes []Route, f Family, s Session, raw []byte) ([]int, error) {
	var sizes []int
	if len(routes) > 0 {
		if !f.Prefixes() {
			return nil, errOpaqueRoutes
		}
		addPath := s.AddPath(f)
		sizes = make([]int, len(routes))
		for i := range routes {
			r := &routes[i]
			if err := checkRouteEncodable(r, f); err != nil {
				return nil, err
			}
			n := 1 + (r.Prefix.Bits()+7)/8
			if addPath {
				n += 4
			}
			switch f.kind() {
			case nlriLabeled:
				n += 3 * int(r.NumLabels)
			case nlriVPN:
				n += 3*int(r.NumLabels) + 8
			}
			sizes[i] = n
		}
	}
	if len(raw) > 0 {
		sizes = append(sizes, len(raw))
	}
	return sizes, nil
}

// attrLen is the encoded size of an attribute with flags f and a value of
// n octets (Extended Length when set or needed).
func attrLen(f AttrFlags, n int) int {
	if f.ExtendedLength() || n > 255 {
		return 4 + n
	}
	return 3 + n
}

// size is the encoded size of the message for piece c.
func (p *splitPlan) size(c splitPiece, first bool) int {
	n := HeaderLen + 4 + c.bytes[splitWithdrawn]
	if c.n[splitUnreach] > 0 {
		n += attrLen(p.u.Attrs[p.unreach].Flags, 3+c.bytes[splitUnreach])
	}
	if c.announces() || first && !p.announcing {
		n += p.otherLen
	}
	if c.n[splitReach] > 0 {
		n += attrLen(p.u.Attrs[p.reach].Flags, p.reachFixed+c.bytes[splitReach])
	}
	return n + c.bytes[splitNLRI]
}

// piece builds the Update for c.
func (p *splitPlan) piece(c splitPiece, first bool) Update {
	u := p.u
	var out Update
	cut := func(k int, routes []Route) ([]Route, bool) {
		lo, hi := c.from[k], c.from[k]+c.n[k]
		raw := hi > len(routes) // the raw NLRI unit, after the routes
		lo, hi = min(lo, len(routes)), min(hi, len(routes))
		if lo == hi {
			return nil, raw
		}
		return routes[lo:hi:hi], raw
	}
	out.Withdrawn, _ = cut(splitWithdrawn, u.Withdrawn)
	out.NLRI, _ = cut(splitNLRI, u.NLRI)
	others := c.announces() || first && !p.announcing
	for i, a := range u.Attrs {
		switch {
		case i == p.unreach:
			if c.n[splitUnreach] == 0 {
				continue
			}
			v := MPUnreach{Family: p.unreachVal.Family}
			var raw bool
			if v.Routes, raw = cut(splitUnreach, p.unreachVal.Routes); raw {
				v.RawNLRI = p.unreachVal.RawNLRI
			}
			a.Value = v
			if 3+c.bytes[splitUnreach] > 255 {
				a.Flags |= FlagExtendedLength // as Append would write it
			}
		case i == p.reach:
			if c.n[splitReach] == 0 {
				continue
			}
			v := p.reachVal
			var raw bool
			if v.Routes, raw = cut(splitReach, p.reachVal.Routes); !raw {
				v.RawNLRI = nil
			}
			a.Value = v
			if p.reachFixed+c.bytes[splitReach] > 255 {
				a.Flags |= FlagExtendedLength
			}
		case !others:
			continue
		}
		out.Attrs = append(out.Attrs, a)
	}
	return out
}
