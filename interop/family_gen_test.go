package interop

import (
	"encoding/hex"
	"math/rand/v2"
	"net"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// The generated corpus of the family differential: UPDATEs of every
// family GoBGP knows, built with GoBGP's own constructors (NewEVPN...,
// NewFlowSpec..., NewVPLSNLRI, NewSRPolicy, NewMUP..., the BGP-LS TLV
// builders) from a seeded generator, and serialized by GoBGP. bgplens
// must read the same fields from them.

// famGen draws the values.
type famGen struct{ r *rand.Rand }

func (g famGen) n(k int) int           { return g.r.IntN(k) }
func (g famGen) u32() uint32           { return g.r.Uint32() }
func (g famGen) u16() uint16           { return uint16(g.r.Uint32()) }
func (g famGen) chance(p float64) bool { return g.r.Float64() < p }

func (g famGen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

func (g famGen) v4() netip.Addr { return netip.AddrFrom4([4]byte(g.bytes(4))) }
func (g famGen) v6() netip.Addr { return netip.AddrFrom16([16]byte(g.bytes(16))) }

func (g famGen) addr(v6 bool) netip.Addr {
	if v6 {
		return g.v6()
	}
	return g.v4()
}

func (g famGen) prefix(v6 bool) netip.Prefix {
	a := g.addr(v6)
	return netip.PrefixFrom(a, g.n(a.BitLen()+1)).Masked()
}

func (g famGen) rd() gobgp.RouteDistinguisherInterface {
	switch g.n(3) {
	case 0:
		return gobgp.NewRouteDistinguisherTwoOctetAS(g.u16(), g.u32())
	case 1:
		rd, _ := gobgp.NewRouteDistinguisherIPAddressAS(g.v4(), g.u16())
		return rd
	}
	return gobgp.NewRouteDistinguisherFourOctetAS(g.u32(), g.u16())
}

// esi draws an Ethernet Segment Identifier of types 0-5 (RFC 7432 §5):
// zero (single-homed) now and then; the types whose value leaves the last
// octet unused get it zero.
func (g famGen) esi() gobgp.EthernetSegmentIdentifier {
	if g.chance(0.2) {
		return gobgp.EthernetSegmentIdentifier{Type: gobgp.ESI_ARBITRARY, Value: make([]byte, 9)}
	}
	t := gobgp.ESIType(g.n(6))
	v := g.bytes(9)
	switch t {
	case gobgp.ESI_LACP, gobgp.ESI_MSTP, gobgp.ESI_ROUTERID, gobgp.ESI_AS:
		v[8] = 0
	}
	return gobgp.EthernetSegmentIdentifier{Type: t, Value: v}
}

func (g famGen) label() uint32 { return g.u32() & 0xffffff }

func (g famGen) mac() string { return net.HardwareAddr(g.bytes(6)).String() }

// evpn draws an EVPN route of types 1-5 (RFC 7432 §7.1-7.4, RFC 9136 §3.1).
func (g famGen) evpn() *gobgp.EVPNNLRI {
	v6 := g.chance(0.5)
	if g.chance(0.04) {
		// Route type 9 (RFC 9572 §3.1: RD, Ethernet Tag, Region ID), which
		// GoBGP builds (I-PMSI, the Region ID as a route target).
		return gobgp.NewEVPNIPMSIRoute(g.rd(), g.u32(), gobgp.NewTwoOctetAsSpecificExtended(gobgp.EC_SUBTYPE_ROUTE_TARGET, g.u16(), g.u32(), true))
	}
	switch g.n(5) {
	case 0:
		return gobgp.NewEVPNEthernetAutoDiscoveryRoute(g.rd(), g.esi(), g.u32(), g.label())
	case 1:
		var ip netip.Addr
		if !g.chance(0.3) {
			ip = g.addr(v6)
		}
		labels := []uint32{g.label()}
		if g.chance(0.4) {
			labels = append(labels, g.label())
		}
		n, _ := gobgp.NewEVPNMacIPAdvertisementRoute(g.rd(), g.esi(), g.u32(), g.mac(), ip, labels)
		return n
	case 2:
		n, _ := gobgp.NewEVPNMulticastEthernetTagRoute(g.rd(), g.u32(), g.addr(v6))
		return n
	case 3:
		n, _ := gobgp.NewEVPNEthernetSegmentRoute(g.rd(), g.esi(), g.addr(v6))
		return n
	}
	p := g.prefix(v6)
	gw := g.addr(v6)
	if g.chance(0.5) {
		gw = netip.IPv6Unspecified()
		if !v6 {
			gw = netip.IPv4Unspecified()
		}
	}
	n, _ := gobgp.NewEVPNIPPrefixRoute(g.rd(), g.esi(), g.u32(), uint8(p.Bits()), p.Addr(), gw, g.label())
	return n
}

// evpnCommunities draws the EVPN extended communities GoBGP builds (RFC
// 7432 §7.5-7.7, RFC 9135 §8.1).
func (g famGen) evpnCommunities() []gobgp.ExtendedCommunityInterface {
	var cs []gobgp.ExtendedCommunityInterface
	if g.chance(0.5) {
		cs = append(cs, gobgp.NewMacMobilityExtended(g.u32(), g.chance(0.5)))
	}
	if g.chance(0.5) {
		cs = append(cs, gobgp.NewESILabelExtended(g.label(), g.chance(0.5)))
	}
	if g.chance(0.4) {
		cs = append(cs, gobgp.NewESImportRouteTarget(g.mac()))
	}
	if g.chance(0.4) {
		cs = append(cs, gobgp.NewRoutersMacExtended(g.mac()))
	}
	return cs
}

// flowOps draws one to three operator/value pairs; bitmask for TCP flags
// and fragment (RFC 8955 §4.2.1.2), numeric otherwise (§4.2.1.1).
func (g famGen) flowOps(bitmask bool, max uint64) []*gobgp.FlowSpecComponentItem {
	var items []*gobgp.FlowSpecComponentItem
	for range 1 + g.n(3) {
		op := uint8(0)
		if bitmask {
			op = uint8(g.n(4)) // not, match
		} else {
			op = uint8(1 + g.n(7)) // lt, gt, eq combined
		}
		if len(items) > 0 && g.chance(0.5) {
			op |= 0x40 // and
		}
		items = append(items, gobgp.NewFlowSpecComponentItem(op, uint64(g.u32())%(max+1)))
	}
	return items
}

// offset draws the offset of an IPv6 prefix component (RFC 8956 §3.1):
// mostly 0, sometimes inside the prefix.
func (g famGen) offset(p netip.Prefix) uint8 {
	if p.Bits() == 0 || !g.chance(0.15) {
		return 0
	}
	return uint8(g.n(p.Bits()))
}

// flowSpec draws a rule: components in increasing type order (RFC 8955
// §4.2), each present with some chance, at least one.
func (g famGen) flowSpec(fam gobgp.Family) *gobgp.FlowSpecNLRI {
	v6 := fam.Afi() == gobgp.AFI_IP6
	var cs []gobgp.FlowSpecComponentInterface
	long := g.chance(0.03)
	for len(cs) == 0 {
		for t := 1; t <= 13; t++ {
			if !(long && t == 4) && !g.chance(0.35) || t == 13 && !v6 {
				continue
			}
			switch t {
			case 1, 2:
				p := g.prefix(v6)
				ip, _ := gobgp.NewIPAddrPrefix(p)
				switch {
				case !v6 && t == 1:
					cs = append(cs, gobgp.NewFlowSpecDestinationPrefix(ip))
				case !v6:
					cs = append(cs, gobgp.NewFlowSpecSourcePrefix(ip))
				case t == 1:
					cs = append(cs, gobgp.NewFlowSpecDestinationPrefix6(ip, g.offset(p)))
				default:
					cs = append(cs, gobgp.NewFlowSpecSourcePrefix6(ip, g.offset(p)))
				}
			default:
				max := uint64(0xffff)
				switch t {
				case 3, 7, 8:
					max = 0xff
				case 11:
					max = 63
				case 12:
					max = 0x0f
				case 13:
					max = 0xfffff
				}
				items := g.flowOps(t == 9 || t == 12, max)
				if t == 4 && long {
					// A rule of 240 octets or more, whose length takes two
					// octets (RFC 8955 §4.1).
					for len(items) < 90 {
						items = append(items, g.flowOps(false, max)...)
					}
				}
				cs = append(cs, gobgp.NewFlowSpecComponent(gobgp.BGPFlowSpecType(t), items))
			}
		}
	}
	var n *gobgp.FlowSpecNLRI
	if fam.Safi() == gobgp.SAFI_FLOW_SPEC_VPN {
		n, _ = gobgp.NewFlowSpecVPN(fam, g.rd(), cs)
	} else {
		n, _ = gobgp.NewFlowSpecUnicast(fam, cs)
	}
	return n
}

// flowActions draws the traffic filtering actions (RFC 8955 §7).
func (g famGen) flowActions() []gobgp.ExtendedCommunityInterface {
	var cs []gobgp.ExtendedCommunityInterface
	if g.chance(0.5) {
		cs = append(cs, gobgp.NewTrafficRateExtended(g.u16(), float32(g.n(1<<20))*1.5))
	}
	if g.chance(0.4) {
		cs = append(cs, gobgp.NewTrafficActionExtended(g.chance(0.5), g.chance(0.5)))
	}
	switch g.n(4) {
	case 0:
		cs = append(cs, gobgp.NewRedirectTwoOctetAsSpecificExtended(g.u16(), g.u32()))
	case 1:
		c, _ := gobgp.NewRedirectIPv4AddressSpecificExtended(g.v4(), g.u16())
		cs = append(cs, c)
	case 2:
		cs = append(cs, gobgp.NewRedirectFourOctetAsSpecificExtended(g.u32(), g.u16()))
	}
	if g.chance(0.4) {
		cs = append(cs, gobgp.NewTrafficRemarkExtended(uint8(g.n(64))))
	}
	return cs
}

// nodeDesc draws a BGP-LS Node Descriptor (RFC 9552 §5.2.1.4) with
// GoBGP's builder.
func (g famGen) nodeDesc(typ gobgp.LsTLVType, proto gobgp.LsProtocolID) *gobgp.LsTLVNodeDescriptor {
	nd := &gobgp.LsNodeDescriptor{Asn: 1 + g.u32()%4000000000, BGPLsID: g.u32()}
	switch proto {
	case gobgp.LS_PROTOCOL_ISIS_L1, gobgp.LS_PROTOCOL_ISIS_L2:
		h := hex.EncodeToString(g.bytes(6)) // the 0000.0000.0001 form GoBGP reads
		nd.IGPRouterID = h[0:4] + "." + h[4:8] + "." + h[8:12]
	case gobgp.LS_PROTOCOL_OSPF_V2, gobgp.LS_PROTOCOL_OSPF_V3:
		nd.IGPRouterID, nd.OspfAreaID = g.v4().String(), g.u32()
	default:
		nd.BGPRouterID = g.v4()
	}
	d := gobgp.NewLsTLVNodeDescriptor(nd, typ)
	return &d
}

var lsProtocols = []gobgp.LsProtocolID{gobgp.LS_PROTOCOL_ISIS_L1, gobgp.LS_PROTOCOL_ISIS_L2, gobgp.LS_PROTOCOL_OSPF_V2,
	gobgp.LS_PROTOCOL_OSPF_V3, gobgp.LS_PROTOCOL_BGP}

// bgpls draws a BGP-LS Node, Link, IPv4/IPv6 Prefix (RFC 9552
// §5.2.1-5.2.3) or SRv6 SID NLRI (RFC 9514 §6).
func (g famGen) bgpls() *gobgp.LsAddrPrefix {
	proto := lsProtocols[g.n(len(lsProtocols))]
	h := gobgp.LsNLRI{ProtocolID: proto, Identifier: uint64(g.u32())<<32 | uint64(g.u32())}
	local := g.nodeDesc(gobgp.LS_TLV_LOCAL_NODE_DESC, proto)
	switch g.n(5) {
	case 4:
		// SRv6 SID NLRI (RFC 9514 §6): an SRv6 SID Information TLV and
		// sometimes a Multi-Topology Identifier.
		h.NLRIType = gobgp.LS_NLRI_TYPE_SRV6_SID
		n := &gobgp.LsSrv6SIDNLRI{LsNLRI: h, LocalNodeDesc: local, Srv6SIDInfo: &gobgp.LsTLVSrv6SIDInfo{
			LsTLV: gobgp.LsTLV{Type: gobgp.LS_TLV_SRV6_SID_INFO, Length: 16}, SIDs: []netip.Addr{g.v6()}}}
		if g.chance(0.5) {
			n.MultiTopoID = &gobgp.LsTLVMultiTopoID{LsTLV: gobgp.LsTLV{Type: gobgp.LS_TLV_MULTI_TOPO_ID, Length: 2},
				MultiTopoIDs: []uint16{g.u16() & 0x0fff}}
		}
		return &gobgp.LsAddrPrefix{Type: h.NLRIType, NLRI: n}
	case 0:
		h.NLRIType = gobgp.LS_NLRI_TYPE_NODE
		return &gobgp.LsAddrPrefix{Type: h.NLRIType, NLRI: &gobgp.LsNodeNLRI{LsNLRI: h, LocalNodeDesc: local}}
	case 1:
		h.NLRIType = gobgp.LS_NLRI_TYPE_LINK
		ld := &gobgp.LsLinkDescriptor{}
		if g.chance(0.5) {
			l, r := g.u32(), g.u32()
			ld.LinkLocalID, ld.LinkRemoteID = &l, &r
		}
		if g.chance(0.5) {
			a, b := g.v4(), g.v4()
			ld.InterfaceAddrIPv4, ld.NeighborAddrIPv4 = &a, &b
		} else {
			a, b := g.v6(), g.v6()
			if g.chance(0.3) {
				// A link-local interface address, which GoBGP builds and
				// refuses (ls-link-local-address).
				a = netip.AddrFrom16([16]byte(append([]byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0}, g.bytes(8)...)))
			}
			ld.InterfaceAddrIPv6, ld.NeighborAddrIPv6 = &a, &b
		}
		return &gobgp.LsAddrPrefix{Type: h.NLRIType, NLRI: &gobgp.LsLinkNLRI{LsNLRI: h, LocalNodeDesc: local,
			RemoteNodeDesc: g.nodeDesc(gobgp.LS_TLV_REMOTE_NODE_DESC, proto), LinkDesc: gobgp.NewLsLinkTLVs(ld)}}
	}
	v6 := g.chance(0.5)
	pd := &gobgp.LsPrefixDescriptor{IPReachability: []netip.Prefix{g.prefix(v6)}}
	if proto == gobgp.LS_PROTOCOL_OSPF_V2 || proto == gobgp.LS_PROTOCOL_OSPF_V3 {
		pd.OSPFRouteType = gobgp.LsOspfRouteType(1 + g.n(6))
	}
	tlvs := gobgp.NewLsPrefixTLVs(pd)
	if v6 {
		h.NLRIType = gobgp.LS_NLRI_TYPE_PREFIX_IPV6
		return &gobgp.LsAddrPrefix{Type: h.NLRIType, NLRI: &gobgp.LsPrefixV6NLRI{LsNLRI: h, LocalNodeDesc: local, PrefixDesc: tlvs}}
	}
	h.NLRIType = gobgp.LS_NLRI_TYPE_PREFIX_IPV4
	return &gobgp.LsAddrPrefix{Type: h.NLRIType, NLRI: &gobgp.LsPrefixV4NLRI{LsNLRI: h, LocalNodeDesc: local, PrefixDesc: tlvs}}
}

// bgplsAttr draws a BGP-LS attribute (RFC 9552 §5.3) with GoBGP's
// NewLsAttributeTLVs: node, link and prefix attribute TLVs, some of the SR
// extensions of RFC 9085.
func (g famGen) bgplsAttr() *gobgp.PathAttributeLs {
	var a gobgp.LsAttribute
	if g.chance(0.5) {
		name := "r" + hex.EncodeToString(g.bytes(1+g.n(6)))
		a.Node.Name = &name
	}
	if g.chance(0.4) {
		a.Node.Flags = &gobgp.LsNodeFlags{Overload: g.chance(0.5), Attached: g.chance(0.5), External: g.chance(0.5), ABR: g.chance(0.5)}
	}
	if g.chance(0.3) {
		area := g.bytes(1 + g.n(4))
		a.Node.IsisArea = &area
	}
	if g.chance(0.4) {
		id := g.v4()
		a.Node.LocalRouterID = &id
	}
	if g.chance(0.3) {
		algos := g.bytes(1 + g.n(3))
		a.Node.SrAlgorithms = &algos
	}
	if g.chance(0.4) {
		m := g.u32() & 0xffffff
		a.Link.IGPMetric = &m
	}
	if g.chance(0.3) {
		m := g.u32()
		a.Link.DefaultTEMetric = &m
	}
	if g.chance(0.3) {
		m := g.u32()
		a.Link.AdminGroup = &m
	}
	if g.chance(0.3) {
		bw := float32(g.n(1 << 24))
		a.Link.Bandwidth = &bw
	}
	if g.chance(0.2) {
		srlgs := []uint32{g.u32(), g.u32()}
		a.Link.Srlgs = &srlgs
	}
	if g.chance(0.3) {
		a.Prefix.IGPFlags = &gobgp.LsIGPFlags{Down: g.chance(0.5), NoUnicast: g.chance(0.5), LocalAddress: g.chance(0.5)}
	}
	// Not a.Prefix.SrPrefixSID: GoBGP v4.8.0's Serialize refuses the
	// Prefix-SID TLV NewLsTLVPrefixSID builds ("LS TLV malformed").
	return &gobgp.PathAttributeLs{
		PathAttribute: gobgp.PathAttribute{Flags: gobgp.BGP_ATTR_FLAG_OPTIONAL, Type: gobgp.BGP_ATTR_TYPE_LS},
		TLVs:          gobgp.NewLsAttributeTLVs(&a),
	}
}

// srPolicyEncap draws a TUNNEL_ENCAP of one SR Policy tunnel (RFC 9830
// §2.4): preference, priority, binding SID, candidate path name, ENLP.
func (g famGen) srPolicyEncap() *gobgp.PathAttributeTunnelEncap {
	subs := []gobgp.TunnelEncapSubTLVInterface{gobgp.NewTunnelEncapSubTLVSRPreference(0, g.u32())}
	if g.chance(0.5) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVSRPriority(uint8(g.n(256))))
	}
	if g.chance(0.5) {
		bsid, _ := gobgp.NewBSID(g.bytes(4))
		subs = append(subs, &gobgp.TunnelEncapSubTLVSRBSID{
			TunnelEncapSubTLV: gobgp.TunnelEncapSubTLV{Type: gobgp.ENCAP_SUBTLV_TYPE_SRBINDING_SID, Length: 6}, BSID: bsid})
	}
	if g.chance(0.5) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVSRCandidatePathName("cp-"+hex.EncodeToString(g.bytes(1+g.n(8)))))
	}
	if g.chance(0.3) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVSRENLP(0, gobgp.SRENLPValue(1+g.n(4))))
	}
	for range g.n(3) {
		subs = append(subs, g.segmentList())
	}
	return gobgp.NewPathAttributeTunnelEncap([]*gobgp.TunnelEncapTLV{gobgp.NewTunnelEncapTLV(gobgp.TUNNEL_TYPE_SR_POLICY, subs)})
}

