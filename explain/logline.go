package explain

import (
	"regexp"
	"strconv"
	"strings"
)

// Evidence is what a router's log line says besides its hex: the
// NOTIFICATION code and subcode and a byte count, in the vendor's words.
type Evidence struct {
	Code, Subcode int    // -1 when the line does not say
	Length        int    // a stated octet count ("32 bytes", "length 61"), or -1
	LengthOfMsg   bool   // the count is worded as a message length ("length 61", "Len":21), not a data size
	Direction     string // "sent" or "received", when the line says
	Neighbor      string // the neighbour address, when the line says
	FromWords     bool   // code/subcode come from the words' meaning, not from numbers
}

// HexRun is one stretch of hex in a line, with where it was found.
type HexRun struct {
	Octets []byte
	Start  int // byte offset of the run in the line
	End    int
	// Elided reports that "..." follows the run: the dump goes on but the
	// log left octets out.
	Elided bool
	// Masked counts octets the poster replaced with "xx": they read as 0.
	Masked int
}

// LogLine is a log line taken apart: its hex and its words.
type LogLine struct {
	Text     string
	Runs     []HexRun
	Evidence Evidence
}

var (
	reCodeSlash        = regexp.MustCompile(`(?i)(?:code\s*)?\b([1-9])\s*/\s*(\d{1,3})\b`)
	reCode             = regexp.MustCompile(`(?i)\b(sub[\s_-]*)?(error[\s_]*)?code"?\s*[:=]?\s*(\d{1,3})\b`)
	reLength           = regexp.MustCompile(`(?i)\b(\d{1,5})\s*(?:bytes|octets|byte)\b`)
	reLengthWord       = regexp.MustCompile(`(?i)\b(?:length|len)"?\s*[:=]?\s*(\d{1,5})\b`)
	rePayload          = regexp.MustCompile(`(?i)payload\s*\(\s*(\d{1,5})\s*\)`)
	reNeighbor         = regexp.MustCompile(`(?i)\b(?:neighbou?r|nbr|peer|from|to)\s+([0-9a-f.:]+[0-9a-f])\b`)
	reSent             = regexp.MustCompile(`(?i)\b(sent|send|sending|transmit\w*|out)\b`)
	reReceived         = regexp.MustCompile(`(?i)\b(received|receive|rcvd|recv|rcv|in)\b`)
	reSubcodeSpellings = regexp.MustCompile(`(?i)error[\s_]*sub[\s_-]*code|sub[\s_-]*error[\s_]*code`)
	reTimestamp        = regexp.MustCompile(`^\d{1,2}:\d{2}:\d{2}(?:\.\d+)?[,:]?$`)
	reLinePrefix       = regexp.MustCompile(`(?m)^[ \t]*(?:[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+)?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T])?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:[ \t]+[A-Z]{3})?:?`)
)

