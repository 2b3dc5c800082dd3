package bgp

import (
	"encoding/hex"
	"net/netip"
	"reflect"
	"testing"

	"github.com/bgplens/bgplens/internal/testcorpus"
)

// normValues is what a test compares of an UpdateValues: the values, with
// empty slices as nil (storage reuse leaves empty non-nil slices).
func normValues(d *UpdateValues) UpdateValues {
	n := *d
	n.asns, n.view, n.path, n.pathOK, n.labeled = nil, UpdateView{}, Path{}, false, false // the path: checkValues
	nilIfEmpty(&n.Withdrawn)
	nilIfEmpty(&n.NLRI)
	nilIfEmpty(&n.ASPath.Segments)
	nilIfEmpty(&n.Communities)
	nilIfEmpty(&n.ClusterList)
	nilIfEmpty(&n.ExtCommunities)
	nilIfEmpty(&n.LargeCommunities)
	nilIfEmpty(&n.MPReach.Routes)
	nilIfEmpty(&n.MPReach.NextHop)
	nilIfEmpty(&n.MPReach.RawNLRI)
	nilIfEmpty(&n.MPUnreach.Routes)
	nilIfEmpty(&n.MPUnreach.RawNLRI)
	nilIfEmpty(&n.Other)
	return n
}

func nilIfEmpty[S ~[]E, E any](s *S) {
	if len(*s) == 0 {
		*s = nil
	}
}

// checkValues decodes msg with s and checks Decode against the long way:
// the view equals ParseUpdate's, the values equal those the getters give
// (decodeChecked). It returns whether the one-pass reading was used and
// whether the message is clean.
func checkValues(t *testing.T, d *UpdateValues, msg []byte, s Session, where string) (fast, clean bool) {
	t.Helper()
	err := d.Decode(msg, s)
	u, perr := ParseUpdate(msg, s)
	if (err == nil) != (perr == nil) || err != nil && err.Error() != perr.Error() {
		t.Fatalf("%s: Decode error %v, ParseUpdate error %v", where, err, perr)
	}
	if err != nil {
		return false, false
	}
	view := *d.View()
	if view.suspect != 0 {
		// Found in the one pass: it must be what Suspect works out.
		if (view.suspect == 2) != u.Suspect() {
			t.Fatalf("%s: Decode found Suspect %v, the view says %v", where, view.suspect == 2, u.Suspect())
		}
		view.suspect = 0
	}
	if !reflect.DeepEqual(view, u) {
		t.Fatalf("%s: Decode's view differs from ParseUpdate's:\n%+v\n%+v", where, view, u)
	}
	// The spans recorded in the pass are those a second walk finds.
	if got, want := *d.Path(), u.Path(); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Decode's path differs from the view's:\n%+v\n%+v", where, got, want)
	}
	got := normValues(d)
	var ref UpdateValues
	if err := ref.decodeChecked(msg, s); err != nil {
		t.Fatalf("%s: decodeChecked: %v", where, err)
	}
	if want := normValues(&ref); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Decode gives\n%+v\nthe getters give\n%+v", where, got, want)
	}
	fast = (&UpdateValues{}).decodeFast(msg, &s)
	clean = u.Verdict() == nil
	if fast && !clean {
		t.Fatalf("%s: the one-pass reading accepted a message whose verdict is %v", where, u.Verdict())
	}
	return fast, clean
}

