package kafkain

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/internal/routerlab"
	"github.com/bgplens/bgplens/station"
)

// TestQueryNode: two routers' BMP streams published to a raw topic in the
// OpenBMP format (interleaved, as a collector publishes them) build in a
// station reading the topic the same RIB as the streams read directly:
// every table's routes, each router on its own session.
func TestQueryNode(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "openbmp.bmp_raw"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pr, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.DefaultProduceTopic("openbmp.bmp_raw"))
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	want := 0
	streams := map[string][]byte{}
	for _, f := range []string{"frr-bmp/frr-small-100.bmp", "gobgp-bmp/gobgp-small-100.bmp"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		streams[f] = data
		tb := routerlab.NewTables() // the stream read directly, message by message
		_ = tb.ReadStream(bytes.NewReader(data))
		for _, n := range tb.Counts() {
			want += n
		}
	}
	ctx := context.Background()
	addrs := map[string]netip.Addr{"frr-bmp/frr-small-100.bmp": netip.MustParseAddr("192.0.2.1"), "gobgp-bmp/gobgp-small-100.bmp": netip.MustParseAddr("192.0.2.2")}
	readers := map[string]*bmp.Reader{}
	for f, d := range streams {
		readers[f] = bmp.NewBytesReader(d)
	}
	total := 0
	for len(readers) > 0 {
		for f, r := range readers {
			msg, err := r.Next()
			if err != nil {
				delete(readers, f)
				continue
			}
			h := obmp.ForRouter("bgplens-test", addrs[f], "", time.Now())
			v := h.Append(nil, len(msg))
			v = append(v, msg...)
			key := h.RouterHash
			if err := pr.ProduceSync(ctx, &kgo.Record{Key: key[:], Value: v}).FirstErr(); err != nil {
				t.Fatal(err)
			}
			total++
		}
	}
	l, err := Listen(Config{Brokers: c.ListenAddrs(), Topics: []string{"openbmp.bmp_raw"}, FromStart: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The gobgp stream ends with a Termination, which ends its session
	// (as the router's close after it does over TCP): its routes are kept
	// stale, as a station with a stale grace keeps them.
	st, err := station.New(station.Config{StaleGrace: time.Hour}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- st.Serve(sctx, l) }()
	deadline := time.Now().Add(30 * time.Second)
	var got int
	for time.Now().Before(deadline) {
		if got = st.DB().Stats().Routes; got == want {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got != want || want == 0 {
		t.Errorf("%d routes from Kafka, %d from the streams (%d messages published)", got, want, total)
	}
	routers := map[string]bool{}
	for _, tb := range st.DB().Tables("") {
		routers[tb.Key.Router] = true
	}
	if len(routers) != 2 {
		t.Errorf("routers %v: want the two of the topic, each on its own session", routers)
	}
	cancel()
	<-done
	l.Close()
	st.Close()
}
