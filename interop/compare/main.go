// Command compare decodes one generated BMP stream with bgplens and with
// GoBGP in the same run and reports what each costs per message.
//
//	go run ./compare                 # 200,000 UPDATEs, best of 5 rounds
//	go run ./compare -n 20000 -addpath all -v6 0.5 -seed 7
//	go run ./compare -valgrind       # instructions per message, with callgrind
//	go run ./compare -only bgplens -rounds 20 -cpuprofile cpu.out
//	go run ./compare -in capture.pcap  # a real stream (raw BMP or pcap), repeated
//
// Four readers go over the same octets (see ../gen for the stream):
//
//   - the bare walk: bmp.NewBytesReader framing (in place, no copy), then a walk that steps over
//     every attribute and prefix by their length fields and decodes no
//     value (the floor);
//   - bgplens: bmp.Reader, bmp.Peers.Decode (each UPDATE read with its
//     peer's session from the Peer Up into a reused bgp.UpdateValues: every
//     attribute and route turned into a value, in one pass);
//   - GoBGP: the same framing, bmp.ParseBMPMessageWithOptions with each
//     peer's options (ADD-PATH per family, from GoBGP's reading of the
//     Peer Up), which builds every attribute and route as a value;
//   - bgplens views: the same framing, bmp.Peers.ReadUpdate's
//     bgp.UpdateView, every attribute through its getter and every route
//     through the iterators (values decoded on demand; for comparison).
//
// Each round times each parser twice: decoding alone (the values are
// built, then only the prefixes counted; the goals of issues 6 and 16 are
// about this) and decoding with every value folded into a per-message digest.
// bgplens (both ways) and GoBGP must find the same messages, prefixes and
// values (the digests); the bare walk the same prefix counts. Any
// difference fails the run. Times are the best of -rounds; allocations
// come from runtime.MemStats. The last line reads
// `ratio_vs_gobgp=<x> ns_per_msg=<y> allocs_per_msg=<z>` (bgplens,
// decoding alone).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/bgplens/bgplens/interop/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// parser is one reader of the stream. run decodes data into values and,
// with fold, folds every value into each message's digest; without, it
// counts prefixes only (the values are built all the same).
type parser struct {
	name  string // for -only
	label string
	run   func(data []byte, res []msgResult, fold bool) error
}

var parsers = []parser{
	{"bare", "bare walk", bareRun},
	{"bgplens", "bgplens (full decode)", lensRun},
	{"gobgp", "GoBGP", gobgpRun},
	{"bgplens-view", "bgplens views+getters", viewRun},
}

func parserNamed(name string) (parser, bool) {
	for _, p := range parsers {
		if p.name == name {
			return p, true
		}
	}
	return parser{}, false
}

type flags struct {
	cfg        gen.Config
	rounds     int
	procs      int
	only       string
	valgrind   bool
	vn         int
	cpuprofile string
	memprofile string
	fold       bool
	in         string
}

func parseFlags(args []string) (flags, error) {
	var f flags
	def := gen.DefaultConfig()
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.IntVar(&f.cfg.Messages, "n", def.Messages, "Route Monitoring messages in the stream")
	fs.Uint64Var(&f.cfg.Seed, "seed", def.Seed, "generator seed")
	addPath := fs.String("addpath", def.AddPath.String(), "peers with ADD-PATH: mixed (three of eight), none or all")
	fs.Float64Var(&f.cfg.IPv6Share, "v6", def.IPv6Share, "share of UPDATEs for IPv6 unicast, 0 to 1")
	attrs := fs.String("attrs", def.Attrs.String(), "optional attributes of announcements: typical, lean (ORIGIN, AS_PATH, next hop only) or rich (all, always)")
	fs.Float64Var(&f.cfg.PrefixMean, "prefixes", def.PrefixMean, "mean prefixes per UPDATE, 1 to 48")
	fs.IntVar(&f.rounds, "rounds", 5, "timed rounds per parser (the best is kept); with -only, runs")
	fs.IntVar(&f.procs, "procs", 1, "GOMAXPROCS (1: a single core, GC included)")
	fs.StringVar(&f.only, "only", "", "run one parser and print nothing: none (generate only), bare, bgplens, gobgp or bgplens-view")
	fs.BoolVar(&f.valgrind, "valgrind", false, "count instructions per message with valgrind --tool=callgrind")
	fs.IntVar(&f.vn, "vn", 50000, "Route Monitoring messages for -valgrind")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "with -only: write a CPU profile")
	fs.StringVar(&f.memprofile, "memprofile", "", "with -only: write an allocation profile")
	fs.BoolVar(&f.fold, "fold", false, "with -only: fold every value into the digest, as the agreement check does")
	fs.StringVar(&f.in, "in", "", "read the stream from a file (BMP messages back to back, or a pcap/pcapng capture) instead of generating it; repeated to at least -n Route Monitoring messages")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() != 0 {
		return f, errors.New("unexpected arguments: " + strings.Join(fs.Args(), " "))
	}
	var err error
	if f.cfg.AddPath, err = gen.ParseAddPathMode(*addPath); err != nil {
		return f, err
	}
	if f.cfg.Attrs, err = gen.ParseAttrMix(*attrs); err != nil {
		return f, err
	}
	if f.rounds < 1 || f.procs < 1 || f.cfg.Messages < 1 || f.vn < 1 {
		return f, errors.New("-rounds, -procs, -n and -vn must be positive")
	}
	return f, nil
}

