package explain

import (
	"regexp"
	"slices"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// sessionEvent is what a router's words say happened to a session or an
// UPDATE when they are not a NOTIFICATION's code: a TCP connection that
// failed or was closed without one, a local administrative action, an
// RFC 7606 action taken on an UPDATE, a prefix-count warning. Such entries
// are most of what a router logs when a session goes down; each says in
// its own words what the RFCs make of it.
type sessionEvent struct {
	words   []string // lower-case spellings, any of which names the event
	meaning string
	unless  []string // spellings of another event that rule this one out
	also    []string // if set, one of these must be there too
	// passed is the event meant instead when the entry's numbers show a
	// count past its limit, whatever the words call it.
	passed *sessionEvent
	// detail, if set, adds what the entry (lower case) states of the
	// event, such as the family an End-of-RIB is for.
	detail func(lower string) string
}

// The prefix limit passed and its warning threshold reached: vendors
// name the two apart (IOS MAXPFXEXCEED and MAXPFX), but IOS XR logs
// both as MAXPFX, so the numbers decide where the entry states them.
var (
	prefixLimitPassed = sessionEvent{words: []string{"maxpfxexceed", "exceed limit", "exceeds the limit", "exceeded the limit"},
		meaning: "the prefixes received passed the configured maximum: a router set to close the session sends Cease / Maximum Number of Prefixes Reached (6/1, RFC 4486 §4), logged with it (old IOS sent UPDATE Message Error / Malformed Attribute List, 3/1, instead)",
		detail:  limitDetail}
	prefixThreshold = sessionEvent{words: []string{"maxpfx", "prefix_thresh", "prefix-limit threshold", "prefix limit threshold", "prefix threshold"},
		meaning: "the prefixes received reached the warning threshold set for the configured maximum: a warning only; Cease / Maximum Number of Prefixes Reached (6/1, RFC 4486 §4) is sent when the count passes the maximum itself, if the router is set to close the session",
		unless:  prefixLimitPassed.words, passed: &prefixLimitPassed, detail: limitDetail}
)

// thresholdOnly reports whether the entry (lower case) is a prefix-count
// warning and no more: its words ("prefix-limit threshold") then name no
// NOTIFICATION, though "prefix-limit" alone names 6/1.
func thresholdOnly(lower string) bool {
	return containsAny(lower, prefixThreshold.words) && !containsAny(lower, prefixLimitPassed.words) && !pastLimit(lower)
}

// openDelayed is IOS's "active open failed - open timer running": an
// attempt put off, not a failed one.
var openDelayed = sessionEvent{words: []string{"open timer running"},
	meaning: "the router put off its own connection attempt: IOS's open timer (the wait between active opens, with jitter) is still running, so it waits the delay it states and tries again; no connection failed, and the neighbour may still connect to it (RFC 4271 §8.2.2, ConnectRetryTimer)"}

// treatAsWithdraw is what every router's words for RFC 7606's
// treat-as-withdraw mean.
const treatAsWithdraw = "the router treated the UPDATE as a withdrawal of its routes (RFC 7606 §2 treat-as-withdraw): the session stays up and no NOTIFICATION is sent"

// sessionEvents lists the events, more specific ones first (an entry
// names several: an IOS XR UPDATE_FILTERED line's "TreatAsWdr" is both a
// filter's action and treat-as-withdraw).
var sessionEvents = eventRows("session")

// bgpContext finds what makes an entry a BGP one: a BGP daemon's tag or
// name (bgpd, %BGP-, exabgp, gobgp, openbgpd, bird, a BMP collector), a
// neighbour or peer named by its address, port 179 (IOS's "1.1.1.1(179)",
// tcpdump's "192.0.2.1.179", "[2001:db8::1]:179"), BGP's own words
// (NLRI, OpenSent, Cease, an UPDATE or OPEN message, a path attribute),
// ExaBGP's connection names ("incoming-1", "ka-outgoing-5"), or BIRD's
// last error by its class ("Last error: Socket: ...", "Active
// Received: ..." in show protocols and calicoctl's copy of it). The
// events' words ("connection refused", "parse error") are said by any
// program; without such context they say nothing of BGP.
// BIRD's <RMT> class is for errors a remote speaker made.
var bgpContext = anyGate(`bgp`, `\bbird6?\b`, `\bbmp\b`, `openbmp`, `peerup`, `<rmt>`, `<trace>`,
	// Cloud and Kubernetes speakers' own words (cloudevents.go): Google's
	// Cloud Router, Azure's gateway peer status, calicoctl's peer types,
	// cilium bgp peers' header.
	`\bcloud router\b`, `\bconnectedduration\b`, `\|\s*(?:node-to-node mesh|node specific|global)\s*\|`, `\blocal as\s+peer as\b`,
	// GoBGP's own log fields (logfmt Topic=Peer, JSON "Topic":"Peer"),
	// RFC 4271's FSM timers by name (Maghemite's "idle hold timer
	// expires"), and Junos's kernel check of a TCP MD5 signature.
	`\btopic"?\s*[:=]\s*"?peer\b`,
	// GoBGP's print of an UPDATE body (gobgpStructUpdate).
	`^&\{\d{1,5} \[[^\]]*\] \d{1,5} \[\{`,
	// Junos rpd's block for a malformed UPDATE (events.go rows).
	`\breceived malformed update\b`, `\bfamily inet6?(?:-vpn)?-unicast, prefix\b`,
	// The BGP4-MIB's and bgpd's trap OIDs by number (tcpdump, snmptrapd -On),
	// NAPALM's neighbour dictionary, centreon-plugins' bgppeerstate summary.
	`\b1\.3\.6\.1\.2\.1\.15\.\d`, `\b1\.3\.6\.1\.4\.1\.3317\.1\.2\.2\b`, `['"]remote_as['"]\s*:`, `['"](?:\d{1,3}\.){3}\d{1,3}['"]\s*:\s*\{[^}\n]{0,200}['"]is_up['"]`,
	`\badminstate=(?:start|stop)\s+connection=`, `\bpeer are in an? \w+ state since\b`, `\b(?:idle[ _]?hold|connect[ _]?retry|delay[ _]?open)[ _]?timer`, `\btcp_auth_ok\b`,
	`\b(?:neighbou?r|nbr|peer)s?\b\W{0,3}(?:[0-9x]{1,3}(?:\.[0-9x]{1,3}){3}|[0-9a-f]{0,4}:[0-9a-f:]*:[0-9a-f]{0,4})`,
	`\(179\)`, `\bport 179\b`, `\d+\.\d+\.\d+\.\d+\.179\b`, `\]:179\b`,
	`nlri`, `opensent`, `openconfirm`, `\bcease\b`, `\b(?:update|open) message`, `transitive attribute`, `path attribute`, `end[- ]of[- ]rib`,
	`\b(?:ka-)?(?:incoming|outgoing)-\d+\b`,
	// A BGP message's type awaited by the FSM (FlapAlerted's "unexpected
	// message of type '3', expected keepalive").
	`\bmessage of type '?\d{1,3}'?,? expected (?:open|keepalive|update|notification)\b`,
	// FortiOS's (ZebOS's) BGP debug: "10.0.0.1-Outgoing [DECODE] Open Cap:",
	// "[GRST] Timer ...", "[RIB] Scanning BGP ...".
	`\b(?:incoming|outgoing) \[(?:fsm|decode|encode|network)\]`, `\[grst\]`,
	// The families BGP alone carries (EVPN, FRR's nexthop cache for its
	// routes, ExaBGP's routes of a family a neighbour lacks): their lines
	// need not say BGP (familyevents.go).
	`\bevpn\b`, `\ballocated bnc\b`, `\bnh unresolved\b`, `\broute family is not configured on neighbou?r\b`,
	// FRR's nexthop tracking lines (frrdebug.go): "Rcvd NH update",
	// "Found existing bnc", "bnc info not found".
	`\bnh update\b`, `\bexisting bnc\b`, `\bbnc info not found\b`,
	// SONiC's route programming after BGP (sonicevents.go): fpmsyncd's
	// FPM channel from zebra, orchagent's routes and SAI's route objects.
	`\bfpmsyncd\b`, `\bfpm message\b`, `\borchagent\b[^\n]{0,40}\bcreate route\b`, `\bsai_api_(?:route|neighbor|next_hop)`,
	// Comware's OPEN debug: "CAP Type: 1 (Multiprotocol) CAP Len: 4".
	`\bcap type:\s*\d{1,3}\b[^\n]{0,40}\bcap len\b`,
	// Brocade's and Extreme's show ip bgp neighbor: "KeepAliveTime: 30,
	// HoldTime: 90".
	`\bkeepalive ?time\s*:\s*\d+,\s*hold ?time\s*:`,
	// FRR's graceful restart stale path timer, GoBGP's API fields in
	// protobuf text (peer_asn:65001), and BIRD's trace of a KEEPALIVE
	// ("Sending KEEPALIVE", "Got KEEPALIVE"): its "Sending UPDATE" could be
	// any program's words.
	`stalepath`, `\bpeer_asn\b`, `\b(?:sending|got) keepalive\b`,
	// The session counts of IOS's, FRR's and FTOS's show bgp neighbors:
	// "Connections established 1; dropped 0".
	`\bconnections established \d+; dropped \d+\b`,
	// A peer summary table's column head (peertables.go).
	`\bup/(?:down|dwn)\s+state\b`,
	// openbmpd's log names its function in a column: "| INFO | ReadIncomingMsg |".
	`\|\s*(?:readincomingmsg|handleinitmsg|handletermmsg|handle(?:up|down)event|parsepeer\w+|parsebgpheader)\s*\|`,
	`(?:last error:|\b(?:idle|connect|active|opensent|openconfirm|established))\s+(?:socket|received|error|bgp error|automatic shutdown):`)

// aboutBGP reports whether an entry, as logged (its date and time
// unmasked: FRR's "2019/04/12 13:18:08.916 BGP:" puts its tag where a
// time zone goes), is about BGP, so that its events are read.
func aboutBGP(text string) bool {
	lower := strings.ToLower(text)
	return bgpContext.match(newScan(lower, lower))
}

// sessionEventsIn returns the meaning of every event the entry's words
// (lower case) name, first match first. They are read only in entries
// aboutBGP (ParseLogLine).
func sessionEventsIn(lower string) []string {
	var out []string
	for _, t := range []string{stateChange(lower), fsmEventNumbered(lower), keyedEvent(lower), junosEvent(lower), comwareEvent(lower), msgTraced(lower), asTransOpen(lower), gobgpStructUpdate(lower), msgTypeWords(lower), msgHdrType(lower), typeExpected(lower), ciliumPeerRow(lower), peerTable(lower), peerList(lower), timersShown(lower), monitoringShown(lower), bmpStationShown(lower), routesShown(lower), gobgpAPIState(lower), gobgpNumState(lower), gobgpStructHeader(lower), birdProtoStep(lower), birdRouteTrace(lower)} {
		if t != "" {
			out = append(out, t)
		}
	}
	out = append(out, featureEventsIn(lower)...)
	var text pairIndex
	text.reset(lower)
	return rowsSaid(out, &text, lower, allEvents)
}

// rowsSaid appends the meaning of every row of table whose words the
// entry (lower case, indexed in text) holds.
func rowsSaid(out []string, text *pairIndex, lower string, table []sessionEvent) []string {
	for _, e := range table {
		if !text.hasAny(e.words) || text.hasAny(e.unless) || e.also != nil && !text.hasAny(e.also) {
			continue
		}
		if e.passed != nil && pastLimit(lower) {
			e = *e.passed
		}
		m := e.meaning
		if e.detail != nil {
			m += e.detail(lower)
		}
		out = append(out, m)
	}
	return out
}

// allEvents are the rows of every table of events: sessionEvents and the
// tables kept by topic in files of their own (bmplog.go, cloudevents.go,
// featureevents.go, daemonevents.go, familyevents.go, birdtraces.go,
// frrdebug.go).
var allEvents = slices.Concat(sessionEvents, bmpEvents, cloudEvents, featureEvents, showEvents, daemonEvents, familyEvents, birdEvents, frrDebugEvents, sonicEvents)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// eventsSay puts the events an entry reports where they are read: in the
// diagnosis when the entry is about no NOTIFICATION (they are then all
// there is to say), else among the evidence, beside the error's own.
func eventsSay(x *Explanation, events []string) {
	if len(events) == 0 {
		return
	}
	if len(x.Diagnosis) == 0 {
		for _, e := range events {
			x.Diagnosis = append(x.Diagnosis, strings.ToUpper(e[:1])+e[1:]+".")
		}
		return
	}
	for _, e := range events {
		x.Line.Evidence = append(x.Line.Evidence, "the words report: "+e)
	}
}

// reStateChange is a move of the FSM between two of RFC 4271's states as
// logs write it: "OpenSent -> Active" (OpenBGPD), "(OpenSent->Idle)"
// (FRR), "changed state from Connect to Idle" (Junos), "moved from higher
// state OPENSENT to lower state IDLE" (Nokia), "old state Established
// event HoldTime new state Idle" (Junos, EOS). Words take "from": "to"
// alone is English ("failed to connect to active neighbor").
var reStateChange = regexp.MustCompile(`\b(idle|connect|active|opensent|openconfirm|established)\s*(?:->|→)\s*(idle|connect|active|opensent|openconfirm|established|clearing)\b|` +
	`\bfrom\s+(?:[a-z]+\s+state\s+)?(idle|connect|active|opensent|openconfirm|established)\s+to\s+(?:[a-z]+\s+state\s+)?(idle|connect|active|opensent|openconfirm|established|clearing|deleted)\b|` +
	`\bold state (idle|connect|active|opensent|openconfirm|established)\b.{0,60}?\bnew state (idle|connect|active|opensent|openconfirm|established)\b`)

// fsmStates are RFC 4271 §8.2.2's states in its order (FRR's Clearing,
// which follows Established, last), for telling a move forward from one
// back.
var fsmStates = []string{"idle", "connect", "active", "opensent", "openconfirm", "established", "clearing"}

// stateChange says what a move of the FSM the entry (lower case) logs
// means, or "" if it logs none.
func stateChange(lower string) string {
	var from, to string
	if m := stateChangeAt.find(lower); m != nil { // reStateChange's first match
		from, to = m[1]+m[3]+m[5], m[2]+m[4]+m[6]
	} else if from, to = gobgpMove(lower); from == "" {
		if s := mibState(lower); s != "" {
			return s
		}
		if s := adjacencyUp(lower); s != "" {
			return s
		}
		return stateShown(lower)
	}
	s := "the session moved from " + from + " to " + to + " (RFC 4271 §8.2.2): "
	switch {
	case to == "established":
		return s + "a KEEPALIVE answered its OPEN (event 26) and it came up; not an error"
	case to == "openconfirm":
		return s + "the neighbour's OPEN was accepted (event 19) and a KEEPALIVE is awaited; a normal step"
	case to == "opensent":
		return s + "the TCP connection came up (events 16, 17) and the router sent its OPEN; a normal step"
	case from == "active" && to == "connect":
		return s + "its ConnectRetryTimer expired (event 9) and the router tries its own TCP connection again; a retry while the session is not yet up, not a session going down"
	case from == "connect" && to == "active":
		return s + "the router's own TCP connection attempt failed (event 18 TcpConnectionFails); it waits in Active for the neighbour to connect, and tries again when its ConnectRetryTimer expires"
	case to == "deleted" || to == "clearing":
		return s + stateWaits[to]
	case slices.Index(fsmStates, to) < slices.Index(fsmStates, from):
		return s + "the session went down or its attempt failed; the event or reason logged with it says why (a NOTIFICATION, the TCP connection closed, a timer, an operator)"
	}
	return s + "a step in setting the session up"
}

// attrActionNamed is RFC 7606's action for the one attribute an entry
// (lower case) names, or "".
func attrActionNamed(lower string) string {
	t := attrInWords(lower)
	if t == 0 || t.ErrorAction() == bgp.NoAction {
		return ""
	}
	return "; for " + t.String() + " it is " + t.ErrorAction().String()
}

// familyNamed adds the address family the entry names, in words or as
// AFI/SAFI numbers.
func familyNamed(lower string) string {
	if f, ok := familyInWords(lower); ok {
		return "; here for " + familyWords(f)
	}
	return ""
}

// familyWords names a family with its registry numbers: "IPv6 unicast
// (AFI 2, SAFI 1)".
func familyWords(f bgp.Family) string {
	return f.String() + " (AFI " + itoa(int(f.AFI)) + ", SAFI " + itoa(int(f.SAFI)) + ")"
}

// reExtNextHop is an Extended Next Hop capability's tuple in FRR's words,
// "afi/safi/next-hop afi: IPv4/multicast/2": the NLRI's family and the
// AFI of the next hop.
var reExtNextHop = gate(`\b((?:ipv4|ipv6)[/ ][a-z-]+)/(\d{1,5})\b`)

// extNextHopTuple says what an Extended Next Hop capability tuple the
// entry names is (RFC 8950 §4: NLRI AFI, NLRI SAFI, Nexthop AFI).
func extNextHopTuple(lower string) string {
	m := reExtNextHop.find(newScan(lower, lower))
	if m == nil || !strings.Contains(lower, "extended next") {
		return ""
	}
	f, ok := familyInWords(m[1])
	if !ok {
		return ""
	}
	return "; the tuple named is " + familyWords(f) + " NLRI over a next hop of AFI " + m[2] + " (" + bgp.AFI(atoiOr(m[2], 0)).String() + "), RFC 8950 §4"
}

// openTraceDetail is what an OPEN's debug trace (lower case) states in
// numbers: the capability or parameter codes, Opt Parm Len.
func openTraceDetail(lower string) string { return openTraceNumbers(lower) + optParmLen(lower) }
