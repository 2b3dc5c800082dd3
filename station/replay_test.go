package station

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// The real streams of testdata/frr-bmp and testdata/gobgp-bmp (FRR 8.4.4
// and gobgpd 3.10 exporting the scenario of shared/tools/bmp-exporters,
// with -n 50 --dynamic 10: see their .txt notes and testdata/README.md),
// replayed over loopback TCP in steps. The expected route counts come from
// the scenario, not from the station:
//
//   - src (gobgpd, 127.0.0.2) originates the 50 IPv4 and 50 IPv6 prefixes
//     of lib/genmrt.py: prefix_v4(i) is 100.64.x/30 when i%37 == 0 (i = 0
//     and 37), else 11.0.i.0/24; prefix_v6(i) is a /64 when i%29 == 0 (i =
//     0 and 29), else 2001:db8:i::/48. Every 7th prefix has a second path.
//     Plus 10 CLI routes (run.sh add_dynamic_routes): 5 IPv4
//     203.0.113.(4k)/30 and 5 IPv6 2001:db8:d0:k::/64.
//   - FRR's inbound policy from src (templates/frr-bgpd.conf.in) rejects
//     100.64.0.0/10 le 32 and 2001:db8::/29 ge 64 le 64 (the /64s,
//     the CLI ones included). FRR reports one path per prefix.
//   - FRR drops the i = 0 prefixes (100.64.0.0/30 and the first /64) even
//     before policy: their AS_SET holds 65001, FRR's own AS (AS_PATH
//     loop, the type 4 statistic). And FRR 8.4 leaves the routes its
//     policy rejects out of its first pre-policy dump; they appear in
//     pre-policy only after the "clear bgp ... soft in" of the policy
//     step (the stream holds no earlier pre-policy announcement of them).
//   - run.sh withdraw removes (5+1)/2 = 3 CLI routes of each family;
//     run.sh policy then also rejects 11.0.0.0/22 le 32 (11.0.1-3.0/24)
//     and 2001:db8::/46 le 48 (2001:db8:1-3::/48); run.sh peerdown
//     disables src's sessions.

// updateScan is a Route Monitoring message read ahead of the replay, to
// find where the scenario's steps are in a stream and to keep an oracle
// of the tables: routes as the bmp and bgp packages read them, kept in a
// plain map with RFC 4271 semantics, independent of the station and rib.
type updateScan struct {
	peer      bmp.PeerHeader
	announced []netip.Prefix
	withdrawn []netip.Prefix
	ann, wd   []oracleRoute // with families and path ids
	peerDown  bool
	eor       bool   // an End-of-RIB marker (RFC 4724 §2)
	attrKey   string // the path attributes but MP_(UN)REACH_NLRI, and the MP next hop
}

// oracleRoute is one route of the oracle: table (peer, RIB), family,
// prefix, path id.
type oracleRoute struct {
	peer   string // peerIDString
	rib    bmp.RIB
	family bgp.Family
	prefix netip.Prefix
	pathID uint32
}

// oracleAt replays the scans of msgs[:end] into a set of routes.
func oracleAt(scans map[int]updateScan, end int) map[oracleRoute]bool {
	held := map[oracleRoute]bool{}
	for i := 0; i < end; i++ {
		s, ok := scans[i]
		if !ok {
			continue
		}
		if s.peerDown {
			id := peerIDString(peerIDOf(s.peer))
			for r := range held {
				if r.peer == id {
					delete(held, r)
				}
			}
			continue
		}
		for _, r := range s.wd {
			delete(held, r)
		}
		for _, r := range s.ann {
			held[r] = true
		}
	}
	return held
}

