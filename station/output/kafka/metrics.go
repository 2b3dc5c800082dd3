package kafka

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// metrics are the sink's. Counters bumped per record are resolved once;
// the state of the spool and of what is in flight is read at scrape time.
type metrics struct {
	reg         prometheus.Registerer
	cs          []prometheus.Collector
	errors      prometheus.Counter // records the brokers refused for good
	lost        prometheus.Counter // records given up: closed, full with a cancelled wait, spool write failure
	spooled     prometheus.Counter
	spoolFull   prometheus.Counter
	spoolErrors prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, s *Sink) (*metrics, error) {
	m := &metrics{reg: reg}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		m.cs = append(m.cs, c)
		return c
	}
	gauge := func(name, help string, f func() float64) {
		m.cs = append(m.cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	m.cs = append(m.cs, ackCollector{
		s: s,
		records: prometheus.NewDesc("bgplens_kafka_records_produced_total",
			"Records acknowledged by all in-sync replicas, by object (bmp_raw, unicast_prefix, peer, ...).", []string{"object"}, nil),
		octets: prometheus.NewDesc("bgplens_kafka_produced_bytes_total", "Octets of record values acknowledged.", nil, nil),
	})
	m.errors = counter("bgplens_kafka_produce_errors_total", "Records the brokers refused with an error that is not retried (too large, not authorized, ...).")
	m.lost = counter("bgplens_kafka_records_lost_total", "Records given up: the sink was closed, the wait for room was cancelled at shutdown, the spool could not be written, or Close found records in flight and no spool.")
	m.spooled = counter("bgplens_kafka_spooled_records_total", "Records written to the spool because the brokers were behind or away.")
	m.spoolFull = counter("bgplens_kafka_spool_full_total", "Times a record found the spool full and had to wait (the station's queue policy then applies).")
	m.spoolErrors = counter("bgplens_kafka_spool_errors_total", "Spool reads or writes that failed.")
	gauge("bgplens_kafka_in_flight_records", "Records handed to the Kafka client and not yet acknowledged.", func() float64 {
		s.pmu.Lock()
		defer s.pmu.Unlock()
		return float64(s.inFlight)
	})
	// spoolGauge reads a figure of the spool, 0 without one.
	spoolGauge := func(name, help string, of func(*spool) int64) {
		gauge(name, help, func() float64 {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.spool == nil {
				return 0
			}
			return float64(of(s.spool))
		})
	}
	spoolGauge("bgplens_kafka_spool_records", "Records waiting in the spool.", func(sp *spool) int64 { return sp.records })
	spoolGauge("bgplens_kafka_spool_bytes", "Octets of records waiting in the spool.", func(sp *spool) int64 { return sp.size })
	gauge("bgplens_kafka_lag_seconds", "Age, by its timestamp, of the oldest record in flight (0 when none is): how far the brokers are behind.", func() float64 {
		s.pmu.Lock()
		defer s.pmu.Unlock()
		for _, e := range s.pending {
			if !e.done {
				return time.Since(e.at).Seconds()
			}
		}
		return 0
	})
	if reg != nil {
		for i, c := range m.cs {
			if err := reg.Register(c); err != nil {
				for _, r := range m.cs[:i] {
					reg.Unregister(r)
				}
				return nil, err
			}
		}
	}
	return m, nil
}

// ackCollector reads the acknowledged records and octets the verdicts
// count under pmu (Sink.acked), at scrape time.
type ackCollector struct {
	s               *Sink
	records, octets *prometheus.Desc
}

func (c ackCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.records
	ch <- c.octets
}

func (c ackCollector) Collect(ch chan<- prometheus.Metric) {
	c.s.pmu.Lock()
	acked, octets := c.s.acked, c.s.ackedOctets
	c.s.pmu.Unlock()
	for i, n := range acked {
		ch <- prometheus.MustNewConstMetric(c.records, prometheus.CounterValue, float64(n), objectNames[i])
	}
	ch <- prometheus.MustNewConstMetric(c.octets, prometheus.CounterValue, float64(octets))
}

func (m *metrics) unregister() {
	if m.reg != nil {
		for _, c := range m.cs {
			m.reg.Unregister(c)
		}
	}
}

// createTopics creates the topics the sink writes that do not exist, with
// Partitions partitions, retrying until the brokers answer or the sink
// closes.
func (s *Sink) createTopics() {
	req := kmsg.NewPtrCreateTopicsRequest()
	req.TimeoutMillis = 10000
	for i, t := range s.topics {
		if object(i) == objRaw && !s.raw || object(i) != objRaw && !s.parsed {
			continue
		}
		rt := kmsg.NewCreateTopicsRequestTopic()
		rt.Topic = t
		rt.NumPartitions = s.cfg.Partitions
		rt.ReplicationFactor = -1
		if s.cfg.ReplicationFactor > 0 {
			rt.ReplicationFactor = s.cfg.ReplicationFactor
		}
		req.Topics = append(req.Topics, rt)
	}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		resp, err := req.RequestWith(ctx, s.cl)
		cancel()
		if err == nil {
			for _, t := range resp.Topics {
				if err := kerr.ErrorForCode(t.ErrorCode); err != nil && err != kerr.TopicAlreadyExists {
					s.log.Warn("cannot create topic", "topic", t.Topic, "err", err)
				}
			}
			return
		}
		s.log.Warn("cannot create topics yet", "err", err)
		select {
		case <-s.closing:
			return
		case <-time.After(5 * time.Second):
		}
	}
}
