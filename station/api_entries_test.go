package station

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// TestParseEntryQuery: the forms of q an operator types.
func TestParseEntryQuery(t *testing.T) {
	mac := bgp.MAC{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}
	for _, tc := range []struct {
		q    string
		want bgp.EntryTerm
	}{
		{"aa:bb:cc:dd:ee:ff", bgp.EntryTerm{Kind: bgp.TermMAC, MAC: mac}},
		{"AA-BB-CC-DD-EE-FF", bgp.EntryTerm{Kind: bgp.TermMAC, MAC: mac}},
		{"aabb.ccdd.eeff", bgp.EntryTerm{Kind: bgp.TermMAC, MAC: mac}},
		{"192.0.2.7", bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: netip.MustParsePrefix("192.0.2.7/32")}},
		{"192.0.2.7/24", bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: netip.MustParsePrefix("192.0.2.0/24")}},
		{"2001:db8::/32", bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: netip.MustParsePrefix("2001:db8::/32")}},
		{"as:65000", bgp.EntryTerm{Kind: bgp.TermAS, AS: 65000}},
		{"ASN:4200000000", bgp.EntryTerm{Kind: bgp.TermAS, AS: 4200000000}},
		{"AS65000", bgp.EntryTerm{Kind: bgp.TermAS, AS: 65000}},
		{"router-id:192.0.2.1", bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{192, 0, 2, 1}}},
		{"router-id:0000.0000.0001", bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{0, 0, 0, 0, 0, 1}}},
		{"router-id:0000.0000.0001.02", bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{0, 0, 0, 0, 0, 1, 2}}},
		{"Router-ID:c0000201", bgp.EntryTerm{Kind: bgp.TermRouterID, ID: []byte{192, 0, 2, 1}}},
	} {
		got, msg := parseEntryQuery(tc.q)
		if msg != "" || got.Kind != tc.want.Kind || got.MAC != tc.want.MAC || got.Prefix != tc.want.Prefix ||
			got.AS != tc.want.AS || !bytes.Equal(got.ID, tc.want.ID) {
			t.Errorf("%q: %+v %q, want %+v", tc.q, got, msg, tc.want)
		}
	}
	for _, q := range []string{"", "aa:bb:cc", "as:", "as:4294967296", "router-id:", "router-id:0000.0000", "router-id:xyz1",
		"router-id:0000.0000.000g", "hello", "aa-bb-cc-dd-ee-ff-00-11"} {
		if got, msg := parseEntryQuery(q); msg == "" {
			t.Errorf("%q: %+v, want an error", q, got)
		}
	}
}

// TestLookupBGPLS: BGP-LS objects (RFC 9552 §5.2 layouts) sent in a Route
// Monitoring message are found through the API by AS, by IS-IS system ID
// and OSPF router ID, by an interface address and by a prefix; the
// table's families count them; a family filter limits the search.
func TestLookupBGPLS(t *testing.T) {
	ls := bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}
	objects := []string{
		// node, IS-IS level 2, AS 65000, system ID 0000.0000.0001
		"0001 0027 02 0000000000000000 0100001a 02000004 0000fde8 02010004 00000000 02030006 000000000001",
		// link, OSPFv2, 192.0.2.1 to 192.0.2.2, interface 192.0.0.1, neighbor 192.0.0.2
		"0002 0041 03 0000000000000000 01000010 02000004 0000fde8 02030004 c0000201 01010010 02000004 0000fde8 02030004 c0000202 01030004 c0000001 01040004 c0000002",
		// IPv4 prefix 198.51.100.0/24 of AS 65001
		"0003 0022 03 0000000000000007 01000008 02000004 0000fde9 01080001 01 01090004 18c63364",
	}
	var nlri []byte
	for _, o := range objects {
		b, err := hex.DecodeString(strings.ReplaceAll(o, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		nlri = append(nlri, b...)
	}
	h := synthPeer(1)
	b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{h.AS}}}})
	b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{Family: ls, NextHop: []byte{192, 0, 2, 9}, RawNLRI: nlri}))
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	ts := startStation(t, Config{})
	c := dialFrom(t, ts, "127.0.0.96")
	stream := synthAppend(t, initiation(t, "ls-router"), bmp.RouteMonitoring{Peer: h, BGP: msg})
	c.Write(stream)
	ts.waitMessages(t, "ls-router", portOf(c), 2)
	for _, p := range ts.peers(t, "ls-router") {
		if n := tableRoutes(p)["adj-rib-in-pre bgp-ls"]; n != 3 {
			t.Errorf("peer %s: %d BGP-LS objects counted, want 3", p.ID, n)
		}
	}
	for _, tc := range []struct {
		q    string
		want []string // the ls_nlri of the matches
	}{
		{"as:65000", []string{"node", "link"}},
		{"as:65001", []string{"ipv4-prefix"}},
		{"router-id:0000.0000.0001", []string{"node"}},
		{"router-id:192.0.2.2", []string{"link"}},
		{"192.0.2.1", []string{"link"}}, // an address also finds a router ID
		{"192.0.0.2", []string{"link"}},
		{"198.51.100.77", []string{"ipv4-prefix"}},
		{"198.51.100.77&family=l2vpn-evpn", nil},
		{"as:65000&family=bgp-ls&limit=1", []string{"node"}},
	} {
		var lk entryLookupAnswer
		q, rest, _ := strings.Cut(tc.q, "&")
		path := "/api/v1/lookup?q=" + url.QueryEscape(q)
		if rest != "" {
			path += "&" + rest
		}
		if code := ts.get(t, path, &lk); code != 200 {
			t.Errorf("%s: status %d", tc.q, code)
			continue
		}
		var got []string
		for _, m := range lk.Matches {
			n, _ := m.Route["nlri"].(map[string]any)
			got = append(got, n["ls_nlri"].(string))
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
		}
		if strings.Contains(tc.q, "limit=1") != lk.Truncated {
			t.Errorf("%s: truncated %v", tc.q, lk.Truncated)
		}
	}
	if code := ts.get(t, "/api/v1/lookup?q=as:1&family=ipv4-unicast", nil); code != 400 {
		t.Errorf("an IP family filter: status %d, want 400", code)
	}
}
