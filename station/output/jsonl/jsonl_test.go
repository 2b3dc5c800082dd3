package jsonl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

func event(seq uint64) *output.Event {
	return &output.Event{Type: output.EventRouterUp, Time: time.Unix(1700000000, 0), Seq: seq,
		Router: output.RouterRef{Name: "192.0.2.1", Addr: netip.MustParseAddr("192.0.2.1")}}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	s := New(&b)
	if s.Name() != "jsonl" {
		t.Errorf("name %q", s.Name())
	}
	for i := uint64(1); i <= 3; i++ {
		if err := s.Publish(context.Background(), event(i)); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() != 0 {
		t.Error("written before Flush: the sink should buffer")
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %q", len(lines), b.String())
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		if m["seq"] != float64(i+1) || m["type"] != "router_up" || m["v"] != float64(output.SchemaVersion) {
			t.Errorf("line %d: %v", i, m)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ev.jsonl")
	os.WriteFile(path, []byte("{\"earlier\":true}\n"), 0o644)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "jsonl:"+path {
		t.Errorf("name %q", s.Name())
	}
	s.Publish(context.Background(), event(1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 2 || !strings.HasPrefix(string(b), "{\"earlier\":true}\n{\"v\":"+strconv.Itoa(output.SchemaVersion)+",") {
		t.Errorf("file (appended to): %q", b)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "no", "such", "dir", "x")); err == nil {
		t.Error("opened a file in a missing directory")
	}
	if _, err := Open(""); err == nil {
		t.Error("opened an empty name")
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

// TestWriteError: a failing writer's error sticks.
func TestWriteError(t *testing.T) {
	w := &failWriter{}
	s := New(w)
	big := event(1)
	big.Router.Name = strings.Repeat("x", 70<<10) // larger than the buffer: written at once
	if err := s.Publish(context.Background(), big); err == nil {
		t.Fatal("no error")
	}
	if err := s.Publish(context.Background(), event(2)); err == nil || w.n != 1 {
		t.Errorf("after an error: %v, %d writes", err, w.n)
	}
	if err := s.Close(); err == nil {
		t.Error("Close hid the error")
	}
}
