package bgpdump

import (
	"bytes"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

const testdata = "../../testdata/"

// render writes the file's records in the bgpdump format.
func render(t testing.TB, path string, human bool) ([]byte, Stats) {
	t.Helper()
	r := testrig.OpenMRT(t, path)
	var out bytes.Buffer
	w := NewWriter(&out, human)
	for rec := range r.Records() { // the damaged and cut files end with an error, tested in package mrt
		w.Record(rec)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), w.Stats
}

// TestExpected: bgpdump's own expected outputs (its test_expect/, made
// with `bgpdump -vm` by its authors) are reproduced byte for byte.
func TestExpected(t *testing.T) {
	for exp, data := range map[string]string{
		"mrt/bgpdump/test_expect/bview.64k_stream_overflow.gz.bgp.gz":       "mrt/bgpdump/test_data/bview.64k_stream_overflow.gz",
		"mrt/bgpdump/test_expect/bview.ipv4_unicast_add_path.gz.bgp.gz":     "mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz",
		"mrt/bgpdump/test_expect/bview.ipv6_unicast_add_path.gz.bgp.gz":     "mrt/bgpdump/test_data/bview.ipv6_unicast_add_path.gz",
		"mrt/bgpdump/test_expect/updates.20020722.2238.gz.bgp.gz":           "bgpdump/test_data/updates.20020722.2238.gz",
		"mrt/bgpdump/test_expect/updates.20071015.1505.gz.bgp.gz":           "bgpdump/test_data/updates.20071015.1505.gz",
		"mrt/bgpdump/test_expect/updates.20100722.2015.gz.bgp.gz":           "bgpdump/test_data/updates.20100722.2015.gz",
		"mrt/bgpdump/test_expect/updates.long_withdrawal.gz.bgp.gz":         "bgpdump/test_data/updates.long_withdrawal.gz",
		"mrt/bgpdump/test_expect/updates.nlri_mask_trailing_bits.gz.bgp.gz": "bgpdump/test_data/updates.nlri_mask_trailing_bits.gz",
	} {
		t.Run(filepath.Base(data), func(t *testing.T) {
			want := testrig.ReadTestdata(t, exp)
			got, _ := render(t, testdata+data, false)
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%d lines, want %d", len(gl), len(wl))
			}
		})
	}
}

// liveDiffs are the files of testdata/ where bgplens and Debian's bgpdump
// (1.6.2) print different lines, in both -m and -M: how many lines only
// bgpdump prints and how many only bgplens does, and why
// (docs/bgpdump-format.md). Every other MRT file gives the same lines.
var liveDiffs = map[string]struct {
	onlyBgpdump, onlyBgplens int
	why                      string
}{
	"bgpdump/test_data/updates.nlri_mask_trailing_bits.gz": {1, 1, "1.6.2 prints the prefix bits past the length; bgpdump's own expected output (1.6.3) clears them, as bgplens does"},
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/updates.20000102.2014.gz": {675, 675,
		"BGP-type W lines: bgpdump prints the peer's address in place of the prefix (two inet_ntoa in one printf)"},
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.03/updates.20000325.0345.gz": {2044, 2,
		"damaged record boundaries: bgpdump reads on and prints garbage routes; bgplens stops at the damage with an error"},
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz": {0, 558,
		"early RIS TABLE_DUMP batches: bgpdump stops after the first entry (the Length is 4 octets short)"},
	"mrtparse/samples/bird_bgp": {24, 14,
		"BIRD 1.6 wrote Path Identifiers into MESSAGE_AS4 records: bgpdump reads them as prefixes"},
	"mrtparse/samples/bird6_bgp": {32, 14,
		"BIRD 1.6 wrote Path Identifiers into MESSAGE_AS4 records: bgpdump reads them as prefixes"},
}

// liveDiffsM are the differences of -m only.
var liveDiffsM = map[string][2]int{
	"mrt/mrtparse/samples/openbgpd_rib_table": {1, 1}, // a 4-octet AGGREGATOR in TABLE_DUMP: bgpdump reads 2 octets of AS and prints AS 0 and a wrong address
}

