package kafkain_test

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/station/kafkain"
)

// A raw BMP topic read as routers: each router of the topic is one
// connection, which a station serves as it serves a TCP one
// (station.Serve takes the Listener).
func ExampleListen() {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "openbmp.bmp_raw"))
	if err != nil {
		panic(err)
	}
	defer cluster.Close()

	// What a collector publishes: an OpenBMP-framed Initiation.
	router := netip.MustParseAddr("192.0.2.1")
	msg := []byte{3, 0, 0, 0, 6, 4}
	h := obmp.ForRouter("collector-1", router, "", time.Now())
	pub, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...))
	if err != nil {
		panic(err)
	}
	defer pub.Close()
	rec := &kgo.Record{Topic: "openbmp.bmp_raw", Key: h.RouterHash[:], Value: append(h.Append(nil, len(msg)), msg...)}
	if err := pub.ProduceSync(context.Background(), rec).FirstErr(); err != nil {
		panic(err)
	}

	ln, err := kafkain.Listen(kafkain.Config{
		Brokers:   cluster.ListenAddrs(),
		Topics:    []string{"openbmp.bmp_raw"},
		FromStart: true,
	}, nil)
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	c, err := ln.Accept()
	if err != nil {
		panic(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		panic(err)
	}
	m, err := bmp.ParseMessage(got)
	if err != nil {
		panic(err)
	}
	fmt.Println(netip.MustParseAddrPort(c.RemoteAddr().String()).Addr(), m.Type())
	// Output:
	// 192.0.2.1 Initiation
}
