package routerlab

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// OpenBGPD beside a lab: an eBGP neighbour of the source that dumps its
// RIB as MRT ("dump table-v2"), for the MRT tests. Debian package
// openbgpd; its processes chroot to /run/openbgpd, which must exist.
const (
	OpenBGPD     = "/usr/sbin/bgpd"
	BGPCTL       = "bgpctl"
	OpenBGPDAS   = 65006
	OpenBGPDPort = 1796
)

// OpenBGPd is a running OpenBGPD.
type OpenBGPd struct {
	Addr netip.Addr
	dir  string
	proc *process
}

// MRTFile is where OpenBGPD dumps its RIB: one file per dump, the time in
// its name.
func (o *OpenBGPd) MRTFile() string { return filepath.Join(o.dir, "rib-%s.mrt") }

// StartOpenBGPD runs OpenBGPD at the lab's .6, peering with the source
// (told of it through its CLI), dumping its RIB every 5 s; it is stopped
// by its PID when the test ends. It waits until OpenBGPD holds every
// prefix of the source. Without OpenBGPD the test is skipped, but in CI,
// where it fails.
func (l *Lab) StartOpenBGPD(ctx context.Context, t testing.TB) *OpenBGPd {
	t.Helper()
	for _, p := range []string{OpenBGPD, BGPCTL} {
		if _, err := exec.LookPath(p); err != nil {
			msg := "routerlab: " + p + " not installed (Debian package openbgpd)"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	if _, err := os.Stat("/run/openbgpd"); err != nil {
		t.Fatalf("routerlab: OpenBGPD chroots to /run/openbgpd: %v", err)
	}
	o := &OpenBGPd{Addr: l.Addr(6), dir: filepath.Join(l.Dir, "openbgpd")}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(o.dir, "bgpd.conf")
	if err := os.WriteFile(path, []byte(o.config(l.Source.Addr)), 0o644); err != nil {
		t.Fatal(err)
	}
	// The source knows the neighbour before it connects.
	if _, err := l.Source.CLI(ctx, "neighbor", "add", o.Addr.String(), "as", strconv.Itoa(OpenBGPDAS), "family", "ipv4-unicast,ipv6-unicast"); err != nil {
		t.Fatal(err)
	}
	var err error
	o.proc, err = startProcess(o.dir, "openbgpd", OpenBGPD, "-d", "-f", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := o.proc.stop(2 * time.Second); err != nil {
			t.Errorf("routerlab: stopping OpenBGPD (pid %d): %v", o.proc.pid(), err)
		}
		if t.Failed() {
			t.Logf("routerlab: tail of OpenBGPD's log:\n%s", o.proc.logTail(3000))
		}
	})
	want := len(prefixSet(l.Routes))
	err = Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		if !o.proc.alive() {
			return false, fmt.Errorf("OpenBGPD exited: %v\n%s", o.proc.err, o.proc.logTail(2000))
		}
		ps, err := o.Routes(ctx)
		return err == nil && len(ps) >= want, nil
	})
	if err != nil {
		t.Fatalf("routerlab: OpenBGPD does not hold the source's %d prefixes: %v", want, err)
	}
	return o
}

func (o *OpenBGPd) sock() string { return filepath.Join(o.dir, "bgpd.sock") }

// config is OpenBGPD's configuration: the session with the source (on
// its port; OpenBGPD connects from its address), every route accepted
// and none sent, a RIB dump every 5 s.
func (o *OpenBGPd) config(src netip.Addr) string {
	var s strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&s, format+"\n", a...) }
	w("AS %d", OpenBGPDAS)
	w("router-id %s", o.Addr)
	w("listen on %s port %d", o.Addr, OpenBGPDPort)
	w("socket %q", o.sock())
	w("dump table-v2 %q 5", o.MRTFile())
	w("neighbor %s {\n\tremote-as %d\n\tlocal-address %s\n\tport %d\n\tannounce IPv4 unicast\n\tannounce IPv6 unicast\n}", src, SourceAS, o.Addr, SourcePort)
	w("allow from any")
	w("deny to any")
	return s.String()
}

// Routes gives OpenBGPD's RIB as "bgpctl -j show rib detail" shows it.
func (o *OpenBGPd) Routes(ctx context.Context) ([]Path, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, BGPCTL, "-s", o.sock(), "-j", "show", "rib", "detail")
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("bgpctl: %v: %s", err, errb.Bytes())
	}
	return parseOpenBGPDRIB(out.Bytes())
}

// openbgpdRoute is one path of "bgpctl -j show rib detail".
type openbgpdRoute struct {
	Prefix      string   `json:"prefix"`
	ASPath      string   `json:"aspath"`
	NextHop     string   `json:"exit_nexthop"`
	Origin      string   `json:"origin"`
	Communities []string `json:"communities"`
	Large       []string `json:"large_communities"`
	Neighbor    struct {
		Addr string `json:"remote_addr"`
	} `json:"neighbor"`
}

// parseOpenBGPDRIB reads "bgpctl -j show rib detail". It shows MED and
// LOCAL_PREF with defaults when the route has none: they are left out.
func parseOpenBGPDRIB(out []byte) ([]Path, error) {
	var v struct {
		RIB []openbgpdRoute `json:"rib"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, err
	}
	var ps []Path
	for _, r := range v.RIB {
		pfx, err := netip.ParsePrefix(r.Prefix)
		if err != nil {
			return nil, err
		}
		p := Path{Prefix: pfx, HasAttrs: true, Origin: map[string]string{"IGP": "IGP", "EGP": "EGP", "incomplete": "incomplete"}[r.Origin]}
		p.ASPath = setCommas(strings.Join(strings.Fields(r.ASPath), " "))
		if p.NextHop, err = netip.ParseAddr(r.NextHop); err != nil {
			return nil, err
		}
		p.From, _ = netip.ParseAddr(r.Neighbor.Addr)
		p.Communities = slices.Sorted(slices.Values(r.Communities))
		p.LargeCommunities = slices.Sorted(slices.Values(r.Large))
		ps = append(ps, p)
	}
	SortPaths(ps)
	return ps, nil
}
