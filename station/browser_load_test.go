package station

import (
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/rib"
)

// TestBrowserLoad measures the page with a large RIB: one router with
// BGPLENS_WEB_PEERS peers (default 50), come up over BMP, and
// BGPLENS_WEB_ROUTES routes each (default 2,000 here; PERFORMANCE.md
// gives 20,000) put straight into the RIB. It logs the time to the first
// render of the overview, a lookup's round trip, a more-specific
// lookup's first page and a page of a table, and checks what each shows.
func TestBrowserLoad(t *testing.T) {
	peers := envInt("BGPLENS_WEB_PEERS", 50)
	perPeer := envInt("BGPLENS_WEB_ROUTES", 2000)
	const src, name = "127.0.0.12", "load"
	ts := startStation(t, Config{RouterNames: map[string]string{src: name}})
	routerID := netip.MustParseAddr("192.0.2.12")
	b := synthAppend(t, nil, bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte(name)}}})
	for i := range peers {
		b = synthAppend(t, b, synthPeerUp(t, synthPeer(i), routerID))
	}
	c := dialFrom(t, ts, src)
	if _, err := c.Write(b); err != nil {
		t.Fatal(err)
	}
	ts.waitMessages(t, name, portOf(c), uint64(1+peers))

	start := time.Now()
	const chunk = 900 // /24s per UPDATE: 3.6 kB of NLRI
	now := time.Now()
	for i := range peers {
		h := synthPeer(i)
		key := rib.TableKey{Router: name, Peer: rib.PeerID{Addr: h.Address}, RIB: rib.AdjInPre}
		for lo := 0; lo < perPeer; lo += chunk {
			var ps []netip.Prefix
			for j := lo; j < min(lo+chunk, perPeer); j++ {
				ps = append(ps, synthPrefix(j))
			}
			rm := synthRoutes(t, h, false, ps...)
			u, err := bgp.ParseUpdate(rm.BGP, bgp.Session{AS4: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := ts.st.db.Apply(key, u, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	stats := ts.st.db.Stats()
	total := stats.Routes
	if total != peers*perPeer {
		t.Fatalf("the RIB holds %d routes, want %d", total, peers*perPeer)
	}
	t.Logf("RIB: %d peers x %d routes = %d routes built in %v, %d MB", peers, perPeer, total, time.Since(start).Round(time.Millisecond), stats.Bytes>>20)

	// The API alone, for comparison: the round trips the page makes.
	peer := synthPeer(peers - 1).Address.String()
	q := synthPrefix(perPeer / 2)
	for _, path := range []string{
		"/api/v1/lookup?mode=exact&prefix=" + q.String(),
		"/api/v1/lookup?mode=more-specific&limit=100&prefix=0.0.0.0/0",
		"/api/v1/routers/" + name + "/peers/" + peer + "/routes?limit=100",
		"/api/v1/routers/" + name + "/peers?limit=20",
	} {
		start := time.Now()
		if code := ts.get(t, path, nil); code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		t.Logf("API %s: %v", path, time.Since(start).Round(10*time.Microsecond))
	}

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	measure := func(what, path, ready string) {
		t.Helper()
		start := time.Now()
		if path != "" {
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+path)); err != nil {
				t.Fatal(err)
			}
		}
		waitJS(t, ctx, what, ready)
		t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
	}
	measure("overview: first render with the first peer page", "/",
		`document.querySelectorAll('article.router[data-router="load"] tr[data-peer]').length === `+strconv.Itoa(min(peers, 20)))
	shoot(t, ctx, "overview-load")
	measure("lookup round trip: every peer's path of "+q.String(), "/lookup?mode=exact&q="+q.String(),
		`document.querySelectorAll("#paths tr.path").length === `+strconv.Itoa(min(peers, 100)))
	measure("lookup more-specific 0.0.0.0/0: the first page", "/lookup?mode=more-specific&q=0.0.0.0/0",
		`document.querySelectorAll("#paths tr.path").length === 100 && !document.getElementById("paths-next").disabled`)
	measure("a page of a table", "/routes?router="+name+"&peer="+peer+"&table=adj-rib-in-pre",
		`document.querySelectorAll("#table-routes tr.route").length === `+strconv.Itoa(min(perPeer, 100)))
	if perPeer > 100 {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("routes-next"))); err != nil {
			t.Fatal(err)
		}
		measure("the next page of the table", "", `(document.querySelector("#table-routes tr.route") || {}).dataset.prefix === "`+synthPrefix(100).String()+`"`)
	}
}
