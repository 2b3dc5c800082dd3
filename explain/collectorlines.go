package explain

import (
	"net/netip"
	"strconv"
	"strings"
)

// This file reads the pipe-separated route lines of bgpdump and
// route_btoa (-m, -M), bgpkit-parser, bgpreader and pybgpstream: one route
// per line, in each tool's order of fields.

// mrtRecords names bgpdump's first field: the MRT record type the line
// came from (RFC 6396).
var mrtRecords = map[string]string{
	"bgp4mp":        "an MRT BGP4MP record (RFC 6396 §4.4: a BGP message or state change as the collector received it)",
	"bgp4mp_et":     "an MRT BGP4MP_ET record (RFC 6396 §4.4, with §3's extended timestamp: microseconds)",
	"table_dump":    "an MRT TABLE_DUMP record (RFC 6396 §4.2: the older RIB dump, 2-octet AS)",
	"table_dump2":   "an MRT TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3: the collector's table at dump time)",
	"table_dump_v2": "an MRT TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3: the collector's table at dump time)",
}

// streamProjects names bgpreader's project field.
var streamProjects = map[string]string{
	"ris":        "RIPE RIS",
	"routeviews": "RouteViews",
	"singlefile": "a local file read with bgpreader's singlefile interface, no collector named",
}

// streamRecords are bgpreader's record types: U an update dump, R a RIB
// dump (pybgpstream writes them as words).
var streamRecords = map[string]string{"u": "an updates dump", "update": "an updates dump", "r": "a RIB dump", "rib": "a RIB dump"}

// routeLines reads every route line of the entry (lower case), at most
// four, and says what each means.
func routeLines(lower string) string {
	if !strings.Contains(lower, "|") {
		return ""
	}
	var out []string
	for _, l := range strings.Split(lower, "\n") {
		if e, ok := pipeElem(l); ok {
			out = append(out, e.describe())
			if len(out) == 4 {
				break
			}
		}
	}
	return strings.Join(out, ". ")
}

// routesShown says what the routes a collector's tool printed in the
// entry (lower case) mean, or "".
func routesShown(lower string) string {
	for _, f := range []func(string) string{routeLines, mrtBlock, risLive, bgpkitDict, exaJSONMessage} {
		if s := f(lower); s != "" {
			return s
		}
	}
	return ""
}

// isRouteRecord reports whether the entry (lower case) is a collector
// tool's route in words, whose numbers are no octets.
func isRouteRecord(lower string) bool {
	if !strings.Contains(lower, "|") {
		return risLive(lower) != "" || bgpkitDict(lower) != "" || mrtBlock(lower) != ""
	}
	for _, l := range strings.Split(lower, "\n") {
		if _, ok := pipeElem(l); ok {
			return true
		}
	}
	return risLive(lower) != "" || bgpkitDict(lower) != "" || mrtBlock(lower) != ""
}

