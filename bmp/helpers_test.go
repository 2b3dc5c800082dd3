package bmp

import (
	"github.com/bgplens/bgplens/internal/hexvec"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// unhex decodes a hex vector written over several lines, with "#"
// comments naming the fields.
func unhex(t testing.TB, s string) []byte { t.Helper(); return hexvec.Decode(t, s) }

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// mustAppend encodes an owned message.
func mustAppend(t testing.TB, m interface {
	Append([]byte) ([]byte, error)
}) []byte {
	t.Helper()
	b, err := m.Append(nil)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return b
}

// openMsg builds an OPEN with the bgp package: AS as, BGP Identifier id,
// capabilities caps (NewOpen adds the 4-octet AS capability unless noAS4).
func openMsg(t testing.TB, as uint32, id string, noAS4 bool, caps ...bgp.Capability) []byte {
	t.Helper()
	o := bgp.NewOpen(as, 90, mustAddr(id), caps...)
	if noAS4 {
		var ps []bgp.OptParam
		for _, p := range o.Params {
			if len(p.Caps) == 1 && p.Caps[0].Code == bgp.CapCodeAS4 {
				continue
			}
			ps = append(ps, p)
		}
		o.Params = ps
	}
	b, err := o.Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func addPathCap(mode bgp.AddPathMode, fams ...bgp.Family) bgp.Capability {
	var es []bgp.AddPathEntry
	for _, f := range fams {
		es = append(es, bgp.AddPathEntry{Family: f, Mode: mode})
	}
	return bgp.NewCapability(bgp.CapAddPath{Entries: es})
}

func mpCap(f bgp.Family) bgp.Capability { return bgp.NewCapability(bgp.CapMultiprotocol{Family: f}) }

// peerHdr is a per-peer header for tests.
func peerHdr(t PeerType, flags PeerFlags, addr string, as uint32) PeerHeader {
	return PeerHeader{Type: t, Flags: flags, Address: mustAddr(addr), AS: as, BGPID: mustAddr("192.0.2.99"), Seconds: 1700000000}
}

// peerUpMsg builds a Peer Up message for h with the OPENs sent and rcvd.
func peerUpMsg(t testing.TB, h PeerHeader, sent, rcvd []byte) []byte {
	t.Helper()
	local := mustAddr("192.0.2.254")
	if h.IPv6() {
		local = mustAddr("2001:db8::fe")
	}
	return mustAppend(t, PeerUp{Peer: h, LocalAddress: local, LocalPort: 179, RemotePort: 40000, SentOpen: sent, ReceivedOpen: rcvd})
}

// rmMsg wraps an UPDATE in a version 3 Route Monitoring message.
func rmMsg(t testing.TB, h PeerHeader, update []byte) []byte {
	t.Helper()
	return mustAppend(t, RouteMonitoring{Peer: h, BGP: update})
}

// updateMsg builds an UPDATE with the bgp package under session s:
// ORIGIN, an AS_PATH of the given ASNs, and the routes (IPv4 ones in the
// NLRI field with NEXT_HOP, IPv6 ones in MP_REACH_NLRI). withdraw adds
// IPv4 withdrawals.
func updateMsg(t testing.TB, s bgp.Session, asns []uint32, routes []bgp.Route, withdraw []bgp.Route) []byte {
	t.Helper()
	b := bgp.NewUpdateBuilder(nil, s)
	for _, r := range withdraw {
		b.Withdraw(r)
	}
	var v4, v6 []bgp.Route
	for _, r := range routes {
		if r.Prefix.Addr().Is4() {
			v4 = append(v4, r)
		} else {
			v6 = append(v6, r)
		}
	}
	if len(routes) > 0 {
		b.Origin(bgp.OriginIGP)
		var path bgp.ASPath
		if len(asns) > 0 {
			path.Segments = []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: asns}}
		}
		b.ASPath(path)
		if len(v4) > 0 {
			b.NextHop(mustAddr("192.0.2.1"))
		}
		if len(v6) > 0 {
			b.MPReach(bgp.IPv6Unicast, mustAddr("2001:db8::1"), v6...)
		}
		for _, r := range v4 {
			b.Announce(r)
		}
	}
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func route(p string, id uint32) bgp.Route {
	return bgp.Route{Prefix: netip.MustParsePrefix(p), PathID: id}
}
