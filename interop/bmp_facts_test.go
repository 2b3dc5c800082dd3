package interop

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gobmp "github.com/osrg/gobgp/v4/pkg/packet/bmp"
)

// What each library says about a BMP message, as facts (see facts_test.go)
// that compare with ==.

// lensBMPFacts says what bgplens reads in a BMP message.
func lensBMPFacts(m bmpMsg) (facts, string) {
	f := facts{}
	v, err := bmp.ParseMessage(m.lens)
	if err != nil {
		return f, err.Error()
	}
	f["type"] = strconv.Itoa(int(v.Type()))
	if p, ok := v.Peer(); ok {
		addr := p.Address.String()
		if p.Type == bmp.PeerLocRIB {
			addr = "-" // RFC 9069 §4.1: zero-filled, no meaning
		}
		f["peer"] = strconv.Itoa(int(p.Type)) + " flags " + strconv.Itoa(int(p.Flags)) + " rd " +
			hex.EncodeToString(p.Distinguisher[:]) + " " + addr + " AS" + u32(p.AS) + " id " + p.BGPID.String()
		f["timestamp"] = strconv.FormatUint(uint64(p.Seconds)*1000000+uint64(p.Microseconds), 10)
	}
	dm, err := v.Decode()
	if err != nil {
		return f, err.Error()
	}
	switch dm := dm.(type) {
	case bmp.RouteMonitoring:
		u, err := bgp.ParseUpdate(dm.BGPMessage(), m.sess)
		if err != nil {
			return f, err.Error()
		}
		f["announced"], f["withdrawn"] = lensBMPRoutes(u)
		if uf, _ := lensUpdate(facts{}, dm.BGPMessage(), m.sess); uf["as_path"] != "" {
			f["as_path"] = uf["as_path"]
		}
		if v := u.Verdict(); v != nil && v.Action >= bgp.AFISAFIDisable {
			// The routes cannot be trusted (RFC 7606 §3-§5): GoBGP's
			// parse fails on such UPDATEs. Lighter faults (a missing
			// well-known attribute: treat-as-withdraw) leave the routes
			// readable, and GoBGP's parse does not check the attribute
			// set (its FSM does, in ValidateUpdateMsg).
			return f, v.Error()
		}
	case bmp.PeerUp:
		f["local"] = dm.LocalAddress.String() + " " + strconv.Itoa(int(dm.LocalPort)) + " " + strconv.Itoa(int(dm.RemotePort))
		for i, o := range [][]byte{dm.SentOpen, dm.ReceivedOpen} {
			if v, err := bgp.ParseOpen(o); err == nil {
				f["open"+strconv.Itoa(i)] = u32(v.AS()) + " " + v.BGPIdentifier().String() + " hold " + strconv.Itoa(int(v.HoldTime()))
			}
		}
		f["info"] = lensTLVs(dm.Information)
	case bmp.PeerDown:
		f["reason"] = strconv.Itoa(int(dm.Reason))
		if dm.Notification != nil {
			if n, err := dm.DecodeNotification(); err == nil {
				f["notification"] = strconv.Itoa(int(n.Code)) + "/" + strconv.Itoa(int(n.Subcode)) + " " + hex.EncodeToString(n.Data)
			}
		}
	case bmp.StatisticsReport:
		var st []string
		for _, s := range dm.Stats {
			if fm, g, ok := s.FamilyGauge(); ok && s.Type.Width() == bmp.StatFamilyGauge {
				st = append(st, strconv.Itoa(int(s.Type))+"="+fam(uint16(fm.AFI), uint8(fm.SAFI))+":"+strconv.FormatUint(g, 10))
			} else if n, ok := s.Uint(); ok {
				st = append(st, strconv.Itoa(int(s.Type))+"="+strconv.FormatUint(n, 10))
			} else {
				st = append(st, strconv.Itoa(int(s.Type))+"=0x"+hex.EncodeToString(s.Value))
			}
		}
		f["stats"] = join(st)
	case bmp.Initiation:
		f["info"] = lensTLVs(dm.Information)
	case bmp.Termination:
		f["info"] = lensTLVs(dm.Information)
	case bmp.RouteMirroring:
		var ts, routes []string
		for _, t := range dm.TLVs {
			d := strconv.Itoa(int(t.Type)) + ":" + strconv.Itoa(len(t.Value))
			if bmp.MirroringTLVType(t.Type) == bmp.MirrorBGPMessage && len(t.Value) > bgp.OffType {
				d += ":" + strconv.Itoa(int(t.Value[bgp.OffType]))
				if bgp.MessageType(t.Value[bgp.OffType]) == bgp.MsgUpdate {
					if u, err := bgp.ParseUpdate(t.Value, m.sess); err == nil {
						a, w := lensBMPRoutes(u)
						routes = append(routes, "+["+a+"] -["+w+"]")
					}
				}
			}
			ts = append(ts, d)
		}
		f["mirrored"], f["mirrored_routes"] = join(ts), join(routes)
	}
	return f, ""
}

