package station

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
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

// TestStream: GET /api/v1/stream sends an overview at once and another
// when a router comes.
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
	events := make(chan overviewJSON, 4)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: ") && name == "overview":
				var o overviewJSON
				if err := json.Unmarshal([]byte(line[6:]), &o); err != nil {
					t.Errorf("data: %v", err)
				}
				events <- o
			}
		}
		close(events)
	}()
	next := func() overviewJSON {
		select {
		case o := <-events:
			return o
		case <-time.After(10 * time.Second):
			t.Fatal("no overview event")
		}
		return overviewJSON{}
	}
	if o := next(); len(o.Routers) != 0 {
		t.Fatalf("first event: %d routers, want 0", len(o.Routers))
	}
	msgs, _, iD := frrSteps(t)
	f := newFeeder(t, ts, "127.0.0.11", msgs)
	f.sendUntil(iD + 1)
	for {
		o := next()
		if len(o.Routers) == 1 && o.Routers[0].MessagesTotal == uint64(iD+1) {
			peers := o.Peers[o.Routers[0].Name]
			var down *peerJSON
			for i := range peers {
				if peers[i].ID == "127.0.0.2" {
					down = &peers[i]
				}
			}
			if down == nil || down.LastDown == nil || down.LastDown.Notification == nil || down.LastDown.Notification.Explanation != nil {
				t.Fatalf("127.0.0.2 after its Peer Down: %+v", down)
			}
			return
		}
	}
}
