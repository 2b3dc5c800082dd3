package routerlab

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FRR is the lab's FRR bgpd: eBGP with the source, iBGP with the monitor,
// BMP to the collector. It runs without zebra (-Z), as the invoking user
// (-S), with its config, pid file, vty socket and logs in its own
// directory, and no TCP vty (-P 0).
type FRR struct {
	Addr     netip.Addr
	AS       uint32
	Port     int
	Hostname string

	dir       string
	source    netip.Addr // the route source's address
	monitor   netip.Addr // the monitor's address, if any
	collector string
	stats     time.Duration
	mirror    bool
	proc      *process
}

// The inbound policy from the source (see FRRRejects): reject some
// prefixes, add communities, set LOCAL_PREF and raise MED, so that
// post-policy differs from pre-policy.
const (
	FRRCommunity4 = "65001:100"   // added to IPv4 routes from the source
	FRRLarge4     = "65001:1:100" // large community added to IPv4 routes from the source
	FRRLocalPref4 = 200
	FRRMEDAdd4    = 10 // added to the MED of IPv4 routes from the source
	FRRCommunity6 = "65001:600"
	FRRLarge6     = "65001:1:600"
	FRRLocalPref6 = 150
)

// bmpTarget is the configuration of FRR's BMP target "collector".
func (f *FRR) bmpTarget() ([]string, error) {
	host, port, err := net.SplitHostPort(f.collector)
	if err != nil {
		return nil, fmt.Errorf("BMP station %q: %w", f.collector, err)
	}
	lines := []string{
		"bmp targets collector",
		fmt.Sprintf(" bmp connect %s port %s min-retry 100 max-retry 1000", host, port),
	}
	for _, af := range []string{"ipv4", "ipv6"} {
		for _, pol := range []string{"pre-policy", "post-policy"} {
			lines = append(lines, fmt.Sprintf(" bmp monitor %s unicast %s", af, pol))
		}
	}
	lines = append(lines, fmt.Sprintf(" bmp stats interval %d", f.stats.Milliseconds()))
	if f.mirror {
		lines = append(lines, " bmp mirror")
	}
	return append(lines, "exit"), nil
}

func (f *FRR) config() (string, error) {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("! FRR bgpd for routerlab")
	w("frr defaults traditional")
	w("hostname %s", f.Hostname)
	w("log file %s informational", filepath.Join(f.dir, "bgpd.log"))
	w("!")
	w("ip prefix-list REJECT4 seq 5 permit %s le 32", Rejected4)
	w("ipv6 prefix-list REJECT6 seq 5 permit %s le 128", Rejected6)
	w("ip prefix-list LOCAL4 seq 5 permit %s", FRRLocal[0])
	w("ipv6 prefix-list LOCAL6 seq 5 permit %s", FRRLocal[1])
	w("route-map SRC-IN4 deny 5\n match ip address prefix-list REJECT4\nexit")
	w("route-map SRC-IN4 permit 10\n set community %s additive\n set large-community %s additive\n set local-preference %d\n set metric +%d\nexit",
		FRRCommunity4, FRRLarge4, FRRLocalPref4, FRRMEDAdd4)
	w("route-map SRC-IN6 deny 5\n match ipv6 address prefix-list REJECT6\nexit")
	w("route-map SRC-IN6 permit 10\n set community %s additive\n set large-community %s additive\n set local-preference %d\nexit",
		FRRCommunity6, FRRLarge6, FRRLocalPref6)
	// Only FRR's own prefixes go back to the source.
	w("route-map SRC-OUT4 permit 10\n match ip address prefix-list LOCAL4\n set ip next-hop 192.0.2.3\nexit")
	w("route-map SRC-OUT6 permit 10\n match ipv6 address prefix-list LOCAL6\n set ipv6 next-hop global 2001:db8:ffff::3\nexit")
	// gobgpd refuses next hops in 127/8 (FRR's own routes have FRR's address).
	w("route-map MON-OUT4 permit 10\n set ip next-hop 192.0.2.3\nexit")
	w("route-map MON-OUT6 permit 10\n set ipv6 next-hop global 2001:db8:ffff::3\nexit")
	w("!")
	w("router bgp %d", f.AS)
	w(" bgp router-id %s", f.Addr)
	w(" no bgp ebgp-requires-policy")
	w(" no bgp network import-check")
	w(" no bgp default ipv4-unicast")
	nbrs := []frrNeighbor{{f.source, SourceAS, SourcePort, "src-gobgpd", "SRC-IN4", "SRC-IN6", "SRC-OUT4", "SRC-OUT6"}}
	if f.monitor.IsValid() {
		nbrs = append(nbrs, frrNeighbor{f.monitor, MonitorAS, MonitorPort, "mon-gobgpd", "", "", "MON-OUT4", "MON-OUT6"})
	}
	for _, n := range nbrs {
		w(" neighbor %s remote-as %d", n.addr, n.as)
		w(" neighbor %s description %s", n.addr, n.desc)
		w(" neighbor %s port %d", n.addr, n.port)
		w(" neighbor %s update-source %s", n.addr, f.Addr)
		w(" neighbor %s timers 10 30", n.addr)
		w(" neighbor %s timers connect 1", n.addr)
		w(" neighbor %s advertisement-interval 0", n.addr)
	}
	for _, af := range []AFI{IPv4, IPv6} {
		w(" !\n address-family %s unicast", af)
		w("  network %s", FRRLocal[map[AFI]int{IPv4: 0, IPv6: 1}[af]])
		for _, n := range nbrs {
			in, out := n.in4, n.out4
			if af == IPv6 {
				in, out = n.in6, n.out6
			}
			w("  neighbor %s activate", n.addr)
			// Pre-policy BMP is read from Adj-RIB-In: without
			// soft-reconfiguration FRR sends withdrawals instead.
			w("  neighbor %s soft-reconfiguration inbound", n.addr)
			if in != "" {
				w("  neighbor %s route-map %s in", n.addr, in)
			}
			if out != "" {
				w("  neighbor %s route-map %s out", n.addr, out)
			}
		}
		w(" exit-address-family")
	}
	if f.mirror {
		w(" !\n bmp mirror buffer-limit 67108864")
	}
	w("exit")
	return b.String(), nil
}

