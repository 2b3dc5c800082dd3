package main

import (
	"errors"
	"net/netip"
	"strconv"

	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gobmp "github.com/osrg/gobgp/v4/pkg/packet/bmp"
)

// gobgpPeer identifies a peer as GoBGP's per-peer header does.
type gobgpPeer struct {
	typ  uint8
	dist uint64
	addr netip.Addr
}

// gobgpSession holds the options for each direction of one peer's
// session, and for the A flag (2-octet AS_PATH) of each.
type gobgpSession struct {
	in, out, in2, out2 []*gobgp.MarshallingOption
}

// gobgpRun reads the stream as a GoBGP program would: the same framing
// (bmp.Reader), then bmp.ParseBMPMessageWithOptions with each peer's
// options, derived from GoBGP's own reading of its Peer Up (which builds
// every attribute and route as a value), and with fold a walk over the
// PathAttributes and NLRI it built; without, the prefixes are counted.
func gobgpRun(data []byte, res []msgResult, fold bool) error {
	sessions := map[gobgpPeer]*gobgpSession{}
	options := func(h gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
		s := sessions[gobgpPeer{h.PeerType, h.PeerDistinguisher, h.PeerAddress}]
		if s == nil {
			return nil
		}
		two := h.PeerType != gobmp.BMP_PEER_TYPE_LOCAL_RIB && h.Flags&gobmp.BMP_PEER_FLAG_TWO_AS != 0
		switch {
		case h.IsAdjRIBOut() && two:
			return s.out2
		case h.IsAdjRIBOut():
			return s.out
		case two:
			return s.in2
		}
		return s.in
	}
	i := 0
	err := eachMessage(data, func(msg []byte) error {
		m, err := gobmp.ParseBMPMessageWithOptions(msg, options)
		if err != nil {
			return errors.New("GoBGP: message after Route Monitoring " + strconv.Itoa(i) + ": " + err.Error())
		}
		switch b := m.Body.(type) {
		case *gobmp.BMPRouteMonitoring:
			u, ok := b.BGPUpdate.Body.(*gobgp.BGPUpdate)
			if !ok || i >= len(res) {
				return errors.New("GoBGP: Route Monitoring " + strconv.Itoa(i) + " holds no UPDATE")
			}
			if fold {
				res[i] = gobgpDecode(u)
			} else {
				res[i] = gobgpCount(u)
			}
			i++
		case *gobmp.BMPPeerUpNotification:
			sessions[gobgpPeer{m.PeerHeader.PeerType, m.PeerHeader.PeerDistinguisher, m.PeerHeader.PeerAddress}] = gobgpPeerSession(b)
		case *gobmp.BMPPeerDownNotification:
			delete(sessions, gobgpPeer{m.PeerHeader.PeerType, m.PeerHeader.PeerDistinguisher, m.PeerHeader.PeerAddress})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return countCheck("GoBGP", i, len(res))
}

// gobgpCaps collects what one OPEN offers.
type gobgpCaps struct {
	as4, ext bool
	addPath  map[gobgp.Family]gobgp.BGPAddPathMode
}

func gobgpOpenCaps(m *gobgp.BGPMessage) gobgpCaps {
	c := gobgpCaps{addPath: map[gobgp.Family]gobgp.BGPAddPathMode{}}
	o, ok := m.Body.(*gobgp.BGPOpen)
	if !ok {
		return c
	}
	for _, p := range o.OptParams {
		pc, ok := p.(*gobgp.OptionParameterCapability)
		if !ok {
			continue
		}
		for _, cp := range pc.Capability {
			switch cp := cp.(type) {
			case *gobgp.CapFourOctetASNumber:
				c.as4 = true
			case *gobgp.CapExtendedMessage:
				c.ext = true
			case *gobgp.CapAddPath:
				for _, t := range cp.Tuples {
					c.addPath[t.Family] = t.Mode
				}
			}
		}
	}
	return c
}

// gobgpPeerSession derives the options of both directions from the
// OPENs of a Peer Up (RFC 7911 §4: Path Identifiers flow from a speaker
// that can send to one that can receive).
func gobgpPeerSession(pu *gobmp.BMPPeerUpNotification) *gobgpSession {
	sent, rcvd := gobgpOpenCaps(pu.SentOpenMsg), gobgpOpenCaps(pu.ReceivedOpenMsg)
	dir := func(from, to gobgpCaps, twoOctet bool) []*gobgp.MarshallingOption {
		o := &gobgp.MarshallingOption{Use2ByteAS: twoOctet || !(from.as4 && to.as4), ExtendedMessage: from.ext && to.ext}
		for f, m := range from.addPath {
			if m&gobgp.BGP_ADD_PATH_SEND != 0 && to.addPath[f]&gobgp.BGP_ADD_PATH_RECEIVE != 0 {
				if o.AddPath == nil {
					o.AddPath = map[gobgp.Family]gobgp.BGPAddPathMode{}
				}
				o.AddPath[f] = gobgp.BGP_ADD_PATH_RECEIVE
			}
		}
		return []*gobgp.MarshallingOption{o}
	}
	return &gobgpSession{
		in: dir(rcvd, sent, false), out: dir(sent, rcvd, false),
		in2: dir(rcvd, sent, true), out2: dir(sent, rcvd, true),
	}
}

// gobgpDecode walks what ParseBMPMessageWithOptions built, producing the
// values lensDecode produces, in the same order.
func gobgpDecode(u *gobgp.BGPUpdate) msgResult {
	var res msgResult
	var a acc
	var reach *gobgp.PathAttributeMpReachNLRI
	var unreach *gobgp.PathAttributeMpUnreachNLRI
	for _, pa := range u.PathAttributes {
		a.attr(uint64(pa.GetType()))
		switch pa := pa.(type) {
		case *gobgp.PathAttributeOrigin:
			a.add(tagOrigin, uint64(pa.Value))
		case *gobgp.PathAttributeAsPath:
			for _, p := range pa.Value {
				switch p := p.(type) {
				case *gobgp.As4PathParam:
					a.add(tagSegment, uint64(p.Type))
					for _, as := range p.AS {
						a.add(tagASN, uint64(as))
					}
				case *gobgp.AsPathParam:
					a.add(tagSegment, uint64(p.Type))
					for _, as := range p.AS {
						a.add(tagASN, uint64(as))
					}
				}
			}
		case *gobgp.PathAttributeNextHop:
			a.addr(tagNextHop, pa.Value)
		case *gobgp.PathAttributeMultiExitDisc:
			a.add(tagMED, uint64(pa.Value))
		case *gobgp.PathAttributeLocalPref:
			a.add(tagLocalPref, uint64(pa.Value))
		case *gobgp.PathAttributeAtomicAggregate:
			a.add(tagAtomic, 0)
		case *gobgp.PathAttributeAggregator:
			a.add(tagAggregator, uint64(pa.Value.AS))
			a.addr(tagAggregator, pa.Value.Address)
		case *gobgp.PathAttributeCommunities:
			for _, c := range pa.Value {
				a.add(tagCommunity, uint64(c))
			}
		case *gobgp.PathAttributeOriginatorId:
			a.addr(tagOriginatorID, pa.Value)
		case *gobgp.PathAttributeClusterList:
			for _, id := range pa.Value {
				a.addr(tagCluster, id)
			}
		case *gobgp.PathAttributeMpReachNLRI:
			if reach == nil {
				reach = pa
			}
			a.mpReach(uint64(pa.AFI), uint64(pa.SAFI), pa.Nexthop, pa.LinkLocalNexthop)
		case *gobgp.PathAttributeMpUnreachNLRI:
			if unreach == nil {
				unreach = pa
			}
			a.add(tagMPUnreach, uint64(pa.AFI)<<8|uint64(pa.SAFI))
		case *gobgp.PathAttributeExtendedCommunities:
			for _, c := range pa.Value {
				t, st := c.GetTypes()
				var as, local uint64
				c, ok := c.(*gobgp.TwoOctetAsSpecificExtended)
				if ok {
					as, local = uint64(c.AS), uint64(c.LocalAdmin)
				}
				res.bad += a.extCommunity(uint64(t), uint64(st), as, local, ok)
			}
		case *gobgp.PathAttributeLargeCommunities:
			for _, c := range pa.Values {
				a.large(uint64(c.ASN), uint64(c.LocalData1), uint64(c.LocalData2))
			}
		}
	}
	// Routes as bgplens orders them: the IPv4 field, then the MP attribute.
	a.routes()
	gobgpRoutes(&a, &res, &res.withdrawn, tagWithdrawn, 1, 1, u.WithdrawnRoutes)
	if unreach != nil {
		gobgpRoutes(&a, &res, &res.withdrawn, tagWithdrawn, unreach.AFI, unreach.SAFI, unreach.Value)
	}
	gobgpRoutes(&a, &res, &res.announced, tagRoute, 1, 1, u.NLRI)
	if reach != nil {
		gobgpRoutes(&a, &res, &res.announced, tagRoute, reach.AFI, reach.SAFI, reach.Value)
	}
	res.digest = a.d
	return res
}

// gobgpCount counts the prefixes of what ParseBMPMessageWithOptions
// built.
func gobgpCount(u *gobgp.BGPUpdate) msgResult {
	res := msgResult{announced: uint32(len(u.NLRI)), withdrawn: uint32(len(u.WithdrawnRoutes))}
	reach, unreach := false, false
	for _, pa := range u.PathAttributes {
		switch pa := pa.(type) {
		case *gobgp.PathAttributeMpReachNLRI:
			if !reach {
				res.announced += uint32(len(pa.Value))
				reach = true
			}
		case *gobgp.PathAttributeMpUnreachNLRI:
			if !unreach {
				res.withdrawn += uint32(len(pa.Value))
				unreach = true
			}
		}
	}
	return res
}

// gobgpRoutes folds the routes of one NLRI field, counting them in
// *count and those that are not IP prefixes in res.bad.
func gobgpRoutes(a *acc, res *msgResult, count *uint32, tag uint64, afi uint16, safi uint8, ps []gobgp.PathNLRI) {
	*count += uint32(len(ps))
	for _, p := range ps {
		n, ok := p.NLRI.(*gobgp.IPAddrPrefix)
		if !ok {
			res.bad++
			continue
		}
		a.route(tag, afi, safi, n.Prefix, p.ID)
	}
}
