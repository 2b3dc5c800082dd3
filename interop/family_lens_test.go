package interop

import (
	"encoding/hex"
	"iter"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// The family differential (family_test.go) renders what each library
// decoded of the non-IP families and of the attributes that go with them
// into one normalized text per field, built by the same helpers on both
// sides (family_norm_test.go): bgplens's views here, GoBGP's structs in
// family_gobgp_test.go. Keys: "+<family>" and "-<family>" for the
// announced and withdrawn entries of MP_REACH_NLRI and MP_UNREACH_NLRI,
// "pmsi", "tunnel_encap", "prefix_sid_srv6", "prefix_sid_mpls", "bgp_ls",
// "flow_actions" and "evpn_communities".

// famCompared reports whether the entries of family f are compared: the
// families bgplens decodes that GoBGP also knows (not MCAST-VPN, which
// GoBGP lacks, nor BGP-LS VPN).
func famCompared(f bgp.Family) bool {
	switch f.SAFI {
	case bgp.SAFIEVPN, bgp.SAFIVPLS, bgp.SAFIFlowSpec, bgp.SAFIFlowSpecVPN, bgp.SAFIRouteTarget, bgp.SAFISRTE, bgp.SAFIMUP:
		return f.Known()
	case bgp.SAFIBGPLS:
		return f.AFI == bgp.AFIBGPLS
	}
	return false
}

// lensFamFacts reads msg, an UPDATE, with bgplens. The string is why
// bgplens rejects what the comparison covers ("" when it reads it).
func lensFamFacts(msg []byte, s bgp.Session) (facts, string) {
	f := facts{}
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		return f, err.Error()
	}
	var bad []string
	seen := map[bgp.AttrType]bool{}
	for a := range u.Attrs() {
		if seen[a.Type] {
			continue // RFC 7606 §3(g): the first counts
		}
		seen[a.Type] = true
		if why := lensFamAttr(f, a, s); why != "" {
			bad = append(bad, why)
		}
	}
	return f, strings.Join(bad, "; ")
}

func lensFamAttr(f facts, a bgp.AttrView, s bgp.Session) string {
	switch a.Type {
	case bgp.AttrMPReachNLRI:
		m, err := a.MPReach(s)
		return putMPEntries(f, "+", m.Family, m.Entries(), err)
	case bgp.AttrMPUnreachNLRI:
		m, err := a.MPUnreach(s)
		return putMPEntries(f, "-", m.Family, m.Entries(), err)
	case bgp.AttrPMSITunnel:
		p, err := a.PMSITunnel()
		if err != nil {
			return err.Error()
		}
		f["pmsi"] = pmsiNorm(p.Flags&1 != 0, p.TunnelType, p.Label, p.TunnelID)
	case bgp.AttrTunnelEncap:
		v, err := a.TunnelEncap()
		if err != nil {
			return err.Error()
		}
		var ts []string
		for t := range v.Tunnels() {
			var subs []string
			for st := range t.SubTLVs() {
				subs = append(subs, tlvNorm(int(st.Type), st.Value))
			}
			ts = append(ts, tunnelNorm(t.Type, subs))
		}
		f["tunnel_encap"] = strings.Join(ts, " | ")
	case bgp.AttrPrefixSID:
		v, err := a.PrefixSID()
		if err != nil {
			return err.Error()
		}
		lensPrefixSID(f, v)
	case bgp.AttrBGPLS:
		v, err := a.BGPLS()
		if err != nil {
			return err.Error()
		}
		var ts []string
		for t := range v.TLVs() {
			ts = append(ts, tlvNorm(int(t.Type), t.Value))
		}
		f["bgp_ls"] = strings.Join(ts, " ")
	case bgp.AttrExtCommunities:
		v, err := a.ExtCommunities()
		if err != nil {
			return err.Error()
		}
		var cs extCommNames
		for c := range v.All() {
			cs.add(lensFlowAction(c), lensEVPNCommunity(c))
		}
		cs.put(f)
	}
	return ""
}

// lensEntries renders the entries of a compared family.
// putMPEntries records the NLRI entries of an MP_REACH_NLRI (sign "+") or
// MP_UNREACH_NLRI ("-") of a compared family, or says why it cannot.
func putMPEntries(f facts, sign string, fm bgp.Family, entries iter.Seq2[bgp.NLRI, error], err error) string {
	if !famCompared(fm) {
		return ""
	}
	if err != nil {
		return err.Error()
	}
	f[sign+fm.JSONName()] = lensEntries(fm, entries)
	return ""
}

