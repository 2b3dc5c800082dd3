package bgp

import (
	"encoding/binary"
	"errors"
	"iter"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// simpleAttrOff is where the test attributes sit in their pretend
// message: just past an UPDATE's header and section lengths, so that
// offsets in errors and views are not trivially zero.
const simpleAttrOff = 23

// simpleAttr frames the attribute written in hex at offset simpleAttrOff
// of a zero-filled message and returns it with that message.
func simpleAttr(t testing.TB, s string) (AttrView, []byte) {
	t.Helper()
	raw := unhex(t, s)
	msg := append(make([]byte, simpleAttrOff), raw...)
	a, err := ParseAttr(msg[simpleAttrOff:])
	if err != nil {
		t.Fatalf("ParseAttr(%s): %v", s, err)
	}
	a.Off = simpleAttrOff
	return a, msg
}

// simpleWantErr checks that err is a *Error at off with the given subcode and
// action, in an UPDATE Message Error.
func simpleWantErr(t *testing.T, err error, off int, sub uint8, act Action) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *Error", err, err)
	}
	if e.Off != off || e.Code != CodeUpdate || e.Subcode != sub || e.Action != act {
		t.Errorf("got %v (off %d code %d sub %d action %v), want off %d sub %d action %v",
			e, e.Off, e.Code, e.Subcode, e.Action, off, sub, act)
	}
}

// simpleCheckAgrees asserts that Check, given the same attribute with valid
// flags, reaches the same verdict as the getter: both accept, or both fail
// at the same offset with the same subcode and action.
func simpleCheckAgrees(t *testing.T, a AttrView, msg []byte, s Session, getterErr error) {
	t.Helper()
	cerr := a.Check(msg, s)
	if getterErr == nil {
		if cerr != nil {
			t.Errorf("getter accepts, Check says %v", cerr)
		}
		return
	}
	var e *Error
	if !errors.As(getterErr, &e) {
		t.Fatalf("getter error %T", getterErr)
	}
	if cerr == nil {
		t.Errorf("getter says %v, Check accepts", e)
		return
	}
	if cerr.Off != e.Off || cerr.Subcode != e.Subcode || cerr.Action != e.Action || cerr.Attr != e.Attr {
		t.Errorf("getter says %v, Check says %v", e, cerr)
	}
}

// simpleAccepts frames the attribute written in hex, reads it with get,
// which must accept it as Check does, and returns the value.
func simpleAccepts[V any](t *testing.T, get func(AttrView) (V, error), hex string) V {
	t.Helper()
	a, msg := simpleAttr(t, hex)
	v, err := get(a)
	if err != nil {
		t.Fatal(err)
	}
	simpleCheckAgrees(t, a, msg, Session{}, nil)
	return v
}

// simpleRejects checks that get refuses each attribute written in hex with
// an error at the attribute, of the given subcode and action, as Check does.
func simpleRejects[V any](t *testing.T, get func(AttrView) (V, error), sub uint8, act Action, hexes ...string) {
	t.Helper()
	for _, hex := range hexes {
		a, msg := simpleAttr(t, hex)
		_, err := get(a)
		simpleWantErr(t, err, simpleAttrOff, sub, act)
		simpleCheckAgrees(t, a, msg, Session{}, err)
	}
}

func TestAttrOrigin(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want Origin
		sub  uint8 // 0: no error
	}{
		{"40 01 01 00 # well-known transitive, ORIGIN, length 1, IGP", OriginIGP, 0},
		{"40 01 01 01 # EGP", OriginEGP, 0},
		{"40 01 01 02 # INCOMPLETE", OriginIncomplete, 0},
		{"40 01 01 03 # undefined value (RFC 4271 §6.3)", 3, SubInvalidOrigin},
		{"40 01 00    # empty", 0, SubAttributeLengthError},
		{"40 01 02 0000 # two octets", 0, SubAttributeLengthError},
		{"50 01 0001 02 # extended length, INCOMPLETE", OriginIncomplete, 0},
	} {
		a, msg := simpleAttr(t, tc.hex)
		got, err := a.Origin()
		if tc.sub != 0 {
			simpleWantErr(t, err, simpleAttrOff, tc.sub, TreatAsWithdraw)
		} else if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.hex, got, err, tc.want)
		}
		simpleCheckAgrees(t, a, msg, Session{}, err)
	}
}

