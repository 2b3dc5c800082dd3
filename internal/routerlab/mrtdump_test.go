package routerlab

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/bgpdump"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// mrtRIBPaths reads a TABLE_DUMP_V2 dump with package mrt and mrtbgp's
// path values into paths by peer address (the zero Addr for the router's
// own, peer 0.0.0.0), as the routers' CLIs give them; abbrev and whole
// count the entries whose MP_REACH_NLRI has RFC 6396's abbreviated form
// and the whole attribute of RFC 4760, problems what AppendErrors says
// of the paths. A file of several dumps (a periodic writer's) is read
// from its dump skip (0 for the first) to the next.
func mrtRIBPaths(t *testing.T, file string, skip int) (res map[netip.Addr][]Path, abbrev, whole int, problems map[string]int) {
	r := testrig.OpenMRT(t, file)
	var peers []mrt.Peer
	res, problems = map[netip.Addr][]Path{}, map[string]int{}
	finish := func() (map[netip.Addr][]Path, int, int, map[string]int) {
		for _, ps := range res {
			SortPaths(ps)
		}
		return res, abbrev, whole, problems
	}
	for rec := range r.Records() {
		switch rec.Kind() {
		case mrt.KindPeerIndex:
			if skip--; skip >= 0 {
				continue
			}
			if peers != nil {
				return finish() // the next dump of a periodic writer
			}
			pi, err := rec.PeerIndex()
			if err != nil {
				t.Fatal(err)
			}
			peers = pi.Peers
		case mrt.KindRIB:
			if skip >= 0 {
				continue
			}
			rib, err := rec.RIB()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rib.All() {
				if int(e.PeerIndex) >= len(peers) {
					t.Fatalf("%s: peer index %d past the PEER_INDEX_TABLE", rib.Prefix, e.PeerIndex)
				}
				p, err := mrtbgp.RIBPath(&rib, e)
				if err != nil {
					t.Errorf("%s: %v", rib.Prefix, err)
				}
				for _, e := range p.AppendErrors(nil, mrtbgp.RIBFamily(&rib)) {
					a, _ := p.Attr(e.Attr)
					problems[fmt.Sprintf("%v flags %#02x: %s", e.Attr, byte(a.Flags), e.Reason)]++
				}
				if a, ok := p.Attr(bgp.AttrMPReachNLRI); ok && len(a.Value) > 0 && len(a.Value) == 1+int(a.Value[0]) {
					abbrev++
				} else if ok {
					whole++
				}
				from := peers[e.PeerIndex].IP
				if from.IsUnspecified() {
					from = netip.Addr{}
				}
				res[from] = append(res[from], cliPath(rib.Prefix, mrtbgp.RIBFamily(&rib), &p))
			}
		}
	}
	return finish()
}

// peerIndexTables counts the PEER_INDEX_TABLEs of an MRT file: the dumps
// a periodic writer has begun.
func peerIndexTables(file string) int {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	r, err := mrt.NewReader(f)
	if err != nil {
		return 0
	}
	defer r.Close()
	n := 0
	for rec := range r.Records() {
		if rec.Kind() == mrt.KindPeerIndex {
			n++
		}
	}
	return n
}

// cliPath is what a path read from MRT gives of the fields the CLIs show.
func cliPath(pfx netip.Prefix, f bgp.Family, p *bgp.Path) Path {
	out := Path{Prefix: pfx.Masked(), ASPath: bgpdump.ASPathText(p), HasAttrs: true}
	out.NextHop, _, _ = p.NextHop(f)
	if o, ok := p.Origin(); ok {
		out.Origin = [...]string{"IGP", "EGP", "incomplete"}[min(o, 2)]
	}
	if v, ok := p.MED(); ok {
		out.MED = &v
	}
	if v, ok := p.LocalPref(); ok {
		out.LocalPref = &v
	}
	if cs, ok := p.Communities(); ok {
		for c := range cs.All() {
			out.Communities = append(out.Communities, CommunityString(uint32(c)))
		}
		slices.Sort(out.Communities)
	}
	if cs, ok := p.LargeCommunities(); ok {
		for c := range cs.All() {
			out.LargeCommunities = append(out.LargeCommunities, fmt.Sprintf("%d:%d:%d", c.GlobalAdmin, c.LocalData1, c.LocalData2))
		}
		slices.Sort(out.LargeCommunities)
	}
	return out
}

