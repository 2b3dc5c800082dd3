package station

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"errors"
	"net/http"
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/rib"
)

// Server-side paging for the web page (and any client): lookups and a
// table's routes under a prefix come a page at a time with a cursor
// (rib.LookupPage), and a router's peers too, so that no answer grows
// with a table or with the number of peers.

// Peer pages: the default and the most one answer holds.
const (
	defaultPeerLimit = 1000
	maxPeerLimit     = 1000
)

// lookupPage runs one page of a lookup; a bad cursor is a 400 written
// to w (ok false), and so is a client that left (nothing written).
func (st *Station) lookupPage(w http.ResponseWriter, req *http.Request, q rib.LookupQuery, limit int) (matches []rib.Match, next string, ok bool) {
	matches, next, err := st.db.LookupPage(req.Context(), q, req.URL.Query().Get("cursor"), limit)
	switch {
	case errors.Is(err, rib.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "cursor "+strconv.Quote(req.URL.Query().Get("cursor"))+": not a cursor of this query (take next_cursor of the page before)")
		return nil, "", false
	case err != nil:
		return nil, "", false // the client left
	}
	return matches, next, true
}

// parseMode reads a lookup mode ("" is dflt).
func parseMode(m string, dflt rib.LookupMode) (rib.LookupMode, string) {
	switch m {
	case "":
		return dflt, ""
	case "longest", "longest-match":
		return rib.LongestMatch, ""
	case "exact":
		return rib.Exact, ""
	case "more-specific", "more-specifics":
		return rib.MoreSpecific, ""
	}
	return 0, "mode " + strconv.Quote(m) + ": want exact, longest or more-specific"
}

// routesUnder answers GET .../routes?prefix=: the routes of one table
// and family under (mode more-specific, the default), at (exact) or
// covering (longest) a prefix, a page at a time.
func (st *Station) routesUnder(w http.ResponseWriter, req *http.Request, out routesPage, key rib.TableKey, fam bgp.Family, limit int) {
	p, mode, ok := prefixAndMode(w, req.URL.Query(), rib.MoreSpecific)
	if !ok {
		return
	}
	matches, next, ok := st.lookupPage(w, req, rib.LookupQuery{Prefix: p, Mode: mode, Table: &key, Family: &fam}, limit)
	if !ok {
		return
	}
	out.Next = next
	for i := range matches {
		out.Routes = append(out.Routes, routeToJSON(&matches[i].Route, fam))
	}
	writeJSON(w, req, out)
}

// comparePeers orders peers as the API lists them: type, distinguisher,
// address.
func comparePeers(a, b rib.PeerID) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), bytes.Compare(a.Distinguisher[:], b.Distinguisher[:]), a.Addr.Compare(b.Addr))
}

// peerCursor names the last peer of a page: its type, distinguisher and
// address, in URL-safe base64.
func peerCursor(id rib.PeerID) string {
	b := append([]byte{id.Type}, id.Distinguisher[:]...)
	a, _ := id.Addr.MarshalBinary()
	return base64.RawURLEncoding.EncodeToString(append(b, a...))
}

func parsePeerCursor(s string) (rib.PeerID, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 9 {
		return rib.PeerID{}, false
	}
	id := rib.PeerID{Type: b[0]}
	copy(id.Distinguisher[:], b[1:9])
	var a netip.Addr
	if a.UnmarshalBinary(b[9:]) != nil {
		return rib.PeerID{}, false
	}
	id.Addr = a
	return id, true
}

// pagePeers cuts a sorted peer list to the page that limit and cursor
// (the query's) ask for; msg is set for a bad parameter.
func pagePeers(peers []*peerState, q map[string][]string) (page []*peerState, next, msg string) {
	limit, msg := intParam(first(q["limit"]), defaultPeerLimit, maxPeerLimit)
	if msg != "" {
		return nil, "", msg
	}
	if c := first(q["cursor"]); c != "" {
		after, ok := parsePeerCursor(c)
		if !ok {
			return nil, "", "cursor " + strconv.Quote(c) + ": not a cursor of a peer page (take next_cursor of the page before)"
		}
		i := 0
		for i < len(peers) && comparePeers(peers[i].id, after) <= 0 {
			i++
		}
		peers = peers[i:]
	}
	if len(peers) > limit {
		return peers[:limit], peerCursor(peers[limit-1].id), ""
	}
	return peers, "", ""
}
