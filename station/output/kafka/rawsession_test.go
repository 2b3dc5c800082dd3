package kafka

import (
	"crypto/md5"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bmp/obmp"
)

// TestRawSessions: the first session of an address has the address's
// own router hash (RouteViews' and OpenBMP's); a second one at the same
// time has MD5 of the address and its sysName (and its port without one,
// or when a live session has the same sysName);
// a session keeps its hash until its router_down, after which the next
// session of the address has the address's hash again.
func TestRawSessions(t *testing.T) {
	a := netip.MustParseAddr("192.0.2.1")
	s1, s2, s3, s4 := netip.AddrPortFrom(a, 1001), netip.AddrPortFrom(a, 1002), netip.AddrPortFrom(a, 1003), netip.AddrPortFrom(a, 1004)
	var r rawSessions
	plain := obmp.RouterHash(a)
	if h := r.hash(s1, "r1"); h != plain {
		t.Errorf("first session: %x, want the address's hash %x", h, plain)
	}
	if h, want := r.hash(s2, "r2"), md5.Sum([]byte{192, 0, 2, 1, 'r', '2'}); h != want {
		t.Errorf("second session: %x, want MD5(address, sysName) %x", h, want)
	}
	if h, want := r.hash(s3, ""), md5.Sum([]byte{192, 0, 2, 1, 1003 >> 8, 1003 & 0xff}); h != want {
		t.Errorf("third session without sysName: %x, want MD5(address, port) %x", h, want)
	}
	s5 := netip.AddrPortFrom(a, 1005)
	if h, want := r.hash(s5, "r2"), md5.Sum([]byte{192, 0, 2, 1, 'r', '2', 1005 >> 8, 1005 & 0xff}); h != want {
		t.Errorf("a session with a live one's sysName: %x, want MD5(address, sysName, port) %x", h, want)
	}
	if h := r.hash(s1, "r1"); h != plain {
		t.Error("the first session's hash changed")
	}
	r.end(s1)
	if h := r.hash(s2, "r2"); h == plain {
		t.Error("a live session's hash changed when another ended")
	}
	if h := r.hash(s4, "r1"); h != plain {
		t.Errorf("a new session after the first ended: %x, want the address's hash", h)
	}
	if len(r.live) != 4 {
		t.Errorf("%d live sessions, want 4", len(r.live))
	}
}
