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

// lineWriter records every Write.
type lineWriter struct{ writes [][]byte }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, append([]byte(nil), p...))
	return len(p), nil
}

// TestWholeLines: every write the sink makes ends a line, however the
// events fall against the buffer, so a reader of the file (or a kill)
// never finds half a line the sink has moved on from.
func TestWholeLines(t *testing.T) {
	w := &lineWriter{}
	s := New(w)
	for i := uint64(1); i <= 3000; i++ {
		ev := event(i)
		ev.Router.SysName = strings.Repeat("r", int(i%97)) // lines of many lengths
		if err := s.Publish(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if len(w.writes) < 3 {
		t.Fatalf("%d writes: the test wants several", len(w.writes))
	}
	lines := 0
	for i, b := range w.writes {
		if len(b) == 0 || b[len(b)-1] != '\n' {
			t.Fatalf("write %d of %d octets does not end a line", i, len(b))
		}
		lines += bytes.Count(b, []byte("\n"))
	}
	if lines != 3000 {
		t.Errorf("%d lines", lines)
	}
}

// TestTornLineSetAside: a file left with half a line (a process killed
// mid-write) is repaired when opened: the torn line goes to PATH.torn and
// every line of the file is JSON again after the next events.
func TestTornLineSetAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ev.jsonl")
	whole := "{\"v\":1,\"seq\":1}\n{\"v\":1,\"seq\":2}\n"
	torn := "{\"v\":1,\"type\":\"rou"
	if err := os.WriteFile(path, []byte(whole+torn), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, p := s.SetAside(); n != int64(len(torn)) || p != path+".torn" {
		t.Errorf("set aside %d octets to %q", n, p)
	}
	s.Publish(context.Background(), event(3))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("line %d is not JSON: %q", i+1, l)
		}
	}
	if !strings.HasPrefix(string(b), whole) {
		t.Errorf("whole lines changed: %q", b)
	}
	if a, _ := os.ReadFile(path + ".torn"); string(a) != torn+"\n" {
		t.Errorf("set aside: %q", a)
	}
	// A whole file, and an empty one, are left alone.
	for _, content := range []string{whole, ""} {
		os.WriteFile(path, []byte(content), 0o644)
		os.Remove(path + ".torn")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if n, _ := s.SetAside(); n != 0 {
			t.Errorf("%q: set aside %d octets", content, n)
		}
		if b, _ := os.ReadFile(path); string(b) != content {
			t.Errorf("%q became %q", content, b)
		}
	}
	// A torn line longer than the block repair reads at a time.
	long := strings.Repeat("x", 10000)
	os.WriteFile(path, []byte(whole+long), 0o644)
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if b, _ := os.ReadFile(path); string(b) != whole {
		t.Errorf("after a 10000-octet torn line: %d octets", len(b))
	}
}

// TestBlock: a file asks for a blocking queue, standard output does not.
func TestBlock(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "ev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Block() || New(os.Stdout).Block() {
		t.Errorf("file %v, stdout %v", s.Block(), New(os.Stdout).Block())
	}
}
