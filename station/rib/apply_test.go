package rib

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestApplyIPv4 announces and withdraws IPv4 unicast routes and checks the
// stored prefixes (masked) and attribute octets.
func TestApplyIPv4(t *testing.T) {
	db := New(Config{})
	// 10.1.2.3/20 goes on the wire as 14 0a 01 02: the third octet carries
	// bits past the length, which the RIB clears (10.1.0.0/20).
	u := announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.2.3/20"), rt("192.0.2.0/24"))
	if a, w := mustApply(t, db, keyA, u); a != 3 || w != 0 {
		t.Fatalf("Apply = %d added, %d withdrawn; want 3, 0", a, w)
	}
	want := []string{"10.0.0.0/8", "10.1.0.0/20", "192.0.2.0/24"}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, want) {
		t.Fatalf("routes %v, want %v", got, want)
	}
	// The set is the path attributes field as sent (RFC 4271 §4.3).
	wantAttrs := unhex(t, `
		40 01 01 00                        # ORIGIN: well-known transitive, length 1, IGP
		40 02 0a 02 02 0000fde9 0000fdea   # AS_PATH: AS_SEQUENCE of 2, 65001 65002 (4-octet)
		40 03 04 cb007101                  # NEXT_HOP 203.0.113.1
	`)
	page, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 10)
	for _, r := range page {
		if !bytes.Equal(r.Attrs.Bytes(), wantAttrs) || !r.Attrs.AS4() {
			t.Errorf("%v: attrs %x (as4 %v), want %x", r.Prefix, r.Attrs.Bytes(), r.Attrs.AS4(), wantAttrs)
		}
	}
	a := pathOf(page[0].Attrs)
	if nh, _, ok := a.NextHop(bgp.IPv4Unicast); !ok || nh != nh4 {
		t.Errorf("NextHop = %v %v", nh, ok)
	}
	if p, ok := a.ASPath(); !ok || p.String() != "65001 65002" {
		t.Errorf("ASPath = %v %v", p, ok)
	}
	if o, ok := a.Origin(); !ok || o != bgp.OriginIGP {
		t.Errorf("Origin = %v %v", o, ok)
	}

	// Withdraw one held route and one that is not held.
	if a, w := mustApply(t, db, keyA, withdraw4(t, as4, rt("10.1.0.0/20"), rt("172.16.0.0/12"))); a != 0 || w != 1 {
		t.Fatalf("withdraw: %d added, %d withdrawn; want 0, 1", a, w)
	}
	want = []string{"10.0.0.0/8", "192.0.2.0/24"}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, want) {
		t.Fatalf("after withdraw %v, want %v", got, want)
	}
	checkInvariants(t, db)
}

// TestApplyIPv6 announces through MP_REACH_NLRI (RFC 4760 §3): the stored
// set keeps the family and next hop but not the NLRI; MP_UNREACH_NLRI
// withdraws.
func TestApplyIPv6(t *testing.T) {
	db := New(Config{})
	u := build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		// 2001:db8:1:2::/60 carries bits past the length in its 8th octet.
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8:1:2::/60"), rt("2001:db8::/32"))
	})
	mustApply(t, db, keyA, u)
	want := []string{"2001:db8::/32", "2001:db8:1::/60"}
	if got := prefixes(db, keyA, bgp.IPv6Unicast); !slices.Equal(got, want) {
		t.Fatalf("routes %v, want %v", got, want)
	}
	wantAttrs := unhex(t, `
		40 01 01 00
		40 02 0a 02 02 0000fde9 0000fdea
		80 0e 15          # MP_REACH_NLRI: optional non-transitive, length 21
		   0002 01        # AFI IPv6, SAFI unicast
		   10 20010db8000000000000000000000001  # next hop length 16, 2001:db8::1
		   00             # reserved; the NLRI are not kept
	`)
	page, _ := db.Routes(keyA, bgp.IPv6Unicast, "", 10)
	if !bytes.Equal(page[0].Attrs.Bytes(), wantAttrs) {
		t.Fatalf("attrs %x, want %x", page[0].Attrs.Bytes(), wantAttrs)
	}
	if nh, ok := nextHop(page[0].Attrs); !ok || nh != nh6 {
		t.Errorf("NextHop = %v %v", nh, ok)
	}
	if _, w := mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.MPUnreach(bgp.IPv6Unicast, rt("2001:db8::/32"))
	})); w != 1 {
		t.Fatalf("withdrew %d, want 1", w)
	}
	if got := prefixes(db, keyA, bgp.IPv6Unicast); !slices.Equal(got, want[1:]) {
		t.Fatalf("after withdraw %v", got)
	}
	checkInvariants(t, db)
}

