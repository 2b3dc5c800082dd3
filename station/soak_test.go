package station

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station/output/jsonl"
)

// soakPlan sizes the soak-and-attack test: a short run by default (a few
// seconds, in every test run), the long one with BGPLENS_SOAK=long.
type soakPlan struct {
	duration     time.Duration // how long the attackers go on
	maxRouters   int
	maxPeers     int
	slowClients  int // connections trickling a message
	floodPeers   int // peers in each flood (Peer Up, and Route Monitoring without Peer Up)
	cycleWorkers int // goroutines connecting and disconnecting
	kills        int // SIGKILL and restart rounds with a JSON lines file
}

func soakPlanFor(t *testing.T) soakPlan {
	if os.Getenv("BGPLENS_SOAK") == "long" {
		return soakPlan{duration: 60 * time.Second, maxRouters: 512, maxPeers: 16384, slowClients: 400,
			floodPeers: 200000, cycleWorkers: 8, kills: 5}
	}
	return soakPlan{duration: 2 * time.Second, maxRouters: 64, maxPeers: 500, slowClients: 20,
		floodPeers: 2000, cycleWorkers: 2, kills: 1}
}

// TestSoakAndAttack runs a station under the attacks of issue 11 at once,
// on loopback, bounded in time and count, beside a good router whose
// routes must stay exact: connections trickling a message, a flood of
// Peer Ups (half of them followed by a Peer Down) for more peers than
// max_peers, a flood of Route Monitoring for peers without Peer Up, and
// routers connecting and disconnecting in a loop. Then (TestSoakKill) a station writing JSON lines is killed with
// SIGKILL mid-stream and restarted on the same file.
func TestSoakAndAttack(t *testing.T) {
	plan := soakPlanFor(t)
	msgs, scans, iD := frrSteps(t)
	var logs testrig.SyncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	stall := 500 * time.Millisecond
	ts := startStationLog(t, Config{MaxRouters: plan.maxRouters, MaxPeers: plan.maxPeers, StallTimeout: stall}, log)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()
	start := time.Now()

	ctx, cancel := context.WithTimeout(context.Background(), plan.duration)
	defer cancel()
	var wg sync.WaitGroup
	var slowDropped, cycles atomic.Int64
	// Slow clients: a Route Mirroring of 8 KiB, one octet every 50 ms,
	// from addresses of their own; each reconnects when dropped.
	for i := range plan.slowClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := &net.TCPAddr{IP: net.IPv4(127, 1, byte(i/250), byte(1+i%250))}
			for ctx.Err() == nil {
				c, err := (&net.Dialer{LocalAddr: src}).DialContext(ctx, "tcp", ts.addr)
				if err != nil {
					return
				}
				c.Write(bmpHeader(3, 8<<10, byte(bmp.MsgRouteMirroring)))
				for ctx.Err() == nil {
					if _, err := c.Write([]byte{0}); err != nil {
						slowDropped.Add(1)
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				c.Close()
			}
		}()
	}
	// The good router, once the slow clients hold their slots.
	time.Sleep(100 * time.Millisecond)
	good := newFeeder(t, ts, "127.0.0.80", msgs)
	// Floods, each from a router of its own.
	flood := func(src, name string, peerUp bool) {
		defer wg.Done()
		c, err := (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}).Dial("tcp", ts.addr)
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		w := bufio.NewWriterSize(c, 64<<10)
		w.Write(initiation(t, name))
		routerID := netip.MustParseAddr(src)
		var b []byte
		sent := 1
		for i := 0; i < plan.floodPeers && ctx.Err() == nil; i++ {
			h := synthPeer(i)
			b = b[:0]
			if peerUp {
				b = synthAppend(t, b, synthPeerUp(t, h, routerID))
			}
			b = synthAppend(t, b, synthRoutes(t, h, false, synthPrefix(i)))
			if peerUp && i%2 == 0 {
				b = synthAppend(t, b, synthPeerDown(h)) // and half go down again
			}
			if _, err := w.Write(b); err != nil {
				return
			}
			sent += 2
			if peerUp {
				sent += 1 - i%2
			} else {
				sent--
			}
		}
		w.Flush()
		// Once the station has read the flood (while the router is still
		// connected, so listed): no more peers or tables than max_peers.
		var r routerJSON
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if r, _ = ts.router(t, name); r.MessagesTotal >= uint64(sent) {
				break
			}
		}
		if r.MessagesTotal < uint64(sent) || r.Peers > plan.maxPeers || ts.st.DB().TableCount(name) > plan.maxPeers {
			t.Errorf("%s: %d of %d messages read, %d peers, %d tables, max_peers %d", name, r.MessagesTotal, sent,
				r.Peers, ts.st.DB().TableCount(name), plan.maxPeers)
		}
		<-ctx.Done()
	}
	wg.Add(2)
	go flood("127.0.0.81", "flood-up", true)
	go flood("127.0.0.82", "flood-routes", false)
	// Connect, announce, disconnect, again.
	for w := range plan.cycleWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(90+w))}
			for ctx.Err() == nil {
				c, err := (&net.Dialer{LocalAddr: src}).DialContext(ctx, "tcp", ts.addr)
				if err != nil {
					return
				}
				c.Write(synthSession(t, "cycler-"+strconv.Itoa(w), netip.MustParseAddr("192.0.2.90"), 1, synthPrefix(1), synthPrefix(2)))
				time.Sleep(5 * time.Millisecond)
				c.Close()
				cycles.Add(1)
			}
		}()
	}
	good.sendUntil(iD)
	checkOracle(t, "good router during the attacks", ts, "127.0.0.80", scans, iD)
	held := len(oracleAt(scans, iD))
	good.sendUntil(len(msgs))
	wg.Wait()
	attackEnd := time.Now()

	// The good router's routes are exactly what it sent.
	checkOracle(t, "good router after the attacks", ts, "127.0.0.80", scans, len(msgs))
	if r, _ := ts.router(t, "127.0.0.80"); !r.Connected {
		t.Fatalf("the good router was dropped: %s", r.CloseReason)
	}
	m := ts.metricsText(t)
	if n := strings.Count(m, "bgplens_station_table_routes{"); n > 2*plan.maxPeers+20 {
		t.Errorf("%d table series", n)
	}
	if over, _ := strconv.Atoi(metricLine(m, "bgplens_station_over_max_peers_total")); over == 0 {
		t.Error("the floods went past max_peers, uncounted")
	}
	// The cycling routers: one entry each, their routes gone once gone.
	waitFor(t, "the cycling routers to go", 5*time.Second, func() bool {
		for w := range plan.cycleWorkers {
			if r, _ := ts.router(t, "cycler-"+strconv.Itoa(w)); r.Connected || r.Routes != 0 {
				return false
			}
		}
		return true
	})
	var list struct {
		Routers []routerJSON `json:"routers"`
	}
	ts.get(t, "/api/v1/routers", &list)
	cyclers := 0
	for _, r := range list.Routers {
		if strings.HasPrefix(r.Name, "cycler-") {
			cyclers++
		}
	}
	// One entry each at most (the disconnected entries beyond the 256
	// kept go, oldest first: the slow clients' push the cyclers' out in
	// the long run), and no more entries than that in all.
	if cyclers > plan.cycleWorkers || cyclers == 0 && plan.slowClients < maxGoneRouters {
		t.Errorf("%d router entries for %d cycling routers", cyclers, plan.cycleWorkers)
	}
	if len(list.Routers) > maxGoneRouters+plan.maxRouters {
		t.Errorf("%d router entries", len(list.Routers))
	}
	// The slow clients were dropped, each within its budget, and their
	// slots came back: a new router connects.
	waitFor(t, "the slow clients to be dropped", 5*time.Second+stall, func() bool {
		ts.get(t, "/api/v1/routers", &list)
		for _, r := range list.Routers {
			if r.Connected && strings.HasPrefix(r.Address, "127.1.") {
				return false
			}
		}
		return true
	})
	late := newFeeder(t, ts, "127.0.0.83", msgs[:1])
	late.sendUntil(1)
	// Memory: what the station holds is bounded, and the goroutines of
	// the attackers' sessions are gone.
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapInuse) - int64(before.HeapInuse)
	// The floods' peers (capped) and their one-route tables cost about
	// 5 KiB each (TestMemoryAccounted): the rest is bounded.
	limit := int64(64<<20) + 2*int64(min(plan.floodPeers, plan.maxPeers))*6<<10
	if grew > limit {
		t.Errorf("heap grew by %d MiB (limit %d MiB)", grew>>20, limit>>20)
	}
	waitFor(t, "the sessions' goroutines to end", 10*time.Second, func() bool {
		return runtime.NumGoroutine() < goroutines+plan.cycleWorkers+40
	})
	m = ts.metricsText(t)
	stalled := metricLine(m, `bgplens_station_sessions_ended_total{reason="stalled"}`)
	t.Logf("soak: %v of attacks (%v in all): %d slow clients dropped (%s stalled sessions), %d connect/disconnect cycles, "+
		"%d peers per flood, heap grew %.1f MiB, %d goroutines at the start, %d at the end; the good router's %d then %d routes exact",
		attackEnd.Sub(start).Round(time.Millisecond), time.Since(start).Round(time.Millisecond), slowDropped.Load(), stalled,
		cycles.Load(), plan.floodPeers, float64(grew)/(1<<20), goroutines, runtime.NumGoroutine(), held, len(oracleAt(scans, len(msgs))))
	if slowDropped.Load() < int64(plan.slowClients) || cycles.Load() == 0 {
		t.Errorf("the attacks did not run: %d slow clients dropped, %d cycles", slowDropped.Load(), cycles.Load())
	}
}

