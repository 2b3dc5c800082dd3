package interop

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// gobgpFamFacts reads msg, an UPDATE, with GoBGP's ParseBGPMessage into
// the normalized forms of family_norm_test.go. The string is GoBGP's
// error, "" when it parses the message.
func gobgpFamFacts(msg []byte, s bgp.Session) (facts, string) {
	f := facts{}
	m, err := gobgp.ParseBGPMessage(msg, gobgpOptions(s))
	if err != nil {
		return f, err.Error()
	}
	u, ok := m.Body.(*gobgp.BGPUpdate)
	if !ok {
		return f, "not an UPDATE"
	}
	seen := map[gobgp.BGPAttrType]bool{}
	for _, a := range u.PathAttributes {
		if seen[a.GetType()] {
			continue
		}
		seen[a.GetType()] = true
		gobgpFamAttr(f, a)
	}
	return f, ""
}

func lensFamily(afi uint16, safi uint8) bgp.Family {
	return bgp.Family{AFI: bgp.AFI(afi), SAFI: bgp.SAFI(safi)}
}

func gobgpFamAttr(f facts, a gobgp.PathAttributeInterface) {
	switch a := a.(type) {
	case *gobgp.PathAttributeMpReachNLRI:
		if fm := lensFamily(a.AFI, a.SAFI); famCompared(fm) {
			f["+"+fm.JSONName()] = gobgpEntries(a.Value)
		}
	case *gobgp.PathAttributeMpUnreachNLRI:
		if fm := lensFamily(a.AFI, a.SAFI); famCompared(fm) {
			f["-"+fm.JSONName()] = gobgpEntries(a.Value)
		}
	case *gobgp.PathAttributePmsiTunnel:
		var id []byte
		if a.TunnelID != nil {
			id, _ = a.TunnelID.Serialize()
		}
		f["pmsi"] = pmsiNorm(a.IsLeafInfoRequired, uint8(a.TunnelType), a.Label, id)
	case *gobgp.PathAttributeTunnelEncap:
		var ts []string
		for _, t := range a.Value {
			var subs []string
			for _, st := range t.Value {
				b, _ := st.Serialize()
				subs = append(subs, encapSubTLVNorm(b))
			}
			ts = append(ts, tunnelNorm(uint16(t.Type), subs))
		}
		f["tunnel_encap"] = strings.Join(ts, " | ")
	case *gobgp.PathAttributePrefixSID:
		gobgpPrefixSID(f, a)
	case *gobgp.PathAttributeLs:
		var ts []string
		for _, t := range a.TLVs {
			ts = append(ts, lsTLVNorm(t))
		}
		f["bgp_ls"] = strings.Join(ts, " ")
	case *gobgp.PathAttributeExtendedCommunities:
		var cs extCommNames
		for _, c := range a.Value {
			cs.add(gobgpFlowAction(c), gobgpEVPNCommunity(c))
		}
		cs.put(f)
	}
}

func gobgpEntries(ps []gobgp.PathNLRI) string {
	var out []string
	for _, p := range ps {
		out = append(out, idNorm(p.ID)+gobgpEntry(p.NLRI))
	}
	return strings.Join(out, " | ")
}

func rdBytes(rd gobgp.RouteDistinguisherInterface) []byte {
	if rd == nil {
		return nil
	}
	b, _ := rd.Serialize()
	return b
}

func gobgpEntry(n gobgp.NLRI) string {
	switch n := n.(type) {
	case *gobgp.EVPNNLRI:
		return gobgpEVPN(n)
	case *gobgp.FlowSpecNLRI:
		return gobgpFlowSpec(n)
	case *gobgp.RouteTargetMembershipNLRI:
		p := binary.BigEndian.AppendUint32(nil, n.AS)
		if n.RouteTarget != nil {
			rt, _ := n.RouteTarget.Serialize()
			p = append(p, rt...)
		}
		for len(p) < 12 {
			p = append(p, 0)
		}
		return rtcNorm(int(n.Length), p)
	case *gobgp.VPLSNLRI:
		return vplsNorm(rdBytes(n.RD()), n.VEID, n.VEBlockOffset, n.VEBlockSize, n.LabelBlockBase)
	case *gobgp.SRPolicyNLRI:
		return srPolicyNorm(n.Distinguisher, n.Color, n.Endpoint)
	case *gobgp.MUPNLRI:
		return gobgpMUP(n)
	case *gobgp.LsAddrPrefix:
		return gobgpLS(n)
	}
	return "?" + n.String()
}

