package explain

import (
	"encoding/hex"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// Where the hex of a log line starts.
const (
	StartMessage      = "message"      // a whole BGP message, marker first (perhaps after vendor octets)
	StartNotification = "notification" // a NOTIFICATION body: code, subcode, data
	StartData         = "data"         // the data field of a NOTIFICATION alone
	StartUnknown      = "unknown"      // hex that bgplens cannot place
)

// LineInfo is what Line adds to an Explanation: the line, what its words
// said, where its octets start and why bgplens thinks so.
type LineInfo struct {
	Text      string `json:"text"`
	Start     string `json:"start"`               // one of the Start* constants
	Why       string `json:"why"`                 // the reasoning behind Start
	Prefix    int    `json:"prefix_octets"`       // octets before the marker (vendor's own)
	Code      int    `json:"stated_code"`         // code the words state, or -1
	Subcode   int    `json:"stated_subcode"`      // subcode the words state, or -1
	Length    int    `json:"stated_length"`       // octet count the words state, or -1
	Present   int    `json:"octets_present"`      // octets of hex found
	Missing   int    `json:"octets_missing"`      // octets the line left out, when that can be told
	Direction string `json:"direction,omitempty"` // "sent" or "received"
	Neighbor  string `json:"neighbor,omitempty"`
}

// Line explains one router log line (or one multi-line dump): it finds the
// hex, works out whether it holds a whole message, a NOTIFICATION body or
// the data field alone, explains every octet and adds a diagnosis. opt
// gives the session context for UPDATEs, as in BGP.
func Line(text string, opt Options) *Explanation {
	ll := ParseLogLine(text)
	ev := ll.Evidence
	li := &LineInfo{Text: text, Code: ev.Code, Subcode: ev.Subcode, Length: ev.Length, Direction: ev.Direction, Neighbor: ev.Neighbor}
	if len(ll.Runs) == 0 {
		if ev.Code < 0 {
			li.Start, li.Why = StartUnknown, "no run of hex octets found in the line, and no error code stated"
			return &Explanation{Line: li, Session: sessionInfo(opt.Session)}
		}
		li.Start, li.Why = StartData, "the line states the error but prints no data octets"
		x := explainData(bgp.Code(ev.Code), uint8(max(ev.Subcode, 0)), nil, opt.Session)
		x.Line = li
		if ev.Length > 0 {
			li.Missing = ev.Length
			if ev.LengthOfMsg {
				li.Missing -= bgp.OffNotificationData
			}
			li.Missing = max(li.Missing, 0)
			if li.Missing > 0 {
				x.Notes = append(x.Notes, "the line states "+itoa(li.Missing)+" octets of data but prints none")
			}
		}
		x.Diagnosis = diagnose(x, nil, li)
		return x
	}
	// The run to explain: the first that holds a marker, else the longest.
	ri := -1
	for i, r := range ll.Runs {
		if findMarker(r.Octets) >= 0 {
			ri = i
			break
		}
	}
	if ri < 0 {
		ri = 0
		for i, r := range ll.Runs {
			if len(r.Octets) > len(ll.Runs[ri].Octets) && !ll.Runs[ri].Elided {
				ri = i
			}
		}
	}
	run := ll.Runs[ri]
	head := append([]byte(nil), run.Octets...)
	masked := run.Masked
	var tail []byte
	if run.Elided && ri+1 < len(ll.Runs) {
		tail = ll.Runs[ri+1].Octets
	} else if k := findMarker(head); k >= 0 && len(head) >= k+bgp.HeaderLen {
		// A message logged in pieces (header on one line, body on the
		// next, as ExaBGP prints TCP payloads): join the runs that follow
		// until the length field is satisfied.
		want := k + (int(head[k+bgp.OffLength])<<8 | int(head[k+bgp.OffLength+1]))
		for j := ri + 1; j < len(ll.Runs) && len(head) < want; j++ {
			head = append(head, ll.Runs[j].Octets...)
			masked += ll.Runs[j].Masked
		}
	}
	li.Present = len(head) + len(tail)

	var x *Explanation
	switch k := findMarker(head); {
	case k >= 0:
		li.Start, li.Prefix = StartMessage, k
		li.Why = "octets " + itoa(k) + " to " + itoa(k+15) + " are all ones: the 16-octet marker that starts every BGP message (RFC 4271 §4.1)"
		if k > 0 {
			li.Why += "; the " + itoa(k) + " octets before it are the logging system's own, not BGP"
		}
		x = BGP(head[k:], opt)
		for _, m := range x.Messages {
			shiftNodes(m, k)
		}
		for i := range x.Errors {
			x.Errors[i].Offset += k
		}
		if k > 0 {
			b := &builder{in: head}
			x.Messages = append([]*Node{b.node("vendor_prefix", 0, k, nil, "octets the router's log puts before the message; not part of BGP", "")}, x.Messages...)
			x.Messages[0].Label = "vendor prefix"
		}
		x.Hex = hex.EncodeToString(head)
		if len(x.Messages) > 0 {
			if m := x.Messages[len(x.Messages)-1]; m.Name == "message" && len(head[k:]) >= bgp.HeaderLen {
				want := int(head[k+bgp.OffLength])<<8 | int(head[k+bgp.OffLength+1])
				if want > len(head)-k {
					li.Missing = want - (len(head) - k) - len(tail)
				}
			}
		}
	case ev.Code >= 0 && len(head) >= 2 && int(head[0]) == ev.Code && int(head[1]) == ev.Subcode:
		li.Start = StartNotification
		li.Why = "the first two octets, " + itoa(int(head[0])) + " and " + itoa(int(head[1])) + ", are the code and subcode the line states: the hex is the NOTIFICATION body (RFC 4271 §4.5) without its header"
		x = explainBody(head, opt.Session)
	case ev.Code >= 0:
		li.Start = StartData
		li.Why = "the line states code " + itoa(ev.Code) + "/" + itoa(ev.Subcode) + " and the hex does not start with those octets, so it is the data field alone"
		x = explainData(bgp.Code(ev.Code), uint8(ev.Subcode), head, opt.Session)
	case len(head) >= 2 && head[0] >= 1 && head[0] <= 8:
		li.Start = StartNotification
		li.Why = "the line states no code; the first octet, " + itoa(int(head[0])) + ", is a valid error code, so the hex is read as a NOTIFICATION body (code, subcode, data). This is a guess"
		x = explainBody(head, opt.Session)
	default:
		li.Start = StartUnknown
		li.Why = "no marker, and the line states no error code to tell what the octets are"
		x = &Explanation{Hex: hex.EncodeToString(head), Session: sessionInfo(opt.Session)}
		b := &builder{in: head}
		x.Messages = []*Node{b.node("octets", 0, len(head), nil, "not decoded: give the whole message, or the code/subcode", "")}
	}
	x.Line = li
	if li.Start == StartData && ev.Length >= 0 {
		dataLen := ev.Length
		if ev.LengthOfMsg {
			dataLen -= bgp.OffNotificationData // header, code and subcode
		}
		if dataLen > len(head)+len(tail) {
			li.Missing = dataLen - len(head) - len(tail)
		}
	}
	if masked > 0 {
		x.Notes = append(x.Notes, itoa(masked)+" octets were masked (xx) where the line was published; they are read as 0")
	}
	if len(tail) > 0 {
		b := &builder{in: append(append([]byte{}, head...), tail...)}
		where := "after \"...\"; where they sit in the message is not known"
		if li.Missing > 0 {
			where = "after \"...\": presumably the last octets, after " + itoa(li.Missing) + " left out"
		}
		tn := b.node("logged_tail", len(head), len(tail), nil, "octets the log printed "+where, "")
		x.Messages = append(x.Messages, tn)
		x.Hex = hex.EncodeToString(b.in)
	}
	if ev.Length >= 0 && li.Start == StartMessage && li.Prefix+bgp.HeaderLen <= len(head) {
		// Ericsson counts the message without its own octets.
		want := int(head[li.Prefix+bgp.OffLength])<<8 | int(head[li.Prefix+bgp.OffLength+1])
		if ev.Length != want && ev.Length != want+li.Prefix {
			x.Notes = append(x.Notes, "the line states "+itoa(ev.Length)+" octets, the message's length field says "+itoa(want))
		}
	}
	if ev.Code >= 0 && li.Start == StartMessage {
		checkStatedCode(x, head[li.Prefix:], ev)
	}
	if li.Missing > 0 {
		x.Notes = append(x.Notes, itoa(li.Missing)+" octets were left out of the log; what is present is explained, the rest is missing")
	}
	x.Diagnosis = diagnose(x, head, li)
	return x
}

// findMarker returns the offset of the first 16 all-ones octets within the
// first few octets of b, or -1.
func findMarker(b []byte) int {
	for k := 0; k <= 8 && k+bgp.MarkerLen <= len(b); k++ {
		ok := true
		for _, c := range b[k : k+bgp.MarkerLen] {
			if c != 0xff {
				ok = false
				break
			}
		}
		if ok {
			return k
		}
	}
	return -1
}

func checkStatedCode(x *Explanation, msg []byte, ev Evidence) {
	if len(msg) < bgp.OffNotificationSubcode+1 || bgp.MessageType(msg[bgp.OffType]) != bgp.MsgNotification {
		return
	}
	c, s := int(msg[bgp.OffNotificationCode]), int(msg[bgp.OffNotificationSubcode])
	if c != ev.Code || s != ev.Subcode {
		x.Notes = append(x.Notes, "the line's words say "+itoa(ev.Code)+"/"+itoa(ev.Subcode)+" but the message holds "+itoa(c)+"/"+itoa(s))
	}
}

// explainBody explains a NOTIFICATION body: code, subcode, data.
func explainBody(body []byte, s bgp.Session) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(body), Session: sessionInfo(s)}
	b := &builder{in: body}
	n := bgp.Notification{Code: bgp.Code(body[0]), Subcode: body[1], Data: body[2:]}
	root := b.node("notification", 0, len(body), nil, notificationSummary(n), "RFC 4271 §4.5")
	root.Label = "NOTIFICATION body (header not logged)"
	explainNotification(b, root, n, 0, s)
	x.Messages = []*Node{root}
	return x
}

