package explain

import (
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// Wireshark's packet details print a NOTIFICATION one field per line, in
// words and decimal. The message is rebuilt from them.
var (
	reWSMarker = regexp.MustCompile(`(?m)^\s*Marker:\s*([fF]{32})\s*$`)
	reWSLength = regexp.MustCompile(`(?m)^\s*Length:\s*(\d{1,5})\s*$`)
	reWSType   = regexp.MustCompile(`(?m)^\s*Type:\s*[^(\n]*\((\d{1,3})\)\s*$`)
	reWSData   = regexp.MustCompile(`(?m)^\s*Data:\s*([0-9a-fA-F]+)\s*$`)
	reWSShutL  = regexp.MustCompile(`(?m)^\s*BGP Shutdown Communication Length:\s*(\d{1,3})\s*$`)
	reWSShut   = regexp.MustCompile(`(?m)^\s*Shutdown Communication:\s?(.*)$`)
)

// detailsRun rebuilds a message from Wireshark's packet details: a
// NOTIFICATION, a KEEPALIVE or an OPEN (detailsOpen).
func detailsRun(text string) (HexRun, bool) {
	if !strings.Contains(text, "Border Gateway Protocol") {
		return HexRun{}, false
	}
	mk := reWSMarker.FindStringSubmatchIndex(text)
	if mk == nil {
		return HexRun{}, false
	}
	lm, tm := reWSLength.FindStringSubmatch(text[mk[0]:]), reWSType.FindStringSubmatch(text[mk[0]:])
	if lm == nil || tm == nil {
		return HexRun{}, false
	}
	switch bgp.MessageType(atoiOr(tm[1], 0)) {
	case bgp.MsgKeepalive:
		return HexRun{Octets: wsHeader(atoiOr(lm[1], 0), bgp.MsgKeepalive), Start: mk[2], End: len(text), Details: true}, true
	case bgp.MsgOpen:
		return detailsOpen(text, mk, atoiOr(lm[1], 0))
	}
	ma, mi := reMajor.re.FindStringSubmatch(text), reMinor.re.FindStringSubmatch(text)
	if atoiOr(tm[1], 0) != int(bgp.MsgNotification) || ma == nil {
		return HexRun{}, false
	}
	msg := make([]byte, 0, 64)
	for range bgp.MarkerLen {
		msg = append(msg, 0xff)
	}
	l := atoiOr(lm[1], 0)
	msg = append(msg, byte(l>>8), byte(l), byte(bgp.MsgNotification), byte(atoiOr(ma[1], 0)))
	if mi != nil {
		msg = append(msg, byte(atoiOr(mi[1], 0)))
	} else {
		msg = append(msg, 0)
	}
	if d := reWSData.FindStringSubmatch(text); d != nil {
		b, _ := hexDigits(d[1])
		msg = append(msg, b...)
	} else if sl := reWSShutL.FindStringSubmatch(text); sl != nil {
		msg = append(msg, byte(atoiOr(sl[1], 0)))
		if st := reWSShut.FindStringSubmatch(text); st != nil {
			msg = append(msg, st[1]...)
		}
	}
	return HexRun{Octets: msg, Start: mk[2], End: len(text), Details: true}, true
}

// detailsOther recognises Wireshark's packet details of a message other
// than a NOTIFICATION and returns its type and Length field.
func detailsOther(text string) (string, int, bool) {
	if !strings.Contains(text, "Border Gateway Protocol") || reWSMarker.FindStringIndex(text) == nil {
		return "", 0, false
	}
	tm, lm := reWSType.FindStringSubmatch(text), reWSLength.FindStringSubmatch(text)
	if tm == nil || lm == nil {
		return "", 0, false
	}
	switch bgp.MessageType(atoiOr(tm[1], 0)) {
	case bgp.MsgNotification, bgp.MsgKeepalive:
		return "", 0, false // rebuilt by detailsRun
	}
	return bgp.MessageType(atoiOr(tm[1], 0)).String(), atoiOr(lm[1], 0), true
}

// wsHeader is a message header of length l and type t: what the
// details' Marker, Length and Type lines say.
func wsHeader(l int, t bgp.MessageType) []byte {
	msg := make([]byte, 0, max(l, bgp.HeaderLen))
	for range bgp.MarkerLen {
		msg = append(msg, 0xff)
	}
	return append(msg, byte(l>>8), byte(l), byte(t))
}

// An OPEN's fields in the packet details, each on its line: the fixed
// fields, then each optional parameter's type and length, each
// capability's type and length and its value's fields.
var reWSOpenField = gate(`^\s*(Version|My AS|Hold Time|BGP Identifier|Optional Parameters Length|Parameter Type|Parameter Length|Type|Length|AFI|Reserved|SAFI|AS Number|Unknown|Send/Receive|Hostname Length|Hostname|Domain Name Length|Domain Name|Restart Timers): (.+?)\s*$`)

// detailsOpen rebuilds an OPEN from its packet details. A capability
// whose value the details print in fields bgplens does not rebuild leaves
// the message unbuilt (it is then only named, see detailsOther); one the
// paste cut ends the rebuilt octets after its type and length.
func detailsOpen(text string, mk []int, l int) (HexRun, bool) {
	msg := wsHeader(l, bgp.MsgOpen)
	capAt, capLen := -1, 0 // where the current capability's value starts
	for _, line := range strings.Split(text[mk[1]:], "\n") {
		m := reWSOpenField.find(cased(line))
		if m == nil {
			continue
		}
		num := atoiOr(wsNumber(m[2]), -1)
		if (m[1] == "Type" && len(msg) > bgp.HeaderLen || m[1] == "Parameter Type") && capAt >= 0 {
			if len(msg)-capAt != capLen {
				return HexRun{}, false // a value in fields not rebuilt: the rest cannot be placed
			}
			capAt = -1
		}
		switch m[1] {
		case "Unknown":
			v, _ := hexDigits(m[2])
			msg = append(msg, v...)
		case "Hostname", "Domain Name":
			msg = append(msg, m[2]...)
		case "Restart Timers":
			v, _ := hexDigits(strings.TrimPrefix(strings.Split(m[2], ",")[0], "0x"))
			msg = append(msg, v...)
		case "Version", "Optional Parameters Length", "Parameter Type", "Parameter Length", "SAFI", "Send/Receive", "Hostname Length", "Domain Name Length":
			msg = append(msg, byte(num))
		case "My AS", "Hold Time", "AFI":
			msg = append(msg, byte(num>>8), byte(num))
		case "AS Number":
			msg = append(msg, byte(num>>24), byte(num>>16), byte(num>>8), byte(num))
		case "BGP Identifier":
			ip := strings.Split(m[2], ".")
			for _, o := range ip {
				msg = append(msg, byte(atoiOr(o, 0)))
			}
		case "Reserved":
			v, _ := hexDigits(m[2])
			msg = append(msg, v...)
		case "Type":
			if len(msg) == bgp.HeaderLen {
				continue // the message's own Type line
			}
			msg = append(msg, byte(num))
		case "Length":
			if len(msg) == bgp.HeaderLen {
				continue
			}
			msg = append(msg, byte(num))
			capAt, capLen = len(msg), num
		}
	}
	if capAt >= 0 && len(msg)-capAt != capLen {
		msg = msg[:capAt]
	}
	if len(msg) > l {
		return HexRun{}, false // the fields do not add up: not rebuilt
	}
	return HexRun{Octets: msg, Start: mk[2], End: len(text), Details: true}, true
}

// wsNumber is the number a field's words give: "IPv4 (1)" gives 1, "90"
// gives 90.
func wsNumber(v string) string {
	if i := strings.LastIndexByte(v, '('); i >= 0 && strings.HasSuffix(v, ")") {
		return v[i+1 : len(v)-1]
	}
	return v
}

// reWSFlat finds the fields of packet details pasted on one line (a blog
// or a chat that lost the line breaks): the space before each field's
// name is read as the break it was.
var reWSFlat = gate(`\s(Marker|Length|Type|Version|My AS|Hold Time|BGP Identifier|Optional Parameters Length|Major error Code|Minor error Code \([^)]*\)|Data|Withdrawn Routes Length|Total Path Attribute Length): `)

// unflattenDetails puts back the line breaks of packet details pasted on
// one line, from "Border Gateway Protocol - " on; offsets do not move.
func unflattenDetails(text string) string {
	i := strings.Index(text, "Border Gateway Protocol - ")
	if i < 0 || strings.Contains(text[i:], "\n") || !strings.Contains(text[i:], " Marker: ") {
		return text
	}
	b := []byte(text)
	for _, m := range reWSFlat.findAllIndex(cased(text[i:]), -1) {
		b[i+m[0]] = '\n'
	}
	return string(b)
}
