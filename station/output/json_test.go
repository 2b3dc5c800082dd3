package output

import (
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

var (
	testTime   = time.Date(2026, 11, 22, 3, 43, 1, 500000000, time.UTC)
	testRouter = RouterRef{Name: "192.0.2.1", Addr: netip.MustParseAddr("192.0.2.1"), SysName: "edge1"}
	testPeer   = PeerRef{Type: bmp.PeerGlobal, Addr: netip.MustParseAddr("2001:db8::2"), AS: 4200000001,
		BGPID: netip.MustParseAddr("198.51.100.2"), RIB: bmp.RIBInPost}
)

// decode turns the event's JSON back into a map, failing on invalid JSON.
func decode(t *testing.T, ev *Event) map[string]any {
	t.Helper()
	b := ev.AppendJSON(nil)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return m
}

// check compares the decoded fields with want (JSON numbers are float64)
// and checks that no other field is present.
func check(t *testing.T, got map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected field %s = %#v", k, got[k])
		}
	}
}

func common(typ string, seq float64) map[string]any {
	return map[string]any{"v": 3.0, "type": typ, "timestamp": "2026-11-22T03:43:01.5Z", "seq": seq,
		"router": "192.0.2.1", "router_ip": "192.0.2.1", "router_name": "edge1"}
}

func withPeer(m map[string]any) map[string]any {
	for k, v := range map[string]any{"peer_ip": "2001:db8::2", "peer_asn": 4200000001.0, "peer_bgp_id": "198.51.100.2",
		"peer_type": "global", "rib": "adj-rib-in-post", "is_post_policy": true, "is_adj_rib_out": false, "is_loc_rib": false} {
		m[k] = v
	}
	return m
}

func TestRouteJSON(t *testing.T) {
	attrs := testPath(t, `40010102 4002140202fa56ea01000000ae010200000d1c00000513 800404000000004005040000 00c8 400600
		c00708 0000fde9c0000209 c00808fde80001ffffff01 80090 4c0000208 800a04c0000207
		800e15 0002 01 10 20010db80000000000000000000000ff 00
		c01008 0002fde800000064 c0200c fa56ea01 00000001 00000002`)
	ev := &Event{Type: EventRoute, Time: testTime, RouterTime: testTime.Add(-time.Second), Seq: 7, Router: testRouter,
		Peer: testPeer, Family: bgp.IPv6Unicast, Route: bgp.Route{Prefix: netip.MustParsePrefix("2001:db8:5::/48"), PathID: 3},
		Path: attrs}
	want := withPeer(common("route", 7))
	for k, v := range map[string]any{
		"router_timestamp": "2026-11-22T03:43:00.5Z", "action": "announce", "is_withdraw": false,
		"afi": 2.0, "safi": 1.0, "family": "ipv6-unicast", "prefix": "2001:db8:5::/48", "prefix_len": 48.0, "path_id": 3.0,
		"next_hop": "2001:db8::ff", "as_path": "4200000001 174 {3356,1299}", "as_path_count": 3.0, "origin_as": 0.0,
		"origin": "incomplete", "med": 0.0, "local_pref": 200.0,
		"communities": []any{"65000:1", "NO_EXPORT"}, "large_communities": []any{"4200000001:1:2"},
		"extended_communities": []any{"rt:65000:100"}, "atomic_aggregate": true, "aggregator": "65001 192.0.2.9",
		"originator_id": "192.0.2.8", "cluster_list": []any{"192.0.2.7"},
	} {
		want[k] = v
	}
	check(t, decode(t, ev), want)

	// A withdrawal of a VPN route: no attributes; the RD and the labels'
	// 20-bit values (docs/json.md).
	var rd bgp.RD
	rd[1], rd[3], rd[7] = 0, 0xfd, 100 // type 0: 2-octet AS 253, number 100
	w := &Event{Type: EventRoute, Time: testTime, Seq: 8, Router: testRouter, Peer: testPeer, Withdraw: true,
		Family: bgp.IPv4VPN, Route: bgp.Route{Prefix: netip.MustParsePrefix("10.1.0.0/16"), RD: rd,
			Labels: [bgp.MaxLabels]bgp.Label{16 << 4, 17<<4 | 1}, NumLabels: 2}} // label fields: values 16 and 17, bottom of stack
	want = withPeer(common("route", 8))
	for k, v := range map[string]any{"action": "withdraw", "is_withdraw": true, "afi": 1.0, "safi": 128.0,
		"family": "ipv4-vpn", "prefix": "10.1.0.0/16", "prefix_len": 16.0, "path_id": 0.0, "rd": "253:100",
		"labels": []any{16.0, 17.0}} {
		want[k] = v
	}
	check(t, decode(t, w), want)
}

