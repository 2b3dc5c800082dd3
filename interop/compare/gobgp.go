package main

import (
	"errors"
	"io"
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bmp"
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
	r := bmp.NewBytesReader(data)
	i := 0
	for {
		msg, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
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
	}
	if i != len(res) {
		return errors.New("GoBGP: found " + strconv.Itoa(i) + " Route Monitoring messages, the stream has " + strconv.Itoa(len(res)))
	}
	return nil
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
			a.add(tagMPReach, uint64(pa.AFI)<<8|uint64(pa.SAFI))
			a.addr(tagMPReach, pa.Nexthop)
			if pa.LinkLocalNexthop.IsValid() {
				a.addr(tagMPReach, pa.LinkLocalNexthop)
			}
		case *gobgp.PathAttributeMpUnreachNLRI:
			if unreach == nil {
				unreach = pa
			}
			a.add(tagMPUnreach, uint64(pa.AFI)<<8|uint64(pa.SAFI))
		case *gobgp.PathAttributeExtendedCommunities:
			for _, c := range pa.Value {
				t, st := c.GetTypes()
				a.add(tagExtCommunity, uint64(t)<<8|uint64(st))
				if c, ok := c.(*gobgp.TwoOctetAsSpecificExtended); ok {
					a.add(tagExtCommunity, uint64(c.AS)<<32|uint64(c.LocalAdmin))
				} else {
					res.bad++
				}
			}
		case *gobgp.PathAttributeLargeCommunities:
			for _, c := range pa.Values {
				a.add(tagLarge, uint64(c.ASN))
				a.add(tagLarge, uint64(c.LocalData1)<<32|uint64(c.LocalData2))
			}
		}
	}
	// Routes as bgplens orders them: the IPv4 field, then the MP attribute.
	a.routes()
	for _, p := range u.WithdrawnRoutes {
		res.withdrawn++
		res.bad += gobgpRoute(&a, tagWithdrawn, 1, 1, p)
	}
	if unreach != nil {
		for _, p := range unreach.Value {
			res.withdrawn++
			res.bad += gobgpRoute(&a, tagWithdrawn, unreach.AFI, unreach.SAFI, p)
		}
	}
	for _, p := range u.NLRI {
		res.announced++
		res.bad += gobgpRoute(&a, tagRoute, 1, 1, p)
	}
	if reach != nil {
		for _, p := range reach.Value {
			res.announced++
			res.bad += gobgpRoute(&a, tagRoute, reach.AFI, reach.SAFI, p)
		}
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

func gobgpRoute(a *acc, tag uint64, afi uint16, safi uint8, p gobgp.PathNLRI) uint32 {
	n, ok := p.NLRI.(*gobgp.IPAddrPrefix)
	if !ok {
		return 1
	}
	a.route(tag, afi, safi, n.Prefix, p.ID)
	return 0
}
