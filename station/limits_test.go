package station

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station/output"
)

// initiation is an Initiation message naming the router.
func initiation(t testing.TB, sysName string) []byte {
	t.Helper()
	b, err := bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte(sysName)}, {Type: uint16(bmp.InitSysDescr), Value: []byte("test")}}}.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTrickle: a router sending a message one octet at a time, each
// within the stall timeout of the last, is dropped once the message
// overruns its budget (stall timeout + length at the minimum rate),
// not kept for as long as it trickles.
func TestTrickle(t *testing.T) {
	ts := startStation(t, Config{StallTimeout: 400 * time.Millisecond})
	c := dialFrom(t, ts, "127.0.0.60")
	msg := append(bmpHeader(3, 400, byte(bmp.MsgRouteMirroring)), make([]byte, 394)...)
	done := make(chan time.Duration, 1)
	start := time.Now()
	go func() { // the station closes the connection: a read ends
		var b [16]byte
		_ = c.SetReadDeadline(start.Add(20 * time.Second))
		for {
			if _, err := c.Read(b[:]); err != nil {
				done <- time.Since(start)
				return
			}
		}
	}()
	// The common header goes at once: trickled too, a loaded machine's
	// sleeps could pass the stall timeout inside the header, which is
	// another reason (TestStall's), and the test failed at random.
	if _, err := c.Write(msg[:bmp.CommonHeaderLen]); err != nil {
		t.Fatal(err)
	}
	for i := bmp.CommonHeaderLen; i < len(msg); i++ {
		if _, err := c.Write(msg[i : i+1]); err != nil {
			break // closed by the station
		}
		time.Sleep(50 * time.Millisecond) // 394 octets: 20 s in all
	}
	took := <-done
	budget := 400*time.Millisecond + 400*time.Second/minMessageRate
	if took > budget+time.Second {
		t.Errorf("trickling router dropped after %v (budget %v)", took, budget)
	}
	if reason := ts.sessionEnded(t, "127.0.0.60"); !strings.Contains(reason, "not whole after") {
		t.Errorf("reason %q", reason)
	}
	t.Logf("dropped after %v of %v", took, time.Since(start))
}

// TestBufferedAsItArrives: what a router's half-sent message makes the
// station hold is accounted as it arrives, and the memory cap applies to
// it before the message is whole.
func TestBufferedAsItArrives(t *testing.T) {
	msgs, _, iD := frrSteps(t)
	ts := startStation(t, Config{MaxMessageSize: 512 << 10, MaxRouterMemory: 512 << 10})
	f := newFeeder(t, ts, "127.0.0.61", msgs)
	f.sendUntil(iD)
	r, _ := ts.router(t, "127.0.0.61")
	if r.Routes == 0 || r.Memory.Held > 100<<10 {
		t.Fatalf("%d routes, %d octets held: the test wants some routes and room", r.Routes, r.Memory.Held)
	}
	// 100 KiB of a message announcing 500 KiB.
	if _, err := f.c.Write(append(bmpHeader(3, 500<<10, byte(bmp.MsgRouteMirroring)), make([]byte, 100<<10)...)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the partial message to be buffered", 5*time.Second, func() bool {
		r, _ := ts.router(t, "127.0.0.61")
		return r.Memory.Buffered >= 100<<10
	})
	if r, _ := ts.router(t, "127.0.0.61"); !r.Connected || r.Memory.Buffered > 256<<10 {
		t.Fatalf("connected %v, buffered %d octets for 100 KiB received", r.Connected, r.Memory.Buffered)
	}
	// 380 KiB more, the message still not whole: its buffer with the
	// router's routes and peers goes over the cap, and the session ends
	// at once, not when the message is whole or stalls.
	if _, err := f.c.Write(make([]byte, 380<<10)); err != nil {
		t.Fatal(err)
	}
	if reason := ts.sessionEnded(t, "127.0.0.61"); !strings.Contains(reason, "memory cap exceeded") {
		t.Errorf("reason %q", reason)
	}
}