func TestOriginString(t *testing.T) {
	for o, want := range map[Origin]string{OriginIGP: "IGP", OriginEGP: "EGP", OriginIncomplete: "INCOMPLETE", 7: "Origin(7)"} {
		if got := o.String(); got != want {
			t.Errorf("Origin(%d) = %q, want %q", uint8(o), got, want)
		}
	}
}

func TestAttrNextHopAndIDs(t *testing.T) {
	if nh := simpleAccepts(t, AttrView.NextHop, "40 03 04 c0000201 # NEXT_HOP 192.0.2.1"); nh != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("NextHop = %v", nh)
	}
	simpleRejects(t, AttrView.NextHop, SubAttributeLengthError, TreatAsWithdraw,
		"40 03 10 20010db8000000000000000000000001 # NEXT_HOP with 16 octets")
	if id := simpleAccepts(t, AttrView.OriginatorID, "80 09 04 0a000001 # ORIGINATOR_ID 10.0.0.1 (RFC 4456 §8)"); id != netip.MustParseAddr("10.0.0.1") {
		t.Errorf("OriginatorID = %v", id)
	}
	simpleRejects(t, AttrView.OriginatorID, SubAttributeLengthError, TreatAsWithdraw,
		"80 09 03 0a0000 # ORIGINATOR_ID cut short")
}

func TestAttrUint32(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want uint32
		err  bool
	}{
		{"80 04 04 00000064 # MULTI_EXIT_DISC 100", 100, false},
		{"40 05 04 000000c8 # LOCAL_PREF 200", 200, false},
		{"c0 23 04 0000fde8 # OTC 65000 (RFC 9234 §5)", 65000, false},
		{"80 04 04 ffffffff # MED 2^32-1", 0xffffffff, false},
		{"80 04 03 000064   # MED too short", 0, true},
		{"40 05 05 0000000064 # LOCAL_PREF too long", 0, true},
		{"c0 23 00          # OTC empty", 0, true},
	} {
		a, msg := simpleAttr(t, tc.hex)
		got, err := a.Uint32()
		if tc.err {
			simpleWantErr(t, err, simpleAttrOff, SubAttributeLengthError, TreatAsWithdraw)
		} else if err != nil || got != tc.want {
			t.Errorf("%s: got %d, %v", tc.hex, got, err)
		}
		simpleCheckAgrees(t, a, msg, Session{}, err)
	}
}

func TestAttrAtomicAggregate(t *testing.T) {
	atomic := func(a AttrView) (struct{}, error) { return struct{}{}, a.AtomicAggregate() }
	simpleAccepts(t, atomic, "40 06 00 # ATOMIC_AGGREGATE")
	simpleRejects(t, atomic, SubAttributeLengthError, AttributeDiscard, "40 06 01 00 # ATOMIC_AGGREGATE with a value")
}

func TestAttrAggregator(t *testing.T) {
	for _, tc := range []struct {
		hex     string
		as4     bool
		want    Aggregator
		err     bool
		form4   bool // AggregatorForm
		formOK  bool
		wantStr string
	}{
		{"c0 07 06 fde8 c0000201 # AGGREGATOR AS 65000, 192.0.2.1 (2-octet)",
			false, Aggregator{65000, netip.MustParseAddr("192.0.2.1")}, false, false, true, "65000 192.0.2.1"},
		{"c0 07 08 000302ed 5bdc3f01 # AGGREGATOR AS 197357, 91.220.63.1 (RFC 6793 4-octet)",
			true, Aggregator{197357, netip.MustParseAddr("91.220.63.1")}, false, true, true, "197357 91.220.63.1"},
		{"c0 07 08 000302ed 5bdc3f01 # 4-octet form on a 2-octet session",
			false, Aggregator{}, true, true, true, ""},
		{"c0 07 06 fde8 c0000201 # 2-octet form on a 4-octet session",
			true, Aggregator{}, true, false, true, ""},
		{"c0 07 07 00fde8 c0000201 # neither",
			true, Aggregator{}, true, false, false, ""},
		{"c0 12 08 000302ed 5bdc3f01 # AS4_AGGREGATOR, read with as4=false: always 4-octet",
			false, Aggregator{197357, netip.MustParseAddr("91.220.63.1")}, false, true, true, "197357 91.220.63.1"},
		{"c0 12 06 5ba0 5bdc3f01 # AS4_AGGREGATOR of 6 octets",
			true, Aggregator{}, true, false, false, ""},
	} {
		a, msg := simpleAttr(t, tc.hex)
		got, err := a.Aggregator(tc.as4)
		if tc.err {
			simpleWantErr(t, err, simpleAttrOff, SubAttributeLengthError, AttributeDiscard)
		} else if err != nil || got != tc.want || got.String() != tc.wantStr {
			t.Errorf("%s: got %v, %v", tc.hex, got, err)
		}
		if as4, ok := a.AggregatorForm(); as4 != tc.form4 || ok != tc.formOK {
			t.Errorf("%s: AggregatorForm = %v, %v", tc.hex, as4, ok)
		}
		simpleCheckAgrees(t, a, msg, Session{AS4: tc.as4}, err)
	}
}