func TestPeerEventsJSON(t *testing.T) {
	up := &Event{Type: EventPeerUp, Time: testTime, Seq: 2, Router: testRouter, Peer: testPeer, PeerUp: &PeerUpInfo{
		LocalAddr: netip.MustParseAddr("2001:db8::1"), LocalPort: 179, RemotePort: 51000,
		SentOpen:     OpenInfo{AS: 65000, HoldTime: 90, BGPID: netip.MustParseAddr("192.0.2.1"), Capabilities: []string{"4-octet AS"}},
		ReceivedOpen: OpenInfo{AS: 4200000001, HoldTime: 180, BGPID: netip.MustParseAddr("198.51.100.2")},
		Information:  []string{"String: transit \"A\""}, AS4: true, AddPath: []string{"ipv6-unicast"},
		Mismatches: []string{"bgp-id: ..."},
	}}
	want := withPeer(common("peer_up", 2))
	for k, v := range map[string]any{"local_ip": "2001:db8::1", "local_port": 179.0, "remote_port": 51000.0,
		"sent_open":     map[string]any{"asn": 65000.0, "hold_time": 90.0, "bgp_id": "192.0.2.1", "capabilities": []any{"4-octet AS"}},
		"received_open": map[string]any{"asn": 4200000001.0, "hold_time": 180.0, "bgp_id": "198.51.100.2"},
		"information":   []any{"String: transit \"A\""}, "four_octet_as": true, "extended_messages": false,
		"add_path": []any{"ipv6-unicast"}, "mismatches": []any{"bgp-id: ..."}} {
		want[k] = v
	}
	check(t, decode(t, up), want)

	down := &Event{Type: EventPeerDown, Time: testTime, Seq: 3, Router: testRouter, Peer: testPeer, PeerDown: &PeerDownInfo{
		Reason: bmp.DownRemoteNotification, HasNotif: true, Code: 6, Subcode: 2,
		NotifText: "Cease/Administrative Shutdown (6/2)", RoutesGone: 12}}
	want = withPeer(common("peer_down", 3))
	for k, v := range map[string]any{"reason_code": 3.0, "reason": bmp.DownRemoteNotification.String(),
		"notification":   map[string]any{"code": 6.0, "subcode": 2.0, "text": "Cease/Administrative Shutdown (6/2)"},
		"routes_removed": 12.0} {
		want[k] = v
	}
	check(t, decode(t, down), want)

	fsm := &Event{Type: EventPeerDown, Time: testTime, Seq: 4, Router: testRouter, Peer: testPeer,
		PeerDown: &PeerDownInfo{Reason: bmp.DownLocalFSMEvent, FSMEvent: 0}}
	want = withPeer(common("peer_down", 4))
	for k, v := range map[string]any{"reason_code": 2.0, "reason": bmp.DownLocalFSMEvent.String(), "fsm_event": 0.0, "routes_removed": 0.0} {
		want[k] = v
	}
	check(t, decode(t, fsm), want)
}

