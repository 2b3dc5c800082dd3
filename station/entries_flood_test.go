package station

import (
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// A flood of FlowSpec rules is counted and capped like routes: each rule
// is a route against rib.max_routes, and its octets are priced in the
// router's memory, so max_router_memory ends a router that floods.

var famFlow4 = bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIFlowSpec}

// floodRule is the i-th rule of a flood (RFC 8955 §4): destination
// 10.x.y.z/32 and forty destination ports ORed, 127 octets.
func floodRule(i int) []byte {
	c := []byte{1, 32, 10, byte(i >> 16), byte(i >> 8), byte(i), 5}
	for j := range 40 {
		op := byte(0x11) // two-octet value, equal
		if j == 39 {
			op |= 0x80 // end of list
		}
		c = append(c, op, byte((1000+j)>>8), byte(1000+j))
	}
	return append([]byte{byte(len(c))}, c...)
}

// floodStream is a router's Initiation and n rules of a peer, 30 to an
// UPDATE; it returns the stream and its message count.
func floodStream(t *testing.T, sysName string, n int) ([]byte, uint64) {
	t.Helper()
	stream := initiation(t, sysName)
	msgs := uint64(1)
	h := synthPeer(1)
	for i := 0; i < n; i += 30 {
		var nlri []byte
		for j := i; j < min(i+30, n); j++ {
			nlri = append(nlri, floodRule(j)...)
		}
		b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
		b.Origin(bgp.OriginIGP)
		b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{h.AS}}}})
		b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{Family: famFlow4, RawNLRI: nlri}))
		msg, err := b.Finish()
		if err != nil {
			t.Fatal(err)
		}
		stream = synthAppend(t, stream, bmp.RouteMonitoring{Peer: h, BGP: msg})
		msgs++
	}
	return stream, msgs
}

// TestEntryFloodCapped: rib.max_routes caps FlowSpec rules as routes.
func TestEntryFloodCapped(t *testing.T) {
	ts := startStation(t, Config{RIB: RIBConfig{MaxRoutes: 1000}})
	c := dialFrom(t, ts, "127.0.0.98")
	stream, msgs := floodStream(t, "flood-cap", 3000)
	c.Write(stream)
	ts.waitMessages(t, "flood-cap", portOf(c), msgs)
	r, _ := ts.router(t, "flood-cap")
	if r.Routes != 1000 {
		t.Errorf("%d routes held, want the limit 1000", r.Routes)
	}
	for _, p := range ts.peers(t, "flood-cap") {
		if n := tableRoutes(p)["adj-rib-in-pre ipv4-flowspec"]; n != 1000 {
			t.Errorf("peer %s: %d FlowSpec rules counted in its table, want 1000", p.ID, n)
		}
	}
	if v := metricLine(ts.metricsText(t), `bgplens_station_route_changes_total{action="refused"}`); v == "" || v == "0" {
		t.Errorf("refusals not counted: %q", v)
	}
}

// TestEntryFloodAccounted: what the station accounts to a router for a
// flood of FlowSpec rules is what they cost on the heap, within a factor
// of two (priced as routes alone, a 127-octet rule would be counted at the
// average route's cost), and max_router_memory ends the router's session.
func TestEntryFloodAccounted(t *testing.T) {
	const n = 6000
	// Without the history, whose fixed ring the route cost would spread
	// over these few routes.
	ts := startStation(t, Config{RIB: RIBConfig{HistoryTotal: -1}})
	c := dialFrom(t, ts, "127.0.0.97")
	stream, msgs := floodStream(t, "flood-mem", n)
	before := settledHeap()
	c.Write(stream)
	ts.waitMessages(t, "flood-mem", portOf(c), msgs)
	ts.st.refreshRouteCost()
	r, _ := ts.router(t, "flood-mem")
	heap := (settledHeap() - before) / n
	held := r.Memory.Held / n
	t.Logf("%d octets of heap per rule, %d accounted", heap, held)
	if r.Routes != n || held < heap/2 || held > 2*heap {
		t.Errorf("%d rules: %d octets of heap per rule, %d accounted", r.Routes, heap, held)
	}
	ts.stop()

	// The same flood against a cap of a third of what it holds.
	limit := r.Memory.Held / 3
	ts = startStation(t, Config{MaxRouterMemory: limit, MaxMessageSize: 16 << 10, RIB: RIBConfig{HistoryTotal: -1}})
	c = dialFrom(t, ts, "127.0.0.97")
	c.Write(stream)
	waitFor(t, "the flooding router to be cut off", 20*time.Second, func() bool {
		r, ok := ts.router(t, "flood-mem")
		return ok && !r.Connected
	})
	r, _ = ts.router(t, "flood-mem")
	if !strings.Contains(r.CloseReason, "max_router_memory") {
		t.Errorf("close reason %q", r.CloseReason)
	}
}