// pipeElem reads one line in any of the pipe-separated forms.
func pipeElem(line string) (routeElem, bool) {
	f := strings.Split(strings.TrimSpace(line), "|")
	get := func(i int) string {
		if i < len(f) && f[i] != "none" {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	switch {
	case len(f) >= 6 && mrtRecords[f[0]] != "" && elemKinds[f[2]] != "" && isAddr(f[3]):
		return bgpdumpElem(f, get), true
	case len(f) >= 5 && (f[0] == "a" || f[0] == "w") && isUnixTime(f[1]) && isAddr(f[2]):
		e := routeElem{tool: "route line of bgpkit-parser", kind: f[0], time: f[1], peerIP: f[2], peerAS: get(3), prefix: get(4),
			path: get(5), origin: get(6), nextHop: get(7), localPref: get(8), med: get(9), comms: get(10), atomic: get(11),
			aggrAS: get(12), aggrIP: get(13), zeroMeans: true}
		return e, true
	case len(f) >= 14 && streamRecords[f[0]] != "" && elemKinds[f[1]] != "" && isUnixTime(f[2]):
		return streamElem(f, get), true
	}
	return routeElem{}, false
}

// bgpdumpElem reads bgpdump's -m/-M line: type|time|A/W/B/STATE|peer
// address|peer AS|prefix (or the old and new state)|path|origin|next
// hop|LOCAL_PREF|MED|communities|AG or NAG|aggregator AS and address|.
func bgpdumpElem(f []string, get func(int) string) routeElem {
	e := routeElem{tool: "one-line form of bgpdump (-m/-M) and route_btoa (-m)", record: mrtRecords[f[0]], kind: f[2], time: f[1],
		peerIP: f[3], peerAS: get(4), zeroMeans: true}
	if f[2] == "state" {
		e.oldState, e.newState = get(5), get(6)
		return e
	}
	e.prefix, e.path, e.origin, e.nextHop = get(5), get(6), get(7), get(8)
	e.localPref, e.med, e.comms, e.atomic = get(9), get(10), get(11), get(12)
	e.aggrAS, e.aggrIP, _ = strings.Cut(get(13), " ")
	if strings.HasPrefix(f[0], "table_dump") {
		e.timeNote = "the time of the dump (bgpdump's default -t dump), not of the route's last change"
	}
	return e
}

// streamElem reads bgpreader's elem line: record type|elem type|time|
// project|collector|[router|router address|]peer AS|peer address|prefix|
// next hop|path|[origin AS|]communities|old state|new state. Older
// bgpreader leaves the router fields out; pybgpstream's str() the origin.
func streamElem(f []string, get func(int) string) routeElem {
	tool := "elem line of bgpreader"
	if len(f[0]) > 1 {
		tool = "elem of pybgpstream (str of a BGPElem)"
	}
	e := routeElem{tool: tool, record: streamRecords[f[0]], kind: f[1], time: f[2]}
	project := streamProjects[f[3]]
	if project == "" {
		project = f[3]
	}
	e.collector = project
	if f[4] != f[3] {
		e.collector = f[4] + " (" + project + ")"
	}
	base, origin := 5, true
	switch len(f) {
	case 15:
		base, origin = 7, false
	case 16:
		base = 7
	}
	if r := get(6); base == 7 && r != "" {
		e.collector += ", router " + get(5) + " " + r
	}
	e.peerAS, e.peerIP, e.prefix, e.nextHop, e.path = get(base), get(base+1), get(base+2), get(base+3), get(base+4)
	i := base + 5
	if origin {
		e.originASes = get(i)
		i++
	}
	e.comms, e.oldState, e.newState = get(i), get(i+1), get(i+2)
	return e
}

// isUnixTime reports whether s is a Unix time in seconds, with or
// without a fraction.
func isUnixTime(s string) bool {
	sec, frac, _ := strings.Cut(s, ".")
	if len(sec) < 9 || len(sec) > 10 {
		return false
	}
	_, err := strconv.ParseUint(sec, 10, 64)
	_, err2 := strconv.ParseUint("0"+frac, 10, 64)
	return err == nil && err2 == nil
}

// isAddr reports whether s is an IPv4 or IPv6 address.
func isAddr(s string) bool {
	_, err := netip.ParseAddr(strings.TrimSpace(s))
	return err == nil
}

// mrtSubtypes names the BGP4MP subtype in a "TYPE: BGP4MP/..." line
// (RFC 6396 §4.4), as zebra-dump-parser and bgpdump's -H print it.
var mrtSubtypes = map[string]string{
	"bgp4mp_message":          "an MRT BGP4MP_MESSAGE record (RFC 6396 §4.4.2: a BGP message with 2-octet AS numbers)",
	"bgp4mp_message_as4":      "an MRT BGP4MP_MESSAGE_AS4 record (RFC 6396 §4.4.3: a BGP message with 4-octet AS numbers)",
	"bgp4mp_state_change":     "an MRT BGP4MP_STATE_CHANGE record (RFC 6396 §4.4.1)",
	"bgp4mp_state_change_as4": "an MRT BGP4MP_STATE_CHANGE_AS4 record (RFC 6396 §4.4.4)",
}

// mrtBlock says what a record printed one field a line ("TYPE:
// BGP4MP/BGP4MP_MESSAGE_AS4 AFI_IP", "FROM:", "ANNOUNCED:"), as
// zebra-dump-parser prints it, means, or "".
func mrtBlock(lower string) string {
	if !strings.Contains(lower, "type: bgp4mp") {
		return ""
	}
	kv := map[string][]string{}
	for _, l := range strings.Split(lower, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), ": ")
		if ok {
			kv[k] = append(kv[k], strings.TrimSpace(v))
		}
	}
	typ, from := first(kv["type"]), strings.Fields(first(kv["from"]))
	mrt, sub, _ := strings.Cut(strings.Fields(typ + " x")[0], "/")
	if mrt != "bgp4mp" || len(from) == 0 || !isAddr(from[0]) {
		return ""
	}
	e := routeElem{tool: "record of zebra-dump-parser, one field a line", record: mrtSubtypes[sub], peerIP: from[0],
		path: first(kv["as_path"]), origin: first(kv["origin"]), nextHop: first(kv["next_hop"]), med: first(kv["multi_exit_disc"]),
		localPref: first(kv["local_pref"]), comms: first(kv["communities"])}
	if e.record == "" {
		e.record = "an MRT " + strings.ToUpper(typ) + " record (RFC 6396 §4.4)"
	}
	if len(from) > 1 {
		e.peerAS = strings.TrimPrefix(from[1], "as")
	}
	if w := first(kv["bgp packet type"]); w != "" && w != "update" {
		e.tool += ", of a BGP " + strings.ToUpper(w)
	}
	s := e.describe()
	if strings.HasSuffix(typ, "afi_ip6") {
		s += "; AFI_IP6: the session runs over IPv6"
	} else if strings.HasSuffix(typ, "afi_ip") {
		s += "; AFI_IP: the session runs over IPv4 (the record's addresses are IPv4)"
	}
	if to := first(kv["to"]); to != "" {
		s += "; received by the collector at " + to
	}
	if a := kv["announced"]; len(a) > 0 {
		s += "; " + itoa(len(a)) + " prefixes announced in this one UPDATE (NLRI): " + strings.Join(a, ", ")
	}
	if w := kv["withdrawn"]; len(w) > 0 {
		s += "; " + itoa(len(w)) + " prefixes withdrawn (Withdrawn Routes): " + strings.Join(w, ", ")
	}
	return s
}

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}