// segmentList draws an SR Policy Segment List sub-TLV (RFC 9830 §2.4.4):
// a weight, then SR-MPLS (type A) and SRv6 (type B) segments.
func (g famGen) segmentList() *gobgp.TunnelEncapSubTLVSRSegmentList {
	l := &gobgp.TunnelEncapSubTLVSRSegmentList{TunnelEncapSubTLV: gobgp.TunnelEncapSubTLV{Type: gobgp.ENCAP_SUBTLV_TYPE_SRSEGMENT_LIST}}
	if g.chance(0.7) {
		l.Weight = &gobgp.SegmentListWeight{TunnelEncapSubTLV: gobgp.TunnelEncapSubTLV{Type: gobgp.SegmentListSubTLVWeight}, Weight: g.u32()}
	}
	for range 1 + g.n(4) {
		if g.chance(0.5) {
			l.Segments = append(l.Segments, &gobgp.SegmentTypeA{TunnelEncapSubTLV: gobgp.TunnelEncapSubTLV{Type: gobgp.EncapSubTLVType(gobgp.TypeA)},
				Flags: uint8(g.n(16)) << 4, Label: g.u32()})
		} else {
			l.Segments = append(l.Segments, &gobgp.SegmentTypeB{TunnelEncapSubTLV: gobgp.TunnelEncapSubTLV{Type: gobgp.EncapSubTLVType(gobgp.TypeB)},
				Flags: uint8(g.n(16)) << 4, SID: g.bytes(16)})
		}
	}
	return l
}