// apiRoutesAll pages through every table of every peer of a router with
// a small page size, so that paging is exercised.
func apiRoutesAll(t *testing.T, ts *testStation, router string) map[oracleRoute]bool {
	t.Helper()
	got := map[oracleRoute]bool{}
	for id, p := range ts.peers(t, router) {
		for _, tb := range p.Tables {
			k, _ := parseRIB(tb.RIB)
			for _, fam := range tb.Families {
				f, _ := bgp.ParseFamily(fam.Family)
				cursor, pages := "", 0
				for {
					var page routesPageOf[apiRoute]
					path := "/api/v1/peers/" + router + "/" + p.Address + "/routes?peer_type=" + p.Type +
						"&table=" + tb.RIB + "&family=" + fam.Family + "&limit=7&cursor=" + url.QueryEscape(cursor)
					if code := ts.get(t, path, &page); code != 200 {
						t.Fatalf("%s: status %d", path, code)
					}
					for _, r := range page.Routes {
						or := oracleRoute{peer: id, rib: bmp.RIB(k), family: f, prefix: netip.MustParsePrefix(r.Prefix), pathID: r.PathID}
						if got[or] {
							t.Errorf("%s: %v twice", path, or)
						}
						got[or] = true
					}
					if pages++; page.Next == "" || pages > 1000 {
						break
					}
					cursor = page.Next
				}
			}
		}
	}
	return got
}

// checkOracle compares every route the API shows with the oracle.
func checkOracle(t *testing.T, step string, ts *testStation, router string, scans map[int]updateScan, end int) {
	t.Helper()
	want := oracleAt(scans, end)
	got := apiRoutesAll(t, ts, router)
	missing, extra := testrig.SetDiff(want, got)
	for _, r := range missing {
		t.Errorf("%s: missing %+v", step, r)
	}
	for _, r := range extra {
		t.Errorf("%s: extra %+v", step, r)
	}
	if len(want) == 0 {
		t.Errorf("%s: oracle empty", step)
	}
}

// scanUpdates reads every Route Monitoring UPDATE of msgs with a
// bmp.Peers, as a router's session would.
func scanUpdates(t testing.TB, msgs [][]byte) map[int]updateScan {
	t.Helper()
	peers := bmp.NewPeers(0)
	out := map[int]updateScan{}
	for i, m := range msgs {
		v, err := bmp.ParseMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		switch v.Type() {
		case bmp.MsgPeerUp:
			pu, _ := v.PeerUp()
			peers.PeerUp(pu)
		case bmp.MsgPeerDown:
			h, _ := v.Peer()
			peers.PeerDown(h)
			out[i] = updateScan{peer: h, peerDown: true}
		case bmp.MsgRouteMonitoring:
			rm, _ := v.RouteMonitoring()
			u, _, err := peers.ReadUpdate(rm)
			if err != nil {
				t.Fatal(err)
			}
			h := rm.Peer()
			s := updateScan{peer: h}
			_, s.eor = u.EndOfRIB()
			for a := range u.Attrs() {
				switch a.Type {
				case bgp.AttrMPReachNLRI:
					if m, err := a.MPReach(u.Session()); err == nil {
						s.attrKey += string(m.NextHop)
					}
				case bgp.AttrMPUnreachNLRI:
				default:
					s.attrKey += string(u.Message()[a.Off : a.Off+a.Len()])
				}
			}
			id := peerIDString(peerIDOf(h))
			verdict := u.Verdict()
			if verdict != nil && verdict.Action >= bgp.SessionReset {
				out[i] = s // RFC 7606: nothing applies
				continue
			}
			treat := verdict != nil && verdict.Action >= bgp.TreatAsWithdraw
			for f, r := range u.Withdrawals() {
				s.withdrawn = append(s.withdrawn, r.Prefix)
				s.wd = append(s.wd, oracleRoute{id, h.RIB(), f, r.Prefix.Masked(), r.PathID})
			}
			for f, r := range u.Announced() {
				or := oracleRoute{id, h.RIB(), f, r.Prefix.Masked(), r.PathID}
				if treat {
					s.wd = append(s.wd, or)
					continue
				}
				s.announced = append(s.announced, r.Prefix)
				s.ann = append(s.ann, or)
			}
			out[i] = s
		}
	}
	return out
}

// firstUpdate returns the index of the first Route Monitoring message
// from from on that match accepts, or -1.
func firstUpdate(msgs [][]byte, scans map[int]updateScan, from int, match func(s updateScan) bool) int {
	for i := from; i < len(msgs); i++ {
		if s, ok := scans[i]; ok && match(s) {
			return i
		}
	}
	return -1
}

func withdraws(s updateScan, p string) bool {
	want := netip.MustParsePrefix(p)
	for _, w := range s.withdrawn {
		if w == want {
			return true
		}
	}
	return false
}

func isPeer(h bmp.PeerHeader, addr string, r bmp.RIB) bool {
	return h.Address == netip.MustParseAddr(addr) && h.RIB() == r
}

