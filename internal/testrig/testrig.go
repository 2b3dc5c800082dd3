// Package testrig holds what the tests of the station, its outputs and
// the command share: serving on loopback, waiting on a condition, and
// reading and framing a BMP capture of the repository's testdata, opening
// an MRT file. Only tests import it.
package testrig

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/mrt"
)

// SyncBuffer is a bytes.Buffer that goroutines may write at once: a log
// destination the test reads while the code under test logs.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// WaitFor polls cond until it holds, failing t with what when d has
// passed first. It polls every 5 ms at first, then every 20 ms: a cond
// that gathers metrics takes locks the code under test needs.
func WaitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for every := 5 * time.Millisecond; !cond(); every = min(2*every, 20*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(every)
	}
}

// ReadTestdata reads a file of the repository's testdata (rel with
// forward slashes) as testcorpus.ReadFile does, failing t when it cannot.
func ReadTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := testcorpus.ReadFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Load returns the BGP messages of a capture or MRT file of testdata (rel
// with forward slashes) as testcorpus.Load reads them, failing t when it
// cannot.
func Load(t testing.TB, rel string) []testcorpus.Message {
	t.Helper()
	msgs, err := testcorpus.Load(rel)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// Files lists the captures and MRT files of testdata as testcorpus.Files
// does, failing t when it cannot.
func Files(t testing.TB) []string {
	t.Helper()
	files, err := testcorpus.Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Session is the bgp.Session of a testcorpus one (testcorpus mirrors it
// without importing bgp, whose tests import testcorpus).
func Session(c testcorpus.Session) bgp.Session {
	s := bgp.Session{AS4: c.AS4, ExtendedMsg: c.ExtendedMsg}
	for _, f := range c.AddPath {
		s = s.WithAddPath(bgp.Family{AFI: bgp.AFI(f.AFI), SAFI: bgp.SAFI(f.SAFI)}, true)
	}
	return s
}

// SplitBMP frames a BMP stream into copies of its messages, failing t on
// a stream that does not frame.
func SplitBMP(t testing.TB, data []byte) [][]byte {
	t.Helper()
	r := bmp.NewReader(bytes.NewReader(data))
	var out [][]byte
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bytes.Clone(m))
	}
}

// OpenMRT opens the MRT file at path (compressed or not) for reading,
// failing t when it cannot; the Reader and the file are closed when the
// test ends.
func OpenMRT(t testing.TB, path string) *mrt.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := mrt.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// NeedTool returns the path of the Debian tool name. Without it the test
// is skipped, except in CI (CI=true), which installs it (.ci/run): there
// it fails.
func NeedTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(name + " is not installed; .ci/run installs it in CI")
		}
		t.Skip(name + " is not installed")
	}
	return p
}

// Serve runs serve on a new listener on 127.0.0.1 in a goroutine of its
// own, and returns the listener's address and a stop that ends serve's
// context and waits up to d for it to return. stop returns serve's error,
// or one saying it did not return; calling it again returns the same.
func Serve(t testing.TB, serve func(context.Context, net.Listener) error, d time.Duration) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln) }()
	var once sync.Once
	return ln.Addr().String(), func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-served:
			case <-time.After(d):
				err = errors.New("Serve did not return within " + d.String() + " of its context's end")
			}
		})
		return err
	}
}

// SetDiff returns the keys of want missing from got, and those of got
// that want lacks.
func SetDiff[K comparable](want, got map[K]bool) (missing, extra []K) {
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	return missing, extra
}
