package bgp

import (
	"encoding/binary"
	"iter"
)

// Offsets of the UPDATE fields (RFC 4271 §4.3).
const (
	OffWithdrawnRoutesLen = HeaderLen // Withdrawn Routes Length, 2 octets
	offWithdrawnRoutes    = HeaderLen + 2
)

// UpdateView is an UPDATE message located in place (RFC 4271 §4.3): the
// three sections are found and every attribute framed and checked once by
// ParseUpdate; values are decoded only when asked for. It aliases the
// message, so it must not outlive the buffer.
//
// Once the sections are found the view exists even if attributes are
// malformed, as RFC 7606 asks: Verdict says what to do with the routes.
type UpdateView struct {
	msg  []byte
	errs []*Error
	sess Session

	wOff, wLen int // withdrawn routes field
	aOff, aLen int // path attributes field
	nOff       int // NLRI field, to the end of msg; 0 until the sections are located
	aEnd       int // end of the cleanly framed attributes

	reach, unreach mpNLRI // the first MP_REACH_NLRI and MP_UNREACH_NLRI
	v4AddPath      bool   // the IPv4 NLRI fields carry Path Identifiers
	suspect        uint8  // Suspect's answer when UpdateValues.Decode found it: 0 not known, 1 false, 2 true
}

// mpNLRI locates an MP_REACH_NLRI or MP_UNREACH_NLRI attribute and its
// NLRI field, as ParseUpdate framed them, so that the route iterators need
// not frame the attribute again. Offsets fit 16 bits: ParseUpdate cuts
// the message to its length field.
type mpNLRI struct {
	attr    uint16 // offset of the attribute; 0 when there is none
	off, n  uint16 // the NLRI field in the message
	fam     Family
	addPath bool
	ok      bool // the attribute's fixed fields frame: its NLRI field exists
}

// nLen is the length of the NLRI field.
func (u *UpdateView) nLen() int {
	if u.nOff == 0 {
		return 0
	}
	return len(u.msg) - u.nOff
}

// frameMPNLRI locates the NLRI field of a, an MP_REACH_NLRI (reach) or
// MP_UNREACH_NLRI attribute whose Off is relative to the message, where
// parseMPReach and parseMPUnreach find it; ok is false where they return
// no NLRI field.
func frameMPNLRI(a AttrView, reach bool, s Session) mpNLRI {
	v := a.Value
	start := 3
	if reach {
		if len(v) < 5 || len(v) < offMPNextHop+int(v[offMPNextHopLen])+1 {
			return mpNLRI{}
		}
		start = offMPNextHop + int(v[offMPNextHopLen]) + 1
	} else if len(v) < 3 {
		return mpNLRI{}
	}
	m := mpNLRI{off: uint16(a.Off + a.HeaderLen() + start), n: uint16(len(v) - start), ok: true}
	m.fam = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
	m.addPath = s.AddPath(m.fam)
	return m
}

// ParseUpdate locates the sections of the UPDATE message msg (header
// included) and checks every attribute, with the session's AS width and
// ADD-PATH families. It returns an error only when the sections cannot be
// located, which RFC 7606 §4 answers with a session reset; any other
// problem is reported by Verdict and Errors. Offsets are relative to msg.
func ParseUpdate(msg []byte, s Session) (u UpdateView, err error) {
	// Named results: the view is built in its result slot, not copied.
	u.sess = s
	n, ok := updateLen(msg, &s)
	if !ok {
		var h Header
		if h, err = ParseHeader(msg, s); err != nil {
			return u, err
		}
		if h.Type != MsgUpdate {
			return u, newErr(OffType, CodeMessageHeader, SubBadMessageType, SessionReset, "not an UPDATE message")
		}
		n = int(h.Length)
	}
	if len(msg) < n {
		return u, errTrunc(len(msg), "message shorter than its length field")
	}
	msg = msg[:n:n]
	u.msg = msg
	u.wLen = int(binary.BigEndian.Uint16(msg[OffWithdrawnRoutesLen:]))
	u.wOff = offWithdrawnRoutes
	if u.wOff+u.wLen+2 > len(msg) {
		return u, newErr(OffWithdrawnRoutesLen, CodeUpdate, SubMalformedAttributeList, SessionReset, "withdrawn routes length overruns the message")
	}
	u.aLen = int(binary.BigEndian.Uint16(msg[u.wOff+u.wLen:]))
	u.aOff = u.wOff + u.wLen + 2
	if u.aOff+u.aLen > len(msg) {
		return u, newErr(u.aOff-2, CodeUpdate, SubMalformedAttributeList, SessionReset, "total path attribute length overruns the message")
	}
	u.nOff = u.aOff + u.aLen

	// RFC 7606 §5.3: a syntax error in either IPv4 NLRI field is a reset.
	v4 := s.addPathIPv4Unicast()
	u.v4AddPath = v4
	if e := checkRoutes(msg[u.wOff:u.wOff+u.wLen], u.wOff, IPv4Unicast, v4); e != nil {
		u.errs = append(u.errs, e)
	}
	if e := checkRoutes(msg[u.nOff:], u.nOff, IPv4Unicast, v4); e != nil {
		u.errs = append(u.errs, e)
	}
	u.checkAttrs()
	return u, nil
}

