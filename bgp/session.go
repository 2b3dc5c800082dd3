package bgp

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

// maxAddPath bounds the number of families a Session can mark as carrying
// ADD-PATH identifiers. A fixed array keeps Session comparable and free
// of allocations; no real session negotiates ADD-PATH for more families.
const maxAddPath = 12

// Session is what one direction of a BGP session negotiated, as far as it
// changes how messages are read: 4-octet AS numbers (RFC 6793), extended
// messages (RFC 8654) and ADD-PATH per address family (RFC 7911).
//
// Session is small and comparable: store it per peer, pass it by value and
// compare it in tests. The zero value means 2-octet AS, 4096-octet
// messages and no ADD-PATH, which is what a session without capabilities
// uses.
type Session struct {
	AS4         bool // AS numbers in AS_PATH and AGGREGATOR are 4 octets
	ExtendedMsg bool // UPDATE, NOTIFICATION and ROUTE-REFRESH may be up to 65535 octets

	addPath  [maxAddPath]Family
	nAddPath uint8
}

// AddPath reports whether NLRI of family f carry a Path Identifier.
func (s Session) AddPath(f Family) bool {
	for i := 0; i < int(s.nAddPath); i++ {
		if s.addPath[i] == f {
			return true
		}
	}
	return false
}

// WithAddPath returns a copy of s in which NLRI of family f carry (on) or
// do not carry (off) a Path Identifier. Families beyond the fixed capacity
// are ignored.
func (s Session) WithAddPath(f Family, on bool) Session {
	for i := 0; i < int(s.nAddPath); i++ {
		if s.addPath[i] == f {
			if on {
				return s
			}
			copy(s.addPath[i:], s.addPath[i+1:s.nAddPath])
			s.nAddPath--
			s.addPath[s.nAddPath] = Family{}
			return s
		}
	}
	if on && int(s.nAddPath) < maxAddPath {
		// Keep the set sorted so that equal sets compare equal with ==.
		i := int(s.nAddPath)
		for i > 0 && familyLess(f, s.addPath[i-1]) {
			s.addPath[i] = s.addPath[i-1]
			i--
		}
		s.addPath[i] = f
		s.nAddPath++
	}
	return s
}

// AddPathFamilies returns the families whose NLRI carry Path Identifiers.
func (s Session) AddPathFamilies() []Family {
	return append([]Family(nil), s.addPath[:s.nAddPath]...)
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
