package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// stateWaits says what the session does in each of RFC 4271 §8.2.2's
// states, and in FRR's two after them.
var stateWaits = map[string]string{
	"idle":        "it refuses connections and waits for a start event (after a failure, for its IdleHoldTimer)",
	"connect":     "it waits for its own TCP connection to the neighbour to complete",
	"active":      "it listens for the neighbour to connect (its own attempt failed, or it is passive) and tries again when its ConnectRetryTimer expires",
	"opensent":    "it sent its OPEN and waits for the neighbour's",
	"openconfirm": "it accepted the neighbour's OPEN and waits for a KEEPALIVE",
	"established": "it is up: UPDATEs are exchanged",
	// FRR's Clearing and Deleted.
	"clearing": "FRR removes the neighbour's routes after the session left Established; the cause is logged with it",
	"deleted":  "FRR frees what it kept for this connection: the session attempt or a second connection (kept until a collision is resolved, RFC 4271 §6.8) is over; the cause is logged before it",
}

// reStateShown is a session's state as a show block or an FSM trace
// prints it: Brocade's "State: ACTIVE", FRR's "BGP state = Idle" and
// "bgp_fsm_change_status : ... Status: Active", FTOS's "BGP state
// ACTIVE, in this state for", FRR's JSON "bgpState":"Established", EOS's
// "BGP state is Established", GoBGP's "BGP state = BGP_FSM_ESTABLISHED"
// and, from GoBGP 3 (its API's enum), "SESSION_STATE_ESTABLISHED".
var reStateShown = gate(`(?:\b(?:state|status)\s*[:=]\s*(?:bgp_fsm_|session_state_)?|\bbgp state (?:is )?|"bgpstate"\s*:\s*")(idle|connect|active|opensent|openconfirm|established|clearing|deleted)\b`)

// stateShown says what the state an entry (lower case) shows means, or "".
func stateShown(lower string) string {
	var m []string
	for _, at := range reStateShown.findAllIndex(newScan(lower, lower), -1) {
		if !strings.HasSuffix(lower[:at[0]], "last ") {
			m = []string{lower[at[0]:at[1]], lower[at[2]:at[3]]}
			break
		}
	}
	if m == nil {
		return ""
	}
	if reGoBGPLeft.match(newScan(lower, lower)) {
		return "the session was in " + m[1] + " when it went down (RFC 4271 §8.2.2): GoBGP logs with the Reason for a session's end the state it left, not one it is in"
	}
	s := "the session is in " + m[1] + " (RFC 4271 §8.2.2): " + stateWaits[m[1]]
	if l := reLastState.find(newScan(lower, lower)); l != nil {
		s += "; the state before it was " + l[1]
		if l[1] == m[1] {
			s += " too: the last move left the session where it was (an event handled without a change of state)"
		}
	}
	return s
}

// reLastState is the state a show block prints as the one before the
// current: SR OS's and Junos's "Last State: Active", VRP's and Comware's
// "BGP last state: OpenConfirm", EOS's "Last state was OpenConfirm".
var reLastState = gate(`\blast state\s*(?::|\swas)\s*(idle|connect|active|opensent|openconfirm|established)\b`)

// reGoBGPLeft is GoBGP's reason for a session's end, logged with the
// state it ended in: Reason="notification-sent code 3(update) ...",
// "Reason":"read-failed", msg="Peer Down".
var reGoBGPLeft = gate(`(?i)\breason"?\s*[:=]\s*"?(?:notification-(?:sent|received)|read-failed|write-failed|hold-timer-expired|admin-down|idle-hold-timer-expired|graceful-restart)\b|\bpeer down\b`)

// reMsgTypeWords is a message's type and length as IOS's debug prints
// them: "rcv message type 1, length (excl. header) 38".
var reMsgTypeWords = gate(`\bmessage type (\d{1,3}), length \(excl\. header\) (\d{1,5})\b`)

// msgTypeWords names the message type and its whole length an entry
// (lower case) states, or "".
func msgTypeWords(lower string) string {
	m := reMsgTypeWords.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	t, body := atoiOr(m[1], 0), atoiOr(m[2], 0)
	if t > 255 {
		return ""
	}
	return "message type " + m[1] + " is " + bgp.MessageType(t).String() + " (RFC 4271 §4.1); its " + m[2] +
		" octets after the 19-octet header make a message of " + itoa(body+19) + " octets (the Length field counts the header too)"
}

// reMsgHdrType is the header FortiOS's debug traces as it builds or
// reads a message: "[ENCODE] Msg-Hdr: Type 3".
var reMsgHdrType = gate(`\[(encode|decode)\] msg-hdr: type (\d{1,3})\b`)

