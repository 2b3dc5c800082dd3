package explain

import (
	"net/netip"
	"strconv"
	"strings"
)

// This file finds the routes of an entry in every form the collectors'
// tools print (routeElem, collectors.go): the pipe-separated lines of
// bgpdump and route_btoa (-m, -M), bgpkit-parser, bgpreader, bgpcorsaro
// and pybgpstream, one route per line in each tool's order of fields;
// the record one field a line of zebra-dump-parser and bgpdump -H; RIS
// Live's and pybgpkit's JSON (risjson.go). Any case: the events read the
// entry in lower case, the tree in the case printed.

// mrtRecords names bgpdump's first field (lower case): the MRT record
// type the line came from (RFC 6396), and where it is defined.
var mrtRecords = map[string][2]string{
	"bgp4mp":         {"an MRT BGP4MP record (RFC 6396 §4.4: a BGP message or state change as the collector received it)", "RFC 6396 §4.4"},
	"bgp4mp_et":      {"an MRT BGP4MP_ET record (RFC 6396 §4.4, with §3's extended timestamp: microseconds)", "RFC 6396 §3, §4.4"},
	"table_dump":     {"an MRT TABLE_DUMP record (RFC 6396 §4.2: the older RIB dump, 2-octet AS)", "RFC 6396 §4.2"},
	"table_dump2":    {"an MRT TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3: the collector's table at dump time)", "RFC 6396 §4.3"},
	"table_dump_v2":  {"an MRT TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3: the collector's table at dump time)", "RFC 6396 §4.3"},
	"table_dump2_ap": {"an MRT TABLE_DUMP_V2 RIB entry with ADD-PATH (RFC 8050 §4: it carries the path identifier)", "RFC 8050 §4"},
}

// streamRecords are bgpreader's record types: U an update dump, R a RIB
// dump (pybgpstream writes them as words).
var streamRecords = map[string]string{"u": "an updates dump", "update": "an updates dump", "r": "a RIB dump", "rib": "a RIB dump"}

// collectorRoutes reads every route of the entry, in any of the forms.
func collectorRoutes(text string) []routeElem {
	var out []routeElem
	if strings.Contains(text, "|") {
		for _, l := range strings.Split(text, "\n") {
			if e, ok := pipeElem(l); ok {
				out = append(out, e)
			}
		}
	}
	for _, f := range []func(string) (routeElem, bool){mrtBlock, risLive, bgpkitDict, pmacctBMP, obmpRecord, gobmpJSON, obmpRouter, bmpStructJSON} {
		if e, ok := f(text); ok {
			out = append(out, e)
		}
	}
	return out
}

// routesShown says what the routes a collector's tool printed in the
// entry (lower case) mean, at most four, or "".
func routesShown(lower string) string {
	var out []string
	for _, e := range collectorRoutes(lower) {
		if len(out) < 4 {
			out = append(out, e.describe())
		}
	}
	if len(out) == 0 {
		return exaJSONMessage(lower)
	}
	return strings.Join(out, ". ")
}

// isRouteRecord reports whether the entry is a collector tool's route in
// words, whose numbers are no octets.
func isRouteRecord(text string) bool { return len(collectorRoutes(text)) > 0 }

