package rib

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// TestInterning: the same attribute set from two peers of two routers is
// stored once; it is freed when the last route using it goes.
func TestInterning(t *testing.T) {
	db := New(Config{})
	u := announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.0.0/16"))
	mustApply(t, db, keyA, u)
	mustApply(t, db, keyB, u)
	mustApply(t, db, keyC, u)
	if st := db.Stats(); st.Sets != 1 || st.Routes != 6 || st.Tables != 3 || st.Routers != 2 {
		t.Fatalf("stats %+v; want 1 set, 6 routes, 3 tables, 2 routers", st)
	}
	pa, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 1)
	pc, _ := db.Routes(keyC, bgp.IPv4Unicast, "", 1)
	if &pa[0].Attrs.Bytes()[0] != &pc[0].Attrs.Bytes()[0] {
		t.Error("the two tables hold two copies of the set")
	}
	// The same octets read with a 2-octet AS width are another set.
	mustApply(t, db, keyB, announce4(t, bgp.Session{}, pathAB, nh4, rt("10.9.0.0/16")))
	if st := db.Stats(); st.Sets != 2 {
		t.Fatalf("%d sets; a 2-octet session's set must be apart", st.Sets)
	}
	checkInvariants(t, db)
	if n := db.ClearPeer(keyA.Router, keyA.Peer); n != 2 {
		t.Fatalf("ClearPeer removed %d, want 2", n)
	}
	if st := db.Stats(); st.Sets != 2 || st.Routes != 5 {
		t.Fatalf("after ClearPeer: %+v", st)
	}
	// Replacing a route's attributes frees the old set when unused.
	mustApply(t, db, keyB, announce4(t, as4, pathXYZ, nh4, rt("10.9.0.0/16")))
	if st := db.Stats(); st.Sets != 2 {
		t.Fatalf("after replacement: %d sets, want 2", st.Sets)
	}
	checkInvariants(t, db)
	if n := db.ClearRouter(keyB.Router); n != 3 {
		t.Fatalf("ClearRouter removed %d, want 3", n)
	}
	if n := db.ClearTable(keyC); n != 2 {
		t.Fatalf("ClearTable removed %d, want 2", n)
	}
	if st := db.Stats(); st.Sets != 0 || st.Routes != 0 || st.Tables != 0 || st.Routers != 0 || st.SetBytes != 0 {
		t.Fatalf("empty DB: %+v", st)
	}
	// The Attrs copied out earlier stay valid.
	if p, ok := pathOf(pa[0].Attrs).ASPath(); !ok || p.String() != "65001 65002" {
		t.Errorf("Attrs after the set was freed: %v %v", p, ok)
	}
	checkInvariants(t, db)
}

// TestArenaCompaction churns many distinct sets so that shards compact,
// and checks that live sets keep their octets.
func TestArenaCompaction(t *testing.T) {
	db := New(Config{HistoryTotal: -1})
	r := rand.New(rand.NewPCG(3, 4))
	const n = 4000
	comm := func(i int) bgp.UpdateView {
		return build(t, as4, func(b *bgp.UpdateBuilder) {
			b.Origin(bgp.OriginIGP)
			b.ASPath(pathAB)
			b.NextHop(nh4)
			cs := make([]bgp.Community, 40) // large sets fill chunks fast
			for j := range cs {
				cs[j] = bgp.Community(uint32(i)<<8 | uint32(j))
			}
			b.Communities(cs...)
			b.Announce(bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)})
		})
	}
	for round := range 4 {
		for i := range n {
			mustApply(t, db, keyA, comm(r.IntN(1<<20)+round*(1<<20)+i*0))
		}
	}
	// Every route's set must still say which community block it carries.
	page, next := db.Routes(keyA, bgp.IPv4Unicast, "", 0)
	seen := 0
	for {
		for _, rt := range page {
			c, ok := pathOf(rt.Attrs).Communities()
			if !ok || c.Len() != 40 {
				t.Fatalf("%v: communities %v", rt.Prefix, ok)
			}
			for j := range 40 {
				if c.At(j)&0xff != bgp.Community(j) || c.At(j)>>8 != c.At(0)>>8 {
					t.Fatalf("%v: community %d = %v; the set's octets were damaged", rt.Prefix, j, c.At(j))
				}
			}
			seen++
		}
		if next == "" {
			break
		}
		page, next = db.Routes(keyA, bgp.IPv4Unicast, next, 0)
	}
	st := db.Stats()
	if seen != st.Routes || st.Sets > st.Routes {
		t.Fatalf("seen %d routes, stats %+v", seen, st)
	}
	if st.ArenaBytes > 4*st.SetBytes+numShards*2*maxChunk {
		t.Errorf("arena %d octets for %d live: compaction does not keep up", st.ArenaBytes, st.SetBytes)
	}
	checkInvariants(t, db)
}