func gobgpEVPN(n *gobgp.EVPNNLRI) string {
	e := evpnN{typ: n.RouteType}
	esi := func(x gobgp.EthernetSegmentIdentifier) []byte { b, _ := x.Serialize(); return b }
	switch r := n.RouteTypeData.(type) {
	case *gobgp.EVPNEthernetAutoDiscoveryRoute:
		e.rd, e.esi, e.etag, e.labels = rdBytes(r.RD), esi(r.ESI), r.ETag, []uint32{r.Label}
	case *gobgp.EVPNMacIPAdvertisementRoute:
		e.rd, e.esi, e.etag, e.mac, e.ip, e.labels = rdBytes(r.RD), esi(r.ESI), r.ETag, r.MacAddress.String(), r.IPAddress, r.Labels
	case *gobgp.EVPNMulticastEthernetTagRoute:
		e.rd, e.etag, e.ip = rdBytes(r.RD), r.ETag, r.IPAddress
	case *gobgp.EVPNEthernetSegmentRoute:
		e.rd, e.esi, e.ip = rdBytes(r.RD), esi(r.ESI), r.IPAddress
	case *gobgp.EVPNIPPrefixRoute:
		e.rd, e.esi, e.etag, e.gw, e.labels = rdBytes(r.RD), esi(r.ESI), r.ETag, r.GWIPAddress, []uint32{r.Label}
		e.prefix = r.IPPrefix.String() + "/" + strconv.Itoa(int(r.IPPrefixLength))
	default:
		b, _ := n.Serialize()
		return "evpn" + strconv.Itoa(int(n.RouteType)) + " " + hex.EncodeToString(b[2:])
	}
	return e.String()
}

func gobgpFlowSpec(n *gobgp.FlowSpecNLRI) string {
	var cs []string
	for _, c := range n.Value {
		switch c := c.(type) {
		case *gobgp.FlowSpecDestinationPrefix:
			cs = append(cs, flowPrefixNorm(uint8(c.Type()), c.Prefix.Prefix, 0))
		case *gobgp.FlowSpecSourcePrefix:
			cs = append(cs, flowPrefixNorm(uint8(c.Type()), c.Prefix.Prefix, 0))
		case *gobgp.FlowSpecDestinationPrefix6:
			cs = append(cs, flowPrefixNorm(uint8(c.Type()), c.Prefix.Prefix, int(c.Offset)))
		case *gobgp.FlowSpecSourcePrefix6:
			cs = append(cs, flowPrefixNorm(uint8(c.Type()), c.Prefix.Prefix, int(c.Offset)))
		case *gobgp.FlowSpecComponent:
			var ops []string
			for _, it := range c.Items {
				ops = append(ops, flowOpNorm(it.Op, it.Value))
			}
			cs = append(cs, flowOpsNorm(uint8(c.Type()), ops))
		case *gobgp.FlowSpecUnknown:
			cs = append(cs, "unknown:"+hex.EncodeToString(c.Value))
		default:
			cs = append(cs, "?"+c.String())
		}
	}
	return flowSpecNorm(rdBytes(n.RD()), cs)
}

// lsTLVNorm renders a GoBGP BGP-LS TLV from its serialized form: type
// (2 octets), length (2), value.
func lsTLVNorm(t gobgp.LsTLVInterface) string {
	if t == nil {
		return "nil"
	}
	b, err := t.Serialize()
	if err != nil || len(b) < 4 {
		return "unserializable"
	}
	return tlvNorm(int(binary.BigEndian.Uint16(b)), b[4:])
}

