package bgp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"reflect"
	"testing"
)

// updateMsg prefixes body with an UPDATE header (RFC 4271 §4.1) whose
// length field counts the 19 header octets and the body.
func updateMsg(t testing.TB, body string) []byte {
	t.Helper()
	b := unhex(t, body)
	msg := make([]byte, 0, HeaderLen+len(b))
	msg = append(msg, marker[:]...)
	msg = binary.BigEndian.AppendUint16(msg, uint16(HeaderLen+len(b)))
	msg = append(msg, byte(MsgUpdate))
	return append(msg, b...)
}

var (
	owPrefix = netip.MustParsePrefix
	owAddr   = netip.MustParseAddr
)

func owRoute(p string) Route { return Route{Prefix: owPrefix(p)} }

func owPathRoute(id uint32, p string) Route { return Route{Prefix: owPrefix(p), PathID: id} }

func owLabeled(p string, labels ...Label) Route {
	r := Route{Prefix: owPrefix(p), NumLabels: uint8(len(labels))}
	copy(r.Labels[:], labels)
	return r
}

func owVPN(rd RD, p string, labels ...Label) Route {
	r := owLabeled(p, labels...)
	r.RD = rd
	return r
}

// owLabel is the 3-octet label field of RFC 8277 §2: the 20-bit label, the
// traffic class bits (0 here) and the bottom-of-stack bit.
func owLabel(v uint32, bos bool) Label {
	l := Label(v << 4)
	if bos {
		l |= 1
	}
	return l
}

// Route distinguishers of RFC 4364 §4.2, one of each type.
var (
	owRD0   = RD{0, 0, 0xfd, 0xe9, 0, 0, 0, 0x64}    // 65001:100
	owRD1   = RD{0, 1, 192, 0, 2, 1, 0, 7}           // 192.0.2.1:7
	owRD2   = RD{0, 2, 0xfa, 0x56, 0xea, 0x00, 0, 9} // 4200000000:9
	owV6Ext = IPv6ExtCommunity{0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 15: 0, 17: 1, 19: 0x64}
)

// ownedVector is an UPDATE and the owned value it must decode to.
type ownedVector struct {
	name string
	sess Session
	body string // the message after the header
	want Update // Route.Off is not compared (see TestDecodeUpdateOffsets)
}