func TestAttrClusterList(t *testing.T) {
	l := simpleAccepts(t, AttrView.ClusterList, `
		80 0a 08   # optional non-transitive, CLUSTER_LIST, length 8
		0a000001   # 10.0.0.1
		c0000202   # 192.0.2.2`)
	want := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("192.0.2.2")}
	if got := slices.Collect(l.All()); !slices.Equal(got, want) || l.Len() != 2 || l.At(1) != want[1] {
		t.Errorf("ClusterList = %v", got)
	}
	if l.Off(0) != simpleAttrOff+3 || l.Off(1) != simpleAttrOff+7 {
		t.Errorf("offsets %d %d", l.Off(0), l.Off(1))
	}
	if !l.Contains(want[1]) || l.Contains(netip.MustParseAddr("10.0.0.2")) || l.Contains(netip.MustParseAddr("::1")) {
		t.Error("Contains")
	}
	simpleRejects(t, AttrView.ClusterList, SubAttributeLengthError, TreatAsWithdraw, "80 0a 00", "80 0a 06 0a000001 0a00")
}

func TestAttrCommunities(t *testing.T) {
	v := simpleAccepts(t, AttrView.Communities, `
		d0 08 000c  # optional transitive, extended length, COMMUNITIES, length 12
		fde8 0064   # 65000:100
		ffffff01    # NO_EXPORT
		ffff029a    # BLACKHOLE`)
	want := []Community{65000<<16 | 100, CommunityNoExport, CommunityBlackhole}
	if got := slices.Collect(v.All()); !slices.Equal(got, want) {
		t.Errorf("All = %v", got)
	}
	if v.Len() != 3 || v.At(2) != CommunityBlackhole || v.At(0).ASN() != 65000 || v.At(0).Value() != 100 {
		t.Errorf("Len/At wrong")
	}
	// Values start after the 4-octet extended-length header.
	if v.Off(0) != simpleAttrOff+4 || v.Off(2) != simpleAttrOff+12 {
		t.Errorf("offsets %d %d", v.Off(0), v.Off(2))
	}
	if !v.Contains(CommunityNoExport) || v.Contains(CommunityNoAdvertise) {
		t.Error("Contains")
	}
	simpleRejects(t, AttrView.Communities, SubOptionalAttributeError, TreatAsWithdraw,
		"c0 08 00                # empty (RFC 7606 §7.8)",
		"c0 08 05 fde80064 01    # not a multiple of 4",
	)
}

func TestAttrExtCommunities(t *testing.T) {
	v := simpleAccepts(t, AttrView.ExtCommunities, `
		c0 10 18                 # optional transitive, EXTENDED_COMMUNITIES, length 24
		00 02 fde8 00000064      # RT 65000:100 (two-octet AS, RFC 4360 §4)
		01 03 c0000201 0007      # route origin 192.0.2.1:7 (IPv4, RFC 4360 §5)
		40 04 fde8 4e6e6b28      # link bandwidth, AS 65000, 1e9 bytes/s (non-transitive)`)
	var got []string
	for c := range v.All() {
		got = append(got, c.String())
	}
	want := []string{"rt:65000:100", "soo:192.0.2.1:7", "link-bandwidth:65000:1e+09"}
	if !slices.Equal(got, want) {
		t.Errorf("All = %q, want %q", got, want)
	}
	if v.Len() != 3 || v.At(2).Transitive() || !v.At(0).Transitive() || v.Off(1) != simpleAttrOff+3+8 {
		t.Errorf("Len/At/Off wrong")
	}
	simpleRejects(t, AttrView.ExtCommunities, SubOptionalAttributeError, TreatAsWithdraw, "c0 10 00", "c0 10 07 00020000000000")
}

