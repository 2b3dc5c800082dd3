package bgpdump

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// FuzzWriter writes any stream of records as bgpdump lines, in -m and -M:
// nothing panics, and every line starts with a format bgpdump uses and
// ends with a newline.
func FuzzWriter(f *testing.F) {
	for _, rel := range []string{"mrt/mrtparse/samples/quagga_rib", "mrt/mrtparse/samples/bird6-mrtdump_rib",
		"mrt/mrtparse/samples/openbgpd_rib_table", "mrtparse/samples/quagga_bgp", "mrtparse/samples/bird6_bgp"} {
		b := testrig.ReadTestdata(f, rel)
		f.Add(b[:min(len(b), 1200)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, human := range []bool{false, true} {
			var out strings.Builder
			w := NewWriter(&out, human)
			for rest := b; len(rest) > 0; {
				rec, r, err := mrt.SplitRecord(rest)
				if err != nil {
					break
				}
				w.Record(rec)
				rest = r
			}
			w.Flush()
			s := out.String()
			if s != "" && !strings.HasSuffix(s, "\n") {
				t.Fatalf("output does not end a line: %q", s)
			}
			for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
				if l == "" {
					continue
				}
				head, _, _ := strings.Cut(l, "|")
				switch head {
				case "TABLE_DUMP", "TABLE_DUMP2", "TABLE_DUMP2_AP", "BGP", "BGP4MP", "BGP4MP_ET", "BGP4MP_LOCAL", "BGP4MP_AP",
					"BGP4MP_LOCAL_AP", "BGP4MP_ET_LOCAL", "BGP4MP_ET_AP", "BGP4MP_ET_LOCAL_AP":
				default:
					t.Fatalf("line %q", l)
				}
			}
		}
	})
}
