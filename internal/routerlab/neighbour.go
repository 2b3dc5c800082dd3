package routerlab

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// needTools skips the test when a program of the Debian package pkg is not
// installed, except in CI, which installs them (.ci/run) and so fails.
func needTools(t testing.TB, pkg string, tools ...string) {
	t.Helper()
	for _, p := range tools {
		if _, err := exec.LookPath(p); err != nil {
			msg := "routerlab: " + p + " not installed (Debian package " + pkg + ")"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

// neighbour is a daemon the lab runs beside the source, as an eBGP
// neighbour of it that dumps its tables as MRT: BIRD, OpenBGPD.
type neighbour struct {
	name     string // as messages name it
	dir      string // its configuration, sockets, dumps and log
	addr     netip.Addr
	as       int
	confName string // its configuration's file in dir
	conf     string
	argv     func(confPath string) []string
	held     func(ctx context.Context) (int, error) // how many prefixes it holds
}

// startNeighbour writes n's configuration, tells the source of n (before
// n connects), runs n, stopped by its PID when the test ends, and waits
// until n holds every prefix of the source.
func (l *Lab) startNeighbour(ctx context.Context, t testing.TB, n neighbour) *process {
	t.Helper()
	if err := os.MkdirAll(n.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(n.dir, n.confName)
	if err := os.WriteFile(path, []byte(n.conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Source.CLI(ctx, "neighbor", "add", n.addr.String(), "as", strconv.Itoa(n.as), "family", "ipv4-unicast,ipv6-unicast"); err != nil {
		t.Fatal(err)
	}
	proc, err := startProcess(n.dir, filepath.Base(n.dir), n.argv(path)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := proc.stop(2 * time.Second); err != nil {
			t.Errorf("routerlab: stopping %s (pid %d): %v", n.name, proc.pid(), err)
		}
		if t.Failed() {
			t.Logf("routerlab: tail of %s's log:\n%s", n.name, proc.logTail(3000))
		}
	})
	want := len(prefixSet(l.Routes))
	err = Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		if !proc.alive() {
			return false, fmt.Errorf("%s exited: %v\n%s", n.name, proc.err, proc.logTail(2000))
		}
		held, err := n.held(ctx)
		return err == nil && held >= want, nil
	})
	if err != nil {
		t.Fatalf("routerlab: %s does not hold the source's %d prefixes: %v\n%s", n.name, want, err, proc.logTail(2000))
	}
	return proc
}
