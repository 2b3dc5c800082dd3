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
	Length        int    // a stated octet count ("32 bytes"), or -1
	Direction     string // "sent" or "received", when the line says
	Neighbor      string // the neighbour address, when the line says
}

// HexRun is one stretch of hex in a line, with where it was found.
type HexRun struct {
	Octets []byte
	Start  int // byte offset of the run in the line
	End    int
	// Elided reports that "..." follows the run: the dump goes on but the
	// log left octets out.
	Elided bool
}

// LogLine is a log line taken apart: its hex and its words.
type LogLine struct {
	Text     string
	Runs     []HexRun
	Evidence Evidence
}

var (
	reCodeSlash  = regexp.MustCompile(`(?i)(?:code\s*)?\b([1-9])\s*/\s*(\d{1,3})\b`)
	reCodeSub    = regexp.MustCompile(`(?i)\bcode\s*[:=]?\s*(\d{1,3})\b(?:[^,;]*?)\bsub-?code\s*[:=]?\s*(\d{1,3})\b`)
	reErrSub     = regexp.MustCompile(`(?i)\berror\s*(?:code)?\s*[:=]?\s*(\d{1,3})\s*,?\s*(?:error\s*)?sub-?code\s*[:=]?\s*(\d{1,3})\b`)
	reLength     = regexp.MustCompile(`(?i)\b(\d{1,5})\s*(?:bytes|octets|byte)\b`)
	reLengthWord = regexp.MustCompile(`(?i)\blength\s*[:=]?\s*(\d{1,5})\b`)
	reNeighbor   = regexp.MustCompile(`(?i)\b(?:neighbou?r|nbr|peer|from|to)\s+([0-9a-f.:]+[0-9a-f])\b`)
	reSent       = regexp.MustCompile(`(?i)\b(sent|send|sending|transmit\w*|out)\b`)
	reReceived   = regexp.MustCompile(`(?i)\b(received|receive|rcvd|recv|rcv|in)\b`)
	reTimestamp  = regexp.MustCompile(`\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b`)
)

// ParseLogLine takes a log line (or a few lines of one dump) apart. It finds
// the runs of hex octets, in any common grouping, and what the words say.
func ParseLogLine(text string) LogLine {
	l := LogLine{Text: text, Evidence: Evidence{Code: -1, Subcode: -1, Length: -1}}
	l.Evidence = findEvidence(text)
	l.Runs = findHexRuns(text)
	return l
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
	if m := reCodeSub.FindStringSubmatch(words); m != nil {
		ev.Code, ev.Subcode = atoiOr(m[1], -1), atoiOr(m[2], -1)
	} else if m := reErrSub.FindStringSubmatch(words); m != nil {
		ev.Code, ev.Subcode = atoiOr(m[1], -1), atoiOr(m[2], -1)
	} else {
		for _, m := range reCodeSlash.FindAllStringSubmatchIndex(words, -1) {
			// Skip dates (11/22) and prefixes (10.0.0.0/8) by requiring a
			// code that exists and a plausible subcode.
			c, s := atoiOr(words[m[2]:m[3]], -1), atoiOr(words[m[4]:m[5]], -1)
			if m[0] > 0 && (words[m[0]-1] == '.' || words[m[0]-1] == '/' || isDigit(words[m[0]-1])) {
				continue
			}
			if c >= 1 && c <= 8 && s >= 0 && s <= 20 {
				ev.Code, ev.Subcode = c, s
				break
			}
		}
	}
	if m := reLength.FindStringSubmatch(words); m != nil {
		ev.Length = atoiOr(m[1], -1)
	} else if m := reLengthWord.FindStringSubmatch(words); m != nil {
		ev.Length = atoiOr(m[1], -1)
	}
	if m := reNeighbor.FindStringSubmatch(words); m != nil && (strings.Contains(m[1], ".") || strings.Count(m[1], ":") >= 2) {
		ev.Neighbor = m[1]
	}
	lower := strings.ToLower(words)
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
	s = strings.TrimRight(s, ",;")
	s = strings.TrimLeft(s, "[(")
	s = strings.TrimRight(s, "])")
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		s = s[2:]
	}
	if strings.Contains(s, ":") {
		// FF:FF:00 style; each part must be 2 digits (an IPv6 address or a
		// time has other shapes).
		parts := strings.Split(s, ":")
		var out []byte
		for _, p := range parts {
			if len(p) != 2 {
				return nil, false
			}
			b, ok := hexToken(p)
			if !ok {
				return nil, false
			}
			out = append(out, b...)
		}
		return out, len(out) > 0
	}
	if len(s) == 0 || len(s)%2 != 0 {
		return nil, false
	}
	out := make([]byte, 0, len(s)/2)
	for i := 0; i < len(s); i += 2 {
		hi, ok1 := hexVal(s[i])
		lo, ok2 := hexVal(s[i+1])
		if !ok1 || !ok2 {
			return nil, false
		}
		out = append(out, hi<<4|lo)
	}
	return out, true
}

// findHexRuns finds the stretches of consecutive hex tokens. A run must be
// long enough not to be a word that happens to be hex ("be", "add",
// "cafe"): at least four tokens, or eight octets. Dump offsets at the
// start of a line ("0x0010:") and timestamps are skipped, so a
// multi-line dump becomes one run.
func findHexRuns(text string) []HexRun {
	toks := tokenize(text)
	var runs []HexRun
	var cur *HexRun
	ntok := 0
	flush := func() {
		if cur != nil && (ntok >= 4 || len(cur.Octets) >= 8) {
			runs = append(runs, *cur)
		}
		cur, ntok = nil, 0
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
		b, ok := hexToken(t.s)
		if ok && looksDecimalCount(toks, i) {
			ok = false
		}
		if !ok {
			flush()
			continue
		}
		if cur == nil {
			cur = &HexRun{Start: t.start}
		}
		cur.Octets = append(cur.Octets, b...)
		cur.End = t.end
		ntok++
	}
	flush()
	return runs
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
