package kafkain_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/bgplens/bgplens/internal/routerlab"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/kafkain"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// TestRealRoutersThroughKafka: FRR and gobgpd export BMP to a station that
// publishes the raw topic to an in-process Kafka (kfake); a query node
// built from that topic then answers its API as the first station does:
// the same routers, the same peers, the same routes in every table of
// every peer.
func TestRealRoutersThroughKafka(t *testing.T) {
	routerlab.Require(t)
	c, sink := rawCluster(t, "lab")
	first, ln, stop := startFirst(t, station.Config{ShutdownTimeout: 5 * time.Second}, sink)
	defer stop()
	// Each router reaches the station from an address of its own: the raw
	// header names a router by its address, and both would be 127.0.0.1.
	base := netip.AddrFrom4([4]byte{127, byte(100 + rand.IntN(100)), byte(rand.IntN(250)), 0})
	frr := routerlab.NewRecorderFrom(t, ln.Addr().String(), addrPlus(base, 11))
	mon := routerlab.NewRecorderFrom(t, ln.Addr().String(), addrPlus(base, 12))
	routerlab.Start(t, routerlab.Options{Collector: frr.Addr(), MonitorCollector: mon.Addr(),
		V4: 40, V6: 20, SecondPaths: 5, Monitor: true})
	a := httptest.NewServer(first.Handler())
	defer a.Close()

	// The first station is settled when both routers are there and its
	// view has not changed for a second (FRR and gobgpd send their tables
	// at once; only statistics follow).
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var want apiView
	var since time.Time
	err := routerlab.Poll(ctx, 250*time.Millisecond, func() (bool, error) {
		v, err := view(a.URL)
		if err != nil {
			return false, nil // a peer may go between the two requests
		}
		if len(v.Routers) != 2 || v.Routes == 0 || !reflect.DeepEqual(v, want) {
			want, since = v, time.Now()
			return false, nil
		}
		return time.Since(since) > time.Second, nil
	})
	if err != nil {
		t.Fatalf("first station: %v (view %+v)", err, want)
	}

	query, stopQ := startQueryNode(t, c, station.Config{})
	defer stopQ()
	b := httptest.NewServer(query.Handler())
	defer b.Close()
	var got apiView
	var last error
	err = routerlab.Poll(ctx, 250*time.Millisecond, func() (bool, error) {
		if got, last = view(b.URL); last != nil {
			return false, nil // a router or peer may appear between the requests
		}
		return reflect.DeepEqual(got, want), nil
	})
	if err != nil {
		t.Fatalf("query node: %v (last error %v)\n%s", err, last, diff(got, want))
	}
	t.Logf("query node equals the first station: %d routers, %d peers, %d tables, %d routes",
		len(want.Routers), len(want.Peers), len(want.Tables), want.Routes)
}

func addrPlus(a netip.Addr, n byte) netip.Addr {
	b := a.As4()
	b[3] += n
	return netip.AddrFrom4(b)
}

