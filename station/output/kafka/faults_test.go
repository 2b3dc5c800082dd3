package kafka_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
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
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, src := range []string{"127.0.0.101", "127.0.0.102", "127.0.0.103", "127.0.0.104"} {
			r.sendOnly(src, msgs)
		}
	}()
	waitFor(t, "a burst under way", 20*time.Second, func() bool { return len(r.mem.events()) > 1000 })
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
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
