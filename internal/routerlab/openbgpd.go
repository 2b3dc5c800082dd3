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
	needTools(t, "openbgpd", OpenBGPD, BGPCTL)
	if _, err := os.Stat("/run/openbgpd"); err != nil {
		t.Fatalf("routerlab: OpenBGPD chroots to /run/openbgpd: %v", err)
	}
	o := &OpenBGPd{Addr: l.Addr(6), dir: filepath.Join(l.Dir, "openbgpd")}
	o.proc = l.startNeighbour(ctx, t, neighbour{name: "OpenBGPD", dir: o.dir, addr: o.Addr, as: OpenBGPDAS,
		confName: "bgpd.conf", conf: o.config(l.Source.Addr),
		argv: func(conf string) []string { return []string{OpenBGPD, "-d", "-f", conf} },
		held: func(ctx context.Context) (int, error) {
			ps, err := o.Routes(ctx)
			return len(ps), err
		},
	})
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
