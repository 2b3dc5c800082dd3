package explain

import (
	"strconv"
	"strings"
	"time"
)

// MRT text: the one line per route that dump tools print from an MRT file
// (RFC 6396), pipe-separated and holding no octets. bgpdump -m / -M
// prints "TABLE_DUMP2|time|B|peer|peer AS|prefix|path|origin|next hop|
// local pref|MED|communities|AG or NAG|aggregator|" for a RIB entry
// (TABLE_DUMP2_AP adds the ADD-PATH path identifier after the prefix),
// "BGP4MP|time|A|..." the same for an announcement, "BGP4MP|time|W|peer|
// peer AS|prefix" for a withdrawal and "BGP4MP|time|STATE|peer|peer AS|
// old|new" for a state change. bgpreader (libbgpstream) prints an elem as
// "dump type|elem type|time|project|collector|router|router IP|peer AS|
// peer|prefix|next hop|path|origin AS|communities|old state|new state|";
// bgpcorsaro and bgpreader 1 leave out router and router IP; a RIB dump's
// start and end are "R|B|..." and "R|E|...".
var (
	reBgpdumpLine = gate(`^(TABLE_DUMP2?(?:_AP)?|BGP4MP(?:_ET)?)\|(\d{9,10}(?:\.\d+)?|\d\d/\d\d/\d\d \d\d:\d\d:\d\d)\|(B|A|W|STATE)\|`)
	reMRTCommand  = gate(`\b(?:bgpdump|bgpreader)(?:\s+-[A-Za-z]\b)+`)
	reBgpdumpInfo = gate(`\[info\] logging to syslog$`)
	reElemLine    = gate(`^([RU])\|([RAWSBE])\|(\d{9,10}(?:\.\d{1,6})?)\|`)
)

// mrtTypes names what bgpdump's first field says of the MRT record.
var mrtTypes = map[string][2]string{
	"TABLE_DUMP":     {"MRT type 12 TABLE_DUMP: a RIB snapshot entry (the older, 2-octet AS format)", "RFC 6396 §4.2"},
	"TABLE_DUMP2":    {"MRT type 13 TABLE_DUMP_V2: a RIB snapshot entry", "RFC 6396 §4.3"},
	"TABLE_DUMP2_AP": {"MRT type 13 TABLE_DUMP_V2 with ADD-PATH: a RIB entry that carries its path identifier", "RFC 8050 §4"},
	"BGP4MP":         {"MRT type 16 BGP4MP: a BGP message or state change the collector logged", "RFC 6396 §4.4"},
	"BGP4MP_ET":      {"MRT type 17 BGP4MP_ET: BGP4MP with a microsecond timestamp", "RFC 6396 §3, §4.4"},
}

// fsmStateNumbers are BGP4MP_STATE_CHANGE's state numbers (RFC 6396 §4.4.1).
var fsmStateNumbers = []string{"", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"}

// mrtText explains the MRT text lines of an entry, one node per line, and
// says what each line is; nil when the entry holds none.
func mrtText(text string) (nodes []*Node, said []string) {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		var n *Node
		var s string
		if m := reBgpdumpLine.find(cased(l)); m != nil {
			n, s = bgpdumpLine(l, m)
		} else if m := reElemLine.find(cased(l)); m != nil {
			n, s = elemLine(l, m)
		}
		if n != nil {
			nodes, said = append(nodes, n), append(said, s)
		} else if m := reMRTCommand.find(cased(l)); m != nil {
			said = append(said, "the command that printed the MRT text: "+m[0]+" (-m one line per entry with Unix times, -M with readable times, -H the default multi-line form)")
		} else if reBgpdumpInfo.match(cased(l)) {
			said = append(said, "bgpdump's own note on standard error that it logs to syslog: no BGP")
		}
	}
	if n, s := mrtKeyBlock(text); n != nil {
		nodes, said = append(nodes, n), append(said, s)
	}
	if n, s := pbgpBlock(text); n != nil {
		nodes, said = append(nodes, n), append(said, s)
	}
	return nodes, said
}

