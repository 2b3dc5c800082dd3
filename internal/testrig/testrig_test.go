package testrig

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testcorpus"
)

// recorder is a testing.TB that records a failure instead of ending the
// test, so the helpers' failures can be checked.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = format
	panic(r)
}

func (r *recorder) Fatal(args ...any) {
	r.failed = "fatal"
	panic(r)
}

// fails runs f with a recorder and returns what it failed with, or "".
func fails(t *testing.T, f func(tb testing.TB)) (failed string) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		failed = r.failed
	}()
	f(r)
	return ""
}

func TestWaitFor(t *testing.T) {
	n := 0
	if got := fails(t, func(tb testing.TB) { WaitFor(tb, "three polls", time.Second, func() bool { n++; return n == 3 }) }); got != "" || n != 3 {
		t.Errorf("a condition that comes true: failed %q after %d polls", got, n)
	}
	if got := fails(t, func(tb testing.TB) { WaitFor(tb, "never", 20*time.Millisecond, func() bool { return false }) }); got == "" {
		t.Error("a condition that never holds did not fail")
	}
}

// TestSplitBMP frames FRR's capture (testdata/README.md): 1167 messages
// that add up to the file, the first an Initiation; a cut stream fails.
func TestSplitBMP(t *testing.T) {
	data := ReadTestdata(t, "frr-bmp/frr-small-100.bmp")
	if raw, err := os.ReadFile("../../testdata/frr-bmp/frr-small-100.bmp"); err != nil || !bytes.Equal(raw, data) {
		t.Fatalf("ReadTestdata differs from the file: %v", err)
	}
	var msgs [][]byte
	if got := fails(t, func(tb testing.TB) { msgs = SplitBMP(tb, data) }); got != "" {
		t.Fatalf("failed: %s", got)
	}
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	if len(msgs) != 1167 || total != len(data) || msgs[0][5] != 4 {
		t.Errorf("%d messages of %d octets, first of type %d; the file has %d octets", len(msgs), total, msgs[0][5], len(data))
	}
	if got := fails(t, func(tb testing.TB) { SplitBMP(tb, data[:len(data)-1]) }); got == "" {
		t.Error("a cut stream framed")
	}
}

// TestOpenMRT reads the first records of a gzip MRT file of testdata;
// a file that is not there fails.
func TestOpenMRT(t *testing.T) {
	r := OpenMRT(t, "../../testdata/bgpdump/test_data/updates.20020722.2238.gz")
	n := 0
	for range r.Records() {
		if n++; n == 10 {
			break
		}
	}
	if n != 10 || r.Compression != "gzip" {
		t.Errorf("%d records, compression %q", n, r.Compression)
	}
	if got := fails(t, func(tb testing.TB) { OpenMRT(tb, "../../testdata/no such file") }); got == "" {
		t.Error("a missing file opened")
	}
}

// TestServe: the listener answers on loopback until stop, which returns
// what serve returned, the same on a second call; a serve that ignores its
// context is reported after d.
func TestServe(t *testing.T) {
	bye := errors.New("bye")
	addr, stop := Serve(t, func(ctx context.Context, ln net.Listener) error {
		go func() {
			<-ctx.Done()
			ln.Close()
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return bye
			}
			c.Close()
		}
	}, 5*time.Second)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := stop(); err != bye {
		t.Errorf("stop: %v", err)
	}
	if err := stop(); err != bye {
		t.Errorf("second stop: %v", err)
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("still listening after stop")
	}
	release := make(chan struct{})
	defer close(release)
	_, stop = Serve(t, func(context.Context, net.Listener) error { <-release; return nil }, 20*time.Millisecond)
	if err := stop(); err == nil {
		t.Error("a serve that does not return was not reported")
	}
}

func TestSetDiff(t *testing.T) {
	missing, extra := SetDiff(map[int]bool{1: true, 2: true, 3: true}, map[int]bool{2: true, 4: true, 3: false})
	slices.Sort(missing)
	if !slices.Equal(missing, []int{1, 3}) || !slices.Equal(extra, []int{4}) {
		t.Errorf("missing %v, extra %v", missing, extra)
	}
	if missing, extra := SetDiff(map[string]bool{"a": true}, map[string]bool{"a": true}); missing != nil || extra != nil {
		t.Errorf("equal sets: missing %v, extra %v", missing, extra)
	}
}

// TestNeedTool finds a tool every Debian has, and skips (or, in CI,
// fails) without one.
func TestNeedTool(t *testing.T) {
	if p := NeedTool(t, "sh"); !strings.HasSuffix(p, "/sh") {
		t.Errorf("sh at %q", p)
	}
	t.Run("missing", func(t *testing.T) {
		if os.Getenv("CI") == "true" {
			if got := fails(t, func(tb testing.TB) { NeedTool(tb, "no-such-tool-bgplens") }); got == "" {
				t.Error("a missing tool did not fail in CI")
			}
			return
		}
		NeedTool(t, "no-such-tool-bgplens")
		t.Error("a missing tool did not skip")
	})
}

// TestLoad reads tcpdump's BGPsec capture: 24 UPDATEs, as tshark counts
// them; a file that is not there fails.
func TestLoad(t *testing.T) {
	n := 0
	for _, m := range Load(t, "tcpdump/tests/bgp-bgpsec.pcap") {
		if m.Type() == 2 {
			n++
		}
	}
	if n != 24 {
		t.Errorf("%d UPDATEs", n)
	}
	if got := fails(t, func(tb testing.TB) { Load(tb, "no such file.pcap") }); got == "" {
		t.Error("a missing file loaded")
	}
}

// TestSyncBuffer: writes from several goroutines all land (go test -race
// ./internal/testrig sees no race).
func TestSyncBuffer(t *testing.T) {
	var b SyncBuffer
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 100 {
				b.Write([]byte("x"))
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	if n := len(b.String()); n != 400 {
		t.Errorf("%d octets, want 400", n)
	}
}

// TestSession: the corpus session's AS width, extended messages and
// ADD-PATH families carry over, and only those families have ADD-PATH.
func TestSession(t *testing.T) {
	s := Session(testcorpus.Session{AS4: true, ExtendedMsg: true, AddPath: []testcorpus.Family{{AFI: 2, SAFI: 1}}})
	if !s.AS4 || !s.ExtendedMsg || !s.AddPath(bgp.IPv6Unicast) || s.AddPath(bgp.IPv4Unicast) {
		t.Errorf("%+v", s)
	}
	if s := Session(testcorpus.Session{}); s.AS4 || s.ExtendedMsg || s.AddPath(bgp.IPv6Unicast) {
		t.Errorf("zero: %+v", s)
	}
}

// TestFiles lists the BGP corpus, tcpdump's BGPsec capture among it.
func TestFiles(t *testing.T) {
	if files := Files(t); !slices.Contains(files, "tcpdump/tests/bgp-bgpsec.pcap") {
		t.Errorf("%d files, the BGPsec capture not among them", len(files))
	}
}
