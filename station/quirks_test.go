package station

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
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

// TestMPErrorAction: with mp_error_action session-reset (the default) an
// UPDATE with a malformed MP_UNREACH_NLRI changes nothing; with
// afi-safi-disable its routes are withdrawn (RFC 7606 §7.11).
func TestMPErrorAction(t *testing.T) {
	for _, tt := range []struct {
		action string
		routes int
	}{{"", 1}, {MPErrorSessionReset, 1}, {MPErrorAFISAFIDisable, 0}} {
		t.Run(tt.action, func(t *testing.T) {
			ts := startStation(t, Config{MPErrorAction: tt.action})
			s := &synth{t: t}
			peer := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
			s.peerUp(peer)
			s.update(peer, []string{"10.0.0.0/24"}, nil)
			// 10.0.0.0/24 again, with an MP_UNREACH_NLRI whose only
			// withdrawal is a /255 (or, with ADD-PATH, a path id cut short).
			bad := append(bytesOf(0xff, 16), 0, 0x30, 2, 0, 0, 0, 0x15,
				0x40, 1, 1, 0, // ORIGIN IGP
				0x40, 2, 0, // AS_PATH empty
				0x40, 3, 4, 192, 0, 2, 33, // NEXT_HOP
				0x80, 0x0f, 4, 0, 1, 1, 0xff, // MP_UNREACH_NLRI IPv4 unicast, bad
				24, 10, 0, 0) // NLRI 10.0.0.0/24
			s.add(bmp.RouteMonitoring{Peer: peer, BGP: bad})
			f := newFeeder(t, ts, "127.0.0.92", s.msgs)
			f.sendUntil(len(s.msgs))
			if tb := ts.peers(t, "127.0.0.92")["198.51.100.1"].Tables; len(tb) != 1 || tb[0].Routes != tt.routes {
				t.Errorf("tables %+v, want %d routes", tb, tt.routes)
			}
		})
	}
	if err := (Config{MPErrorAction: "reset"}).Defaults().Validate(); err == nil {
		t.Error("mp_error_action reset accepted")
	}
}

// TestUnknownStatsKeepOctets: a statistic whose value has no layout the
// station reads (an unassigned type, or a known type with a length its
// layout does not have) keeps its octets in the API and in the events.
func TestUnknownStatsKeepOctets(t *testing.T) {
	sink := &memSink{name: "mem"}
	ts := startStation(t, Config{}, sink)
	s := &synth{t: t}
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
	s.peerUp(peer)
	s.add(bmp.StatisticsReport{Peer: peer, Stats: []bmp.Stat{
		{Type: 44, Value: []byte{1, 2, 3, 4, 5}},
		{Type: bmp.StatAdjRIBInRoutes, Value: []byte{9, 9, 9}},
		{Type: bmp.StatRejectedPrefixes, Value: []byte{0, 0, 0, 7}},
	}})
	f := newFeeder(t, ts, "127.0.0.93", s.msgs)
	f.sendUntil(len(s.msgs))
	var raw []string
	for _, sr := range ts.peers(t, "127.0.0.93")["198.51.100.1"].Stats {
		for _, st := range sr.Stats {
			raw = append(raw, strconv.Itoa(int(st.Type))+"="+st.Raw+"/"+strconv.FormatUint(st.Value, 10))
		}
	}
	if got := strings.Join(raw, " "); got != "44=0102030405/0 7=090909/0 0=/7" {
		t.Errorf("API stats %s", got)
	}
	waitFor(t, "stats event", 5*time.Second, func() bool {
		for _, ev := range sink.events() {
			if ev.Type == output.EventStats {
				return len(ev.Stats) == 3 && string(ev.Stats[0].Raw) == "\x01\x02\x03\x04\x05" && ev.Stats[0].Unknown
			}
		}
		return false
	})
}

// TestPortsSwapped: a Peer Up whose ports FRR before 8.5 wrote in host
// order (179 read as 45824) shows the session's real ports in the API and
// counts the quirk; ports as sent in network order are left alone.
func TestPortsSwapped(t *testing.T) {
	ts := startStation(t, Config{})
	s := &synth{t: t}
	swapped := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
	up := func(h bmp.PeerHeader, local, remote uint16) bmp.PeerUp {
		return bmp.PeerUp{Peer: h, LocalAddress: netip.MustParseAddr("192.0.2.254"), LocalPort: local, RemotePort: remote,
			SentOpen: synthOpen(t, 65000, "192.0.2.254"), ReceivedOpen: synthOpen(t, h.AS, h.BGPID.String())}
	}
	s.add(up(swapped, 179<<8, 0xc29a)) // 179 and 39618, octets swapped
	plain := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.2"), AS: 64502, BGPID: netip.MustParseAddr("198.51.100.2")}
	s.add(up(plain, 179, 45824))
	f := newFeeder(t, ts, "127.0.0.92", s.msgs)
	f.sendUntil(len(s.msgs))

	peers := ts.peers(t, "127.0.0.92")
	if up := peers["198.51.100.1"].PeerUp; up == nil || up.LocalPort != 179 || up.RemotePort != 39618 {
		t.Errorf("swapped ports: peer up %+v, want local 179, remote 39618", up)
	}
	if up := peers["198.51.100.2"].PeerUp; up == nil || up.LocalPort != 179 || up.RemotePort != 45824 {
		t.Errorf("ports in network order: peer up %+v, want them as sent", up)
	}
	if got := metricLine(ts.metricsText(t), `bgplens_station_exporter_quirks_total{kind="peer_up_ports_swapped"}`); got != "1" {
		t.Errorf("ports swapped quirk = %q, want 1", got)
	}
}

// TestPeerDownDataMismatch: a Peer Down whose data does not fit its reason
// (reason 1 with no NOTIFICATION) still takes the peer down and clears its
// routes, and counts the quirk; a well-formed one does not.
func TestPeerDownDataMismatch(t *testing.T) {
	ts := startStation(t, Config{})
	s := &synth{t: t}
	bad := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.1"), AS: 64501, BGPID: netip.MustParseAddr("198.51.100.1")}
	good := bmp.PeerHeader{Address: netip.MustParseAddr("198.51.100.2"), AS: 64502, BGPID: netip.MustParseAddr("198.51.100.2")}
	for _, h := range []bmp.PeerHeader{bad, good} {
		s.peerUp(h)
		s.update(h, []string{"10.0.0.0/24"}, nil)
	}
	s.add(bmp.PeerDown{Peer: bad, Reason: bmp.DownLocalNotification})            // no NOTIFICATION
	s.add(bmp.PeerDown{Peer: good, Reason: bmp.DownLocalFSMEvent, FSMEvent: 18}) // as RFC 7854 §4.9 says
	f := newFeeder(t, ts, "127.0.0.93", s.msgs)
	f.sendUntil(len(s.msgs))

	peers := ts.peers(t, "127.0.0.93")
	for _, a := range []string{"198.51.100.1", "198.51.100.2"} {
		if p := peers[a]; p.State != "down" || p.LastDown == nil || len(p.Tables) != 0 && p.Tables[0].Routes != 0 {
			t.Errorf("peer %s after Peer Down: %+v, want down with no routes", a, p)
		}
	}
	if got := metricLine(ts.metricsText(t), `bgplens_station_exporter_quirks_total{kind="peer_down_data_mismatch"}`); got != "1" {
		t.Errorf("peer down data quirk = %q, want 1", got)
	}
}
