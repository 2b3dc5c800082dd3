package explain

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The newest open-source daemons log their own envelopes rather than a
// syslog line: FRR 7.5 and later an ID per message in brackets and, in
// its own files, a level in brackets; Go programs (GoBGP 3 and 4 with
// log/slog, older ones with logrus) key=value text or JSON; Rust ones
// (maghemite, with slog-rs) bunyan's JSON. Their elements are read here.

var (
	// FRR's message ID: five and five characters of its base32 alphabet,
	// the same for every entry of one log call in its source.
	// Bracketed in its log lines, before its error reference ("[EC n]")
	// or the text; bare before a tab and a level word in topotato's report
	// of a test run ("W3X54-30BTE<TAB>debug<TAB>…").
	reFRRUID = gate(`(?:^|\s)\[([0-9A-Z]{5}-[0-9A-Z]{5})\](?:\s|$|\[EC )|^([0-9A-Z]{5}-[0-9A-Z]{5})\t(debug|info|notice|warning|error|critical|alert|emergency)\t`)
	// FRR's error reference: a number of its catalogue of errors.
	reFRRErrorRef = gate(`\[EC (\d{8,10})\]`)
	// FRR's level, four letters in brackets, as its own log files write
	// it; or, with log record-priority, its level word and a colon before
	// the protocol tag ("debugging: BGP:", Quagga's too).
	reFRRLevel = gate(`^(?:\[(DEBG|INFO|NTFY|WARN|ERR!|CRIT|ALRT|EMRG)\]|(emergencies|alerts|critical|errors|warnings|notifications|informational|debugging):) `)
	// supervisord's own line, relayed by SONiC's syslog after the host
	// and container, with its time and level and no colon after its
	// name: "host INFO bgp#supervisord 2020-11-08 03:30:19,575 INFO …".
	reSupervisord = gate(`^([A-Za-z0-9][\w.-]*) (?:([A-Z]+) )?(?:([a-z][\w-]*)#)?supervisord (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) ([A-Z]{4,5}) `)
	// A key=value pair of Go's slog text or logrus's text.
	reLogfmtPair = gate(`(?:^|\s)([A-Za-z][\w-]*)=("(?:[^"\\]|\\.)*"|\S+)`)
)

// frrLevels are FRR's level words, four letters and record-priority's
// words, by syslog severity.
var frrLevels = map[string]string{"EMRG": "emergency", "ALRT": "alert", "CRIT": "critical", "ERR!": "error", "WARN": "warning", "NTFY": "notice", "INFO": "informational", "DEBG": "debug",
	"emergencies": "emergency", "alerts": "alert", "critical": "critical", "errors": "error", "warnings": "warning", "notifications": "notice", "informational": "informational", "debugging": "debug"}

// frrLevelField reads FRR's bracketed level at the start of rest (after the
// time) and returns the rest; its message ID is read by frrMessageID.
func frrLevelField(rest string) (*EntryField, string) {
	m := reFRRLevel.find(cased(rest))
	if m == nil {
		return nil, rest
	}
	f := EntryField{Name: "level", Value: "[" + m[1] + "]", Meaning: "the level FRR logged the entry at, in its own four letters: " + frrLevels[m[1]] + ", as syslog names the severity", Ref: "RFC 5424 §6.2.1"}
	if m[2] != "" {
		f.Value, f.Meaning = m[2], "the level FRR (or Quagga) logged the entry at, written before the protocol tag when log record-priority is set: its word for syslog's "+frrLevels[m[2]]+" severity"
	}
	return &f, rest[len(m[0]):]
}

// frrMessageID reads FRR's message ID in s, its level beside it in
// topotato's form, and its error reference, if any.
func frrMessageID(s string) []EntryField {
	var out []EntryField
	if m := reFRRUID.find(cased(s)); m != nil {
		out = append(out, EntryField{Name: "message_id", Value: "[" + m[1] + m[2] + "]", Meaning: "FRR's ID of the log message (7.5 and later): it names the line of FRR's source that logged, the same for every entry of that message, not this event; FRR lists them with their text (show logging unique-id / its xref list)"})
		if m[3] != "" {
			out = append(out, levelField(m[3]))
		}
	}
	if m := reFRRErrorRef.find(cased(s)); m != nil {
		out = append(out, EntryField{Name: "error_ref", Value: "[EC " + m[1] + "]", Meaning: "FRR's error code, a number of its catalogue of errors (show error " + m[1] + " prints its title, cause and suggestion); bgpd's run from 33554433 (0x2000001): not a BGP NOTIFICATION's code"})
	}
	return out
}

