package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
)

// MPReachView is the value of an MP_REACH_NLRI attribute (RFC 4760 §3),
// framed in place. NextHop and NLRI alias the input.
type MPReachView struct {
	Family   Family
	NextHop  []byte // the Network Address of Next Hop field, as sent
	Reserved byte   // formerly the SNPA count; must be 0 (RFC 4760 §3)
	NLRI     []byte
	NLRIOff  int  // offset of NLRI in the message
	AddPath  bool // whether NLRI carry Path Identifiers in this session
}

// MPUnreachView is the value of an MP_UNREACH_NLRI attribute (RFC 4760 §4).
type MPUnreachView struct {
	Family    Family
	Withdrawn []byte
	NLRIOff   int
	AddPath   bool
}

// Offsets inside the MP_REACH_NLRI and MP_UNREACH_NLRI values.
const (
	offMPAFI        = 0
	offMPSAFI       = 2
	offMPNextHopLen = 3
	offMPNextHop    = 4
)

// parseMPReach frames an MP_REACH_NLRI value v whose first octet is at
// offset off in the message, and checks its NLRI.
func parseMPReach(v []byte, off int, s Session) (MPReachView, error) {
	var m MPReachView
	if len(v) < 5 {
		return m, mpErr(off, SubAttributeLengthError, "MP_REACH_NLRI shorter than its fixed fields")
	}
	m.Family = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
	nhl := int(v[offMPNextHopLen])
	if len(v) < offMPNextHop+nhl+1 {
		return m, mpErr(off+offMPNextHopLen, SubAttributeLengthError, "next hop overruns MP_REACH_NLRI")
	}
	m.NextHop = v[offMPNextHop : offMPNextHop+nhl : offMPNextHop+nhl]
	m.Reserved = v[offMPNextHop+nhl]
	start := offMPNextHop + nhl + 1
	m.NLRI = v[start:len(v):len(v)]
	m.NLRIOff = off + start
	m.AddPath = s.AddPath(m.Family)
	if m.Family.Prefixes() {
		if !validNextHopLen(m.Family, nhl) {
			return m, mpErr(off+offMPNextHopLen, SubOptionalAttributeError, "next hop length does not fit the address family")
		}
		if err := checkRoutes(m.NLRI, m.NLRIOff, m.Family, m.AddPath); err != nil {
			return m, err
		}
	} else if err := checkEntries(m.NLRI, m.NLRIOff, m.Family, m.AddPath); err != nil {
		return m, err
	}
	return m, nil
}

func parseMPUnreach(v []byte, off int, s Session) (MPUnreachView, error) {
	var m MPUnreachView
	if len(v) < 3 {
		return m, mpErr(off, SubAttributeLengthError, "MP_UNREACH_NLRI shorter than its fixed fields")
	}
	m.Family = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
	m.Withdrawn = v[3:len(v):len(v)]
	m.NLRIOff = off + 3
	m.AddPath = s.AddPath(m.Family)
	if m.Family.Prefixes() {
		if err := checkRoutes(m.Withdrawn, m.NLRIOff, m.Family, m.AddPath); err != nil {
			return m, err
		}
	} else if err := checkEntries(m.Withdrawn, m.NLRIOff, m.Family, m.AddPath); err != nil {
		return m, err
	}
	return m, nil
}

// checkEntries checks that the NLRI field b of a family not decoded into
// Routes frames into entries as its registry row says.
func checkEntries(b []byte, off int, f Family, addPath bool) error {
	r := f.codecRow()
	for e, err := range f.Entries(b, off, addPath) {
		if err != nil {
			return err
		}
		if r != nil && r.codec.check != nil {
			if err := r.codec.check(r, e.Value, e.ValueOff); err != nil {
				var why string
				if be, ok := err.(*Error); ok {
					why = be.Reason
				} else {
					why = err.Error()
				}
				return nlriErr(e.Off, f.String()+" NLRI entry does not decode: "+why)
			}
		}
	}
	return nil
}

