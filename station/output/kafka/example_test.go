package kafka_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// The sink publishes each event to its object's topic; here a route
// event, read back from <prefix>.parsed.unicast_prefix. A station gives
// the sink to station.New and publishes through it; a real cluster takes
// the place of kfake (docs/kafka.md).
func Example() {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		panic(err)
	}
	defer cluster.Close()
	spool, _ := os.MkdirTemp("", "spool")
	defer os.RemoveAll(spool)

	sink, err := kafka.New(kafka.Config{
		Brokers:    cluster.ListenAddrs(),
		Publish:    []string{kafka.FeedParsed},
		Partitions: 1, // create the topics
		AdminID:    "collector-1",
		Spool:      kafka.SpoolConfig{Dir: spool},
	}.Defaults(), nil, nil)
	if err != nil {
		panic(err)
	}
	path, _ := bgp.ReadPath([]byte{0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf0, 0x40, 3, 4, 192, 0, 2, 1}, bgp.Session{AS4: true})
	ev := &output.Event{
		Type:   output.EventRoute,
		Time:   time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		Router: output.RouterRef{Name: "r1", Addr: netip.MustParseAddr("192.0.2.254")},
		Peer:   output.PeerRef{Addr: netip.MustParseAddr("192.0.2.1"), AS: 64496},
		Family: bgp.IPv4Unicast,
		Route:  bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")},
		Path:   output.NewPath(&path, ""),
	}
	if err := sink.Publish(context.Background(), ev); err != nil {
		panic(err)
	}
	if err := sink.Close(); err != nil { // waits for the acknowledgements
		panic(err)
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...),
		kgo.ConsumeTopics("openbmp.parsed.unicast_prefix"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		panic(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fetches := cl.PollFetches(ctx)
	fetches.EachRecord(func(r *kgo.Record) {
		var v struct {
			Prefix string `json:"prefix"`
			ASPath string `json:"as_path"`
		}
		json.Unmarshal(r.Value, &v)
		fmt.Println(r.Topic, v.Prefix, v.ASPath)
	})
	// Output:
	// openbmp.parsed.unicast_prefix 198.51.100.0/24 64496
}
