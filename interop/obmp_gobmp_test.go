package interop

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/bmp/obmp"
)

// goBMP (github.com/sbezverk/gobmp) cannot be imported here: the Go module
// proxy refuses the module (403, "not available"), and the function that
// builds its raw frame, produceRawMessage in pkg/message, is an unexported
// method of an unexported type, so no importer could call it either. The
// comparison is therefore against the layout that function writes, as its
// comments and its unit tests document it (field, offset, length and the
// value goBMP puts there), encoded below field by field:
//
//	field           goBMP's value
//	magic .. type   "OBMP", 1, 7, 78+N+M, message length, 0x80 (|0x40 IPv6), 12
//	timestamp       time.Now() when the frame is built
//	collector hash  MD5 of the admin id (N octets follow its length)
//	router hash     MD5 of the per-peer header's peer address as TEXT ("192.0.2.1")
//	router address  the per-peer header's peer address, IPv4 in the first 4 octets
//	router group    empty (goBMP has none)
//	row count       1
//
// and the record's key is nil; a message with no per-peer header
// (Initiation, Termination) is not published at all.
func goBMPFrame(adminID string, msg []byte, t time.Time) ([]byte, bool) {
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		return nil, false
	}
	p, ok := v.Peer()
	if !ok {
		return nil, false
	}
	peer := p.Address.Unmap()
	var b []byte
	b = append(b, "OBMP"...)
	b = append(b, 1, 7)
	b = binary.BigEndian.AppendUint16(b, uint16(78+len(adminID)))
	b = binary.BigEndian.AppendUint32(b, uint32(len(msg)))
	flags := byte(0x80)
	if peer.Is6() {
		flags |= 0x40
	}
	b = append(b, flags, 12)
	b = binary.BigEndian.AppendUint32(b, uint32(t.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()/1000))
	ch := md5.Sum([]byte(adminID))
	b = append(b, ch[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(adminID)))
	b = append(b, adminID...)
	rh := md5.Sum([]byte(peer.String()))
	b = append(b, rh[:]...)
	var ip [16]byte
	copy(ip[:], peer.AsSlice())
	b = append(b, ip[:]...)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint32(b, 1)
	return append(b, msg...), true
}

// TestOBMPHeaderAgainstGoBMP compares, for the BMP message of a real
// RouteViews raw-feed frame, the OpenBMP header bgplens writes with the
// one goBMP's layout gives and with the one RouteViews wrote. Every field
// is the same octets except the ones named here, and each named
// difference is checked to be there (so the list cannot go stale).
func TestOBMPHeaderAgainstGoBMP(t *testing.T) {
	rv, err := os.ReadFile("../bmp/obmp/testdata/routeviews5-peerdown.obmp")
	if err != nil {
		t.Fatal(err)
	}
	rvh, msg, _, err := obmp.Parse(rv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	ph, _ := v.Peer()
	when := rvh.Time
	gb, ok := goBMPFrame(rvh.AdminID, msg, when)
	if !ok {
		t.Fatal("goBMP's layout publishes nothing for a Peer Down")
	}
	gh, gmsg, rest, err := obmp.Parse(gb)
	if err != nil || len(rest) != 0 || !bytes.Equal(gmsg, msg) {
		t.Fatalf("bgplens reads goBMP's frame: %v, %d octets after it", err, len(rest))
	}
	// bgplens's frame for the same collector, router and time, without a
	// router group (goBMP has none), octet for octet.
	lh := obmp.ForRouter(rvh.AdminID, rvh.RouterAddr, "", when)
	lb := append(lh.Append(nil, len(msg)), msg...)
	if len(lb) != len(gb) {
		t.Fatalf("bgplens frame %d octets, goBMP's %d", len(lb), len(gb))
	}
	n := len(rvh.AdminID)
	routerHash := [2]int{40 + n, 56 + n}
	routerAddr := [2]int{56 + n, 72 + n}
	for i := range lb {
		inHash := i >= routerHash[0] && i < routerHash[1]
		inAddr := i >= routerAddr[0] && i < routerAddr[1]
		if lb[i] != gb[i] && !inHash && !inAddr {
			t.Errorf("octet %d: bgplens %#02x, goBMP %#02x outside the named differences", i, lb[i], gb[i])
		}
	}
	// Difference 1: goBMP names the BGP peer of the per-peer header as the
	// router; bgplens and RouteViews name the BMP speaker (the TCP peer).
	if gh.RouterAddr != ph.Address.Unmap() || lh.RouterAddr != rvh.RouterAddr || gh.RouterAddr == lh.RouterAddr {
		t.Errorf("router address: goBMP %v (peer %v), bgplens %v, RouteViews %v", gh.RouterAddr, ph.Address, lh.RouterAddr, rvh.RouterAddr)
	}
	// Difference 2: goBMP hashes the address's text; RouteViews (and
	// bgplens) its octets. Even for the same address the two disagree.
	textHash := md5.Sum([]byte(rvh.RouterAddr.String()))
	if rvh.RouterHash != obmp.RouterHash(rvh.RouterAddr) || rvh.RouterHash == textHash {
		t.Errorf("RouteViews' router hash %x: octets' MD5 %x, text's %x", rvh.RouterHash, obmp.RouterHash(rvh.RouterAddr), textHash)
	}
	if gh.RouterHash != md5.Sum([]byte(gh.RouterAddr.String())) || gh.RouterHash == obmp.RouterHash(gh.RouterAddr) {
		t.Errorf("goBMP's router hash %x is not the MD5 of %q only", gh.RouterHash, gh.RouterAddr.String())
	}
	// The rest agrees with RouteViews too, the router group aside (RouteViews
	// writes "route-views5", goBMP cannot write one).
	if gh.AdminID != rvh.AdminID || gh.CollectorHash != rvh.CollectorHash || !gh.Time.Equal(rvh.Time) ||
		gh.Flags != rvh.Flags || gh.ObjectType != rvh.ObjectType || gh.Rows != rvh.Rows || gh.RouterGroup != "" || rvh.RouterGroup == "" {
		t.Errorf("goBMP %+v\nRouteViews %+v", gh, rvh)
	}
}

// TestOBMPGoBMPSkipsRouterMessages: goBMP's layout needs a per-peer
// header, so the messages about the router alone (Initiation,
// Termination) never reach its raw topic; bgplens frames them (a query
// node needs the Initiation's sysName to name the router).
func TestOBMPGoBMPSkipsRouterMessages(t *testing.T) {
	init, err := bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte("r1")}}}.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := goBMPFrame("c", init, time.Unix(1, 0)); ok {
		t.Fatal("goBMP's layout framed an Initiation")
	}
	h := obmp.ForRouter("c", netip.MustParseAddr("192.0.2.1"), "", time.Unix(1, 0))
	fr := append(h.Append(nil, len(init)), init...)
	if _, m, _, err := obmp.Parse(fr); err != nil || !bytes.Equal(m, init) {
		t.Fatalf("bgplens frame of an Initiation: %v", err)
	}
}
