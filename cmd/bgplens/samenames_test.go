package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The outputs' own members, which the others need not have: everything
// else a route object carries is the route, its next hop and its path
// (docs/json.md), and must be named and written alike in every output.
var (
	eventOnly = set("v", "type", "timestamp", "router_timestamp", "seq", "router", "router_ip", "router_name",
		"peer_ip", "peer_asn", "peer_bgp_id", "peer_type", "peer_distinguisher", "rib", "is_post_policy",
		"is_adj_rib_out", "is_loc_rib", "table_name", "action", "is_withdraw", "afi", "safi", "prefix_len", "error")
	dumpOnly = set("type", "file", "flow", "router", "router_ip", "router_name", "offset", "length", "bmp_version",
		"router_timestamp", "peer_type", "peer_flags", "peer_distinguisher", "peer_ip", "peer_asn", "peer_bgp_id",
		"rib", "announced", "withdrawn", "other_nlri", "session", "fallback", "expected_session", "no_peer_up",
		"a_flag_mismatch", "verdict", "problems", "note", "route_refresh", "end_of_rib")
	apiOnly = set("stale")
)

func set(ks ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range ks {
		m[k] = true
	}
	return m
}

// routeKey names one route of one table: the peer's members as every
// output writes them, the prefix and path identifier.
func routeKey(m map[string]any, prefix any, pathID any) string {
	if pathID == nil {
		pathID = 0.0 // dump writes path_id only for ADD-PATH sessions
	}
	return fmt.Sprint(m["peer_type"], "|", m["peer_distinguisher"], "|", m["peer_ip"], "|", m["peer_asn"], "|",
		m["peer_bgp_id"], "|", m["rib"], "|", prefix, "|", pathID)
}

// routeMembers keeps what is the route's and its path's of an object,
// leaving out the members that are the output's own.
func routeMembers(m map[string]any, own map[string]bool) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if !own[k] {
			out[k] = v
		}
	}
	if _, ok := out["path_id"]; !ok {
		out["path_id"] = 0.0
	}
	return out
}

// announcedByEvents lists, per route, the route events that announce it
// (path members included), in order.
func announcedByEvents(t *testing.T, lines []string) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		if ev["type"] != "route" || ev["action"] != "announce" {
			continue
		}
		k := routeKey(ev, ev["prefix"], ev["path_id"])
		out[k] = append(out[k], routeMembers(ev, eventOnly))
	}
	return out
}

// announcedByDump lists the same from dump's records: each announced
// entry with its record's path members.
func announcedByDump(recs []map[string]any) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, r := range recs {
		if r["type"] != "route_monitoring" {
			continue
		}
		ann, _ := r["announced"].([]any)
		for _, a := range ann {
			e := a.(map[string]any)
			m := routeMembers(r, dumpOnly)
			for k, v := range e {
				m[k] = v
			}
			if _, ok := e["path_id"]; !ok {
				m["path_id"] = 0.0
			}
			k := routeKey(r, e["prefix"], e["path_id"])
			out[k] = append(out[k], m)
		}
	}
	return out
}

// apiRoutes reads every route of every table of the router through the
// API, each with the peer's members and the page's family.
func apiRoutes(t *testing.T, base, router string) []map[string]any {
	var peers struct {
		Peers []map[string]any `json:"peers"`
	}
	getJSON(t, base+"/api/v1/routers/"+router+"/peers", &peers)
	var out []map[string]any
	for _, p := range peers.Peers {
		tables, _ := p["tables"].([]any)
		for _, tb := range tables {
			tm := tb.(map[string]any)
			fams, _ := tm["families"].([]any)
			for _, f := range fams {
				fam := f.(map[string]any)["family"].(string)
				q := url.Values{"rib": {tm["rib"].(string)}, "family": {fam}, "peer_type": {p["peer_type"].(string)}, "limit": {"10000"}}
				if d, ok := p["peer_distinguisher"].(string); ok {
					q.Set("peer_distinguisher", d)
				}
				var page struct {
					Routes []map[string]any `json:"routes"`
				}
				getJSON(t, base+"/api/v1/peers/"+router+"/"+p["peer_ip"].(string)+"/routes?"+q.Encode(), &page)
				for _, r := range page.Routes {
					r["family"] = fam
					for _, k := range []string{"peer_type", "peer_distinguisher", "peer_ip", "peer_asn", "peer_bgp_id"} {
						if v, ok := p[k]; ok {
							r["_"+k] = v
						}
					}
					r["_rib"] = tm["rib"]
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}

// checkSameNames holds the station's events and API and dump's records
// of one stream to one set of names: every announcement the events give
// is in dump, member for member (the same names with the same values),
// and every route the API holds is the last announcement of it.
func checkSameNames(t *testing.T, events []string, api []map[string]any, recs []map[string]any) {
	t.Helper()
	byEvent, byDump := announcedByEvents(t, events), announcedByDump(recs)
	if len(byEvent) == 0 || len(api) == 0 {
		t.Fatalf("%d routes in events, %d in the API", len(byEvent), len(api))
	}
	keys := make([]string, 0, len(byEvent))
	for k := range byEvent {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	compared := 0
	for _, k := range keys {
		evs, ds := byEvent[k], byDump[k]
		if len(evs) != len(ds) {
			t.Errorf("%s: %d announcements in events, %d in dump", k, len(evs), len(ds))
			continue
		}
		for i := range evs {
			if !reflect.DeepEqual(evs[i], ds[i]) {
				t.Errorf("%s, announcement %d:\nevents %v\ndump   %v", k, i, evs[i], ds[i])
			}
			compared++
		}
	}
	for _, r := range api {
		peer := map[string]any{}
		for k, v := range r {
			if strings.HasPrefix(k, "_") {
				peer[k[1:]] = v
				delete(r, k)
			}
		}
		k := routeKey(peer, r["prefix"], r["path_id"])
		evs := byEvent[k]
		if len(evs) == 0 {
			t.Errorf("API route %s: no event announced it", k)
			continue
		}
		if got := routeMembers(r, apiOnly); !reflect.DeepEqual(got, evs[len(evs)-1]) {
			t.Errorf("%s:\nAPI    %v\nevents %v", k, got, evs[len(evs)-1])
		}
	}
	t.Logf("%d announcements compared between events and dump, %d API routes with events", compared, len(api))
}
