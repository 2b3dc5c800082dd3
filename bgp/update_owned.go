package bgp

import (
	"encoding/binary"
	"iter"
)

// Update is an owned UPDATE message (RFC 4271 §4.3). It shares no memory
// with the message it was decoded from.
//
// Withdrawn and NLRI are the IPv4 unicast Withdrawn Routes and Network
// Layer Reachability Information fields. Attrs holds the path attributes in
// wire order, MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760) included, and
// duplicates included; Announced and Withdrawals walk the routes of both
// places.
//
// For every message x that ParseUpdate can locate the sections of,
// well formed or not, Append(DecodeUpdate(x)) == x: octets that cannot be
// read are kept in Unparsed.
type Update struct {
	Withdrawn []Route
	Attrs     []PathAttr
	NLRI      []Route

	// Unparsed keeps, per section, the octets after the last entry that
	// could be read: the rest of a route field after a malformed route, the
	// rest of the path attributes after one that overruns them (RFC 7606
	// §4). They are empty for a well-formed message; Append writes them
	// back at the end of their section.
	Unparsed UpdateTail
}

// UpdateTail holds the unreadable ends of an UPDATE's three sections.
type UpdateTail struct {
	Withdrawn, Attrs, NLRI []byte
}

// DecodeUpdate decodes the UPDATE message msg (header included) with the
// session's AS width and ADD-PATH families. It is ParseUpdate followed by
// UpdateView.Decode; see there for what the error means.
func DecodeUpdate(msg []byte, s Session) (Update, error) {
	v, err := ParseUpdate(msg, s)
	if err != nil {
		return Update{}, err
	}
	return v.Decode()
}

// Decode returns an owned copy of the UPDATE.
//
// The error is Verdict(): nil for a well-formed message, else the
// strongest problem found, a *Error whose Action is what RFC 7606 asks the
// receiver to do. Whatever the Action, the Update holds everything that
// could be read: an attribute that is malformed (or repeated, RFC 7606
// §3(g)) is kept as a RawAttr with its flags, and the routes are kept, so
// that a caller can treat them as withdrawn (TreatAsWithdraw), drop the
// attribute (AttributeDiscard) and so on. A route field that is itself
// malformed (a SessionReset) is kept up to the bad entry. Callers must
// therefore look at the error before using the routes:
//
//	u, err := DecodeUpdate(msg, s)
//	var e *bgp.Error
//	if errors.As(err, &e) && e.Action >= bgp.TreatAsWithdraw { ... }
//
// A zero UpdateView, which ParseUpdate never returns without an error,
// decodes to a zero Update and an error.
func (u UpdateView) Decode() (Update, error) {
	if u.msg == nil {
		return Update{}, errTrunc(0, "UpdateView holds no message")
	}
	var out Update
	v4 := u.sess.addPathIPv4Unicast()
	out.Withdrawn, out.Unparsed.Withdrawn = ownedRoutes(u.msg[u.wOff:u.wOff+u.wLen], u.wOff, IPv4Unicast, v4)
	n := 0
	for range u.Attrs() {
		n++
	}
	if n > 0 {
		out.Attrs = make([]PathAttr, 0, n)
		for a := range u.Attrs() {
			out.Attrs = append(out.Attrs, u.ownedAttr(a))
		}
	}
	if u.aEnd < u.aOff+u.aLen {
		out.Unparsed.Attrs = ownedBytes(u.msg[u.aEnd : u.aOff+u.aLen])
	}
	out.NLRI, out.Unparsed.NLRI = ownedRoutes(u.msg[u.nOff:], u.nOff, IPv4Unicast, v4)
	if v := u.Verdict(); v != nil {
		return out, v
	}
	return out, nil
}

// ownedAttr decodes one framed attribute, or keeps it raw when the walk
// found it at fault or its type is one bgplens does not decode.
func (u UpdateView) ownedAttr(a AttrView) PathAttr {
	p := PathAttr{Flags: a.Flags, Type: a.Type}
	if !u.attrFaulty(a) {
		if v, ok := decodeAttrValue(a, u.sess); ok {
			p.Value = v
			return p
		}
	}
	p.Value = RawAttr(ownedBytes(a.Value))
	return p
}

// attrFaulty reports whether ParseUpdate recorded a problem inside a.
func (u UpdateView) attrFaulty(a AttrView) bool {
	for _, e := range u.errs {
		if e.Attr == a.Type && e.Off >= a.Off && e.Off < a.Off+a.Len() && e.Subcode != SubMissingWellKnownAttribute {
			return true
		}
	}
	return false
}

// ownedRoutes collects the routes of an NLRI field up to the first bad
// entry, and a copy of the octets from that entry on. The slice is sized by
// a first walk over the field itself.
func ownedRoutes(b []byte, off int, f Family, addPath bool) ([]Route, []byte) {
	n, end := 0, off
	walkRoutes(b, off, f, addPath, func(r Route, err error) bool {
		if err == nil {
			n++
		}
		return err == nil
	})
	var out []Route
	if n > 0 {
		out = make([]Route, 0, n)
	}
	kind := f.kind()
	for rest := b; len(rest) > 0; {
		r, used, err := parseRoute(rest, end, f, addPath, kind)
		if err != nil {
			return out, ownedBytes(rest)
		}
		out = append(out, r)
		rest, end = rest[used:], end+used
	}
	return out, nil
}

// Type returns MsgUpdate.
func (u Update) Type() MessageType { return MsgUpdate }