// frrNeighbor is one neighbour in FRR's configuration, with its route-maps
// per family ("" for none).
type frrNeighbor struct {
	addr       netip.Addr
	as, port   int
	desc       string
	in4, in6   string
	out4, out6 string
}

// start writes the configuration and runs bgpd until its vty answers.
func (f *FRR) start(ctx context.Context) error {
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return err
	}
	conf, err := f.config()
	if err != nil {
		return err
	}
	path := filepath.Join(f.dir, "bgpd.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	f.proc, err = startProcess(f.dir, "bgpd-stdout", BGPD, "-S", "-Z", "-M", "bmp", "-P", "0",
		"-p", strconv.Itoa(f.Port), "-l", f.Addr.String(), "-f", path,
		"-i", filepath.Join(f.dir, "bgpd.pid"), "--vty_socket", f.dir)
	if err != nil {
		return fmt.Errorf("starting bgpd: %w", err)
	}
	err = Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		if !f.proc.alive() {
			return false, fmt.Errorf("bgpd exited: %v\n%s", f.proc.err, f.proc.logTail(2000))
		}
		_, err := f.VTY(ctx, "show bgp summary json")
		return err == nil, nil
	})
	if err != nil {
		return fmt.Errorf("bgpd vty: %w", err)
	}
	return nil
}

// PID is bgpd's process ID.
func (f *FRR) PID() int { return f.proc.pid() }

// Kill ends bgpd with SIGKILL: no NOTIFICATION to its neighbours, its BMP
// connection reset by the kernel.
func (f *FRR) Kill() error { return f.stop(0) }

// Stop ends bgpd with SIGTERM (it closes its sessions), then SIGKILL after
// five seconds.
func (f *FRR) Stop() error { return f.stop(5 * time.Second) }

func (f *FRR) stop(grace time.Duration) error {
	err := f.proc.stop(grace)
	if !f.proc.alive() {
		// bgpd keeps a log buffer in /var/tmp/frr/bgpd.PID, removed on a
		// clean exit only.
		_ = os.RemoveAll(filepath.Join("/var/tmp/frr", "bgpd."+strconv.Itoa(f.proc.pid())))
	}
	return err
}

// Restart starts bgpd again with the same configuration once it has been
// stopped or killed.
func (f *FRR) Restart(ctx context.Context) error {
	if f.proc.alive() {
		return fmt.Errorf("bgpd (pid %d) still running", f.proc.pid())
	}
	return f.start(ctx)
}

