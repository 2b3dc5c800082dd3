package bmp

import (
	"slices"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// feed applies msg to p as a station would; for a Route Monitoring it
// returns the reading and the announced routes (as "prefix/id" strings).
func feed(t testing.TB, p *Peers, msg []byte) (Reading, []bgp.Route, error) {
	t.Helper()
	v, err := ParseMessage(msg)
	if err != nil {
		t.Fatalf("ParseMessage: %v", err)
	}
	u, r, ok, err := observeRead(p, v)
	if !ok || err != nil {
		return r, nil, err
	}
	var routes []bgp.Route
	for _, rt := range u.Announced() {
		rt.Off = 0
		routes = append(routes, rt)
	}
	return r, routes, nil
}

// observeRead lets p observe v, as a station does, and, for a Route
// Monitoring (ok), reads its UPDATE.
func observeRead(p *Peers, v MessageView) (u bgp.UpdateView, r Reading, ok bool, err error) {
	p.Observe(v)
	rm, ok := v.RouteMonitoring()
	if !ok {
		return u, r, false, nil
	}
	u, r, err = p.ReadUpdate(rm)
	return u, r, true, err
}

var (
	v4routes = []bgp.Route{route("10.0.0.0/24", 100), route("10.0.1.0/24", 101)}
	v6routes = []bgp.Route{route("2001:db8:1::/48", 255), route("2001:db8:2::/48", 511)}
	as4      = bgp.Session{AS4: true}
	as4ap    = as4.WithAddPath(bgp.IPv4Unicast, true).WithAddPath(bgp.IPv6Unicast, true)
	as2      = bgp.Session{}
)

// noIDs returns routes without path identifiers, as a reader without
// ADD-PATH sees them.
func noIDs(rs []bgp.Route) []bgp.Route {
	out := make([]bgp.Route, len(rs))
	for i, r := range rs {
		r.PathID = 0
		out[i] = r
	}
	return out
}

// TestSessionDirections derives the session of each RIB from a Peer Up
// whose OPENs negotiate ADD-PATH in one direction only (RFC 7911 §4): the
// Sent OPEN is the router's, the Received OPEN the peer's.
func TestSessionDirections(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	h.BGPID = mustAddr("192.0.2.1")
	// The router can receive IPv4 paths, the peer can send them: ADD-PATH
	// for what the router receives (Adj-RIB-In), not for what it sends.
	sent := openMsg(t, 65001, "192.0.2.254", false, mpCap(bgp.IPv4Unicast), addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast))
	rcvd := openMsg(t, 65002, "192.0.2.1", false, mpCap(bgp.IPv4Unicast), addPathCap(bgp.AddPathSend, bgp.IPv4Unicast))
	v, err := ParsePeerUp(peerUpMsg(t, h, sent, rcvd))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		rib     RIB
		addPath bool
	}{{RIBInPre, true}, {RIBInPost, true}, {RIBOutPre, false}, {RIBOutPost, false}} {
		s, ms := v.Session(tt.rib)
		if s.AddPath(bgp.IPv4Unicast) != tt.addPath || !s.AS4 || len(ms) != 0 {
			t.Errorf("%v: %+v %v", tt.rib, s, ms)
		}
	}
	// The reverse: the router sends paths to a peer that receives them.
	v, _ = ParsePeerUp(peerUpMsg(t, h,
		openMsg(t, 65001, "192.0.2.254", false, addPathCap(bgp.AddPathSend, bgp.IPv4Unicast)),
		openMsg(t, 65002, "192.0.2.1", false, addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast))))
	if s, _ := v.Session(RIBInPre); s.AddPath(bgp.IPv4Unicast) {
		t.Error("Adj-RIB-In has ADD-PATH")
	}
	if s, _ := v.Session(RIBOutPost); !s.AddPath(bgp.IPv4Unicast) {
		t.Error("Adj-RIB-Out lacks ADD-PATH")
	}

	// The state reads each RIB with its own direction: path identifiers in
	// the Adj-RIB-Out, none in the Adj-RIB-In, no fallback.
	p := NewPeers(0)
	feed(t, p, peerUpMsg(t, h,
		openMsg(t, 65001, "192.0.2.254", false, addPathCap(bgp.AddPathSend, bgp.IPv4Unicast)),
		openMsg(t, 65002, "192.0.2.1", false, addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast))))
	out := h
	out.Flags = FlagO
	r, routes, err := feed(t, p, rmMsg(t, out, updateMsg(t, as4.WithAddPath(bgp.IPv4Unicast, true), []uint32{65001}, v4routes, nil)))
	if err != nil || !r.Clean || r.Fallback != 0 || !slices.Equal(routes, v4routes) || r.Peer.RIB != RIBOutPre {
		t.Errorf("Adj-RIB-Out: %+v %v %v", r, routes, err)
	}
	r, routes, err = feed(t, p, rmMsg(t, h, updateMsg(t, as4, []uint32{65002}, noIDs(v4routes), nil)))
	if err != nil || !r.Clean || r.Fallback != 0 || !slices.Equal(routes, noIDs(v4routes)) {
		t.Errorf("Adj-RIB-In: %+v %v %v", r, routes, err)
	}
}

