package bgp

import (
	"bytes"
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

// buildSimple writes the simpleUpdate vector of update_test.go.
func buildSimple(b *UpdateBuilder) {
	b.Withdraw(owRoute("198.51.100.0/24"))
	b.Origin(OriginIGP)
	b.ASPath(mkPath(segSeq(65001)))
	b.NextHop(owAddr("192.0.2.1"))
	b.MED(100)
	b.Announce(owRoute("10.0.0.0/8"))
	b.Announce(owRoute("192.0.2.0/24"))
}

func TestUpdateBuilderSimple(t *testing.T) {
	b := NewUpdateBuilder([]byte("xy"), Session{AS4: true})
	buildSimple(b)
	got, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte("xy"), unhex(t, simpleUpdate)...); !bytes.Equal(got, want) {
		t.Errorf("built\n% x\nwant\n% x", got, want)
	}
	// Finishing again gives the same message.
	if again, err := b.Finish(); err != nil || !bytes.Equal(again, got) {
		t.Errorf("second Finish: %v", err)
	}
	// Nothing may follow Finish.
	b.Announce(owRoute("10.0.0.0/8"))
	if !errors.Is(b.Err(), errBuildOrder) {
		t.Errorf("Announce after Finish: %v", b.Err())
	}
}

func TestUpdateBuilderEndOfRIB(t *testing.T) {
	got, err := NewUpdateBuilder(nil, Session{}).Finish()
	if err != nil || !bytes.Equal(got, updateMsg(t, `0000 0000`)) {
		t.Errorf("empty builder: %v % x", err, got)
	}
	b := NewUpdateBuilder(nil, Session{})
	b.MPUnreach(IPv6Unicast)
	got, err = b.Finish()
	if want := updateMsg(t, ownedVectors[10].body); err != nil || !bytes.Equal(got, want) {
		t.Errorf("IPv6 End-of-RIB: %v\n% x\nwant\n% x", err, got, want)
	}
}

func TestUpdateBuilderAllAttributes(t *testing.T) {
	s := Session{AS4: true}.WithAddPath(IPv6Unicast, true)
	b := NewUpdateBuilder(nil, s)
	b.Origin(OriginEGP)
	b.ASPath(mkPath(segSeq(65001, 4200000000), segSet(65002)))
	b.NextHop(owAddr("192.0.2.1"))
	b.MED(7)
	b.LocalPref(100)
	b.AtomicAggregate()
	b.Aggregator(Aggregator{4200000000, owAddr("192.0.2.9")})
	b.Communities(65001<<16|1, 0xffffff02)
	b.ExtCommunities(ExtCommunity{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 0x64})
	b.LargeCommunities(LargeCommunity{4200000000, 1, 2})
	b.OTC(65001)
	b.Attr(PathAttr{0xe0, 99, RawAttr{1, 2, 3}})
	b.MPReach(IPv6Unicast, owAddr("2001:db8::1"), owWithPath(1, owRoute("2001:db8::/32")), owWithPath(2, owRoute("2001:db8::/32")))
	b.MPUnreach(IPv4Labeled, owLabeled("198.51.100.0/24", 0x800000))
	b.Announce(owRoute("192.0.2.0/24"))
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeUpdate(msg, s)
	if err != nil {
		t.Fatalf("decoding the built message: %v", err)
	}
	want := Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginEGP},
			{0x40, AttrASPath, mkPath(segSeq(65001, 4200000000), segSet(65002))},
			{0x40, AttrNextHop, NextHop{owAddr("192.0.2.1")}},
			{0x80, AttrMultiExitDisc, MultiExitDisc(7)},
			{0x40, AttrLocalPref, LocalPref(100)},
			{0x40, AttrAtomicAggregate, AtomicAggregate{}},
			{0xc0, AttrAggregator, Aggregator{4200000000, owAddr("192.0.2.9")}},
			{0xc0, AttrCommunities, Communities{65001<<16 | 1, 0xffffff02}},
			{0xc0, AttrExtCommunities, ExtCommunities{{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 0x64}}},
			{0xc0, AttrLargeCommunities, LargeCommunities{{4200000000, 1, 2}}},
			{0xc0, AttrOTC, OTC(65001)},
			{0xe0, 99, RawAttr{1, 2, 3}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv6Unicast, NextHop: owAddr("2001:db8::1").AsSlice(),
				Routes: []Route{owWithPath(1, owRoute("2001:db8::/32")), owWithPath(2, owRoute("2001:db8::/32"))}}},
			{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv4Labeled, Routes: []Route{owLabeled("198.51.100.0/24", 0x800000)}}},
		},
		NLRI: []Route{owRoute("192.0.2.0/24")},
	}
	if g := owNoOffs(got); !reflect.DeepEqual(g, want) {
		t.Errorf("decoded\n%#v\nwant\n%#v", g, want)
	}
	// The builder and Update.Append agree byte for byte.
	if again, err := got.Append(nil, s); err != nil || !bytes.Equal(again, msg) {
		t.Errorf("Append of the decoded message differs: %v", err)
	}
}