// VTY runs vtysh commands against this bgpd and returns the output.
func (f *FRR) VTY(ctx context.Context, cmds ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, cliTimeout)
	defer cancel()
	argv := []string{"--vty_socket", f.dir, "-d", "bgpd"}
	for _, c := range cmds {
		argv = append(argv, "-c", c)
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, VTYSH, argv...)
	cmd.Stdout = &out
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("vtysh %q: %v: %s %s", cmds, err, bytes.TrimSpace(out.Bytes()), bytes.TrimSpace(errb.Bytes()))
	}
	return out.Bytes(), nil
}

// Configure enters configuration mode, runs lines under "router bgp", and
// leaves.
func (f *FRR) Configure(ctx context.Context, lines ...string) error {
	cmds := append([]string{"configure terminal", fmt.Sprintf("router bgp %d", f.AS)}, lines...)
	out, err := f.VTY(ctx, append(cmds, "end")...)
	if err == nil && bytes.Contains(out, []byte("% ")) {
		err = fmt.Errorf("vtysh %q: %s", lines, bytes.TrimSpace(out))
	}
	return err
}

// WaitQuiet polls FRR's summary until its table versions and per-neighbour
// prefix counts and states stay the same for 600 ms.
func (f *FRR) WaitQuiet(ctx context.Context) error {
	var last []byte
	stable := 0
	err := Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		out, err := f.VTY(ctx, "show bgp summary json")
		if err != nil {
			stable = 0
			return false, nil
		}
		var v map[string]struct {
			TableVersion int `json:"tableVersion"`
			Peers        map[string]struct {
				TableVersion int    `json:"tableVersion"`
				PfxRcd       int    `json:"pfxRcd"`
				PfxSnt       int    `json:"pfxSnt"`
				State        string `json:"state"`
				OutQ         int    `json:"outq"`
				InQ          int    `json:"inq"`
			} `json:"peers"`
		}
		if err := json.Unmarshal(out, &v); err != nil {
			return false, fmt.Errorf("show bgp summary json: %w", err)
		}
		snap, _ := json.Marshal(v) // maps marshal in key order
		if bytes.Equal(snap, last) {
			stable++
		} else {
			stable = 0
		}
		last = snap
		return stable >= 3, nil
	})
	if err != nil {
		return fmt.Errorf("FRR not quiet: %w", err)
	}
	return nil
}

// StopBMP removes the BMP target: FRR closes the connection without a
// Termination message.
func (f *FRR) StopBMP(ctx context.Context) error {
	return f.Configure(ctx, "no bmp targets collector")
}

// StartBMP configures the BMP target again: FRR connects, sends an
// Initiation, a Peer Up per Established neighbour and its tables.
func (f *FRR) StartBMP(ctx context.Context) error {
	lines, err := f.bmpTarget()
	if err != nil {
		return err
	}
	return f.Configure(ctx, lines...)
}