func TestOtherEventsJSON(t *testing.T) {
	st := &Event{Type: EventStats, Time: testTime, Seq: 5, Router: testRouter, Peer: testPeer, Stats: []Stat{
		{Type: 7, Name: "Number of routes in Adj-RIBs-In", Value: 1 << 40},
		{Type: 9, Name: "per family", Value: 5, Family: bgp.IPv6Unicast},
		{Type: 999, Name: "StatType(999)", Unknown: true, Raw: []byte{1, 2, 3}},
	}}
	want := withPeer(common("stats", 5))
	want["stats"] = []any{
		map[string]any{"type": 7.0, "name": "Number of routes in Adj-RIBs-In", "value": float64(1 << 40)},
		map[string]any{"type": 9.0, "name": "per family", "value": 5.0, "afi": 2.0, "safi": 1.0, "family": "ipv6-unicast"},
		map[string]any{"type": 999.0, "name": "StatType(999)", "unreadable": true, "raw": "010203"},
	}
	check(t, decode(t, st), want)

	eor := &Event{Type: EventEndOfRIB, Time: testTime, Seq: 6, Router: testRouter, Peer: testPeer, Family: bgp.IPv4Unicast}
	want = withPeer(common("end_of_rib", 6))
	want["afi"], want["safi"], want["family"] = 1.0, 1.0, "ipv4-unicast"
	check(t, decode(t, eor), want)

	loc := testPeer
	loc.Type, loc.RIB, loc.TableName, loc.Distinguisher = bmp.PeerLocRIB, bmp.RIBLoc, "blue", bgp.RD{0, 0, 0xfd, 0xe8, 0, 0, 0, 1}
	lr := &Event{Type: EventEndOfRIB, Time: testTime, Seq: 1, Router: testRouter, Peer: loc, Family: bgp.IPv4Unicast}
	m := decode(t, lr)
	if m["peer_type"] != "loc_rib" || m["is_loc_rib"] != true || m["table_name"] != "blue" || m["peer_distinguisher"] != "65000:1" || m["rib"] != "loc-rib" {
		t.Errorf("Loc-RIB peer: %v", m)
	}

	up := &Event{Type: EventRouterUp, Time: testTime, Seq: 1, Router: testRouter, Session: &SessionInfo{SysName: "edge1", SysDescr: "FRRouting 8.4.4"}}
	want = common("router_up", 1)
	want["sys_name"], want["sys_descr"] = "edge1", "FRRouting 8.4.4"
	check(t, decode(t, up), want)
	down := &Event{Type: EventRouterDown, Time: testTime, Seq: 9, Router: testRouter, Session: &SessionInfo{SysName: "edge1", Reason: "stalled", Messages: 42}}
	want = common("router_down", 9)
	want["sys_name"], want["reason"], want["messages"] = "edge1", "stalled", 42.0
	check(t, decode(t, down), want)
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "plain",
		`q"b\`:            `q"b\`,
		"tab\tnl\ncr\r":   "tab\tnl\ncr\r",
		"nul\x00del\x7f":  "nul\x00del\x7f",
		"bad \xff utf8":   "bad \ufffd utf8",
		"é ✓ \u2028 line": "é ✓ \u2028 line",
	} {
		b := AppendJSONString(nil, in)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%q -> %s: %v", in, b, err)
			continue
		}
		if got != want {
			t.Errorf("%q -> %s -> %q, want %q", in, b, got, want)
		}
	}
	if got := string(AppendJSONString(nil, "a\x01")); got != `"a\u0001"` {
		t.Errorf("control character: %s", got)
	}
}

// TestAppendJSONAllocs: encoding an event allocates nothing once the
// buffer is large enough (the JSON lines sink reuses its buffer).
func TestAppendJSONAllocs(t *testing.T) {
	ev := &Event{Type: EventRoute, Time: testTime, Seq: 7, Router: testRouter, Peer: testPeer, Family: bgp.IPv4Unicast,
		Route: bgp.Route{Prefix: netip.MustParsePrefix("192.0.2.0/24")},
		Path:  testPath(t, "40020e0203000000010000000200000003 400304c0000201 c00804 00010001")}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf = ev.AppendJSON(buf[:0]) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	ev := &Event{Type: EventRoute, Time: testTime, Seq: 7, Router: testRouter, Peer: testPeer, Family: bgp.IPv4Unicast,
		Route: bgp.Route{Prefix: netip.MustParsePrefix("192.0.2.0/24")},
		Path:  testPath(b, "40010100 40020e02030000fde9000000ae00000d1c 400304c0000201 c00808fde80001fde80002 c0200cfa56ea010000000100000001")}
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf = ev.AppendJSON(buf[:0])
	}
}

