package explain

import (
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// This file reads the parts of vendors' wording that say more than a code:
// codes printed as "Name (N), subcode Name (M)", a subcode given as
// "sub=N" or left out, which message a stated length measures, a Hard
// Reset around the stated error, and BMP reasons that are not BGP codes.

var (
	// tcpdump: "Cease (6), subcode Hard Reset (9)", "ROUTE-REFRESH Message
	// Error (7) subcode Invalid Message Length (1)".
	reNamedCodes = gate(`(?i)\(([1-9])\),?\s+subcode\s+[a-z][^()\n]{0,60}?\((\d{1,3})\)`)
	// "code=6 (Cease) sub=0".
	reSubEq = gate(`(?i)\bsub\s*[:=]\s*(\d{1,3})\b`)
	// Junos: "code 6 (Cease)", the subcode printed only when it is not 0.
	reCodeParen = gate(`(?i)\bcode\s+([1-9])\s+\(`)
	// tcpdump: "Notification Message (3), length: 21".
	reTypedLength = gate(`(?i)\b(notification|open|update|keepalive|route-refresh)\s+message\s*\(\d\),\s*length:\s*(\d{1,5})`)
	// IOS XR: "Malformed UPDATE message received ... - message length 68 bytes".
	reMessageLength = gate(`(?i)\bmessage\s+length\s*[:=]?\s*(\d{1,5})`)
	reMessageType   = regexp.MustCompile(`(?i)\b(notification|open|update|keepalive|route-refresh)\b`)
	// An attribute described in words: Junos "TUNNEL_ENCAPS(23) flag 0xc0
	// length 80", IOS XR "Attribute 2 (Flags 0x40, Length 18)".
	reAttrWordsName = gate(`(?i)\b[a-z][a-z0-9_]*\((\d{1,3})\)\s+flags?\s+0x([0-9a-f]{1,2})\s+length\s+(\d{1,5})`)
	// ExaBGP's "(flag 0xC0, aid 0x11)": flags and type in hex, no length.
	reAttrWordsAid = gate(`(?i)\(\s*flag\s+0x([0-9a-f]{1,2}),\s*aid\s+0x([0-9a-f]{1,2})\s*\)`)
	reAttrWordsNum = gate(`(?i)\battribute\s+(\d{1,3})\s*\(\s*flags\s+0x([0-9a-f]{1,2}),\s*length\s+(\d{1,5})\s*\)`)
	// tcpdump -v's line of one attribute, flags in letters: "Unknown
	// Attribute (30), length: 21, Flags [OTP]:".
	reAttrWordsTD = gate(`\((\d{1,3})\), length: (\d{1,5}), Flags \[([OTPE]+)\]`)
	// Wireshark's details of one attribute, flags first: "Flags: 0x90,
	// Optional, ..." / "Type Code: MP_REACH_NLRI (14)" / "Length: 42".
	reAttrWordsWS = gate(`\bFlags: 0x([0-9a-f]{2}),[^\n]*\n\s*Type Code: [^(\n]*\((\d{1,3})\)\s*\n\s*Length: (\d{1,5})\b`)
	// Quagga's "Notification sent to neighbor 192.0.2.1: shutdown": a word
	// for the Cease subcode sent (bgp_notify_send_with_data), where other
	// NOTIFICATIONs get "type 6/3".
	reQuaggaCease = gate(`(?im)\bnotification sent to neighbou?r \S+?:? ?: (shutdown|user reset|configuration change)\s*$`)
	// OpenBMP: "BGP peer down notification with reason code: 1".
	reBMPDown = gate(`(?i)\bpeer[\s_-]*down\b[^\n]{0,60}?\breason(?:\s*code)?\s*[:=]?\s*(\d{1,3})\b`)
)

// namedCodes reads codes printed as names with the number in brackets,
// and a subcode given as "sub=N". When a Hard Reset (6/9) names the error
// it carries, the first pair is the Hard Reset.
func namedCodes(ev *Evidence, t scan) {
	if ev.Code < 0 {
		if m := reNamedCodes.find(t); m != nil {
			ev.Code, ev.Subcode = atoiOr(m[1], -1), atoiOr(m[2], -1)
		}
	}
	if ev.Code < 0 {
		if m := reQuaggaCease.find(t); m != nil {
			ev.Code, ev.Subcode, ev.FromWords = int(bgp.CodeCease), quaggaCease[strings.ToLower(m[1])], true
			ev.Words = append(ev.Words, "Quagga logs the Cease it sends by a word: \""+strings.ToLower(m[1])+"\" is subcode "+itoa(ev.Subcode)+" ("+bgp.SubcodeName(bgp.CodeCease, uint8(ev.Subcode))+")")
		}
	}
	if ev.Subcode < 0 {
		if m := reSubEq.find(t); m != nil {
			ev.Subcode = atoiOr(m[1], -1)
		}
	}
}

// quaggaCease maps Quagga's words to the Cease subcodes they stand for
// (RFC 4486 §4).
var quaggaCease = map[string]int{"shutdown": 2, "user reset": 4, "configuration change": 6}

// noSubcode reads a code stated as "code N (Name)" with no subcode
// anywhere as subcode 0: Junos prints the subcode only when it is not 0.
// The words may still name a reason ("connection collision prefers ..."):
// that is the router's reason, not the subcode it sent.
func noSubcode(ev *Evidence, t scan) {
	if ev.Code < 0 || ev.Subcode >= 0 || strings.Contains(t.lower, "sub") {
		return
	}
	m := reCodeParen.find(t)
	if m == nil || atoiOr(m[1], -1) != ev.Code {
		return
	}
	ev.Subcode = 0
	note := "the entry states code " + itoa(ev.Code) + " and no subcode: the subcode is 0 (Junos prints a subcode only when it is not 0)"
	if c, s := codeFromWords(t.lower); c == ev.Code && s > 0 {
		note += "; the reason in its words would be " + itoa(c) + "/" + itoa(s) + " (" + bgp.SubcodeName(bgp.Code(c), uint8(s)) + "), but the sender did not send that subcode"
	}
	ev.Words = append(ev.Words, note)
}

// statedMessageLength reads a count the words tie to a message: its
// type and length. It reports whether it found one.
func statedMessageLength(ev *Evidence, t scan) bool {
	words := t.s
	if m := reTypedLength.find(t); m != nil {
		ev.Length, ev.LengthOfMsg, ev.LengthMsg = atoiOr(m[2], -1), true, strings.ToUpper(m[1])
		return true
	}
	loc := reMessageLength.findIndex(t)
	if loc == nil {
		return false
	}
	ev.Length, ev.LengthOfMsg = atoiOr(words[loc[2]:loc[3]], -1), true
	if ts := reMessageType.FindAllString(words[:loc[0]], -1); len(ts) > 0 {
		ev.LengthMsg = strings.ToUpper(ts[len(ts)-1]) // the message named last before the count
	}
	return true
}

// inWords reports whether the entry prints the data field in words
// instead of octets: a decoded Shutdown Communication, an empty one, the
// error a Hard Reset carries.
func (ev Evidence) inWords() bool { return ev.Reason != "" || ev.EmptyReason || ev.Inner != "" }

// otherMessage reports whether the stated count measures a message other
// than the NOTIFICATION the entry is about (the UPDATE an IOS XR
// MALFORM_UPDATE line reports): it says nothing of the data's size.
func (ev Evidence) otherMessage() bool {
	return ev.LengthOfMsg && ev.LengthMsg != "" && ev.LengthMsg != "NOTIFICATION"
}

// hardResetWords notes a Hard Reset the words state around the error:
// FRR's "%NOTIFICATION(Hard Reset): sent ... 6/4" logs the error the Hard
// Reset carries; tcpdump prints the Hard Reset and then the error inside.
func hardResetWords(ev *Evidence, t scan) []string {
	if !strings.Contains(t.lower, "hard reset") || ev.Code < 0 {
		return nil
	}
	if ev.Code == int(bgp.CodeCease) && ev.Subcode == int(bgp.SubHardReset) {
		ms := reNamedCodes.findAll(t, 2)
		if len(ms) < 2 {
			return nil
		}
		in := bgp.Notification{Code: bgp.Code(atoiOr(ms[1][1], 0)), Subcode: uint8(atoiOr(ms[1][2], 0))}
		ev.Inner = notificationSummary(in)
		return []string{"the text names the error the Hard Reset carries in its data: " + ev.Inner + " (RFC 8538 §3)"}
	}
	if ev.Subcode < 0 {
		return nil
	}
	return []string{"the text marks it a Hard Reset: on the wire it is Cease / Hard Reset (6/9), whose data carries this " +
		itoa(ev.Code) + "/" + itoa(ev.Subcode) + " (RFC 8538 §3)"}
}

// bmpDown reads a BMP collector's Peer Down reason: a BMP code (RFC 7854
// §4.9), which must not be taken for a NOTIFICATION's.
func bmpDown(ev *Evidence, t scan) []string {
	m := reBMPDown.find(t)
	if m == nil {
		return nil
	}
	r := atoiOr(m[1], -1)
	if r < 0 || r > 255 {
		return nil
	}
	ev.BMPDown = r
	return []string{"the text states a BMP Peer Down reason, " + itoa(r) + " (" + bmp.PeerDownReason(r).String() + "), not a BGP error code"}
}

// attrWords reads a path attribute the text describes in words (type,
// flags, length), which vendors print beside or instead of its octets.
func attrWords(words string) []string { return attrWordsIn(newScan(words, "")) }

// attrWordsIn is attrWords of a scan made already.
func attrWordsIn(in scan) []string {
	if m := reAttrWordsAid.find(in); m != nil {
		f, _ := strconv.ParseUint(m[1], 16, 8)
		t, _ := strconv.ParseUint(m[2], 16, 8)
		return []string{"the text describes attribute " + itoa(int(t)) + " (" + bgp.AttrType(t).String() + ") in words: flags 0x" +
			hex.EncodeToString([]byte{byte(f)}) + " (" + bgp.AttrFlags(f).String() + ")"}
	}
	m := reAttrWordsName.find(in)
	if m == nil {
		m = reAttrWordsNum.find(in)
	}
	if m == nil {
		if m = reAttrWordsWS.find(in); m != nil {
			m[1], m[2] = m[2], m[1] // type before flags, as the others give them
		}
	}
	var f uint64
	var err error
	if m == nil {
		if m = reAttrWordsTD.find(in); m == nil {
			return nil
		}
		m[2], m[3] = hex.EncodeToString([]byte{tcpdumpFlags(m[3])}), m[2]
	}
	t, l := atoiOr(m[1], -1), atoiOr(m[3], -1)
	f, err = strconv.ParseUint(m[2], 16, 8)
	if t < 0 || t > 255 || l < 0 || err != nil {
		return nil
	}
	out := []string{"the text describes attribute " + itoa(t) + " (" + bgp.AttrType(t).String() + ") in words: flags 0x" +
		hex.EncodeToString([]byte{byte(f)}) + " (" + bgp.AttrFlags(f).String() + "), length " + itoa(l)}
	if w := unknownOptional(bgp.AttrType(t), bgp.AttrFlags(f)); w != "" {
		out = append(out, w)
	}
	if w := mpNextHopWords(in); w != "" && bgp.AttrType(t) == bgp.AttrMPReachNLRI {
		out = append(out, w)
	}
	return out
}

// reWSMPNextHop is Wireshark's AFI and next hop length of an
// MP_REACH_NLRI: "Address family identifier (AFI): IPv4 (1)" ... "Next
// hop network address (32 bytes)".
var reWSMPNextHop = gate(`(?s)Address family identifier \(AFI\): [^(\n]*\((\d{1,5})\).{0,200}?Next hop network address \((\d{1,3}) bytes\)`)

// mpNextHopWords says what the next hop length an MP_REACH_NLRI's words
// give means for its family, or "" for the usual one.
func mpNextHopWords(in scan) string {
	m := reWSMPNextHop.find(in)
	if m == nil {
		return ""
	}
	afi, n := atoiOr(m[1], 0), atoiOr(m[2], 0)
	switch {
	case afi == 1 && (n == 16 || n == 32):
		return "a next hop of " + m[2] + " octets for IPv4 routes is an IPv6 address (" + map[bool]string{true: "global, then link-local", false: "global"}[n == 32] +
			", RFC 8950 §3, RFC 2545 §3): valid only where both sides agreed the Extended Next Hop Encoding capability (5) for the family; a receiver without it finds the MP_REACH_NLRI malformed, and since its NLRI cannot then be trusted RFC 7606 §7.11 has it reset the session or disable the family"
	case afi == 2 && n == 32:
		return "a next hop of 32 octets for IPv6 routes is the global address, then the link-local one (RFC 2545 §3)"
	}
	return ""
}

// unknownOptional says what RFC 4271 §5 has a router do with an optional
// attribute whose type it does not know, or "" for a known type.
func unknownOptional(t bgp.AttrType, f bgp.AttrFlags) string {
	if t.Known() || f&bgp.FlagOptional == 0 {
		return ""
	}
	if f&bgp.FlagTransitive == 0 {
		return "type " + itoa(int(t)) + " has no name in the registry (unassigned or deprecated): an optional non-transitive attribute a router does not recognise is quietly ignored and not passed on (RFC 4271 §5)"
	}
	s := "type " + itoa(int(t)) + " has no name in the registry (unassigned or deprecated): an optional transitive attribute a router does not recognise is kept and passed on with the Partial bit set (RFC 4271 §5)"
	if f.Partial() {
		s += "; Partial is set here, so a router on the path already passed it on unrecognised"
	}
	return s
}

var (
	// An OPEN in words: BIRD's "OPEN(", a Go struct's "HoldTime:... RouterID:",
	// a debug line's "sending OPEN," / "rcv OPEN," (FRR, IOS).
	reOpenContext = gate(`(?i)\bopen\s*\(|\bholdtime\s*:.*\brouterid\s*:|\b(?:sending|sent|send|rcv|rcvd|recv|received)\s+open\s*,`)
	reOpenVersion = regexp.MustCompile(`(?i)\b(?:ver|version)\s*[:=]?\s*(0x[0-9a-f]+|\d+)\b`)
	reOpenAS      = regexp.MustCompile(`(?i)\b(?:(?:as|asn|asn16|my_?as)\s*[:=]|my\s+as:?)\s*(0x[0-9a-f]+|\d+)\b`)
	reOpenHold    = regexp.MustCompile(`(?i)\b(?:hold|hold_?time)\s*[:=]?\s*(0x[0-9a-f]+|\d+)\b`)
	// IOS debug prints the identifier as hex without leading zeros
	// ("ID 1010101" is 1.1.1.1), after a blank rather than "=".
	reOpenID = regexp.MustCompile(`(?i)\b(?:id|router_?id|bgp_?id)\s*[:=]\s*(0x[0-9a-f]{1,8}|[0-9a-f]{8}|\d{1,3}(?:\.\d{1,3}){3})\b|,\s*id\s+(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,8})\b`)
)

// openWords reads the fixed fields of an OPEN a router prints in words
// instead of octets: BIRD's "Got OPEN(as=65101,hold=90,id=ac110005)", a
// Go struct "{Version:0x4, ASN16:0xff32, HoldTime:0xb4, RouterID:...}",
// FRR's "sending OPEN, version 4, my as 53, holdtime 30, id 1.1.1.53". It
// returns nil unless the words are an OPEN's and name its AS, or its
// version and hold time.
func openWords(text string) *Node {
	if !reOpenContext.match(newScan(text, "")) {
		return nil
	}
	as := reOpenAS.FindStringSubmatch(text)
	version, hold := reOpenVersion.FindStringSubmatch(text), reOpenHold.FindStringSubmatch(text)
	// IOS debug's "rcv OPEN, version 4, holdtime 180 seconds" names no AS:
	// its version and hold time are enough to tell an OPEN's fields.
	if as == nil && (version == nil || hold == nil) {
		return nil
	}
	b := &builder{}
	n := b.node("open", 0, 0, nil, "the OPEN's fixed fields, printed in words by the router: no octets to read", "RFC 4271 §4.2")
	n.Label = "OPEN (in words)"
	if version != nil {
		n.add(b.node("version", 0, 0, int(wordNumber(version[1])), "BGP version", "RFC 4271 §4.2"))
	}
	if as != nil {
		asn := b.node("my_autonomous_system", 0, 0, int(wordNumber(as[1])), "the sender's AS (AS_TRANS 23456 when its AS needs 4 octets)", "RFC 4271 §4.2, RFC 6793")
		specialAS(asn, uint32(wordNumber(as[1])))
		n.add(asn)
	}
	if hold != nil {
		n.add(b.node("hold_time", 0, 0, int(wordNumber(hold[1])), "seconds", "RFC 4271 §4.2"))
	}
	if m := reOpenID.FindStringSubmatch(text); m != nil {
		id := m[1] + m[2]
		if !strings.Contains(id, ".") {
			// BIRD prints the identifier as 8 hex digits without 0x.
			v := wordNumber("0x" + strings.TrimPrefix(strings.ToLower(id), "0x"))
			id = itoa(int(v>>24)) + "." + itoa(int(v>>16&0xff)) + "." + itoa(int(v>>8&0xff)) + "." + itoa(int(v&0xff))
		}
		n.add(b.node("bgp_identifier", 0, 0, id, "the sender's router ID", "RFC 4271 §4.2"))
	}
	return n
}

// wordNumber reads a number a router printed in decimal or as 0x hex.
func wordNumber(s string) uint64 {
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		v, _ := strconv.ParseUint(h, 16, 32)
		return v
	}
	v, _ := strconv.ParseUint(s, 10, 32)
	return v
}

