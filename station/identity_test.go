package station

import (
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
)

func TestRouterIdentityName(t *testing.T) {
	addr, id := netip.MustParseAddr("::ffff:192.0.2.1"), netip.MustParseAddr("198.51.100.1")
	for _, tc := range []struct {
		id   RouterIdentity
		want string
	}{
		{RouterIdentity{Configured: "core1", SysName: "r1", BGPID: id, Addr: addr}, "core1"},
		{RouterIdentity{SysName: "r1", BGPID: id, Addr: addr}, "r1"},
		{RouterIdentity{BGPID: id, Addr: addr}, "198.51.100.1"},
		{RouterIdentity{BGPID: netip.IPv4Unspecified(), Addr: addr}, "192.0.2.1"},
		{RouterIdentity{Addr: addr}, "192.0.2.1"},
		{RouterIdentity{SysName: "edge 1/a#b"}, "edge_1_a_b"},
		{RouterIdentity{SysName: strings.Repeat("x", 100)}, strings.Repeat("x", maxNameLen)},
	} {
		if got := tc.id.Name(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.id, got, tc.want)
		}
	}
}

// synthSession is the stream of a router named sysName ("" for an
// Initiation without one) whose peer i is up with routes.
func synthSession(t *testing.T, sysName string, routerID netip.Addr, peer int, prefixes ...netip.Prefix) []byte {
	var b []byte
	if sysName != "" {
		b = initiation(t, sysName)
	} else {
		b = synthAppend(t, nil, bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysDescr), Value: []byte("unnamed")}}})
	}
	h := synthPeer(peer)
	b = synthAppend(t, b, synthPeerUp(t, h, routerID))
	return synthAppend(t, b, synthRoutes(t, h, false, prefixes...))
}

// TestRouterIdentity: routers are named by what lasts (configured name,
// sysName, BGP ID, address), never by the TCP port: two exporters on one
// address keep their tables apart, a router that reconnects gets its
// entry back, and one that cannot be told from a connected one gets a
// number.
func TestRouterIdentity(t *testing.T) {
	ts := startStation(t, Config{RouterNames: map[string]string{"127.0.0.49": "core1"}, StaleGrace: time.Hour})
	id := netip.MustParseAddr("198.51.100.9")
	send := func(src string, stream []byte) *feeder {
		f := newFeeder(t, ts, src, nil)
		if _, err := f.c.Write(stream); err != nil {
			t.Fatal(err)
		}
		return f
	}
	routes := func(name string) int {
		r, ok := ts.router(t, name)
		if !ok {
			t.Fatalf("no router %q", name)
		}
		return r.Routes
	}
	// Two exporters on one address.
	a := send("127.0.0.47", synthSession(t, "edge-a", id, 1, synthPrefix(1), synthPrefix(2)))
	send("127.0.0.47", synthSession(t, "edge-b", id, 1, synthPrefix(3)))
	waitFor(t, "edge-a and edge-b", 5*time.Second, func() bool {
		ra, ok1 := ts.router(t, "edge-a")
		rb, ok2 := ts.router(t, "edge-b")
		return ok1 && ok2 && ra.Routes == 2 && rb.Routes == 1
	})
	// edge-a reconnects (another port): the same entry, its routes kept
	// through the grace time.
	a.c.Close()
	ts.sessionEnded(t, "edge-a")
	send("127.0.0.47", initiation(t, "edge-a"))
	waitFor(t, "edge-a back", 5*time.Second, func() bool { r, _ := ts.router(t, "edge-a"); return r.Connected })
	var list struct {
		Routers []routerJSON `json:"routers"`
	}
	ts.get(t, "/api/v1/routers", &list)
	n := 0
	for _, r := range list.Routers {
		if strings.HasPrefix(r.Name, "edge-a") || strings.Contains(r.Name, ":") {
			n++
		}
	}
	if n != 1 || routes("edge-a") != 2 {
		t.Errorf("after a reconnection: %d entries for edge-a, %d routes", n, routes("edge-a"))
	}
	// No sysName: the BGP ID of the Peer Up's sent OPEN.
	send("127.0.0.48", synthSession(t, "", id, 2, synthPrefix(4)))
	waitFor(t, "named by BGP ID", 5*time.Second, func() bool { _, ok := ts.router(t, "198.51.100.9"); return ok })
	// A configured name wins over the sysName.
	send("127.0.0.49", synthSession(t, "ignored", id, 3, synthPrefix(5)))
	waitFor(t, "core1", 5*time.Second, func() bool { r, _ := ts.router(t, "core1"); return r.Routes == 1 })
	if _, ok := ts.router(t, "ignored"); ok {
		t.Error("the sysName named a router that has a configured name")
	}
	// A second session that cannot be told from a connected one.
	send("127.0.0.50", synthSession(t, "edge-b", id, 1, synthPrefix(6), synthPrefix(7), synthPrefix(8)))
	waitFor(t, "edge-b~2", 5*time.Second, func() bool { r, _ := ts.router(t, "edge-b~2"); return r.Routes == 3 })
	if routes("edge-b") != 1 {
		t.Errorf("edge-b: %d routes", routes("edge-b"))
	}
	// A new session of edge-b from its address, the old one still open:
	// the old one is closed as replaced, the new one takes the name.
	oldPort := func() uint16 { r, _ := ts.router(t, "edge-b"); return r.Port }()
	send("127.0.0.47", synthSession(t, "edge-b", id, 1, synthPrefix(9)))
	waitFor(t, "edge-b replaced", 5*time.Second, func() bool {
		r, _ := ts.router(t, "edge-b")
		return r.Connected && r.Port != oldPort
	})
	if got := metricLine(ts.metricsText(t), `bgplens_station_sessions_ended_total{reason="replaced"}`); got != "1" {
		t.Errorf("sessions replaced: %q", got)
	}
	// The address still finds a router when only one has it.
	if r, ok := ts.router(t, "127.0.0.49"); !ok || r.Name != "core1" {
		t.Errorf("by address: %q, %v", r.Name, ok)
	}
	m := ts.metricsText(t)
	if strings.Contains(m, `router="127.0.0.47:`) {
		t.Error("a port in a router label")
	}
}

