package kafka_test

import (
	"bytes"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// TestBrokerRestart: the broker stops in the middle of the stream and
// starts again later; what the routers sent meanwhile waits in the
// spool (the records in flight fill up, the rest is spooled) and goes
// out once the broker is back: nothing lost, order kept, spool drained.
func TestBrokerRestart(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	kc := testConfig(b, t.TempDir())
	kc.InFlight = 64
	r := startRig(t, kc, station.QueueConfig{Policy: station.PolicyBlock})
	r.feed("127.0.0.81", msgs)
	allSent(t, r)
	b.stop()
	r.feed("127.0.0.82", msgs[:len(msgs)/2])
	r.feed("127.0.0.83", msgs)
	waitFor(t, "records in the spool", 20*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_kafka_spool_records") > 0 && metric(t, r.reg, "bgplens_station_sink_queue_depth") == 0
	})
	if n := metric(t, r.reg, "bgplens_kafka_in_flight_records"); n != 64 {
		t.Errorf("%v records in flight with the broker away, want the 64 allowed", n)
	}
	b.start()
	allSent(t, r)
	if metric(t, r.reg, "bgplens_kafka_records_lost_total") != 0 {
		t.Error("records lost")
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	checkTopics(t, b, expected(r.mem.events(), "openbmp", "bgplens-test"))
}

// TestShutdownSpools: the station is stopped (SIGTERM) while the broker
// is away; what was in flight and what waited is in the spool, and the
// next run sends it all, in order, before anything new.
func TestShutdownSpools(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	spool := t.TempDir()
	kc := testConfig(b, spool)
	kc.InFlight = 200
	kc.CloseTimeout = 200 * time.Millisecond
	r := startRig(t, kc, station.QueueConfig{Policy: station.PolicyBlock})
	r.feed("127.0.0.91", msgs[:len(msgs)/3])
	allSent(t, r)
	b.stop()
	r.feed("127.0.0.92", msgs)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	first := r.mem.events()
	if segs, _ := filepath.Glob(filepath.Join(spool, "*.seg")); len(segs) == 0 {
		t.Fatal("nothing in the spool after a stop with the broker away")
	}

	b.start()
	r2 := startRig(t, kc, station.QueueConfig{Policy: station.PolicyBlock})
	allSent(t, r2)
	if err := r2.stop(); err != nil {
		t.Fatal(err)
	}
	checkTopics(t, b, expected(first, "openbmp", "bgplens-test"))
}

// TestSIGTERMBurst: the station is stopped while routers are still
// sending; every event the station made before it stopped reaches the
// broker (the queue drains, the sink flushes).
func TestSIGTERMBurst(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	r := startRig(t, testConfig(b, t.TempDir()), station.QueueConfig{Policy: station.PolicyBlock})
	done, hold := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		// The routers' sessions stay open once sent (a router keeps its
		// session), so the stop ends them however fast the station reads.
		for _, src := range []string{"127.0.0.101", "127.0.0.102", "127.0.0.103"} {
			go r.sendAndHold(src, msgs, hold)
		}
		r.sendAndHold("127.0.0.104", msgs, hold)
	}()
	waitFor(t, "a burst under way", 20*time.Second, func() bool { return len(r.mem.events()) > 1000 })
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	close(hold)
	<-done
	evs := r.mem.events()
	var cut int
	for _, ev := range evs {
		if ev.Type == output.EventRouterDown && ev.Session.Reason == "station shutting down" {
			cut++
		}
	}
	if cut == 0 {
		t.Fatal("no session was cut short by the stop: no burst was under way")
	}
	checkTopics(t, b, expected(evs, "openbmp", "bgplens-test"))
}

// fullSpoolConfig is a sink whose spool fills within one replay.
func fullSpoolConfig(t *testing.T, b *broker) kafka.Config {
	kc := testConfig(b, t.TempDir())
	kc.InFlight = 16
	kc.Spool.Size = 32 << 10
	kc.Spool.SegmentSize = 8 << 10
	return kc
}

