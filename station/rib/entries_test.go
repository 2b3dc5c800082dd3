package rib

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/hexvec"
)

var (
	famEVPN  = bgp.Family{AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}
	famFlow4 = bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIFlowSpec}
	famLS    = bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}
)

// EVPN MAC/IP Advertisement routes (RFC 7432 §7.2): macIP1 and
// macIP1Relabeled differ in ESI and labels only (the same route, RFC 7432
// §7.2), macIP2 in its MAC.
const (
	macIP1          = "02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641"
	macIP1Relabeled = "02 28 0000fde800000064 01000000000000000001 00000000 30 001122334455 20 c0000201 000651 000661"
	macIP2          = "02 25 0000fde800000064 00000000000000000000 00000000 30 0011223344aa 20 c0000202 000641"
	// RFC 9136 §3.1: 198.51.100.0/24 in RD 65000:100.
	ipPrefix5 = "05 22 0000fde800000064 00000000000000000000 00000000 18 c6336400 00000000 000641"
	// RFC 8955: destination 192.0.2.0/24, source 198.51.0.0/16.
	flowRule = "09 0118c00002 0210c633"
	// RFC 9552 §5.2: a node, IS-IS level 2, AS 65000, system ID 0000.0000.0001.
	lsNode = "0001 0027 02 0000000000000000 0100001a 02000004 0000fde8 02010004 00000000 02030006 000000000001"
)

// entryUpdate makes an UPDATE announcing (reach) and withdrawing
// (unreach) entries of family f, given as concatenated NLRI octets (with
// Path Identifiers when s has ADD-PATH for f).
func entryUpdate(t testing.TB, s bgp.Session, f bgp.Family, reach, unreach string) bgp.UpdateView {
	t.Helper()
	return build(t, s, func(b *bgp.UpdateBuilder) {
		if unreach != "" {
			b.Attr(bgp.NewPathAttr(bgp.AttrMPUnreachNLRI, bgp.MPUnreach{Family: f, RawNLRI: hexvec.Decode(t, unreach)}))
		}
		if reach != "" {
			b.Origin(bgp.OriginIGP)
			b.ASPath(pathAB)
			b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{Family: f, NextHop: []byte{192, 0, 2, 9}, RawNLRI: hexvec.Decode(t, reach)}))
		}
	})
}

// applyBoth applies u to db through Apply and to db2 through ApplyValues,
// and checks they agree.
func applyBoth(t *testing.T, db, db2 *DB, k TableKey, u bgp.UpdateView) (added, withdrawn int, err error) {
	t.Helper()
	added, withdrawn, err = db.Apply(k, u, t0)
	var d bgp.UpdateValues
	if derr := d.Decode(u.Message(), u.Session()); derr != nil && err == nil {
		t.Fatalf("Decode: %v", derr)
	}
	a2, w2, err2 := db2.ApplyValues(k, &d, t0)
	if a2 != added || w2 != withdrawn || (err2 == nil) != (err == nil) {
		t.Fatalf("ApplyValues %d %d %v, Apply %d %d %v", a2, w2, err2, added, withdrawn, err)
	}
	return added, withdrawn, err
}

func entries(t *testing.T, db *DB, k TableKey, f bgp.Family) []string {
	t.Helper()
	page, _ := db.Routes(k, f, "", 0)
	var out []string
	for _, r := range page {
		if r.Prefix.IsValid() || r.Entry == nil {
			t.Errorf("entry route with a prefix or without its entry: %+v", r)
		}
		out = append(out, f.EntryText(bgp.NLRI{Value: r.Entry}))
	}
	return out
}

// TestEntriesKeyed: EVPN routes are kept per route key: an announcement
// differing only in ESI and labels replaces the route (keeping the new
// entry), another MAC is another route, and a withdrawal removes by key.
func TestEntriesKeyed(t *testing.T) {
	db, db2 := New(Config{}), New(Config{})
	for _, step := range []struct {
		reach, unreach string
		added, wd      int
		want           []string
	}{
		{macIP1, "", 1, 0, []string{"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:55 ip 192.0.2.1 label 100/vni 1601"}},
		{macIP1Relabeled + macIP2, "", 2, 0, []string{
			"mac-ip rd 65000:100 esi 01:00:00:00:00:00:00:00:00:01 tag 0 mac 00:11:22:33:44:55 ip 192.0.2.1 label 101,102/vni 1617",
			"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:aa ip 192.0.2.2 label 100/vni 1601"}},
		// Withdrawn with the first form: the same key.
		{"", macIP1, 0, 1, []string{"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:aa ip 192.0.2.2 label 100/vni 1601"}},
		{"", macIP1, 0, 0, []string{"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:aa ip 192.0.2.2 label 100/vni 1601"}},
	} {
		added, wd, err := applyBoth(t, db, db2, keyA, entryUpdate(t, as4, famEVPN, step.reach, step.unreach))
		if err != nil || added != step.added || wd != step.wd {
			t.Fatalf("%s/%s: added %d withdrawn %d err %v", step.reach, step.unreach, added, wd, err)
		}
		for _, d := range []*DB{db, db2} {
			got := entries(t, d, keyA, famEVPN)
			if len(got) != len(step.want) {
				t.Fatalf("routes %q, want %q", got, step.want)
			}
			for i := range got {
				if got[i] != step.want[i] {
					t.Errorf("route %d: %q, want %q", i, got[i], step.want[i])
				}
			}
		}
	}
	ti := db.Tables("")[0]
	if ti.Routes != 1 || len(ti.Families) != 1 || ti.Families[0].Family != famEVPN || ti.Families[0].Routes != 1 {
		t.Errorf("table info %+v", ti)
	}
	if st := db.Stats(); st.Routes != 1 || st.Sets != 1 || st.EntryBytes == 0 {
		t.Errorf("stats %+v", st)
	}
	page, _ := db.Routes(keyA, famEVPN, "", 0)
	if page[0].Attrs.Len() == 0 {
		t.Error("the entry has no attributes")
	}
	// An IP lookup does not return entries.
	if m, _ := db.Lookup(pfx("0.0.0.0/0"), MoreSpecific, 0); len(m) != 0 {
		t.Errorf("IP lookup matched entries: %+v", m)
	}
}

