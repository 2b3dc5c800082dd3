package rib

import (
	"math/rand/v2"
	"net/netip"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/mrtgen"
)

// A seeded full-table-like stream: IPv4 prefixes with the length mix of
// the Internet table (mostly /24, then /22, /23, /20, /21, /16...), IPv6
// prefixes from /32 to /48, attribute sets of realistic size (ORIGIN, a
// 4-octet AS_PATH of 2 to 8 hops, NEXT_HOP or MP_REACH_NLRI with a global
// and sometimes a link-local next hop, MED on half, COMMUNITIES on 60%),
// one set per UPDATE and a geometric number of prefixes per UPDATE with
// mean 4.5. In table order consecutive prefixes share an UPDATE, as a
// router walking its table sends them; in random order the prefixes of an
// UPDATE are anywhere.

type streamCfg struct {
	peer     int  // changes the attributes: peers do not share sets
	addPaths int  // paths per prefix (ADD-PATH) if > 1
	random   bool // random order instead of table order
}

var v4LenMix = mrtgen.LengthMix{
	{24, 60}, {23, 8}, {22, 10}, {21, 5}, {20, 5}, {19, 3}, {18, 2}, {17, 1}, {16, 4}, {15, 1}, {14, 1},
}

// genPrefixes returns n distinct masked prefixes of the family, sorted.
func genPrefixes(r *rand.Rand, n int, v6 bool) []netip.Prefix {
	seen := make(map[netip.Prefix]bool, n)
	out := make([]netip.Prefix, 0, n)
	for len(out) < n {
		var p netip.Prefix
		if v6 {
			var a [16]byte
			a[0], a[1] = 0x20+byte(r.IntN(2))*0x0a, byte(r.IntN(16))
			for i := 2; i < 8; i++ {
				a[i] = byte(r.Uint32())
			}
			p = netip.PrefixFrom(netip.AddrFrom16(a), 32+r.IntN(17)).Masked()
		} else {
			bits := v4LenMix.Pick(r)
			a := [4]byte{byte(1 + r.IntN(222)), byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32())}
			p = netip.PrefixFrom(netip.AddrFrom4(a), bits).Masked()
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	return out
}

// genStream builds the UPDATEs of one peer's full table over the given
// prefixes. It returns the messages and the session they are read with.
func genStream(tb testing.TB, v4, v6 []netip.Prefix, cfg streamCfg) ([][]byte, bgp.Session) {
	tb.Helper()
	r := rand.New(rand.NewPCG(uint64(cfg.peer)+1, 77))
	s := bgp.Session{AS4: true}
	if cfg.addPaths > 1 {
		s = s.WithAddPath(bgp.IPv4Unicast, true).WithAddPath(bgp.IPv6Unicast, true)
	}
	type item struct {
		p  netip.Prefix
		id uint32
	}
	var msgs [][]byte
	emit := func(items []item, v6 bool) {
		for len(items) > 0 {
			n := 1
			for n < len(items) && r.IntN(45) >= 10 { // P(stop) = 10/45: mean 4.5
				n++
			}
			batch := items[:n]
			items = items[n:]
			b := bgp.NewUpdateBuilder(nil, s)
			b.Origin(bgp.Origin(r.IntN(3)))
			hops := 2 + r.IntN(7)
			asns := make([]uint32, hops)
			asns[0] = 64500 + uint32(cfg.peer)
			for i := 1; i < hops; i++ {
				asns[i] = 1 + r.Uint32N(400000)
			}
			b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: asns}}})
			if !v6 {
				b.NextHop(netip.AddrFrom4([4]byte{192, 0, 2, byte(cfg.peer)}))
			}
			if r.IntN(2) == 0 {
				b.MED(r.Uint32N(1000))
			}
			if r.IntN(10) < 6 {
				cs := make([]bgp.Community, 1+r.IntN(6))
				for i := range cs {
					cs[i] = bgp.Community(asns[1]<<16 | r.Uint32N(1000))
				}
				b.Communities(cs...)
			}
			routes := make([]bgp.Route, len(batch))
			for i, it := range batch {
				routes[i] = bgp.Route{Prefix: it.p, PathID: it.id}
			}
			if v6 {
				nh := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(cfg.peer)})
				if r.IntN(3) == 0 {
					b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{
						Family:  bgp.IPv6Unicast,
						NextHop: append(nh.AsSlice(), netip.MustParseAddr("fe80::1").AsSlice()...),
						Routes:  routes,
					}))
				} else {
					b.MPReach(bgp.IPv6Unicast, nh, routes...)
				}
			} else {
				for _, rt := range routes {
					b.Announce(rt)
				}
			}
			msg, err := b.Finish()
			if err != nil {
				tb.Fatal(err)
			}
			msgs = append(msgs, msg)
		}
	}
	for fi, ps := range [][]netip.Prefix{v4, v6} {
		items := make([]item, 0, len(ps)*max(1, cfg.addPaths))
		for _, p := range ps {
			for id := range max(1, cfg.addPaths) {
				items = append(items, item{p, uint32(id + 1)})
			}
		}
		if cfg.random {
			r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		}
		emit(items, fi == 1)
	}
	return msgs, s
}