// structuredKeys says what the keys of the Go and Rust daemons' entries
// are; a key not here is left to the message's readers.
var structuredKeys = map[string]string{
	"msg":            "the message, the event in the program's words",
	"Topic":          "GoBGP's topic, the part of the daemon that logged: Peer a neighbour's session and FSM, Table the RIB, Config its configuration, Operation an API call",
	"Key":            "GoBGP's key, what the entry is about: with Topic Peer the neighbour's address, with Table a prefix",
	"State":          "GoBGP's name of the FSM state the session was in when it logged (RFC 4271 §8.2.2)",
	"old":            "GoBGP's state the session left (RFC 4271 §8.2.2)",
	"new":            "GoBGP's state the session moved to (RFC 4271 §8.2.2)",
	"reason":         "GoBGP's reason for the move, its name of the event",
	"Duration":       "GoBGP's length of the timer, in seconds",
	"remote":         "the neighbour's address and TCP port the connection is with",
	"name":           "the name of the logger (slog-rs for maghemite's)",
	"v":              "the version of bunyan's JSON format the entry is written in (0)",
	"hostname":       "the system that logged the entry",
	"pid":            "the process ID of the program that logged",
	"component":      "the part of the program that logged (maghemite's bgp)",
	"unit":           "maghemite's unit within the component (dispatcher: the listener taking connections; session_runner: one neighbour's FSM)",
	"module":         "the Rust module that logged",
	"listen_address": "the address and TCP port the daemon listens on for BGP connections (179 unless set otherwise)",
	"neighbor":       "the neighbour's address",
	"fsm_state":      "the state of the session's FSM when it logged (RFC 4271 §8.2.2)",
}

// structuredFields reads the elements of a Go or Rust daemon's entry
// (key=value text, or one JSON object); nil when first is neither.
func structuredFields(first string) []EntryField {
	pairs := structuredPairs(first)
	if pairs == nil {
		return nil
	}
	var out []EntryField
	for _, p := range pairs {
		k, v := p[0], p[1]
		switch k {
		case "time", "ts", "timestamp":
			if f, _ := timeField(v); f != nil {
				out = append(out, *f)
			}
		case "level", "lvl":
			out = append(out, structuredLevel(v))
		default:
			if w, ok := structuredKeys[k]; ok {
				out = append(out, EntryField{Name: strings.ToLower(k), Value: v, Meaning: w})
			}
		}
	}
	return out
}

// structuredPairs returns first's keys and values in order: a JSON
// object's members, or key=value text that has a msg; nil otherwise.
func structuredPairs(first string) [][2]string {
	s := strings.TrimSpace(first)
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		return jsonPairs(s)
	}
	ms := reLogfmtPair.findAll(cased(s), -1)
	var out [][2]string
	hasMsg := false
	for _, m := range ms {
		v := m[2]
		if strings.HasPrefix(v, `"`) {
			v = strings.Trim(v, `"`)
		}
		hasMsg = hasMsg || m[1] == "msg"
		out = append(out, [2]string{m[1], v})
	}
	if !hasMsg {
		return nil
	}
	return out
}

// jsonPairs returns a JSON object's top-level members in order, values
// as text; nil when s is no object.
func jsonPairs(s string) [][2]string {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out [][2]string
	for d.More() {
		kt, err := d.Token()
		if err != nil {
			return nil
		}
		var v any
		if err := d.Decode(&v); err != nil {
			return nil
		}
		k, _ := kt.(string)
		switch x := v.(type) {
		case string:
			out = append(out, [2]string{k, x})
		case json.Number, bool:
			out = append(out, [2]string{k, fmt.Sprint(x)})
		}
	}
	return out
}

