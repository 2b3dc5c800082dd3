package explain

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/mrt"
)

// This file reads routes as route collectors' tools print them: one
// route (an "elem") per line or record, the UPDATE or RIB entry it came
// from already taken apart. bgpdump's and route_btoa's -m/-M lines,
// bgpkit-parser's lines, bgpreader's, bgpcorsaro's and pybgpstream's
// elems (collectorlines.go), zebra-dump-parser's records, pybgpkit's
// elem dictionary and RIS Live's JSON messages (risjson.go) all give the
// same fields: every reader fills one routeElem, which says what they
// mean (describe) and is the tree and the line's summary (routetree.go).

// routeElem is one route as a collector's tool prints it. Fields keep
// the case they were printed in; empty ones were not printed (or printed
// as absent: "", "None", null).
type routeElem struct {
	form       string // the reader: formBgpdump, formStream, ...
	tool       string // the tool and form, as the reader names it
	printed    string // the form's type field(s) as printed ("TABLE_DUMP2", "U|A")
	mrtType    string // the MRT type as printed, when the form gives it
	record     string // the MRT record or dump it came from, in words
	kind       string // "A", "W", "B"/"R" (RIB entry), "STATE"/"S"
	time       string // as printed
	timeNote   string // what the time is, when the form says
	peerIP     string
	peerAS     string
	local      string // the collector's own address, when printed
	prefix     string
	pathID     string // ADD-PATH's path identifier (TABLE_DUMP2_AP)
	path       string // AS numbers, space-separated, as printed
	origin     string // IGP, EGP, INCOMPLETE (any case)
	nextHop    string
	localPref  string
	med        string
	comms      string // space-separated
	extComms   string // extended communities, as printed
	bmpMsg     string // the BMP message the record stems from, in words
	atomic     string // AG/NAG, true/false
	aggrAS     string
	aggrIP     string
	originASes string // as the tool computed them
	oldState   string
	newState   string
	project    string // bgpreader's project, RIS Live's "ris"
	collector  string // the route collector, when printed
	router     string // bgpreader's router and its address (BMP sources)
	routerIP   string
	rib        string // "begins"/"ends": bgpreader's control line around a RIB dump
	status     string // bgpreader's record status (V, E, F, R, S)
	dumpTime   string
	msgType    string // the BGP message a record holds, when printed
	announced  []string
	withdrawn  []string
	notes      []string // the form's own words, said last
	zeroMeans  bool     // LOCAL_PREF and MED print 0 when the attribute is absent
}

// The readers, for the tree's and the summary's shape.
const (
	formBgpdump = "bgpdump" // bgpdump, route_btoa, bgpkit-parser: prefix first
	formStream  = "stream"  // bgpreader, bgpcorsaro, pybgpstream elems
	formBlock   = "block"   // one field a line: zebra-dump-parser, bgpdump -H
	formJSON    = "json"    // RIS Live, pybgpkit's dictionary
	formBMP     = "bmp"     // a BMP collector's record: pmacct, OpenBMP, a BMP client
)

// elemKind is what an elem's type letter means: in full (describe), in
// short (the line's summary), the UPDATE's part that carries it and the
// MRT layout it comes from.
type elemKind struct{ words, short, wire, ref string }

// elemKinds are the elem types the tools print (lower case).
var elemKinds = map[string]elemKind{
	"a": {"an announcement (A): the peer offers this route, replacing any it offered before for the prefix (RFC 4271 §4.3 NLRI, or MP_REACH_NLRI for other families)",
		"a route announced in an UPDATE", " (NLRI or MP_REACH_NLRI)", "RFC 6396 §4.4.2"},
	"w": {"a withdrawal (W): the peer no longer offers a route to the prefix (RFC 4271 §4.3 Withdrawn Routes, or MP_UNREACH_NLRI); no attributes go with it",
		"a route withdrawn in an UPDATE", " (withdrawn routes or MP_UNREACH_NLRI)", "RFC 6396 §4.4.2"},
	"b": {"a RIB entry (B): the route the peer had in the collector's table when the table was dumped, not a change",
		"a route of the RIB snapshot", "", "RFC 6396 §4.3.4"},
	"r": {"a RIB entry (R): the route the peer had in the collector's table when the table was dumped, not a change",
		"a route of the RIB dump", "", "RFC 6396 §4.3.4"},
	"s": {"a peer state change (S): the collector's session with the peer changed state",
		"a change of the BGP FSM's state (BGP4MP_STATE_CHANGE)", "", "RFC 6396 §4.4.1"},
	"state": {"a peer state change (STATE): the collector's session with the peer changed state",
		"a change of the BGP FSM's state (BGP4MP_STATE_CHANGE)", "", "RFC 6396 §4.4.1"},
}

