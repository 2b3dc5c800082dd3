package station

import (
	"net/netip"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// synth builds BMP messages for the table kinds the real streams lack:
// Adj-RIB-Out (RFC 8671), Loc-RIB with table names (RFC 9069), End-of-RIB.
type synth struct {
	t    *testing.T
	msgs [][]byte
}

func (s *synth) add(m bmp.Message) {
	b, err := m.Append(nil)
	if err != nil {
		s.t.Fatal(err)
	}
	s.msgs = append(s.msgs, b)
}

func synthOpen(t *testing.T, as uint32, id string) []byte {
	b, err := bgp.NewOpen(as, 90, netip.MustParseAddr(id),
		bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv4Unicast}),
		bgp.NewCapability(bgp.CapAS4{AS: as})).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (s *synth) peerUp(h bmp.PeerHeader, tlvs ...bmp.TLV) {
	s.add(bmp.PeerUp{Peer: h, LocalAddress: netip.MustParseAddr("192.0.2.254"), LocalPort: 179, RemotePort: 40000,
		SentOpen: synthOpen(s.t, 65000, "192.0.2.254"), ReceivedOpen: synthOpen(s.t, h.AS, "198.51.100.1"), Information: tlvs})
}

// update sends an UPDATE for h announcing and withdrawing IPv4 prefixes;
// none of either is the End-of-RIB marker.
func (s *synth) update(h bmp.PeerHeader, announce []string, withdraw []string) {
	b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
	for _, p := range withdraw {
		b.Withdraw(bgp.Route{Prefix: netip.MustParsePrefix(p)})
	}
	if len(announce) > 0 {
		b.Origin(bgp.OriginIGP)
		b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{h.AS, 64999}}}})
		b.NextHop(netip.MustParseAddr("192.0.2.33"))
		for _, p := range announce {
			b.Announce(bgp.Route{Prefix: netip.MustParsePrefix(p)})
		}
	}
	msg, err := b.Finish()
	if err != nil {
		s.t.Fatal(err)
	}
	s.add(bmp.RouteMonitoring{Peer: h, BGP: msg})
}

