package rib

import "github.com/bgplens/bgplens/bgp"

// canonical appends the attribute set of u as the DB interns it: the path
// attributes in wire order, without MP_UNREACH_NLRI, with MP_REACH_NLRI cut
// after its reserved octet (family and next hop kept, NLRI dropped; the
// Extended Length bit set only if the shorter value still needs it), and
// without the attributes an attribute-discard error names (RFC 7606 §2:
// a malformed attribute, or the repeats of an attribute, §3(g)).
func canonical(dst []byte, u bgp.UpdateView, verdict *bgp.Error) []byte {
	msg := u.Message()
	for a := range u.Attrs() {
		switch a.Type {
		case bgp.AttrMPUnreachNLRI:
			continue
		case bgp.AttrMPReachNLRI:
			if verdict != nil && discarded(u, a) {
				continue
			}
			v := a.Value
			if len(v) < 5 || len(v) < 5+int(v[3]) {
				continue // not framed; ParseUpdate reports it as a reset
			}
			v = v[:5+int(v[3])]
			flags := a.Flags &^ bgp.FlagExtendedLength
			if len(v) > 255 {
				flags |= bgp.FlagExtendedLength
				dst = append(dst, byte(flags), byte(a.Type), byte(len(v)>>8), byte(len(v)))
			} else {
				dst = append(dst, byte(flags), byte(a.Type), byte(len(v)))
			}
			dst = append(dst, v...)
		default:
			if verdict != nil && discarded(u, a) {
				continue
			}
			dst = append(dst, msg[a.Off:a.Off+a.Len()]...)
		}
	}
	return dst
}

// discarded reports whether an attribute-discard error points into a.
func discarded(u bgp.UpdateView, a bgp.AttrView) bool {
	for _, e := range u.Errors() {
		if e.Action == bgp.AttributeDiscard && e.Off >= a.Off && e.Off < a.Off+a.Len() {
			return true
		}
	}
	return false
}