// checkTables compares a peer's route counts per table and family.
func checkTables(t *testing.T, step string, peers map[string]peerJSON, id string, want map[string]int) {
	t.Helper()
	p, ok := peers[id]
	if !ok {
		if len(want) > 0 {
			t.Errorf("%s: no peer %s", step, id)
		}
		return
	}
	got := tableRoutes(p)
	if len(got) != len(want) {
		t.Errorf("%s: peer %s tables %v, want %v", step, id, got, want)
		return
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: peer %s tables %v, want %v", step, id, got, want)
			return
		}
	}
}

func TestReplayFRR(t *testing.T) {
	ts := startStation(t, Config{})
	msgs := splitStream(t, readTestdata(t, "frr-bmp/frr-small-100.bmp"))
	if len(msgs) != 1167 { // the .txt: "BMP messages: 1167"
		t.Fatalf("%d messages", len(msgs))
	}
	scans := scanUpdates(t, msgs)
	const src = "127.0.0.2"
	// The withdraw step: the first CLI route, 203.0.113.0/30, goes (from
	// post-policy first, as it happens).
	iW := firstUpdate(msgs, scans, 0, func(s updateScan) bool {
		return s.peer.Address == netip.MustParseAddr(src) && withdraws(s, "203.0.113.0/30")
	})
	// The policy step: 11.0.1.0/24 leaves the post-policy table only.
	iP := firstUpdate(msgs, scans, iW, func(s updateScan) bool {
		return isPeer(s.peer, src, bmp.RIBInPost) && withdraws(s, "11.0.1.0/24")
	})
	// The peer down step.
	iD := find(msgs, iP, func(v bmp.MessageView) bool {
		h, _ := v.Peer()
		return v.Type() == bmp.MsgPeerDown && h.Address == netip.MustParseAddr(src)
	})
	if iW < 0 || iP < 0 || iD < 0 {
		t.Fatalf("scenario steps not found: %d %d %d", iW, iP, iD)
	}
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	const router = "127.0.0.11"

	f.sendUntil(iW)
	peers := ts.peers(t, router)
	checkTables(t, "before withdraw", peers, src, map[string]int{
		"adj-rib-in-pre ipv4-unicast":  50 + 5 - 2, // less 100.64/10 (loop, and policy)
		"adj-rib-in-pre ipv6-unicast":  50 + 5 - 7, // less the 2+5 /64s (loop, and policy)
		"adj-rib-in-post ipv4-unicast": 48 + 5,
		"adj-rib-in-post ipv6-unicast": 48,
	})
	if p := peers[src]; p.State != "up" || p.PeerUp == nil || p.PeerUp.ReceivedOpen.AS != 4200000001 {
		t.Errorf("src: %+v", p)
	}

	checkOracle(t, "before withdraw", ts, router, scans, iW)

	f.sendUntil(iP)
	checkOracle(t, "after withdraw", ts, router, scans, iP)
	peers = ts.peers(t, router)
	checkTables(t, "after withdraw", peers, src, map[string]int{
		"adj-rib-in-pre ipv4-unicast":  53 - 3,
		"adj-rib-in-pre ipv6-unicast":  48, // the withdrawn CLI /64s were not there
		"adj-rib-in-post ipv4-unicast": 53 - 3,
		"adj-rib-in-post ipv6-unicast": 48,
	})

	f.sendUntil(iD)
	checkOracle(t, "after policy", ts, router, scans, iD)
	peers = ts.peers(t, router)
	checkTables(t, "after policy", peers, src, map[string]int{
		// The soft reset brings the policy-rejected routes into
		// pre-policy: 100.64.0.148/30 (i = 37); the /64 of i = 29 and the
		// 2 CLI /64s left.
		"adj-rib-in-pre ipv4-unicast":  50 + 1,
		"adj-rib-in-pre ipv6-unicast":  48 + 3,
		"adj-rib-in-post ipv4-unicast": 50 - 3,
		"adj-rib-in-post ipv6-unicast": 48 - 3,
	})
	// Withdrawn routes are gone from lookups too.
	var lk struct {
		Matches []matchOf[apiRoute] `json:"matches"`
	}
	ts.get(t, "/api/v1/lookup?prefix=203.0.113.0/30&mode=exact", &lk)
	if len(lk.Matches) != 0 {
		t.Errorf("203.0.113.0/30 still held: %+v", lk.Matches)
	}
	ts.get(t, "/api/v1/lookup?prefix=203.0.113.12/30&mode=exact", &lk)
	if len(lk.Matches) != 2 { // pre and post policy of src
		t.Errorf("203.0.113.12/30: %+v", lk.Matches)
	}

	f.sendUntil(len(msgs))
	checkOracle(t, "end", ts, router, scans, len(msgs))
	peers = ts.peers(t, router)
	checkTables(t, "after peer down", peers, src, nil)
	p := peers[src]
	if p.State != "down" || p.LastDown == nil || p.LastDown.Notification == nil ||
		p.LastDown.Notification.Code != uint8(bgp.CodeCease) || p.LastDown.Notification.Subcode != 2 ||
		p.LastDown.Notification.Explanation == nil || len(p.LastDown.Notification.Explanation.Messages) != 1 {
		t.Errorf("src after peer down: %+v", p.LastDown)
	}
	// FRR's own routes: peer 0.0.0.0 AS 0, no Peer Up (198.51.100.0/24
	// and 2001:db8:f00::/48, the template's network statements).
	checkTables(t, "own routes", peers, "0.0.0.0", map[string]int{
		"adj-rib-in-post ipv4-unicast": 1,
		"adj-rib-in-post ipv6-unicast": 1,
	})
	if p := peers["0.0.0.0"]; p.State != "no_peer_up" {
		t.Errorf("0.0.0.0: state %q", p.State)
	}
	r, _ := ts.router(t, router)
	if r.SysName != "frr-bmp" || r.SysDescr != "FRRouting 8.4.4" || !r.Connected || r.Mirrored != 185 {
		t.Errorf("router: %+v", r)
	}
	// FRR closes without a Termination; with no stale grace the tables go.
	f.closeCleared("connection closed without Termination")
}

