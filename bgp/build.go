package bgp

import (
	"encoding/binary"
	"errors"
	"net/netip"
)

// UpdateBuilder writes one UPDATE message (RFC 4271 §4.3) into a buffer the
// caller owns, field by field, without building an Update first:
//
//	b := bgp.NewUpdateBuilder(buf[:0], sess)
//	b.Withdraw(r1)
//	b.Origin(bgp.OriginIGP)
//	b.ASPath(path)
//	b.NextHop(nh)
//	b.Announce(r2)
//	msg, err := b.Finish()
//
// Calls must follow the wire order: withdrawn routes, then path
// attributes, then NLRI. Going back to an earlier section, a value that
// cannot be written or a message over the session's limit is an error that
// sticks: later calls do nothing and Finish returns the first error, as
// with golang.org/x/crypto/cryptobyte's Builder. Attribute setters write
// the flags the registry prescribes (attr_codes.go); a value over 255
// octets gets the Extended Length bit. Attributes are written in the order
// of the calls; RFC 4271 §5 suggests ascending type codes.
//
// The builder only appends to buf: when buf has the capacity, building
// allocates nothing.
type UpdateBuilder struct {
	buf     []byte
	sess    Session
	start   int // offset of the message in buf
	lenOff  int // offset of the open section's 2-octet length field
	section buildSection
	err     error
}

// buildSection is where an UpdateBuilder stands; sections only move on.
type buildSection uint8

const (
	buildStart     buildSection = iota // nothing written yet
	buildWithdrawn                     // header written, in the withdrawn routes
	buildAttrs                         // in the path attributes
	buildNLRI                          // in the NLRI
	buildDone                          // Finish was called
)

var (
	errBuildOrder = errors.New("bgp: UpdateBuilder: section already closed; the wire order is withdrawn routes, path attributes, NLRI")
	errNextHop    = errors.New("bgp: UpdateBuilder: invalid next hop")
)

// NewUpdateBuilder returns a builder that appends an UPDATE message to buf
// for session s: its AS width for AS_PATH and AGGREGATOR, its ADD-PATH
// families for NLRI and its message size limit.
func NewUpdateBuilder(buf []byte, s Session) *UpdateBuilder {
	return &UpdateBuilder{buf: buf, sess: s, start: len(buf)}
}

// Err returns the first error met so far, or nil.
func (b *UpdateBuilder) Err() error { return b.err }

// enter moves the builder forward to section sec, closing the sections it
// passes. It reports false, and sets the sticky error, if sec is behind.
func (b *UpdateBuilder) enter(sec buildSection) bool {
	if b.err != nil {
		return false
	}
	if sec < b.section {
		b.err = errBuildOrder
		return false
	}
	for b.section < sec {
		switch b.section {
		case buildStart:
			b.buf = appendHeader(b.buf, MsgUpdate)
			b.lenOff = len(b.buf)
			b.buf = append(b.buf, 0, 0)
		case buildWithdrawn:
			b.patchLen()
			b.lenOff = len(b.buf)
			b.buf = append(b.buf, 0, 0)
		case buildAttrs:
			b.patchLen()
		case buildNLRI:
			b.buf, b.err = fixLength(b.buf, b.start, b.sess, MsgUpdate)
		}
		b.section++
	}
	return b.err == nil
}

// patchLen writes the length of the section whose length field is at
// lenOff. A section too long for the field makes the message too long for
// any session, which fixLength reports in Finish.
func (b *UpdateBuilder) patchLen() {
	binary.BigEndian.PutUint16(b.buf[b.lenOff:], uint16(len(b.buf)-b.lenOff-2))
}

// fail records err (if it is the first) and drops what the failed call
// wrote after mark.
func (b *UpdateBuilder) fail(mark int, err error) {
	b.buf = b.buf[:mark]
	if b.err == nil {
		b.err = err
	}
}