// diffPaths lists what differs between two sets of paths by peer: each
// path's next hop, AS path, ORIGIN, MED, LOCAL_PREF and communities.
func diffPaths(have, want map[netip.Addr][]Path, skipLocalPref bool) []string {
	var diffs []string
	for _, from := range uniqueAddrs(have, want) {
		h, w := have[from], want[from]
		if len(h) != len(w) {
			diffs = append(diffs, fmt.Sprintf("peer %v: %d paths, want %d", from, len(h), len(w)))
			continue
		}
		for i := range h {
			a, b := h[i], w[i]
			if skipLocalPref {
				a.LocalPref, b.LocalPref = nil, nil
			}
			a.Best, b.Best = false, false
			if a.String() != b.String() || a.Origin != b.Origin {
				diffs = append(diffs, fmt.Sprintf("peer %v: %v %s, want %v %s", from, a, a.Origin, b, b.Origin))
			}
		}
	}
	return diffs
}

func uniqueAddrs(ms ...map[netip.Addr][]Path) []netip.Addr {
	var out []netip.Addr
	for _, m := range ms {
		for a := range m {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// waitFile waits until file exists and its size holds still.
func waitFile(ctx context.Context, file string) error {
	var last int64 = -1
	return Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		st, err := os.Stat(file)
		if err != nil {
			return false, nil
		}
		done := st.Size() > 0 && st.Size() == last
		last = st.Size()
		return done, nil
	})
}

// TestFRRMRTDump: FRR's TABLE_DUMP_V2 dump ("dump bgp routes-mrt", with
// IPv6 next hops in a whole MP_REACH_NLRI, not RFC 6396's abbreviated
// one), read with package mrt into path values, holds what FRR's own CLI shows of its
// table: every path of every prefix, per peer, with its next hop, AS
// path, ORIGIN, MED, LOCAL_PREF and communities.
func TestFRRMRTDump(t *testing.T) {
	l := Start(t, Options{V4: 30, V6: 30, SecondPaths: 4, Monitor: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	file := filepath.Join(l.Dir, "frr-rib.mrt")
	if err := l.FRR.Configure(ctx, "dump bgp routes-mrt "+file); err != nil {
		t.Fatal(err)
	}
	if err := waitFile(ctx, file); err != nil {
		t.Fatalf("no dump: %v", err)
	}
	// FRR 8.4 writes the whole MP_REACH_NLRI of RFC 4760 (with the
	// prefix again), not RFC 6396's next hop alone: read so too.
	have, abbrev, whole, problems := mrtRIBPaths(t, file, 0)
	if len(problems) > 0 {
		t.Errorf("problems in FRR's entries: %v", problems)
	}
	if abbrev != 0 || whole < 30 {
		t.Errorf("%d abbreviated MP_REACH_NLRI, %d whole: FRR's form has changed", abbrev, whole)
	}
	var prefixes []netip.Prefix
	for _, af := range []AFI{IPv4, IPv6} {
		ps, err := l.FRR.RIB(ctx, af)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			prefixes = append(prefixes, p.Prefix)
		}
	}
	want, err := l.FRR.Detail(ctx, uniquePrefixes(prefixes))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ps := range want {
		n += len(ps)
	}
	if n < 60 {
		t.Fatalf("FRR holds %d paths", n)
	}
	// FRR's CLI says "Local" for an empty AS path (its own and iBGP routes).
	for _, ps := range have {
		for i := range ps {
			if ps[i].ASPath == "" {
				ps[i].ASPath = "Local"
			}
		}
	}
	for _, d := range diffPaths(have, want, false) {
		t.Error(d)
	}
}

// adjKey is a route of an Adj-RIB-In: its prefix and Path Identifier.
type adjKey struct {
	prefix netip.Prefix
	id     uint32
}

// mrtAdjIn replays the UPDATEs a BGP4MP file holds from peer from
// (package mrt, mrtbgp's reading) into the routes they leave, and counts
// the state changes to Established.
func mrtAdjIn(t *testing.T, file string, from netip.Addr) (map[adjKey]Path, int) {
	r := testrig.OpenMRT(t, file)
	routes := map[adjKey]Path{}
	up := 0
	var d bgp.UpdateValues
	for rec := range r.Records() {
		v, err := rec.BGP4MP()
		if err != nil || v.Local || v.PeerIP != from {
			continue
		}
		if v.Message == nil {
			if v.NewState == 6 {
				up++
			}
			continue
		}
		msg, ok := mrtbgp.Message(v, nil)
		if !ok || msg[bgp.OffType] != byte(bgp.MsgUpdate) {
			continue
		}
		if _, err := mrtbgp.DecodeUpdate(&d, msg, mrtbgp.Session(v)); err != nil || d.Verdict() != nil {
			t.Fatalf("UPDATE from %v: %v %v", from, err, d.Verdict())
		}
		for _, rt := range append(d.Withdrawn, d.MPUnreach.Routes...) {
			delete(routes, adjKey{rt.Prefix, rt.PathID})
		}
		p := d.View().Path()
		add := func(f bgp.Family, rts []bgp.Route) {
			for _, rt := range rts {
				c := cliPath(rt.Prefix, f, &p)
				c.PathID, c.From = rt.PathID, from
				routes[adjKey{rt.Prefix, rt.PathID}] = c
			}
		}
		add(bgp.IPv4Unicast, d.NLRI)
		add(d.MPReach.Family, d.MPReach.Routes)
	}
	return routes, up
}

// TestFRRMRTUpdates: FRR's BGP4MP dump ("dump bgp all") of a session
// reset and the routes that follow, replayed with package mrt and
// mrtbgp, leaves what FRR's CLI shows it received from the source
// (its Adj-RIB-In before policy, rejected prefixes included).
func TestFRRMRTUpdates(t *testing.T) {
	l := Start(t, Options{V4: 30, V6: 30})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	file := filepath.Join(l.Dir, "frr-updates.mrt")
	src := l.Source.Addr
	if err := l.FRR.Configure(ctx, "dump bgp all "+file); err != nil {
		t.Fatal(err)
	}
	if _, err := l.FRR.VTY(ctx, "clear bgp "+src.String()); err != nil {
		t.Fatal(err)
	}
	// The session comes up again and the source sends every route again.
	err := Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		routes, up := mrtAdjIn(t, file, src)
		return up > 0 && len(routes) == len(prefixSet(l.Routes)), nil
	})
	if err != nil {
		t.Fatalf("the dump did not show the session up again with every route: %v", err)
	}
	if err := l.FRR.WaitQuiet(ctx); err != nil {
		t.Fatal(err)
	}
	have, _ := mrtAdjIn(t, file, src)
	n := 0
	for _, af := range []AFI{IPv4, IPv6} {
		want, err := l.FRR.ReceivedRoutes(ctx, src, af)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			n++
			h, ok := have[adjKey{w.Prefix, 0}]
			h.HasAttrs = false // FRR shows the attributes after its policy
			if !ok || h.String() != w.String() {
				t.Errorf("%v: replayed %v, FRR shows %v", w.Prefix, h, w)
			}
		}
	}
	if n != len(have) || n != 60 {
		t.Errorf("FRR shows %d routes received, the dump leaves %d", n, len(have))
	}
}

