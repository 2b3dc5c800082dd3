package station

import (
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// routerTraffic is what one router session has sent: its messages by type,
// their octets and the route changes they made. Only the session's
// goroutine writes it, so the counts stay in that core's cache; readers
// (the API, trafficCollector) load them.
type routerTraffic struct {
	msgs    [8]atomic.Uint64 // by message type (msgIndex)
	bytes   atomic.Uint64
	changes [numChangeKinds]atomic.Uint64 // announce, withdraw, refused
}

// Route change kinds, the actions of bgplens_station_route_changes_total.
const (
	changeAnnounce = iota
	changeWithdraw
	changeRefused
	numChangeKinds
)

var changeLabels = [numChangeKinds]string{"announce", "withdraw", "refused"}

// trafficTotals sums the traffic of every session: those open, read at
// scrape time, and those ended, added once as they end.
type trafficTotals struct {
	mu    sync.Mutex
	live  map[*routerTraffic]struct{}
	ended [8 + 1 + numChangeKinds]uint64 // msgs, bytes, changes
}

func (t *trafficTotals) open(r *routerTraffic) {
	t.mu.Lock()
	if t.live == nil {
		t.live = map[*routerTraffic]struct{}{}
	}
	t.live[r] = struct{}{}
	t.mu.Unlock()
}

// close moves a session's counts into the totals of ended sessions; the
// session writes no more after it.
func (t *trafficTotals) close(r *routerTraffic) {
	t.mu.Lock()
	delete(t.live, r)
	r.addTo(&t.ended)
	t.mu.Unlock()
}

func (r *routerTraffic) addTo(sum *[8 + 1 + numChangeKinds]uint64) {
	for i := range r.msgs {
		sum[i] += r.msgs[i].Load()
	}
	sum[8] += r.bytes.Load()
	for i := range r.changes {
		sum[9+i] += r.changes[i].Load()
	}
}

// sum returns the totals over every session, open and ended.
func (t *trafficTotals) sum() [8 + 1 + numChangeKinds]uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.ended
	for r := range t.live {
		r.addTo(&s)
	}
	return s
}

// trafficCollector serves the station-wide traffic counters from
// trafficTotals.
type trafficCollector struct {
	t                      *trafficTotals
	messages, bytes, route *prometheus.Desc
}

func newTrafficCollector(t *trafficTotals) *trafficCollector {
	d := prometheus.NewDesc
	return &trafficCollector{
		t:        t,
		messages: d("bgplens_station_messages_total", "BMP messages read, by type.", []string{"type"}, nil),
		bytes:    d("bgplens_station_received_bytes_total", "Octets of BMP messages read from routers.", nil, nil),
		route:    d("bgplens_station_route_changes_total", "Routes applied to the RIB: announce (added or replaced), withdraw (removed), refused (over rib.max_routes).", []string{"action"}, nil),
	}
}

func (c *trafficCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.messages
	ch <- c.bytes
	ch <- c.route
}

func (c *trafficCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.t.sum()
	for i := range 8 {
		ch <- prometheus.MustNewConstMetric(c.messages, prometheus.CounterValue, float64(s[i]), msgTypeLabel(i))
	}
	ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.CounterValue, float64(s[8]))
	for i, l := range changeLabels {
		ch <- prometheus.MustNewConstMetric(c.route, prometheus.CounterValue, float64(s[9+i]), l)
	}
}