func run(args []string, w io.Writer) error {
	f, err := parseFlags(args)
	if err != nil {
		return err
	}
	runtime.GOMAXPROCS(f.procs)
	if f.valgrind {
		return runValgrind(f, w)
	}
	// Generate with the collector off, then collect once: the garbage of
	// generation is gone before any parser runs, and a -only run under
	// valgrind executes the same instructions each time (a collection
	// cycle that fell inside generation at a varying point made the
	// generate-only baseline vary by more than a thousand instructions
	// per message).
	gc := debug.SetGCPercent(-1)
	st, err := f.stream(f.cfg.Messages)
	runtime.GC()
	debug.SetGCPercent(gc)
	if err != nil {
		return err
	}
	if f.only != "" {
		return runOnly(f, st)
	}
	return compare(f, st, w)
}

// stream generates the stream of f's configuration, or reads f.in,
// with at least n Route Monitoring messages.
func (f flags) stream(n int) (gen.Stream, error) {
	if f.in != "" {
		return loadStream(f.in, n)
	}
	cfg := f.cfg
	cfg.Messages = n
	return gen.Generate(cfg)
}

// describe says what the stream is, for the report's first line.
func (f flags) describe(st gen.Stream) string {
	if f.in != "" {
		return fmt.Sprintf("stream: %s, %d Route Monitoring messages (+%d others), %.1f MB (the file repeated)",
			f.in, st.RouteMonitoring, st.Messages-st.RouteMonitoring, float64(len(st.Data))/1e6)
	}
	return fmt.Sprintf("stream: %d Route Monitoring messages (+%d others), %.1f MB, %d peers, ADD-PATH %s, %s attributes, %.2f prefixes/UPDATE, %.1f%% IPv6 UPDATEs, seed %d",
		st.RouteMonitoring, st.Messages-st.RouteMonitoring, float64(len(st.Data))/1e6, len(st.Peers), f.cfg.AddPath, f.cfg.Attrs,
		float64(st.Prefixes())/float64(st.RouteMonitoring), 100*float64(st.IPv6Updates)/float64(st.RouteMonitoring), f.cfg.Seed)
}

