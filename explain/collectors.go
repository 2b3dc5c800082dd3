package explain

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file reads routes as route collectors' tools print them: one
// route (an "elem") per line or record, the UPDATE or RIB entry it came
// from already taken apart. bgpdump's and route_btoa's -m/-M lines,
// bgpkit-parser's lines, bgpreader's and pybgpstream's elems, pybgpkit's
// elem dictionary and RIS Live's JSON messages (risjson.go) all give the
// same fields; routeElem says what they mean.

// routeElem is one route as a collector's tool prints it. Empty fields
// were not printed (or printed as absent: "", "None", null).
type routeElem struct {
	tool       string // the tool and form, as the reader names it
	record     string // the MRT record or dump it came from, in words
	kind       string // "A", "W", "B"/"R" (RIB entry), "STATE"/"S"
	time       string // as printed
	timeNote   string // what the time is, when the form says
	peerIP     string
	peerAS     string
	prefix     string
	path       string // AS numbers, space-separated, as printed
	origin     string // IGP, EGP, INCOMPLETE (any case)
	nextHop    string
	localPref  string
	med        string
	comms      string // space-separated
	atomic     string // AG/NAG, true/false
	aggrAS     string
	aggrIP     string
	originASes string // as the tool computed them
	oldState   string
	newState   string
	collector  string // project and collector, when printed
	zeroMeans  bool   // LOCAL_PREF and MED print 0 when the attribute is absent
}

// kindWords says what an elem's type letter means.
var elemKinds = map[string]string{
	"a":     "an announcement (A): the peer offers this route, replacing any it offered before for the prefix (RFC 4271 §4.3 NLRI, or MP_REACH_NLRI for other families)",
	"w":     "a withdrawal (W): the peer no longer offers a route to the prefix (RFC 4271 §4.3 Withdrawn Routes, or MP_UNREACH_NLRI); no attributes go with it",
	"b":     "a RIB entry (B): the route the peer had in the collector's table when the table was dumped, not a change",
	"r":     "a RIB entry (R): the route the peer had in the collector's table when the table was dumped, not a change",
	"s":     "a peer state change (S): the collector's session with the peer changed state",
	"state": "a peer state change (STATE): the collector's session with the peer changed state",
}

// originCodes are ORIGIN's values (RFC 4271 §5.1.1).
var originCodes = map[string]string{
	"igp":        "0, IGP: the route was injected by the origin AS from its own routing",
	"egp":        "1, EGP: learnt by the long-gone EGP protocol",
	"incomplete": "2, INCOMPLETE: learnt some other way, often redistributed from static or another protocol",
	"?":          "2, INCOMPLETE: learnt some other way, often redistributed",
}

// describe says what each field of the elem means.
func (e routeElem) describe() string {
	var out []string
	head := "the " + e.tool
	if e.record != "" {
		head += " of " + e.record
	}
	out = append(out, head)
	if k, ok := elemKinds[e.kind]; ok {
		out = append(out, k)
	}
	if e.time != "" {
		t := "time " + e.time + " (" + unixTime(e.time) + ")"
		if e.timeNote != "" {
			t += ", " + e.timeNote
		}
		out = append(out, t)
	}
	if e.collector != "" {
		out = append(out, "source "+e.collector)
	}
	if e.peerIP != "" || e.peerAS != "" {
		peer := e.peerIP
		if e.peerAS != "" {
			peer += " AS" + e.peerAS
		}
		out = append(out, "from the collector's peer "+strings.TrimSpace(peer))
	}
	if e.oldState != "" || e.newState != "" {
		out = append(out, "state "+stateWord(e.oldState)+" to "+stateWord(e.newState))
	}
	if e.prefix != "" {
		out = append(out, "prefix "+e.prefix)
	}
	if e.path != "" {
		out = append(out, pathWords(e.path))
	}
	if e.originASes != "" {
		out = append(out, "origin AS "+e.originASes+" as the tool computed it (the path's last AS)")
	}
	if w, ok := originCodes[e.origin]; ok {
		out = append(out, "ORIGIN "+w)
	}
	if e.nextHop != "" {
		out = append(out, "NEXT_HOP "+e.nextHop+nextHopNote(e))
	}
	if e.kind == "w" {
		// A withdrawal carries no attributes: what the tool prints for
		// them is its default.
		return strings.Join(out, "; ")
	}
	out = append(out, e.prefAndMED()...)
	if e.comms != "" {
		out = append(out, communityWords(e.comms))
	}
	switch e.atomic {
	case "nag", "false":
		out = append(out, e.atomic+": no ATOMIC_AGGREGATE (RFC 4271 §5.1.6)")
	case "ag", "true":
		out = append(out, e.atomic+": ATOMIC_AGGREGATE is set: an AS aggregated the route and the path lost detail (RFC 4271 §5.1.6)")
	}
	if e.aggrAS != "" || e.aggrIP != "" {
		out = append(out, "AGGREGATOR AS"+e.aggrAS+" "+e.aggrIP+": the AS and router that formed the aggregate (RFC 4271 §5.1.7)"+privateAggr(e.aggrIP))
	}
	return strings.Join(out, "; ")
}

