package kafka

import (
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// TestSameKey: sameKey says that two events share their record key
// exactly when appendKey writes the same key for both: peers and tables
// of a router interleave, and the sink makes a key again only when it
// changes.
func TestSameKey(t *testing.T) {
	r1 := output.RouterRef{Name: "edge1", Addr: netip.MustParseAddr("192.0.2.1")}
	r2 := r1
	r2.Name = "edge2"
	r1b := r1
	r1b.SysName = "other" // not in the key
	p := output.PeerRef{Type: bmp.PeerGlobal, Addr: netip.MustParseAddr("2001:db8::2"), AS: 65001, RIB: bmp.RIBInPost}
	pre := p
	pre.RIB, pre.AS = bmp.RIBInPre, 65002 // not in the key
	other := p
	other.Addr = netip.MustParseAddr("2001:db8::3")
	vrf := p
	vrf.Type, vrf.Distinguisher = bmp.PeerRD, bgp.RD{0, 0, 0xfd, 0xe8, 0, 0, 0, 1}
	var evs []*output.Event
	for _, typ := range []output.EventType{output.EventRoute, output.EventStats, output.EventRouterUp, output.EventRouterDown} {
		for _, r := range []output.RouterRef{r1, r2, r1b} {
			for _, peer := range []output.PeerRef{p, pre, other, vrf} {
				evs = append(evs, &output.Event{Type: typ, Router: r, Peer: peer})
			}
		}
	}
	for _, a := range evs {
		for _, b := range evs {
			same := string(appendKey(nil, a)) == string(appendKey(nil, b))
			if got := sameKey(a, b); got != same {
				t.Errorf("%v %v %v / %v %v %v: sameKey %v, keys %q %q", a.Type, a.Router.Name, a.Peer.Addr, b.Type, b.Router.Name, b.Peer.Addr,
					got, appendKey(nil, a), appendKey(nil, b))
			}
		}
	}
}
