package explain

import (
	"iter"

	"github.com/bgplens/bgplens/bgp"
)

// explainAttr explains one path attribute: its header bit by bit and its
// value as far as bgplens decodes it.
func explainAttr(b *builder, msg []byte, a bgp.AttrView, base int, s bgp.Session) *Node {
	off := base + a.Off
	n := b.node("path_attribute", off, a.Len(), a.Type.String(), "", a.Type.Ref())
	n.Name = a.Type.JSONName()
	n.Label = a.Type.String()
	n.add(flagsNode(b, off, a))
	n.add(b.node("type_code", off+1, 1, int(a.Type), a.Type.String(), "RFC 4271 §4.3"))
	ll := a.HeaderLen() - 2
	lm := "octets of attribute value"
	if ll == 2 {
		lm += " (2-octet length: Extended Length bit set)"
	}
	n.add(b.node("attribute_length", off+2, ll, len(a.Value), lm, "RFC 4271 §4.3"))
	voff := off + a.HeaderLen()
	v := b.node("value", voff, len(a.Value), nil, "", a.Type.Ref())
	explainValue(b, v, msg, a, base, s)
	n.add(v)
	n.Value = summary(v)
	return n
}

func flagsNode(b *builder, off int, a bgp.AttrView) *Node {
	f := a.Flags
	n := b.node("attribute_flags", off, 1, "0x"+hex2(uint8(f)), f.String(), "RFC 4271 §4.3")
	bit := func(name string, mask bgp.AttrFlags, yes, no string) *Node {
		set := f&mask != 0
		m := no
		if set {
			m = yes
		}
		return &Node{Name: name, Off: off, Len: 1, Hex: hex2(uint8(f)), Value: set, Meaning: bitPattern(uint8(f), uint8(mask)) + "  " + m, Ref: "RFC 4271 §4.3"}
	}
	n.add(
		bit("optional", bgp.FlagOptional, "optional attribute", "well-known attribute"),
		bit("transitive", bgp.FlagTransitive, "transitive", "non-transitive"),
		bit("partial", bgp.FlagPartial, "partial: an AS on the path did not recognize this optional transitive attribute", "complete"),
		bit("extended_length", bgp.FlagExtendedLength, "attribute length is 2 octets", "attribute length is 1 octet"),
	)
	if f&0x0f != 0 {
		n.add(&Node{Name: "unused", Off: off, Len: 1, Hex: hex2(uint8(f)), Value: int(f & 0x0f), Meaning: bitPattern(uint8(f), 0x0f) + "  unused bits: must be sent as zero and ignored on receipt", Ref: "RFC 4271 §4.3"})
	}
	if want, ok := a.Type.ExpectedFlags(); ok && f&(bgp.FlagOptional|bgp.FlagTransitive) != want {
		n.Problem = "the registry says " + a.Type.String() + " is " + want.String() + ", these flags say " + (f & (bgp.FlagOptional | bgp.FlagTransitive)).String()
	}
	return n
}

// bitPattern shows the bits of c selected by mask, the others as dots,
// as "1... ...." (the way protocol analyzers show flag bits).
func bitPattern(c, mask uint8) string {
	out := make([]byte, 0, 9)
	for i := 7; i >= 0; i-- {
		if i == 3 {
			out = append(out, ' ')
		}
		switch {
		case mask&(1<<i) == 0:
			out = append(out, '.')
		case c&(1<<i) != 0:
			out = append(out, '1')
		default:
			out = append(out, '0')
		}
	}
	return string(out)
}

func hex2(c uint8) string {
	const h = "0123456789abcdef"
	return string([]byte{h[c>>4], h[c&15]})
}

// otherWidthFits says, for an AS_PATH malformed with ASNs as4 wide, that
// the other width frames it exactly: the sender and the reader disagree on
// the AS width (RFC 6793 §4), the path itself may be sound.
func otherWidthFits(a bgp.AttrView, as4 bool) string {
	if a.Type != bgp.AttrASPath {
		return ""
	}
	if _, err := a.ASPath(!as4); err != nil {
		return ""
	}
	return map[bool]string{true: "; with 2-octet ASNs every segment fits exactly: the sender likely speaks 2-octet AS numbers (RFC 6793 §4)",
		false: "; with 4-octet ASNs every segment fits exactly: the sender likely speaks 4-octet AS numbers (RFC 6793)"}[as4]
}