func TestAttrIPv6ExtCommunities(t *testing.T) {
	v := simpleAccepts(t, AttrView.IPv6ExtCommunities, `
		c0 19 28                          # optional transitive, type 25, length 40
		00 02                             # transitive, Route Target (RFC 5701 §3)
		20010db8000000000000000000000001  # Global Administrator 2001:db8::1
		0064                              # Local Administrator 100
		40 03                             # non-transitive, Route Origin
		20010db8000000000000000000000002  # 2001:db8::2
		0007                              # 7`)
	var got []string
	for c := range v.All() {
		got = append(got, c.String())
	}
	if want := []string{"rt:[2001:db8::1]:100", "0x4003:[2001:db8::2]:7"}; !slices.Equal(got, want) {
		t.Errorf("All = %q, want %q", got, want)
	}
	c := v.At(1)
	if v.Len() != 2 || c.Transitive() || c.Type() != 0x40 || c.Subtype() != 3 || c.Local() != 7 ||
		c.Address() != netip.MustParseAddr("2001:db8::2") || v.Off(1) != simpleAttrOff+3+20 {
		t.Errorf("accessors wrong: %v", c)
	}
	simpleRejects(t, AttrView.IPv6ExtCommunities, SubOptionalAttributeError, TreatAsWithdraw, "c0 19 00", "c0 19 08 0002fde800000064")
}

func TestAttrLargeCommunities(t *testing.T) {
	v := simpleAccepts(t, AttrView.LargeCommunities, `
		c0 20 18                    # optional transitive, LARGE_COMMUNITY, length 24
		fa56ea00 00000064 00000002  # 4200000000:100:2 (RFC 8092 §3)
		0000fde8 00000000 ffffffff  # 65000:0:4294967295`)
	want := []LargeCommunity{{4200000000, 100, 2}, {65000, 0, 4294967295}}
	if got := slices.Collect(v.All()); !slices.Equal(got, want) || v.Len() != 2 || v.At(1) != want[1] {
		t.Errorf("All = %v", got)
	}
	if v.Off(1) != simpleAttrOff+3+12 || !v.Contains(want[0]) || v.Contains(LargeCommunity{1, 2, 3}) {
		t.Error("Off/Contains")
	}
	simpleRejects(t, AttrView.LargeCommunities, SubOptionalAttributeError, TreatAsWithdraw, "c0 20 00", "c0 20 08 0000fde800000064")
}

func TestAttrAIGP(t *testing.T) {
	v := simpleAccepts(t, AttrView.AIGP, `
		80 1a 0e            # optional non-transitive, AIGP, length 14
		01 000b             # AIGP TLV (type 1), length 11 (RFC 7311 §3)
		0000000000000064    # accumulated metric 100
		02 0003             # an unknown TLV with an empty value`)
	if m, ok := v.Metric(); !ok || m != 100 {
		t.Errorf("Metric = %d, %v", m, ok)
	}
	var offs []int
	var types []uint8
	for off, tlv := range v.TLVs() {
		offs, types = append(offs, off), append(types, tlv.Type)
	}
	if !slices.Equal(offs, []int{simpleAttrOff + 3, simpleAttrOff + 14}) || !slices.Equal(types, []uint8{1, 2}) {
		t.Errorf("TLVs at %v types %v", offs, types)
	}

	simpleRejects(t, AttrView.AIGP, SubOptionalAttributeError, AttributeDiscard,
		"80 1a 07 01 0007 00000064      # AIGP TLV of 7 octets: RFC 7311 §3 says 11",
		"80 1a 02 01 00                 # TLV header cut",
		"80 1a 0b 01 000c 0000000000000064 # TLV longer than the attribute",
		"80 1a 03 01 0002               # TLV length below its header",
	)
}

