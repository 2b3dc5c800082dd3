package kafkain_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/station"
)

// natStreams are two routers' real BMP streams (FRR's, sysName
// frr-bmp; GoBGP's, sysName gobgp-mon, ending with a Termination).
var natStreams = []string{"frr-bmp/frr-small-100.bmp", "gobgp-bmp/gobgp-small-100.bmp"}

// TestRoutersBehindNAT: two routers reach a station from one address
// (behind one NAT), at the same time and then one after the other; the
// station publishes the raw topic, and a query node built from it keeps
// them apart, as the first station does: each router under its own name
// with its own tables and routes, none merged into the other's session.
func TestRoutersBehindNAT(t *testing.T) {
	for _, concurrent := range []bool{true, false} {
		t.Run(fmt.Sprintf("concurrent=%v", concurrent), func(t *testing.T) { natRun(t, concurrent) })
	}
}

func natRun(t *testing.T, concurrent bool) {
	c, sink := rawCluster(t, "nat")
	cfg := station.Config{StaleGrace: time.Hour, ShutdownTimeout: 5 * time.Second}
	first, ln, stopFirst := startFirst(t, cfg, sink)
	defer stopFirst()
	nat := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.77")}}
	var conns []net.Conn
	sent := map[string]int{} // messages per router (its sysName)
	for i, f := range natStreams {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		sent[[]string{"frr-bmp", "gobgp-mon"}[i]] = countMessages(t, data)
		cn, err := nat.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cn.Write(data); err != nil {
			t.Fatal(err)
		}
		if concurrent {
			conns = append(conns, cn) // both sessions stay open
		} else {
			cn.Close()
			waitApplied(t, first, sent, i+1)
			waitSessionsEnded(t, first)
			conns = append(conns, nil)
		}
	}
	waitApplied(t, first, sent, len(natStreams))
	want := waitTables(t, first, 2, "both routers in the first station")

	if len(want) != 2 || !strings.Contains(strings.Join(keys(want), " "), "frr-bmp") {
		t.Fatalf("first station: routers %v", want)
	}

	// The raw topic's keys (router hashes): the address's own for the
	// first session, and for one from the address while it is taken
	// MD5(address, sysName); one after the other, both the address's.
	plain := obmp.RouterHash(netip.MustParseAddr("127.0.0.77"))
	wantKeys := []string{hex.EncodeToString(plain[:])}
	if concurrent {
		frr, gobgp := md5.Sum([]byte("\x7f\x00\x00\x4dfrr-bmp")), md5.Sum([]byte("\x7f\x00\x00\x4dgobgp-mon"))
		wantKeys = append(wantKeys, hex.EncodeToString(frr[:])+"|"+hex.EncodeToString(gobgp[:]))
	}
	checkKeys(t, c.ListenAddrs(), wantKeys)

	node, stopNode := startQueryNode(t, c, cfg)
	defer stopNode()
	deadline := time.Now().Add(20 * time.Second)
	var got map[string]int
	for time.Now().Before(deadline) {
		if got = routesByRouter(node); fmt.Sprint(got) == fmt.Sprint(want) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("routes by router: first station %v, query node %v", want, got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("query node: routes by router %v; the first station: %v", got, want)
	}
	for _, cn := range conns {
		if cn != nil {
			cn.Close()
		}
	}
}

// waitTables waits until the station has n routers with routes, and
// returns their routes by router.
func waitTables(t *testing.T, st *station.Station, n int, what string) map[string]int {
	t.Helper()
	var last map[string]int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m := routesByRouter(st)
		if len(m) == n && fmt.Sprint(m) == fmt.Sprint(last) {
			return m
		}
		last = m
	}
	t.Fatalf("timed out waiting for %s: %v", what, last)
	return nil
}

// countMessages returns the number of BMP messages in a stream.
func countMessages(t *testing.T, data []byte) int {
	t.Helper()
	r := bmp.NewBytesReader(data)
	n := 0
	for {
		if _, err := r.Next(); err == io.EOF {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
		n++
	}
}

// waitApplied waits until st knows n routers, each named in sent and with
// as many messages applied as sent says. Tables that held still
// for a moment are not enough: a station under the race detector pauses
// for longer in the middle of a stream.
func waitApplied(t *testing.T, st *station.Station, sent map[string]int, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		rec := httptest.NewRecorder()
		st.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/routers", nil))
		var body struct {
			Routers []struct {
				Name     string `json:"name"`
				Messages int    `json:"messages_total"`
			} `json:"routers"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		routers := body.Routers
		done := 0
		for _, r := range routers {
			if n, ok := sent[r.Name]; ok && r.Messages >= n {
				done++
			}
		}
		if done == n && len(routers) == n {
			return
		}
	}
	t.Fatal("timed out waiting for the routers' messages to be applied")
}

// waitSessionsEnded waits until no router of st is connected and its sink
// has taken every event, router_down included: only then does the next
// session from the address come "after" for the sink, which releases a
// router hash on the router_down it reads.
func waitSessionsEnded(t *testing.T, st *station.Station) {
	t.Helper()
	get := func(path string) string {
		rec := httptest.NewRecorder()
		st.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Body.String()
	}
	published := func() string {
		for _, l := range strings.Split(get("/metrics"), "\n") {
			if strings.HasPrefix(l, "bgplens_station_sink_published_total") {
				return l
			}
		}
		return ""
	}
	last := ""
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if strings.Contains(get("/api/v1/routers"), `"connected":true`) {
			continue
		}
		// Disconnected: router_down follows at once; the queue then
		// drains and the count stops moving.
		if p := published(); p != "" && p == last && strings.Contains(get("/metrics"), "bgplens_station_sink_queue_depth{sink=\"kafka\"} 0") {
			return
		} else {
			last = p
		}
	}
	t.Fatal("timed out waiting for the router's session to end")
}

func routesByRouter(st *station.Station) map[string]int {
	m := map[string]int{}
	for _, tb := range st.DB().Tables("") {
		m[tb.Key.Router] += tb.Routes
	}
	return m
}

func keys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkKeys reads the raw topic and checks its distinct keys, one per
// entry of want (alternatives separated by "|").
func checkKeys(t *testing.T, brokers []string, want []string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics("openbmp.bmp_raw"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	keys := map[string]int{}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		fs := cl.PollFetches(ctx)
		cancel()
		n := 0
		fs.EachRecord(func(r *kgo.Record) { keys[string(r.Key)]++; n++ })
		if n == 0 && len(keys) > 0 {
			break
		}
	}
	if len(keys) != len(want) {
		t.Fatalf("raw topic keys %v, want %v", keys, want)
	}
	for _, w := range want {
		found := false
		for _, alt := range strings.Split(w, "|") {
			found = found || keys[alt] > 0
		}
		if !found {
			t.Errorf("raw topic keys %v: none of %s", keys, w)
		}
	}
}
