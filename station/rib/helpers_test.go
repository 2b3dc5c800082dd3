package rib

import (
	"github.com/bgplens/bgplens/internal/hexvec"
	"net/netip"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// unhex decodes a commented hex vector: '#' starts a comment, blanks are
// ignored.
func unhex(t testing.TB, s string) []byte { t.Helper(); return hexvec.Decode(t, s) }

var (
	as4     = bgp.Session{AS4: true}
	t0      = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	keyA    = TableKey{Router: "192.0.2.1", Peer: PeerID{Addr: netip.MustParseAddr("198.51.100.1")}, RIB: AdjInPre}
	keyB    = TableKey{Router: "192.0.2.1", Peer: PeerID{Addr: netip.MustParseAddr("198.51.100.2")}, RIB: AdjInPre}
	keyC    = TableKey{Router: "192.0.2.9", Peer: PeerID{Addr: netip.MustParseAddr("198.51.100.1")}, RIB: AdjInPost}
	nh4     = netip.MustParseAddr("203.0.113.1")
	nh6     = netip.MustParseAddr("2001:db8::1")
	pathAB  = bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{65001, 65002}}}}
	pathXYZ = bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64500, 64501, 64502}}}}
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func rt(s string) bgp.Route { return bgp.Route{Prefix: pfx(s)} }

func rtID(s string, id uint32) bgp.Route { return bgp.Route{Prefix: pfx(s), PathID: id} }

// build makes an UPDATE with the builder and parses it.
func build(t testing.TB, s bgp.Session, fn func(b *bgp.UpdateBuilder)) bgp.UpdateView {
	t.Helper()
	b := bgp.NewUpdateBuilder(nil, s)
	fn(b)
	msg, err := b.Finish()
	if err != nil {
		t.Fatalf("builder: %v", err)
	}
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		t.Fatalf("ParseUpdate: %v", err)
	}
	return u
}

// parse parses a hand-made UPDATE.
func parse(t testing.TB, msg []byte, s bgp.Session) bgp.UpdateView {
	t.Helper()
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		t.Fatalf("ParseUpdate: %v", err)
	}
	return u
}

// announce4 announces IPv4 routes with ORIGIN IGP, the path and next hop.
func announce4(t testing.TB, s bgp.Session, path bgp.ASPath, nh netip.Addr, routes ...bgp.Route) bgp.UpdateView {
	return build(t, s, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(path)
		b.NextHop(nh)
		for _, r := range routes {
			b.Announce(r)
		}
	})
}

func withdraw4(t testing.TB, s bgp.Session, routes ...bgp.Route) bgp.UpdateView {
	return build(t, s, func(b *bgp.UpdateBuilder) {
		for _, r := range routes {
			b.Withdraw(r)
		}
	})
}

func mustApply(t testing.TB, db *DB, k TableKey, u bgp.UpdateView) (int, int) {
	t.Helper()
	a, w, err := db.Apply(k, u, t0)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return a, w
}

// prefixes lists the prefixes (with path IDs when set) of a table's family.
func prefixes(db *DB, k TableKey, f bgp.Family) []string {
	var out []string
	page, next := db.Routes(k, f, "", 0)
	for {
		for _, r := range page {
			s := r.Prefix.String()
			if r.PathID != 0 {
				s += "#" + itoa(r.PathID)
			}
			if r.RD != (bgp.RD{}) {
				s = r.RD.String() + " " + s
			}
			out = append(out, s)
		}
		if next == "" {
			return out
		}
		page, next = db.Routes(k, f, next, 0)
	}
}

func itoa(v uint32) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append([]byte{byte('0' + v%10)}, b...)
		v /= 10
	}
	return string(b)
}