// tunnelEncap draws a TUNNEL_ENCAP of an encapsulation tunnel (RFC 9012
// §3): encapsulation, protocol, color, egress endpoint, UDP port.
func (g famGen) tunnelEncap() *gobgp.PathAttributeTunnelEncap {
	types := []gobgp.TunnelType{gobgp.TUNNEL_TYPE_VXLAN, gobgp.TUNNEL_TYPE_NVGRE, gobgp.TUNNEL_TYPE_MPLS_IN_GRE, gobgp.TUNNEL_TYPE_GENEVE}
	var subs []gobgp.TunnelEncapSubTLVInterface
	if g.chance(0.5) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVEncapsulation(g.u32(), g.bytes(g.n(2)*4)))
	}
	if g.chance(0.4) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVProtocol(g.u16()))
	}
	if g.chance(0.5) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVColor(g.u32()))
	}
	if g.chance(0.5) {
		ep, _ := gobgp.NewTunnelEncapSubTLVEgressEndpoint(g.addr(g.chance(0.5)))
		subs = append(subs, ep)
	}
	if g.chance(0.4) {
		subs = append(subs, gobgp.NewTunnelEncapSubTLVUDPDestPort(g.u16()))
	}
	return gobgp.NewPathAttributeTunnelEncap([]*gobgp.TunnelEncapTLV{gobgp.NewTunnelEncapTLV(types[g.n(len(types))], subs)})
}

