package main

import (
	"encoding/binary"
	"math/bits"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// lensRun reads the stream as a bgplens program that uses every value
// would: bmp.Reader frames it, bmp.Peers.Decode reads each Route
// Monitoring UPDATE with its peer's session into one reused
// bgp.UpdateValues (every attribute and route turned into a value), and
// with fold, lensValues folds every field and route into the digest;
// without, the prefixes are counted.
func lensRun(data []byte, res []msgResult, fold bool) error {
	var (
		d  bgp.UpdateValues
		rd bmp.Reading
	)
	return peersRun(data, res, "bgplens", func(peers *bmp.Peers, rm bmp.RouteMonitoringView, i int) error {
		if err := peers.Decode(rm, &d, &rd); err != nil {
			return err
		}
		if fold {
			res[i] = lensValues(&d)
		} else {
			res[i] = msgResult{announced: uint32(len(d.NLRI) + len(d.MPReach.Routes)),
				withdrawn: uint32(len(d.Withdrawn) + len(d.MPUnreach.Routes))}
		}
		if !rd.Clean {
			res[i].bad++ // a generated stream has none; agree decides
		}
		return nil
	})
}

// lensValues folds the values Decode filled in: each attribute present,
// then the routes in the order viewDecode and gobgpDecode use.
func lensValues(d *bgp.UpdateValues) msgResult {
	var res msgResult
	var a acc
	if d.Has(bgp.AttrOrigin) {
		a.attr(uint64(bgp.AttrOrigin))
		a.add(tagOrigin, uint64(d.Origin))
	}
	if d.Has(bgp.AttrASPath) {
		a.attr(uint64(bgp.AttrASPath))
		for _, seg := range d.ASPath.Segments {
			a.add(tagSegment, uint64(seg.Type))
			for _, as := range seg.ASNs {
				a.add(tagASN, uint64(as))
			}
		}
	}
	if d.Has(bgp.AttrNextHop) {
		a.attr(uint64(bgp.AttrNextHop))
		a.addr(tagNextHop, d.NextHop)
	}
	if d.Has(bgp.AttrMultiExitDisc) {
		a.attr(uint64(bgp.AttrMultiExitDisc))
		a.add(tagMED, uint64(d.MultiExitDisc))
	}
	if d.Has(bgp.AttrLocalPref) {
		a.attr(uint64(bgp.AttrLocalPref))
		a.add(tagLocalPref, uint64(d.LocalPref))
	}
	if d.Has(bgp.AttrAtomicAggregate) {
		a.attr(uint64(bgp.AttrAtomicAggregate))
		a.add(tagAtomic, 0)
	}
	if d.Has(bgp.AttrAggregator) {
		a.attr(uint64(bgp.AttrAggregator))
		a.add(tagAggregator, uint64(d.Aggregator.AS))
		a.addr(tagAggregator, d.Aggregator.Address)
	}
	if d.Has(bgp.AttrCommunities) {
		a.attr(uint64(bgp.AttrCommunities))
		for _, c := range d.Communities {
			a.add(tagCommunity, uint64(c))
		}
	}
	if d.Has(bgp.AttrOriginatorID) {
		a.attr(uint64(bgp.AttrOriginatorID))
		a.addr(tagOriginatorID, d.OriginatorID)
	}
	if d.Has(bgp.AttrClusterList) {
		a.attr(uint64(bgp.AttrClusterList))
		for _, id := range d.ClusterList {
			a.addr(tagCluster, id)
		}
	}
	if d.Has(bgp.AttrMPReachNLRI) {
		m := &d.MPReach
		a.attr(uint64(bgp.AttrMPReachNLRI))
		nh, ll, _, ok := m.NextHops()
		if !ok {
			res.bad++
		}
		a.mpReach(uint64(m.Family.AFI), uint64(m.Family.SAFI), nh, ll)
	}
	if d.Has(bgp.AttrMPUnreachNLRI) {
		f := d.MPUnreach.Family
		a.attr(uint64(bgp.AttrMPUnreachNLRI))
		a.add(tagMPUnreach, uint64(f.AFI)<<8|uint64(f.SAFI))
	}
	if d.Has(bgp.AttrExtCommunities) {
		a.attr(uint64(bgp.AttrExtCommunities))
		for _, c := range d.ExtCommunities {
			as, local, ok := c.AS2()
			res.bad += a.extCommunity(uint64(c.Type()), uint64(c.Subtype()), uint64(as), uint64(local), ok)
		}
	}
	if d.Has(bgp.AttrLargeCommunities) {
		a.attr(uint64(bgp.AttrLargeCommunities))
		for _, c := range d.LargeCommunities {
			a.large(uint64(c.GlobalAdmin), uint64(c.LocalData1), uint64(c.LocalData2))
		}
	}
	if d.Has(bgp.AttrOTC) {
		a.attr(uint64(bgp.AttrOTC))
	}
	for _, o := range d.Other {
		a.attr(uint64(o.Type))
	}
	a.routes()
	v4 := famKey(1, 1)
	foldRoutes(&a, tagWithdrawn, v4, d.Withdrawn)
	foldRoutes(&a, tagWithdrawn, famKey(uint16(d.MPUnreach.Family.AFI), uint8(d.MPUnreach.Family.SAFI)), d.MPUnreach.Routes)
	foldRoutes(&a, tagRoute, v4, d.NLRI)
	foldRoutes(&a, tagRoute, famKey(uint16(d.MPReach.Family.AFI), uint8(d.MPReach.Family.SAFI)), d.MPReach.Routes)
	res.withdrawn = uint32(len(d.Withdrawn) + len(d.MPUnreach.Routes))
	res.announced = uint32(len(d.NLRI) + len(d.MPReach.Routes))
	res.digest = a.d
	return res
}

// foldRoutes folds the routes of one NLRI field as acc.route does, with
// the fold written out in the loop (the compiler does not inline it).
func foldRoutes(a *acc, tag, fam uint64, rs []bgp.Route) {
	d := a.d
	for i := range rs {
		r := &rs[i]
		d = bits.RotateLeft64(d, 7) ^ (tag + (fam | uint64(r.Prefix.Bits())<<32 | uint64(r.PathID)))
		if x := r.Prefix.Addr(); x.Is4() {
			b := x.As4()
			d = bits.RotateLeft64(d, 7) ^ (tag + uint64(binary.LittleEndian.Uint32(b[:])))
		} else {
			b := x.As16()
			d = bits.RotateLeft64(d, 7) ^ (tag + binary.LittleEndian.Uint64(b[:8]))
			d = bits.RotateLeft64(d, 7) ^ (tag + binary.LittleEndian.Uint64(b[8:]))
		}
	}
	a.d = d
}