// msgHdrType names the type of the header the entry (lower case) traces.
func msgHdrType(lower string) string {
	m := reMsgHdrType.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	t := atoiOr(m[2], 256)
	if t > 255 {
		return ""
	}
	verb := "builds (encode) to send"
	if m[1] == "decode" {
		verb = "reads (decode) as it arrives"
	}
	s := "a debug trace of the header of a message the router " + verb + ": type " + m[2] + " is " + bgp.MessageType(t).String() + " (RFC 4271 §4.1)"
	if t == 3 {
		s += "; the NOTIFICATION's code is logged with it"
	}
	return s
}

// reMsgTraced is a message Comware's debug traces as it sends or reads
// it, with its length: "Recv OPEN Length: 39", "Send KEEPALIVE Length 19".
var reMsgTraced = gate(`\b(recv|send) (open|update|notification|keepalive|route-refresh) length:?\s*(\d{1,5})\b`)

// reOpenVersionTraced is the version Comware's debug prints for an OPEN it
// sends: "Send OPEN, Version: 4".
var reOpenVersionTraced = gate(`\b(recv|send) open, version:?\s*(\d{1,3})\b`)

// tracedTypes are the message types a trace names in words.
var tracedTypes = map[string]bgp.MessageType{"open": bgp.MsgOpen, "update": bgp.MsgUpdate, "notification": bgp.MsgNotification,
	"keepalive": bgp.MsgKeepalive, "route-refresh": bgp.MsgRouteRefresh}

// msgTraced says what a traced message's length means, or "".
func msgTraced(lower string) string {
	m := reMsgTraced.find(newScan(lower, lower))
	if m == nil {
		return openVersion(lower)
	}
	verb, n, least := "received from", atoiOr(m[3], 0), tracedTypes[m[2]].MinLen()
	if m[1] == "send" {
		verb = "sent to"
	}
	article := "a "
	if m[2] == "open" || m[2] == "update" {
		article = "an "
	}
	s := "a debug trace of " + article + strings.ToUpper(m[2]) + " " + verb + " the neighbour, " + m[3] + " octets with its 19-octet header (RFC 4271 §4.1)"
	switch {
	case m[2] == "keepalive" && n != 19:
		return s + "; a KEEPALIVE is the header alone, 19 octets (RFC 4271 §4.4): this length is a Bad Message Length (1/2)"
	case n < least:
		return s + "; shorter than the " + itoa(least) + " octets this message needs: a Bad Message Length (1/2, RFC 4271 §6.1)"
	case n > bgp.MaxMessageLen:
		return s + "; longer than 4096 octets, allowed only with the Extended Message capability (RFC 8654)"
	case m[2] == "open":
		return s + "; " + itoa(n-29) + " of them after the OPEN's 29 fixed octets are its Optional Parameters (capabilities, RFC 5492)"
	}
	return s
}

// openVersion says what the version of a traced OPEN means, or "".
func openVersion(lower string) string {
	m := reOpenVersionTraced.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	s := "a debug trace of an OPEN "
	if m[1] == "send" {
		s += "the router sends"
	} else {
		s += "the router received"
	}
	if m[2] == "4" {
		return s + ", BGP version 4, the only one in use (RFC 4271 §4.2)"
	}
	return s + ", BGP version " + m[2] + ": only 4 is in use; the receiver answers Unsupported Version Number (2/1) with the version it supports (RFC 4271 §6.2)"
}

// reOptParmLen is the Optional Parameters Length IOS debug prints for an
// OPEN: "rcv OPEN w/ OPTION parameter len: 28".
var reOptParmLen = gate(`\boption parameter len:\s*(\d{1,3})\b`)

// optParmLen adds the Optional Parameters Length the entry (lower case)
// states, or "".
func optParmLen(lower string) string {
	m := reOptParmLen.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	return "; the OPEN's optional parameters take " + m[1] + " octets (Opt Parm Len, RFC 4271 §4.2)"
}

// Timers as a show block prints them: Brocade's "KeepAliveTime: 30,
// HoldTime: 90", FRR's "Hold time is 180 seconds, keepalive interval is
// 60 seconds", RouterOS's "hold-time=3m keepalive-time=1m" (v7 session)
// and "used-hold-time=3m used-keepalive-time=1m" (v6 peer status, the
// values in use beside the configured ones), in its units, SR OS's "Hold
// Time : 90  Keep Alive : 30" with "Active Hold Time : 90" (in use).
var (
	reKeepaliveShown = gate(`\b(used-|active )?keep[ -]?alive(?:[ -]?(?:time|interval)(?: is)?\s*[:=]?|\s*[:=])\s*((?:\d{1,5}[hms]){1,3}|\d{1,5})\b`)
	reHoldShown      = gate(`\b(used-|active )?hold[ -]?time(?: is)?\s*[:=]?\s*((?:\d{1,5}[hms]){1,3}|\d{1,5})\b`)
)

