package routerlab

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/bgplens/bgplens/bmp"
)

// Expectation is what an exporter's BMP should make a collector hold in one
// table (a monitored peer and RIB), worked out from the router's own CLI
// with the exporter's known ways applied (see FRRExpected and
// MonitorExpected).
type Expectation struct {
	PeerType bmp.PeerType
	Peer     netip.Addr // the per-peer header's address (0.0.0.0 for FRR's own routes and Loc-RIB)
	RIB      bmp.RIB
	Paths    []Path
	// Collapsed says the exporter sends this table without ADD-PATH Path
	// Identifiers although the router holds several paths for some
	// prefixes: a collector can keep only one of them, whichever came last.
	Collapsed bool
	// Optional are prefixes the exporter may or may not report: when the
	// collector holds none of their paths that is no difference; when it
	// does, they must agree.
	Optional map[netip.Prefix]bool
	// Note explains how the expectation departs from the CLI.
	Note string
}

// Key gives the table's bmp.PeerKey.
func (e Expectation) Key() bmp.PeerKey {
	return bmp.PeerKey{Type: e.PeerType, Address: e.Peer, RIB: e.RIB}
}

// String names the table.
func (e Expectation) String() string { return e.Key().String() }

// FRRExpected gives FRR's tables as its BMP shows them, from vtysh:
//   - for each neighbour, pre-policy = received-routes (the Adj-RIB-In kept
//     by soft-reconfiguration) and post-policy = the neighbour's routes in
//     the BGP table, with post-policy MED and communities from the detailed
//     view;
//   - FRR 8.4 encodes Route Monitoring as if it sent the route to that
//     neighbour: for an eBGP neighbour its own AS is prepended to the AS
//     path, in both policies;
//   - FRR's own routes (network statements) come from peer 0.0.0.0,
//     post-policy only.
//
// FRR 8.4 reads a queued pre-policy update back from its table
// (bmp_wrqueue): a route its inbound policy rejected is reported as a
// pre-policy route only if the table holds a path for the prefix from
// some neighbour at that moment, and as a pre-policy withdrawal otherwise
// (the lookup skips table entries without paths, where the Adj-RIB-In
// entry hangs). The table dump sent when BMP connects follows the same
// rule. In the lab the monitor gives FRR a path for every prefix FRR
// rejects from the source, and FRR's BMP is connected once FRR is
// converged (Lab.RestartFRR too), so after start the pre-policy table is
// the whole Adj-RIB-In; when routes arrive while BMP is up, whether a
// rejected one is reported depends on the order of events (see
// RejectedOptional).
func (l *Lab) FRRExpected(ctx context.Context) ([]Expectation, error) {
	f := l.FRR
	type nbr struct {
		addr netip.Addr
		ebgp bool
	}
	nbrs := []nbr{{l.Source.Addr, true}}
	if l.Monitor != nil {
		nbrs = append(nbrs, nbr{l.Monitor.Addr, MonitorAS != FRRAS})
	}
	var out []Expectation
	var postPrefixes []netip.Prefix
	for _, n := range nbrs {
		pre := Expectation{Peer: n.addr, RIB: bmp.RIBInPre}
		post := Expectation{Peer: n.addr, RIB: bmp.RIBInPost}
		for _, af := range []AFI{IPv4, IPv6} {
			ps, err := f.ReceivedRoutes(ctx, n.addr, af)
			if err != nil {
				return nil, err
			}
			pre.Paths = append(pre.Paths, ps...)
			ps, err = f.Routes(ctx, n.addr, af)
			if err != nil {
				return nil, err
			}
			post.Paths = append(post.Paths, ps...)
		}
		if n.ebgp {
			for _, e := range []*Expectation{&pre, &post} {
				e.Note = fmt.Sprintf("AS %d prepended (FRR encodes as if sending to the eBGP peer)", f.AS)
				for i := range e.Paths {
					e.Paths[i].ASPath = prependText(f.AS, e.Paths[i].ASPath)
				}
			}
		}
		for _, p := range post.Paths {
			postPrefixes = append(postPrefixes, p.Prefix)
		}
		out = append(out, pre, post)
	}
	own := Expectation{Peer: netip.IPv4Unspecified(), RIB: bmp.RIBInPost, Note: "FRR's own routes: peer 0.0.0.0, post-policy only"}
	for _, af := range []AFI{IPv4, IPv6} {
		ps, err := f.LocalRoutes(ctx, af)
		if err != nil {
			return nil, err
		}
		own.Paths = append(own.Paths, ps...)
	}
	for _, p := range own.Paths {
		postPrefixes = append(postPrefixes, p.Prefix)
	}
	out = append(out, own)

	// Post-policy attributes from the detailed view.
	detail, err := f.Detail(ctx, uniquePrefixes(postPrefixes))
	if err != nil {
		return nil, err
	}
	for i := range out {
		e := &out[i]
		if e.RIB != bmp.RIBInPost {
			continue
		}
		from := e.Peer
		if from.IsUnspecified() {
			from = netip.Addr{}
		}
		byPrefix := map[netip.Prefix]Path{}
		for _, d := range detail[from] {
			byPrefix[d.Prefix] = d
		}
		for j := range e.Paths {
			d, ok := byPrefix[e.Paths[j].Prefix]
			if !ok {
				continue
			}
			p := &e.Paths[j]
			p.HasAttrs, p.MED, p.Communities, p.LargeCommunities = true, d.MED, d.Communities, d.LargeCommunities
		}
	}
	return out, nil
}

