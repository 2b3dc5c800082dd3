package explain

import (
	"net/netip"
	"strconv"
	"strings"
)

// The elements of a log entry around what it says of BGP: the syslog
// priority, the time, the host and program that logged it, the vendor's
// message identifier, the addresses, AS numbers and VRF it names. They
// are read alike for every vendor, by form, and each is said in words:
// what an engineer looks up by hand before the BGP part makes sense (is
// that AS private, that address a documentation one, severity 3 an
// error?).

// EntryField is one element of a log entry, in words.
type EntryField struct {
	Name    string `json:"field"`   // snake_case: "timestamp", "host", "message_id", "address", "as", "vrf"
	Value   string `json:"value"`   // as the entry prints it
	Meaning string `json:"meaning"` // what it is and means
	Ref     string `json:"ref,omitempty"`
}

var (
	rePRI         = gate(`^<(\d{1,3})>(1 )?`)
	re5424Header  = gate(`^(\S+) (\S+) (\S+) (\S+) (-|\[.*?\])(?: |$)`)
	reTimeBSD     = gate(`^(\*|\.)?([A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?)(?: (\d{4}))?(?: ([A-Z]{3,4}))? ?:?(?: |$)`)
	reXRNode      = gate(`(?:^|[\s\]#])((?:RP|RSP|LC)/\d+/\w+/CPU\d+):`)
	reSeqNumber   = gate(`^(?:(\S+) )?(\d{1,10}):(?: (\S+))? *$`)
	reTimeYear    = gate(`^(\d{4} [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?)(?: ([A-Z]{3,4}))?:?(?: |$)`)
	reHostID      = gate(`^([A-Za-z0-9][\w.-]*):? +%[A-Z]`)
	reNXOSProcess = gate(`%BGP-[0-7]-\w+:\s+(bgp-(\d*)) \[(\d+)\]\s+\(([^)\s]+)\)`)
	reTimeISO     = gate(`^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?)(Z|[+-]\d\d:?\d\d)?\b`)
	reTimeSlash   = gate(`^(\d{4}/\d\d/\d\d[ -]\d\d:\d\d:\d\d(?:\.\d+)?)\b`)
	reLevel       = gate(`^(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL)\b:? *`)
	// SONiC names the container before the program: "DEBUG bgp#bgpd[52]:".
	reHostProgram = gate(`^([A-Za-z0-9][\w.-]*) (?:(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL) )?(?:([a-z][\w-]*)#)?(/?[A-Za-z][\w./-]*?)(?:\[(\d+)\])?: `)
	reProgram     = gate(`^(?:([a-z][\w-]*)#)?([A-Za-z][\w./-]*?)(?:\[(\d+)\])?: `)
	// grep -r's file name before each entry: "syslog.1:May 28 12:59:58".
	reLogFile       = gate(`^((?:[\w.-]*/)*(?:syslog|messages|bgpd\.log|zebra\.log|frr\.log)(?:\.\d{1,3})?(?:\.gz)?):`)
	reCiscoID       = gate(`%((?:[A-Z][A-Z0-9_]*-)*[A-Z][A-Z0-9_]*)-([0-7])-([A-Z][A-Z0-9_]*)\b`)
	reHuaweiID      = gate(`\b(BGP|BGPMIB)/([0-7])/([A-Z][A-Z0-9_]*)\b`)
	reJunosTag      = gate(`\b((?:RPD_)?BGP_[A-Z0-9_]*[A-Z0-9]):`)
	reTagBeforeTime = gate(`^([A-Za-z][\w-]{1,15}):\s+\d`)
	reFRRTag        = gate(`%([A-Z][A-Z0-9_]+):`)
	reASWord        = gate(`\bAS(?:N|[ :]) ?(\d{1,10}(?:\.\d{1,5})?)\b`)
	reASAfter       = gate(`(?i)\b(?:(?:remote|local|peer|neighbou?r|my)[-. ]?asn?|asn)[ :=]+(\d{1,10}(?:\.\d{1,5})?)\b`)
	reASGlued       = gate(`\bAS(\d{1,10})\b`)
	reVRF           = gate(`(?i)\bvrf[ :=]+(?:vrf )?(?:name )?([A-Za-z0-9_.:-]+)`)
	reInstance      = gate(`\(instance ([\w.-]+)\)`)
	reAddrAS        = gate(`([0-9A-Fa-f.:]*[0-9A-Fa-f])(?:\+\d+)? \((?:Internal |External |VRF \S+ )?AS[ :]`)
	rePeerType      = gate(`\b(Internal|External|internal|external) AS\b`)
)

