package explain

import (
	"fmt"

	"github.com/bgplens/bgplens/bgp"
)

// explainSimple explains attribute values that need little or no nested
// structure. Attributes bgplens does not decode are shown as raw octets.
// A value that does not decode keeps its octets and gets the problem.
func explainSimple(b *builder, v *Node, a bgp.AttrView, base int, s bgp.Session) {
	voff := base + a.Off + a.HeaderLen()
	fail := func(err error) {
		if b.partial {
			// The log cut the value short: what is missing is the log's
			// doing, not a length error of the attribute.
			v.Meaning = "cut off by the log before it could be decoded"
			return
		}
		v.Problem = problemText(err)
	}
	switch a.Type {
	case bgp.AttrOrigin:
		o, err := a.Origin()
		if err != nil {
			fail(err)
			return
		}
		v.Value, v.Meaning = o.String(), originMeaning[o]
	case bgp.AttrNextHop:
		nh, err := a.NextHop()
		if err != nil {
			fail(err)
			return
		}
		v.Value = nh.String()
	case bgp.AttrMultiExitDisc, bgp.AttrLocalPref, bgp.AttrOTC:
		n, err := a.Uint32()
		if err != nil {
			fail(err)
			return
		}
		v.Value = uint64(n)
		switch a.Type {
		case bgp.AttrMultiExitDisc:
			v.Meaning = "lower is preferred among routes from the same neighbouring AS"
		case bgp.AttrLocalPref:
			v.Meaning = "higher is preferred"
		case bgp.AttrOTC:
			v.Meaning = "Only to Customer: the route was received from a provider, peer or route server in AS " + itoa(int(n))
		}
	case bgp.AttrAtomicAggregate:
		if err := a.AtomicAggregate(); err != nil {
			fail(err)
			return
		}
		v.Meaning = "a speaker aggregated routes and the path may be less specific than the prefixes it covers"
	case bgp.AttrAggregator, bgp.AttrAS4Aggregator:
		as4 := s.AS4 || a.Type == bgp.AttrAS4Aggregator
		if f, ok := a.AggregatorForm(); ok && a.Type == bgp.AttrAggregator {
			as4 = f // the length tells the form; the session only says what was expected
		}
		g, err := a.Aggregator(as4)
		if err != nil {
			fail(err)
			return
		}
		w := 2
		form := "6-octet form: 2-octet AS"
		if as4 {
			w, form = 4, "8-octet form: 4-octet AS (RFC 6793)"
		}
		v.Value = g.String()
		v.Meaning = form
		if a.Type == bgp.AttrAggregator && as4 != s.AS4 {
			v.Problem = "this session expects the " + map[bool]string{true: "8", false: "6"}[s.AS4] + "-octet form; the length says otherwise"
		}
		m := ""
		if g.AS == bgp.ASTrans {
			m = "AS_TRANS: the real AS is in AS4_AGGREGATOR (RFC 6793 §4.2.3)"
		}
		v.add(b.node("aggregator_as", voff, w, uint64(g.AS), m, "RFC 4271 §5.1.7"))
		v.add(b.node("aggregator_address", voff+w, 4, g.Address.String(), "BGP Identifier of the aggregating speaker", "RFC 4271 §5.1.7"))
	case bgp.AttrOriginatorID:
		id, err := a.OriginatorID()
		if err != nil {
			fail(err)
			return
		}
		v.Value, v.Meaning = id.String(), "BGP Identifier of the route's originator in the local AS"
	case bgp.AttrClusterList:
		l, err := a.ClusterList()
		if err != nil {
			fail(err)
			return
		}
		var ids []any
		for i := 0; i < l.Len(); i++ {
			ids = append(ids, l.At(i).String())
			v.add(b.node("cluster_id", base+l.Off(i), 4, l.At(i).String(), "", "RFC 4456 §8"))
		}
		v.Value = ids
	case bgp.AttrSet:
		explainAttrSet(b, v, a, base, s)
	default:
		explainListAttr(b, v, a, base, voff, fail)
	}
}

