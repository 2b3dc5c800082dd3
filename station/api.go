package station

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
	"github.com/bgplens/bgplens/web"
)

// API limits.
const (
	defaultPageLimit   = 100
	maxPageLimit       = 10000
	defaultLookupLimit = 1000
	maxLookupLimit     = rib.MaxPageSize // then next_cursor
)

// Handler returns the HTTP API (JSON, documented in docs/station.md),
// /metrics and the web page (package web). When the configuration has a
// token, every path but /healthz and the page's shell and assets (which
// hold no data) asks for "Authorization: Bearer TOKEN".
//
//	GET /healthz
//	GET /metrics
//	GET /api/v1/routers
//	GET /api/v1/routers/{router}
//	GET /api/v1/routers/{router}/peers?limit=&cursor=
//	GET /api/v1/peers/{router}/{peer}/routes?rib=&table_name=&family=&cursor=&limit=&peer_type=&peer_distinguisher=&prefix=&mode=
//	GET /api/v1/routers/{router}/peers/{peer}/routes?... (the same)
//	GET /api/v1/lookup?prefix=&mode=exact|longest|more-specific&limit=&cursor=
//	GET /api/v1/history?prefix=
//	GET /api/v1/mirroring?router=&explain=errored|all
//	GET /api/v1/stream (server-sent events)
//	GET /api/v1/series?router=&peer=&kind=
//	POST /api/v1/decode
//	GET /, /decode, /lookup, /assets/... (the web page)
func (st *Station) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", st.apiHealth)
	if st.gather != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(st.gather, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	}
	mux.HandleFunc("GET /api/v1/routers", st.apiRouters)
	mux.HandleFunc("GET /api/v1/routers/{router}", st.apiRouter)
	mux.HandleFunc("GET /api/v1/routers/{router}/peers", st.apiPeers)
	mux.HandleFunc("GET /api/v1/peers/{router}/{peer}/routes", st.apiRoutes)
	mux.HandleFunc("GET /api/v1/routers/{router}/peers/{peer}/routes", st.apiRoutes)
	mux.HandleFunc("GET /api/v1/lookup", st.apiLookup)
	mux.HandleFunc("GET /api/v1/history", st.apiHistory)
	mux.HandleFunc("GET /api/v1/mirroring", st.apiMirroring)
	mux.HandleFunc("GET /api/v1/stream", st.apiStream)
	mux.HandleFunc("GET /api/v1/series", st.apiSeries)
	web.Register(mux, true)
	// Everything else gets a JSON error too, not the mux's text.
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method "+req.Method+" not allowed: the API is read-only but for POST /api/v1/decode")
			return
		}
		writeError(w, http.StatusNotFound, "no such path: "+req.URL.Path+" (the API is under /api/v1/, see docs/station.md)")
	})
	if st.cfg.Token == "" {
		return mux
	}
	want := []byte(st.cfg.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		public := req.URL.Path == "/healthz" || (req.Method == http.MethodGet || req.Method == http.MethodHead) && web.Public(req.URL.Path)
		if !public && subtle.ConstantTimeCompare(bearerToken(req), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="bgplens"`)
			writeError(w, http.StatusUnauthorized, "a bearer token is required")
			return
		}
		mux.ServeHTTP(w, req)
	})
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN"
// header; the scheme's name is case-insensitive (RFC 7235 §2.1).
func bearerToken(req *http.Request) []byte {
	scheme, token, ok := strings.Cut(req.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil
	}
	return []byte(strings.TrimLeft(token, " "))
}

func writeJSON(w http.ResponseWriter, req *http.Request, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	if _, ok := req.URL.Query()["pretty"]; ok {
		enc.SetIndent("", "  ")
	}
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (st *Station) apiHealth(w http.ResponseWriter, req *http.Request) {
	st.mu.Lock()
	active := st.active
	st.mu.Unlock()
	s := st.db.Stats()
	writeJSON(w, req, map[string]any{
		"status":         "ok",
		"uptime_seconds": int64(time.Since(st.start).Seconds()),
		"routers":        active,
		"routes":         s.Routes,
	})
}

func (st *Station) apiRouters(w http.ResponseWriter, req *http.Request) {
	list := st.routerList()
	out := make([]routerJSON, 0, len(list))
	for i, r := range list {
		if i%64 == 0 && req.Context().Err() != nil {
			return
		}
		out = append(out, r.json())
	}
	writeJSON(w, req, map[string]any{"routers": out})
}

func (st *Station) apiRouter(w http.ResponseWriter, req *http.Request) {
	r, ok := st.routerByKey(req.PathValue("router"))
	if !ok {
		writeError(w, http.StatusNotFound, "no router "+strconv.Quote(req.PathValue("router")))
		return
	}
	writeJSON(w, req, r.json())
}

func (st *Station) apiPeers(w http.ResponseWriter, req *http.Request) {
	r, ok := st.routerByKey(req.PathValue("router"))
	if !ok {
		writeError(w, http.StatusNotFound, "no router "+strconv.Quote(req.PathValue("router")))
		return
	}
	peers, next, msg := pagePeers(st.peerList(r), req.URL.Query())
	if msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	ctx := req.Context()
	out := make([]peerJSON, 0, len(peers))
	for i, p := range peers {
		// A client that left stops the work (checked every 64 peers:
		// each costs its tables and a NOTIFICATION explained).
		if i%64 == 0 && ctx.Err() != nil {
			return
		}
		out = append(out, r.peerJSON(p, st.db.PeerTables(r.key, p.id), true))
	}
	writeJSON(w, req, map[string]any{"router": r.key, "peers": out, "next_cursor": next})
}

// peerList returns the router's peers in the API's order.
func (st *Station) peerList(r *router) []*peerState {
	r.mu.RLock()
	peers := make([]*peerState, 0, len(r.peers))
	for _, p := range r.peers {
		peers = append(peers, p)
	}
	r.mu.RUnlock()
	sortPeers(peers)
	return peers
}

// findPeer resolves the {peer} of a path (an address) and the peer_type
// and rd query parameters to one of the router's peers.
func (r *router) findPeer(addr string, q map[string][]string) (rib.PeerID, string) {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return rib.PeerID{}, "peer " + strconv.Quote(addr) + " is not an address"
	}
	var wantType = -1
	if t := first(q["peer_type"]); t != "" {
		wantType = parsePeerType(t)
		if wantType < 0 {
			return rib.PeerID{}, "peer_type " + strconv.Quote(t) + ": want global, rd_instance, local_instance or loc_rib"
		}
	}
	rd := first(q["peer_distinguisher"])
	if rd == "" {
		rd = first(q["rd"]) // the name before schema 3
	}
	var found []rib.PeerID
	r.mu.RLock()
	for id := range r.peers {
		if id.Addr != a || (wantType >= 0 && int(id.Type) != wantType) || (rd != "" && id.Distinguisher.String() != rd) {
			continue
		}
		found = append(found, id)
	}
	r.mu.RUnlock()
	switch len(found) {
	case 0:
		return rib.PeerID{}, "no such peer"
	case 1:
		return found[0], ""
	}
	names := make([]string, len(found))
	for i, id := range found {
		names[i] = peerIDString(id)
	}
	return rib.PeerID{}, "several peers have this address (" + strings.Join(names, ", ") + "): give peer_type and peer_distinguisher"
}

func parsePeerType(s string) int {
	for t := bmp.PeerGlobal; t <= bmp.PeerLocRIB; t++ {
		if t.JSONName() == s || output.PeerTypeName(t) == s { // the JSON name, or the peer identifiers' (before schema 3)
			return int(t)
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < 256 {
		return n
	}
	return -1
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// parseRIB reads a table kind: "adj-rib-in-pre", "adj-rib-in-post",
// "adj-rib-out-pre", "adj-rib-out-post" or "loc-rib".
func parseRIB(s string) (rib.RIBKind, bool) {
	for k := bmp.RIBInPre; k <= bmp.RIBLoc; k++ {
		if k.String() == s {
			return rib.RIBKind(k), true
		}
	}
	return 0, false
}

func (st *Station) apiRoutes(w http.ResponseWriter, req *http.Request) {
	r, ok := st.routerByKey(req.PathValue("router"))
	if !ok {
		writeError(w, http.StatusNotFound, "no router "+strconv.Quote(req.PathValue("router")))
		return
	}
	q := req.URL.Query()
	id, msg := r.findPeer(req.PathValue("peer"), q)
	if msg != "" {
		writeError(w, http.StatusNotFound, msg)
		return
	}
	tables := st.db.PeerTables(r.key, id)
	var t *rib.TableInfo
	name := q.Get("rib")
	if name == "" {
		name = q.Get("table") // the name before schema 3
	}
	if name != "" {
		kind, ok := parseRIB(name)
		if !ok {
			writeError(w, http.StatusBadRequest, "rib "+strconv.Quote(name)+": want adj-rib-in-pre, adj-rib-in-post, adj-rib-out-pre, adj-rib-out-post or loc-rib")
			return
		}
		for i := range tables {
			if tables[i].Key.RIB == kind && tables[i].Key.Table == q.Get("table_name") {
				t = &tables[i]
			}
		}
		if t == nil {
			msg := "peer " + peerIDString(id) + " has no table " + name
			if tn := q.Get("table_name"); tn != "" {
				msg += " named " + strconv.Quote(tn)
			}
			writeError(w, http.StatusNotFound, msg)
			return
		}
	} else if len(tables) > 0 {
		t = &tables[0]
	} else {
		writeJSON(w, req, routesPage{Router: r.key, Peer: peerIDString(id), Routes: []routeJSON{}})
		return
	}
	var fam bgp.Family
	if f := q.Get("family"); f != "" {
		if fam, ok = bgp.ParseFamily(f); !ok {
			writeError(w, http.StatusBadRequest, "family "+strconv.Quote(f)+": want ipv4-unicast, ipv6-unicast, ipv4-vpn, l2vpn-evpn, ipv4-flowspec, bgp-ls, ...")
			return
		}
	} else if len(t.Families) > 0 {
		fam = t.Families[0].Family
	} else {
		fam = bgp.IPv4Unicast
	}
	limit, err := intParam(q.Get("limit"), defaultPageLimit, maxPageLimit)
	if err != "" {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if q.Get("prefix") != "" {
		st.routesUnder(w, req, routesPage{Router: r.key, Peer: peerIDString(id), Table: bmp.RIB(t.Key.RIB).String(), TableName: t.Key.Table,
			Family: fam.JSONName(), Routes: []routeJSON{}}, t.Key, fam, limit)
		return
	}
	cursor := q.Get("cursor")
	if !rib.ValidCursor(fam, cursor) {
		writeError(w, http.StatusBadRequest, "cursor "+strconv.Quote(cursor)+": not a cursor of this table's "+fam.JSONName()+" routes (take next_cursor of the page before)")
		return
	}
	page, next := st.db.Routes(t.Key, fam, cursor, limit)
	out := routesPage{Router: r.key, Peer: peerIDString(id), Table: bmp.RIB(t.Key.RIB).String(), TableName: t.Key.Table,
		Family: fam.JSONName(), Next: next, Routes: make([]routeJSON, 0, len(page))}
	for _, f := range t.Families {
		out.Families = append(out.Families, familyJSON{Family: f.Family.JSONName(), Routes: f.Routes, EndOfRIB: timePtr(f.EndOfRIB)})
	}
	for i := range page {
		out.Routes = append(out.Routes, routeToJSON(&page[i], fam))
	}
	writeJSON(w, req, out)
}

// intParam reads a positive integer parameter.
func intParam(s string, def, limit int) (int, string) {
	if s == "" {
		return def, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, "limit " + strconv.Quote(s) + ": want a positive number"
	}
	return min(n, limit), ""
}

// prefixAndMode reads the prefix and mode parameters of a lookup, mode
// def when absent, answering 400 when either does not read.
func prefixAndMode(w http.ResponseWriter, q url.Values, def rib.LookupMode) (netip.Prefix, rib.LookupMode, bool) {
	p, msg := parsePrefixParam(q.Get("prefix"))
	if msg == "" {
		var mode rib.LookupMode
		if mode, msg = parseMode(q.Get("mode"), def); msg == "" {
			return p, mode, true
		}
	}
	writeError(w, http.StatusBadRequest, msg)
	return p, 0, false
}

func (st *Station) apiLookup(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	if q.Has("q") {
		st.apiLookupEntries(w, req) // api_entries.go
		return
	}
	p, mode, ok := prefixAndMode(w, q, rib.LongestMatch)
	if !ok {
		return
	}
	limit, e := intParam(q.Get("limit"), defaultLookupLimit, maxLookupLimit)
	if e != "" {
		writeError(w, http.StatusBadRequest, e)
		return
	}
	matches, next, ok := st.lookupPage(w, req, rib.LookupQuery{Prefix: p, Mode: mode}, limit)
	if !ok {
		return
	}
	out := make([]matchJSON, 0, len(matches))
	for i := range matches {
		m := &matches[i]
		out = append(out, matchJSON{tableRef: tableRefOf(m.Table), Family: m.Family.JSONName(), Route: routeToJSON(&m.Route, m.Family)})
	}
	writeJSON(w, req, map[string]any{"prefix": p.String(), "mode": mode.String(), "matches": out, "truncated": next != "", "next_cursor": next})
}

// parsePrefixParam reads a prefix, or an address as its host prefix.
func parsePrefixParam(s string) (netip.Prefix, string) {
	if s == "" {
		return netip.Prefix{}, "prefix is required"
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), ""
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), ""
	}
	return netip.Prefix{}, "prefix " + strconv.Quote(s) + ": not a prefix or address"
}

func (st *Station) apiHistory(w http.ResponseWriter, req *http.Request) {
	p, msg := parsePrefixParam(req.URL.Query().Get("prefix"))
	if msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	changes := st.db.History(p)
	out := make([]changeJSON, 0, len(changes))
	for i := range changes {
		c := &changes[i]
		out = append(out, changeJSON{Time: c.Time, Action: c.Kind.String(), tableRef: tableRefOf(c.Table),
			Family: c.Family.JSONName(), Route: routeToJSON(&c.Route, c.Family)})
	}
	writeJSON(w, req, map[string]any{"prefix": p.String(), "changes": out})
}

func (st *Station) apiMirroring(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	all := q.Get("explain") == "all"
	var list []*router
	if name := q.Get("router"); name != "" {
		r, ok := st.routerByKey(name)
		if !ok {
			writeError(w, http.StatusNotFound, "no router "+strconv.Quote(name))
			return
		}
		list = []*router{r}
	} else {
		list = st.routerList()
	}
	out := make([]mirrorRouterJSON, 0, len(list))
	for _, r := range list {
		if req.Context().Err() != nil {
			return
		}
		r.mu.RLock()
		mj := mirrorRouterJSON{Router: r.key, Received: r.mirror.total, Errored: r.mirror.errored, Lost: r.mirror.lost}
		items := r.mirror.list()
		r.mu.RUnlock()
		if mj.Received == 0 {
			continue
		}
		mj.Messages = make([]mirrorJSON, 0, len(items))
		for i := range items {
			mj.Messages = append(mj.Messages, mirrorToJSON(&items[i], all))
		}
		out = append(out, mj)
	}
	writeJSON(w, req, map[string]any{"routers": out})
}