// TestAttrGetterWrongType calls each getter on an attribute of another
// type: a programming error, reported without blaming the peer.
func TestAttrGetterWrongType(t *testing.T) {
	a, _ := simpleAttr(t, "40 01 01 00 # ORIGIN")
	n, _ := simpleAttr(t, "40 03 04 c0000201 # NEXT_HOP")
	aggregator := func(a AttrView) (Aggregator, error) { return a.Aggregator(true) }
	for i, err := range []error{
		errOf(AttrView.Origin)(n), errOf(AttrView.NextHop)(a), errOf(AttrView.Uint32)(a), a.AtomicAggregate(),
		errOf(aggregator)(a), errOf(AttrView.OriginatorID)(a), errOf(AttrView.ClusterList)(a),
		errOf(AttrView.Communities)(a), errOf(AttrView.ExtCommunities)(a), errOf(AttrView.IPv6ExtCommunities)(a),
		errOf(AttrView.LargeCommunities)(a), errOf(AttrView.AIGP)(a),
	} {
		var e *Error
		if !errors.As(err, &e) || e.Subcode != SubMalformedAttributeList || e.Action != NoAction || e.Off != simpleAttrOff {
			t.Errorf("getter %d: %v", i, err)
		}
	}
	if _, ok := a.AggregatorForm(); ok {
		t.Error("AggregatorForm on ORIGIN")
	}
}

// errOf drops a getter's value, keeping its error.
func errOf[V any](get func(AttrView) (V, error)) func(AttrView) error {
	return func(a AttrView) error {
		_, err := get(a)
		return err
	}
}

// TestAttrViewWalkAllocs holds the list views to zero allocations.
func TestAttrViewWalkAllocs(t *testing.T) {
	c, _ := simpleAttr(t, "c0 08 08 fde80064 ffffff01")
	e, _ := simpleAttr(t, "c0 10 10 0002fde800000064 0103c00002010007")
	x, _ := simpleAttr(t, "c0 19 14 0002 20010db8000000000000000000000001 0064")
	l, _ := simpleAttr(t, "c0 20 0c fa56ea00 00000064 00000002")
	k, _ := simpleAttr(t, "80 0a 08 0a000001 c0000202")
	g, _ := simpleAttr(t, "80 1a 0b 01 000b 0000000000000064")
	var sink uint64
	noAllocs(t, func() {
		cv, _ := c.Communities()
		for v := range cv.All() {
			sink += uint64(v)
		}
		ev, _ := e.ExtCommunities()
		for v := range ev.All() {
			sink += uint64(v[7])
		}
		xv, _ := x.IPv6ExtCommunities()
		for v := range xv.All() {
			sink += uint64(v.Local())
		}
		lv, _ := l.LargeCommunities()
		for v := range lv.All() {
			sink += uint64(v.LocalData2)
		}
		kv, _ := k.ClusterList()
		for v := range kv.All() {
			sink += uint64(v.As4()[3])
		}
		gv, _ := g.AIGP()
		for off := range gv.TLVs() {
			sink += uint64(off)
		}
		m, _ := gv.Metric()
		sink += m
	})
	_ = sink
}

// simpleGetterTypes are the types the getters of this file read.
var simpleGetterTypes = [...]AttrType{
	AttrOrigin, AttrNextHop, AttrMultiExitDisc, AttrLocalPref, AttrAtomicAggregate, AttrAggregator,
	AttrCommunities, AttrOriginatorID, AttrClusterList, AttrExtCommunities, AttrAS4Aggregator,
	AttrIPv6ExtCommunities, AttrAIGP, AttrLargeCommunities, AttrOTC,
}

