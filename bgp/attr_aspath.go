package bgp

import (
	"encoding/binary"
	"iter"
)

// SegmentType is the type of an AS_PATH segment (RFC 4271 §4.3, RFC 5065 §3).
type SegmentType uint8

// AS_PATH segment types.
const (
	SegmentSet       SegmentType = 1 // AS_SET
	SegmentSequence  SegmentType = 2 // AS_SEQUENCE
	SegmentConfedSeq SegmentType = 3 // AS_CONFED_SEQUENCE (RFC 5065)
	SegmentConfedSet SegmentType = 4 // AS_CONFED_SET (RFC 5065)
)

var segmentNames = [...]string{"", "AS_SET", "AS_SEQUENCE", "AS_CONFED_SEQUENCE", "AS_CONFED_SET"}

// String returns the RFC name, e.g. "AS_SEQUENCE".
func (t SegmentType) String() string { return CodeName(segmentNames[:], t, "SegmentType") }

// ASTrans is the 2-octet AS number that stands in for a 4-octet one
// (RFC 6793 §9).
const ASTrans = 23456

// ASPathView is an AS_PATH or AS4_PATH value in place. It has been checked
// (see AttrView.ASPath), so walking it cannot fail.
type ASPathView struct {
	b       []byte
	as4     bool
	off     int  // offset of the value in the message
	partial bool // from ASPathPartial: the last segment may be cut short
}

// ASSegmentView is one segment of an ASPathView.
type ASSegmentView struct {
	Type SegmentType
	Off  int // offset of the segment type octet in the message
	// Count is the segment's length field: the number of ASNs it declares.
	// It equals Len() except in a path read with ASPathPartial from a value
	// that was cut short.
	Count int
	asns  []byte
	as4   bool
}

// ASPath reads the attribute as an AS_PATH with 4-octet (as4) or 2-octet
// ASNs. AS4_PATH always uses 4 octets: pass true.
func (a AttrView) ASPath(as4 bool) (ASPathView, error) {
	if a.Type != AttrASPath && a.Type != AttrAS4Path {
		return ASPathView{}, wrongType(a)
	}
	if msg := checkASPath(a.Value, as4); msg != "" {
		e := newErr(a.Off, CodeUpdate, SubMalformedASPath, a.Type.ErrorAction(), msg)
		e.Attr = a.Type
		return ASPathView{}, e
	}
	return ASPathView{b: a.Value, as4: as4, off: a.Off + a.HeaderLen()}, nil
}

// ASPathPartial reads an AS_PATH or AS4_PATH value that may have been
// cut short, as in the data of a NOTIFICATION a router logged only in
// part. It yields every whole segment and, last, the part of a segment
// that is present (its Count says how many ASNs it declared). It never
// fails; use ASPath to check a value.
func (a AttrView) ASPathPartial(as4 bool) ASPathView {
	return ASPathView{b: a.Value, as4: as4, off: a.Off + a.HeaderLen(), partial: true}
}

// AS4 reports whether the path's ASNs are 4 octets wide.
func (p ASPathView) AS4() bool { return p.as4 }

// Segments iterates over the segments in order.
func (p ASPathView) Segments() iter.Seq[ASSegmentView] {
	return func(yield func(ASSegmentView) bool) {
		for s, rest, off := p.firstSeg(); s.asns != nil; s, rest, off = p.nextSeg(rest, off) {
			if !yield(s) {
				return
			}
		}
	}
}

// firstSeg and nextSeg walk the segments without a closure, for the
// callers that must not allocate: s.asns is nil after the last one.
func (p ASPathView) firstSeg() (s ASSegmentView, rest []byte, off int) {
	return p.nextSeg(p.b, p.off)
}