// TestEntriesAddPath: ADD-PATH paths of an entry are kept apart by Path
// Identifier and withdrawn one by one.
func TestEntriesAddPath(t *testing.T) {
	s := as4.WithAddPath(famFlow4, true)
	db, db2 := New(Config{}), New(Config{})
	if a, _, err := applyBoth(t, db, db2, keyA, entryUpdate(t, s, famFlow4, "00000001"+flowRule+"00000002"+flowRule, "")); a != 2 || err != nil {
		t.Fatalf("added %d, %v", a, err)
	}
	page, _ := db.Routes(keyA, famFlow4, "", 0)
	if len(page) != 2 || page[0].PathID != 1 || page[1].PathID != 2 {
		t.Fatalf("paths %+v", page)
	}
	if _, w, _ := applyBoth(t, db, db2, keyA, entryUpdate(t, s, famFlow4, "", "00000002"+flowRule)); w != 1 {
		t.Fatalf("withdrew %d", w)
	}
	page, _ = db.Routes(keyA, famFlow4, "", 0)
	if len(page) != 1 || page[0].PathID != 1 {
		t.Fatalf("paths %+v", page)
	}
}

// flowRules returns n distinct FlowSpec rules: destination 10.x.y.z/32.
func flowRules(n int) string {
	var b bytes.Buffer
	for i := range n {
		b.WriteString("06 0120 0a")
		b.WriteString(hexByte(i>>16) + hexByte(i>>8) + hexByte(i))
	}
	return b.String()
}

func hexByte(i int) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[(i>>4)&15], digits[i&15]})
}

// TestEntriesFloodCapped: a flood of FlowSpec rules counts against
// MaxRoutes like routes, and its octets are counted for its router.
func TestEntriesFloodCapped(t *testing.T) {
	db, db2 := New(Config{MaxRoutes: 500}), New(Config{MaxRoutes: 500})
	for i := range 3 {
		if a, _, err := applyBoth(t, db, db2, keyA, entryUpdate(t, as4, famFlow4, flowRules(300), "")); a != 300 || err != nil {
			t.Fatalf("update %d: %d, %v", i, a, err)
		}
	}
	// The same 300 rules again and again: 300 routes, the rest replacements.
	if st := db.Stats(); st.Routes != 300 {
		t.Fatalf("routes %d", st.Routes)
	}
	// 400 new ones: 200 fit.
	var b bytes.Buffer
	for i := range 400 {
		b.WriteString("06 0120 0b" + hexByte(i>>16) + hexByte(i>>8) + hexByte(i))
	}
	a, _, err := applyBoth(t, db, db2, keyB, entryUpdate(t, as4, famFlow4, b.String(), ""))
	if a != 200 || !errors.Is(err, ErrMaxRoutes) {
		t.Fatalf("added %d, %v", a, err)
	}
	st := db.Stats()
	if st.Routes != 500 {
		t.Fatalf("routes %d, want the limit 500", st.Routes)
	}
	// 500 entries of 7 octets and their 6-octet keys, each rounded to 16.
	if st.EntryBytes != 500*16 || db.RouterEntryBytes(keyA.Router) != 500*16 {
		t.Errorf("entry bytes %d, router %d", st.EntryBytes, db.RouterEntryBytes(keyA.Router))
	}
	if st.Bytes < st.EntryBytes+500*entEntSize {
		t.Errorf("Bytes %d do not count the entries", st.Bytes)
	}
	db.ClearTable(keyA)
	if got := db.RouterEntryBytes(keyA.Router); got != 200*16 {
		t.Errorf("entry bytes after clearing a table: %d", got)
	}
	db.ClearRouter(keyA.Router)
	if got, st := db.RouterEntryBytes(keyA.Router), db.Stats(); got != 0 || st.EntryBytes != 0 || st.Routes != 0 {
		t.Errorf("after clearing: router %d, stats %+v", got, st)
	}
}