// TestGoBGPMRTUpdates: gobgpd's MRT updates dump (BGP4MP MESSAGE_AS4 and,
// from its ADD-PATH session with the source, MESSAGE_AS4_ADDPATH),
// replayed with package mrt and mrtbgp, leaves for each neighbour what
// gobgp's CLI shows it received (adj-in): every path, by Path Identifier,
// with its next hop, AS path, ORIGIN, MED and communities.
func TestGoBGPMRTUpdates(t *testing.T) {
	l := Start(t, Options{V4: 30, V6: 30, SecondPaths: 3, Monitor: true, MonitorMRT: true})
	file := l.MonitorMRTPath()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var diffs []string
	paths := 0
	// The monitor may still be taking routes in: until the dump and the
	// CLI agree, or the time is up.
	err := Poll(ctx, 300*time.Millisecond, func() (bool, error) {
		diffs, paths = nil, 0
		for _, n := range []netip.Addr{l.Source.Addr, l.FRR.Addr} {
			have, _ := mrtAdjIn(t, file, n)
			var h, w []string
			ids := map[adjKey]bool{}
			for k, p := range have {
				ids[k] = true
				p.PathID, p.LocalPref = 0, nil // gobgp's CLI shows 0 for the identifiers it received
				h = append(h, p.String()+" "+p.Origin)
			}
			for _, af := range []AFI{IPv4, IPv6} {
				want, err := l.Monitor.AdjIn(ctx, n, af)
				if err != nil {
					return false, err
				}
				for _, p := range want {
					p.Best, p.LocalPref = false, nil
					w = append(w, p.String()+" "+p.Origin)
				}
			}
			slices.Sort(h)
			slices.Sort(w)
			if !slices.Equal(h, w) {
				diffs = append(diffs, fmt.Sprintf("from %v: the dump leaves\n%s\ngobgp shows\n%s", n, strings.Join(h, "\n"), strings.Join(w, "\n")))
			}
			if n == l.Source.Addr && len(ids) <= len(prefixSet(l.Routes)) {
				diffs = append(diffs, fmt.Sprintf("from the source: %d paths by Path Identifier, for %d prefixes", len(ids), len(prefixSet(l.Routes))))
			}
			paths += len(w)
		}
		return len(diffs) == 0, nil
	})
	for _, d := range diffs {
		t.Error(d)
	}
	if err != nil || paths < 60+10 {
		t.Errorf("%v; %d paths", err, paths)
	}
}