// originCodes are ORIGIN's values (RFC 4271 §5.1.1).
var originCodes = map[string]string{
	"igp":        "0, IGP: the route was injected by the origin AS from its own routing",
	"egp":        "1, EGP: learnt by the long-gone EGP protocol",
	"incomplete": "2, INCOMPLETE: learnt some other way, often redistributed from static or another protocol",
	"?":          "2, INCOMPLETE: learnt some other way, often redistributed",
}

// streamProjects names bgpreader's project field.
var streamProjects = map[string]string{
	"ris":        "RIPE RIS",
	"routeviews": "RouteViews",
	"singlefile": "a local file read with bgpreader's singlefile interface, no collector named",
}

// source names the project and collector (and router) a route came
// from, or "".
func (e routeElem) source() string {
	p := streamProjects[strings.ToLower(e.project)]
	if p == "" {
		p = e.project
	}
	s := p
	if e.collector != "" && !strings.EqualFold(e.collector, e.project) {
		s = e.collector + " (" + p + ")"
	}
	if e.routerIP != "" {
		s = strings.TrimPrefix(s+", router "+e.router+" "+e.routerIP, ", ")
	}
	return s
}

// whose names the speaker whose peer sent the route: the collector's own
// session, or for BMP the monitored router's (RFC 7854 §4.2).
func (e routeElem) whose() string {
	if e.form == formBMP {
		return "monitored router's"
	}
	return "collector's"
}

// describe says what each field of the elem means.
func (e routeElem) describe() string {
	var out []string
	head := "the " + e.tool
	if e.record != "" {
		head += " of " + e.record
	}
	if e.bmpMsg != "" {
		head += ", from " + e.bmpMsg
	}
	out = append(out, head)
	kind := strings.ToLower(e.kind)
	if k, ok := elemKinds[kind]; ok {
		out = append(out, k.words)
	}
	if e.rib != "" {
		out = append(out, "the RIB dump "+e.rib+" here: a control line bgpreader prints around a dump's routes, no route")
	}
	if e.time != "" {
		t := "time " + e.time + " (" + unixTime(e.time) + ")"
		if e.timeNote != "" {
			t += ", " + e.timeNote
		}
		out = append(out, t)
	}
	if s := e.source(); s != "" {
		out = append(out, "source "+s)
	}
	if e.peerIP != "" || e.peerAS != "" {
		peer := e.peerIP
		if e.peerAS != "" {
			peer += " AS" + e.peerAS
		}
		out = append(out, "from the "+e.whose()+" peer "+strings.TrimSpace(peer))
	}
	if e.oldState != "" || e.newState != "" {
		out = append(out, "state "+stateWord(e.oldState)+" to "+stateWord(e.newState))
	}
	if e.prefix != "" {
		out = append(out, "prefix "+e.prefix)
	}
	if e.pathID != "" {
		out = append(out, "path identifier "+e.pathID+": one of several paths the peer keeps for the prefix (ADD-PATH, RFC 7911 §3)")
	}
	if e.path != "" {
		out = append(out, pathWords(e.path))
	}
	if e.originASes != "" {
		out = append(out, "origin AS "+e.originASes+" as the tool computed it (the path's last AS)")
	}
	if w, ok := originCodes[strings.ToLower(e.origin)]; ok {
		out = append(out, "ORIGIN "+w)
	}
	if e.nextHop != "" {
		out = append(out, "NEXT_HOP "+e.nextHop+nextHopNote(e))
	}
	if kind != "w" {
		// A withdrawal carries no attributes: what the tool prints for
		// them is its default.
		out = append(out, e.attrWords()...)
	}
	return strings.Join(append(out, e.notes...), "; ")
}

