package station_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/routerlab"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
)

// The station against real routers (internal/routerlab): FRR's bgpd and
// gobgpd export BMP to it over loopback while a gobgpd route source
// announces, withdraws and goes down. What the API shows must be what the
// routers' own CLIs say they hold (vtysh, gobgp), table by table, with the
// exporters' known ways applied (routerlab.FRRExpected, MonitorExpected).
// A recorder between the routers and the station keeps the bytes they
// sent, so a disagreement can be put on the exporter or on the station.

// testStation is a station serving BMP on a loopback port and its API
// through httptest.
type testStation struct {
	st      *station.Station
	bmpAddr string
	api     *apiClient
	logs    *testrig.SyncBuffer
}

// startStation runs a station with cfg until the test ends; its log is
// printed if the test fails.
func startStation(t *testing.T, cfg station.Config) *testStation {
	t.Helper()
	logs := &testrig.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := station.New(cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	addr, stop := testrig.Serve(t, st.Serve, 10*time.Second)
	srv := httptest.NewServer(st.Handler())
	t.Cleanup(func() {
		srv.Close()
		if err := stop(); err != nil {
			t.Errorf("Serve: %v", err)
		}
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if t.Failed() {
			t.Logf("station log:\n%s", tail(logs.String(), 6000))
		}
	})
	return &testStation{st: st, bmpAddr: addr, api: &apiClient{base: srv.URL}, logs: logs}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// The API's JSON, as far as the tests read it (docs/station.md).
type (
	apiRouter struct {
		Name        string            `json:"name"`
		Address     string            `json:"address"`
		Port        uint16            `json:"port"`
		Connected   bool              `json:"connected"`
		CloseReason string            `json:"close_reason"`
		SysName     string            `json:"sys_name"`
		SysDescr    string            `json:"sys_descr"`
		Messages    map[string]uint64 `json:"messages"`
		MsgTotal    uint64            `json:"messages_total"`
		Octets      uint64            `json:"octets"`
		Peers       int               `json:"peers"`
		PeersUp     int               `json:"peers_up"`
		Routes      int               `json:"routes"`
	}
	apiOpen struct {
		AS           uint32   `json:"asn"`
		BGPID        string   `json:"bgp_id"`
		Capabilities []string `json:"capabilities"`
	}
	apiPeer struct {
		ID      string `json:"id"`
		Type    string `json:"peer_type"`
		Address string `json:"peer_ip"`
		AS      uint32 `json:"peer_asn"`
		State   string `json:"state"`
		PeerUp  *struct {
			SentOpen     apiOpen  `json:"sent_open"`
			ReceivedOpen apiOpen  `json:"received_open"`
			AS4          bool     `json:"four_octet_as"`
			AddPath      []string `json:"add_path"`
			Mismatches   []string `json:"mismatches"`
		} `json:"peer_up"`
		LastDown *struct {
			ReasonCode   uint8 `json:"reason_code"`
			WasUp        bool  `json:"was_up"`
			RoutesGone   int   `json:"routes_removed"`
			Notification *struct {
				Code    uint8 `json:"code"`
				Subcode uint8 `json:"subcode"`
			} `json:"notification"`
		} `json:"last_down"`
		Downs   uint64 `json:"peer_downs"`
		Retries uint64 `json:"peer_down_retries"`
		Tables  []struct {
			Table     string `json:"rib"`
			TableName string `json:"table_name"`
			Routes    int    `json:"routes"`
		} `json:"tables"`
	}
	apiRoute struct {
		Prefix           string   `json:"prefix"`
		PathID           uint32   `json:"path_id"`
		NextHop          string   `json:"next_hop"`
		ASPath           *string  `json:"as_path"`
		MED              *uint32  `json:"med"`
		Communities      []string `json:"communities"`
		LargeCommunities []string `json:"large_communities"`
	}
	apiRoutesPage struct {
		Routes []apiRoute `json:"routes"`
		Next   string     `json:"next_cursor"`
	}
)

type apiClient struct{ base string }

func (c *apiClient) get(path string, v any) error {
	resp, err := http.Get(c.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, bytes.TrimSpace(body))
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

func (c *apiClient) routers() ([]apiRouter, error) {
	var v struct {
		Routers []apiRouter `json:"routers"`
	}
	err := c.get("/api/v1/routers", &v)
	return v.Routers, err
}

var errNoRouter = errors.New("no connected router with that sysName")

// router gives the connected router whose Initiation had sysName.
func (c *apiClient) router(sysName string) (apiRouter, error) {
	rs, err := c.routers()
	if err != nil {
		return apiRouter{}, err
	}
	var found []apiRouter
	for _, r := range rs {
		if r.Connected && r.SysName == sysName {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 0:
		return apiRouter{}, fmt.Errorf("%w %q (routers: %+v)", errNoRouter, sysName, rs)
	case 1:
		return found[0], nil
	}
	return apiRouter{}, fmt.Errorf("%d connected routers with sysName %q: %+v", len(found), sysName, found)
}

func (c *apiClient) peers(router string) ([]apiPeer, error) {
	var v struct {
		Peers []apiPeer `json:"peers"`
	}
	err := c.get("/api/v1/routers/"+url.PathEscape(router)+"/peers", &v)
	return v.Peers, err
}

// routes gives a table's routes in both unicast families, following the
// pages, as routerlab Paths.
func (c *apiClient) routes(router string, k bmp.PeerKey) ([]routerlab.Path, error) {
	var out []routerlab.Path
	for _, fam := range []string{"ipv4-unicast", "ipv6-unicast"} {
		cursor := ""
		for page := 0; ; page++ {
			if page > 1000 {
				return nil, errors.New("more than 1000 pages")
			}
			q := url.Values{"rib": {k.RIB.String()}, "family": {fam}, "limit": {"50"},
				"peer_type": {peerTypeName(k.Type)}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			var p apiRoutesPage
			path := "/api/v1/peers/" + url.PathEscape(router) + "/" + url.PathEscape(k.Address.String()) + "/routes?" + q.Encode()
			if err := c.get(path, &p); err != nil {
				if strings.Contains(err.Error(), "no such peer") {
					return nil, nil
				}
				if strings.Contains(err.Error(), "has no table") {
					break // the peer's tables went with a Peer Down: none of this family
				}
				return nil, err
			}
			for _, r := range p.Routes {
				rp, err := apiPath(r)
				if err != nil {
					return nil, err
				}
				out = append(out, rp)
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
	}
	routerlab.SortPaths(out)
	return out, nil
}

func peerTypeName(t bmp.PeerType) string {
	return t.JSONName()
}

func apiPath(r apiRoute) (routerlab.Path, error) {
	p := routerlab.Path{PathID: r.PathID, HasAttrs: true, MED: r.MED,
		Communities: slices.Sorted(slices.Values(r.Communities)), LargeCommunities: slices.Sorted(slices.Values(r.LargeCommunities))}
	var err error
	if p.Prefix, err = netip.ParsePrefix(r.Prefix); err != nil {
		return p, err
	}
	if r.NextHop != "" {
		if p.NextHop, err = netip.ParseAddr(r.NextHop); err != nil {
			return p, err
		}
	}
	if r.ASPath != nil {
		p.ASPath = *r.ASPath
	}
	return p, nil
}

// exporter is one BMP exporter of the lab: its sysName and how to work
// out what its BMP should show.
type exporter struct {
	sysName string
	expect  func(context.Context) ([]routerlab.Expectation, error)
}

// agree polls until, for every exporter, each table the station shows
// is what the exporter's CLI says (adjust, when not nil, may change the
// expectations first), and the station shows no other table with routes.
// On timeout it fails the test with the differences, and with those
// between the recorded stream and the CLI, which tell an exporter's
// departure from a station's error.
func agree(t *testing.T, ctx context.Context, ts *testStation, rec *routerlab.Recorder, stage string, exps []exporter,
	adjust func(sysName string, e *routerlab.Expectation)) {
	t.Helper()
	t0 := time.Now()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var diffs, streamDiffs []string
	err := routerlab.Poll(ctx, 300*time.Millisecond, func() (bool, error) {
		diffs, streamDiffs = nil, nil
		for _, x := range exps {
			r, err := ts.api.router(x.sysName)
			if err != nil {
				diffs = append(diffs, err.Error())
				continue
			}
			cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
			es, err := x.expect(cctx)
			ccancel()
			if err != nil {
				// A router's CLI can be slow to answer right after the
				// router started (bgpd loading, a loaded machine): what
				// it holds is asked again until the stage's deadline.
				diffs = append(diffs, x.sysName+": its CLI: "+err.Error())
				continue
			}
			_, tb, haveStream := rec.Latest(x.sysName)
			want := map[bmp.PeerKey]bool{}
			for i := range es {
				if adjust != nil {
					adjust(x.sysName, &es[i])
				}
				e := es[i]
				want[e.Key()] = true
				got, err := ts.api.routes(r.Name, e.Key())
				if err != nil {
					return false, err
				}
				for _, d := range routerlab.Compare(e, got) {
					diffs = append(diffs, x.sysName+": "+d)
				}
				if haveStream {
					for _, d := range routerlab.Compare(e, tb.RIB(e.Key())) {
						streamDiffs = append(streamDiffs, x.sysName+" (stream): "+d)
					}
				}
			}
			peers, err := ts.api.peers(r.Name)
			if err != nil {
				return false, err
			}
			for _, p := range peers {
				for _, tab := range p.Tables {
					if tab.Routes == 0 {
						continue
					}
					if k, ok := tableKey(p, tab.Table); !ok || !want[k] {
						diffs = append(diffs, fmt.Sprintf("%s: peer %s table %s: %d routes, none expected", x.sysName, p.ID, tab.Table, tab.Routes))
					}
				}
			}
		}
		return len(diffs) == 0, nil
	})
	if err != nil {
		t.Fatalf("%s: the station does not show what the routers hold (%v):\n%s\n\nthe recorded BMP streams against the routers' CLIs:\n%s",
			stage, err, strings.Join(diffs, "\n"), strings.Join(streamDiffs, "\n"))
	}
	t.Logf("%s: the station agrees with the routers' CLIs (%v)", stage, time.Since(t0).Round(time.Millisecond))
}

// tableKey gives the bmp.PeerKey of a table the API lists.
func tableKey(p apiPeer, table string) (bmp.PeerKey, bool) {
	a, err := netip.ParseAddr(p.Address)
	if err != nil {
		return bmp.PeerKey{}, false
	}
	k := bmp.PeerKey{Address: a}
	switch p.Type {
	case "global":
		k.Type = bmp.PeerGlobal
	case "loc_rib":
		k.Type = bmp.PeerLocRIB
	default:
		return k, false
	}
	for r := bmp.RIBInPre; r <= bmp.RIBLoc; r++ {
		if r.String() == table {
			k.RIB = r
			return k, true
		}
	}
	return k, false
}

// findPeer gives a router's peer by address and type.
func findPeer(t *testing.T, ts *testStation, router string, addr netip.Addr, typ string) apiPeer {
	t.Helper()
	peers, err := ts.api.peers(router)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range peers {
		if p.Address == addr.String() && p.Type == typ {
			return p
		}
	}
	t.Fatalf("router %s: no %s peer %v in %+v", router, typ, addr, peers)
	return apiPeer{}
}

// waitPeer polls until the router's peer satisfies cond.
func waitPeer(t *testing.T, ctx context.Context, ts *testStation, sysName string, addr netip.Addr, what string, cond func(apiPeer) bool) apiPeer {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var last apiPeer
	var lastErr error
	err := routerlab.Poll(ctx, 100*time.Millisecond, func() (bool, error) {
		r, err := ts.api.router(sysName)
		if err != nil {
			lastErr = err
			return false, nil
		}
		peers, err := ts.api.peers(r.Name)
		if err != nil {
			return false, err
		}
		for _, p := range peers {
			if p.Address == addr.String() && p.Type == "global" {
				last = p
				return cond(p), nil
			}
		}
		lastErr = fmt.Errorf("no peer %v", addr)
		return false, nil
	})
	if err != nil {
		t.Fatalf("%s: peer %v of %s: %v (last error %v; last seen %+v)", what, addr, sysName, err, lastErr, last)
	}
	return last
}

func TestRealRouters(t *testing.T) {
	t0 := time.Now()
	ts := startStation(t, station.Config{})
	rec := routerlab.NewRecorder(t, ts.bmpAddr)
	const n4, n6 = 40, 40
	lab := routerlab.Start(t, routerlab.Options{Collector: rec.Addr(), V4: n4, V6: n6, SecondPaths: 7, Monitor: true,
		Hostname: "frr-lab", MonitorSysName: "gobgp-lab"})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	exps := []exporter{{"frr-lab", lab.FRRExpected}, {"gobgp-lab", lab.MonitorExpected}}
	src, frrAddr, mon := lab.Source.Addr, lab.FRR.Addr, lab.Monitor.Addr

	agree(t, ctx, ts, rec, "start", exps, nil)

	// Routers: sysName and sysDescr from the Initiation.
	frr, err := ts.api.router("frr-lab")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(frr.SysDescr, "FRRouting") {
		t.Errorf("FRR's sys_descr %q", frr.SysDescr)
	}
	gob, err := ts.api.router("gobgp-lab")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(gob.SysDescr, "gobgpd") {
		t.Errorf("gobgpd's sys_descr %q", gob.SysDescr)
	}
	if frr.PeersUp != 2 || gob.PeersUp != 2 {
		t.Errorf("peers up: FRR %d, gobgpd %d; want 2 and 2", frr.PeersUp, gob.PeersUp)
	}
	// 80 prefixes from the source pre-policy, 72 post-policy, FRR's own 2,
	// and what the monitor sends FRR.
	if frr.Routes < n4+n6+(n4+n6)*9/10+2 {
		t.Errorf("FRR router: %d routes", frr.Routes)
	}

	// Peers, with the capabilities of the Peer Up OPENs.
	p := findPeer(t, ts, frr.Name, src, "global")
	if p.State != "up" || p.AS != routerlab.SourceAS || p.PeerUp == nil {
		t.Fatalf("FRR's peer %v: %+v", src, p)
	}
	if !p.PeerUp.AS4 || p.PeerUp.ReceivedOpen.AS != routerlab.SourceAS || p.PeerUp.SentOpen.AS != routerlab.FRRAS ||
		!slices.Contains(p.PeerUp.ReceivedOpen.Capabilities, "4-octet AS") || len(p.PeerUp.AddPath) != 0 {
		t.Errorf("FRR's peer %v: Peer Up %+v", src, *p.PeerUp)
	}
	if p := findPeer(t, ts, frr.Name, mon, "global"); p.State != "up" || p.AS != routerlab.MonitorAS {
		t.Errorf("FRR's peer %v: %+v", mon, p)
	}
	if p := findPeer(t, ts, frr.Name, netip.IPv4Unspecified(), "global"); p.State != "no_peer_up" {
		t.Errorf("FRR's own routes' peer 0.0.0.0: state %q, want no_peer_up", p.State)
	}
	p = findPeer(t, ts, gob.Name, src, "global")
	if p.State != "up" || p.PeerUp == nil || !slices.Contains(p.PeerUp.AddPath, "ipv4-unicast") || !slices.Contains(p.PeerUp.AddPath, "ipv6-unicast") {
		t.Errorf("gobgpd's peer %v (ADD-PATH from the source): %+v", src, p)
	}
	if p := findPeer(t, ts, gob.Name, frrAddr, "global"); p.State != "up" || p.AS != routerlab.FRRAS {
		t.Errorf("gobgpd's peer %v: %+v", frrAddr, p)
	}
	if p := findPeer(t, ts, gob.Name, netip.IPv4Unspecified(), "loc_rib"); p.State != "no_peer_up" {
		t.Errorf("gobgpd's Loc-RIB: state %q, want no_peer_up", p.State)
	}

	// Announcements and withdrawals at the source.
	dyn := routerlab.Dynamic(4)
	for _, r := range dyn {
		if err := lab.Source.Announce(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, ctx, ts, rec, "announced", exps, nil)
	for _, r := range dyn[:len(dyn)/2] {
		if err := lab.Source.Withdraw(ctx, r.Prefix); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, ctx, ts, rec, "withdrawn", exps, nil)
	for _, r := range dyn[:len(dyn)/2] {
		res, err := http.Get(ts.api.base + "/api/v1/lookup?mode=exact&prefix=" + url.QueryEscape(r.Prefix.String()))
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Matches []json.RawMessage `json:"matches"`
		}
		err = json.NewDecoder(res.Body).Decode(&v)
		res.Body.Close()
		if err != nil || len(v.Matches) != 0 {
			t.Errorf("lookup %v after its withdrawal: %d matches (%v)", r.Prefix, len(v.Matches), err)
		}
	}

	// The source shuts its session with FRR down: Peer Down (a Cease
	// NOTIFICATION), the peer's tables cleared.
	if err := lab.Source.DisableNeighbor(ctx, frrAddr); err != nil {
		t.Fatal(err)
	}
	p = waitPeer(t, ctx, ts, "frr-lab", src, "after the source disabled it", func(p apiPeer) bool { return p.State == "down" })
	if p.LastDown == nil || p.Downs == 0 {
		t.Errorf("FRR's peer %v down without a Peer Down: %+v", src, p)
	} else if d := p.LastDown; d.ReasonCode == 3 && (d.Notification == nil || d.Notification.Code != 6) {
		t.Errorf("FRR's peer %v: Peer Down reason 3 without a Cease NOTIFICATION: %+v", src, *d)
	}
	for _, tab := range p.Tables {
		if tab.Routes != 0 {
			t.Errorf("FRR's peer %v down, table %s still holds %d routes", src, tab.Table, tab.Routes)
		}
	}
	agree(t, ctx, ts, rec, "source's session with FRR down", exps, nil)
	// FRR goes on trying the source, a Peer Down per failed attempt: the
	// one that ended the session stays the peer's last_down.
	p = findPeer(t, ts, "frr-lab", src, "global")
	if d := p.LastDown; d == nil || !d.WasUp || d.RoutesGone == 0 {
		t.Errorf("FRR's peer %v after %d retries: last_down %+v", src, p.Retries, d)
	}
	t.Logf("FRR's peer %v: %d Peer Downs, %d retries after the one that ended the session", src, p.Downs, p.Retries)

	// Up again. Whether FRR 8.4 reports the routes its inbound policy
	// rejects in pre-policy, when they arrive while BMP is up, depends on
	// the order of events (routerlab.FRRExpected): they are optional.
	if err := lab.Source.EnableNeighbor(ctx, frrAddr); err != nil {
		t.Fatal(err)
	}
	waitPeer(t, ctx, ts, "frr-lab", src, "after the source enabled it", func(p apiPeer) bool { return p.State == "up" })
	agree(t, ctx, ts, rec, "source's session with FRR up again", exps, func(sysName string, e *routerlab.Expectation) {
		if sysName == "frr-lab" {
			routerlab.RejectedOptional(e)
		}
	})

	// FRR's BMP target removed (FRR closes without a Termination) and
	// configured again: a new session, the tables back.
	if err := lab.FRR.StopBMP(ctx); err != nil {
		t.Fatal(err)
	}
	waitGone(t, ctx, ts, "frr-lab")
	if err := lab.FRR.StartBMP(ctx); err != nil {
		t.Fatal(err)
	}
	agree(t, ctx, ts, rec, "FRR's BMP reconnected", exps, nil)

	// FRR killed: its BMP connection reset, the monitor's session with it
	// down; restarted: both back, with the tables.
	if err := lab.FRR.Kill(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, ctx, ts, "frr-lab")
	waitPeer(t, ctx, ts, "gobgp-lab", frrAddr, "after FRR was killed", func(p apiPeer) bool { return p.State == "down" })
	if err := lab.RestartFRR(ctx); err != nil {
		t.Fatal(err)
	}
	agree(t, ctx, ts, rec, "FRR restarted", exps, nil)

	rs, err := ts.api.routers()
	if err != nil {
		t.Fatal(err)
	}
	// FRR reconnected twice (BMP target removed, process killed): one
	// entry, named by its sysName, not one per connection.
	entries := 0
	for _, r := range rs {
		t.Logf("router %s (%s): connected %v, %d peers, %d routes, %s", r.Name, r.SysName, r.Connected, r.Peers, r.Routes, r.CloseReason)
		if r.SysName == "frr-lab" {
			entries++
			if r.Name != "frr-lab" || !r.Connected {
				t.Errorf("FRR's entry: %q, connected %v", r.Name, r.Connected)
			}
		}
	}
	if entries != 1 {
		t.Errorf("%d router entries for FRR after two reconnections", entries)
	}
	t.Logf("total %v", time.Since(t0).Round(time.Millisecond))
}

// waitGone polls until no connected router has sysName and the
// disconnected one holds no routes (the station clears them: no stale
// grace configured).
func waitGone(t *testing.T, ctx context.Context, ts *testStation, sysName string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var rs []apiRouter
	err := routerlab.Poll(ctx, 100*time.Millisecond, func() (bool, error) {
		var err error
		if rs, err = ts.api.routers(); err != nil {
			return false, err
		}
		for _, r := range rs {
			if r.SysName == sysName && (r.Connected || r.Routes != 0) {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		t.Fatalf("router %s still connected or holding routes: %v: %+v", sysName, err, rs)
	}
}
