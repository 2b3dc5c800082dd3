package station

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/bmp"
)

// metrics are the station's own counters. The counts the read loop bumps
// for every message (messages, octets, route changes) are not among them:
// each router keeps its own (routerTraffic) and trafficCollector sums them
// at scrape time, because counters every router's goroutine writes bounce
// between the cores and cost ingest its scaling. Gauges of live state
// (routers, queues, tables, Statistics Reports) are read at scrape time
// by stationCollector.
type metrics struct {
	connections *prometheus.CounterVec // result: accepted, refused_allow, refused_max_routers, tls_failed
	sessions    *prometheus.CounterVec // reason of the end: closed, terminated, error, stalled, memory, shutdown, replaced
	decodeErrs  *prometheus.CounterVec // kind: stream, message, update, rib_verdict
	readings    *prometheus.CounterVec // kind: fallback_as4, fallback_add_path, inconsistent, no_peer_up, a_flag
	mismatches  *prometheus.CounterVec // kind, from Peer Up (bmp.MismatchKind)
	quirks      *prometheus.CounterVec // kind: see Help
	mirrored    *prometheus.CounterVec // kind: bgp_message, errored_pdu, messages_lost
	overPeers   prometheus.Counter     // messages about peers or tables beyond the caps
}

// newCounter and newCounterVec make a counter of the station's, the
// second with one label.
func newCounter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
}

func newCounterVec(name, help, label string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{label})
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		connections: newCounterVec("bgplens_station_connections_total", "BMP connections by what became of them: accepted, refused_allow, refused_max_routers, tls_failed.", "result"),
		sessions:    newCounterVec("bgplens_station_sessions_ended_total", "Router sessions that ended, by why: closed (no Termination), terminated, error (malformed input), stalled, memory, shutdown, replaced (by a new session of the same router).", "reason"),
		decodeErrs:  newCounterVec("bgplens_station_decode_errors_total", "Input the station could not use: stream (framing; ends the session), message (a BMP message that does not parse; ends the session), update (a Route Monitoring UPDATE that cannot be located; skipped), rib_verdict (an UPDATE applied under an RFC 7606 verdict).", "kind"),
		readings:    newCounterVec("bgplens_station_update_readings_total", "Route Monitoring UPDATEs read otherwise than the Peer Up said: fallback_as4, fallback_add_path, inconsistent (no hypothesis clean), no_peer_up, a_flag (A flag disagrees with the OPENs).", "kind"),
		mismatches:  newCounterVec("bgplens_station_peer_up_mismatches_total", "Disagreements found in Peer Up messages, by kind.", "kind"),
		quirks:      newCounterVec("bgplens_station_exporter_quirks_total", "Known exporter behaviours the station worked around (docs/station.md): peer_down_never_up, peer_down_repeated, no_initiation, router_timestamp_ignored, stats_relabelled, routes_without_peer_up, route_refresh_in_route_monitoring, peer_up_ports_swapped, peer_down_data_mismatch.", "kind"),
		mirrored:    newCounterVec("bgplens_station_mirrored_total", "Route Mirroring content: bgp_message, errored_pdu, messages_lost.", "kind"),
		overPeers:   newCounter("bgplens_station_over_max_peers_total", "Messages about monitored peers beyond max_peers (or Loc-RIB tables beyond 64 per peer), counted and ignored: no state, table, event or series."),
	}
	for _, c := range []prometheus.Collector{m.connections, m.sessions, m.decodeErrs,
		m.readings, m.mismatches, m.quirks, m.mirrored, m.overPeers} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Kinds of decode error, counted per router as in decode_errors_total.
const (
	decodeErrStream = iota
	decodeErrMessage
	decodeErrUpdate
	decodeErrVerdict
	numDecodeErrKinds
)

var decodeErrLabels = [numDecodeErrKinds]string{"stream", "message", "update", "rib_verdict"}

// msgTypeLabel is the label of message type index i (7: any other type).
func msgTypeLabel(i int) string {
	if t := bmp.MsgType(i); t.Known() {
		return t.JSONName()
	}
	return "other"
}

// msgIndex maps a message type to its counter index.
func msgIndex(t bmp.MsgType) int {
	if t <= bmp.MsgRouteMirroring {
		return int(t)
	}
	return 7
}

// stationCollector reads live state at scrape time: routers, memory,
// queues, tables, and each router's latest Statistics Reports as
// bgplens_bmp_stat series.
type stationCollector struct {
	st *Station

	routers, routerMem, routerMsgs, peers    *prometheus.Desc
	routerBytes, routerRoutes, routerErrs    *prometheus.Desc
	qDepth, qCap, qDropped, qPub, qErr       *prometheus.Desc
	tableRoutes, ribRoutes, ribBytes, ribSet *prometheus.Desc
	bmpStat                                  *prometheus.Desc
}

