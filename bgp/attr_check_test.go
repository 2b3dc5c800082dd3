package bgp

import "testing"

// TestAttrRegistryComplete: every registered attribute has its names, RFC
// and flags; every attribute a getter reads says in its row what is valid
// (a fixed length or a value check); every attribute the path's JSON
// decodes is registered.
func TestAttrRegistryComplete(t *testing.T) {
	for typ := range attrTable {
		r := attrTable[typ]
		if r.name == "" {
			if r.json != "" || r.value != nil || r.size != 0 {
				t.Errorf("type %d: a row without a name", typ)
			}
			continue
		}
		if r.json == "" || r.ref == "" || r.flags&^(FlagOptional|FlagTransitive) != 0 || r.onErr == NoAction {
			t.Errorf("%v: incomplete row %+v", AttrType(typ), r)
		}
	}
	for _, typ := range []AttrType{AttrOrigin, AttrASPath, AttrNextHop, AttrMultiExitDisc, AttrLocalPref,
		AttrAtomicAggregate, AttrAggregator, AttrCommunities, AttrOriginatorID, AttrClusterList,
		AttrExtCommunities, AttrAS4Path, AttrAS4Aggregator, AttrIPv6ExtCommunities, AttrAIGP,
		AttrLargeCommunities, AttrOTC} {
		if r := attrTable[typ]; r.size == 0 && r.value == nil {
			t.Errorf("%v: a getter reads it, but its row says nothing of what is valid", typ)
		}
	}
	for _, r := range pathJSON {
		if !r.t.Known() {
			t.Errorf("pathJSON has unregistered type %v", r.t)
		}
	}
}

// TestValueChecksAgree: for malformed values of each checked type, Check,
// the getter and the registry row give the same subcode and reason.
func TestValueChecksAgree(t *testing.T) {
	for _, tc := range []struct {
		attr string // whole attribute in hex
		as4  bool
		get  func(a AttrView) error
	}{
		{"400101 03", false, func(a AttrView) error { _, err := a.Origin(); return err }},
		{"400102 0000", false, func(a AttrView) error { _, err := a.Origin(); return err }},
		{"400601 00", false, func(a AttrView) error { return a.AtomicAggregate() }},
		{"c00706 0000c0000201", false, func(a AttrView) error { _, err := a.Aggregator(false); return err }},
		{"c00706 fde9c0000201", true, func(a AttrView) error { _, err := a.Aggregator(true); return err }},
		{"c01208 00000000c0000201", false, func(a AttrView) error { _, err := a.Aggregator(false); return err }},
		{"c00803 fde800", false, func(a AttrView) error { _, err := a.Communities(); return err }},
		{"800a05 c000020100", false, func(a AttrView) error { _, err := a.ClusterList(); return err }},
		{"c01004 00020000", false, func(a AttrView) error { _, err := a.ExtCommunities(); return err }},
		{"c01905 0102030405", false, func(a AttrView) error { _, err := a.IPv6ExtCommunities(); return err }},
		{"c0200b 0000000100000002000000", false, func(a AttrView) error { _, err := a.LargeCommunities(); return err }},
		{"801a0a 01000a00000000000000", false, func(a AttrView) error { _, err := a.AIGP(); return err }},
		{"800402 0000", false, func(a AttrView) error { _, err := a.Uint32(); return err }},
	} {
		b := unhex(t, tc.attr)
		a, err := ParseAttr(b)
		if err != nil {
			t.Fatalf("%s: %v", tc.attr, err)
		}
		ce := a.Check(b, Session{AS4: tc.as4})
		ge, _ := tc.get(a).(*Error)
		if ce == nil || ge == nil {
			t.Errorf("%s: Check %v, getter %v: both must refuse it", tc.attr, ce, ge)
			continue
		}
		sub, why := a.problem(tc.as4)
		if ce.Subcode != ge.Subcode || ce.Subcode != sub || ce.Reason != ge.Reason || ce.Reason != why {
			t.Errorf("%s: Check %d %q, getter %d %q, row %d %q", tc.attr, ce.Subcode, ce.Reason, ge.Subcode, ge.Reason, sub, why)
		}
		if ce.Action != a.Type.ErrorAction() {
			t.Errorf("%s: action %v", tc.attr, ce.Action)
		}
	}
}
