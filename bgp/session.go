package bgp

import "slices"

// Direction names one direction of a BGP session, seen from the local
// speaker.
type Direction uint8

const (
	// Receive is the direction from the peer to the local speaker:
	// messages the local speaker reads.
	Receive Direction = iota
	// Send is the direction from the local speaker to the peer.
	Send
)

func (d Direction) String() string {
	if d == Send {
		return "send"
	}
	return "receive"
}

// maxAddPathOther bounds the number of families outside addPathBit's
// list that a Session can mark as carrying ADD-PATH identifiers. A fixed
// array keeps Session comparable and free of allocations; no real session
// negotiates ADD-PATH for a family bgplens does not know, let alone more
// than four.
const maxAddPathOther = 4

// Session is what one direction of a BGP session negotiated, as far as it
// changes how messages are read: 4-octet AS numbers (RFC 6793), extended
// messages (RFC 8654) and ADD-PATH per address family (RFC 7911).
//
// Session is small (24 octets) and comparable: store it per peer, pass it
// by value and compare it in tests. The zero value means 2-octet AS,
// 4096-octet messages and no ADD-PATH, which is what a session without
// capabilities uses.
type Session struct {
	AS4         bool // AS numbers in AS_PATH and AGGREGATOR are 4 octets
	ExtendedMsg bool // UPDATE, NOTIFICATION and ROUTE-REFRESH may be up to 65535 octets

	// AFISAFIDisable is what the receiver does with a malformed
	// MP_REACH_NLRI or MP_UNREACH_NLRI: false resets the session, true
	// disables the attribute's address family instead (RFC 4760 §7, RFC
	// 7606 §7.11, §7.12 allow either; the family must be readable to disable it,
	// so an attribute too short for its AFI and SAFI still resets). The
	// verdict's Action says which.
	AFISAFIDisable bool

	nOther  uint8
	addPath uint32                  // ADD-PATH families, a bit each (addPathBit)
	other   [maxAddPathOther]Family // ADD-PATH families without a bit, sorted
}

// addPathSAFIs numbers the SAFIs that, with AFI IPv4 or IPv6, have a bit
// of Session.addPath: bit 2*(n-1) for IPv4, the next one for IPv6.
var addPathSAFIs = [256]uint8{
	SAFIUnicast: 1, SAFIMulticast: 2, SAFILabeled: 3, SAFIMCASTVPN: 4, SAFISRTE: 5, SAFIMUP: 6,
	SAFIMPLSVPN: 7, SAFIMCASTMPLSVPN: 8, SAFIRouteTarget: 9, SAFIFlowSpec: 10, SAFIFlowSpecVPN: 11,
}

// addPathBit returns the bit of Session.addPath that stands for f, or 0
// for a family kept in Session.other.
func addPathBit(f Family) uint32 {
	if f.AFI == AFIIPv4 || f.AFI == AFIIPv6 {
		if n := addPathSAFIs[f.SAFI]; n != 0 {
			return 1 << (2*(uint32(n)-1) + uint32(f.AFI-AFIIPv4))
		}
		return 0
	}
	switch f {
	case Family{AFIL2VPN, SAFIVPLS}:
		return 1 << 28
	case Family{AFIL2VPN, SAFIEVPN}:
		return 1 << 29
	case Family{AFIBGPLS, SAFIBGPLS}:
		return 1 << 30
	case Family{AFIBGPLS, SAFIBGPLSVPN}:
		return 1 << 31
	}
	return 0
}

// AddPath reports whether NLRI of family f carry a Path Identifier.
func (s Session) AddPath(f Family) bool { return s.addPathOf(f) }

// addPathOf is AddPath through a pointer, so that the hot callers do not
// copy the Session (it does not inline: see addPathMP).
func (s *Session) addPathOf(f Family) bool {
	// IPv4 and IPv6 unicast, nearly every route read: their bits are 0
	// and 1 (addPathBit), tested without the general lookup.
	if a := f.AFI - AFIIPv4; a < 2 && f.SAFI == SAFIUnicast {
		return s.addPath>>a&1 != 0
	}
	return s.addPathOther(f)
}