// pmsi draws a PMSI_TUNNEL (RFC 6514 §5): ingress replication with the
// originator's address, or another type with an opaque identifier.
func (g famGen) pmsi() *gobgp.PathAttributePmsiTunnel {
	if g.chance(0.6) {
		id, _ := gobgp.NewIngressReplTunnelID(g.addr(g.chance(0.3)))
		return gobgp.NewPathAttributePmsiTunnel(gobgp.PMSI_TUNNEL_TYPE_INGRESS_REPL, g.chance(0.5), g.label(), id)
	}
	return gobgp.NewPathAttributePmsiTunnel(gobgp.PmsiTunnelType(1+g.n(5)), g.chance(0.5), g.label(), gobgp.NewDefaultPmsiTunnelID(g.bytes(8)))
}

// prefixSID draws a PREFIX_SID of one SRv6 L3 or L2 Service TLV (RFC 9252
// §2) holding an SRv6 SID Information Sub-TLV with, mostly, a SID
// Structure Sub-Sub-TLV (§3.1-3.2.1). GoBGP's structs want their lengths.
func (g famGen) prefixSID() *gobgp.PathAttributePrefixSID {
	info := &gobgp.SRv6InformationSubTLV{SID: g.bytes(16), Flags: 0, EndpointBehavior: uint16(g.n(80))}
	info.Type, info.Length = 1, 21
	if g.chance(0.8) {
		ss := &gobgp.SRv6SIDStructureSubSubTLV{LocatorBlockLength: uint8(g.n(65)), LocatorNodeLength: uint8(g.n(33)),
			FunctionLength: uint8(g.n(33)), ArgumentLength: uint8(g.n(17)), TranspositionLength: uint8(g.n(21)), TranspositionOffset: uint8(g.n(128))}
		ss.Type, ss.Length = 1, 6
		info.SubSubTLVs = []gobgp.PrefixSIDTLVInterface{ss}
		info.Length += 9
	}
	svc := &gobgp.SRv6ServiceTLV{SubTLVs: []gobgp.PrefixSIDTLVInterface{info}}
	svc.Type, svc.Length = gobgp.TLVTypeSRv6L3Service, 1+3+info.Length
	if g.chance(0.3) {
		svc.Type = gobgp.TLVTypeSRv6L2Service
	}
	return gobgp.NewPathAttributePrefixSID(svc)
}