// reJunosTally is a line of Junos's "show bgp neighbor": the NOTIFICATIONs
// of one error code sent and received over the session's life ("Error:
// 'Cease' Sent: 2 Recv: 48"), counted by code alone.
var reJunosTally = gate(`(?i)\berror: '([^']+)' sent: (\d+) recv: (\d+)`)

// tallyWords says what each such count means: many NOTIFICATIONs of that
// code, any subcode, not one.
func tallyWords(t scan) []string {
	var out []string
	for _, m := range reJunosTally.findAll(t, -1) {
		out = append(out, "Junos's tally of NOTIFICATIONs by error code: '"+m[1]+"' sent "+m[2]+", received "+m[3]+
			" over the session's life, whatever their subcodes (a count, not one NOTIFICATION)")
	}
	return out
}

// codeOnly reports whether the entry names an error by its code alone in
// a Junos show block: a tally, or "Last Error: Cease", which Junos prints
// without the subcode. No subcode is then known, not subcode 0.
func codeOnly(li *LineInfo) bool {
	lower := strings.ToLower(li.Text)
	return li.FromWords && li.Subcode < 0 &&
		(reJunosTally.re.MatchString(li.Text) || strings.Contains(lower, "last error:") ||
			// FTOS's Notification History names a Cease without its subcode.
			strings.Contains(lower, "notification history") ||
			// Junos's report of the UPDATE it found malformed: the
			// subcode is in the NOTIFICATION logged before it.
			strings.Contains(lower, "received malformed update"))
}