// updateLen is ParseHeader's check of an UPDATE's header for the common
// case: all-ones marker, type UPDATE, a length the session allows. It
// returns the length, or false when ParseHeader is to judge the header.
func updateLen(msg []byte, s *Session) (int, bool) {
	if len(msg) < HeaderLen || binary.LittleEndian.Uint64(msg) != ^uint64(0) ||
		binary.LittleEndian.Uint64(msg[8:MarkerLen]) != ^uint64(0) || MessageType(msg[OffType]) != MsgUpdate {
		return 0, false
	}
	n := int(binary.BigEndian.Uint16(msg[OffLength:]))
	limit := MaxMessageLen
	if s.ExtendedMsg {
		limit = MaxExtendedMessageLen
	}
	return n, n >= HeaderLen+4 && n <= limit
}

// checkAttrs frames and checks each attribute and the attribute set
// (RFC 7606 §3 and §4).
func (u *UpdateView) checkAttrs() {
	var seen [256 / 64]uint64
	off, end := u.aOff, u.aOff+u.aLen
	msg := u.msg[:end]
	as4 := u.sess.AS4
	for off < end {
		// frameAttr, inline: flags, type, length, value.
		vs, ve := len(msg)+1, 0
		if off+3 <= len(msg) {
			vs, ve = off+3, off+3+int(msg[off+2])
			if msg[off]&byte(FlagExtendedLength) != 0 {
				vs = len(msg) + 1
				if off+4 <= len(msg) {
					vs = off + 4
					ve = vs + (int(msg[off+2])<<8 | int(msg[off+3]))
				}
			}
		}
		if vs > len(msg) || ve > len(msg) {
			_, err := ParseAttr(u.msg[off:end])
			// RFC 7606 §4: the Total Attribute Length still locates the
			// NLRI, so the attribute list error is treat-as-withdraw.
			e := shift(err, off).(*Error)
			e.Action = TreatAsWithdraw
			e.Data = nil
			if e.Subcode == SubAttributeLengthError && e.Attr != 0 {
				e.Data = u.msg[off:end]
			}
			u.errs = append(u.errs, e)
			break
		}
		flags, typ, at := AttrFlags(msg[off]), AttrType(msg[off+1]), off
		off = ve
		u.aEnd = off
		bit := uint64(1) << (typ % 64)
		if seen[typ/64]&bit != 0 {
			// RFC 7606 §3(g): keep the first; a repeated MP attribute is a reset.
			act := AttributeDiscard
			if typ == AttrMPReachNLRI || typ == AttrMPUnreachNLRI {
				act = SessionReset
			}
			e := newErr(at, CodeUpdate, SubMalformedAttributeList, act, "attribute appears more than once")
			e.Attr = typ
			u.errs = append(u.errs, e)
			continue
		}
		seen[typ/64] |= bit
		// fastAttrOK, inline: the common attributes pass here.
		if fe := &attrFastTable[typ]; flags&fe.mask == fe.want {
			n := ve - vs
			switch fe.kind {
			case fastSize:
				if n == int(fe.size) {
					continue
				}
			case fastOrigin:
				if n == 1 && msg[vs] <= byte(OriginIncomplete) {
					continue
				}
			case fastList4:
				if n != 0 && n&3 == 0 {
					continue
				}
			case fastList8:
				if n != 0 && n&7 == 0 {
					continue
				}
			case fastList12:
				if n != 0 && n%12 == 0 {
					continue
				}
			case fastASPath:
				if checkASPath(msg[vs:ve], as4) == "" {
					continue
				}
			}
		}
		a := AttrView{Flags: flags, Type: typ, Value: msg[vs:ve:ve], Off: at}
		switch typ {
		case AttrMPReachNLRI:
			u.reach = frameMPNLRI(a, true, u.sess)
			u.reach.attr = uint16(at)
		case AttrMPUnreachNLRI:
			u.unreach = frameMPNLRI(a, false, u.sess)
			u.unreach.attr = uint16(at)
		}
		if fastAttrOK(&a, as4) {
			continue
		}
		if e := a.check(u.msg, &u.sess); e != nil {
			u.errs = append(u.errs, e)
		}
	}
	if u.aEnd == 0 {
		u.aEnd = u.aOff
	}
	u.checkMandatory(&seen)
}