// route appends r in family f to the current section.
func (b *UpdateBuilder) route(r *Route, f Family) {
	if err := checkRouteEncodable(r, f); err != nil {
		b.fail(len(b.buf), err)
		return
	}
	b.buf = AppendRoute(b.buf, *r, f, b.sess.AddPath(f))
}

// Withdraw appends r to the IPv4 Withdrawn Routes field.
func (b *UpdateBuilder) Withdraw(r Route) {
	if b.enter(buildWithdrawn) {
		b.route(&r, IPv4Unicast)
	}
}

// Announce appends r to the IPv4 NLRI field. The first call closes the
// path attributes.
func (b *UpdateBuilder) Announce(r Route) {
	if b.enter(buildNLRI) {
		b.route(&r, IPv4Unicast)
	}
}

// beginAttr opens an attribute of type t with the registry's flags; it
// returns the attribute's offset, or -1 after an error.
func (b *UpdateBuilder) beginAttr(t AttrType) int {
	if !b.enter(buildAttrs) {
		return -1
	}
	f, _ := t.ExpectedFlags()
	start := len(b.buf)
	b.buf = appendPathAttrHead(b.buf, f, t)
	return start
}

// endAttr closes the attribute opened at start, or records err.
func (b *UpdateBuilder) endAttr(start int, err error) {
	if err != nil {
		b.fail(start, err)
		return
	}
	if b.buf, err = closePathAttr(b.buf, start); err != nil {
		b.fail(start, err)
	}
}

// valueAttr appends an attribute of type t with the value v writes. It
// is generic so that v is not boxed (an AS_PATH or a list would be
// allocated).
func valueAttr[V interface {
	appendAttrValue([]byte, AttrType, Session) ([]byte, error)
}](b *UpdateBuilder, t AttrType, v V) {
	if at := b.beginAttr(t); at >= 0 {
		var err error
		b.buf, err = v.appendAttrValue(b.buf, t, b.sess)
		b.endAttr(at, err)
	}
}

// Origin appends an ORIGIN attribute (RFC 4271 §5.1.1).
func (b *UpdateBuilder) Origin(o Origin) { valueAttr(b, AttrOrigin, o) }

// ASPath appends an AS_PATH attribute (RFC 4271 §5.1.2) with the
// session's AS width.
func (b *UpdateBuilder) ASPath(p ASPath) { valueAttr(b, AttrASPath, p) }

// NextHop appends a NEXT_HOP attribute (RFC 4271 §5.1.3); nh must be IPv4.
func (b *UpdateBuilder) NextHop(nh netip.Addr) {
	if at := b.beginAttr(AttrNextHop); at >= 0 {
		var err error
		b.buf, err = appendAddr4(b.buf, nh)
		b.endAttr(at, err)
	}
}

// uint32Attr appends an attribute whose value is one 4-octet number.
func (b *UpdateBuilder) uint32Attr(t AttrType, v uint32) {
	if at := b.beginAttr(t); at >= 0 {
		b.buf = binary.BigEndian.AppendUint32(b.buf, v)
		b.endAttr(at, nil)
	}
}

// MED appends a MULTI_EXIT_DISC attribute (RFC 4271 §5.1.4).
func (b *UpdateBuilder) MED(v uint32) { b.uint32Attr(AttrMultiExitDisc, v) }

// LocalPref appends a LOCAL_PREF attribute (RFC 4271 §5.1.5).
func (b *UpdateBuilder) LocalPref(v uint32) { b.uint32Attr(AttrLocalPref, v) }

// OTC appends an OTC (Only to Customer) attribute (RFC 9234 §5).
func (b *UpdateBuilder) OTC(as uint32) { b.uint32Attr(AttrOTC, as) }

// AtomicAggregate appends an ATOMIC_AGGREGATE attribute (RFC 4271 §5.1.6).
func (b *UpdateBuilder) AtomicAggregate() {
	if at := b.beginAttr(AttrAtomicAggregate); at >= 0 {
		b.endAttr(at, nil)
	}
}

