package bgp

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
)

// TestPathAttrAppend writes each owned value and compares with the layout
// of its RFC.
func TestPathAttrAppend(t *testing.T) {
	as2, as4 := Session{}, Session{AS4: true}
	cases := []struct {
		name string
		a    PathAttr
		s    Session
		want string
	}{
		{"ORIGIN EGP", NewPathAttr(AttrOrigin, OriginEGP), as4, `40 01 01 01`},
		{"AS_PATH 2-octet", NewPathAttr(AttrASPath, mkPath(segSeq(65001, 65002), segSet(65003))), as2,
			`40 02 0a 02 02 fde9 fdea 01 01 fdeb`},
		{"AS_PATH 4-octet", NewPathAttr(AttrASPath, mkPath(segConfedSeq(64512), segSeq(4200000000))), as4,
			`40 02 0c 03 01 0000fc00 02 01 fa56ea00`},
		{"AS4_PATH is 4-octet in a 2-octet session (RFC 6793 §3)", NewPathAttr(AttrAS4Path, mkPath(segSeq(4200000000))), as2,
			`c0 11 06 02 01 fa56ea00`},
		{"NEXT_HOP", NewPathAttr(AttrNextHop, NextHop{owAddr("198.51.100.1")}), as2, `40 03 04 c6336401`},
		{"MULTI_EXIT_DISC", NewPathAttr(AttrMultiExitDisc, MultiExitDisc(0x01020304)), as2, `80 04 04 01020304`},
		{"LOCAL_PREF", NewPathAttr(AttrLocalPref, LocalPref(100)), as2, `40 05 04 00000064`},
		{"ATOMIC_AGGREGATE", NewPathAttr(AttrAtomicAggregate, AtomicAggregate{}), as2, `40 06 00`},
		{"AGGREGATOR 2-octet", NewPathAttr(AttrAggregator, Aggregator{65001, owAddr("192.0.2.1")}), as2, `c0 07 06 fde9 c0000201`},
		{"AGGREGATOR 4-octet", NewPathAttr(AttrAggregator, Aggregator{65001, owAddr("192.0.2.1")}), as4, `c0 07 08 0000fde9 c0000201`},
		{"AS4_AGGREGATOR is 4-octet in a 2-octet session", NewPathAttr(AttrAS4Aggregator, Aggregator{4200000000, owAddr("192.0.2.1")}), as2,
			`c0 12 08 fa56ea00 c0000201`},
		{"COMMUNITIES", NewPathAttr(AttrCommunities, Communities{0xffffff01, 65001<<16 | 7}), as2, `c0 08 08 ffffff01 fde90007`},
		{"ORIGINATOR_ID", NewPathAttr(AttrOriginatorID, OriginatorID{owAddr("10.0.0.1")}), as2, `80 09 04 0a000001`},
		{"CLUSTER_LIST", NewPathAttr(AttrClusterList, ClusterList{owAddr("10.0.0.1"), owAddr("10.0.0.2")}), as2, `80 0a 08 0a000001 0a000002`},
		{"EXTENDED_COMMUNITIES", NewPathAttr(AttrExtCommunities, ExtCommunities{{0x01, 0x02, 192, 0, 2, 1, 0, 7}}), as2,
			`c0 10 08 0102 c0000201 0007`},
		{"IPv6 extended communities", NewPathAttr(AttrIPv6ExtCommunities, IPv6ExtCommunities{owV6Ext}), as2,
			`c0 19 14 0002 20010db8000000000000000000000001 0064`},
		{"AIGP", NewPathAttr(AttrAIGP, AIGP{{AIGPTypeMetric, []byte{0, 0, 0, 0, 0, 0, 1, 0}}}), as2, `80 1a 0b 01 000b 0000000000000100`},
		{"LARGE_COMMUNITY", NewPathAttr(AttrLargeCommunities, LargeCommunities{{4200000000, 1, 2}, {65001, 3, 4}}), as2,
			`c0 20 18 fa56ea00 00000001 00000002 0000fde9 00000003 00000004`},
		{"OTC", NewPathAttr(AttrOTC, OTC(65001)), as2, `c0 23 04 0000fde9`},
		{"MP_REACH_NLRI", NewPathAttr(AttrMPReachNLRI, MPReach{Family: IPv4Labeled, NextHop: []byte{192, 0, 2, 1},
			Routes: []Route{owLabeled("192.0.2.0/24", owLabel(16000, true))}}), as2,
			`80 0e 10 0001 04 04 c0000201 00 30 03e801 c00002`},
		{"MP_UNREACH_NLRI with ADD-PATH", NewPathAttr(AttrMPUnreachNLRI, MPUnreach{Family: IPv6Unicast,
			Routes: []Route{owPathRoute(9, "2001:db8::/32")}}), as2.WithAddPath(IPv6Unicast, true),
			`80 0f 0c 0002 01 00000009 20 20010db8`},
		{"raw, flags as given", PathAttr{0xef, 200, RawAttr{9}}, as2, `ef c8 01 09`},
		{"Extended Length kept on a short value", PathAttr{0x50, AttrOrigin, OriginIGP}, as2, `50 01 0001 00`},
	}
	for _, c := range cases {
		got, err := c.a.Append([]byte{0xaa}, c.s)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if want := append([]byte{0xaa}, unhex(t, c.want)...); !bytes.Equal(got, want) {
			t.Errorf("%s:\n% x\nwant\n% x", c.name, got, want)
		}
	}
}

