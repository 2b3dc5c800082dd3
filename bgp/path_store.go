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
	// Most UPDATEs are clean and IPv4: the set is then the attributes
	// field as it is, copied at once instead of attribute by attribute.
	if verdict == nil && len(u.errs) == 0 && u.reach.attr == 0 && u.unreach.attr == 0 &&
		u.aOff <= u.aEnd && u.aEnd <= len(u.msg) {
		return append(dst, u.msg[u.aOff:u.aEnd]...)
	}
	return u.appendPathAttrsWalk(dst, verdict)
}

// appendPathAttrsWalk is AppendPathAttrs attribute by attribute.
func (u *UpdateView) appendPathAttrsWalk(dst []byte, verdict *Error) []byte {
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

// AppendAS4 appends the path's attributes as a speaker of 4-octet AS
// numbers writes them (RFC 6793 §4.1), for stores whose format has only
// that width (MRT TABLE_DUMP_V2, RFC 6396 §4.3.4): on a 2-octet session
// AS_PATH becomes the merged path of ASPath in 4-octet ASNs, AGGREGATOR
// the merged aggregator with a 4-octet AS, and AS4_PATH and
// AS4_AGGREGATOR, whose content they now hold, are left out; every other
// attribute is copied as it is. On a 4-octet session the attributes are
// copied unchanged.
func (p *Path) AppendAS4(dst []byte) ([]byte, error) {
	if p.sess.AS4 {
		return append(dst, p.raw[:p.end]...), nil
	}
	s4 := Session{AS4: true}
	for a := range p.All() {
		var err error
		switch a.Type {
		case AttrAS4Path, AttrAS4Aggregator:
			continue
		case AttrASPath:
			path, ok := p.ASPath()
			if !ok {
				return dst, a.validate(false)
			}
			dst, err = appendAttrWith(dst, a.Flags, a.Type, func(b []byte) ([]byte, error) {
				return path.appendAttrValue(b, AttrASPath, s4)
			})
		case AttrAggregator:
			g, ok := p.Aggregator()
			if !ok {
				return dst, a.validate(false)
			}
			dst, err = appendAttrWith(dst, a.Flags, a.Type, func(b []byte) ([]byte, error) {
				return g.appendAttrValue(b, AttrAggregator, s4)
			})
		default:
			dst = append(dst, p.raw[a.Off-p.base:a.Off-p.base+a.Len()]...)
		}
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// appendAttrWith appends an attribute whose value value writes: the
// Extended Length bit set only when the value needs it.
func appendAttrWith(dst []byte, flags AttrFlags, t AttrType, value func([]byte) ([]byte, error)) ([]byte, error) {
	start := len(dst)
	dst = append(dst, 0, byte(t), 0, 0)
	dst, err := value(dst)
	if err != nil {
		return dst[:start], err
	}
	n := len(dst) - start - 4
	if n > 0xffff {
		return dst[:start], errAttrTooLong
	}
	if n <= 255 {
		dst[start] = byte(flags &^ FlagExtendedLength)
		dst[start+2] = byte(n)
		copy(dst[start+3:], dst[start+4:])
		return dst[:len(dst)-1], nil
	}
	dst[start] = byte(flags | FlagExtendedLength)
	dst[start+2], dst[start+3] = byte(n>>8), byte(n)
	return dst, nil
}
