package station

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

// streamInterval is how often GET /api/v1/stream looks for changes (at
// most one event per interval), and streamKeepAlive how long it stays
// silent at most (a comment line keeps proxies from closing an idle
// stream).
const (
	streamInterval  = time.Second
	streamKeepAlive = 15 * time.Second
)

// What one event may carry, so that a busy station with many routers and
// peers keeps its stream light: each router's first page of peers
// (?peers=, default streamPeers), the peers of at most
// streamPeerRouters routers per update (the others follow in the next
// ones), and a router's peers again for route counts alone at most every
// streamPeerRefresh (a peer coming or going is sent at once).
const (
	streamPeers       = 20
	maxStreamPeers    = 100
	streamPeerRouters = 16
	streamPeerRefresh = 5 * time.Second
)

// overviewJSON is the data of an "overview" event (every router, and
// the first page of each one's peers) and of an "update" event (the
// routers that changed, the peers of those whose peers changed, the
// routers gone). ROUTER and PEER are as GET /api/v1/routers and
// GET /api/v1/routers/{router}/peers give them, but the peers without
// their readings, statistics and NOTIFICATION explanations (those stay
// one request away, and are not worked out for an event): an event never
// holds routes.
type overviewJSON struct {
	At        time.Time             `json:"at"`
	Routers   []routerJSON          `json:"routers"`
	Peers     map[string][]peerJSON `json:"peers"`
	PeersNext map[string]string     `json:"peers_next,omitempty"` // next_cursor of a peer page that is not the last
	Gone      []string              `json:"gone,omitempty"`
}

// streamSeen is what a stream last sent of one router.
type streamSeen struct {
	router    string    // the router's mark
	peers     string    // its peers' mark, without route counts
	routes    int       // its routes when its peers were sent
	peersSent time.Time // when they were
}

// apiStream serves GET /api/v1/stream: server-sent events (text/event-
// stream), an "overview" event on connecting, then an "update" event
// whenever something changed, at most one a second.
func (st *Station) apiStream(w http.ResponseWriter, req *http.Request) {
	npeers, msg := intParam(req.URL.Query().Get("peers"), streamPeers, maxStreamPeers)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "peers: "+msg)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "this server cannot stream")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	w.WriteHeader(http.StatusOK)
	// The server's write timeout would end the stream: this handler
	// bounds its own writes instead.
	rc := http.NewResponseController(w)
	ctx := req.Context()
	tick := time.NewTicker(streamInterval)
	defer tick.Stop()
	var seen map[string]*streamSeen // nil until the overview is sent
	quiet := time.Now()
	for {
		_ = rc.SetWriteDeadline(time.Now().Add(streamKeepAlive))
		name := "update"
		if seen == nil {
			name, seen = "overview", map[string]*streamSeen{}
		}
		ev, changed := st.streamEvent(seen, npeers, name == "overview", time.Now())
		switch {
		case changed:
			b, err := json.Marshal(ev)
			if err != nil {
				return
			}
			if _, err := w.Write(append(append([]byte("event: "+name+"\ndata: "), b...), '\n', '\n')); err != nil {
				return
			}
			quiet = time.Now()
		case time.Since(quiet) >= streamKeepAlive-streamInterval:
			if _, err := w.Write([]byte(": keep-alive\n\n")); err != nil {
				return
			}
			quiet = time.Now()
		}
		fl.Flush()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// streamEvent works out the next event from what was seen (which it
// updates); all says to send everything (the overview). changed is false
// when there is nothing to send.
func (st *Station) streamEvent(seen map[string]*streamSeen, npeers int, all bool, now time.Time) (ev overviewJSON, changed bool) {
	ev = overviewJSON{At: now.UTC(), Routers: []routerJSON{}, Peers: map[string][]peerJSON{}}
	list := st.routerList()
	here := make(map[string]bool, len(list))
	withPeers := 0
	for _, r := range list {
		here[r.key] = true
		j := r.json()
		rmark := fmt.Sprint(j.Connected, j.MessagesTotal, j.Routes, j.SysName, j.CloseReason, deref(j.MessageRate), deref(j.UpdateRate))
		pmark := fmt.Sprint(j.Peers, j.PeersUp, r.msgs[msgIndex(bmp.MsgPeerUp)].Load(), r.msgs[msgIndex(bmp.MsgPeerDown)].Load())
		s := seen[r.key]
		if s == nil {
			s = &streamSeen{}
			seen[r.key] = s
		}
		if all || s.router != rmark {
			ev.Routers = append(ev.Routers, j)
			s.router = rmark
		}
		due := all || s.peers != pmark || (s.routes != j.Routes && now.Sub(s.peersSent) >= streamPeerRefresh)
		if !due || (!all && withPeers == streamPeerRouters) {
			continue
		}
		withPeers++
		s.peers, s.routes, s.peersSent = pmark, j.Routes, now
		peers, next, _ := pagePeers(st.peerList(r), map[string][]string{"limit": {strconv.Itoa(npeers)}})
		pj := make([]peerJSON, 0, len(peers))
		for _, p := range peers {
			x := r.peerJSON(p, st.db.PeerTables(r.key, p.id), false)
			x.Readings, x.Stats = nil, nil
			pj = append(pj, x)
		}
		ev.Peers[r.key] = pj
		if next != "" {
			if ev.PeersNext == nil {
				ev.PeersNext = map[string]string{}
			}
			ev.PeersNext[r.key] = next
		}
	}
	for k := range seen {
		if !here[k] {
			ev.Gone = append(ev.Gone, k)
			delete(seen, k)
		}
	}
	sort.Strings(ev.Gone)
	return ev, all || len(ev.Routers) > 0 || len(ev.Peers) > 0 || len(ev.Gone) > 0
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