// rawCluster starts an in-process Kafka cluster, closed when the test
// ends, and a sink publishing the raw topic to it.
func rawCluster(t *testing.T, adminID string) (*kfake.Cluster, *kafka.Sink) {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	sink, err := kafka.New(kafka.Config{Brokers: c.ListenAddrs(), Partitions: 2, AdminID: adminID,
		Publish: []string{kafka.FeedRaw}, Spool: kafka.SpoolConfig{Dir: t.TempDir()}}, prometheus.NewRegistry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, sink
}

// startFirst starts the first station: it takes BMP on a loopback
// listener (ln) and publishes to sink; stop ends it.
func startFirst(t *testing.T, cfg station.Config, sink *kafka.Sink) (first *station.Station, ln net.Listener, stop func()) {
	t.Helper()
	first, err := station.New(cfg, nil, nil, sink)
	if err != nil {
		t.Fatal(err)
	}
	if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return first, ln, serve(t, first, ln)
}

// startQueryNode starts a station reading the raw topic of c from its
// start; stop ends it.
func startQueryNode(t *testing.T, c *kfake.Cluster, cfg station.Config) (node *station.Station, stop func()) {
	t.Helper()
	l, err := kafkain.Listen(kafkain.Config{Brokers: c.ListenAddrs(), Topics: []string{"openbmp.bmp_raw"}, FromStart: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if node, err = station.New(cfg, nil, nil); err != nil {
		t.Fatal(err)
	}
	return node, serve(t, node, l)
}

func serve(t *testing.T, st *station.Station, ln net.Listener) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Serve(ctx, ln)
	}()
	return func() {
		cancel()
		<-done
		ln.Close()
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
}

// apiView is what a station's API says of its routers, peers and
// routes, without what differs between two stations by nature: the
// time a session started and the counts of messages, which the query
// node may still be catching up on when a router sends statistics.
type apiView struct {
	Routers map[string]map[string]any   // by router id
	Peers   map[string]map[string]any   // router id + peer
	Tables  map[string][]map[string]any // router id + peer + rib + table, routes in API order
	Routes  int
}

// volatile are the fields that differ between two stations fed the
// same messages at different times: when the station saw something, the
// TCP port, the message counts (routers go on sending statistics).
var volatile = map[string]bool{"connected_since": true, "initiated": true, "since": true, "first_seen": true,
	"at": true, "updated": true, "end_of_rib": true, "last_message": true, "received": true, "port": true,
	"messages": true, "messages_total": true, "octets": true, "memory": true, "stats": true}

func view(base string) (apiView, error) {
	v := apiView{Routers: map[string]map[string]any{}, Peers: map[string]map[string]any{}, Tables: map[string][]map[string]any{}}
	var rs struct {
		Routers []map[string]any `json:"routers"`
	}
	if err := getJSON(base+"/api/v1/routers", &rs); err != nil {
		return v, err
	}
	for _, r := range rs.Routers {
		id := fmt.Sprint(r["name"])
		v.Routers[id] = strip(r).(map[string]any)
		var ps struct {
			Peers []map[string]any `json:"peers"`
		}
		if err := getJSON(base+"/api/v1/routers/"+url.PathEscape(id)+"/peers", &ps); err != nil {
			return v, err
		}
		for _, p := range ps.Peers {
			pk := id + " " + fmt.Sprint(p["id"])
			v.Peers[pk] = strip(p).(map[string]any)
			tables, _ := p["tables"].([]any)
			for _, tv := range tables {
				tm, _ := tv.(map[string]any)
				fams, _ := tm["families"].([]any)
				for _, fv := range fams {
					fam := fmt.Sprint(fv.(map[string]any)["family"])
					routes, err := tableRoutes(base, id, p, tm, fam)
					if err != nil {
						return v, err
					}
					v.Tables[pk+" "+fmt.Sprint(tm["rib"])+" "+fmt.Sprint(tm["table_name"])+" "+fam] = routes
					v.Routes += len(routes)
				}
			}
		}
	}
	return v, nil
}

// tableRoutes follows the pages of one table's routes of a family.
func tableRoutes(base, router string, p, table map[string]any, fam string) ([]map[string]any, error) {
	var out []map[string]any
	cursor := ""
	for range 1000 {
		q := url.Values{"rib": {fmt.Sprint(table["rib"])}, "limit": {"500"}, "peer_type": {fmt.Sprint(p["peer_type"])}, "family": {fam}}
		if tn, ok := table["table_name"].(string); ok && tn != "" {
			q.Set("table_name", tn)
		}
		if d, ok := p["peer_distinguisher"].(string); ok && d != "" {
			q.Set("peer_distinguisher", d)
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Routes []map[string]any `json:"routes"`
			Next   string           `json:"next"`
		}
		path := "/api/v1/peers/" + url.PathEscape(router) + "/" + url.PathEscape(fmt.Sprint(p["peer_ip"])) + "/routes?" + q.Encode()
		if err := getJSON(base+path, &page); err != nil {
			return nil, err
		}
		for _, r := range page.Routes {
			out = append(out, strip(r).(map[string]any))
		}
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
	return nil, fmt.Errorf("%s: more than 1000 pages", router)
}

// strip drops the volatile fields at every depth.
func strip(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if !volatile[k] {
				out[k] = strip(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = strip(e)
		}
		return out
	}
	return v
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// diff names what differs between two views.
func diff(got, want apiView) string {
	var out []string
	cmp := func(what string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			gb, _ := json.Marshal(g)
			wb, _ := json.Marshal(w)
			out = append(out, fmt.Sprintf("%s:\n got %.2000s\nwant %.2000s", what, gb, wb))
		}
	}
	for k := range union(got.Routers, want.Routers) {
		cmp("router "+k, got.Routers[k], want.Routers[k])
	}
	for k := range union(got.Peers, want.Peers) {
		cmp("peer "+k, got.Peers[k], want.Peers[k])
	}
	for k := range union(got.Tables, want.Tables) {
		cmp("table "+k, got.Tables[k], want.Tables[k])
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func union[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