// TestApplyMixed: one UPDATE withdrawing and announcing in both places;
// withdrawals apply before announcements (RFC 4271 §4.3), so a prefix both
// withdrawn and announced ends up held.
func TestApplyMixed(t *testing.T) {
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.2.0.0/16")))
	u := build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Withdraw(rt("10.0.0.0/8"))
		b.Withdraw(rt("10.2.0.0/16"))
		b.Origin(bgp.OriginEGP)
		b.ASPath(pathXYZ)
		b.NextHop(nh4)
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8::/32"))
		b.Announce(rt("10.0.0.0/8"))
	})
	a, w := mustApply(t, db, keyA, u)
	if a != 2 || w != 2 {
		t.Fatalf("Apply = %d, %d; want 2 added, 2 withdrawn", a, w)
	}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, []string{"10.0.0.0/8"}) {
		t.Fatalf("IPv4 %v", got)
	}
	p4, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 1)
	p6, _ := db.Routes(keyA, bgp.IPv6Unicast, "", 1)
	if len(p6) != 1 || !p4[0].Attrs.Equal(p6[0].Attrs) {
		t.Fatalf("IPv4 and IPv6 routes of one UPDATE should share the set")
	}
	if o, _ := pathOf(p4[0].Attrs).Origin(); o != bgp.OriginEGP {
		t.Errorf("origin %v, want EGP", o)
	}
	checkInvariants(t, db)
}

// TestApplyAddPath keeps the paths of one prefix apart by Path Identifier
// (RFC 7911) and withdraws them one by one.
func TestApplyAddPath(t *testing.T) {
	s := as4.WithAddPath(bgp.IPv4Unicast, true).WithAddPath(bgp.IPv6Unicast, true)
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, s, pathAB, nh4, rtID("10.0.0.0/8", 1), rtID("10.0.0.0/8", 2)))
	mustApply(t, db, keyA, announce4(t, s, pathXYZ, nh4, rtID("10.0.0.0/8", 3)))
	// Path 2 again with other attributes replaces path 2 only.
	mustApply(t, db, keyA, announce4(t, s, pathXYZ, nh4, rtID("10.0.0.0/8", 2)))
	want := []string{"10.0.0.0/8#1", "10.0.0.0/8#2", "10.0.0.0/8#3"}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, want) {
		t.Fatalf("routes %v, want %v", got, want)
	}
	page, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 10)
	if p, _ := pathOf(page[1].Attrs).ASPath(); p.String() != "64500 64501 64502" {
		t.Errorf("path 2 has AS path %v", p)
	}
	if p, _ := pathOf(page[0].Attrs).ASPath(); p.String() != "65001 65002" {
		t.Errorf("path 1 has AS path %v", p)
	}
	if _, w := mustApply(t, db, keyA, withdraw4(t, s, rtID("10.0.0.0/8", 1), rtID("10.0.0.0/8", 9))); w != 1 {
		t.Fatalf("withdrew %d, want 1", w)
	}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, want[1:]) {
		t.Fatalf("after withdraw %v", got)
	}
	if st := db.Stats(); st.Sets != 1 {
		t.Errorf("%d sets, want 1 (path 1's set is freed)", st.Sets)
	}
	checkInvariants(t, db)
}