// TestFullSpoolDrop: with the drop policy a full spool costs events,
// counted by the station's queue and never more than that: what was
// accepted arrives, in order.
func TestFullSpoolDrop(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	r := startRig(t, fullSpoolConfig(t, b), station.QueueConfig{Policy: station.PolicyDrop, Size: 32})
	r.feed("127.0.0.111", msgs[:20])
	allSent(t, r)
	b.stop()
	// Routers until the spool is full: a fixed amount of input does not
	// always fill it, since on a loaded machine the station's queue of 32
	// may overflow (and drop) while the sink is still writing the spool.
	for i := 0; metric(t, r.reg, "bgplens_kafka_spool_full_total") == 0; i++ {
		if i == 20 {
			t.Fatalf("the spool never filled: %v octets", metric(t, r.reg, "bgplens_kafka_spool_bytes"))
		}
		r.feed("127.0.0."+strconv.Itoa(112+i), msgs)
	}
	// The sink now waits for room: the next router fills the queue.
	r.feed("127.0.0.140", msgs)
	waitFor(t, "the queue to settle", 20*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_station_sink_queue_depth") == 32
	})
	dropped := metric(t, r.reg, "bgplens_station_sink_dropped_total")
	if metric(t, r.reg, "bgplens_kafka_spool_full_total") == 0 || dropped == 0 {
		t.Fatalf("spool full %v times, %v events dropped: the spool did not fill", metric(t, r.reg, "bgplens_kafka_spool_full_total"), dropped)
	}
	if n := metric(t, r.reg, "bgplens_kafka_spool_bytes"); n > 32<<10 {
		t.Errorf("spool holds %v octets, over its 32 KiB", n)
	}
	b.start()
	allSent(t, r)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	want := expected(r.mem.events(), "openbmp", "bgplens-test")
	got := 0
	byTopic := map[string]bool{}
	for _, w := range want {
		byTopic[w.topic] = true
	}
	wantByKey := map[string][][]byte{}
	for _, w := range want {
		wantByKey[w.topic+" "+w.key] = append(wantByKey[w.topic+" "+w.key], w.value)
	}
	gotByKey := map[string][][]byte{}
	for topic := range byTopic {
		for _, rec := range kcat(t, b, topic) {
			gotByKey[topic+" "+rec.key] = append(gotByKey[topic+" "+rec.key], rec.value)
			got++
		}
	}
	if got != len(want)-int(dropped) {
		t.Errorf("%d records in Kafka; %d events less %v dropped is %d", got, len(want), dropped, len(want)-int(dropped))
	}
	// Per key, what arrived is what the station made, in order, less
	// the dropped events.
	for k, gv := range gotByKey {
		wv := wantByKey[k]
		j := 0
		for _, v := range gv {
			for j < len(wv) && !bytes.Equal(wv[j], v) {
				j++
			}
			if j == len(wv) {
				t.Fatalf("%s: records out of order or not made by the station", k)
			}
			j++
		}
	}
}

// TestFullSpoolBlock: with the block policy a full spool slows the
// router down instead, and nothing is lost.
func TestFullSpoolBlock(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	r := startRig(t, fullSpoolConfig(t, b), station.QueueConfig{Policy: station.PolicyBlock, Size: 32})
	r.feed("127.0.0.121", msgs[:20])
	allSent(t, r)
	b.stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.sendOnly("127.0.0.122", msgs)
	}()
	waitFor(t, "the spool to fill", 20*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_kafka_spool_full_total") > 0
	})
	routerDown := func() bool {
		for _, ev := range r.mem.events() {
			if ev.Type == output.EventRouterDown && ev.Router.Addr.String() == "127.0.0.122" {
				return true
			}
		}
		return false
	}
	time.Sleep(200 * time.Millisecond)
	if routerDown() {
		t.Fatal("the router's session ended while the sink could take nothing: it was not slowed down")
	}
	b.start()
	<-done
	waitFor(t, "the session to end", 30*time.Second, routerDown)
	allSent(t, r)
	if d := metric(t, r.reg, "bgplens_station_sink_dropped_total"); d != 0 {
		t.Errorf("%v events dropped under the block policy", d)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	checkTopics(t, b, expected(r.mem.events(), "openbmp", "bgplens-test"))
}

// TestBrokerRefuses: the broker answers every produce with
// NOT_ENOUGH_REPLICAS (fewer in-sync replicas than min.insync.replicas:
// acks=all cannot be met) for a while; the records wait in flight and
// in the spool and go out once it takes writes again: nothing lost,
// order kept, no record counted as refused.
func TestBrokerRefuses(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	kc := testConfig(b, t.TempDir())
	kc.InFlight = 32
	r := startRig(t, kc, station.QueueConfig{Policy: station.PolicyBlock})
	r.feed("127.0.0.141", msgs[:20])
	allSent(t, r)
	var refusing atomic.Bool
	var refused atomic.Int64
	refusing.Store(true)
	b.refuseProduce(kerr.NotEnoughReplicas.Code, &refusing, &refused, nil)
	r.feed("127.0.0.142", msgs)
	waitFor(t, "records in the spool", 20*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_kafka_spool_records") > 0 && refused.Load() > 0
	})
	refusing.Store(false)
	allSent(t, r)
	if e := metric(t, r.reg, "bgplens_kafka_produce_errors_total"); e != 0 {
		t.Errorf("%v records counted as refused for good", e)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	checkTopics(t, b, expected(r.mem.events(), "openbmp", "bgplens-test"))
}

