package station

import (
	"net/http"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/bgplens/bgplens/bmp"
)

// seriesOf returns the series of GET /api/v1/series by "peer kind name".
func seriesOf(t *testing.T, ts *testStation, query string) (seriesPageJSON, map[string]seriesJSON) {
	t.Helper()
	var page seriesPageJSON
	if code := ts.get(t, "/api/v1/series?"+query, &page); code != http.StatusOK {
		t.Fatalf("series?%s: status %d", query, code)
	}
	out := map[string]seriesJSON{}
	for _, s := range page.Series {
		out[s.Peer+" "+s.Kind+" "+s.Name] = s
	}
	return page, out
}

// TestSeriesFromCapture: three samples of the station fed the FRR
// capture in steps give the router's message and Route Monitoring rates
// of each step, and each peer's routes and Statistics Report values as
// the peers' API shows them at the end.
func TestSeriesFromCapture(t *testing.T) {
	ts := startStation(t, Config{})
	msgs, k1, k2 := frrStatsSteps(t)
	countRM := func(from, to int) int {
		n := 0
		for _, m := range msgs[from:to] {
			if v, err := bmp.ParseMessage(m); err == nil && v.Type() == bmp.MsgRouteMonitoring {
				n++
			}
		}
		return n
	}
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	t0 := time.Now().Add(time.Hour) // after any tick of the station's own
	f.sendUntil(k1)
	ts.st.sampleSeries(t0)
	f.sendUntil(k2)
	ts.st.sampleSeries(t0.Add(10 * time.Second))
	ts.st.sampleSeries(t0.Add(14 * time.Second)) // under half a step: no tick
	f.sendUntil(len(msgs))
	ts.st.sampleSeries(t0.Add(20 * time.Second))

	router := "127.0.0.11"
	var rs struct{ Routers []routerJSON }
	ts.get(t, "/api/v1/routers", &rs)
	if len(rs.Routers) == 1 {
		router = rs.Routers[0].Name
	}
	page, ss := seriesOf(t, ts, "router="+router)
	if len(page.Times) != 3 {
		t.Fatalf("%d ticks, want 3: %v", len(page.Times), page.Times)
	}
	rate := func(n int) float64 { return float64(n) / 10 }
	for key, want := range map[string][]float64{
		" messages ":         {rate(k2 - k1), rate(len(msgs) - k2)},
		" route_monitoring ": {rate(countRM(k1, k2)), rate(countRM(k2, len(msgs)))},
	} {
		s := ss[key]
		if s.Offset != 1 || len(s.Values) != 2 || s.Values[0] != want[0] || s.Values[1] != want[1] || s.Unit != "per_second" {
			t.Errorf("series %q: offset %d values %v (%s), want offset 1 values %v per second", key, s.Offset, s.Values, s.Unit, want)
		}
	}
	if r, _ := ts.router(t, router); r.MessageRate == nil || *r.MessageRate != rate(len(msgs)-k2) {
		t.Errorf("the router's messages_per_second: %v, want %v", r.MessageRate, rate(len(msgs)-k2))
	}
	stats := 0
	for id, p := range ts.peers(t, router) {
		for _, tb := range p.Tables {
			s, ok := ss[id+" routes "+tb.RIB]
			if !ok || s.Values[len(s.Values)-1] != float64(tb.Routes) || s.Offset+len(s.Values) != 3 {
				t.Errorf("peer %s %s holds %d routes; its series: %+v", id, tb.RIB, tb.Routes, s)
			}
		}
		for _, sj := range p.Stats {
			for _, v := range sj.Stats {
				if v.Raw != "" {
					continue
				}
				name := sj.RIB + " " + strconv.Itoa(int(v.Type))
				if v.Family != "" {
					name += " " + v.Family
				}
				s, ok := ss[id+" stat "+name]
				if !ok || s.Values[len(s.Values)-1] != float64(v.Value) {
					t.Errorf("peer %s statistic %q is %d; its series: %+v", id, name, v.Value, s)
				}
				stats++
			}
		}
	}
	if stats == 0 {
		t.Error("no Statistics Report values in the peers' API to compare with")
	}
	// One peer's series, one kind.
	if _, one := seriesOf(t, ts, "router="+router+"&peer=127.0.0.2&kind=routes"); len(one) == 0 {
		t.Error("no routes series of peer 127.0.0.2")
	} else {
		for k, s := range one {
			if s.Peer != "127.0.0.2" || s.Kind != "routes" {
				t.Errorf("filtered series %q", k)
			}
		}
	}
	for q, code := range map[string]int{"": 400, "router=nope": 404, "router=" + router + "&kind=bogus": 400} {
		if got := ts.get(t, "/api/v1/series?"+q, nil); got != code {
			t.Errorf("series?%s: %d, want %d", q, got, code)
		}
	}
}

