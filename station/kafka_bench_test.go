package station

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// BenchmarkIngestKafka is issue 14's comparison: BenchmarkIngest's stream
// (BGPLENS_BENCH_PEERS, BGPLENS_BENCH_PREFIXES) over in-memory
// connections into a station without sinks ("off"), and with the Kafka
// sink under the block policy, so that everything is published
// ("raw-null": a sink that takes the raw feed and publishes nothing, the
// station's own cost of a raw feed and of its hand-over); "raw"
// publishes the raw BMP feed alone (publish: [raw], the scale-out setup
// where collectors publish and query nodes parse), "raw+parsed" the raw
// feed and the parsed events as JSON (--kafka's default), "raw-warm" the
// raw feed into one sink for every iteration (warmSink), warmed by an
// ingest not counted, as a station's sink has long been running;
// BGPLENS_BENCH_KAFKA_COMPRESSION sets the codec (default snappy). The broker is
// kfake, acknowledging without storing, in a process of its own (this
// test binary run again, brokerProcess), so that the station's CPU and
// the broker's are measured apart, as a real deployment runs them on
// other machines. It reports prefixes/s from the start until the RIB
// holds every route ("prefixes/s") and until the station has closed, its
// sink's every record acknowledged ("published-prefixes/s"), and the
// CPU per prefix, to the same point, of the station process (the sink
// and the franz-go client included) and of the broker's.
func BenchmarkIngestKafka(b *testing.B) {
	peers := envInt("BGPLENS_BENCH_PEERS", 2)
	prefixes := envInt("BGPLENS_BENCH_PREFIXES", 200000)
	stream, msgs := benchStream(b, peers, prefixes, 0, 0)
	routes := peers * prefixes
	for _, c := range []struct {
		name    string
		publish []string
		warm    bool // one sink for every iteration, warmed by a first ingest
	}{
		{"off", nil, false},
		{"raw-null", []string{nullRaw}, false},
		{"raw", []string{kafka.FeedRaw}, false},
		{"raw+parsed", []string{kafka.FeedRaw, kafka.FeedParsed}, false},
		{"raw-warm", []string{kafka.FeedRaw}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			run := ingestRun{stream: stream, msgs: msgs, routes: routes, publish: c.publish}
			if c.publish != nil && c.publish[0] != nullRaw {
				run.br = startBrokerProcess(b)
			}
			if c.warm {
				s, reg := newBenchSink(b, run.br, c.publish)
				defer s.Close()
				run.warm = &warmSink{Sink: s, reg: reg}
				run.round(b) // the client's start and the sink's memory, not counted
			}
			var t ingestTimes
			for b.Loop() {
				t.add(run.round(b))
			}
			n := float64(routes) * float64(b.N)
			b.ReportMetric(n/t.ingested.Seconds(), "prefixes/s")
			b.ReportMetric(n/t.published.Seconds(), "published-prefixes/s")
			b.ReportMetric(float64(t.cpu.Nanoseconds())/n, "station-cpu-ns/prefix")
			b.ReportMetric(n/t.cpu.Seconds(), "prefixes/station-cpu-s")
			if run.br != nil {
				b.ReportMetric(float64(t.brokerCPU.Nanoseconds())/n, "broker-cpu-ns/prefix")
			}
		})
	}
}

// ingestRun is one configuration of BenchmarkIngestKafka.
type ingestRun struct {
	stream  []byte
	msgs    int
	routes  int
	br      *brokerProc // nil: no Kafka sink
	publish []string
	warm    *warmSink // the sink of every round, if any
}

// ingestTimes is what rounds took: until the RIB held every route, until
// the station had closed, and the CPU of the station's process and the
// broker's to that point.
type ingestTimes struct{ ingested, published, cpu, brokerCPU time.Duration }

func (t *ingestTimes) add(u ingestTimes) {
	t.ingested += u.ingested
	t.published += u.published
	t.cpu += u.cpu
	t.brokerCPU += u.brokerCPU
}

// newBenchSink returns a Kafka sink on the broker process, publishing
// the feeds named, and the registry of its metrics.
func newBenchSink(b *testing.B, br *brokerProc, publish []string) (*kafka.Sink, *prometheus.Registry) {
	reg := prometheus.NewRegistry()
	s, err := kafka.New(kafka.Config{Brokers: br.addrs, Publish: publish, Compression: os.Getenv("BGPLENS_BENCH_KAFKA_COMPRESSION")}, reg, nil)
	if err != nil {
		b.Fatal(err)
	}
	return s, reg
}

// warmSink is a Kafka sink that outlives the stations of a benchmark, as
// a station's sink outlives the sessions of its routers: Close waits for
// every record in flight to be acknowledged and leaves it open.
type warmSink struct {
	*kafka.Sink
	reg *prometheus.Registry
}

func (w *warmSink) Close() error {
	for {
		mfs, err := w.reg.Gather()
		if err != nil {
			return err
		}
		for _, mf := range mfs {
			if mf.GetName() == "bgplens_kafka_in_flight_records" && mf.GetMetric()[0].GetGauge().GetValue() == 0 {
				return nil
			}
		}
		time.Sleep(time.Millisecond)
	}
}

