package station

import (
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// Synthetic BMP for the limits and soak tests: peers, Peer Ups, Peer
// Downs and Route Monitoring built with the bmp and bgp writers, for the
// floods real captures are too small for.

// synthPeer is the per-peer header of the i-th synthetic peer: a global
// instance peer at 10.x.y.z, pre-policy Adj-RIB-In.
func synthPeer(i int) bmp.PeerHeader {
	addr := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
	return bmp.PeerHeader{Address: addr, AS: 64512 + uint32(i%1000), BGPID: addr, Seconds: 1700000000}
}

// synthOpen4 is an OPEN of a 4-octet AS speaker.
func synthOpen4(t testing.TB, as uint32, id netip.Addr) []byte {
	t.Helper()
	caps := []bgp.Capability{bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv4Unicast}), bgp.NewCapability(bgp.CapAS4{AS: as})}
	b, err := bgp.NewOpen(as, 90, id, caps...).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// synthAppend appends the message m.
func synthAppend(t testing.TB, dst []byte, m bmp.Message) []byte {
	t.Helper()
	b, err := m.Append(dst)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// synthPeerUp is a Peer Up of h with a session to routerID, AS 65000.
func synthPeerUp(t testing.TB, h bmp.PeerHeader, routerID netip.Addr) bmp.PeerUp {
	return bmp.PeerUp{Peer: h, LocalAddress: routerID, LocalPort: 179, RemotePort: 40000,
		SentOpen: synthOpen4(t, 65000, routerID), ReceivedOpen: synthOpen4(t, h.AS, h.BGPID)}
}

// synthPeerDown is a Peer Down of h: the remote system closed, no data.
func synthPeerDown(h bmp.PeerHeader) bmp.PeerDown {
	return bmp.PeerDown{Peer: h, Reason: bmp.DownRemoteNoData}
}

// synthRoutes is a Route Monitoring of h announcing the prefixes (or
// withdrawing them).
func synthRoutes(t testing.TB, h bmp.PeerHeader, withdraw bool, prefixes ...netip.Prefix) bmp.RouteMonitoring {
	t.Helper()
	b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
	if withdraw {
		for _, p := range prefixes {
			b.Withdraw(bgp.Route{Prefix: p})
		}
	} else {
		b.Origin(bgp.OriginIGP)
		b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{h.AS, 64496}}}})
		b.NextHop(h.Address)
		for _, p := range prefixes {
			b.Announce(bgp.Route{Prefix: p})
		}
	}
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return bmp.RouteMonitoring{Peer: h, BGP: msg}
}

// synthPrefix is the i-th of a run of /24s from 20.0.0.0.
func synthPrefix(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{20 + byte(i>>16), byte(i >> 8), byte(i), 0}), 24)
}