// runOnly runs one parser -rounds times, for valgrind and profiles.
func runOnly(f flags, st gen.Stream) error {
	res := make([]msgResult, st.RouteMonitoring)
	if f.only == "none" {
		return nil
	}
	p, ok := parserNamed(f.only)
	if !ok {
		return errors.New("-only: unknown parser " + f.only)
	}
	if f.cpuprofile != "" {
		out, err := os.Create(f.cpuprofile)
		if err != nil {
			return err
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if f.memprofile != "" {
		runtime.MemProfileRate = 512
	}
	for range f.rounds {
		if err := p.run(st.Data, res, f.fold); err != nil {
			return err
		}
	}
	if f.memprofile != "" {
		out, err := os.Create(f.memprofile)
		if err != nil {
			return err
		}
		defer out.Close()
		return pprof.Lookup("allocs").WriteTo(out, 0)
	}
	return nil
}

// measurement is one parser's best round, decoding alone and decoding
// with every value folded into the digest.
type measurement struct {
	best, bestFold time.Duration
	allocs, bytes  uint64 // per run, decoding alone
	res            []msgResult
	err            error // a parser other than bare and bgplens that could not read a file (-in)
}

func compare(f flags, st gen.Stream, w io.Writer) error {
	ms, err := measure(f, st)
	if err != nil {
		return err
	}
	bare, lens, gobgp, view := &ms[0], &ms[1], &ms[2], &ms[3]
	gobgpRes := gobgp.res
	if gobgp.err != nil {
		gobgpRes = nil
	}
	if err := agree(st, bare.res, lens.res, gobgpRes); err != nil {
		return err
	}
	if view.err == nil {
		if err := agree(st, bare.res, view.res, gobgpRes); err != nil {
			return fmt.Errorf("bgplens views: %w", err)
		}
	}
	report(f, st, ms, w)
	return nil
}

// measure runs every parser -rounds times over the stream, decoding
// alone and with the fold, and keeps each one's best times.
func measure(f flags, st gen.Stream) ([]measurement, error) {
	ms := make([]measurement, len(parsers))
	for i := range ms {
		ms[i].res = make([]msgResult, st.RouteMonitoring)
		ms[i].best, ms[i].bestFold = time.Duration(1<<63-1), time.Duration(1<<63-1)
	}
	// Rounds interleave the parsers, so that a slow spell of a shared
	// machine does not fall on one of them only. Each round decodes, then
	// decodes and folds: the folded results are the ones checked.
	for range f.rounds {
		for i, p := range parsers {
			for _, fold := range []bool{false, true} {
				if ms[i].err != nil {
					continue
				}
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				start := time.Now()
				err := p.run(st.Data, ms[i].res, fold)
				elapsed := time.Since(start)
				runtime.ReadMemStats(&after)
				if err != nil {
					// Real streams hold sessions GoBGP's options do not
					// describe; the floor and bgplens must read them.
					if f.in == "" || i < 2 {
						return nil, err
					}
					ms[i].err = err
					continue
				}
				if fold {
					ms[i].bestFold = min(ms[i].bestFold, elapsed)
					continue
				}
				ms[i].best = min(ms[i].best, elapsed)
				ms[i].allocs, ms[i].bytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
			}
		}
	}
	return ms, nil
}

// report prints the table and the ratios; its last line is the one `make
// compare` promises.
func report(f flags, st gen.Stream, ms []measurement, w io.Writer) {
	bare, lens, gobgp := &ms[0], &ms[1], &ms[2]
	n := float64(st.RouteMonitoring)
	if f.in == "" {
		n = float64(st.Messages)
	}
	nsPer := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / n }
	fmt.Fprintln(w, f.describe(st))
	fmt.Fprintf(w, "machine: %s, %d CPUs, GOMAXPROCS=%d, %s %s/%s; best of %d rounds\n",
		cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, f.rounds)
	fmt.Fprintf(w, "%-24s %10s %10s %12s %10s %16s\n", "parser", "ns/msg", "MB/s", "allocs/msg", "B/msg", "ns/msg+fold")
	for i, p := range parsers {
		m := &ms[i]
		if m.err != nil {
			fmt.Fprintf(w, "%-24s could not read the stream: %v\n", p.label, m.err)
			continue
		}
		fold := fmt.Sprintf("%.1f", nsPer(m.bestFold))
		if p.name == "bare" {
			fold = "-"
		}
		ns := fmt.Sprintf("%.1f", nsPer(m.best))
		mbps := float64(len(st.Data)) / 1e6 / m.best.Seconds()
		if p.name == "bgplens-view" {
			ns = "-" // its values come from the getters: only folded
			mbps = float64(len(st.Data)) / 1e6 / m.bestFold.Seconds()
		}
		fmt.Fprintf(w, "%-24s %10s %10.1f %12.3f %10.1f %16s\n", p.label, ns, mbps, float64(m.allocs)/n, float64(m.bytes)/n, fold)
	}
	var ann, wd, unclean uint32
	for _, r := range lens.res {
		ann, wd = ann+r.announced, wd+r.withdrawn
		unclean += min(r.bad, 1)
	}
	if f.in != "" {
		fmt.Fprintf(w, "agreement: %d messages (%d not clean), %d announced and %d withdrawn prefixes, the same counts in every parser that read the stream\n",
			st.RouteMonitoring, unclean, ann, wd)
	} else {
		fmt.Fprintf(w, "agreement: %d messages, %d announced and %d withdrawn prefixes, the same values in bgplens and GoBGP\n",
			st.RouteMonitoring, ann, wd)
	}
	ratio := nsPer(gobgp.best) / nsPer(lens.best)
	if gobgp.err == nil {
		fmt.Fprintf(w, "with every value folded into a digest too: bgplens / bare walk %.2fx, GoBGP / bgplens %.2fx\n",
			nsPer(lens.bestFold)/nsPer(bare.best), nsPer(gobgp.bestFold)/nsPer(lens.bestFold))
	} else {
		ratio = 0
	}
	fmt.Fprintf(w, "bgplens / bare walk: %.2fx (goal <= 2x, issue 16)\n", nsPer(lens.best)/nsPer(bare.best))
	fmt.Fprintf(w, "GoBGP / bgplens: %.2fx (goal >= 12x, issue 16)\n", ratio)
	fmt.Fprintf(w, "ratio_vs_gobgp=%.2f ns_per_msg=%.1f allocs_per_msg=%.3f\n", ratio, nsPer(lens.best), float64(lens.allocs)/n)
}

// agree checks that the parsers found what the stream holds and that
// bgplens and GoBGP decoded the same values.
//
// A stream read from a file (-in) holds what real routers sent: messages a
// parser treats as malformed, values the digest does not cover, and
// sessions GoBGP may not read (gobgp nil). Its parsers are held to the
// same prefix counts only.
func agree(st gen.Stream, bare, lens, gobgp []msgResult) error {
	strict := st.Announced >= 0
	var ann, wd int
	for i := range lens {
		l, b := lens[i], bare[i]
		if !strict {
			if l.announced != b.announced || l.withdrawn != b.withdrawn {
				return mismatch(st, i, "bgplens found %d announced and %d withdrawn prefixes, the bare walk %d and %d",
					l.announced, l.withdrawn, b.announced, b.withdrawn)
			}
			if gobgp != nil && (l.announced != gobgp[i].announced || l.withdrawn != gobgp[i].withdrawn) {
				return mismatch(st, i, "bgplens found %d announced and %d withdrawn prefixes, GoBGP %d and %d",
					l.announced, l.withdrawn, gobgp[i].announced, gobgp[i].withdrawn)
			}
			continue
		}
		g := gobgp[i]
		if l.bad != 0 || g.bad != 0 {
			return mismatch(st, i, "a getter refused a value (bgplens %d, GoBGP %d)", l.bad, g.bad)
		}
		if l.announced != g.announced || l.withdrawn != g.withdrawn {
			return mismatch(st, i, "bgplens found %d announced and %d withdrawn prefixes, GoBGP %d and %d",
				l.announced, l.withdrawn, g.announced, g.withdrawn)
		}
		if l.digest != g.digest {
			return mismatch(st, i, "bgplens and GoBGP decoded different values")
		}
		if l.announced != b.announced || l.withdrawn != b.withdrawn {
			return mismatch(st, i, "bgplens found %d announced and %d withdrawn prefixes, the bare walk %d and %d",
				l.announced, l.withdrawn, b.announced, b.withdrawn)
		}
		ann += int(l.announced)
		wd += int(l.withdrawn)
	}
	if st.Announced >= 0 && (ann != st.Announced || wd != st.Withdrawn) {
		return fmt.Errorf("the parsers found %d announced and %d withdrawn prefixes, the generator wrote %d and %d",
			ann, wd, st.Announced, st.Withdrawn)
	}
	return nil
}

// mismatch describes the i-th Route Monitoring message as both parsers
// see it.
func mismatch(st gen.Stream, i int, format string, args ...any) error {
	msg := fmt.Sprintf("Route Monitoring message %d: ", i) + fmt.Sprintf(format, args...)
	return errors.New(msg + "\n" + describe(st.Data, i))
}

func cpuModel() string {
	fh, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
