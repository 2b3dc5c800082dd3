package kafka_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// TestCloseRefusedAfterTimeout: the broker refuses every record for good
// (too large), and Close stops waiting for the verdicts (CloseTimeout)
// while the client is still handing them back. When Close returns, the
// sink is done: no refused record is written after it (a process that
// exits then would cut it), and each record is in exactly one place, the
// refused records or the spool (a refused record also spooled would be
// refused and kept again at the next start). Run with -race.
func TestCloseRefusedAfterTimeout(t *testing.T) {
	b := startBroker(t)
	var raw []*output.Event
	for _, ev := range captureEvents(t) {
		if ev.Type == output.EventRaw {
			raw = append(raw, ev)
		}
	}
	var refusing atomic.Bool
	refusing.Store(true)
	// The verdicts wait until every record is out, then come all at once:
	// the client hands them back one by one.
	gate := make(chan struct{})
	b.refuseProduce(kerr.MessageTooLarge.Code, &refusing, nil, gate)
	spool := t.TempDir()
	kc := testConfig(b, spool)
	kc.Publish = []string{kafka.FeedRaw}
	kc.CloseTimeout = time.Millisecond
	reg := prometheus.NewRegistry()
	s, err := kafka.New(kc, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Close comes after the first verdict and before the others, every
	// time (left to the client's timing, it came after all of them on a
	// loaded machine).
	defer kafka.HoldVerdictsUntilClose(s)()
	for _, ev := range raw {
		if err := s.Publish(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	close(gate)
	for deadline := time.Now().Add(20 * time.Second); metric(t, reg, "bgplens_kafka_produce_errors_total") == 0; {
		if time.Now().After(deadline) {
			t.Fatal("no record refused")
		}
		time.Sleep(50 * time.Microsecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	kept, err := kafka.ReadRefused(spool)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	later, err := kafka.ReadRefused(spool)
	if err != nil {
		t.Fatal(err)
	}
	if len(later) != len(kept) {
		t.Errorf("%d refused records kept when Close returned, %d half a second later: written after Close", len(kept), len(later))
	}
	// What the spool holds goes out at the next start (the broker takes
	// records again).
	refusing.Store(false)
	s2, err := kafka.New(testConfig(b, spool), prometheus.NewRegistry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the spool sent", 20*time.Second, func() bool {
		segs, _ := filepath.Glob(filepath.Join(spool, "*.seg"))
		return len(segs) == 0
	})
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	sent := kcat(t, b, "openbmp.bmp_raw")
	if len(later)+len(sent) != len(raw) {
		t.Errorf("%d records published: %d refused and kept, %d sent from the spool (want each in one place)", len(raw), len(later), len(sent))
	}
	if len(sent) == 0 {
		t.Errorf("refused %d, spooled none: Close did not fall among the verdicts", len(later))
	}
}