// Entries iterates over the announced NLRI as entries of the family,
// framed by its registry row (for families decoded into Routes, Routes
// reads them).
func (m MPReachView) Entries() iter.Seq2[NLRI, error] {
	return m.Family.Entries(m.NLRI, m.NLRIOff, m.AddPath)
}

// Entries iterates over the withdrawn NLRI as entries of the family.
func (m MPUnreachView) Entries() iter.Seq2[NLRI, error] {
	return m.Family.Entries(m.Withdrawn, m.NLRIOff, m.AddPath)
}

func mpErr(off int, sub uint8, reason string) *Error {
	return newErr(off, CodeUpdate, sub, SessionReset, reason)
}

// validNextHopLen reports whether a next hop of n octets is one of the
// forms used with f: an address, an IPv6 global plus link-local address
// (RFC 2545 §3), either preceded by an all-zero RD for VPN families
// (RFC 4364 §4.3.2, RFC 4659 §3.2.1), and IPv6 next hops for IPv4 NLRI
// (RFC 8950).
func validNextHopLen(f Family, n int) bool {
	if f.kind() == nlriVPN {
		return n == 12 || n == 24 || n == 48
	}
	return n == 4 || n == 16 || n == 32
}

// NextHops decodes the next hop field: the next hop address, an IPv6
// link-local address when one follows (RFC 2545 §3), and the route
// distinguisher that precedes each address in VPN families. ok is false
// for a form bgplens does not know.
func (m MPReachView) NextHops() (nh, linkLocal netip.Addr, rd RD, ok bool) {
	b := m.NextHop
	if m.Family.kind() == nlriVPN {
		if len(b) < 8 {
			return nh, linkLocal, rd, false
		}
		rd = RD(b[:8])
		b = b[8:]
		if len(b) == 40 { // RD + global + RD + link-local
			linkLocal = netip.AddrFrom16([16]byte(b[24:40]))
			return netip.AddrFrom16([16]byte(b[:16])), linkLocal, rd, true
		}
	}
	switch len(b) {
	case 4:
		return netip.AddrFrom4([4]byte(b)), linkLocal, rd, true
	case 16:
		return netip.AddrFrom16([16]byte(b)), linkLocal, rd, true
	case 32:
		return netip.AddrFrom16([16]byte(b[:16])), netip.AddrFrom16([16]byte(b[16:])), rd, true
	}
	return nh, linkLocal, rd, false
}

// Routes iterates over the announced NLRI. It yields nothing for families
// whose NLRI bgplens keeps raw.
func (m MPReachView) Routes() iter.Seq2[Route, error] {
	return func(yield func(Route, error) bool) {
		if m.Family.Prefixes() {
			walkRoutes(m.NLRI, m.NLRIOff, m.Family, m.AddPath, yield)
		}
	}
}

// Routes iterates over the withdrawn NLRI.
func (m MPUnreachView) Routes() iter.Seq2[Route, error] {
	return func(yield func(Route, error) bool) {
		if m.Family.Prefixes() {
			walkRoutes(m.Withdrawn, m.NLRIOff, m.Family, m.AddPath, yield)
		}
	}
}

// MPReach frames the attribute as MP_REACH_NLRI.
func (a AttrView) MPReach(s Session) (MPReachView, error) {
	if a.Type != AttrMPReachNLRI {
		return MPReachView{}, wrongType(a)
	}
	return parseMPReach(a.Value, a.Off+a.HeaderLen(), s)
}

// MPUnreach frames the attribute as MP_UNREACH_NLRI.
func (a AttrView) MPUnreach(s Session) (MPUnreachView, error) {
	if a.Type != AttrMPUnreachNLRI {
		return MPUnreachView{}, wrongType(a)
	}
	return parseMPUnreach(a.Value, a.Off+a.HeaderLen(), s)
}

func wrongType(a AttrView) *Error {
	e := newErr(a.Off, CodeUpdate, SubMalformedAttributeList, NoAction, "getter called on an attribute of another type")
	e.Attr = a.Type
	return e
}