// TestHeldCountedWhenItChanges: a router's routes count in its memory as
// soon as they are applied and stop counting as soon as they go.
func TestHeldCountedWhenItChanges(t *testing.T) {
	msgs, _, iD := frrSteps(t)
	ts := startStation(t, Config{})
	f := newFeeder(t, ts, "127.0.0.62", msgs)
	f.sendUntil(iD)
	r, _ := ts.router(t, "127.0.0.62")
	peers := ts.peers(t, "127.0.0.62")
	if r.Routes < 100 || r.Memory.Held < int64(r.Routes)*16+int64(len(peers))*peerStateBase {
		t.Fatalf("%d routes, %d peers, held %d octets", r.Routes, len(peers), r.Memory.Held)
	}
	f.sendUntil(iD + 1) // the Peer Down that removes the peer's routes
	r2, _ := ts.router(t, "127.0.0.62")
	if r2.Routes >= r.Routes || r2.Memory.Held >= r.Memory.Held {
		t.Errorf("after the Peer Down: %d routes, held %d octets (before %d, %d)", r2.Routes, r2.Memory.Held, r.Routes, r.Memory.Held)
	}
}

// TestRefusedLogged: a flood of refused connections gives a log line,
// not a line each; the metric counts every one.
func TestRefusedLogged(t *testing.T) {
	var logs testrig.SyncBuffer
	st, err := New(Config{Allow: []string{"127.0.0.1"}}, slog.New(slog.NewTextHandler(&logs, nil)), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testStation{st: st, addr: ln.Addr().String()}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- st.Serve(ctx, ln) }()
	for range 30 {
		c := dialFrom(t, ts, "127.0.0.63")
		waitClosed(t, c, 5*time.Second)
	}
	cancel()
	<-served
	if n := strings.Count(logs.String(), "router refused"); n != 1 {
		t.Errorf("%d log lines for 30 refused connections:\n%s", n, logs.String())
	}
}

// TestMaxPeersCapsTables: Route Monitoring, Peer Ups and statistics for
// more peers than max_peers make no tables, state, events or series for
// the peers beyond it; the cap is logged once and counted.
func TestMaxPeersCapsTables(t *testing.T) {
	var logs testrig.SyncBuffer
	sink := &memSink{}
	ts := startStationLog(t, Config{MaxPeers: 5}, slog.New(slog.NewTextHandler(&logs, nil)), sink)
	c := dialFrom(t, ts, "127.0.0.64")
	stream := initiation(t, "capped")
	const n = 40
	for i := range n {
		h := synthPeer(i)
		if i%2 == 0 {
			stream = synthAppend(t, stream, synthPeerUp(t, h, netip.MustParseAddr("192.0.2.64")))
		}
		stream = synthAppend(t, stream, synthRoutes(t, h, false, synthPrefix(i)))
	}
	if _, err := c.Write(stream); err != nil {
		t.Fatal(err)
	}
	ts.waitMessages(t, "127.0.0.64", portOf(c), 1+n+n/2)
	if tables := ts.st.DB().Tables(""); len(tables) != 5 {
		t.Errorf("%d tables, want 5", len(tables))
	}
	if peers := ts.peers(t, "127.0.0.64"); len(peers) != 5 {
		t.Errorf("%d peers, want 5", len(peers))
	}
	m := ts.metricsText(t)
	over := 0 // the messages of peers 5 to n-1: a Route Monitoring each, a Peer Up for the even ones
	for i := 5; i < n; i++ {
		over += 1 + (i+1)%2
	}
	if got := metricLine(m, "bgplens_station_over_max_peers_total"); got != strconv.Itoa(over) {
		t.Errorf("over_max_peers_total %s, want %d", got, over)
	}
	if k := strings.Count(m, "bgplens_station_table_routes{"); k != 5 {
		t.Errorf("%d table series", k)
	}
	if k := strings.Count(logs.String(), "max_peers reached"); k != 1 {
		t.Errorf("%d log lines about the cap", k)
	}
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	routes := 0
	for _, ev := range sink.events() {
		if ev.Type == output.EventRoute {
			routes++
		}
	}
	if routes != 5 {
		t.Errorf("%d route events, want 5", routes)
	}
}

