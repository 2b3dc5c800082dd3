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

// GoBGPd is one gobgpd the lab runs: the route source or the monitor.
type GoBGPd struct {
	Name string
	Addr netip.Addr // BGP and gRPC API address
	AS   uint32
	Port int // BGP listen port

	dir       string
	neighbors []gobgpNeighbor
	bmp       string // BMP station host:port, "" for none
	sysName   string
	mrt       string // file of its MRT updates dump (BGP4MP), "" for none
	proc      *process
}

type gobgpNeighbor struct {
	addr        netip.Addr
	as          uint32
	port        int
	desc        string
	addPathSend bool // send up to 4 paths per prefix (ADD-PATH)
	addPathRecv bool
	passive     bool // wait for the neighbour to connect
}

// config writes gobgpd's TOML configuration.
func (g *GoBGPd) config() (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# gobgpd %q for routerlab\n[global.config]\n  as = %d\n  router-id = %q\n  port = %d\n  local-address-list = [%q]\n",
		g.Name, g.AS, g.Addr, g.Port, g.Addr)
	// The MRT padding (see padPrefix) stays in the RIB: gobgpd would
	// advertise it, NO_ADVERTISE notwithstanding, so an export policy
	// keeps it in.
	fmt.Fprintf(&b, "[global.apply-policy.config]\n  export-policy-list = [\"no-pad\"]\n  default-export-policy = \"accept-route\"\n")
	fmt.Fprintf(&b, "\n[[defined-sets.prefix-sets]]\n  prefix-set-name = \"pad\"\n  [[defined-sets.prefix-sets.prefix-list]]\n    ip-prefix = %q\n", padPrefix)
	b.WriteString("\n[[policy-definitions]]\n  name = \"no-pad\"\n  [[policy-definitions.statements]]\n    name = \"reject-pad\"\n" +
		"    [policy-definitions.statements.conditions.match-prefix-set]\n      prefix-set = \"pad\"\n" +
		"    [policy-definitions.statements.actions]\n      route-disposition = \"reject-route\"\n")
	if g.bmp != "" {
		host, port, err := net.SplitHostPort(g.bmp)
		if err != nil {
			return "", fmt.Errorf("BMP station %q: %w", g.bmp, err)
		}
		// gobgpd's shortest statistics interval is 15 s.
		fmt.Fprintf(&b, "\n[[bmp-servers]]\n  [bmp-servers.config]\n    address = %q\n    port = %s\n"+
			"    route-monitoring-policy = \"all\"\n    statistics-timeout = 15\n    sys-name = %q\n    sys-descr = \"gobgpd (routerlab %s)\"\n",
			host, port, g.sysName, g.Name)
	}
	if g.mrt != "" {
		fmt.Fprintf(&b, "\n[[mrt-dump]]\n  [mrt-dump.config]\n    dump-type = \"updates\"\n    file-name = %q\n", g.mrt)
	}
	for _, n := range g.neighbors {
		fmt.Fprintf(&b, "\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = %q\n    peer-as = %d\n    description = %q\n", n.addr, n.as, n.desc)
		fmt.Fprintf(&b, "  [neighbors.transport.config]\n    local-address = %q\n    remote-port = %d\n    passive-mode = %t\n", g.Addr, n.port, n.passive)
		b.WriteString("  [neighbors.timers.config]\n    connect-retry = 1\n    idle-hold-time-after-reset = 1\n    hold-time = 30\n    keepalive-interval = 10\n")
		for _, af := range []string{"ipv4-unicast", "ipv6-unicast"} {
			fmt.Fprintf(&b, "  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = %q\n", af)
			switch {
			case n.addPathSend:
				b.WriteString("    [neighbors.afi-safis.add-paths.config]\n      send-max = 4\n")
			case n.addPathRecv:
				b.WriteString("    [neighbors.afi-safis.add-paths.config]\n      receive = true\n")
			}
		}
	}
	return b.String(), nil
}

