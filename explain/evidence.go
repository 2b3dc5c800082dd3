package explain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

var (
	reCodeSlash  = gate(`(?i)(?:code\s*)?\b([1-9])\s*/\s*(\d{1,3})\b`)
	reCode       = gate(`(?i)\b(sub[\s_-]*)?(error[\s_]*)?code"?\s*[:=]?\s*<?(\d{1,3})\b`)
	reLength     = gate(`(?i)\b(\d{1,5})\s*(?:data-)?(?:bytes|octets|byte)\b`)
	reLengthWord = gate(`(?i)\b(?:length|len)"?\s*[:=]?\s*(\d{1,5})\b`)
	rePayload    = gate(`(?i)(?:payload|sending|received|receiving)\s*\(\s*(\d{1,5})\s*\)`)
	// BIRD 1's trace "Sending NOTIFICATION(code=6.3)": code.subcode.
	// BIRD 2's "Received: Unknown error 6.9: 0603" for a subcode it has no name for.
	reCodeDot   = gate(`(?i)\b(?:code\s*[=:]\s*|unknown error\s+)([1-9])\.(\d{1,3})\b`)
	reCodeComma = gate(`(?i)notification\s+(?:sent|received|send|recv)?\s*\(\s*([1-9])\s*,\s*(\d{1,3})\s*[),]`)
	// The MIBs' last error, two octets (code, subcode) in hex as a trap
	// receiver prints the varbind: RFC 4273 bgpPeerLastError, CISCO-BGP4-MIB
	// cbgpPeer2LastError; "bgpPeerLastError.10.0.0.1 | BGP4-MIB | "04 00 "",
	// "= Hex-STRING: 04 00", snmptrapd's "bgpPeerLastError.10.0.0.1 "04 00 "",
	// and by number as tcpdump prints it (".1.3.6.1.2.1.15.3.1.14.10.0.0.1=04_00").
	reMIBLastError = gate(`(?i)(?:\b(?:c|jnx)?bgp(?:4v2|m2)?peer2?lasterror|\b1\.3\.6\.1\.2\.1\.15\.3\.1\.14)(?:\.[0-9a-f.:]+)?(?:\s*(?:[=:]|\|[^|\n]{0,40}\|)\s*|\s+)(?:hex-string:\s*)?"?([0-9a-f]{2})[\s_]([0-9a-f]{2})\b`)
	reMajor        = gate(`(?i)(?:major error code:|error code\s*=)[^(\n]*\((\d{1,3})\)`)
	reMinor        = gate(`(?i)(?:minor error code[^:\n]*:|error subcode\s*=)[^(\n]*\((\d{1,3})\)`)
	reMajorMinor   = gate(`(?i)\b(?:error|notification)\s+(?:sent\s+|received\s+|rcvd\s+)?major\s*:?\s*(\d{1,3})\s*,?\s*minor\s*:?\s*(\d{1,3})\b`)
	reQuoted       = gate(`(?:Communicated-Reason=|\):? )"([^"]{1,255})"`)
	reAttrNumber   = gate(`(?i)\battribute\s+(?:type\s+|code\s+)?(\d{1,3})\b`)
	// IOS debug's "bad OPEN, remote AS is 65002, expected 65003".
	reASExpected = gate(`(?i)\bremote as (?:is )?(\d{1,10}),? expected (\d{1,10})\b`)
	// GoBGP's "as number mismatch expected 65003, received 65000".
	reASMismatch = gate(`(?i)\bas number mismatch,? expected (\d{1,10}),? (?:received|got) (\d{1,10})\b`)
	// The words before a pair written with a slash that is no code: an
	// AFI/SAFI ("afi/safi: 2/1"), FRR's nexthop tracking's new/old counts
	// ("metric 300/300 #nhops 2/1").
	reSlashPairBefore = regexp.MustCompile(`(?i)(?:afi[/ -]safi|#?nhops|metric|#paths)\W{0,3}$`)
	reCapMention      = gate(`(?i)\bcapability\s+(?:code\s*:?\s*)?(\d{1,3})\b`)
	reNeighbor        = regexp.MustCompile(`(?i)\b(?:neighbou?r|nbr|peer|from|to)\s+([0-9a-f.:]+[0-9a-f])\b`)
	// An unnumbered session (FRR, Cumulus, SONiC) names its neighbour by
	// the interface it runs on: "neighbor swp1", "neighbor Ethernet0".
	reIfNeighbor       = gate(`\bneighbou?r\s+([A-Za-z][A-Za-z-]*[0-9][0-9/.]*)(?:\s|\(|$)`)
	reSent             = newWordAlt("sent", "send", "sending", "transmit*", "out")
	reReceived         = newWordAlt("received", "receive", "rcvd", "recv", "rcv", "in")
	reSubcodeSpellings = gate(`(?i)error[\s_]*sub[\s_-]*code|sub[\s_-]*error[\s_]*code`)
	reTimestamp        = regexp.MustCompile(`^\d{1,2}:\d{2}:\d{2}(?:\.\d+)?[,:]?$`)
	// A line's date and time, matched at the start of each line (by
	// maskLinePrefixes: anchored, it is tried at one position, not all).
	reLinePrefix = regexp.MustCompile(`^[ \t]*(?:[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+)?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T])?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:[ \t]+[A-Z]{3})?:?`)
)

