package station

import (
	"encoding/json"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/routerlab"
	"github.com/bgplens/bgplens/internal/testrig"
)

// TestReplayEntryUpdates: the real UPDATEs of testdata that carry NLRI of
// the families kept as entries (tcpdump's bgp-evpn, os-ken's EVPN and
// FlowSpec captures, the MVPN and RTC ones ...) are sent to the station,
// each file as a router whose peer's Peer Up gives the capture's AS width,
// and the API must show, per table and family, the entries a reference
// model keeps (routerlab.Tables: the latest entry per key, withdrawals
// applied): the same routes, with the same JSON.
func TestReplayEntryUpdates(t *testing.T) {
	files := testrig.Files(t)
	ts := startStation(t, Config{})
	routers, entries := 0, 0
	for _, f := range files {
		msgs := testrig.Load(t, f)
		// The file's UPDATEs with entries, read as captured; those of a
		// session with ADD-PATH or beyond 4096 octets are left out (the
		// synthetic Peer Up negotiates neither).
		var ups [][]byte
		as4 := false
		for _, m := range msgs {
			if m.Type() != byte(bgp.MsgUpdate) || m.Partial || m.Damaged || len(m.Session.AddPath) > 0 || len(m.Data) > 4096 {
				continue
			}
			if len(ups) > 0 && m.Session.AS4 != as4 {
				continue // one AS width per router
			}
			u, err := bgp.ParseUpdate(m.Data, bgp.Session{AS4: m.Session.AS4})
			if err != nil {
				continue
			}
			if r, w := u.MPEntries(); r || w {
				ups, as4 = append(ups, m.Data), m.Session.AS4
			}
		}
		if len(ups) == 0 {
			continue
		}
		routers++
		name := "entries-" + strconv.Itoa(routers)
		h := synthPeer(routers)
		pu := synthPeerUp(t, h, h.BGPID)
		if !as4 {
			pu.SentOpen, pu.ReceivedOpen = synthOpen2(t, h.BGPID), synthOpen2(t, h.BGPID)
		}
		stream := synthAppend(t, initiation(t, name), pu)
		for _, u := range ups {
			stream = synthAppend(t, stream, bmp.RouteMonitoring{Peer: h, BGP: u})
		}
		ref := routerlab.NewTables()
		for _, m := range splitStream(t, stream) {
			ref.Feed(m)
		}
		c := dialFrom(t, ts, "127.0.4."+strconv.Itoa(routers))
		if _, err := c.Write(stream); err != nil {
			t.Fatal(err)
		}
		ts.waitMessages(t, name, portOf(c), uint64(2+len(ups)))
		want := map[string][]string{}
		for k, e := range ref.Entries(h.Key()) {
			want[k.Family.JSONName()] = append(want[k.Family.JSONName()],
				strconv.FormatUint(uint64(k.PathID), 10)+" "+canonJSON(t, k.Family.AppendEntryJSON(nil, bgp.NLRI{Value: e})))
		}
		for fam, w := range want {
			sort.Strings(w)
			got := stationEntries(t, ts, name, h.Address.String(), fam)
			entries += len(got)
			if len(got) != len(w) {
				t.Errorf("%s %s: %d routes, want %d", f, fam, len(got), len(w))
				continue
			}
			for i := range got {
				if got[i] != w[i] {
					t.Errorf("%s %s: route %s, want %s", f, fam, got[i], w[i])
				}
			}
		}
		c.Close()
	}
	t.Logf("%d captures with entries replayed, %d entry routes compared", routers, entries)
	if routers < 20 || entries < 18 {
		t.Errorf("%d captures, %d entry routes: the test data changed?", routers, entries)
	}
}

// synthOpen2 is an OPEN of a 2-octet AS speaker.
func synthOpen2(t testing.TB, id netip.Addr) []byte {
	t.Helper()
	b, err := bgp.NewOpen(65000, 90, id, bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv4Unicast})).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stationEntries lists a family's routes of the peer's pre-policy
// Adj-RIB-In as "path_id nlri-json", sorted, every page.
func stationEntries(t *testing.T, ts *testStation, router, peer, fam string) []string {
	t.Helper()
	var out []string
	cursor := ""
	for {
		var page struct {
			Routes []struct {
				NLRI   json.RawMessage `json:"nlri"`
				PathID uint32          `json:"path_id"`
			} `json:"routes"`
			Next string `json:"next_cursor"`
		}
		path := "/api/v1/routers/" + router + "/peers/" + peer + "/routes?table=adj-rib-in-pre&limit=100&family=" + fam
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		if code := ts.get(t, path, &page); code != 200 {
			t.Fatalf("%s: status %d", path, code)
		}
		for _, r := range page.Routes {
			out = append(out, strconv.FormatUint(uint64(r.PathID), 10)+" "+canonJSON(t, r.NLRI))
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	sort.Strings(out)
	return out
}

// canonJSON rewrites a JSON value as encoding/json writes it (the API's
// encoder escapes <, > and &), so that two writings compare.
func canonJSON(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
