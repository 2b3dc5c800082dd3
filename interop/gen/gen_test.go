package gen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// readBack is what bgplens finds in a stream.
type readBack struct {
	messages, peerUps, rms  int
	announced, withdrawn    int
	v6Updates               int
	addPathPeers            int // Peer Ups whose receive session has ADD-PATH for IPv4 unicast
	attrTypes               map[bgp.AttrType]int
	minHops, maxHops        int // distinct ASes in AS_SEQUENCE
	prepended, sets, linkLL int
}

func read(t *testing.T, data []byte) readBack {
	t.Helper()
	rb := readBack{attrTypes: map[bgp.AttrType]int{}, minHops: 1 << 30}
	peers := bmp.NewPeers(0)
	for _, msg := range testrig.SplitBMP(t, data) {
		rb.messages++
		v, err := bmp.ParseMessage(msg)
		if err != nil {
			t.Fatalf("message %d: %v", rb.messages, err)
		}
		switch v.Type() {
		case bmp.MsgPeerUp:
			if rb.rms > 0 {
				t.Fatal("Peer Up after Route Monitoring")
			}
			pu, _ := v.PeerUp()
			if ms := peers.PeerUp(pu); len(ms) != 0 {
				t.Fatalf("Peer Up %d: mismatches %v", rb.peerUps, ms)
			}
			s, _ := pu.Session(bmp.RIBInPre)
			if s.AddPath(bgp.IPv4Unicast) != s.AddPath(bgp.IPv6Unicast) {
				t.Fatalf("Peer Up %d: ADD-PATH for one family only", rb.peerUps)
			}
			if s.AddPath(bgp.IPv4Unicast) {
				rb.addPathPeers++
			}
			if !s.AS4 {
				t.Fatalf("Peer Up %d: no 4-octet AS", rb.peerUps)
			}
			rb.peerUps++
		case bmp.MsgRouteMonitoring:
			rb.rms++
			rm, _ := v.RouteMonitoring()
			u, rd, err := peers.ReadUpdate(rm)
			if err != nil || !rd.Clean || rd.Fallback != 0 || !rd.PeerUp {
				t.Fatalf("Route Monitoring %d: %v %+v %v", rb.rms, err, rd, u.Verdict())
			}
			rb.update(t, u)
		}
	}
	return rb
}

func (rb *readBack) update(t *testing.T, u bgp.UpdateView) {
	v6 := false
	for a := range u.Attrs() {
		rb.attrTypes[a.Type]++
		switch a.Type {
		case bgp.AttrASPath:
			p, err := a.ASPath(true)
			if err != nil {
				t.Fatal(err)
			}
			for seg := range p.Segments() {
				if seg.Type == bgp.SegmentSet {
					rb.sets++
					continue
				}
				distinct, prev := 0, uint32(0)
				for as := range seg.ASNs() {
					if as != prev {
						distinct++
					} else {
						rb.prepended++
					}
					prev = as
				}
				rb.minHops, rb.maxHops = min(rb.minHops, distinct), max(rb.maxHops, distinct)
			}
		case bgp.AttrMPReachNLRI, bgp.AttrMPUnreachNLRI:
			v6 = true
			if a.Type == bgp.AttrMPReachNLRI {
				m, _ := a.MPReach(u.Session())
				if _, ll, _, ok := m.NextHops(); ok && ll.IsValid() {
					rb.linkLL++
				}
			}
		}
	}
	if v6 {
		rb.v6Updates++
	}
	for f, r := range u.Announced() {
		rb.announced++
		if r.Prefix != r.Prefix.Masked() || (f == bgp.IPv6Unicast) != v6 {
			t.Fatalf("announced %v %v", f, r.Prefix)
		}
		if u.Session().AddPath(f) != (r.PathID != 0) {
			t.Fatalf("path identifier %d with ADD-PATH %v", r.PathID, u.Session().AddPath(f))
		}
	}
	for range u.Withdrawals() {
		rb.withdrawn++
	}
}

