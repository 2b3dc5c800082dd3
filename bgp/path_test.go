package bgp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// pathJSONOf decodes what AppendJSON and AppendNextHopJSON write for f.
func pathJSONOf(t testing.TB, p *Path, f Family) map[string]any {
	t.Helper()
	b := append([]byte(`{"x":0`), p.AppendJSON(nil)...)
	b = p.AppendNextHopJSON(b, f)
	b = append(b, '}')
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("AppendJSON wrote invalid JSON %s: %v", b, err)
	}
	delete(m, "x")
	return m
}

// ownedPathJSON builds, from the owned Update, what the path's JSON must
// hold for the attributes bgplens decodes: the expectation is written from
// the owned values (their own merge and String forms), not from Path.
func ownedPathJSON(d Update, s Session, f Family) map[string]any {
	m := map[string]any{}
	strs := func(n int, at func(int) string) []any {
		out := make([]any, n)
		for i := range n {
			out[i] = at(i)
		}
		return out
	}
	if p, ok := d.ASPath(s); ok {
		m["as_path"] = p.String()
		m["as_path_count"] = float64(p.Len())
		m["origin_as"] = float64(originAS(p))
	}
	if g, ok := d.Aggregator(s); ok {
		m["aggregator"] = g.String()
	}
	for _, a := range d.Attrs {
		if _, dup := m[a.Type.JSONName()]; dup {
			continue
		}
		switch v := a.Value.(type) {
		case Origin:
			m["origin"] = v.JSONName()
		case Communities:
			m["communities"] = strs(len(v), func(i int) string { return v[i].String() })
		case LargeCommunities:
			m["large_communities"] = strs(len(v), func(i int) string { return v[i].String() })
		case ExtCommunities:
			m["extended_communities"] = strs(len(v), func(i int) string { return v[i].String() })
		}
		switch a.Type {
		case AttrMultiExitDisc:
			if v, ok := a.Value.(MultiExitDisc); ok {
				m[a.Type.JSONName()] = float64(v)
			}
		case AttrLocalPref:
			if v, ok := a.Value.(LocalPref); ok {
				m[a.Type.JSONName()] = float64(v)
			}
		case AttrAtomicAggregate:
			m["atomic_aggregate"] = true
		}
	}
	if mp, ok := d.mpReach(); ok && mp.Family == f {
		if nh, ll, _, ok := mp.NextHops(); ok {
			m["next_hop"] = nh.String()
			if ll.IsValid() {
				m["next_hop_link_local"] = ll.String()
			}
		}
	} else if a, ok := d.Attr(AttrNextHop); ok {
		if nh, ok := a.Value.(NextHop); ok {
			m["next_hop"] = nh.Addr.String()
		}
	}
	return m
}

// checkPath compares the Path of u with the owned Update d: the getters
// and the JSON of every family the UPDATE announces.
func checkPath(t testing.TB, u UpdateView, d Update, s Session) error {
	p := u.Path()
	if !slices.Equal(p.Bytes(), u.Message()[u.AttrsSpan().Off:u.AttrsSpan().Off+u.AttrsSpan().Len]) {
		return fmt.Errorf("Path.Bytes is not the attributes field")
	}
	want, wok := d.ASPath(s)
	got, gok := p.ASPath()
	if wok != gok || wok && want.String() != got.String() {
		return fmt.Errorf("ASPath %v %q, owned %v %q", gok, got, wok, want)
	}
	wg, wok := d.Aggregator(s)
	gg, gok := p.Aggregator()
	if wok != gok || wg != gg {
		return fmt.Errorf("Aggregator %v %v, owned %v %v", gok, gg, wok, wg)
	}
	fams := map[Family]bool{}
	for f := range u.Announced() {
		fams[f] = true
	}
	if len(fams) == 0 {
		fams[IPv4Unicast] = true
	}
	// The set a RIB keeps reads as the same path, and the copy of a clean
	// field is what the walk over its attributes writes.
	set := u.AppendPathAttrs(nil, u.Verdict())
	if walk := u.appendPathAttrsWalk(nil, u.Verdict()); !bytes.Equal(set, walk) {
		return fmt.Errorf("AppendPathAttrs %x, the walk over the attributes %x", set, walk)
	}
	stored, err := ReadPath(set, s)
	if err != nil {
		return fmt.Errorf("AppendPathAttrs wrote a set that does not frame: %v", err)
	}
	if stored.Has(AttrMPUnreachNLRI) {
		return fmt.Errorf("the stored set keeps MP_UNREACH_NLRI")
	}
	if m, ok := stored.MPReach(); ok && len(m.NLRI) != 0 {
		return fmt.Errorf("the stored set keeps MP_REACH_NLRI's NLRI")
	}
	for f := range fams {
		gotJ, wantJ := pathJSONOf(t, &p, f), ownedPathJSON(d, s, f)
		if sj := pathJSONOf(t, &stored, f); !reflect.DeepEqual(sj, gotJ) {
			return fmt.Errorf("family %v: stored set %v, UPDATE %v", f, sj, gotJ)
		}
		for k, w := range wantJ {
			if !reflect.DeepEqual(gotJ[k], w) {
				return fmt.Errorf("family %v: JSON %q = %v, owned values give %v", f, k, gotJ[k], w)
			}
		}
	}
	return nil
}