// phrases maps the words vendors use for an error to its code and
// subcode (subcode -1: only the code is known). The registry's own names
// are tried first (see codeFromWords); these are the other spellings
// seen in logs.
var phrases = []wordCode{
	// Send Hold Timer Expired first: its name holds "hold timer expired".
	{"send hold time", 8, 0}, {"sendholdtime expired", 8, 0}, {"sendholdtimer expired", 8, 0},
	{"hold time expired", 4, 0}, {"holdtime expired", 4, 0}, {"hold timer expired", 4, 0}, {"holdtimer expired", 4, 0},
	// FRR's debug "[FSM] Hold timer expire", "Timer (holdtime timer expire)".
	{"hold timer expire", 4, 0}, {"holdtime timer expire", 4, 0},
	// OpenBGPD's names ("error in OPEN message, AS unacceptable"), where
	// they are not the registry's.
	{"header error, synchronization error", 1, 1}, {"header error, wrong length", 1, 2},
	{"header error, unknown message type", 1, 3}, {"error in message header", 1, -1},
	{"version mismatch", 2, 1}, {"as unacceptable", 2, 2}, {"bgpid invalid", 2, 3}, {"optional parameter error", 2, 4},
	{"authentication error", 2, 5}, {"unacceptable holdtime", 2, 6},
	{"attribute list error", 3, 1}, {"unknown well-known attribute", 3, 2}, {"well-known attribute missing", 3, 3},
	{"attribute length wrong", 3, 5}, {"origin unacceptable", 3, 6}, {"loop detected", 3, 7},
	{"nexthop unacceptable", 3, 8}, {"network unacceptable", 3, 10},
	{"unexpected message in opensent", 5, 1}, {"unexpected message in openconfirm", 5, 2},
	{"unexpected message in established", 5, 3}, {"error in fsm", 5, -1},
	{"max-prefix exceeded", 6, 1}, {"administratively down", 6, 2}, {"other config change", 6, 6},
	{"cease, collision", 6, 7}, {"resource exhaustion", 6, 8},
	// SR Linux's and SR OS's subcode identifier ("a NOTIFICATION with
	// code CEASE and subcode CONN_COLL_RES"), before "cease" alone.
	{"conn_coll_res", 6, 7},
	{"error in route-refresh message, invalid message length", 7, 1}, {"error in route-refresh message", 7, -1},
	// Words for one attribute's error, as BIRD 2, FRR, GoBGP and OpenBGPD
	// log them before the NOTIFICATION or the RFC 7606 action (run on
	// loopback against a misbehaving peer); the more specific first: BIRD's
	// "Unknown attribute (code 99) - conflicting flags (40)" is an unknown
	// type with the well-known flags.
	{"unknown attribute (code", 3, 2},
	{"conflicting flags", 3, 4}, {"must be flagged as", 3, 4},
	// GoBGP's ValidateAttribute: "well-known attribute
	// BGP_ATTR_TYPE_NEXT_HOP must have transitive flag 1".
	{"must have transitive flag", 3, 4}, {"must not be flagged as", 3, 4}, {"flags are invalid", 3, 4},
	{"attribute - invalid length", 3, 5}, {"attribute length is not", 3, 5}, {"attribute length is incorrect", 3, 5},
	{"length isn't correct", 3, 5}, {"attribute value length is short", 3, 5}, {"is too large, attribute total length", 3, 5},
	{"bad communities", 3, 5},
	{"origin attribute - invalid value", 3, 6}, {"origin attribute value is invalid", 3, 6},
	{"missing mandatory", 3, 3}, {"mandatory attributes are not present", 3, 3},
	{"martian nexthop", 3, 8}, {"invalid nexthop", 3, 8},
	{"appears twice", 3, 1}, {"duplicate attribute", 3, 1},
	{"wrong prefix length", 3, 10}, {"bad nlri prefix", 3, 10},
	// Brocade FastIron's "received invalid AS4_PATH attribute length (3)"
	// and "... attribute flag (0x40)", the value after the words.
	{"attribute flag (0x", 3, 4}, {"attribute length (", 3, 5},
	{"limit exceeded, shutting down", 6, 1},
	{"peer sent wrong as", 2, 2}, {"peer bgpid", 2, 3}, {"wrong router identifier", 2, 3}, {"bad protocol version", 2, 1}, {"peer wants unrecognized version", 2, 1}, {"role enforced but not present", 2, 11},
	{"unknown message type 0x", 1, 3}, {"msg with unknown type", 1, 3}, {"received message: illegal length", 1, 2}, {": sync error", 1, 1},
	// BIRD's names (proto/bgp/packets.c bgp_msg_table) beyond the registry's.
	{"required capability missing", 2, 7}, {"invalid attribute length", 3, 5}, {"invalid attribute flags", 3, 4},
	{"missing mandatory attribute", 3, 3}, {"bfd session down", 6, 10},
	{"invalid update message", 3, 0}, {"invalid open message", 2, 0},
	{"invalid message header", 1, 0}, {"invalid route-refresh message length", 7, 1}, {"invalid route-refresh message", 7, 0},
	{"update malformed", 3, 1}, {"malformed attribute list", 3, 1},
	{"invalid or corrupt as path", 3, 11}, {"as-path unacceptable", 3, 11}, {"malformed as_path", 3, 11}, {"malformed as path", 3, 11},
	{"error with optional attribute", 3, 9}, {"optional attribute error", 3, 9},
	{"attribute flags error", 3, 4}, {"attribute length error", 3, 5}, {"invalid network field", 3, 10},
	{"missing well-known attribute", 3, 3}, {"attr-missing", 3, 3}, {"invalid origin", 3, 6}, {"invalid next_hop", 3, 8}, {"invalid next hop", 3, 8},
	{"peer in wrong as", 2, 2}, {"bad peer as", 2, 2}, {"bad open, remote as is", 2, 2}, {"as number mismatch", 2, 2}, {"bad as number", 2, 2}, {"bad remote as", 2, 2},
	{"unsupported/disjoint capability", 2, 7}, {"unsupported capability", 2, 7},
	{"unacceptable hold time", 2, 6}, {"bad bgp identifier", 2, 3}, {"unsupported version", 2, 1},
	{"role mismatch", 2, 11}, {"no supported afi/safi", 2, 8},
	{"maximum number of prefixes", 6, 1}, {"prefix limit", 6, 1}, {"max prefix", 6, 1}, {"prefix-limit", 6, 1}, {"prefix_limit", 6, 1},
	{"open error/bad as", 2, 2},
	// FTOS's Notification History labels a Cease (after a prefix limit
	// and after a clear alike) "Connection Reset", without its subcode.
	{"'connection reset' sent", 6, -1},
	{"administratively shutdown", 6, 2}, {"administrative shutdown", 6, 2},
	{"administratively reset", 6, 4}, {"administrative reset", 6, 4},
	// FTOS's "Last reset ..., due to user reset": a clear, answered with 6/4.
	{"due to user reset", 6, 4},
	{"peer de-configured", 6, 3}, {"peer unconfigured", 6, 3}, {"connection rejected", 6, 5},
	{"other configuration change", 6, 6}, {"connection collision", 6, 7}, {"out of resources", 6, 8},
	{"hard reset", 6, 9}, {"bfd down", 6, 10}, {"bfd (bidirectional forwarding detection) session down", 6, 10},
	{"route-refresh message error", 7, -1},
	{"connection not synchronized", 1, 1}, {"bad message length", 1, 2}, {"bad message type", 1, 3},
	{"error in update message", 3, -1}, {"update message error", 3, -1}, {"malformed update", 3, -1},
	{"open message error", 2, -1}, {"open-error", 2, -1}, {"message header error", 1, -1}, {"cease", 6, -1},
	{"finite state machine error", 5, -1}, {"fsm error", 5, -1},
}

