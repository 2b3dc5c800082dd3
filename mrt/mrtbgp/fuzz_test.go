package mrtbgp

import (
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// FuzzRecord reads any record through the glue: a RIB's entries and a
// TABLE_DUMP entry into UpdateValues, a BGP4MP message (the deprecated
// type's with its header restored) through DecodeUpdate. Nothing panics, a
// RIB entry that reads cleanly holds the record's prefix as its one route,
// and a clean UPDATE reads the same again with the session reported.
func FuzzRecord(f *testing.F) {
	for _, rel := range []string{"mrt/mrtparse/samples/bird-mrtdump_rib", "mrt/mrtparse/samples/quagga_rib",
		"mrt/mrtparse/samples/openbgpd_rib_table", "mrt/mrtparse/samples/openbgpd_rib_table-mp", "mrtparse/samples/bird_bgp", "mrtparse/samples/quagga_bgp"} {
		b := testrig.ReadTestdata(f, rel)
		for i := 0; i < 12 && len(b) > 0; i++ {
			rec, rest, err := mrt.SplitRecord(b)
			if err != nil {
				break
			}
			f.Add(rec.Raw)
			b = rest
		}
	}
	var rr RIBReader
	var d bgp.UpdateValues
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := mrt.ParseRecord(b)
		if err != nil {
			return
		}
		switch rec.Kind() {
		case mrt.KindRIB, mrt.KindRIBGeneric:
			rib, err := rec.RIB()
			if err != nil {
				return
			}
			for _, e := range rib.All() {
				if rr.Entry(&rib, e) != nil || rr.V.Verdict() != nil || !rib.Prefix.IsValid() {
					continue
				}
				routes := append(rr.V.NLRI[:len(rr.V.NLRI):len(rr.V.NLRI)], rr.V.MPReach.Routes...)
				if len(routes) != 1 || routes[0].Prefix != rib.Prefix || routes[0].PathID != e.PathID {
					t.Fatalf("entry read as %v, record prefix %v path %d", routes, rib.Prefix, e.PathID)
				}
			}
		case mrt.KindBGP4MPEntry:
			if v, err := rec.BGP4MPEntry(); err == nil {
				rr.BGP4MPEntry(&v)
			}
		case mrt.KindTableDump:
			if v, err := rec.TableDump(); err == nil {
				rr.TableDump(&v)
			}
		case mrt.KindBGP4MPMessage, mrt.KindLegacyMessage:
			v, err := rec.BGP4MP()
			if err != nil {
				return
			}
			msg, ok := Message(v, nil)
			if !ok || len(msg) < bgp.HeaderLen || msg[bgp.OffType] != byte(bgp.MsgUpdate) {
				return
			}
			rd, err := DecodeUpdate(&d, msg, Session(v))
			if err != nil || d.Verdict() != nil {
				return
			}
			if err := d.Decode(msg, rd.Session); err != nil || d.Verdict() != nil {
				t.Fatalf("the reading reported does not read cleanly: %v %v", err, d.Verdict())
			}
		}
	})
}