// TestSeriesBounded: the store keeps at most its cap of series and the
// window's points of each; a series that leaves the window makes room.
func TestSeriesBounded(t *testing.T) {
	s := newSeriesStore(8)
	t0 := time.Unix(1700000000, 0)
	key := func(i int) seriesKey { return seriesKey{router: "r", peer: strconv.Itoa(i), kind: seriesRoutes} }
	const ticks = seriesPoints + 40
	for tick := range ticks {
		if !s.begin(t0.Add(time.Duration(tick) * seriesStep)) {
			t.Fatal("tick refused")
		}
		for i := range 10 {
			s.observe(key(i), false, uint64(tick*100+i))
		}
		s.end()
	}
	if len(s.m) != 8 || s.dropped != 2*ticks {
		t.Fatalf("%d series kept, %d dropped; want 8 and %d", len(s.m), s.dropped, 2*ticks)
	}
	p := s.page(func(k seriesKey) bool { return k.peer == "3" })
	if len(p.Times) != seriesPoints || len(p.Series) != 1 {
		t.Fatalf("%d times, %d series", len(p.Times), len(p.Series))
	}
	v := p.Series[0].Values
	if len(v) != seriesPoints || v[0] != float64((ticks-seriesPoints)*100+3) || v[len(v)-1] != float64((ticks-1)*100+3) {
		t.Errorf("the ring holds %d points from %v to %v", len(v), v[0], v[len(v)-1])
	}
	// Series 0 stops; once out of the window it is forgotten and series
	// 9 (dropped until then) is kept.
	for tick := ticks; tick <= ticks+seriesPoints; tick++ {
		s.begin(t0.Add(time.Duration(tick) * seriesStep))
		for i := 1; i < 10; i++ {
			s.observe(key(i), false, 1)
		}
		s.end()
	}
	if _, ok := s.m[key(0)]; ok {
		t.Error("series 0 is still held out of the window")
	}
	if _, ok := s.m[key(8)]; !ok {
		t.Error("series 8 was not kept after series 0 left")
	}
	// The bound the doc comment gives: about 6.5 MB at the cap.
	if b := maxSeries * (unsafe.Sizeof(series{}) + 120); b > 7<<20 {
		t.Errorf("the history may take %d octets", b)
	}
}

// TestSeriesCounterReset: a counter's rate is its difference over the
// step; a counter that restarts (a new session) counts from zero.
func TestSeriesCounterReset(t *testing.T) {
	s := newSeriesStore(4)
	t0 := time.Unix(1700000000, 0)
	k := seriesKey{router: "r", kind: seriesMessages}
	for i, v := range []uint64{100, 150, 20} {
		s.begin(t0.Add(time.Duration(i) * seriesStep))
		s.observe(k, true, v)
		s.end()
	}
	p := s.page(func(seriesKey) bool { return true })
	if len(p.Series) != 1 || len(p.Series[0].Values) != 2 || p.Series[0].Values[0] != 5 || p.Series[0].Values[1] != 2 {
		t.Errorf("rates %+v, want 5 and 2 per second", p.Series)
	}
	m, _ := s.rates("r")
	if m == nil || *m != 2 {
		t.Errorf("newest rate %v, want 2", m)
	}
}

// TestSeriesWhileFeeding: sampling while a router's messages are read
// and the API is asked (run with -race): the last sample holds what the
// router sent.
func TestSeriesWhileFeeding(t *testing.T) {
	ts := startStation(t, Config{})
	msgs := splitStream(t, readTestdata(t, "frr-bmp/frr-small-100.bmp"))
	done := make(chan struct{})
	t0 := time.Now().Add(time.Hour)
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			ts.st.sampleSeries(t0.Add(time.Duration(i) * seriesStep))
			ts.st.series.rates("127.0.0.11")
		}
	}()
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	for k := 100; k < len(msgs); k += 100 {
		f.sendUntil(k)
	}
	f.sendUntil(len(msgs))
	<-done
	ts.st.sampleSeries(t0.Add(300 * seriesStep))
	var rs struct{ Routers []routerJSON }
	ts.get(t, "/api/v1/routers", &rs)
	_, ss := seriesOf(t, ts, "router="+rs.Routers[0].Name)
	for id, p := range ts.peers(t, rs.Routers[0].Name) {
		for _, tb := range p.Tables {
			if s, ok := ss[id+" routes "+tb.RIB]; !ok || s.Values[len(s.Values)-1] != float64(tb.Routes) {
				t.Errorf("peer %s %s holds %d routes; its series: %+v", id, tb.RIB, tb.Routes, s)
			}
		}
	}
}

// TestSeriesGap: a series missing from a tick (its peer went and came
// back) starts again after the gap: no value is made up for it.
func TestSeriesGap(t *testing.T) {
	s := newSeriesStore(4)
	t0 := time.Unix(1700000000, 0)
	k := seriesKey{router: "r", peer: "p", kind: seriesRoutes}
	other := seriesKey{router: "r", kind: seriesRoutes, name: "x"}
	for i, v := range []int{5, 6, -1, 8, 9} {
		s.begin(t0.Add(time.Duration(i) * seriesStep))
		s.observe(other, false, 1)
		if v >= 0 {
			s.observe(k, false, uint64(v))
		}
		s.end()
	}
	p := s.page(func(x seriesKey) bool { return x == k })
	if len(p.Series) != 1 || p.Series[0].Offset != 3 || len(p.Series[0].Values) != 2 || p.Series[0].Values[0] != 8 {
		t.Errorf("after a gap: %+v, want 8 and 9 from tick 3", p.Series)
	}
}