// attrWords reads LOCAL_PREF, MED, the communities, ATOMIC_AGGREGATE and
// AGGREGATOR.
func (e routeElem) attrWords() []string {
	out := e.prefAndMED()
	if e.comms != "" {
		out = append(out, communityWords(e.comms))
	}
	if e.extComms != "" {
		out = append(out, extCommWords(e.extComms))
	}
	switch strings.ToLower(e.atomic) {
	case "nag", "false":
		out = append(out, strings.ToLower(e.atomic)+": no ATOMIC_AGGREGATE (RFC 4271 §5.1.6)")
	case "ag", "true":
		out = append(out, strings.ToLower(e.atomic)+": ATOMIC_AGGREGATE is set: an AS aggregated the route and the path lost detail (RFC 4271 §5.1.6)")
	}
	if e.aggrAS != "" || e.aggrIP != "" {
		out = append(out, "AGGREGATOR AS"+e.aggrAS+" "+e.aggrIP+": the AS and router that formed the aggregate (RFC 4271 §5.1.7)"+privateAggr(e.aggrIP))
	}
	return out
}

// prefAndMED reads LOCAL_PREF and MED, which the one-line forms print as
// 0 when the UPDATE carries neither.
func (e routeElem) prefAndMED() []string {
	var out []string
	for _, f := range []struct{ name, v, what string }{
		{"LOCAL_PREF", e.localPref, "iBGP only: the " + e.whose() + " eBGP peers do not send it (RFC 4271 §5.1.5)"},
		{"MED", e.med, "the neighbouring AS's preference among its links to yours, lower preferred (RFC 4271 §5.1.4)"},
	} {
		switch {
		case f.v == "":
		case f.v == "0" && e.zeroMeans:
			out = append(out, f.name+" 0: printed as 0 when the UPDATE has none, so absent or 0")
		default:
			out = append(out, f.name+" "+f.v+": "+f.what)
		}
	}
	return out
}

// nextHopNote says when the next hop is the peer itself.
func nextHopNote(e routeElem) string {
	if e.nextHop == e.peerIP {
		return ": the peer itself"
	}
	return ""
}

// privateAggr notes an AGGREGATOR address in private space, a router's
// internal address leaked by aggregation.
func privateAggr(ip string) string {
	for _, p := range []string{"10.", "192.168.", "172.16.", "172.17.", "172.18.", "172.19.", "172.2", "172.30.", "172.31."} {
		if strings.HasPrefix(ip, p) {
			return " (" + ip + " is a private RFC 1918 address: the aggregating router's own)"
		}
	}
	return ""
}

// asPath is an AS path printed as AS numbers, with bgpdump's {a,b} or
// RIS Live's [a] for an AS_SET, read once for every form.
type asPath struct {
	seq   []string // the AS_SEQUENCE, the peer's AS first
	set   bool     // an AS_SET ends it
	loops []string // ASes that appear twice, apart
}

// readPath reads a path. An AS twice side by side is a prepend; twice
// apart, a loop.
func readPath(p string) asPath {
	var a asPath
	for _, w := range strings.Fields(strings.NewReplacer("{", " { ", "}", " } ", "[", " { ", "]", " } ", ",", " ").Replace(p)) {
		switch w {
		case "{":
			a.set = true
		case "}":
		default:
			if !a.set {
				a.seq = append(a.seq, w)
			}
		}
	}
	last := map[string]int{}
	for i, as := range a.seq {
		if j, ok := last[as]; ok && j != i-1 && !slices.Contains(a.loops, as) {
			a.loops = append(a.loops, as)
		}
		last[as] = i
	}
	return a
}

// pathWords reads an AS path: who is first (the peer) and last (the
// origin), an AS_SET, a loop and prepending.
func pathWords(path string) string {
	return "AS_PATH " + path + pathMeaning(readPath(path))
}

