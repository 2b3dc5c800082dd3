package rib

import (
	"bytes"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// TestApplyValues: applying the real UPDATEs of testdata decoded in one
// pass (ApplyValues) does to a table what applying their views does: the
// same counts and errors per message, the same routes and sets at the end.
func TestApplyValues(t *testing.T) {
	files := testrig.Files(t)
	var n int
	entryFams := map[bgp.Family]int{}
	for _, f := range files {
		msgs := testrig.Load(t, f)
		dbV, dbD, dbF := New(Config{}), New(Config{}), New(Config{})
		feed := dbF.Feed()
		var d bgp.UpdateValues
		for i, m := range msgs {
			if m.Type() != byte(bgp.MsgUpdate) || m.Partial || m.Damaged {
				continue
			}
			s := testrig.Session(m.Session)
			s.ExtendedMsg = true
			u, err := bgp.ParseUpdate(m.Data, s)
			if err != nil {
				continue
			}
			d.Decode(m.Data, s)
			a1, w1, e1 := dbV.Apply(keyA, u, t0)
			a2, w2, e2 := dbD.ApplyValues(keyA, &d, t0)
			if a1 != a2 || w1 != w2 || (e1 == nil) != (e2 == nil) {
				t.Fatalf("%s message %d: Apply %d %d %v, ApplyValues %d %d %v", f, i, a1, w1, e1, a2, w2, e2)
			}
			if a3, w3, e3 := feed.ApplyValues(keyA, &d, t0); a3 != a2 || w3 != w2 || (e3 == nil) != (e2 == nil) {
				t.Fatalf("%s message %d: Feed.ApplyValues %d %d %v, ApplyValues %d %d %v", f, i, a3, w3, e3, a2, w2, e2)
			}
			n++
		}
		for _, fam := range []bgp.Family{bgp.IPv4Unicast, bgp.IPv6Unicast, bgp.IPv4VPN, bgp.IPv6VPN, bgp.IPv4Labeled} {
			pv, pd := routesOf(dbV, fam), routesOf(dbD, fam)
			if len(pv) != len(pd) || len(routesOf(dbF, fam)) != len(pd) {
				t.Fatalf("%s %v: %d routes from views, %d from values, %d through a Feed", f, fam, len(pv), len(pd), len(routesOf(dbF, fam)))
			}
			for i := range pv {
				if pv[i].Prefix != pd[i].Prefix || pv[i].PathID != pd[i].PathID || !bytes.Equal(pv[i].Attrs.Bytes(), pd[i].Attrs.Bytes()) {
					t.Fatalf("%s %v: route %d differs: %v / %v", f, fam, i, pv[i].Prefix, pd[i].Prefix)
				}
			}
		}
		// The routes kept as entries (EVPN, FlowSpec, BGP-LS ... in the
		// corpus) agree too.
		for _, ti := range dbV.Tables("") {
			for _, fi := range ti.Families {
				if fi.Family.Prefixes() {
					continue
				}
				pv, pd := routesOf(dbV, fi.Family), routesOf(dbD, fi.Family)
				if len(pv) != len(pd) || len(pv) != fi.Routes {
					t.Fatalf("%s %v: %d entries from views, %d from values, %d counted", f, fi.Family, len(pv), len(pd), fi.Routes)
				}
				for i := range pv {
					if !bytes.Equal(pv[i].Entry, pd[i].Entry) || pv[i].PathID != pd[i].PathID || !bytes.Equal(pv[i].Attrs.Bytes(), pd[i].Attrs.Bytes()) {
						t.Fatalf("%s %v: entry %d differs: %x / %x", f, fi.Family, i, pv[i].Entry, pd[i].Entry)
					}
				}
				entryFams[fi.Family]++
			}
		}
		checkInvariants(t, dbV)
		checkInvariants(t, dbD)
		checkInvariants(t, dbF)
	}
	t.Logf("entry families in the corpus: %v", entryFams)
	if len(entryFams) < 5 {
		t.Errorf("entries of %d families kept: %v", len(entryFams), entryFams)
	}
	if n < 100000 {
		t.Errorf("%d UPDATEs applied: the test data changed?", n)
	}
}

// routesOf lists every route of a family of keyA.
func routesOf(db *DB, f bgp.Family) []Route {
	var out []Route
	page, next := db.Routes(keyA, f, "", 0)
	for {
		out = append(out, page...)
		if next == "" {
			return out
		}
		page, next = db.Routes(keyA, f, next, 0)
	}
}
