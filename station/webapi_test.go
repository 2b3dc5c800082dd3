package station

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

func request(t *testing.T, method, url, token, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestWebTokenRules: the page's shell and assets hold no data and need no
// token; every API path the page calls does.
func TestWebTokenRules(t *testing.T) {
	ts := startStation(t, Config{Token: "s3cret"})
	base := ts.http.URL
	for _, c := range []struct {
		method, path, token string
		code                int
	}{
		{"GET", "/", "", 200},
		{"GET", "/decode", "", 200},
		{"GET", "/lookup?q=10.0.0.0/8", "", 200},
		{"GET", "/assets/app.js", "", 200},
		{"POST", "/", "", 401},
		{"POST", "/api/v1/decode", "", 401},
		{"POST", "/api/v1/decode", "wrong", 401},
		{"POST", "/api/v1/decode", "s3cret", 200},
		{"PUT", "/api/v1/decode", "s3cret", 405}, // JSON, from the catch-all
		{"GET", "/api/v1/stream", "", 401},
		{"GET", "/api/v1/routers", "", 401},
	} {
		resp, body := request(t, c.method, base+c.path, c.token, `{"text": "ffffffffffffffffffffffffffffffff001304"}`)
		if resp.StatusCode != c.code {
			t.Errorf("%s %s (token %q): %d, want %d: %.200s", c.method, c.path, c.token, resp.StatusCode, c.code, body)
		}
		if c.code == 200 && c.method == "GET" && !strings.Contains(body, `data-mode="station"`) && c.path != "/assets/app.js" {
			t.Errorf("%s: not the station's page: %.200s", c.path, body)
		}
	}
}

// TestStream: GET /api/v1/stream sends an overview at once and updates
// as a router comes and its peers change.
func TestStream(t *testing.T) {
	ts := startStation(t, Config{})
	req, _ := http.NewRequest("GET", ts.http.URL+"/api/v1/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	type event struct {
		name string
		o    overviewJSON
	}
	events := make(chan event, 4)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				var o overviewJSON
				if err := json.Unmarshal([]byte(line[6:]), &o); err != nil {
					t.Errorf("data: %v", err)
				}
				events <- event{name, o}
			}
		}
		close(events)
	}()
	next := func() event {
		select {
		case e := <-events:
			return e
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
		return event{}
	}
	if e := next(); e.name != "overview" || len(e.o.Routers) != 0 {
		t.Fatalf("first event: %s with %d routers, want an overview of 0", e.name, len(e.o.Routers))
	}
	msgs, _, iD := frrSteps(t)
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	f.sendUntil(iD + 1)
	for {
		e := next()
		if e.name != "update" {
			t.Fatalf("event %q after the overview", e.name)
		}
		for _, peers := range e.o.Peers {
			for i := range peers {
				p := &peers[i]
				if p.ID != "127.0.0.2" || p.LastDown == nil {
					continue
				}
				if p.LastDown.Notification == nil || p.LastDown.Notification.Explanation != nil {
					t.Fatalf("127.0.0.2 after its Peer Down: %+v", p)
				}
				return
			}
		}
	}
}

// TestStreamBounded: an event holds each router's first page of peers,
// an update only the routers that changed and the peers of at most
// streamPeerRouters routers (the rest in the next update), and route
// counts alone send peers again only after streamPeerRefresh.
func TestStreamBounded(t *testing.T) {
	ts := startStation(t, Config{})
	msgs, _, _ := frrSteps(t)
	peerUps := []int{}
	for i := 0; len(peerUps) < 3; i++ {
		i = find(msgs, i, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgPeerUp })
		if i < 0 {
			t.Fatal("fewer than 3 Peer Ups")
		}
		peerUps = append(peerUps, i)
	}
	const routers = streamPeerRouters + 4
	var fs []*feeder
	for i := range routers {
		f := newFeeder(t, ts, "127.0.2."+strconv.Itoa(i+1), msgs)
		f.sendUntil(peerUps[2])
		fs = append(fs, f)
	}
	seen := map[string]*streamSeen{}
	now := time.Now()
	ov, _ := ts.st.streamEvent(seen, 1, true, now)
	if len(ov.Routers) != routers || len(ov.Peers) != routers || len(ov.PeersNext) != routers {
		t.Fatalf("overview: %d routers, %d peer pages, %d next cursors; want %d each", len(ov.Routers), len(ov.Peers), len(ov.PeersNext), routers)
	}
	for name, ps := range ov.Peers {
		if len(ps) != 1 {
			t.Errorf("router %s: %d peers in the overview, want a page of 1", name, len(ps))
		}
	}
	if ev, changed := ts.st.streamEvent(seen, 1, false, now.Add(time.Second)); changed {
		t.Errorf("an update with nothing changed: %+v", ev)
	}
	// A third peer comes up on every router.
	for _, f := range fs {
		f.sendUntil(peerUps[2] + 1)
	}
	up1, _ := ts.st.streamEvent(seen, 1, false, now.Add(2*time.Second))
	up2, _ := ts.st.streamEvent(seen, 1, false, now.Add(3*time.Second))
	if len(up1.Routers) != routers || len(up1.Peers) != streamPeerRouters || len(up2.Routers) != 0 || len(up2.Peers) != routers-streamPeerRouters {
		t.Errorf("updates after a Peer Up everywhere: %d routers and %d peer pages, then %d and %d; want %d and %d, then 0 and %d",
			len(up1.Routers), len(up1.Peers), len(up2.Routers), len(up2.Peers), routers, streamPeerRouters, routers-streamPeerRouters)
	}
	// Routes alone: the router at once, its peers after streamPeerRefresh.
	iR := find(msgs, peerUps[2]+1, func(v bmp.MessageView) bool { return v.Type() == bmp.MsgRouteMonitoring })
	fs[0].sendUntil(iR + 1)
	up3, _ := ts.st.streamEvent(seen, 1, false, now.Add(4*time.Second))
	up4, _ := ts.st.streamEvent(seen, 1, false, now.Add(4*time.Second+streamPeerRefresh))
	if len(up3.Routers) != 1 || len(up3.Peers) != 0 || len(up4.Peers) != 1 {
		t.Errorf("a route: %d routers and %d peer pages at once, %d peer pages later; want 1, 0, 1", len(up3.Routers), len(up3.Peers), len(up4.Peers))
	}
}