// TestSessionLocRIB: the fabricated OPEN of a Loc-RIB peer lists ADD-PATH
// for the families whose Loc-RIB carries several paths, whatever the
// mode (RFC 9069 §5.2), and Loc-RIB uses 4-octet AS numbers (§5.4).
func TestSessionLocRIB(t *testing.T) {
	h := peerHdr(PeerLocRIB, 0, "0.0.0.0", 65001)
	h.BGPID = mustAddr("192.0.2.254")
	open := openMsg(t, 65001, "192.0.2.254", false, mpCap(bgp.IPv6Unicast), addPathCap(bgp.AddPathSend, bgp.IPv6Unicast))
	v, err := ParsePeerUp(peerUpMsg(t, h, open, open))
	if err != nil {
		t.Fatal(err)
	}
	s, ms := v.Session(RIBLoc)
	if !s.AS4 || !s.AddPath(bgp.IPv6Unicast) || s.AddPath(bgp.IPv4Unicast) || len(ms) != 0 {
		t.Fatalf("Loc-RIB session %+v %v", s, ms)
	}
	p := NewPeers(0)
	if ms := p.PeerUp(v); len(ms) != 0 {
		t.Fatal(ms)
	}
	r, routes, err := feed(t, p, rmMsg(t, h, updateMsg(t, s, []uint32{65002}, v6routes, nil)))
	if err != nil || !r.Clean || r.Fallback != 0 || r.Peer.RIB != RIBLoc || !slices.Equal(routes, v6routes) {
		t.Errorf("Loc-RIB with ADD-PATH: %+v %v %v", r, routes, err)
	}

	// A fabricated OPEN without the 4-octet AS capability, and a Received
	// OPEN that does not repeat it.
	noAS4 := openMsg(t, 65001, "192.0.2.254", true)
	v, _ = ParsePeerUp(peerUpMsg(t, h, noAS4, open))
	s, ms = v.Session(RIBLoc)
	if !s.AS4 || !hasKind(ms, MismatchLocRIBNoAS4) || !hasKind(ms, MismatchLocRIBOpens) {
		t.Errorf("mismatches %v", ms)
	}
}

func hasKind(ms []Mismatch, k MismatchKind) bool {
	for _, m := range ms {
		if m.Kind == k {
			return true
		}
	}
	return false
}

