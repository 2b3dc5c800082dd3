package kafka_test

import (
	"context"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// captureEvents runs the station over the FRR capture (one router) and
// returns the events it made, raw messages included.
func captureEvents(b testing.TB) []*output.Event {
	b.Helper()
	mem := &memSink{}
	st, err := station.New(station.Config{Queues: map[string]station.QueueConfig{"mem": {Policy: station.PolicyBlock}}}, nil, nil, mem)
	if err != nil {
		b.Fatal(err)
	}
	addr, stop := testrig.Serve(b, st.Serve, time.Minute)
	r := &rig{t: b, mem: mem, addr: addr}
	r.feed("127.0.0.131", captureMsgs(b))
	if err := stop(); err != nil {
		b.Fatal(err)
	}
	st.Close()
	return mem.events()
}

// blackhole is a kfake broker that acknowledges records without keeping
// them, so that memory stays flat over any number of iterations.
func blackhole(b *testing.B, topics []string) *kfake.Cluster {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.BlackholeProduce(), kfake.SeedTopics(testPartitions, topics...))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	return c
}

// BenchmarkPublish publishes the station's events from a real capture
// into kfake: "parsed" the JSON events (one per prefix for routes),
// "packed" the same routes 32 to an UPDATE,
// "raw" the BMP messages with their OpenBMP header. Each has two
// sub-benchmarks: "sink", the whole path (Sink.Publish: topic, key,
// JSON or OBMP frame, client, broker, until every record is
// acknowledged), and "broker", the same records already made, produced
// by a bare franz-go client with the same options into the same kind of
// broker: the cost of the client and the in-process broker, which the
// sink's figure includes and a real deployment pays on other machines.
// The sink's own cost is the difference.
func BenchmarkPublish(b *testing.B) {
	parsed, raw, packed, rawOctets := benchFeeds(b)
	topics := []string{"openbmp.bmp_raw", "openbmp.parsed.router", "openbmp.parsed.peer", "openbmp.parsed.bmp_stat", "openbmp.parsed.unicast_prefix"}
	for _, feed := range []struct {
		name string
		evs  []*output.Event
	}{{"parsed", parsed}, {"packed", packed}, {"raw", raw}} {
		// The records the sink makes, for the bare client.
		exp := expected(feed.evs, "openbmp", "bench")
		// startTimer starts the measure of either sub-benchmark: the
		// raw feed counts its BMP octets, and report reads the clocks.
		startTimer := func(b *testing.B) (time.Time, time.Duration) {
			b.ReportAllocs()
			if feed.name == "raw" {
				b.SetBytes(rawOctets / int64(len(feed.evs)))
			}
			b.ResetTimer()
			return time.Now(), cpuTime()
		}
		b.Run(feed.name+"/sink", func(b *testing.B) {
			c := blackhole(b, topics)
			publish := kafka.FeedParsed
			if feed.name == "raw" {
				publish = kafka.FeedRaw
			}
			kc := kafka.Config{Brokers: c.ListenAddrs(), AdminID: "bench", Publish: []string{publish}}
			s, err := kafka.New(kc, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			start, cpu0 := startTimer(b)
			for i := range b.N {
				if err := s.Publish(ctx, feed.evs[i%len(feed.evs)]); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			report(b, start, cpu0, feed.name, routeShare(feed.evs))
		})
		b.Run(feed.name+"/broker", func(b *testing.B) {
			c := blackhole(b, topics)
			cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.RequiredAcks(kgo.AllISRAcks()),
				kgo.ProducerBatchCompression(kgo.SnappyCompression()), kgo.MaxBufferedRecords(kafka.DefaultInFlight+1))
			if err != nil {
				b.Fatal(err)
			}
			defer cl.Close()
			recs := make([]kgo.Record, len(exp))
			for i, r := range exp {
				recs[i] = kgo.Record{Topic: r.topic, Key: []byte(r.key), Value: r.value}
			}
			start, cpu0 := startTimer(b)
			for i := range b.N {
				r := recs[i%len(recs)] // a record is the client's until acknowledged
				cl.Produce(context.Background(), &r, nil)
			}
			if err := cl.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
			report(b, start, cpu0, feed.name, routeShare(feed.evs))
		})
	}
}

// BenchmarkRecord is the sink's own cost per record, without the Kafka
// client and broker that BenchmarkPublish's figures include: the topic,
// the key and the value (the event's JSON, its OpenBMP TSV rows, or the
// OBMP frame of a raw message) made as Publish makes them, for the events
// of BenchmarkPublish's feeds. It reports CPU time per record (the loop
// runs on one goroutine, so prefixes/cpu-s is per core) beside wall time,
// which on a shared machine says more about the neighbours.
func BenchmarkRecord(b *testing.B) {
	parsed, raw, packed, rawOctets := benchFeeds(b)
	// raw-4k: the capture's raw messages made 4 KiB long, the size of a
	// full-table UPDATE's Route Monitoring (the sink frames the octets
	// without reading them).
	var raw4k []*output.Event
	for _, ev := range raw {
		m := make([]byte, 4096)
		copy(m, rawMessage(ev))
		raw4k = append(raw4k, rawEvent(ev, m, ev.Time))
	}
	for _, c := range []struct {
		name, publish, format string
		evs                   []*output.Event
	}{
		{"parsed", kafka.FeedParsed, kafka.FormatJSON, parsed},
		// parsed-cold: the same, the Encoder's memory dropped at each pass
		// over the capture, so that an attribute set is remembered only
		// from its earlier sights in one pass, not from the last pass.
		{"parsed-cold", kafka.FeedParsed, kafka.FormatJSON, parsed},
		{"packed", kafka.FeedParsed, kafka.FormatJSON, packed},
		{"packed-openbmp", kafka.FeedParsed, kafka.FormatOpenBMP, packed},
		{"raw", kafka.FeedRaw, kafka.FormatJSON, raw},
		{"raw-4k", kafka.FeedRaw, kafka.FormatJSON, raw4k},
	} {
		b.Run(c.name, func(b *testing.B) {
			c2 := blackhole(b, nil)
			s, err := kafka.New(kafka.Config{Brokers: c2.ListenAddrs(), AdminID: "bench", Publish: []string{c.publish}, ParsedFormat: c.format}, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			switch c.name {
			case "raw":
				b.SetBytes(rawOctets / int64(len(c.evs)))
			case "raw-4k":
				b.SetBytes(4096)
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := range b.N {
				if c.name == "parsed-cold" && i%len(c.evs) == 0 {
					s.ForgetEncoded()
				}
				s.MakeRecord(c.evs[i%len(c.evs)])
			}
			b.StopTimer()
			cpu := float64(cpuTime()-cpu0) / float64(b.N)
			b.ReportMetric(cpu, "cpu-ns/record")
			if c.publish == kafka.FeedRaw {
				var n int
				for _, ev := range c.evs {
					n += ev.Batch.Size()
				}
				b.ReportMetric(float64(n)/float64(len(c.evs))/cpu*1e3, "MB/cpu-s")
			} else {
				b.ReportMetric(routeShare(c.evs)*1e9/cpu, "prefixes/cpu-s")
			}
			s.Close()
		})
	}
}

// packRoutes makes each IPv4 route event into the 32 routes of one
// UPDATE (consecutive prefixes sharing its path, as full-table UPDATEs
// pack them); the FRR capture carries one or two prefixes per UPDATE.
func packRoutes(evs []*output.Event) []*output.Event {
	var packed []*output.Event
	for _, ev := range evs {
		if ev.Type != output.EventRoute || !ev.Route.Prefix.Addr().Is4() {
			continue
		}
		for j := range 32 {
			e := *ev
			a := ev.Route.Prefix.Addr().As4()
			a[2] += byte(j)
			e.Route.Prefix = netip.PrefixFrom(netip.AddrFrom4(a), ev.Route.Prefix.Bits())
			packed = append(packed, &e)
		}
	}
	return packed
}

// routeShare is the fraction of evs that are routes (one prefix each).
func routeShare(evs []*output.Event) float64 {
	n := 0
	for _, ev := range evs {
		if ev.Type == output.EventRoute {
			n++
		}
	}
	return float64(n) / float64(len(evs))
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine wall time says more about the neighbours than about the
// code, so the benchmarks report CPU per record too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report adds records/s (wall), CPU ns per record (all goroutines: the
// sink, the client and the in-process broker) and, for parsed events,
// prefixes per second per core of CPU.
func report(b *testing.B, start time.Time, cpu0 time.Duration, feed string, routeShare float64) {
	b.StopTimer()
	secs := time.Since(start).Seconds()
	cpu := float64(cpuTime()-cpu0) / float64(b.N)
	b.ReportMetric(float64(b.N)/secs, "records/s")
	b.ReportMetric(cpu, "cpu-ns/record")
	if feed != "raw" {
		b.ReportMetric(routeShare*1e9/cpu, "prefixes/cpu-s")
	}
}

// benchFeeds splits the capture's events into the parsed feed and the raw
// feed (with its octets), and packs the parsed routes 32 to an UPDATE, so
// that the encoder's per-UPDATE sharing shows.
func benchFeeds(b *testing.B) (parsed, raw, packed []*output.Event, rawOctets int64) {
	for _, ev := range captureEvents(b) {
		if ev.Type == output.EventRaw {
			raw = append(raw, ev)
			rawOctets += int64(ev.Batch.Size())
			continue
		}
		parsed = append(parsed, ev)
	}
	return parsed, raw, packRoutes(parsed), rawOctets
}