func TestPathMergeAS4(t *testing.T) {
	// A 2-octet session: AS_PATH with AS_TRANS, AS4_PATH with the real
	// ASNs, AGGREGATOR of AS_TRANS and AS4_AGGREGATOR (RFC 6793 §4.2.3).
	s := Session{}
	attrs := unhex(t, "40010100"+
		"40020a0204fde85ba05ba00001"+ // AS_SEQUENCE 65000 23456 23456 1
		"c0110e0203000186a0000186a100000001"+ // AS4_PATH 100000 100001 1
		"c00706"+"5ba0"+"c0000201"+ // AGGREGATOR AS_TRANS 192.0.2.1
		"c01208"+"000186a1"+"c0000201"+ // AS4_AGGREGATOR 100001 192.0.2.1
		"400304c0000202")
	p, err := ReadPath(attrs, s)
	if err != nil {
		t.Fatal(err)
	}
	m := pathJSONOf(t, &p, IPv4Unicast)
	want := map[string]any{
		"origin": "igp", "as_path": "65000 100000 100001 1", "as_path_count": 4.0, "origin_as": 1.0,
		"aggregator": "100001 192.0.2.1", "as4_path": "100000 100001 1", "as4_aggregator": "100001 192.0.2.1",
		"next_hop": "192.0.2.2",
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got  %v\nwant %v", m, want)
	}
	// An AGGREGATOR of another AS: an OLD speaker aggregated, AS4_PATH is
	// not merged.
	attrs2 := slices.Clone(attrs)
	copy(attrs2[strings.Index(hex.EncodeToString(attrs), "c007065ba0")/2+3:], []byte{0xfd, 0xe9})
	p2, _ := ReadPath(attrs2, s)
	if got, _ := p2.ASPath(); got.String() != "65000 23456 23456 1" {
		t.Errorf("aggregated by an OLD speaker: AS path %q", got)
	}
	if g, _ := p2.Aggregator(); g.AS != 65001 {
		t.Errorf("aggregator %v", g)
	}
	// The same octets read on a 4-octet session do not parse as AS_PATH:
	// it goes under other_attributes with its octets.
	p4, _ := ReadPath(attrs, Session{AS4: true})
	m4 := pathJSONOf(t, &p4, IPv4Unicast)
	if _, ok := m4["as_path"]; ok {
		t.Errorf("2-octet AS_PATH read as 4-octet: %v", m4["as_path"])
	}
	others, _ := m4["other_attributes"].([]any)
	if len(others) == 0 || others[0].(map[string]any)["name"] != "AS_PATH" {
		t.Errorf("unreadable AS_PATH not kept: %v", m4["other_attributes"])
	}
}