// start writes the configuration and runs gobgpd until its API answers.
func (g *GoBGPd) start(ctx context.Context) error {
	if err := os.MkdirAll(g.dir, 0o755); err != nil {
		return err
	}
	conf, err := g.config()
	if err != nil {
		return err
	}
	path := filepath.Join(g.dir, "gobgpd.toml")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	api := netip.AddrPortFrom(g.Addr, apiPort).String()
	g.proc, err = startProcess(g.dir, "gobgpd-"+g.Name, GoBGPD, "-f", path, "--api-hosts", api, "--pprof-disable", "-p")
	if err != nil {
		return fmt.Errorf("starting gobgpd %s: %w", g.Name, err)
	}
	err = Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		if !g.proc.alive() {
			return false, fmt.Errorf("gobgpd %s exited: %v\n%s", g.Name, g.proc.err, g.proc.logTail(2000))
		}
		_, err := g.CLI(ctx, "global")
		return err == nil, nil
	})
	if err != nil {
		return fmt.Errorf("gobgpd %s API: %w", g.Name, err)
	}
	return nil
}

// PID is gobgpd's process ID.
func (g *GoBGPd) PID() int { return g.proc.pid() }

// CLI runs the gobgp client against this gobgpd and returns its output.
func (g *GoBGPd) CLI(ctx context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, cliTimeout)
	defer cancel()
	argv := append([]string{"-u", g.Addr.String(), "-p", strconv.Itoa(apiPort)}, args...)
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, GoBGP, argv...)
	cmd.Stdout = &out
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("gobgp %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(errb.Bytes()))
	}
	return out.Bytes(), nil
}

// padPrefix is the prefix of the records that follow the routes in an MRT
// injection. gobgp 3.10's "mrt inject" ends without waiting for the server
// to take the last paths of its stream (fixed upstream later by closing the
// stream with CloseAndRecv), so the tail of a file can be lost; the padding
// is what gets lost. gobgpd's export policy keeps it from its neighbours,
// and the RIB queries leave it out. (The CLI cannot delete it: "global rib
// del" does not match paths injected from MRT, which carry the MRT peer as
// their source.)
var padPrefix = netip.MustParsePrefix("192.0.2.255/32")

