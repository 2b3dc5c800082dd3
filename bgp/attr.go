package bgp

import (
	"encoding/binary"
	"iter"
	"strconv"
	"strings"
)

// AttrFlags is the flags octet of a path attribute (RFC 4271 §4.3).
type AttrFlags uint8

// Attribute flag bits.
const (
	FlagOptional       AttrFlags = 0x80
	FlagTransitive     AttrFlags = 0x40
	FlagPartial        AttrFlags = 0x20
	FlagExtendedLength AttrFlags = 0x10
	flagUnused         AttrFlags = 0x0f
)

func (f AttrFlags) Optional() bool       { return f&FlagOptional != 0 }
func (f AttrFlags) Transitive() bool     { return f&FlagTransitive != 0 }
func (f AttrFlags) Partial() bool        { return f&FlagPartial != 0 }
func (f AttrFlags) ExtendedLength() bool { return f&FlagExtendedLength != 0 }

// String lists the set bits, e.g. "optional|transitive|partial".
func (f AttrFlags) String() string {
	var parts []string
	if f.Optional() {
		parts = append(parts, "optional")
	} else {
		parts = append(parts, "well-known")
	}
	if f.Transitive() {
		parts = append(parts, "transitive")
	}
	if f.Partial() {
		parts = append(parts, "partial")
	}
	if f.ExtendedLength() {
		parts = append(parts, "extended-length")
	}
	if f&flagUnused != 0 {
		parts = append(parts, "unused-bits")
	}
	return strings.Join(parts, "|")
}

// AttrView is one path attribute as it stands in a message. Value aliases
// the input, capped so that append cannot write into the caller's buffer.
// Off is the offset of the flags octet relative to the slice that was
// parsed (for attributes found by ParseUpdate: the start of the message).
type AttrView struct {
	Flags AttrFlags
	Type  AttrType
	Value []byte
	Off   int
}

// HeaderLen is the length of the attribute's flags, type and length
// fields: 3, or 4 with the Extended Length bit.
func (a AttrView) HeaderLen() int {
	if a.Flags.ExtendedLength() {
		return 4
	}
	return 3
}

// Len is the attribute's total length on the wire.
func (a AttrView) Len() int { return a.HeaderLen() + len(a.Value) }

// ParseAttr frames the path attribute at the start of b (flags, type code,
// length, value; RFC 4271 §4.3) without looking at the value. Errors are
// Attribute Length Errors or, when b ends inside the attribute header,
// Malformed Attribute List, with offsets relative to b. Check validates the
// value.
func ParseAttr(b []byte) (AttrView, error) {
	if a, ok := frameAttr(b); ok {
		return a, nil
	}
	if len(b) < 3 {
		return AttrView{}, newErr(0, CodeUpdate, SubMalformedAttributeList, TreatAsWithdraw, "attribute header truncated")
	}
	a := AttrView{Flags: AttrFlags(b[0]), Type: AttrType(b[1])}
	hl, n := 3, int(b[2])
	if a.Flags.ExtendedLength() {
		if len(b) < 4 {
			return a, newErr(0, CodeUpdate, SubMalformedAttributeList, TreatAsWithdraw, "attribute header truncated")
		}
		hl, n = 4, int(binary.BigEndian.Uint16(b[2:]))
	}
	if len(b)-hl < n {
		e := newErr(0, CodeUpdate, SubAttributeLengthError, TreatAsWithdraw, "attribute length overruns the path attributes")
		e.Attr = a.Type
		e.Data = b
		return a, e
	}
	a.Value = b[hl : hl+n : hl+n]
	return a, nil
}

// frameAttr is ParseAttr for an attribute that frames: ok is false where
// ParseAttr would return an error.
func frameAttr(b []byte) (a AttrView, ok bool) {
	if len(b) < 3 {
		return a, false
	}
	a.Flags, a.Type = AttrFlags(b[0]), AttrType(b[1])
	hl, n := 3, int(b[2])
	if a.Flags&FlagExtendedLength != 0 {
		if len(b) < 4 {
			return a, false
		}
		hl, n = 4, int(binary.BigEndian.Uint16(b[2:]))
	}
	if len(b)-hl < n {
		return a, false
	}
	a.Value = b[hl : hl+n : hl+n]
	return a, true
}

// raw returns the attribute's bytes (flags through value) given the
// buffer its offset refers to.
func (a AttrView) raw(msg []byte) []byte {
	return msg[a.Off : a.Off+a.Len() : a.Off+a.Len()]
}

// Check validates the attribute's flags and value against its
// specification, with the session's AS width where it matters. It returns
// nil for a well-formed attribute or an unknown optional one. The error's
// offset is relative to the same slice as a.Off; its Data is the
// attribute as RFC 4271 §6.3 asks, which needs msg, the slice a.Off refers
// to.
func (a AttrView) Check(msg []byte, s Session) *Error { return a.check(msg, &s) }

