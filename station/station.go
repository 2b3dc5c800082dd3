package station

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
)

// Station is the BMP collector: it accepts router connections (Serve),
// reads each in its own goroutine, keeps the routers, their peers and the
// RIB, hands events to the sinks, and answers the HTTP API (Handler).
type Station struct {
	cfg    Config
	log    *slog.Logger
	db     *rib.DB
	m      *metrics
	reg    prometheus.Registerer
	gather prometheus.Gatherer
	allow  []netip.Prefix
	names  map[netip.Addr]string // router_names
	tls    *tls.Config
	queues []*sinkQueue
	raw    []*sinkQueue // the queues of sinks that take raw messages (output.RawReceiver), in runs
	routes []*sinkQueue // the queues of sinks that take route events (not output.RouteReceiver saying no)
	start  time.Time

	mu       sync.Mutex
	routers  map[string]*router // by name: connected, and recently disconnected (a session is listed once named)
	active   int                // connected sessions
	gone     []string           // names of disconnected routers, oldest first
	traffic  trafficTotals      // every session's messages, octets and route changes
	bmpAddrs []string           // where Serve listens, for the log

	everConnected atomic.Bool // a router has connected since the start

	refusedAllowLog, refusedMaxLog logLimiter // refusals are logged, not every one of a flood

	routeCost atomic.Uint64 // the RIB's average octets per route, float64 bits, refreshed every second
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
	sweepDone chan struct{}

	series *seriesStore // the charts' history (history.go)
}

// noRouterWait is how long after the start the station waits for a first
// router before it logs what to configure on one.
var noRouterWait = time.Minute

// maxGoneRouters is how many disconnected routers the station remembers
// for the API (their last state and why they went).
const maxGoneRouters = 256

// New returns a station for cfg (after cfg.Defaults(); cfg.Validate must
// pass). log may be nil (logs are then discarded); reg is where the
// station registers its metrics, and /metrics serves reg when it is also
// a prometheus.Gatherer (a *prometheus.Registry is both); nil gives the
// station a registry of its own. Each sink gets a bounded queue
// (cfg.Queue, or cfg.Queues[sink.Name()]).
//
// The station runs a goroutine that sweeps stale routes; Close stops it.
func New(cfg Config, log *slog.Logger, reg prometheus.Registerer, sinks ...output.Sink) (*Station, error) {
	cfg = cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	st := &Station{
		cfg:       cfg,
		log:       log,
		reg:       reg,
		start:     time.Now(),
		routers:   map[string]*router{},
		closing:   make(chan struct{}),
		sweepDone: make(chan struct{}),
		series:    newSeriesStore(maxSeries),
		db: rib.New(rib.Config{
			MaxRoutes:        cfg.RIB.MaxRoutes,
			HistoryTotal:     cfg.RIB.HistoryTotal,
			HistoryPerPrefix: cfg.RIB.HistoryPerPrefix,
		}),
	}
	st.gather, _ = reg.(prometheus.Gatherer)
	if cfg.Archive.UpdateInterval > 0 {
		sinks = append(sinks, st.updatesSink())
	}
	var err error
	if st.allow, err = parseAllow(cfg.Allow); err != nil {
		return nil, err
	}
	if st.names, err = parseRouterNames(cfg.RouterNames); err != nil {
		return nil, err
	}
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("station: TLS: %w", err)
		}
		st.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if st.m, err = newMetrics(reg); err != nil {
		return nil, fmt.Errorf("station: metrics: %w", err)
	}
	if err := reg.Register(newTrafficCollector(&st.traffic)); err != nil {
		return nil, fmt.Errorf("station: metrics: %w", err)
	}
	if err := reg.Register(newStationCollector(st)); err != nil {
		return nil, fmt.Errorf("station: metrics: %w", err)
	}
	names := map[string]bool{}
	for _, s := range sinks {
		if names[s.Name()] {
			return nil, fmt.Errorf("station: two sinks named %q", s.Name())
		}
		names[s.Name()] = true
		q := cfg.queueFor(s.Name())
		if q.Policy == "" {
			q.Policy = PolicyDrop
			if b, ok := s.(output.Blocker); ok && b.Block() {
				q.Policy = PolicyBlock
			}
		}
		sq := newSinkQueue(s, q, log)
		st.queues = append(st.queues, sq)
		if rr, ok := s.(output.RawReceiver); ok && rr.ReceiveRaw() {
			st.raw = append(st.raw, sq)
		}
		if rr, ok := s.(output.RouteReceiver); !ok || rr.ReceiveRoutes() {
			st.routes = append(st.routes, sq)
		}
	}
	if len(st.allow) == 0 {
		log.Warn("no allow-list: any host that reaches the BMP port may connect (set allow: or --allow)")
	}
	go st.sweep()
	go st.waitForRouters(noRouterWait)
	if st.cfg.Archive.RIBInterval > 0 {
		go st.archiveLoop()
	}
	return st, nil
}