// checkMandatory reports the mandatory attributes missing from an UPDATE
// that announces routes (RFC 4271 §6.3, RFC 7606 §3(d)); seen holds the
// types present.
func (u *UpdateView) checkMandatory(seen *[256 / 64]uint64) {
	// NEXT_HOP is only needed for the IPv4 NLRI field; on a
	// BGPsec session BGPsec_PATH takes the place of AS_PATH (RFC 8205 §3).
	nLen := u.nLen()
	need := uint64(1)<<AttrOrigin | uint64(1)<<AttrASPath
	if nLen > 0 {
		need |= uint64(1) << AttrNextHop
	}
	if (nLen > 0 || u.reach.attr != 0) && seen[0]&need != need {
		for _, t := range [...]AttrType{AttrOrigin, AttrASPath, AttrNextHop} {
			if t == AttrNextHop && nLen == 0 {
				continue
			}
			if t == AttrASPath && seen[AttrBGPsecPath/64]&(1<<(AttrBGPsecPath%64)) != 0 {
				continue
			}
			if seen[t/64]&(1<<(t%64)) == 0 {
				e := newErr(u.aOff, CodeUpdate, SubMissingWellKnownAttribute, TreatAsWithdraw, "mandatory attribute missing")
				e.Attr = t
				e.Data = attrCodeData[t : t+1]
				u.errs = append(u.errs, e)
			}
		}
	}
}

// attrCodeData provides the one-octet data field of Missing Well-known
// Attribute errors (RFC 4271 §6.3) without allocating.
var attrCodeData = func() (b [256]byte) {
	for i := range b {
		b[i] = byte(i)
	}
	return
}()

// Message returns the message the view was parsed from, cut to its length.
func (u UpdateView) Message() []byte { return u.msg }

// Session returns the session context the view was parsed with.
func (u UpdateView) Session() Session { return u.sess }

// Verdict returns the strongest problem found, or nil for a well-formed
// UPDATE. Its Action is what RFC 7606 asks the receiver to do.
func (u UpdateView) Verdict() *Error { return worstError(u.errs) }

// worstError returns the error of errs with the strongest action, the
// first of them on ties.
func worstError(errs []*Error) *Error {
	var worst *Error
	for _, e := range errs {
		if worst == nil || e.Action > worst.Action {
			worst = e
		}
	}
	return worst
}

// Errors returns every problem found, in message order.
func (u UpdateView) Errors() []*Error { return u.errs }

// Span is a byte range of a message.
type Span struct{ Off, Len int }

// WithdrawnSpan, AttrsSpan and NLRISpan give the three sections' ranges
// (the length fields not included).
func (u UpdateView) WithdrawnSpan() Span { return Span{u.wOff, u.wLen} }
func (u UpdateView) AttrsSpan() Span     { return Span{u.aOff, u.aLen} }
func (u UpdateView) NLRISpan() Span      { return Span{u.nOff, u.nLen()} }

// Attrs iterates over the attributes that frame cleanly, in order,
// duplicates included.
func (u UpdateView) Attrs() iter.Seq[AttrView] {
	msg, start := u.msg, u.aOff
	if u.aEnd <= len(msg) {
		msg = msg[:u.aEnd]
	}
	return func(yield func(AttrView) bool) {
		// frameAttr, inline: ParseUpdate framed these already.
		for off := start; off+3 <= len(msg); {
			f := AttrFlags(msg[off])
			hl, n := 3, int(msg[off+2])
			if f&FlagExtendedLength != 0 {
				if off+4 > len(msg) {
					return
				}
				hl, n = 4, int(msg[off+2])<<8|int(msg[off+3])
			}
			end := off + hl + n
			if end > len(msg) {
				return
			}
			if !yield(AttrView{Flags: f, Type: AttrType(msg[off+1]), Value: msg[off+hl : end : end], Off: off}) {
				return
			}
			off = end
		}
	}
}