// TestUpdateValuesVector checks every field against an UPDATE written out
// from RFC 4271 §4.3 and RFC 4760 §3-4: all the decoded attribute types.
func TestUpdateValuesVector(t *testing.T) {
	msg := updateMsg(t, `
0004 18 c00002                      # withdrawn: 192.0.2.0/24
00ac                                # attributes: 172 octets
40 01 01 02                         # ORIGIN INCOMPLETE
50 02 0010 02 02 0000fde9 0000fdea  # AS_PATH (extended length) AS_SEQUENCE [65001 65002]
           01 01 0001 0000          #   AS_SET [65536]
40 03 04 c0000201                   # NEXT_HOP 192.0.2.1
80 04 04 00000064                   # MULTI_EXIT_DISC 100
40 05 04 000000c8                   # LOCAL_PREF 200
40 06 00                            # ATOMIC_AGGREGATE
c0 07 08 0000fde9 c6336401          # AGGREGATOR AS 65001, 198.51.100.1
c0 08 08 fde90064 ffffff01          # COMMUNITIES 65001:100 NO_EXPORT
80 09 04 0a000001                   # ORIGINATOR_ID 10.0.0.1
80 0a 08 0a000002 0a000003          # CLUSTER_LIST 10.0.0.2 10.0.0.3
c0 10 08 0002fde9 0000012c          # EXTENDED_COMMUNITIES route target 65001:300
c0 20 0c 0000fde9 00000001 00000002 # LARGE_COMMUNITY 65001:1:2
c0 23 04 0000fdea                   # OTC 65002
80 0e 1a 0002 01 10                 # MP_REACH_NLRI IPv6 unicast, next hop 16 octets
      20010db8000000000000000000000001 #   2001:db8::1
      00                            #   reserved
      20 20010db8                   #   2001:db8::/32
80 0f 0a 0002 01 30 20010db80001    # MP_UNREACH_NLRI IPv6 unicast: 2001:db8:1::/48
c0 11 06 02 01 0001 0000            # AS4_PATH AS_SEQUENCE [65536] (kept in Other)
10 c633                             # NLRI: 198.51.0.0/16
`)
	var d UpdateValues
	if err := d.Decode(msg, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	if v := d.Verdict(); v != nil {
		t.Fatalf("verdict %v", v)
	}
	for _, typ := range []AttrType{AttrOrigin, AttrASPath, AttrNextHop, AttrMultiExitDisc, AttrLocalPref,
		AttrAtomicAggregate, AttrAggregator, AttrCommunities, AttrOriginatorID, AttrClusterList,
		AttrExtCommunities, AttrLargeCommunities, AttrOTC, AttrMPReachNLRI, AttrMPUnreachNLRI, AttrAS4Path} {
		if !d.Has(typ) {
			t.Errorf("Has(%v) = false", typ)
		}
	}
	if d.Has(AttrAIGP) {
		t.Error("Has(AIGP) = true")
	}
	a := netip.MustParseAddr
	want := UpdateValues{
		Withdrawn: []Route{{Prefix: netip.MustParsePrefix("192.0.2.0/24"), Off: 21}},
		NLRI:      []Route{{Prefix: netip.MustParsePrefix("198.51.0.0/16"), Off: len(msg) - 3}},
		Origin:    OriginIncomplete,
		ASPath: ASPath{Segments: []ASSegment{
			{Type: SegmentSequence, ASNs: []uint32{65001, 65002}},
			{Type: SegmentSet, ASNs: []uint32{65536}}}},
		NextHop:          a("192.0.2.1"),
		MultiExitDisc:    100,
		LocalPref:        200,
		Aggregator:       Aggregator{65001, a("198.51.100.1")},
		Communities:      Communities{Community(65001<<16 | 100), CommunityNoExport},
		OriginatorID:     a("10.0.0.1"),
		ClusterList:      ClusterList{a("10.0.0.2"), a("10.0.0.3")},
		ExtCommunities:   ExtCommunities{{0x00, 0x02, 0xfd, 0xe9, 0, 0, 1, 0x2c}},
		LargeCommunities: LargeCommunities{{65001, 1, 2}},
		OTC:              65002,
		MPReach: MPReach{Family: IPv6Unicast, NextHop: a("2001:db8::1").AsSlice(),
			Routes: []Route{{Prefix: netip.MustParsePrefix("2001:db8::/32")}}},
		MPUnreach: MPUnreach{Family: IPv6Unicast, Routes: []Route{{Prefix: netip.MustParsePrefix("2001:db8:1::/48")}}},
	}
	// Offsets: MP_REACH's route after its 3+2+1+1+16+1 header octets, etc.
	reach, _ := d.View().Attr(AttrMPReachNLRI)
	want.MPReach.Routes[0].Off = reach.Off + 3 + 5 + 16
	unreach, _ := d.View().Attr(AttrMPUnreachNLRI)
	want.MPUnreach.Routes[0].Off = unreach.Off + 3 + 3
	as4, _ := d.View().Attr(AttrAS4Path)
	want.Other = []AttrView{as4}
	want.has = d.has // checked by Has above
	if got := normValues(&d); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	if !(&UpdateValues{}).decodeFast(msg, &Session{AS4: true}) {
		t.Error("the well-formed vector did not take the one-pass reading")
	}
	checkValues(t, &d, msg, Session{AS4: true}, "vector")
	// Read with 2-octet ASNs the AS_PATH does not add up: the long way
	// finds it, and the other attributes keep their values.
	checkValues(t, &d, msg, Session{}, "vector, 2-octet")
	if d.Has(AttrASPath) || !d.Has(AttrCommunities) || len(d.Communities) != 2 {
		t.Errorf("2-octet reading: Has(AS_PATH) %v, communities %v", d.Has(AttrASPath), d.Communities)
	}
}

// TestUpdateValuesMalformed checks the long way on RFC 7606 cases: the
// faulty attribute is left out, the rest is read, Verdict says what to do.
func TestUpdateValuesMalformed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		body   string
		action Action
		absent AttrType
		nlri   int
	}{
		{"AGGREGATOR AS 0 (RFC 7607)", `0000 001f
			40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
			c0 07 08 00000000 c6336401
			18 c00002`, AttributeDiscard, AttrAggregator, 1},
		{"COMMUNITIES of 3 octets", `0000 001a
			40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
			c0 08 03 fde900
			18 c00002 18 c00003`, TreatAsWithdraw, AttrCommunities, 2},
		{"ATOMIC_AGGREGATE with a value", `0000 0018
			40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
			40 06 01 00
			18 c00002`, AttributeDiscard, AttrAtomicAggregate, 1},
		{"ORIGINATOR_ID of 3 octets", `0000 001a
			40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
			80 09 03 0a0000
			18 c00002`, TreatAsWithdraw, AttrOriginatorID, 1},
		{"NEXT_HOP missing", `0000 000d
			40 01 01 00  40 02 06 02 01 0000fde9
			18 c00002`, TreatAsWithdraw, AttrNextHop, 1},
		{"ORIGIN twice", `0000 0018
			40 01 01 00  40 01 01 01  40 02 06 02 01 0000fde9  40 03 04 c0000201
			18 c00002`, AttributeDiscard, 0, 1},
		{"NLRI prefix overruns", `0000 0014
			40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
			18 c00002 20 c0`, SessionReset, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := updateMsg(t, tc.body)
			var d UpdateValues
			if fast, _ := checkValues(t, &d, msg, Session{AS4: true}, tc.name); fast {
				t.Error("one-pass reading accepted a malformed message")
			}
			v := d.Verdict()
			if v == nil || v.Action != tc.action {
				t.Fatalf("verdict %v, want action %v", v, tc.action)
			}
			if tc.absent != 0 && d.Has(tc.absent) {
				t.Errorf("Has(%v) for the faulty attribute", tc.absent)
			}
			if !d.Has(AttrOrigin) || d.Origin != OriginIGP {
				t.Errorf("ORIGIN: has %v, %v", d.Has(AttrOrigin), d.Origin)
			}
			if len(d.ASPath.Segments) != 1 || d.ASPath.Segments[0].ASNs[0] != 65001 {
				t.Errorf("AS_PATH %v", d.ASPath)
			}
			if len(d.NLRI) != tc.nlri {
				t.Errorf("%d NLRI routes, want %d", len(d.NLRI), tc.nlri)
			}
		})
	}
}

