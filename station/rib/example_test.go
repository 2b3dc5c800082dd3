package rib_test

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/rib"
)

// An UPDATE received in a Route Monitoring message is applied to the
// pre-policy Adj-RIB-In of its peer, then read back by paging and by
// longest-prefix match.
func Example() {
	db := rib.New(rib.Config{MaxRoutes: 10_000_000})
	sess := bgp.Session{AS4: true} // from the peer's Peer Up
	key := rib.TableKey{
		Router: "192.0.2.1",
		Peer:   rib.PeerID{Addr: netip.MustParseAddr("198.51.100.7")},
		RIB:    rib.AdjInPre,
	}

	b := bgp.NewUpdateBuilder(nil, sess)
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64500, 64501}}}})
	b.NextHop(netip.MustParseAddr("198.51.100.7"))
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("203.0.113.0/24")})
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("203.0.112.0/22")})
	msg, _ := b.Finish()

	u, err := bgp.ParseUpdate(msg, sess)
	if err != nil {
		panic(err) // the sections cannot be located: the BMP session must end
	}
	added, withdrawn, err := db.Apply(key, u, time.Now())
	fmt.Println(added, withdrawn, err)

	page, next := db.Routes(key, bgp.IPv4Unicast, "", 100)
	for _, r := range page {
		p := r.Attrs.Path()
		path, _ := p.ASPath()
		nh, _, _ := p.NextHop(bgp.IPv4Unicast)
		fmt.Println(r.Prefix, path, nh)
	}
	fmt.Printf("next page: %q\n", next)

	matches, _ := db.Lookup(netip.MustParsePrefix("203.0.113.9/32"), rib.LongestMatch, 10)
	for _, m := range matches {
		fmt.Println(m.Table.Peer.Addr, m.Family, m.Route.Prefix)
	}
	// Output:
	// 2 0 <nil>
	// 203.0.112.0/22 64500 64501 198.51.100.7
	// 203.0.113.0/24 64500 64501 198.51.100.7
	// next page: ""
	// 198.51.100.7 IPv4 Unicast 203.0.113.0/24
}

// When a router's BMP session ends, its routes can be kept, marked stale,
// for a grace time: the routes it announces again after reconnecting are
// fresh, End-of-RIB drops the stale rest of a family, and SweepStale drops
// whatever is left when the time is up.
func ExampleDB_MarkStale() {
	db := rib.New(rib.Config{})
	sess := bgp.Session{AS4: true}
	key := rib.TableKey{Router: "192.0.2.1", Peer: rib.PeerID{Addr: netip.MustParseAddr("198.51.100.7")}}
	announce := func(p string) {
		b := bgp.NewUpdateBuilder(nil, sess)
		b.Origin(bgp.OriginIGP)
		b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64500}}}})
		b.NextHop(netip.MustParseAddr("198.51.100.7"))
		b.Announce(bgp.Route{Prefix: netip.MustParsePrefix(p)})
		msg, _ := b.Finish()
		u, _ := bgp.ParseUpdate(msg, sess)
		db.Apply(key, u, time.Now())
	}
	announce("10.0.0.0/8")
	announce("10.1.0.0/16")

	now := time.Now()
	db.MarkStale("192.0.2.1", now.Add(5*time.Minute)) // the session ended
	announce("10.1.0.0/16")                           // it is back, and sends this again

	fmt.Println(db.SweepStale(now.Add(6*time.Minute)), "swept")
	page, _ := db.Routes(key, bgp.IPv4Unicast, "", 0)
	for _, r := range page {
		fmt.Println(r.Prefix, r.Stale)
	}
	// Output:
	// 1 swept
	// 10.1.0.0/16 false
}