// checkFail builds Check's error for a.
func (a *AttrView) checkFail(msg []byte, sub uint8, reason string) *Error {
	e := newErr(a.Off, CodeUpdate, sub, a.Type.ErrorAction(), reason)
	e.Attr = a.Type
	if sub != SubMalformedASPath && a.Off >= 0 && a.Off+a.Len() <= len(msg) {
		e.Data = a.raw(msg)
	}
	return e
}

// check is Check without copying the view and the session.
func (a *AttrView) check(msg []byte, s *Session) *Error {
	row := &attrTable[a.Type]
	fail := func(sub uint8, reason string) *Error { return mpAction(a.checkFail(msg, sub, reason), a, s) }
	if row.name == "" || a.Type == 255 {
		// Unrecognized. A well-known one is an error (RFC 4271 §6.3); an
		// optional one is accepted and passed on (marked partial if transitive).
		if !a.Flags.Optional() {
			e := fail(SubUnrecognizedWellKnownAttribute, "unrecognized well-known attribute")
			e.Action = SessionReset
			return e
		}
		return nil
	}
	// RFC 4271 §6.3 / RFC 7606 §3(c): Optional and Transitive must match the
	// registry; Partial only on optional transitive attributes.
	if a.Flags&(FlagOptional|FlagTransitive) != row.flags ||
		a.Flags.Partial() && row.flags != optTrans {
		return fail(SubAttributeFlagsError, "attribute flags conflict with the attribute type")
	}
	if sub, why := a.problem(s.AS4); why != "" {
		return fail(sub, why)
	}
	switch a.Type {
	case AttrMPReachNLRI:
		if _, err := parseMPReach(a.Value, a.Off+a.HeaderLen(), *s); err != nil {
			e := err.(*Error)
			e.Attr = a.Type
			return mpAction(e, a, s)
		}
	case AttrMPUnreachNLRI:
		if _, err := parseMPUnreach(a.Value, a.Off+a.HeaderLen(), *s); err != nil {
			e := err.(*Error)
			e.Attr = a.Type
			return mpAction(e, a, s)
		}
	}
	return nil
}

// mpAction sets the action of e, an error of a, to AFI/SAFI disable when
// a is an MP_REACH_NLRI or MP_UNREACH_NLRI whose AFI and SAFI can be read
// and the session asks for it (Session.AFISAFIDisable).
func mpAction(e *Error, a *AttrView, s *Session) *Error {
	if s.AFISAFIDisable && e.Action == SessionReset && len(a.Value) >= offMPSAFI+1 &&
		(a.Type == AttrMPReachNLRI || a.Type == AttrMPUnreachNLRI) {
		e.Action = AFISAFIDisable
	}
	return e
}

// attrFast is the part of Check that the attributes of nearly every
// UPDATE need, as a table the validation walk reads without calling
// Check: the flags must match want under mask (Optional and Transitive as
// the registry says; Partial too, unless the attribute is optional
// transitive), then the value passes the kind's test. An attribute that
// fails goes to Check, which finds and describes the fault.
type attrFast struct {
	mask, want AttrFlags
	kind       uint8
	size       uint8 // fastSize: the exact length
}

// Kinds of attrFast tests.
const (
	fastNone   uint8 = iota // no fast path: Check decides
	fastSize                // the value has exactly size octets
	fastOrigin              // one octet, IGP, EGP or INCOMPLETE
	fastList4               // a non-empty multiple of 4 octets
	fastList8               // a non-empty multiple of 8 octets
	fastList12              // a non-empty multiple of 12 octets
	fastASPath              // checkASPath with the session's AS width
)

var attrFastTable = func() (t [256]attrFast) {
	for typ, kind := range map[AttrType]uint8{
		AttrOrigin: fastOrigin, AttrASPath: fastASPath, AttrNextHop: fastSize,
		AttrMultiExitDisc: fastSize, AttrLocalPref: fastSize, AttrAtomicAggregate: fastSize,
		AttrCommunities: fastList4, AttrOriginatorID: fastSize, AttrClusterList: fastList4,
		AttrExtCommunities: fastList8, AttrLargeCommunities: fastList12, AttrOTC: fastSize,
	} {
		f := flagTest(&attrTable[typ])
		f.kind, f.size = kind, uint8(attrTable[typ].size)
		t[typ] = f
	}
	return t
}()

// flagTest is Check's flag rule for a registry row as a mask and the bits
// wanted under it: Optional and Transitive as the registry says, Partial
// only on optional transitive types (RFC 4271 §6.3, RFC 7606 §3(c)).
func flagTest(row *attrInfo) attrFast {
	f := attrFast{mask: FlagOptional | FlagTransitive | FlagPartial, want: row.flags}
	if row.flags == optTrans {
		f.mask &^= FlagPartial
	}
	return f
}

