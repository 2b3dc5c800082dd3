package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// explainFields adds the fields of an attribute the bgp package lists as
// EntryFields (the BGP-LS attribute's TLVs: each TLV with its type,
// length and value or sub-TLVs beneath it), with their RFC sections; the
// offsets are the message's, before base.
func explainFields(b *builder, v *Node, fields []bgp.EntryField, base int) {
	var top *Node
	for _, fl := range fields {
		fn := b.node(snakeName(fl.Name), base+fl.Off, fl.Len, fl.Value, "", fl.Ref)
		if !strings.EqualFold(fn.Name, fl.Name) {
			fn.Label = fl.Name
		}
		if fl.Depth > 0 && top != nil {
			top.add(fn)
			continue
		}
		v.add(fn)
		top = fn
	}
}

// readAttr reads a with get: a value that does not read leaves v its
// problem, one that does gives v its text.
func readAttr[V interface{ AppendText([]byte) []byte }](v *Node, a bgp.AttrView, get func(bgp.AttrView) (V, error)) (V, bool) {
	x, err := get(a)
	if err != nil {
		v.Problem = problemText(err)
		return x, false
	}
	v.Value = string(x.AppendText(nil))
	return x, true
}

// explainBGPLS explains a BGP-LS attribute (RFC 9552 §5.3).
func explainBGPLS(b *builder, v *Node, a bgp.AttrView, base int) {
	if l, ok := readAttr(v, a, bgp.AttrView.BGPLS); ok {
		explainFields(b, v, l.Fields(nil), base)
	}
}

// explainPrefixSID explains a BGP_PREFIX_SID attribute (RFC 8669 §3, RFC
// 9252 §2).
func explainPrefixSID(b *builder, v *Node, a bgp.AttrView, base int) {
	if l, ok := readAttr(v, a, bgp.AttrView.PrefixSID); ok {
		explainFields(b, v, l.Fields(nil), base)
	}
}

// explainPMSI explains a PMSI_TUNNEL attribute (RFC 6514 §5).
func explainPMSI(b *builder, v *Node, a bgp.AttrView, base int) {
	if p, ok := readAttr(v, a, bgp.AttrView.PMSITunnel); ok {
		explainFields(b, v, p.Fields(nil, a.Off+a.HeaderLen()), base)
	}
}

// explainAttrSet explains an ATTR_SET (RFC 6368 §5): its Origin AS, then
// each attribute in it explained as an UPDATE's are.
func explainAttrSet(b *builder, v *Node, a bgp.AttrView, base int, s bgp.Session) {
	set, ok := readAttr(v, a, bgp.AttrView.AttrSet)
	if !ok {
		return
	}
	v.add(b.node("origin_as", base+a.Off+a.HeaderLen(), 4, uint64(set.OriginAS()), "the AS that originated the attributes", "RFC 6368 §5"))
	for x := range set.Attrs() {
		v.add(explainAttr(b, nil, x, base, s)) // msg is not read past explainAttr
	}
}

// explainTunnelEncap explains a TUNNEL_ENCAPSULATION attribute (RFC 9012
// §2, the SR Policy sub-TLVs of RFC 9830 §2.4).
func explainTunnelEncap(b *builder, v *Node, a bgp.AttrView, base int) {
	if l, ok := readAttr(v, a, bgp.AttrView.TunnelEncap); ok {
		explainFields(b, v, l.Fields(nil), base)
	}
}

// explainBGPsec explains a BGPsec_PATH attribute (RFC 8205 §3): shown, its
// signatures not validated.
func explainBGPsec(b *builder, v *Node, a bgp.AttrView, base int) {
	p, err := a.BGPsecPath()
	if err != nil {
		v.Problem = problemText(err)
		return
	}
	v.Value = string(p.AppendText(nil))
	v.Meaning = "signatures shown, not validated"
	explainFields(b, v, p.Fields(nil), base)
}
