package station

import (
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bmp"
)

// TestRouteMonitoringQuirks: a Route Monitoring carrying a ROUTE-REFRESH
// (Cisco's Enhanced Route Refresh markers) is counted as an exporter
// quirk, not a decode error; a version 4 message in the interim TLV
// numbering (NetGauze's captures) names its table with type 3, and its
// Path Status TLV (type 5) is no table name.
func TestRouteMonitoringQuirks(t *testing.T) {
	ts := startStation(t, Config{})
	s := &synth{t: t}
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
	s.peerUp(peer)
	eorr := append(bytesOf(0xff, 16), 0, 23, 5, 0, 1, 2, 1) // ROUTE-REFRESH EoRR IPv4 unicast
	s.add(bmp.RouteMonitoring{Peer: peer, BGP: eorr})
	s.update(peer, []string{"10.0.0.0/24"}, nil)
	upd := s.msgs[len(s.msgs)-1][bmp.OffBody:]
	loc := bmp.PeerHeader{Type: bmp.PeerLocRIB, AS: 65000, BGPID: netip.MustParseAddr("192.0.2.254")}
	s.add(bmp.RouteMonitoring{Version: bmp.Version4, Peer: loc, TLVs: []bmp.TLV{
		{Type: 3, Value: []byte("blue")},                  // VRF/Table Name (interim)
		{Type: 4, Value: upd},                             // BGP Message (interim)
		{Type: 5, Index: 1, Value: []byte{0, 0, 0, 0x8a}}, // Path Status
	}})
	f := newFeeder(t, ts, "127.0.0.91", s.msgs)
	f.sendUntil(len(s.msgs))

	m := ts.metricsText(t)
	if got := metricLine(m, `bgplens_station_exporter_quirks_total{kind="route_refresh_in_route_monitoring"}`); got != "1" {
		t.Errorf("route refresh quirk = %q", got)
	}
	if got := metricLine(m, `bgplens_station_decode_errors_total{kind="update"}`); got != "" && got != "0" {
		t.Errorf("decode errors = %q", got)
	}
	peers := ts.peers(t, "127.0.0.91")
	if tb := peers["198.51.100.1"].Tables; len(tb) != 1 || tb[0].Routes != 1 {
		t.Errorf("Adj-RIB-In tables %+v", tb)
	}
	if tb := peers["loc-rib/0.0.0.0"].Tables; len(tb) != 1 || tb[0].TableName != "blue" || tb[0].Routes != 1 {
		t.Errorf("Loc-RIB tables %+v", tb)
	}
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}