// codeFromWords finds the code and subcode an error's name gives: the
// spellings above first, then the registry's own subcode names (BIRD
// prints those: "Unrecognized well-known attribute").
func codeFromWords(lower string) (int, int) { return codeFromPhrase(phraseIn(lower), lower) }

// codeFromPhrase is codeFromWords given phraseIn(lower).
func codeFromPhrase(p *wordCode, lower string) (int, int) {
	if p != nil {
		return p.code, p.sub
	}
	var text pairIndex
	text.reset(lower)
	for _, r := range registryNames {
		if r.in(&text) {
			return r.code, r.sub
		}
	}
	return -1, -1
}

// phraseIn returns the first of phrases the entry (lower case) names,
// or nil. Names written as one token ("hold-timer-expired", GoBGP's
// peer-down reasons; "hold_timer_expired") are tried with blanks for
// their hyphens and underscores when the words as written name none.
func phraseIn(lower string) *wordCode {
	p := namedPhrase(lower)
	if p != nil && p.code == 6 && p.sub == 1 && thresholdOnly(lower) {
		return nil // a warning's "prefix-limit threshold" names no NOTIFICATION
	}
	return p
}

// namedPhrase is phraseIn before the prefix-count warning is ruled out.
func namedPhrase(lower string) *wordCode {
	// A show command's "Last reset 6w1d, due to <error>" names the error
	// that closed the session; the errors listed after it are older.
	if i := strings.Index(lower, "due to "); i >= 0 {
		reason, _, _ := strings.Cut(lower[i:], "\n")
		if p := listedPhrase(reason); p != nil {
			return p
		}
	}
	if l, _ := latestNotification(lower); l != "" {
		if p := listedPhrase(l); p != nil {
			return p
		}
	}
	if p := listedPhrase(lower); p != nil {
		return p
	}
	if spaced := tokenBlanks.Replace(lower); spaced != lower {
		return listedPhrase(spaced)
	}
	return nil
}

