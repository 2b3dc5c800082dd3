package bgp

import (
	"encoding/binary"
)

// ASSegment is one AS_PATH segment (RFC 4271 §4.3, RFC 5065 §3).
type ASSegment struct {
	Type SegmentType
	ASNs []uint32
}

// ASPath is the owned value of AS_PATH and AS4_PATH (RFC 4271 §4.3,
// RFC 6793 §3). The ASN width on the wire is not part of the value: AS_PATH
// is written with 4-octet ASNs when the session's AS4 is set and 2-octet
// ones otherwise, AS4_PATH always with 4 octets.
//
// Append refuses an ASN above 65535 in a 2-octet AS_PATH (RFC 6793 §4.2.2
// asks a NEW speaker to substitute AS_TRANS and add an AS4_PATH: that is
// policy, left to the caller), empty segments and unknown segment types.
// A sequence longer than 255 ASNs is written as several segments, as RFC
// 4271 §5.1.2 describes; an AS_SET that long is an error, since splitting
// it would change the path length.
type ASPath struct {
	Segments []ASSegment
}

// Len returns the path length used in route selection (RFC 4271 §9.1.2.2):
// each ASN of a sequence counts one, an AS_SET one in all, confederation
// segments nothing (RFC 5065 §5.3).
func (p ASPath) Len() int {
	n := 0
	for _, s := range p.Segments {
		switch s.Type {
		case SegmentSequence:
			n += len(s.ASNs)
		case SegmentSet:
			n++
		}
	}
	return n
}

// String formats the path as routers print it: sequences as space
// separated ASNs, sets in braces, confederation sequences in parentheses
// and confederation sets in square brackets, e.g. "65001 (65100) {65002,65003}".
func (p ASPath) String() string { return string(p.AppendText(nil)) }

// AppendText appends the String form of p to b.
func (p ASPath) AppendText(b []byte) []byte {
	for i, s := range p.Segments {
		if i > 0 {
			b = append(b, ' ')
		}
		open, sep, end := s.Type.delims()
		b = appendOpen(b, open)
		for j, as := range s.ASNs {
			if j > 0 {
				b = append(b, sep)
			}
			b = AppendUint(b, uint64(as))
		}
		b = appendOpen(b, end)
	}
	return b
}

// delims returns how a segment of type t is written as text: the octet
// before it (0 for none), between its ASNs and after it.
func (t SegmentType) delims() (open, sep, end byte) {
	switch t {
	case SegmentSet:
		return '{', ',', '}'
	case SegmentConfedSeq:
		return '(', ' ', ')'
	case SegmentConfedSet:
		return '[', ',', ']'
	}
	return 0, ' ', 0
}

// appendOpen appends c unless it is 0.
func appendOpen(b []byte, c byte) []byte {
	if c != 0 {
		b = append(b, c)
	}
	return b
}

func (p ASPath) appendAttrValue(dst []byte, t AttrType, s Session) ([]byte, error) {
	as4 := s.AS4 || t == AttrAS4Path
	start := len(dst)
	for _, seg := range p.Segments {
		if len(seg.ASNs) == 0 || seg.Type < SegmentSet || seg.Type > SegmentConfedSet ||
			len(seg.ASNs) > 255 && (seg.Type == SegmentSet || seg.Type == SegmentConfedSet) {
			return dst[:start], errSegment
		}
		for asns := seg.ASNs; len(asns) > 0; {
			n := min(len(asns), 255)
			dst = append(dst, byte(seg.Type), byte(n))
			for _, as := range asns[:n] {
				if as4 {
					dst = binary.BigEndian.AppendUint32(dst, as)
				} else if as > 0xffff {
					return dst[:start], errASNWidth
				} else {
					dst = binary.BigEndian.AppendUint16(dst, uint16(as))
				}
			}
			asns = asns[n:]
		}
	}
	return dst, nil
}

// ownedASPath copies a checked AS_PATH view. All ASNs share one backing
// array, sized by walking the value (never by a count read from the wire).
func ownedASPath(v ASPathView) ASPath {
	n, segs := 0, 0
	for sg := range v.Segments() {
		n += sg.Len()
		segs++
	}
	if segs == 0 {
		return ASPath{}
	}
	asns := make([]uint32, 0, n)
	p := ASPath{Segments: make([]ASSegment, 0, segs)}
	for sg := range v.Segments() {
		from := len(asns)
		for i := 0; i < sg.Len(); i++ {
			asns = append(asns, sg.At(i))
		}
		p.Segments = append(p.Segments, ASSegment{Type: sg.Type, ASNs: asns[from:len(asns):len(asns)]})
	}
	return p
}

