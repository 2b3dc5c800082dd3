package kafka_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// The tests run the real station on loopback, fed a real BMP capture
// (FRR, testdata/frr-bmp), with the Kafka sink writing to an in-process
// Kafka (franz-go's kfake), and read the topics back with kcat
// (librdkafka), a client bgplens has nothing in common with.

const testPartitions = 4

// captureMsgs frames the FRR capture into its messages.
func captureMsgs(t testing.TB) [][]byte {
	t.Helper()
	return testrig.SplitBMP(t, testrig.ReadTestdata(t, "frr-bmp/frr-small-100.bmp"))
}

// broker is a kfake cluster on a fixed loopback port, kept on disk so
// that it can be stopped and started again with its data.
type broker struct {
	t    testing.TB
	port int
	dir  string
	c    *kfake.Cluster
}

func startBroker(t testing.TB) *broker {
	t.Helper()
	b := &broker{t: t, port: fixedPort(t), dir: t.TempDir()}
	b.start()
	t.Cleanup(b.stop)
	return b
}

// fixedPort returns a free loopback port below the kernel's ephemeral
// range. While the broker is stopped its port is free; a port the kernel
// hands out for ":0" could then be taken by another package's test
// running alongside (a station, another kfake cluster) and answer the
// sink in the stopped broker's place.
func fixedPort(t testing.TB) int {
	low := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				low = n
			}
		}
	}
	base := max(low-8000, 1024)
	for range 100 {
		port := base + rand.IntN(low-base)
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			ln.Close()
			return port
		}
	}
	t.Fatal("no free port below the ephemeral range")
	return 0
}

func (b *broker) addr() string { return "127.0.0.1:" + strconv.Itoa(b.port) }

func (b *broker) start() {
	b.t.Helper()
	var err error
	for range 50 { // the port may linger a moment after a stop
		b.c, err = kfake.NewCluster(kfake.Ports(b.port), kfake.NumBrokers(1), kfake.DataDir(b.dir))
		if err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatal(err)
}

func (b *broker) stop() {
	if b.c != nil {
		b.c.Close()
		b.c = nil
	}
}

// memSink keeps every event it is given, raw messages included, each
// raw message as an event of its own with a run of that one message, a
// copy (a run's memory is the station's again after Publish); its queue
// blocks, so it has them all.
type memSink struct {
	mu  sync.Mutex
	evs []*output.Event
}

func (s *memSink) Name() string     { return "mem" }
func (s *memSink) ReceiveRaw() bool { return true }
func (s *memSink) Close() error     { return nil }
func (s *memSink) Publish(_ context.Context, ev *output.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Type != output.EventRaw {
		s.evs = append(s.evs, ev)
		return nil
	}
	for i := range ev.Batch.Len() {
		msg, at := ev.Batch.Message(i)
		s.evs = append(s.evs, rawEvent(ev, msg, at))
	}
	return nil
}

// rawEvent is a raw event of ev's router holding msg alone, received at t.
func rawEvent(ev *output.Event, msg []byte, t time.Time) *output.Event {
	one := *ev
	one.Batch, one.Time = output.NewRawBatch(1, len(msg)), t
	one.Batch.Append(msg, t)
	return &one
}

// rawMessage is the message of a raw event memSink kept.
func rawMessage(ev *output.Event) []byte {
	msg, _ := ev.Batch.Message(0)
	return msg
}

func (s *memSink) events() []*output.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*output.Event(nil), s.evs...)
}

// rig is a station with the Kafka sink and a memSink.
type rig struct {
	t    testing.TB
	st   *station.Station
	sink *kafka.Sink
	mem  *memSink
	reg  *prometheus.Registry
	addr string
	// stopServe ends the station's Serve; nil once stopped.
	stopServe func() error
}

func testConfig(b *broker, spool string) kafka.Config {
	return kafka.Config{
		Brokers:    []string{b.addr()},
		Partitions: testPartitions,
		AdminID:    "bgplens-test",
		Spool:      kafka.SpoolConfig{Dir: spool},
	}
}

func startRig(t testing.TB, kc kafka.Config, q station.QueueConfig) *rig {
	t.Helper()
	reg := prometheus.NewRegistry()
	sink, err := kafka.New(kc, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	mem := &memSink{}
	cfg := station.Config{
		Queue:           station.QueueConfig{Size: 4096},
		Queues:          map[string]station.QueueConfig{"mem": {Policy: station.PolicyBlock, Size: 1 << 16}, "kafka": q},
		ShutdownTimeout: 10 * time.Second,
	}
	st, err := station.New(cfg, nil, reg, sink, mem)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, st: st, sink: sink, mem: mem, reg: reg}
	r.addr, r.stopServe = testrig.Serve(t, st.Serve, 30*time.Second)
	t.Cleanup(func() { r.stop() })
	return r
}