// Append appends the whole UPDATE message, header included, as RFC 4271
// §4.3 lays it out: the withdrawn routes and the NLRI with the session's
// ADD-PATH setting for IPv4 unicast, the attributes in order with the
// session's AS width (see PathAttr for how flags are written). A message
// longer than s.MaxMessageLen() is an error (split it with SplitUpdate), as
// is a value that cannot be written (a 4-octet ASN in a 2-octet AS_PATH, a
// route of the wrong family...). On error dst is returned unchanged.
func (u Update) Append(dst []byte, s Session) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, MsgUpdate)
	dst, err := u.appendBody(dst, s)
	if err != nil {
		return dst[:start], err
	}
	return fixLength(dst, start, s, MsgUpdate)
}

// appendBody appends the three sections with their length fields. A
// section over 65535 octets makes the message too long, which fixLength
// reports, so the truncated length written here never reaches a caller.
func (u Update) appendBody(dst []byte, s Session) ([]byte, error) {
	lenOff := len(dst)
	dst = append(dst, 0, 0)
	dst, err := appendRoutes(dst, u.Withdrawn, IPv4Unicast, s)
	if err != nil {
		return dst, err
	}
	dst = append(dst, u.Unparsed.Withdrawn...)
	binary.BigEndian.PutUint16(dst[lenOff:], uint16(len(dst)-lenOff-2))
	lenOff = len(dst)
	dst = append(dst, 0, 0)
	for _, a := range u.Attrs {
		if dst, err = a.Append(dst, s); err != nil {
			return dst, err
		}
	}
	dst = append(dst, u.Unparsed.Attrs...)
	binary.BigEndian.PutUint16(dst[lenOff:], uint16(len(dst)-lenOff-2))
	if dst, err = appendRoutes(dst, u.NLRI, IPv4Unicast, s); err != nil {
		return dst, err
	}
	return append(dst, u.Unparsed.NLRI...), nil
}

// Attr returns the first attribute of type t.
func (u Update) Attr(t AttrType) (PathAttr, bool) {
	for _, a := range u.Attrs {
		if a.Type == t {
			return a, true
		}
	}
	return PathAttr{}, false
}

// firstValue returns the value of the first attribute of type t, if it
// decoded to a V.
func firstValue[V AttrValue](u Update, t AttrType) (V, bool) {
	a, _ := u.Attr(t)
	v, ok := a.Value.(V)
	return v, ok
}

// mpReach returns the value of the first MP_REACH_NLRI, if it decoded.
func (u Update) mpReach() (MPReach, bool) { return firstValue[MPReach](u, AttrMPReachNLRI) }

// familyRoutes iterates over IPv4 unicast routes, then the routes of an
// MP attribute of family f: the two places an UPDATE lists its routes.
func familyRoutes(ipv4 []Route, f Family, mp []Route) iter.Seq2[Family, Route] {
	return func(yield func(Family, Route) bool) {
		for _, r := range ipv4 {
			if !yield(IPv4Unicast, r) {
				return
			}
		}
		for _, r := range mp {
			if !yield(f, r) {
				return
			}
		}
	}
}

// Announced iterates over the announced routes with their family: the
// IPv4 NLRI field, then the first MP_REACH_NLRI attribute (RFC 4760 §3),
// as UpdateView.Announced does. NLRI kept raw are not yielded.
func (u Update) Announced() iter.Seq2[Family, Route] {
	m, _ := u.mpReach()
	return familyRoutes(u.NLRI, m.Family, m.Routes)
}

// Withdrawals iterates over the withdrawn routes with their family: the
// IPv4 Withdrawn Routes field, then the first MP_UNREACH_NLRI attribute
// (RFC 4760 §4), as UpdateView.Withdrawn does.
func (u Update) Withdrawals() iter.Seq2[Family, Route] {
	m, _ := firstValue[MPUnreach](u, AttrMPUnreachNLRI)
	return familyRoutes(u.Withdrawn, m.Family, m.Routes)
}

// appendRoutes appends routes of family f with the session's ADD-PATH
// setting, after checking that each can be written.
func appendRoutes(dst []byte, routes []Route, f Family, s Session) ([]byte, error) {
	if len(routes) == 0 {
		return dst, nil
	}
	if !f.Prefixes() {
		return dst, errOpaqueRoutes
	}
	addPath := s.AddPath(f)
	for i := range routes {
		if err := checkRouteEncodable(&routes[i], f); err != nil {
			return dst, err
		}
		dst = AppendRoute(dst, routes[i], f, addPath)
	}
	return dst, nil
}

// checkRouteEncodable reports whether r can be written in family f so
// that it reads back the same: a valid prefix of the family's width, and
// for labeled and VPN families a label stack of 1 to MaxLabels entries in
// which only the last ends the stack (bottom-of-stack bit, or the withdraw
// label of RFC 8277 §2.4, or 0), within the 255-bit length field.
func checkRouteEncodable(r *Route, f Family) error {
	p := r.Prefix
	if !p.IsValid() || f.addrLen() == 4 && !p.Addr().Is4() || f.addrLen() == 16 && !p.Addr().Is6() {
		return errRouteFamily
	}
	bits := p.Bits()
	switch f.kind() {
	case nlriOpaque:
		return errOpaqueRoutes
	case nlriLabeled, nlriVPN:
		n := int(r.NumLabels)
		if n == 0 || n > MaxLabels {
			return errRouteFamily
		}
		for i, l := range r.Labels[:n] {
			ends := l.BottomOfStack() || l == labelWithdraw || l == 0
			if ends != (i == n-1) || l > 0xffffff {
				return errRouteFamily
			}
		}
		bits += 24 * n
		if f.kind() == nlriVPN {
			bits += 64
		}
	}
	if bits > 255 {
		return errRouteFamily
	}
	return nil
}