// statedPhrase returns the first phrase the text names that agrees with
// the code (and subcode) the entry states, or nil: the error's own name
// before another error's name used as a reason.
func statedPhrase(lower string, code, sub int) *wordCode {
	if code < 0 {
		return nil
	}
	var text pairIndex
	text.reset(lower)
	for i := range phrases {
		p := &phrases[i]
		if p.code == code && (p.sub < 0 || sub < 0 || p.sub == sub) && p.in(&text) {
			return p
		}
	}
	return nil
}

// listedPhrase returns the first of phrases the text names.
func listedPhrase(lower string) *wordCode {
	var text pairIndex
	text.reset(lower)
	for i := range phrases {
		if phrases[i].in(&text) {
			return &phrases[i]
		}
	}
	return nil
}

var tokenBlanks = strings.NewReplacer("-", " ", "_", " ")

// wordCode is an error's name in words and the code/subcode it means
// (subcode -1: only the code is known).
type wordCode struct {
	words     string
	code, sub int
}

// notifOnly lists OpenBGPD's names that say other things in other logs
// (an interface is "administratively down" too): they name an error only
// in an entry that speaks of a NOTIFICATION, as OpenBGPD's lines do.
var notifOnly = map[string]bool{"version mismatch": true, "authentication error": true, "loop detected": true, "administratively down": true}

// notSent lists names that, with the words given, tell of no NOTIFICATION:
// FRR refuses a connection from an address it has no neighbour for
// ("connection rejected(VRF default...) - not configured"), and its debug
// of an update group prints the outbound limit ("max prefix out: 0").
// BIRD's trace "<TRACE> R1: BFD session down" is its own event: BIRD
// then closes with Cease (6/0) or, with bfd graceful, sends nothing.
var notSent = map[string][]string{"connection rejected": {"not configured"}, "max prefix": {"max prefix out"}, "bfd session down": {"<trace>"}}

// in reports whether the entry (lower case) names the error by w.
func (w *wordCode) in(lower *pairIndex) bool {
	if !lower.has(w.words) {
		return false
	}
	if i := strings.Index(lower.s, w.words); i < 0 || w.code == 4 && idleHold(lower.s[:i]) || containsAny(lower.s, notSent[w.words]) {
		return false
	}
	return !notifOnly[w.words] || lower.has("notification")
}

