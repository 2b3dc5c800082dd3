package mrtbgp

import (
	"bytes"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// ribFiles are the real RIB dumps of every writer in the test data:
// TABLE_DUMP_V2 of RouteViews, RIS, Quagga, BIRD, OpenBGPD and bgpdump's
// hand-made ADD-PATH files, and TABLE_DUMP of RIS and OpenBGPD.
var ribFiles = []string{
	"mrt/bgpdump/test_data/bview.20020722.2337.gz",
	"mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz",
	"mrt/bgpdump/test_data/bview.ipv6_unicast_add_path.gz",
	"mrt/bgpdump/test_data/bview.64k_stream_overflow.gz",
	"mrt/mrtparse/samples/bird-mrtdump_rib",
	"mrt/mrtparse/samples/bird6-mrtdump_rib",
	"mrt/mrtparse/samples/openbgpd_rib_table",
	"mrt/mrtparse/samples/openbgpd_rib_table-v2",
	"mrt/mrtparse/samples/quagga_rib",
	"mrt/os-ken/os_ken/tests/packet_data/mrt/rib.20161101.0000_pick.bz2",
	"mrt/pyasn/data/bview.20140112.1600_3samples.bz2",
	"mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2",
}

// TestRIBPathAgrees: for every RIB entry of the real dumps, the path
// read in place (RIBPath, TableDumpPath) says what the UPDATE RIBReader
// rebuilds from it says: the same JSON of the attributes and of the
// family's next hop, the same AS path, and problems for the same entries.
func TestRIBPathAgrees(t *testing.T) {
	for _, rel := range ribFiles {
		r := testrig.OpenMRT(t, "../../testdata/"+rel)
		var rr RIBReader
		var errs []*bgp.Error
		n, bad := 0, 0
		check := func(p *bgp.Path, fam bgp.Family) {
			n++
			errs = p.AppendErrors(errs[:0], fam)
			if (len(errs) != 0) != (rr.V.Verdict() != nil) {
				t.Errorf("%s entry %d: path problems %v, UPDATE's %v", rel, n, errs, rr.V.Verdict())
			}
			if len(errs) != 0 {
				bad++
			}
			up := rr.V.View().Path()
			want := up.AppendNextHopJSON(up.AppendJSON(nil), fam)
			if got := p.AppendNextHopJSON(p.AppendJSON(nil), fam); !bytes.Equal(got, want) {
				t.Errorf("%s entry %d:\n%s\nwant\n%s", rel, n, got, want)
			}
			if a, ok := p.ASPath(); ok != rr.V.Has(bgp.AttrASPath) && rr.V.Verdict() == nil || ok && a.String() != rr.V.ASPath.String() {
				t.Errorf("%s entry %d: AS path %v %v, want %v", rel, n, a, ok, rr.V.ASPath)
			}
		}
		for rec := range r.Records() {
			switch rec.Kind() {
			case mrt.KindTableDump:
				for v := range rec.TableDumps() {
					rr.TableDump(&v)
					p, _ := TableDumpPath(&v)
					check(&p, TableDumpFamily(&v))
				}
			case mrt.KindRIB, mrt.KindRIBGeneric:
				rib, _ := rec.RIB()
				for _, e := range rib.All() {
					rr.Entry(&rib, e)
					p, _ := RIBPath(&rib, e)
					check(&p, RIBFamily(&rib))
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no entry", rel)
		}
		t.Logf("%s: %d entries, %d with problems", rel, n, bad)
	}
}