func TestPathOther(t *testing.T) {
	// An unknown optional attribute, a duplicate COMMUNITIES (the first
	// counts) and an MP_REACH_NLRI for IPv6 whose next hop applies to IPv6
	// routes only.
	attrs := unhex(t, "c06303010203"+
		"c00804fde80064"+"c00804fde800c8"+
		"400304c0000201"+
		"800e2a0002012020010db8000000000000000000000001fe800000000000000000000000000001"+"00"+"2020010db8")
	p, err := ReadPath(attrs, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	m := pathJSONOf(t, &p, IPv6Unicast)
	if m["next_hop"] != "2001:db8::1" || m["next_hop_link_local"] != "fe80::1" {
		t.Errorf("IPv6 next hops: %v %v", m["next_hop"], m["next_hop_link_local"])
	}
	if v4 := pathJSONOf(t, &p, IPv4Unicast); v4["next_hop"] != "192.0.2.1" {
		t.Errorf("IPv4 next hop: %v", v4["next_hop"])
	}
	if c := m["communities"].([]any); len(c) != 1 || c[0] != "65000:100" {
		t.Errorf("communities %v", c)
	}
	want := []any{map[string]any{"code": 99.0, "name": "AttrType(99)", "flags": 192.0, "hex": "010203"}}
	if !reflect.DeepEqual(m["other_attributes"], want) {
		t.Errorf("other_attributes %v", m["other_attributes"])
	}
}

func TestReadPathError(t *testing.T) {
	attrs := unhex(t, "40010100"+"400304c00002") // NEXT_HOP cut short
	p, err := ReadPath(attrs, Session{})
	e, ok := err.(*Error)
	if !ok || e.Off != 4 || e.Subcode != SubAttributeLengthError {
		t.Fatalf("error %v", err)
	}
	if o, ok := p.Origin(); !ok || o != OriginIGP {
		t.Errorf("the attribute before the error is lost: %v %v", o, ok)
	}
	if p.Has(AttrNextHop) {
		t.Error("the attribute that does not frame is listed")
	}
}

func TestPathOffsets(t *testing.T) {
	msg := unhex(t, "ffffffffffffffffffffffffffffffff002f020000001440010100400206020100000001400304c000020118c63364")
	u, err := ParseUpdate(msg, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	p := u.Path()
	for a := range p.All() {
		if got, _ := ParseAttr(msg[a.Off:]); got.Type != a.Type {
			t.Errorf("%v: Off %d points at %v", a.Type, a.Off, got.Type)
		}
	}
	if a, ok := p.Attr(AttrNextHop); !ok || a.Off != 36 {
		t.Errorf("NEXT_HOP at %d", a.Off)
	}
	if nh, _, ok := p.NextHop(IPv4Unicast); !ok || nh != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("next hop %v", nh)
	}
}

// TestAppendPathAttrsDiscard: an attribute that an attribute-discard
// verdict names is not stored (RFC 7606 §2), nor is MP_UNREACH_NLRI.
func TestAppendPathAttrsDiscard(t *testing.T) {
	msg := unhex(t, "ffffffffffffffffffffffffffffffff 003c 02 0000 0021"+
		"40010100 4002040201fde9 400304c0000201"+
		"c00706 0000c0000201"+ // AGGREGATOR of AS 0: attribute discard (RFC 7607)
		"800f03 000201"+ // MP_UNREACH_NLRI, IPv6 unicast, nothing withdrawn
		"18c63364")
	u, err := ParseUpdate(msg, Session{})
	if err != nil {
		t.Fatal(err)
	}
	if v := u.Verdict(); v == nil || v.Action != AttributeDiscard {
		t.Fatalf("verdict %v", v)
	}
	p, err := ReadPath(u.AppendPathAttrs(nil, u.Verdict()), Session{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Has(AttrAggregator) || p.Has(AttrMPUnreachNLRI) || !p.Has(AttrNextHop) || !p.Has(AttrASPath) {
		t.Errorf("stored %x", p.Bytes())
	}
}

func BenchmarkPathJSON(b *testing.B) {
	attrs := unhex(b, "40010100"+"40020e0203000000010000fde800000002"+"400304c0000201"+
		"c0080cfde80064fde800c8ffffff01"+"c0200c0000fde80000000100000002")
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		p, _ := ReadPath(attrs, Session{AS4: true})
		buf = p.AppendNextHopJSON(p.AppendJSON(buf[:0]), IPv4Unicast)
	}
}

// TestASPathPartialCut: a segment cut in the middle of an ASN is the last
// one; the octets of the cut ASN are not read as another segment.
func TestASPathPartialCut(t *testing.T) {
	// An AS_SEQUENCE of 3 ASNs cut inside the second, whose three octets
	// present (02 01 00) would read as a segment header and more.
	a := AttrView{Type: AttrASPath, Value: unhex(t, "0203 0000fde8 020100")}
	var segs []ASSegmentView
	for s := range a.ASPathPartial(true).Segments() {
		segs = append(segs, s)
	}
	if len(segs) != 1 || segs[0].Len() != 1 || segs[0].Count != 3 || segs[0].At(0) != 65000 {
		t.Fatalf("segments %+v", segs)
	}
}

// TestAppendAS4: a 2-octet session's path, written for a 4-octet store,
// reads there as the merged path and aggregator, without AS4_PATH and
// AS4_AGGREGATOR; other attributes are unchanged.
func TestAppendAS4(t *testing.T) {
	attrs := unhex(t, "40010100"+
		"40020a0204fde85ba05ba00001"+ // AS_SEQUENCE 65000 23456 23456 1
		"c0110e0203000186a0000186a100000001"+ // AS4_PATH 100000 100001 1
		"c00706"+"5ba0"+"c0000201"+ // AGGREGATOR AS_TRANS 192.0.2.1
		"c01208"+"000186a1"+"c0000201"+ // AS4_AGGREGATOR 100001 192.0.2.1
		"400304c0000202"+"c00804fde80064")
	p, _ := ReadPath(attrs, Session{})
	out, err := p.AppendAS4(nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ReadPath(out, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	if path, _ := q.ASPath(); path.String() != "65000 100000 100001 1" {
		t.Errorf("AS path %q", path)
	}
	if g, _ := q.Aggregator(); g.AS != 100001 {
		t.Errorf("aggregator %v", g)
	}
	if q.Has(AttrAS4Path) || q.Has(AttrAS4Aggregator) || !q.Has(AttrCommunities) || !q.Has(AttrNextHop) {
		t.Errorf("attributes %x", out)
	}
	// A 4-octet session's attributes are copied as they are.
	p4, _ := ReadPath(out, Session{AS4: true})
	if again, _ := p4.AppendAS4(nil); !bytes.Equal(again, out) {
		t.Errorf("4-octet path changed: %x", again)
	}
}