var ownedVectors = []ownedVector{{
	name: "every attribute, IPv4 unicast",
	sess: Session{AS4: true},
	body: `
0004 18 c63364                        # withdrawn routes length 4: 198.51.100.0/24
00a3                                  # total path attribute length 163
40 01 01 00                           # ORIGIN IGP
40 02 10 02 02 0000fde9 0000fdea      # AS_PATH AS_SEQUENCE [65001 65002]
         01 01 0000fdeb               #         AS_SET {65003}
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
80 04 04 00000064                     # MULTI_EXIT_DISC 100
40 05 04 000000c8                     # LOCAL_PREF 200
40 06 00                              # ATOMIC_AGGREGATE
c0 07 08 0000fde9 c0000201            # AGGREGATOR AS 65001, 192.0.2.1 (4-octet form)
c0 08 08 fde90064 ffffff01            # COMMUNITIES 65001:100 NO_EXPORT
80 09 04 c0000202                     # ORIGINATOR_ID 192.0.2.2
80 0a 08 c0000203 c0000204            # CLUSTER_LIST 192.0.2.3 192.0.2.4
c0 10 08 0002 fde9 00000064           # EXTENDED_COMMUNITIES route target 65001:100
c0 19 14 0002                         # IPv6 extended community, route target
         20010db8000000000000000000000001 0064 #   2001:db8::1:100
80 1a 0b 01 000b 0000000000000064     # AIGP TLV type 1, length 11, metric 100
c0 20 0c 0000fde9 00000001 00000002   # LARGE_COMMUNITY 65001:1:2
c0 23 04 0000fde9                     # OTC 65001
e0 63 03 010203                       # type 99, optional transitive partial, unknown
08 0a                                 # NLRI 10.0.0.0/8
18 c00002                             # NLRI 192.0.2.0/24
20 c0000201                           # NLRI 192.0.2.1/32
00                                    # NLRI 0.0.0.0/0
`,
	want: Update{
		Withdrawn: []Route{owRoute("198.51.100.0/24")},
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001, 65002}}, {SegmentSet, []uint32{65003}}}}},
			{0x40, AttrNextHop, NextHop{owAddr("192.0.2.1")}},
			{0x80, AttrMultiExitDisc, MultiExitDisc(100)},
			{0x40, AttrLocalPref, LocalPref(200)},
			{0x40, AttrAtomicAggregate, AtomicAggregate{}},
			{0xc0, AttrAggregator, Aggregator{65001, owAddr("192.0.2.1")}},
			{0xc0, AttrCommunities, Communities{65001<<16 | 100, 0xffffff01}},
			{0x80, AttrOriginatorID, OriginatorID{owAddr("192.0.2.2")}},
			{0x80, AttrClusterList, ClusterList{owAddr("192.0.2.3"), owAddr("192.0.2.4")}},
			{0xc0, AttrExtCommunities, ExtCommunities{{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 0x64}}},
			{0xc0, AttrIPv6ExtCommunities, IPv6ExtCommunities{owV6Ext}},
			{0x80, AttrAIGP, AIGP{{1, []byte{0, 0, 0, 0, 0, 0, 0, 100}}}},
			{0xc0, AttrLargeCommunities, LargeCommunities{{65001, 1, 2}}},
			{0xc0, AttrOTC, OTC(65001)},
			{0xe0, 99, RawAttr{1, 2, 3}},
		},
		NLRI: []Route{owRoute("10.0.0.0/8"), owRoute("192.0.2.0/24"), owRoute("192.0.2.1/32"), owRoute("0.0.0.0/0")},
	},
}, {
	name: "2-octet session with AS4_PATH and AS4_AGGREGATOR",
	sess: Session{},
	body: `
0000                                  # no withdrawn routes
0037                                  # total path attribute length 55
40 01 01 02                           # ORIGIN INCOMPLETE
40 02 08 02 03 fde9 5ba0 fdea         # AS_PATH AS_SEQUENCE [65001 23456 65002], 2-octet
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
c0 07 06 5ba0 c0000201                # AGGREGATOR AS_TRANS 192.0.2.1, 2-octet
c0 11 0a 02 02 fa56ea01 0000fdea      # AS4_PATH AS_SEQUENCE [4200000001 65002]
c0 12 08 fa56ea01 c0000201            # AS4_AGGREGATOR 4200000001 192.0.2.1
18 c00002                             # NLRI 192.0.2.0/24
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIncomplete},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001, 23456, 65002}}}}},
			{0x40, AttrNextHop, NextHop{owAddr("192.0.2.1")}},
			{0xc0, AttrAggregator, Aggregator{ASTrans, owAddr("192.0.2.1")}},
			{0xc0, AttrAS4Path, ASPath{[]ASSegment{{SegmentSequence, []uint32{4200000001, 65002}}}}},
			{0xc0, AttrAS4Aggregator, Aggregator{4200000001, owAddr("192.0.2.1")}},
		},
		NLRI: []Route{owRoute("192.0.2.0/24")},
	},
}, {
	name: "IPv6 unicast, link-local next hop, Extended Length flag",
	sess: Session{AS4: true},
	body: `
0000                                  # no withdrawn routes
004f                                  # total path attribute length 79
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
90 0e 0031                            # MP_REACH_NLRI, Extended Length, 49 octets
   0002 01 20                         #   IPv6 unicast, next hop 32 octets
   20010db8000000000000000000000001   #   global 2001:db8::1
   fe800000000000000000000000000001   #   link-local fe80::1
   00                                 #   reserved
   20 20010db8                        #   2001:db8::/32
   30 20010db80001                    #   2001:db8:1::/48
80 0f 0a 0002 01 30 20010db80002      # MP_UNREACH_NLRI IPv6 unicast 2001:db8:2::/48
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x90, AttrMPReachNLRI, MPReach{
				Family:  IPv6Unicast,
				NextHop: append(owAddr("2001:db8::1").AsSlice(), owAddr("fe80::1").AsSlice()...),
				Routes:  []Route{owRoute("2001:db8::/32"), owRoute("2001:db8:1::/48")},
			}},
			{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv6Unicast, Routes: []Route{owRoute("2001:db8:2::/48")}}},
		},
	},
}, {
	name: "IPv4 multicast announced, IPv6 multicast withdrawn",
	sess: Session{AS4: true},
	body: `
0000 002c                             # no withdrawn routes; attributes 44 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 0e 0d 0001 02 04 c0000201 00       # MP_REACH_NLRI IPv4 multicast via 192.0.2.1
         18 c63364                    #   198.51.100.0/24
80 0f 0c 0002 02 40 20010db800030000  # MP_UNREACH_NLRI IPv6 multicast 2001:db8:3::/64
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv4Multicast, NextHop: []byte{192, 0, 2, 1}, Routes: []Route{owRoute("198.51.100.0/24")}}},
			{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv6Multicast, Routes: []Route{owRoute("2001:db8:3::/64")}}},
		},
	},
}, {
	name: "IPv4 labeled unicast (RFC 8277), withdraw label 0x800000",
	sess: Session{AS4: true},
	body: `
0000 002d                             # no withdrawn routes; attributes 45 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 0e 10 0001 04 04 c0000201 00       # MP_REACH_NLRI IPv4 labeled unicast via 192.0.2.1
         30 03e801 c00002             #   48 bits: label 16000 (S=1), 192.0.2.0/24
80 0f 0a 0001 04                      # MP_UNREACH_NLRI IPv4 labeled unicast
         30 800000 c63364             #   label field 0x800000 (RFC 8277 §2.4), 198.51.100.0/24
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv4Labeled, NextHop: []byte{192, 0, 2, 1}, Routes: []Route{owLabeled("192.0.2.0/24", owLabel(16000, true))}}},
			{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv4Labeled, Routes: []Route{owLabeled("198.51.100.0/24", 0x800000)}}},
		},
	},
}, {
	name: "IPv6 labeled unicast, two-label stack",
	sess: Session{AS4: true},
	body: `
0000 0030                             # no withdrawn routes; attributes 48 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 0e 20 0002 04 10                   # MP_REACH_NLRI IPv6 labeled unicast, next hop 16 octets
   20010db8000000000000000000000001   #   2001:db8::1
   00                                 #   reserved
   50 03e800 03e811 20010db8          #   80 bits: labels 16000, 16001 (S=1), 2001:db8::/32
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv6Labeled, NextHop: owAddr("2001:db8::1").AsSlice(),
				Routes: []Route{owLabeled("2001:db8::/32", owLabel(16000, false), owLabel(16001, true))}}},
		},
	},
}, {
	name: "VPN-IPv4 with RD types 0, 1, 2",
	sess: Session{AS4: true},
	body: `
0000 006f                             # no withdrawn routes; attributes 111 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
c0 10 08 0002 fde9 00000064           # EXTENDED_COMMUNITIES route target 65001:100
80 0e 3f 0001 80 0c                   # MP_REACH_NLRI VPN-IPv4, next hop 12 octets
   0000000000000000 c0000201          #   RD 0:0, 192.0.2.1
   00                                 #   reserved
   70 03e801 0000fde900000064 c00002  #   112 bits: label 16000, RD 65001:100, 192.0.2.0/24
   70 03e811 0001c00002010007 c63364  #   label 16001, RD 192.0.2.1:7, 198.51.100.0/24
   78 03e821 0002fa56ea000009 cb007101 #  label 16002, RD 4200000000:9, 203.0.113.1/32
80 0f 12 0001 80                      # MP_UNREACH_NLRI VPN-IPv4
   70 800000 0000fde900000064 c00002  #   withdraw label, RD 65001:100, 192.0.2.0/24
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0xc0, AttrExtCommunities, ExtCommunities{{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 0x64}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv4VPN, NextHop: []byte{0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1}, Routes: []Route{
				owVPN(owRD0, "192.0.2.0/24", owLabel(16000, true)),
				owVPN(owRD1, "198.51.100.0/24", owLabel(16001, true)),
				owVPN(owRD2, "203.0.113.1/32", owLabel(16002, true)),
			}}},
			{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv4VPN, Routes: []Route{owVPN(owRD0, "192.0.2.0/24", 0x800000)}}},
		},
	},
}, {
	name: "VPN-IPv6 with ADD-PATH",
	sess: Session{AS4: true}.WithAddPath(IPv6VPN, true),
	body: `
0000 0055                             # no withdrawn routes; attributes 85 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 0e 45 0002 80 18                   # MP_REACH_NLRI VPN-IPv6, next hop 24 octets
   0000000000000000                   #   RD 0:0
   20010db8000000000000000000000001   #   2001:db8::1
   00                                 #   reserved
   00000001 78 03e801 0000fde900000064 20010db8 # path 1: label 16000, RD 65001:100, 2001:db8::/32
   00000002 78 03e801 0001c00002010007 20010db8 # path 2: label 16000, RD 192.0.2.1:7, 2001:db8::/32
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: IPv6VPN,
				NextHop: append(make([]byte, 8), owAddr("2001:db8::1").AsSlice()...),
				Routes: []Route{
					owWithPath(1, owVPN(owRD0, "2001:db8::/32", owLabel(16000, true))),
					owWithPath(2, owVPN(owRD1, "2001:db8::/32", owLabel(16000, true))),
				}}},
		},
	},
}, {
	name: "IPv4 unicast with ADD-PATH",
	sess: Session{AS4: true}.WithAddPath(IPv4Unicast, true),
	body: `
0008 00000007 18 c63364               # withdrawn: path 7, 198.51.100.0/24
0014                                  # total path attribute length 20
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
00000001 18 c00002                    # NLRI path 1, 192.0.2.0/24
00000002 18 c00002                    # NLRI path 2, 192.0.2.0/24
`,
	want: Update{
		Withdrawn: []Route{owPathRoute(7, "198.51.100.0/24")},
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x40, AttrNextHop, NextHop{owAddr("192.0.2.1")}},
		},
		NLRI: []Route{owPathRoute(1, "192.0.2.0/24"), owPathRoute(2, "192.0.2.0/24")},
	},
}, {
	name: "unknown family kept raw (EVPN)",
	sess: Session{AS4: true},
	body: `
0000 002c                             # no withdrawn routes; attributes 44 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 0e 1c 0019 46 04 c0000201 00       # MP_REACH_NLRI L2VPN EVPN via 192.0.2.1
   03 11 0000fde900000064 00000000    #   route type 3, length 17: RD, Ethernet tag
   20 c0000201                        #   originating router 192.0.2.1
`,
	want: Update{
		Attrs: []PathAttr{
			{0x40, AttrOrigin, OriginIGP},
			{0x40, AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}},
			{0x80, AttrMPReachNLRI, MPReach{Family: Family{AFIL2VPN, SAFIEVPN}, NextHop: []byte{192, 0, 2, 1},
				RawNLRI: []byte{3, 0x11, 0, 0, 0xfd, 0xe9, 0, 0, 0, 0x64, 0, 0, 0, 0, 0x20, 192, 0, 2, 1}}},
		},
	},
}, {
	name: "End-of-RIB for IPv6 unicast",
	sess: Session{AS4: true},
	body: `
0000 0006                             # no withdrawn routes; attributes 6 octets
80 0f 03 0002 01                      # MP_UNREACH_NLRI IPv6 unicast, nothing withdrawn
`,
	want: Update{Attrs: []PathAttr{{0x80, AttrMPUnreachNLRI, MPUnreach{Family: IPv6Unicast}}}},
}, {
	name: "empty UPDATE: End-of-RIB for IPv4 unicast",
	body: `0000 0000`,
	want: Update{},
}}

func owWithPath(id uint32, r Route) Route {
	r.PathID = id
	return r
}

// owNoOffs returns a copy of u with every Route.Off zeroed.
func owNoOffs(u Update) Update {
	zero := func(rs []Route) []Route {
		if rs == nil {
			return nil
		}
		out := append([]Route(nil), rs...)
		for i := range out {
			out[i].Off = 0
		}
		return out
	}
	out := Update{Withdrawn: zero(u.Withdrawn), NLRI: zero(u.NLRI)}
	for _, a := range u.Attrs {
		switch v := a.Value.(type) {
		case MPReach:
			v.Routes = zero(v.Routes)
			a.Value = v
		case MPUnreach:
			v.Routes = zero(v.Routes)
			a.Value = v
		}
		out.Attrs = append(out.Attrs, a)
	}
	return out
}

func TestDecodeUpdateVectors(t *testing.T) {
	for _, v := range ownedVectors {
		t.Run(v.name, func(t *testing.T) {
			msg := updateMsg(t, v.body)
			got, err := DecodeUpdate(msg, v.sess)
			if err != nil {
				t.Fatalf("DecodeUpdate: %v", err)
			}
			if g := owNoOffs(got); !reflect.DeepEqual(g, v.want) {
				t.Errorf("decoded\n%#v\nwant\n%#v", g, v.want)
			}
			// Byte-exact round trip.
			out, err := got.Append(nil, v.sess)
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if !bytes.Equal(out, msg) {
				t.Errorf("Append\n% x\nwant\n% x", out, msg)
			}
			// Decoding through the view gives the same.
			view, err := ParseUpdate(msg, v.sess)
			if err != nil {
				t.Fatal(err)
			}
			again, err := view.Decode()
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("UpdateView.Decode differs: %v", err)
			}
			// The owned value does not alias the message.
			for i := range msg {
				msg[i] = 0xee
			}
			if g := owNoOffs(got); !reflect.DeepEqual(g, v.want) {
				t.Errorf("decoded value changed with the message buffer")
			}
		})
	}
}

func TestDecodeUpdateOffsets(t *testing.T) {
	// The ADD-PATH vector: the withdrawn route starts at 21, right after
	// the Withdrawn Routes Length; the attributes end at 19+2+8+2+20 = 51.
	msg := updateMsg(t, ownedVectors[8].body)
	u, err := DecodeUpdate(msg, ownedVectors[8].sess)
	if err != nil {
		t.Fatal(err)
	}
	if u.Withdrawn[0].Off != 21 || u.NLRI[0].Off != 51 || u.NLRI[1].Off != 59 {
		t.Errorf("offsets %d %d %d, want 21 51 59", u.Withdrawn[0].Off, u.NLRI[0].Off, u.NLRI[1].Off)
	}
	// VPN-IPv4: the first MP_REACH route follows 23 + 4 + 9 + 11 octets of
	// attributes and 3 + 17 octets of the MP_REACH_NLRI header and fields.
	msg = updateMsg(t, ownedVectors[6].body)
	u, _ = DecodeUpdate(msg, ownedVectors[6].sess)
	a, _ := u.Attr(AttrMPReachNLRI)
	if off := a.Value.(MPReach).Routes[0].Off; off != 23+4+9+11+3+17 {
		t.Errorf("VPN route offset %d, want %d", off, 23+4+9+11+3+17)
	}
}

func TestUpdateGetters(t *testing.T) {
	msg := updateMsg(t, ownedVectors[2].body) // IPv6 unicast
	u, err := DecodeUpdate(msg, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	var ann, wd []string
	for f, r := range u.Announced() {
		ann = append(ann, f.String()+" "+r.Prefix.String())
	}
	for f, r := range u.Withdrawals() {
		wd = append(wd, f.String()+" "+r.Prefix.String())
	}
	if !reflect.DeepEqual(ann, []string{"IPv6 Unicast 2001:db8::/32", "IPv6 Unicast 2001:db8:1::/48"}) {
		t.Errorf("announced %q", ann)
	}
	if !reflect.DeepEqual(wd, []string{"IPv6 Unicast 2001:db8:2::/48"}) {
		t.Errorf("withdrawn %q", wd)
	}
	a, ok := u.Attr(AttrMPReachNLRI)
	if !ok {
		t.Fatal("no MP_REACH_NLRI")
	}
	nh, ll, rd, ok := a.Value.(MPReach).NextHops()
	if !ok || nh != owAddr("2001:db8::1") || ll != owAddr("fe80::1") || rd != (RD{}) {
		t.Errorf("NextHops %v %v %v %v", nh, ll, rd, ok)
	}
	if _, ok := u.Attr(AttrCommunities); ok {
		t.Error("Attr found an absent attribute")
	}
	if u.Type() != MsgUpdate {
		t.Errorf("Type %v", u.Type())
	}

	// VPN next hop: the RD comes back, the address after it.
	u, _ = DecodeUpdate(updateMsg(t, ownedVectors[7].body), ownedVectors[7].sess)
	a, _ = u.Attr(AttrMPReachNLRI)
	if nh, _, rd, ok := a.Value.(MPReach).NextHops(); !ok || nh != owAddr("2001:db8::1") || rd != (RD{}) {
		t.Errorf("VPN NextHops %v %v %v", nh, rd, ok)
	}

	// IPv4 fields and MP attributes together, in that order.
	u, _ = DecodeUpdate(updateMsg(t, ownedVectors[0].body), Session{AS4: true})
	n := 0
	for f, r := range u.Announced() {
		if f != IPv4Unicast || r.Prefix != u.NLRI[n].Prefix {
			t.Errorf("announced %d: %v %v", n, f, r.Prefix)
		}
		n++
	}
	if n != 4 {
		t.Errorf("%d announced routes, want 4", n)
	}
}

// malformedVector is an UPDATE with a problem RFC 7606 handles without
// losing the routes.
type malformedVector struct {
	name     string
	sess     Session
	body     string
	off      int // of the error, from the first marker octet
	sub      uint8
	act      Action
	attr     AttrType
	raw      RawAttr // the value the faulty attribute keeps
	wantNLRI []Route
}

var malformedVectors = []malformedVector{{
	name: "AGGREGATOR of the 2-octet length in a 4-octet session",
	sess: Session{AS4: true},
	body: `
0000 001d                             # no withdrawn routes; attributes 29 octets
40 01 01 00                           # ORIGIN IGP                       (offset 23)
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]      (offset 27)
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1               (offset 36)
c0 07 06 fde9 c0000201                # AGGREGATOR, 6 octets: too short  (offset 43)
18 c00002                             # NLRI 192.0.2.0/24
`,
	off: 43, sub: SubAttributeLengthError, act: AttributeDiscard, attr: AttrAggregator,
	raw:      RawAttr{0xfd, 0xe9, 192, 0, 2, 1},
	wantNLRI: []Route{owRoute("192.0.2.0/24")},
}, {
	name: "COMMUNITIES of 3 octets",
	sess: Session{AS4: true},
	body: `