// TestTableKinds: Adj-RIB-Out pre and post policy, Loc-RIB tables named by
// their Peer Up, End-of-RIB per table, and a Loc-RIB Peer Down that ends
// one table only.
func TestTableKinds(t *testing.T) {
	sink := &memSink{name: "mem"}
	ts := startStation(t, Config{}, sink)
	s := &synth{t: t}
	s.add(bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte("pe1")}}})
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
	outPre, outPost := peer, peer
	outPre.Flags, outPost.Flags = bmp.FlagO, bmp.FlagO|bmp.FlagL
	var rdBlue, rdRed bgp.RD
	rdBlue[7], rdRed[7] = 1, 2
	locBlue := bmp.PeerHeader{Type: bmp.PeerLocRIB, Distinguisher: rdBlue, AS: 65000, BGPID: netip.MustParseAddr("192.0.2.254")}
	locRed := locBlue
	locRed.Distinguisher = rdRed
	s.peerUp(peer)
	s.peerUp(locBlue, bmp.TLV{Type: uint16(bmp.PeerUpVRFTableName), Value: []byte("blue")})
	s.peerUp(locRed, bmp.TLV{Type: uint16(bmp.PeerUpVRFTableName), Value: []byte("red")})
	s.update(outPre, []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}, nil)
	s.update(outPost, []string{"10.0.0.0/24"}, nil)
	s.update(locBlue, []string{"10.1.0.0/16", "10.2.0.0/16"}, nil)
	s.update(locRed, []string{"10.9.0.0/16"}, nil)
	s.update(outPre, nil, []string{"10.0.2.0/24"})
	s.update(outPre, nil, nil) // End-of-RIB, IPv4 unicast
	s.update(locBlue, nil, nil)
	f := newFeeder(t, ts, "127.0.0.90", s.msgs)
	f.sendUntil(len(s.msgs))

	peers := ts.peers(t, "127.0.0.90")
	checkTables(t, "Adj-RIB-Out", peers, "198.51.100.1", map[string]int{
		"adj-rib-out-pre ipv4-unicast": 2, "adj-rib-out-post ipv4-unicast": 1})
	blue, red := peers["loc-rib/0:1/0.0.0.0"], peers["loc-rib/0:2/0.0.0.0"]
	if blue.TableName != "blue" || len(blue.Tables) != 1 || blue.Tables[0].TableName != "blue" || blue.Tables[0].Routes != 2 {
		t.Errorf("Loc-RIB blue: %+v", blue)
	}
	if red.TableName != "red" || len(red.Tables) != 1 || red.Tables[0].TableName != "red" || red.Tables[0].Routes != 1 {
		t.Errorf("Loc-RIB red: %+v", red)
	}
	eor := map[string]bool{}
	for _, p := range []peerJSON{peers["198.51.100.1"], blue, red} {
		for _, tb := range p.Tables {
			eor[tb.RIB+"/"+tb.TableName] = tb.Families[0].EndOfRIB != nil
		}
	}
	if !eor["adj-rib-out-pre/"] || eor["adj-rib-out-post/"] || !eor["loc-rib/blue"] || eor["loc-rib/red"] {
		t.Errorf("End-of-RIB per table: %v", eor)
	}
	var page routesPageOf[apiRoute]
	ts.get(t, "/api/v1/peers/127.0.0.90/0.0.0.0/routes?peer_type=loc-rib&rd=0:1&table=loc-rib&table_name=blue", &page)
	if len(page.Routes) != 2 || page.TableName != "blue" || page.Routes[0].Prefix != "10.1.0.0/16" || *page.Routes[0].ASPath != "65000 64999" {
		t.Errorf("blue routes: %+v", page)
	}
	if code := ts.get(t, "/api/v1/peers/127.0.0.90/0.0.0.0/routes", nil); code != 404 {
		t.Errorf("ambiguous peer: %d", code)
	}

	// RFC 9069 §5.3: a Loc-RIB Peer Down naming its table ends that table.
	s.msgs = s.msgs[:0]
	s.add(bmp.PeerDown{Peer: locBlue, Reason: bmp.DownLocalTLV, TLVs: []bmp.TLV{{Type: uint16(bmp.PeerDownVRFTableName), Value: []byte("blue")}}})
	f.msgs = append(f.msgs, s.msgs...)
	f.sendUntil(len(f.msgs))
	peers = ts.peers(t, "127.0.0.90")
	if b := peers["loc-rib/0:1/0.0.0.0"]; b.State != "down" || len(b.Tables) != 0 || b.LastDown.RoutesGone != 2 {
		t.Errorf("blue after Peer Down: %+v", b)
	}
	if r := peers["loc-rib/0:2/0.0.0.0"]; len(r.Tables) != 1 {
		t.Errorf("red after blue's Peer Down: %+v", r)
	}

	waitFor(t, "events", 5*time.Second, func() bool { return len(sink.events()) >= 15 })
	var kinds []string
	for _, ev := range sink.events() {
		k := ev.Type.String()
		if ev.Type == output.EventRoute || ev.Type == output.EventEndOfRIB {
			k += " " + ev.Peer.RIB.String() + "/" + ev.Peer.TableName
		}
		kinds = append(kinds, k)
	}
	want := []string{"router_up", "peer_up", "peer_up", "peer_up",
		"route adj-rib-out-pre/", "route adj-rib-out-pre/", "route adj-rib-out-pre/", "route adj-rib-out-post/",
		"route loc-rib/blue", "route loc-rib/blue", "route loc-rib/red", "route adj-rib-out-pre/",
		"end_of_rib adj-rib-out-pre/", "end_of_rib loc-rib/blue", "peer_down"}
	if len(kinds) != len(want) {
		t.Fatalf("events %v\nwant %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v\nwant %v", kinds, want)
		}
	}
}