// TestAFlag covers a 2-octet AS peer with the A flag set (consistent), and
// the A flag disagreeing with the OPENs either way.
func TestAFlag(t *testing.T) {
	h := peerHdr(PeerGlobal, FlagA, "192.0.2.1", 65002)
	h.BGPID = mustAddr("192.0.2.1")
	sent := openMsg(t, 65001, "192.0.2.254", false)
	rcvd2 := openMsg(t, 65002, "192.0.2.1", true) // no 4-octet AS capability
	rcvd4 := openMsg(t, 65002, "192.0.2.1", false)

	// A 2-octet AS peer with the A flag: everyone agrees.
	p := NewPeers(0)
	v, _ := ParsePeerUp(peerUpMsg(t, h, sent, rcvd2))
	if s, ms := v.Session(RIBInPre); s.AS4 || len(ms) != 0 {
		t.Errorf("A flag and 2-octet OPENs: %+v %v", s, ms)
	}
	p.PeerUp(v)
	r, _, err := feed(t, p, rmMsg(t, h, updateMsg(t, as2, []uint32{65002, 65010}, v4routes[:1], nil)))
	if err != nil || !r.Clean || r.Fallback != 0 || r.AFlag || r.Session.AS4 {
		t.Errorf("2-octet peer: %+v %v", r, err)
	}

	// A flag set, but the OPENs negotiate 4-octet AS numbers: the flag is
	// the first hypothesis for the message, the disagreement is reported.
	p = NewPeers(0)
	v, _ = ParsePeerUp(peerUpMsg(t, h, sent, rcvd4))
	s, ms := v.Session(RIBInPre)
	if s.AS4 || !hasKind(ms, MismatchAFlag) {
		t.Errorf("A flag against 4-octet OPENs: %+v %v", s, ms)
	}
	if ms := p.PeerUp(v); !hasKind(ms, MismatchAFlag) {
		t.Errorf("Peers.PeerUp mismatches %v", ms)
	}
	r, _, _ = feed(t, p, rmMsg(t, h, updateMsg(t, as2, []uint32{65002, 65010}, v4routes[:1], nil)))
	if !r.Clean || r.Fallback != 0 || !r.AFlag {
		t.Errorf("A-flag message: %+v", r)
	}
	// The same peer without the flag on a message: 4-octet, as negotiated.
	h4 := h
	h4.Flags = 0
	r, _, _ = feed(t, p, rmMsg(t, h4, updateMsg(t, as4, []uint32{65002, 4200000000}, v4routes[:1], nil)))
	if !r.Clean || r.Fallback != 0 || r.AFlag || !r.Session.AS4 {
		t.Errorf("4-octet message: %+v", r)
	}
	st, _ := p.Stats(h.Key())
	if st.AFlagMismatch != 1 || st.Messages != 2 {
		t.Errorf("stats %+v", st)
	}

	// A flag clear, OPENs without 4-octet AS (FRR's exabgp peer): the
	// OPENs are the first hypothesis and FRR sends 2-octet paths...
	p = NewPeers(0)
	v, _ = ParsePeerUp(peerUpMsg(t, h4, sent, rcvd2))
	if s, ms := v.Session(RIBInPre); s.AS4 || !hasKind(ms, MismatchAFlag) {
		t.Errorf("FRR-style Peer Up: %+v %v", s, ms)
	}
	p.PeerUp(v)
	r, _, _ = feed(t, p, rmMsg(t, h4, updateMsg(t, as2, []uint32{65001, 65002}, v4routes[:1], nil)))
	if !r.Clean || r.Fallback != 0 || !r.AFlag || r.Session.AS4 {
		t.Errorf("2-octet message, A clear: %+v", r)
	}
	// ...while a router that translates to 4-octet, as RFC 7854 §4.2
	// allows with the A flag clear, is read by falling back.
	r, _, _ = feed(t, p, rmMsg(t, h4, updateMsg(t, as4, []uint32{65001, 4200000000}, v4routes[:1], nil)))
	if !r.Clean || r.Fallback != FallbackAS4 || !r.Session.AS4 {
		t.Errorf("translated message: %+v", r)
	}
	st, _ = p.Stats(h4.Key())
	if st.FallbackAS4 != 1 || st.AFlagMismatch != 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestNoPeerUp reads Route Monitoring for peers never announced: FRR's own
// routes (peer 0.0.0.0, AS 0) and gobgpd's Loc-RIB. 4-octet AS numbers
// first, then 2; without ADD-PATH first, then with; every message flagged.
func TestNoPeerUp(t *testing.T) {
	p := NewPeers(0)
	own := peerHdr(PeerGlobal, FlagL, "0.0.0.0", 0)
	r, routes, err := feed(t, p, rmMsg(t, own, updateMsg(t, as4, nil, noIDs(v4routes), nil)))
	if err != nil || !r.Clean || r.PeerUp || r.Fallback != 0 || !r.Session.AS4 || !slices.Equal(routes, noIDs(v4routes)) {
		t.Errorf("own routes: %+v %v %v", r, routes, err)
	}
	// 2-octet AS_PATH: found by falling back.
	r, _, _ = feed(t, p, rmMsg(t, own, updateMsg(t, as2, []uint32{65001, 65002}, noIDs(v4routes), nil)))
	if !r.Clean || r.Fallback != FallbackAS4 || r.Session.AS4 {
		t.Errorf("2-octet without Peer Up: %+v", r)
	}
	// Path identifiers: found by falling back too.
	loc := peerHdr(PeerLocRIB, 0, "0.0.0.0", 65001)
	r, routes, _ = feed(t, p, rmMsg(t, loc, updateMsg(t, as4ap, []uint32{65002}, v6routes, nil)))
	if !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, v6routes) {
		t.Errorf("Loc-RIB with path ids, no Peer Up: %+v %v", r, routes)
	}
	r, _, _ = feed(t, p, rmMsg(t, loc, updateMsg(t, as4, []uint32{65002}, noIDs(v6routes), nil)))
	if !r.Clean || r.Fallback != 0 {
		t.Errorf("Loc-RIB without path ids: %+v", r)
	}
	st, _ := p.Stats(own.Key())
	if st.Messages != 2 || st.NoPeerUp != 2 || st.FallbackAS4 != 1 {
		t.Errorf("own stats %+v", st)
	}
	st, _ = p.Stats(loc.Key())
	if st.Messages != 2 || st.NoPeerUp != 2 || st.FallbackAddPath != 1 {
		t.Errorf("Loc-RIB stats %+v", st)
	}
}