// stop ends the sessions and closes the station and its sinks, as
// SIGTERM does in the command.
func (r *rig) stop() error {
	if r.stopServe == nil {
		return nil
	}
	err := r.stopServe()
	r.stopServe = nil
	return errors.Join(err, r.st.Close())
}

// feed sends msgs from the loopback address src and closes the
// connection; it waits until the station has ended the session (the
// memSink has its router_down).
func (r *rig) feed(src string, msgs [][]byte) {
	r.t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", r.addr)
	if err != nil {
		r.t.Fatal(err)
	}
	var b []byte
	for _, m := range msgs {
		b = append(b, m...)
	}
	if _, err := c.Write(b); err != nil {
		r.t.Fatal(err)
	}
	c.Close()
	waitFor(r.t, "router_down of "+src, 20*time.Second, func() bool {
		for _, ev := range r.mem.events() {
			if ev.Type == output.EventRouterDown && ev.Router.Addr.String() == src {
				return true
			}
		}
		return false
	})
}

// waitFor polls cond until it holds or the time is up.
var waitFor = testrig.WaitFor

// metric returns the value of the metric name (no labels, or the first
// series) in reg.
func metric(t testing.TB, reg prometheus.Gatherer, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			}
		}
	}
	return sum
}

// record is one Kafka record as a test expects or kcat read it.
type record struct {
	topic     string
	partition int
	offset    int64
	key       string
	value     []byte
}

// expected returns the records the sink must have written for the
// events evs (in the order the station made them): the topic and key
// each event goes to by the rules of docs/kafka.md, written out here
// independently of the sink, and the value (the OpenBMP frame of a raw
// message; the event's JSON, from AppendJSON without the sink's cache).
func expected(evs []*output.Event, prefix, admin string) []record {
	var out []record
	for _, ev := range evs {
		if ev.Type == output.EventRaw {
			for i := range ev.Batch.Len() {
				msg, at := ev.Batch.Message(i)
				h := obmp.ForRouter(admin, ev.Router.Addr, "", at)
				out = append(out, record{topic: prefix + ".bmp_raw", key: routerKey(ev.Router.Addr.String()), value: append(h.Append(nil, len(msg)), msg...)})
			}
			continue
		}
		r := record{}
		r.topic = prefix + ".parsed." + map[output.EventType]string{
			output.EventRouterUp: "router", output.EventRouterDown: "router",
			output.EventPeerUp: "peer", output.EventPeerDown: "peer", output.EventStats: "bmp_stat",
			output.EventRoute: "unicast_prefix", output.EventEndOfRIB: "unicast_prefix",
		}[ev.Type]
		if (ev.Type == output.EventRoute || ev.Type == output.EventEndOfRIB) && ev.Family.SAFI != bgp.SAFIUnicast {
			r.topic = "family " + ev.Family.String() + " not in the capture"
		}
		r.key = ev.Router.Name
		if ev.Type != output.EventRouterUp && ev.Type != output.EventRouterDown {
			r.key += "/" + ev.Peer.Distinguisher.String() + "/" + ev.Peer.Addr.String()
		}
		r.value = ev.AppendJSON(nil)
		out = append(out, r)
	}
	return out
}

// routerKey is the raw topic's key for a router: OpenBMP's router hash,
// MD5 of the address's octets, in hex.
func routerKey(addr string) string {
	a := netip.MustParseAddr(addr).Unmap()
	sum := md5.Sum(a.AsSlice())
	return hex.EncodeToString(sum[:])
}

// kcat reads every record of topic with kcat, from the beginning to the
// end of each partition.
func kcat(t testing.TB, b *broker, topic string) []record {
	t.Helper()
	path, err := exec.LookPath("kcat")
	if err != nil {
		t.Skip("kcat (Debian package kcat) is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-C", "-b", b.addr(), "-t", topic, "-o", "beginning", "-e", "-q",
		"-f", "%p %o %K:%k %S:%s\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("kcat %s: %v: %s", topic, err, stderr.String())
	}
	return parseKcat(t, topic, outb)
}

// parseKcat reads kcat's output in the format "%p %o %K:%k %S:%s\n":
// lengths in front of key and value, so binary values read back whole.
func parseKcat(t testing.TB, topic string, b []byte) []record {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(b))
	var out []record
	for {
		r := record{topic: topic}
		var klen, vlen int
		if _, err := fmt.Fscanf(br, "%d %d %d:", &r.partition, &r.offset, &klen); err != nil {
			if err == io.EOF {
				return out
			}
			t.Fatalf("kcat output of %s after %d records: %v", topic, len(out), err)
		}
		key := make([]byte, klen)
		io.ReadFull(br, key)
		r.key = string(key)
		if _, err := fmt.Fscanf(br, " %d:", &vlen); err != nil {
			t.Fatalf("kcat output of %s: value length: %v", topic, err)
		}
		r.value = make([]byte, vlen)
		if _, err := io.ReadFull(br, r.value); err != nil {
			t.Fatal(err)
		}
		if c, _ := br.ReadByte(); c != '\n' {
			t.Fatalf("kcat output of %s: record %d not followed by a newline", topic, len(out))
		}
		out = append(out, r)
	}
}

