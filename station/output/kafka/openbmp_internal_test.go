package kafka

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// TestOpenBMPL3VPN: a VPN-IPv4 route (no capture has one) gives a
// base_attribute row and an l3vpn row of the schema's 34 fields, with
// its distinguisher and type (RFC 4364 §4.2), label value, next hop from
// MP_REACH_NLRI and large communities; its withdrawal a del row with no
// attributes.
func TestOpenBMPL3VPN(t *testing.T) {
	attrs := []byte{
		0x40, 1, 1, 0, // ORIGIN IGP
		0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe8, // AS_PATH 65000
		0x80, 14, 17, 0, 1, 128, 12, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 9, 0, // MP_REACH_NLRI VPN-IPv4, next hop 192.0.2.9
		0xc0, 32, 12, 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2, // LARGE_COMMUNITY 65000:1:2
	}
	p, err := bgp.ReadPath(attrs, bgp.Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	var rd bgp.RD
	copy(rd[:], []byte{0, 0, 0xfd, 0xe8, 0, 0, 0, 100}) // type 0, 65000:100
	rt := bgp.Route{Prefix: netip.MustParsePrefix("10.1.0.0/16"), RD: rd, NumLabels: 1}
	rt.Labels[0] = bgp.Label(16001 << 4)
	ev := &output.Event{Type: output.EventRoute, Time: time.Unix(1700000000, 5000).UTC(),
		Router: output.RouterRef{Name: "r1", Addr: netip.MustParseAddr("192.0.2.1")},
		Peer:   output.PeerRef{Addr: netip.MustParseAddr("192.0.2.2"), AS: 65000, RIB: bmp.RIBInPost},
		Family: bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIMPLSVPN}, Route: rt, Path: output.NewPath(&p, "")}
	w := newOBMPWriter("c")
	var rows []string
	var objs []object
	emit := func(r obmpRecord) { rows, objs = append(rows, string(w.row)), append(objs, r.obj) }
	w.rows(ev, emit)
	wd := *ev
	wd.Withdraw, wd.Path = true, nil
	w.rows(&wd, emit)
	if len(rows) != 3 || objs[0] != objBaseAttr || objs[1] != objL3VPN || objs[2] != objL3VPN {
		t.Fatalf("objects %v, rows %q", objs, rows)
	}
	base := strings.Split(strings.TrimSuffix(rows[0], "\n"), "\t")
	add := strings.Split(strings.TrimSuffix(rows[1], "\n"), "\t")
	del := strings.Split(strings.TrimSuffix(rows[2], "\n"), "\t")
	if len(base) != 24 || len(add) != 34 || len(del) != 34 {
		t.Fatalf("fields %d, %d, %d: want 24, 34, 34", len(base), len(add), len(del))
	}
	want := map[int]string{0: "add", 1: "0", 4: "192.0.2.1", 5: base[2], 7: "192.0.2.2", 8: "65000",
		9: "2023-11-14 22:13:20.000005", 10: "10.1.0.0", 11: "16", 12: "1", 13: "igp", 14: "65000", 15: "1",
		16: "65000", 17: "192.0.2.9", 25: "1", 28: "16001", 29: "0", 30: "1", 31: "65000:100", 32: "0", 33: "65000:1:2"}
	for i, v := range want {
		if add[i] != v {
			t.Errorf("add field %d: %q, want %q", i+1, add[i], v)
		}
	}
	if base[13] != "192.0.2.9" || base[23] != "65000:1:2" || add[2] != del[2] {
		t.Errorf("base %q; add hash %s, del hash %s (the same route)", base, add[2], del[2])
	}
	for i, v := range map[int]string{0: "del", 1: "1", 5: "", 13: "", 14: "", 17: "", 28: "16001", 31: "65000:100", 33: ""} {
		if del[i] != v {
			t.Errorf("del field %d: %q, want %q", i+1, del[i], v)
		}
	}
}