func (p ASPathView) nextSeg(b []byte, off int) (s ASSegmentView, rest []byte, next int) {
	w := 2
	if p.as4 {
		w = 4
	}
	if len(b) < 2 {
		return s, nil, off
	}
	n := 2 + int(b[1])*w
	if n > len(b) {
		if !p.partial {
			return s, nil, off
		}
		// The part present of a segment cut short is the last: octets
		// left of a cut ASN are not another segment.
		n = 2 + (len(b)-2)/w*w
		s = ASSegmentView{Type: SegmentType(b[0]), Off: off, Count: int(b[1]), asns: b[2:n:n], as4: p.as4}
		return s, nil, off + n
	}
	s = ASSegmentView{Type: SegmentType(b[0]), Off: off, Count: int(b[1]), asns: b[2:n:n], as4: p.as4}
	return s, b[n:], off + n
}

// Len returns the path length used in route selection (RFC 4271 §9.1.2.2):
// each AS in a sequence counts one, each AS_SET one in all, confederation
// segments nothing (RFC 5065 §5.3).
func (p ASPathView) Len() int {
	n := 0
	for s, rest, off := p.firstSeg(); s.asns != nil; s, rest, off = p.nextSeg(rest, off) {
		n += s.selectionLen()
	}
	return n
}

// selectionLen is what the segment adds to Len.
func (s ASSegmentView) selectionLen() int {
	switch s.Type {
	case SegmentSequence:
		return s.Len()
	case SegmentSet:
		return 1
	}
	return 0
}

// AppendText appends the path as ASPath.String writes it, without
// allocating.
func (p ASPathView) AppendText(b []byte) []byte {
	b, _, _ = p.appendTextLen(b)
	return b
}

// appendTextLen appends the text and returns Len and OriginAS, in one
// walk of the segments (the JSON writes the three).
func (p ASPathView) appendTextLen(b []byte) (_ []byte, n int, origin uint32) {
	var last ASSegmentView
	for s, rest, off := p.firstSeg(); s.asns != nil; s, rest, off = p.nextSeg(rest, off) {
		if s.Off != p.off {
			b = append(b, ' ')
		}
		open, sep, end := s.Type.delims()
		b = appendOpen(b, open)
		for j := range s.Len() {
			if j > 0 {
				b = append(b, sep)
			}
			b = AppendUint(b, uint64(s.At(j)))
		}
		b = appendOpen(b, end)
		n += s.selectionLen()
		last = s
	}
	return b, n, last.originAS()
}

// OriginAS returns the last AS of the path when its last segment is an
// AS_SEQUENCE: the AS that originated the route. It is 0 otherwise (an
// empty path, or one that ends in a set).
func (p ASPathView) OriginAS() uint32 {
	var last ASSegmentView
	for s, rest, off := p.firstSeg(); s.asns != nil; s, rest, off = p.nextSeg(rest, off) {
		last = s
	}
	return last.originAS()
}

// originAS is OriginAS of a path whose last segment is s.
func (s ASSegmentView) originAS() uint32 {
	if s.Type != SegmentSequence || s.Len() == 0 {
		return 0
	}
	return s.At(s.Len() - 1)
}

// Len returns the number of ASNs in the segment.
func (s ASSegmentView) Len() int {
	if s.as4 {
		return len(s.asns) / 4
	}
	return len(s.asns) / 2
}

// At returns the i-th ASN of the segment.
func (s ASSegmentView) At(i int) uint32 {
	if s.as4 {
		return binary.BigEndian.Uint32(s.asns[4*i:])
	}
	return uint32(binary.BigEndian.Uint16(s.asns[2*i:]))
}

// ASNs iterates over the segment's AS numbers.
func (s ASSegmentView) ASNs() iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		b := s.asns
		if s.as4 {
			for ; len(b) >= 4; b = b[4:] {
				if !yield(binary.BigEndian.Uint32(b)) {
					return
				}
			}
			return
		}
		for ; len(b) >= 2; b = b[2:] {
			if !yield(uint32(binary.BigEndian.Uint16(b))) {
				return
			}
		}
	}
}
