package jsonl_test

import (
	"context"
	"net/netip"
	"os"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/jsonl"
)

// A route event as one JSON line, in the schema docs/json.md documents.
func ExampleNew() {
	// ORIGIN IGP, AS_PATH 64496, NEXT_HOP 192.0.2.1.
	path, err := bgp.ReadPath([]byte{
		0x40, 1, 1, 0,
		0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf0,
		0x40, 3, 4, 192, 0, 2, 1,
	}, bgp.Session{AS4: true})
	if err != nil {
		panic(err)
	}
	ev := &output.Event{
		Type:   output.EventRoute,
		Time:   time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		Seq:    7,
		Router: output.RouterRef{Name: "r1", Addr: netip.MustParseAddr("192.0.2.254")},
		Peer: output.PeerRef{
			Type: bmp.PeerGlobal, Addr: netip.MustParseAddr("192.0.2.1"), AS: 64496,
			BGPID: netip.MustParseAddr("192.0.2.1"), RIB: bmp.RIBInPre,
		},
		Family: bgp.IPv4Unicast,
		Route:  bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")},
		Path:   output.NewPath(&path, ""),
	}
	s := jsonl.New(os.Stdout)
	if err := s.Publish(context.Background(), ev); err != nil {
		panic(err)
	}
	if err := s.Close(); err != nil {
		panic(err)
	}
	// Output:
	// {"v":3,"type":"route","timestamp":"2026-12-07T10:00:00Z","seq":7,"router":"r1","router_ip":"192.0.2.254","peer_ip":"192.0.2.1","peer_asn":64496,"peer_bgp_id":"192.0.2.1","peer_type":"global","rib":"adj-rib-in-pre","is_post_policy":false,"is_adj_rib_out":false,"is_loc_rib":false,"action":"announce","is_withdraw":false,"afi":1,"safi":1,"family":"ipv4-unicast","prefix":"198.51.100.0/24","prefix_len":24,"path_id":0,"origin":"igp","as_path":"64496","as_path_count":1,"origin_as":64496,"next_hop":"192.0.2.1"}
}
