package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/internal/testrig"
)

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestStationKafkaSIGTERM: bgplens station with a Kafka output, from its
// configuration file, gets SIGTERM while a router is sending: it exits 0
// and the brokers have every message it read, in order, and every event
// it made, numbered without a gap up to the router_down of the shutdown.
func TestStationKafkaSIGTERM(t *testing.T) {
	broker, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	data := testrig.ReadTestdata(t, "frr-bmp/frr-small-100.bmp")
	bmpAddr, httpAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t)), fmt.Sprintf("127.0.0.1:%d", freePort(t))
	dir := t.TempDir()
	conf := fmt.Sprintf(`listen: [%q]
http: %q
allow: ["127.0.0.0/8"]
log: {level: error}
queues: {kafka: {policy: block}}
outputs:
  kafka:
    brokers: [%q]
    partitions: 2
    admin_id: sigterm-test
    spool: {dir: %q}
`, bmpAddr, httpAddr, broker.ListenAddrs()[0], filepath.Join(dir, "spool"))
	path := filepath.Join(dir, "station.yaml")
	os.WriteFile(path, []byte(conf), 0o644)
	var stderr bytes.Buffer
	rc := make(chan int, 1)
	go func() { rc <- runStation([]string{"--config", path}, nil, io.Discard, &stderr) }()

	// The router sends the capture over and over until the station stops.
	var c net.Conn
	waitUntil(t, "the station to listen", func() bool {
		c, err = net.Dial("tcp", bmpAddr)
		return err == nil
	})
	go func() {
		for {
			if _, err := c.Write(data); err != nil {
				return
			}
		}
	}()
	waitUntil(t, "the router's first thousands of messages", func() bool {
		resp, err := http.Get("http://" + httpAddr + "/api/v1/routers")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var r struct {
			Routers []struct {
				MessagesTotal int `json:"messages_total"`
			} `json:"routers"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		return len(r.Routers) == 1 && r.Routers[0].MessagesTotal > 3000
	})
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case code := <-rc:
		if code != 0 {
			t.Fatalf("exit status %d: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the station did not stop on SIGTERM")
	}
	c.Close()

	// Raw: the capture's messages, in order, from the first.
	msgs := splitBMP(t, data)
	raw := consume(t, broker.ListenAddrs()[0], "openbmp.bmp_raw")
	if len(raw) < 3000 {
		t.Fatalf("%d raw records", len(raw))
	}
	for i, r := range raw {
		h, msg, _, err := obmp.Parse(r.Value)
		if err != nil || h.AdminID != "sigterm-test" || !bytes.Equal(msg, msgs[i%len(msgs)]) {
			t.Fatalf("raw record %d: %v, not message %d of the capture", i, err, i%len(msgs))
		}
	}
	// Parsed: every event, seq 1..N over the topics, the last router_down.
	seen := map[int]string{}
	for _, topic := range []string{"router", "peer", "bmp_stat", "unicast_prefix"} {
		for _, r := range consume(t, broker.ListenAddrs()[0], "openbmp.parsed."+topic) {
			var ev struct {
				Seq  int    `json:"seq"`
				Type string `json:"type"`
			}
			if err := json.Unmarshal(r.Value, &ev); err != nil {
				t.Fatal(err)
			}
			if _, dup := seen[ev.Seq]; dup {
				t.Fatalf("seq %d twice", ev.Seq)
			}
			seen[ev.Seq] = ev.Type
		}
	}
	for i := 1; i <= len(seen); i++ {
		if _, ok := seen[i]; !ok {
			t.Fatalf("%d events, seq %d missing", len(seen), i)
		}
	}
	if seen[len(seen)] != "router_down" {
		t.Errorf("last event %q, want router_down", seen[len(seen)])
	}
}

// waitUntil polls cond for up to 20 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testrig.WaitFor(t, what, 20*time.Second, cond)
}

// splitBMP frames a BMP stream into its messages.
var splitBMP = testrig.SplitBMP

// consume reads a topic to its end, partition by partition in offset
// order; with one router the raw topic's records are all in one.
func consume(t *testing.T, addr, topic string) []*kgo.Record {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	var out []*kgo.Record
	quiet := 0
	for quiet < 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		fs := cl.PollFetches(ctx)
		cancel()
		n := 0
		fs.EachRecord(func(r *kgo.Record) { out = append(out, r); n++ })
		if n == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	return out
}