// murmur2Partition is the partition Kafka's default partitioner (Java
// client, librdkafka's murmur2_random) gives a key: murmur2 of the key,
// made positive, modulo the partitions.
func murmur2Partition(key []byte, partitions int) int {
	const m, r = 0x5bd1e995, 24
	h := uint32(0x9747b28c) ^ uint32(len(key))
	i := 0
	for ; i+4 <= len(key); i += 4 {
		k := uint32(key[i]) | uint32(key[i+1])<<8 | uint32(key[i+2])<<16 | uint32(key[i+3])<<24
		k *= m
		k ^= k >> r
		k *= m
		h *= m
		h ^= k
	}
	switch len(key) - i {
	case 3:
		h ^= uint32(key[i+2]) << 16
		fallthrough
	case 2:
		h ^= uint32(key[i+1]) << 8
		fallthrough
	case 1:
		h ^= uint32(key[i])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return int(h&0x7fffffff) % partitions
}

// checkTopics reads every topic the expected records name with kcat and
// checks that each record is there once, under its key, in the partition
// Kafka's partitioner gives the key, and that the records of each key
// come in the order the station made them.
func checkTopics(t testing.TB, b *broker, want []record) {
	t.Helper()
	byTopic := map[string][]record{}
	for _, r := range want {
		byTopic[r.topic] = append(byTopic[r.topic], r)
	}
	for topic, w := range byTopic {
		got := kcat(t, b, topic)
		if len(got) != len(w) {
			t.Errorf("%s: %d records, want %d", topic, len(got), len(w))
		}
		// Per key, in order: what kcat read, ordered by offset within
		// the partition, against what the station made.
		wantByKey := map[string][][]byte{}
		for _, r := range w {
			wantByKey[r.key] = append(wantByKey[r.key], r.value)
		}
		gotByKey := map[string][][]byte{}
		lastOff := map[int]int64{}
		for _, r := range got {
			if p := murmur2Partition([]byte(r.key), testPartitions); r.partition != p {
				t.Errorf("%s: key %q in partition %d, Kafka's partitioner says %d", topic, r.key, r.partition, p)
			}
			if o, ok := lastOff[r.partition]; ok && r.offset <= o {
				t.Errorf("%s: partition %d: offset %d after %d", topic, r.partition, r.offset, o)
			}
			lastOff[r.partition] = r.offset
			gotByKey[r.key] = append(gotByKey[r.key], r.value)
		}
		for k, wv := range wantByKey {
			gv := gotByKey[k]
			for i := range wv {
				if i >= len(gv) {
					t.Errorf("%s key %q: %d records, want %d", topic, k, len(gv), len(wv))
					break
				}
				if !bytes.Equal(gv[i], wv[i]) {
					t.Errorf("%s key %q: record %d differs:\n got %.300q\nwant %.300q", topic, k, i, gv[i], wv[i])
					break
				}
			}
		}
		for k := range gotByKey {
			if _, ok := wantByKey[k]; !ok {
				t.Errorf("%s: unexpected key %q", topic, k)
			}
		}
	}
}

// sendOnly sends msgs from src and closes the connection, without
// waiting for the station (which may be stopping).
func (r *rig) sendOnly(src string, msgs [][]byte) { r.sendAndHold(src, msgs, nil) }

// sendAndHold is sendOnly that keeps the connection open, once everything
// is sent, until hold is closed: the station ends the session itself.
func (r *rig) sendAndHold(src string, msgs [][]byte, hold <-chan struct{}) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", r.addr)
	if err != nil {
		return // the station has stopped listening
	}
	defer c.Close()
	for _, m := range msgs {
		if _, err := c.Write(m); err != nil {
			return
		}
	}
	if hold != nil {
		<-hold
	}
}