// Established says whether the session with neighbor n is Established.
func (f *FRR) Established(ctx context.Context, n netip.Addr) (bool, error) {
	out, err := f.VTY(ctx, fmt.Sprintf("show bgp neighbors %s json", n))
	if err != nil {
		return false, err
	}
	var v map[string]struct {
		BGPState string `json:"bgpState"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return false, fmt.Errorf("show bgp neighbors %s json: %w", n, err)
	}
	return v[n.String()].BGPState == "Established", nil
}

// WaitEstablished polls until the session with n is Established.
func (f *FRR) WaitEstablished(ctx context.Context, n netip.Addr) error {
	err := Poll(ctx, 100*time.Millisecond, func() (bool, error) {
		ok, err := f.Established(ctx, n)
		return ok && err == nil, nil
	})
	if err != nil {
		return fmt.Errorf("FRR: session with %s not established: %w", n, err)
	}
	return nil
}

// frrReceived is "show bgp ... neighbors X received-routes json".
type frrReceived struct {
	ReceivedRoutes map[string]struct {
		NextHop       string  `json:"nextHop"`
		NextHopGlobal string  `json:"nextHopGlobal"`
		Path          string  `json:"path"`
		Origin        string  `json:"bgpOriginCode"`
		Metric        *uint32 `json:"metric"`
		LocPrf        *uint32 `json:"locPrf"`
	} `json:"receivedRoutes"`
}

// ReceivedRoutes gives the paths received from neighbor n as they sit in
// FRR's Adj-RIB-In, before inbound policy, which is what FRR's pre-policy
// BMP reports (soft-reconfiguration inbound keeps them). Only the prefix,
// next hop and AS path are filled in: FRR shows MED and LOCAL_PREF of this
// list after applying the inbound route-map to them, and no communities.
func (f *FRR) ReceivedRoutes(ctx context.Context, n netip.Addr, af AFI) ([]Path, error) {
	out, err := f.VTY(ctx, fmt.Sprintf("show bgp %s unicast neighbors %s received-routes json", af, n))
	if err != nil {
		return nil, err
	}
	var v frrReceived
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("received-routes %s %s: %w", n, af, err)
	}
	var ps []Path
	for k, r := range v.ReceivedRoutes {
		pfx, err := netip.ParsePrefix(k)
		if err != nil {
			return nil, err
		}
		nh := r.NextHop
		if nh == "" {
			nh = r.NextHopGlobal
		}
		p := Path{Prefix: pfx, ASPath: r.Path, From: n}
		if p.NextHop, err = netip.ParseAddr(nh); err != nil {
			return nil, fmt.Errorf("received-routes %s: next hop %q: %w", pfx, nh, err)
		}
		ps = append(ps, p)
	}
	SortPaths(ps)
	return ps, nil
}

// waitPrefixes polls until the Adj-RIB-In from n holds every prefix of
// want.
func (f *FRR) waitPrefixes(ctx context.Context, n netip.Addr, want map[netip.Prefix]bool) error {
	missing := len(want)
	var lastErr error
	err := Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		m := len(want)
		for _, af := range []AFI{IPv4, IPv6} {
			ps, err := f.ReceivedRoutes(ctx, n, af)
			if err != nil {
				lastErr = err
				return false, nil
			}
			for _, p := range ps {
				if want[p.Prefix] {
					m--
				}
			}
		}
		missing = m
		return m == 0, nil
	})
	if err != nil {
		return fmt.Errorf("FRR lacks %d of the %d prefixes from %s (last error: %v): %w", missing, len(want), n, lastErr, err)
	}
	return nil
}

// frrRoutes is "show bgp ... json" and "show bgp ... neighbors X routes json".
type frrRoutes struct {
	Routes map[string][]frrRoutePath `json:"routes"`
}

type frrRoutePath struct {
	Valid     bool    `json:"valid"`
	Best      bool    `json:"bestpath"`
	PeerID    string  `json:"peerId"`
	Path      string  `json:"path"`
	Origin    string  `json:"origin"`
	Metric    *uint32 `json:"metric"`
	LocPrf    *uint32 `json:"locPrf"`
	PathID    uint32  `json:"pathId"`
	Prefix    string  `json:"prefix"`
	PrefixLen int     `json:"prefixLen"`
	Nexthops  []struct {
		IP    string `json:"ip"`
		Scope string `json:"scope"`
	} `json:"nexthops"`
}

// Routes gives the valid paths from neighbor n that passed inbound policy
// and sit in FRR's BGP table: what FRR's post-policy BMP reports for n.
// (FRR's BMP leaves out invalid paths; without zebra, FRR validates the
// next hops of iBGP paths some seconds after they arrive.)
func (f *FRR) Routes(ctx context.Context, n netip.Addr, af AFI) ([]Path, error) {
	return f.routes(ctx, fmt.Sprintf("show bgp %s unicast neighbors %s routes json", af, n), func(p frrRoutePath) bool { return p.Valid })
}

// RIB gives every path of FRR's BGP table (Best marks the selected ones).
func (f *FRR) RIB(ctx context.Context, af AFI) ([]Path, error) {
	return f.routes(ctx, fmt.Sprintf("show bgp %s unicast json", af), nil)
}

// LocalRoutes gives the paths FRR originates itself (network statements):
// FRR's BMP reports them from peer 0.0.0.0, AS 0, post-policy only.
func (f *FRR) LocalRoutes(ctx context.Context, af AFI) ([]Path, error) {
	return f.routes(ctx, fmt.Sprintf("show bgp %s unicast json", af), func(p frrRoutePath) bool {
		return p.PeerID == "(unspec)" || p.PeerID == "0.0.0.0"
	})
}

func (f *FRR) routes(ctx context.Context, cmd string, keep func(frrRoutePath) bool) ([]Path, error) {
	out, err := f.VTY(ctx, cmd)
	if err != nil {
		return nil, err
	}
	var v frrRoutes
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	var ps []Path
	for k, list := range v.Routes {
		pfx, err := netip.ParsePrefix(k)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if keep != nil && !keep(r) {
				continue
			}
			p := Path{Prefix: pfx, ASPath: r.Path, Origin: r.Origin, Best: r.Best, PathID: r.PathID}
			p.From, _ = netip.ParseAddr(r.PeerID) // "(unspec)" for FRR's own routes
			for _, nh := range r.Nexthops {
				if nh.Scope == "link-local" {
					continue
				}
				if p.NextHop, err = netip.ParseAddr(nh.IP); err != nil {
					return nil, fmt.Errorf("%s: %s: next hop %q: %w", cmd, pfx, nh.IP, err)
				}
				break
			}
			ps = append(ps, p)
		}
	}
	SortPaths(ps)
	return ps, nil
}

// frrDetail is "show bgp ... PREFIX json".
type frrDetail struct {
	Prefix string `json:"prefix"`
	Paths  []struct {
		ASPath struct {
			String string `json:"string"`
		} `json:"aspath"`
		Origin    string  `json:"origin"`
		Metric    *uint32 `json:"metric"`
		LocPrf    *uint32 `json:"locPrf"`
		Community *struct {
			List []string `json:"list"`
		} `json:"community"`
		LargeCommunity *struct {
			List []string `json:"list"`
		} `json:"largeCommunity"`
		Bestpath *struct {
			Overall bool `json:"overall"`
		} `json:"bestpath"`
		Nexthops []struct {
			IP    string `json:"ip"`
			Scope string `json:"scope"`
		} `json:"nexthops"`
		Peer struct {
			PeerID string `json:"peerId"`
		} `json:"peer"`
	} `json:"paths"`
}

// Detail gives the paths of the given prefixes in FRR's BGP table with all
// their attributes (MED, LOCAL_PREF, communities: post-policy), keyed by the
// address of the peer they came from (the zero Addr for FRR's own). One
// vtysh run answers for a hundred prefixes.
func (f *FRR) Detail(ctx context.Context, prefixes []netip.Prefix) (map[netip.Addr][]Path, error) {
	res := map[netip.Addr][]Path{}
	for chunk := range slices.Chunk(prefixes, 100) {
		var cmds []string
		for _, p := range chunk {
			cmds = append(cmds, fmt.Sprintf("show bgp %s unicast %s json", Of(p), p))
		}
		out, err := f.VTY(ctx, cmds...)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for range chunk {
			var d frrDetail
			if err := dec.Decode(&d); err != nil {
				return nil, fmt.Errorf("show bgp PREFIX json: %w", err)
			}
			if d.Prefix == "" { // not in the table: {}
				continue
			}
			pfx, err := netip.ParsePrefix(d.Prefix)
			if err != nil {
				return nil, err
			}
			for _, dp := range d.Paths {
				p := Path{Prefix: pfx, ASPath: dp.ASPath.String, Origin: dp.Origin, HasAttrs: true, MED: dp.Metric, LocalPref: dp.LocPrf,
					Best: dp.Bestpath != nil && dp.Bestpath.Overall}
				if dp.Community != nil {
					p.Communities = slices.Sorted(slices.Values(dp.Community.List))
				}
				if dp.LargeCommunity != nil {
					p.LargeCommunities = slices.Sorted(slices.Values(dp.LargeCommunity.List))
				}
				for _, nh := range dp.Nexthops {
					if nh.Scope == "link-local" {
						continue
					}
					p.NextHop, _ = netip.ParseAddr(nh.IP)
					break
				}
				p.From, _ = netip.ParseAddr(dp.Peer.PeerID) // "(unspec)" for FRR's own routes
				if p.From.IsUnspecified() {
					p.From = netip.Addr{}
				}
				res[p.From] = append(res[p.From], p)
			}
		}
	}
	for _, ps := range res {
		SortPaths(ps)
	}
	return res, nil
}

// BMPState gives "show bmp" (the targets, their state and counters).
func (f *FRR) BMPState(ctx context.Context) (string, error) {
	out, err := f.VTY(ctx, "show bmp")
	return string(out), err
}