func parseAll(tb testing.TB, msgs [][]byte, s bgp.Session) []bgp.UpdateView {
	out := make([]bgp.UpdateView, len(msgs))
	for i, m := range msgs {
		u, err := bgp.ParseUpdate(m, s)
		if err != nil || u.Verdict() != nil {
			tb.Fatalf("generated UPDATE %d: %v %v", i, err, u.Verdict())
		}
		out[i] = u
	}
	return out
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// loadPrefixes gives the prefixes of the load benchmarks: RIB_BENCH_V4
// IPv4 and RIB_BENCH_V6 IPv6 ones (default 200k and 50k), the same on
// every run.
func loadPrefixes() (v4, v6 []netip.Prefix) {
	r := rand.New(rand.NewPCG(1, 1))
	return genPrefixes(r, envInt("RIB_BENCH_V4", 200_000), false), genPrefixes(r, envInt("RIB_BENCH_V6", 50_000), true)
}

// orderName names a load's sub-benchmark by the order of its stream.
func orderName(random bool) string {
	if random {
		return "random-order"
	}
	return "table-order"
}

// reportLoad reports a load's rate in prefixes per second and its UPDATEs
// per load.
func reportLoad(b *testing.B, prefixes, updates int) {
	b.ReportMetric(float64(prefixes)*float64(b.N)/b.Elapsed().Seconds(), "prefixes/s")
	b.ReportMetric(float64(updates), "updates/op")
}

// BenchmarkApply loads a full-table-like stream (RIB_BENCH_V4 IPv4 and
// RIB_BENCH_V6 IPv6 prefixes, default 200k and 50k) into an empty DB per
// iteration, in table order and in random order, with and without the
// change history. It reports prefixes/s and allocations per Apply.
func BenchmarkApply(b *testing.B) {
	v4, v6 := loadPrefixes()
	for _, random := range []bool{false, true} {
		msgs, s := genStream(b, v4, v6, streamCfg{random: random})
		views := parseAll(b, msgs, s)
		for _, hist := range []int{0, -1} {
			name := orderName(random)
			if hist < 0 {
				name += "-nohistory"
			} else {
				name += "-history"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				at := time.Now()
				for b.Loop() {
					db := New(Config{HistoryTotal: hist})
					for _, u := range views {
						if _, _, err := db.Apply(keyA, u, at); err != nil {
							b.Fatal(err)
						}
					}
				}
				reportLoad(b, len(v4)+len(v6), len(views))
			})
		}
	}
}