func TestUpdateBuilderVPN(t *testing.T) {
	// The VPN-IPv4 vector of update_owned_test.go, but for its MP_UNREACH.
	s := Session{AS4: true}
	b := NewUpdateBuilder(nil, s)
	b.Origin(OriginIGP)
	b.ASPath(mkPath(segSeq(65001)))
	b.ExtCommunities(ExtCommunity{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 0x64})
	b.MPReach(IPv4VPN, owAddr("192.0.2.1"),
		owVPN(owRD0, "192.0.2.0/24", owLabel(16000, true)),
		owVPN(owRD1, "198.51.100.0/24", owLabel(16001, true)),
		owVPN(owRD2, "203.0.113.1/32", owLabel(16002, true)))
	b.MPUnreach(IPv4VPN, owVPN(owRD0, "192.0.2.0/24", 0x800000))
	got, err := b.Finish()
	if want := updateMsg(t, ownedVectors[6].body); err != nil || !bytes.Equal(got, want) {
		t.Errorf("VPN-IPv4: %v\n% x\nwant\n% x", err, got, want)
	}
}

func TestUpdateBuilderErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(b *UpdateBuilder)
		want  error
	}{
		{"withdraw after an attribute", func(b *UpdateBuilder) {
			b.Origin(OriginIGP)
			b.Withdraw(owRoute("192.0.2.0/24"))
		}, errBuildOrder},
		{"attribute after NLRI", func(b *UpdateBuilder) {
			b.Announce(owRoute("192.0.2.0/24"))
			b.Origin(OriginIGP)
		}, errBuildOrder},
		{"the first error sticks", func(b *UpdateBuilder) {
			b.NextHop(owAddr("2001:db8::1"))
			b.Announce(owRoute("192.0.2.0/24"))
			b.Origin(OriginIGP) // would be an order error
		}, errAddr},
		{"IPv6 route in the IPv4 withdrawn field", func(b *UpdateBuilder) { b.Withdraw(owRoute("2001:db8::/32")) }, errRouteFamily},
		{"MP_REACH_NLRI without a next hop", func(b *UpdateBuilder) { b.MPReach(IPv6Unicast, netip.Addr{}, owRoute("2001:db8::/32")) }, errNextHop},
		{"MP_REACH_NLRI for a raw family", func(b *UpdateBuilder) {
			b.MPReach(Family{AFIL2VPN, SAFIEVPN}, owAddr("192.0.2.1"), owRoute("192.0.2.0/24"))
		}, errOpaqueRoutes},
		{"4-octet ASN in a 2-octet session", func(b *UpdateBuilder) { b.ASPath(mkPath(segSeq(4200000000))) }, errASNWidth},
		{"empty COMMUNITIES", func(b *UpdateBuilder) { b.Communities() }, errEmptyList},
		{"nil attribute value", func(b *UpdateBuilder) { b.Attr(PathAttr{Flags: 0x40, Type: AttrOrigin}) }, errNoValue},
	}
	for _, c := range cases {
		buf := []byte{1, 2, 3}
		b := NewUpdateBuilder(buf, Session{})
		c.build(b)
		got, err := b.Finish()
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if !bytes.Equal(got, []byte{1, 2, 3}) {
			t.Errorf("%s: returned % x, want the buffer as given", c.name, got)
		}
	}

	// Over the 4096-octet limit: 1100 /24s.
	b := NewUpdateBuilder(nil, Session{})
	for i := range 1100 {
		b.Announce(Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)})
	}
	var e *Error
	if got, err := b.Finish(); !errors.As(err, &e) || e.Subcode != SubBadMessageLength || len(got) != 0 {
		t.Errorf("too long: %v, %d octets", err, len(got))
	}
}

func TestUpdateBuilderExtendedLength(t *testing.T) {
	// 30 large communities are 360 octets: the builder sets Extended Length.
	cs := make([]LargeCommunity, 30)
	for i := range cs {
		cs[i] = LargeCommunity{65001, uint32(i), 0}
	}
	b := NewUpdateBuilder(nil, Session{AS4: true})
	b.LargeCommunities(cs...)
	b.OTC(65001)
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	// flags 0xd0 (optional transitive, extended length), type 32, length 360.
	if want := []byte{0xd0, 32, 0x01, 0x68, 0, 0, 0xfd, 0xe9}; !bytes.Equal(msg[23:31], want) {
		t.Errorf("header % x, want % x", msg[23:31], want)
	}
	u, err := DecodeUpdate(msg, Session{AS4: true})
	if err != nil || !reflect.DeepEqual(u.Attrs[0].Value, LargeCommunities(cs)) || u.Attrs[1].Value != OTC(65001) {
		t.Errorf("decoded %v %#v", err, u.Attrs)
	}
}

func TestUpdateBuilderAllocs(t *testing.T) {
	buf := make([]byte, 0, 4096)
	s := Session{AS4: true}
	path := mkPath(segSeq(65001, 65002))
	routes := []Route{owRoute("2001:db8::/32"), owRoute("2001:db8:1::/48")}
	nh, nh6 := owAddr("192.0.2.1"), owAddr("2001:db8::1")
	noAllocs(t, func() {
		b := NewUpdateBuilder(buf[:0], s)
		b.Withdraw(owRoute("198.51.100.0/24"))
		b.Origin(OriginIGP)
		b.ASPath(path)
		b.NextHop(nh)
		b.MED(100)
		b.Communities(65001<<16|1, 65001<<16|2)
		b.LargeCommunities(LargeCommunity{65001, 1, 2})
		b.MPReach(IPv6Unicast, nh6, routes...)
		b.Announce(owRoute("192.0.2.0/24"))
		if _, err := b.Finish(); err != nil {
			t.Fatal(err)
		}
	})
}