// Aggregator appends an AGGREGATOR attribute (RFC 4271 §5.1.7) with the
// session's AS width.
func (b *UpdateBuilder) Aggregator(g Aggregator) { valueAttr(b, AttrAggregator, g) }

// Communities appends a COMMUNITIES attribute (RFC 1997); cs must not be
// empty.
func (b *UpdateBuilder) Communities(cs ...Community) {
	if at := b.beginAttr(AttrCommunities); at >= 0 {
		var err error
		b.buf, err = Communities(cs).appendAttrValue(b.buf, AttrCommunities, b.sess)
		b.endAttr(at, err)
	}
}

// ExtCommunities appends an EXTENDED_COMMUNITIES attribute (RFC 4360);
// cs must not be empty.
func (b *UpdateBuilder) ExtCommunities(cs ...ExtCommunity) {
	if at := b.beginAttr(AttrExtCommunities); at >= 0 {
		var err error
		b.buf, err = ExtCommunities(cs).appendAttrValue(b.buf, AttrExtCommunities, b.sess)
		b.endAttr(at, err)
	}
}

// LargeCommunities appends a LARGE_COMMUNITY attribute (RFC 8092); cs
// must not be empty.
func (b *UpdateBuilder) LargeCommunities(cs ...LargeCommunity) {
	if at := b.beginAttr(AttrLargeCommunities); at >= 0 {
		var err error
		b.buf, err = LargeCommunities(cs).appendAttrValue(b.buf, AttrLargeCommunities, b.sess)
		b.endAttr(at, err)
	}
}

// Attr appends any attribute, with its flags as given (see PathAttr).
func (b *UpdateBuilder) Attr(a PathAttr) {
	if !b.enter(buildAttrs) {
		return
	}
	mark := len(b.buf)
	var err error
	if b.buf, err = a.Append(b.buf, b.sess); err != nil {
		b.fail(mark, err)
	}
}

// MPReach appends an MP_REACH_NLRI attribute (RFC 4760 §3) announcing
// routes of family f via nextHop, encoded by AppendMPNextHop (with the
// zero route distinguisher of VPN families). Routes must be of a family
// bgplens decodes (Family.Prefixes); for another family, or a next hop
// with a link-local address, build an MPReach value and use Attr.
func (b *UpdateBuilder) MPReach(f Family, nextHop netip.Addr, routes ...Route) {
	at := b.beginAttr(AttrMPReachNLRI)
	if at < 0 {
		return
	}
	b.buf = binary.BigEndian.AppendUint16(b.buf, uint16(f.AFI))
	b.buf = append(b.buf, byte(f.SAFI), 0)
	nh := len(b.buf)
	b.buf = AppendMPNextHop(b.buf, f, nextHop, netip.Addr{})
	if len(b.buf) == nh {
		b.fail(at, errNextHop)
		return
	}
	b.buf[nh-1] = byte(len(b.buf) - nh)
	b.buf = append(b.buf, 0) // Reserved
	var err error
	b.buf, err = appendRoutes(b.buf, routes, f, b.sess)
	b.endAttr(at, err)
}

// MPUnreach appends an MP_UNREACH_NLRI attribute (RFC 4760 §4)
// withdrawing routes of family f. With no routes it is the End-of-RIB
// marker of f (RFC 4724 §2) when it is the only attribute.
func (b *UpdateBuilder) MPUnreach(f Family, routes ...Route) {
	if at := b.beginAttr(AttrMPUnreachNLRI); at >= 0 {
		var err error
		b.buf, err = MPUnreach{Family: f, Routes: routes}.appendAttrValue(b.buf, AttrMPUnreachNLRI, b.sess)
		b.endAttr(at, err)
	}
}

// Finish closes the open sections, writes the two section lengths and the
// message length, and returns buf with the message appended. On error it
// returns buf as it was given (its length; the bytes past it may have been
// written) and the first error. A builder is finished once.
func (b *UpdateBuilder) Finish() ([]byte, error) {
	if b.enter(buildDone) {
		return b.buf, nil
	}
	return b.buf[:b.start], b.err
}
