package routerlab

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// BIRD 2 beside a lab: an eBGP neighbour of the source that dumps its
// tables as MRT (its "mrt" protocol), for the MRT tests. Debian package
// bird2.
const (
	BIRD     = "bird"
	BIRDC    = "birdc"
	BIRDAS   = 65005
	BIRDPort = 1795
)

// BIRDd is a running bird.
type BIRDd struct {
	Addr netip.Addr
	dir  string
	proc *process
}

// MRTFile is where BIRD dumps table (master4, master6) as TABLE_DUMP_V2.
func (b *BIRDd) MRTFile(table string) string { return filepath.Join(b.dir, table+".mrt") }

// StartBIRD runs bird at the lab's .5, peering with the source (which is
// told of it through its CLI) and dumping its tables every second; it is
// stopped by its PID when the test ends. It waits until BIRD holds every
// prefix of the source. Without bird the test is skipped, but in CI, where
// it fails.
func (l *Lab) StartBIRD(ctx context.Context, t testing.TB) *BIRDd {
	t.Helper()
	needTools(t, "bird2", BIRD, BIRDC)
	b := &BIRDd{Addr: l.Addr(5), dir: filepath.Join(l.Dir, "bird")}
	b.proc = l.startNeighbour(ctx, t, neighbour{name: "BIRD", dir: b.dir, addr: b.Addr, as: BIRDAS,
		confName: "bird.conf", conf: b.config(l.Source.Addr),
		argv: func(conf string) []string {
			return []string{BIRD, "-f", "-c", conf, "-s", b.sock(), "-P", filepath.Join(b.dir, "bird.pid")}
		},
		held: func(ctx context.Context) (int, error) {
			n := 0
			for _, tab := range []string{"master4", "master6"} {
				ps, err := b.Routes(ctx, tab)
				if err != nil {
					return 0, err
				}
				n += len(ps)
			}
			return n, nil
		},
	})
	return b
}

func (b *BIRDd) sock() string { return filepath.Join(b.dir, "bird.ctl") }

// config is BIRD's configuration: the session with the source (BIRD
// connects: gobgpd would connect from another address), every route
// imported, the next hops taken as they are (recursive, unresolved), and
// an MRT table dump of each table every second.
func (b *BIRDd) config(src netip.Addr) string {
	var s strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&s, format+"\n", a...) }
	w(`log %q all;`, filepath.Join(b.dir, "bird.log"))
	w("router id %s;", b.Addr)
	w("protocol device { }")
	w("protocol bgp upstream {")
	w("  local %s port %d as %d;", b.Addr, BIRDPort, BIRDAS)
	w("  neighbor %s port %d as %d;", src, SourcePort, SourceAS)
	w("  multihop;")
	w("  connect delay time 1;")
	w("  connect retry time 1;")
	w("  ipv4 { import all; export none; gateway recursive; igp table master4; };")
	w("  ipv6 { import all; export none; gateway recursive; igp table master6; };")
	w("}")
	for _, tab := range []string{"master4", "master6"} {
		w("protocol mrt mrt_%s {", tab)
		w("  table %q;", tab)
		w("  filename %q;", b.MRTFile(tab))
		w("  period 1;")
		w("}")
	}
	return s.String()
}

// Routes gives the routes of table as "birdc show route all" shows them.
func (b *BIRDd) Routes(ctx context.Context, table string) ([]Path, error) {
	ctx, cancel := context.WithTimeout(ctx, cliTimeout)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, BIRDC, "-s", b.sock(), "show", "route", "all", "table", table)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("birdc: %v: %s", err, errb.Bytes())
	}
	return parseBIRDRoutes(out.Bytes())
}

// parseBIRDRoutes reads "show route all": a route's first line starts
// with its prefix (or, for another route of the same prefix, with
// blanks), its attributes follow as "\tBGP.name: value" lines.
func parseBIRDRoutes(out []byte) ([]Path, error) {
	var ps []Path
	var cur *Path
	var pfx netip.Prefix
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(line, "BIRD ") || strings.HasPrefix(line, "Table "):
			continue
		case !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t"):
			p, err := netip.ParsePrefix(f[0])
			if err != nil {
				return nil, fmt.Errorf("bird route line %q: %w", line, err)
			}
			pfx = p
			ps = append(ps, Path{Prefix: pfx, HasAttrs: true})
			cur = &ps[len(ps)-1]
		case strings.HasPrefix(line, " ") && len(f) > 1 && (f[0] == "unicast" || f[0] == "unreachable"):
			ps = append(ps, Path{Prefix: pfx, HasAttrs: true})
			cur = &ps[len(ps)-1]
		case cur != nil && strings.HasPrefix(f[0], "BGP."):
			if err := cur.setBIRDAttr(strings.TrimSuffix(f[0], ":"), f[1:]); err != nil {
				return nil, fmt.Errorf("bird %s: %w", line, err)
			}
		}
	}
	for i := range ps {
		slices.Sort(ps[i].Communities)
		slices.Sort(ps[i].LargeCommunities)
	}
	SortPaths(ps)
	return ps, nil
}

func (p *Path) setBIRDAttr(name string, v []string) error {
	u32 := func() (*uint32, error) {
		if len(v) != 1 {
			return nil, fmt.Errorf("%d values", len(v))
		}
		n, err := strconv.ParseUint(v[0], 10, 32)
		x := uint32(n)
		return &x, err
	}
	var err error
	switch name {
	case "BGP.origin":
		p.Origin = map[string]string{"IGP": "IGP", "EGP": "EGP", "Incomplete": "incomplete"}[strings.Join(v, "")]
	case "BGP.as_path":
		p.ASPath = setCommas(strings.Join(v, " "))
	case "BGP.next_hop":
		if len(v) > 0 {
			p.NextHop, err = netip.ParseAddr(v[0])
		}
	case "BGP.med":
		p.MED, err = u32()
	case "BGP.local_pref":
		p.LocalPref, err = u32()
	case "BGP.community":
		for _, c := range v { // (a,b)
			p.Communities = append(p.Communities, strings.ReplaceAll(strings.Trim(c, "()"), ",", ":"))
		}
	case "BGP.large_community":
		j := strings.Join(v, "")
		for _, c := range strings.Split(j, ")") {
			if c = strings.Trim(c, "(, "); c != "" {
				p.LargeCommunities = append(p.LargeCommunities, strings.ReplaceAll(c, ",", ":"))
			}
		}
	}
	return err
}

// setCommas writes the AS_SETs of an AS path as FRR and gobgp do, {a,b}:
// BIRD writes {a b}, OpenBGPD { a b }.
func setCommas(path string) string {
	path = strings.ReplaceAll(strings.ReplaceAll(path, "{ ", "{"), " }", "}")
	b := []byte(path)
	set := false
	for i, c := range b {
		switch {
		case c == '{':
			set = true
		case c == '}':
			set = false
		case c == ' ' && set:
			b[i] = ','
		}
	}
	return string(b)
}
