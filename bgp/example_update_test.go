package bgp_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"

	"github.com/bgplens/bgplens/bgp"
)

// An UPDATE announcing 10.0.0.0/8 and 192.0.2.0/24 and withdrawing
// 198.51.100.0/24, with 4-octet ASNs.
const exampleUpdate = "ffffffffffffffffffffffffffffffff" + "003c" + "02" +
	"0004" + "18c63364" + // withdrawn routes
	"001b" + // total path attribute length
	"40010100" + // ORIGIN IGP
	"4002060201" + "0000fde9" + // AS_PATH 65001
	"400304c0000201" + // NEXT_HOP 192.0.2.1
	"80040400000064" + // MULTI_EXIT_DISC 100
	"080a" + "18c00002" // NLRI

func ExampleDecodeUpdate() {
	msg, _ := hex.DecodeString(exampleUpdate)
	u, err := bgp.DecodeUpdate(msg, bgp.Session{AS4: true})
	var e *bgp.Error
	if errors.As(err, &e) && e.Action >= bgp.TreatAsWithdraw {
		fmt.Println("treat the routes as withdrawn:", e)
		return
	}
	for _, a := range u.Attrs {
		fmt.Printf("%v %v\n", a.Type, a.Value)
	}
	for f, r := range u.Announced() {
		fmt.Println("announce", f, r.Prefix)
	}
	for f, r := range u.Withdrawals() {
		fmt.Println("withdraw", f, r.Prefix)
	}
	// Output:
	// ORIGIN IGP
	// AS_PATH 65001
	// NEXT_HOP {192.0.2.1}
	// MULTI_EXIT_DISC 100
	// announce IPv4 Unicast 10.0.0.0/8
	// announce IPv4 Unicast 192.0.2.0/24
	// withdraw IPv4 Unicast 198.51.100.0/24
}

func ExampleUpdate_Append() {
	u := bgp.Update{
		Attrs: []bgp.PathAttr{
			bgp.NewPathAttr(bgp.AttrOrigin, bgp.OriginIGP),
			bgp.NewPathAttr(bgp.AttrASPath, bgp.ASPath{Segments: []bgp.ASSegment{
				{Type: bgp.SegmentSequence, ASNs: []uint32{65001}},
			}}),
			bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{
				Family:  bgp.IPv6Unicast,
				NextHop: bgp.AppendMPNextHop(nil, bgp.IPv6Unicast, netip.MustParseAddr("2001:db8::1"), netip.Addr{}),
				Routes:  []bgp.Route{{Prefix: netip.MustParsePrefix("2001:db8:1::/48")}},
			}),
		},
	}
	msg, err := u.Append(nil, bgp.Session{AS4: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(msg), "octets")
	fmt.Println(hex.EncodeToString(msg[bgp.HeaderLen:]))
	// Output:
	// 67 octets
	// 0000002c4001010040020602010000fde9800e1c0002011020010db8000000000000000000000001003020010db80001
}

func ExampleUpdateBuilder() {
	buf := make([]byte, 0, 4096) // reuse it: building allocates nothing
	b := bgp.NewUpdateBuilder(buf, bgp.Session{AS4: true})
	b.Withdraw(bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{65001}}}})
	b.NextHop(netip.MustParseAddr("192.0.2.1"))
	b.MED(100)
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("10.0.0.0/8")})
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("192.0.2.0/24")})
	msg, err := b.Finish()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hex.EncodeToString(msg) == exampleUpdate)
	// Output: true
}

func ExampleMergeAS4Path() {
	// An OLD (2-octet) speaker passed on AS 4200000001 as AS_TRANS and
	// prepended its own AS 65001; AS4_PATH kept the 4-octet ASN.
	asPath := bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{65001, bgp.ASTrans, 65002}}}}
	as4Path := bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{4200000001, 65002}}}}
	fmt.Println(bgp.MergeAS4Path(asPath, as4Path))
	// Output: 65001 4200000001 65002
}

func ExampleSplitUpdate() {
	u := bgp.Update{Attrs: []bgp.PathAttr{
		bgp.NewPathAttr(bgp.AttrOrigin, bgp.OriginIGP),
		bgp.NewPathAttr(bgp.AttrASPath, bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{65001}}}}),
		bgp.NewPathAttr(bgp.AttrNextHop, bgp.NextHop{Addr: netip.MustParseAddr("192.0.2.1")}),
	}}
	for i := range 1500 {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)
		u.NLRI = append(u.NLRI, bgp.Route{Prefix: p})
	}
	s := bgp.Session{AS4: true}
	parts, err := bgp.SplitUpdate(u, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		msg, _ := p.Append(nil, s)
		fmt.Println(len(p.NLRI), "routes,", len(msg), "octets")
	}
	// Output:
	// 1013 routes, 4095 octets
	// 487 routes, 1991 octets
}

func ExampleUpdateValues() {
	msg, _ := hex.DecodeString(exampleUpdate)
	// One UpdateValues serves every message of a stream: Decode reuses its
	// storage, so reading a stream allocates nothing once it has grown.
	var d bgp.UpdateValues
	if err := d.Decode(msg, bgp.Session{AS4: true}); err != nil {
		fmt.Println("session reset:", err)
		return
	}
	if v := d.Verdict(); v != nil {
		fmt.Println("RFC 7606:", v.Action)
	}
	fmt.Println("origin", d.Origin, "path", d.ASPath, "next hop", d.NextHop)
	if d.Has(bgp.AttrMultiExitDisc) {
		fmt.Println("MED", d.MultiExitDisc)
	}
	fmt.Println("has LOCAL_PREF:", d.Has(bgp.AttrLocalPref))
	for _, r := range d.NLRI {
		fmt.Println("announce", r.Prefix)
	}
	for _, r := range d.Withdrawn {
		fmt.Println("withdraw", r.Prefix)
	}
	// Output:
	// origin IGP path 65001 next hop 192.0.2.1
	// MED 100
	// has LOCAL_PREF: false
	// announce 10.0.0.0/8
	// announce 192.0.2.0/24
	// withdraw 198.51.100.0/24
}
