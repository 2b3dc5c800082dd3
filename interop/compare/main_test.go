package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/interop/gen"
)

// TestSmoke runs the whole comparison on a small stream: the three
// parsers must agree (run fails otherwise) and the report must end with
// the line `make compare` promises. Nothing is timed.
func TestSmoke(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"-n", "2000", "-rounds", "1", "-seed", "11"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^ratio_vs_gobgp=[0-9]+\.[0-9]+ ns_per_msg=[0-9]+\.[0-9] allocs_per_msg=[0-9]+\.[0-9]{3}$`).MatchString(last) {
		t.Errorf("last line %q", last)
	}
	if !strings.Contains(out.String(), "agreement: 2000 messages") {
		t.Errorf("no agreement line in\n%s", out.String())
	}
}

// TestParsersAgree checks every parser on streams of each ADD-PATH mode
// and family mix against what the generator says it wrote.
func TestParsersAgree(t *testing.T) {
	for _, cfg := range []gen.Config{
		{Messages: 1500, Seed: 2, AddPath: gen.AddPathAll, IPv6Share: 1},
		{Messages: 1500, Seed: 3, AddPath: gen.AddPathNone, IPv6Share: 0},
		{Messages: 1500, Seed: 4, AddPath: gen.AddPathMixed, IPv6Share: 0.5},
	} {
		st, err := gen.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res := runParsers(t, st, fmt.Sprintf("%+v", cfg))
		if err := agree(st, res[0], res[1], res[2]); err != nil {
			t.Errorf("%+v: %v", cfg, err)
		}
		// The digest covers the values: different messages differ.
		if res[1][0].digest == res[1][1].digest || res[1][0].digest == 0 {
			t.Errorf("%+v: digests %x %x", cfg, res[1][0].digest, res[1][1].digest)
		}
	}
}

// runParsers runs every parser, folding, on st and returns their
// results in the order of parsers; a parser's error ends the test.
func runParsers(t *testing.T, st gen.Stream, what string) [][]msgResult {
	t.Helper()
	res := make([][]msgResult, len(parsers))
	for i, p := range parsers {
		res[i] = make([]msgResult, st.RouteMonitoring)
		if err := p.run(st.Data, res[i], true); err != nil {
			t.Fatalf("%s: %s: %v", what, p.name, err)
		}
	}
	return res
}

// TestDisagreementFails makes sure a difference is reported, with the
// message's octets and both decodings.
func TestDisagreementFails(t *testing.T) {
	st, err := gen.Generate(gen.Config{Messages: 50, Seed: 5, IPv6Share: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	res := runParsers(t, st, "seed 5")
	for _, tc := range []struct {
		name   string
		change func()
		undo   func()
		want   string
	}{
		{"value", func() { res[2][7].digest ^= 1 }, func() { res[2][7].digest ^= 1 }, "Route Monitoring message 7: bgplens and GoBGP decoded different values"},
		{"count", func() { res[2][9].announced++ }, func() { res[2][9].announced-- }, "Route Monitoring message 9: bgplens found"},
		{"bare", func() { res[0][3].withdrawn++ }, func() { res[0][3].withdrawn-- }, "the bare walk"},
		{"getter", func() { res[1][4].bad = 1 }, func() { res[1][4].bad = 0 }, "a getter refused a value"},
	} {
		tc.change()
		err := agree(st, res[0], res[1], res[2])
		tc.undo()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), "octets: 00") && !strings.Contains(err.Error(), "octets: 03") {
			t.Errorf("%s: no octets in %v", tc.name, err)
		}
		if !strings.Contains(err.Error(), "GoBGP: {") || !strings.Contains(err.Error(), "bgplens: {") {
			t.Errorf("%s: decodings missing from %v", tc.name, err)
		}
	}
	if err := agree(st, res[0], res[1], res[2]); err != nil {
		t.Errorf("after undoing: %v", err)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-n", "0"}, {"-addpath", "some"}, {"-rounds", "0"}, {"extra"}, {"-only", "nobody", "-n", "10"}, {"-attrs", "some"}, {"-prefixes", "0.5"}} {
		if err := run(args, &strings.Builder{}); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	if err := run([]string{"-only", "none", "-n", "10"}, &strings.Builder{}); err != nil {
		t.Errorf("-only none: %v", err)
	}
}

func TestCallgrindTotal(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		want uint64
		ok   bool
	}{
		{"version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nfn=main\n0 5\nsummary: 6387498\ntotals: 6387498\n", 6387498, true},
		{"events: Ir\nsummary: 42\n", 42, true},
		{"events: Ir\n", 0, false},
	} {
		p := filepath.Join(dir, "cg.out")
		if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := callgrindTotal(p)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: %d %v", tc.text, got, err)
		}
	}
}

// TestFileInput: -in reads a real router's BMP stream (raw, and from a
// pcap), repeats it to -n Route Monitoring messages and holds the parsers
// that read it to the same prefix counts; a file that is neither is
// refused.
func TestFileInput(t *testing.T) {
	for _, tc := range []struct {
		path    string
		rm, ann int // Route Monitoring messages and announced prefixes per pass
	}{
		// frr-small-100.txt, the file's report from another decoder:
		// 936 Route Monitoring, 445 IPv4 and 413 MP_REACH announcements
		// of one prefix each.
		{"../../testdata/frr-bmp/frr-small-100.bmp", 936, 445 + 413},
		{"../../testdata/bmp/pmacct/tests/201-BMP-CISCO-rd_instance/traffic-00.pcap", 0, 0},
	} {
		var out strings.Builder
		if err := run([]string{"-in", tc.path, "-n", "1000", "-rounds", "1"}, &out); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		m := regexp.MustCompile(`agreement: ([0-9]+) messages \(([0-9]+) not clean\), ([0-9]+) announced`).FindStringSubmatch(out.String())
		if m == nil || !strings.Contains(out.String(), "bgplens / bare walk: ") {
			t.Fatalf("%s: no agreement or ratio line in\n%s", tc.path, out.String())
		}
		t.Logf("%s: %s", tc.path, m[0])
		if tc.rm != 0 && (m[1] != "1872" || m[3] != strconv.Itoa(2*tc.ann)) {
			t.Errorf("%s: want 2 passes of %d messages and %d prefixes, got %s", tc.path, tc.rm, tc.ann, m[0])
		}
	}
	bad := filepath.Join(t.TempDir(), "notbmp")
	if err := os.WriteFile(bad, []byte("not a BMP stream at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-in", bad, "-rounds", "1"}, io.Discard); err == nil || !strings.Contains(err.Error(), "neither a capture nor BMP") {
		t.Errorf("a file of text: %v", err)
	}
}
