package bmp

import (
	"errors"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestRouteRefreshInRouteMonitoring: a Route Monitoring message carrying
// a ROUTE-REFRESH (Cisco IOS XR sends its peers' Enhanced Route Refresh
// markers so, RFC 7313 §3.2) is noted and counted as such, not as an
// UPDATE that cannot be framed, through RouteMonitoring and Decode.
func TestRouteRefreshInRouteMonitoring(t *testing.T) {
	p := NewPeers(0)
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	borr := unhex(t, `ffffffffffffffffffffffffffffffff 0017 05 # ROUTE-REFRESH
		0001 01 01 # AFI IPv4, subtype 1 (BoRR), SAFI unicast`)
	_, r, err := p.ReadUpdate(mustRM(t, rmMsg(t, h, borr)))
	if !errors.Is(err, ErrRouteRefresh) || !r.RouteRefresh || r.Clean {
		t.Errorf("BoRR: %+v %v", r, err)
	}
	var d bgp.UpdateValues
	var rd Reading
	if err := p.Decode(mustRM(t, rmMsg(t, h, borr)), &d, &rd); !errors.Is(err, ErrRouteRefresh) || !rd.RouteRefresh {
		t.Errorf("Decode: %+v %v", rd, err)
	}
	// A KEEPALIVE is no such quirk: an UPDATE that cannot be located.
	_, r, err = p.ReadUpdate(mustRM(t, rmMsg(t, h, unhex(t, "ffffffffffffffffffffffffffffffff 0013 04"))))
	if err == nil || errors.Is(err, ErrRouteRefresh) || r.RouteRefresh {
		t.Errorf("KEEPALIVE: %+v %v", r, err)
	}
	if _, r, err = p.ReadUpdate(mustRM(t, rmMsg(t, h, unhex(t, vecEoR)))); err != nil || r.RouteRefresh || !r.Clean {
		t.Errorf("UPDATE after: %+v %v", r, err)
	}
	st, _ := p.Stats(h.Key())
	if st.Messages != 4 || st.RouteRefresh != 2 || st.Unframed != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TestPeersAFISAFIDisable: the action a malformed MP_UNREACH_NLRI gets is
// the one Peers is set to, session reset by default.
func TestPeersAFISAFIDisable(t *testing.T) {
	bad := unhex(t, `ffffffffffffffffffffffffffffffff 001e 02 0000 0007
		80 0f 04 0001 01 ff # MP_UNREACH_NLRI IPv4 unicast: a /255, or a path id cut short`)
	p := NewPeers(0)
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	for _, tt := range []struct {
		on   bool
		want bgp.Action
	}{{false, bgp.SessionReset}, {true, bgp.AFISAFIDisable}, {false, bgp.SessionReset}} {
		p.SetAFISAFIDisable(tt.on)
		u, r, err := p.ReadUpdate(mustRM(t, rmMsg(t, h, bad)))
		if err != nil || r.Clean || u.Verdict() == nil || u.Verdict().Action != tt.want || r.Expected.AFISAFIDisable != tt.on {
			t.Errorf("on %v: verdict %v, %+v %v", tt.on, u.Verdict(), r, err)
		}
	}
}