func TestDefaultStreamShape(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Messages = 20000
	st, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rb := read(t, st.Data)
	if rb.messages != st.Messages || rb.messages != 1+8+20000 || rb.rms != st.RouteMonitoring || rb.peerUps != 8 {
		t.Errorf("messages %d (stream says %d), Peer Ups %d, Route Monitoring %d", rb.messages, st.Messages, rb.peerUps, rb.rms)
	}
	if rb.announced != st.Announced || rb.withdrawn != st.Withdrawn || rb.v6Updates != st.IPv6Updates {
		t.Errorf("read %d announced, %d withdrawn, %d IPv6; stream says %d, %d, %d",
			rb.announced, rb.withdrawn, rb.v6Updates, st.Announced, st.Withdrawn, st.IPv6Updates)
	}
	if rb.addPathPeers != 3 || len(st.Peers) != 8 {
		t.Errorf("%d ADD-PATH peers of %d, want 3 of 8", rb.addPathPeers, len(st.Peers))
	}
	mean := float64(rb.announced+rb.withdrawn) / float64(rb.rms)
	if mean < 4.3 || mean > 4.7 {
		t.Errorf("mean %.2f prefixes per UPDATE, want about 4.5", mean)
	}
	share := float64(rb.v6Updates) / float64(rb.rms)
	if share < 0.23 || share > 0.27 {
		t.Errorf("IPv6 share %.3f, want about 0.25", share)
	}
	if rb.minHops != 2 || rb.maxHops != 8 {
		t.Errorf("AS paths of %d to %d distinct ASes, want 2 to 8", rb.minHops, rb.maxHops)
	}
	if rb.prepended == 0 || rb.sets == 0 || rb.linkLL == 0 || st.Prepends == 0 || st.ASSets != rb.sets {
		t.Errorf("prepends %d (%d paths), AS_SETs %d (stream %d), link-local next hops %d", rb.prepended, st.Prepends, rb.sets, st.ASSets, rb.linkLL)
	}
	for _, at := range []bgp.AttrType{bgp.AttrOrigin, bgp.AttrASPath, bgp.AttrNextHop, bgp.AttrMultiExitDisc,
		bgp.AttrLocalPref, bgp.AttrAtomicAggregate, bgp.AttrAggregator, bgp.AttrCommunities, bgp.AttrOriginatorID,
		bgp.AttrClusterList, bgp.AttrMPReachNLRI, bgp.AttrMPUnreachNLRI, bgp.AttrExtCommunities, bgp.AttrLargeCommunities} {
		if rb.attrTypes[at] == 0 {
			t.Errorf("no %v attribute in the stream", at)
		}
	}
	// Communities on about two thirds of the announcements.
	if c := float64(rb.attrTypes[bgp.AttrCommunities]) / float64(rb.attrTypes[bgp.AttrOrigin]); c < 0.6 || c > 0.7 {
		t.Errorf("COMMUNITIES on %.2f of announcements, want about 0.65", c)
	}
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Messages: 500, Seed: 7, IPv6Share: 0.5}
	a, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(cfg)
	if !bytes.Equal(a.Data, b.Data) {
		t.Error("the same configuration gave different streams")
	}
	cfg.Seed = 8
	c, _ := Generate(cfg)
	if bytes.Equal(a.Data, c.Data) {
		t.Error("another seed gave the same stream")
	}
}