0000 001a                             # no withdrawn routes; attributes 26 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
c0 08 03 fde900                       # COMMUNITIES, not a multiple of 4 (offset 43)
18 c00002                             # NLRI 192.0.2.0/24
`,
	off: 43, sub: SubOptionalAttributeError, act: TreatAsWithdraw, attr: AttrCommunities,
	raw:      RawAttr{0xfd, 0xe9, 0},
	wantNLRI: []Route{owRoute("192.0.2.0/24")},
}, {
	name: "MP_REACH_NLRI with a 5-octet IPv6 next hop",
	sess: Session{AS4: true},
	body: `
0000 0021                             # no withdrawn routes; attributes 33 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
80 0e 0a 0002 01 05 0102030405 00     # MP_REACH_NLRI, next hop length 5 at offset 43+3+3
18 c00002                             # NLRI 192.0.2.0/24
`,
	off: 49, sub: SubOptionalAttributeError, act: SessionReset, attr: AttrMPReachNLRI,
	raw:      RawAttr{0, 2, 1, 5, 1, 2, 3, 4, 5, 0},
	wantNLRI: []Route{owRoute("192.0.2.0/24")},
}, {
	name: "MULTI_EXIT_DISC twice (RFC 7606 §3(g))",
	sess: Session{AS4: true},
	body: `
