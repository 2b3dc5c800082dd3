package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
)

// parseStationFlags parses a station command line into its configuration.
func parseStationFlags(t *testing.T, args ...string) (station.Config, error) {
	t.Helper()
	var out, errb bytes.Buffer
	f := newStationFlags(&out, &errb)
	if rc := parseFlags(f.fs, args, &out); rc >= 0 {
		t.Fatalf("parseFlags: %d: %s", rc, errb.String())
	}
	return f.stationConfig()
}

func TestStationFlags(t *testing.T) {
	t.Setenv("BGPLENS_STATION_TOKEN", "")
	cfg, err := parseStationFlags(t)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.Listen, ",") != ":5000" || cfg.HTTP != "127.0.0.1:8080" || cfg.Outputs.JSONL != "" {
		t.Errorf("no flags: %+v", cfg)
	}

	path := filepath.Join(t.TempDir(), "station.yaml")
	os.WriteFile(path, []byte("listen: [\"127.0.0.1:7000\"]\nmax_routers: 5\nstale_grace: 1m\nlog: {level: debug}\nallow: [\"192.0.2.0/24\"]\n"), 0o644)
	cfg, err = parseStationFlags(t, "--config", path, "--max-routers", "9", "--jsonl", "-",
		"--allow", "198.51.100.0/24", "--allow", "203.0.113.7", "--log-format", "json", "--queue-policy", "block")
	if err != nil {
		t.Fatal(err)
	}
	// Flags override the file; what the flags leave alone comes from it.
	if cfg.MaxRouters != 9 || cfg.StaleGrace != time.Minute || cfg.Listen[0] != "127.0.0.1:7000" ||
		cfg.Log.Level != "debug" || cfg.Log.Format != "json" || cfg.Outputs.JSONL != "-" ||
		strings.Join(cfg.Allow, ",") != "198.51.100.0/24,203.0.113.7" || cfg.Queue.Policy != "block" {
		t.Errorf("file + flags: %+v", cfg)
	}
	cfg, err = parseStationFlags(t, "--listen", "127.0.0.1:1", "--listen", "[::1]:2", "--stale-grace", "30s", "--max-message-size", "70000")
	if err != nil || strings.Join(cfg.Listen, ",") != "127.0.0.1:1,[::1]:2" || cfg.StaleGrace != 30*time.Second || cfg.MaxMessageSize != 70000 {
		t.Errorf("repeated --listen: %+v, %v", cfg, err)
	}

	// Off loopback the API needs a token, from the flag or the environment.
	if _, err := parseStationFlags(t, "--http", "0.0.0.0:8080"); err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("public HTTP without a token: %v", err)
	}
	if cfg, err := parseStationFlags(t, "--http", "0.0.0.0:8080", "--token", "x"); err != nil || cfg.Token != "x" {
		t.Errorf("with --token: %v", err)
	}
	t.Setenv("BGPLENS_STATION_TOKEN", "from-env")
	if cfg, err := parseStationFlags(t, "--http", "0.0.0.0:8080"); err != nil || cfg.Token != "from-env" {
		t.Errorf("with the environment: %+v, %v", cfg, err)
	}
}