// reEOSLast is a NOTIFICATION line of an EOS (or NX-OS) "show ip bgp
// neighbors" block: "Last rcvd notification:Cease/administrative reset,
// Last time 00:07:40"; the time is how long ago.
var reEOSLast = gate(`(?i)last (sent|rcvd) notification:\s*([^,\n]+),\s*last time ([0-9:dhwmy]+)`)

// latestNotification returns, of a block that lists the last NOTIFICATION
// sent and the last received, the line of the more recent (the one that
// reset the session as it now is), with words saying so; "" when the
// block lists fewer than two or their times do not read.
func latestNotification(lower string) (line, why string) {
	ms := reEOSLast.findAll(newScan(lower, lower), -1)
	if len(ms) < 2 {
		return "", ""
	}
	best, bestAgo := -1, -1
	for i, m := range ms {
		ago := agoSeconds(m[3])
		if ago < 0 {
			return "", ""
		}
		if best < 0 || ago < bestAgo {
			best, bestAgo = i, ago
		}
	}
	said := func(m []string) string {
		return map[string]string{"sent": "sent", "rcvd": "received"}[m[1]] + " " + m[3] + " ago (" + m[2] + ")"
	}
	why = "the block lists the last NOTIFICATION sent and the last received: the more recent, " + said(ms[best]) + ", is the session's latest error"
	for i, m := range ms {
		if i != best {
			why += "; the other, " + said(m) + ", is older"
		}
	}
	return ms[best][0], why
}