// frrSteps returns the FRR stream, its scans and the index of src's first
// Peer Down.
func frrSteps(t *testing.T) ([][]byte, map[int]updateScan, int) {
	msgs := splitStream(t, readTestdata(t, "frr-bmp/frr-small-100.bmp"))
	iD := find(msgs, 0, func(v bmp.MessageView) bool {
		h, _ := v.Peer()
		return v.Type() == bmp.MsgPeerDown && h.Address == netip.MustParseAddr("127.0.0.2") && v.Message()[bmp.OffPeerDownReason] == 3
	})
	return msgs, scanUpdates(t, msgs), iD
}

// TestReconnect: a router that goes away keeps its routes, marked stale,
// for the grace time; when it comes back and sends its tables again the
// marks go; when it does not, the routes go once the time is up.
func TestReconnect(t *testing.T) {
	msgs, scans, iD := frrSteps(t)
	staleRoutes := func(ts *testStation, router string) (total, stale int) {
		for _, p := range ts.peers(t, router) {
			for _, tb := range p.Tables {
				total += tb.Routes
				if tb.Stale {
					stale += tb.Routes
				}
			}
		}
		return
	}
	t.Run("comes back", func(t *testing.T) {
		ts := startStation(t, Config{StaleGrace: time.Hour})
		const router = "127.0.0.13"
		f := newFeeder(t, ts, router, msgs)
		f.sendUntil(iD)
		want := len(oracleAt(scans, iD))
		f.close()
		if total, stale := staleRoutes(ts, router); total != want || stale != want {
			t.Errorf("after close: %d routes, %d stale; want %d, all stale", total, stale, want)
		}
		f2 := newFeeder(t, ts, router, msgs)
		f2.sendUntil(iD)
		if r, _ := ts.router(t, router); !r.Connected || r.MessagesTotal != uint64(iD) {
			t.Errorf("after reconnect: %+v", r)
		}
		checkOracle(t, "after reconnect", ts, router, scans, iD)
		if _, stale := staleRoutes(ts, router); stale != 0 {
			t.Errorf("%d routes still stale", stale)
		}
		if p := ts.peers(t, router)["127.0.0.2"]; p.State != "up" {
			t.Errorf("src after reconnect: %s", p.State)
		}
	})
	t.Run("does not", func(t *testing.T) {
		ts := startStation(t, Config{StaleGrace: 200 * time.Millisecond})
		const router = "127.0.0.14"
		f := newFeeder(t, ts, router, msgs)
		f.sendUntil(iD)
		f.close()
		if total, _ := staleRoutes(ts, router); total == 0 {
			t.Error("routes cleared at once despite the grace time")
		}
		waitFor(t, "stale routes swept", 5*time.Second, func() bool { total, _ := staleRoutes(ts, router); return total == 0 })
	})
}

