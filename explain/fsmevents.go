package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// reFSMEventNumber is an FSM event logged by its RFC 4271 number:
// FortiGate's "[FSM] State: Established Event: 25", D-Link's "closed due
// to Event: 18". The number alone means nothing without the FSM's words.
var reFSMEventNumber = gate(`(?:\[fsm\]|due to)[^\n]*?\bevent:\s*<?(\d{1,2})\b`)

// fsmEventNumbered names the event an entry (lower case) logs by number,
// or "".
func fsmEventNumbered(lower string) string {
	m := reFSMEventNumber.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	n := atoiOr(m[1], 0)
	if n < 1 || bgp.FSMEvent(n).Ref() == "" {
		return ""
	}
	return "FSM " + eventNamed(n) + eventEffect(n)
}

// eventNamed names RFC 4271 event n with the section defining it (the
// bgp package's table): "event 18 TcpConnectionFails (RFC 4271 §8.1.4)".
func eventNamed(n int) string {
	e := bgp.FSMEvent(n)
	return "event " + itoa(n) + " " + e.String() + " (" + e.Ref() + ")"
}

// eventEffect says what event n does to the session, or "".
func eventEffect(n int) string {
	s := ""
	switch n {
	case 25:
		s += ": a NOTIFICATION from the neighbour closes the session; the router's NOTIFICATION entry names the error"
	case 18:
		s += ": the TCP connection failed or was closed without a NOTIFICATION"
	case 10:
		s += ": the router sends Hold Timer Expired (4/0, RFC 4271 §6.5)"
	case 21, 22, 28:
		s += ": the router found an error in the neighbour's message and sends the NOTIFICATION for it"
	case 26:
		s += ": a KEEPALIVE from the neighbour; in OpenConfirm it brings the session to Established"
	case 19:
		s += ": the neighbour's OPEN arrived and passed its checks (RFC 4271 §6.2)"
	case 27:
		s += ": an UPDATE from the neighbour, in Established"
	case 9:
		s += ": the router tries its TCP connection again"
	case 2:
		s += ": an operator stopped the session (shutdown, reset or removal of the neighbour); in OpenSent, OpenConfirm or Established the router sends a Cease NOTIFICATION first (RFC 4271 §8.2.2)"
	case 1, 3:
		s += ": the router begins a session attempt, Idle to Connect (or Active if passive)"
	case 16:
		s += ": the TCP connection the router opened came up (its SYN was answered) and it sends its OPEN"
	case 17:
		s += ": the TCP connection came up and the router sends its OPEN"
	}
	return s
}

// reKeyedEvent is an FSM event logged as a key beside the state, by its
// RFC 4271 number or name: sart's "state=Connect event=16", "state=Idle
// event=Admin_ManualStart" (its names carry the event's group and end
// "Expire", "Fail", "Error" where the RFC's end "Expires", "Fails", "Err").
var reKeyedEvent = gate(`\bstate=([a-z]+)\s+event=((?:(?:admin|timer|connection|message)_)?([a-z_]+|\d{1,2}))\b`)

// keyedEvent names the RFC 4271 event an entry (lower case) logs as
// event=, or "".
func keyedEvent(lower string) string {
	m := reKeyedEvent.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	n := atoiOr(m[3], 0)
	for e := 1; n == 0 && e <= 28; e++ {
		if eventKey(bgp.FSMEvent(e).String()) == eventKey(m[3]) {
			n = e
		}
	}
	if n < 1 || bgp.FSMEvent(n).Ref() == "" {
		return ""
	}
	effect := eventEffect(n)
	if (n == 14 || n == 16 || n == 17) && (m[1] == "opensent" || m[1] == "openconfirm" || m[1] == "established") {
		// A connection coming up once the session has one is a second
		// connection (RFC 4271 §8.2.2), not the session's.
		effect = ": a second TCP connection to the same neighbour came up while the session already has one; it is kept until its OPEN arrives and then one of the two is closed by connection collision detection (RFC 4271 §6.8)"
	}
	return "the FSM event logged, event=" + m[2] + ", is " + eventNamed(n) + effect
}