// Attr returns the first attribute of type t.
func (u UpdateView) Attr(t AttrType) (AttrView, bool) {
	for a := range u.Attrs() {
		if a.Type == t {
			return a, true
		}
	}
	return AttrView{}, false
}

// MPReach returns the MP_REACH_NLRI attribute, if present and well framed.
func (u UpdateView) MPReach() (MPReachView, bool) {
	if a, ok := u.mpAttr(u.reach); ok {
		m, err := a.MPReach(u.sess)
		return m, err == nil || m.NLRI != nil
	}
	return MPReachView{}, false
}

// MPUnreach returns the MP_UNREACH_NLRI attribute, if present and well framed.
func (u UpdateView) MPUnreach() (MPUnreachView, bool) {
	if a, ok := u.mpAttr(u.unreach); ok {
		m, err := a.MPUnreach(u.sess)
		return m, err == nil || m.Withdrawn != nil
	}
	return MPUnreachView{}, false
}

// mpAttr gives the MP attribute Parse found as m, at its offset in the
// message; ok is false where there is none.
func (u UpdateView) mpAttr(m mpNLRI) (a AttrView, ok bool) {
	if m.attr == 0 {
		return AttrView{}, false
	}
	a, _ = ParseAttr(u.msg[m.attr:u.aEnd])
	a.Off = int(m.attr)
	return a, true
}

// MPEntries reports whether MP_REACH_NLRI (reach) and MP_UNREACH_NLRI
// (unreach) hold NLRI of a family not decoded into Routes, which
// MPReachView.Entries and MPUnreachView.Entries frame (EVPN, FlowSpec,
// BGP-LS ...), as ParseUpdate located them: a test that costs nothing
// before reading the attributes again.
func (u *UpdateView) MPEntries() (reach, unreach bool) {
	return u.reach.ok && u.reach.n > 0 && !u.reach.fam.Prefixes(),
		u.unreach.ok && u.unreach.n > 0 && !u.unreach.fam.Prefixes()
}

// Withdrawn iterates over the withdrawn routes: the IPv4 Withdrawn Routes
// field, then the MP_UNREACH_NLRI attribute. Each route comes with its
// family. After an error the walk stops.
func (u UpdateView) Withdrawals() iter.Seq2[Family, Route] {
	return func(yield func(Family, Route) bool) {
		if u.wLen == 0 && !u.unreach.ok {
			return // most UPDATEs withdraw nothing
		}
		c := routeCursor{msg: u.msg, pos: u.wOff, end: u.wOff + u.wLen, fam: IPv4Unicast,
			addPath: u.v4AddPath, kind: nlriPrefix, next: u.unreach}
		for c.step() {
			if !yield(c.fam, c.r) {
				return
			}
		}
	}
}

// Announced iterates over the announced routes: the IPv4 NLRI field, then
// the MP_REACH_NLRI attribute. After an error the walk stops; Verdict
// reports it.
func (u UpdateView) Announced() iter.Seq2[Family, Route] {
	return func(yield func(Family, Route) bool) {
		c := routeCursor{msg: u.msg, pos: u.nOff, end: len(u.msg), fam: IPv4Unicast,
			addPath: u.v4AddPath, kind: nlriPrefix, next: u.reach}
		for c.step() {
			if !yield(c.fam, c.r) {
				return
			}
		}
	}
}

// EndOfRIB reports whether the UPDATE is an End-of-RIB marker (RFC 4724
// §2): an empty UPDATE for IPv4 unicast, or one holding only an empty
// MP_UNREACH_NLRI for another family.
func (u UpdateView) EndOfRIB() (Family, bool) {
	if u.wLen == 0 && u.aLen == 0 && u.nLen() == 0 {
		return IPv4Unicast, true
	}
	if u.wLen == 0 && u.nLen() == 0 && int(u.unreach.attr) == u.aOff {
		if m, ok := u.MPUnreach(); ok && len(m.Withdrawn) == 0 && u.aEnd == u.aOff+u.aLen {
			a, _ := ParseAttr(u.msg[u.aOff:u.aEnd])
			if a.Len() == u.aLen {
				return m.Family, true
			}
		}
	}
	return Family{}, false
}