func lensTLVs(ts []bmp.TLV) string {
	var out []string
	for _, t := range ts {
		out = append(out, strconv.Itoa(int(t.Type))+"="+hex.EncodeToString(t.Value))
	}
	return join(out)
}

// gobgpBMPFacts says what GoBGP reads in the same message, given the
// options bgplens's per-peer state derived for it (GoBGP keeps no state:
// the caller passes the session of the peer in).
func gobgpBMPFacts(data []byte, opt *gobgp.MarshallingOption) (facts, string) {
	f := facts{}
	m, err := gobmp.ParseBMPMessageWithOptions(data, func(gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
		return []*gobgp.MarshallingOption{opt}
	})
	if m == nil {
		return f, err.Error()
	}
	f["type"] = strconv.Itoa(int(m.Header.Type))
	if m.Header.Type != gobmp.BMP_MSG_INITIATION && m.Header.Type != gobmp.BMP_MSG_TERMINATION {
		p := m.PeerHeader
		addr := "-"
		if p.PeerType != gobmp.BMP_PEER_TYPE_LOCAL_RIB {
			addr = p.PeerAddress.String()
		}
		var rd [8]byte
		binary.BigEndian.PutUint64(rd[:], p.PeerDistinguisher)
		f["peer"] = strconv.Itoa(int(p.PeerType)) + " flags " + strconv.Itoa(int(p.Flags)) + " rd " +
			hex.EncodeToString(rd[:]) + " " + addr + " AS" + u32(p.PeerAS) + " id " + p.PeerBGPID.String()
		f["timestamp"] = strconv.FormatInt(int64(math.Round(p.Timestamp*1e6)), 10)
	}
	if err != nil {
		return f, err.Error()
	}
	switch b := m.Body.(type) {
	case *gobmp.BMPRouteMonitoring:
		u, ok := b.BGPUpdate.Body.(*gobgp.BGPUpdate)
		if !ok {
			return f, "not an UPDATE"
		}
		f["announced"], f["withdrawn"] = gobgpBMPRoutes(u)
		uf := facts{}
		gobgpUpdate(uf, u)
		if uf["as_path"] != "" {
			f["as_path"] = uf["as_path"]
		}
	case *gobmp.BMPPeerUpNotification:
		f["local"] = b.LocalAddress.String() + " " + strconv.Itoa(int(b.LocalPort)) + " " + strconv.Itoa(int(b.RemotePort))
		for i, o := range []*gobgp.BGPMessage{b.SentOpenMsg, b.ReceivedOpenMsg} {
			if op, ok := o.Body.(*gobgp.BGPOpen); ok {
				as := uint32(op.MyAS)
				for _, p := range op.OptParams {
					if c, ok := p.(*gobgp.OptionParameterCapability); ok {
						for _, cv := range c.Capability {
							if a4, ok := cv.(*gobgp.CapFourOctetASNumber); ok {
								as = a4.CapValue
							}
						}
					}
				}
				f["open"+strconv.Itoa(i)] = u32(as) + " " + op.ID.String() + " hold " + strconv.Itoa(int(op.HoldTime))
			}
		}
		f["info"] = gobgpInfoTLVs(b.Info)
	case *gobmp.BMPPeerDownNotification:
		f["reason"] = strconv.Itoa(int(b.Reason))
		if b.BGPNotification != nil {
			if n, ok := b.BGPNotification.Body.(*gobgp.BGPNotification); ok {
				f["notification"] = strconv.Itoa(int(n.ErrorCode)) + "/" + strconv.Itoa(int(n.ErrorSubcode)) + " " + hex.EncodeToString(n.Data)
			}
		}
	case *gobmp.BMPStatisticsReport:
		var st []string
		for _, s := range b.Stats {
			switch s := s.(type) {
			case *gobmp.BMPStatsTLV32:
				st = append(st, strconv.Itoa(int(s.Type))+"="+u32(s.Value))
			case *gobmp.BMPStatsTLV64:
				st = append(st, strconv.Itoa(int(s.Type))+"="+strconv.FormatUint(s.Value, 10))
			case *gobmp.BMPStatsTLVPerAfiSafi64:
				st = append(st, strconv.Itoa(int(s.Type))+"="+fam(s.AFI, s.SAFI)+":"+strconv.FormatUint(s.Value, 10))
			}
		}
		f["stats"] = join(st)
	case *gobmp.BMPRouteMirroring:
		var ts, routes []string
		for _, t := range b.Info {
			switch t := t.(type) {
			case *gobmp.BMPRouteMirrTLVBGPMsg:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length))+":"+strconv.Itoa(int(t.Value.Header.Type)))
				if u, ok := t.Value.Body.(*gobgp.BGPUpdate); ok {
					routes = append(routes, gobgpRoutes(u))
				}
			case *gobmp.BMPRouteMirrTLV16:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length)))
			case *gobmp.BMPRouteMirrTLVUnknown:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length)))
			}
		}
		f["mirrored"], f["mirrored_routes"] = join(ts), join(routes)
	case *gobmp.BMPInitiation:
		f["info"] = gobgpInfoTLVs(b.Info)
	case *gobmp.BMPTermination:
		var out []string
		for _, t := range b.Info {
			v, _ := t.Serialize()
			if len(v) >= 4 {
				out = append(out, strconv.Itoa(int(binary.BigEndian.Uint16(v)))+"="+hex.EncodeToString(v[4:]))
			}
		}
		f["info"] = join(out)
	}
	return f, ""
}

