package bgp

import "net/netip"

// ReadRIBPath makes the Path of a route of family f kept in a RIB apart
// from any UPDATE, read with session s: the attributes of an MRT
// TABLE_DUMP_V2 RIB entry, whose MP_REACH_NLRI RFC 6396 §4.3.4 cuts down
// to its Next Hop Length and Next Hop, since the record says the family
// and the prefix. The Path's MPReach reads that form with family f, and
// also the whole attribute some writers kept (RIPE RIS bviews of the
// 2010s, OpenBGPD's TABLE_DUMP), whose NLRI are the UPDATE's, not the
// entry's, and are left out. It does not allocate.
func ReadRIBPath(attrs []byte, s Session, f Family) (Path, error) {
	p, err := ReadPath(attrs, s)
	p.rib, p.ribFam = true, f
	return p, err
}

// ribMPReach reads the MP_REACH_NLRI a of a RIB path: its next hop, with
// the path's family; ok is false for a value of neither form.
func (p *Path) ribMPReach(a AttrView) (MPReachView, bool) {
	nh, reserved, ok := ribNextHopField(a.Value)
	m := MPReachView{Family: p.ribFam, NextHop: nh, Reserved: reserved, NLRIOff: a.Off + a.HeaderLen() + len(a.Value)}
	m.AddPath = p.sess.AddPath(p.ribFam)
	return m, ok
}

// ribNextHop is NextHop for a RIB path: the next hop of its MP_REACH_NLRI
// for its family; NEXT_HOP only for IPv4 unicast without MP_REACH_NLRI
// (a RIB entry's route is of the path's family: NEXT_HOP is not the next
// hop of another).
func (p *Path) ribNextHop(f Family) (nh, linkLocal netip.Addr, ok bool) {
	if a, ok := p.Attr(AttrMPReachNLRI); ok {
		field, _, ok := ribNextHopField(a.Value)
		if f != p.ribFam || !ok {
			return nh, linkLocal, false
		}
		nh, linkLocal, _, ok = MPReachView{Family: f, NextHop: field}.NextHops()
		return nh, linkLocal, ok
	}
	if f != IPv4Unicast {
		return nh, linkLocal, false
	}
	nh, ok = p.nextHopAttr()
	return nh, linkLocal, ok
}

// ribNextHopField finds the next hop in the value v of a RIB entry's
// MP_REACH_NLRI: the whole value but its length octet in RFC 6396
// §4.3.4's form, the Network Address of Next Hop of RFC 4760 §3's.
func ribNextHopField(v []byte) (nh []byte, reserved byte, ok bool) {
	switch {
	case len(v) > 0 && len(v) == 1+int(v[0]): // RFC 6396 §4.3.4
		return v[1:len(v):len(v)], 0, true
	case len(v) >= offMPNextHop+1 && offMPNextHop+int(v[offMPNextHopLen]) < len(v): // RFC 4760 §3
		n := offMPNextHop + int(v[offMPNextHopLen])
		return v[offMPNextHop:n:n], v[n], true
	}
	return nil, 0, false
}

// AppendErrors appends to dst the problems RFC 7606 finds in the path
// of a route of family f read alone, as UpdateView.Errors reports them
// for an UPDATE announcing that one route: the attribute that does not
// frame (those after it are lost), an attribute repeated (only the
// first counts), one whose flags or value are malformed, a mandatory one
// missing (ORIGIN; AS_PATH unless BGPsec_PATH stands for it; NEXT_HOP
// for IPv4 unicast without MP_REACH_NLRI, and MP_REACH_NLRI, which holds
// their next hop, for routes of other families). A RIB path's MP_REACH_NLRI
// must be of a form ReadRIBPath reads, with a next hop of a length the
// family allows. Offsets are as in All. With no problem dst is returned
// as it is, without allocating.
func (p *Path) AppendErrors(dst []*Error, f Family) []*Error {
	var seen [256 / 64]uint64
	for off := 0; off < p.end; {
		a, next := p.attrAt(off)
		a.Off, off = off, next // offsets in raw, for check; p.base is added to errors
		bit := uint64(1) << (a.Type % 64)
		if seen[a.Type/64]&bit != 0 {
			act := AttributeDiscard
			if a.Type == AttrMPReachNLRI || a.Type == AttrMPUnreachNLRI {
				act = SessionReset
			}
			e := newErr(p.base+a.Off, CodeUpdate, SubMalformedAttributeList, act, "attribute appears more than once")
			e.Attr = a.Type
			dst = append(dst, e)
			continue
		}
		seen[a.Type/64] |= bit
		if fastAttrOK(&a, p.sess.AS4) {
			continue
		}
		var e *Error
		if p.rib && a.Type == AttrMPReachNLRI {
			e = p.ribMPReachError(&a)
		} else {
			e = a.check(p.raw, &p.sess)
		}
		if e != nil {
			e.Off += p.base
			dst = append(dst, e)
		}
	}
	if p.end < len(p.raw) {
		_, err := ParseAttr(p.raw[p.end:])
		e := shift(err, p.base+p.end).(*Error)
		e.Action = TreatAsWithdraw // RFC 7606 §4: the route is withdrawn, not the session reset
		dst = append(dst, e)
	}
	return p.appendMissing(dst, f, func(t AttrType) bool { return seen[t/64]&(1<<(t%64)) != 0 })
}

// appendMissing appends the mandatory attributes a route of family f
// lacks; has says which types the path holds.
func (p *Path) appendMissing(dst []*Error, f Family, has func(AttrType) bool) []*Error {
	for _, t := range [...]AttrType{AttrOrigin, AttrASPath, AttrNextHop} {
		if has(t) || t == AttrASPath && has(AttrBGPsecPath) || t == AttrNextHop && (f != IPv4Unicast || has(AttrMPReachNLRI)) {
			continue
		}
		e := newErr(p.base, CodeUpdate, SubMissingWellKnownAttribute, TreatAsWithdraw, "mandatory attribute missing")
		e.Attr = t
		e.Data = attrCodeData[t : t+1]
		dst = append(dst, e)
	}
	if f != IPv4Unicast && !has(AttrMPReachNLRI) {
		// Routes of other families take their next hop from it.
		e := newErr(p.base, CodeUpdate, SubOptionalAttributeError, TreatAsWithdraw, "no MP_REACH_NLRI: the route has no next hop")
		e.Attr = AttrMPReachNLRI
		dst = append(dst, e)
	}
	return dst
}

// ribMPReachError checks the MP_REACH_NLRI a of a RIB path: the flags of
// its registry row, a form ribNextHopField reads, a next hop length the
// family allows.
func (p *Path) ribMPReachError(a *AttrView) *Error {
	if a.Flags&(FlagOptional|FlagTransitive) != FlagOptional || a.Flags.Partial() {
		return p.ribMPFail(a, SubAttributeFlagsError, "attribute flags conflict with the attribute type")
	}
	nh, _, ok := ribNextHopField(a.Value)
	if !ok {
		return p.ribMPFail(a, SubAttributeLengthError, "MP_REACH_NLRI of a RIB entry is neither a next hop (RFC 6396 §4.3.4) nor a whole attribute")
	}
	if p.ribFam.Prefixes() && !validNextHopLen(p.ribFam, len(nh)) {
		return p.ribMPFail(a, SubOptionalAttributeError, "next hop length does not fit the address family")
	}
	return nil
}

func (p *Path) ribMPFail(a *AttrView, sub uint8, reason string) *Error {
	e := a.checkFail(p.raw, sub, reason)
	e.Action = SessionReset
	return mpAction(e, a, &p.sess)
}
