package explain

import "strings"

// BIRD's debug log as users paste it: a class tag in angle brackets after
// the time ("<TRACE>", "<RMT>"), the protocol's name from its
// configuration, and its trace of the protocol's life and of the routes
// passing between the protocol and its routing table.

var (
	// BIRD's log class and the protocol name after it (sysdep/unix/log.c
	// writes the class; the protocol's traces start with its name).
	reBIRDClass = gate(`^<(TRACE|RMT|ERR|INFO|WARN|AUTH|BUG|FATAL|DBG)> ([A-Za-z_][\w.-]*)(?::| [<>] )`)
	// The protocol's own steps, alone on the line: "R1: Started".
	reBIRDProtoStep = gate(`<trace> [\w.-]+: (starting|started|stopping|down)$`)
	// A route's trace: "R1 > added [best] 203.0.113.0/24 via …".
	reBIRDRouteTrace = gate(`<trace> [\w.-]+ ([<>]) (added|removed|replaced|updated|ignored|filtered out|rejected by protocol)(?: \[(\w+)\])?(?: (\S+/\d{1,3})(?: via (\S+))?)?`)
	// Who sent the error BIRD names: "Received: …" the neighbour, "Error:
	// …" BIRD (bgp_log_error); OpenBGPD's bgpctl show neighbor "Last error
	// sent:" and "Last error received:".
	reLoggedSide = gate(`(?:\blast error (sent|received)|(?:<rmt>|\bbird6?:) [\w.-]+: (received|error)):`)
)

// birdClasses say what each BIRD log class is for.
var birdClasses = map[string]string{
	"TRACE": "trace: a step the protocol was configured to trace (debug), not an error",
	"RMT":   "remote: an error the neighbour made or reported, such as a NOTIFICATION received",
	"ERR":   "error: an error on this router's side",
	"INFO":  "information",
	"WARN":  "warning",
	"AUTH":  "authentication",
	"BUG":   "an internal inconsistency of BIRD (a bug)",
	"FATAL": "a fatal error: BIRD stops",
	"DBG":   "debugging output",
}

// birdClassFields reads BIRD's class tag and the protocol name after it at
// the start of rest (after the time), and returns the rest after the tag.
func birdClassFields(rest string) ([]EntryField, string) {
	m := reBIRDClass.find(cased(rest))
	if m == nil {
		return nil, rest
	}
	return []EntryField{
		{Name: "class", Value: "<" + m[1] + ">", Meaning: "BIRD's log class, " + birdClasses[m[1]]},
		{Name: "protocol", Value: m[2], Meaning: "the name of BIRD's protocol instance (here the BGP session) in its configuration"},
	}, rest[len(m[1])+2:]
}

// birdProtoStep tells BIRD's trace of its protocol starting or stopping.
func birdProtoStep(lower string) string {
	m := reBIRDProtoStep.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	switch m[1] {
	case "starting", "started":
		return "BIRD's protocol (the session) " + m[1] + ": it may now connect to the neighbour or take its connection (RFC 4271 §8.1.2, a start event); not the session coming up, which BIRD logs as \"BGP session established\""
	}
	return "BIRD's protocol (the session) is " + m[1] + ": the session is closed and the routes learnt over it are withdrawn; the lines before it say why"
}

// birdRouteTrace tells BIRD's trace of a route between the protocol and
// its routing table ("<" to the protocol, ">" from it).
func birdRouteTrace(lower string) string {
	m := reBIRDRouteTrace.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	s := "BIRD's route trace: a route from the protocol (the neighbour) into BIRD's routing table (\">\", import)"
	if m[1] == "<" {
		s = "BIRD's route trace: a route from BIRD's routing table to the protocol, to be announced to the neighbour (\"<\", export)"
	}
	s += ", " + m[2]
	switch m[2] {
	case "rejected by protocol":
		s += ": the protocol itself declined to announce it, as BGP does for a route learnt from this same neighbour or one it may not pass on (RFC 4456 §8 for iBGP); no filter was involved"
	case "filtered out":
		s += " by the import or export filter of the configuration"
	case "removed":
		s += ": withdrawn"
	}
	switch m[3] {
	case "best":
		s += "; [best]: the best route for the prefix"
	case "sole":
		s += "; [sole]: the only route for the prefix"
	}
	if m[4] != "" {
		s += "; prefix " + m[4]
	}
	if m[5] != "" {
		s += ", next hop " + m[5]
	}
	return s
}

// loggedSide says which side sent the NOTIFICATION a BIRD or OpenBGPD
// entry names, or "".
func loggedSide(lower string) string {
	m := reLoggedSide.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	if strings.TrimSpace(m[1]+m[2]) == "received" {
		return "The neighbour sent this NOTIFICATION and this router received it: the neighbour found the error, so its log has the details."
	}
	return "This router sent this NOTIFICATION to the neighbour: the error was found here."
}

// birdEvents are BIRD's traces of its BGP protocol's life that name no
// message, and of the End-of-RIB by its direction.
var birdEvents = eventRows("bird")