// TestStale: a router marked stale keeps its routes until they are
// announced again, End-of-RIB of their family arrives, or the sweep after
// the deadline.
func TestStale(t *testing.T) {
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.0.0/16"), rt("10.2.0.0/16")))
	mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8::/32"))
	}))
	mustApply(t, db, keyB, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	mustApply(t, db, keyC, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	deadline := t0.Add(time.Minute)
	db.MarkStale(keyA.Router, deadline)
	page, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 0)
	for _, r := range page {
		if !r.Stale {
			t.Fatalf("%v not stale", r.Prefix)
		}
	}
	// The router comes back: 10.1.0.0/16 is announced again, then
	// End-of-RIB for IPv4 removes the IPv4 routes still stale.
	mustApply(t, db, keyA, announce4(t, as4, pathXYZ, nh4, rt("10.1.0.0/16")))
	page, _ = db.Routes(keyA, bgp.IPv4Unicast, "", 0)
	if page[1].Prefix != pfx("10.1.0.0/16") || page[1].Stale || !page[0].Stale {
		t.Fatalf("after re-announcement: %+v", page)
	}
	checkInvariants(t, db)
	mustApply(t, db, keyA, parse(t, unhex(t, "ffffffffffffffffffffffffffffffff 0017 02 0000 0000"), as4))
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, []string{"10.1.0.0/16"}) {
		t.Fatalf("after End-of-RIB: %v", got)
	}
	checkInvariants(t, db)
	// Not yet past the deadline: nothing is swept.
	if n := db.SweepStale(deadline); n != 0 {
		t.Fatalf("swept %d before the deadline", n)
	}
	// Past it: the IPv6 route of keyA and the route of keyB go; keyB's
	// table, now empty, goes too. The other router is untouched.
	if n := db.SweepStale(deadline.Add(time.Second)); n != 2 {
		t.Fatalf("swept %d, want 2", n)
	}
	ti := db.Tables("")
	if len(ti) != 2 || ti[0].Key != keyA || ti[0].Routes != 1 || ti[0].Stale || ti[1].Key != keyC {
		t.Fatalf("tables after sweep: %+v", ti)
	}
	if n := db.SweepStale(deadline.Add(time.Hour)); n != 0 {
		t.Fatalf("second sweep removed %d", n)
	}
	checkInvariants(t, db)
}

