package station

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/rib"
)

// The station's own time series, for the web page's charts and
// GET /api/v1/series: message and Route Monitoring rates per router,
// routes per peer and table, and the Statistics Reports' values per peer.
// Every seriesStep the station samples them into a ring of seriesPoints
// points per series (an hour), and keeps at most maxSeries series (the
// samples of any more are counted, not kept): the
// history costs at most maxSeries*(4*seriesPoints + ~120) octets (about
// 6.5 MB) whatever the number of routers and peers.
const (
	seriesStep   = 10 * time.Second
	seriesPoints = 360
	maxSeries    = 4096
)

// Series kinds, as the API names them.
const (
	seriesMessages = "messages"         // BMP messages per second (counter)
	seriesUpdates  = "route_monitoring" // Route Monitoring messages per second (counter)
	seriesRoutes   = "routes"           // routes held in one table of a peer (gauge)
	seriesStat     = "stat"             // a Statistics Report value (gauge)
)

type seriesKey struct {
	router string
	peer   string // "" for a router's own series
	kind   string
	name   string // the table, or the statistic; "" for the router's series
}

// series is one ring: the value of tick t is vals[t%seriesPoints], for
// the n ticks up to end. Counters keep their last reading to store the
// per-step difference.
type series struct {
	label   string // what the page shows for a statistic: its name
	counter bool
	primed  bool // a counter has its first reading
	last    uint64
	end     int64
	n       int
	vals    [seriesPoints]uint32
}

// seriesStore holds the rings. times[t%seriesPoints] is when tick t was
// sampled.
type seriesStore struct {
	mu      sync.Mutex
	max     int
	tick    int64                       // the newest tick; -1 before the first
	times   [seriesPoints + 1]time.Time // one more than the points: a rate needs the tick before
	m       map[seriesKey]*series
	dropped uint64 // samples not kept: their series would have gone over the cap
}

func newSeriesStore(max int) *seriesStore {
	return &seriesStore{max: max, tick: -1, m: map[seriesKey]*series{}}
}

// begin starts a tick at now; false when now is less than half a step
// after the newest tick (a test's samples and the station's own ticker do
// not interleave). Call observe for the tick's values, then end.
func (s *seriesStore) begin(now time.Time) bool {
	s.mu.Lock()
	if s.tick >= 0 && now.Sub(s.at(s.tick)) < seriesStep/2 {
		s.mu.Unlock()
		return false
	}
	s.tick++
	s.times[s.tick%int64(len(s.times))] = now
	return true
}

// at returns when tick t was sampled (s.mu held).
func (s *seriesStore) at(t int64) time.Time { return s.times[t%int64(len(s.times))] }

// observe records a value of the current tick (s.mu held by begin).
func (s *seriesStore) observe(k seriesKey, counter bool, v uint64) {
	s.observeLabelled(k, "", counter, v)
}

// observeLabelled is observe for a series with a label.
func (s *seriesStore) observeLabelled(k seriesKey, label string, counter bool, v uint64) {
	sr := s.m[k]
	if sr == nil {
		if len(s.m) >= s.max {
			s.dropped++
			return
		}
		sr = &series{counter: counter, label: label}
		s.m[k] = sr
	}
	if sr.end != s.tick-1 { // a gap: the history starts again
		sr.n = 0
	}
	x := v
	if counter {
		prev, ok := sr.last, sr.primed && sr.end == s.tick-1
		sr.primed, sr.last, sr.end = true, v, s.tick
		if !ok { // no reading of the tick before: nothing to take from
			sr.n = 0
			return
		}
		if v >= prev {
			x = v - prev
		} // else a new session counts from 0: all of v is new
	}
	sr.vals[s.tick%seriesPoints] = uint32(min(x, math.MaxUint32))
	sr.end = s.tick
	sr.n = min(sr.n+1, seriesPoints)
}

// end finishes the tick: series that have no point left in the window
// are forgotten.
func (s *seriesStore) end() {
	for k, sr := range s.m {
		if s.tick-sr.end >= seriesPoints {
			delete(s.m, k)
		}
	}
	s.mu.Unlock()
}

// sampleSeries takes one tick of every series (the station's sweeper
// calls it every seriesStep; tests call it with times of their own).
func (st *Station) sampleSeries(now time.Time) {
	// Read everything first, so that the store's lock is not held while
	// the routers' and the RIB's locks are taken.
	type routerSample struct {
		key        string
		msgs, upds uint64
		points     []seriesPoint
	}
	var rs []routerSample
	for _, r := range st.routerList() {
		if !r.isConnected() {
			continue
		}
		x := routerSample{key: r.key, msgs: r.messageCount(), upds: r.msgs[msgIndex(bmp.MsgRouteMonitoring)].Load()}
		for _, p := range st.peerList(r) {
			peer := peerIDString(p.id)
			for _, t := range st.db.PeerTables(r.key, p.id) {
				x.points = append(x.points, seriesPoint{key: seriesKey{r.key, peer, seriesRoutes, tableName(t.Key.RIB, t.Key.Table)}, v: uint64(t.Routes)})
			}
			r.mu.RLock()
			for rib, snap := range p.stats {
				for _, v := range snap.stats {
					if v.Unknown {
						continue
					}
					name := rib.String() + " " + strconv.Itoa(int(v.Type))
					if v.Family != (bgp.Family{}) {
						name += " " + v.Family.JSONName()
					}
					x.points = append(x.points, seriesPoint{key: seriesKey{r.key, peer, seriesStat, name}, label: v.Name, v: v.Value})
				}
			}
			r.mu.RUnlock()
		}
		rs = append(rs, x)
	}
	if !st.series.begin(now) {
		return
	}
	for _, x := range rs {
		st.series.observe(seriesKey{x.key, "", seriesMessages, ""}, true, x.msgs)
		st.series.observe(seriesKey{x.key, "", seriesUpdates, ""}, true, x.upds)
		for _, p := range x.points {
			st.series.observeLabelled(p.key, p.label, false, p.v)
		}
	}
	st.series.end()
}

