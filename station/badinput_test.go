package station

import (
	"encoding/binary"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

// waitClosed waits until the station closes c (a read returns EOF or an
// error) and returns how long that took.
func waitClosed(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	_ = c.SetReadDeadline(start.Add(limit))
	var b [64]byte
	for {
		_, err := c.Read(b[:])
		if err == nil {
			continue
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("connection still open after %v", limit)
		}
		return time.Since(start)
	}
}

// sessionEnded waits for the router's session to end and returns why.
func (ts *testStation) sessionEnded(t *testing.T, router string) string {
	t.Helper()
	var reason string
	waitFor(t, router+" to be disconnected", 10*time.Second, func() bool {
		r, ok := ts.router(t, router)
		reason = r.CloseReason
		return ok && !r.Connected
	})
	return reason
}

// bmpHeader is a common header (RFC 7854 §4.1) with the given fields.
func bmpHeader(version byte, length uint32, typ byte) []byte {
	b := []byte{version, 0, 0, 0, 0, typ}
	binary.BigEndian.PutUint32(b[1:], length)
	return b
}

// TestBadInput: malformed input ends that router's session, with the
// reason logged and shown, and leaves the station and the other routers
// alone.
func TestBadInput(t *testing.T) {
	msgs, scans, iD := frrSteps(t)
	ts := startStation(t, Config{StallTimeout: 300 * time.Millisecond})
	good := newFeeder(t, ts, "127.0.0.30", msgs)
	good.sendUntil(iD / 2)
	for _, tc := range []struct {
		name, src string
		send      []byte
		reason    string
	}{
		{"garbage", "127.0.0.31", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "malformed stream"},
		// A length field of almost 4 GiB: refused at once, nothing allocated.
		{"huge length", "127.0.0.32", bmpHeader(3, 0xfffffff0, 0), "over the reader's maximum"},
		// BMP version 1 had another layout (RFC 7854 §4.1 asks for 3).
		{"version 1", "127.0.0.33", append(bmpHeader(1, 48, 0), make([]byte, 42)...), "malformed stream"},
		// A Peer Up whose body is too short for its fixed fields.
		{"short peer up", "127.0.0.34", append(bmpHeader(3, 6+42+4, byte(bmp.MsgPeerUp)), make([]byte, 46)...), "malformed message"},
		// Half a message, then nothing: dropped after the stall timeout.
		{"stall", "127.0.0.35", append(bmpHeader(3, 1000, 0), make([]byte, 400)...), "stalled: a message of 1000 octets"},
		// Connected, then nothing at all: dropped after the stall timeout.
		{"silent", "127.0.0.36", nil, "no BMP message within 300ms of connecting"},
		// A whole message, then three octets of the next one's header.
		{"half a header", "127.0.0.37", append(initiation(t, "r37"), 3, 0, 0), "stalled in a message header for 300ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialFrom(t, ts, tc.src)
			if _, err := c.Write(tc.send); len(tc.send) > 0 && err != nil {
				t.Fatal(err)
			}
			took := waitClosed(t, c, 5*time.Second)
			if reason := ts.sessionEnded(t, tc.src); !strings.Contains(reason, tc.reason) {
				t.Errorf("reason %q, want %q", reason, tc.reason)
			}
			if stalled := strings.HasPrefix(tc.reason, "stalled") || strings.HasPrefix(tc.reason, "no BMP"); stalled && took < 250*time.Millisecond {
				t.Errorf("stalled router dropped after %v, before the 300ms timeout", took)
			}
			if r, _ := ts.router(t, tc.src); r.Memory.Buffered > 64<<10 {
				t.Errorf("buffered %d octets", r.Memory.Buffered)
			}
		})
	}
	// A router quiet between messages for longer than the stall timeout
	// is not dropped.
	time.Sleep(400 * time.Millisecond)
	good.sendUntil(iD)
	if r, _ := ts.router(t, "127.0.0.30"); !r.Connected {
		t.Fatalf("the good router was dropped: %s", r.CloseReason)
	}
	checkOracle(t, "good router", ts, "127.0.0.30", scans, iD)
	m := ts.metricsText(t)
	for series, want := range map[string]string{
		`bgplens_station_sessions_ended_total{reason="error"}`:   "4",
		`bgplens_station_sessions_ended_total{reason="stalled"}`: "3",
		`bgplens_station_decode_errors_total{kind="stream"}`:     "3",
		`bgplens_station_decode_errors_total{kind="message"}`:    "1",
	} {
		if got := metricLine(m, series); got != want {
			t.Errorf("%s = %q, want %s", series, got, want)
		}
	}
}

// TestMaxMessageSize: a message over the configured size ends the session.
func TestMaxMessageSize(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	ts := startStation(t, Config{MaxMessageSize: 100})
	f := newFeeder(t, ts, "127.0.0.36", msgs)
	big := find(msgs, 0, func(v bmp.MessageView) bool { return len(v.Message()) > 100 })
	f.sendUntil(big) // the Initiation and short messages go through
	if _, err := f.c.Write(msgs[big]); err != nil {
		t.Fatal(err)
	}
	if reason := ts.sessionEnded(t, "127.0.0.36"); !strings.Contains(reason, "over the reader's maximum") {
		t.Errorf("reason %q", reason)
	}
}

// TestAllowList: a router outside the allow-list is refused.
func TestAllowList(t *testing.T) {
	ts := startStation(t, Config{Allow: []string{"127.0.0.40", "127.0.1.0/24"}})
	for _, src := range []string{"127.0.0.40", "127.0.1.7"} {
		c := dialFrom(t, ts, src)
		c.Write(initiation(t, src))
		waitFor(t, src+" accepted", 5*time.Second, func() bool { _, ok := ts.router(t, src); return ok })
		c.Close()
	}
	c := dialFrom(t, ts, "127.0.0.41")
	waitClosed(t, c, 5*time.Second)
	if _, ok := ts.router(t, "127.0.0.41"); ok {
		t.Error("router outside the allow-list listed")
	}
	if got := metricLine(ts.metricsText(t), `bgplens_station_connections_total{result="refused_allow"}`); got != "1" {
		t.Errorf("refused_allow = %q", got)
	}
}