func newStationCollector(st *Station) *stationCollector {
	d := prometheus.NewDesc
	return &stationCollector{
		st:           st,
		routers:      d("bgplens_station_routers", "Router sessions open now.", nil, nil),
		routerMem:    d("bgplens_station_router_memory_bytes", "What one router makes the station hold (read buffer, mirrored messages, peer state, estimated routes), by kind: buffered or held.", []string{"router", "kind"}, nil),
		routerMsgs:   d("bgplens_station_router_messages_total", "BMP messages read from one router's current session, by type.", []string{"router", "type"}, nil),
		routerBytes:  d("bgplens_station_router_received_bytes_total", "Octets of BMP messages read from one router's current session.", []string{"router"}, nil),
		routerRoutes: d("bgplens_station_router_routes", "Routes one router's tables hold.", []string{"router"}, nil),
		routerErrs:   d("bgplens_station_router_decode_errors_total", "Input from one router's current session the station could not use, by kind (as decode_errors_total).", []string{"router", "kind"}, nil),
		peers:        d("bgplens_station_peers", "Monitored peers per router, by state: up, down, no_peer_up.", []string{"router", "state"}, nil),
		qDepth:       d("bgplens_station_sink_queue_depth", "Events waiting in a sink's queue (a run of raw messages counts as one).", []string{"sink"}, nil),
		qCap:         d("bgplens_station_sink_queue_capacity", "Size of a sink's queue.", []string{"sink", "policy"}, nil),
		qDropped:     d("bgplens_station_sink_dropped_total", "Events a sink's queue dropped because it was full (drop policy) or shut.", []string{"sink"}, nil),
		qPub:         d("bgplens_station_sink_published_total", "Events a sink accepted.", []string{"sink"}, nil),
		qErr:         d("bgplens_station_sink_errors_total", "Events a sink failed to publish.", []string{"sink"}, nil),
		tableRoutes:  d("bgplens_station_table_routes", "Routes held per table.", []string{"router", "peer", "rib", "table"}, nil),
		ribRoutes:    d("bgplens_station_rib_routes", "Routes held over all tables.", nil, nil),
		ribBytes:     d("bgplens_station_rib_bytes", "Estimated heap the RIB holds.", nil, nil),
		ribSet:       d("bgplens_station_rib_attribute_sets", "Interned path attribute sets.", nil, nil),
		bmpStat: d("bgplens_bmp_stat", "The latest value of each statistic of each router's Statistics Reports (RFC 7854 §4.8); type is the IANA code, name its meaning (the exporter's where it departs from IANA).",
			[]string{"router", "peer", "peer_as", "rib", "type", "name", "afi", "safi"}, nil),
	}
}

// Describe sends the descriptors.
func (c *stationCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.routers, c.routerMem, c.routerMsgs, c.routerBytes, c.routerRoutes, c.routerErrs, c.peers, c.qDepth, c.qCap,
		c.qDropped, c.qPub, c.qErr, c.tableRoutes, c.ribRoutes, c.ribBytes, c.ribSet, c.bmpStat} {
		ch <- d
	}
}

// Collect reads the live state.
func (c *stationCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.st
	gauge := func(d *prometheus.Desc, v float64, l ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, l...)
	}
	counter := func(d *prometheus.Desc, v float64, l ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, l...)
	}
	for _, r := range st.routerList() {
		if !r.isConnected() {
			continue
		}
		buffered, held := r.memory()
		gauge(c.routerMem, float64(buffered), r.key, "buffered")
		gauge(c.routerMem, float64(held), r.key, "held")
		for i := range r.msgs {
			if n := r.msgs[i].Load(); n > 0 {
				counter(c.routerMsgs, float64(n), r.key, msgTypeLabel(i))
			}
		}
		counter(c.routerBytes, float64(r.bytes.Load()), r.key)
		gauge(c.routerRoutes, float64(st.db.RouterRoutes(r.key)), r.key)
		for i := range r.decodeErrs {
			counter(c.routerErrs, float64(r.decodeErrs[i].Load()), r.key, decodeErrLabels[i])
		}
		var up, down, none int
		r.mu.RLock()
		for _, p := range r.peers {
			switch p.status {
			case peerUp:
				up++
			case peerDown:
				down++
			default:
				none++
			}
			for k, s := range p.stats {
				peer, as, rib := p.id.Addr.String(), strconv.FormatUint(uint64(p.hdr.AS), 10), k.String()
				for _, v := range s.stats {
					if v.Unknown {
						continue
					}
					afi, safi := "", ""
					if v.Family.AFI != 0 {
						afi, safi = strconv.Itoa(int(v.Family.AFI)), strconv.Itoa(int(v.Family.SAFI))
					}
					gauge(c.bmpStat, float64(v.Value), r.key, peer, as, rib, strconv.Itoa(int(v.Type)), v.Name, afi, safi)
				}
			}
		}
		r.mu.RUnlock()
		gauge(c.peers, float64(up), r.key, "up")
		gauge(c.peers, float64(down), r.key, "down")
		gauge(c.peers, float64(none), r.key, "no_peer_up")
	}
	// Every session open, named yet or not (a connection that has not
	// sent a whole message is not listed, but holds a slot).
	st.mu.Lock()
	active := st.active
	st.mu.Unlock()
	gauge(c.routers, float64(active))
	for _, q := range st.queues {
		gauge(c.qDepth, float64(len(q.ch)), q.name)
		policy := PolicyDrop
		if q.block {
			policy = PolicyBlock
		}
		gauge(c.qCap, float64(cap(q.ch)), q.name, policy)
		counter(c.qDropped, float64(q.dropped.Load()), q.name)
		counter(c.qPub, float64(q.published.Load()), q.name)
		counter(c.qErr, float64(q.errors.Load()), q.name)
	}
	for _, t := range st.db.Tables("") {
		gauge(c.tableRoutes, float64(t.Routes), t.Key.Router, peerIDString(t.Key.Peer), bmp.RIB(t.Key.RIB).String(), t.Key.Table)
	}
	s := st.db.Stats()
	gauge(c.ribRoutes, float64(s.Routes))
	gauge(c.ribBytes, float64(s.Bytes))
	gauge(c.ribSet, float64(s.Sets))
}