func TestStationExitStatus(t *testing.T) {
	t.Setenv("BGPLENS_STATION_TOKEN", "")
	for _, tc := range []struct {
		args []string
		rc   int
		msg  string
	}{
		{[]string{"station", "-h"}, exitOK, "Usage: bgplens station"},
		{[]string{"station", "extra"}, exitUsage, "takes no arguments"},
		{[]string{"station", "--http", ":8080"}, exitUsage, "token is required"},
		{[]string{"station", "--queue-policy", "maybe"}, exitUsage, "policy"},
		{[]string{"station", "--config", "/nonexistent/station.yaml"}, exitUsage, "no such file"},
		{[]string{"station", "--nope"}, exitUsage, "not defined"},
	} {
		rc, out, errs := runCmd(t, "", tc.args...)
		if rc != tc.rc || !strings.Contains(out+errs, tc.msg) {
			t.Errorf("%v: exit %d, want %d; output lacks %q:\n%s%s", tc.args, rc, tc.rc, tc.msg, out, errs)
		}
	}
	// A wrong flag: one line and a hint, not the whole usage.
	if rc, out, errs := runCmd(t, "", "station", "--max-router", "5"); rc != exitUsage || out != "" ||
		errs != "flag provided but not defined: -max-router\nRun 'bgplens station -h' for its flags.\n" {
		t.Errorf("wrong flag: exit %d, stdout %q, stderr %q", rc, out, errs)
	}
	_, out, _ := runCmd(t, "", "help")
	if !strings.Contains(out, "station") {
		t.Error("help does not list station")
	}
}