// TestExporterQuirks replays what FRR 8.4 and gobgpd 3.10 do with
// ADD-PATH (shared/tools/bmp-exporters/README.md).
func TestExporterQuirks(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "127.0.0.2", 4200000001)
	h.BGPID = mustAddr("127.0.0.2")
	sent := openMsg(t, 65001, "127.0.0.3", false, mpCap(bgp.IPv4Unicast), mpCap(bgp.IPv6Unicast), addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast, bgp.IPv6Unicast))
	rcvd := openMsg(t, 4200000001, "127.0.0.2", false, mpCap(bgp.IPv4Unicast), mpCap(bgp.IPv6Unicast), addPathCap(bgp.AddPathSend, bgp.IPv4Unicast, bgp.IPv6Unicast))
	post := h
	post.Flags = FlagL

	// FRR: ADD-PATH negotiated, no path identifiers in any message. Two
	// /24s without identifiers (18 0a0000 18 0a0100) also read cleanly as
	// one route with identifier 0x180a0000. An identifier whose high octet
	// is a prefix length is implausible (bgp.UpdateView.Oddities), so while
	// no reading of the peer is confirmed the other reading is tried and
	// kept. Once the peer has shown that it sends no identifiers, the
	// remembered hypothesis is tried first.
	p := NewPeers(0)
	feed(t, p, peerUpMsg(t, h, sent, rcvd))
	two := rmMsg(t, h, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes), nil))
	if r, routes, _ := feed(t, p, two); !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v4routes)) {
		t.Fatalf("ambiguous first message: %+v %v", r, routes)
	}
	one := rmMsg(t, h, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes[:1]), nil))
	if r, routes, _ := feed(t, p, one); !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v4routes[:1])) {
		t.Fatalf("unambiguous message: %+v %v", r, routes)
	}
	if r, routes, _ := feed(t, p, two); !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v4routes)) {
		t.Fatalf("ambiguous message, hypothesis learned: %+v %v", r, routes)
	}
	postOne := rmMsg(t, post, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes[:1]), nil))
	if r, _, _ := feed(t, p, postOne); r.Fallback != FallbackAddPath {
		t.Fatalf("post-policy: %+v", r)
	}
	for i := 0; i < 3; i++ {
		for _, hh := range []PeerHeader{h, post} {
			r, routes, _ := feed(t, p, rmMsg(t, hh, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes), nil)))
			if !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v4routes)) {
				t.Fatalf("FRR IPv4: %+v %v", r, routes)
			}
		}
		r, routes, _ := feed(t, p, rmMsg(t, h, updateMsg(t, as4, []uint32{4200000001}, noIDs(v6routes), nil)))
		if !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v6routes)) {
			t.Fatalf("FRR IPv6: %+v %v", r, routes)
		}
	}
	// An End-of-RIB reads the same either way: no fallback counted.
	r, _, _ := feed(t, p, rmMsg(t, h, unhex(t, vecEoR)))
	if !r.Clean || r.Fallback != 0 {
		t.Errorf("End-of-RIB: %+v", r)
	}
	if st, _ := p.Stats(h.Key()); st.FallbackAddPath != 9 || st.Messages != 10 || st.Inconsistent != 0 {
		t.Errorf("FRR pre-policy stats %+v", st)
	}
	if st, _ := p.Stats(post.Key()); st.FallbackAddPath != 4 || st.Messages != 4 {
		t.Errorf("FRR post-policy stats %+v", st)
	}

	// gobgpd: path identifiers in pre-policy, none in post-policy (the
	// first post-policy message is one the Peer Up's reading cannot fit).
	p = NewPeers(0)
	feed(t, p, peerUpMsg(t, h, sent, rcvd))
	if r, _, _ := feed(t, p, postOne); r.Fallback != FallbackAddPath {
		t.Fatalf("gobgp first post-policy: %+v", r)
	}
	for i := 0; i < 3; i++ {
		r, routes, _ := feed(t, p, rmMsg(t, h, updateMsg(t, as4ap, []uint32{4200000001}, v4routes, nil)))
		if !r.Clean || r.Fallback != 0 || !slices.Equal(routes, v4routes) {
			t.Fatalf("gobgp pre-policy: %+v %v", r, routes)
		}
		r, routes, _ = feed(t, p, rmMsg(t, post, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes), nil)))
		if !r.Clean || r.Fallback != FallbackAddPath || !slices.Equal(routes, noIDs(v4routes)) {
			t.Fatalf("gobgp post-policy: %+v %v", r, routes)
		}
	}
	if st, _ := p.Stats(h.Key()); st.FallbackAddPath != 0 || st.Messages != 3 {
		t.Errorf("gobgp pre-policy stats %+v", st)
	}
	if st, _ := p.Stats(post.Key()); st.FallbackAddPath != 4 || st.Messages != 4 {
		t.Errorf("gobgp post-policy stats %+v", st)
	}

	// After a Peer Down the peer has no Peer Up: the next message is read
	// without ADD-PATH first, and flagged.
	feed(t, p, mustAppend(t, PeerDown{Peer: h, Reason: DownRemoteNoData}))
	r, _, _ = feed(t, p, rmMsg(t, post, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes), nil)))
	if r.PeerUp || !r.Clean || r.Fallback != 0 {
		t.Errorf("after Peer Down: %+v", r)
	}
	if _, _, ok := p.Session(h.Key()); ok {
		t.Error("session kept after Peer Down")
	}
}