// TestPaging walks a table page by page while routes are added and
// removed between pages: every route held throughout is returned once,
// in order.
func TestPaging(t *testing.T) {
	s := as4.WithAddPath(bgp.IPv4Unicast, true)
	for _, tc := range []struct {
		name string
		fam  bgp.Family
		mk   func(r *rand.Rand) bgp.Route
	}{
		{"ipv4", bgp.IPv4Unicast, func(r *rand.Rand) bgp.Route {
			return bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(4)), 0}), 8+r.IntN(17)).Masked(), PathID: uint32(r.IntN(3))}
		}},
		{"ipv6", bgp.IPv6Unicast, func(r *rand.Rand) bgp.Route {
			a := [16]byte{0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(256)), byte(r.IntN(256))}
			return bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom16(a), 32+r.IntN(17)).Masked()}
		}},
		{"vpn", bgp.IPv4VPN, func(r *rand.Rand) bgp.Route {
			rr := bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0}), 24)}
			rr.RD[7] = byte(r.IntN(3))
			rr.Labels[0], rr.NumLabels = bgp.Label(100<<4|1), 1
			return rr
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := New(Config{HistoryTotal: -1})
			r := rand.New(rand.NewPCG(5, 6))
			apply := func(routes []bgp.Route, withdraw bool) {
				u := build(t, s, func(b *bgp.UpdateBuilder) {
					switch {
					case tc.fam == bgp.IPv4Unicast && withdraw:
						for _, x := range routes {
							b.Withdraw(x)
						}
					case withdraw:
						b.MPUnreach(tc.fam, routes...)
					default:
						b.Origin(bgp.OriginIGP)
						b.ASPath(pathAB)
						if tc.fam == bgp.IPv4Unicast {
							b.NextHop(nh4)
							for _, x := range routes {
								b.Announce(x)
							}
						} else {
							nh := nh4
							if tc.fam.AFI == bgp.AFIIPv6 {
								nh = nh6
							}
							b.MPReach(tc.fam, nh, routes...)
						}
					}
				})
				mustApply(t, db, keyA, u)
			}
			type k struct {
				p  netip.Prefix
				id uint32
				rd bgp.RD
			}
			held := map[k]bool{}
			for range 300 {
				batch := make([]bgp.Route, 10)
				for i := range batch {
					batch[i] = tc.mk(r)
					held[k{batch[i].Prefix, batch[i].PathID, batch[i].RD}] = true
				}
				apply(batch, false)
			}
			stable := map[k]bool{}
			for x := range held {
				stable[x] = true
			}
			seen := map[k]int{}
			var order []Route
			page, next := db.Routes(keyA, tc.fam, "", 37)
			for pages := 0; ; pages++ {
				for _, x := range page {
					seen[k{x.Prefix, x.PathID, x.RD}]++
					order = append(order, x)
				}
				if next == "" {
					break
				}
				if !ValidCursor(tc.fam, next) {
					t.Fatalf("Routes gave cursor %q, which ValidCursor refuses", next)
				}
				// Churn between pages: new routes, and withdrawals of
				// routes that then do not count as stable.
				add := []bgp.Route{tc.mk(r), tc.mk(r)}
				apply(add, false)
				wd := tc.mk(r)
				delete(stable, k{wd.Prefix, wd.PathID, wd.RD})
				apply([]bgp.Route{wd}, true)
				page, next = db.Routes(keyA, tc.fam, next, 37)
			}
			for x := range stable {
				if seen[x] != 1 {
					t.Fatalf("%v seen %d times", x, seen[x])
				}
			}
			for x, n := range seen {
				if n != 1 {
					t.Fatalf("%v seen %d times", x, n)
				}
			}
			for i := 1; i < len(order); i++ {
				a, b := order[i-1], order[i]
				c := slices.Compare(a.RD[:], b.RD[:])
				if c == 0 {
					c = a.Prefix.Addr().Compare(b.Prefix.Addr())
				}
				if c == 0 {
					c = a.Prefix.Bits() - b.Prefix.Bits()
				}
				if c == 0 && a.PathID >= b.PathID || c > 0 {
					t.Fatalf("out of order: %v#%d then %v#%d", a.Prefix, a.PathID, b.Prefix, b.PathID)
				}
			}
			if p, n := db.Routes(keyA, tc.fam, "zz", 5); p != nil || n != "" {
				t.Error("a malformed cursor must give an empty page")
			}
			for _, bad := range []string{"zz", "00", strings.Repeat("ff", 9), strings.Repeat("ff", 21), strings.Repeat("ff", 29), strings.Repeat("00", 30)} {
				if ValidCursor(tc.fam, bad) {
					t.Errorf("%v: cursor %q accepted", tc.fam, bad)
				}
			}
			checkInvariants(t, db)
		})
	}
}