// wordNode is a field printed in words: no octets behind it.
func wordNode(name string, value any, meaning, ref string) *Node {
	return &Node{Name: name, Value: value, Meaning: meaning, Ref: ref}
}

// bgpdumpLine explains one line of bgpdump -m or -M.
func bgpdumpLine(l string, m []string) (*Node, string) {
	f := strings.Split(l, "|")
	kind := mrtTypes[m[1]]
	n := wordNode("bgpdump_entry", m[1], kind[0], kind[1])
	n.Label = "bgpdump " + m[1] + " line (MRT text, no octets)"
	n.add(wordNode("type", m[1], kind[0], kind[1]))
	n.add(wordNode("timestamp", m[2], mrtTime(m[2]), "RFC 6396 §2"))
	what := map[string]string{"B": "a route of the RIB snapshot", "A": "a route announced in an UPDATE (NLRI or MP_REACH_NLRI)",
		"W": "a route withdrawn in an UPDATE (withdrawn routes or MP_UNREACH_NLRI)", "STATE": "a change of the BGP FSM's state (BGP4MP_STATE_CHANGE)"}[m[3]]
	n.add(wordNode("entry_type", m[3], what, map[string]string{"B": "RFC 6396 §4.3.4", "A": "RFC 6396 §4.4.2", "W": "RFC 6396 §4.4.2", "STATE": "RFC 6396 §4.4.1"}[m[3]]))
	if len(f) < 6 {
		return n, "a bgpdump line cut short: " + what
	}
	n.add(wordNode("peer_ip", f[3], "the collector's neighbour that sent the route", "RFC 6396 §4.3.1"))
	n.add(wordNode("peer_as", f[4], "that neighbour's AS", "RFC 6396 §4.3.1"))
	if m[3] == "STATE" {
		old, nw := stateNode("old_state", f[5]), stateNode("new_state", col(f, 6))
		n.add(old)
		n.add(nw)
		return n, "bgpdump " + m[1] + " line: the session with " + f[3] + " (AS" + f[4] + ") moved from " + old.Meaning + " to " + nw.Meaning + " (BGP4MP_STATE_CHANGE, RFC 6396 §4.4.1)"
	}
	n.add(wordNode("prefix", f[5], "the route's destination", "RFC 4271 §4.3"))
	rest := f[6:]
	if m[1] == "TABLE_DUMP2_AP" && len(rest) > 0 {
		n.add(wordNode("path_id", rest[0], "the ADD-PATH path identifier: this is one of several paths the peer keeps for the prefix", "RFC 7911 §3, RFC 8050 §4"))
		rest = rest[1:]
	}
	s := "bgpdump " + m[1] + " line: " + what + ", " + f[5] + " from peer " + f[3] + " (AS" + f[4] + ")"
	if m[3] == "W" {
		return n, s + " (RFC 6396 §4.4.2, RFC 4271 §4.3)"
	}
	loop := routeAttrs(n, rest)
	return n, s + " (" + kind[1] + ")" + loop
}

// routeAttrs adds the path attributes bgpdump prints after the prefix:
// path, origin, next hop, local pref, MED, communities, atomic aggregate,
// aggregator. It returns what is wrong with the path, if anything.
func routeAttrs(n *Node, f []string) string {
	path, loop := asPathNode(col(f, 0))
	n.add(path)
	n.add(wordNode("origin", col(f, 1), map[string]string{"IGP": "learned inside the originating AS", "EGP": "learned by EGP",
		"INCOMPLETE": "learned some other way, e.g. redistributed"}[col(f, 1)], "RFC 4271 §5.1.1"))
	n.add(wordNode("next_hop", col(f, 2), "the address to forward to", "RFC 4271 §5.1.3, RFC 4760 §3"))
	n.add(wordNode("local_pref", col(f, 3), "LOCAL_PREF; bgpdump prints 0 when the route carries none (routes from an eBGP peer carry none)", "RFC 4271 §5.1.5"))
	n.add(wordNode("med", col(f, 4), "MULTI_EXIT_DISC; bgpdump prints 0 when the route carries none", "RFC 4271 §5.1.4"))
	c := col(f, 5)
	cm := "COMMUNITIES, as AS:value"
	if c == "" {
		cm = "no COMMUNITIES attribute"
	}
	n.add(wordNode("communities", c, cm, "RFC 1997"))
	ag := col(f, 6)
	n.add(wordNode("atomic_aggregate", ag, map[string]string{"AG": "ATOMIC_AGGREGATE present: an aggregate that lost path detail",
		"NAG": "no ATOMIC_AGGREGATE"}[ag], "RFC 4271 §5.1.6"))
	if a := col(f, 7); a != "" {
		n.add(wordNode("aggregator", a, "AGGREGATOR: the AS and router ID that formed the aggregate", "RFC 4271 §5.1.7, RFC 6793"))
	}
	return loop
}