// entryFields returns the elements of a log entry (its first line) in
// words; nil when it holds none.
func entryFields(text, neighbor string) []EntryField {
	first, _, _ := strings.Cut(text, "\n")
	var out []EntryField
	rest := strings.TrimSpace(first)
	rfc5424 := false
	if m := rePRI.find(cased(rest)); m != nil {
		p := priField("<"+m[1]+">", atoiOr(m[1], -1))
		if rfc5424 = m[2] != ""; rfc5424 {
			p.Meaning += "; the 1 after it is the version of RFC 5424's format"
		}
		out = append(out, p)
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	// IOS XR names the card that logged before its time, after a host
	// and a sequence number when relayed: "host 47948: RP/0/RSP0/CPU0:".
	if loc := reXRNode.findIndex(cased(rest)); loc != nil {
		prefix := rest[:loc[2]]
		if f, p := timeField(prefix); f != nil {
			f.Meaning = "when the syslog server that relayed the entry received it; " + f.Meaning
			out = append(out, *f)
			prefix = p
		}
		if m := reSeqNumber.find(cased(strings.TrimSpace(prefix))); m != nil {
			out = append(out, seqFields(m)...)
		}
		out = append(out, EntryField{Name: "node", Value: rest[loc[2]:loc[3]], Meaning: "the IOS XR card that logged the entry: route processor (RP, RSP) or line card (LC), rack/slot/CPU"})
		rest = rest[loc[1]:]
	}
	// A program's tag before its own file's time ("FRR: 2025/01/17 …"),
	// as a collector relays it.
	if m := reTagBeforeTime.find(cased(rest)); m != nil && (knownProgram(m[1]) || m[1] == "FRR") {
		after := rest[len(m[0])-1:] // the match ends on the time's first digit
		if tf, _ := timeField(after); tf != nil {
			f := programField(m[1], "")
			if m[1] == "FRR" {
				f.Meaning = "FRR's name as a tag before one of its own log lines, put there by the collector or relay that passed it on (FRR's files start with the time)"
			}
			out = append(out, f)
			rest = after
		}
	}
	if m := reLogFile.find(cased(rest)); m != nil {
		if tf, _ := timeField(rest[len(m[0]):]); tf != nil {
			out = append(out, EntryField{Name: "file", Value: m[1], Meaning: "the log file the entry was read from, as grep prints it before each match when given several files (a number after the name is an older, rotated file)"})
			rest = rest[len(m[0]):]
		}
	}
	f, rest := timeField(rest)
	if f != nil {
		out = append(out, *f)
	}
	if m := re5424Header.find(cased(rest)); m != nil && rfc5424 && f != nil {
		out = append(out, rfc5424Fields(m)...)
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	if bf, r := birdClassFields(rest); bf != nil {
		out = append(out, bf...)
		rest = r
	}
	if lf, r := frrLevelField(rest); lf != nil {
		out = append(out, *lf)
		rest = r
	}
	// A program's own level word (tracing's, logrus's text, SONiC's).
	if m := reLevel.find(cased(rest)); m != nil {
		out = append(out, levelField(m[1]))
		rest = rest[len(m[0]):]
	}
	// A host before the program only after a time: alone at the start, a
	// word and a colon are as likely the message's own.
	if rfc5424 {
		// read above
	} else if m := reHostProgram.find(cased(rest)); m != nil && f != nil {
		out = append(out, EntryField{Name: "host", Value: m[1], Meaning: "the system that logged the entry (its hostname or address)"})
		if m[2] != "" {
			out = append(out, levelField(m[2]))
		}
		out = append(out, containerProgram(m[3], m[4], m[5])...)
	} else if sf := supervisordFields(rest); sf != nil && f != nil {
		out = append(out, sf...)
	} else if m := reHostID.find(cased(rest)); m != nil && f != nil {
		out = append(out, EntryField{Name: "host", Value: m[1], Meaning: "the system that logged the entry (its hostname or address)"})
	} else if m := reProgram.find(cased(rest)); m != nil && knownProgram(m[2]) {
		out = append(out, containerProgram(m[1], m[2], m[3])...)
	}
	out = append(out, messageIDs(first)...)
	out = append(out, frrMessageID(first)...)
	out = append(out, updateGroupFields(first)...)
	out = append(out, structuredFields(first)...)
	out = append(out, exabgpFields(first)...)
	if m := reNXOSProcess.find(cased(first)); m != nil {
		meaning := "NX-OS's BGP process, named by its AS"
		if m[2] != "" {
			meaning += " (" + m[2] + ")"
		} else {
			meaning += " (left out here)"
		}
		out = append(out, EntryField{Name: "program", Value: m[1] + " [" + m[3] + "]", Meaning: meaning + ", process ID " + m[3]})
		out = append(out, EntryField{Name: "vrf", Value: m[4], Meaning: vrfMeaning(m[4])})
	}
	out = append(out, addressFields(first, neighbor)...)
	if m := rePeerType.find(cased(first)); m != nil {
		out = append(out, peerTypeField(m[1]))
	}
	out = append(out, asFields(first)...)
	if m := reVRF.find(newScan(first, "")); m != nil && !strings.EqualFold(m[1], "vrf") {
		out = append(out, EntryField{Name: "vrf", Value: m[1], Meaning: vrfMeaning(m[1])})
	} else if m := reInstance.find(cased(first)); m != nil {
		out = append(out, EntryField{Name: "vrf", Value: m[1], Meaning: vrfMeaning(m[1])})
	}
	return append(out, evpnFields(first)...)
}

// syslogSeverities are RFC 5424 §6.2.1's severity names, by number.
var syslogSeverities = []string{"emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"}

// syslogFacilities are RFC 5424 §6.2.1's facility names, by number.
var syslogFacilities = []string{"kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "log audit", "log alert", "clock",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"}

func priField(v string, n int) EntryField {
	f := EntryField{Name: "syslog_priority", Value: v, Ref: "RFC 5424 §6.2.1"}
	if n < 0 || n >= 8*len(syslogFacilities) {
		f.Meaning = "a syslog priority out of range (0 to 191)"
		return f
	}
	f.Meaning = "syslog priority " + itoa(n) + " = facility " + itoa(n/8) + " (" + syslogFacilities[n/8] + ") x 8 + severity " + itoa(n%8) + " (" + syslogSeverities[n%8] + ")"
	return f
}

// rfc5424Fields are the header fields of RFC 5424 §6 after the time:
// hostname, app-name, procid, msgid and structured data, "-" for none.
func rfc5424Fields(m []string) []EntryField {
	out := []EntryField{{Name: "host", Value: m[1], Meaning: "the system that logged the entry, the header's HOSTNAME", Ref: "RFC 5424 §6.2.4"}}
	if m[2] != "-" {
		p := programField(m[2], "")
		p.Meaning += ", the header's APP-NAME"
		out = append(out, p)
	}
	if m[3] != "-" {
		out = append(out, EntryField{Name: "process_id", Value: m[3], Meaning: "the process that logged the entry, the header's PROCID", Ref: "RFC 5424 §6.2.6"})
	}
	if m[4] != "-" {
		out = append(out, EntryField{Name: "message_type", Value: m[4], Meaning: "the kind of message, the program's own name for it, the header's MSGID", Ref: "RFC 5424 §6.2.7"})
	}
	if m[5] != "-" {
		out = append(out, EntryField{Name: "structured_data", Value: m[5], Meaning: "parameters the program attached, as [id name=\"value\"...], the header's STRUCTURED-DATA", Ref: "RFC 5424 §6.3"})
	}
	return out
}

// peerTypeField says what Junos's and IOS's "Internal AS" or "External AS"
// before the neighbour's AS mean.
func peerTypeField(w string) EntryField {
	f := EntryField{Name: "peer_type", Value: w, Ref: "RFC 4271 §1.1"}
	if strings.EqualFold(w, "internal") {
		f.Meaning = "an internal (iBGP) neighbour: in the router's own AS; it does not prepend its AS or change NEXT_HOP, and LOCAL_PREF travels with the routes"
	} else {
		f.Meaning = "an external (eBGP) neighbour: in another AS; each side prepends its AS to the routes it sends and sets NEXT_HOP to itself"
	}
	return f
}

// seqFields are a relayed entry's host and the router's own sequence
// number before it.
func seqFields(m []string) []EntryField {
	var out []EntryField
	host := func(h string) {
		if h != "" {
			out = append(out, EntryField{Name: "host", Value: h, Meaning: "the system that logged the entry (its hostname or address)"})
		}
	}
	host(m[1])
	out = append(out, EntryField{Name: "sequence", Value: m[2], Meaning: "the router's own count of the messages it logged (service sequence-numbers): a gap means messages lost or filtered"})
	host(m[3])
	return out
}

// vrfMeaning says what the VRF named v is.
func vrfMeaning(v string) string {
	meaning := "the routing instance (VRF) the session or route belongs to"
	switch {
	case strings.EqualFold(v, "default") || strings.EqualFold(v, "global") || v == "master":
		meaning += ": the default, global routing table"
	case v == "mgmt":
		meaning += ": the management VRF (SONiC's, Cumulus's), which holds the management port and none of the data plane's routes"
	}
	return meaning
}

// levelField is a program's own level word.
func levelField(w string) EntryField {
	return EntryField{Name: "level", Value: w, Meaning: "the level the program logged the entry at, its own word for a syslog severity (RFC 5424 §6.2.1)"}
}

// timeField reads the time an entry starts with, and returns the rest.
func timeField(s string) (*EntryField, string) {
	t := cased(s)
	if m := reTimeBSD.find(t); m != nil {
		meaning := "when it was logged, by the clock of the system that logged it; BSD syslog's form (RFC 3164 §4.1.2) has no year and no time zone"
		switch m[1] {
		case "*":
			meaning += "; Cisco's leading * means the clock was not authoritative (not set or not synchronized)"
		case ".":
			meaning += "; Cisco's leading . means the clock was set but not synchronized (NTP)"
		}
		v := m[2]
		if m[3] != "" {
			v += " " + m[3]
		}
		if m[4] != "" {
			v += " " + m[4]
			meaning = "when it was logged, by the clock of the system that logged it, in the zone it names (" + m[4] + "); BSD syslog's form (RFC 3164 §4.1.2) has no year"
		}
		return &EntryField{Name: "timestamp", Value: v, Meaning: meaning}, strings.TrimSpace(s[len(m[0]):])
	}
	if m := reTimeYear.find(t); m != nil {
		meaning := "when it was logged, by the clock of the system that logged it, year first (NX-OS's form)"
		if m[2] != "" {
			meaning += ", in the zone it names (" + m[2] + ")"
		}
		return &EntryField{Name: "timestamp", Value: strings.TrimSuffix(strings.TrimSpace(m[0]), ":"), Meaning: meaning}, strings.TrimSpace(s[len(m[0]):])
	}
	if m := reTimeISO.find(t); m != nil {
		meaning := "when it was logged (ISO 8601), "
		switch {
		case m[2] == "Z" || m[2] == "+00:00" || m[2] == "+0000":
			meaning += "in UTC"
		case m[2] != "":
			meaning += "in local time " + m[2] + " from UTC"
		default:
			meaning += "with no time zone: the logging system's local time"
		}
		return &EntryField{Name: "timestamp", Value: m[0], Meaning: meaning}, strings.TrimSpace(s[len(m[0]):])
	}
	if m := reTimeSlash.find(t); m != nil {
		return &EntryField{Name: "timestamp", Value: m[1], Meaning: "when it was logged, in the form FRR and Quagga write to their own log files, the router's local time with no zone"}, strings.TrimSpace(s[len(m[0]):])
	}
	return nil, s
}

// programs names the programs that log BGP by their syslog tag; the key
// is the tag as written when its case tells vendors apart, else in lower
// case.
var programs = map[string]string{
	"bgpd":        "the BGP daemon of FRR, Quagga or OpenBGPD",
	"bgp":         "the BGP process (IOS XR's bgp, or another system's)",
	"BGP":         "the protocol tag FRR and Quagga put before bgpd's messages",
	"Bgp":         "Arista EOS's BGP agent (the multi-agent routing model)",
	"Rib":         "Arista EOS's routing agent, which runs BGP in the ribd routing model",
	"IpRib":       "Arista EOS's IP RIB agent (the multi-agent routing model): it resolves the next hops of the routes BGP and the other protocols give it and chooses among them",
	"rpd":         "Junos's routing protocol daemon, which runs BGP",
	"bird":        "BIRD, the routing daemon",
	"bird6":       "BIRD 1.x's daemon for IPv6",
	"gobgpd":      "GoBGP's daemon",
	"exabgp":      "ExaBGP",
	"zebra":       "the zebra daemon of FRR or Quagga (routes to and from the kernel), not BGP itself",
	"watchfrr":    "FRR's watchdog, which restarts its daemons",
	"bgpcfgd":     "SONiC's daemon that writes FRR's BGP configuration",
	"fpmsyncd":    "SONiC's daemon that takes the routes zebra pushes over the FPM channel and writes them to APPL_DB for orchagent",
	"bgpmon":      "SONiC's daemon that copies each BGP neighbour's state from FRR into STATE_DB (NEIGH_STATE_TABLE), read by SNMP's BGP MIB and the CLI",
	"supervisord": "the process manager of a SONiC container, which starts its programs and starts them again when they exit",
	"orchagent":   "SONiC's orchestration agent, which programs the routes, next hops and neighbours of APPL_DB into the ASIC through SAI",
	"bfdd":        "FRR's BFD daemon",
	"BFD":         "the protocol tag FRR puts before bfdd's messages (its BFD daemon)",
}

// containerProgram is the program's field, after SONiC's container
// when the entry names one ("bgp#bgpd[52]:").
func containerProgram(container, tag, pid string) []EntryField {
	var out []EntryField
	if container != "" {
		meaning := "the container the program runs in, as SONiC's syslog names it before the program"
		if m, ok := sonicContainers[container]; ok {
			meaning += " (" + container + ": " + m + ")"
		}
		out = append(out, EntryField{Name: "container", Value: container, Meaning: meaning})
	}
	return append(out, programField(tag, pid))
}

// sonicContainers are SONiC's containers whose programs log BGP's work.
var sonicContainers = map[string]string{
	"bgp":  "FRR's daemons, bgpcfgd and fpmsyncd",
	"swss": "the switch state service: orchagent, which programs the ASIC from APPL_DB",
}

// knownProgram reports whether programs names tag.
func knownProgram(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	_, ok := programs[tag]
	_, lower := programs[strings.ToLower(tag)]
	return ok || lower
}

func programField(tag, pid string) EntryField {
	name := strings.TrimPrefix(tag, "/") // named by its path ("/bgpmon")
	meaning, ok := programs[name]
	if !ok {
		meaning, ok = programs[strings.ToLower(name)]
	}
	if !ok {
		meaning = "the program (syslog tag) that logged the entry"
	}
	v := tag
	if pid != "" {
		v += "[" + pid + "]"
		meaning += ", process ID " + pid
	}
	return EntryField{Name: "program", Value: v, Meaning: meaning}
}

// mnemonics says what the BGP message mnemonics of Cisco-style IDs (IOS,
// IOS XR, NX-OS, EOS, FortiGate) and Huawei's report.
var mnemonics = map[string]string{
	"ADJCHANGE":    "a neighbour's session came up or went down",
	"NOTIFICATION": "a NOTIFICATION sent or received",
	"MAXPFX":       "the prefixes from a neighbour reached the warning threshold of its maximum-prefix limit",
	"MAXPFXEXCEED": "the prefixes from a neighbour exceeded its maximum-prefix limit",
	"MSGDUMP":      "the octets of a message the router could not accept",
	"ESTABLISHED":  "a session reached Established",
	"BACKWARD":     "a session left Established or moved back to a lower state",
	"NBR_RESET":    "a neighbour's session was reset; the reason follows in parentheses",
	// IOS XR's.
	"ADJCHANGE_DETAIL": "a neighbour's session came up or went down, logged with the address family (AFI/SAFI) it was for",
	"NSR_STATE_CHANGE": "BGP's non-stop routing (NSR) became ready or stopped being ready",
}

// junosTags says what Junos's BGP message tags report.
var junosTags = map[string]string{
	"RPD_BGP_NEIGHBOR_STATE_CHANGED": "a neighbour's session changed FSM state",
	"BGP_IO_ERROR_CLOSE_SESSION":     "an error on the TCP connection closed the session",
	"BGP_PREFIX_THRESH_EXCEEDED":     "the prefixes from a neighbour passed the configured warning threshold",
	"BGP_PREFIX_LIMIT_EXCEEDED":      "the prefixes from a neighbour passed the configured limit",
	"BGP_READ_ERROR":                 "reading from the neighbour's TCP connection failed",
	"BGP_WRITE_FAILED":               "writing to the neighbour's TCP connection failed",
	"BGP_CONNECT_FAILED":             "a TCP connection to the neighbour could not be made",
	"BGP_NLRI_MISMATCH":              "the families the two sides negotiated do not match",
	"BGP_UNUSABLE_NEXTHOP":           "a route's next hop cannot be reached",
}

// messageIDs reads the vendor's message identifiers in s.
func messageIDs(s string) []EntryField {
	var out []EntryField
	t := cased(s)
	if m := reCiscoID.find(t); m != nil {
		sev := atoiOr(m[2], 0)
		meaning := "the message ID, Cisco-style (also IOS XR, NX-OS, Arista EOS; Junos's structured form): facility " + m[1] + ", severity " + m[2] + " (" + syslogSeverities[sev] + ", syslog's levels), mnemonic " + m[3]
		if w := mnemonics[m[3]] + junosTags[m[3]]; w != "" {
			meaning += ": " + w
		}
		out = append(out, EntryField{Name: "message_id", Value: m[0], Meaning: meaning, Ref: "RFC 5424 §6.2.1"})
	}
	if m := reHuaweiID.find(t); m != nil {
		sev := atoiOr(m[2], 0)
		meaning := "the log ID, Huawei VRP's form module/level/mnemonic: module " + m[1] + ", level " + m[2] + " (" + syslogSeverities[sev] + "), mnemonic " + m[3]
		if w := mnemonics[m[3]]; w != "" {
			meaning += ": " + w
		}
		out = append(out, EntryField{Name: "message_id", Value: m[0], Meaning: meaning})
	}
	if m := reFRRTag.find(t); m != nil && len(out) == 0 {
		meaning := "the message tag, FRR's and Quagga's form"
		if w := mnemonics[m[1]]; w != "" {
			meaning += ": " + w
		}
		out = append(out, EntryField{Name: "message_id", Value: "%" + m[1], Meaning: meaning})
	}
	if len(out) == 0 {
		if m := reJunosTag.find(t); m != nil {
			meaning := "the message tag, Junos's form (the event's name in capitals)"
			if w := junosTags[m[1]]; w != "" {
				meaning += ": " + w
			}
			out = append(out, EntryField{Name: "message_id", Value: m[1], Meaning: meaning})
		}
	}
	return out
}

// addressFields names each distinct IP address of s by its kind; the
// neighbour the words name is said so.
func addressFields(s, neighbor string) []EntryField {
	var out []EntryField
	seen := map[netip.Addr]bool{}
	if neighbor == "" {
		// Junos's and IOS's "192.0.2.5 (External AS 65000)", EOS's
		// "peer 10.0.0.1 (VRF default AS 65000)": the address an AS follows.
		if m := reAddrAS.find(cased(s)); m != nil {
			neighbor = m[1]
		}
	}
	for _, w := range addrTokens(s) {
		a, err := netip.ParseAddr(w)
		if err != nil || (a.Is6() && strings.Count(w, ":") < 2) || seen[a] || len(out) == 6 {
			continue
		}
		seen[a] = true
		meaning := addrKind(a)
		if neighbor != "" && w == neighbor {
			meaning = "the neighbour: " + meaning
		}
		out = append(out, EntryField{Name: "address", Value: w, Meaning: meaning})
	}
	return out
}

// addrTokens returns the runs of hex digits, dots and colons in s that
// stand as words of their own (not "d::b" of "sartd::bgp"), trimmed of
// the dots and colons that end a sentence or a label.
func addrTokens(s string) []string {
	isAddr := func(c byte) bool {
		return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' || c == '.' || c == ':'
	}
	isWord := func(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c == '_' }
	var out []string
	for i := 0; i < len(s); {
		if !isAddr(s[i]) {
			i++
			continue
		}
		// A key glued to its value ("peer:192.0.2.1", FRR bfdd's
		// brackets): the value starts after the colon.
		if s[i] == ':' && i > 0 && isWord(s[i-1]) {
			i++
		}
		j := i
		for j < len(s) && isAddr(s[j]) {
			j++
		}
		if (i == 0 || !isWord(s[i-1])) && (j == len(s) || !isWord(s[j])) {
			if w := strings.Trim(s[i:j], ".:"); w != "" {
				out = append(out, w)
			}
		}
		i = j
	}
	return out
}

// addrKind says what kind of address a is (the IANA special-purpose
// registries, RFC 6890).
func addrKind(a netip.Addr) string {
	switch {
	case a.IsUnspecified():
		return "the unspecified address: no address"
	case a.IsLoopback():
		return "a loopback address: this system itself"
	case a.IsLinkLocalUnicast():
		if a.Is6() {
			return "an IPv6 link-local address (RFC 4291 §2.5.6): a session over one link, named with its interface; its routes need a global next hop beside it (RFC 2545 §3)"
		}
		return "an IPv4 link-local address (RFC 3927): valid on one link only"
	case a.IsMulticast():
		return "a multicast address: not a BGP neighbour"
	}
	for _, k := range addrKinds {
		if k.p.Contains(a) {
			return k.meaning
		}
	}
	if a.Is4In6() {
		return "an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2): an IPv4 neighbour seen through an IPv6 socket"
	}
	return "a public (global unicast) address"
}

var addrKinds = []struct {
	p       netip.Prefix
	meaning string
}{
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address (RFC 1918)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address (RFC 1918)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address (RFC 1918)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (RFC 6598): a carrier's internal (CGNAT) address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation address (RFC 5737): an example, or an address its publisher masked"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation address (RFC 5737): an example, or an address its publisher masked"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation address (RFC 5737): an example, or an address its publisher masked"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address (RFC 2544): a test network"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation address (RFC 3849): an example, or an address its publisher masked"},
	{netip.MustParsePrefix("fc00::/7"), "a unique local IPv6 address (RFC 4193): private to a site"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved IPv4 address (RFC 1112 class E): not usable"},
}

// asFields names each distinct AS number of s by its kind.
func asFields(s string) []EntryField {
	var out []EntryField
	seen := map[string]bool{}
	t := cased(s)
	var ms [][]string
	for _, g := range []*gated{reASWord, reASAfter, reASGlued} {
		ms = append(ms, g.findAll(t, 8)...)
	}
	for _, m := range ms {
		v := m[1]
		n, ok := asNumber(v)
		if !ok || seen[v] || len(out) == 4 {
			continue
		}
		seen[v] = true
		out = append(out, EntryField{Name: "as", Value: v, Meaning: asMeaning(n, strings.Contains(v, "."))})
	}
	return out
}

// asNumber reads an AS number, plain or asdot (RFC 5396: high.low).
func asNumber(v string) (uint32, bool) {
	if hi, lo, dot := strings.Cut(v, "."); dot {
		h, err1 := strconv.ParseUint(hi, 10, 16)
		l, err2 := strconv.ParseUint(lo, 10, 16)
		return uint32(h<<16 | l), err1 == nil && err2 == nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	return uint32(n), err == nil
}

// asMeaning says what kind of AS number n is: the registries' reserved
// ranges (asKind), AS 0 and AS_TRANS, and whether it needs 4-octet AS
// support.
func asMeaning(n uint32, dot bool) string {
	s := "AS " + strconv.FormatUint(uint64(n), 10)
	if dot {
		s += " (asdot notation, RFC 5396)"
	}
	switch k := asKind(n); {
	case n == 0:
		return s + ": reserved (RFC 7607): no session may use it; an OPEN with it is refused with Bad Peer AS (2/2)"
	case n == 23456:
		return s + ": AS_TRANS (RFC 6793 §9): what a speaker with a 4-octet AS puts in the OPEN's 2-octet field; the real AS is in its 4-octet AS capability"
	case k != "" && n > 65535:
		return s + ": " + k + "; a 4-octet AS: both sides need 4-octet AS support (RFC 6793)"
	case k != "":
		return s + ": " + k
	case n > 65535:
		return s + ": a public 4-octet AS: a speaker without 4-octet AS support (RFC 6793) sees it as AS_TRANS 23456"
	}
	return s + ": a public AS number"
}