// TestStateErrors: an UPDATE that no hypothesis reads cleanly, one that
// cannot be framed, and the peer cap.
func TestStateErrors(t *testing.T) {
	p := NewPeers(2)
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	// ORIGIN 7 is wrong under every session: the first hypothesis is kept.
	bad := unhex(t, `ffffffffffffffffffffffffffffffff 002f 02 0000 0014
		40 01 01 07              # ORIGIN 7
		40 02 06 02 01 0000fdea  # AS_PATH 65002 (4-octet)
		40 03 04 c0000201        # NEXT_HOP
		18 0a0000                # 10.0.0.0/24`)
	_, r, err := p.ReadUpdate(mustRM(t, rmMsg(t, h, bad)))
	if err != nil || r.Clean || r.Fallback != 0 || r.Session != r.Expected {
		t.Errorf("malformed: %+v %v", r, err)
	}
	// A KEEPALIVE where the UPDATE should be.
	_, r, err = p.ReadUpdate(mustRM(t, rmMsg(t, h, unhex(t, "ffffffffffffffffffffffffffffffff 0013 04"))))
	if err == nil {
		t.Errorf("KEEPALIVE read as UPDATE: %+v", r)
	}
	st, _ := p.Stats(h.Key())
	if st.Messages != 2 || st.Inconsistent != 1 || st.Unframed != 1 {
		t.Errorf("stats %+v", st)
	}
	// Cap 2: a second RIB is tracked, a third is not.
	post := h
	post.Flags = FlagL
	_, r, _ = p.ReadUpdate(mustRM(t, rmMsg(t, post, unhex(t, vecEoR))))
	if !r.Tracked {
		t.Error("second RIB not tracked")
	}
	out := h
	out.Flags = FlagO
	_, r, _ = p.ReadUpdate(mustRM(t, rmMsg(t, out, unhex(t, vecEoR))))
	if r.Tracked || !r.Clean || p.Overflow() != 1 {
		t.Errorf("over the cap: %+v overflow %d", r, p.Overflow())
	}
	if _, ok := p.Stats(out.Key()); ok {
		t.Error("stats kept over the cap")
	}
	if all := p.All(); len(all) != 2 || all[0].Key.RIB != RIBInPre || all[1].Key.RIB != RIBInPost {
		t.Errorf("All %+v", all)
	}
}

