package station

import (
	"encoding/json"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserChartsPaging: the charts draw the station's own series of
// the FRR capture (a vertex per value, the keyboard reads the latest),
// and the overview's peers, a lookup's paths and a peer's table come a
// page at a time: "Next" fetches the page the API gives after the first.
func TestBrowserChartsPaging(t *testing.T) {
	ts := startStation(t, Config{})
	msgs, k1, k2 := frrStatsSteps(t)
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	t0 := time.Now().Add(time.Hour)
	for i, k := range []int{k1, k2, len(msgs)} {
		f.sendUntil(k)
		ts.st.sampleSeries(t0.Add(time.Duration(i) * seriesStep))
	}
	var rs struct{ Routers []routerJSON }
	ts.get(t, "/api/v1/routers", &rs)
	router := rs.Routers[0].Name
	_, series := seriesOf(t, ts, "router="+router)
	ctx := browser(t)

	// Charts.
	const peer = "127.0.0.2"
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.http.URL+"/charts?router="+router+"&peer="+peer)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the charts", `document.querySelectorAll("svg.chart").length >= 3`)
	drawn := eval[map[string]int](t, ctx, `Object.fromEntries([...document.querySelectorAll("figure.chart-box")].flatMap(f =>
		[...f.querySelectorAll(".line")].map(l => [f.dataset.chart + " | " + l.dataset.series, +l.dataset.points])))`)
	want := map[string]int{}
	stats := 0
	for _, s := range series {
		switch {
		case s.Peer == "":
			label := map[string]string{"messages": "messages", "route_monitoring": "route monitoring"}[s.Kind]
			want["Message rates of "+router+" | "+label] = len(s.Values)
		case s.Kind == "routes":
			want["Routes per peer | "+s.Peer+" "+s.Name] = len(s.Values)
		case s.Kind == "stat" && s.Peer == peer:
			stats++
		}
	}
	for k, n := range want {
		if drawn[k] != n {
			t.Errorf("chart line %q: %d vertices, want the series' %d values", k, drawn[k], n)
		}
	}
	if got := eval[int](t, ctx, `document.querySelectorAll(".chart-grid figure.chart-box").length`); stats == 0 || got != stats {
		t.Errorf("%d Statistics Report charts of %s, want its %d series", got, peer, stats)
	}
	// The keyboard: End puts the marker on the newest tick.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`svg.chart`)), chromedp.KeyEvent(kb.End)); err != nil {
		t.Fatal(err)
	}
	m := series[" messages "].Values
	if got := eval[string](t, ctx, `document.querySelector("figure.chart-box .readout").textContent`); !containsAll(got, "messages "+strconv.FormatFloat(m[len(m)-1], 'f', -1, 64)) {
		t.Errorf("End reads %q, want the newest rate %v", got, m[len(m)-1])
	}
	// A redraw (every 10 s, or the window's width) keeps the focus and
	// the marker.
	before := eval[string](t, ctx, `document.querySelector("figure.chart-box .readout").textContent`)
	eval[any](t, ctx, `renderCharts(lastSeries, "`+router+`")`)
	if got := eval[string](t, ctx, `document.activeElement.id + " | " + document.querySelector("figure.chart-box .readout").textContent`); got != "chart-rates | "+before {
		t.Errorf("after a redraw: %q, want the rates chart focused and %q", got, before)
	}
	shoot(t, ctx, "charts")

	// The overview, two peers a page.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/?peers=2")); err != nil {
		t.Fatal(err)
	}
	peersShown := `[...document.querySelectorAll("article.router tr[data-peer]")].map(e => e.dataset.peer)`
	waitJS(t, ctx, "two peers", peersShown+`.length === 2`)
	var all struct{ Peers []peerJSON }
	ts.get(t, "/api/v1/routers/"+router+"/peers", &all)
	var ids []string
	for _, p := range all.Peers {
		ids = append(ids, p.ID)
	}
	if got := eval[[]string](t, ctx, peersShown); !slices.Equal(got, ids[:2]) {
		t.Errorf("first peer page %q, want %q", got, ids[:2])
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("peers0-next"))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the second peer page", peersShown+`[0] === "`+ids[2]+`"`)
	if got := eval[[]string](t, ctx, peersShown); !slices.Equal(got, ids[2:min(4, len(ids))]) {
		t.Errorf("second peer page %q, want %q", got, ids[2:min(4, len(ids))])
	}
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "peers0-next" && id != "peers0-prev" {
		t.Errorf("focus after paging is on %q, want the pager", id)
	}
	shoot(t, ctx, "overview-paged")

	// A lookup, 10 paths a page.
	var lk lookupAnswer
	ts.get(t, "/api/v1/lookup?prefix=0.0.0.0/0&mode=more-specific&limit=10", &lk)
	var page2 lookupAnswer
	ts.get(t, "/api/v1/lookup?prefix=0.0.0.0/0&mode=more-specific&limit=10&cursor="+url.QueryEscape(lk.Next), &page2)
	if lk.Next == "" || len(page2.Matches) == 0 {
		t.Fatal("the lookup has a single page")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/lookup?q=0.0.0.0/0&mode=more-specific&limit=10")); err != nil {
		t.Fatal(err)
	}
	pathsShown := `[...document.querySelectorAll("#paths tr.path")].map(e => e.dataset.peer + " " + e.dataset.table + " " + e.children[4].textContent)`
	apiPaths := func(a lookupAnswer) (out []string) {
		for _, m := range a.Matches {
			out = append(out, m.Peer+" "+m.RIB+" "+m.Route.Prefix)
		}
		return out
	}
	waitJS(t, ctx, "ten paths", `document.querySelectorAll("#paths tr.path").length === 10`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("paths-next"))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the second page of paths", `!document.getElementById("paths-prev").disabled`)
	if got := eval[[]string](t, ctx, pathsShown); !slices.Equal(got, apiPaths(page2)) {
		t.Errorf("second page of paths %q, want %q", got, apiPaths(page2))
	}
	shoot(t, ctx, "lookup-paged")

	// A peer's table under a prefix, 2 routes a page, by keyboard: the
	// fullest IPv4 table, under the /8 of its first route.
	tpeer, table, most := "", "", 0
	for _, p := range all.Peers {
		for _, tb := range p.Tables {
			if tb.Routes > most && p.Address == p.ID {
				tpeer, table, most = p.ID, tb.RIB, tb.Routes
			}
		}
	}
	var whole routesPageOf[apiRoute]
	ts.get(t, "/api/v1/routers/"+router+"/peers/"+tpeer+"/routes?family=ipv4-unicast&limit=10000&table="+table, &whole)
	if len(whole.Routes) == 0 {
		t.Fatal("no IPv4 route to browse")
	}
	under := netip.PrefixFrom(netip.MustParsePrefix(whole.Routes[0].Prefix).Addr(), 8).Masked().String()
	base := "/api/v1/routers/" + router + "/peers/" + tpeer + "/routes?family=ipv4-unicast&limit=2&table=" + table + "&prefix=" + under
	var r1, r2 routesPageOf[apiRoute]
	ts.get(t, base, &r1)
	ts.get(t, base+"&cursor="+url.QueryEscape(r1.Next), &r2)
	if r1.Next == "" || len(r2.Routes) == 0 {
		t.Fatalf("%s %s has a single page under %s", tpeer, table, under)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/routes?router="+router+"&peer="+tpeer+"&table="+table+"&limit=2")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the table's first page", `document.querySelectorAll("#table-routes tr.route").length === 2`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("rt-prefix"), under+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	routesShown := `[...document.querySelectorAll("#table-routes tr.route")].map(e => e.dataset.prefix)`
	prefixes := func(p routesPageOf[apiRoute]) (out []string) {
		for _, r := range p.Routes {
			out = append(out, r.Prefix)
		}
		return out
	}
	waitJS(t, ctx, "the routes under "+under, `document.getElementById("routes-status").textContent.includes("under `+under+`") && JSON.stringify(`+routesShown+`) === '`+mustJSON(t, prefixes(r1))+`'`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("routes-next")), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the second page of routes", `JSON.stringify(`+routesShown+`) === '`+mustJSON(t, prefixes(r2))+`'`)
	shoot(t, ctx, "routes")
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