// bunyanLevels are bunyan's (and slog-rs's JSON) level numbers.
var bunyanLevels = map[string]string{"10": "trace", "20": "debug", "30": "info", "40": "warn", "50": "error", "60": "fatal"}

// structuredLevel is a level as a word (slog's DEBUG, logrus's debug) or
// as bunyan's number.
func structuredLevel(v string) EntryField {
	if w, ok := bunyanLevels[v]; ok {
		return EntryField{Name: "level", Value: v, Meaning: "the level the program logged the entry at, as bunyan's number: " + v + " is " + w, Ref: "RFC 5424 §6.2.1"}
	}
	return levelField(v)
}

// ExaBGP's own columns (3.4 to 4.2): its time (with the date in some
// versions), the level in older ones, the process ID and the source,
// which names the part that logged; "|" between them, or spaces when it
// logs to a file or the console without them.
var (
	reExaBGPColumns = gate(`^((?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) +\| +(?:(DEBUG|INFO|WARNING|ERROR|CRITICAL) +\| +)?(\d{1,7}) +\| +([a-z][\w.-]*) +\| `)
	reExaBGPSpaced  = gate(`^([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}) (\d{1,7}) +(configuration|reactor|network|api|processes?|routes|message|wire|timers|parser|daemon|cli|(?:outgoing|incoming|peer|ka-outgoing|ka-incoming)-\d+) `)
)

// exabgpSources are ExaBGP's names of the part that logged.
var exabgpSources = map[string]string{
	"outgoing":      "a connection ExaBGP opened to a neighbour, by its number",
	"incoming":      "a connection a neighbour opened to ExaBGP, by its number",
	"ka-outgoing":   "the KEEPALIVE timer of an outgoing connection",
	"ka-incoming":   "the KEEPALIVE timer of an incoming connection",
	"peer":          "one neighbour (its session over either connection), by its number",
	"reactor":       "its main loop, which runs the neighbours and the API",
	"configuration": "the reading of its configuration (and of routes given to it)",
}

// exabgpFields reads ExaBGP's columns at the start of first, if any.
func exabgpFields(first string) []EntryField {
	var tm, level, pid, source string
	if m := reExaBGPColumns.find(cased(first)); m != nil {
		tm, level, pid, source = m[1], m[2], m[3], m[4]
	} else if m := reExaBGPSpaced.find(cased(first)); m != nil {
		tm, pid, source = m[1], m[2], m[3]
	} else {
		return nil
	}
	var out []EntryField
	if f, _ := timeField(tm); f != nil {
		out = append(out, *f)
	} else {
		out = append(out, EntryField{Name: "timestamp", Value: tm, Meaning: "when ExaBGP logged the entry, by the clock of its host (no time zone)"})
	}
	if level != "" {
		out = append(out, levelField(level))
	}
	out = append(out, EntryField{Name: "pid", Value: pid, Meaning: "the process ID of ExaBGP"})
	w := exabgpSources[strings.TrimRight(source, "-0123456789")]
	if w == "" {
		w = "the part of it that logged"
	}
	return append(out, EntryField{Name: "source", Value: source, Meaning: "ExaBGP's source of the entry: " + w})
}

// supervisordFields reads supervisord's line as SONiC's syslog relays it
// (reSupervisord): the host, the container, supervisord and its own time
// and level; nil for any other line.
func supervisordFields(rest string) []EntryField {
	m := reSupervisord.find(cased(rest))
	if m == nil {
		return nil
	}
	out := []EntryField{{Name: "host", Value: m[1], Meaning: "the system that logged the entry (its hostname or address)"}}
	if m[2] != "" {
		out = append(out, levelField(m[2]))
	}
	out = append(out, containerProgram(m[3], "supervisord", "")...)
	out = append(out, EntryField{Name: "program_time", Value: m[4], Meaning: "supervisord's own time of the event, local time with milliseconds after the comma; syslog's time before it is when the line was relayed"})
	return append(out, EntryField{Name: "program_level", Value: m[5], Meaning: "supervisord's own level (CRIT, ERRO, WARN, INFO, DEBG)"})
}