// TestSoakKill: a station writing JSON lines to a file is killed with
// SIGKILL while a router streams to it, then restarted on the same file,
// plan.kills times; every line of the file stays JSON, and what a torn
// last line held is set aside.
func TestSoakKill(t *testing.T) {
	plan := soakPlanFor(t)
	dir := t.TempDir()
	events := filepath.Join(dir, "events.jsonl")
	data := readTestdata(t, "frr-bmp/frr-small-100.bmp")
	for round := range plan.kills + 1 {
		addrFile := filepath.Join(dir, "addr"+strconv.Itoa(round))
		cmd := exec.Command(os.Args[0], "-test.run=^TestSoakChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "BGPLENS_SOAK_CHILD="+addrFile+","+events)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var addr []byte
		waitFor(t, "the child station", 20*time.Second, func() bool {
			addr, _ = os.ReadFile(addrFile)
			return bytes.HasSuffix(addr, []byte("\n"))
		})
		c, err := net.Dial("tcp", strings.TrimSpace(string(addr)))
		if err != nil {
			t.Fatal(err)
		}
		size := func() int64 { fi, _ := os.Stat(events); return fi.Size() }
		before := size()
		if round < plan.kills {
			// Stream in pieces and kill while the station writes.
			go func() {
				for i := 0; i < len(data); i += 4096 {
					if _, err := c.Write(data[i:min(i+4096, len(data))]); err != nil {
						return
					}
					time.Sleep(time.Millisecond)
				}
			}()
			waitFor(t, "events written", 20*time.Second, func() bool { return size() > before+8<<10 })
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			c.Close()
			continue
		}
		// The last round runs to the end and stops cleanly.
		if _, err := c.Write(data); err != nil {
			t.Fatal(err)
		}
		c.Close()
		waitFor(t, "the router_down event", 20*time.Second, func() bool {
			b, _ := os.ReadFile(events)
			return bytes.Contains(b, []byte(`"type":"router_down"`)) && bytes.HasSuffix(b, []byte("\n")) &&
				bytes.Count(b[before:], []byte("\n")) > 900
		})
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v\n%s", err, stderr.String())
		}
	}
	b, err := os.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	for i, l := range lines {
		if !json.Valid(l) {
			t.Fatalf("line %d of %d is not JSON: %.80q", i+1, len(lines), l)
		}
	}
	torn, _ := os.ReadFile(events + ".torn")
	t.Logf("soak kill: %d SIGKILLs, %d lines, all JSON; %d octets of torn lines set aside", plan.kills, len(lines), len(torn))
}

// TestSoakChild is the station TestSoakKill starts and kills: it listens
// on loopback, writes its address to a file and events to a JSON lines
// file, and runs until SIGTERM (or SIGKILL).
func TestSoakChild(t *testing.T) {
	spec := os.Getenv("BGPLENS_SOAK_CHILD")
	if spec == "" {
		return // run by TestSoakKill only
	}
	addrFile, events, _ := strings.Cut(spec, ",")
	if err := soakChild(addrFile, events); err != nil {
		t.Fatal(err)
	}
}

func soakChild(addrFile, events string) error {
	sink, err := jsonl.Open(events)
	if err != nil {
		return err
	}
	st, err := New(Config{Allow: []string{"127.0.0.0/8"}}, nil, prometheus.NewRegistry(), sink)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := os.WriteFile(addrFile, []byte(ln.Addr().String()+"\n"), 0o644); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	err = st.Serve(ctx, ln)
	return errors.Join(err, st.Close())
}