// MergeAS4Path rebuilds the AS path of a route received from a 2-octet
// ("OLD") speaker from its AS_PATH and AS4_PATH, as RFC 6793 §4.2.3 says:
//
//   - Confederation segments of AS4_PATH are discarded first (RFC 6793 §3:
//     they must not be carried there).
//   - Both paths are counted as in route selection (RFC 4271 §9.1.2.2,
//     RFC 5065): an ASN of a sequence counts one, an AS_SET one in all, a
//     confederation segment nothing.
//   - If AS_PATH counts fewer ASNs than AS4_PATH, AS4_PATH is ignored and
//     the result is AS_PATH.
//   - Otherwise the result is the leading part of AS_PATH that makes up the
//     difference, followed by AS4_PATH, so that it counts as many ASNs as
//     AS_PATH. A confederation segment of AS_PATH is kept when it leads the
//     path or follows a kept segment. A trailing AS_SEQUENCE of the leading
//     part and a leading AS_SEQUENCE of AS4_PATH are joined into one
//     segment (how many segments a sequence is written in does not change
//     its meaning).
//
// The result shares no memory with the arguments. Apply it only to routes
// from a 2-octet session, and only when the AGGREGATOR rule allows it (see
// Update.ASPath): RFC 6793 §4.1 has a 4-octet speaker discard AS4_PATH.
func MergeAS4Path(asPath, as4Path ASPath) ASPath {
	need := asPath.Len() - as4Path.Len()
	if need < 0 {
		return copyASPath(asPath)
	}
	var out ASPath
	// Leading part of AS_PATH: as many ASNs as needed, plus the
	// confederation segments that lead or follow what is taken.
lead:
	for _, sg := range asPath.Segments {
		confed := sg.Type == SegmentConfedSeq || sg.Type == SegmentConfedSet
		if need == 0 && !confed {
			break
		}
		switch {
		case confed:
			out.Segments = append(out.Segments, copySegment(sg, len(sg.ASNs)))
		case sg.Type == SegmentSet:
			out.Segments = append(out.Segments, copySegment(sg, len(sg.ASNs)))
			need--
		default: // a sequence, whole or its first need ASNs
			k := min(need, len(sg.ASNs))
			out.Segments = append(out.Segments, copySegment(sg, k))
			need -= k
			if k < len(sg.ASNs) {
				break lead // what follows is not adjacent to what was taken
			}
		}
	}
	for _, sg := range as4Path.Segments {
		if sg.Type == SegmentConfedSeq || sg.Type == SegmentConfedSet || len(sg.ASNs) == 0 {
			continue
		}
		if last := len(out.Segments) - 1; last >= 0 && sg.Type == SegmentSequence && out.Segments[last].Type == SegmentSequence {
			out.Segments[last].ASNs = append(out.Segments[last].ASNs, sg.ASNs...)
			continue
		}
		out.Segments = append(out.Segments, copySegment(sg, len(sg.ASNs)))
	}
	return out
}

// copySegment copies the first n ASNs of sg.
func copySegment(sg ASSegment, n int) ASSegment {
	return ASSegment{Type: sg.Type, ASNs: append([]uint32(nil), sg.ASNs[:n]...)}
}

func copyASPath(p ASPath) ASPath {
	if p.Segments == nil {
		return ASPath{}
	}
	out := ASPath{Segments: make([]ASSegment, len(p.Segments))}
	for i, sg := range p.Segments {
		out.Segments[i] = copySegment(sg, len(sg.ASNs))
	}
	return out
}

// ASPath returns the route's AS path.
//
// With a 4-octet session (s.AS4) it is AS_PATH as sent: RFC 6793 §4.1 has
// a NEW speaker discard AS4_PATH and AS4_AGGREGATOR received from another
// NEW speaker. With a 2-octet session it is the reconstruction of RFC 6793
// §4.2.3: when AGGREGATOR is present with an AS other than AS_TRANS, the
// route was aggregated by an OLD speaker and AS4_PATH is ignored, so the
// result is AS_PATH; otherwise it is MergeAS4Path(AS_PATH, AS4_PATH). A
// malformed AS4_PATH (kept as RawAttr) is ignored, as RFC 7606 §7.2 asks.
//
// ok is false when the UPDATE has no well-formed AS_PATH. The result
// shares no memory with u when a merge took place, and shares the
// attribute's slices otherwise.
func (u Update) ASPath(s Session) (ASPath, bool) {
	a, ok := u.Attr(AttrASPath)
	if !ok {
		return ASPath{}, false
	}
	p, ok := a.Value.(ASPath)
	if !ok {
		return p, ok
	}
	g, hasAgg := u.aggregator(AttrAggregator)
	if !as4PathApplies(s, g, hasAgg) {
		return p, true
	}
	if a4, ok := u.Attr(AttrAS4Path); ok {
		if p4, ok := a4.Value.(ASPath); ok {
			return MergeAS4Path(p, p4), true
		}
	}
	return p, true
}

// Aggregator returns the AS and address of the speaker that formed the
// aggregate (RFC 4271 §5.1.7). With a 2-octet session, an AGGREGATOR whose
// AS is AS_TRANS stands for the AS4_AGGREGATOR, which is returned instead
// when present and well formed (RFC 6793 §4.2.3). ok is false without a
// well-formed AGGREGATOR; an AS4_AGGREGATOR alone is ignored.
func (u Update) Aggregator(s Session) (Aggregator, bool) {
	g, ok := u.aggregator(AttrAggregator)
	g4, ok4 := u.aggregator(AttrAS4Aggregator)
	return mergeAggregator(s, g, ok, g4, ok4)
}

func (u Update) aggregator(t AttrType) (Aggregator, bool) {
	a, ok := u.Attr(t)
	if !ok {
		return Aggregator{}, false
	}
	g, ok := a.Value.(Aggregator)
	return g, ok
}