// idleHold reports whether the words before a Hold Timer's name make it
// another timer than BGP's hold timer: the IdleHoldTimer (GoBGP's debug
// "IdleHoldTimer expired"), the wait before a new attempt (RFC 4271
// §8.1.1), or FRR's BFD strict mode hold timer, which closes with Cease /
// BFD Down; neither sends Hold Timer Expired.
func idleHold(before string) bool {
	before = strings.TrimRight(before, " _-")
	return strings.HasSuffix(before, "idle") || strings.HasSuffix(before, "strict mode")
}

// registryNames lists the subcodes' registry names in lower case, longest
// first so that a name is not found inside a longer one; a deprecated
// name without the mark the registry table adds, as senders wrote it.
var registryNames = func() []wordCode {
	var out []wordCode
	for c := 1; c <= 8; c++ {
		for s := 1; s < 32; s++ {
			n := strings.TrimSuffix(strings.ToLower(bgp.SubcodeName(bgp.Code(c), uint8(s))), " (deprecated)")
			if len(n) >= 10 {
				out = append(out, wordCode{n, c, s})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b wordCode) int { return len(b.words) - len(a.words) })
	return out
}()

// pairStated reads a code and subcode the entry states as a pair, where
// nothing before gave the code: ExaBGP's "notification received (6,1)",
// a MIB's last error "04 00" (two octets in hex).
func pairStated(ev *Evidence, t scan) {
	if ev.Code >= 0 {
		return
	}
	if m := reCodeComma.find(t); m != nil {
		ev.Code, ev.Subcode = atoiOr(m[1], -1), atoiOr(m[2], -1)
		return
	}
	if m := reMIBLastError.find(t); m != nil {
		// Code 0 is the MIB's "no error yet": no NOTIFICATION to name.
		if c, _ := strconv.ParseUint(m[1], 16, 8); c > 0 {
			s, _ := strconv.ParseUint(m[2], 16, 8)
			ev.Code, ev.Subcode = int(c), int(s)
		}
	}
}

// maxWords bounds the words read for evidence: vendors state the error in
// the first line or two, and every regular expression below reads them.
const maxWords = 4096

// evidenceIn reads the evidence from an entry's words, its octets already
// blanked.
func evidenceIn(words string) Evidence {
	ev := Evidence{Code: -1, Subcode: -1, Length: -1, BMPDown: -1}
	words = squeeze(words)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	t := newScan(words, "")
	if reSubcodeSpellings.may(t) {
		// "ErrorSubcode", "SubErrorCode", "error_subcode" all name the subcode.
		t = newScan(reSubcodeSpellings.re.ReplaceAllString(words, "subcode"), "")
	}
	words, lower := t.s, t.lower
	var pairs pairIndex // for the many gates that read the words
	pairs.reset(lower)
	t.pairs = &pairs
	named := phraseIn(lower) // the error the words name, read once
	if m := reCodeDot.find(t); m != nil {
		ev.Code, ev.Subcode = atoiOr(m[1], -1), atoiOr(m[2], -1)
	}
	// Numbers first: "code 3 ... subcode 4", "ErrorCode=6, SubErrorCode=1",
	// "Error subcode 11"; "attribute code" and "type code" are not it.
	for _, m := range reCode.findAllIndex(t, -1) {
		before := strings.ToLower(words[max(0, m[0]-12):m[0]])
		if b := strings.TrimRight(before, " \t("); strings.HasSuffix(b, "attribute") || strings.HasSuffix(b, "type") ||
			strings.HasSuffix(b, "reason") || strings.HasSuffix(b, "capability") {
			continue // "attribute code 0", BIRD's "attribute (code 1)", "type code", a BMP "reason code: 1", "capability code: 76"
		}
		n := atoiOr(words[m[6]:m[7]], -1)
		if _, known := bgp.Code(max(n, 0) % 256).Info(); m[2] < 0 && (n < 1 || n > 255 || !known) {
			continue // no NOTIFICATION has this code: another number
		}
		if m[2] >= 0 { // "sub..."
			if ev.Subcode < 0 {
				ev.Subcode = n
			}
		} else if ev.Code < 0 {
			ev.Code = n
		}
	}
	namedCodes(&ev, t)
	pairStated(&ev, t)
	if m := reMajor.find(t); m != nil {
		ev.Code = atoiOr(m[1], -1) // Wireshark "Major error Code: Cease (6)"
		if m := reMinor.find(t); m != nil {
			ev.Subcode = atoiOr(m[1], -1)
		}
	}
	for _, m := range reMajorMinor.findAll(t, -1) {
		// NX-OS's "Reset error sent major: 4 minor: 0"; 0/0 is "no error".
		if c := atoiOr(m[1], 0); c > 0 && ev.Code < 0 {
			ev.Code, ev.Subcode = c, atoiOr(m[2], -1)
		}
	}
	if ev.Code < 0 || ev.Subcode < 0 {
		for _, m := range reCodeSlash.findAllIndex(t, -1) {
			// Skip dates (11/22) and prefixes (10.0.0.0/8) by requiring a
			// code that exists and a plausible subcode.
			c, s := atoiOr(words[m[2]:m[3]], -1), atoiOr(words[m[4]:m[5]], -1)
			// OpenBGPD's "prefix limit reached (>3/2)" is a count and its limit.
			if m[0] > 0 && (words[m[0]-1] == '.' || words[m[0]-1] == '/' || words[m[0]-1] == '>' || isDigit(words[m[0]-1])) {
				continue
			}
			if m[1] < len(words) && (words[m[1]] == '/' || words[m[1]] == '.') {
				continue
			}
			if reSlashPairBefore.MatchString(words[max(0, m[0]-12):m[0]]) {
				continue // "afi/safi: 2/1" is a family, "#nhops 2/1" a count, not a code
			}
			if c >= 1 && c <= 8 && s >= 0 && s <= 20 {
				ev.Code, ev.Subcode = c, s
				break
			}
		}
	}
	noSubcode(&ev, t)
	if ev.Code < 0 || ev.Subcode < 0 {
		c, s := codeFromPhrase(named, lower)
		if ev.Code < 0 && c >= 0 && (ev.Subcode < 0 || s < 0 || s == ev.Subcode) {
			ev.Code, ev.FromWords = c, true
		}
		if ev.Subcode < 0 && s >= 0 && c == ev.Code {
			ev.Subcode, ev.FromWords = s, true
		}
	}
	if ev.Code >= 0 && ev.Subcode < 0 && (ev.Code == 4 || ev.Code == 8) {
		ev.Subcode = 0 // codes without subcodes
	}
	if statedMessageLength(&ev, t) {
		// the count is a message's, named by the words
	} else if n, ok := dataCount(words); ok {
		ev.Length = n
	} else if m := rePayload.find(t); m != nil {
		ev.Length, ev.LengthOfMsg = atoiOr(m[1], -1), true
	} else if m := reLengthWord.findIndex(t); m != nil && !reOtherLength.MatchString(words[max(0, m[0]-16):m[0]]) {
		ev.Length, ev.LengthOfMsg = atoiOr(words[m[2]:m[3]], -1), true
	}
	if m := neighborAt.find(words); m != nil && (strings.Contains(m[1], ".") || strings.Count(m[1], ":") >= 2) {
		ev.Neighbor = m[1]
	} else if m := reIfNeighbor.find(t); m != nil {
		ev.Neighbor = m[1]
	}
	ev.Words = append(vendorWords(t, named, ev.Code, ev.Subcode), ev.Words...)
	ev.Words = append(ev.Words, hardResetWords(&ev, t)...)
	ev.Words = append(ev.Words, attrWordsIn(t)...)
	ev.Words = append(ev.Words, tallyWords(t)...)
	ev.Words = append(ev.Words, namedASWords(t)...)
	if _, why := latestNotification(lower); why != "" {
		ev.Words = append(ev.Words, why)
	}
	ev.EmptyReason = strings.Contains(lower, "empty shutdown communication")
	ev.Words = append(ev.Words, bmpDown(&ev, t)...)
	ev.Events = sessionEventsIn(lower)
	if m := reQuoted.find(t); m != nil {
		ev.Reason = m[1]
	}
	ev.Direction = direction(lower)
	return ev
}

// direction is "sent" or "received", whichever the words (lower case)
// say first, or "".
func direction(lower string) string {
	lt := newScan(lower, lower)
	si, ri := reSent.index(lt), reReceived.index(lt)
	switch {
	case si >= 0 && (ri < 0 || si < ri):
		return "sent"
	case ri >= 0:
		return "received"
	}
	return ""
}

// maskRuns returns text with the octets of runs blanked (the whole lines
// of a dump, with their offsets and ASCII column), so that words found in
// it are the vendor's and not octets that happen to look like "3/4".
func maskRuns(text string, runs []HexRun) string {
	b := []byte(text)
	for _, r := range runs {
		if r.Decimal {
			continue
		}
		from, to := r.Start, r.End
		if r.Dump {
			for from > 0 && b[from-1] != '\n' {
				from--
			}
			for to < len(b) && b[to] != '\n' {
				to++
			}
		}
		blank(b, from, to)
	}
	return string(b)
}

// squeeze collapses runs of blanks, and blank lines, to one.
func squeeze(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	space, nl := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			nl = true
		case c == ' ' || c == '\t' || c == '\r':
			space = true
		default:
			if nl && sb.Len() > 0 {
				sb.WriteByte('\n')
			} else if space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space, nl = false, false
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// vendorWords lists what the words of an entry tell besides the code: the
// error's name as the vendor wrote it, attributes and capabilities named,
// a Shutdown Communication the router decoded itself. named is
// phraseIn(t.lower).
func vendorWords(t scan, named *wordCode, code, sub int) []string {
	words, lower := t.s, t.lower
	var out []string
	p := statedPhrase(lower, code, sub)
	if p != nil {
		out = append(out, "the text names the error: \""+p.words+"\"")
	}
	if q := named; q != nil && q != p {
		if q.code == 6 && q.sub == 9 && code >= 0 && !(code == 6 && sub == 9) {
			// FRR's "%NOTIFICATION(Hard Reset): ... 6/10": the wrapper of
			// the error named, which hardResetWords explains.
		} else if code >= 0 && (q.code != code || q.sub >= 0 && sub >= 0 && q.sub != sub) {
			// Junos's "code 6 (Cease) subcode 9 (Hard Reset), Reason: BFD
			// Session Down": a reason that is another error's name.
			out = append(out, "the text also names \""+q.words+"\" ("+itoa(q.code)+"/"+itoa(max(q.sub, 0))+"), as the reason, not as the error sent")
		} else if p == nil {
			out = append(out, "the text names the error: \""+q.words+"\"")
		}
	}
	for _, a := range attrsNamed(words) {
		if t, ok := attrByName[a.word]; ok && t == a.t {
			out = append(out, "the text names attribute "+a.word+" (type "+itoa(int(a.t))+")")
		} else {
			out = append(out, "the text names attribute "+a.t.String()+" (type "+itoa(int(a.t))+") in "+strings.ToLower(a.word))
		}
	}
	if m := reAttrNumber.find(t); m != nil {
		if t := atoiOr(m[1], -1); t > 0 && t < 256 {
			out = append(out, "the text numbers attribute "+itoa(t)+" ("+bgp.AttrType(t).String()+")")
		}
	}
	if m := reCapMention.find(t); m != nil {
		if c := atoiOr(m[1], -1); c >= 0 && c < 256 {
			out = append(out, "the text names capability "+itoa(c)+" ("+bgp.CapCode(c).String()+")")
		}
	}
	if m := reFamilyNumbers.find(t); m != nil {
		if f, ok := familyInWords(m[0]); ok {
			out = append(out, "the text names AFI/SAFI "+m[1]+m[3]+"/"+m[2]+m[4]+": "+f.String()+" (RFC 4760)")
		}
	}
	if m := reQuoted.find(t); m != nil {
		out = append(out, "the router decoded a reason itself: \""+m[1]+"\"")
	}
	got, want := "", ""
	if m := reASExpected.find(t); m != nil {
		got, want = m[1], m[2]
	} else if m := reASMismatch.find(t); m != nil {
		got, want = m[2], m[1]
	}
	if got != "" {
		out = append(out, "the text states the neighbour's OPEN carried AS "+got+" where AS "+want+" is configured for it (RFC 4271 §6.2)")
	}
	return out
}

// namedAttr is a path attribute an entry's words name, and the word.
type namedAttr struct {
	t    bgp.AttrType
	word string
}

// attrsNamed returns the path attributes the words name, each word once.
func attrsNamed(words string) []namedAttr {
	var out []namedAttr
	seen := map[string]bool{}
	// RPKI's "origin-as 4760" (Junos's validation trace) is the route's
	// origin AS, not the ORIGIN attribute: an ORIGIN waits for the word
	// after it before it counts (the entry ends with a word, _END_, that
	// names nothing).
	pending, prev := false, ""
	for w := range strings.FieldsFuncSeq(strings.ToUpper(words)+" _END_", func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
	}) {
		if pending && w != "AS" && w != "ASN" && !seen["ORIGIN"] {
			seen["ORIGIN"] = true
			out = append(out, namedAttr{bgp.AttrOrigin, "ORIGIN"})
		}
		before := prev
		if prev = w; w == "ORIGIN" {
			pending = true
			continue
		}
		pending = false
		t, ok := attrByName[attrToken(w)]
		// GoBGP's "large communities length isn't correct", tcpdump's
		// "Large Community (32)": the word before names another attribute.
		if q, found := communityKinds[before]; found && ok && t == bgp.AttrCommunities {
			t, w = q, before+" "+w
		}
		if ok && !seen[w] {
			seen[w] = true
			out = append(out, namedAttr{t, w})
		}
	}
	return out
}

// communityKinds are the words before "communities" or "community" that
// name another attribute than COMMUNITIES (type 8).
var communityKinds = map[string]bgp.AttrType{"LARGE": bgp.AttrLargeCommunities, "EXTENDED": bgp.AttrExtCommunities}

// attrToken is the attribute name in a word of an entry: the word, or
// the name inside a daemon's function or constant name for the attribute
// (FRR's "bgp_mp_reach_parse", "bgp_attr_aspath_check").
func attrToken(w string) string {
	if !strings.HasPrefix(w, "BGP_") {
		return w
	}
	// GoBGP names a type BGP_ATTR_TYPE_ORIGIN.
	w = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(w, "BGP_"), "ATTR_"), "TYPE_")
	for _, suf := range []string{"_PARSE", "_CHECK", "_RECEIVE"} {
		w = strings.TrimSuffix(w, suf)
	}
	return w
}