func TestModes(t *testing.T) {
	for _, tc := range []struct {
		cfg          Config
		addPathPeers int
		v6           func(rb readBack) bool
	}{
		{Config{Messages: 2000, Seed: 3, AddPath: AddPathNone, IPv6Share: 0}, 0, func(rb readBack) bool { return rb.v6Updates == 0 }},
		{Config{Messages: 2000, Seed: 3, AddPath: AddPathAll, IPv6Share: 1}, 8, func(rb readBack) bool { return rb.v6Updates == rb.rms }},
		{Config{Messages: 2000, Seed: 3, AddPath: AddPathMixed, IPv6Share: 0.5}, 3, func(rb readBack) bool {
			return rb.v6Updates > 900 && rb.v6Updates < 1100
		}},
	} {
		st, err := Generate(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		rb := read(t, st.Data)
		if rb.addPathPeers != tc.addPathPeers || !tc.v6(rb) || rb.rms != 2000 {
			t.Errorf("%+v: %d ADD-PATH peers (want %d), %d IPv6 UPDATEs of %d", tc.cfg, rb.addPathPeers, tc.addPathPeers, rb.v6Updates, rb.rms)
		}
		n := 0
		for _, p := range st.Peers {
			if p.Session.AddPath(bgp.IPv4Unicast) {
				n++
			}
		}
		if n != tc.addPathPeers {
			t.Errorf("%+v: Stream.Peers has %d ADD-PATH sessions", tc.cfg, n)
		}
	}
}

// TestMixes checks the attribute mixes and the prefixes per UPDATE that
// the harness varies: lean announcements carry nothing optional, rich ones
// everything, and the mean follows PrefixMean.
func TestMixes(t *testing.T) {
	optional := []bgp.AttrType{bgp.AttrMultiExitDisc, bgp.AttrLocalPref, bgp.AttrAtomicAggregate, bgp.AttrAggregator,
		bgp.AttrCommunities, bgp.AttrOriginatorID, bgp.AttrClusterList, bgp.AttrExtCommunities, bgp.AttrLargeCommunities}
	for _, tc := range []struct {
		attrs      AttrMix
		mean       float64
		lo, hi     float64 // the mean prefixes per UPDATE read back
		onEveryAnn bool    // every optional attribute on every announcement, else on none
	}{
		{AttrsLean, 1, 1, 1.05, false},
		{AttrsRich, 12, 11, 12.5, true},
	} {
		st, err := Generate(Config{Messages: 3000, Seed: 5, AddPath: AddPathMixed, IPv6Share: 0.25, Attrs: tc.attrs, PrefixMean: tc.mean})
		if err != nil {
			t.Fatal(err)
		}
		rb := read(t, st.Data)
		ann := rb.attrTypes[bgp.AttrOrigin]
		for _, at := range optional {
			if want := map[bool]int{true: ann, false: 0}[tc.onEveryAnn]; rb.attrTypes[at] != want {
				t.Errorf("%v: %v on %d of %d announcements", tc.attrs, at, rb.attrTypes[at], ann)
			}
		}
		if m := float64(rb.announced+rb.withdrawn) / float64(rb.rms); m < tc.lo || m > tc.hi {
			t.Errorf("%v: %.2f prefixes per UPDATE, want %.1f to %.1f", tc.attrs, m, tc.lo, tc.hi)
		}
	}
}

// checkNames: every name reads back as itself, and another name is an
// error naming the choices.
func checkNames[T interface{ String() string }](t *testing.T, parse func(string) (T, error), names ...string) {
	t.Helper()
	for _, s := range names {
		m, err := parse(s)
		if err != nil || m.String() != s {
			t.Errorf("%q: %v %v", s, m, err)
		}
	}
	if _, err := parse("some"); err == nil || !strings.Contains(err.Error(), strings.Join(names, ", ")) {
		t.Errorf("parse(some): %v", err)
	}
}

func TestBadConfig(t *testing.T) {
	for _, cfg := range []Config{{Messages: -1}, {IPv6Share: 1.5}, {IPv6Share: -0.1}, {AddPath: 9}, {Attrs: 3},
		{PrefixMean: 0.5}, {PrefixMean: 49}} {
		if _, err := Generate(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	checkNames(t, ParseAddPathMode, "mixed", "none", "all")
	checkNames(t, ParseAttrMix, "typical", "lean", "rich")
}