// TestApplyVPN stores labeled (RFC 8277) and VPN (RFC 4364) routes with
// their labels and RD; a withdrawal matches by RD and prefix whatever its
// label field (RFC 8277 §2.4).
func TestApplyVPN(t *testing.T) {
	db := New(Config{})
	rd1 := bgp.RD{0, 0, 0xfd, 0xe9, 0, 0, 0, 1} // 65001:1
	rd2 := bgp.RD{0, 0, 0xfd, 0xe9, 0, 0, 0, 2} // 65001:2
	vpn := func(p string, rd bgp.RD, label uint32) bgp.Route {
		r := rt(p)
		r.RD = rd
		r.Labels[0] = bgp.Label(label<<4 | 1)
		r.NumLabels = 1
		return r
	}
	u := build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv4VPN, nh4, vpn("10.0.0.0/24", rd1, 100), vpn("10.0.0.0/24", rd2, 200), vpn("10.9.0.0/16", rd1, 300))
	})
	mustApply(t, db, keyA, u)
	want := []string{"65001:1 10.0.0.0/24", "65001:1 10.9.0.0/16", "65001:2 10.0.0.0/24"}
	if got := prefixes(db, keyA, bgp.IPv4VPN); !slices.Equal(got, want) {
		t.Fatalf("routes %v, want %v", got, want)
	}
	page, _ := db.Routes(keyA, bgp.IPv4VPN, "", 10)
	if page[2].NumLabels != 1 || page[2].Labels[0].Value() != 200 || !page[2].Labels[0].BottomOfStack() {
		t.Errorf("label stack of %v: %v", page[2].Prefix, page[2].LabelStack())
	}
	wd := vpn("10.0.0.0/24", rd2, 0)
	wd.Labels[0] = 0x800000
	if _, w := mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) { b.MPUnreach(bgp.IPv4VPN, wd) })); w != 1 {
		t.Fatalf("withdrew %d, want 1", w)
	}
	if got := prefixes(db, keyA, bgp.IPv4VPN); !slices.Equal(got, want[:2]) {
		t.Fatalf("after withdraw %v", got)
	}

	// Labeled unicast, IPv6: no RD, the label is kept.
	lu := rt("2001:db8:5::/48")
	lu.Labels[0], lu.NumLabels = bgp.Label(16<<4|1), 1
	mustApply(t, db, keyA, build(t, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Labeled, nh6, lu)
	}))
	page, _ = db.Routes(keyA, bgp.IPv6Labeled, "", 10)
	if len(page) != 1 || page[0].Prefix != pfx("2001:db8:5::/48") || page[0].Labels[0].Value() != 16 {
		t.Fatalf("labeled routes %+v", page)
	}
	checkInvariants(t, db)
}

// TestApplyTreatAsWithdraw: a malformed ORIGIN (RFC 7606 §7.1) makes the
// announced routes withdrawn, and Apply returns the verdict.
func TestApplyTreatAsWithdraw(t *testing.T) {
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.0.0/16")))
	msg := unhex(t, `
		ffffffffffffffffffffffffffffffff 002d 02   # header, length 45, UPDATE
		0000                     # no withdrawn routes
		0014                     # path attributes, 20 octets
		40 01 01 05              # ORIGIN 5: not IGP, EGP or INCOMPLETE
		40 02 06 02 01 0000fde9  # AS_PATH: AS_SEQUENCE 65001
		40 03 04 cb007101        # NEXT_HOP
		08 0a                    # NLRI 10.0.0.0/8
	`)
	u := parse(t, msg, as4)
	a, w, err := db.Apply(keyA, u, t0)
	var be *bgp.Error
	if !errors.As(err, &be) || be.Action != bgp.TreatAsWithdraw || be.Attr != bgp.AttrOrigin {
		t.Fatalf("err = %v, want the treat-as-withdraw verdict on ORIGIN", err)
	}
	if a != 0 || w != 1 {
		t.Fatalf("Apply = %d, %d; want 0 added, 1 withdrawn", a, w)
	}
	if got := prefixes(db, keyA, bgp.IPv4Unicast); !slices.Equal(got, []string{"10.1.0.0/16"}) {
		t.Fatalf("routes %v", got)
	}
	checkInvariants(t, db)
}

