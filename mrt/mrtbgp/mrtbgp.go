// Package mrtbgp reads what MRT records carry, BGP messages and path
// attributes, through package bgp: the glue between package mrt (which
// knows MRT layouts and nothing of BGP's) and package bgp (which knows
// BGP's). RIB entries read straight into bgp's path value (RIBPath:
// a view, no UPDATE rebuilt); RIBReader rebuilds the UPDATE for those who
// need a message (replay sends it as BMP Route Monitoring).
//
// It is a package of its own, not a file of mrt, because bgp's tests read
// the real archives through internal/testcorpus, which reads MRT through
// package mrt: mrt importing bgp would make an import cycle there.
package mrtbgp

import (
	"encoding/binary"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
)

// prefixFamilies are the families an RFC 8050 ADD-PATH subtype marks: the
// subtype says every NLRI of the message carries a Path Identifier.
var prefixFamilies = []bgp.Family{
	{AFI: bgp.AFIIPv4, SAFI: 1}, {AFI: bgp.AFIIPv4, SAFI: 2}, {AFI: bgp.AFIIPv4, SAFI: 4}, {AFI: bgp.AFIIPv4, SAFI: 128},
	{AFI: bgp.AFIIPv6, SAFI: 1}, {AFI: bgp.AFIIPv6, SAFI: 2}, {AFI: bgp.AFIIPv6, SAFI: 4}, {AFI: bgp.AFIIPv6, SAFI: 128},
}

// withAddPath returns s with ADD-PATH on or off for every prefix family.
func withAddPath(s bgp.Session, on bool) bgp.Session {
	return sessions[b2i(s.AS4)][b2i(on)].withExtended(s.ExtendedMsg)
}

// sessions holds the four sessions the subtypes imply, by AS4 and
// ADD-PATH, made once: building one costs a call per family.
var sessions = func() (t [2][2]session) {
	for as4 := range 2 {
		for ap := range 2 {
			s := bgp.Session{AS4: as4 == 1}
			for _, f := range prefixFamilies {
				s = s.WithAddPath(f, ap == 1)
			}
			t[as4][ap] = session(s)
		}
	}
	return t
}()

type session bgp.Session

