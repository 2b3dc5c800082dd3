package kafka

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// obmpFieldCounts is each route object's field count in the v1.7 schema.
var obmpFieldCounts = map[object]int{objBaseAttr: 24, objUnicast: 32, objL3VPN: 34, objEVPN: 40,
	objLSNode: 27, objLSLink: 46, objLSPrefix: 34}

// FuzzOpenBMPFamilies: any EVPN or BGP-LS entry, with any path attributes
// that read (a BGP-LS attribute among them), announced or withdrawn,
// gives rows of exactly their object's field count, one line each, or
// none; never a panic.
func FuzzOpenBMPFamilies(f *testing.F) {
	// A Node NLRI (IS-IS L2, local node AS 65000, IGP router ID) and an
	// EVPN MAC/IP route; a BGP-LS attribute with a node name and a
	// bandwidth.
	f.Add(uint8(0), []byte{0, 1, 0, 0x1f, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0x12, 2, 0, 0, 4, 0, 0, 0xfd, 0xe8, 2, 3, 0, 6, 0, 0, 0, 0, 0, 1},
		[]byte{0x40, 1, 1, 0, 0x80, 29, 14, 4, 2, 0, 2, 'r', '1', 4, 0x41, 0, 4, 0x4c, 0xee, 0x6b, 0x28})
	f.Add(uint8(1), []byte{2, 33, 0, 1, 192, 0, 2, 1, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 48, 0, 1, 2, 3, 4, 5, 0, 0, 0x64, 1}, []byte{0x40, 1, 1, 0})
	families := []bgp.Family{{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, {AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}, {AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLSVPN}}
	f.Fuzz(func(t *testing.T, fam uint8, entry, attrs []byte) {
		ev := &output.Event{Type: output.EventRoute, Time: time.Unix(1700000000, 0),
			Router: output.RouterRef{Name: "r", Addr: netip.MustParseAddr("192.0.2.1")},
			Peer:   output.PeerRef{Addr: netip.MustParseAddr("192.0.2.2"), AS: 65000, RIB: bmp.RIBInPost},
			Family: families[int(fam)%len(families)], Entry: entry}
		if p, err := bgp.ReadPath(attrs, bgp.Session{AS4: true}); err == nil {
			ev.Path = output.NewPath(&p, "")
		} else {
			ev.Withdraw = true
		}
		w := newOBMPWriter("c")
		w.rows(ev, func(r obmpRecord) {
			n, ok := obmpFieldCounts[r.obj]
			if !ok {
				t.Fatalf("object %v for a route of %v", r.obj, ev.Family)
			}
			if !bytes.HasSuffix(w.row, []byte("\n")) || bytes.Count(w.row, []byte("\n")) != 1 || bytes.Count(w.row, []byte("\t")) != n-1 {
				t.Fatalf("object %v: %d tabs, want %d, in one line: %q", r.obj, bytes.Count(w.row, []byte("\t")), n-1, w.row)
			}
		})
	})
}
