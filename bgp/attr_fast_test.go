package bgp

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestFastAttrOK holds the validation walk's table (fastAttrOK) to Check:
// whenever the table passes an attribute, Check must find nothing, for
// every type code and flags octet and many values. And the table must
// pass the common well-formed attributes, or it is no fast path.
func TestFastAttrOK(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	values := [][]byte{nil, {0}, {1}, {2}, {3}, {0, 0, 0, 0}, {192, 0, 2, 1},
		{2, 1, 0, 0, 0xfd, 0xe9}, {2, 1, 0, 0, 0, 0}, {2, 2, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea}, {9, 1, 0, 1},
		make([]byte, 8), make([]byte, 12), make([]byte, 24), make([]byte, 5), make([]byte, 7)}
	for range 200 {
		v := make([]byte, r.IntN(30))
		for i := range v {
			v[i] = byte(r.IntN(4))
		}
		values = append(values, v)
	}
	msg := make([]byte, 64)
	passed := 0
	for typ := 0; typ < 256; typ++ {
		for flags := 0; flags < 256; flags++ {
			for _, v := range values {
				for _, as4 := range []bool{false, true} {
					a := AttrView{Flags: AttrFlags(flags), Type: AttrType(typ), Value: v, Off: 19}
					if !fastAttrOK(&a, as4) {
						continue
					}
					passed++
					if e := a.Check(msg, Session{AS4: as4}); e != nil {
						t.Fatalf("type %d flags %#x value % x as4 %v: fast path passes, Check says %v", typ, flags, v, as4, e)
					}
				}
			}
		}
	}
	if passed == 0 {
		t.Fatal("the fast path passed nothing")
	}
	for _, a := range []AttrView{
		{Flags: 0x40, Type: AttrOrigin, Value: []byte{0}},
		{Flags: 0x40, Type: AttrASPath, Value: []byte{2, 1, 0, 0, 0xfd, 0xe9}},
		{Flags: 0x50, Type: AttrASPath, Value: []byte{2, 1, 0, 0, 0xfd, 0xe9}}, // extended length
		{Flags: 0x40, Type: AttrNextHop, Value: []byte{192, 0, 2, 1}},
		{Flags: 0x80, Type: AttrMultiExitDisc, Value: []byte{0, 0, 0, 1}},
		{Flags: 0x40, Type: AttrLocalPref, Value: []byte{0, 0, 0, 100}},
		{Flags: 0x40, Type: AttrAtomicAggregate, Value: []byte{}},
		{Flags: 0xc0, Type: AttrCommunities, Value: []byte{0xfd, 0xe9, 0, 1}},
		{Flags: 0xe0, Type: AttrCommunities, Value: []byte{0xfd, 0xe9, 0, 1}}, // partial
		{Flags: 0x80, Type: AttrOriginatorID, Value: []byte{10, 0, 0, 1}},
		{Flags: 0x80, Type: AttrClusterList, Value: []byte{10, 0, 0, 1}},
		{Flags: 0xc0, Type: AttrExtCommunities, Value: make([]byte, 8)},
		{Flags: 0xc0, Type: AttrLargeCommunities, Value: make([]byte, 12)},
	} {
		if !fastAttrOK(&a, true) {
			t.Errorf("%v flags %#x: not on the fast path", a.Type, a.Flags)
		}
	}
	// Faults the table must leave to Check.
	for _, a := range []AttrView{
		{Flags: 0xc0, Type: AttrOrigin, Value: []byte{0}},              // optional bit on a well-known attribute
		{Flags: 0x60, Type: AttrOrigin, Value: []byte{0}},              // partial on a well-known attribute
		{Flags: 0x40, Type: AttrOrigin, Value: []byte{3}},              // bad ORIGIN
		{Flags: 0xa0, Type: AttrMultiExitDisc, Value: make([]byte, 4)}, // partial on optional non-transitive
		{Flags: 0x40, Type: AttrAtomicAggregate, Value: []byte{0}},
		{Flags: 0xc0, Type: AttrLargeCommunities, Value: make([]byte, 8)},
		{Flags: 0x40, Type: AttrASPath, Value: []byte{2, 1, 0, 0, 0, 0}}, // AS 0
	} {
		if fastAttrOK(&a, true) {
			t.Errorf("%v flags %#x value % x: passed", a.Type, a.Flags, a.Value)
		}
	}
}

