package rib

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// pagingDB holds random IPv4 routes (some with ADD-PATH path IDs) in
// three tables, IPv6 routes and VPN routes.
func pagingDB(t *testing.T) *DB {
	r := rand.New(rand.NewPCG(3, 4))
	db := New(Config{HistoryTotal: -1})
	ap := as4.WithAddPath(bgp.IPv4Unicast, true)
	for _, k := range []TableKey{keyA, keyB, keyC} {
		for range 40 {
			var routes []bgp.Route
			for range 5 {
				p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(2)), byte(r.IntN(256)), 0}), 8+r.IntN(17)).Masked()
				routes = append(routes, bgp.Route{Prefix: p, PathID: uint32(r.IntN(3))})
			}
			mustApply(t, db, k, announce4(t, ap, pathAB, nh4, routes...))
		}
	}
	mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8::/32"), rt("2001:db8:1::/48"), rt("2001:db8:1:2::/64"), rt("2001:db8:2::/48"))
	}))
	mustApply(t, db, keyB, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		var rs []bgp.Route
		for i := range 6 {
			x := rt("10." + strconv.Itoa(i%2) + ".0.0/16")
			x.RD, x.Labels[0], x.NumLabels = bgp.RD{0, 0, 0, 1, 0, 0, 0, byte(i)}, bgp.Label(1<<4|1), 1
			rs = append(rs, x)
		}
		b.MPReach(bgp.IPv4VPN, nh4, rs...)
	}))
	return db
}

func matchString(m Match) string {
	return m.Table.Router + " " + m.Table.Peer.Addr.String() + " " + m.Family.String() + " " + m.Route.RD.String() + " " + m.Route.Prefix.String() + "#" + itoa(m.Route.PathID)
}

// allPages pages through a lookup; it fails on a repeated match.
func allPages(t *testing.T, db *DB, q LookupQuery, limit int) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		ms, next, err := db.LookupPage(context.Background(), q, cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > limit || (next != "" && len(ms) != limit) {
			t.Fatalf("page of %d matches (limit %d), next %q", len(ms), limit, next)
		}
		for _, m := range ms {
			s := matchString(m)
			if seen[s] {
				t.Fatalf("%v %v limit %d: %s on two pages", q.Prefix, q.Mode, limit, s)
			}
			seen[s] = true
			out = append(out, s)
		}
		if next == "" {
			return out
		}
		cursor = next
	}
}

// TestLookupPage: paging a lookup at any page size gives exactly the
// matches of Lookup, in every mode, for IPv4 (ADD-PATH), IPv6 and VPN
// routes; one table and one family can be asked for alone.
func TestLookupPage(t *testing.T) {
	db := pagingDB(t)
	for _, q := range []string{"10.0.0.0/8", "10.1.0.0/16", "10.0.7.0/24", "10.1.37.9/32", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1:2::1/128"} {
		for _, mode := range []LookupMode{Exact, LongestMatch, MoreSpecific} {
			all, _ := db.Lookup(pfx(q), mode, 0)
			var want []string
			for _, m := range all {
				want = append(want, matchString(m))
			}
			slices.Sort(want)
			for _, limit := range []int{1, 2, 7, 1000} {
				got := allPages(t, db, LookupQuery{Prefix: pfx(q), Mode: mode}, limit)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("%s %v limit %d: pages hold %d matches, Lookup %d\n%q\n%q", q, mode, limit, len(got), len(want), got, want)
				}
			}
		}
	}
	// One table, one family.
	fam := bgp.IPv4Unicast
	got := allPages(t, db, LookupQuery{Prefix: pfx("10.0.0.0/8"), Mode: MoreSpecific, Table: &keyB, Family: &fam}, 5)
	want := prefixes(db, keyB, bgp.IPv4Unicast)
	if len(got) != len(want) || len(want) == 0 {
		t.Errorf("table B's IPv4 unicast under 10/8: %d matches, the table holds %d", len(got), len(want))
	}
	prefix := keyB.Router + " " + keyB.Peer.Addr.String() + " " + bgp.IPv4Unicast.String() + " "
	for _, s := range got {
		if !strings.HasPrefix(s, prefix) {
			t.Errorf("match %q is not of table B's IPv4 unicast", s)
		}
	}
}