func (s session) withExtended(on bool) bgp.Session {
	t := bgp.Session(s)
	t.ExtendedMsg = on
	return t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Session returns the session a BGP4MP message record implies: 4-octet AS
// numbers for the _AS4 subtypes (and none for the deprecated BGP type),
// ADD-PATH for every family for the _ADDPATH ones (RFC 8050 §3), and
// extended messages when the message is longer than 4096 octets (MRT does
// not record RFC 8654, but only a session that negotiated it sends one).
func Session(v mrt.BGP4MP) bgp.Session {
	s := withAddPath(bgp.Session{AS4: v.AS4}, v.AddPath)
	if !v.Headerless && len(v.Message) >= bgp.HeaderLen && binary.BigEndian.Uint16(v.Message[16:]) > bgp.MaxMessageLen {
		s.ExtendedMsg = true
	}
	if v.Headerless && len(v.Message)+bgp.HeaderLen > bgp.MaxMessageLen {
		s.ExtendedMsg = true
	}
	return s
}

// Message returns the record's whole BGP message: v.Message itself, or,
// for the deprecated BGP type which leaves the header out, the message
// with a header put before it in buf (reused). ok is false when there is
// no message (a state change) or it cannot have a header (over 65535).
func Message(v mrt.BGP4MP, buf []byte) (msg []byte, ok bool) {
	if !v.Headerless {
		return v.Message, v.Message != nil
	}
	n := bgp.HeaderLen + len(v.Message)
	if v.MsgType == 0 || n > 0xffff {
		return nil, false
	}
	buf = append(buf[:0], marker[:]...)
	buf = append(buf, byte(n>>8), byte(n), v.MsgType)
	return append(buf, v.Message...), true
}

// Reading says how an UPDATE was read: the session used, and whether it
// is not the one the record's subtype implies (Fallback) because the
// octets only fit another (Path Identifiers in a non-ADD-PATH subtype
// from writers before RFC 8050, or none in an ADD-PATH one).
type Reading struct {
	Session  bgp.Session
	Fallback bool
}

// DecodeUpdate reads the UPDATE msg into d with s and, when it does not
// read cleanly, with ADD-PATH toggled for every family; the reading that
// is clean is kept (the first one if neither is).
func DecodeUpdate(d *bgp.UpdateValues, msg []byte, s bgp.Session) (Reading, error) {
	err := d.Decode(msg, s)
	if err == nil && d.Verdict() == nil {
		return Reading{Session: s}, nil
	}
	alt := withAddPath(s, !s.AddPath(bgp.IPv4Unicast))
	if e2 := d.Decode(msg, alt); e2 == nil && d.Verdict() == nil {
		return Reading{Session: alt, Fallback: true}, nil
	}
	return Reading{Session: s}, d.Decode(msg, s)
}

// RIBReader reads RIB entries (TABLE_DUMP_V2 and TABLE_DUMP) into
// bgp.UpdateValues, for callers that need the entry as an UPDATE (to send
// it, as replay does; RIBPath reads an entry's path in place). Each entry
// becomes an UPDATE in a buffer the reader reuses: its
// attributes, with the abbreviated MP_REACH_NLRI of RFC 6396 §4.3.4 (the
// next hop alone) restored to RFC 4760's form, and the RIB's prefix as the
// one route, in MP_REACH_NLRI when the entry has one, else in the NLRI
// field (IPv4 unicast) or in an MP_REACH_NLRI without a next hop (which
// bgp then reports). No allocation once warm.
type RIBReader struct {
	V   bgp.UpdateValues
	buf []byte
	nh  []byte
}

// Entry reads entry e of the TABLE_DUMP_V2 RIB rib: 4-octet AS numbers,
// and ADD-PATH for the RIB's family when its entries carry Path
// Identifiers.
func (r *RIBReader) Entry(rib *mrt.RIB, e mrt.RIBEntry) error {
	f := bgp.Family{AFI: bgp.AFI(rib.AFI), SAFI: bgp.SAFI(rib.SAFI)}
	s := bgp.Session{AS4: true}.WithAddPath(f, rib.AddPath)
	return r.read(e.Attrs, rib.NLRI, f, s, rib.AddPath, e.PathID, nil)
}

// BGP4MPEntry reads a BGP4MP ENTRY record's route: 2-octet AS numbers, its
// next hop and prefix in an MP_REACH_NLRI of its family.
func (r *RIBReader) BGP4MPEntry(v *mrt.BGP4MPEntry) error {
	r.nh = append(append(r.nh[:0], byte(len(v.NextHop))), v.NextHop...)
	f := bgp.Family{AFI: bgp.AFI(v.AFI), SAFI: bgp.SAFI(v.SAFI)}
	return r.read(v.Attrs, v.NLRI, f, bgp.Session{}, false, 0, r.nh)
}

// TableDump reads a TABLE_DUMP entry: 2-octet AS numbers, no ADD-PATH.
func (r *RIBReader) TableDump(v *mrt.TableDump) error {
	f := bgp.IPv4Unicast
	if v.Prefix.Addr().Is6() {
		f = bgp.IPv6Unicast
	}
	var nlri [17]byte
	nlri[0] = byte(v.Prefix.Bits())
	n := 1 + (v.Prefix.Bits()+7)/8
	copy(nlri[1:n], v.Prefix.Addr().AsSlice())
	return r.read(v.Attrs, nlri[:n], f, bgp.Session{}, false, 0, nil)
}

// read builds the UPDATE and decodes it. nh, when set, is a Next Hop
// field (length octet first) for an MP_REACH_NLRI to carry the route in
// when the attributes have none.
func (r *RIBReader) read(attrs, nlri []byte, f bgp.Family, s bgp.Session, addPath bool, pathID uint32, nh []byte) error {
	b := append(r.buf[:0], marker[:]...)
	b = append(b, 0, 0, byte(bgp.MsgUpdate), 0, 0, 0, 0) // length, type, no withdrawn routes, attributes' length
	appendNLRI := func(dst []byte) []byte {
		if addPath {
			dst = binary.BigEndian.AppendUint32(dst, pathID)
		}
		return append(dst, nlri...)
	}
	if f == bgp.IPv4Unicast && nh == nil && len(attrs) <= 0xffff {
		// Most entries of a dump: IPv4 without MP_REACH_NLRI, whose
		// attributes go in whole, the route in the NLRI field. Read so
		// first; an MP_REACH_NLRI found means the long way below.
		b = append(b, attrs...)
		binary.BigEndian.PutUint16(b[21:], uint16(len(attrs)))
		b = appendNLRI(b)
		if len(b) <= bgp.MaxMessageLen {
			binary.BigEndian.PutUint16(b[16:], uint16(len(b)))
			r.buf = b
			err := r.V.Decode(b, s)
			if _, mp := r.V.View().Attr(bgp.AttrMPReachNLRI); !mp && !r.V.Has(bgp.AttrMPReachNLRI) {
				return err
			}
		}
		b = b[:bgp.HeaderLen+4]
	}
	// The attributes are copied in runs; only MP_REACH_NLRI is rewritten.
	inMP, copied := false, 0
	for rest := attrs; len(rest) > 0; {
		a, err := bgp.ParseAttr(rest)
		if err != nil {
			break // copied whole below: the UPDATE's reading describes it
		}
		rest = rest[a.Len():]
		if a.Type != bgp.AttrMPReachNLRI {
			continue
		}
		inMP = true
		end := len(attrs) - len(rest)
		b = append(b, attrs[copied:end-a.Len()]...)
		b = appendMPReach(b, a.Flags, f, mpNextHop(a.Value), appendNLRI)
		copied = end
	}
	b = append(b, attrs[copied:]...)
	if !inMP && (f != bgp.IPv4Unicast || nh != nil) {
		if nh == nil {
			nh = []byte{0}
		}
		b = appendMPReach(b, bgp.FlagOptional, f, nh, appendNLRI)
		inMP = true
	}
	binary.BigEndian.PutUint16(b[21:], uint16(len(b)-23))
	if !inMP {
		b = appendNLRI(b)
	}
	if len(b) > 0xffff {
		return errTooLong
	}
	binary.BigEndian.PutUint16(b[16:], uint16(len(b)))
	if len(b) > bgp.MaxMessageLen {
		s.ExtendedMsg = true
	}
	r.buf = b
	return r.V.Decode(b, s)
}

// mpNextHop returns the Next Hop Length and Next Hop of a RIB entry's
// MP_REACH_NLRI: the whole value in the abbreviated form of RFC 6396
// §4.3.4, or, from writers that kept the whole attribute of the UPDATE
// (RIPE RIS in 2010s bviews, OpenBGPD's TABLE_DUMP), the fields after AFI
// and SAFI; the NLRI of such an attribute are the UPDATE's, not the
// entry's, and are left out. A value that fits neither form is kept as
// the next hop field, for bgp to find it malformed.
func mpNextHop(v []byte) []byte {
	if len(v) > 0 && len(v) == 1+int(v[0]) {
		return v
	}
	if len(v) >= 5 && 4+int(v[3]) < len(v) {
		return v[3 : 4+int(v[3])]
	}
	return v
}

// AppendRIBAttrs appends the path attributes of an UPDATE (attrs, the
// Path Attributes field) as a TABLE_DUMP_V2 RIB entry holds them: the
// same attributes in the same order, with MP_REACH_NLRI cut down to its
// Next Hop Length and Next Hop (RFC 6396 §4.3.4), since the RIB record
// says the family and the prefix. It is what RIBReader undoes. An
// attribute that does not frame is an error.
func AppendRIBAttrs(dst, attrs []byte) ([]byte, error) {
	for rest := attrs; len(rest) > 0; {
		a, err := bgp.ParseAttr(rest)
		if err != nil {
			return dst, err
		}
		rest = rest[a.Len():]
		v := a.Value
		if a.Type != bgp.AttrMPReachNLRI || len(v) < 4 || len(v) < 4+int(v[3]) {
			dst = append(dst, attrBytes(attrs, rest, a)...)
			continue
		}
		nh := v[3 : 4+int(v[3])]
		if len(nh) > 0xff {
			return dst, errTooLong
		}
		dst = append(dst, byte(a.Flags&^bgp.FlagExtendedLength), byte(a.Type), byte(len(nh)))
		dst = append(dst, nh...)
	}
	return dst, nil
}

// appendMPReach appends an MP_REACH_NLRI of family f with the next hop
// field nh (length octet included) and the NLRI nlri appends.
func appendMPReach(b []byte, flags bgp.AttrFlags, f bgp.Family, nh []byte, nlri func([]byte) []byte) []byte {
	start := len(b)
	b = append(b, byte(flags|bgp.FlagExtendedLength), byte(bgp.AttrMPReachNLRI), 0, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(f.AFI))
	b = append(b, byte(f.SAFI))
	b = append(b, nh...)
	b = append(b, 0) // Reserved
	b = nlri(b)
	binary.BigEndian.PutUint16(b[start+2:], uint16(len(b)-start-4))
	return b
}

var marker = [bgp.MarkerLen]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// attrBytes returns the octets of attribute a, which ends where rest
// begins in attrs.
func attrBytes(attrs, rest []byte, a bgp.AttrView) []byte {
	end := len(attrs) - len(rest)
	return attrs[end-a.Len() : end]
}

type errString string

func (e errString) Error() string { return string(e) }

const errTooLong = errString("mrtbgp: RIB entry too long for an UPDATE")