// DB returns the station's RIB, for tests and embedding programs.
func (st *Station) DB() *rib.DB { return st.db }

// Close stops the stale-route sweeper, then drains every sink's queue
// (for at most cfg.ShutdownTimeout) and closes the sinks. Call it after
// every Serve has returned, so that nothing a router sent is lost; it is
// safe to call more than once.
func (st *Station) Close() error {
	st.closeOnce.Do(func() {
		close(st.closing)
		<-st.sweepDone
		var errs []error
		for _, q := range st.queues {
			if err := q.close(st.cfg.ShutdownTimeout); err != nil {
				errs = append(errs, fmt.Errorf("sink %s: %w", q.name, err))
			}
		}
		st.closeErr = errors.Join(errs...)
	})
	return st.closeErr
}

// publish hands an event to the queues of the sinks that take it.
func (st *Station) publish(ev *output.Event) {
	qs := st.queues
	if ev.Type == output.EventRoute || ev.Type == output.EventEndOfRIB {
		qs = st.routes
	}
	for _, q := range qs {
		q.put(ev)
	}
}

// sweep removes stale routes once their grace time has passed.
func (st *Station) sweep() {
	defer close(st.sweepDone)
	every := st.cfg.StaleGrace / 4
	if every <= 0 || every > 10*time.Second {
		every = 10 * time.Second
	}
	if every < 10*time.Millisecond {
		every = 10 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	cost := time.NewTicker(time.Second)
	defer cost.Stop()
	series := time.NewTicker(seriesStep)
	defer series.Stop()
	for {
		select {
		case <-st.closing:
			return
		case now := <-t.C:
			if n := st.db.SweepStale(now); n > 0 {
				st.log.Info("stale routes removed", "routes", n)
			}
		case <-cost.C:
			st.refreshRouteCost()
		case now := <-series.C:
			st.sampleSeries(now)
		}
	}
}

// refreshRouteCost recomputes the RIB's average octets per route, which
// the routers' memory accounting uses (DB.Stats walks every table: once a
// second for the station, not once per router). The tables' first tree
// nodes are left out: tableCost counts them, once per table.
func (st *Station) refreshRouteCost() {
	s := st.db.Stats()
	var c float64
	if s.Routes > 0 {
		// The octets of routes kept as NLRI entries are priced apart,
		// per router (router.memory).
		c = float64(s.Bytes-s.FirstNodeBytes-s.EntryBytes) / float64(s.Routes)
	}
	st.routeCost.Store(math.Float64bits(c))
}

// routerList returns the routers, sorted by key.
func (st *Station) routerList() []*router {
	st.mu.Lock()
	out := make([]*router, 0, len(st.routers))
	for _, r := range st.routers {
		out = append(out, r)
	}
	st.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// routerByKey returns the router named k or, when no router has that
// name, the router whose address k is (the connected one if several
// have it, if just one is): a router's address keeps working in URLs
// whatever it is named.
func (st *Station) routerByKey(k string) (*router, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if r, ok := st.routers[k]; ok {
		return r, true
	}
	a, err := netip.ParseAddr(k)
	if err != nil {
		return nil, false
	}
	var found, connected []*router
	for _, r := range st.routers {
		if r.addr.Addr() == a.Unmap() {
			found = append(found, r)
			if r.isConnected() {
				connected = append(connected, r)
			}
		}
	}
	switch {
	case len(connected) == 1:
		return connected[0], true
	case len(connected) == 0 && len(found) == 1:
		return found[0], true
	}
	return nil, false
}

// listening returns where Serve listens.
func (st *Station) listening() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return strings.Join(st.bmpAddrs, ",")
}