0000 0022                             # no withdrawn routes; attributes 34 octets
40 01 01 00                           # ORIGIN IGP
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
80 04 04 00000064                     # MULTI_EXIT_DISC 100               (offset 36)
80 04 04 000000c8                     # MULTI_EXIT_DISC 200, a repeat     (offset 43)
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
18 c00002                             # NLRI 192.0.2.0/24
`,
	off: 43, sub: SubMalformedAttributeList, act: AttributeDiscard, attr: AttrMultiExitDisc,
	raw:      RawAttr{0, 0, 0, 200},
	wantNLRI: []Route{owRoute("192.0.2.0/24")},
}, {
	name: "ORIGIN flagged optional",
	sess: Session{AS4: true},
	body: `
0000 0014                             # no withdrawn routes; attributes 20 octets
c0 01 01 00                           # ORIGIN with Optional set        (offset 23)
40 02 06 02 01 0000fde9               # AS_PATH AS_SEQUENCE [65001]
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
18 c00002                             # NLRI 192.0.2.0/24
`,
	off: 23, sub: SubAttributeFlagsError, act: TreatAsWithdraw, attr: AttrOrigin,
	raw:      RawAttr{0},
	wantNLRI: []Route{owRoute("192.0.2.0/24")},
}}

func TestDecodeUpdateMalformed(t *testing.T) {
	for _, v := range malformedVectors {
		t.Run(v.name, func(t *testing.T) {
			msg := updateMsg(t, v.body)
			u, err := DecodeUpdate(msg, v.sess)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want *Error", err)
			}
			if e.Off != v.off || e.Code != CodeUpdate || e.Subcode != v.sub || e.Action != v.act || e.Attr != v.attr {
				t.Errorf("error %v (off %d sub %d), want off %d sub %d %v %v", e, e.Off, e.Subcode, v.off, v.sub, v.act, v.attr)
			}
			if g := owNoOffs(u).NLRI; !reflect.DeepEqual(g, v.wantNLRI) {
				t.Errorf("NLRI %v, want %v", g, v.wantNLRI)
			}
			// The faulty attribute is the last of its type and is raw.
			var got PathAttr
			for _, a := range u.Attrs {
				if a.Type == v.attr {
					got = a
				}
			}
			if !reflect.DeepEqual(got.Value, v.raw) {
				t.Errorf("%v value %#v, want %#v", v.attr, got.Value, v.raw)
			}
			// Everything else decoded: ORIGIN and AS_PATH are typed.
			if a, ok := u.Attr(AttrASPath); !ok || reflect.TypeOf(a.Value) != reflect.TypeOf(ASPath{}) {
				t.Errorf("AS_PATH %#v", a.Value)
			}
			// And the message still round-trips.
			out, err := u.Append(nil, v.sess)
			if err != nil || !bytes.Equal(out, msg) {
				t.Errorf("Append %v\n% x\nwant\n% x", err, out, msg)
			}
		})
	}
}

func TestDecodeUpdateUnlocatable(t *testing.T) {
	// Withdrawn Routes Length 0x0100 runs past the message: no section can
	// be found, so there is no Update at all (RFC 7606 §4 session reset).
	msg := updateMsg(t, `0100 0000`)
	u, err := DecodeUpdate(msg, Session{})
	var e *Error
	if !errors.As(err, &e) || e.Action != SessionReset || e.Off != OffWithdrawnRoutesLen {
		t.Fatalf("error %v", err)
	}
	if !reflect.DeepEqual(u, Update{}) {
		t.Errorf("Update %#v, want zero", u)
	}
	if _, err := (UpdateView{}).Decode(); err == nil {
		t.Error("zero UpdateView decoded without error")
	}
	// A malformed IPv4 NLRI field keeps the routes before the bad entry.
	msg = updateMsg(t, `0000 0000  18 c00002  20 c000`)
	u, err = DecodeUpdate(msg, Session{})
	if !errors.As(err, &e) || e.Action != SessionReset || e.Subcode != SubInvalidNetworkField || e.Off != 27 {
		t.Fatalf("error %v", err)
	}
	if !reflect.DeepEqual(owNoOffs(u).NLRI, []Route{owRoute("192.0.2.0/24")}) {
		t.Errorf("NLRI %v", u.NLRI)
	}
}

func TestUpdateAppend(t *testing.T) {
	s := Session{AS4: true}
	base := []PathAttr{
		NewPathAttr(AttrOrigin, OriginIGP),
		NewPathAttr(AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{65001}}}}),
		NewPathAttr(AttrNextHop, NextHop{owAddr("192.0.2.1")}),
	}
	// The simple vector of update_test.go, built from values.
	u := Update{
		Withdrawn: []Route{owRoute("198.51.100.0/24")},
		Attrs:     append(base[:3:3], NewPathAttr(AttrMultiExitDisc, MultiExitDisc(100))),
		NLRI:      []Route{owRoute("10.0.0.0/8"), owRoute("192.0.2.0/24")},
	}
	got, err := u.Append([]byte("prefix"), s)
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte("prefix"), unhex(t, simpleUpdate)...); !bytes.Equal(got, want) {
		t.Errorf("Append\n% x\nwant\n% x", got, want)
	}

	// 70 communities (280 octets) without the Extended Length bit: the bit
	// is segSet and the length takes two octets.
	cs := make(Communities, 70)
	for i := range cs {
		cs[i] = Community(65001<<16 | i)
	}
	u = Update{Attrs: []PathAttr{{Flags: FlagOptional | FlagTransitive, Type: AttrCommunities, Value: cs}}}
	got, err = u.Append(nil, s)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{0xd0, 8, 0x01, 0x18, 0xfd, 0xe9, 0, 0}; !bytes.Equal(got[23:31], want) {
		t.Errorf("long attribute header % x, want % x", got[23:31], want)
	}
	if len(got) != 23+4+280 || binary.BigEndian.Uint16(got[21:]) != 284 {
		t.Errorf("length %d, attributes %d", len(got), binary.BigEndian.Uint16(got[21:]))
	}
	back, err := DecodeUpdate(got, s)
	if err != nil || !reflect.DeepEqual(back.Attrs[0].Value, cs) || back.Attrs[0].Flags != 0xd0 {
		t.Errorf("decoded back: %v %v", err, back.Attrs[0].Flags)
	}

	errCases := []struct {
		name string
		u    Update
		s    Session
		want error
	}{
		{"nil value", Update{Attrs: []PathAttr{{Flags: 0x40, Type: AttrOrigin}}}, s, errNoValue},
		{"4-octet ASN in a 2-octet session", Update{Attrs: []PathAttr{NewPathAttr(AttrASPath, ASPath{[]ASSegment{{SegmentSequence, []uint32{4200000000}}}})}}, Session{}, errASNWidth},
		{"4-octet AGGREGATOR AS in a 2-octet session", Update{Attrs: []PathAttr{NewPathAttr(AttrAggregator, Aggregator{70000, owAddr("192.0.2.1")})}}, Session{}, errASNWidth},
		{"empty segment", Update{Attrs: []PathAttr{NewPathAttr(AttrASPath, ASPath{[]ASSegment{{SegmentSequence, nil}}})}}, s, errSegment},
		{"IPv6 NEXT_HOP", Update{Attrs: []PathAttr{NewPathAttr(AttrNextHop, NextHop{owAddr("2001:db8::1")})}}, s, errAddr},
		{"IPv6 route in the NLRI field", Update{NLRI: []Route{owRoute("2001:db8::/32")}}, s, errRouteFamily},
		{"unlabeled route in a labeled family", Update{Attrs: []PathAttr{NewPathAttr(AttrMPReachNLRI, MPReach{Family: IPv4Labeled, NextHop: []byte{192, 0, 2, 1}, Routes: []Route{owRoute("192.0.2.0/24")}})}}, s, errRouteFamily},
		{"routes in a raw family", Update{Attrs: []PathAttr{NewPathAttr(AttrMPUnreachNLRI, MPUnreach{Family: Family{AFIL2VPN, SAFIEVPN}, Routes: []Route{owRoute("192.0.2.0/24")}})}}, s, errOpaqueRoutes},
		{"empty COMMUNITIES", Update{Attrs: []PathAttr{NewPathAttr(AttrCommunities, Communities{})}}, s, errEmptyList},
		{"ORIGIN 3", Update{Attrs: []PathAttr{NewPathAttr(AttrOrigin, Origin(3))}}, s, errOrigin},
	}
	for _, c := range errCases {
		out, err := c.u.Append([]byte{1, 2}, c.s)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
		if !bytes.Equal(out, []byte{1, 2}) {
			t.Errorf("%s: dst changed to % x", c.name, out)
		}
	}

	// Over the session's limit: 1100 /24s are 4400 octets of NLRI.
	big := Update{Attrs: base}
	for i := range 1100 {
		big.NLRI = append(big.NLRI, Route{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), 24)})
	}
	var e *Error
	if _, err := big.Append(nil, s); !errors.As(err, &e) || e.Subcode != SubBadMessageLength {
		t.Errorf("4096-octet session: %v", err)
	}
	s.ExtendedMsg = true
	if out, err := big.Append(nil, s); err != nil || len(out) != 23+20+4400 {
		t.Errorf("extended messages: %v, %d octets", err, len(out))
	}
}
