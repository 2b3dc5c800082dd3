package bgp

import (
	"encoding/binary"
	"iter"
	"strconv"
)

// ATTR_SET (type 128, RFC 6368 §5): an Origin AS (4 octets) and path
// attributes, laid out as in an UPDATE and read with the same attribute
// reader (frameAttr), with offsets in the message.

// AttrSetView is an ATTR_SET attribute in place; it aliases the input.
type AttrSetView struct {
	b   []byte
	off int
}

// checkAttrSet: the Origin AS, then attributes that frame. A malformed
// ATTR_SET is treat-as-withdraw (RFC 6368 §5, the row's action).
func checkAttrSet(v []byte, _ bool) (uint8, string) {
	if len(v) < 4 {
		return SubOptionalAttributeError, "ATTR_SET shorter than its Origin AS"
	}
	for b := v[4:]; len(b) > 0; {
		a, ok := frameAttr(b)
		if !ok {
			return SubOptionalAttributeError, "ATTR_SET attribute at octet " + strconv.Itoa(len(v)-len(b)) + " overruns the set"
		}
		b = b[a.Len():]
	}
	return 0, ""
}

// AttrSet reads an ATTR_SET attribute.
func (a AttrView) AttrSet() (AttrSetView, error) {
	return readView[AttrSetView](a, AttrSet)
}

// OriginAS returns the Origin AS: the AS of the customer network that
// originated the attributes.
func (v AttrSetView) OriginAS() uint32 { return binary.BigEndian.Uint32(v.b) }

// Attrs iterates over the attributes in the set, with their offsets in
// the message; each reads with AttrView's getters.
func (v AttrSetView) Attrs() iter.Seq[AttrView] {
	return func(yield func(AttrView) bool) {
		off := v.off + 4
		for b := v.b[4:]; len(b) > 0; {
			a, ok := frameAttr(b)
			if !ok {
				return
			}
			a.Off = off
			if !yield(a) {
				return
			}
			b, off = b[a.Len():], off+a.Len()
		}
	}
}

// Path returns the set's attributes as a Path of session s (the one the
// UPDATE was sent in), which reads and writes them as it does an UPDATE's
// (AppendJSON). It shares the input.
func (v AttrSetView) Path(s Session) (Path, error) {
	p, err := ReadPath(v.b[4:], s)
	p.base = v.off + 4
	return p, err
}

// AppendText appends "origin-as 65000 attributes ORIGIN AS_PATH ...".
func (v AttrSetView) AppendText(dst []byte) []byte {
	dst = strconv.AppendUint(append(dst, "origin-as "...), uint64(v.OriginAS()), 10)
	dst = append(dst, " attributes"...)
	for a := range v.Attrs() {
		dst = append(append(dst, ' '), a.Type.String()...)
	}
	return dst
}

// jsonAttrSet writes "attr_set": {"set_origin_as", then the set's attributes
// as the path's members are written, read in the path's session}. A set
// inside a set recurses; each level consumes at least 7 octets of the
// message, so the depth is bounded by its length.
func jsonAttrSet(dst []byte, outer Path, a AttrView) []byte {
	v, err := a.AttrSet()
	if err != nil {
		return dst
	}
	p, err := v.Path(outer.sess)
	if err != nil {
		return dst
	}
	dst = strconv.AppendUint(append(appendAttrKey(dst, a.Type), `{"set_origin_as":`...), uint64(v.OriginAS()), 10)
	return append(pathAppendJSON(&p, dst), '}')
}

// pathAppendJSON is Path.AppendJSON, reached through a variable set at
// init: the pathJSON table refers to jsonAttrSet, which writes a path.
var pathAppendJSON func(p *Path, dst []byte) []byte

func init() { pathAppendJSON = (*Path).AppendJSON }
