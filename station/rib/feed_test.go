package rib

import (
	"slices"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestFeed: a Feed applies as the DB does, switching tables as the keys
// change, and finds a table again after it was cleared (its remembered
// table is dead): the routes land in the table the DB lists, counted.
func TestFeed(t *testing.T) {
	db := New(Config{})
	f := db.Feed()
	var d bgp.UpdateValues
	apply := func(k TableKey, routes ...bgp.Route) {
		t.Helper()
		if err := d.Decode(announce4(t, as4, pathAB, nh4, routes...).Message(), as4); err != nil {
			t.Fatal(err)
		}
		if a, _, err := f.ApplyValues(k, &d, t0); err != nil || a != len(routes) {
			t.Fatalf("ApplyValues: %d added, %v", a, err)
		}
	}
	want := func(k TableKey, ps ...string) {
		t.Helper()
		if got := prefixes(db, k, bgp.IPv4Unicast); !slices.Equal(got, ps) {
			t.Fatalf("%v holds %v, want %v", k.Peer, got, ps)
		}
	}
	apply(keyA, rt("10.0.0.0/24"))
	apply(keyB, rt("10.0.1.0/24"))
	apply(keyA, rt("10.0.2.0/24"))
	want(keyA, "10.0.0.0/24", "10.0.2.0/24")
	want(keyB, "10.0.1.0/24")

	db.ClearTable(keyA)
	apply(keyA, rt("10.0.3.0/24"))
	want(keyA, "10.0.3.0/24")

	db.ClearPeer(keyA.Router, keyA.Peer)
	apply(keyA, rt("10.0.4.0/24"))
	want(keyA, "10.0.4.0/24")

	db.ClearRouter(keyA.Router)
	apply(keyA, rt("10.0.5.0/24"))
	want(keyA, "10.0.5.0/24")
	want(keyB)
	if s := db.Stats(); s.Routes != 1 {
		t.Fatalf("%d routes counted, want 1", s.Routes)
	}
	checkInvariants(t, db)
}

// TestFeedRouterUsage: a Feed answers for the router it last applied to
// from that router's own counters and for any other router from the DB;
// both agree with the DB as tables come, grow and go.
func TestFeedRouterUsage(t *testing.T) {
	db := New(Config{})
	f := db.Feed()
	var d bgp.UpdateValues
	apply := func(k TableKey, routes ...bgp.Route) {
		t.Helper()
		if err := d.Decode(announce4(t, as4, pathAB, nh4, routes...).Message(), as4); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.ApplyValues(k, &d, t0); err != nil {
			t.Fatal(err)
		}
	}
	check := func(router string, routes, tables int) {
		t.Helper()
		r, n, eb := f.RouterUsage(router)
		dr, dn, deb := db.RouterUsage(router)
		if r != routes || n != tables || r != dr || n != dn || eb != deb {
			t.Fatalf("%s: Feed says %d routes %d tables %d octets, DB %d %d %d, want %d routes %d tables",
				router, r, n, eb, dr, dn, deb, routes, tables)
		}
	}
	check(keyA.Router, 0, 0)
	apply(keyA, rt("10.0.0.0/24"), rt("10.0.1.0/24"))
	check(keyA.Router, 2, 1)
	apply(keyB, rt("10.0.2.0/24")) // same router, a second table
	check(keyA.Router, 3, 2)
	apply(keyC, rt("10.0.3.0/24")) // the Feed now remembers keyC's router
	check(keyA.Router, 3, 2)
	check(keyC.Router, 1, 1)
	db.ClearTable(keyC)
	check(keyC.Router, 0, 0)
	db.ClearRouter(keyA.Router)
	check(keyA.Router, 0, 0)
}