// asPathNode names the path's hops and its origin AS, and finds an AS
// that appears twice apart (prepending repeats an AS side by side).
func asPathNode(p string) (*Node, string) {
	hops := strings.Fields(p)
	n := wordNode("as_path", p, itoa(len(hops))+" AS hops, nearest first", "RFC 4271 §5.1.2")
	if len(hops) > 0 {
		n.Meaning += "; origin AS " + strings.Trim(hops[len(hops)-1], "{}")
	}
	seen := map[string]int{}
	var again []string
	for i, h := range hops {
		if j, ok := seen[h]; ok && j != i-1 && !strings.ContainsAny(h, "{}") {
			again = append(again, h)
		}
		seen[h] = i
	}
	if len(again) == 0 {
		return n, ""
	}
	n.Problem = "AS " + strings.Join(again, ", ") + " appear more than once, apart: an AS path loop (or a deliberate poisoning); a speaker in one of those ASes discards the route (RFC 4271 §9.1.2)"
	return n, "; its AS path has a loop: " + n.Problem
}

// elemLine explains one line of bgpreader's or bgpcorsaro's elem output.
func elemLine(l string, m []string) (*Node, string) {
	f := strings.Split(l, "|")
	dump := map[string]string{"R": "from a RIB dump (TABLE_DUMP_V2)", "U": "from an updates file (BGP4MP)"}[m[1]]
	n := wordNode("bgpstream_elem", l[:3], "a BGPStream record "+dump+" printed as text: no octets", "RFC 6396")
	n.Label = "BGPStream elem line (bgpreader, bgpcorsaro: MRT text, no octets)"
	n.add(wordNode("dump_type", m[1], dump, "RFC 6396 §4.3, §4.4"))
	if m[1] == "R" && (m[2] == "B" || m[2] == "E") {
		pos := map[string]string{"B": "begins", "E": "ends"}[m[2]]
		n.add(wordNode("dump_position", m[2], "the RIB dump "+pos+" here (a control line, no route)", ""))
		n.add(wordNode("timestamp", m[3], mrtTime(m[3]), "RFC 6396 §2"))
		n.add(wordNode("project", col(f, 3), "the collector project", ""))
		n.add(wordNode("collector", col(f, 4), "the route collector", ""))
		if len(f) >= 9 {
			n.add(wordNode("router", col(f, 5), "the router a BMP stream came from; empty for MRT files", ""))
			n.add(wordNode("router_ip", col(f, 6), "", ""))
			n.add(wordNode("status", col(f, 7), map[string]string{"V": "valid record", "E": "empty", "F": "filtered",
				"R": "corrupted record", "S": "corrupted source"}[col(f, 7)], ""))
			n.add(wordNode("dump_time", col(f, 8), mrtTime(col(f, 8))+", the dump's own time as its source gives it", ""))
		}
		return n, "bgpreader RIB control line: the RIB dump of " + col(f, 4) + " " + pos + " at " + mrtTime(m[3])
	}
	elem := map[string]string{"R": "a route of the RIB dump", "A": "a route announced in an UPDATE", "W": "a route withdrawn in an UPDATE",
		"S": "a change of the BGP FSM's state (BGP4MP_STATE_CHANGE)"}[m[2]]
	n.add(wordNode("elem_type", m[2], elem, ""))
	n.add(wordNode("timestamp", m[3], mrtTime(m[3]), "RFC 6396 §2"))
	n.add(wordNode("project", col(f, 3), "the collector project (routeviews, ris, or singlefile for a local file)", ""))
	n.add(wordNode("collector", col(f, 4), "the route collector", ""))
	i := 5
	if len(f) >= 16 {
		// bgpreader 2 adds the router and its address (BMP sources).
		n.add(wordNode("router", col(f, 5), "the router a BMP stream came from; empty for MRT files", ""))
		n.add(wordNode("router_ip", col(f, 6), "", ""))
		i = 7
	}
	peer, as := col(f, i+1), col(f, i)
	n.add(wordNode("peer_asn", as, "the collector's neighbour's AS", "RFC 6396 §4.3.1"))
	n.add(wordNode("peer_ip", peer, "the collector's neighbour", "RFC 6396 §4.3.1"))
	s := "BGPStream elem line (bgpreader, bgpcorsaro): " + elem + ", from peer " + peer + " (AS" + as + ")"
	if m[2] == "S" {
		old, nw := stateNode("old_state", col(f, i+7)), stateNode("new_state", col(f, i+8))
		n.add(old)
		n.add(nw)
		return n, s + ", which moved from " + old.Meaning + " to " + nw.Meaning + " (RFC 6396 §4.4.1)"
	}
	n.add(wordNode("prefix", col(f, i+2), "the route's destination", "RFC 4271 §4.3"))
	s += ": " + col(f, i+2)
	if m[2] == "W" {
		return n, s + " (RFC 4271 §4.3)"
	}
	n.add(wordNode("next_hop", col(f, i+3), "the address to forward to", "RFC 4271 §5.1.3, RFC 4760 §3"))
	path, loop := asPathNode(col(f, i+4))
	n.add(path)
	n.add(wordNode("origin_asn", col(f, i+5), "the AS that originated the route: the path's last AS", "RFC 4271 §5.1.2"))
	c := col(f, i+6)
	cm := "COMMUNITIES, as AS:value"
	if c == "" {
		cm = "no COMMUNITIES attribute"
	}
	n.add(wordNode("communities", c, cm, "RFC 1997"))
	return n, s + " via " + col(f, i+4) + loop
}