// TestApplyAttributeDiscard: a malformed AGGREGATOR (RFC 7606 §7.7) and a
// repeated attribute (§3(g)) are dropped from the stored set; the routes
// are kept.
func TestApplyAttributeDiscard(t *testing.T) {
	db := New(Config{})
	msg := unhex(t, `
		ffffffffffffffffffffffffffffffff 0037 02   # header, length 55
		0000
		001e                       # 30 octets of attributes
		40 01 01 00                # ORIGIN IGP
		40 02 06 02 01 0000fde9    # AS_PATH 65001
		40 03 04 cb007101          # NEXT_HOP
		c0 07 03 000102            # AGGREGATOR of 3 octets: attribute discard
		40 01 01 02                # ORIGIN again: the repeat is discarded
		08 0a                      # NLRI 10.0.0.0/8
	`)
	u := parse(t, msg, as4)
	a, _, err := db.Apply(keyA, u, t0)
	var be *bgp.Error
	if !errors.As(err, &be) || be.Action != bgp.AttributeDiscard {
		t.Fatalf("err = %v, want an attribute-discard verdict", err)
	}
	if a != 1 {
		t.Fatalf("added %d, want 1", a)
	}
	want := unhex(t, `
		40 01 01 00
		40 02 06 02 01 0000fde9
		40 03 04 cb007101
	`)
	page, _ := db.Routes(keyA, bgp.IPv4Unicast, "", 10)
	if len(page) != 1 || !bytes.Equal(page[0].Attrs.Bytes(), want) {
		t.Fatalf("stored %x, want %x", page[0].Attrs.Bytes(), want)
	}
	checkInvariants(t, db)
}

// TestApplySessionReset: an NLRI field that cannot be parsed (RFC 7606
// §5.3) applies nothing, not even the withdrawals.
func TestApplySessionReset(t *testing.T) {
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	msg := unhex(t, `
		ffffffffffffffffffffffffffffffff 0033 02   # length 51
		0002 08 0a                 # withdraw 10.0.0.0/8
		0014
		40 01 01 00
		40 02 06 02 01 0000fde9
		40 03 04 cb007101
		21 0a00000000              # prefix length 33: longer than IPv4
	`)
	u := parse(t, msg, as4)
	a, w, err := db.Apply(keyA, u, t0)
	var be *bgp.Error
	if !errors.As(err, &be) || be.Action != bgp.SessionReset || be.Subcode != bgp.SubInvalidNetworkField {
		t.Fatalf("err = %v, want a session-reset verdict", err)
	}
	if a != 0 || w != 0 || len(prefixes(db, keyA, bgp.IPv4Unicast)) != 1 {
		t.Fatalf("applied %d/%d; the table must be unchanged", a, w)
	}
	if _, _, err := db.Apply(keyA, bgp.UpdateView{}, t0); err == nil {
		t.Error("a zero UpdateView must be refused")
	}
}