// TestLiveBgpdump runs Debian's bgpdump on every MRT file of testdata/
// in -m and -M mode and compares its lines with bgplens's: they are the
// same except in the files and line counts liveDiffs names.
func TestLiveBgpdump(t *testing.T) {
	bin := testrig.NeedTool(t, "bgpdump")
	var files []string
	for _, dir := range []string{"bgpdump", "bgpkit-parser", "libbgpstream", "mrtparse", "mrt"} {
		filepath.WalkDir(testdata+dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.Contains(p, "test_expect") && !strings.HasSuffix(p, ".md") {
				files = append(files, p)
			}
			return err
		})
	}
	if len(files) < 30 {
		t.Fatalf("only %d files found", len(files))
	}
	for _, path := range files {
		rel := strings.TrimPrefix(path, testdata)
		for _, mode := range []string{"-m", "-M"} {
			out, err := exec.Command(bin, "-q", mode, path).Output()
			if err != nil {
				t.Fatalf("%s %s: %v", mode, rel, err)
			}
			got, _ := render(t, path, mode == "-M")
			onlyB, onlyG := multisetDiff(lines(out), lines(got))
			want := [2]int{liveDiffs[rel].onlyBgpdump, liveDiffs[rel].onlyBgplens}
			if d, ok := liveDiffsM[rel]; ok && mode == "-m" {
				want = d
			}
			if len(onlyB) != want[0] || len(onlyG) != want[1] {
				t.Errorf("%s %s: %d lines only bgpdump prints, %d only bgplens; want %v\nbgpdump: %.300q\nbgplens: %.300q",
					mode, rel, len(onlyB), len(onlyG), want, onlyB, onlyG)
			}
		}
	}
}

func lines(b []byte) []string {
	s := strings.Split(string(b), "\n")
	if len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	return s
}

// multisetDiff returns the lines of a not in b and of b not in a, counting
// repeats.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		default:
			onlyB = append(onlyB, b[j])
			j++
		}
	}
	return append(onlyA, a[i:]...), append(onlyB, b[j:]...)
}

// TestLegacyWithdrawn: the deprecated BGP type's W lines carry the prefix
// (where bgpdump repeats the peer's address).
func TestLegacyWithdrawn(t *testing.T) {
	got, _ := render(t, testdata+"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/updates.20000102.2014.gz", false)
	n := 0
	for _, l := range lines(got) {
		f := strings.Split(l, "|")
		if f[0] == "BGP" && f[2] == "W" {
			n++
			if strings.HasPrefix(f[5], f[3]+"/") {
				t.Fatalf("prefix is the peer's address: %s", l)
			}
		}
	}
	if n != 675 {
		t.Errorf("%d W lines", n)
	}
}

// TestStats counts what bgpdump would not print right: the BIRD records
// read with the Path Identifiers their subtype does not announce.
func TestStats(t *testing.T) {
	_, st := render(t, testdata+"mrtparse/samples/bird_bgp", false)
	if st.Fallbacks != 6 || st.Lines != 26 {
		t.Errorf("%+v", st)
	}
	_, st = render(t, testdata+"mrt/pyasn/data/bview.20140112.1600_3samples.bz2", false)
	if st.NoPeerIndex != 3 || st.Lines != 0 {
		t.Errorf("%+v", st)
	}
}

func TestAppendAddrIPv6(t *testing.T) {
	for in, want := range map[string]string{
		"2001:7f8:30:0:2:1:0:8447":   "2001:7f8:30::2:1:0:8447", // a single zero group compressed, the first of two
		"2001:668:0:3:0:0:8000:1712": "2001:668:0:3::8000:1712", // the longest run
		"::ffff:193.0.0.56":          "::ffff:193.0.0.56",
		"::":                         "::",
		"::1":                        "::1",
		"fe80::":                     "fe80::",
		"::c000:201":                 "::192.0.2.1", // IPv4-compatible
		"1:2:3:4:5:6:7:8":            "1:2:3:4:5:6:7:8",
	} {
		if got := string(appendAddr(nil, mustAddr(in))); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// TestStateFormat: state lines start with the MRT type's name, as
// bgpdump writes it; the legacy types' with "BGP".
func TestStateFormat(t *testing.T) {
	for typ, want := range map[mrt.Type]string{mrt.TypeBGP4MP: "BGP4MP", mrt.TypeBGP4MPET: "BGP4MP_ET", mrt.TypeBGP: "BGP", mrt.TypeBGP4Plus: "BGP"} {
		if got := stateFormat(typ); got != want {
			t.Errorf("%d: %q, want %q", typ, got, want)
		}
	}
}