// TestLookup: exact, longest match for an address and for a prefix, and
// more-specifics, across tables, routers and ADD-PATH paths.
func TestLookup(t *testing.T) {
	s := as4.WithAddPath(bgp.IPv4Unicast, true)
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.0.0/16"), rt("10.1.2.0/24"), rt("192.0.2.0/24")))
	mustApply(t, db, keyB, announce4(t, s, pathXYZ, nh4, rtID("10.1.0.0/16", 1), rtID("10.1.0.0/16", 2), rtID("10.1.128.0/17", 7)))
	mustApply(t, db, keyC, announce4(t, as4, pathAB, nh4, rt("0.0.0.0/0")))
	mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8::/32"), rt("2001:db8:1::/48"), rt("2001:db8:1:2::/64"))
	}))
	rdA := bgp.RD{0, 0, 0, 1, 0, 0, 0, 1}
	rdB := bgp.RD{0, 0, 0, 1, 0, 0, 0, 2}
	vpn := func(p string, rd bgp.RD) bgp.Route {
		r := rt(p)
		r.RD, r.Labels[0], r.NumLabels = rd, bgp.Label(1<<4|1), 1
		return r
	}
	mustApply(t, db, keyB, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv4VPN, nh4, vpn("10.0.0.0/8", rdA), vpn("10.1.0.0/16", rdA), vpn("10.1.2.0/24", rdB))
	}))
	show := func(ms []Match) []string {
		var out []string
		for _, m := range ms {
			s := m.Table.Peer.Addr.String() + " " + m.Route.Prefix.String()
			if m.Route.PathID != 0 {
				s += "#" + itoa(m.Route.PathID)
			}
			if m.Family == bgp.IPv4VPN {
				s += " rd " + m.Route.RD.String()
			}
			out = append(out, s)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		mode LookupMode
		want []string
	}{
		{"10.1.0.0/16", Exact, []string{"198.51.100.1 10.1.0.0/16", "198.51.100.2 10.1.0.0/16#1", "198.51.100.2 10.1.0.0/16#2", "198.51.100.2 10.1.0.0/16 rd 1:1"}},
		{"10.1.0.7/16", Exact, []string{"198.51.100.1 10.1.0.0/16", "198.51.100.2 10.1.0.0/16#1", "198.51.100.2 10.1.0.0/16#2", "198.51.100.2 10.1.0.0/16 rd 1:1"}},
		// An address: its host prefix.
		// VPN families: the longest match per RD (1:1 holds /8 and /16).
		{"10.1.2.3/32", LongestMatch, []string{"198.51.100.1 10.1.2.0/24", "198.51.100.2 10.1.0.0/16#1", "198.51.100.2 10.1.0.0/16#2", "198.51.100.2 10.1.0.0/16 rd 1:1", "198.51.100.2 10.1.2.0/24 rd 1:2", "198.51.100.1 0.0.0.0/0"}},
		{"10.1.200.0/24", LongestMatch, []string{"198.51.100.1 10.1.0.0/16", "198.51.100.2 10.1.128.0/17#7", "198.51.100.2 10.1.0.0/16 rd 1:1", "198.51.100.1 0.0.0.0/0"}},
		{"172.16.0.1/32", LongestMatch, []string{"198.51.100.1 0.0.0.0/0"}},
		{"10.1.0.0/16", MoreSpecific, []string{"198.51.100.1 10.1.0.0/16", "198.51.100.1 10.1.2.0/24", "198.51.100.2 10.1.0.0/16#1", "198.51.100.2 10.1.0.0/16#2", "198.51.100.2 10.1.128.0/17#7", "198.51.100.2 10.1.0.0/16 rd 1:1", "198.51.100.2 10.1.2.0/24 rd 1:2"}},
		{"2001:db8:1::/48", MoreSpecific, []string{"198.51.100.1 2001:db8:1::/48", "198.51.100.1 2001:db8:1:2::/64"}},
		{"2001:db8:1:2::5/128", LongestMatch, []string{"198.51.100.1 2001:db8:1:2::/64"}},
		{"2001:db8:ffff::/48", LongestMatch, []string{"198.51.100.1 2001:db8::/32"}},
		{"2001:db9::/32", LongestMatch, nil},
	} {
		got, trunc := db.Lookup(pfx(tc.q), tc.mode, 0)
		if !slices.Equal(show(got), tc.want) || trunc {
			t.Errorf("Lookup(%s, %v) =\n  %q\nwant\n  %q", tc.q, tc.mode, show(got), tc.want)
		}
	}
	got, trunc := db.Lookup(pfx("0.0.0.0/0"), MoreSpecific, 3)
	if len(got) != 3 || !trunc {
		t.Errorf("limited lookup: %d matches, truncated %v", len(got), trunc)
	}
	for _, m := range got {
		if m.Route.Attrs.Len() == 0 {
			t.Errorf("%v: no attributes", m.Route.Prefix)
		}
	}
}

