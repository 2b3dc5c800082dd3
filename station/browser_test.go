package station

import (
	"context"
	"encoding/hex"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/bgplens/bgplens/bmp"
)

// The browser tests drive Debian's chromium (installed by .ci/run)
// headless against a station fed the real FRR stream of
// testdata/frr-bmp, and write screenshots to testdata-out/screenshots
// (ignored by git, kept by CI).

const chromiumPath = "/usr/bin/chromium"

// The three log lines of issue 4 (explain/line_test.go), as routers
// logged them: Ericsson's with 4 octets of its own before the message,
// Cisco's with the NOTIFICATION data alone, FRR's cut short.
const (
	articleEricsson = `notification msg sent (nbr 192.0.2.1, context 0x40030044 32 bytes, repeated 89 times, code 3/4 (update: attribute flags error) - 0000 0000 ffff ffff ffff ffff ffff ffff ffff ffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01`
	articleCisco    = `NOTIFICATION received from 192.0.2.2 (External AS 64496): code 3 (Update Message Error) subcode 4 (attribute flags error), Data: e0 07 08 00 03 02 ed 5b dc 3f 01`
	articleFRR      = `%NOTIFICATION: received from neighbor 192.168.0.1 3/5 (UPDATE Message Error/Attribute Length Error) 3298 bytes 50 02 0c de 02 ff 00 00 0c b9 00 00 00 ae 00 04 00 3e 00 04 00 3e 00 04 00 35 00 04 00 35 ...    00 04 00 35`
)