// TestMaxRouters: sessions beyond max_routers are refused; once one ends,
// another is accepted.
func TestMaxRouters(t *testing.T) {
	ts := startStation(t, Config{MaxRouters: 2})
	a := dialFrom(t, ts, "127.0.0.42")
	a.Write(initiation(t, "127.0.0.42"))
	dialFrom(t, ts, "127.0.0.43").Write(initiation(t, "127.0.0.43"))
	waitFor(t, "2 routers", 5*time.Second, func() bool {
		_, ok1 := ts.router(t, "127.0.0.42")
		_, ok2 := ts.router(t, "127.0.0.43")
		return ok1 && ok2
	})
	c := dialFrom(t, ts, "127.0.0.44")
	waitClosed(t, c, 5*time.Second)
	if got := metricLine(ts.metricsText(t), `bgplens_station_connections_total{result="refused_max_routers"}`); got != "1" {
		t.Errorf("refused_max_routers = %q", got)
	}
	a.Close()
	ts.sessionEnded(t, "127.0.0.42")
	dialFrom(t, ts, "127.0.0.45").Write(initiation(t, "127.0.0.45"))
	waitFor(t, "a router after one left", 5*time.Second, func() bool { _, ok := ts.router(t, "127.0.0.45"); return ok })
}

// TestRouterMemoryCap: a router that makes the station hold more than
// max_router_memory is disconnected and its routes cleared.
func TestRouterMemoryCap(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	ts := startStation(t, Config{MaxMessageSize: 64 << 10, MaxRouterMemory: 80 << 10, MirrorKeep: 1000})
	c := dialFrom(t, ts, "127.0.0.46")
	var all []byte
	for _, m := range msgs {
		all = append(all, m...)
	}
	go c.Write(all) // the station may close before it has read everything
	if reason := ts.sessionEnded(t, "127.0.0.46"); !strings.Contains(reason, "memory cap exceeded") {
		t.Errorf("reason %q", reason)
	}
	// The session is listed as ended before its tables are cleared: wait
	// for what is asserted, the routes gone.
	waitFor(t, "its routes cleared", 10*time.Second, func() bool { r, _ := ts.router(t, "127.0.0.46"); return r.Routes == 0 })
	if r, _ := ts.router(t, "127.0.0.46"); r.MessagesTotal >= uint64(len(msgs)) {
		t.Errorf("after the cap: %d messages read of %d, want the session cut before the end", r.MessagesTotal, len(msgs))
	}
}

// TestManyConnections: 1000 connections at once, idle, half-sent or
// garbage, while two real routers replay their streams. The station
// stays up, its memory stays bounded, and the real routers' tables are
// exactly what they sent.
func TestManyConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1000 connections")
	}
	frr, frrScans, frrD := frrSteps(t)
	gob := splitStream(t, readTestdata(t, "gobgp-bmp/gobgp-small-100.bmp"))
	gobScans := scanUpdates(t, gob)
	ts := startStation(t, Config{MaxRouters: 1100, StallTimeout: 2 * time.Second})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	const n = 1000
	conns := make([]net.Conn, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Source addresses 127.0.2.0 to 127.0.5.231: a router each.
			src := net.IPv4(127, 0, byte(2+i/250), byte(i%250))
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: src}, Timeout: 10 * time.Second}
			c, err := d.Dial("tcp", ts.addr)
			if err != nil {
				errs <- err
				return
			}
			conns[i] = c
			switch i % 3 {
			case 1: // half a Route Monitoring
				_, err = c.Write(append(bmpHeader(3, 200, 0), make([]byte, 50)...))
			case 2: // garbage
				_, err = c.Write([]byte{9, 9, 9, 9, 9, 9, 9, 9})
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	f1 := newFeeder(t, ts, "127.0.0.50", frr)
	f2 := newFeeder(t, ts, "127.0.0.51", gob)
	f1.sendUntil(frrD)
	f2.sendUntil(len(gob))
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	waitFor(t, "1000 connections accepted", 10*time.Second, func() bool {
		return metricLine(ts.metricsText(t), `bgplens_station_connections_total{result="accepted"}`) == "1002"
	})
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	// Idle connections hold no read buffer; half-sent ones a buffer of
	// what they sent (4 KiB) until the stall timeout; garbage ones are
	// gone. Allow 20 MiB for the buffers, the goroutines and the two real
	// tables (before buffers grew as octets arrive: 40 MiB).
	grew := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap grew by %.1f MiB", float64(grew)/(1<<20))
	if grew > 20<<20 {
		t.Errorf("heap grew by %d MiB", grew>>20)
	}
	if code := ts.get(t, "/healthz", nil); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	checkOracle(t, "FRR", ts, "127.0.0.50", frrScans, frrD)
	checkOracle(t, "gobgp", ts, "127.0.0.51", gobScans, len(gob))
	// The half-sent (333) and the silent ones (334) are dropped after the
	// stall timeout.
	waitFor(t, "stalled routers dropped", 10*time.Second, func() bool {
		return metricLine(ts.metricsText(t), `bgplens_station_sessions_ended_total{reason="stalled"}`) == "667"
	})
	if got := metricLine(ts.metricsText(t), `bgplens_station_sessions_ended_total{reason="error"}`); got != "333" {
		t.Errorf("garbage sessions ended: %q, want 333", got)
	}
	_ = io.EOF
}
