package station

import (
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// TestToken: with a token, everything but /healthz asks for it.
func TestToken(t *testing.T) {
	ts := startStation(t, Config{HTTP: "0.0.0.0:8080", Token: "s3cret"})
	for _, tc := range []struct {
		path, auth string
		code       int
	}{
		{"/api/v1/routers", "", http.StatusUnauthorized},
		{"/api/v1/routers", "Bearer nope", http.StatusUnauthorized},
		{"/api/v1/routers", "s3cret", http.StatusUnauthorized},
		{"/api/v1/routers", "Bearer s3cret", http.StatusOK},
		// RFC 7235 §2.1: the scheme is case-insensitive.
		{"/api/v1/routers", "bearer s3cret", http.StatusOK},
		{"/api/v1/routers", "BEARER s3cret", http.StatusOK},
		{"/api/v1/routers", "Basic s3cret", http.StatusUnauthorized},
		{"/api/v1/routers", "Bearer s3cret2", http.StatusUnauthorized},
		{"/api/v1/routers", "Bearer", http.StatusUnauthorized},
		{"/metrics", "", http.StatusUnauthorized},
		{"/metrics", "Bearer s3cret", http.StatusOK},
		{"/healthz", "", http.StatusOK},
	} {
		req, _ := http.NewRequest("GET", ts.http.URL+tc.path, nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("%s with %q: %d, want %d", tc.path, tc.auth, resp.StatusCode, tc.code)
		}
	}
}

// TestLookupHistory checks lookups and history against the oracle of the
// FRR stream, replayed up to src's Peer Down.
func TestLookupHistory(t *testing.T) {
	msgs, scans, iD := frrSteps(t)
	ts := startStation(t, Config{})
	const router = "127.0.0.70"
	f := newFeeder(t, ts, router, msgs)
	f.sendUntil(iD)
	held := oracleAt(scans, iD)
	count := func(match func(p netip.Prefix) bool) int {
		n := 0
		for r := range held {
			if match(r.prefix) {
				n++
			}
		}
		return n
	}
	type lookup struct {
		Matches   []matchOf[apiRoute] `json:"matches"`
		Truncated bool                `json:"truncated"`
	}
	p5 := netip.MustParsePrefix("11.0.5.0/24")
	block := netip.MustParsePrefix("11.0.0.0/16")
	// Every key of a lookup's routes is documented, the path's members
	// once for every output.
	var raw any
	ts.get(t, "/api/v1/lookup?prefix=11.0.0.0/8&mode=more-specific", &raw)
	keys := map[string]bool{}
	collectKeys(raw, keys)
	if !keys["as_path"] || !keys["next_hop"] {
		t.Errorf("lookup keys %v: no route with a path?", keys)
	}
	checkDocumented(t, keys, "../docs/json.md")
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"prefix=11.0.5.0/24&mode=exact", count(func(p netip.Prefix) bool { return p == p5 })},
		{"prefix=11.0.5.77&mode=longest", count(func(p netip.Prefix) bool { return p == p5 })},
		{"prefix=11.0.0.0/16&mode=more-specific", count(func(p netip.Prefix) bool { return block.Contains(p.Addr()) && p.Bits() >= 16 })},
		{"prefix=11.0.0.0/16&mode=exact", 0},
		{"prefix=2001:db8:5::/48&mode=exact", count(func(p netip.Prefix) bool { return p == netip.MustParsePrefix("2001:db8:5::/48") })},
	} {
		var lk lookup
		if code := ts.get(t, "/api/v1/lookup?"+tc.query, &lk); code != 200 {
			t.Fatalf("%s: %d", tc.query, code)
		}
		if len(lk.Matches) != tc.want || lk.Truncated {
			t.Errorf("%s: %d matches (truncated %v), want %d", tc.query, len(lk.Matches), lk.Truncated, tc.want)
		}
	}
	if n := count(func(p netip.Prefix) bool { return p == p5 }); n < 2 {
		t.Fatalf("oracle holds 11.0.5.0/24 %d times", n)
	}
	var lk lookup
	ts.get(t, "/api/v1/lookup?prefix=11.0.0.0/16&mode=more-specific&limit=5", &lk)
	if len(lk.Matches) != 5 || !lk.Truncated {
		t.Errorf("limit 5: %d matches, truncated %v", len(lk.Matches), lk.Truncated)
	}
	for _, m := range lk.Matches {
		if m.Router != "frr-bmp" || m.Route.ASPath == nil || m.Route.NextHop == "" || m.Route.Origin == "" {
			t.Errorf("match %+v", m)
		}
	}

	// History of a CLI route the scenario announced, then withdrew: newest
	// first, so the withdrawals lead.
	var h struct {
		Changes []changeOf[apiRoute] `json:"changes"`
	}
	ts.get(t, "/api/v1/history?prefix=203.0.113.0/30", &h)
	var kinds []string
	for _, c := range h.Changes {
		kinds = append(kinds, c.Action+" "+c.RIB)
	}
	want := historyOracle(scans, iD, netip.MustParsePrefix("203.0.113.0/30"))
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Errorf("history %v, want %v", kinds, want)
	}
	for i := 1; i < len(h.Changes); i++ {
		if h.Changes[i].Time.After(h.Changes[i-1].Time) {
			t.Errorf("history not newest first")
		}
	}

	for _, path := range []string{
		"/api/v1/lookup?prefix=nonsense", "/api/v1/lookup?prefix=10.0.0.0/8&mode=sideways",
		"/api/v1/lookup", "/api/v1/history?prefix=300.1.1.1",
		"/api/v1/peers/" + router + "/127.0.0.2/routes?table=adj-rib-sideways",
		"/api/v1/peers/" + router + "/127.0.0.2/routes?family=ipv9",
		"/api/v1/peers/" + router + "/127.0.0.2/routes?limit=-1",
	} {
		if code := ts.get(t, path, nil); code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", path, code)
		}
	}
	for _, path := range []string{
		"/api/v1/routers/192.0.2.1", "/api/v1/routers/192.0.2.1/peers",
		"/api/v1/peers/" + router + "/192.0.2.99/routes", "/api/v1/peers/192.0.2.1/127.0.0.2/routes",
		"/api/v1/mirroring?router=192.0.2.1",
	} {
		if code := ts.get(t, path, nil); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}
}