func mustRM(t testing.TB, msg []byte) RouteMonitoringView {
	t.Helper()
	v, err := ParseRouteMonitoring(msg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStateAllocs: once a peer is known, reading its Route Monitoring
// allocates nothing, whether its first hypothesis holds or a remembered
// fallback does.
func TestStateAllocs(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "127.0.0.2", 4200000001)
	h.BGPID = mustAddr("127.0.0.2")
	sent := openMsg(t, 65001, "127.0.0.3", false, addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast))
	rcvd := openMsg(t, 4200000001, "127.0.0.2", false, addPathCap(bgp.AddPathSend, bgp.IPv4Unicast))
	post := h
	post.Flags = FlagL
	p := NewPeers(0)
	feed(t, p, peerUpMsg(t, h, sent, rcvd))
	pre := mustRM(t, rmMsg(t, h, updateMsg(t, as4ap, []uint32{4200000001}, v4routes, nil)))
	fb := mustRM(t, rmMsg(t, post, updateMsg(t, as4, []uint32{4200000001}, noIDs(v4routes), nil)))
	p.ReadUpdate(pre)
	p.ReadUpdate(fb)
	for name, v := range map[string]RouteMonitoringView{"first hypothesis": pre, "remembered fallback": fb} {
		n := testing.AllocsPerRun(100, func() {
			u, _, err := p.ReadUpdate(v)
			if err != nil {
				t.Fatal(err)
			}
			for range u.Announced() {
			}
		})
		if n != 0 {
			t.Errorf("%s: %v allocations per message", name, n)
		}
	}
}

// TestUnparsedOpen: FRR sends a bare 19-octet BGP header as the Received
// OPEN of a Peer Up when it has lost the peer's OPEN (FRRouting/frr PR
// 23398). The peer's capabilities are then unknown, not absent: the AS
// width is the A flag's, no A-flag disagreement is made up, and a 4-octet
// AS_PATH reads without falling back.
func TestUnparsedOpen(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	h.BGPID = mustAddr("192.0.2.1")
	sent := openMsg(t, 65001, "192.0.2.254", false)
	bare := unhex(t, "ffffffffffffffffffffffffffffffff 0013 01")
	v, err := ParsePeerUp(peerUpMsg(t, h, sent, bare))
	if err != nil {
		t.Fatal(err)
	}
	s, ms := v.Session(RIBInPre)
	if !s.AS4 || len(ms) != 1 || ms[0].Kind != MismatchBadOpen {
		t.Fatalf("session %+v, mismatches %v", s, ms)
	}
	p := NewPeers(0)
	p.PeerUp(v)
	r, _, err := feed(t, p, rmMsg(t, h, updateMsg(t, as4, []uint32{65002, 4200000000}, v4routes[:1], nil)))
	if err != nil || !r.Clean || r.Fallback != 0 || r.AFlag || !r.Session.AS4 {
		t.Errorf("4-octet message: %+v %v", r, err)
	}
	ha := h
	ha.Flags = FlagA
	v, _ = ParsePeerUp(peerUpMsg(t, ha, sent, bare))
	if s, ms := v.Session(RIBInPre); s.AS4 || hasKind(ms, MismatchAFlag) {
		t.Errorf("A flag set: %+v %v", s, ms)
	}
}