// fastAttrOK reports whether a passes the table's test, in which case
// Check(msg, s) returns nil for any s with the given AS width; false says
// nothing.
func fastAttrOK(a *AttrView, as4 bool) bool {
	f := &attrFastTable[a.Type]
	if a.Flags&f.mask != f.want {
		return false
	}
	v := a.Value
	switch f.kind {
	case fastSize:
		return len(v) == int(f.size)
	case fastOrigin:
		return len(v) == 1 && v[0] <= byte(OriginIncomplete)
	case fastList4:
		return len(v) != 0 && len(v)&3 == 0
	case fastList8:
		return len(v) != 0 && len(v)&7 == 0
	case fastList12:
		return len(v) != 0 && len(v)%12 == 0
	case fastASPath:
		return checkASPath(v, as4) == ""
	}
	return false
}

// checkASPath returns "" if v is a well-formed AS_PATH with ASNs of the
// given width (RFC 4271 §4.3, RFC 7606 §7.2), else the reason.
func checkASPath(v []byte, as4 bool) string {
	w := 2
	if as4 {
		w = 4
	}
	for len(v) > 0 {
		if len(v) < 2 {
			return "AS_PATH segment header truncated"
		}
		t, n := SegmentType(v[0]), int(v[1])
		if t < SegmentSet || t > SegmentConfedSet {
			return "unknown AS_PATH segment type"
		}
		if n == 0 {
			return "AS_PATH segment of zero length"
		}
		if len(v)-2 < n*w {
			return "AS_PATH segment overruns the attribute"
		}
		asns := v[2 : 2+n*w]
		if as4 {
			// Two ASNs per load.
			for ; len(asns) >= 8; asns = asns[8:] {
				if x := binary.BigEndian.Uint64(asns); x>>32 == 0 || uint32(x) == 0 {
					return "AS_PATH holds AS 0, which RFC 7607 §2 forbids"
				}
			}
			if len(asns) >= 4 && binary.BigEndian.Uint32(asns) == 0 {
				return "AS_PATH holds AS 0, which RFC 7607 §2 forbids"
			}
		} else {
			for ; len(asns) >= 2; asns = asns[2:] {
				if binary.BigEndian.Uint16(asns) == 0 {
					return "AS_PATH holds AS 0, which RFC 7607 §2 forbids"
				}
			}
		}
		v = v[2+n*w:]
	}
	return ""
}

// checkTLVs checks that v is a sequence of TLVs with a tl-octet type and a
// ll-octet length that counts the whole TLV (as AIGP does, RFC 7311 §3).
func checkTLVs(v []byte, tl, ll int) string {
	for len(v) > 0 {
		if len(v) < tl+ll {
			return "TLV header truncated"
		}
		n := int(binary.BigEndian.Uint16(v[tl:]))
		if n < tl+ll || n > len(v) {
			return "TLV length out of range"
		}
		v = v[n:]
	}
	return ""
}

// checkAIGP checks an AIGP value: TLVs whose 2-octet length counts the
// whole TLV, and the AIGP metric TLV exactly 11 octets (RFC 7311 §3).
func checkAIGP(v []byte) string {
	if msg := checkTLVs(v, 1, 2); msg != "" {
		return msg
	}
	for t := v; len(t) >= 3; t = t[binary.BigEndian.Uint16(t[1:]):] {
		if t[0] == AIGPTypeMetric && binary.BigEndian.Uint16(t[1:]) != 11 {
			return "AIGP metric TLV is not 11 octets long"
		}
	}
	return ""
}

// appendJoined appends what write makes of each element of seq, with sep
// between two: the lists of the text and JSON forms. write takes the
// element first, as a method expression (T.appendText) does.
func appendJoined[T any](dst []byte, seq iter.Seq[T], sep string, write func(t T, dst []byte) []byte) []byte {
	first := true
	for t := range seq {
		if !first {
			dst = append(dst, sep...)
		}
		first = false
		dst = write(t, dst)
	}
	return dst
}

// appendTLVHead opens the JSON object of a TLV: {"type":N,"name":"…" (the
// TLV lists of BGP_PREFIX_SID, TUNNEL_ENCAPSULATION and BGP-LS).
func appendTLVHead(dst []byte, typ uint64, name string) []byte {
	dst = strconv.AppendUint(append(dst, `{"type":`...), typ, 10)
	return appendJSONString(append(dst, `,"name":`...), name)
}

// appendQuotedText appends the JSON member key with v's text as a string;
// the texts it is used for need no escaping. Generic, so that v is not
// boxed.
func appendQuotedText[T interface{ AppendText([]byte) []byte }](dst []byte, key string, v T) []byte {
	return append(v.AppendText(append(appendKey(dst, key), '"')), '"')
}