// BenchmarkApplyValues is BenchmarkApply the way the station applies: each
// UPDATE decoded in one pass into one reused bgp.UpdateValues, then
// ApplyValues through a Feed (the decoding is part of the cost). With
// history, as the station's default.
func BenchmarkApplyValues(b *testing.B) {
	v4, v6 := loadPrefixes()
	for _, random := range []bool{false, true} {
		msgs, s := genStream(b, v4, v6, streamCfg{random: random})
		b.Run(orderName(random), func(b *testing.B) {
			b.ReportAllocs()
			at := time.Now()
			var d bgp.UpdateValues
			for b.Loop() {
				f := New(Config{}).Feed()
				for _, m := range msgs {
					if err := d.Decode(m, s); err != nil {
						b.Fatal(err)
					}
					if _, _, err := f.ApplyValues(keyA, &d, at); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportLoad(b, len(v4)+len(v6), len(msgs))
		})
	}
}

// BenchmarkApplySteady re-applies a loaded table's UPDATEs (implicit
// withdrawals with identical attributes): the steady-state path, which
// must not allocate.
func BenchmarkApplySteady(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	v4 := genPrefixes(r, 50_000, false)
	v6 := genPrefixes(r, 10_000, true)
	msgs, s := genStream(b, v4, v6, streamCfg{})
	views := parseAll(b, msgs, s)
	db := New(Config{})
	for _, u := range views {
		db.Apply(keyA, u, t0)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		db.Apply(keyA, views[i%len(views)], t0)
		i++
	}
}

// BenchmarkMemory loads 8 peers with full tables of RIB_BENCH_ROUTES
// routes each (default 100,000; 5/6 IPv4, 1/6 IPv6, the same prefixes for
// every peer, attributes of their own) and reports the heap held per route
// after a forced GC. The addpath variant gives three of the peers two
// paths per prefix; the random variant loads in random order, which leaves
// the tree leaves about 70% full instead of full.
func BenchmarkMemory(b *testing.B) {
	n := envInt("RIB_BENCH_ROUTES", 100_000)
	r := rand.New(rand.NewPCG(2, 2))
	v4 := genPrefixes(r, n*5/6, false)
	v6 := genPrefixes(r, n-n*5/6, true)
	for _, v := range []struct {
		name            string
		addPath, random bool
	}{{"8peers", false, false}, {"8peers-3addpath", true, false}, {"8peers-random", false, true}} {
		addPath := v.addPath
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				db := New(Config{})
				routes := 0
				for peer := range 8 {
					cfg := streamCfg{peer: peer, random: v.random}
					if addPath && peer < 3 {
						cfg.addPaths = 2
					}
					msgs, s := genStream(b, v4, v6, cfg)
					k := TableKey{Router: "192.0.2.1", Peer: PeerID{Addr: netip.AddrFrom4([4]byte{198, 51, 100, byte(peer)})}}
					for _, m := range msgs {
						u, _ := bgp.ParseUpdate(m, s)
						a, _, err := db.Apply(k, u, t0)
						if err != nil {
							b.Fatal(err)
						}
						routes += a
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				st := db.Stats()
				if st.Routes != routes {
					b.Fatalf("%d routes held, %d added", st.Routes, routes)
				}
				held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
				b.ReportMetric(held/float64(routes), "bytes/route")
				b.ReportMetric(float64(st.Bytes)/float64(routes), "est-bytes/route")
				b.ReportMetric(float64(routes), "routes")
				b.ReportMetric(float64(st.Sets), "sets")
				b.ReportMetric(float64(st.SetBytes)/float64(st.Sets), "bytes/set")
				runtime.KeepAlive(db)
			}
		})
	}
}

// BenchmarkHistory queries one prefix's changes in a full default ring
// (DefaultHistoryTotal changes of other prefixes, then a few of its own).
func BenchmarkHistory(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	v4 := genPrefixes(r, DefaultHistoryTotal, false)
	msgs, s := genStream(b, v4, nil, streamCfg{})
	db := New(Config{})
	for _, u := range parseAll(b, msgs, s) {
		db.Apply(keyA, u, t0)
	}
	q := v4[len(v4)/2]
	b.ReportAllocs()
	for b.Loop() {
		if h := db.History(q); len(h) != 1 {
			b.Fatalf("%d changes", len(h))
		}
	}
}
