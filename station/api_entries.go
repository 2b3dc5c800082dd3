package station

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
)

// The routes of the families framed as NLRI entries (EVPN, FlowSpec,
// BGP-LS, VPLS, RTC, MVPN, SR Policy) in the API: written with the entry's
// members (docs/json.md, "NLRI entries"), and looked up by what they name
// (GET /api/v1/lookup?q=...).

// entryToJSON writes a route kept as an NLRI entry: "nlri" (the entry's
// members, as every output writes them), "text" (its one-line form),
// "path_id", "stale", then the path's members as for any route.
func entryToJSON(rt *rib.Route, f bgp.Family) routeJSON {
	n := bgp.NLRI{Value: rt.Entry}
	b := append(make([]byte, 0, 384), `{"nlri":`...)
	b = f.AppendEntryJSON(b, n)
	b = append(b, `,"text":`...)
	b = output.AppendJSONString(b, f.EntryText(n))
	b = append(b, `,"path_id":`...)
	b = strconv.AppendUint(b, uint64(rt.PathID), 10)
	return appendRouteEnd(b, rt, f)
}

// parseEntryQuery reads the q parameter of a lookup of entries: a MAC
// address (aa:bb:cc:dd:ee:ff, aa-bb-..., aabb.ccdd.eeff), an address or
// prefix, "as:65000" (or "as65000", "asn:65000"), or
// "router-id:X" where X is an IPv4 router ID (OSPF, BGP), an IS-IS system
// ID (0000.0000.0001, with ".NN" for a pseudonode) or hex octets.
func parseEntryQuery(s string) (bgp.EntryTerm, string) {
	bad := func() (bgp.EntryTerm, string) {
		return bgp.EntryTerm{}, "q " + strconv.Quote(s) + ": want a MAC address, an address or prefix, as:N or router-id:ID"
	}
	if s == "" {
		return bad()
	}
	ls := strings.ToLower(s)
	for _, p := range []string{"as:", "asn:", "as"} {
		if rest, ok := strings.CutPrefix(ls, p); ok {
			n, err := strconv.ParseUint(rest, 10, 32)
			if err != nil {
				return bad()
			}
			return bgp.EntryTerm{Kind: bgp.TermAS, AS: uint32(n)}, ""
		}
	}
	if rest, ok := strings.CutPrefix(ls, "router-id:"); ok {
		if id := parseRouterID(rest); id != nil {
			return bgp.EntryTerm{Kind: bgp.TermRouterID, ID: id}, ""
		}
		return bad()
	}
	if p, msg := parsePrefixParam(s); msg == "" {
		return bgp.EntryTerm{Kind: bgp.TermAddr, Prefix: p}, ""
	}
	if hw, err := net.ParseMAC(s); err == nil && len(hw) == 6 {
		return bgp.EntryTerm{Kind: bgp.TermMAC, MAC: bgp.MAC(hw)}, ""
	}
	return bad()
}

// parseRouterID reads an IPv4 router ID, an IS-IS system ID
// (0000.0000.0001 or, with a pseudonode, 0000.0000.0001.02) or hex.
func parseRouterID(s string) []byte {
	if a, err := netip.ParseAddr(s); err == nil && a.Is4() {
		b := a.As4()
		return b[:]
	}
	parts := strings.Split(s, ".")
	if len(parts) == 3 || len(parts) == 4 {
		var id []byte
		for i, p := range parts {
			w := 4
			if i == 3 {
				w = 2
			}
			if len(p) != w {
				return nil
			}
			for j := 0; j < w; j += 2 {
				v, err := strconv.ParseUint(p[j:j+2], 16, 8)
				if err != nil {
					return nil
				}
				id = append(id, byte(v))
			}
		}
		return id
	}
	if len(s) > 0 && len(s)%2 == 0 && len(s) <= 32 {
		id := make([]byte, len(s)/2)
		for i := range id {
			v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
			if err != nil {
				return nil
			}
			id[i] = byte(v)
		}
		return id
	}
	return nil
}

// apiLookupEntries answers GET /api/v1/lookup?q=...: the routes kept as
// NLRI entries that name q, in the family given (family=l2vpn-evpn) or
// all; for an address or prefix, also the IP routes that cover it
// (longest match), as a lookup by prefix gives them.
func (st *Station) apiLookupEntries(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	term, msg := parseEntryQuery(q.Get("q"))
	if msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	eq := rib.EntryQuery{Term: term}
	if f := q.Get("family"); f != "" {
		fam, ok := bgp.ParseFamily(f)
		if !ok || fam.Prefixes() {
			writeError(w, http.StatusBadRequest, "family "+strconv.Quote(f)+": want a family of NLRI entries (l2vpn-evpn, ipv4-flowspec, bgp-ls, ...)")
			return
		}
		eq.Family = fam
	}
	limit, e := intParam(q.Get("limit"), defaultLookupLimit, maxLookupLimit)
	if e != "" {
		writeError(w, http.StatusBadRequest, e)
		return
	}
	var matches []rib.Match
	var truncated bool
	if term.Kind == bgp.TermAddr && eq.Family == (bgp.Family{}) {
		var err error
		if matches, truncated, err = st.db.LookupContext(req.Context(), term.Prefix, rib.LongestMatch, limit); err != nil {
			return // the client left
		}
	}
	if rest := limit - len(matches); !truncated {
		// LookupEntries takes 0 for no limit: with no room left, ask for
		// one entry to tell whether the answer is truncated.
		more, trunc, err := st.db.LookupEntries(req.Context(), eq, max(rest, 1))
		if err != nil {
			return // the client left
		}
		if rest == 0 {
			truncated = len(more) > 0
		} else {
			matches, truncated = append(matches, more...), trunc
		}
	}
	out := make([]matchJSON, 0, len(matches))
	for i := range matches {
		m := &matches[i]
		out = append(out, matchJSON{tableRef: tableRefOf(m.Table), Family: m.Family.JSONName(), Route: routeToJSON(&m.Route, m.Family)})
	}
	writeJSON(w, req, map[string]any{"q": q.Get("q"), "matches": out, "truncated": truncated})
}