// pipeElem reads one line in any of the pipe-separated forms.
func pipeElem(line string) (routeElem, bool) {
	f := strings.Split(strings.TrimSpace(line), "|")
	get := func(i int) string {
		if i < len(f) && !strings.EqualFold(strings.TrimSpace(f[i]), "none") {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	low := func(i int) string { return strings.ToLower(get(i)) }
	switch {
	case len(f) >= 6 && mrtRecords[low(0)] != [2]string{} && elemKinds[low(2)] != (elemKind{}) && isAddr(f[3]):
		return bgpdumpElem(f, get), true
	case len(f) >= 5 && (low(0) == "a" || low(0) == "w") && isUnixTime(f[1]) && isAddr(f[2]):
		e := routeElem{form: formBgpdump, tool: "route line of bgpkit-parser", printed: f[0], kind: f[0], time: f[1], peerIP: f[2], peerAS: get(3),
			prefix: get(4), path: get(5), origin: get(6), nextHop: get(7), localPref: get(8), med: get(9), comms: get(10), atomic: get(11),
			aggrAS: get(12), aggrIP: get(13), zeroMeans: true}
		return e, true
	case len(f) >= 5 && (low(0) == "r" || low(0) == "rib") && (low(1) == "b" || low(1) == "e") && isUnixTime(f[2]):
		// bgpreader's control line around a RIB dump: no route.
		e := routeElem{form: formStream, tool: "elem line of bgpreader", printed: f[0] + "|" + f[1], record: "a RIB dump", time: f[2],
			project: get(3), collector: get(4), rib: map[string]string{"b": "begins", "e": "ends"}[low(1)]}
		if len(f) >= 9 {
			e.router, e.routerIP, e.status, e.dumpTime = get(5), get(6), get(7), get(8)
		}
		return e, true
	case len(f) >= 14 && streamRecords[low(0)] != "" && elemKinds[low(1)] != (elemKind{}) && isUnixTime(f[2]):
		return streamElem(f, get), true
	}
	return routeElem{}, false
}

// bgpdumpElem reads bgpdump's -m/-M line: type|time|A/W/B/STATE|peer
// address|peer AS|prefix (or the old and new state)|[path identifier|]
// path|origin|next hop|LOCAL_PREF|MED|communities|AG or NAG|aggregator
// AS and address|.
func bgpdumpElem(f []string, get func(int) string) routeElem {
	typ := strings.ToLower(f[0])
	e := routeElem{form: formBgpdump, tool: "one-line form of bgpdump (-m/-M) and route_btoa (-m)", printed: f[0], mrtType: f[0],
		record: mrtRecords[typ][0], kind: f[2], time: f[1], peerIP: f[3], peerAS: get(4), zeroMeans: true}
	if strings.EqualFold(f[2], "state") {
		e.oldState, e.newState = get(5), get(6)
		return e
	}
	e.prefix = get(5)
	i := 6
	if typ == "table_dump2_ap" {
		e.pathID, i = get(6), 7
	}
	e.path, e.origin, e.nextHop, e.localPref, e.med = get(i), get(i+1), get(i+2), get(i+3), get(i+4)
	e.comms, e.atomic = get(i+5), get(i+6)
	e.aggrAS, e.aggrIP, _ = strings.Cut(get(i+7), " ")
	if strings.HasPrefix(typ, "table_dump") {
		e.timeNote = "the time of the dump (bgpdump's default -t dump), not of the route's last change"
	}
	return e
}

// streamElem reads bgpreader's elem line: record type|elem type|time|
// project|collector|[router|router address|]peer AS|peer address|prefix|
// next hop|path|[origin AS|]communities|old state|new state. Older
// bgpreader and bgpcorsaro leave the router fields out; pybgpstream's
// str() the origin.
func streamElem(f []string, get func(int) string) routeElem {
	tool := "elem line of bgpreader"
	if len(f[0]) > 1 {
		tool = "elem of pybgpstream (str of a BGPElem)"
	}
	e := routeElem{form: formStream, tool: tool, printed: f[0] + "|" + f[1], record: streamRecords[strings.ToLower(f[0])], kind: f[1], time: f[2],
		project: get(3), collector: get(4)}
	base, origin := 5, true
	switch len(f) {
	case 15:
		base, origin = 7, false
	case 16:
		base = 7
	}
	if base == 7 {
		e.router, e.routerIP = get(5), get(6)
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

// mrtSubtypes names the subtype in a "TYPE: BGP4MP/..." line (RFC 6396
// §4.4), as zebra-dump-parser and bgpdump's -H print it.
var mrtSubtypes = map[string]string{
	"bgp4mp_message":          "an MRT BGP4MP_MESSAGE record (RFC 6396 §4.4.2: a BGP message with 2-octet AS numbers)",
	"bgp4mp_message_as4":      "an MRT BGP4MP_MESSAGE_AS4 record (RFC 6396 §4.4.3: a BGP message with 4-octet AS numbers)",
	"bgp4mp_state_change":     "an MRT BGP4MP_STATE_CHANGE record (RFC 6396 §4.4.1)",
	"bgp4mp_state_change_as4": "an MRT BGP4MP_STATE_CHANGE_AS4 record (RFC 6396 §4.4.4)",
}

// mrtBlock reads a record printed one field a line ("TYPE:
// BGP4MP/BGP4MP_MESSAGE_AS4 AFI_IP", "FROM:", "ANNOUNCED:"), as
// zebra-dump-parser and bgpdump -H print it.
func mrtBlock(text string) (routeElem, bool) {
	if !strings.Contains(text, "TYPE: ") && !strings.Contains(text, "type: ") {
		return routeElem{}, false // spare other entries the splitting
	}
	kv := map[string][]string{}
	for _, l := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(l), ": ")
		if ok {
			k = strings.ToLower(k)
			kv[k] = append(kv[k], strings.TrimSpace(v))
		}
	}
	typ, from := first(kv["type"]), strings.Fields(first(kv["from"]))
	mrt, sub, _ := strings.Cut(strings.ToLower(strings.Fields(typ + " x")[0]), "/")
	if !isBlockType(mrt) || len(from) > 0 && !isAddr(from[0]) {
		return routeElem{}, false
	}
	e := routeElem{form: formBlock, tool: "record of zebra-dump-parser, one field a line", printed: typ, mrtType: typ, record: mrtSubtypes[sub],
		time: first(kv["time"]), path: first(append(kv["as_path"], kv["aspath"]...)), origin: first(kv["origin"]), nextHop: first(kv["next_hop"]),
		med: first(kv["multi_exit_disc"]), localPref: first(kv["local_pref"]), comms: first(append(kv["communities"], kv["community"]...)),
		local: first(kv["to"]), msgType: first(kv["bgp packet type"]), prefix: first(kv["prefix"]),
		announced: append(kv["announced"], kv["announce"]...), withdrawn: append(kv["withdrawn"], kv["withdraw"]...)}
	if e.record == "" {
		e.record = "an MRT " + strings.ToUpper(typ) + " record (RFC 6396 §4)"
	}
	if len(from) > 0 {
		e.peerIP = from[0]
	}
	if len(from) > 1 {
		e.peerAS = strings.TrimPrefix(strings.ToLower(from[1]), "as")
	}
	if s := strings.Fields(first(kv["state"])); len(s) == 2 {
		e.oldState, e.newState = s[0], s[1]
	}
	if w := e.msgType; w != "" && !strings.EqualFold(w, "update") {
		e.tool += ", of a BGP " + strings.ToUpper(w)
	}
	e.notes = blockNotes(e, strings.ToLower(typ))
	return e, true
}

// blockNotes says what a record one field a line adds: its family, the
// collector's address, the routes of its UPDATE.
func blockNotes(e routeElem, typ string) []string {
	var out []string
	if strings.HasSuffix(typ, "afi_ip6") {
		out = append(out, "AFI_IP6: the session runs over IPv6")
	} else if strings.HasSuffix(typ, "afi_ip") {
		out = append(out, "AFI_IP: the session runs over IPv4 (the record's addresses are IPv4)")
	}
	if e.local != "" {
		out = append(out, "received by the collector at "+e.local)
	}
	if a := e.announced; len(a) > 0 {
		out = append(out, prefixCount(len(a))+" announced in this one UPDATE (NLRI): "+strings.Join(a, ", "))
	}
	if w := e.withdrawn; len(w) > 0 {
		out = append(out, prefixCount(len(w))+" withdrawn (Withdrawn Routes): "+strings.Join(w, ", "))
	}
	return out
}

// prefixCount writes n prefixes in words.
func prefixCount(n int) string {
	if n == 1 {
		return "1 prefix"
	}
	return itoa(n) + " prefixes"
}

// isBlockType reports whether a record's MRT type (lower case, before
// any "/") is one a record one field a line is printed for.
func isBlockType(t string) bool {
	for _, p := range []string{"bgp4mp", "table_dump", "msg_protocol_bgp4mp"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}