// checkInvariants verifies that counts agree everywhere and that each
// interned set's reference count equals the number of routes using it.
func checkInvariants(t testing.TB, db *DB) {
	t.Helper()
	st := db.Stats()
	sum := 0
	refs := map[handle]uint32{}
	entryBytes := map[string]int{}
	for _, tb := range db.allTables("") {
		tb.mu.RLock()
		n, stale := 0, 0
		for _, ft := range tb.fams {
			c, s := 0, 0
			var lens [129]uint32
			ft.eachEntry(func(val uint32, bits uint8) {
				c++
				lens[bits]++
				if val&valStale != 0 {
					s++
				}
				refs[handle(val&^valStale)]++
			})
			if ft.kind == kindEntry {
				lens = ft.lens // entries have no prefix lengths
				eb := 0
				ft.te.all(func(e entEnt) bool { eb += entBytes(e); return true })
				if eb != ft.ebyte {
					t.Errorf("%v %v: entries hold %d octets, counted %d", tb.key, ft.fam, eb, ft.ebyte)
				}
				entryBytes[tb.key.Router] += eb
			}
			if c != ft.len() || s != ft.stale || lens != ft.lens {
				t.Errorf("%v %v: walked %d routes (%d stale), counted %d (%d stale); lens agree: %v", tb.key, ft.fam, c, s, ft.len(), ft.stale, lens == ft.lens)
			}
			n += c
			stale += s
		}
		if n != tb.routes || stale != tb.stale {
			t.Errorf("%v: %d routes (%d stale), counted %d (%d stale)", tb.key, n, stale, tb.routes, tb.stale)
		}
		sum += n
		tb.mu.RUnlock()
	}
	// The DB-wide counter is kept only when a limit reads it: one shared
	// atomic per UPDATE costs two cores their scaling.
	counted := int64(sum)
	if db.cfg.MaxRoutes == 0 {
		counted = 0
	}
	if sum != st.Routes || counted != db.nroutes.n.Load() {
		t.Errorf("routes: tables hold %d, Stats says %d, counter %d", sum, st.Routes, db.nroutes.n.Load())
	}
	// The per-router counts and the per-peer index agree with the tables.
	perRouter, perPeer := map[string]int{}, map[TableKey]int{}
	for _, ti := range db.Tables("") {
		perRouter[ti.Key.Router] += ti.Routes
		perPeer[TableKey{Router: ti.Key.Router, Peer: ti.Key.Peer}]++
	}
	db.mu.RLock()
	names := make([]string, 0, len(db.routers))
	for name := range db.routers {
		names = append(names, name)
	}
	db.mu.RUnlock()
	for _, name := range names {
		if got := db.RouterRoutes(name); got != perRouter[name] {
			t.Errorf("router %s: RouterRoutes %d, tables hold %d", name, got, perRouter[name])
		}
		if got := db.RouterEntryBytes(name); got != int64(entryBytes[name]) {
			t.Errorf("router %s: RouterEntryBytes %d, entries hold %d", name, got, entryBytes[name])
		}
		routes, tables, eb := db.RouterUsage(name)
		if routes != perRouter[name] || tables != db.TableCount(name) || eb != int64(entryBytes[name]) {
			t.Errorf("router %s: RouterUsage %d routes %d tables %d octets, tables hold %d, %d, %d",
				name, routes, tables, eb, perRouter[name], db.TableCount(name), entryBytes[name])
		}
	}
	for k, n := range perPeer {
		if got := db.PeerTables(k.Router, k.Peer); len(got) != n {
			t.Errorf("%s %v: PeerTables gives %d tables, there are %d", k.Router, k.Peer, len(got), n)
		}
	}
	live := 0
	for si := range db.sets.shards {
		s := &db.sets.shards[si]
		s.mu.Lock()
		for i := uint32(1); i < s.nents; i++ {
			e := *s.ent(i)
			h := handle(si<<indexBits | int(i))
			if e.refs != refs[h] {
				t.Errorf("set %#x: %d references, %d routes use it", h, e.refs, refs[h])
			}
			if e.refs > 0 {
				live++
			}
			delete(refs, h)
		}
		s.mu.Unlock()
	}
	for h, n := range refs {
		t.Errorf("%d routes use set %#x, which is not interned", n, h)
	}
	if live != st.Sets {
		t.Errorf("%d live sets, Stats says %d", live, st.Sets)
	}
}

// pathOf returns a set's Path, addressable for its getters.
func pathOf(a Attrs) *bgp.Path {
	p := a.Path()
	return &p
}

// nextHop returns the next hop of MP_REACH_NLRI's family, or NEXT_HOP's.
func nextHop(a Attrs) (netip.Addr, bool) {
	p := a.Path()
	f := bgp.IPv4Unicast
	if m, ok := p.MPReach(); ok {
		f = m.Family
	}
	nh, _, ok := p.NextHop(f)
	return nh, ok
}