// FuzzAttrGetters frames an attribute from fuzzed flags, type and value
// and calls every getter on it, then on the same value under each getter's
// own type with the registry's flags. Nothing may panic; a getter that
// succeeds must give back a value that re-encodes to the input octets, and
// must agree with Check.
func FuzzAttrGetters(f *testing.F) {
	for _, s := range []string{
		"40 01 01 00", "40 01 01 03", "40 03 04 c0000201", "80 04 04 00000064", "c0 23 04 0000fde8",
		"40 06 00", "c0 07 06 fde8c0000201", "c0 07 08 000302ed5bdc3f01", "c0 12 08 000302ed5bdc3f01",
		"80 09 04 0a000001", "80 0a 08 0a000001c0000202", "d0 08 000c fde80064 ffffff01 ffff029a",
		"c0 10 18 0002fde800000064 0103c00002010007 4004fde84e6e6b28",
		"c0 19 14 0002 20010db8000000000000000000000001 0064",
		"c0 20 0c fa56ea00 00000064 00000002", "80 1a 0e 01000b0000000000000064 020003",
		"80 1a 03 010002", "c0 08 05 fde8006401",
	} {
		b := unhex(f, s)
		hl := 3
		if b[0]&0x10 != 0 {
			hl = 4
		}
		f.Add(b[0], b[1], b[hl:], false)
		f.Add(b[0], b[1], b[hl:], true)
	}
	f.Fuzz(func(t *testing.T, flags, typ byte, value []byte, as4 bool) {
		if flags&0x10 == 0 && len(value) > 255 {
			value = value[:255]
		}
		msg := make([]byte, simpleAttrOff, simpleAttrOff+4+len(value))
		msg = append(msg, flags, typ)
		if flags&0x10 != 0 {
			msg = append(msg, byte(len(value)>>8), byte(len(value)))
		} else {
			msg = append(msg, byte(len(value)))
		}
		msg = append(msg, value...)
		a, err := ParseAttr(msg[simpleAttrOff:])
		if err != nil {
			t.Fatalf("framing a well-sized attribute: %v", err)
		}
		a.Off = simpleAttrOff
		fuzzSimpleGetters(t, a, msg, as4, false)
		for _, ty := range simpleGetterTypes {
			b := a
			b.Type = ty
			want, _ := ty.ExpectedFlags()
			b.Flags = a.Flags&FlagExtendedLength | want
			msg[simpleAttrOff], msg[simpleAttrOff+1] = byte(b.Flags), byte(ty)
			fuzzSimpleGetters(t, b, msg, as4, true)
		}
	})
}