// eventKey is an event's name reduced to compare spellings: lower case,
// no underscores, "Err" for "Error", no plural "s" at the end.
func eventKey(name string) string {
	k := strings.ReplaceAll(strings.ToLower(name), "_", "")
	k = strings.ReplaceAll(k, "error", "err")
	return strings.TrimSuffix(k, "s")
}

// junosEvents are Junos's names of RFC 4271 events ("Last Event:
// RecvKeepAlive" in show bgp neighbor, "(event TransportError)" in
// RPD_BGP_NEIGHBOR_STATE_CHANGED) other than those sessionEvents reads
// (HoldTime, RecvNotify, Stop, Closed). EOS prints the same names ("Last
// event was RecvKeepAlive"), SR OS ("Last Event : recvOpen") and VRP
// ("BGP current event: RecvKeepalive") too.
var junosEvents = map[string]int{"recvkeepalive": 26, "recvopen": 19, "recvupdate": 27, "connectretry": 9, "transporterror": 18}

var reJunosEvent = gate(`\bevent(?:\s*:|\s+was)?\s*(recvkeepalive|recvopen|recvupdate|connectretry|transporterror)\b`)

// junosEvent names the RFC 4271 event an entry (lower case) logs by
// Junos's name, or "".
func junosEvent(lower string) string {
	m := reJunosEvent.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	n := junosEvents[m[1]]
	return "Junos's (SR OS's, VRP's and EOS's) " + m[1] + " is " + eventNamed(n) + eventEffect(n)
}

// comwareEvents are Comware's (H3C, HPE, 3Com) names of RFC 4271 events in
// its BGP event debug: "Current event is CRTimerExpired", "Receive
// ManualStop event in ESTABLISHED state", and its show block's "BGP
// current event: CRTimerExpired". Its "Start" is RFC 1771's BGP
// Start, RFC 4271's ManualStart or AutomaticStart: read as 3, the start a
// router makes by itself after a failure.
var comwareEvents = map[string]int{
	"start": 3, "manualstart": 1, "manualstop": 2, "stop": 2, "crtimerexpired": 9, "holdtimerexpired": 10,
	"transconnopen": 17, "transconnopenfailed": 18, "transconnclosed": 18, "transfatalerror": 18,
	"receiveopenmessage": 19, "recvopenmessage": 19, "recvkeepalivemessage": 26, "receivekeepalivemessage": 26,
	// VRP's show block: "BGP current event: KATimerExpired".
	"katimerexpired":    11,
	"recvupdatemessage": 27, "receiveupdatemessage": 27, "recvnotificationmessage": 25, "receivenotificationmessage": 25,
}

var reComwareEvent = gate(`\b(?:current event(?: is|:)\s*([a-z]+)\b|receive ([a-z]+) event\b|bgp_timer:\s*(cr|hold) timer expired\b)`)

// comwareEvent names the RFC 4271 event an entry (lower case) logs by
// Comware's name, or "".
func comwareEvent(lower string) string {
	m := reComwareEvent.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	name := m[1] + m[2]
	if m[3] != "" { // its timer debug: "BGP_TIMER: CR Timer Expired for Peer"
		name = m[3] + "timerexpired"
	}
	n, ok := comwareEvents[name]
	if !ok {
		return ""
	}
	return "Comware's (and VRP's) event " + name + " is " + eventNamed(n) + eventEffect(n)
}

// reASTrans is an OPEN's AS given as 23456, AS_TRANS: "remote-as (in
// open) 23456" (FRR), "my as 23456".
var reASTrans = gate(`\bas\b[^0-9\n]{0,12}\b23456\b`)

// asTransOpen says what AS 23456 in an entry about an OPEN means, or "".
func asTransOpen(lower string) string {
	if !containsAny(lower, []string{"open"}) || reASTrans.find(newScan(lower, lower)) == nil {
		return ""
	}
	return "AS 23456 in the OPEN is AS_TRANS (RFC 6793 §4.1, §9): the neighbour's AS does not fit the 2-octet My Autonomous System field, and its real AS is in its 4-octet AS Number capability (RFC 6793 §3); if the router expects 23456 or lacks that capability the session fails with Bad Peer AS (2/2)"
}
