// Package filter selects routes of MRT archives (or any feed read into
// bgp values) by what users of bgpkit-parser and bgpreader filter on:
// prefix (exact, more or less specific), origin AS, peer address and AS,
// an AS path regular expression, a community, a time range, and
// announcements or withdrawals.
package filter

import (
	"errors"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Match is how a route's prefix is compared with Filter.Prefix.
type Match uint8

// Prefix matches.
const (
	Exact Match = iota // the prefix itself
	More               // the prefix and the prefixes inside it (more specific)
	Less               // the prefix and the prefixes that hold it (less specific)
	Any                // More or Less: everything on the prefix's branch of the tree
)

// Kind selects announcements, withdrawals or both.
type Kind uint8

// Kinds.
const (
	Both Kind = iota
	Announce
	Withdraw
)

// Filter is a conjunction of conditions; a zero field does not filter.
type Filter struct {
	Prefixes []netip.Prefix // any of them, compared as Match says
	Match    Match
	OriginAS []uint32       // the last AS of the path is one of them
	PeerAS   []uint32       // the peer's AS is one of them
	PeerIP   []netip.Addr   // the peer's address is one of them
	ASPath   *regexp.Regexp // matched against the path as text: "64496 64511 {65001,65002}"
	// The route carries one of the communities (ParseCommunity fills
	// them: "AS:VALUE", a well-known name, or "A:B:C" for a large one).
	Communities      []bgp.Community
	LargeCommunities []bgp.LargeCommunity
	Since, Until     time.Time // the record's time is in [Since, Until)
	Kind             Kind
}

// Empty reports whether f filters nothing.
func (f *Filter) Empty() bool {
	return len(f.Prefixes) == 0 && len(f.OriginAS) == 0 && len(f.PeerAS) == 0 && len(f.PeerIP) == 0 &&
		f.ASPath == nil && !f.wantsCommunity() && f.Since.IsZero() && f.Until.IsZero() && f.Kind == Both
}

// RouteConditions reports whether f has a condition on routes (prefix,
// path, kind): records without routes (state changes, OPENs) cannot meet
// it.
func (f *Filter) RouteConditions() bool {
	return len(f.Prefixes) > 0 || len(f.OriginAS) > 0 || f.ASPath != nil || f.wantsCommunity() || f.Kind != Both
}

// Session is what a record says about all its routes: its time and peer.
type Session struct {
	Time   time.Time
	PeerIP netip.Addr
	PeerAS uint32
}

// Record reports whether routes of a record with session s can match at
// all: its time and peer. Callers test it once per record, then Route per
// route.
func (f *Filter) Record(s Session) bool {
	if !f.Since.IsZero() && s.Time.Before(f.Since) || !f.Until.IsZero() && !s.Time.Before(f.Until) {
		return false
	}
	if len(f.PeerAS) > 0 && !slices.Contains(f.PeerAS, s.PeerAS) {
		return false
	}
	if len(f.PeerIP) > 0 && !containsAddr(f.PeerIP, s.PeerIP) {
		return false
	}
	return true
}

// Route reports whether a route with prefix p, announced with the path
// p (unused for a withdrawal), matches the route conditions. asPath is the
// path as text (Filter.ASPath), computed by the caller only when
// f.NeedsPath says so.
func (f *Filter) Route(pfx netip.Prefix, withdraw bool, p *bgp.Path, asPath string) bool {
	if withdraw && f.Kind == Announce || !withdraw && f.Kind == Withdraw {
		return false
	}
	if len(f.Prefixes) > 0 && !f.prefix(pfx) {
		return false
	}
	if withdraw {
		// A withdrawal carries no path: the path conditions cannot hold.
		return len(f.OriginAS) == 0 && f.ASPath == nil && !f.wantsCommunity()
	}
	if len(f.OriginAS) > 0 {
		o, ok := origin(p)
		if !ok || !slices.Contains(f.OriginAS, o) {
			return false
		}
	}
	if f.ASPath != nil && !f.ASPath.MatchString(asPath) {
		return false
	}
	if f.wantsCommunity() && !f.hasCommunity(p) {
		return false
	}
	return true
}

// NeedsPath reports whether Route uses its asPath argument.
func (f *Filter) NeedsPath() bool { return f.ASPath != nil }

func (f *Filter) prefix(p netip.Prefix) bool {
	p = p.Masked()
	for _, q := range f.Prefixes {
		q = q.Masked()
		if p.Addr().Is4() != q.Addr().Is4() {
			continue
		}
		more := p.Bits() >= q.Bits() && q.Contains(p.Addr())
		less := p.Bits() <= q.Bits() && p.Contains(q.Addr())
		switch {
		case p == q,
			f.Match == More && more,
			f.Match == Less && less,
			f.Match == Any && (more || less):
			return true
		}
	}
	return false
}

// origin is the last AS of the path's last segment when it is a sequence
// (an AS_SET at the end has no single origin), with AS4_PATH merged in
// from a 2-octet session (RFC 6793 §4.2.3).
func origin(p *bgp.Path) (uint32, bool) {
	path, ok := p.ASPath()
	if !ok || len(path.Segments) == 0 {
		return 0, false
	}
	s := path.Segments[len(path.Segments)-1]
	if s.Type != bgp.SegmentSequence || len(s.ASNs) == 0 {
		return 0, false
	}
	return s.ASNs[len(s.ASNs)-1], true
}

func (f *Filter) wantsCommunity() bool { return len(f.Communities)+len(f.LargeCommunities) > 0 }

func (f *Filter) hasCommunity(p *bgp.Path) bool {
	if cs, ok := p.Communities(); ok {
		for _, c := range f.Communities {
			if cs.Contains(c) {
				return true
			}
		}
	}
	if cs, ok := p.LargeCommunities(); ok {
		for _, c := range f.LargeCommunities {
			if cs.Contains(c) {
				return true
			}
		}
	}
	return false
}

// ParseCommunity adds a community to match: "AS:VALUE" or a well-known
// name (RFC 1997), or "A:B:C" (RFC 8092).
func (f *Filter) ParseCommunity(s string) error {
	if strings.Count(s, ":") == 2 {
		c, err := bgp.ParseLargeCommunity(s)
		if err != nil {
			return err
		}
		f.LargeCommunities = append(f.LargeCommunities, c)
		return nil
	}
	c, err := bgp.ParseCommunity(s)
	if err != nil {
		return err
	}
	f.Communities = append(f.Communities, c)
	return nil
}

func containsAddr(l []netip.Addr, v netip.Addr) bool {
	for _, x := range l {
		if x == v.Unmap() || x == v {
			return true
		}
	}
	return false
}

// ParseASList reads "64496,64511" (an optional "AS" before each).
func ParseASList(s string) ([]uint32, error) {
	var out []uint32
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimPrefix(strings.TrimSpace(f), "AS")
		v, err := strconv.ParseUint(f, 10, 32)
		if err != nil {
			return nil, errors.New("not an AS number: " + strconv.Quote(f))
		}
		out = append(out, uint32(v))
	}
	return out, nil
}

// ParseMatch reads exact, more, less or any.
func ParseMatch(s string) (Match, error) {
	switch s {
	case "exact":
		return Exact, nil
	case "more":
		return More, nil
	case "less":
		return Less, nil
	case "any":
		return Any, nil
	}
	return 0, errors.New("prefix match is exact, more, less or any, not " + strconv.Quote(s))
}

// ParseTime reads RFC 3339 or Unix seconds.
func ParseTime(s string) (time.Time, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(v, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("time is RFC 3339 (2024-01-15T16:00:00Z) or Unix seconds, not " + strconv.Quote(s))
	}
	return t, nil
}