// TestPathAttrRoundTrip decodes each attribute of the big vector on its
// own and appends it back.
func TestPathAttrRoundTrip(t *testing.T) {
	msg := updateMsg(t, ownedVectors[0].body)
	s := Session{AS4: true}
	v, err := ParseUpdate(msg, s)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for a := range v.Attrs() {
		val, ok := decodeAttrValue(a, s)
		if !ok && a.Type.Known() {
			t.Errorf("%v not decoded", a.Type)
			continue
		}
		if !ok {
			val = RawAttr(a.Value)
		}
		got, err := PathAttr{a.Flags, a.Type, val}.Append(nil, s)
		if want := msg[a.Off : a.Off+a.Len()]; err != nil || !bytes.Equal(got, want) {
			t.Errorf("%v: %v\n% x\nwant\n% x", a.Type, err, got, want)
		}
		n++
	}
	if n != 16 {
		t.Errorf("%d attributes, want 16", n)
	}
}

func TestPathAttrLengthForm(t *testing.T) {
	for _, c := range []struct {
		n     int
		flags byte
		hdr   int
	}{
		{255, 0xc0, 3}, // the longest value with a 1-octet length
		{256, 0xd0, 4}, // the Extended Length bit is set
		{65535, 0xd0, 4},
	} {
		got, err := PathAttr{0xc0, 99, RawAttr(make([]byte, c.n))}.Append(nil, Session{})
		if err != nil || got[0] != c.flags || len(got) != c.hdr+c.n {
			t.Errorf("%d octets: %v flags %#x length %d", c.n, err, got[0], len(got))
		}
	}
	if _, err := (PathAttr{0xd0, 99, RawAttr(make([]byte, 65536))}).Append(nil, Session{}); !errors.Is(err, errAttrTooLong) {
		t.Errorf("65536 octets: %v", err)
	}
	if _, err := (PathAttr{0xc0, 99, RawAttr(make([]byte, 65536))}).Append(nil, Session{}); !errors.Is(err, errAttrTooLong) {
		t.Errorf("65536 octets without the bit: %v", err)
	}
}

