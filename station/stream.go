package station

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// streamInterval is how often GET /api/v1/stream looks for changes, and
// streamKeepAlive how long it stays silent at most (a comment line keeps
// proxies from closing an idle stream).
const (
	streamInterval  = time.Second
	streamKeepAlive = 15 * time.Second
)

// overviewJSON is the data of an "overview" event: every router and its
// peers, as GET /api/v1/routers and GET /api/v1/routers/{router}/peers
// give them but without the peers' readings, statistics and NOTIFICATION
// explanations (those stay one request away, and are not worked out for
// an event), so that an event stays small: it never holds routes.
type overviewJSON struct {
	At      time.Time             `json:"at"`
	Routers []routerJSON          `json:"routers"`
	Peers   map[string][]peerJSON `json:"peers"`
}

// apiStream serves GET /api/v1/stream: server-sent events (text/event-
// stream), an "overview" event on connecting and then whenever a router
// sent a message, came or went, or its route count changed.
func (st *Station) apiStream(w http.ResponseWriter, req *http.Request) {
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
	var last string
	sent := false
	quiet := time.Now()
	for {
		_ = rc.SetWriteDeadline(time.Now().Add(streamKeepAlive))
		routers, mark := st.overviewRouters()
		switch {
		case !sent || mark != last:
			last, sent = mark, true
			b, err := json.Marshal(st.overview(routers))
			if err != nil {
				return
			}
			if _, err := w.Write(append(append([]byte("event: overview\ndata: "), b...), '\n', '\n')); err != nil {
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

// overviewRouters returns the routers and a mark that changes whenever
// one of them does: cheap, so that the peers are only gathered (and
// their NOTIFICATIONs explained) when something happened.
func (st *Station) overviewRouters() ([]*router, string) {
	list := st.routerList()
	var b strings.Builder
	for _, r := range list {
		j := r.json()
		b.WriteString(j.Name)
		b.WriteByte(' ')
		b.WriteString(strconv.FormatBool(j.Connected))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatUint(j.MessagesTotal, 10))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(j.Routes))
		b.WriteByte('\n')
	}
	return list, b.String()
}

func (st *Station) overview(list []*router) overviewJSON {
	out := overviewJSON{At: time.Now().UTC(), Routers: make([]routerJSON, 0, len(list)), Peers: make(map[string][]peerJSON, len(list))}
	for _, r := range list {
		out.Routers = append(out.Routers, r.json())
		peers := st.peerList(r)
		pj := make([]peerJSON, 0, len(peers))
		for _, p := range peers {
			j := r.peerJSON(p, st.db.PeerTables(r.key, p.id), false)
			j.Readings, j.Stats = nil, nil
			pj = append(pj, j)
		}
		out.Peers[r.key] = pj
	}
	return out
}
