package station

import (
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// BenchmarkIngestKafka is issue 14's comparison: BenchmarkIngest's stream
// (BGPLENS_BENCH_PEERS, BGPLENS_BENCH_PREFIXES) over in-memory
// connections into a station without sinks ("off"), and with the Kafka
// sink as --kafka makes it (raw BMP and the parsed events, JSON) under
// the block policy, so that every route's event is published ("on"),
// into an in-process kfake that acknowledges without storing. It reports
// prefixes/s from the start until the RIB holds every route
// ("ingested") and until the sink has taken every event
// ("published"), and the CPU of the whole process per prefix: with
// Kafka on that includes the franz-go client and the in-process broker,
// which a real deployment runs elsewhere.
func BenchmarkIngestKafka(b *testing.B) {
	peers := envInt("BGPLENS_BENCH_PEERS", 2)
	prefixes := envInt("BGPLENS_BENCH_PREFIXES", 200000)
	stream, msgs := benchStream(b, peers, prefixes, "bench-0")
	routes := peers * prefixes
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			var ingested, published, cpu time.Duration
			for b.Loop() {
				cfg := Config{Allow: []string{"127.0.0.1"}}
				var sinks []output.Sink
				if on {
					sinks = append(sinks, kafkaSink(b))
					cfg.Queues = map[string]QueueConfig{"kafka": {Policy: PolicyBlock}}
				}
				st, err := New(cfg, nil, nil, sinks...)
				if err != nil {
					b.Fatal(err)
				}
				ln := newMemListener([][]byte{stream})
				stop := serveMem(st, ln)
				start, cpu0 := time.Now(), processCPU()
				close(ln.ready)
				waitIngested(b, st, "bench-0", msgs, start)
				ingested += time.Since(start)
				if on {
					waitPublished(b, st.queues[0], uint64(routes), start)
				}
				published += time.Since(start)
				cpu += processCPU() - cpu0
				if n := st.db.Stats().Routes; n != routes {
					b.Fatalf("%d routes held, want %d", n, routes)
				}
				for _, c := range ln.conns {
					c.Close()
				}
				if err := stop(); err != nil {
					b.Fatal(err)
				}
				st.Close()
			}
			n := float64(routes) * float64(b.N)
			b.ReportMetric(n/ingested.Seconds(), "prefixes/s")
			b.ReportMetric(n/published.Seconds(), "published-prefixes/s")
			b.ReportMetric(n/cpu.Seconds(), "prefixes/cpu-s")
		})
	}
}

// kafkaSink is the Kafka sink of --kafka, publishing into an in-process
// kfake that acknowledges without storing (memory stays flat).
func kafkaSink(b *testing.B) *kafka.Sink {
	topics := []string{"openbmp.bmp_raw", "openbmp.parsed.router", "openbmp.parsed.peer", "openbmp.parsed.bmp_stat", "openbmp.parsed.unicast_prefix"}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.BlackholeProduce(), kfake.SeedTopics(4, topics...))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	s, err := kafka.New(kafka.Config{Brokers: c.ListenAddrs()}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// waitPublished waits until the sink of q has taken n events.
func waitPublished(b *testing.B, q *sinkQueue, n uint64, start time.Time) {
	for q.published.Load() < n {
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("%d events published of %d", q.published.Load(), n)
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// processCPU is the CPU time the process has used, user and system: with
// the sink on, the client's and the broker's goroutines count too.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