// inject loads routes into the global RIB from a generated MRT file and
// checks that every path arrived, injecting again (up to five times) when
// some did not.
func (g *GoBGPd) inject(ctx context.Context, routes []Route) error {
	b, err := AppendMRT(nil, uint32(time.Now().Unix()), MRTPeers, routes)
	if err != nil {
		return err
	}
	pad := Route{Prefix: padPrefix, NextHop: netip.MustParseAddr("192.0.2.1"), ASPath: Seq(64496), Communities: []uint32{0xffffff02}}
	for i := range 1000 {
		if b, err = AppendMRTRIB(b, uint32(time.Now().Unix()), uint32(len(routes)+i), []Route{pad}); err != nil {
			return err
		}
	}
	path := filepath.Join(g.dir, "routes.mrt")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	want := map[AFI]int{}
	for _, r := range routes {
		want[Of(r.Prefix)]++
	}
	var got map[AFI]int
	for range 5 {
		if _, err := g.CLI(ctx, "mrt", "inject", "global", path); err != nil {
			return err
		}
		got = map[AFI]int{}
		err := Poll(ctx, 50*time.Millisecond, func() (bool, error) {
			for _, af := range []AFI{IPv4, IPv6} {
				ps, err := g.RIB(ctx, af)
				if err != nil {
					return false, err
				}
				got[af] = 0
				for _, p := range ps {
					if p.Prefix != padPrefix {
						got[af]++
					}
				}
			}
			return got[IPv4] >= want[IPv4] && got[IPv6] >= want[IPv6], nil
		})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("gobgpd %s: MRT injection gave %v paths, want %v", g.Name, got, want)
}

// Announce adds a route to the global RIB through the CLI. AS_SETs,
// ATOMIC_AGGREGATE and AGGREGATOR are not supported there.
func (g *GoBGPd) Announce(ctx context.Context, r Route) error {
	args := []string{"global", "rib", "add", "-a", Of(r.Prefix).String(), r.Prefix.String(), "nexthop", r.NextHop.String(),
		"origin", [...]string{"igp", "egp", "incomplete"}[r.Origin%3]}
	var asns []string
	for _, s := range r.ASPath {
		if s.Set {
			return fmt.Errorf("gobgp CLI: AS_SET not supported")
		}
		for _, a := range s.ASNs {
			asns = append(asns, strconv.FormatUint(uint64(a), 10))
		}
	}
	if len(asns) > 0 {
		args = append(args, "aspath", strings.Join(asns, ","))
	}
	if r.MED != nil {
		args = append(args, "med", strconv.FormatUint(uint64(*r.MED), 10))
	}
	if r.LocalPref != nil {
		args = append(args, "local-pref", strconv.FormatUint(uint64(*r.LocalPref), 10))
	}
	if len(r.Communities) > 0 {
		var cs []string
		for _, c := range r.Communities {
			cs = append(cs, CommunityString(c))
		}
		args = append(args, "community", strings.Join(cs, ","))
	}
	if len(r.LargeCommunities) > 0 {
		var cs []string
		for _, c := range r.LargeCommunities {
			cs = append(cs, c.String())
		}
		args = append(args, "large-community", strings.Join(cs, ","))
	}
	_, err := g.CLI(ctx, args...)
	return err
}

// Withdraw removes a route added with Announce. Routes injected from MRT
// cannot be withdrawn this way: gobgp 3.10's "global rib del" does not match
// them (they carry the MRT peer as their source).
func (g *GoBGPd) Withdraw(ctx context.Context, p netip.Prefix) error {
	_, err := g.CLI(ctx, "global", "rib", "del", "-a", Of(p).String(), p.String())
	return err
}

// DisableNeighbor shuts the session down (Cease, Administrative Shutdown)
// and keeps it down; EnableNeighbor lets it come back.
func (g *GoBGPd) DisableNeighbor(ctx context.Context, n netip.Addr) error {
	_, err := g.CLI(ctx, "neighbor", n.String(), "disable")
	return err
}

// EnableNeighbor undoes DisableNeighbor.
func (g *GoBGPd) EnableNeighbor(ctx context.Context, n netip.Addr) error {
	_, err := g.CLI(ctx, "neighbor", n.String(), "enable")
	return err
}

// Established says whether the session with neighbor n is Established.
func (g *GoBGPd) Established(ctx context.Context, n netip.Addr) (bool, error) {
	out, err := g.CLI(ctx, "neighbor", n.String(), "-j")
	if err != nil {
		return false, err
	}
	var v struct {
		State struct {
			SessionState int `json:"session_state"`
		} `json:"state"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return false, fmt.Errorf("gobgp neighbor %s -j: %w", n, err)
	}
	return v.State.SessionState == 6, nil // ESTABLISHED in gobgp's API enum
}

// WaitEstablished polls until the session with n is Established.
func (g *GoBGPd) WaitEstablished(ctx context.Context, n netip.Addr) error {
	err := Poll(ctx, 100*time.Millisecond, func() (bool, error) { return g.Established(ctx, n) })
	if err != nil {
		return fmt.Errorf("gobgpd %s: session with %s not established: %w", g.Name, n, err)
	}
	return nil
}

// RIB gives every path of the global RIB (gobgp's Loc-RIB; Best marks the
// selected ones), without the MRT padding.
func (g *GoBGPd) RIB(ctx context.Context, af AFI) ([]Path, error) {
	return g.paths(ctx, "global", "rib", "-a", af.String(), "-j")
}

// AdjIn gives the paths received from neighbor n, before import policy.
func (g *GoBGPd) AdjIn(ctx context.Context, n netip.Addr, af AFI) ([]Path, error) {
	return g.paths(ctx, "neighbor", n.String(), "adj-in", "-a", af.String(), "-j")
}

// AdjOut gives the paths sent to neighbor n.
func (g *GoBGPd) AdjOut(ctx context.Context, n netip.Addr, af AFI) ([]Path, error) {
	return g.paths(ctx, "neighbor", n.String(), "adj-out", "-a", af.String(), "-j")
}

func (g *GoBGPd) paths(ctx context.Context, args ...string) ([]Path, error) {
	out, err := g.CLI(ctx, args...)
	if err != nil {
		return nil, err
	}
	ps, err := parseGoBGPPaths(out)
	if err != nil {
		return nil, fmt.Errorf("gobgp %s: %w", strings.Join(args, " "), err)
	}
	return slices.DeleteFunc(ps, func(p Path) bool { return p.Prefix == padPrefix }), nil
}

// gobgpPath is one path of gobgp's JSON output: a map from prefix to paths,
// attributes as a list of objects keyed by type code.
type gobgpPath struct {
	NLRI struct {
		Prefix string `json:"prefix"`
	} `json:"nlri"`
	Best       bool              `json:"best"`
	Identifier uint32            `json:"identifier"`
	Attrs      []json.RawMessage `json:"attrs"`
	NeighborIP string            `json:"neighbor-ip"`
}

type gobgpAttr struct {
	Type    int             `json:"type"`
	Value   json.RawMessage `json:"value"`
	ASPaths []struct {
		SegmentType int      `json:"segment_type"`
		ASNs        []uint32 `json:"asns"`
	} `json:"as_paths"`
	Nexthop     string   `json:"nexthop"`
	Metric      *uint32  `json:"metric"`
	Communities []uint32 `json:"communities"`
}

func parseGoBGPPaths(out []byte) ([]Path, error) {
	out = bytes.TrimSpace(out)
	if len(out) == 0 || string(out) == "null" {
		return nil, nil
	}
	var m map[string][]gobgpPath
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, err
	}
	var ps []Path
	for key, list := range m {
		for _, gp := range list {
			s := gp.NLRI.Prefix
			if s == "" {
				s = key
			}
			pfx, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, err
			}
			p := Path{Prefix: pfx, PathID: gp.Identifier, Best: gp.Best, HasAttrs: true}
			if gp.NeighborIP != "" {
				if p.From, err = netip.ParseAddr(gp.NeighborIP); err != nil {
					return nil, err
				}
			}
			for _, raw := range gp.Attrs {
				var a gobgpAttr
				if err := json.Unmarshal(raw, &a); err != nil {
					return nil, err
				}
				if err := p.setGoBGPAttr(a); err != nil {
					return nil, fmt.Errorf("%s attribute %d: %w", pfx, a.Type, err)
				}
			}
			slices.Sort(p.Communities)
			slices.Sort(p.LargeCommunities)
			ps = append(ps, p)
		}
	}
	SortPaths(ps)
	return ps, nil
}

func (p *Path) setGoBGPAttr(a gobgpAttr) error {
	switch a.Type {
	case 1:
		var v int
		if err := json.Unmarshal(a.Value, &v); err != nil {
			return err
		}
		p.Origin = [...]string{"IGP", "EGP", "incomplete"}[v%3]
	case 2:
		var path ASPath
		for _, s := range a.ASPaths {
			path = append(path, Segment{Set: s.SegmentType == 1, ASNs: s.ASNs})
		}
		p.ASPath = path.String()
	case 3, 14:
		nh, err := netip.ParseAddr(a.Nexthop)
		if err != nil {
			return err
		}
		p.NextHop = nh
	case 4:
		p.MED = a.Metric
	case 5:
		var v uint32
		if err := json.Unmarshal(a.Value, &v); err != nil {
			return err
		}
		p.LocalPref = &v
	case 8:
		for _, c := range a.Communities {
			p.Communities = append(p.Communities, CommunityString(c))
		}
	case 32:
		var v []struct{ ASN, LocalData1, LocalData2 uint32 }
		if err := json.Unmarshal(a.Value, &v); err != nil {
			return err
		}
		for _, c := range v {
			p.LargeCommunities = append(p.LargeCommunities, LargeCommunity{c.ASN, c.LocalData1, c.LocalData2}.String())
		}
	}
	return nil
}

// SortPaths orders paths by prefix, then Path Identifier, then next hop.
func SortPaths(ps []Path) {
	slices.SortFunc(ps, func(a, b Path) int {
		if c := a.Prefix.Addr().Compare(b.Prefix.Addr()); c != 0 {
			return c
		}
		if c := a.Prefix.Bits() - b.Prefix.Bits(); c != 0 {
			return c
		}
		if a.PathID != b.PathID {
			return int(int64(a.PathID) - int64(b.PathID))
		}
		return a.NextHop.Compare(b.NextHop)
	})
}
