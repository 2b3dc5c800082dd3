package interop

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// The reverse direction of the generated corpus: bgplens's owned encoders
// (EVPNRoute.AppendBinary, FlowSpecRule.AppendBinary, ParseExtCommunity,
// PMSITunnel) build the UPDATEs, GoBGP decodes them. Each entry is first
// checked to decode in bgplens to a value that writes the same octets.

// lensGen draws the values; tags name what a message holds that an
// exception may need to know (a two-octet flow spec length, say).
type lensGen struct {
	famGen
	tags map[string]bool
}

func (g *lensGen) rd() (rd bgp.RD) {
	copy(rd[:], g.bytes(8))
	rd[0], rd[1] = 0, byte(g.n(3)) // types 0-2 (RFC 4364 §4.2)
	return rd
}

// esi draws an ESI of types 0-5 (RFC 7432 §5); the octet types 1, 2, 4
// and 5 leave unused is mostly 0, and now and then not.
func (g *lensGen) esi() (e bgp.ESI) {
	if g.chance(0.2) {
		return e
	}
	copy(e[:], g.bytes(10))
	e[0] = byte(g.n(6))
	switch e[0] {
	case 1, 2, 4, 5:
		if g.chance(0.9) {
			e[9] = 0
		} else {
			e[9] |= 1
			g.tags["esi-last-octet"] = true
		}
	}
	return e
}

func (g *lensGen) evpn() bgp.EVPNRoute {
	v6 := g.chance(0.5)
	r := bgp.EVPNRoute{RD: g.rd(), EthernetTag: g.u32()}
	switch g.n(12) {
	case 0, 1:
		r.Type, r.ESI, r.Labels[0], r.NumLabels = bgp.EVPNEthernetAD, g.esi(), g.label(), 1
	case 2, 3, 4:
		r.Type, r.ESI, r.MAC = bgp.EVPNMACIP, g.esi(), bgp.MAC(g.bytes(6))
		if g.chance(0.7) {
			r.IP = g.addr(v6)
		}
		r.Labels, r.NumLabels = [2]uint32{g.label(), g.label()}, uint8(1+g.n(2))
		if r.NumLabels == 1 {
			r.Labels[1] = 0
		}
	case 5, 6:
		r.Type, r.Originator = bgp.EVPNInclusiveMulticast, g.addr(v6)
	case 7:
		r.Type, r.ESI, r.Originator, r.EthernetTag = bgp.EVPNEthernetSegment, g.esi(), g.addr(v6), 0
	case 8, 9:
		p := g.prefix(v6)
		r.Type, r.ESI, r.Prefix, r.Gateway = bgp.EVPNIPPrefix, g.esi(), p, g.addr(v6)
		r.Labels[0], r.NumLabels = g.label(), 1
	case 10:
		// Selective Multicast Ethernet Tag (RFC 9251 §9.1): (*,G) or (S,G).
		r.Type, r.Group, r.Originator, r.Flags = bgp.EVPNSMET, g.addr(v6), g.addr(v6), uint8(g.n(16))
		if g.chance(0.5) {
			r.Source = g.addr(v6)
		}
		g.tags["evpn-type-6-11"] = true
	default:
		// Per-Region I-PMSI A-D (RFC 9572 §3.1).
		r.Type, r.RegionID = bgp.EVPNPerRegionIPMSI, [8]byte(g.bytes(8))
		g.tags["evpn-type-6-11"] = true
	}
	return r
}

