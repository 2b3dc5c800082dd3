package bgp

import (
	"encoding/binary"
	"errors"
	"iter"
	"strconv"
	"strings"
)

// Community is one value of the COMMUNITIES attribute (RFC 1997): by
// convention the high-order 16 bits are an AS number and the low-order 16
// bits a value that AS defines. It is comparable and usable as a map key.
type Community uint32

// Well-known communities (IANA "BGP Well-known Communities").
const (
	CommunityGracefulShutdown        Community = 0xFFFF0000 // GRACEFUL_SHUTDOWN, RFC 8326 §4.1
	CommunityAcceptOwn               Community = 0xFFFF0001 // ACCEPT_OWN, RFC 7611 §2
	CommunityRouteFilterTranslatedV4 Community = 0xFFFF0002 // ROUTE_FILTER_TRANSLATED_v4, draft-l3vpn-legacy-rtc
	CommunityRouteFilterV4           Community = 0xFFFF0003 // ROUTE_FILTER_v4, draft-l3vpn-legacy-rtc
	CommunityRouteFilterTranslatedV6 Community = 0xFFFF0004 // ROUTE_FILTER_TRANSLATED_v6, draft-l3vpn-legacy-rtc
	CommunityRouteFilterV6           Community = 0xFFFF0005 // ROUTE_FILTER_v6, draft-l3vpn-legacy-rtc
	CommunityLLGRStale               Community = 0xFFFF0006 // LLGR_STALE, RFC 9494 §4.1
	CommunityNoLLGR                  Community = 0xFFFF0007 // NO_LLGR, RFC 9494 §4.2
	CommunityAcceptOwnNexthop        Community = 0xFFFF0008 // accept-own-nexthop, draft-agrewal-idr-accept-own-nexthop
	CommunityStandbyPE               Community = 0xFFFF0009 // Standby PE, RFC 9026 §3.1.1
	CommunityBlackhole               Community = 0xFFFF029A // BLACKHOLE, RFC 7999 §5
	CommunityNoExport                Community = 0xFFFFFF01 // NO_EXPORT, RFC 1997
	CommunityNoAdvertise             Community = 0xFFFFFF02 // NO_ADVERTISE, RFC 1997
	CommunityNoExportSubconfed       Community = 0xFFFFFF03 // NO_EXPORT_SUBCONFED, RFC 1997
	CommunityNoPeer                  Community = 0xFFFFFF04 // NOPEER, RFC 3765 §4
)

// wellKnownCommunity is one row of the IANA "BGP Well-known Communities"
// registry.
type wellKnownCommunity struct {
	c    Community
	name string // the registry's spelling, in the upper-case form operators type
	ref  string
}

// wellKnownCommunities is the IANA registry (updated 2024-12-13). The
// registry writes two names in lower case ("accept-own-nexthop",
// "Standby PE"); they are spelled here like the others so that every
// name is a single token that ParseCommunity reads back.
var wellKnownCommunities = [...]wellKnownCommunity{
	{CommunityGracefulShutdown, "GRACEFUL_SHUTDOWN", "RFC 8326"},
	{CommunityAcceptOwn, "ACCEPT_OWN", "RFC 7611"},
	{CommunityRouteFilterTranslatedV4, "ROUTE_FILTER_TRANSLATED_v4", "draft-l3vpn-legacy-rtc-00"},
	{CommunityRouteFilterV4, "ROUTE_FILTER_v4", "draft-l3vpn-legacy-rtc-00"},
	{CommunityRouteFilterTranslatedV6, "ROUTE_FILTER_TRANSLATED_v6", "draft-l3vpn-legacy-rtc-00"},
	{CommunityRouteFilterV6, "ROUTE_FILTER_v6", "draft-l3vpn-legacy-rtc-00"},
	{CommunityLLGRStale, "LLGR_STALE", "RFC 9494"},
	{CommunityNoLLGR, "NO_LLGR", "RFC 9494"},
	{CommunityAcceptOwnNexthop, "ACCEPT_OWN_NEXTHOP", "draft-agrewal-idr-accept-own-nexthop-00"},
	{CommunityStandbyPE, "STANDBY_PE", "RFC 9026"},
	{CommunityBlackhole, "BLACKHOLE", "RFC 7999"},
	{CommunityNoExport, "NO_EXPORT", "RFC 1997"},
	{CommunityNoAdvertise, "NO_ADVERTISE", "RFC 1997"},
	{CommunityNoExportSubconfed, "NO_EXPORT_SUBCONFED", "RFC 1997"},
	{CommunityNoPeer, "NOPEER", "RFC 3765"},
}