// TestUpdateValuesReuse checks that a message's values do not leak into
// the next one's, through reused storage.
func TestUpdateValuesReuse(t *testing.T) {
	big := updateMsg(t, typicalUpdate)
	small := updateMsg(t, `0000 0015  40 01 01 01  40 02 00  40 03 04 c0000201  80 04 04 00000005  08 0a`)
	var d UpdateValues
	if err := d.Decode(big, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	if err := d.Decode(small, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	var want UpdateValues
	if err := want.decodeChecked(small, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	if got, w := normValues(&d), normValues(&want); !reflect.DeepEqual(got, w) {
		t.Errorf("after a larger message:\n%+v\nfresh:\n%+v", got, w)
	}
	if d.Has(AttrCommunities) || len(d.Communities) != 0 || len(d.ASPath.Segments) != 0 || len(d.NLRI) != 1 {
		t.Errorf("stale values: communities %v, AS_PATH %v, NLRI %v", d.Communities, d.ASPath, d.NLRI)
	}

	// A labeled route (RFC 8277) leaves no label in the slot a plain
	// prefix of the next message takes.
	labeled := updateMsg(t, `0000 001a  40 01 01 00  40 02 00
		80 0e 10 0001 04 04 c0000201 00   # MP_REACH_NLRI IPv4 labeled unicast, next hop 192.0.2.1
		30 000641 c00002                  #   48 bits: label 100 (bottom of stack), 192.0.2.0/24`)
	plain := updateMsg(t, `0000 0024  40 01 01 00  40 02 00
		80 0e 1a 0002 01 10 20010db8000000000000000000000001 00  20 20010db8`)
	if err := d.Decode(labeled, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	if len(d.MPReach.Routes) != 1 || d.MPReach.Routes[0].NumLabels != 1 || d.MPReach.Routes[0].Labels[0].Value() != 100 {
		t.Fatalf("labeled route %+v", d.MPReach.Routes)
	}
	if err := d.Decode(plain, Session{AS4: true}); err != nil {
		t.Fatal(err)
	}
	if len(d.MPReach.Routes) != 1 || d.MPReach.Routes[0] != (Route{Prefix: netip.MustParsePrefix("2001:db8::/32"), Off: d.MPReach.Routes[0].Off}) {
		t.Errorf("after a labeled route: %+v", d.MPReach.Routes)
	}
}

// TestUpdateValuesDecodeClean checks DecodeClean: true and Decode's
// values for a well-formed message, false for one whose verdict is not
// nil, even when Decode reads it without error.
func TestUpdateValuesDecodeClean(t *testing.T) {
	s := Session{AS4: true}
	msg := updateMsg(t, typicalUpdate)
	var d, want UpdateValues
	if !d.DecodeClean(msg, &s) {
		t.Fatal("DecodeClean reported a well-formed message as not clean")
	}
	if err := want.Decode(msg, s); err != nil {
		t.Fatal(err)
	}
	if got, w := normValues(&d), normValues(&want); !reflect.DeepEqual(got, w) {
		t.Errorf("DecodeClean gives\n%+v\nDecode gives\n%+v", got, w)
	}
	bad := updateMsg(t, `0000 001a  40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
		80 09 03 0a0000  18 c00002`) // ORIGINATOR_ID of 3 octets: treat-as-withdraw
	if err := want.Decode(bad, s); err != nil || want.Verdict() == nil {
		t.Fatalf("Decode: error %v, verdict %v", err, want.Verdict())
	}
	if d.DecodeClean(bad, &s) {
		t.Error("DecodeClean reported a malformed message as clean")
	}
}

// TestUpdateValuesRealData decodes every real UPDATE of testdata with its
// session and with the AS width and ADD-PATH for IPv4 unicast toggled
// (which makes many of them malformed) for a quarter of them, and checks Decode against
// ParseUpdate and the getters each time. Nearly every clean message must
// take the one-pass reading.
func TestUpdateValuesRealData(t *testing.T) {
	files, err := testcorpus.Files()
	if err != nil {
		t.Fatal(err)
	}
	var d UpdateValues
	var msgs, clean, fastClean int
	for _, f := range files {
		ms, err := testcorpus.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms {
			if m.Damaged || m.Partial || MessageType(m.Type()) != MsgUpdate || testing.Short() && i%7 != 0 {
				continue
			}
			s := toSession(m.Session)
			alts := []Session{s, {AS4: !s.AS4, ExtendedMsg: s.ExtendedMsg}, s.WithAddPath(IPv4Unicast, !s.AddPath(IPv4Unicast))}
			if i%4 != 0 {
				alts = alts[:1] // the toggled readings for a quarter of the messages
			}
			for k, alt := range alts {
				fast, ok := checkValues(t, &d, m.Data, alt, f+" message "+itoa(i)+" session "+itoa(k))
				msgs++
				if ok {
					clean++
					if fast {
						fastClean++
					}
				}
			}
		}
	}
	t.Logf("%d readings, %d clean, %d of them in one pass", msgs, clean, fastClean)
	if clean == 0 || fastClean < clean*99/100 {
		t.Errorf("only %d of %d clean readings took the one-pass path", fastClean, clean)
	}
}

func TestUpdateValuesAllocs(t *testing.T) {
	msg := updateMsg(t, typicalUpdate)
	var d UpdateValues
	s := Session{AS4: true}
	_ = d.Decode(msg, s)
	if n := testing.AllocsPerRun(100, func() { _ = d.Decode(msg, s) }); n != 0 {
		t.Errorf("Decode allocates %v times per message once warm", n)
	}
}

func BenchmarkUpdateValuesDecode(b *testing.B) {
	msg, s := typicalBench(b)
	var d UpdateValues
	for b.Loop() {
		if err := d.Decode(msg, s); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzUpdateValues checks Decode against ParseUpdate and the getters on
// any input, under four sessions.
func FuzzUpdateValues(f *testing.F) {
	f.Add(updateMsg(f, typicalUpdate), uint8(1))
	f.Add(updateMsg(f, `0000 0019 40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201
		c0 07 08 00000000 c6336401  18 c00002`), uint8(1))
	f.Add(updateMsg(f, `0000 001c 80 0e 19 0002 01 10 20010db8000000000000000000000001 00 00000001 20 20010db8`), uint8(3))
	f.Fuzz(func(t *testing.T, msg []byte, mode uint8) {
		s := Session{AS4: mode&1 != 0, ExtendedMsg: mode&4 != 0}
		if mode&2 != 0 {
			s = s.WithAddPath(IPv4Unicast, true).WithAddPath(IPv6Unicast, true)
		}
		var d UpdateValues
		checkValues(t, &d, msg, s, "fuzz")
		checkValues(t, &d, msg, s, "fuzz, reused")
	})
}

// TestUpdateValuesIPv6Prefixes checks the IPv6 prefix loop on every length
// class its address reading tells apart (no octet, up to one word, past
// it), with and without ADD-PATH, and that it refuses an entry cut short.
func TestUpdateValuesIPv6Prefixes(t *testing.T) {
	// 2001:db8:1:2:3:4:5:6 cut to each length: the octets before each
	// entry (the last one's) must not leak into its address.
	addr := unhex(t, "20010db8000100020003000400050006")
	lengths := []int{0, 1, 7, 8, 9, 63, 64, 65, 120, 127, 128}
	update := func(nlri []byte) []byte {
		mp := append(unhex(t, "0002 01 10 20010db8000000000000000000000001 00"), nlri...)
		attrs := append(unhex(t, "40 01 01 00  40 02 06 02 01 0000fde9  80 0e"), byte(len(mp)))
		attrs = append(attrs, mp...)
		body := append([]byte{0, 0, 0, byte(len(attrs))}, attrs...)
		return updateMsg(t, hex.EncodeToString(body))
	}
	for _, addPath := range []bool{false, true} {
		s := Session{AS4: true}.WithAddPath(IPv6Unicast, addPath)
		var nlri []byte
		var want []netip.Prefix
		for k, bits := range lengths {
			if addPath {
				nlri = append(nlri, 0, 0, 0, byte(k+1))
			}
			nlri = append(nlri, byte(bits))
			nlri = append(nlri, addr[:(bits+7)/8]...)
			var a [16]byte
			copy(a[:], addr[:(bits+7)/8])
			want = append(want, netip.PrefixFrom(netip.AddrFrom16(a), bits))
		}
		var d UpdateValues
		msg := update(nlri)
		if fast, clean := checkValues(t, &d, msg, s, "lengths"); !fast || !clean {
			t.Fatalf("add-path %v: fast %v, clean %v", addPath, fast, clean)
		}
		if len(d.MPReach.Routes) != len(want) {
			t.Fatalf("add-path %v: %d routes, want %d", addPath, len(d.MPReach.Routes), len(want))
		}
		for k, r := range d.MPReach.Routes {
			id := uint32(0)
			if addPath {
				id = uint32(k + 1)
			}
			if r.Prefix != want[k] || r.Prefix.Bits() != lengths[k] || r.PathID != id {
				t.Errorf("add-path %v: route %d is %v id %d, want %v id %d", addPath, k, r.Prefix, r.PathID, want[k], id)
			}
		}
		// Cut short: a length past 128, a prefix past the field's end
		// and, with ADD-PATH, fewer octets than a Path Identifier and
		// its length.
		cuts := [][]byte{append(nlri[:len(nlri):len(nlri)], 0x81), append(nlri[:len(nlri):len(nlri)], 0x40, 0x20)}
		if addPath {
			for n := 1; n <= 4; n++ {
				cuts = append(cuts, append(nlri[:len(nlri):len(nlri)], make([]byte, n)...))
			}
		}
		for k, cut := range cuts {
			if fast, _ := checkValues(t, &d, update(cut), s, "cut"); fast {
				t.Errorf("add-path %v: cut %d accepted in one pass", addPath, k)
			}
		}
	}
}
