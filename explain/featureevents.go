package explain

import (
	"strings"
)

// What routers and their RPKI caches log about the features around a BGP
// session rather than the session's own messages: the RPKI-to-router
// protocol (RFC 8210; RFC 6810 is its version 0) that feeds route origin
// validation (RFC 6811), and its traces. Their rows are read like
// sessionEvents, after them.

// featureContext makes an entry's feature events read though it names no
// BGP daemon or neighbour (aboutBGP): a cache's or an RTR client's words,
// Junos's validation trace, FRR's prefix-count state. Only these events:
// a cache's "Connection refused" is no BGP neighbour's.
var featureContext = anyGate(`rpki`, `\brtr\b`, `\brfc ?(?:8210|6810)\b`, `\bsovc\b`, `\brv_get_policy_state\b`,
	`\bfort\[\d+\]:`, `\b(?:reset|serial) query\b`, `\bcache (?:response|reset)\b`, `\bidle \(pfxct\)`,
	// IOS XR's show bgp nsr lines that name no BGP ("NSR State NOT READY
	// notified to Redcon").
	`\bnsr state not ready\b`)

// rtrPDUTypes are the RPKI-to-router PDU types (RFC 8210 §5; 11 is
// 8210bis's ASPA).
var rtrPDUTypes = map[int]string{0: "Serial Notify", 1: "Serial Query", 2: "Reset Query", 3: "Cache Response", 4: "IPv4 Prefix",
	6: "IPv6 Prefix", 7: "End of Data", 8: "Cache Reset", 9: "Router Key", 10: "Error Report", 11: "ASPA"}

// rtrErrors are the Error Report PDU's codes (RFC 8210 §12) and what each
// tells of the side that sent it.
var rtrErrors = []struct {
	name, meaning string
}{
	{"Corrupt Data", "a PDU could not be parsed; also what a cache that restarted answers a Serial Query naming its old session with"},
	{"Internal Error", "the sender failed in a way unrelated to the PDU"},
	{"No Data Available", "the cache has no validated data to serve yet (it is still validating after a start); the router tries again after its retry interval, and routes read NotFound meanwhile unless it keeps another cache's data"},
	{"Invalid Request", "the PDU makes no sense in the session's state"},
	{"Unsupported Protocol Version", "the two sides speak different RTR versions: the router retries with the version the cache names (RFC 8210 §7)"},
	{"Unsupported PDU Type", "the receiver does not know the PDU type"},
	{"Withdrawal of Unknown Record", "the cache withdrew a record the router never had"},
	{"Duplicate Announcement Received", "the cache announced a record the router already has"},
	{"Unexpected Protocol Version", "a PDU's version differs from the one the session started with"},
}

var (
	// "error_code='2'" (rpki-rtr-client), "Error Report ... code 2".
	reRTRErrorCode = gate(`(?i)\berror report\b[^\n]{0,80}?\b(?:error_)?code\W{0,3}(\d{1,2})\b`)
	// IOS's "hex dump 00 02 00 00 00 00 00 08": the PDU in error, its
	// 8-octet header first (version, type, session ID or zero, length).
	reRTRHexDump = gate(`(?i)\bhex dump((?:\s+[0-9a-f]{2}){8,})`)
	// Junos's trace of origin validation: "rv_get_policy_state: rt
	// 1.36.32.0/19 origin-as 1713, roa 1.36.0.0/16-16 origin-as 4760,
	// max-length mismatch".
	reROVTrace = gate(`(?i)\brv_get_policy_state: rt (\S+) origin-as (\d+), roa (\S+?)-(\d+) origin-as (\d+), (origin-as|max-length) mismatch\b`)
	// A BIRD show protocols row of an RPKI protocol: "r3k RPKI --- up
	// 2020-11-20 Established", "validator RPKI --- start 10:06:02.441
	// Transport-Error".
	reBirdRPKIRow = gate(`(?i)\brpki\s+-{3}\s+(up|start|down|flush)\s+\S+(?:\s+\d\d:\d\d\S*)?\s+([a-z][\w-]*)`)
)

// rtrDumpIn reports whether the entry's hex is an RPKI-to-router PDU a
// router printed, not BGP octets (IOS's %BGP-4-BGP_RPKI_ERROR_MESSAGE).
func rtrDumpIn(lower string) bool {
	return strings.Contains(lower, "rpki") && reRTRHexDump.match(newScan(lower, lower))
}