// timersShown says what the hold time and keepalive interval an entry
// (lower case) shows together mean, or "".
func timersShown(lower string) string {
	t := newScan(lower, lower)
	ka, hold := timerShown(reKeepaliveShown, t), timerShown(reHoldShown, t)
	if ka < 0 || hold < 0 {
		return ""
	}
	h, k := itoa(hold), itoa(ka)
	if hold < 1<<16 && !bgp.HoldTimeAcceptable(uint16(hold)) {
		return "a hold time of " + h + " seconds is not allowed (RFC 4271 §4.2: 0 or at least 3); an OPEN with it is refused with Unacceptable Hold Time (2/6, §6.2)"
	}
	if hold == 0 {
		return "hold time 0: no KEEPALIVEs are sent and the session is never timed out (RFC 4271 §4.2, §4.4)"
	}
	return "hold time " + h + " seconds, keepalive " + k + " seconds: the session fails with Hold Timer Expired (4/0, RFC 4271 §6.5) after " + h +
		" seconds without a message from the neighbour, and KEEPALIVEs go every " + k + " seconds (RFC 4271 §4.4; a third of the hold time is usual, §10)"
}

// timerShown returns the seconds of the timer g finds, the one in use
// ("used-") where the entry shows it beside the configured one; -1 if none.
func timerShown(g *gated, t scan) int {
	all := g.findAll(t, -1)
	if len(all) == 0 {
		return -1
	}
	m := all[0]
	for _, a := range all {
		if a[1] != "" {
			m = a
			break
		}
	}
	// RouterOS's "1m30s": numbers each followed by its unit.
	secs, n := 0, 0
	for _, c := range m[2] {
		switch c {
		case 'h':
			secs, n = secs+n*3600, 0
		case 'm':
			secs, n = secs+n*60, 0
		case 's':
			secs, n = secs+n, 0
		default:
			n = n*10 + int(c-'0')
		}
	}
	secs += n
	return secs
}

// reAdjUp is a Cisco-style adjacency change to Up: IOS's "%BGP-5-ADJCHANGE:
// neighbor 10.0.0.1 vpn vrf A Up", NX-OS's "bgp- [7984] (default) neighbor
// 10.0.0.1 Up", FRR's "%ADJCHANGE: neighbor 10.0.0.1(r2) in vrf default Up",
// IOS XR's "%ROUTING-BGP-5-ADJCHANGE : neighbor 10.0.0.1 Up (VRF: default)
// (AS: 65000)" and its ADJCHANGE_DETAIL's "(VRF: default; AFI/SAFI: 1/128)";
// the word Up ends the entry but for those parentheses (a Down's reason
// may hold "up").
var reAdjUp = gate(`\badjchange(?:_detail)? ?:[^\n]*?\bneighbou?r\s+\S+(?:\s+[a-z0-9_-]+){0,4}?\s+up(?:\s+\([^()\n]*\)){0,3}\s*$`)

// adjacencyUp says what an adjacency change to Up means, or "".
func adjacencyUp(lower string) string {
	if reAdjUp.find(newScan(lower, lower)) == nil {
		return ""
	}
	return "the session came up: it reached Established (RFC 4271 §8.2.2, a KEEPALIVE answered its OPEN, event 26) and UPDATEs are exchanged; not an error"
}

// reTypeExpected is a message's type where the FSM awaited another:
// FlapAlerted's "unexpected message of type '3', expected keepalive".
var reTypeExpected = gate(`\bmessage of type '?(\d{1,3})'?,? expected (open|keepalive|update|notification)\b`)

// typeExpected names the type that came and says what it means where
// another was awaited, or "".
func typeExpected(lower string) string {
	m := reTypeExpected.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	t := atoiOr(m[1], 256)
	if t > 255 {
		return ""
	}
	s := "message type " + m[1] + " is " + bgp.MessageType(t).String() + " (RFC 4271 §4.1), where " + strings.ToUpper(m[2]) + " was awaited: "
	if t == 3 {
		return s + "the neighbour closed the session with a NOTIFICATION instead (RFC 4271 §8.2.2); its code, in the neighbour's log or a decode of it, says why (a KEEPALIVE awaited means it refused this side's OPEN)"
	}
	return s + "a message the state does not allow; RFC 4271 §8.2.2 has the receiver close with Finite State Machine Error (5/x, RFC 6608 §3)"
}

// reOpenDelay is IOS's wait before its next active open: "open active
// delayed 12288ms (35000ms max, 60% jitter)".
var reOpenDelay = gate(`\bopen active delayed (\d{1,7})ms \((\d{1,7})ms max, (\d{1,3})% jitter\)`)

// openActiveDelay adds the wait an IOS entry (lower case) states, or "".
func openActiveDelay(lower string) string {
	m := reOpenDelay.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	return ": this wait is " + m[1] + " ms, the longest " + m[2] + " ms, each varied by up to " + m[3] + "%"
}
