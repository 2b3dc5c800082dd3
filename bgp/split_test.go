package bgp

import (
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

// v4Routes returns n distinct IPv4 /24s.
func v4Routes(n int) []Route {
	out := make([]Route, n)
	for i := range out {
		out[i] = Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)}
	}
	return out
}

// v6Routes returns n distinct IPv6 prefixes of the given length (>= 48).
func v6Routes(n, bits int) []Route {
	out := make([]Route, n)
	for i := range out {
		a := [16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 8), byte(i)}
		out[i] = Route{Prefix: netip.PrefixFrom(netip.AddrFrom16(a), bits)}
	}
	return out
}

var splitBase = []PathAttr{
	NewPathAttr(AttrOrigin, OriginIGP),
	NewPathAttr(AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}),
	NewPathAttr(AttrNextHop, NextHop{netip.MustParseAddr("192.0.2.1")}),
}

type famRoute struct {
	f Family
	r Route
}

func collect(seq func(func(Family, Route) bool)) []famRoute {
	var out []famRoute
	for f, r := range seq {
		out = append(out, famRoute{f, r})
	}
	return out
}

// checkSplit verifies that the pieces fit, decode back to themselves,
// keep every route in order, and carry the other attributes when (and
// only when) they announce.
func checkSplit(t *testing.T, u Update, s Session, pieces []Update) {
	t.Helper()
	var ann, wd []famRoute
	isMP := func(a PathAttr) bool { return a.Type == AttrMPReachNLRI || a.Type == AttrMPUnreachNLRI }
	var others []PathAttr
	for _, a := range u.Attrs {
		if !isMP(a) {
			others = append(others, a)
		}
	}
	for i, p := range pieces {
		msg, err := p.Append(nil, s)
		if err != nil {
			t.Fatalf("piece %d: Append: %v", i, err)
		}
		if len(msg) > s.MaxMessageLen() {
			t.Fatalf("piece %d: %d octets", i, len(msg))
		}
		back, err := DecodeUpdate(msg, s)
		if err != nil && len(p.NLRI) > 0 { // a withdraw-only piece lacks ORIGIN etc. legitimately
			t.Fatalf("piece %d: decode: %v", i, err)
		}
		if !reflect.DeepEqual(owNoOffs(back), owNoOffs(p)) {
			t.Errorf("piece %d does not decode back to itself", i)
		}
		var got []PathAttr
		for _, a := range p.Attrs {
			if !isMP(a) {
				got = append(got, a)
			}
		}
		announces := len(collect(p.Announced())) > 0
		if announces && !reflect.DeepEqual(got, others) {
			t.Errorf("piece %d announces with attributes %v, want %v", i, got, others)
		}
		if !announces && i > 0 && len(got) > 0 {
			t.Errorf("withdraw-only piece %d carries %v", i, got)
		}
		ann = append(ann, collect(p.Announced())...)
		wd = append(wd, collect(p.Withdrawals())...)
	}
	if want := collect(u.Announced()); !reflect.DeepEqual(ann, want) {
		t.Errorf("announced %d routes, want %d in order", len(ann), len(want))
	}
	if want := collect(u.Withdrawals()); !reflect.DeepEqual(wd, want) {
		t.Errorf("withdrawn %d routes, want %d in order", len(wd), len(want))
	}
}

func TestSplitUpdateFits(t *testing.T) {
	u := Update{Attrs: splitBase, NLRI: v4Routes(10)}
	got, err := SplitUpdate(u, Session{})
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], u) {
		t.Errorf("%v, %d pieces", err, len(got))
	}
}

func TestSplitUpdateIPv4(t *testing.T) {
	// Header 19 + 2 + 2 + attributes 20 + 4 octets per /24 <= 4096 holds
	// 1013 routes; 2000 routes take two messages.
	u := Update{Attrs: splitBase, NLRI: v4Routes(2000)}
	s := Session{AS4: true}
	got, err := SplitUpdate(u, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].NLRI) != 1013 || len(got[1].NLRI) != 987 {
		t.Fatalf("%d pieces", len(got))
	}
	checkSplit(t, u, s, got)

	// With ADD-PATH each route takes 8 octets: 506 per message.
	s = s.WithAddPath(IPv4Unicast, true)
	got, err = SplitUpdate(u, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || len(got[0].NLRI) != 506 {
		t.Fatalf("ADD-PATH: %d pieces, first %d routes", len(got), len(got[0].NLRI))
	}
	checkSplit(t, u, s, got)

	// Extended messages (RFC 8654): one message.
	s = Session{ExtendedMsg: true}
	if got, err = SplitUpdate(u, s); err != nil || len(got) != 1 {
		t.Errorf("extended: %v, %d pieces", err, len(got))
	}
}

