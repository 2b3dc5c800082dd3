package bgp

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
)

// Segment shorthands for the RFC 6793 §4.2.3 cases below.
func segSeq(asns ...uint32) ASSegment       { return ASSegment{SegmentSequence, asns} }
func segSet(asns ...uint32) ASSegment       { return ASSegment{SegmentSet, asns} }
func segConfedSeq(asns ...uint32) ASSegment { return ASSegment{SegmentConfedSeq, asns} }
func segConfedSet(asns ...uint32) ASSegment { return ASSegment{SegmentConfedSet, asns} }
func mkPath(segs ...ASSegment) ASPath       { return ASPath{Segments: segs} }

// 4-octet ASNs that an OLD speaker sees as AS_TRANS.
const (
	mergeAS4a = 4200000001
	mergeAS4b = 4200000002
)

func TestMergeAS4Path(t *testing.T) {
	cases := []struct {
		name        string
		asPath, as4 ASPath
		want        ASPath
	}{{
		// "If the number of AS numbers in the AS_PATH attribute is less than
		// the number of AS numbers in the AS4_PATH attribute, then the
		// AS4_PATH attribute SHALL be ignored".
		name:   "AS4_PATH longer than AS_PATH is ignored",
		asPath: mkPath(segSeq(65001, ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a, 65002, 65003)),
		want:   mkPath(segSeq(65001, ASTrans)),
	}, {
		name:   "same count: AS4_PATH is the whole path",
		asPath: mkPath(segSeq(ASTrans, 65002)),
		as4:    mkPath(segSeq(mergeAS4a, 65002)),
		want:   mkPath(segSeq(mergeAS4a, 65002)),
	}, {
		// The leading ASNs that only OLD speakers added come from AS_PATH.
		name:   "leading 2-octet ASNs prepended",
		asPath: mkPath(segSeq(65001, ASTrans, 65002)),
		as4:    mkPath(segSeq(mergeAS4a, 65002)),
		want:   mkPath(segSeq(65001, mergeAS4a, 65002)),
	}, {
		name:   "leading part cut inside a sequence",
		asPath: mkPath(segSeq(65001, 65002, ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   mkPath(segSeq(65001, 65002, mergeAS4a)),
	}, {
		// An AS_SET counts as one AS (RFC 4271 §9.1.2.2).
		name:   "AS_SET counts one",
		asPath: mkPath(segSeq(65001, ASTrans), segSet(ASTrans, 65010)),
		as4:    mkPath(segSeq(mergeAS4a), segSet(mergeAS4b, 65010)),
		want:   mkPath(segSeq(65001, mergeAS4a), segSet(mergeAS4b, 65010)),
	}, {
		name:   "leading AS_SET taken whole",
		asPath: mkPath(segSet(65001, 65002), segSeq(ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   mkPath(segSet(65001, 65002), segSeq(mergeAS4a)),
	}, {
		// Confederation segments count zero (RFC 5065) and "a valid
		// AS_CONFED_SEQUENCE or AS_CONFED_SET mkPath segment SHALL be
		// prepended if it is either the leading mkPath segment or is adjacent
		// to a mkPath segment that is prepended".
		name:   "leading confederation segment kept",
		asPath: mkPath(segConfedSeq(64512, 64513), segSeq(65001, ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   mkPath(segConfedSeq(64512, 64513), segSeq(65001, mergeAS4a)),
	}, {
		name:   "leading confederation segment kept when nothing else is",
		asPath: mkPath(segConfedSeq(64512), segConfedSet(64513, 64514), segSeq(ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   mkPath(segConfedSeq(64512), segConfedSet(64513, 64514), segSeq(mergeAS4a)),
	}, {
		name:   "confederation segment adjacent to a prepended one kept",
		asPath: mkPath(segSeq(65001), segConfedSeq(64512), segSeq(ASTrans)),
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   mkPath(segSeq(65001), segConfedSeq(64512), segSeq(mergeAS4a)),
	}, {
		// RFC 6793 §3: confederation segments must not be in AS4_PATH; a
		// receiver discards them (they would count zero anyway).
		name:   "confederation segments of AS4_PATH discarded",
		asPath: mkPath(segSeq(65001, ASTrans)),
		as4:    mkPath(segConfedSeq(64512), segSeq(mergeAS4a)),
		want:   mkPath(segSeq(65001, mergeAS4a)),
	}, {
		name:   "empty AS4_PATH: AS_PATH",
		asPath: mkPath(segSeq(65001, 65002)),
		as4:    ASPath{},
		want:   mkPath(segSeq(65001, 65002)),
	}, {
		name:   "empty AS_PATH and a non-empty AS4_PATH: AS_PATH",
		asPath: ASPath{},
		as4:    mkPath(segSeq(mergeAS4a)),
		want:   ASPath{},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := MergeAS4Path(c.asPath, c.as4)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("MergeAS4Path(%v, %v) = %v, want %v", c.asPath, c.as4, got, c.want)
			}
			if got.Len() != c.asPath.Len() && c.as4.Len() <= c.asPath.Len() {
				t.Errorf("merged length %d, AS_PATH length %d", got.Len(), c.asPath.Len())
			}
			// The result shares no memory with the arguments.
			for _, sg := range got.Segments {
				for i := range sg.ASNs {
					sg.ASNs[i] = 0
				}
			}
			if !reflect.DeepEqual(MergeAS4Path(c.asPath, c.as4), c.want) {
				t.Errorf("writing the result changed the arguments")
			}
		})
	}
}

// as2Update builds, for a 2-octet session, the attributes an OLD speaker
// passes on: AS_PATH, an optional AGGREGATOR and the AS4_ attributes.
func as2Update(asPath, as4Path ASPath, agg, as4Agg *Aggregator) Update {
	u := Update{Attrs: []PathAttr{NewPathAttr(AttrASPath, asPath)}}
	if agg != nil {
		u.Attrs = append(u.Attrs, NewPathAttr(AttrAggregator, *agg))
	}
	if as4Path.Segments != nil {
		u.Attrs = append(u.Attrs, NewPathAttr(AttrAS4Path, as4Path))
	}
	if as4Agg != nil {
		u.Attrs = append(u.Attrs, NewPathAttr(AttrAS4Aggregator, *as4Agg))
	}
	return u
}

func TestUpdateASPathAndAggregator(t *testing.T) {
	asPath := mkPath(segSeq(65001, ASTrans, 65002))
	as4Path := mkPath(segSeq(mergeAS4a, 65002))
	merged := mkPath(segSeq(65001, mergeAS4a, 65002))
	transAgg := &Aggregator{ASTrans, owAddr("192.0.2.1")}
	oldAgg := &Aggregator{65003, owAddr("192.0.2.3")}
	as4Agg := &Aggregator{mergeAS4b, owAddr("192.0.2.2")}

	cases := []struct {
		name     string
		u        Update
		s        Session
		wantPath ASPath
		wantAgg  Aggregator
		aggOK    bool
	}{
		{"2-octet session, no aggregator: merged", as2Update(asPath, as4Path, nil, nil), Session{}, merged, Aggregator{}, false},
		// "If the AGGREGATOR attribute contains an AS number other than
		// AS_TRANS, then ... the AS4_AGGREGATOR attribute and the AS4_PATH
		// attribute SHALL be ignored".
		{"aggregated by an OLD speaker: AS4 attributes ignored", as2Update(asPath, as4Path, oldAgg, as4Agg), Session{}, asPath, *oldAgg, true},
		// Otherwise "the AS4_AGGREGATOR attribute SHALL be taken as the
		// information about the aggregating node".
		{"AGGREGATOR AS_TRANS: AS4_AGGREGATOR and merge", as2Update(asPath, as4Path, transAgg, as4Agg), Session{}, merged, *as4Agg, true},
		{"AGGREGATOR AS_TRANS without AS4_AGGREGATOR", as2Update(asPath, as4Path, transAgg, nil), Session{}, merged, *transAgg, true},
		{"AS4_AGGREGATOR alone is ignored", as2Update(asPath, as4Path, nil, as4Agg), Session{}, merged, Aggregator{}, false},
		// RFC 6793 §4.1: between NEW speakers the AS4_ attributes are discarded.
		{"4-octet session: AS_PATH and AGGREGATOR as sent", as2Update(asPath, as4Path, transAgg, as4Agg), Session{AS4: true}, asPath, *transAgg, true},
		{"malformed AS4_PATH is ignored", func() Update {
			u := as2Update(asPath, ASPath{}, nil, nil)
			u.Attrs = append(u.Attrs, PathAttr{0xc0, AttrAS4Path, RawAttr{2, 1, 0}})
			return u
		}(), Session{}, asPath, Aggregator{}, false},
	}
	for _, c := range cases {
		got, ok := c.u.ASPath(c.s)
		if !ok || !reflect.DeepEqual(got, c.wantPath) {
			t.Errorf("%s: ASPath %v %v, want %v", c.name, got, ok, c.wantPath)
		}
		g, ok := c.u.Aggregator(c.s)
		if ok != c.aggOK || g != c.wantAgg {
			t.Errorf("%s: Aggregator %v %v, want %v %v", c.name, g, ok, c.wantAgg, c.aggOK)
		}
	}
	if _, ok := (Update{}).ASPath(Session{}); ok {
		t.Error("ASPath found in an empty Update")
	}

	// Decoded from the wire: the vector of update_owned_test.go.
	u, err := DecodeUpdate(updateMsg(t, ownedVectors[1].body), Session{})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := u.ASPath(Session{}); p.String() != "65001 4200000001 65002" {
		t.Errorf("merged path %v", p)
	}
	if g, _ := u.Aggregator(Session{}); g.AS != mergeAS4a {
		t.Errorf("aggregator %v", g)
	}
}

func TestASPathAppendSplitsLongSequences(t *testing.T) {
	asns := make([]uint32, 300)
	for i := range asns {
		asns[i] = uint32(64512 + i%10)
	}
	p := ASPath{[]ASSegment{{SegmentSequence, asns}}}
	a := NewPathAttr(AttrASPath, p)
	b, err := a.Append(nil, Session{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 + 255*2 + 2 + 45*2 = 604 octets: Extended Length, two segments.
	if b[0] != 0x50 || binary.BigEndian.Uint16(b[2:]) != 604 || b[4] != 2 || b[5] != 255 || b[4+2+510] != 2 || b[4+2+510+1] != 45 {
		t.Errorf("header % x, segments at 4: % x and at 516: % x", b[:4], b[4:6], b[516:518])
	}
	segSet := ASPath{[]ASSegment{{SegmentSet, asns}}}
	if _, err := NewPathAttr(AttrASPath, segSet).Append(nil, Session{}); !errors.Is(err, errSegment) {
		t.Errorf("300-ASN AS_SET: %v", err)
	}
	if got := p.Len(); got != 300 {
		t.Errorf("Len %d", got)
	}
}

func TestASPathString(t *testing.T) {
	p := ASPath{[]ASSegment{
		{SegmentConfedSeq, []uint32{64512, 64513}},
		{SegmentConfedSet, []uint32{64514, 64515}},
		{SegmentSequence, []uint32{65001, 65002}},
		{SegmentSet, []uint32{65003, 65004}},
	}}
	if got, want := p.String(), "(64512 64513) [64514,64515] 65001 65002 {65003,65004}"; got != want {
		t.Errorf("String %q, want %q", got, want)
	}
	if p.Len() != 3 {
		t.Errorf("Len %d, want 3", p.Len())
	}
}