// TestLookupOracle compares longest match and more-specifics with a brute
// force over random tables.
func TestLookupOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	db := New(Config{HistoryTotal: -1})
	var held []netip.Prefix
	for range 200 {
		var routes []bgp.Route
		for range 5 {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))}), 8+r.IntN(25)).Masked()
			routes = append(routes, bgp.Route{Prefix: p})
			held = append(held, p)
		}
		mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, routes...))
	}
	slices.SortFunc(held, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr())*64 + a.Bits() - b.Bits() })
	held = slices.Compact(held)
	for range 500 {
		q := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))}), 8+r.IntN(25)).Masked()
		var wantLM, wantMS []string
		best := -1
		for _, p := range held {
			if p.Bits() <= q.Bits() && p.Contains(q.Addr()) && p.Bits() > best {
				best = p.Bits()
			}
			if p.Bits() >= q.Bits() && q.Contains(p.Addr()) {
				wantMS = append(wantMS, p.String())
			}
		}
		if best >= 0 {
			wantLM = []string{netip.PrefixFrom(q.Addr(), best).Masked().String()}
		}
		str := func(ms []Match) []string {
			var out []string
			for _, m := range ms {
				out = append(out, m.Route.Prefix.String())
			}
			return out
		}
		lm, _ := db.Lookup(q, LongestMatch, 0)
		ms, _ := db.Lookup(q, MoreSpecific, 0)
		if !slices.Equal(str(lm), wantLM) {
			t.Fatalf("LongestMatch(%v) = %v, want %v", q, str(lm), wantLM)
		}
		if !slices.Equal(str(ms), wantMS) {
			t.Fatalf("MoreSpecific(%v) = %v, want %v", q, str(ms), wantMS)
		}
	}
}

// TestHistory records announcements and withdrawals newest first, bounded
// per prefix and in total.
func TestHistory(t *testing.T) {
	db := New(Config{HistoryTotal: 8, HistoryPerPrefix: 3})
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	apply := func(i int, u bgp.UpdateView) {
		if _, _, err := db.Apply(keyA, u, at(i)); err != nil {
			t.Fatal(err)
		}
	}
	apply(1, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	apply(2, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"))) // same attributes: not a change
	apply(3, announce4(t, as4, pathXYZ, nh4, rt("10.0.0.0/8")))
	apply(4, withdraw4(t, as4, rt("10.0.0.0/8")))
	apply(5, withdraw4(t, as4, rt("10.0.0.0/8"))) // not held: not a change
	h := db.History(pfx("10.0.0.0/8"))
	var got []string
	for _, c := range h {
		p, _ := pathOf(c.Route.Attrs).ASPath()
		got = append(got, fmt.Sprintf("%d %v %s", c.Time.Sub(t0)/time.Second, c.Kind, p))
	}
	want := []string{"4 withdraw 64500 64501 64502", "3 announce 64500 64501 64502", "1 announce 65001 65002"}
	if !slices.Equal(got, want) {
		t.Fatalf("history %q, want %q", got, want)
	}
	if h[0].Table != keyA || h[0].Family != bgp.IPv4Unicast {
		t.Errorf("change table %+v family %v", h[0].Table, h[0].Family)
	}
	// Per prefix at most 3.
	apply(6, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	if h := db.History(pfx("10.0.0.0/8")); len(h) != 3 || !h[0].Time.Equal(at(6)) {
		t.Fatalf("bounded per prefix: %d changes", len(h))
	}
	// 8 changes in all: ten other prefixes push 10.0.0.0/8 out.
	for i := range 10 {
		apply(10+i, announce4(t, as4, pathAB, nh4, bgp.Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, byte(i), 0}), 24)}))
	}
	if h := db.History(pfx("10.0.0.0/8")); len(h) != 0 {
		t.Fatalf("forgotten prefix still has %d changes", len(h))
	}
	if st := db.Stats(); st.HistoryLen != 8 {
		t.Errorf("HistoryLen %d, want 8", st.HistoryLen)
	}
	if h := db.History(pfx("192.0.9.0/24")); len(h) != 1 || h[0].Kind != Announce {
		t.Errorf("latest prefix history %+v", h)
	}
	// Disabled history.
	db2 := New(Config{HistoryTotal: -1})
	mustApply(t, db2, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	if h := db2.History(pfx("10.0.0.0/8")); h != nil {
		t.Errorf("disabled history returned %v", h)
	}
}

// TestHistoryOracle churns many prefixes through a small ring and
// compares History with a brute force over every change made, applied
// through DB.Apply (a table's batch, in the ring after each Apply) and
// through a Feed (batches gathered, in the ring as they fill or when
// History looks).
func TestHistoryOracle(t *testing.T) {
	for _, ring := range []int{64, 100, 2000} {
		testHistoryRing(t, ring, false)
		testHistoryRing(t, ring, true)
	}
}

