package routerlab

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Paths of the programs the lab runs (Debian packages frr and gobgpd).
var (
	BGPD   = "/usr/lib/frr/bgpd"
	VTYSH  = "vtysh"
	GoBGPD = "gobgpd"
	GoBGP  = "gobgp"
)

// cliTimeout bounds one run of a router's CLI (vtysh, birdc, gobgp), so
// that a hung one ends the test. 20 s was seen to kill a vtysh answering
// for a full table on a loaded 2-core machine, failing a test at random.
const cliTimeout = 60 * time.Second

// AS numbers of the lab's routers.
const (
	SourceAS  = 4200000001 // the route source (a 4-octet AS)
	FRRAS     = 65001      // FRR, the BMP exporter
	MonitorAS = 65001      // gobgpd mon: FRR's iBGP neighbour, the second BMP exporter
)

// BGP listen ports of the lab's routers (on their own loopback addresses).
const (
	SourcePort  = 1790
	FRRPort     = 1791
	MonitorPort = 1792
	apiPort     = 50051 // gobgpd's gRPC API, on the router's address
)

// Require checks that FRR's bgpd, vtysh, gobgpd and gobgp are installed. When
// one is missing the test is skipped, except in CI (CI=true in the
// environment), where a missing router is a failure: CI must run the
// integration tests, not skip them.
func Require(t testing.TB) {
	t.Helper()
	var missing []string
	for _, p := range []string{BGPD, VTYSH, GoBGPD, GoBGP} {
		if _, err := exec.LookPath(p); err != nil {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("routerlab: %v not installed (Debian packages frr and gobgpd)", missing)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Options say what Start runs.
type Options struct {
	// Collector is the BMP station's address (host:port) FRR connects to.
	Collector string
	// V4 and V6 are the numbers of IPv4 and IPv6 prefixes the source
	// announces (Synthetic routes, injected as MRT before FRR starts).
	V4, V6 int
	// SecondPaths, when > 0, gives every SecondPaths-th prefix a second path.
	// The source sends both only to the monitor (ADD-PATH); FRR gets the
	// best one.
	SecondPaths int
	// StatsInterval is FRR's BMP statistics interval (default 1 s).
	StatsInterval time.Duration
	// Mirror turns on FRR's BMP Route Mirroring.
	Mirror bool
	// Hostname is FRR's hostname, the sysName of its BMP Initiation
	// (default "frr-lab").
	Hostname string
	// Monitor also runs gobgpd "mon": iBGP neighbour of FRR, eBGP
	// neighbour of the source, exporting BMP (pre-policy, post-policy and
	// Loc-RIB) to MonitorCollector.
	Monitor bool
	// MonitorCollector is the monitor's BMP station (default Collector).
	MonitorCollector string
	// MonitorSysName is the monitor's BMP sysName (default "gobgp-lab").
	MonitorSysName string
	// MonitorMRT has the monitor dump the UPDATEs it receives to
	// MonitorMRTFile in its directory (gobgpd's MRT updates dump: BGP4MP).
	MonitorMRT bool
	// Timeout bounds each wait of Start (default 30 s).
	Timeout time.Duration
}

// Lab is a running set of routers on loopback: the route source, FRR and
// optionally the monitor, each in its own directory under Dir, each
// stopped by its PID when the test ends.
type Lab struct {
	Dir     string
	Opts    Options
	Routes  []Route // what the source announced at start
	Source  *GoBGPd
	FRR     *FRR
	Monitor *GoBGPd // nil unless Options.Monitor

	t    testing.TB
	base [3]byte // the lab's loopback /24: 127.b1.b2.0
}

// MonitorMRTFile is the name of the monitor's MRT updates dump in its
// directory (Options.MonitorMRT). gobgpd 3.10 rotates that dump, at least
// every 60 s, and takes the name as a Go time layout: a relative name
// without digits or layout words keeps it the same.
const MonitorMRTFile = "updates.mrt"

// MonitorMRTPath is where the monitor's MRT updates dump is.
func (l *Lab) MonitorMRTPath() string { return filepath.Join(l.Dir, "mon", MonitorMRTFile) }

// Addr gives the lab's loopback address with last octet host.
func (l *Lab) Addr(host byte) netip.Addr {
	return netip.AddrFrom4([4]byte{l.base[0], l.base[1], l.base[2], host})
}

// Start runs the lab: the source with its routes loaded, then FRR, which is
// waited for until it holds every prefix from the source, then the
// monitor. Everything is stopped and removed when the test ends (set
// ROUTERLAB_KEEP=1 to keep the directory); when the test failed the logs'
// tails are printed. Start fails the test when something does not come up
// within Options.Timeout.
func Start(t testing.TB, o Options) *Lab {
	t.Helper()
	Require(t)
	if o.StatsInterval == 0 {
		o.StatsInterval = time.Second
	}
	if o.Hostname == "" {
		o.Hostname = "frr-lab"
	}
	if o.MonitorCollector == "" {
		o.MonitorCollector = o.Collector
	}
	if o.MonitorSysName == "" {
		o.MonitorSysName = "gobgp-lab"
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	// A short directory: FRR's vty socket path must fit in sun_path.
	dir, err := os.MkdirTemp("", "rlab")
	if err != nil {
		t.Fatal(err)
	}
	l := &Lab{Dir: dir, Opts: o, t: t}
	t.Cleanup(l.cleanup)
	if l.base, err = pickBase(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	if err := l.start(ctx); err != nil {
		t.Fatalf("routerlab: %v", err)
	}
	return l
}

func (l *Lab) start(ctx context.Context) error {
	o := l.Opts
	l.Routes = Synthetic(o.V4, o.V6, o.SecondPaths)
	t0 := time.Now()
	step := func(what string) {
		l.t.Logf("routerlab: %s (%v)", what, time.Since(t0).Round(time.Millisecond))
	}

	// gobgpd opens a session itself only 5 to 10 s after it starts (its
	// connect loop waits a random one to two times its connect-retry,
	// which is at least 5 s), so the source waits for the monitor, the
	// monitor for FRR, and FRR (whose connect timer is 1 s) opens its
	// sessions; the monitor starts first to hide its wait.
	src := &GoBGPd{Name: "src", Addr: l.Addr(2), AS: SourceAS, Port: SourcePort, dir: filepath.Join(l.Dir, "src")}
	src.neighbors = append(src.neighbors, gobgpNeighbor{addr: l.Addr(3), as: FRRAS, port: FRRPort, desc: "frr", passive: true})
	if o.Monitor {
		src.neighbors = append(src.neighbors, gobgpNeighbor{addr: l.Addr(4), as: MonitorAS, port: MonitorPort, desc: "mon",
			addPathSend: true, passive: true})
	}
	l.Source = src
	if err := src.start(ctx); err != nil {
		return err
	}
	step("source up")
	if o.Monitor {
		mon := &GoBGPd{Name: "mon", Addr: l.Addr(4), AS: MonitorAS, Port: MonitorPort, dir: filepath.Join(l.Dir, "mon"),
			bmp: o.MonitorCollector, sysName: o.MonitorSysName}
		if o.MonitorMRT {
			mon.mrt = MonitorMRTFile
		}
		mon.neighbors = []gobgpNeighbor{
			{addr: l.Addr(3), as: FRRAS, port: FRRPort, desc: "frr-ibgp", addPathRecv: true, passive: true},
			{addr: l.Addr(2), as: SourceAS, port: SourcePort, desc: "src-ebgp", addPathRecv: true},
		}
		l.Monitor = mon
		if err := mon.start(ctx); err != nil {
			return err
		}
		for _, r := range MonitorRoutes {
			if err := mon.Announce(ctx, r); err != nil {
				return err
			}
		}
		step("monitor up")
	}
	if len(l.Routes) > 0 {
		if err := src.inject(ctx, l.Routes); err != nil {
			return err
		}
		step(fmt.Sprintf("source holds %d routes", len(l.Routes)))
	}

	f := &FRR{Addr: l.Addr(3), AS: FRRAS, Port: FRRPort, Hostname: o.Hostname, dir: filepath.Join(l.Dir, "frr"),
		source: l.Addr(2), collector: o.Collector, stats: o.StatsInterval, mirror: o.Mirror}
	if o.Monitor {
		f.monitor = l.Addr(4)
	}
	l.FRR = f
	if err := f.start(ctx); err != nil {
		return err
	}
	step("FRR up")
	if err := f.WaitEstablished(ctx, src.Addr); err != nil {
		return err
	}
	step("FRR established with the source")
	if err := f.waitPrefixes(ctx, src.Addr, prefixSet(l.Routes)); err != nil {
		return err
	}
	step("FRR holds the source's prefixes")
	if l.Monitor != nil {
		for _, n := range l.Monitor.neighbors {
			if err := l.Monitor.WaitEstablished(ctx, n.addr); err != nil {
				return err
			}
			step("monitor established with " + n.desc)
		}
	}
	if err := l.frrBMP(ctx); err != nil {
		return err
	}
	step("FRR quiet, BMP on")
	return nil
}

// frrBMP waits until FRR's table is quiet, then starts its BMP. FRR 8.4
// reports a route that its inbound policy rejects as a pre-policy
// withdrawal when the route arrives while BMP is up, but as a pre-policy
// route in the table it sends when BMP connects: connecting BMP to a
// converged FRR makes its pre-policy view the whole Adj-RIB-In (what
// ReceivedRoutes shows), whatever the timing.
func (l *Lab) frrBMP(ctx context.Context) error {
	if err := l.FRR.WaitQuiet(ctx); err != nil {
		return err
	}
	if l.Opts.Collector == "" {
		return nil
	}
	return l.FRR.StartBMP(ctx)
}

// RestartFRR starts FRR again after Kill or Stop, waits until its sessions
// are Established and it holds what the source sends it, then connects its
// BMP (see frrBMP).
func (l *Lab) RestartFRR(ctx context.Context) error {
	f := l.FRR
	if err := f.Restart(ctx); err != nil {
		return err
	}
	if err := f.WaitEstablished(ctx, l.Source.Addr); err != nil {
		return err
	}
	if l.Monitor != nil {
		if err := f.WaitEstablished(ctx, l.Monitor.Addr); err != nil {
			return err
		}
	}
	want := map[netip.Prefix]bool{}
	for _, af := range []AFI{IPv4, IPv6} {
		ps, err := l.Source.AdjOut(ctx, f.Addr, af)
		if err != nil {
			return err
		}
		for _, p := range ps {
			want[p.Prefix] = true
		}
	}
	if err := f.waitPrefixes(ctx, l.Source.Addr, want); err != nil {
		return err
	}
	return l.frrBMP(ctx)
}

// MonitorRoutes are the routes the monitor originates itself (so that FRR
// has routes from an iBGP peer).
var MonitorRoutes = []Route{
	{Prefix: netip.MustParsePrefix("203.0.113.64/26"), NextHop: netip.MustParseAddr("192.0.2.4"), LocalPref: u32(300), MED: u32(5),
		Communities: []uint32{65001<<16 | 4}, LargeCommunities: []LargeCommunity{{65001, 4, 4}}},
	{Prefix: netip.MustParsePrefix("2001:db8:4::/48"), NextHop: netip.MustParseAddr("2001:db8:ffff::4"), Origin: 2, LocalPref: u32(300),
		Communities: []uint32{65001<<16 | 6}},
}

// FRRLocal are the prefixes FRR originates itself (network statements):
// its BMP shows them from peer 0.0.0.0, AS 0, post-policy only.
var FRRLocal = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8:f00::/48")}

func prefixSet(rs []Route) map[netip.Prefix]bool {
	m := map[netip.Prefix]bool{}
	for _, r := range rs {
		m[r.Prefix] = true
	}
	return m
}

// cleanup stops every router by PID, prints the logs' tails when the test
// failed, and removes the directory.
func (l *Lab) cleanup() {
	var procs []*process
	if l.Monitor != nil && l.Monitor.proc != nil {
		procs = append(procs, l.Monitor.proc)
	}
	if l.FRR != nil && l.FRR.proc != nil {
		procs = append(procs, l.FRR.proc)
	}
	if l.Source != nil && l.Source.proc != nil {
		procs = append(procs, l.Source.proc)
	}
	for _, p := range procs {
		var err error
		if l.FRR != nil && p == l.FRR.proc {
			err = l.FRR.stop(2 * time.Second)
		} else {
			err = p.stop(2 * time.Second)
		}
		if err != nil {
			l.t.Errorf("routerlab: stopping %s (pid %d): %v", p.name, p.pid(), err)
		}
	}
	if l.t.Failed() {
		for _, p := range procs {
			l.t.Logf("routerlab: tail of %s:\n%s", p.logPath, p.logTail(3000))
		}
		if l.FRR != nil {
			l.t.Logf("routerlab: tail of FRR's log:\n%s", fileTail(filepath.Join(l.FRR.dir, "bgpd.log"), 4000))
		}
	}
	if os.Getenv("ROUTERLAB_KEEP") == "1" {
		l.t.Logf("routerlab: kept %s", l.Dir)
		return
	}
	_ = os.RemoveAll(l.Dir)
}

// pickBase chooses a loopback /24 (127.x.y.0, x >= 100) whose .2 to .4 have
// the lab's ports free, so that two labs (two test binaries) do not meet.
// The whole of 127/8 is routed to lo on Linux, so no address needs adding.
func pickBase() ([3]byte, error) {
	for range 20 {
		b := [3]byte{127, byte(100 + rand.IntN(150)), byte(rand.IntN(256))}
		ok := true
		for host, port := range map[byte]int{2: SourcePort, 3: FRRPort, 4: MonitorPort} {
			for _, p := range []int{port, apiPort} {
				a := netip.AddrPortFrom(netip.AddrFrom4([4]byte{b[0], b[1], b[2], host}), uint16(p))
				ln, err := net.Listen("tcp", a.String())
				if err != nil {
					ok = false
					break
				}
				ln.Close()
			}
		}
		if ok {
			return b, nil
		}
	}
	return [3]byte{}, errors.New("routerlab: no free loopback /24 found")
}

// Poll calls cond at once, then every interval, until it returns true (Poll
// returns nil), an error (returned), or ctx ends (ctx's error).
func Poll(ctx context.Context, interval time.Duration, cond func() (bool, error)) error {
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// AFI is an address family the lab routes: IPv4 or IPv6 unicast.
type AFI uint8

// The two families.
const (
	IPv4 AFI = 4
	IPv6 AFI = 6
)

// String gives the family as the CLIs spell it: "ipv4" or "ipv6".
func (a AFI) String() string { return "ipv" + strconv.Itoa(int(a)) }

// Of gives the family of a prefix.
func Of(p netip.Prefix) AFI {
	if p.Addr().Is4() {
		return IPv4
	}
	return IPv6
}
