package explain

import (
	"strings"
)

// The routes collectors' tools print (routeElem, collectors.go) hold no
// octets: each is explained as a tree of fields in words, with a
// sentence naming the line, beside the words the tool printed about
// itself: bgpdump's command line and its note on standard error.
var (
	reMRTCommand  = gate(`\b(?:bgpdump|bgpreader)(?:\s+-[A-Za-z]\b)+`)
	reBgpdumpInfo = gate(`\[info\] logging to syslog$`)
)

// mrtText explains the collector routes of an entry, one node per route,
// and says what each line is; nil when the entry holds none.
func mrtText(text string) (nodes []*Node, said []string) {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if m := reMRTCommand.find(cased(l)); m != nil {
			said = append(said, "the command that printed the MRT text: "+m[0]+" (-m one line per entry with Unix times, -M with readable times, -H the default multi-line form)")
		} else if reBgpdumpInfo.match(cased(l)) {
			said = append(said, "bgpdump's own note on standard error that it logs to syslog: no BGP")
		}
	}
	for _, e := range collectorRoutes(text) {
		nodes, said = append(nodes, e.node()), append(said, e.summary())
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

// routeRoots name a route's tree by the reader's form.
var routeRoots = map[string]string{formBgpdump: "bgpdump_entry", formStream: "bgpstream_elem", formBlock: "mrt_record", formJSON: "collector_route", formBMP: "bmp_record"}

// streamStatus are bgpreader's record statuses.
var streamStatus = map[string]string{"V": "valid record", "E": "empty", "F": "filtered", "R": "corrupted record", "S": "corrupted source"}

// node is the route as a tree: one node per field printed.
func (e routeElem) node() *Node {
	n := wordNode(routeRoots[e.form], e.printed, "a route as the "+e.tool+" prints it: no octets", "RFC 6396")
	if e.form == formBMP {
		n.Meaning, n.Ref = "a record of what a BMP message said, as the "+e.tool+" prints it: no octets", "RFC 7854"
	}
	n.Label = e.tool + " (text, no octets)"
	f := func(name, v, meaning, ref string) {
		if v != "" {
			n.add(wordNode(name, v, meaning, ref))
		}
	}
	kind := strings.ToLower(e.kind)
	if e.mrtType != "" {
		ref := mrtRecords[strings.ToLower(e.mrtType)][1]
		if ref == "" {
			ref = "RFC 6396 §4"
		}
		f("type", e.mrtType, e.record, ref)
	}
	f("bmp_message", e.bmpMsg, "the BMP message the record stems from", "RFC 7854 §4")
	f("timestamp", e.time, unixTime(e.time), "RFC 6396 §2")
	if k, ok := elemKinds[kind]; ok {
		f("entry_type", e.kind, k.short, k.ref)
	}
	f("dump_position", e.rib, "the RIB dump "+e.rib+" here (a control line, no route)", "")
	f("project", e.project, "the collector project (routeviews, ris, or singlefile for a local file)", "")
	f("collector", e.collector, "the route collector", "")
	f("router", e.router, "the router a BMP stream came from; empty for MRT files", "")
	f("router_ip", e.routerIP, "", "")
	f("status", e.status, streamStatus[strings.ToUpper(e.status)], "")
	f("dump_time", e.dumpTime, unixTime(e.dumpTime)+", the dump's own time as its source gives it", "")
	f("peer_ip", e.peerIP, "the "+e.whose()+" neighbour that sent the route", "RFC 6396 §4.3.1")
	f("peer_as", e.peerAS, "that neighbour's AS", "RFC 6396 §4.3.1")
	f("local", e.local, "the collector's own address (and AS)", "RFC 6396 §4.4.2")
	f("message_type", e.msgType, "the BGP message the record holds", "RFC 4271 §4.1")
	if e.oldState != "" || e.newState != "" {
		n.add(stateNode("old_state", e.oldState), stateNode("new_state", e.newState))
	}
	f("prefix", e.prefix, "the route's destination", "RFC 4271 §4.3")
	f("path_id", e.pathID, "the ADD-PATH path identifier: this is one of several paths the peer keeps for the prefix", "RFC 7911 §3, RFC 8050 §4")
	if e.path != "" {
		n.add(asPathNode(e.path))
	}
	f("origin_as", e.originASes, "the AS that originated the route, as the tool computed it: the path's last AS", "RFC 4271 §5.1.2")
	f("origin", e.origin, originCodes[strings.ToLower(e.origin)], "RFC 4271 §5.1.1")
	f("next_hop", e.nextHop, "the address to forward to", "RFC 4271 §5.1.3, RFC 4760 §3")
	if kind != "w" {
		e.attrNodes(n)
	}
	for _, p := range e.announced {
		f("announced", p, "a route the UPDATE announces", "RFC 4271 §4.3")
	}
	for _, p := range e.withdrawn {
		f("withdrawn", p, "a route the UPDATE withdraws", "RFC 4271 §4.3")
	}
	return n
}

// attrNodes adds the attributes after the next hop: LOCAL_PREF, MED,
// the communities, ATOMIC_AGGREGATE, AGGREGATOR.
func (e routeElem) attrNodes(n *Node) {
	zero := ""
	if e.zeroMeans {
		zero = "; the tool prints 0 when the route carries none"
	}
	if e.localPref != "" {
		n.add(wordNode("local_pref", e.localPref, "LOCAL_PREF"+zero+" (routes from an eBGP peer carry none)", "RFC 4271 §5.1.5"))
	}
	if e.med != "" {
		n.add(wordNode("med", e.med, "MULTI_EXIT_DISC"+zero, "RFC 4271 §5.1.4"))
	}
	if e.comms != "" || e.form == formBgpdump && e.path != "" { // bgpdump prints an empty field for none
		n.add(wordNode("communities", e.comms, communityWords(e.comms), "RFC 1997, RFC 8092"))
	}
	if e.extComms != "" {
		n.add(wordNode("extended_communities", e.extComms, extCommWords(e.extComms), "RFC 4360"))
	}
	if e.atomic != "" {
		n.add(wordNode("atomic_aggregate", e.atomic, map[string]string{"ag": "ATOMIC_AGGREGATE present: an aggregate that lost path detail",
			"true": "ATOMIC_AGGREGATE present: an aggregate that lost path detail", "nag": "no ATOMIC_AGGREGATE", "false": "no ATOMIC_AGGREGATE"}[strings.ToLower(e.atomic)], "RFC 4271 §5.1.6"))
	}
	if e.aggrAS != "" || e.aggrIP != "" {
		n.add(wordNode("aggregator", strings.TrimSpace(e.aggrAS+" "+e.aggrIP), "AGGREGATOR: the AS and router ID that formed the aggregate", "RFC 4271 §5.1.7, RFC 6793"))
	}
}

// summary names the line and says what route it holds, in one sentence.
func (e routeElem) summary() string {
	k := elemKinds[strings.ToLower(e.kind)]
	peer := "peer " + e.peerIP + " (AS" + e.peerAS + ")"
	var loop string
	if l := readPath(e.path).loops; len(l) > 0 {
		loop = "; its AS path has a loop: AS " + strings.Join(l, ", ")
	}
	moved := " moved from " + stateNode("", e.oldState).Meaning + " to " + stateNode("", e.newState).Meaning
	switch {
	case e.rib != "":
		return "bgpreader RIB control line: the RIB dump of " + e.collector + " " + e.rib + " at " + unixTime(e.time)
	case e.form == formBlock:
		s := "MRT record printed as text (zebra-dump-parser or bgpdump): " + e.mrtType
		if e.peerIP != "" {
			s += " from " + strings.TrimSuffix(e.peerIP+" AS"+e.peerAS, " AS")
		}
		if r := append(append([]string{}, e.announced...), e.withdrawn...); len(r) > 0 {
			s += ", routes " + strings.Join(r, " ")
		}
		if e.path != "" {
			s += " via " + e.path
		}
		return s + loop
	case e.form == formStream:
		s := "BGPStream elem line (bgpreader, bgpcorsaro): " + k.short + ", from " + peer
		if strings.Contains(e.tool, "pybgpstream") {
			s = "BGPStream elem (pybgpstream): " + k.short + ", from " + peer
		}
		if e.oldState != "" || e.newState != "" {
			return s + ", which" + moved + " (RFC 6396 §4.4.1)"
		}
		if s += ": " + e.prefix; strings.EqualFold(e.kind, "w") {
			return s + " (RFC 4271 §4.3)"
		}
		return s + " via " + e.path + loop
	case e.form == formBMP:
		s := e.tool + ": " + e.bmpMsg
		if e.peerIP != "" {
			s += ", about peer " + strings.TrimSuffix(e.peerIP+" AS"+e.peerAS, " AS")
		}
		if r := append([]string{e.prefix}, e.announced...); strings.TrimSpace(strings.Join(r, "")) != "" {
			s += ", " + strings.TrimPrefix(k.short+" ", " ") + strings.TrimSpace(strings.Join(r, " "))
		}
		return s + loop
	case e.form == formJSON:
		s := e.tool + ": " + strings.TrimPrefix(k.short+", ", ", ") + "from " + peer
		if r := append([]string{e.prefix}, e.announced...); strings.TrimSpace(strings.Join(r, "")) != "" {
			s += ", announced " + strings.TrimSpace(strings.Join(r, " "))
		}
		if len(e.withdrawn) > 0 {
			s += ", withdrawn " + strings.Join(e.withdrawn, " ")
		}
		return s + loop
	}
	head := "bgpkit-parser " + e.printed + " line"
	if e.mrtType != "" {
		head = "bgpdump " + e.mrtType + " line"
	}
	if e.oldState != "" || e.newState != "" {
		return head + ": the session with " + e.peerIP + " (AS" + e.peerAS + ")" + moved + " (BGP4MP_STATE_CHANGE, RFC 6396 §4.4.1)"
	}
	s := head + ": " + k.short + k.wire + ", " + e.prefix + " from " + peer
	if strings.EqualFold(e.kind, "w") {
		return s + " (RFC 6396 §4.4.2, RFC 4271 §4.3)"
	}
	ref := mrtRecords[strings.ToLower(e.mrtType)][1]
	if ref == "" {
		ref = "RFC 4271 §4.3"
	}
	return s + " (" + ref + ")" + loop
}

// asPathNode is an AS path as a field: its hops, its origin AS, and a
// loop as its problem.
func asPathNode(p string) *Node {
	a := readPath(p)
	loops := a.loops
	a.loops = nil // said as the problem
	n := wordNode("as_path", p, strings.TrimPrefix(pathMeaning(a), ": "), "RFC 4271 §5.1.2")
	if n.Meaning == "" {
		n.Meaning = "empty: the route was originated in the sender's own AS"
	}
	n.Problem = pathLoop(loops)
	return n
}

// stateNode reads a state change's state: a BGP4MP number or a name.
func stateNode(name, v string) *Node {
	n := wordNode(name, v, v, "RFC 6396 §4.4.1")
	if s := stateName(v); s != "" {
		n.Meaning = s
	}
	return n
}

// maskPbgpTree blanks a pbgp-parser tree: its MAC and IPv6 addresses are
// no octets. (Collector routes are not scanned for octets at all.)
func maskPbgpTree(text string) string {
	if first, _, _ := strings.Cut(strings.TrimSpace(text), "\n"); strings.Contains(text, "|") && rePbgpHead.match(cased(strings.TrimSpace(first))) {
		return strings.Repeat(" ", len(text))
	}
	return text
}
