package station

import (
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// routeEvents emits one event per route of an UPDATE the RIB has applied:
// withdrawals first, then announcements, as Apply orders them. The path
// attributes are decoded once and shared by the UPDATE's events.
//
// The RFC 7606 verdict is applied as the RIB applied it: nothing for a
// session reset, the announcements as withdrawals for treat-as-withdraw
// (and AFI/SAFI disable), the routes with an "error" note for attribute
// discard.
func (r *router) routeEvents(h bmp.PeerHeader, tableName string, u bgp.UpdateView, verdict *bgp.Error, tm, rt time.Time) {
	if verdict != nil && verdict.Action >= bgp.SessionReset {
		return
	}
	base := r.newEvent(output.EventRoute, h, tableName, tm, rt)
	one := func(f bgp.Family, rte bgp.Route, withdraw bool, a *output.RouteAttrs) {
		ev := new(output.Event)
		*ev = *base
		ev.Withdraw, ev.Family, ev.Attrs = withdraw, f, a
		ev.Route = rte
		ev.Route.Prefix = rte.Prefix.Masked()
		ev.Route.Off = 0
		r.emit(ev)
	}
	for f, rte := range u.Withdrawn() {
		one(f, rte, true, nil)
	}
	treat := verdict != nil && verdict.Action >= bgp.TreatAsWithdraw
	var nlri, mp *output.RouteAttrs
	nlriEnd := u.NLRISpan().Off + u.NLRISpan().Len
	for f, rte := range u.Announced() {
		if treat {
			one(f, rte, true, nil)
			continue
		}
		if nlri == nil {
			nlri, mp = routeAttrs(u, verdict)
		}
		// Routes of the NLRI field take NEXT_HOP; those of MP_REACH_NLRI
		// its next hop (RFC 4760 §3).
		a := nlri
		if rte.Off >= nlriEnd || rte.Off < u.NLRISpan().Off {
			a = mp
		}
		one(f, rte, false, a)
	}
}

// routeAttrs decodes the path attributes of u for events: two sets that
// differ only in the next hop, for the routes of the NLRI field (NEXT_HOP)
// and for those of MP_REACH_NLRI.
func routeAttrs(u bgp.UpdateView, verdict *bgp.Error) (nlri, mp *output.RouteAttrs) {
	s := u.Session()
	a := &output.RouteAttrs{}
	if verdict != nil {
		a.Error = verdict.Error()
	}
	var mpNH netip.Addr
	for v := range u.Attrs() {
		switch v.Type {
		case bgp.AttrOrigin:
			if o, err := v.Origin(); err == nil {
				a.Origin, a.HasOrigin = o, true
			}
		case bgp.AttrNextHop:
			if nh, err := v.NextHop(); err == nil {
				a.NextHop = nh
			}
		case bgp.AttrMultiExitDisc:
			if n, err := v.Uint32(); err == nil {
				a.MED, a.HasMED = n, true
			}
		case bgp.AttrLocalPref:
			if n, err := v.Uint32(); err == nil {
				a.LocalPref, a.HasLocalPref = n, true
			}
		case bgp.AttrAtomicAggregate:
			a.AtomicAggregate = true
		case bgp.AttrAggregator:
			if g, err := v.Aggregator(s.AS4); err == nil {
				a.Aggregator = strconv.FormatUint(uint64(g.AS), 10) + " " + g.Address.String()
			}
		case bgp.AttrCommunities:
			if cs, err := v.Communities(); err == nil {
				for c := range cs.All() {
					a.Communities = append(a.Communities, c.String())
				}
			}
		case bgp.AttrLargeCommunities:
			if cs, err := v.LargeCommunities(); err == nil {
				for c := range cs.All() {
					a.LargeCommunities = append(a.LargeCommunities, c.String())
				}
			}
		case bgp.AttrExtCommunities:
			if cs, err := v.ExtCommunities(); err == nil {
				for c := range cs.All() {
					a.ExtCommunities = append(a.ExtCommunities, c.String())
				}
			}
		case bgp.AttrOriginatorID:
			if id, err := v.OriginatorID(); err == nil {
				a.OriginatorID = id
			}
		case bgp.AttrClusterList:
			if l, err := v.ClusterList(); err == nil {
				for id := range l.All() {
					a.ClusterList = append(a.ClusterList, id.String())
				}
			}
		case bgp.AttrMPReachNLRI:
			if m, err := v.MPReach(s); err == nil {
				if nh, _, _, ok := m.NextHops(); ok {
					mpNH = nh
				}
			}
		}
	}
	if p, ok := asPathOf(u); ok {
		a.ASPath, a.ASPathLen, a.HasASPath = p.String(), p.Len(), true
		if n := len(p.Segments); n > 0 {
			if last := p.Segments[n-1]; last.Type == bgp.SegmentSequence && len(last.ASNs) > 0 {
				a.OriginAS = last.ASNs[len(last.ASNs)-1]
			}
		}
	}
	if mpNH == a.NextHop {
		return a, a
	}
	m := *a
	m.NextHop = mpNH
	return a, &m
}

// asPathOf returns the AS path of u: AS_PATH as it is on a 4-octet AS
// session, or rebuilt from AS_PATH and AS4_PATH on a 2-octet one (RFC
// 6793 §4.2.3, as bgp.Update.ASPath does).
func asPathOf(u bgp.UpdateView) (bgp.ASPath, bool) {
	s := u.Session()
	if !s.AS4 {
		if _, ok := u.Attr(bgp.AttrAS4Path); ok {
			d, _ := u.Decode() // keeps what reads, whatever the verdict
			return d.ASPath(s)
		}
	}
	v, ok := u.Attr(bgp.AttrASPath)
	if !ok {
		return bgp.ASPath{}, false
	}
	pv, err := v.ASPath(s.AS4)
	if err != nil {
		return bgp.ASPath{}, false
	}
	var p bgp.ASPath
	for seg := range pv.Segments() {
		p.Segments = append(p.Segments, bgp.ASSegment{Type: seg.Type, ASNs: slices.Collect(seg.ASNs())})
	}
	return p, true
}