func TestSplitUpdateMixed(t *testing.T) {
	u := Update{
		Withdrawn: v4Routes(500),
		Attrs: append(append([]PathAttr(nil), splitBase...),
			NewPathAttr(AttrMPUnreachNLRI, MPUnreach{Family: IPv6Unicast, Routes: v6Routes(300, 48)}),
			NewPathAttr(AttrCommunities, Communities{1, 2, 3}),
			NewPathAttr(AttrMPReachNLRI, MPReach{Family: IPv6Unicast, NextHop: netip.MustParseAddr("2001:db8::1").AsSlice(), Routes: v6Routes(700, 56)}),
		),
		NLRI: v4Routes(100),
	}
	s := Session{AS4: true}
	got, err := SplitUpdate(u, s)
	if err != nil {
		t.Fatal(err)
	}
	// 2000 + 2100 + 400 + 4900 octets of routes: at least 3 messages.
	if len(got) < 3 {
		t.Fatalf("%d pieces", len(got))
	}
	checkSplit(t, u, s, got)
	// The first piece only withdraws: it carries no other attributes.
	if len(got[0].NLRI) != 0 || len(got[0].Attrs) != 1 || got[0].Attrs[0].Type != AttrMPUnreachNLRI {
		t.Errorf("first piece attributes %v", got[0].Attrs)
	}
}

func TestSplitUpdateWithdrawOnly(t *testing.T) {
	// Attributes of an UPDATE that announces nothing stay in the first message.
	u := Update{Withdrawn: v4Routes(1500), Attrs: []PathAttr{NewPathAttr(AttrOrigin, OriginIGP)}}
	got, err := SplitUpdate(u, Session{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].Attrs) != 1 || len(got[1].Attrs) != 0 {
		t.Fatalf("%d pieces", len(got))
	}
	checkSplit(t, u, Session{}, got)
}

func TestSplitUpdateRawNLRI(t *testing.T) {
	raw := make([]byte, 3000)
	u := Update{Attrs: append(append([]PathAttr(nil), splitBase[:2]...),
		NewPathAttr(AttrMPReachNLRI, MPReach{Family: Family{AFIL2VPN, SAFIEVPN}, NextHop: []byte{192, 0, 2, 1}, RawNLRI: raw})),
		NLRI: v4Routes(400)}
	s := Session{AS4: true}
	got, err := SplitUpdate(u, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d pieces", len(got))
	}
	// The raw NLRI go whole into the second message, after the IPv4 routes.
	if a, ok := got[1].Attr(AttrMPReachNLRI); !ok || len(a.Value.(MPReach).RawNLRI) != 3000 {
		t.Errorf("second piece: %v", got[1].Attrs)
	}
	if _, ok := got[0].Attr(AttrMPReachNLRI); ok {
		t.Error("first piece carries the raw NLRI too")
	}
}

func TestSplitUpdateErrors(t *testing.T) {
	// 1100 communities (4400 octets) leave no room for any route.
	cs := make(Communities, 1100)
	u := Update{Attrs: append(append([]PathAttr(nil), splitBase...), NewPathAttr(AttrCommunities, cs)), NLRI: v4Routes(2)}
	if _, err := SplitUpdate(u, Session{}); !errors.Is(err, errSplitUnit) {
		t.Errorf("huge attributes: %v", err)
	}
	// A route that cannot be written.
	u = Update{Attrs: splitBase, NLRI: append(v4Routes(1100), owRoute("2001:db8::/32"))}
	if _, err := SplitUpdate(u, Session{}); !errors.Is(err, errRouteFamily) {
		t.Errorf("bad route: %v", err)
	}
}
