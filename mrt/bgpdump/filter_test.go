package bgpdump

import (
	"bytes"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt/filter"
)

// renderFiltered writes the file's lines through f.
func renderFiltered(t *testing.T, path string, f *filter.Filter) []string {
	t.Helper()
	r := testrig.OpenMRT(t, path)
	var out bytes.Buffer
	w := NewWriter(&out, false)
	w.Filter = f
	for rec := range r.Records() {
		w.Record(rec)
	}
	w.Flush()
	return lines(out.Bytes())
}

// TestFilters: each filter keeps exactly the unfiltered lines whose
// fields say they match, the fields read the way a script reads bgpdump's
// output (| separated: 2 time, 3 A/W, 4 peer, 5 peer AS, 6 prefix,
// 7 AS path, 12 communities).
func TestFilters(t *testing.T) {
	file := testdata + "bgpdump/test_data/updates.20100722.2015.gz"
	all := renderFiltered(t, file, nil)
	field := func(l string, i int) string {
		f := strings.Split(l, "|")
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	q := netip.MustParsePrefix("41.0.0.0/8")
	sec := func(l string) int64 { v, _ := strconv.ParseInt(field(l, 1), 10, 64); return v }
	t0 := sec(all[len(all)/2])
	for name, c := range map[string]struct {
		f    filter.Filter
		keep func(l string) bool
	}{
		"peer AS":      {filter.Filter{PeerAS: []uint32{34347}}, func(l string) bool { return field(l, 4) == "34347" }},
		"peer IP":      {filter.Filter{PeerIP: []netip.Addr{netip.MustParseAddr("193.203.0.97")}}, func(l string) bool { return field(l, 3) == "193.203.0.97" }},
		"prefix exact": {filter.Filter{Prefixes: []netip.Prefix{netip.MustParsePrefix("62.140.65.0/24")}}, func(l string) bool { return field(l, 5) == "62.140.65.0/24" }},
		"more specific": {filter.Filter{Prefixes: []netip.Prefix{q}, Match: filter.More}, func(l string) bool {
			p, err := netip.ParsePrefix(field(l, 5))
			return err == nil && p.Addr().Is4() && p.Bits() >= 8 && q.Contains(p.Addr())
		}},
		"origin AS": {filter.Filter{OriginAS: []uint32{8452}}, func(l string) bool {
			f := strings.Fields(field(l, 6))
			return field(l, 2) == "A" && len(f) > 0 && f[len(f)-1] == "8452"
		}},
		"AS path": {filter.Filter{ASPath: regexp.MustCompile(` 3549 `)}, func(l string) bool {
			return field(l, 2) == "A" && strings.Contains(field(l, 6), " 3549 ")
		}},
		"community": {filter.Filter{}, func(l string) bool {
			return field(l, 2) == "A" && slices.Contains(strings.Fields(field(l, 11)), "3549:2713")
		}},
		"withdrawals":   {filter.Filter{Kind: filter.Withdraw}, func(l string) bool { return field(l, 2) == "W" }},
		"announcements": {filter.Filter{Kind: filter.Announce}, func(l string) bool { return field(l, 2) == "A" }},
		"since":         {filter.Filter{Since: time.Unix(t0, 0)}, func(l string) bool { return sec(l) >= t0 }},
		"until":         {filter.Filter{Until: time.Unix(t0, 0)}, func(l string) bool { return sec(l) < t0 }},
	} {
		if name == "community" {
			if err := c.f.ParseCommunity("3549:2713"); err != nil {
				t.Fatal(err)
			}
		}
		var want []string
		for _, l := range all {
			if c.keep(l) {
				want = append(want, l)
			}
		}
		got := renderFiltered(t, file, &c.f)
		if len(want) == 0 || len(want) == len(all) || !slices.Equal(got, want) {
			t.Errorf("%s: %d lines, want %d of %d", name, len(got), len(want), len(all))
		}
	}
}

// TestFilterRIB: a RIB dump filtered by peer and by less specific prefix.
func TestFilterRIB(t *testing.T) {
	file := testdata + "mrt/mrtparse/samples/quagga_rib"
	got := renderFiltered(t, file, &filter.Filter{PeerIP: []netip.Addr{netip.MustParseAddr("fd02::10")}})
	if len(got) != 3 {
		t.Errorf("%d lines from fd02::10: %q", len(got), got)
	}
	got = renderFiltered(t, file, &filter.Filter{Prefixes: []netip.Prefix{netip.MustParsePrefix("172.17.1.128/25")}, Match: filter.Less})
	if len(got) != 1 || !strings.Contains(got[0], "|172.17.1.0/24|") {
		t.Errorf("less specific: %q", got)
	}
}