// rtc draws a Route Target membership NLRI (RFC 4684 §4): the default
// (length 0), an origin AS alone, a whole route target or a prefix of one.
func (g famGen) rtc() *gobgp.RouteTargetMembershipNLRI {
	switch g.n(6) {
	case 0:
		return gobgp.NewRouteTargetMembershipNLRI(0, nil)
	case 1:
		return gobgp.NewRouteTargetMembershipNLRI(1+g.u32(), nil)
	}
	n := gobgp.NewRouteTargetMembershipNLRI(g.u32(), gobgp.NewTwoOctetAsSpecificExtended(gobgp.EC_SUBTYPE_ROUTE_TARGET, g.u16(), g.u32(), true))
	if g.chance(0.3) {
		n.Length = uint8(33 + g.n(63))
	}
	return n
}

// famKinds are the families and attributes the generator cycles through.
var famKinds = []string{"evpn", "fs4", "fs6", "fs4vpn", "fs6vpn", "rtc", "vpls", "sr4", "sr6", "mup4", "mup6", "ls"}

// famUpdate builds the i-th UPDATE: kind famKinds[i%len], one to four
// entries, announced with the family's attributes or (a fifth of them)
// withdrawn, serialized by GoBGP for a 4-octet AS session.
func (g famGen) famUpdate(i int) (famMsg, error) {
	kind := famKinds[i%len(famKinds)]
	var (
		fam   gobgp.Family
		nlris []gobgp.PathNLRI
		extra []gobgp.PathAttributeInterface
		comms []gobgp.ExtendedCommunityInterface
		nh    = g.v4()
	)
	count := 1 + g.n(4)
	add := func(n gobgp.NLRI) { nlris = append(nlris, gobgp.PathNLRI{NLRI: n}) }
	switch kind {
	case "evpn":
		fam = gobgp.RF_EVPN
		for range count {
			add(g.evpn())
		}
		comms = g.evpnCommunities()
		if g.chance(0.4) {
			extra = append(extra, g.pmsi())
		}
		if g.chance(0.3) {
			extra = append(extra, g.tunnelEncap())
		}
		if g.chance(0.3) {
			extra = append(extra, g.prefixSID())
		}
	case "fs4", "fs6", "fs4vpn", "fs6vpn":
		fam = map[string]gobgp.Family{"fs4": gobgp.RF_FS_IPv4_UC, "fs6": gobgp.RF_FS_IPv6_UC,
			"fs4vpn": gobgp.RF_FS_IPv4_VPN, "fs6vpn": gobgp.RF_FS_IPv6_VPN}[kind]
		for range count {
			add(g.flowSpec(fam))
		}
		comms = g.flowActions()
	case "rtc":
		fam = gobgp.RF_RTC_UC
		for range count {
			add(g.rtc())
		}
	case "vpls":
		fam = gobgp.RF_VPLS
		for range count {
			add(gobgp.NewVPLSNLRI(g.rd(), g.u16(), g.u16(), g.u16(), g.u32()&0xfffff))
		}
	case "sr4", "sr6":
		fam, v6 := gobgp.RF_SR_POLICY_IPv4, kind == "sr6"
		bits := uint32(96)
		if v6 {
			fam, bits = gobgp.RF_SR_POLICY_IPv6, 192
		}
		n, _ := gobgp.NewSRPolicy(fam, bits, g.u32(), g.u32(), g.addr(v6).AsSlice())
		return g.serialize(kind, i, fam, []gobgp.PathNLRI{{NLRI: n}}, []gobgp.PathAttributeInterface{g.srPolicyEncap()}, nil, g.addr(v6))
	case "mup4", "mup6":
		v6 := kind == "mup6"
		fam = gobgp.RF_MUP_IPv4
		if v6 {
			fam = gobgp.RF_MUP_IPv6
		}
		for range count {
			switch g.n(4) {
			case 0:
				add(gobgp.NewMUPInterworkSegmentDiscoveryRoute(g.rd(), g.prefix(v6)))
			case 1:
				add(gobgp.NewMUPDirectSegmentDiscoveryRoute(g.rd(), g.addr(v6)))
			case 2:
				// The Source Address of the later drafts, when the QFI is
				// odd. The choices here derive from values already drawn,
				// so that the corpus after them stays as it was.
				rd, p, teid, qfi, ea := g.rd(), g.prefix(v6), g.v4(), uint8(g.n(64)), g.addr(v6)
				var src *netip.Addr
				if qfi%2 == 1 {
					a := ea.Next()
					src = &a
				}
				add(gobgp.NewMUPType1SessionTransformedRoute(rd, p, teid, qfi, ea, src))
			default:
				// An Endpoint Length of the address's bits plus 0, 16 or 32
				// bits of TEID.
				ea := g.addr(v6)
				s := ea.AsSlice()
				add(gobgp.NewMUPType2SessionTransformedRoute(g.rd(), uint8(ea.BitLen()+16*(int(s[len(s)-1])%3)), ea, g.v4()))
			}
		}
		if g.chance(0.5) {
			extra = append(extra, g.prefixSID())
		}
		nh = g.addr(v6)
	case "ls":
		fam = gobgp.RF_LS
		for range count {
			add(g.bgpls())
		}
		extra = append(extra, g.bgplsAttr())
	}
	return g.serialize(kind, i, fam, nlris, extra, comms, nh)
}