func TestAIGPMetric(t *testing.T) {
	g := AIGP{{7, []byte{1}}, {AIGPTypeMetric, []byte{0, 0, 0, 0, 0, 0, 0x01, 0x2c}}, {AIGPTypeMetric, []byte{0, 0, 0, 0, 0, 0, 0, 1}}}
	// RFC 7311 §3: the first AIGP TLV counts.
	if m, ok := g.Metric(); !ok || m != 300 {
		t.Errorf("Metric %d %v, want 300", m, ok)
	}
	if _, ok := (AIGP{{AIGPTypeMetric, []byte{1}}}).Metric(); ok {
		t.Error("short metric accepted")
	}
}

func TestAppendMPNextHop(t *testing.T) {
	cases := []struct {
		f      Family
		nh, ll netip.Addr
		want   []byte
	}{
		{IPv4Unicast, owAddr("192.0.2.1"), netip.Addr{}, []byte{192, 0, 2, 1}},
		{IPv4VPN, owAddr("192.0.2.1"), netip.Addr{}, []byte{0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1}},
		{IPv6Unicast, owAddr("2001:db8::1"), owAddr("fe80::1"), append(owAddr("2001:db8::1").AsSlice(), owAddr("fe80::1").AsSlice()...)},
		{IPv4Unicast, owAddr("2001:db8::1"), netip.Addr{}, owAddr("2001:db8::1").AsSlice()}, // RFC 8950
		{IPv6Unicast, netip.Addr{}, netip.Addr{}, nil},
	}
	for _, c := range cases {
		if got := AppendMPNextHop(nil, c.f, c.nh, c.ll); !bytes.Equal(got, c.want) {
			t.Errorf("%v %v %v: % x, want % x", c.f, c.nh, c.ll, got, c.want)
		}
	}
}

func TestCheckRouteEncodable(t *testing.T) {
	good := []struct {
		r Route
		f Family
	}{
		{owLabeled("192.0.2.0/24", owLabel(16, true)), IPv4Labeled},
		{owLabeled("192.0.2.0/24", 0x800000), IPv4Labeled},
		{owLabeled("192.0.2.0/24", owLabel(16, false), owLabel(17, false), owLabel(18, true)), IPv4Labeled},
		{owVPN(owRD0, "2001:db8::/128", owLabel(16, true)), IPv6VPN}, // 24+64+128 = 216 bits
	}
	for _, c := range good {
		if err := checkRouteEncodable(&c.r, c.f); err != nil {
			t.Errorf("%v %v: %v", c.f, c.r.Prefix, err)
		}
	}
	bad := []struct {
		r Route
		f Family
	}{
		{Route{}, IPv4Unicast},
		{owRoute("2001:db8::/32"), IPv4Unicast},
		{owRoute("192.0.2.0/24"), IPv6Unicast},
		{owLabeled("192.0.2.0/24", owLabel(16, false)), IPv4Labeled},                                      // stack never ends
		{owLabeled("192.0.2.0/24", owLabel(16, true), owLabel(17, true)), IPv4Labeled},                    // ends early
		{owVPN(owRD0, "2001:db8::/128", owLabel(1, false), owLabel(2, false), owLabel(3, true)), IPv6VPN}, // 72+64+128 bits
		{Route{Prefix: owPrefix("192.0.2.0/24"), NumLabels: 5}, IPv4Labeled},
	}
	for _, c := range bad {
		if err := checkRouteEncodable(&c.r, c.f); err == nil {
			t.Errorf("%v %v %v: accepted", c.f, c.r.Prefix, c.r.LabelStack())
		}
	}
}

func TestNewPathAttrFlags(t *testing.T) {
	cases := []struct {
		t    AttrType
		want AttrFlags
	}{
		{AttrOrigin, FlagTransitive},
		{AttrMultiExitDisc, FlagOptional},
		{AttrCommunities, FlagOptional | FlagTransitive},
		{AttrMPReachNLRI, FlagOptional},
		{99, FlagOptional | FlagTransitive},
	}
	for _, c := range cases {
		if got := NewPathAttr(c.t, RawAttr{}).Flags; got != c.want {
			t.Errorf("%v: flags %v, want %v", c.t, got, c.want)
		}
	}
}