func gobgpLS(p *gobgp.LsAddrPrefix) string {
	var (
		h    gobgp.LsNLRI
		tlvs []gobgp.LsTLVInterface
	)
	switch n := p.NLRI.(type) {
	case *gobgp.LsNodeNLRI:
		h, tlvs = n.LsNLRI, []gobgp.LsTLVInterface{n.LocalNodeDesc}
	case *gobgp.LsLinkNLRI:
		h, tlvs = n.LsNLRI, append([]gobgp.LsTLVInterface{n.LocalNodeDesc, n.RemoteNodeDesc}, n.LinkDesc...)
	case *gobgp.LsPrefixV4NLRI:
		h, tlvs = n.LsNLRI, append([]gobgp.LsTLVInterface{n.LocalNodeDesc}, n.PrefixDesc...)
	case *gobgp.LsPrefixV6NLRI:
		h, tlvs = n.LsNLRI, append([]gobgp.LsTLVInterface{n.LocalNodeDesc}, n.PrefixDesc...)
	case *gobgp.LsSrv6SIDNLRI:
		h, tlvs = n.LsNLRI, []gobgp.LsTLVInterface{n.LocalNodeDesc}
		if n.MultiTopoID != nil {
			tlvs = append(tlvs, n.MultiTopoID)
		}
		tlvs = append(tlvs, n.Srv6SIDInfo)
	default:
		return "?ls" + strconv.Itoa(int(p.Type))
	}
	var ts []string
	for _, t := range tlvs {
		ts = append(ts, lsTLVNorm(t))
	}
	return bgplsNorm(uint16(p.Type), uint8(h.ProtocolID), h.Identifier, ts)
}

// encapSubTLVNorm renders a serialized Tunnel Encapsulation sub-TLV: a
// type octet and a length of one octet below type 128, of two from 128 on
// (RFC 9012 §2).
func encapSubTLVNorm(b []byte) string {
	if len(b) < 2 {
		return "short"
	}
	h := 2
	if b[0] >= 128 {
		h = 3
	}
	if len(b) < h {
		return "short"
	}
	return tlvNorm(int(b[0]), b[h:])
}

func gobgpPrefixSID(f facts, a *gobgp.PathAttributePrefixSID) {
	var srv6, other []string
	for _, t := range a.TLVs {
		st, ok := t.(*gobgp.SRv6ServiceTLV)
		if !ok {
			b, _ := t.Serialize()
			if len(b) >= 3 {
				other = append(other, tlvNorm(int(b[0]), b[3:]))
			}
			continue
		}
		var subs []string
		for _, sub := range st.SubTLVs {
			info, ok := sub.(*gobgp.SRv6InformationSubTLV)
			if !ok {
				b, _ := sub.Serialize()
				subs = append(subs, tlvNorm(int(b[0]), b[3:]))
				continue
			}
			var ss []string
			for _, sst := range info.SubSubTLVs {
				if s, ok := sst.(*gobgp.SRv6SIDStructureSubSubTLV); ok {
					ss = append(ss, sidStructureNorm([6]uint8{s.LocatorBlockLength, s.LocatorNodeLength, s.FunctionLength,
						s.ArgumentLength, s.TranspositionLength, s.TranspositionOffset}))
				} else {
					b, _ := sst.Serialize()
					ss = append(ss, tlvNorm(int(b[0]), b[3:]))
				}
			}
			subs = append(subs, sidInfoNorm(info.SID, info.Flags, info.EndpointBehavior, ss))
		}
		srv6 = append(srv6, "srv6-service"+strconv.Itoa(int(st.Type))+" ["+strings.Join(subs, " ")+"]")
	}
	if srv6 != nil {
		f["prefix_sid_srv6"] = strings.Join(srv6, " ")
	}
	if other != nil {
		f["prefix_sid_mpls"] = strings.Join(other, " ")
	}
}