// attrByName maps the registry's attribute names ("AS_PATH", "NEXT_HOP")
// to their types, for finding them among an entry's words.
var attrByName = func() map[string]bgp.AttrType {
	m := map[string]bgp.AttrType{}
	for t := 1; t < 256; t++ {
		name := bgp.AttrType(t).String()
		if !strings.HasPrefix(name, "AttrType(") && len(name) >= 5 {
			m[name] = bgp.AttrType(t)
		}
	}
	// Names daemons print that are not the registry's: FRR's bgpd calls
	// type 255 (reserved for development), its VNC attribute, "VNC", and
	// the Tunnel Encapsulation attribute "ENCAP"; Junos "TUNNEL_ENCAPS";
	// BIRD and FRR "COMMUNITY", BIRD "EXT_COMMUNITY".
	for name, t := range map[string]bgp.AttrType{"VNC": 255, "ENCAP": 23, "TUNNEL_ENCAPS": 23, "PREFIX_SID": 40, "MP_REACH": 14, "MP_UNREACH": 15,
		"COMMUNITY": 8, "EXT_COMMUNITY": 16} {
		m[name] = t
	}
	return m
}()

// reOtherLength ends the words before a length that is not the message's:
// FRR's "wrong prefix length 64" (bits of a prefix), "BGP type 8 length
// 32 is too large" (an attribute's).
var reOtherLength = regexp.MustCompile(`(?i)(?:\bprefix|\battribute|\btype \d{1,3})\s+$`)