// phrases maps the words vendors use for an error to its code and
// subcode (subcode -1: only the code is known). The registry's own names
// are tried first (see codeFromWords); these are the other spellings
// seen in logs.
var phrases = []struct {
	words     string
	code, sub int
}{
	{"hold time expired", 4, 0}, {"holdtime expired", 4, 0}, {"hold timer expired", 4, 0},
	{"send hold time", 8, 0},
	{"update malformed", 3, 1}, {"malformed attribute list", 3, 1},
	{"invalid or corrupt as path", 3, 11}, {"as-path unacceptable", 3, 11}, {"malformed as_path", 3, 11}, {"malformed as path", 3, 11},
	{"error with optional attribute", 3, 9}, {"optional attribute error", 3, 9},
	{"attribute flags error", 3, 4}, {"attribute length error", 3, 5}, {"invalid network field", 3, 10},
	{"missing well-known attribute", 3, 3}, {"invalid origin", 3, 6}, {"invalid next_hop", 3, 8}, {"invalid next hop", 3, 8},
	{"peer in wrong as", 2, 2}, {"bad peer as", 2, 2}, {"bad as number", 2, 2}, {"bad remote as", 2, 2},
	{"unsupported/disjoint capability", 2, 7}, {"unsupported capability", 2, 7},
	{"unacceptable hold time", 2, 6}, {"bad bgp identifier", 2, 3}, {"unsupported version", 2, 1},
	{"role mismatch", 2, 11},
	{"maximum number of prefixes", 6, 1}, {"prefix limit", 6, 1}, {"max prefix", 6, 1},
	{"administratively shutdown", 6, 2}, {"administrative shutdown", 6, 2},
	{"administratively reset", 6, 4}, {"administrative reset", 6, 4},
	{"peer de-configured", 6, 3}, {"peer unconfigured", 6, 3}, {"connection rejected", 6, 5},
	{"other configuration change", 6, 6}, {"connection collision", 6, 7}, {"out of resources", 6, 8},
	{"hard reset", 6, 9}, {"bfd down", 6, 10},
	{"invalid route-refresh message length", 7, 1}, {"route-refresh message error", 7, -1},
	{"connection not synchronized", 1, 1}, {"bad message length", 1, 2}, {"bad message type", 1, 3},
	{"error in update message", 3, -1}, {"update message error", 3, -1}, {"malformed update", 3, -1},
	{"open message error", 2, -1}, {"message header error", 1, -1}, {"cease", 6, -1},
	{"finite state machine error", 5, -1}, {"fsm error", 5, -1},
}

// codeFromWords finds the code and subcode an error's name gives.
func codeFromWords(lower string) (int, int) {
	for _, p := range phrases {
		if strings.Contains(lower, p.words) {
			return p.code, p.sub
		}
	}
	return -1, -1
}

// ParseLogLine takes a log line (or a few lines of one dump) apart. It finds
// the runs of hex octets, in any common grouping, and what the words say.
func ParseLogLine(text string) LogLine {
	l := LogLine{Text: text, Evidence: Evidence{Code: -1, Subcode: -1, Length: -1}}
	masked := maskLinePrefixes(text)
	l.Evidence = findEvidence(masked)
	l.Runs = findHexRuns(masked)
	return l
}

