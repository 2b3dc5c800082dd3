package archive_test

import (
	"bytes"
	"fmt"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/station/archive"
	"github.com/bgplens/bgplens/station/rib"
)

// The station's RIB written as a TABLE_DUMP_V2 dump, then read back as
// any MRT reader would.
func ExampleRIBDump() {
	db := rib.New(rib.Config{})
	sess := bgp.Session{AS4: true}
	key := rib.TableKey{Router: "192.0.2.254", Peer: rib.PeerID{Addr: netip.MustParseAddr("192.0.2.1")}}
	b := bgp.NewUpdateBuilder(nil, sess)
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64496}}}})
	b.NextHop(netip.MustParseAddr("192.0.2.1"))
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
	msg, _ := b.Finish()
	u, err := bgp.ParseUpdate(msg, sess)
	if err != nil {
		panic(err)
	}
	db.Apply(key, u, time.Now())

	var buf bytes.Buffer
	dump := archive.RIBDump{
		Collector: netip.MustParseAddr("192.0.2.254"),
		Time:      time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		// The peer's AS and BGP Identifier, from its Peer Up.
		Peer: func(rib.TableKey) (uint32, netip.Addr) { return 64496, netip.MustParseAddr("192.0.2.1") },
	}
	if _, err := dump.Write(&buf, db); err != nil {
		panic(err)
	}

	r, err := mrt.NewReader(&buf)
	if err != nil {
		panic(err)
	}
	for rec := range r.Records() {
		fmt.Print(rec.SubtypeName())
		if rib, err := rec.RIB(); err == nil {
			fmt.Print(" ", rib.Prefix)
		}
		fmt.Println()
	}
	// Output:
	// PEER_INDEX_TABLE
	// RIB_IPV4_UNICAST 198.51.100.0/24
}