// explainListAttr explains the attributes whose values are lists of
// fixed-size entries or TLVs (communities, AIGP), and shows the others as
// raw octets.
func explainListAttr(b *builder, v *Node, a bgp.AttrView, base, voff int, fail func(error)) {
	switch a.Type {
	case bgp.AttrCommunities:
		l, err := a.Communities()
		explainList(v, l, err, fail, func(c bgp.Community, off int) *Node {
			m := ""
			if name, ref, ok := c.WellKnown(); ok {
				m = "well-known community " + name + " (" + ref + ")"
			}
			return b.node("community", base+off, 4, c.String(), m, "RFC 1997")
		})
	case bgp.AttrExtCommunities:
		l, err := a.ExtCommunities()
		explainList(v, l, err, fail, func(c bgp.ExtCommunity, off int) *Node {
			n := b.node("extended_community", base+off, 8, c.String(), c.Name(), c.Ref())
			n.add(b.node("type", base+off, 1, int(c.Type()), transitiveWord(c.Transitive()), "RFC 4360 §2"))
			n.add(b.node("subtype", base+off+1, 1, int(c.Subtype()), c.Name(), c.Ref()))
			n.add(b.node("value", base+off+2, 6, nil, "", c.Ref()))
			return n
		})
	case bgp.AttrIPv6ExtCommunities:
		l, err := a.IPv6ExtCommunities()
		explainList(v, l, err, fail, func(c bgp.IPv6ExtCommunity, off int) *Node {
			return b.node("ipv6_extended_community", base+off, 20, c.String(), c.Name(), "RFC 5701")
		})
	case bgp.AttrLargeCommunities:
		l, err := a.LargeCommunities()
		explainList(v, l, err, fail, func(c bgp.LargeCommunity, off int) *Node {
			n := b.node("large_community", base+off, 12, c.String(), "", "RFC 8092 §3")
			n.add(b.node("global_administrator", base+off, 4, uint64(c.GlobalAdmin), "", "RFC 8092 §3"))
			n.add(b.node("local_data_part_1", base+off+4, 4, uint64(c.LocalData1), "", "RFC 8092 §3"))
			n.add(b.node("local_data_part_2", base+off+8, 4, uint64(c.LocalData2), "", "RFC 8092 §3"))
			return n
		})
	case bgp.AttrAIGP:
		l, err := a.AIGP()
		if err != nil {
			fail(err)
			return
		}
		if m, ok := l.Metric(); ok {
			v.Value, v.Meaning = m, "accumulated IGP metric"
		}
		for off, t := range l.TLVs() {
			n := b.node("aigp_tlv", base+off, 3+len(t.Value), int(t.Type), "", "RFC 7311 §3")
			n.add(b.node("type", base+off, 1, int(t.Type), map[bool]string{true: "AIGP metric", false: "unknown TLV type"}[t.Type == 1], "RFC 7311 §3"))
			n.add(b.node("length", base+off+1, 2, 3+len(t.Value), "TLV length, header included", "RFC 7311 §3"))
			if len(t.Value) > 0 {
				n.add(b.node("value", base+off+3, len(t.Value), nil, "", "RFC 7311 §3"))
			}
			v.add(n)
		}
	case bgp.AttrBGPLS:
		explainBGPLS(b, v, a, base)
	case bgp.AttrPrefixSID:
		explainPrefixSID(b, v, a, base)
	case bgp.AttrPMSITunnel:
		explainPMSI(b, v, a, base)
	case bgp.AttrTunnelEncap:
		explainTunnelEncap(b, v, a, base)
	case bgp.AttrBGPsecPath:
		explainBGPsec(b, v, a, base)
	default:
		if !a.Type.Known() {
			v.Meaning = "unrecognized attribute, kept as raw octets"
			if a.Flags.Optional() && a.Flags.Transitive() {
				v.Meaning += "; optional transitive, so it is passed on with the Partial bit set (RFC 4271 §5)"
			}
		} else {
			v.Meaning = "not decoded by this version of bgplens"
		}
	}
}

// explainList explains a list attribute read as l (or failed with err):
// one node per entry, made by entry from the entry and its offset in the
// message, and the entries' text as the value.
func explainList[C fmt.Stringer, L interface {
	Len() int
	At(int) C
	Off(int) int
}](v *Node, l L, err error, fail func(error), entry func(c C, off int) *Node) {
	if err != nil {
		fail(err)
		return
	}
	var cs []any
	for i := 0; i < l.Len(); i++ {
		c := l.At(i)
		cs = append(cs, c.String())
		v.add(entry(c, l.Off(i)))
	}
	v.Value = cs
}

var originMeaning = map[bgp.Origin]string{
	bgp.OriginIGP:        "learned from an interior protocol of the originating AS",
	bgp.OriginEGP:        "learned through EGP",
	bgp.OriginIncomplete: "learned some other way, e.g. redistributed",
}

func transitiveWord(t bool) string {
	if t {
		return "transitive"
	}
	return "non-transitive"
}