func (g famGen) serialize(kind string, i int, fam gobgp.Family, nlris []gobgp.PathNLRI, extra []gobgp.PathAttributeInterface,
	comms []gobgp.ExtendedCommunityInterface, nh netip.Addr) (famMsg, error) {
	where := "generated #" + itoa(i) + " " + kind
	opt := &gobgp.MarshallingOption{}
	sess := bgp.Session{AS4: true}
	if g.chance(0.15) {
		// ADD-PATH (RFC 7911) for the family: a Path Identifier before each
		// entry.
		opt.AddPath = map[gobgp.Family]gobgp.BGPAddPathMode{fam: gobgp.BGP_ADD_PATH_SEND}
		sess = sess.WithAddPath(bgp.Family{AFI: bgp.AFI(fam.Afi()), SAFI: bgp.SAFI(fam.Safi())}, true)
		for j := range nlris {
			nlris[j].ID = 1 + g.u32()%1000
		}
		where += " add-path"
	}
	var attrs []gobgp.PathAttributeInterface
	if g.chance(0.2) {
		mp, err := gobgp.NewPathAttributeMpUnreachNLRI(fam, nlris)
		if err != nil {
			return famMsg{}, err
		}
		attrs = append(attrs, mp)
		where += " withdrawn"
	} else {
		if fam == gobgp.RF_FS_IPv4_UC || fam == gobgp.RF_FS_IPv6_UC || fam == gobgp.RF_FS_IPv4_VPN || fam == gobgp.RF_FS_IPv6_VPN {
			nh = netip.Addr{} // RFC 8955 §4: no next hop
		}
		var nhs []netip.Addr
		if nh.IsValid() {
			nhs = append(nhs, nh)
		}
		mp, err := gobgp.NewPathAttributeMpReachNLRI(fam, nlris, nhs...)
		if err != nil {
			return famMsg{}, err
		}
		attrs = append(attrs, gobgp.NewPathAttributeOrigin(uint8(g.n(3))),
			gobgp.NewPathAttributeAsPath([]gobgp.AsPathParamInterface{gobgp.NewAs4PathParam(2, []uint32{g.u32(), g.u32()})}), mp)
		attrs = append(attrs, extra...)
		if comms != nil {
			attrs = append(attrs, gobgp.NewPathAttributeExtendedCommunities(comms))
		}
	}
	b, err := gobgp.NewBGPUpdateMessage(nil, attrs, nil).Serialize(opt)
	if err != nil {
		return famMsg{}, err
	}
	built := facts{}
	for _, a := range attrs {
		gobgpFamAttr(built, a)
	}
	return famMsg{where: where, data: b, sess: sess, built: built}, nil
}

// famGenerated builds n UPDATEs from seed.
func famGenerated(t testing.TB, n int, seed uint64) []famMsg {
	g := famGen{rand.New(rand.NewPCG(seed, seed^0x5eed))}
	var out []famMsg
	for i := range n {
		m, err := g.famUpdate(i)
		if err != nil {
			t.Fatalf("generated #%d: GoBGP does not serialize it: %v", i, err)
		}
		out = append(out, m)
	}
	return out
}
