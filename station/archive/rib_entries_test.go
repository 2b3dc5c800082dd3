package archive

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/station/rib"
)

// TestRIBDumpEntries: routes the RIB keeps as NLRI entries (EVPN here)
// are dumped as RIB_GENERIC records (RFC 6396 §4.3.3) whose NLRI is the
// entry as received: one record per entry, with an entry per peer that
// holds those very octets.
func TestRIBDumpEntries(t *testing.T) {
	evpn := bgp.Family{AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// An Inclusive Multicast route from both peers, a MAC/IP route from A,
	// and from B the same MAC/IP route with another label (the same route
	// key, other octets: a record of its own).
	im := unhex("03 11 0000fde800000064 00000000 20 c0000202")
	macA := unhex("02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000641")
	macB := unhex("02 25 0000fde800000064 00000000000000000000 00000000 30 001122334455 20 c0000201 000651")
	db := rib.New(rib.Config{})
	for _, x := range []struct {
		k    rib.TableKey
		nlri []byte
	}{{keyA, append(append([]byte(nil), im...), macA...)}, {keyB, append(append([]byte(nil), im...), macB...)}} {
		apply(t, db, x.k, bgp.Session{AS4: true}, func(b *bgp.UpdateBuilder) {
			b.Origin(bgp.OriginIGP)
			b.ASPath(seq(65001))
			b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{Family: evpn, NextHop: []byte{192, 0, 2, 1}, RawNLRI: x.nlri}))
		})
	}
	var got []string
	for rec := range dumpRecords(t, db) {
		if rec.Kind() != mrt.KindRIBGeneric {
			continue
		}
		v, err := rec.RIB()
		if err != nil {
			t.Fatal(err)
		}
		if v.AFI != uint16(evpn.AFI) || v.SAFI != uint8(evpn.SAFI) {
			t.Errorf("family %d/%d", v.AFI, v.SAFI)
		}
		var peers []string
		for _, e := range v.All() {
			peers = append(peers, []string{"A", "B"}[e.PeerIndex])
		}
		got = append(got, evpn.EntryText(bgp.NLRI{Value: v.NLRI})+" "+strings.Join(peers, ","))
	}
	want := []string{
		"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:55 ip 192.0.2.1 label 100/vni 1601 A",
		"mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:55 ip 192.0.2.1 label 101/vni 1617 B",
		"inclusive-multicast rd 65000:100 tag 0 originator 192.0.2.2 A,B",
	}
	sameLines(t, got, want)
}