// TestEndOfRIB records End-of-RIB (RFC 4724 §2) per family.
func TestEndOfRIB(t *testing.T) {
	db := New(Config{})
	mustApply(t, db, keyA, announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8")))
	// IPv4: the empty UPDATE.
	eor4 := unhex(t, "ffffffffffffffffffffffffffffffff 0017 02 0000 0000")
	mustApply(t, db, keyA, parse(t, eor4, as4))
	// IPv6: an UPDATE with only an empty MP_UNREACH_NLRI.
	eor6 := unhex(t, `
		ffffffffffffffffffffffffffffffff 001d 02 0000
		0006 80 0f 03 0002 01   # MP_UNREACH_NLRI, IPv6 unicast, no routes
	`)
	later := t0.Add(60e9)
	if _, _, err := db.Apply(keyA, parse(t, eor6, as4), later); err != nil {
		t.Fatal(err)
	}
	ti := db.Tables("192.0.2.1")
	if len(ti) != 1 {
		t.Fatalf("%d tables", len(ti))
	}
	got := map[bgp.Family]FamilyInfo{}
	for _, f := range ti[0].Families {
		got[f.Family] = f
	}
	if f := got[bgp.IPv4Unicast]; !f.EndOfRIB.Equal(t0) || f.Routes != 1 {
		t.Errorf("IPv4: %+v", f)
	}
	if f := got[bgp.IPv6Unicast]; !f.EndOfRIB.Equal(later) || f.Routes != 0 {
		t.Errorf("IPv6: %+v", f)
	}
	if ti[0].Routes != 1 || !ti[0].Updated.Equal(later) {
		t.Errorf("table info %+v", ti[0])
	}
}

// TestMaxRoutes refuses new routes beyond the limit but accepts
// replacements.
func TestMaxRoutes(t *testing.T) {
	db := New(Config{MaxRoutes: 3})
	u := announce4(t, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.0.0/16"), rt("10.2.0.0/16"), rt("10.3.0.0/16"), rt("10.4.0.0/16"))
	a, _, err := db.Apply(keyA, u, t0)
	if !errors.Is(err, ErrMaxRoutes) || a != 3 {
		t.Fatalf("Apply = %d, %v; want 3 added and ErrMaxRoutes", a, err)
	}
	// Replacing a held route is not refused.
	if a, _, err := db.Apply(keyA, announce4(t, as4, pathXYZ, nh4, rt("10.0.0.0/8")), t0); err != nil || a != 1 {
		t.Fatalf("replace: %d, %v", a, err)
	}
	// Another table shares the limit.
	if _, _, err := db.Apply(keyB, announce4(t, as4, pathXYZ, nh4, rt("10.0.0.0/8")), t0); !errors.Is(err, ErrMaxRoutes) {
		t.Fatalf("second table: %v", err)
	}
	mustApply(t, db, keyA, withdraw4(t, as4, rt("10.0.0.0/8")))
	mustApply(t, db, keyB, announce4(t, as4, pathXYZ, nh4, rt("10.0.0.0/8")))
	checkInvariants(t, db)
}

// TestApplyAllocs: once the tables, sets and history ring exist, applying
// UPDATEs (announcements changing attributes, withdrawals, re-announcements)
// allocates nothing.
func TestApplyAllocs(t *testing.T) {
	db := New(Config{HistoryTotal: 64})
	s := as4.WithAddPath(bgp.IPv6Unicast, true)
	routes := []bgp.Route{rt("10.0.0.0/8"), rt("10.1.0.0/16"), rt("10.2.0.0/16"), rt("10.3.0.0/16")}
	a := announce4(t, s, pathAB, nh4, routes...)
	b := announce4(t, s, pathXYZ, nh4, routes...)
	w := withdraw4(t, s, routes[:2]...)
	v6 := build(t, s, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Unicast, nh6, rtID("2001:db8::/32", 1), rtID("2001:db8::/32", 2))
		b.MPUnreach(bgp.IPv4VPN)
	})
	// Another table keeps both sets alive, so none is freed and re-made.
	mustApply(t, db, keyB, a)
	mustApply(t, db, keyC, b)
	mustApply(t, db, keyC, v6)
	step := func() {
		for _, u := range []bgp.UpdateView{a, v6, b, w, a, b} {
			if _, _, err := db.Apply(keyA, u, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 40 { // fill the history ring and the scratch space
		step()
	}
	if n := testing.AllocsPerRun(100, step); n != 0 {
		t.Errorf("Apply allocates %v times per 6 UPDATEs", n)
	}
	checkInvariants(t, db)
}
