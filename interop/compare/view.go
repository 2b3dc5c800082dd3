package main

import (
	"errors"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// viewRun reads the stream through bgplens' views: bmp.Reader frames
// it, bmp.Peers.ReadUpdate reads each UPDATE with its peer's session
// into a bgp.UpdateView, and viewDecode turns every attribute (through
// its getter) and route (through the iterators) into values. Values exist
// only as the getters produce them, so it always folds them.
func viewRun(data []byte, res []msgResult, _ bool) error {
	return peersRun(data, res, "bgplens views", func(peers *bmp.Peers, rm bmp.RouteMonitoringView, i int) error {
		u, rd, err := peers.ReadUpdate(rm)
		if err != nil {
			return err
		}
		if !rd.Clean {
			return errors.New("bgplens views: Route Monitoring " + strconv.Itoa(i) + " does not read cleanly")
		}
		res[i] = viewDecode(u)
		return nil
	})
}

// viewDecode reads every attribute through its getter, lists iterated,
// then every withdrawn and announced route.
func viewDecode(u bgp.UpdateView) msgResult {
	var res msgResult
	var a acc
	s := u.Session()
	for at := range u.Attrs() {
		a.attr(uint64(at.Type))
		switch at.Type {
		case bgp.AttrOrigin:
			o, err := at.Origin()
			res.bad += bad(err)
			a.add(tagOrigin, uint64(o))
		case bgp.AttrASPath:
			p, err := at.ASPath(s.AS4)
			res.bad += bad(err)
			for seg := range p.Segments() {
				a.add(tagSegment, uint64(seg.Type))
				for as := range seg.ASNs() {
					a.add(tagASN, uint64(as))
				}
			}
		case bgp.AttrNextHop:
			nh, err := at.NextHop()
			res.bad += bad(err)
			a.addr(tagNextHop, nh)
		case bgp.AttrMultiExitDisc:
			v, err := at.Uint32()
			res.bad += bad(err)
			a.add(tagMED, uint64(v))
		case bgp.AttrLocalPref:
			v, err := at.Uint32()
			res.bad += bad(err)
			a.add(tagLocalPref, uint64(v))
		case bgp.AttrAtomicAggregate:
			res.bad += bad(at.AtomicAggregate())
			a.add(tagAtomic, 0)
		case bgp.AttrAggregator:
			g, err := at.Aggregator(s.AS4)
			res.bad += bad(err)
			a.add(tagAggregator, uint64(g.AS))
			a.addr(tagAggregator, g.Address)
		case bgp.AttrCommunities:
			cs, err := at.Communities()
			res.bad += bad(err)
			for c := range cs.All() {
				a.add(tagCommunity, uint64(c))
			}
		case bgp.AttrOriginatorID:
			id, err := at.OriginatorID()
			res.bad += bad(err)
			a.addr(tagOriginatorID, id)
		case bgp.AttrClusterList:
			ids, err := at.ClusterList()
			res.bad += bad(err)
			for id := range ids.All() {
				a.addr(tagCluster, id)
			}
		case bgp.AttrMPReachNLRI:
			m, err := at.MPReach(s)
			res.bad += bad(err)
			nh, ll, _, ok := m.NextHops()
			if !ok {
				res.bad++
			}
			a.mpReach(uint64(m.Family.AFI), uint64(m.Family.SAFI), nh, ll)
		case bgp.AttrMPUnreachNLRI:
			m, err := at.MPUnreach(s)
			res.bad += bad(err)
			a.add(tagMPUnreach, uint64(m.Family.AFI)<<8|uint64(m.Family.SAFI))
		case bgp.AttrExtCommunities:
			cs, err := at.ExtCommunities()
			res.bad += bad(err)
			for c := range cs.All() {
				as, local, ok := c.AS2()
				res.bad += a.extCommunity(uint64(c.Type()), uint64(c.Subtype()), uint64(as), uint64(local), ok)
			}
		case bgp.AttrLargeCommunities:
			cs, err := at.LargeCommunities()
			res.bad += bad(err)
			for c := range cs.All() {
				a.large(uint64(c.GlobalAdmin), uint64(c.LocalData1), uint64(c.LocalData2))
			}
		}
	}
	a.routes()
	for f, r := range u.Withdrawals() {
		res.withdrawn++
		a.route(tagWithdrawn, uint16(f.AFI), uint8(f.SAFI), r.Prefix, r.PathID)
	}
	for f, r := range u.Announced() {
		res.announced++
		a.route(tagRoute, uint16(f.AFI), uint8(f.SAFI), r.Prefix, r.PathID)
	}
	res.digest = a.d
	return res
}

func bad(err error) uint32 {
	if err != nil {
		return 1
	}
	return 0
}