// TestNoRouterHint: a station no router has reached tells the operator
// what to configure on one; one that a router reached says nothing.
func TestNoRouterHint(t *testing.T) {
	defer func(d time.Duration) { noRouterWait = d }(noRouterWait)
	noRouterWait = 500 * time.Millisecond
	var quiet, reached testrig.SyncBuffer
	ts := startStationLog(t, Config{}, slog.New(slog.NewTextHandler(&reached, nil)))
	dialFrom(t, ts, "127.0.0.51")
	startStationLog(t, Config{}, slog.New(slog.NewTextHandler(&quiet, nil)))
	waitFor(t, "the hint", 5*time.Second, func() bool { return strings.Contains(quiet.String(), "no router has connected yet") })
	if !strings.Contains(quiet.String(), "bmp connect") {
		t.Errorf("no hint:\n%s", quiet.String())
	}
	if strings.Contains(reached.String(), "no router has connected yet") {
		t.Errorf("hint although a router connected:\n%s", reached.String())
	}
}

// TestPeerDownRetries: FRR sends a Peer Down per failed reconnection
// after a peer's session ended (in the capture, nine for 127.0.0.2); the
// one that ended the session (it was up, it took the routes) stays the
// peer's last_down, the retries are kept apart; and once the router is
// gone, no peer of it shows "up".
func TestPeerDownRetries(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	ts := startStation(t, Config{})
	f := newFeeder(t, ts, "127.0.0.52", msgs)
	f.sendUntil(len(msgs))
	p := ts.peers(t, "127.0.0.52")["127.0.0.2"]
	d, r := p.LastDown, p.LastRetry
	if d == nil || !d.WasUp || d.RoutesGone == 0 || d.ReasonCode != 3 {
		t.Errorf("last_down: %+v", d)
	}
	if r == nil || r.WasUp || r.RoutesGone != 0 || p.Retries < 2 || r.At.Before(d.At) {
		t.Errorf("last_retry_down %+v, %d retries", r, p.Retries)
	}
	up := 0
	for _, p := range ts.peers(t, "127.0.0.52") {
		if p.State == "up" {
			up++
		}
	}
	if up == 0 {
		t.Fatal("no peer up before the router leaves: the test needs one")
	}
	f.c.Close()
	ts.sessionEnded(t, "127.0.0.52")
	for id, p := range ts.peers(t, "127.0.0.52") {
		if p.State == "up" {
			t.Errorf("peer %s of a disconnected router is up", id)
		}
	}
	if rj, _ := ts.router(t, "127.0.0.52"); rj.PeersUp != 0 {
		t.Errorf("disconnected router: %d peers up", rj.PeersUp)
	}
}
