package explain

import (
	"encoding/json"
	"strconv"
	"strings"
)

// This file reads routes that collectors' tools print as JSON or as a
// Python dictionary: RIS Live's ris_message of type UPDATE and pybgpkit's
// elem dictionary (the fields of bgpkit-parser's BgpElem).

// jsonObject decodes the entry's outermost {...} as JSON, or nil.
func jsonObject(text string) map[string]any {
	i, j := strings.IndexByte(text, '{'), strings.LastIndexByte(text, '}')
	if i < 0 || j < i {
		return nil
	}
	var m map[string]any
	if json.Unmarshal([]byte(text[i:j+1]), &m) != nil {
		return nil
	}
	return m
}

// jsonWord writes a decoded JSON value as the tools print it: numbers
// without exponent, lists space-separated, null as "".
func jsonWord(v any) string {
	switch v := v.(type) {
	case string:
		if strings.EqualFold(v, "none") {
			return ""
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, jsonWord(x))
		}
		return strings.Join(out, " ")
	}
	return ""
}

// risPath writes RIS Live's path, whose AS_SET is a list inside the list
// ([..., [27738]]), with the set in braces.
func risPath(v any) string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if set, ok := x.([]any); ok {
			out = append(out, "{"+strings.ReplaceAll(jsonWord(set), " ", ",")+"}")
			continue
		}
		out = append(out, jsonWord(x))
	}
	return strings.Join(out, " ")
}

// risLive reads an entry that is one of RIS Live's UPDATE messages. The
// message is the data of a ris_message, or that data alone as clients
// print it.
func risLive(text string) (routeElem, bool) {
	if !strings.Contains(strings.ToLower(text), `"peer_asn"`) {
		return routeElem{}, false // RIS Live names it in every message; spare other JSON the decoding
	}
	m := jsonObject(text)
	if d, ok := m["data"].(map[string]any); ok && strings.EqualFold(jsonWord(m["type"]), "ris_message") {
		m = d
	}
	if m == nil || !strings.EqualFold(jsonWord(m["type"]), "update") || m["peer"] == nil {
		return routeElem{}, false
	}
	e := routeElem{form: formJSON, printed: jsonWord(m["type"]), tool: "ris_message of RIS Live, of type UPDATE (one BGP UPDATE a RIPE RIS collector received, as JSON)",
		time: jsonWord(m["timestamp"]), peerIP: jsonWord(m["peer"]), peerAS: jsonWord(m["peer_asn"]),
		path: risPath(m["path"]), origin: jsonWord(m["origin"]), med: jsonWord(m["med"])}
	if h := jsonWord(m["host"]); h != "" {
		e.project, e.collector = "ris", h
	}
	var comms []string
	for _, c := range asList(m["community"]) {
		comms = append(comms, strings.ReplaceAll(jsonWord(c), " ", ":"))
	}
	e.comms = strings.Join(comms, " ")
	if a := jsonWord(m["aggregator"]); a != "" {
		e.aggrAS, e.aggrIP, _ = strings.Cut(a, ":")
	}
	if id := jsonWord(m["id"]); id != "" {
		e.notes = append(e.notes, "id "+id+": RIS Live's own name for the message (peer, time, a sequence number)")
	}
	for _, a := range asList(m["announcements"]) {
		am, _ := a.(map[string]any)
		e.announced = append(e.announced, strings.Fields(jsonWord(am["prefixes"]))...)
		e.notes = append(e.notes, "announced (NLRI or MP_REACH_NLRI) via NEXT_HOP "+jsonWord(am["next_hop"])+": "+jsonWord(am["prefixes"]))
	}
	if w := jsonWord(m["withdrawals"]); w != "" {
		e.withdrawn = strings.Fields(w)
		e.notes = append(e.notes, "withdrawn (Withdrawn Routes or MP_UNREACH_NLRI): "+w)
	}
	return e, true
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// bgpkitDict reads pybgpkit's elem dictionary, as Python prints it.
func bgpkitDict(text string) (routeElem, bool) {
	if !strings.Contains(strings.ToLower(text), "'elem_type'") {
		return routeElem{}, false
	}
	j := strings.NewReplacer("'", `"`, ": None", ": null", ": none", ": null").Replace(text)
	m := jsonObject(j)
	if m == nil {
		return routeElem{}, false
	}
	e := routeElem{form: formJSON, printed: jsonWord(m["elem_type"]), tool: "elem of pybgpkit (bgpkit-parser's BgpElem as a Python dictionary)", kind: jsonWord(m["elem_type"]),
		time: jsonWord(m["timestamp"]), peerIP: jsonWord(m["peer_ip"]), peerAS: jsonWord(m["peer_asn"]), prefix: jsonWord(m["prefix"]),
		path: jsonWord(m["as_path"]), originASes: jsonWord(m["origin_asns"]), origin: jsonWord(m["origin"]), nextHop: jsonWord(m["next_hop"]),
		localPref: jsonWord(m["local_pref"]), med: jsonWord(m["med"]), comms: jsonWord(m["communities"]), atomic: jsonWord(m["atomic"]),
		aggrAS: jsonWord(m["aggr_asn"]), aggrIP: jsonWord(m["aggr_ip"]), zeroMeans: true}
	return e, true
}