// TestRefusedKept: the broker refuses writes for good for a while
// (TOPIC_AUTHORIZATION_FAILED: not retried); the refused records are
// counted and kept in the spool's refused directory, the rest arrives in
// order: every event is in Kafka or kept there, none twice.
func TestRefusedKept(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	spoolDir := t.TempDir()
	r := startRig(t, testConfig(b, spoolDir), station.QueueConfig{Policy: station.PolicyBlock})
	r.feed("127.0.0.161", msgs[:20])
	allSent(t, r)
	var refusing atomic.Bool
	refusing.Store(true)
	b.refuseProduce(kerr.TopicAuthorizationFailed.Code, &refusing, nil, nil)
	r.feed("127.0.0.162", msgs[:len(msgs)/2])
	waitFor(t, "records refused", 20*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_kafka_produce_errors_total") > 0 && metric(t, r.reg, "bgplens_kafka_in_flight_records") == 0
	})
	refusing.Store(false)
	r.feed("127.0.0.163", msgs)
	allSent(t, r)
	errs := metric(t, r.reg, "bgplens_kafka_produce_errors_total")
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	// What was kept, read back without removing it.
	kept, err := kafka.ReadRefused(spoolDir)
	if err != nil {
		t.Fatal(err)
	}
	if float64(len(kept)) != errs || errs == 0 {
		t.Fatalf("%d records kept, %v refused", len(kept), errs)
	}
	want := expected(r.mem.events(), "openbmp", "bgplens-test")
	inKafka := map[string][][]byte{}
	total := 0
	topics := map[string]bool{}
	for _, w := range want {
		topics[w.topic] = true
	}
	for topic := range topics {
		for _, rec := range kcat(t, b, topic) {
			inKafka[topic+" "+rec.key] = append(inKafka[topic+" "+rec.key], rec.value)
			total++
		}
	}
	if total+len(kept) != len(want) {
		t.Fatalf("%d in Kafka + %d kept, want %d events", total, len(kept), len(want))
	}
	keptSet := map[string]int{}
	for _, k := range kept {
		keptSet[k.Topic+" "+string(k.Key)+" "+string(k.Value)]++
	}
	// Per key: the events in order, each either in Kafka (in that order)
	// or kept.
	wantByKey := map[string][][]byte{}
	for _, w := range want {
		wantByKey[w.topic+" "+w.key] = append(wantByKey[w.topic+" "+w.key], w.value)
	}
	for k, wv := range wantByKey {
		got := inKafka[k]
		j := 0
		for _, v := range wv {
			if j < len(got) && bytes.Equal(got[j], v) {
				j++
				continue
			}
			if keptSet[k+" "+string(v)] == 0 {
				t.Fatalf("%s: an event neither in Kafka (in order) nor kept", k)
			}
			keptSet[k+" "+string(v)]--
		}
		if j != len(got) {
			t.Fatalf("%s: %d records in Kafka not matched in order", k, len(got)-j)
		}
	}
}

// refuseProduce makes the broker answer every produce request with code
// while *refusing is set, counting the answers in refused if not nil;
// with a gate, the answers wait until it is closed.
func (b *broker) refuseProduce(code int16, refusing *atomic.Bool, refused *atomic.Int64, gate <-chan struct{}) {
	b.c.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		b.c.KeepControl()
		if gate != nil {
			b.c.SleepControl(func() { <-gate })
		}
		if !refusing.Load() {
			return nil, nil, false
		}
		preq := req.(*kmsg.ProduceRequest)
		resp := preq.ResponseKind().(*kmsg.ProduceResponse)
		for _, rt := range preq.Topics {
			st := kmsg.NewProduceResponseTopic()
			st.Topic, st.TopicID = rt.Topic, rt.TopicID
			for _, rp := range rt.Partitions {
				sp := kmsg.NewProduceResponseTopicPartition()
				sp.Partition = rp.Partition
				sp.ErrorCode = code
				st.Partitions = append(st.Partitions, sp)
			}
			resp.Topics = append(resp.Topics, st)
		}
		if refused != nil {
			refused.Add(1)
		}
		return resp, nil, true
	})
}