// explainValue fills v with the decoded value of a.
func explainValue(b *builder, v *Node, msg []byte, a bgp.AttrView, base int, s bgp.Session) {
	switch a.Type {
	case bgp.AttrASPath, bgp.AttrAS4Path:
		as4 := s.AS4 || a.Type == bgp.AttrAS4Path
		p, err := a.ASPath(as4)
		if err != nil && !b.partial {
			// Show what is there all the same: a broken path is what
			// people come to bgplens to see. (A value the log cut short is
			// not malformed: the attribute node says it is cut.)
			v.Problem = problemText(err)
			p = a.ASPathPartial(as4)
		}
		if b.partial {
			p = a.ASPathPartial(as4)
		}
		var path []any
		hops := 0
		for seg := range p.Segments() {
			sn := b.node("segment", base+seg.Off, 2+seg.Len()*asWidth(as4), seg.Type.String(), "", "RFC 4271 §4.3")
			sn.add(b.node("segment_type", base+seg.Off, 1, int(seg.Type), seg.Type.String(), "RFC 4271 §4.3, RFC 5065 §3"))
			lm := "number of ASNs"
			switch {
			case seg.Count == seg.Len():
			case b.partial:
				lm += "; only " + itoa(seg.Len()) + " are present, the rest were cut off"
				sn.Problem = "segment cut short: " + itoa(seg.Count-seg.Len()) + " ASNs missing"
			default:
				// The attribute's own length ends the segment: the
				// sender's fault, not the log's.
				lm += "; only " + itoa(seg.Len()) + " fit in the attribute's length"
				sn.Problem = "segment overruns the attribute: " + itoa(seg.Count-seg.Len()) + " ASNs do not fit in its length" + otherWidthFits(a, as4)
			}
			sn.add(b.node("segment_length", base+seg.Off+1, 1, seg.Count, lm, "RFC 4271 §4.3"))
			var asns []any
			for i := 0; i < seg.Len(); i++ {
				asn := seg.At(i)
				m := ""
				if asn == bgp.ASTrans {
					m = "AS_TRANS: stands in for a 4-octet AS (RFC 6793 §9)"
				}
				sn.add(b.node("asn", base+seg.Off+2+i*asWidth(as4), asWidth(as4), uint64(asn), m, "RFC 6793"))
				asns = append(asns, uint64(asn))
			}
			sn.Value = asns
			sn.Label = seg.Type.String()
			v.add(sn)
			path = append(path, map[string]any{"type": seg.Type.String(), "asns": asns})
			switch seg.Type {
			case bgp.SegmentSequence:
				hops += seg.Len()
			case bgp.SegmentSet:
				hops++
			}
			if seg.Count != seg.Len() {
				// The cut segment ends what is there: what follows is part
				// of its next ASN, not another segment.
				if rest := v.Off + v.Len - (sn.Off + sn.Len); rest > 0 {
					where := "the log stops here"
					if !b.partial {
						where = "the attribute's length ends here"
					}
					v.add(b.node("cut_off", sn.Off+sn.Len, rest, nil, "part of the next ASN; "+where, "RFC 4271 §4.3"))
				}
				break
			}
		}
		v.Value = path
		v.Meaning = itoa(hops) + " AS hops"
		if as4 {
			v.Meaning += ", 4-octet ASNs"
		} else {
			v.Meaning += ", 2-octet ASNs"
		}
	case bgp.AttrMPReachNLRI:
		m, err := a.MPReach(s)
		if !mpHead(b, v, base+a.Off+a.HeaderLen(), m.Family, m.NextHop != nil, err) {
			return
		}
		nhOff := base + a.Off + a.HeaderLen() + 3
		v.add(b.node("next_hop_length", nhOff, 1, len(m.NextHop), "octets of next hop", "RFC 4760 §3"))
		nh := b.node("next_hop", nhOff+1, len(m.NextHop), nil, "", "RFC 4760 §3")
		if addr, ll, rd, ok := m.NextHops(); ok {
			nh.Value = addr.String()
			if ll.IsValid() {
				nh.Meaning = "global " + addr.String() + ", link-local " + ll.String() + " (RFC 2545 §3)"
			}
			if rd != (bgp.RD{}) {
				nh.Meaning += " route distinguisher " + rd.String()
			}
		}
		v.add(nh)
		v.add(b.node("reserved", nhOff+1+len(m.NextHop), 1, int(m.Reserved), "must be 0 (RFC 4760 §3)", "RFC 4760 §3"))
		nl := b.node("nlri", base+m.NLRIOff, len(m.NLRI), nil, "", "RFC 4760 §3")
		walkMPInto(b, nl, m.Family, m.Routes(), m.Entries(), m.NLRIOff, len(m.NLRI), base, m.AddPath, "prefix", "nlri_entry")
		v.add(nl)
	case bgp.AttrMPUnreachNLRI:
		m, err := a.MPUnreach(s)
		if !mpHead(b, v, base+a.Off+a.HeaderLen(), m.Family, m.Withdrawn != nil, err) {
			return
		}
		nl := b.node("withdrawn_routes", base+m.NLRIOff, len(m.Withdrawn), nil, "", "RFC 4760 §4")
		walkMPInto(b, nl, m.Family, m.Routes(), m.Entries(), m.NLRIOff, len(m.Withdrawn), base, m.AddPath, "withdrawn_route", "withdrawn_entry")
		v.add(nl)
	default:
		explainSimple(b, v, a, base, s)
	}
}