// TestLookupPageChanges: a route held during the whole walk is returned
// exactly once, whatever is announced and withdrawn between pages.
func TestLookupPageChanges(t *testing.T) {
	db := pagingDB(t)
	q := LookupQuery{Prefix: pfx("10.0.0.0/8"), Mode: MoreSpecific}
	before, _ := db.Lookup(q.Prefix, q.Mode, 0)
	r := rand.New(rand.NewPCG(5, 6))
	ap := as4.WithAddPath(bgp.IPv4Unicast, true)
	var changed []bgp.Route
	seen := map[string]int{}
	cursor := ""
	for {
		ms, next, err := db.LookupPage(context.Background(), q, cursor, 9)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			seen[matchString(m)]++
		}
		if next == "" {
			break
		}
		cursor = next
		// Withdraw a route held before and announce a new one.
		x := before[r.IntN(len(before))]
		rr := bgp.Route{Prefix: x.Route.Prefix, PathID: x.Route.PathID}
		if x.Family == bgp.IPv4Unicast {
			mustApply(t, db, x.Table, withdraw4(t, ap, rr))
			changed = append(changed, rr)
		}
		nr := bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(256)), 128}), 25), PathID: 9}
		mustApply(t, db, keyC, announce4(t, ap, pathAB, nh4, nr))
	}
	for _, m := range before {
		gone := m.Family == bgp.IPv4Unicast && slices.ContainsFunc(changed, func(c bgp.Route) bool { return c.Prefix == m.Route.Prefix && c.PathID == m.Route.PathID })
		if n := seen[matchString(m)]; !gone && n != 1 {
			t.Errorf("%s held throughout, returned %d times", matchString(m), n)
		}
	}
	for s, n := range seen {
		if n > 1 {
			t.Errorf("%s returned %d times", s, n)
		}
	}
}

// TestLookupPageBadCursor: a cursor LookupPage did not make, or a cut
// one, is refused with ErrBadCursor, never a panic.
func TestLookupPageBadCursor(t *testing.T) {
	db := pagingDB(t)
	q := LookupQuery{Prefix: pfx("10.0.0.0/8"), Mode: MoreSpecific}
	_, next, err := db.LookupPage(context.Background(), q, "", 3)
	if err != nil || next == "" {
		t.Fatalf("first page: next %q, %v", next, err)
	}
	bad := []string{"x", "!!!", "AA", "Ag"}
	for i := 1; i < len(next); i++ {
		bad = append(bad, next[:i])
	}
	for _, c := range bad {
		if _, _, err := db.LookupPage(context.Background(), q, c, 3); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", c, err)
		}
	}
}

// FuzzLookupCursor: any cursor is read or refused, never a panic.
func FuzzLookupCursor(f *testing.F) {
	f.Add("")
	f.Add("AQ")
	c := pageCursor{table: keyA, fam: bgp.IPv4Unicast}
	f.Add(c.String())
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		if err != nil {
			return
		}
		// A cursor read back writes the same fields.
		if d, err := parseCursor(c.String()); err != nil || d != c {
			t.Fatalf("%q: read %+v, again %+v %v", s, c, d, err)
		}
	})
}

// BenchmarkLookupPage: a page of 100 routes under 0.0.0.0/0 in one table
// of 200,000 costs the same at the start of the table and deep in it
// (the walk starts at the cursor).
func BenchmarkLookupPage(b *testing.B) {
	db := New(Config{HistoryTotal: -1})
	const n = 200000
	for lo := 0; lo < n; lo += 900 {
		var rs []bgp.Route
		for i := lo; i < min(lo+900, n); i++ {
			rs = append(rs, bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{20 + byte(i>>16), byte(i >> 8), byte(i), 0}), 24)})
		}
		mustApply(b, db, keyA, announce4(b, as4, pathAB, nh4, rs...))
	}
	q := LookupQuery{Prefix: pfx("0.0.0.0/0"), Mode: MoreSpecific, Table: &keyA}
	ctx := context.Background()
	// The cursor of the page at 3/4 of the table.
	deep := ""
	for range 3 * n / 4 / 1000 {
		_, deep, _ = db.LookupPage(ctx, q, deep, 1000)
	}
	for _, c := range []struct{ name, cursor string }{{"first", ""}, {"deep", deep}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				ms, _, err := db.LookupPage(ctx, q, c.cursor, 100)
				if err != nil || len(ms) != 100 {
					b.Fatal(len(ms), err)
				}
			}
		})
	}
}
