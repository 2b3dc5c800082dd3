package bgp

// AppendPathAttrs appends the path attributes of the routes u announces as
// a store kept apart from the UPDATE holds them (a RIB's interned set;
// ReadPath reads them back): the attributes in wire order, without
// MP_UNREACH_NLRI (it withdraws, it describes no path), with MP_REACH_NLRI
// cut after its reserved octet (family and next hop kept, the NLRI
// dropped; the Extended Length bit set only if the shorter value still
// needs it), and without the attributes that an attribute-discard error
// names (RFC 7606 §2: a malformed attribute, or the repeats of one,
// §3(g)). verdict is u.Verdict(), passed in so that it is found once.
func (u *UpdateView) AppendPathAttrs(dst []byte, verdict *Error) []byte {
	msg := u.msg
	for a := range u.Attrs() {
		if verdict != nil && u.discarded(a) {
			continue
		}
		switch a.Type {
		case AttrMPUnreachNLRI:
			continue
		case AttrMPReachNLRI:
			v := a.Value
			if len(v) < offMPNextHop || len(v) < offMPNextHop+1+int(v[offMPNextHopLen]) {
				continue // not framed; ParseUpdate reports it as a reset
			}
			v = v[:offMPNextHop+1+int(v[offMPNextHopLen])]
			flags := a.Flags &^ FlagExtendedLength
			if len(v) > 255 {
				flags |= FlagExtendedLength
				dst = append(dst, byte(flags), byte(a.Type), byte(len(v)>>8), byte(len(v)))
			} else {
				dst = append(dst, byte(flags), byte(a.Type), byte(len(v)))
			}
			dst = append(dst, v...)
		default:
			dst = append(dst, msg[a.Off:a.Off+a.Len()]...)
		}
	}
	return dst
}

// discarded reports whether an attribute-discard error points into a.
func (u *UpdateView) discarded(a AttrView) bool {
	for _, e := range u.errs {
		if e.Action == AttributeDiscard && e.Off >= a.Off && e.Off < a.Off+a.Len() {
			return true
		}
	}
	return false
}
