package interop

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// BenchmarkFamilies decodes the generated UPDATEs of each family that
// both libraries read cleanly, one message per op: bgplens's views over
// every entry and family attribute (famWalk), and GoBGP's ParseBGPMessage,
// which builds every value.
//
//	cd interop && go test -run '^$' -bench Families -benchmem .
func BenchmarkFamilies(b *testing.B) {
	all := famGenerated(b, 1200, 1)
	for _, kind := range famKinds {
		var msgs []famMsg
		for _, m := range all {
			if strings.Fields(m.where)[2] == kind { // "generated #12 evpn ..."
				if c := compareFam(m); len(c.diff) == 0 && c.lensErr == "" && c.gobErr == "" {
					msgs = append(msgs, m)
				}
			}
		}
		if len(msgs) == 0 {
			b.Fatalf("%s: no message both read", kind)
		}
		b.Run(kind+"/bgplens", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for i := 0; b.Loop(); i++ {
				m := msgs[i%len(msgs)]
				n += famWalk(m.data, m.sess)
			}
			if n == 0 {
				b.Fatal("nothing read")
			}
		})
		b.Run(kind+"/gobgp", func(b *testing.B) {
			opts := make([]*gobgp.MarshallingOption, len(msgs))
			for i, m := range msgs {
				opts[i] = gobgpOptions(m.sess)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := gobgp.ParseBGPMessage(msgs[i%len(msgs)].data, opts[i%len(msgs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// famWalk reads every entry of the non-IP families and every family
// attribute of msg with bgplens's views, touching each field, and returns
// a count so that nothing is optimized away. Each loop sits in a small
// function of its own: range-over-func iterators cost nothing when the
// compiler inlines them, which it stops doing in a large function, and
// then the loop's state moves to the heap.
func famWalk(msg []byte, s bgp.Session) int {
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		return 0
	}
	n := 0
	for a := range u.Attrs() {
		n += walkFamAttr(a, s)
	}
	return n
}

func walkFamAttr(a bgp.AttrView, s bgp.Session) int {
	switch a.Type {
	case bgp.AttrMPReachNLRI:
		if m, err := a.MPReach(s); err == nil {
			return walkEntries(m.Family, m.NLRI, m.NLRIOff, m.AddPath)
		}
	case bgp.AttrMPUnreachNLRI:
		if m, err := a.MPUnreach(s); err == nil {
			return walkEntries(m.Family, m.Withdrawn, m.NLRIOff, m.AddPath)
		}
	case bgp.AttrPMSITunnel:
		if p, err := a.PMSITunnel(); err == nil {
			return int(p.Label)
		}
	case bgp.AttrTunnelEncap:
		if v, err := a.TunnelEncap(); err == nil {
			return walkTunnels(v)
		}
	case bgp.AttrPrefixSID:
		if v, err := a.PrefixSID(); err == nil {
			return walkPrefixSID(v)
		}
	case bgp.AttrBGPLS:
		if v, err := a.BGPLS(); err == nil {
			n := 0
			for t := range v.TLVs() {
				n += len(t.Value)
			}
			return n
		}
	case bgp.AttrExtCommunities:
		if v, err := a.ExtCommunities(); err == nil {
			n := 0
			for c := range v.All() {
				n += int(c.Subtype())
			}
			return n
		}
	}
	return 0
}

func walkTunnels(v bgp.TunnelEncapView) int {
	n := 0
	for t := range v.Tunnels() {
		for st := range t.SubTLVs() {
			n += len(st.Value)
		}
	}
	return n
}

func walkPrefixSID(v bgp.PrefixSIDView) int {
	n := 0
	for t := range v.TLVs() {
		for st := range t.ServiceSubTLVs() {
			n += walkSIDInfo(st)
		}
	}
	return n
}

func walkSIDInfo(st bgp.PrefixSIDTLV) int {
	sid, _, beh, _ := st.SIDInformation()
	n := int(beh) + sid.BitLen()
	for sst := range st.SubSubTLVs() {
		s, _ := sst.SIDStructure()
		n += int(s[0])
	}
	return n
}

func walkEntries(f bgp.Family, b []byte, off int, addPath bool) int {
	n := 0
	for e, err := range f.Entries(b, off, addPath) {
		if err != nil {
			return n
		}
		n += 1 + walkEntry(f, e)
	}
	return n
}

func walkEntry(f bgp.Family, e bgp.NLRI) int {
	switch f.SAFI {
	case bgp.SAFIEVPN:
		v, _ := bgp.ParseEVPN(e.Value, e.ValueOff)
		rd, esi, mac := v.RD(), v.ESI(), v.MAC()
		ls, k := v.Labels()
		return int(rd[7]) + int(esi[0]) + int(mac[5]) + v.IP().BitLen() + v.Originator().BitLen() + v.Prefix().Bits() + int(ls[0]) + k
	case bgp.SAFIFlowSpec, bgp.SAFIFlowSpecVPN:
		v, _ := bgp.ParseFlowSpec(f, e.Value, e.ValueOff)
		return walkFlowSpec(v)
	case bgp.SAFIRouteTarget:
		v, _ := bgp.ParseRTC(e.Value, e.ValueOff)
		rt, _ := v.RouteTarget()
		return v.Bits() + int(rt[7])
	case bgp.SAFIVPLS:
		v, _ := bgp.ParseVPLS(e.Value, e.ValueOff)
		ve, _, _, base, _ := v.LabelBlock()
		return int(ve) + int(base)
	case bgp.SAFISRTE:
		v, _ := bgp.ParseSRPolicy(e.Value, e.ValueOff)
		return int(v.Color()) + v.Endpoint().BitLen()
	case bgp.SAFIBGPLS:
		v, _ := bgp.ParseBGPLS(e.Value, e.ValueOff, false)
		return walkBGPLS(v)
	case bgp.SAFIMUP:
		v, err := bgp.ParseMUP(e.Value, e.ValueOff, f.AFI == bgp.AFIIPv6)
		if err != nil {
			return 0
		}
		p, _ := v.Prefix()
		ep, _ := v.Endpoint()
		teid, _, _ := v.TEID()
		return p.Bits() + ep.BitLen() + int(teid)
	}
	return len(e.Value)
}

func walkFlowSpec(v bgp.FlowSpecView) int {
	n := 0
	for c := range v.Components() {
		n += walkComponent(c)
	}
	return n
}

func walkComponent(c bgp.FlowComponent) int {
	p, off := c.Prefix()
	n := p.Bits() + off
	for op := range c.Ops() {
		n += int(op.Value)
	}
	return n
}

func walkBGPLS(v bgp.BGPLSView) int {
	n := 0
	for t := range v.TLVs() {
		for st := range t.SubTLVs() {
			n += int(st.Type)
		}
	}
	return n
}
