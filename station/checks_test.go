package station

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// metricWith returns the value of the one series of name whose labels
// include every fragment (e.g. `afi="2"`), "" if none, "many" if several.
func metricWith(text, name string, fragments ...string) string {
	val := ""
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, name+"{") {
			continue
		}
		sp := strings.LastIndexByte(l, ' ')
		labels := l[:sp]
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(labels, f)
		}
		if ok {
			if val != "" {
				return "many"
			}
			val = l[sp+1:]
		}
	}
	return val
}

// TestStationChecks holds the station to three of its checks: a Route
// Monitoring whose A flag disagrees with the AS width the Peer Up's OPENs
// negotiated is counted (kind a_flag, and per peer and table); a Peer Up
// whose per-peer header disagrees with its OPENs is counted per kind in
// bgplens_station_peer_up_mismatches_total; per-AFI/SAFI statistics get
// afi and safi labels (one series per family), the others none.
func TestStationChecks(t *testing.T) {
	ts := startStation(t, Config{})
	s := &synth{t: t}
	// The Peer Up's header has the A flag set and AS 64501, while both
	// OPENs carry the 4-octet AS capability and the peer's says 64502.
	peer := bmp.PeerHeader{Flags: bmp.FlagA, Address: netip.MustParseAddr("198.51.100.1"), AS: 64501,
		BGPID: netip.MustParseAddr("198.51.100.1")}
	s.add(bmp.PeerUp{Peer: peer, LocalAddress: netip.MustParseAddr("192.0.2.254"), LocalPort: 179, RemotePort: 40000,
		SentOpen: synthOpen(t, 65000, "192.0.2.254"), ReceivedOpen: synthOpen(t, 64502, "198.51.100.1")})
	// An UPDATE with 2-octet AS numbers, as the A flag says.
	b := bgp.NewUpdateBuilder(nil, bgp.Session{})
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64501, 64999}}}})
	b.NextHop(netip.MustParseAddr("192.0.2.33"))
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("10.0.0.0/24")})
	upd, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	s.add(bmp.RouteMonitoring{Peer: peer, BGP: upd})
	gauge := func(v uint64) []byte { return []byte{0, 0, 0, 0, 0, 0, 0, byte(v)} }
	fam := func(afi byte, v uint64) []byte { return append([]byte{0, afi, 1}, gauge(v)...) }
	s.add(bmp.StatisticsReport{Peer: peer, Stats: []bmp.Stat{
		{Type: bmp.StatAdjRIBInRoutes, Value: gauge(11)},
		{Type: bmp.StatFamilyAdjRIBInRoutes, Value: fam(1, 5)},
		{Type: bmp.StatFamilyAdjRIBInRoutes, Value: fam(2, 6)},
	}})
	f := newFeeder(t, ts, "127.0.0.94", s.msgs)
	f.sendUntil(len(s.msgs))

	m := ts.metricsText(t)
	for _, c := range []struct {
		name  string
		frags []string
		want  string
	}{
		{"bgplens_station_update_readings_total", []string{`kind="a_flag"`}, "1"},
		{"bgplens_station_peer_up_mismatches_total", []string{`kind="a-flag"`}, "1"},
		{"bgplens_station_peer_up_mismatches_total", []string{`kind="peer-as"`}, "1"},
		{"bgplens_bmp_stat", []string{`type="7"`, `{afi=""`, `,safi=""`, `peer="198.51.100.1"`}, "11"},
		{"bgplens_bmp_stat", []string{`type="9"`, `{afi="1"`, `,safi="1"`, `peer="198.51.100.1"`}, "5"},
		{"bgplens_bmp_stat", []string{`type="9"`, `{afi="2"`, `,safi="1"`, `peer="198.51.100.1"`}, "6"},
	} {
		if got := metricWith(m, c.name, c.frags...); got != c.want {
			t.Errorf("%s%v = %q, want %s", c.name, c.frags, got, c.want)
		}
	}
	rd := ts.peers(t, "127.0.0.94")["198.51.100.1"].Readings
	if len(rd) != 1 || rd[0].AFlagMismatch != 1 || rd[0].Messages != 1 {
		t.Errorf("readings %+v", rd)
	}
}