// addPathDiffers reports whether s and o disagree on ADD-PATH for f: for
// IPv4 and IPv6 unicast one bit test of the two sets together.
func (s *Session) addPathDiffers(o *Session, f Family) bool {
	if a := f.AFI - AFIIPv4; a < 2 && f.SAFI == SAFIUnicast {
		return (s.addPath^o.addPath)>>a&1 != 0
	}
	return s.addPathOther(f) != o.addPathOther(f)
}

// addPathIPv4Unicast is AddPath(IPv4Unicast) for the UPDATE's own NLRI
// fields, read on every message: IPv4Unicast is a variable, so a call
// with it cannot be folded to this bit test (addPathBit(IPv4Unicast)).
func (s Session) addPathIPv4Unicast() bool { return s.addPath&1 != 0 }

// addPathMP is addPathOf for the family f of an MP attribute: IPv6
// unicast, nearly all of them, is tested with no call (addPathOf does not
// inline).
func (s *Session) addPathMP(f Family) bool {
	if f == IPv6Unicast {
		return s.addPath&2 != 0
	}
	return s.addPathOf(f)
}

// addPathOther is AddPath for the families other than IPv4 and IPv6
// unicast.
func (s *Session) addPathOther(f Family) bool {
	if b := addPathBit(f); b != 0 {
		return s.addPath&b != 0
	}
	for i := 0; i < int(s.nOther) && i < maxAddPathOther; i++ {
		if s.other[i] == f {
			return true
		}
	}
	return false
}

// WithAddPath returns a copy of s in which NLRI of family f carry (on) or
// do not carry (off) a Path Identifier. Beyond four families that bgplens
// does not know, further ones are ignored.
func (s Session) WithAddPath(f Family, on bool) Session {
	if b := addPathBit(f); b != 0 {
		if on {
			s.addPath |= b
		} else {
			s.addPath &^= b
		}
		return s
	}
	n := int(s.nOther)
	for i := 0; i < n; i++ {
		if s.other[i] == f {
			if on {
				return s
			}
			copy(s.other[i:], s.other[i+1:n])
			s.nOther--
			s.other[s.nOther] = Family{}
			return s
		}
	}
	if on && n < maxAddPathOther {
		// Keep the set sorted so that equal sets compare equal with ==.
		i := n
		for i > 0 && familyLess(f, s.other[i-1]) {
			s.other[i] = s.other[i-1]
			i--
		}
		s.other[i] = f
		s.nOther++
	}
	return s
}

// AddPathFamilies returns the families whose NLRI carry Path Identifiers,
// sorted by AFI and SAFI; nil if there are none.
func (s Session) AddPathFamilies() []Family {
	var out []Family
	for _, afi := range [...]AFI{AFIIPv4, AFIIPv6, AFIL2VPN, AFIBGPLS} {
		for safi := 0; safi < 256; safi++ {
			if f := (Family{afi, SAFI(safi)}); addPathBit(f)&s.addPath != 0 {
				out = append(out, f)
			}
		}
	}
	out = append(out, s.other[:s.nOther]...)
	slices.SortFunc(out, func(a, b Family) int {
		if familyLess(a, b) {
			return -1
		}
		if familyLess(b, a) {
			return 1
		}
		return 0
	})
	return out
}

// MaxMessageLen is the largest message the session allows (RFC 8654 §3).
// OPEN and KEEPALIVE stay limited to 4096 octets whatever was negotiated.
func (s Session) MaxMessageLen() int {
	if s.ExtendedMsg {
		return MaxExtendedMessageLen
	}
	return MaxMessageLen
}

func familyLess(a, b Family) bool {
	return a.AFI < b.AFI || a.AFI == b.AFI && a.SAFI < b.SAFI
}
