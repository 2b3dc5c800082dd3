package station

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station/output"
)

// testStation is a station serving a loopback listener, with its API on
// an httptest server.
type testStation struct {
	st        *Station
	addr      string // BMP listener
	http      *httptest.Server
	reg       *prometheus.Registry
	stopServe func() error
	closed    bool
}

// testLogger logs to the test's output at level error (debug with
// BGPLENS_TEST_LOG=debug).
func testLogger(t testing.TB) *slog.Logger {
	level := slog.LevelError
	if os.Getenv("BGPLENS_TEST_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: level}))
}

// startStation starts a station for cfg on 127.0.0.1; the test's cleanup
// stops it.
func startStation(t testing.TB, cfg Config, sinks ...output.Sink) *testStation {
	t.Helper()
	return startStationLog(t, cfg, testLogger(t), sinks...)
}

// startStationLog is startStation with the station logging to log.
func startStationLog(t testing.TB, cfg Config, log *slog.Logger, sinks ...output.Sink) *testStation {
	t.Helper()
	if cfg.Allow == nil {
		cfg.Allow = []string{"127.0.0.0/8"}
	}
	reg := prometheus.NewRegistry()
	st, err := New(cfg, log, reg, sinks...)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testStation{st: st, reg: reg}
	ts.addr, ts.stopServe = testrig.Serve(t, st.Serve, 20*time.Second)
	ts.http = httptest.NewServer(st.Handler())
	t.Cleanup(func() {
		if err := ts.stop(); err != nil {
			t.Errorf("stopping the station: %v", err)
		}
	})
	return ts
}

// stop cancels Serve, waits for it and closes the station.
func (ts *testStation) stop() error {
	if ts.closed {
		return nil
	}
	ts.closed = true
	err := ts.stopServe()
	ts.http.Close()
	return errors.Join(err, ts.st.Close())
}

// get fetches an API path into v and returns the status.
func (ts *testStation) get(t testing.TB, path string, v any) int {
	t.Helper()
	resp, err := http.Get(ts.http.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, b)
		}
	}
	return resp.StatusCode
}

// router fetches one router's state.
func (ts *testStation) router(t testing.TB, name string) (routerJSON, bool) {
	t.Helper()
	var r routerJSON
	return r, ts.get(t, "/api/v1/routers/"+name, &r) == http.StatusOK
}

// peers fetches a router's peers, by id.
func (ts *testStation) peers(t testing.TB, name string) map[string]peerJSON {
	t.Helper()
	var resp struct {
		Peers []peerJSON `json:"peers"`
	}
	if code := ts.get(t, "/api/v1/routers/"+name+"/peers", &resp); code != http.StatusOK {
		t.Fatalf("peers of %s: status %d", name, code)
	}
	out := map[string]peerJSON{}
	for _, p := range resp.Peers {
		out[p.ID] = p
	}
	return out
}

// tableRoutes returns the routes per table and family of a peer, as
// "adj-rib-in-pre ipv4-unicast" -> count.
func tableRoutes(p peerJSON) map[string]int {
	out := map[string]int{}
	for _, t := range p.Tables {
		for _, f := range t.Families {
			if f.Routes > 0 {
				out[t.RIB+" "+f.Family] = f.Routes
			}
		}
	}
	return out
}

// waitFor polls cond until it holds or the time is up.
var waitFor = testrig.WaitFor

// waitMessages waits until the session of router name from source port
// port has applied n messages. The port tells this session from an
// earlier one of the same router, which may still be listed with as many
// messages.
func (ts *testStation) waitMessages(t testing.TB, name string, port uint16, n uint64) {
	t.Helper()
	waitFor(t, name+" to read its messages", 20*time.Second, func() bool {
		r, ok := ts.router(t, name)
		return ok && r.Port == port && r.MessagesTotal >= n
	})
}

// portOf returns a connection's local port: the station's API lists the
// router's session with it.
func portOf(c net.Conn) uint16 {
	return netip.MustParseAddrPort(c.LocalAddr().String()).Port()
}

// readTestdata reads a file of the repository's testdata.
var readTestdata = testrig.ReadTestdata

// splitStream frames a BMP stream into its messages.
var splitStream = testrig.SplitBMP

// dialFrom connects to the station from a loopback address of our
// choosing (any 127/8 address works on Linux), so that each replayed
// router has a key of its own.
func dialFrom(t testing.TB, ts *testStation, src string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// feeder sends a stream's messages in steps and waits for the station to
// read them.
type feeder struct {
	t    testing.TB
	ts   *testStation
	name string
	c    net.Conn
	msgs [][]byte
	sent int
}

func newFeeder(t testing.TB, ts *testStation, src string, msgs [][]byte) *feeder {
	return &feeder{t: t, ts: ts, name: src, c: dialFrom(t, ts, src), msgs: msgs}
}

// sendUntil sends messages up to (not including) index end and waits
// until the station has read them all.
func (f *feeder) sendUntil(end int) {
	f.t.Helper()
	var b []byte
	for ; f.sent < end; f.sent++ {
		b = append(b, f.msgs[f.sent]...)
	}
	if _, err := f.c.Write(b); err != nil {
		f.t.Fatal(err)
	}
	f.ts.waitMessages(f.t, f.name, portOf(f.c), uint64(f.sent))
}

// close closes the router's connection and waits until the station has
// the router down.
func (f *feeder) close() {
	f.t.Helper()
	f.c.Close()
	waitFor(f.t, "router down", 5*time.Second, func() bool { r, _ := f.ts.router(f.t, f.name); return !r.Connected })
}

// closeCleared closes as close does and checks that the router's routes
// are gone, for reason.
func (f *feeder) closeCleared(reason string) {
	f.t.Helper()
	f.close()
	if r, _ := f.ts.router(f.t, f.name); r.Routes != 0 || r.CloseReason != reason {
		f.t.Errorf("after close: %+v", r)
	}
}

// find returns the index of the first message from index from on that
// match says yes to, or -1.
func find(msgs [][]byte, from int, match func(v bmp.MessageView) bool) int {
	for i := from; i < len(msgs); i++ {
		v, err := bmp.ParseMessage(msgs[i])
		if err == nil && match(v) {
			return i
		}
	}
	return -1
}

// frrStatsSteps is the FRR capture's messages and the ends of its first
// two steps: after its first Statistics Report (k1) and after its second
// (k2).
func frrStatsSteps(t *testing.T) (msgs [][]byte, k1, k2 int) {
	msgs = splitStream(t, readTestdata(t, "frr-bmp/frr-small-100.bmp"))
	isStats := func(v bmp.MessageView) bool { return v.Type() == bmp.MsgStatisticsReport }
	k1 = find(msgs, 0, isStats) + 1
	k2 = find(msgs, k1, isStats) + 1
	if k1 <= 0 || k2 <= k1 {
		t.Fatalf("Statistics Reports at %d and %d", k1, k2)
	}
	return msgs, k1, k2
}

// metricsText scrapes /metrics.
func (ts *testStation) metricsText(t testing.TB) string {
	t.Helper()
	resp, err := http.Get(ts.http.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metricLine returns the value of the series whose line starts with
// prefix (name and labels as Prometheus writes them), or "".
func metricLine(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix+" ") {
			return strings.TrimPrefix(l, prefix+" ")
		}
	}
	return ""
}

// apiRoute reads a route of the API (docs/json.md).
type apiRoute struct {
	Prefix  string  `json:"prefix"`
	PathID  uint32  `json:"path_id"`
	NextHop string  `json:"next_hop"`
	ASPath  *string `json:"as_path"`
	Origin  string  `json:"origin"`
}