type seriesPoint struct {
	key   seriesKey
	label string
	v     uint64
}

// tableName names a table in series: "adj-rib-in-pre", "loc-rib NAME".
func tableName(k rib.RIBKind, name string) string {
	if name == "" {
		return k.String()
	}
	return k.String() + " " + name
}

// seriesJSON is one series of GET /api/v1/series: its values from
// times[offset] on. Rates come per second; gauges as sampled.
type seriesJSON struct {
	Router string    `json:"router"`
	Peer   string    `json:"peer,omitempty"`
	Kind   string    `json:"kind"`
	Name   string    `json:"name,omitempty"`
	Label  string    `json:"label,omitempty"`
	Unit   string    `json:"unit"`
	Offset int       `json:"offset"`
	Values []float64 `json:"values"`
}

type seriesPageJSON struct {
	Step      float64      `json:"step_seconds"`
	Points    int          `json:"max_points"`
	MaxSeries int          `json:"max_series"`
	Dropped   uint64       `json:"series_dropped"`
	Times     []time.Time  `json:"times"`
	Series    []seriesJSON `json:"series"`
}

// apiSeries serves GET /api/v1/series?router=&peer=&kind=: the router's
// series (its rates, and its peers' routes and statistics), or one
// peer's, or one kind's.
func (st *Station) apiSeries(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	name := q.Get("router")
	if name == "" {
		writeError(w, http.StatusBadRequest, "router is required")
		return
	}
	r, ok := st.routerByKey(name)
	if !ok {
		writeError(w, http.StatusNotFound, "no router "+strconv.Quote(name))
		return
	}
	kind := q.Get("kind")
	switch kind {
	case "", seriesMessages, seriesUpdates, seriesRoutes, seriesStat:
	default:
		writeError(w, http.StatusBadRequest, "kind "+strconv.Quote(kind)+": want messages, route_monitoring, routes or stat")
		return
	}
	peer, hasPeer := q["peer"]
	writeJSON(w, req, st.series.page(func(k seriesKey) bool {
		return k.router == r.key && (kind == "" || k.kind == kind) && (!hasPeer || k.peer == first(peer))
	}))
}

// page returns the series keep says yes to, in a stable order.
func (s *seriesStore) page(keep func(seriesKey) bool) seriesPageJSON {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := seriesPageJSON{Step: seriesStep.Seconds(), Points: seriesPoints, MaxSeries: s.max, Dropped: s.dropped, Times: []time.Time{}, Series: []seriesJSON{}}
	if s.tick < 0 {
		return out
	}
	from := max(0, s.tick-seriesPoints+1)
	for t := from; t <= s.tick; t++ {
		out.Times = append(out.Times, s.at(t).UTC())
	}
	for k, sr := range s.m {
		if !keep(k) || sr.n == 0 {
			continue
		}
		j := seriesJSON{Router: k.router, Peer: k.peer, Kind: k.kind, Name: k.name, Label: sr.label, Unit: "count",
			Offset: int(sr.end - int64(sr.n) + 1 - from), Values: make([]float64, 0, sr.n)}
		if sr.counter {
			j.Unit = "per_second"
		}
		for t := sr.end - int64(sr.n) + 1; t <= sr.end; t++ {
			v := float64(sr.vals[t%seriesPoints])
			if sr.counter {
				v = s.perSecond(t, v)
			}
			j.Values = append(j.Values, v)
		}
		out.Series = append(out.Series, j)
	}
	sort.Slice(out.Series, func(i, j int) bool {
		a, b := out.Series[i], out.Series[j]
		if a.Peer != b.Peer {
			return a.Peer < b.Peer
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Name < b.Name
	})
	return out
}

// perSecond turns the difference of tick t over the tick before into a
// rate, rounded to a thousandth (s.mu held).
func (s *seriesStore) perSecond(t int64, delta float64) float64 {
	if t < 1 {
		return 0
	}
	d := s.at(t).Sub(s.at(t - 1)).Seconds()
	if d <= 0 {
		return 0
	}
	return math.Round(delta/d*1000) / 1000
}

// rates returns a router's message and Route Monitoring rates over the
// newest step, if it has them.
func (s *seriesStore) rates(router string) (msgs, upds *float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	get := func(kind string) *float64 {
		sr := s.m[seriesKey{router: router, kind: kind}]
		if sr == nil || sr.n == 0 || sr.end != s.tick {
			return nil
		}
		v := s.perSecond(sr.end, float64(sr.vals[sr.end%seriesPoints]))
		return &v
	}
	return get(seriesMessages), get(seriesUpdates)
}