// gobgpRoutes renders the routes of an UPDATE GoBGP parsed as lensBMPFacts
// renders bgplens's.
func gobgpRoutes(u *gobgp.BGPUpdate) string {
	a, w := gobgpBMPRoutes(u)
	return "+[" + a + "] -[" + w + "]"
}

// Routes are rendered as family, masked prefix, path identifier, label
// values and route distinguisher. A label is its 20-bit value (RFC 8277
// §2), or "withdraw" for the 0x800000 of a withdrawal (RFC 8277 §2.4):
// GoBGP keeps that entry, and an all-zero one, raw.
const withdrawLabel = 0x800000

func lensBMPRoutes(u bgp.UpdateView) (ann, wd string) {
	var a, w []string
	for fm, r := range u.Announced() {
		a = append(a, lensBMPRoute(fm, r))
	}
	for fm, r := range u.Withdrawals() {
		w = append(w, lensBMPRoute(fm, r))
	}
	return join(a), join(w)
}

func lensBMPRoute(fm bgp.Family, r bgp.Route) string {
	var ls []string
	for _, l := range r.LabelStack() {
		if uint32(l) == withdrawLabel {
			ls = append(ls, "withdraw")
		} else {
			ls = append(ls, u32(l.Value()))
		}
	}
	var rd []byte
	if fm.SAFI == bgp.SAFIMPLSVPN || fm.SAFI == bgp.SAFIMCASTMPLSVPN {
		rd = r.RD[:]
	}
	return bmpRouteText(uint16(fm.AFI), uint8(fm.SAFI), r.Prefix.Masked(), r.PathID, ls, rd)
}

func bmpRouteText(afi uint16, safi uint8, p netip.Prefix, id uint32, labels []string, rd []byte) string {
	s := fam(afi, safi) + " " + p.String()
	if id != 0 {
		s += " id=" + u32(id)
	}
	if len(labels) > 0 {
		s += " labels=" + strings.Join(labels, ",")
	}
	if rd != nil {
		s += " rd=" + hex.EncodeToString(rd)
	}
	return s
}

func gobgpBMPRoutes(u *gobgp.BGPUpdate) (ann, wd string) {
	var a, w []string
	for _, p := range u.NLRI {
		a = append(a, gobgpBMPRoute(1, 1, p))
	}
	for _, p := range u.WithdrawnRoutes {
		w = append(w, gobgpBMPRoute(1, 1, p))
	}
	for _, pa := range u.PathAttributes {
		switch pa := pa.(type) {
		case *gobgp.PathAttributeMpReachNLRI:
			if prefixFamily(pa.AFI, pa.SAFI) {
				for _, p := range pa.Value {
					a = append(a, gobgpBMPRoute(pa.AFI, pa.SAFI, p))
				}
			}
		case *gobgp.PathAttributeMpUnreachNLRI:
			if prefixFamily(pa.AFI, pa.SAFI) {
				for _, p := range pa.Value {
					w = append(w, gobgpBMPRoute(pa.AFI, pa.SAFI, p))
				}
			}
		}
	}
	return join(a), join(w)
}

func gobgpBMPRoute(afi uint16, safi uint8, p gobgp.PathNLRI) string {
	pfx, labels, dist, ok := gobgpPrefixNLRI(p.NLRI)
	if !ok {
		return fam(afi, safi) + " " + p.NLRI.String()
	}
	var rd []byte
	if dist != nil {
		rd, _ = dist.Serialize()
	}
	var ls []string
	for _, l := range labels {
		if l == withdrawLabel {
			ls = append(ls, "withdraw")
		} else {
			ls = append(ls, u32(l))
		}
	}
	return bmpRouteText(afi, safi, pfx.Masked(), p.ID, ls, rd)
}

func gobgpInfoTLVs(ts []gobmp.BMPInfoTLVInterface) string {
	var out []string
	for _, t := range ts {
		v, _ := t.Serialize()
		if len(v) >= 4 {
			out = append(out, strconv.Itoa(int(binary.BigEndian.Uint16(v)))+"="+hex.EncodeToString(v[4:]))
		}
	}
	return join(out)
}