// rtrErrorReport reads an Error Report PDU an entry names (RFC 8210
// §5.11): its code, by number or name, and the PDU in error when dumped.
func rtrErrorReport(lower string) string {
	if !strings.Contains(lower, "error report") {
		return ""
	}
	t := newScan(lower, lower)
	code := -1
	if m := reRTRErrorCode.find(t); m != nil {
		code = atoiOr(m[1], -1)
	}
	for i, e := range rtrErrors {
		if code < 0 && strings.Contains(lower, strings.ToLower(e.name)) {
			code = i
		}
	}
	out := "an RPKI-to-router Error Report PDU (RFC 8210 §5.11, PDU type 10)"
	if code >= 0 && code < len(rtrErrors) {
		e := rtrErrors[code]
		out += ", error code " + itoa(code) + " " + e.name + " (RFC 8210 §12): " + e.meaning
	} else if code >= 0 {
		out += ", error code " + itoa(code) + ", not one RFC 8210 §12 assigns"
	}
	if m := reRTRHexDump.find(t); m != nil {
		out += rtrHeader(m[1])
	}
	return out + "; this is the RTR session to the cache, not a BGP session: no BGP NOTIFICATION is sent, only the routes' validation states depend on it"
}

// rtrHeader reads the 8-octet header of the PDU a router dumped.
func rtrHeader(hexText string) string {
	b, err := ParseHex(strings.TrimSpace(hexText))
	if err != nil || len(b) < 8 {
		return ""
	}
	name, ok := rtrPDUTypes[int(b[1])]
	if !ok {
		name = "an unknown type"
	}
	n := int(b[4])<<24 | int(b[5])<<16 | int(b[6])<<8 | int(b[7])
	return "; the PDU in error, as dumped: version " + itoa(int(b[0])) + " (" + map[bool]string{true: "RFC 6810", false: "RFC 8210"}[b[0] == 0] +
		"), type " + itoa(int(b[1])) + " " + name + ", session ID or zero " + itoa(int(b[2])<<8|int(b[3])) + ", length " + itoa(n) + " octets"
}

// rovTrace reads Junos's trace of a route checked against a VRP that
// covers it but does not match it (RFC 6811 §2).
func rovTrace(lower string) string {
	m := reROVTrace.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	out := "Junos's route origin validation trace (RFC 6811 §2): the route " + m[1] + " originated by AS" + m[2] + " is covered by the VRP " + m[3] +
		" maxLength " + m[4] + " AS" + m[5] + " (a ROA's payload, received over RTR), which does not match it: "
	if m[6] == "origin-as" {
		out += "the VRP's AS is not the route's origin AS"
	} else {
		out += "the route is longer than the VRP's maxLength allows"
	}
	return out + "; a route that some covering VRP matches is Valid, one that none matches is Invalid, and import policy acts on the state (validation-state invalid)"
}

// birdRPKIState reads a BIRD show protocols row of an RPKI protocol.
func birdRPKIState(lower string) string {
	m := reBirdRPKIRow.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	out := "BIRD's RPKI protocol (its RTR client to a cache, RFC 8210), state " + m[1] + ", info " + m[2] + ": "
	switch m[2] {
	case "established":
		return out + "the RTR session is up and BIRD has the cache's data (Cache Response to End of Data, RFC 8210 §5.5-§5.8), which it keeps in its ROA tables for the filters' roa_check"
	case "transport-error":
		return out + "the TCP (or SSH) connection to the cache failed or was lost: BIRD retries after its retry interval and keeps the ROAs it has until the expire interval (RFC 8210 §6) runs out; a cache that restarts or an anycast cache that moves causes this"
	}
	return out + "the RTR session to the cache is not up; BIRD retries after its retry interval (RFC 8210 §6)"
}

// featureEvents are the rows of the features around a session, read
// after sessionEvents.
var featureEvents = eventRows("feature")

var (
	reRestartTime = gate(`(?i)\brestart time\s*:\s*(\d+)`)
	reSecStated   = gate(`(?i)\((\d+) sec\)`)
)

// secondsStated is the timer's length an entry (lower case) states,
// GoBGP's "(10 sec)".
func secondsStated(lower string) string {
	if m := reSecStated.find(newScan(lower, lower)); m != nil {
		return " (" + m[1] + " s here)"
	}
	return ""
}

// featureEventsIn returns what the entry (lower case) tells of the
// features around a session, read by its numbers or layout.
func featureEventsIn(lower string) []string {
	var out []string
	for _, t := range []string{rtrErrorReport(lower), rovTrace(lower), birdRPKIState(lower)} {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// featureEventsOnly returns the feature events of an entry (lower case)
// that is not aboutBGP: none unless featureContext finds it one of theirs.
func featureEventsOnly(lower string) []string {
	if !featureContext.match(newScan(lower, lower)) {
		return nil
	}
	var text pairIndex
	text.reset(lower)
	return rowsSaid(featureEventsIn(lower), &text, lower, featureEvents)
}

// restartTimeStated is the Restart Time an FRR Graceful Restart entry
// (lower case) states, or "".
func restartTimeStated(lower string) string {
	if m := reRestartTime.find(newScan(lower, lower)); m != nil {
		return " (" + m[1] + " s here)"
	}
	return ""
}

// nsrResetReason says what IOS XR's last NSR reset reason (lower case)
// means, where it names one bgplens knows.
func nsrResetReason(lower string) string {
	if strings.Contains(lower, "nsr operation down") {
		return ": TCP on the active route processor stopped replicating a session to the standby (its neighbour stopped answering, about half the hold time), so BGP's NSR went down for it"
	}
	return ""
}