// TestEncoderCache: the Encoder writes exactly what AppendJSON writes,
// whether the attributes are those of the previous event (encoded once),
// other ones, or none.
func TestEncoderCache(t *testing.T) {
	a1 := testPath(t, "40020a02020000fde90000fdea 400304c0000201 c00804fde90001")
	a2 := testPath(t, "40020602010000fdeb 800e15 0002 01 10 20010db8000000000000000000000001 00 80040400000005")
	route := func(seq uint64, p string, a *Path, withdraw bool) *Event {
		return &Event{Type: EventRoute, Time: testTime, Seq: seq, Router: testRouter, Peer: testPeer, Withdraw: withdraw,
			Family: bgp.IPv4Unicast, Route: bgp.Route{Prefix: netip.MustParsePrefix(p)}, Path: a}
	}
	events := []*Event{
		route(1, "10.0.0.0/8", a1, false), route(2, "10.1.0.0/16", a1, false), route(3, "10.2.0.0/16", a1, false),
		route(4, "10.3.0.0/16", a2, false), route(5, "10.4.0.0/16", nil, true), route(6, "10.5.0.0/16", a2, false),
		route(7, "10.6.0.0/16", a1, false),
		{Type: EventPeerDown, Time: testTime, Seq: 8, Router: testRouter, Peer: testPeer, PeerDown: &PeerDownInfo{}},
		route(9, "10.7.0.0/16", a1, false),
	}
	// Another time, another peer, another router, a router event between.
	later := route(10, "10.8.0.0/16", a1, false)
	later.Time = testTime.Add(time.Millisecond)
	otherPeer := route(11, "10.9.0.0/16", a1, false)
	otherPeer.Time, otherPeer.Peer.AS = later.Time, 65009
	otherRouter := route(12, "10.10.0.0/16", a1, false)
	otherRouter.Time, otherRouter.Peer, otherRouter.Router.SysName = later.Time, otherPeer.Peer, "edge2"
	up := &Event{Type: EventRouterUp, Time: later.Time, Seq: 13, Router: testRouter, Session: &SessionInfo{SysName: "edge1"}}
	back := route(14, "10.11.0.0/16", a1, false)
	back.Time = later.Time
	// The same path for another family: another next hop (none for
	// IPv4 here, MP_REACH_NLRI's for IPv6).
	v6 := route(15, "10.12.0.0/16", a2, false)
	v6.Family, v6.Route.Prefix = bgp.IPv6Unicast, netip.MustParsePrefix("2001:db8:1::/48")
	v4 := route(16, "10.13.0.0/16", a2, false)
	events = append(events, later, otherPeer, otherRouter, up, back, route(15, "10.14.0.0/16", a2, false), v6, v4)
	var c Encoder
	for _, ev := range events {
		got, want := c.Append(nil, ev), ev.AppendJSON(nil)
		if string(got) != string(want) {
			t.Errorf("event %d: Encoder\n%s\nAppendJSON\n%s", ev.Seq, got, want)
		}
	}
	// The cache is used: the attributes of a1 and the next hop are not
	// encoded again for the same family, and are for another.
	c = Encoder{}
	c.Append(nil, events[0])
	c.pathSlot(events[0].Path, events[0].Family).enc = []byte(`,"marker":1`)
	if got := string(c.Append(nil, events[1])); !strings.HasSuffix(got, `,"marker":1}`) || strings.Contains(got, `"as_path"`) {
		t.Errorf("the second event of the same attributes was encoded again: %s", got)
	}
	other := *events[1]
	other.Family = bgp.IPv6Unicast
	if got := string(c.Append(nil, &other)); strings.Contains(got, `"marker"`) {
		t.Errorf("the cached members of another family were written: %s", got)
	}
}

// testPath reads a path attributes field given in hex (blanks ignored) on
// a 4-octet AS session.
func testPath(t testing.TB, h string) *Path {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(h), ""))
	if err != nil {
		t.Fatal(err)
	}
	bp, err := bgp.ReadPath(b, bgp.Session{AS4: true})
	if err != nil {
		t.Fatalf("%s: %v", h, err)
	}
	return NewPath(&bp, "")
}

// TestEntryRouteJSON: a route of a family kept as NLRI entries has its
// entry ("nlri", "text") instead of prefix, RD and labels.
func TestEntryRouteJSON(t *testing.T) {
	evpn := bgp.Family{AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}
	entry := []byte{3, 17, 0, 0, 0xfd, 0xe8, 0, 0, 0, 100, 0, 0, 0, 0, 32, 192, 0, 2, 2} // inclusive-multicast, RFC 7432 §7.3
	w := &Event{Type: EventRoute, Time: testTime, Seq: 9, Router: testRouter, Peer: testPeer, Withdraw: true,
		Family: evpn, Route: bgp.Route{PathID: 4}, Entry: entry}
	want := withPeer(common("route", 9))
	for k, v := range map[string]any{"action": "withdraw", "is_withdraw": true, "afi": 25.0, "safi": 70.0,
		"family": "l2vpn-evpn", "path_id": 4.0, "text": "inclusive-multicast rd 65000:100 tag 0 originator 192.0.2.2",
		"nlri": map[string]any{"route_type": 3.0, "route": "inclusive-multicast", "rd": "65000:100", "ethernet_tag": 0.0, "originator": "192.0.2.2"}} {
		want[k] = v
	}
	check(t, decode(t, w), want)
}

// TestPeerTypeName: the peer identifiers' short names, and the number of
// an unassigned type.
func TestPeerTypeName(t *testing.T) {
	for typ, want := range map[bmp.PeerType]string{bmp.PeerGlobal: "global", bmp.PeerRD: "rd", bmp.PeerLocal: "local", bmp.PeerLocRIB: "loc-rib", 4: "4", 255: "255"} {
		if got := PeerTypeName(typ); got != want {
			t.Errorf("%d: %q, want %q", typ, got, want)
		}
	}
}