// prependText puts as in front of an AS path in ASPath.String form.
func prependText(as uint32, path string) string {
	if path == "" || strings.HasPrefix(path, "{") {
		return strings.TrimSpace(fmt.Sprintf("%d %s", as, path))
	}
	return fmt.Sprintf("%d %s", as, path)
}

func uniquePrefixes(ps []netip.Prefix) []netip.Prefix {
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return slices.Compact(ps)
}

// MonitorExpected gives the monitor's (gobgpd's) tables as its BMP shows
// them, from the gobgp CLI:
//   - for each neighbour, pre-policy and post-policy = adj-in (the monitor
//     has no import policy); pre-policy carries ADD-PATH Path Identifiers
//     (the raw UPDATE as received), post-policy does not, so a prefix
//     with several paths collapses to one (Collapsed);
//   - Loc-RIB (peer type 3, address 0.0.0.0) = the best paths, without the
//     monitor's own routes, which gobgpd 3.10 never reports there.
func (l *Lab) MonitorExpected(ctx context.Context) ([]Expectation, error) {
	m := l.Monitor
	if m == nil {
		return nil, nil
	}
	var out []Expectation
	for _, n := range m.neighbors {
		pre := Expectation{Peer: n.addr, RIB: bmp.RIBInPre}
		post := Expectation{Peer: n.addr, RIB: bmp.RIBInPost, Collapsed: true,
			Note: "post-policy without Path Identifiers: one path per prefix"}
		for _, af := range []AFI{IPv4, IPv6} {
			ps, err := m.AdjIn(ctx, n.addr, af)
			if err != nil {
				return nil, err
			}
			pre.Paths = append(pre.Paths, ps...)
			post.Paths = append(post.Paths, ps...)
		}
		out = append(out, pre, post)
	}
	loc := Expectation{PeerType: bmp.PeerLocRIB, Peer: netip.IPv4Unspecified(), RIB: bmp.RIBLoc,
		Note: "best paths, without the monitor's own routes"}
	for _, af := range []AFI{IPv4, IPv6} {
		ps, err := m.RIB(ctx, af)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Best && p.From.IsValid() {
				loc.Paths = append(loc.Paths, p)
			}
		}
	}
	return append(out, loc), nil
}

// Compare checks the paths a collector holds for one table against the
// expectation and returns the differences, one per line (none when they
// agree). Paths are matched per prefix on next hop and AS path (Path
// Identifiers are not compared: the CLIs do not show gobgp's); MED and the
// communities are compared too when both sides have them. Every prefix
// must have as many paths as expected, except in a Collapsed table, where
// it must have one of them.
func Compare(e Expectation, got []Path) []string {
	want := map[netip.Prefix][]Path{}
	for _, p := range e.Paths {
		want[p.Prefix] = append(want[p.Prefix], p)
	}
	have := map[netip.Prefix][]Path{}
	for _, p := range got {
		have[p.Prefix] = append(have[p.Prefix], p)
	}
	var diffs []string
	for _, pfx := range uniquePrefixes(append(slices.Collect(maps.Keys(want)), slices.Collect(maps.Keys(have))...)) {
		w, h := want[pfx], have[pfx]
		switch {
		case len(w) == 0:
			for _, p := range h {
				diffs = append(diffs, fmt.Sprintf("%v: unexpected %v", e, p))
			}
			continue
		case len(h) == 0 && e.Optional[pfx]:
			continue
		case len(h) == 0:
			for _, p := range w {
				diffs = append(diffs, fmt.Sprintf("%v: missing %v", e, p))
			}
			continue
		case e.Collapsed && len(w) > 1:
			if len(h) != 1 || !slices.ContainsFunc(w, func(p Path) bool { return samePath(p, h[0]) }) {
				diffs = append(diffs, fmt.Sprintf("%v: %s: have %v, want one of %v", e, pfx, h, w))
			}
			continue
		}
		left := slices.Clone(w)
		var extra []Path
		for _, p := range h {
			if i := slices.IndexFunc(left, func(q Path) bool { return samePath(q, p) }); i >= 0 {
				left = slices.Delete(left, i, i+1)
			} else {
				extra = append(extra, p)
			}
		}
		if len(left) > 0 || len(extra) > 0 {
			diffs = append(diffs, fmt.Sprintf("%v: %s: have %v, want %v", e, pfx, h, w))
		}
	}
	return diffs
}

// samePath compares the fields Compare looks at.
func samePath(a, b Path) bool {
	if a.NextHop != b.NextHop || a.ASPath != b.ASPath {
		return false
	}
	if !a.HasAttrs || !b.HasAttrs {
		return true
	}
	return eqPtr(a.MED, b.MED) && slices.Equal(a.Communities, b.Communities) && slices.Equal(a.LargeCommunities, b.LargeCommunities)
}

func eqPtr(a, b *uint32) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// RejectedOptional marks, in FRR's pre-policy tables, the prefixes FRR's
// inbound policy rejects as Optional: reported or not depending on the
// order of events when they arrive while BMP is up (see FRRExpected).
func RejectedOptional(e *Expectation) {
	if e.RIB != bmp.RIBInPre {
		return
	}
	for _, p := range e.Paths {
		if FRRRejects(p.Prefix) {
			if e.Optional == nil {
				e.Optional = map[netip.Prefix]bool{}
			}
			e.Optional[p.Prefix] = true
		}
	}
}