func lensEntries(fm bgp.Family, entries func(func(bgp.NLRI, error) bool)) string {
	var out []string
	for e, err := range entries {
		if err != nil {
			out = append(out, "error")
			break
		}
		out = append(out, idNorm(e.PathID)+lensEntry(fm, e))
	}
	return strings.Join(out, " | ")
}

func lensEntry(fm bgp.Family, e bgp.NLRI) string {
	switch fm.SAFI {
	case bgp.SAFIEVPN:
		v, err := bgp.ParseEVPN(e.Value, e.ValueOff)
		if err != nil {
			return "error"
		}
		return lensEVPN(v)
	case bgp.SAFIFlowSpec, bgp.SAFIFlowSpecVPN:
		v, err := bgp.ParseFlowSpec(fm, e.Value, e.ValueOff)
		if err != nil {
			return "error"
		}
		return lensFlowSpec(v)
	case bgp.SAFIRouteTarget:
		v, err := bgp.ParseRTC(e.Value, e.ValueOff)
		if err != nil {
			return "error"
		}
		return rtcNorm(v.Bits(), v.Prefix())
	case bgp.SAFIVPLS:
		v, err := bgp.ParseVPLS(e.Value, e.ValueOff)
		if err != nil {
			return "error"
		}
		rd := v.RD()
		if ve, off, size, base, ok := v.LabelBlock(); ok {
			return vplsNorm(rd[:], ve, off, size, base)
		}
		return "vpls-ad rd=" + hex.EncodeToString(rd[:]) + " pe=" + addrString(v.PEAddress())
	case bgp.SAFISRTE:
		v, err := bgp.ParseSRPolicy(e.Value, e.ValueOff)
		if err != nil {
			return "error"
		}
		return srPolicyNorm(v.Distinguisher(), v.Color(), v.Endpoint().AsSlice())
	case bgp.SAFIMUP:
		v, err := bgp.ParseMUP(e.Value, e.ValueOff, fm.AFI == bgp.AFIIPv6)
		if err != nil {
			return "error"
		}
		return lensMUP(v)
	case bgp.SAFIBGPLS:
		v, err := bgp.ParseBGPLS(e.Value, e.ValueOff, false)
		if err != nil {
			return "error"
		}
		var ts []string
		for t := range v.TLVs() {
			ts = append(ts, tlvNorm(int(t.Type), t.Value))
		}
		return bgplsNorm(uint16(v.Type()), v.ProtocolID(), v.Identifier(), ts)
	}
	return "?"
}

func lensEVPN(v bgp.EVPNView) string {
	n := evpnN{typ: uint8(v.RouteType())}
	rd := v.RD()
	n.rd = rd[:]
	esi := v.ESI()
	switch v.RouteType() {
	case bgp.EVPNEthernetAD:
		n.esi, n.etag = esi[:], v.EthernetTag()
	case bgp.EVPNMACIP:
		n.esi, n.etag, n.mac, n.ip = esi[:], v.EthernetTag(), v.MAC().String(), v.IP()
	case bgp.EVPNInclusiveMulticast:
		n.etag, n.ip = v.EthernetTag(), v.Originator()
	case bgp.EVPNEthernetSegment:
		n.esi, n.ip = esi[:], v.Originator()
	case bgp.EVPNIPPrefix:
		p := v.Prefix()
		n.esi, n.etag, n.prefix, n.gw = esi[:], v.EthernetTag(), p.Addr().String()+"/"+strconv.Itoa(p.Bits()), v.Gateway()
	default:
		return "evpn" + strconv.Itoa(int(n.typ)) + " " + hex.EncodeToString(v.Value())
	}
	ls, k := v.Labels()
	n.labels = ls[:k]
	return n.String()
}

func lensFlowSpec(v bgp.FlowSpecView) string {
	var rd []byte
	if r, ok := v.RD(); ok {
		rd = r[:]
	}
	var cs []string
	for c := range v.Components() {
		if c.IsPrefix() {
			p, off := c.Prefix()
			cs = append(cs, flowPrefixNorm(uint8(c.Type), p, off))
			continue
		}
		var ops []string
		for op := range c.Ops() {
			ops = append(ops, flowOpNorm(op.Op, op.Value))
		}
		cs = append(cs, flowOpsNorm(uint8(c.Type), ops))
	}
	return flowSpecNorm(rd, cs)
}

