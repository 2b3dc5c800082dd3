package station

import (
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/bgplens/bgplens/station/rib"
)

// pagingStation is a station fed the FRR capture up to src's Peer Down,
// with its router's name.
func pagingStation(t *testing.T) (*testStation, string) {
	ts := startStation(t, Config{})
	msgs, _, iD := frrSteps(t)
	newFeeder(t, ts, "127.0.0.11", msgs).sendUntil(iD)
	var rs struct{ Routers []routerJSON }
	ts.get(t, "/api/v1/routers", &rs)
	if len(rs.Routers) != 1 {
		t.Fatalf("%d routers", len(rs.Routers))
	}
	return ts, rs.Routers[0].Name
}

type lookupAnswer struct {
	Matches   []matchOf[apiRoute] `json:"matches"`
	Truncated bool                `json:"truncated"`
	Next      string              `json:"next_cursor"`
}

func (m matchOf[R]) String() string {
	return m.Router + " " + m.Peer + " " + m.RIB + " " + m.Family
}

// TestLookupCursorAPI: following next_cursor through a lookup in pages
// of 7 gives every match of the one-page answer once; a cursor that is
// not one is a 400.
func TestLookupCursorAPI(t *testing.T) {
	ts, _ := pagingStation(t)
	key := func(m matchOf[apiRoute]) string {
		return m.String() + " " + m.Route.Prefix + "#" + strconv.Itoa(int(m.Route.PathID))
	}
	for _, q := range []string{"0.0.0.0/0", "::/0"} {
		var all lookupAnswer
		ts.get(t, "/api/v1/lookup?mode=more-specific&limit=10000&prefix="+url.QueryEscape(q), &all)
		if all.Truncated || all.Next != "" || len(all.Matches) < 8 {
			t.Fatalf("%s: one page of %d matches, truncated %v", q, len(all.Matches), all.Truncated)
		}
		var want, got []string
		for _, m := range all.Matches {
			want = append(want, key(m))
		}
		cursor, pages := "", 0
		for {
			var page lookupAnswer
			if code := ts.get(t, "/api/v1/lookup?mode=more-specific&limit=7&prefix="+url.QueryEscape(q)+"&cursor="+cursor, &page); code != http.StatusOK {
				t.Fatalf("page %d: status %d", pages, code)
			}
			pages++
			for _, m := range page.Matches {
				got = append(got, key(m))
			}
			if page.Truncated != (page.Next != "") {
				t.Errorf("truncated %v with next_cursor %q", page.Truncated, page.Next)
			}
			if page.Next == "" {
				break
			}
			cursor = url.QueryEscape(page.Next)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) || pages != (len(want)+6)/7 {
			t.Errorf("%s: %d pages hold %d matches, want %d in %d pages", q, pages, len(got), len(want), (len(want)+6)/7)
		}
	}
	if code := ts.get(t, "/api/v1/lookup?prefix=0.0.0.0/0&cursor=bogus", nil); code != http.StatusBadRequest {
		t.Errorf("a bad cursor: %d, want 400", code)
	}
}

// TestRoutesUnderPrefix: a table's routes under a prefix, in pages of
// 3, are the routes of the whole table that the prefix covers.
func TestRoutesUnderPrefix(t *testing.T) {
	ts, router := pagingStation(t)
	base := "/api/v1/routers/" + router + "/peers/127.0.0.2/routes?table=adj-rib-in-pre&family=ipv4-unicast"
	var whole routesPageOf[apiRoute]
	ts.get(t, base+"&limit=10000", &whole)
	under := netip.MustParsePrefix("11.0.0.0/12")
	var want []string
	for _, r := range whole.Routes {
		if p := netip.MustParsePrefix(r.Prefix); under.Overlaps(p) && p.Bits() >= under.Bits() {
			want = append(want, r.Prefix)
		}
	}
	if len(want) < 4 || len(want) == len(whole.Routes) {
		t.Fatalf("%d of the table's %d routes under %s: pick another prefix", len(want), len(whole.Routes), under)
	}
	var got []string
	cursor := ""
	for {
		var page routesPageOf[apiRoute]
		if code := ts.get(t, base+"&limit=3&prefix="+under.String()+"&cursor="+url.QueryEscape(cursor), &page); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		for _, r := range page.Routes {
			got = append(got, r.Prefix)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes under %s: %q, want %q", under, got, want)
	}
	// An exact prefix of the table.
	var one routesPageOf[apiRoute]
	ts.get(t, base+"&mode=exact&prefix="+want[0], &one)
	if len(one.Routes) != 1 || one.Routes[0].Prefix != want[0] {
		t.Errorf("exact %s: %+v", want[0], one.Routes)
	}
	for _, q := range []string{"&prefix=nope", "&prefix=11.0.0.0/8&mode=bogus", "&prefix=11.0.0.0/8&cursor=AAAA"} {
		if code := ts.get(t, base+q, nil); code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, code)
		}
	}
}

// TestPeersPaging: a router's peers one at a time are the peers of the
// whole list, in its order.
func TestPeersPaging(t *testing.T) {
	ts, router := pagingStation(t)
	type peersPage struct {
		Peers []peerJSON `json:"peers"`
		Next  string     `json:"next_cursor"`
	}
	var all peersPage
	ts.get(t, "/api/v1/routers/"+router+"/peers", &all)
	var want, got []string
	for _, p := range all.Peers {
		want = append(want, p.ID)
	}
	cursor := ""
	for {
		var page peersPage
		if code := ts.get(t, "/api/v1/routers/"+router+"/peers?limit=1&cursor="+url.QueryEscape(cursor), &page); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		if len(page.Peers) != 1 {
			t.Fatalf("a page of %d peers", len(page.Peers))
		}
		got = append(got, page.Peers[0].ID)
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if len(want) < 3 || !slices.Equal(got, want) || all.Next != "" {
		t.Errorf("peers one at a time: %q, want %q", got, want)
	}
	for _, q := range []string{"cursor=!", "limit=0", "limit=x"} {
		if code := ts.get(t, "/api/v1/routers/"+router+"/peers?"+q, nil); code != http.StatusBadRequest {
			t.Errorf("peers?%s: %d, want 400", q, code)
		}
	}
	if code := ts.get(t, "/api/v1/stream?peers=0", nil); code != http.StatusBadRequest {
		t.Errorf("stream?peers=0: %d, want 400", code)
	}
}

// FuzzPeerCursor: any cursor is read or refused, never a panic, and one
// read writes itself back.
func FuzzPeerCursor(f *testing.F) {
	f.Add("")
	f.Add(peerCursor(rib.PeerID{Type: 3, Addr: netip.MustParseAddr("2001:db8::1")}))
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := parsePeerCursor(s)
		if !ok {
			return
		}
		if back, ok := parsePeerCursor(peerCursor(id)); !ok || back != id {
			t.Fatalf("%q: %+v, then %+v", s, id, back)
		}
	})
}