// browser starts headless chromium for one test; console messages of
// the error level and uncaught exceptions are reported at the end, but
// for those expected says yes to.
func browser(t *testing.T, expected ...func(chromedp.ConsoleMessage) bool) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("the browser tests need Debian's chromium at %s (apt-get install chromium; .ci/run installs it): %v", chromiumPath, err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("starting chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	errs := make(chan []string, 1)
	go func() {
		var bad []string
		for m, err := range msgs {
			if err != nil {
				break
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				if len(expected) > 0 && expected[0](m) {
					continue
				}
				bad = append(bad, m.String()+" at "+m.URL)
			}
		}
		errs <- bad
	}()
	t.Cleanup(func() {
		cancelTime()
		cancel()
		cancelAlloc()
		if bad := <-errs; len(bad) > 0 {
			t.Errorf("console errors:\n%s", strings.Join(bad, "\n"))
		}
	})
	return ctx
}

// shoot writes screenshots of the page at a desktop and a phone width.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := filepath.Join("..", "testdata-out", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name string
		w, h int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(s.w, s.h), chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		// Usable on a narrow screen: nothing wider than the viewport
		// (wide tables and the hex view scroll inside their boxes).
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(s.w) {
			wide := eval[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className)`)
			t.Errorf("%s at %s width (%d): the page is %d pixels wide: %q", name, s.name, s.w, w, wide)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+s.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitJS waits until the expression is true in the page.
func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// TestBrowserDecoder: the decoder, given the three log lines in the
// link's fragment, explains each; selecting AGGREGATOR in the Ericsson
// line highlights its 11 octets, and selecting an octet selects its
// field.
func TestBrowserDecoder(t *testing.T) {
	ts := startStation(t, Config{})
	ctx := browser(t)
	in := articleEricsson + "\n" + articleCisco + "\n" + articleFRR
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.http.URL+"/decode#in="+url.QueryEscape(in))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "three explanations", `document.querySelectorAll("section.explanation").length === 3`)
	// The expected octets come from the line itself: the AGGREGATOR the
	// NOTIFICATION carries is the message's last 11 octets.
	raw, err := hex.DecodeString(strings.ReplaceAll(articleEricsson[strings.LastIndex(articleEricsson, " - ")+3:], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	var wantOffs []int
	var wantHex []string
	for i := len(raw) - 11; i < len(raw); i++ {
		wantOffs = append(wantOffs, i)
		wantHex = append(wantHex, hex.EncodeToString(raw[i:i+1]))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#x0 button.node[data-field="aggregator"]`))); err != nil {
		t.Fatal(err)
	}
	gotOffs := eval[[]int](t, ctx, `[...document.querySelectorAll("#x0 .hex .o.sel")].map(e => +e.dataset.off)`)
	gotHex := eval[[]string](t, ctx, `[...document.querySelectorAll("#x0 .hex .o.sel")].map(e => e.textContent)`)
	if !slices.Equal(gotOffs, wantOffs) || !slices.Equal(gotHex, wantHex) {
		t.Errorf("AGGREGATOR highlights octets %v %v, want %v %v", gotOffs, gotHex, wantOffs, wantHex)
	}
	link := eval[string](t, ctx, `(document.querySelector('#x0 .detail dd[data-k="RFC"] a') || {}).href || ""`)
	if !strings.HasPrefix(link, "https://www.rfc-editor.org/rfc/rfc") {
		t.Errorf("the RFC section is not a link to rfc-editor.org: %q", link)
	}
	// The reverse: the third octet of the Cisco line's data is the
	// attribute's length (RFC 4271 §4.3: flags, type, length).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#x1 .hex .o[data-off="2"]`))); err != nil {
		t.Fatal(err)
	}
	if f := eval[string](t, ctx, `document.querySelector("#x1 button.node.sel").dataset.field`); f != "attribute_length" {
		t.Errorf("octet 2 of the Cisco line selects %q, want attribute_length", f)
	}
	// By keyboard: the first arrow goes to octet 0, two more to octet 2.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#x1 .hex`)), chromedp.KeyEvent(kb.ArrowRight+kb.ArrowRight+kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	if f := eval[string](t, ctx, `document.querySelector("#x1 .hex .o.cur").dataset.off + " " + document.querySelector("#x1 button.node.sel").dataset.field`); f != "2 attribute_length" {
		t.Errorf("three ArrowRights in the Cisco line's octets: %q, want octet 2 and attribute_length", f)
	}
	if d := eval[string](t, ctx, `document.querySelector("#x1 .diagnosis").textContent`); !strings.Contains(d, "AGGREGATOR") {
		t.Errorf("diagnosis on top: %q", d)
	}
	// The problem is marked where it is: FRR logged 30 octets of an
	// AS_PATH that says it has 3294 (0x0cde) octets of value.
	if !eval[bool](t, ctx, `!!document.querySelector('#x2 button.node.problem[data-field="as_path"]')`) {
		t.Error("FRR's AS_PATH is not marked as a problem in the tree")
	}
	if bad := eval[[]int](t, ctx, `[...document.querySelectorAll("#x2 .hex .o.bad")].map(e => +e.dataset.off)`); len(bad) != 30 || bad[0] != 0 {
		t.Errorf("octets marked bad in FRR's line: %v, want the 30 of the AS_PATH", bad)
	}
	// The Cisco line's own elements: the neighbour's address and AS in
	// words, the AS one reserved for documentation (RFC 5398).
	if d := eval[string](t, ctx, `[...document.querySelectorAll('#x1 dl.entry dt[data-field="as"] + dd')].map(e => e.textContent).join(" ")`); !strings.Contains(d, "AS 64496: reserved for documentation (RFC 5398)") {
		t.Errorf("the Cisco line's AS in the entry's elements: %q", d)
	}
	if d := eval[string](t, ctx, `[...document.querySelectorAll('#x1 dl.entry dt[data-field="address"] + dd')].map(e => e.textContent).join(" ")`); !strings.Contains(d, "the neighbour: a documentation address (RFC 5737)") {
		t.Errorf("the Cisco line's neighbour in the entry's elements: %q", d)
	}
	shoot(t, ctx, "decode")
}