// fuzzSimpleGetters calls every getter on a. When check is set, a's flags
// are the registry's, and each verdict must equal Check's.
func fuzzSimpleGetters(t *testing.T, a AttrView, msg []byte, as4 bool, check bool) {
	v := a.Value
	agree := func(err error) {
		if check {
			simpleCheckAgrees(t, a, msg, Session{AS4: as4}, err)
		}
	}
	fuzzGetter(a, agree, AttrView.Origin, func(o Origin) {
		if len(v) != 1 || byte(o) != v[0] {
			t.Errorf("Origin %v from %x", o, v)
		}
	}, AttrOrigin)
	fuzzGetter(a, agree, AttrView.NextHop, func(nh netip.Addr) {
		if nh.AsSlice() == nil || string(nh.AsSlice()) != string(v) {
			t.Errorf("NextHop %v from %x", nh, v)
		}
	}, AttrNextHop)
	fuzzGetter(a, agree, AttrView.Uint32, func(n uint32) {
		if string(binary.BigEndian.AppendUint32(nil, n)) != string(v) {
			t.Errorf("Uint32 %d from %x", n, v)
		}
	}, AttrMultiExitDisc, AttrLocalPref, AttrOTC)
	atomic := func(a AttrView) (struct{}, error) { return struct{}{}, a.AtomicAggregate() }
	fuzzGetter(a, agree, atomic, func(struct{}) {
		if len(v) != 0 {
			t.Errorf("ATOMIC_AGGREGATE accepted %x", v)
		}
	}, AttrAtomicAggregate)
	aggregator := func(a AttrView) (Aggregator, error) { return a.Aggregator(as4) }
	fuzzGetter(a, agree, aggregator, func(g Aggregator) {
		var enc []byte
		if len(v) == 8 {
			enc = binary.BigEndian.AppendUint32(nil, g.AS)
		} else {
			if g.AS > 0xffff {
				t.Errorf("2-octet AGGREGATOR gave AS %d", g.AS)
			}
			enc = binary.BigEndian.AppendUint16(nil, uint16(g.AS))
		}
		enc = append(enc, g.Address.AsSlice()...)
		if string(enc) != string(v) {
			t.Errorf("Aggregator %v from %x", g, v)
		}
		if f4, ok := a.AggregatorForm(); !ok || f4 != (len(v) == 8) {
			t.Errorf("AggregatorForm %v %v for %d octets", f4, ok, len(v))
		}
	}, AttrAggregator, AttrAS4Aggregator)
	fuzzGetter(a, agree, AttrView.OriginatorID, func(id netip.Addr) {
		if string(id.AsSlice()) != string(v) {
			t.Errorf("OriginatorID %v from %x", id, v)
		}
	}, AttrOriginatorID)
	fuzzGetter(a, agree, AttrView.ClusterList, func(l AddrListView) {
		var enc []byte
		for x := range l.All() {
			enc = append(enc, x.AsSlice()...)
		}
		if string(enc) != string(v) || l.Len()*4 != len(v) || l.Off(l.Len()-1) != a.valueOff()+len(v)-4 {
			t.Errorf("ClusterList from %x", v)
		}
	}, AttrClusterList)
	fuzzCommunityList(t, a, agree, AttrView.Communities, AttrCommunities, 4, ParseCommunity)
	fuzzCommunityList(t, a, agree, AttrView.ExtCommunities, AttrExtCommunities, 8, ParseExtCommunity)
	fuzzCommunityList(t, a, agree, AttrView.IPv6ExtCommunities, AttrIPv6ExtCommunities, 20, ParseIPv6ExtCommunity)
	fuzzCommunityList(t, a, agree, AttrView.LargeCommunities, AttrLargeCommunities, 12, ParseLargeCommunity)
	fuzzGetter(a, agree, AttrView.AIGP, func(g AIGPView) {
		var enc []byte
		next := a.valueOff()
		for off, tlv := range g.TLVs() {
			if off != next {
				t.Errorf("AIGP TLV at %d, want %d", off, next)
			}
			enc = append(enc, tlv.Type)
			enc = binary.BigEndian.AppendUint16(enc, uint16(3+len(tlv.Value)))
			enc = append(enc, tlv.Value...)
			next = a.valueOff() + len(enc)
		}
		if string(enc) != string(v) {
			t.Errorf("AIGP from %x re-encodes as %x", v, enc)
		}
		if m, ok := g.Metric(); ok && (len(v) < 11 || !strings.Contains(string(v), string(binary.BigEndian.AppendUint64(nil, m)))) {
			t.Errorf("AIGP metric %d not in %x", m, v)
		}
	}, AttrAIGP)
}

// fuzzGetter calls get on a. A value it accepts goes to check, and its
// verdict to agree; a refusal goes to agree only when a is of one of the
// getter's own types, since on another type Check has nothing to say.
func fuzzGetter[V any](a AttrView, agree func(error), get func(AttrView) (V, error), check func(V), types ...AttrType) {
	v, err := get(a)
	if err == nil {
		check(v)
		agree(err)
	} else if slices.Contains(types, a.Type) {
		agree(err)
	}
}

// wireCommunity is a community of any of the four kinds.
type wireCommunity interface {
	comparable
	AppendBinary([]byte) []byte
	String() string
}

// fuzzCommunityList reads a community list with get, as fuzzGetter does,
// and checks a list it accepts: its items of size octets re-encode to the
// value, print text that parses back to them, and the last sits at the
// value's last size octets.
func fuzzCommunityList[C wireCommunity, L interface {
	All() iter.Seq[C]
	Len() int
	Off(int) int
}](t *testing.T, a AttrView, agree func(error), get func(AttrView) (L, error), typ AttrType, size int, parse func(string) (C, error)) {
	v := a.Value
	fuzzGetter(a, agree, get, func(l L) {
		var enc []byte
		for c := range l.All() {
			enc = c.AppendBinary(enc)
			if p, err := parse(c.String()); err != nil || p != c {
				t.Errorf("%T %v prints %q, reads %v %v", c, c, c.String(), p, err)
			}
		}
		if string(enc) != string(v) || l.Len()*size != len(v) || l.Off(l.Len()-1) != a.valueOff()+len(v)-size {
			t.Errorf("%T from %x", l, v)
		}
	}, typ)
}