func testHistoryRing(t *testing.T, ring int, feed bool) {
	const per = 5
	db := New(Config{HistoryTotal: ring, HistoryPerPrefix: per})
	f := db.Feed()
	r := rand.New(rand.NewPCG(11, 12))
	type rec struct {
		p   netip.Prefix
		sec int
	}
	var all []rec
	held := map[netip.Prefix]bool{}
	for i := range 3000 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(40)), 0}), 24)
		at := t0.Add(time.Duration(i) * time.Second)
		var u bgp.UpdateView
		if held[p] {
			u = withdraw4(t, as4, bgp.Route{Prefix: p})
		} else {
			u = announce4(t, as4, pathAB, nh4, bgp.Route{Prefix: p})
		}
		held[p] = !held[p]
		if feed {
			feedApply(t, f, keyA, i, u)
		} else if _, _, err := db.Apply(keyA, u, at); err != nil {
			t.Fatal(err)
		}
		all = append(all, rec{p, i})
		if i%97 != 0 {
			continue
		}
		// The last ring-size changes are remembered.
		for q := range 40 {
			qp := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, byte(q), 0}), 24)
			var want []int
			for j := len(all) - 1; j >= 0 && j >= len(all)-ring && len(want) < per; j-- {
				if all[j].p == qp {
					want = append(want, all[j].sec)
				}
			}
			var got []int
			for _, c := range db.History(qp) {
				got = append(got, int(c.Time.Sub(t0)/time.Second))
			}
			if !slices.Equal(got, want) {
				t.Fatalf("feed %v, after %d changes, History(%v) = %v, want %v", feed, i+1, qp, got, want)
			}
		}
	}
}

// TestHistoryRuns: the changes of one Apply keep their own sets (a run
// each when they differ), also when one Apply has more runs than the ring
// holds changes; the sets stay readable after the routes and sets go.
func TestHistoryRuns(t *testing.T) {
	const ring, n = 3, 8
	db := New(Config{HistoryTotal: ring, HistoryPerPrefix: 4})
	var routes []bgp.Route
	sets := map[netip.Prefix][]byte{}
	for i := range n {
		r := rt(fmt.Sprintf("10.%d.0.0/16", i))
		path := bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{65001, uint32(64500 + i)}}}}
		mustApply(t, db, keyA, announce4(t, as4, path, nh4, r))
		m, _ := db.Lookup(r.Prefix, Exact, 1)
		if len(m) != 1 {
			t.Fatalf("%v not held", r.Prefix)
		}
		sets[r.Prefix] = bytes.Clone(m[0].Route.Attrs.Bytes())
		routes = append(routes, r)
	}
	mustApply(t, db, keyA, withdraw4(t, as4, routes...))
	for i, r := range routes {
		h := db.History(r.Prefix)
		if i < n-ring {
			if len(h) != 0 {
				t.Errorf("%v: %d changes, want none (past the ring)", r.Prefix, len(h))
			}
			continue
		}
		if len(h) != 1 || h[0].Kind != Withdraw || h[0].Route.Prefix != r.Prefix || h[0].Table != keyA {
			t.Fatalf("%v: history %+v, want its withdrawal", r.Prefix, h)
		}
		if !bytes.Equal(h[0].Route.Attrs.Bytes(), sets[r.Prefix]) {
			t.Errorf("%v: withdrawn with the set %x, want %x", r.Prefix, h[0].Route.Attrs.Bytes(), sets[r.Prefix])
		}
	}
}

// TestHistoryTableKeys: the changes name their table by its key's number,
// which a table cleared and made again keeps: the history's list of keys
// grows with the keys, not with the tables made.
func TestHistoryTableKeys(t *testing.T) {
	db := New(Config{HistoryTotal: 100, HistoryPerPrefix: 100})
	for range 5 {
		mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
		mustApply(t, db, keyB, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
		db.ClearTable(keyA)
	}
	// keyA's route is new after each clear; keyB's changed once.
	n := map[TableKey]int{}
	for _, c := range db.History(pfx("10.0.0.0/8")) {
		n[c.Table]++
	}
	if len(n) != 2 || n[keyA] != 5 || n[keyB] != 1 {
		t.Errorf("changes per table %v, want 5 of %v and 1 of %v", n, keyA, keyB)
	}
	if n := len(db.hist.tkeys); n != 2 {
		t.Errorf("the history holds %d table keys, want 2", n)
	}
}