// TestServeStation runs the command's server on loopback ports, feeds it
// a real router's stream, reads the API and stops it as SIGTERM would.
func TestServeStation(t *testing.T) {
	data := testrig.ReadTestdata(t, "frr-bmp/frr-small-100.bmp")
	events := filepath.Join(t.TempDir(), "events.jsonl")
	cfg := station.Config{Listen: []string{"127.0.0.1:0", "127.0.0.1:0"}, HTTP: "127.0.0.1:0",
		Allow: []string{"127.0.0.0/8"}, Outputs: station.OutputsConfig{JSONL: events}, Log: station.LogConfig{Level: "error"}}.Defaults()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan [2]string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		done <- serveStation(ctx, cfg, io.Discard, &logs, func(bmp []net.Addr, h net.Addr) {
			if len(bmp) != 2 {
				t.Errorf("%d BMP listeners", len(bmp))
			}
			ready <- [2]string{bmp[1].String(), h.String()}
		})
	}()
	var addrs [2]string
	select {
	case addrs = <-ready:
	case err := <-done:
		t.Fatalf("serveStation: %v", err)
	}
	c, err := net.Dial("tcp", addrs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write(data); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Routers []struct {
			SysName       string `json:"sys_name"`
			MessagesTotal int    `json:"messages_total"`
		} `json:"routers"`
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addrs[1] + "/api/v1/routers")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if len(r.Routers) == 1 && r.Routers[0].MessagesTotal == 1167 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("routers: %+v", r)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if r.Routers[0].SysName != "frr-bmp" {
		t.Errorf("sysName %q", r.Routers[0].SysName)
	}
	api := apiRoutes(t, "http://"+addrs[1], "frr-bmp")
	cancel() // as SIGTERM does
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serveStation did not return")
	}
	b, _ := os.ReadFile(events)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	// Every event is in the file, numbered without a gap, the last the
	// router_down of the shutdown.
	for i, l := range lines {
		var ev struct {
			Seq  int    `json:"seq"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil || ev.Seq != i+1 {
			t.Fatalf("line %d: seq %d, %v", i+1, ev.Seq, err)
		}
	}
	if len(lines) < 900 || !strings.Contains(lines[len(lines)-1], `"type":"router_down"`) {
		t.Errorf("%d event lines, last %q", len(lines), lines[len(lines)-1])
	}
	// The same stream read by dump: the same names and values (docs/json.md).
	_, recs, _ := dumpJSON(t, "", filepath.Join("..", "..", "testdata", "frr-bmp", "frr-small-100.bmp"))
	checkSameNames(t, lines, api, recs)
	if _, err := net.Dial("tcp", addrs[0]); err == nil {
		t.Error("still accepting after shutdown")
	}
}

// TestStationShutdownDuringRequest: SIGTERM while a client is in the
// middle of a long request (here, trickling a request body the server
// must read before it can reuse the connection) still exits cleanly
// once shutdown_timeout has passed.
func TestStationShutdownDuringRequest(t *testing.T) {
	cfg := station.Config{Listen: []string{"127.0.0.1:0"}, HTTP: "127.0.0.1:0", Allow: []string{"127.0.0.0/8"},
		ShutdownTimeout: 300 * time.Millisecond, Log: station.LogConfig{Level: "error"}}.Defaults()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveStation(ctx, cfg, io.Discard, io.Discard, func(_ []net.Addr, h net.Addr) { ready <- h.String() })
	}()
	addr := <-ready
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("POST /api/v1/routers HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nab")); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	go func() { // a byte now and then: the request never ends
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				if _, err := c.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	defer close(stop)
	time.Sleep(200 * time.Millisecond)
	cancel() // as SIGTERM does
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown during a request: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serveStation did not return")
	}
}

// TestHTTPServerTimeouts: the API's server times out slow headers and
// idle keep-alive connections.
func TestHTTPServerTimeouts(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), context.Background())
	if srv.ReadHeaderTimeout <= 0 || srv.IdleTimeout <= 0 || srv.IdleTimeout > 10*time.Minute {
		t.Errorf("header timeout %v, idle timeout %v", srv.ReadHeaderTimeout, srv.IdleTimeout)
	}
}

// TestStationKafkaFlags: --kafka and --kafka-prefix fill the Kafka
// output, over the file's, and --from-kafka the Kafka input; bad brokers
// are refused as configuration.
func TestStationKafkaFlags(t *testing.T) {
	cfg, err := parseStationFlags(t)
	if err != nil || cfg.Outputs.Kafka.Enabled() {
		t.Fatalf("no flags: Kafka enabled %v, %v", cfg.Outputs.Kafka.Enabled(), err)
	}
	path := filepath.Join(t.TempDir(), "station.yaml")
	os.WriteFile(path, []byte("outputs:\n  kafka:\n    brokers: [\"192.0.2.1:9092\"]\n    prefix: file\n    compression: zstd\n    spool: {dir: /tmp/x, size: 1000}\n"), 0o644)
	cfg, err = parseStationFlags(t, "--config", path, "--kafka", "127.0.0.1:9092, [::1]:9093")
	if err != nil {
		t.Fatal(err)
	}
	k := cfg.Outputs.Kafka
	if strings.Join(k.Brokers, ",") != "127.0.0.1:9092,[::1]:9093" || k.Prefix != "file" || k.Compression != "zstd" ||
		k.Spool.Dir != "/tmp/x" || k.Spool.Size != 1000 || k.InFlight == 0 {
		t.Errorf("file + --kafka: %+v", k)
	}
	cfg, err = parseStationFlags(t, "--kafka", "127.0.0.1:9092", "--kafka-format", "openbmp")
	if err != nil || cfg.Outputs.Kafka.ParsedFormat != "openbmp" {
		t.Errorf("--kafka-format: %+v, %v", cfg.Outputs.Kafka, err)
	}
	cfg, err = parseStationFlags(t, "--kafka", "127.0.0.1:9092", "--kafka-prefix", "rv")
	if err != nil || cfg.Outputs.Kafka.Prefix != "rv" || len(cfg.Outputs.Kafka.Publish) != 2 {
		t.Errorf("--kafka-prefix: %+v, %v", cfg.Outputs.Kafka, err)
	}
	cfg, err = parseStationFlags(t, "--from-kafka", " 127.0.0.1:9092,,[::1]:9093 ")
	if in := cfg.Inputs.Kafka.Brokers; err != nil || strings.Join(in, ",") != "127.0.0.1:9092,[::1]:9093" {
		t.Errorf("--from-kafka: %q, %v", in, err)
	}
	for _, bad := range [][]string{{"--kafka", "nohost"}, {"--kafka", "127.0.0.1:9092", "--kafka-prefix", "a b"}, {"--kafka", "127.0.0.1:9092", "--kafka-format", "tsv"}} {
		if _, err := parseStationFlags(t, bad...); err == nil || !strings.Contains(err.Error(), "kafka") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
