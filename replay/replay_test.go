package replay

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// routesOf counts the routes of an MRT file as the mrt package reads them
// (RIB entries, or UPDATEs' prefixes), the independent figure the replay
// must give back.
func countRIB(t *testing.T, path string) (entries, malformed int) {
	r := testrig.OpenMRT(t, path)
	for rec := range r.Records() {
		var rr mrtbgp.RIBReader
		switch rec.Kind() {
		case mrt.KindRIB:
			v, _ := rec.RIB()
			for _, e := range v.All() {
				entries++
				if rr.Entry(&v, e) != nil || rr.V.Verdict() != nil {
					malformed++
				}
			}
		case mrt.KindTableDump:
			for v, err := range rec.TableDumps() {
				if err == nil {
					entries++
					if rr.TableDump(&v) != nil || rr.V.Verdict() != nil {
						malformed++
					}
				}
			}
		}
	}
	return entries, malformed
}

// TestFromMRT replays RIB dumps of several writers (Quagga, BIRD,
// OpenBGPD, RIPE RIS TABLE_DUMP and TABLE_DUMP_V2 with ADD-PATH) through
// bmp.Peers, as a station reads them: one Route Monitoring per RIB entry,
// every UPDATE read cleanly under the Peer Up's session, the prefix and
// AS path of each the entry's.
func TestFromMRT(t *testing.T) {
	for _, name := range []string{"mrtparse/samples/quagga_rib", "mrtparse/samples/bird-mrtdump_rib", "mrtparse/samples/openbgpd_rib_table-v2",
		"bgpdump/test_data/bview.ipv4_unicast_add_path.gz", "bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz"} {
		path := filepath.Join("..", "testdata", "mrt", filepath.FromSlash(name))
		want, malformed := countRIB(t, path)
		r := testrig.OpenMRT(t, path)
		peers := bmp.NewPeers(0)
		var routes, unclean int
		st, err := FromMRT(r, "replay", func(msg []byte) error {
			v, err := bmp.ParseMessage(msg)
			if err != nil {
				t.Fatalf("%s: emitted %x: %v", name, msg, err)
			}
			peers.Observe(v)
			if rm, ok := v.RouteMonitoring(); ok {
				routes++
				u, rd, err := peers.ReadUpdate(rm)
				if err != nil || !rd.Clean || rd.Fallback != 0 || !rd.PeerUp {
					unclean++
					return nil
				}
				n := 0
				for range u.Announced() {
					n++
				}
				if n != 1 {
					t.Errorf("%s: an UPDATE with %d routes", name, n)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if routes != want || st.Routes != want || routes == 0 {
			t.Errorf("%s: %d Route Monitoring (stats %d), %d RIB entries", name, routes, st.Routes, want)
		}
		// Entries malformed in the archive (BIRD's without ORIGIN) are
		// replayed as they are, for the station to judge; every other one
		// reads cleanly with its Peer Up's session.
		if unclean != malformed {
			t.Errorf("%s: %d UPDATEs not read cleanly with their Peer Up's session, %d malformed in the archive", name, unclean, malformed)
		}
		t.Logf("%s: %d routes, %d skipped, %d messages", name, routes, st.Skipped, st.Messages)
	}
}

// TestFromMRTUpdates replays a BGP4MP update file: every UPDATE record is
// a Route Monitoring holding the same message, after its peer's Peer Up.
func TestFromMRTUpdates(t *testing.T) {
	path := filepath.Join("..", "testdata", "mrt", "bgpkit-parser", "tests", "fixtures", "ripe", "rrc00", "2000.01", "updates.20000102.2014.gz")
	var want [][]byte
	f, _ := os.Open(path)
	r, err := mrt.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	for rec := range r.Records() {
		if v, err := rec.BGP4MP(); err == nil && v.PeerIP.IsValid() {
			if m, ok := mrtbgp.Message(v, nil); ok && len(m) > 18 && m[18] == 2 {
				want = append(want, append([]byte(nil), m...))
			}
		}
	}
	r.Close()
	f.Close()
	f, _ = os.Open(path)
	defer f.Close()
	r, _ = mrt.NewReader(f)
	defer r.Close()
	peers := bmp.NewPeers(0)
	i := 0
	_, err = FromMRT(r, "replay", func(msg []byte) error {
		v, err := bmp.ParseMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		peers.Observe(v)
		if rm, ok := v.RouteMonitoring(); ok {
			if i >= len(want) || string(rm.BGPMessage()) != string(want[i]) {
				t.Fatalf("Route Monitoring %d does not hold the file's UPDATE %d", i, i)
			}
			if _, rd, _ := peers.ReadUpdate(rm); !rd.PeerUp {
				t.Fatalf("Route Monitoring %d before its peer's Peer Up", i)
			}
			i++
		}
		return nil
	})
	if err != nil || i != len(want) || i == 0 {
		t.Errorf("%d of %d UPDATEs replayed: %v", i, len(want), err)
	}
}