// agoSeconds reads a show command's elapsed time, "03:57:45" or "4d00h",
// "1w2d", "2y3w", in seconds; -1 if it does not read.
func agoSeconds(t string) int {
	if p := strings.Split(t, ":"); len(p) == 3 {
		h, m, s := atoiOr(p[0], -1), atoiOr(p[1], -1), atoiOr(p[2], -1)
		if h < 0 || m < 0 || s < 0 {
			return -1
		}
		return h*3600 + m*60 + s
	}
	unit := map[byte]int{'y': 365 * 86400, 'w': 7 * 86400, 'd': 86400, 'h': 3600, 'm': 60}
	total, n, digits := 0, 0, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			n, digits = n*10+int(c-'0'), true
		case unit[c] > 0 && digits:
			total, n, digits = total+n*unit[c], 0, false
		default:
			return -1
		}
	}
	if digits {
		return -1
	}
	return total
}

// reNamedAS is an AS a show block names with its role: BIRD's "Neighbor
// AS: 4248829953", "Local AS: 8103".
var reNamedAS = gate(`(?i)\b(neighbou?r|local|remote|peer) as:\s*(\d{1,10})\b`)

// namedASWords says what the registries reserve such an AS for, if
// anything: a private or documentation AS tells where a session runs.
func namedASWords(t scan) []string {
	var out []string
	for _, m := range reNamedAS.findAll(t, -1) {
		as, err := strconv.ParseUint(m[2], 10, 32)
		if err != nil {
			continue
		}
		if k := asKind(uint32(as)); k != "" {
			out = append(out, "the "+strings.ToLower(m[1])+" AS "+m[2]+" is "+strings.TrimPrefix(k, "AS "+m[2]+" is "))
		}
	}
	return out
}