// TestValidationWalkMatchesCheck: ParseUpdate's walk, with its inline
// table checks, reports for each attribute exactly what Check reports, on
// random attribute sections (common types, random flags, lengths and
// values, extended lengths).
func TestValidationWalkMatchesCheck(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	types := []AttrType{AttrOrigin, AttrASPath, AttrNextHop, AttrMultiExitDisc, AttrLocalPref, AttrAtomicAggregate,
		AttrAggregator, AttrCommunities, AttrOriginatorID, AttrClusterList, AttrExtCommunities, AttrLargeCommunities,
		AttrOTC, AttrAS4Path, 99, 255}
	flagsFor := []byte{0x40, 0x80, 0xc0, 0xe0, 0x60, 0xa0, 0x00, 0x50, 0xd0}
	for range 20000 {
		as4 := r.IntN(2) == 0
		body := []byte{0, 0, 0, 0}
		used := map[AttrType]bool{}
		for range 1 + r.IntN(5) {
			typ := types[r.IntN(len(types))]
			if used[typ] {
				continue // duplicates have their own error
			}
			used[typ] = true
			flags := flagsFor[r.IntN(len(flagsFor))]
			var v []byte
			switch r.IntN(4) {
			case 0: // plausible lengths
				v = make([]byte, []int{0, 1, 4, 6, 8, 12, 24}[r.IntN(7)])
			case 1: // an AS_PATH-shaped value
				v = []byte{2, byte(r.IntN(3))}
				for range int(v[1]) * 4 {
					v = append(v, byte(r.IntN(3)))
				}
			default:
				v = make([]byte, r.IntN(14))
			}
			for i := range v {
				if r.IntN(3) == 0 {
					v[i] = byte(r.Uint32())
				}
			}
			if len(v) > 0 && typ == AttrOrigin {
				v[0] = byte(r.IntN(4))
			}
			body = append(body, flags, byte(typ))
			if flags&0x10 != 0 {
				body = append(body, 0)
			}
			body = append(body, byte(len(v)))
			body = append(body, v...)
		}
		body[2], body[3] = byte((len(body)-4)>>8), byte(len(body)-4)
		msg := appendTestHeader(body)
		s := Session{AS4: as4}
		u, err := ParseUpdate(msg, s)
		if err != nil {
			t.Fatalf("% x: %v", msg, err)
		}
		var want []*Error
		for a := range u.Attrs() {
			if e := a.Check(msg, s); e != nil {
				want = append(want, e)
			}
		}
		var got []*Error
		for _, e := range u.Errors() {
			if e.Subcode != SubMissingWellKnownAttribute {
				got = append(got, e)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("% x as4 %v:\nwalk  %v\nCheck %v", msg, as4, got, want)
		}
	}
}

// TestCheckASPathZero: AS 0 is found at every position of segments of
// every length, for both AS widths (checkASPath reads two 4-octet ASNs a
// time).
func TestCheckASPathZero(t *testing.T) {
	for _, w := range []int{2, 4} {
		for n := 1; n <= 7; n++ {
			for zero := -1; zero < n; zero++ {
				v := []byte{2, byte(n)}
				for i := 0; i < n; i++ {
					as := []byte{0, 0, 0x0d, 0x1c}[4-w:] // AS 3356
					if i == zero {
						as = make([]byte, w)
					}
					v = append(v, as...)
				}
				got := checkASPath(v, w == 4)
				if (zero >= 0) != (got == "AS_PATH holds AS 0, which RFC 7607 §2 forbids") || zero < 0 && got != "" {
					t.Errorf("width %d, %d ASNs, AS 0 at %d: %q", w, n, zero, got)
				}
			}
		}
	}
}