// walkMPInto explains the NLRI field nl of an MP_REACH_NLRI or
// MP_UNREACH_NLRI, n octets at off of the message: prefixes, each named route, for
// the IP families; the registry's entries, each named entry, for others.
func walkMPInto(b *builder, nl *Node, f bgp.Family, routes iter.Seq2[bgp.Route, error], entries iter.Seq2[bgp.NLRI, error],
	off, n, base int, addPath bool, route, entry string) {
	if f.Prefixes() {
		walkRoutesInto(b, nl, routes, off, n, base, f, addPath, route)
	} else {
		walkEntriesInto(b, nl, f, entries, off, n, base, addPath, entry)
	}
}

func asWidth(as4 bool) int {
	if as4 {
		return 4
	}
	return 2
}

// mpHead adds the AFI and SAFI of an MP_REACH_NLRI or MP_UNREACH_NLRI
// value at off. It reports whether the rest can be explained: not when
// the decoder found nothing past them (located false) and an error, which
// becomes v's problem.
func mpHead(b *builder, v *Node, off int, f bgp.Family, located bool, err error) bool {
	v.add(b.node("afi", off, 2, int(f.AFI), f.AFI.String(), "RFC 4760 §3"),
		b.node("safi", off+2, 1, int(f.SAFI), f.SAFI.String(), "RFC 4760 §3"))
	if !located && err != nil {
		v.Problem = problemText(err)
		return false
	}
	return true
}

// summary is the short value shown on an attribute's own line.
func summary(v *Node) any {
	if v.Value == nil {
		return nil
	}
	if isScalar(v.Value) {
		if v.Meaning != "" {
			if s, ok := v.Value.(string); !ok || s != v.Meaning {
				return valueString(v.Value) + " (" + v.Meaning + ")"
			}
		}
		return v.Value
	}
	return valueString(v.Value)
}

// appendAttr appends a path attribute rebuilt from a log's words: its
// header (flags, type, and a length of two octets when the flags have
// Extended Length set, one otherwise, RFC 4271 §4.3) and its value.
func appendAttr(dst []byte, flags, typ byte, value []byte) []byte {
	dst = append(dst, flags, typ)
	if flags&0x10 != 0 {
		dst = append(dst, byte(len(value)>>8))
	}
	return append(append(dst, byte(len(value))), value...)
}