// reStoreCount is a count of octets a buffer or capture store holds
// (FTOS: "26 packet(s) captured using 680 bytes", "Available buffer size
// 40958758"): the router's memory, not the message's size.
// OpenBGPD's "received message: illegal length: 18 byte" gives the
// erroneous Length field's value the same way.
var reStoreCount = regexp.MustCompile(`(?i)(?:\busing|\bbuffer(?: size)?|\bmemory|\bconsume|\b(?:illegal|bad|wrong|invalid)\s+length\s*:?)\s*$`)

// reFrameCount follows the size of a captured frame, as Wireshark's and
// tshark's "Frame 9: 115 bytes on wire (920 bits), 115 bytes captured"
// states it: link, IP and TCP headers and the message together.
var reFrameCount = gate(`^\s+(?:on wire|captured)\b`)

// dataCount finds the octet count the words state ("7 bytes"), leaving
// out counts of a store's memory and of a captured frame.
func dataCount(words string) (int, bool) {
	for _, m := range reLength.re.FindAllStringSubmatchIndex(words, -1) {
		if !reStoreCount.MatchString(words[:m[0]]) && !reFrameCount.match(cased(words[m[1]:])) {
			return atoiOr(words[m[2]:m[3]], -1), true
		}
	}
	return 0, false
}