// maskLinePrefixes blanks the date and time that start a log line ("Nov 22
// 10:00:00.100", "2024/05/06 10:11:12"), keeping every other octet where
// it is: a day of the month is not an octet of the dump.
func maskLinePrefixes(text string) string {
	return reLinePrefix.ReplaceAllStringFunc(text, func(m string) string { return strings.Repeat(" ", len(m)) })
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

func findEvidence(text string) Evidence {
	ev := Evidence{Code: -1, Subcode: -1, Length: -1}
	words := maskHexDump(text)
	// "ErrorSubcode", "SubErrorCode", "error_subcode" all name the subcode.
	words = reSubcodeSpellings.ReplaceAllString(words, "subcode")
	lower := strings.ToLower(words)
	// Numbers first: "code 3 ... subcode 4", "ErrorCode=6, SubErrorCode=1",
	// "Error subcode 11"; "attribute code" and "type code" are not it.
	for _, m := range reCode.FindAllStringSubmatchIndex(words, -1) {
		before := strings.ToLower(words[max(0, m[0]-12):m[0]])
		if strings.HasSuffix(strings.TrimSpace(before), "attribute") || strings.HasSuffix(strings.TrimSpace(before), "type") {
			continue
		}
		n := atoiOr(words[m[6]:m[7]], -1)
		if m[2] >= 0 { // "sub..."
			if ev.Subcode < 0 {
				ev.Subcode = n
			}
		} else if ev.Code < 0 {
			ev.Code = n
		}
	}
	if ev.Code < 0 || ev.Subcode < 0 {
		for _, m := range reCodeSlash.FindAllStringSubmatchIndex(words, -1) {
			// Skip dates (11/22) and prefixes (10.0.0.0/8) by requiring a
			// code that exists and a plausible subcode.
			c, s := atoiOr(words[m[2]:m[3]], -1), atoiOr(words[m[4]:m[5]], -1)
			if m[0] > 0 && (words[m[0]-1] == '.' || words[m[0]-1] == '/' || isDigit(words[m[0]-1])) {
				continue
			}
			if m[1] < len(words) && (words[m[1]] == '/' || words[m[1]] == '.') {
				continue
			}
			if c >= 1 && c <= 8 && s >= 0 && s <= 20 {
				ev.Code, ev.Subcode = c, s
				break
			}
		}
	}
	if ev.Code < 0 || ev.Subcode < 0 {
		c, s := codeFromWords(lower)
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
	if m := reLength.FindStringSubmatch(words); m != nil {
		ev.Length = atoiOr(m[1], -1)
	} else if m := rePayload.FindStringSubmatch(words); m != nil {
		ev.Length, ev.LengthOfMsg = atoiOr(m[1], -1), true
	} else if m := reLengthWord.FindStringSubmatch(words); m != nil {
		ev.Length, ev.LengthOfMsg = atoiOr(m[1], -1), true
	}
	if m := reNeighbor.FindStringSubmatch(words); m != nil && (strings.Contains(m[1], ".") || strings.Count(m[1], ":") >= 2) {
		ev.Neighbor = m[1]
	}
	si, ri := indexOf(reSent, lower), indexOf(reReceived, lower)
	switch {
	case si >= 0 && (ri < 0 || si < ri):
		ev.Direction = "sent"
	case ri >= 0:
		ev.Direction = "received"
	}
	return ev
}

func indexOf(re *regexp.Regexp, s string) int {
	if loc := re.FindStringIndex(s); loc != nil {
		return loc[0]
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maskHexDump returns text with the hex runs blanked, so that words found
// in it are the vendor's and not octets that happen to look like "3/4".
func maskHexDump(text string) string {
	b := []byte(text)
	for _, r := range findHexRuns(text) {
		for i := r.Start; i < r.End; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// token is one white-space separated word of the line.
type token struct {
	s          string
	start, end int
}

func tokenize(text string) []token {
	var out []token
	i := 0
	for i < len(text) {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if j > i {
			out = append(out, token{text[i:j], i, j})
		}
		i = j
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// hexToken decodes a token that is a group of hex octets: "ff", "ffff",
// "ffffffff", "ff:ff:00", "0xff", "0xff,", "[ff". It reports false for
// anything else, including odd digit counts (a decimal "3" or "123").
func hexToken(s string) ([]byte, bool) {
	b, _, ok := hexTokenMasked(s)
	return b, ok
}

// hexTokenMasked is hexToken that also accepts octets a poster masked as
// "xx" (read as 0) and reports how many there were. A "key=" prefix is
// dropped ("ErrorData=0001..."); a number in parentheses is a count, not
// an octet.
func hexTokenMasked(s string) ([]byte, int, bool) {
	if i := strings.LastIndexByte(s, '='); i >= 0 {
		s = strings.TrimRight(s[i+1:], ")")
	}
	s = strings.TrimRight(s, ",;")
	if strings.ContainsAny(s, "()") {
		return nil, 0, false
	}
	s = strings.TrimLeft(s, "[")
	s = strings.TrimRight(s, "]")
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	masked := 0
	if strings.ContainsAny(s, "xX") && !strings.Contains(s, ":") && len(s)%2 == 0 {
		var t []byte
		for i := 0; i+1 < len(s); i += 2 {
			pair := s[i : i+2]
			if strings.ContainsAny(pair, "xX") {
				if strings.Trim(pair, "xX0123456789abcdefABCDEF") != "" {
					return nil, 0, false
				}
				masked++
				pair = strings.Map(func(r rune) rune {
					if r == 'x' || r == 'X' {
						return '0'
					}
					return r
				}, pair)
			}
			t = append(t, pair...)
		}
		if masked*2 == len(s) && len(s) > 2 {
			return nil, 0, false // "xxxx" is a redaction of words, not octets
		}
		s = string(t)
	}
	if strings.Contains(s, ":") {
		// FF:FF:00 style; each part must be 2 digits (an IPv6 address or a
		// time has other shapes).
		parts := strings.Split(s, ":")
		var out []byte
		for _, p := range parts {
			if len(p) != 2 {
				return nil, 0, false
			}
			b, ok := hexToken(p)
			if !ok {
				return nil, 0, false
			}
			out = append(out, b...)
		}
		return out, 0, len(out) > 0
	}
	if len(s) == 0 || len(s)%2 != 0 {
		return nil, 0, false
	}
	out := make([]byte, 0, len(s)/2)
	for i := 0; i < len(s); i += 2 {
		hi, ok1 := hexVal(s[i])
		lo, ok2 := hexVal(s[i+1])
		if !ok1 || !ok2 {
			return nil, 0, false
		}
		out = append(out, hi<<4|lo)
	}
	return out, masked, true
}

// findHexRuns finds the stretches of consecutive hex tokens. A run must be
// long enough not to be a word that happens to be hex ("be", "add",
// "cafe"): at least four tokens or eight octets, unless it follows an
// anchor that announces data ("2 bytes 0064", "Data: fe 0a",
// "length: feb0", "ErrorData=..."). Dump offsets ("0x0010:") and
// timestamps are skipped, so a multi-line dump becomes one run.
func findHexRuns(text string) []HexRun {
	toks := tokenize(text)
	var runs []HexRun
	var cur *HexRun
	ntok := 0
	anchored := false
	flush := func() {
		if cur != nil && (ntok >= 4 || len(cur.Octets) >= 8 || anchored) {
			runs = append(runs, *cur)
		}
		cur, ntok, anchored = nil, 0, false
	}
	for i, t := range toks {
		if isDumpOffset(t) || reTimestamp.MatchString(t.s) && strings.Count(t.s, ":") >= 2 {
			continue // offsets and times inside a dump do not break it
		}
		if strings.HasPrefix(t.s, "...") || t.s == "…" || strings.HasSuffix(t.s, "...") {
			if cur != nil {
				cur.Elided = true
			}
			flush()
			continue
		}
		b, masked, ok := hexTokenMasked(t.s)
		if ok && looksDecimalCount(toks, i) {
			ok = false
		}
		if !ok {
			flush()
			continue
		}
		if cur == nil {
			cur = &HexRun{Start: t.start}
			anchored = i > 0 && isAnchor(toks[i-1].s) || strings.Contains(t.s, "=")
		}
		cur.Octets = append(cur.Octets, b...)
		cur.Masked += masked
		cur.End = t.end
		ntok++
	}
	flush()
	return runs
}

// isAnchor reports whether a word announces the data that follows it.
func isAnchor(w string) bool {
	lw := strings.ToLower(w)
	switch lw {
	case "bytes", "byte", "octets", "data:", "data", "data=":
		return true
	}
	if n := strings.TrimSuffix(lw, ")"); n != lw && n != "" && strings.Trim(n, "0123456789") == "" {
		return true // "payload (  4)"
	}
	return strings.HasSuffix(lw, ":")
}

// isDumpOffset reports whether t is an offset column at the start of a
// dump line, such as "0x0010:" or "0010:".
func isDumpOffset(t token) bool {
	s := t.s
	if !strings.HasSuffix(s, ":") {
		return false
	}
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s) < 3 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if _, ok := hexVal(s[i]); !ok {
			return false
		}
	}
	return true
}

// looksDecimalCount reports whether token i is a number followed by a
// unit word ("32 bytes"): a count, not an octet.
func looksDecimalCount(toks []token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	next := strings.ToLower(strings.TrimRight(toks[i+1].s, ",.;:)"))
	switch next {
	case "bytes", "byte", "octets", "times", "seconds", "secs":
		return true
	}
	return false
}