// pattern returns the octets of an IPv6 prefix component's pattern: the
// prefix's bits from offset to its length (RFC 8956 §3.1).
func pattern(p netip.Prefix, offset int) []byte {
	a := p.Addr().As16()
	n := p.Bits() - offset
	out := make([]byte, (n+7)/8)
	for i := range n {
		j := offset + i
		if a[j/8]&(0x80>>(j%8)) != 0 {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

// flowOps draws operator/value pairs with the operator octet's length
// bits fitting the value and the end bit on the last (RFC 8955 §4.2.1).
func (g *lensGen) flowOps(bitmask bool, max uint64, count int) []bgp.FlowOp {
	ops := make([]bgp.FlowOp, count)
	for i := range ops {
		v := uint64(g.u32()) % (max + 1)
		op := uint8(1 + g.n(7))
		if bitmask {
			op = uint8(g.n(4))
		}
		if i > 0 && g.chance(0.5) {
			op |= bgp.FlowOpAnd
		}
		switch {
		case v > 0xffff:
			op |= 0x20
		case v > 0xff:
			op |= 0x10
		}
		if op&0x30 != 0x30 && g.chance(0.1) {
			op += 0x10 // a value in more octets than it needs (RFC 8955 §4.2.1.1 allows any of 1, 2, 4, 8)
		}
		ops[i] = bgp.FlowOp{Op: op, Value: v}
	}
	ops[len(ops)-1].Op |= bgp.FlowOpEnd
	return ops
}

func (g *lensGen) flowSpec(f bgp.Family) bgp.FlowSpecRule {
	r := bgp.FlowSpecRule{IPv6: f.AFI == bgp.AFIIPv6, HasRD: f.SAFI == bgp.SAFIFlowSpecVPN}
	if r.HasRD {
		r.RD = g.rd()
	}
	long := g.chance(0.04)
	if long || g.chance(0.08) {
		r.LongLength = true // a two-octet length below 240 (RFC 8955 §4.1)
		g.tags["flowspec-long-length"] = true
	}
	for len(r.Components) == 0 {
		for t := bgp.FlowDestination; t <= bgp.FlowFlowLabel; t++ {
			if !(long && t == bgp.FlowPort) && !g.chance(0.35) || t == bgp.FlowFlowLabel && !r.IPv6 {
				continue
			}
			c := bgp.FlowSpecComponent{Type: t}
			switch t {
			case bgp.FlowDestination, bgp.FlowSource:
				p := g.prefix(r.IPv6)
				c.Length = uint8(p.Bits())
				if r.IPv6 {
					if p.Bits() > 0 && g.chance(0.15) {
						c.Offset = uint8(g.n(p.Bits()))
						g.tags["flowspec-offset"] = true
					}
					c.Pattern = pattern(p, int(c.Offset))
				} else {
					a := p.Addr().As4()
					c.Pattern = a[:(p.Bits()+7)/8]
				}
			default:
				max, count := uint64(0xffff), 1+g.n(3)
				switch t {
				case bgp.FlowProtocol, bgp.FlowICMPType, bgp.FlowICMPCode:
					max = 0xff
				case bgp.FlowDSCP:
					max = 63
				case bgp.FlowFragment:
					max = 0x0f
				case bgp.FlowFlowLabel:
					max = 0xfffff
				}
				if long && t == bgp.FlowPort {
					count = 90
					g.tags["flowspec-long-length"] = true
				}
				c.Ops = g.flowOps(t == bgp.FlowTCPFlags || t == bgp.FlowFragment, max, count)
			}
			r.Components = append(r.Components, c)
		}
	}
	return r
}

// flowActions builds the traffic filtering actions from bgplens's text
// forms (RFC 8955 §7).
func (g *lensGen) flowActions(t *testing.T) []bgp.ExtCommunity {
	var texts []string
	if g.chance(0.5) {
		texts = append(texts, "traffic-rate:"+u32(uint32(g.u16()))+":"+u32(uint32(g.n(1<<20))))
	}
	if g.chance(0.1) {
		texts = append(texts, "traffic-rate-packets:"+u32(uint32(g.u16()))+":"+u32(uint32(g.n(1<<16))))
		g.tags["traffic-rate-packets"] = true
	}
	if g.chance(0.4) {
		texts = append(texts, []string{"traffic-action:sample", "traffic-action:terminal", "traffic-action:sample,terminal"}[g.n(3)])
	}
	switch g.n(4) {
	case 0:
		texts = append(texts, "redirect:"+u32(uint32(g.u16()))+":"+u32(g.u32()))
	case 1:
		texts = append(texts, "redirect:"+g.v4().String()+":"+u32(uint32(g.u16())))
	case 2:
		texts = append(texts, "redirect:"+u32(65536+g.u32()%4000000000)+":"+u32(uint32(g.u16())))
	}
	if g.chance(0.4) {
		texts = append(texts, "traffic-marking:"+itoa(g.n(64)))
	}
	return parseExtCommunities(t, texts)
}

func (g *lensGen) evpnCommunities(t *testing.T) []bgp.ExtCommunity {
	var texts []string
	if g.chance(0.5) {
		s := "mac-mobility:" + u32(g.u32())
		if g.chance(0.5) {
			s += ":sticky"
		}
		texts = append(texts, s)
	}
	if g.chance(0.4) {
		texts = append(texts, "es-import:"+bgp.MAC(g.bytes(6)).String())
	}
	if g.chance(0.4) {
		texts = append(texts, "router-mac:"+bgp.MAC(g.bytes(6)).String())
	}
	return parseExtCommunities(t, texts)
}

func parseExtCommunities(t *testing.T, texts []string) []bgp.ExtCommunity {
	var cs []bgp.ExtCommunity
	for _, s := range texts {
		c, err := bgp.ParseExtCommunity(s)
		if err != nil {
			t.Fatalf("bgplens does not read its own community text %q: %v", s, err)
		}
		cs = append(cs, c)
	}
	return cs
}

// lensUpdate builds the i-th UPDATE of the reverse corpus: EVPN (with a
// PMSI_TUNNEL now and then) or one of the four flow spec families.
func (g *lensGen) lensUpdate(t *testing.T, i int) famMsg {
	g.tags = map[string]bool{}
	fams := []bgp.Family{{AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}, {AFI: bgp.AFIIPv4, SAFI: bgp.SAFIFlowSpec},
		{AFI: bgp.AFIIPv6, SAFI: bgp.SAFIFlowSpec}, {AFI: bgp.AFIIPv4, SAFI: bgp.SAFIFlowSpecVPN}, {AFI: bgp.AFIIPv6, SAFI: bgp.SAFIFlowSpecVPN}}
	f := fams[i%len(fams)]
	var nlri []byte
	var comms []bgp.ExtCommunity
	for range 1 + g.n(4) {
		start := len(nlri)
		if f.SAFI == bgp.SAFIEVPN {
			r := g.evpn()
			nlri = r.AppendBinary(nlri)
			if back, err := bgp.DecodeEVPN(nlri[start:], 0); err != nil || !bytes.Equal(back.AppendBinary(nil), nlri[start:]) {
				t.Fatalf("EVPN route %+v: bgplens reads back %+v, %v", r, back, err)
			}
		} else {
			r := g.flowSpec(f)
			nlri = r.AppendBinary(nlri)
			if back, err := bgp.DecodeFlowSpec(f, nlri[start:], 0); err != nil || !bytes.Equal(back.AppendBinary(nil), nlri[start:]) {
				t.Fatalf("flow spec rule %+v: bgplens reads back %+v, %v", r, back, err)
			}
		}
	}
	sess := bgp.Session{AS4: true}
	b := bgp.NewUpdateBuilder(nil, sess)
	where := "bgplens-built #" + itoa(i) + " " + f.JSONName()
	if g.chance(0.2) {
		b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional, Type: bgp.AttrMPUnreachNLRI, Value: bgp.MPUnreach{Family: f, RawNLRI: nlri}})
		where += " withdrawn"
	} else {
		b.Origin(bgp.Origin(g.n(3)))
		var nh []byte
		if f.SAFI == bgp.SAFIEVPN {
			nh = g.v4().AsSlice()
			comms = g.evpnCommunities(t)
			if g.chance(0.4) {
				id := g.v4().AsSlice()
				b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional | bgp.FlagTransitive, Type: bgp.AttrPMSITunnel,
					Value: bgp.PMSITunnel{Flags: uint8(g.n(2)), TunnelType: 6, Label: g.label(), TunnelID: id}})
			}
		} else {
			comms = g.flowActions(t)
		}
		b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional, Type: bgp.AttrMPReachNLRI, Value: bgp.MPReach{Family: f, NextHop: nh, RawNLRI: nlri}})
		if comms != nil {
			b.ExtCommunities(comms...)
		}
	}
	msg, err := b.Finish()
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for tag := range g.tags {
		where += " [" + tag + "]"
	}
	return famMsg{where: where, data: msg, sess: sess, tags: g.tags}
}

func lensGenerated(t *testing.T, n int, seed uint64) []famMsg {
	g := &lensGen{famGen: famGen{rand.New(rand.NewPCG(seed, seed^0x1e75))}}
	var out []famMsg
	for i := range n {
		out = append(out, g.lensUpdate(t, i))
	}
	return out
}