// stateNode reads a state change's state: a BGP4MP number or a name.
func stateNode(name, v string) *Node {
	n := wordNode(name, v, v, "RFC 6396 §4.4.1")
	if k, err := strconv.Atoi(v); err == nil && k >= 1 && k < len(fsmStateNumbers) {
		n.Meaning = fsmStateNumbers[k]
	}
	return n
}

// mrtTime writes a dump's time as UTC: bgpdump -m and bgpreader print
// Unix seconds, -M "MM/DD/YY HH:MM:SS" already.
func mrtTime(v string) string {
	sec, frac, _ := strings.Cut(v, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return "the time of the record, as printed"
	}
	t := time.Unix(s, 0).UTC().Format("2006-01-02 15:04:05")
	if strings.Trim(frac, "0") != "" {
		t += "." + frac
	}
	return t + " UTC"
}

// col is f[i], or "" past its end.
func col(f []string, i int) string {
	if i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// The multi-line form: zebra-dump-parser and bgpdump's default output
// print a record as "KEY: value" lines, from "TYPE: BGP4MP/..." (or
// "TYPE: TABLE_DUMP...") on.
var (
	reMRTBlockType = gate(`(?m)^TYPE: (BGP4MP|TABLE_DUMP|MSG_PROTOCOL_BGP4MP)[\w/ ]*$`)
	reMRTBlockLine = gate(`^([A-Z][A-Z_ ]*[A-Z]): (.*)$`)
)

// mrtBlockKeys says what each key of the block holds.
var mrtBlockKeys = map[string][3]string{
	"TIME":            {"timestamp", "the record's time", "RFC 6396 §2"},
	"TYPE":            {"type", "the MRT type/subtype and, after it, the address family", "RFC 6396 §4"},
	"FROM":            {"peer", "the neighbour that sent the message (and its AS)", "RFC 6396 §4.4.2"},
	"TO":              {"local", "the collector's own address (and AS)", "RFC 6396 §4.4.2"},
	"BGP PACKET TYPE": {"message_type", "the BGP message the record holds", "RFC 4271 §4.1"},
	"ORIGIN":          {"origin", "ORIGIN", "RFC 4271 §5.1.1"},
	"AS_PATH":         {"as_path", "AS_PATH", "RFC 4271 §5.1.2"},
	"ASPATH":          {"as_path", "AS_PATH", "RFC 4271 §5.1.2"},
	"NEXT_HOP":        {"next_hop", "NEXT_HOP", "RFC 4271 §5.1.3"},
	"MULTI_EXIT_DISC": {"med", "MULTI_EXIT_DISC", "RFC 4271 §5.1.4"},
	"LOCAL_PREF":      {"local_pref", "LOCAL_PREF", "RFC 4271 §5.1.5"},
	"COMMUNITY":       {"communities", "COMMUNITIES", "RFC 1997"},
	"ANNOUNCED":       {"announced", "a route the UPDATE announces", "RFC 4271 §4.3"},
	"ANNOUNCE":        {"announced", "a route the UPDATE announces", "RFC 4271 §4.3"},
	"WITHDRAWN":       {"withdrawn", "a route the UPDATE withdraws", "RFC 4271 §4.3"},
	"WITHDRAW":        {"withdrawn", "a route the UPDATE withdraws", "RFC 4271 §4.3"},
	"PREFIX":          {"prefix", "the RIB entry's prefix", "RFC 6396 §4.3.2"},
	"STATE":           {"state", "the FSM's old and new state", "RFC 6396 §4.4.1"},
}

// mrtKeyBlock explains a record printed as "KEY: value" lines; nil when the
// entry is none.
func mrtKeyBlock(text string) (*Node, string) {
	if !reMRTBlockType.match(cased(text)) {
		return nil, ""
	}
	n := wordNode("mrt_record", nil, "an MRT record printed as KEY: value lines (zebra-dump-parser, bgpdump): no octets", "RFC 6396")
	n.Label = "MRT record (text, no octets)"
	var routes, path, from string
	for _, l := range strings.Split(text, "\n") {
		m := reMRTBlockLine.find(cased(strings.TrimSpace(l)))
		if m == nil {
			continue
		}
		k, ok := mrtBlockKeys[m[1]]
		if !ok {
			continue
		}
		f := wordNode(k[0], m[2], k[1], k[2])
		switch k[0] {
		case "as_path":
			f, _ = asPathNode(m[2])
			path = m[2]
		case "announced", "withdrawn":
			routes += " " + m[2]
		case "peer":
			from = m[2]
		}
		n.add(f)
	}
	s := "MRT record printed as text (zebra-dump-parser or bgpdump): " + strings.TrimSpace(strings.SplitN(reMRTBlockType.find(cased(text))[0], ":", 2)[1])
	if from != "" {
		s += " from " + from
	}
	if routes != "" {
		s += ", routes" + routes
	}
	if path != "" {
		s += " via " + path
	}
	return n, s
}

// maskMRTLines blanks the MRT text lines of an entry: they hold no
// octets, and their AS numbers and addresses ("134922", "2804:3e70::")
// must not be read as hex.
func maskMRTLines(text string) string {
	if !strings.Contains(text, "|") {
		return text
	}
	if first, _, _ := strings.Cut(strings.TrimSpace(text), "\n"); rePbgpHead.match(cased(strings.TrimSpace(first))) {
		return strings.Repeat(" ", len(text)) // pbgp-parser's tree: MAC and IPv6 addresses are no octets
	}
	b := []byte(text)
	off := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		t := strings.TrimSpace(l)
		if reBgpdumpLine.match(cased(t)) || reElemLine.match(cased(t)) {
			for i := off; i < off+len(strings.TrimRight(l, "\n")); i++ {
				b[i] = ' '
			}
		}
		off += len(l)
	}
	return string(b)
}