// lensFlowAction renders a flow spec traffic action community (RFC 8955
// §7), or "" for other communities.
func lensFlowAction(c bgp.ExtCommunity) string {
	switch uint16(c.Type())<<8 | uint16(c.Subtype()) {
	case 0x8006, 0x800c:
		as, rate, _ := c.Rate()
		return flowRateNorm(c.Subtype(), as, rate)
	case 0x8007:
		return flowActionNorm(c[7]&2 != 0, c[7]&1 != 0)
	case 0x8008:
		as, local, _ := c.AS2()
		return "redirect " + u32(uint32(as)) + ":" + u32(local)
	case 0x8108:
		a, local, _ := c.IPv4()
		return "redirect " + a.String() + ":" + u32(uint32(local))
	case 0x8208:
		as, local, _ := c.AS4()
		return "redirect " + u32(as) + ":" + u32(uint32(local))
	case 0x8009:
		return "mark " + strconv.Itoa(int(c[7]&0x3f))
	}
	return ""
}

// lensEVPNCommunity renders an EVPN community (type 0x06) of the sub-types
// both know, or "" for others.
func lensEVPNCommunity(c bgp.ExtCommunity) string {
	if c.Type() != 0x06 {
		return ""
	}
	switch c.Subtype() {
	case 0x00: // MAC Mobility, RFC 7432 §7.7
		return macMobilityNorm(c[2]&1 != 0, uint32(c[4])<<24|uint32(c[5])<<16|uint32(c[6])<<8|uint32(c[7]))
	case 0x01: // ESI Label, RFC 7432 §7.5
		return esiLabelNorm(c[2]&1 != 0, uint32(c[5])<<16|uint32(c[6])<<8|uint32(c[7]))
	case 0x02, 0x03: // ES-Import Route Target, Router's MAC
		return "evpn" + strconv.Itoa(int(c.Subtype())) + " " + bgp.MAC(c[2:8]).String()
	}
	return ""
}

func lensPrefixSID(f facts, v bgp.PrefixSIDView) {
	var srv6, mpls []string
	for t := range v.TLVs() {
		switch t.Type {
		case 5, 6: // SRv6 L3 and L2 Service TLVs, RFC 9252 §2
			var subs []string
			for st := range t.ServiceSubTLVs() {
				if st.Type != 1 {
					subs = append(subs, tlvNorm(int(st.Type), st.Value))
					continue
				}
				sid, flags, beh, _ := st.SIDInformation()
				var ss []string
				for sst := range st.SubSubTLVs() {
					if s, ok := sst.SIDStructure(); ok && sst.Type == 1 {
						ss = append(ss, sidStructureNorm(s))
					} else {
						ss = append(ss, tlvNorm(int(sst.Type), sst.Value))
					}
				}
				subs = append(subs, sidInfoNorm(sid.AsSlice(), flags, beh, ss))
			}
			srv6 = append(srv6, "srv6-service"+strconv.Itoa(int(t.Type))+" ["+strings.Join(subs, " ")+"]")
		default:
			mpls = append(mpls, tlvNorm(int(t.Type), t.Value))
		}
	}
	if srv6 != nil {
		f["prefix_sid_srv6"] = strings.Join(srv6, " ")
	}
	if mpls != nil {
		f["prefix_sid_mpls"] = strings.Join(mpls, " ")
	}
}

// lensMUP reads a MUP view into mupN.
func lensMUP(v bgp.MUPView) string {
	if !v.Known() {
		return mupNorm(append([]byte{v.ArchitectureType(), byte(v.RouteType() >> 8), byte(v.RouteType()), 0}, v.Value()...))
	}
	rd, _ := v.RD()
	m := mupN{arch: v.ArchitectureType(), typ: uint16(v.RouteType()), rd: rd[:]}
	if p, ok := v.Prefix(); ok {
		m.prefix = p.String()
	}
	if a, ok := v.Address(); ok {
		m.addr = a.String()
	}
	if a, ok := v.Endpoint(); ok {
		m.ep = a.String()
	}
	if a, ok := v.Source(); ok {
		m.src = a.String()
	}
	m.teid, m.teidBits, _ = v.TEID()
	q, _ := v.QFI()
	m.qfi = int(q)
	for t, val := range v.TLVs() {
		m.tlvs = append(m.tlvs, tlvNorm(int(t), val))
	}
	return m.String()
}