// TestReplayGoBGP replays gobgpd's stream. mon (gobgpd, AS 65001) has
// ADD-PATH from src, so its pre-policy messages carry path ids: of the 50
// prefixes per family, i = 0 is dropped for the AS_PATH loop (its AS_SET
// holds 65001), every 7th has a second path (i = 7, ..., 49: 7 more
// paths), and 2 of the 5 CLI routes are left after the withdraw step:
// 49 + 7 + 2 = 58 paths per family, the two paths of a prefix kept apart.
func TestReplayGoBGP(t *testing.T) {
	ts := startStation(t, Config{})
	msgs := splitStream(t, readTestdata(t, "gobgp-bmp/gobgp-small-100.bmp"))
	if len(msgs) != 1126 {
		t.Fatalf("%d messages", len(msgs))
	}
	scans := scanUpdates(t, msgs)
	const src = "127.0.0.2"
	iD := find(msgs, 0, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgPeerDown })
	f := newFeeder(t, ts, "127.0.0.12", msgs)
	const router = "127.0.0.12"
	f.sendUntil(iD)
	checkOracle(t, "before peer down", ts, router, scans, iD)
	peers := ts.peers(t, router)
	checkTables(t, "before peer down", peers, src, map[string]int{
		"adj-rib-in-pre ipv4-unicast": 58,
		"adj-rib-in-pre ipv6-unicast": 58,
	})
	var lk struct {
		Matches []matchOf[apiRoute] `json:"matches"`
	}
	ts.get(t, "/api/v1/lookup?prefix=11.0.7.0/24&mode=exact", &lk)
	ids := map[uint32]bool{}
	for _, m := range lk.Matches {
		if m.Peer == src && m.RIB == "adj-rib-in-pre" {
			ids[m.Route.PathID] = true
		}
	}
	if len(ids) != 2 {
		t.Errorf("11.0.7.0/24 from src: path ids %v, want two paths", ids)
	}
	// Loc-RIB: peer type 3, no Peer Up, no table name; two routes without
	// AS_PATH are malformed (RFC 7606 treat-as-withdraw).
	loc, ok := peers["loc-rib/0.0.0.0"]
	if !ok || loc.State != "no_peer_up" || len(loc.Tables) != 1 || loc.Tables[0].RIB != "loc-rib" {
		t.Fatalf("Loc-RIB peer: %+v", loc)
	}
	if len(loc.Readings) != 1 || loc.Readings[0].Inconsistent != 2 || loc.Readings[0].Verdicts != 2 {
		t.Errorf("Loc-RIB readings: %+v", loc.Readings)
	}

	f.sendUntil(len(msgs))
	checkOracle(t, "end", ts, router, scans, len(msgs))
	peers = ts.peers(t, router)
	checkTables(t, "after peer down", peers, src, nil)
	if p := peers[src]; p.State != "down" || p.LastDown == nil || p.LastDown.ReasonCode != 3 || !p.LastDown.WasUp ||
		p.LastDown.RoutesGone != 58+58 || p.LastDown.Notification == nil || p.LastDown.Notification.Subcode != 2 {
		t.Errorf("src: %+v", p.LastDown)
	}
	// gobgpd's statistics 11 and 12 are named for what gobgpd counts.
	var stat11 string
	for _, p := range peers {
		for _, s := range p.Stats {
			for _, v := range s.Stats {
				if v.Type == 11 {
					stat11 = v.Name
				}
			}
		}
	}
	if !strings.HasPrefix(stat11, "withdraw updates received (gobgp") {
		t.Errorf("statistic 11 named %q", stat11)
	}
	r, _ := ts.router(t, router)
	if r.Termination != "Session permanently administratively closed" || r.SysName != "gobgp-mon" {
		t.Errorf("router: %+v", r)
	}
	// The router closes after its Termination: its tables go.
	f.closeCleared("terminated: Session permanently administratively closed")
}