// TestBIRDMRTDump: BIRD 2's MRT table dumps (its "mrt" protocol,
// TABLE_DUMP_V2 of master4 and master6), read with package mrt into path
// values, hold what "birdc show route all" shows: every route, with its
// next hop, AS path, ORIGIN, MED, LOCAL_PREF and communities.
func TestBIRDMRTDump(t *testing.T) {
	l := Start(t, Options{V4: 30, V6: 30})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := l.StartBIRD(ctx, t)
	for _, tab := range []string{"master4", "master6"} {
		file := b.MRTFile(tab)
		// BIRD appends a dump a second; the first ones may predate some
		// routes. The dump begun after BIRD held them all is whole once
		// the next begins.
		n0 := peerIndexTables(file)
		if err := Poll(ctx, 200*time.Millisecond, func() (bool, error) { return peerIndexTables(file) >= n0+2, nil }); err != nil {
			t.Fatalf("%s: no whole dump: %v", tab, err)
		}
		want, err := b.Routes(ctx, tab)
		if err != nil {
			t.Fatal(err)
		}
		have, abbrev, whole, problems := mrtRIBPaths(t, file, n0)
		// BIRD 2.0.12 writes NEXT_HOP and LOCAL_PREF with no flags (they
		// are well-known transitive): the values read all the same.
		for p := range problems {
			if p != "NEXT_HOP flags 0x00: attribute flags conflict with the attribute type" &&
				p != "LOCAL_PREF flags 0x00: attribute flags conflict with the attribute type" {
				t.Errorf("%s: %s", tab, p)
			}
		}
		if tab == "master6" && (abbrev < 30 || whole != 0) {
			t.Errorf("%s: %d abbreviated MP_REACH_NLRI, %d whole: BIRD writes RFC 6396's form", tab, abbrev, whole)
		}
		w := map[netip.Addr][]Path{l.Source.Addr: want}
		for _, d := range diffPaths(have, w, false) {
			t.Error(d)
		}
		if len(want) < 30 {
			t.Errorf("%s: BIRD shows %d routes", tab, len(want))
		}
	}
}

// TestOpenBGPDMRTDump: OpenBGPD's RIB dump ("dump table-v2", a file per
// dump), read with package mrt into path values, holds what "bgpctl show
// rib detail" shows: every path, with its next hop, AS path, ORIGIN and
// communities (bgpctl shows MED and LOCAL_PREF with defaults: not
// compared).
func TestOpenBGPDMRTDump(t *testing.T) {
	l := Start(t, Options{V4: 30, V6: 30})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	o := l.StartOpenBGPD(ctx, t)
	// A dump begun after OpenBGPD held every route: the second file from now.
	before, _ := filepath.Glob(filepath.Join(o.dir, "rib-*.mrt"))
	var file string
	err := Poll(ctx, 200*time.Millisecond, func() (bool, error) {
		files, _ := filepath.Glob(filepath.Join(o.dir, "rib-*.mrt"))
		if len(files) < len(before)+2 {
			return false, nil
		}
		slices.Sort(files)
		file = files[len(before)]
		return true, nil
	})
	if err != nil {
		t.Fatalf("no dump: %v", err)
	}
	want, err := o.Routes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have, _, _, problems := mrtRIBPaths(t, file, 0)
	if len(problems) > 0 {
		t.Errorf("problems in OpenBGPD's entries: %v", problems)
	}
	w := map[netip.Addr][]Path{}
	for _, p := range want {
		w[p.From] = append(w[p.From], p)
	}
	for _, ps := range have {
		for i := range ps {
			ps[i].MED, ps[i].LocalPref = nil, nil
		}
	}
	for _, d := range diffPaths(have, w, false) {
		t.Error(d)
	}
	if len(want) < 60 {
		t.Errorf("OpenBGPD shows %d paths", len(want))
	}
}