// TestBrowserStation: the overview shows the router and its peers, a
// lookup shows the paths the stream holds, and a withdrawn route leaves
// the lookup without a reload.
func TestBrowserStation(t *testing.T) {
	// 49 more routers come at the end, each with a name of its own (they
	// all send the same sysName).
	names := map[string]string{}
	for i := range 49 {
		names["127.0.1."+strconv.Itoa(i+1)] = "lab-" + strconv.Itoa(i+1)
	}
	ts := startStation(t, Config{RouterNames: names})
	msgs := splitStream(t, readTestdata(t, "frr-bmp/frr-small-100.bmp"))
	scans := scanUpdates(t, msgs)
	const src, prefix = "127.0.0.2", "203.0.113.0/30"
	iW := firstUpdate(msgs, scans, 0, func(s updateScan) bool {
		return s.peer.Address == netip.MustParseAddr(src) && withdraws(s, prefix)
	})
	iP := firstUpdate(msgs, scans, iW, func(s updateScan) bool { return withdraws(s, "11.0.1.0/24") })
	if iW < 0 || iP < 0 {
		t.Fatalf("scenario steps not found: %d %d", iW, iP)
	}
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	f.sendUntil(iW)
	var rs struct{ Routers []routerJSON }
	ts.get(t, "/api/v1/routers", &rs)
	if len(rs.Routers) != 1 {
		t.Fatalf("%d routers", len(rs.Routers))
	}
	router := rs.Routers[0].Name
	ctx := browser(t)

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.http.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the router", `!!document.querySelector('article.router[data-router="`+router+`"] tr[data-peer="`+src+`"]')`)
	t.Logf("overview: first render with data %v after navigating", time.Since(start).Round(time.Millisecond))
	row := eval[[]string](t, ctx, `[...document.querySelectorAll('tr[data-peer="`+src+`"] td')].map(e => e.textContent)`)
	if len(row) < 5 || row[1] != "up" || row[2] != "4200000001" || !strings.Contains(row[4], "adj-rib-in-pre: ") {
		t.Errorf("peer %s shows %q, want up, AS 4200000001 (the scenario's src) and its tables", src, row)
	}
	shoot(t, ctx, "overview")

	// The paths the oracle holds for the prefix, by peer and table.
	want := func(end int) []string {
		var out []string
		for r := range oracleAt(scans, end) {
			if r.prefix.String() == prefix {
				out = append(out, r.peer+" "+r.rib.String())
			}
		}
		slices.Sort(out)
		return out
	}
	paths := `[...document.querySelectorAll("#paths tr.path")].map(e => e.dataset.peer + " " + e.dataset.table).sort()`
	start = time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/lookup?q="+url.QueryEscape(prefix)+"&mode=exact")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the paths", `document.querySelectorAll("#paths tr.path").length > 0`)
	t.Logf("lookup: paths shown %v after navigating", time.Since(start).Round(time.Millisecond))
	before := want(iW)
	if got := eval[[]string](t, ctx, paths); len(before) == 0 || !slices.Equal(got, before) {
		t.Errorf("lookup of %s shows %q, want %q", prefix, got, before)
	}
	shoot(t, ctx, "lookup")

	// The withdraw step: the route leaves every table, and the page
	// follows without a reload.
	f.sendUntil(iP)
	start = time.Now()
	if after := want(iP); len(after) != 0 {
		t.Fatalf("the oracle still holds %q", after)
	}
	waitJS(t, ctx, "the withdrawn paths to go", `document.querySelectorAll("#paths tr.path").length === 0 && /^0 paths/.test(document.getElementById("lookup-status").textContent)`)
	// The timeline below the paths: a withdrawal from each table that
	// held the route, newest first.
	waitJS(t, ctx, "the withdrawals in the timeline", `document.querySelectorAll('#changes tr.change[data-action="withdraw"]').length === `+strconv.Itoa(len(before)))
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll('#changes tr.change[data-action="withdraw"]')].map(e => e.dataset.peer + " " + e.dataset.table).sort()`); !slices.Equal(got, before) {
		t.Errorf("withdrawals in the timeline: %q, want %q", got, before)
	}
	if first := eval[string](t, ctx, `document.querySelector("#changes tr.change").dataset.action`); first != "withdraw" {
		t.Errorf("the newest change is %q, want the withdrawal", first)
	}
	t.Logf("live: the withdrawn paths left the page %v after the station read the withdrawals", time.Since(start).Round(time.Millisecond))

	// The peer down step (run.sh peerdown: src's session shut down), on
	// the overview without a reload: down, with the NOTIFICATION named.
	iD := find(msgs, iP, func(v bmp.MessageView) bool {
		h, _ := v.Peer()
		return v.Type() == bmp.MsgPeerDown && h.Address == netip.MustParseAddr(src)
	})
	if iD < 0 {
		t.Fatal("no Peer Down of src in the stream")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "src up", `(document.querySelector('tr[data-peer="`+src+`"] td:nth-child(2)') || {}).textContent === "up"`)
	f.sendUntil(iD + 1)
	waitJS(t, ctx, "src down", `(document.querySelector('tr[data-peer="`+src+`"] td:nth-child(2)') || {}).textContent === "down"`)
	if d := eval[string](t, ctx, `document.querySelector('tr[data-peer="`+src+`"] td:nth-child(7)').textContent`); !strings.Contains(d, "Cease/Administrative Shutdown (6/2)") {
		t.Errorf("src's last Peer Down shows %q, want the Cease/Administrative Shutdown NOTIFICATION", d)
	}
	shoot(t, ctx, "overview-peerdown")
	// Its NOTIFICATION opens in the decoder: code 6, subcode 2.
	href := eval[string](t, ctx, `document.querySelector('tr[data-peer="`+src+`"] a.explain-link').getAttribute("href")`)
	if !strings.HasPrefix(href, "/decode#in=ffffffffffffffffffffffffffffffff") {
		t.Fatalf("explain link %q", href)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+href)); err != nil {
		t.Fatal(err)
	}
	code := `[...document.querySelectorAll('#x0 button.node[data-field="error_code"] .v, #x0 button.node[data-field="error_subcode"] .v')].map(e => e.textContent).join("/")`
	waitJS(t, ctx, "the NOTIFICATION explained", code+` === "6/2"`)

	// The overview with 50 routers, each with its peers and tables.
	for addr := range names {
		newFeeder(t, ts, addr, msgs).sendUntil(iW)
	}
	start = time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.http.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "50 routers", `document.querySelectorAll("article.router").length === 50 && document.querySelectorAll("tr[data-peer]").length === 200`)
	t.Logf("overview: 50 routers and 200 peers drawn %v after navigating", time.Since(start).Round(time.Millisecond))
}

// TestBrowserToken: with a token, the page asks for it, and the decoder
// works once it is given; the page's shell came without one.
func TestBrowserToken(t *testing.T) {
	ts := startStation(t, Config{Token: "t0ken"})
	unauthorized := 0
	ctx := browser(t, func(m chromedp.ConsoleMessage) bool {
		// The browser logs the one 401 that made the page ask.
		if m.Source == "network" && strings.Contains(m.Text, "401") && unauthorized == 0 {
			unauthorized++
			return true
		}
		return false
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.http.URL+"/decode#in="+url.QueryEscape(articleCisco))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the token form", `!document.getElementById("token-form").hidden && document.activeElement.id === "token"`)
	if n := eval[int](t, ctx, `document.querySelectorAll("section.explanation").length`); n != 0 {
		t.Fatalf("%d explanations without the token", n)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("token"), "t0ken"), chromedp.Click(chromedp.CSS(`#token-form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the explanation", `document.querySelectorAll("section.explanation").length === 1`)
}