// TestAPIStopsForGoneClient: the peers, routers and lookup handlers stop
// working (and write nothing) for a request whose client has left.
func TestAPIStopsForGoneClient(t *testing.T) {
	msgs, _, iD := frrSteps(t)
	ts := startStation(t, Config{})
	newFeeder(t, ts, "127.0.0.65", msgs).sendUntil(iD)
	h := ts.st.Handler()
	for _, path := range []string{"/api/v1/routers/127.0.0.65/peers", "/api/v1/routers", "/api/v1/lookup?prefix=0.0.0.0/0&mode=more-specific"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil).WithContext(ctx))
		if rec.Body.Len() != 0 {
			t.Errorf("%s: %d octets written for a client that left", path, rec.Body.Len())
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("%s: status %d, %d octets", path, rec.Code, rec.Body.Len())
		}
	}
}

// TestSinkPolicyByOutput: with no policy configured, an output that asks
// to block (a file) gets a blocking queue and one that does not a
// dropping one, whose drops are logged, not once each.
func TestSinkPolicyByOutput(t *testing.T) {
	var logs testrig.SyncBuffer
	gate := make(chan struct{})
	slow := &memSink{name: "slow", gate: gate}
	file := &blockingSink{memSink{name: "file"}}
	ts := startStationLog(t, Config{Queue: QueueConfig{Size: 2}}, slog.New(slog.NewTextHandler(&logs, nil)), slow, file)
	m := ts.metricsText(t)
	for series, want := range map[string]string{
		`bgplens_station_sink_queue_capacity{policy="drop",sink="slow"}`:  "2",
		`bgplens_station_sink_queue_capacity{policy="block",sink="file"}`: "2",
	} {
		if got := metricLine(m, series); got != want {
			t.Errorf("%s = %q, want %s", series, got, want)
		}
	}
	msgs, _, iD := frrSteps(t)
	newFeeder(t, ts, "127.0.0.66", msgs).sendUntil(iD)
	close(gate)
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "events dropped"); n != 1 {
		t.Errorf("%d log lines about drops:\n%s", n, logs.String())
	}
	if len(file.events()) <= len(slow.events()) {
		t.Errorf("the blocking output has %d events, the dropping one %d", len(file.events()), len(slow.events()))
	}
}

// blockingSink is a memSink that asks for a blocking queue.
type blockingSink struct{ memSink }

func (*blockingSink) Block() bool { return true }

// TestTableNamesCapped: a Loc-RIB peer whose version 4 Route Monitoring
// names ever more tables gets maxTableNames of them; messages about
// further ones are counted and ignored.
func TestTableNamesCapped(t *testing.T) {
	ts := startStation(t, Config{})
	c := dialFrom(t, ts, "127.0.0.67")
	stream := initiation(t, "tables")
	h := bmp.PeerHeader{Type: bmp.PeerLocRIB, Address: netip.IPv4Unspecified(), AS: 65000, BGPID: netip.MustParseAddr("192.0.2.67")}
	const n = maxTableNames + 10
	for i := range n {
		rm := synthRoutes(t, h, false, synthPrefix(i))
		stream = synthAppend(t, stream, bmp.RouteMonitoring{Version: bmp.Version4, Peer: h, TLVs: []bmp.TLV{
			{Type: uint16(bmp.V4VRFTableName), Value: []byte("vrf-" + strconv.Itoa(i))},
			{Type: uint16(bmp.V4BGPMessage), Value: rm.BGP}}})
	}
	if _, err := c.Write(stream); err != nil {
		t.Fatal(err)
	}
	ts.waitMessages(t, "tables", portOf(c), 1+n)
	if got := ts.st.DB().TableCount("tables"); got != maxTableNames {
		t.Errorf("%d tables, want %d", got, maxTableNames)
	}
	if got := metricLine(ts.metricsText(t), "bgplens_station_over_max_peers_total"); got != "10" {
		t.Errorf("over_max_peers_total %s, want 10", got)
	}
}

// TestRoutersGaugeCountsSilent: a connection that has sent nothing is not
// listed (it has no name yet) but holds a slot, and the routers gauge
// says so.
func TestRoutersGaugeCountsSilent(t *testing.T) {
	ts := startStation(t, Config{})
	dialFrom(t, ts, "127.0.0.68")
	waitFor(t, "the session counted", 5*time.Second, func() bool {
		return metricLine(ts.metricsText(t), "bgplens_station_routers") == "1"
	})
}