// ASN returns the high-order 16 bits, by convention the AS that defines
// the community (RFC 1997).
func (c Community) ASN() uint16 { return uint16(c >> 16) }

// Value returns the low-order 16 bits.
func (c Community) Value() uint16 { return uint16(c) }

// WellKnown returns the IANA name and reference of a well-known community,
// e.g. ("NO_EXPORT", "RFC 1997", true).
func (c Community) WellKnown() (name string, ref string, ok bool) {
	if c>>16 != 0xFFFF {
		return "", "", false
	}
	for i := range wellKnownCommunities {
		if w := &wellKnownCommunities[i]; w.c == c {
			return w.name, w.ref, true
		}
	}
	return "", "", false
}

// String returns the well-known name (e.g. "NO_EXPORT") or the
// "ASN:value" form, e.g. "65000:100".
func (c Community) String() string { return string(c.AppendText(nil)) }

// AppendText appends the String form of c to b.
func (c Community) AppendText(b []byte) []byte {
	if name, _, ok := c.WellKnown(); ok {
		return append(b, name...)
	}
	b = AppendUint(b, uint64(c.ASN()))
	b = append(b, ':')
	return AppendUint(b, uint64(c.Value()))
}

// AppendBinary appends the four octets of c in network byte order.
func (c Community) AppendBinary(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, uint32(c))
}

var errCommunitySyntax = errors.New("bgp: community is not ASN:value or a well-known name")

// ParseCommunity parses "ASN:value" (each 0-65535) or a well-known name
// from the IANA registry such as "NO_EXPORT". Names are matched without
// regard to case, with '-' accepted for '_' ("no-export").
func ParseCommunity(s string) (Community, error) {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		hi, err1 := strconv.ParseUint(s[:i], 10, 16)
		lo, err2 := strconv.ParseUint(s[i+1:], 10, 16)
		if err1 != nil || err2 != nil {
			return 0, errCommunitySyntax
		}
		return Community(hi<<16 | lo), nil
	}
	for i := range wellKnownCommunities {
		if communityNameEqual(s, wellKnownCommunities[i].name) {
			return wellKnownCommunities[i].c, nil
		}
	}
	return 0, errCommunitySyntax
}

// communityNameEqual compares s with a registry name, folding case and
// treating '-' as '_'.
func communityNameEqual(s, name string) bool {
	if len(s) != len(name) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], name[i]
		if a == '-' {
			a = '_'
		}
		if 'a' <= a && a <= 'z' {
			a -= 'a' - 'A'
		}
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// CommunitiesView is the value of a COMMUNITIES attribute in place
// (RFC 1997): a checked, non-empty list of 4-octet communities. It aliases
// the input.
type CommunitiesView struct {
	b   []byte
	off int // offset of the value in the message
}

// Len returns the number of communities.
func (v CommunitiesView) Len() int { return len(v.b) / 4 }

// At returns the i-th community; i must be in [0, Len()).
func (v CommunitiesView) At(i int) Community {
	return Community(binary.BigEndian.Uint32(v.b[4*i:]))
}

// Off returns the offset in the message of the i-th community.
func (v CommunitiesView) Off(i int) int { return v.off + 4*i }

// All iterates over the communities in wire order.
func (v CommunitiesView) All() iter.Seq[Community] {
	return func(yield func(Community) bool) {
		for i := 0; i+4 <= len(v.b); i += 4 {
			if !yield(Community(binary.BigEndian.Uint32(v.b[i:]))) {
				return
			}
		}
	}
}

// Contains reports whether c is in the list.
func (v CommunitiesView) Contains(c Community) bool {
	for i := 0; i+4 <= len(v.b); i += 4 {
		if Community(binary.BigEndian.Uint32(v.b[i:])) == c {
			return true
		}
	}
	return false
}

// Bytes returns the attribute value; it aliases the input.
func (v CommunitiesView) Bytes() []byte { return v.b }