// pathMeaning says what a path read holds, from ": " on, or "".
func pathMeaning(a asPath) string {
	var s string
	if len(a.seq) > 0 {
		s += ": " + itoa(len(a.seq)) + " ASes in sequence, the peer's AS " + a.seq[0] + " first"
		if !a.set {
			s += ", the origin AS " + a.seq[len(a.seq)-1] + " last"
		}
	}
	if a.set {
		s += "; it ends in an AS_SET (RFC 4271 §4.3 type 1: the unordered ASes of routes aggregated into this one), so its origin is not one AS; RFC 9774 deprecates AS_SETs"
	}
	if l := pathLoop(a.loops); l != "" {
		s += "; " + l
	}
	for i := 1; i < len(a.seq); i++ {
		j := i
		for j < len(a.seq) && a.seq[j] == a.seq[i-1] {
			j++
		}
		if j > i {
			s += "; AS" + a.seq[i-1] + " appears " + itoa(j-i+1) + " times in a row: prepended, to make the path longer and less preferred"
			i = j
		}
	}
	return s
}

// pathLoop says what ASes that appear twice in a path apart from each
// other (not prepended) mean: the path loops through them, which a
// router of such an AS would refuse (RFC 4271 §9.1.2), unless an AS put
// them there on purpose (path poisoning).
func pathLoop(loops []string) string {
	if len(loops) == 0 {
		return ""
	}
	verb := " appear"
	if len(loops) == 1 {
		verb = " appears"
	}
	return "AS" + strings.Join(loops, " and AS") + verb + " twice, apart: the path loops, which a router of such an AS rejects (RFC 4271 §9.1.2); either a route leaked back or an AS inserted them on purpose (path poisoning)"
}

// communityWords reads a space-separated COMMUNITIES list (a:b, RFC
// 1997) and large communities (a:b:c, RFC 8092).
func communityWords(list string) string {
	var std, large []string
	for _, c := range strings.Fields(list) {
		if strings.Count(c, ":") == 2 {
			large = append(large, c)
		} else {
			std = append(std, c)
		}
	}
	var out []string
	if len(std) > 0 {
		s := "COMMUNITIES " + strings.Join(std, " ") + " (RFC 1997: each the AS that defines it, then its value"
		if w := wellKnownIn(std); w != "" {
			s += "; " + w
		}
		out = append(out, s+")")
	}
	if len(large) > 0 {
		out = append(out, "LARGE_COMMUNITY "+strings.Join(large, " ")+" (RFC 8092: global administrator, then two values)")
	}
	if len(out) == 0 {
		return "no COMMUNITIES attribute"
	}
	return strings.Join(out, "; ")
}

// wellKnownCommunities are RFC 1997's and RFC 7999's well-known values.
var wellKnownCommunities = map[string]string{
	"65535:0":     "GRACEFUL_SHUTDOWN (RFC 8326)",
	"65535:666":   "BLACKHOLE (RFC 7999)",
	"65535:65281": "NO_EXPORT",
	"65535:65282": "NO_ADVERTISE",
	"65535:65283": "NO_EXPORT_SUBCONFED",
	"65535:65284": "NOPEER (RFC 3765)",
}

func wellKnownIn(list []string) string {
	var out []string
	for _, c := range list {
		if w, ok := wellKnownCommunities[c]; ok {
			out = append(out, c+" is "+w)
		}
	}
	return strings.Join(out, ", ")
}

// stateName names a peer state printed as a BGP4MP_STATE_CHANGE number
// (RFC 6396 §4.4.1, mrt's table: RFC 4271's states 1 to 6, Quagga's 7
// and 8), or "" when it is none.
func stateName(s string) string {
	n, err := strconv.ParseUint(s, 10, 16)
	if name := mrt.StateName(uint16(n)); err == nil && !strings.HasPrefix(name, "State(") {
		return name
	}
	return ""
}

// stateWord writes a peer state as printed, with its name when it is a
// number.
func stateWord(s string) string {
	if name := stateName(s); name != "" {
		return s + " (" + strings.ToLower(name) + ")"
	}
	return s
}

// unixTime says what a Unix time printed in seconds is, in UTC.
func unixTime(s string) string {
	sec, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n < 0 {
		return "as the tool prints it"
	}
	t := time.Unix(n, 0).UTC().Format("2006-01-02 15:04:05")
	if frac != "" && strings.Trim(frac, "0") != "" {
		return "Unix time: " + t + " UTC, and ." + frac + " s"
	}
	return "Unix time: " + t + " UTC"
}