// historyOracle lists the changes of prefix p in msgs[:end], newest first,
// as "announce adj-rib-in-pre". A withdrawal of a route not held, or an
// announcement of a route held with the same attributes, changes nothing.
func historyOracle(scans map[int]updateScan, end int, p netip.Prefix) []string {
	var out []string
	held := map[oracleRoute]string{}
	for i := 0; i < end; i++ {
		s, ok := scans[i]
		if !ok || s.peerDown {
			continue
		}
		for _, r := range s.wd {
			if _, ok := held[r]; ok && r.prefix == p {
				out = append(out, "withdraw "+r.rib.String())
			}
			delete(held, r)
		}
		for _, r := range s.ann {
			if old, ok := held[r]; (!ok || old != s.attrKey) && r.prefix == p {
				out = append(out, "announce "+r.rib.String())
			}
			held[r] = s.attrKey
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// TestMirroring: Route Mirroring is kept (the last N per router) and
// shown, errored PDUs explained and lost messages counted.
func TestMirroring(t *testing.T) {
	msgs, _, _ := frrSteps(t)
	ts := startStation(t, Config{MirrorKeep: 50})
	const router = "127.0.0.71"
	f := newFeeder(t, ts, router, msgs)
	f.sendUntil(len(msgs))
	// A mirrored UPDATE whose ORIGIN has a bad length, marked errored
	// (RFC 7854 §4.7, Information code 0), and a messages-lost notice.
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.7"), AS: 64500, BGPID: netip.MustParseAddr("192.0.2.7")}
	bad := []byte{
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x1f, 0x02, // length 31, UPDATE
		0x00, 0x00, // no withdrawn routes
		0x00, 0x04, // 4 octets of attributes
		0x40, 0x01, 0x01, 0x07, // ORIGIN 7: not IGP, EGP or INCOMPLETE
		0x18, 0x0a, 0x00, 0x00, // 10.0.0.0/24
	}
	info := func(code uint16) bmp.TLV {
		return bmp.TLV{Type: uint16(bmp.MirrorInformation), Value: binary.BigEndian.AppendUint16(nil, code)}
	}
	m1, err := bmp.RouteMirroring{Peer: peer, TLVs: []bmp.TLV{info(uint16(bmp.MirrorErroredPDU)), {Type: uint16(bmp.MirrorBGPMessage), Value: bad}}}.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := bmp.RouteMirroring{Peer: peer, TLVs: []bmp.TLV{info(uint16(bmp.MirrorMessagesLost))}}.Append(nil)
	f.msgs = append(f.msgs, m1, m2)
	f.sendUntil(len(f.msgs))

	var resp struct {
		Routers []mirrorRouterJSON `json:"routers"`
	}
	ts.get(t, "/api/v1/mirroring?router="+router, &resp)
	if len(resp.Routers) != 1 {
		t.Fatalf("%+v", resp)
	}
	mr := resp.Routers[0]
	if mr.Received != 185+2 || mr.Errored != 1 || mr.Lost != 1 || len(mr.Messages) != 50 {
		t.Fatalf("received %d, errored %d, lost %d, %d kept", mr.Received, mr.Errored, mr.Lost, len(mr.Messages))
	}
	lost, errored := mr.Messages[0], mr.Messages[1] // newest first
	if !lost.MessagesLost || len(lost.BGP) != 0 {
		t.Errorf("newest: %+v", lost)
	}
	if !errored.ErroredPDU || errored.Peer != "192.0.2.7" || len(errored.BGP) != 1 {
		t.Fatalf("errored: %+v", errored)
	}
	b := errored.BGP[0]
	// The ORIGIN value at offset 23 (Invalid ORIGIN Attribute, RFC 4271
	// §6.3), then AS_PATH and NEXT_HOP missing (subcode 3).
	if b.Type != "UPDATE" || b.Explanation == nil || len(b.Errors) != 3 || b.Errors[0].Offset != 23 ||
		b.Errors[0].Code != uint8(bgp.CodeUpdate) || b.Errors[0].Subcode != 6 ||
		b.Errors[1].Subcode != 3 || b.Errors[1].Attr != "AS_PATH" || b.Errors[2].Attr != "NEXT_HOP" {
		t.Errorf("errored PDU: %+v", b)
	}
	// FRR's mirrored messages (src's UPDATEs with ADD-PATH path ids, read
	// with the session of src's Peer Up) explain without errors; only
	// errored PDUs carry the explanation unless asked.
	for _, m := range mr.Messages[2:] {
		for _, b := range m.BGP {
			if len(b.Errors) != 0 || b.Explanation != nil {
				t.Errorf("FRR mirrored %s: errors %v", b.Type, b.Errors)
			}
		}
	}
	ts.get(t, "/api/v1/mirroring?router="+router+"&explain=all", &resp)
	if b := resp.Routers[0].Messages[5].BGP; len(b) == 0 || b[0].Explanation == nil {
		t.Errorf("explain=all: %+v", b)
	}
	if got := metricLine(ts.metricsText(t), `bgplens_station_mirrored_total{kind="errored_pdu"}`); got != "1" {
		t.Errorf("errored_pdu metric %q", got)
	}
}

// TestMetrics: the station's counters, the tables and the Statistics
// Reports as bgplens_bmp_stat series, after the real streams.
func TestMetrics(t *testing.T) {
	frr, _, frrD := frrSteps(t)
	gob := splitStream(t, readTestdata(t, "gobgp-bmp/gobgp-small-100.bmp"))
	ts := startStation(t, Config{})
	f1 := newFeeder(t, ts, "127.0.0.72", frr)
	f1.sendUntil(frrD)
	f2 := newFeeder(t, ts, "127.0.0.73", gob)
	gD := find(gob, 0, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgPeerDown })
	f2.sendUntil(gD)
	m := ts.metricsText(t)
	// The latest Statistics Report of each peer, read from the stream.
	lastStats := func(msgs [][]byte, end int, peer string, typ bmp.StatType) (uint64, bool) {
		var v uint64
		found := false
		for i := 0; i < end; i++ {
			dm, err := bmp.DecodeMessage(msgs[i])
			sr, ok := dm.(bmp.StatisticsReport)
			if err != nil || !ok || sr.Peer.Address != netip.MustParseAddr(peer) {
				continue
			}
			for _, s := range sr.Stats {
				if s.Type == typ {
					v, found = binary.BigEndian.Uint64(append(make([]byte, 8-len(s.Value)), s.Value...)), true
				}
			}
		}
		return v, found
	}
	for _, tc := range []struct {
		msgs   [][]byte
		end    int
		series string
		peer   string
		typ    bmp.StatType
	}{
		{frr, frrD, `bgplens_bmp_stat{afi="",name="Number of prefixes rejected by inbound policy",peer="127.0.0.2",peer_as="4200000001",rib="adj-rib-in-pre",router="frr-bmp",safi="",type="0"}`, "127.0.0.2", 0},
		{frr, frrD, `bgplens_bmp_stat{afi="",name="Number of updates invalidated due to AS_PATH loop",peer="127.0.0.2",peer_as="4200000001",rib="adj-rib-in-pre",router="frr-bmp",safi="",type="4"}`, "127.0.0.2", 4},
		{frr, frrD, `bgplens_bmp_stat{afi="",name="prefixes with invalid next hop (FRR experimental)",peer="127.0.0.2",peer_as="4200000001",rib="adj-rib-in-pre",router="frr-bmp",safi="",type="65531"}`, "127.0.0.2", 65531},
		{gob, gD, `bgplens_bmp_stat{afi="",name="Number of routes in Adj-RIBs-In",peer="127.0.0.3",peer_as="65001",rib="adj-rib-in-pre",router="gobgp-mon",safi="",type="7"}`, "127.0.0.3", 7},
		{gob, gD, `bgplens_bmp_stat{afi="",name="withdraw prefixes received (gobgp; IANA: Number of prefixes subjected to treat-as-withdraw)",peer="127.0.0.3",peer_as="65001",rib="adj-rib-in-pre",router="gobgp-mon",safi="",type="12"}`, "127.0.0.3", 12},
	} {
		want, ok := lastStats(tc.msgs, tc.end, tc.peer, tc.typ)
		if !ok {
			t.Fatalf("no statistic %d for %s in the stream", tc.typ, tc.peer)
		}
		if got := metricLine(m, tc.series); got != strconv.FormatUint(want, 10) {
			t.Errorf("%s = %q, want %d", tc.series, got, want)
		}
	}
	if v, _ := lastStats(frr, frrD, "127.0.0.2", 4); v == 0 {
		t.Error("FRR's AS_PATH loop counter is 0; the test would not tell values apart")
	}
	for series, want := range map[string]string{
		// .txt counts for the whole FRR stream are larger; these are up to
		// the cut, so check the gobgp ones, whose cut is its Peer Down.
		`bgplens_station_router_messages_total{router="gobgp-mon",type="route_monitoring"}`:              strconv.Itoa(countType(gob[:gD], bmp.MsgRouteMonitoring)),
		`bgplens_station_router_messages_total{router="frr-bmp",type="peer_up"}`:                         "3",
		`bgplens_station_table_routes{peer="127.0.0.2",rib="adj-rib-in-post",router="frr-bmp",table=""}`: strconv.Itoa(47 + 45),
		`bgplens_station_table_routes{peer="loc-rib/0.0.0.0",rib="loc-rib",router="gobgp-mon",table=""}`: "98",
		// Per router beside the totals: octets, routes, decode errors.
		`bgplens_station_router_received_bytes_total{router="gobgp-mon"}`:                   strconv.Itoa(octetsOf(gob[:gD])),
		`bgplens_station_router_decode_errors_total{kind="rib_verdict",router="gobgp-mon"}`: "2",
		`bgplens_station_router_decode_errors_total{kind="rib_verdict",router="frr-bmp"}`:   "0",
		`bgplens_station_peers{router="frr-bmp",state="up"}`:                                "3", // src, mon, exabgp
		`bgplens_station_exporter_quirks_total{kind="stats_relabelled"}`:                    strconv.Itoa(2 * countType(gob[:gD], bmp.MsgStatisticsReport)),
		`bgplens_station_messages_total{type="initiation"}`:                                 "2",
		`bgplens_station_routers`:                              "2",
		`bgplens_station_connections_total{result="accepted"}`: "2",
	} {
		if got := metricLine(m, series); got != want {
			t.Errorf("%s = %q, want %s", series, got, want)
		}
	}
	// src's UPDATEs in FRR's stream all fall back from ADD-PATH (negotiated,
	// never used): 2 * 439 in the whole stream (bmp's real-data test).
	f1.sendUntil(len(frr))
	m = ts.metricsText(t)
	fb, _ := strconv.Atoi(metricLine(m, `bgplens_station_update_readings_total{kind="fallback_add_path"}`))
	if fb < 2*439 {
		t.Errorf("fallback_add_path %d, want at least %d", fb, 2*439)
	}
	_ = time.Second
}

func countType(msgs [][]byte, typ bmp.MsgType) int {
	n := 0
	for _, m := range msgs {
		if bmp.MsgType(m[bmp.OffType]) == typ {
			n++
		}
	}
	return n
}

// octetsOf is the length of the messages.
func octetsOf(msgs [][]byte) int {
	n := 0
	for _, m := range msgs {
		n += len(m)
	}
	return n
}

// TestAPIErrors: every error is JSON with its status: unknown paths and
// methods, a bad cursor (not an empty last page), a table the peer lacks;
// and a peer's routes are reachable under its router's path too.
func TestAPIErrors(t *testing.T) {
	msgs, _, iD := frrSteps(t)
	ts := startStation(t, Config{})
	newFeeder(t, ts, "127.0.0.74", msgs).sendUntil(iD)
	for _, tc := range []struct {
		method, path string
		code         int
		msg          string
	}{
		{"GET", "/nope", 404, "no such path"},
		{"GET", "/api/v1/", 404, "no such path"},
		{"GET", "/api/v1/routers/", 404, "no such path"},
		{"POST", "/api/v1/routers", 405, "read-only"},
		{"GET", "/api/v1/routers/nope", 404, "no router"},
		{"GET", "/api/v1/peers/frr-bmp/127.0.0.2/routes?cursor=zz", 400, "cursor"},
		{"GET", "/api/v1/peers/frr-bmp/127.0.0.2/routes?cursor=" + strings.Repeat("00", 21), 400, "cursor"},
		{"GET", "/api/v1/peers/frr-bmp/127.0.0.2/routes?table=loc-rib", 404, "has no table loc-rib"},
		{"GET", "/api/v1/peers/frr-bmp/127.0.0.2/routes?rib=bad", 400, `rib "bad"`},
		{"GET", "/api/v1/peers/frr-bmp/127.0.0.2/routes?limit=0", 400, "limit"},
		{"GET", "/api/v1/routers/frr-bmp/peers/127.0.0.9/routes", 404, "no such peer"},
	} {
		req, _ := http.NewRequest(tc.method, ts.http.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error string `json:"error"`
		}
		jerr := json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != tc.code || jerr != nil || !strings.Contains(e.Error, tc.msg) ||
			resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: %d %q (%v, %s), want %d %q", tc.method, tc.path, resp.StatusCode, e.Error, jerr,
				resp.Header.Get("Content-Type"), tc.code, tc.msg)
		}
	}
	var a, b routesPageOf[apiRoute]
	ts.get(t, "/api/v1/peers/frr-bmp/127.0.0.2/routes?table=adj-rib-in-post", &a)
	ts.get(t, "/api/v1/routers/frr-bmp/peers/127.0.0.2/routes?rib=adj-rib-in-post", &b)
	if len(a.Routes) == 0 || len(a.Routes) != len(b.Routes) || a.Next != b.Next {
		t.Errorf("routes: %d under /peers, %d under /routers", len(a.Routes), len(b.Routes))
	}
}