// explainData explains a NOTIFICATION data field given the code and
// subcode from the log line's words.
func explainData(code bgp.Code, sub uint8, data []byte, s bgp.Session) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(data), Session: sessionInfo(s)}
	b := &builder{in: data}
	n := bgp.Notification{Code: code, Subcode: sub, Data: data}
	root := b.node("data", 0, len(data), nil, "data field of "+notificationSummary(n), "RFC 4271 §4.5")
	root.Label = "NOTIFICATION data field"
	explainNotificationData(b, root, n, 0, s, 0)
	x.Messages = []*Node{root}
	return x
}

// SplitRecords splits pasted text into log records: a record starts at a
// line with words in it; lines holding only hex (and dump offsets or
// times) continue the record above them, as in a multi-line dump.
func SplitRecords(text string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(cur) > 0 && hexOnly(line) {
			cur = append(cur, line)
			continue
		}
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
		}
		cur = []string{line}
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// hexOnly reports whether a line holds nothing but hex tokens, dump
// offsets and times.
func hexOnly(line string) bool {
	n := 0
	for _, t := range tokenize(maskLinePrefixes(line)) {
		if isDumpOffset(t) || reTimestamp.MatchString(t.s) || t.s == "..." {
			continue
		}
		if _, ok := hexToken(t.s); !ok {
			return false
		}
		n++
	}
	return n > 0
}
