package interop

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
	"github.com/bgplens/bgplens/station/archive"
	"github.com/bgplens/bgplens/station/rib"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gomrt "github.com/osrg/gobgp/v4/pkg/packet/mrt"
)

// TestRIBDumpGoBGP: a TABLE_DUMP_V2 dump that the station writes
// (station/archive) of the routes of real BMP streams is read by GoBGP's
// pkg/packet/mrt as by bgplens: every record, prefix, entry and AS path.
func TestRIBDumpGoBGP(t *testing.T) {
	db := rib.New(rib.Config{})
	for _, f := range []string{"frr-bmp/frr-small-100.bmp", "gobgp-bmp/gobgp-small-100.bmp"} {
		data, err := os.ReadFile(filepath.Join(testcorpus.Dir(), filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		peers := bmp.NewPeers(0)
		r := bmp.NewBytesReader(data)
		for {
			msg, err := r.Next()
			if err != nil {
				break
			}
			v, err := bmp.ParseMessage(msg)
			if err != nil {
				continue
			}
			peers.Observe(v)
			if rm, ok := v.RouteMonitoring(); ok {
				h := rm.Peer()
				if h.RIB() != bmp.RIBInPre {
					continue
				}
				u, _, err := peers.ReadUpdate(rm)
				if err != nil {
					continue
				}
				db.Apply(rib.TableKey{Router: f, Peer: rib.PeerID{Type: uint8(h.Type), Addr: h.Address}, RIB: rib.AdjInPre}, u, time.Unix(1700000000, 0))
			}
		}
	}
	var buf bytes.Buffer
	if _, err := (archive.RIBDump{Collector: netip.MustParseAddr("192.0.2.250"), Time: time.Unix(1700000000, 0)}).Write(&buf, db); err != nil {
		t.Fatal(err)
	}
	r, err := mrt.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rr mrtbgp.RIBReader
	records, entries := 0, 0
	for rec := range r.Records() {
		gh, err := gomrt.ParseHeader(rec.Raw)
		if err != nil {
			t.Fatal(err)
		}
		gm, err := gomrt.ParseBody(rec.Raw[mrt.HeaderLen:], gh)
		if err != nil {
			t.Fatalf("GoBGP cannot read record %d (%s): %v", records, rec.Header.SubtypeName(), err)
		}
		records++
		if rec.Kind() != mrt.KindRIB {
			continue
		}
		v, _ := rec.RIB()
		g := gm.Body.(*gomrt.Rib)
		if g.Prefix.String() != v.Prefix.String() || len(g.Entries) != int(v.Count) {
			t.Fatalf("record %d: GoBGP %s %d entries, bgplens %s %d", records, g.Prefix, len(g.Entries), v.Prefix, v.Count)
		}
		for i, e := range v.All() {
			entries++
			if err := rr.Entry(&v, e); err != nil {
				t.Fatal(err)
			}
			p := rr.V.View().Path()
			want, _ := p.ASPath()
			var got []uint32
			for _, a := range g.Entries[i].PathAttributes {
				if ap, ok := a.(*gobgp.PathAttributeAsPath); ok {
					for _, seg := range ap.Value {
						got = append(got, seg.GetAS()...)
					}
				}
			}
			var flat []uint32
			for _, s := range want.Segments {
				flat = append(flat, s.ASNs...)
			}
			if len(got) != len(flat) {
				t.Fatalf("%s entry %d: GoBGP AS path %v, bgplens %v", v.Prefix, i, got, want)
			}
			for j := range got {
				if got[j] != flat[j] {
					t.Fatalf("%s entry %d: GoBGP AS path %v, bgplens %v", v.Prefix, i, got, want)
				}
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if entries < 100 {
		t.Errorf("%d records, %d entries: the dump holds too little", records, entries)
	}
}