// TestEntriesPaging: Routes pages through entries in key order, each once.
func TestEntriesPaging(t *testing.T) {
	db := New(Config{})
	if _, _, err := db.Apply(keyA, entryUpdate(t, as4, famFlow4, flowRules(250), ""), t0); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	cursor, pages := "", 0
	var last []byte
	for {
		if !ValidCursor(famFlow4, cursor) {
			t.Fatalf("cursor %q not valid", cursor)
		}
		page, next := db.Routes(keyA, famFlow4, cursor, 100)
		pages++
		for _, r := range page {
			if seen[string(r.Entry)] {
				t.Fatalf("%x twice", r.Entry)
			}
			seen[string(r.Entry)] = true
			k := famFlow4.AppendEntryKey(nil, bgp.NLRI{Value: r.Entry})
			if bytes.Compare(k, last) <= 0 {
				t.Fatalf("out of order: %x after %x", k, last)
			}
			last = k
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 250 || pages != 3 {
		t.Errorf("%d entries in %d pages", len(seen), pages)
	}
	if ValidCursor(famFlow4, "00") || ValidCursor(famFlow4, "zz") {
		t.Error("a short or non-hex cursor is valid")
	}
}

// TestEntriesStale: stale entries are swept by End-of-RIB of their family
// and by SweepStale, and their octets with them.
func TestEntriesStale(t *testing.T) {
	db := New(Config{})
	db.Apply(keyA, entryUpdate(t, as4, famEVPN, macIP1+macIP2, ""), t0)
	db.Apply(keyB, entryUpdate(t, as4, famLS, lsNode, ""), t0)
	db.MarkStale(keyA.Router, t0.Add(60e9))
	db.Apply(keyA, entryUpdate(t, as4, famEVPN, macIP2, ""), t0)
	db.Apply(keyA, build(t, as4, func(b *bgp.UpdateBuilder) { b.MPUnreach(famEVPN) }), t0)
	if got := entries(t, db, keyA, famEVPN); len(got) != 1 || !bytes.Contains([]byte(got[0]), []byte("44:aa")) {
		t.Fatalf("after End-of-RIB: %q", got)
	}
	checkInvariants(t, db) // the entry octets swept by End-of-RIB are counted off
	if n := db.SweepStale(t0.Add(61e9)); n != 1 {
		t.Fatalf("swept %d, want the BGP-LS node", n)
	}
	if got, want := db.RouterEntryBytes(keyA.Router), int64(db.Stats().EntryBytes); got != want || got == 0 {
		t.Errorf("router entry bytes %d, stats %d", got, want)
	}
}

// TestLookupEntries: entries are found by what they name.
func TestLookupEntries(t *testing.T) {
	db := New(Config{})
	db.Apply(keyA, entryUpdate(t, as4, famEVPN, macIP1+macIP2+ipPrefix5, ""), t0)
	db.Apply(keyB, entryUpdate(t, as4, famFlow4, flowRule, ""), t0)
	db.Apply(keyC, entryUpdate(t, as4, famLS, lsNode, ""), t0)
	mac := bgp.MAC{0, 0x11, 0x22, 0x33, 0x44, 0x55}
	tests := []struct {
		name  string
		q     EntryQuery
		want  []bgp.Family
		limit int
	}{
		{"MAC", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermMAC, MAC: mac}}, []bgp.Family{famEVPN}, 0},
		{"IP of a MAC/IP route", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("192.0.2.2/32")}}, []bgp.Family{famEVPN, famFlow4}, 0},
		{"IP inside an IP Prefix route", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("198.51.100.7/32")}}, []bgp.Family{famEVPN, famFlow4}, 0},
		{"IP in a FlowSpec source", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("198.51.7.7/32")}}, []bgp.Family{famFlow4}, 0},
		{"family filter", EntryQuery{Family: famFlow4, Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("192.0.2.0/24")}}, []bgp.Family{famFlow4}, 0},
		{"limit", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("192.0.2.0/24")}}, []bgp.Family{famEVPN}, 1},
		{"AS", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAS, AS: 65000}}, []bgp.Family{famLS}, 0},
		{"IS-IS system ID", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{0, 0, 0, 0, 0, 1}}}, []bgp.Family{famLS}, 0},
		{"another system ID", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{0, 0, 0, 0, 0, 2}}}, nil, 0},
		{"unrelated address", EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: pfx("203.0.113.1/32")}}, nil, 0},
	}
	for _, tc := range tests {
		m, trunc, err := db.LookupEntries(context.Background(), tc.q, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []bgp.Family
		for _, x := range m {
			got = append(got, x.Family)
			if x.Route.Entry == nil || x.Route.Attrs.Len() == 0 {
				t.Errorf("%s: match without entry or attributes", tc.name)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		if trunc != (tc.limit > 0) {
			t.Errorf("%s: truncated %v", tc.name, trunc)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := db.LookupEntries(ctx, EntryQuery{Term: bgp.EntryTerm{Kind: bgp.TermMAC, MAC: mac}}, 0); err == nil {
		t.Error("a done context does not stop the lookup")
	}
}
