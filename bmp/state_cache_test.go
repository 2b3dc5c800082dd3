package bmp

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// Peers keeps what a per-peer header means in a small cache (ribEntry).
// These tests make sure the cache never changes a reading: with more RIBs
// than slots, across Peer Up and Peer Down, and with the A flag toggling
// on one RIB.

// TestRIBCacheManyPeers reads the messages of more peers than the cache
// has slots, in random order, several times over: each must be read with
// its own peer's session and counted against its own RIB.
func TestRIBCacheManyPeers(t *testing.T) {
	const n = 3 * ribCacheSize
	p := NewPeers(0)
	type peer struct {
		h       PeerHeader
		addPath bool
		rm      RouteMonitoringView
	}
	peers := make([]peer, n)
	for i := range peers {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 1})
		if i%3 == 0 {
			a = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(i >> 8), byte(i)})
		}
		h := PeerHeader{Type: PeerGlobal, Address: a, AS: 64512, BGPID: mustAddr("192.0.2.99"), Seconds: 1}
		if a.Is6() {
			h.Flags |= FlagV
		}
		if i%5 == 0 {
			h.Flags |= FlagL
		}
		pe := peer{h: h, addPath: i%2 == 0}
		var sent, rcvd []byte
		sess := as4
		if pe.addPath {
			sent = openMsg(t, 65000, "192.0.2.254", false, addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast))
			rcvd = openMsg(t, 64512, "192.0.2.99", false, addPathCap(bgp.AddPathSend, bgp.IPv4Unicast))
			sess = as4.WithAddPath(bgp.IPv4Unicast, true)
		} else {
			sent = openMsg(t, 65000, "192.0.2.254", false)
			rcvd = openMsg(t, 64512, "192.0.2.99", false)
		}
		feed(t, p, peerUpMsg(t, h, sent, rcvd))
		routes := v4routes
		if !pe.addPath {
			routes = noIDs(v4routes)
		}
		pe.rm = mustRM(t, rmMsg(t, h, updateMsg(t, sess, []uint32{64512}, routes, nil)))
		peers[i] = pe
	}
	r := rand.New(rand.NewPCG(1, 2))
	counts := make([]uint64, n)
	for range 5 * n {
		i := r.IntN(n)
		pe := peers[i]
		u, rd, err := p.ReadUpdate(pe.rm)
		if err != nil || !rd.Clean || rd.Fallback != 0 || !rd.PeerUp || !rd.Tracked {
			t.Fatalf("peer %d: %v %+v", i, err, rd)
		}
		if rd.Peer != pe.h.Key() || rd.Session.AddPath(bgp.IPv4Unicast) != pe.addPath || rd.Session != rd.Expected {
			t.Fatalf("peer %d read as %+v", i, rd)
		}
		ids := 0
		for _, rt := range u.Announced() {
			if rt.PathID != 0 {
				ids++
			}
		}
		if (ids == 2) != pe.addPath {
			t.Fatalf("peer %d: %d path identifiers", i, ids)
		}
		counts[i]++
	}
	for i, pe := range peers {
		st, _ := p.Stats(pe.h.Key())
		if st.Messages != counts[i] || st.FallbackAddPath != 0 {
			t.Errorf("peer %d: stats %+v, want %d messages", i, st, counts[i])
		}
	}
}

// TestRIBCacheSessionChanges: a new Peer Up replaces what the cache knew
// of the peer, a Peer Down removes it, and the A flag of each message
// counts although the RIB is the same.
func TestRIBCacheSessionChanges(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 64501)
	p := NewPeers(0)
	// One route: two /24s would also read as one /24 with a Path
	// Identifier, and hide the fallback (see Peers).
	one := v4routes[:1]
	plain := rmMsg(t, h, updateMsg(t, as4, []uint32{64501, 4200000000}, noIDs(one), nil))
	withIDs := rmMsg(t, h, updateMsg(t, as4ap, []uint32{64501, 4200000000}, one, nil))
	aFlag := h
	aFlag.Flags |= FlagA
	twoOctet := rmMsg(t, aFlag, updateMsg(t, as2, []uint32{64501, bgp.ASTrans}, noIDs(one), nil))

	step := func(name string, msg []byte, peerUp bool, fb Fallback, as4Want, apWant bool) {
		t.Helper()
		rd, routes, err := feed(t, p, msg)
		if err != nil || !rd.Clean || rd.PeerUp != peerUp || rd.Fallback != fb || rd.Session.AS4 != as4Want ||
			rd.Session.AddPath(bgp.IPv4Unicast) != apWant || len(routes) != 1 {
			t.Fatalf("%s: %v %+v %v", name, err, rd, routes)
		}
	}
	// No Peer Up: 4-octet AS, no ADD-PATH.
	step("no Peer Up", plain, false, 0, true, false)
	step("no Peer Up, again", plain, false, 0, true, false)
	// A Peer Up without ADD-PATH.
	feed(t, p, peerUpMsg(t, h, openMsg(t, 65000, "192.0.2.254", false), openMsg(t, 64501, "192.0.2.99", false)))
	step("Peer Up", plain, true, 0, true, false)
	// The A flag on the same RIB: 2-octet AS numbers, then back.
	step("A flag", twoOctet, true, 0, false, false)
	step("no A flag", plain, true, 0, true, false)
	// A Peer Up with ADD-PATH replaces it: identifiers are expected now.
	feed(t, p, peerUpMsg(t, h,
		openMsg(t, 65000, "192.0.2.254", false, addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast)),
		openMsg(t, 64501, "192.0.2.99", false, addPathCap(bgp.AddPathSend, bgp.IPv4Unicast))))
	step("ADD-PATH Peer Up", withIDs, true, 0, true, true)
	// A message without identifiers is a fallback, then remembered.
	step("fallback", plain, true, FallbackAddPath, true, false)
	step("remembered fallback", plain, true, FallbackAddPath, true, false)
	// Peer Down: read as with no Peer Up again.
	p.PeerDown(h)
	step("after Peer Down", plain, false, 0, true, false)
	st, _ := p.Stats(h.Key())
	if st.Messages != 9 || st.NoPeerUp != 3 || st.FallbackAddPath != 2 || st.AFlagMismatch != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TestRIBCacheOverflow: RIBs beyond the cap are read without state every
// time, and counted as overflow every time.
func TestRIBCacheOverflow(t *testing.T) {
	p := NewPeers(1)
	a := rmMsg(t, peerHdr(PeerGlobal, 0, "192.0.2.1", 64501), updateMsg(t, as4, []uint32{64501}, noIDs(v4routes), nil))
	b := rmMsg(t, peerHdr(PeerGlobal, 0, "192.0.2.2", 64502), updateMsg(t, as4, []uint32{64502}, noIDs(v4routes), nil))
	for i := range 3 {
		if rd, _, err := feed(t, p, a); err != nil || !rd.Tracked {
			t.Fatalf("a %d: %v %+v", i, err, rd)
		}
		if rd, _, err := feed(t, p, b); err != nil || rd.Tracked || !rd.Clean {
			t.Fatalf("b %d: %v %+v", i, err, rd)
		}
	}
	if p.Overflow() != 3 {
		t.Errorf("overflow %d, want 3", p.Overflow())
	}
	if st, ok := p.Stats(peerHdr(PeerGlobal, 0, "192.0.2.1", 0).Key()); !ok || st.Messages != 3 {
		t.Errorf("stats of a: %+v %v", st, ok)
	}
}
