package kafka_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
)

// allSent waits until the sink has nothing in flight or spooled.
func allSent(t testing.TB, r *rig) {
	t.Helper()
	waitFor(t, "the sink to have sent everything", 60*time.Second, func() bool {
		return metric(t, r.reg, "bgplens_kafka_in_flight_records") == 0 && metric(t, r.reg, "bgplens_kafka_spool_records") == 0 &&
			metric(t, r.reg, "bgplens_station_sink_queue_depth") == 0
	})
}

// TestPublish: three routers replay a real FRR capture; kcat reads every
// topic back and finds every raw message and every event, under its key,
// in the partition Kafka's partitioner gives it, in the order the
// station made them; the raw frames carry what the router sent.
func TestPublish(t *testing.T) {
	b := startBroker(t)
	msgs := captureMsgs(t)
	r := startRig(t, testConfig(b, t.TempDir()), station.QueueConfig{})
	routers := []string{"127.0.0.71", "127.0.0.72", "127.0.0.73"}
	for _, src := range routers {
		r.feed(src, msgs)
	}
	allSent(t, r)
	// Every router's session has ended (feed waits for it), so the events
	// are all made; the sink can still hold some between its queue and
	// the producer for a moment: wait for the count they call for.
	var produced float64
	n := len(expected(r.mem.events(), "openbmp", "bgplens-test"))
	waitFor(t, "every record produced", 60*time.Second, func() bool {
		produced = metric(t, r.reg, "bgplens_kafka_records_produced_total")
		return produced >= float64(n)
	})
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	evs := r.mem.events()
	want := expected(evs, "openbmp", "bgplens-test")
	checkTopics(t, b, want)

	// Independently of the station's events: each router's raw topic
	// records are the capture's messages, in order, framed for it.
	raw := kcat(t, b, "openbmp.bmp_raw")
	for _, src := range routers {
		i := 0
		for _, rec := range raw {
			if rec.key != routerKey(src) {
				continue
			}
			h, msg, rest, err := obmp.Parse(rec.value)
			if err != nil || len(rest) != 0 {
				t.Fatalf("%s record %d: %v (%d octets after)", src, i, err, len(rest))
			}
			if h.RouterAddr.String() != src || h.AdminID != "bgplens-test" || h.CollectorHash != obmp.CollectorHash("bgplens-test") || h.Time.IsZero() {
				t.Errorf("%s record %d: header %+v", src, i, h)
			}
			if i >= len(msgs) || !bytes.Equal(msg, msgs[i]) {
				t.Fatalf("%s: raw record %d is not message %d of the capture", src, i, i)
			}
			i++
		}
		if i != len(msgs) {
			t.Errorf("%s: %d raw records, %d messages sent", src, i, len(msgs))
		}
	}
	var routes int
	for _, ev := range evs {
		if ev.Type == output.EventRoute {
			routes++
		}
	}
	if produced != float64(len(want)) || routes == 0 {
		t.Errorf("produced %v records, want %d (%d routes)", produced, len(want), routes)
	}
}
