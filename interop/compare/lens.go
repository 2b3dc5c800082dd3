package main

import (
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"strconv"

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
	peers := bmp.NewPeers(0)
	r := bmp.NewBytesReader(data)
	var (
		d  bgp.UpdateValues
		rd bmp.Reading
	)
	i := 0
	for {
		msg, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch bmp.MsgType(msg[bmp.OffType]) {
		case bmp.MsgRouteMonitoring:
			rm, err := bmp.ParseRouteMonitoring(msg)
			if err != nil {
				return err
			}
			err = peers.Decode(rm, &d, &rd)
			if err != nil {
				return err
			}
			if i >= len(res) {
				return errors.New("bgplens: more Route Monitoring messages than the stream has")
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
			i++
		case bmp.MsgPeerUp:
			pu, err := bmp.ParsePeerUp(msg)
			if err != nil {
				return err
			}
			peers.PeerUp(pu)
		case bmp.MsgPeerDown:
			if h, ok := peerHeader(msg); ok {
				peers.PeerDown(h)
			}
		}
	}
	if i != len(res) {
		return errors.New("bgplens: found " + strconv.Itoa(i) + " Route Monitoring messages, the stream has " + strconv.Itoa(len(res)))
	}
	return nil
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
		a.add(tagMPReach, uint64(m.Family.AFI)<<8|uint64(m.Family.SAFI))
		nh, ll, _, ok := m.NextHops()
		if !ok {
			res.bad++
		}
		a.addr(tagMPReach, nh)
		if ll.IsValid() {
			a.addr(tagMPReach, ll)
		}
	}
	if d.Has(bgp.AttrMPUnreachNLRI) {
		f := d.MPUnreach.Family
		a.attr(uint64(bgp.AttrMPUnreachNLRI))
		a.add(tagMPUnreach, uint64(f.AFI)<<8|uint64(f.SAFI))
	}
	if d.Has(bgp.AttrExtCommunities) {
		a.attr(uint64(bgp.AttrExtCommunities))
		for _, c := range d.ExtCommunities {
			a.add(tagExtCommunity, uint64(c.Type())<<8|uint64(c.Subtype()))
			if as, local, ok := c.AS2(); ok {
				a.add(tagExtCommunity, uint64(as)<<32|uint64(local))
			} else {
				res.bad++
			}
		}
	}
	if d.Has(bgp.AttrLargeCommunities) {
		a.attr(uint64(bgp.AttrLargeCommunities))
		for _, c := range d.LargeCommunities {
			a.add(tagLarge, uint64(c.GlobalAdmin))
			a.add(tagLarge, uint64(c.LocalData1)<<32|uint64(c.LocalData2))
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
