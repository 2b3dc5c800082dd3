package bgp

import "slices"

// The long way of UpdateValues.Decode, for the messages decodeFast does
// not take: every check described, each value read through its getter.

// decodeChecked is Decode the long way: ParseUpdate checks and describes
// the message, then each attribute that passes Check is read through its
// getter and each route field through its iterator, up to the first
// malformed entry. It gives the same values as decodeFast for a
// well-formed message.
func (d *UpdateValues) decodeChecked(msg []byte, s Session) error {
	d.reset(true)
	d.labeled = true // the iterators fill whole Routes
	var err error
	if d.view, err = ParseUpdate(msg, s); err != nil {
		return err
	}
	u := &d.view
	var seen [256 / 64]uint64
	for a := range u.Attrs() {
		bit := uint64(1) << (a.Type % 64)
		if seen[a.Type/64]&bit != 0 {
			continue // RFC 7606 §3(g): the first one counts
		}
		seen[a.Type/64] |= bit
		if a.check(u.msg, &u.sess) != nil {
			continue
		}
		d.has[a.Type/64] |= bit
		d.setChecked(a)
	}
	collect := func(rs *[]Route) func(Route, error) bool {
		return func(r Route, err error) bool {
			if err == nil {
				*rs = append(*rs, r)
			}
			return err == nil
		}
	}
	walkRoutes(u.msg[u.wOff:u.wOff+u.wLen], u.wOff, IPv4Unicast, u.v4AddPath, collect(&d.Withdrawn))
	walkRoutes(u.msg[u.nOff:], u.nOff, IPv4Unicast, u.v4AddPath, collect(&d.NLRI))
	if d.Has(AttrMPReachNLRI) {
		a, _ := ParseAttr(u.msg[u.reach.attr:u.aEnd])
		a.Off = int(u.reach.attr)
		m, _ := a.MPReach(u.sess)
		d.MPReach.Family, d.MPReach.NextHop, d.MPReach.Reserved = m.Family, m.NextHop, m.Reserved
		if m.Family.Prefixes() {
			m.Routes()(collect(&d.MPReach.Routes))
		} else {
			d.MPReach.RawNLRI = m.NLRI
		}
	}
	if d.Has(AttrMPUnreachNLRI) {
		a, _ := ParseAttr(u.msg[u.unreach.attr:u.aEnd])
		a.Off = int(u.unreach.attr)
		m, _ := a.MPUnreach(u.sess)
		d.MPUnreach.Family = m.Family
		if m.Family.Prefixes() {
			m.Routes()(collect(&d.MPUnreach.Routes))
		} else {
			d.MPUnreach.RawNLRI = m.Withdrawn
		}
	}
	return nil
}

// setChecked reads the checked attribute a into its field through the
// AttrView getters. The MP attributes are read by decodeChecked.
func (d *UpdateValues) setChecked(a AttrView) {
	as4 := d.view.sess.AS4
	switch a.Type {
	case AttrOrigin:
		d.Origin, _ = a.Origin()
	case AttrASPath:
		p, _ := a.ASPath(as4)
		d.ASPath = ownedASPath(p)
	case AttrNextHop:
		d.NextHop, _ = a.NextHop()
	case AttrMultiExitDisc:
		d.MultiExitDisc, _ = a.Uint32()
	case AttrLocalPref:
		d.LocalPref, _ = a.Uint32()
	case AttrAtomicAggregate:
	case AttrAggregator:
		d.Aggregator, _ = a.Aggregator(as4)
	case AttrCommunities:
		cs, _ := a.Communities()
		d.Communities = slices.AppendSeq(d.Communities, cs.All())
	case AttrOriginatorID:
		d.OriginatorID, _ = a.OriginatorID()
	case AttrClusterList:
		ids, _ := a.ClusterList()
		d.ClusterList = slices.AppendSeq(d.ClusterList, ids.All())
	case AttrExtCommunities:
		cs, _ := a.ExtCommunities()
		d.ExtCommunities = slices.AppendSeq(d.ExtCommunities, cs.All())
	case AttrLargeCommunities:
		cs, _ := a.LargeCommunities()
		d.LargeCommunities = slices.AppendSeq(d.LargeCommunities, cs.All())
	case AttrOTC:
		d.OTC, _ = a.Uint32()
	case AttrMPReachNLRI, AttrMPUnreachNLRI:
	default:
		d.Other = append(d.Other, a)
	}
}