// round ingests the stream into a new station and closes it.
func (r *ingestRun) round(b *testing.B) ingestTimes {
	cfg := Config{Allow: []string{"127.0.0.1"}}
	var sinks []output.Sink
	if r.publish != nil && r.publish[0] == nullRaw {
		sinks = append(sinks, nullRawSink{})
		cfg.Queues = map[string]QueueConfig{"kafka": {Policy: PolicyBlock}}
	}
	if r.br != nil {
		if r.warm != nil {
			sinks = append(sinks, r.warm)
		} else {
			s, _ := newBenchSink(b, r.br, r.publish)
			sinks = append(sinks, s)
		}
		cfg.Queues = map[string]QueueConfig{"kafka": {Policy: PolicyBlock}}
	}
	st, err := New(cfg, nil, nil, sinks...)
	if err != nil {
		b.Fatal(err)
	}
	ln := newMemListener([][]byte{r.stream})
	stop := serveMem(st, ln)
	var t ingestTimes
	var bcpu0 time.Duration
	if r.br != nil {
		bcpu0 = r.br.cpu(b)
	}
	start, cpu0 := time.Now(), cpuTime(b)
	close(ln.ready)
	waitIngested(b, st, "bench-0", r.msgs, start)
	t.ingested = time.Since(start)
	if n := st.db.Stats().Routes; n != r.routes {
		b.Fatalf("%d routes held, want %d", n, r.routes)
	}
	for _, c := range ln.conns {
		c.Close()
	}
	if err := stop(); err != nil {
		b.Fatal(err)
	}
	// Close drains the sink's queue and waits until the broker has
	// acknowledged every record.
	st.Close()
	t.published = time.Since(start)
	t.cpu = cpuTime(b) - cpu0
	if r.br != nil {
		t.brokerCPU = r.br.cpu(b) - bcpu0
		if q := st.queues[0]; q.dropped.Load()+q.errors.Load() != 0 {
			b.Fatalf("%d events dropped, %d failed", q.dropped.Load(), q.errors.Load())
		}
	}
	return t
}

// nullRaw in BenchmarkIngestKafka's publish list stands for nullRawSink
// instead of a Kafka sink.
const nullRaw = "null-raw"

// nullRawSink takes the raw feed as the Kafka sink does (a queue of
// runs under the block policy, a goroutine draining it) and publishes
// nothing: "raw-null" is the station's own cost of a raw feed, its hand-
// over to a sink's goroutine included, apart from the sink's.
type nullRawSink struct{}

func (nullRawSink) Name() string                                 { return "kafka" }
func (nullRawSink) Publish(context.Context, *output.Event) error { return nil }
func (nullRawSink) Close() error                                 { return nil }
func (nullRawSink) ReceiveRaw() bool                             { return true }
func (nullRawSink) ReceiveRoutes() bool                          { return false }

// brokerEnv, set, makes the test binary the broker process of
// BenchmarkIngestKafka instead of running tests (TestMain).
const brokerEnv = "BGPLENS_BENCH_KFAKE"

// brokerLife bounds the broker process, should its parent neither kill it
// nor close its input.
const brokerLife = 30 * time.Minute

// brokerProc is the broker process: kfake listening on loopback, which
// answers "cpu" on its input with its CPU time in nanoseconds.
type brokerProc struct {
	addrs []string
	in    io.WriteCloser
	out   *bufio.Reader
}

// startBrokerProcess runs this test binary again as the broker; the
// benchmark's cleanup kills it and waits for it.
func startBrokerProcess(b *testing.B) *brokerProc {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), brokerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		in.Close() // the broker exits on the end of its input
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	p := &brokerProc{in: in, out: bufio.NewReader(out)}
	line, err := p.out.ReadString('\n')
	if err != nil {
		b.Fatalf("broker process: %v", err)
	}
	p.addrs = strings.Fields(line)
	return p
}

// cpu asks the broker process for its CPU time.
func (p *brokerProc) cpu(b *testing.B) time.Duration {
	if _, err := io.WriteString(p.in, "cpu\n"); err != nil {
		b.Fatal(err)
	}
	line, err := p.out.ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil {
		b.Fatal(err)
	}
	return time.Duration(ns)
}

// serveBroker is the broker process: kfake acknowledging without storing
// (memory stays flat), its addresses on the first line of output, then
// its CPU time for each line of input, until the input ends or
// brokerLife has passed.
func serveBroker() int {
	topics := []string{"openbmp.bmp_raw", "openbmp.parsed.router", "openbmp.parsed.peer", "openbmp.parsed.bmp_stat", "openbmp.parsed.unicast_prefix"}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.BlackholeProduce(), kfake.SeedTopics(4, topics...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "broker process:", err)
		return 1
	}
	defer c.Close()
	time.AfterFunc(brokerLife, func() { os.Exit(2) })
	fmt.Println(strings.Join(c.ListenAddrs(), " "))
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cpu, err := processCPU()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(cpu.Nanoseconds())
	}
	return 0
}

func TestMain(m *testing.M) {
	if os.Getenv(brokerEnv) != "" {
		os.Exit(serveBroker())
	}
	os.Exit(m.Run())
}