func gobgpFlowAction(c gobgp.ExtendedCommunityInterface) string {
	switch c := c.(type) {
	case *gobgp.TrafficRateExtended:
		_, sub := c.GetTypes()
		return flowRateNorm(uint8(sub), c.AS, c.Rate)
	case *gobgp.TrafficActionExtended:
		return flowActionNorm(c.Sample, c.Terminal)
	case *gobgp.RedirectTwoOctetAsSpecificExtended:
		return "redirect " + u32(uint32(c.AS)) + ":" + u32(c.LocalAdmin)
	case *gobgp.RedirectIPv4AddressSpecificExtended:
		return "redirect " + c.IPv4.String() + ":" + u32(uint32(c.LocalAdmin))
	case *gobgp.RedirectFourOctetAsSpecificExtended:
		return "redirect " + u32(c.AS) + ":" + u32(uint32(c.LocalAdmin))
	case *gobgp.TrafficRemarkExtended:
		return "mark " + strconv.Itoa(int(c.DSCP))
	}
	// A flow spec action GoBGP keeps as an unknown community.
	b, _ := c.Serialize()
	if len(b) == 8 && lensFlowAction(bgp.ExtCommunity(b)) != "" {
		return "unknown " + hex.EncodeToString(b)
	}
	return ""
}

func gobgpEVPNCommunity(c gobgp.ExtendedCommunityInterface) string {
	switch c := c.(type) {
	case *gobgp.MacMobilityExtended:
		return macMobilityNorm(c.IsSticky, c.Sequence)
	case *gobgp.ESILabelExtended:
		return esiLabelNorm(c.IsSingleActive, c.Label)
	case *gobgp.ESImportRouteTarget:
		return "evpn2 " + c.ESImport.String()
	case *gobgp.RouterMacExtended:
		return "evpn3 " + c.Mac.String()
	}
	b, _ := c.Serialize()
	if len(b) == 8 && lensEVPNCommunity(bgp.ExtCommunity(b)) != "" {
		return "unknown " + hex.EncodeToString(b)
	}
	return ""
}

// gobgpMUP reads GoBGP's MUP route structs into mupN.
func gobgpMUP(n *gobgp.MUPNLRI) string {
	m := mupN{arch: n.ArchitectureType, typ: n.RouteType}
	tlvs := func(ts []gobgp.MUPTLVInterface) {
		for _, t := range ts {
			b, _ := t.Serialize()
			m.tlvs = append(m.tlvs, tlvNorm(int(b[0]), b[2:]))
		}
	}
	teid := func(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }
	switch r := n.RouteTypeData.(type) {
	case *gobgp.MUPInterworkSegmentDiscoveryRoute:
		m.rd, m.prefix = rdBytes(r.RD), r.Prefix.String()
	case *gobgp.MUPDirectSegmentDiscoveryRoute:
		m.rd, m.addr = rdBytes(r.RD), r.Address.String()
	case *gobgp.MUPType1SessionTransformedRoute:
		m.rd, m.prefix, m.ep, m.teid, m.teidBits, m.qfi = rdBytes(r.RD), r.Prefix.String(), r.EndpointAddress.String(), teid(r.TEID), 32, int(r.QFI)
		if r.SourceAddress != nil {
			m.src = r.SourceAddress.String()
		}
		tlvs(r.TLVs)
	case *gobgp.MUPType2SessionTransformedRoute:
		m.rd, m.ep = rdBytes(r.RD), r.EndpointAddress.String()
		m.teidBits = int(r.EndpointAddressLength) - r.EndpointAddress.BitLen()
		// Only the octets the Endpoint Length covers are sent: a struct
		// built with a longer TEID is read back with the rest 0.
		if n := (m.teidBits + 7) / 8; n > 0 && n <= 4 {
			m.teid = teid(r.TEID) & (^uint32(0) << (32 - 8*n))
		}
		tlvs(r.TLVs)
	default:
		b, _ := n.Serialize()
		return mupNorm(b)
	}
	return m.String()
}
