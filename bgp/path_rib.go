package bgp

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
	v := a.Value
	m := MPReachView{Family: p.ribFam, AddPath: p.sess.AddPath(p.ribFam), NLRIOff: a.Off + a.HeaderLen() + len(v)}
	switch {
	case len(v) > 0 && len(v) == 1+int(v[0]): // RFC 6396 §4.3.4
		m.NextHop = v[1:len(v):len(v)]
	case len(v) >= offMPNextHop+1 && offMPNextHop+int(v[offMPNextHopLen]) < len(v): // RFC 4760 §3
		n := offMPNextHop + int(v[offMPNextHopLen])
		m.NextHop, m.Reserved = v[offMPNextHop:n:n], v[n]
	default:
		return m, false
	}
	return m, true
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
		a, _ := frameAttr(p.raw[off:p.end])
		a.Off = off
		off += a.Len()
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
	has := func(t AttrType) bool { return seen[t/64]&(1<<(t%64)) != 0 }
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
// its registry row, a form ribMPReach reads, a next hop length the
// family allows.
func (p *Path) ribMPReachError(a *AttrView) *Error {
	fail := func(sub uint8, reason string) *Error {
		e := a.checkFail(p.raw, sub, reason)
		e.Action = SessionReset
		return mpAction(e, a, &p.sess)
	}
	if a.Flags&(FlagOptional|FlagTransitive) != FlagOptional || a.Flags.Partial() {
		return fail(SubAttributeFlagsError, "attribute flags conflict with the attribute type")
	}
	m, ok := p.ribMPReach(*a)
	if !ok {
		return fail(SubAttributeLengthError, "MP_REACH_NLRI of a RIB entry is neither a next hop (RFC 6396 §4.3.4) nor a whole attribute")
	}
	if m.Family.Prefixes() && !validNextHopLen(m.Family, len(m.NextHop)) {
		return fail(SubOptionalAttributeError, "next hop length does not fit the address family")
	}
	return nil
}