// prefAndMED reads LOCAL_PREF and MED, which the one-line forms print as
// 0 when the UPDATE carries neither.
func (e routeElem) prefAndMED() []string {
	var out []string
	for _, f := range []struct{ name, v, what string }{
		{"LOCAL_PREF", e.localPref, "iBGP only: a collector's eBGP peers do not send it (RFC 4271 §5.1.5)"},
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

// pathWords reads an AS path printed as AS numbers, with bgpdump's
// {a,b} or RIS Live's [a] for an AS_SET: who is first (the peer) and last
// (the origin), and prepending.
func pathWords(path string) string {
	s := "AS_PATH " + path
	f := strings.Fields(strings.NewReplacer("{", " { ", "}", " } ", "[", " { ", "]", " } ", ",", " ").Replace(path))
	var seq []string
	set := false
	for _, a := range f {
		switch a {
		case "{":
			set = true
		case "}":
		default:
			if !set {
				seq = append(seq, a)
			}
		}
	}
	if len(seq) > 0 {
		s += ": " + itoa(len(seq)) + " ASes in sequence, the peer's AS " + seq[0] + " first"
		if !set {
			s += ", the origin AS " + seq[len(seq)-1] + " last"
		}
	}
	if set {
		s += "; it ends in an AS_SET (RFC 4271 §4.3 type 1: the unordered ASes of routes aggregated into this one), so its origin is not one AS; RFC 9774 deprecates AS_SETs"
	}
	if l := pathLoop(seq); l != "" {
		s += "; " + l
	}
	for i := 1; i < len(seq); i++ {
		j := i
		for j < len(seq) && seq[j] == seq[i-1] {
			j++
		}
		if j > i {
			s += "; AS" + seq[i-1] + " appears " + itoa(j-i+1) + " times in a row: prepended, to make the path longer and less preferred"
			i = j
		}
	}
	return s
}

// pathLoop names the ASes that appear twice in a path apart from each
// other (not prepended): the path loops through them, which a router of
// such an AS would refuse (RFC 4271 §9.1.2), unless an AS put them there
// on purpose (path poisoning).
func pathLoop(seq []string) string {
	last := map[string]int{}
	var loops []string
	for i, a := range seq {
		if j, ok := last[a]; ok && j != i-1 && !slices.Contains(loops, a) {
			loops = append(loops, "AS"+a)
		}
		last[a] = i
	}
	if len(loops) == 0 {
		return ""
	}
	verb := " appear"
	if len(loops) == 1 {
		verb = " appears"
	}
	return strings.Join(loops, " and ") + verb + " twice, apart: the path loops, which a router of such an AS rejects (RFC 4271 §9.1.2); either a route leaked back or an AS inserted them on purpose (path poisoning)"
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

// stateWord names a peer state printed as a number (bgpdump's MRT state
// codes, RFC 6396 §4.4.1: RFC 4271's states 1 to 6) or a word.
func stateWord(s string) string {
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(fsmStates) {
		return s + " (" + fsmStates[n-1] + ")"
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
	t := utcString(n)
	if frac != "" && strings.Trim(frac, "0") != "" {
		return "Unix time: " + t + " UTC, and ." + frac + " s"
	}
	return "Unix time: " + t + " UTC"
}

// utcString writes a Unix time in seconds as a date and time in UTC.
func utcString(n int64) string { return time.Unix(n, 0).UTC().Format("2006-01-02 15:04:05") }
