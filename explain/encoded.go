package explain

import (
	"encoding/base64"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file finds octets a program printed in an encoding other than hex
// tokens: a byte string with escapes (Python's b'\xff\xff...', Go's %q,
// C's "\xff"), printable octets shown as their characters, and base64 in a
// JSON bytes field (Go's encoding/json writes []byte so, as in GoBGP's JSON
// log; protobuf's JSON form too), and lists of decimal numbers (numlist.go).

// reQuotedBytes is a quoted string, perhaps a Python bytes literal.
var reQuotedBytes = regexp.MustCompile(`b?'(?:[^'\\\n]|\\.)*'|b?"(?:[^"\\\n]|\\.)*"`)

// reBase64Field is a JSON field that holds octets, with a base64 value.
var reBase64Field = regexp.MustCompile(`(?i)"(?:data|raw|raw_data|bytes|payload|pdu|body|error_data|notification_data)"\s*:\s*"([A-Za-z0-9+/]{2,}={0,2})"`)

// reEscapeRun is four or more \xHH escapes in a row, printed without
// quotes.
var reEscapeRun = regexp.MustCompile(`(?:\\x[0-9A-Fa-f]{2}){4,}`)

// reBase64Token is base64 long enough for a BGP message (19 octets) in
// any field or none; it is read only if it decodes to what begins as a
// message (startsMessage).
var reBase64Token = regexp.MustCompile(`[A-Za-z0-9+/]{24,}={0,2}`)

// spans returns the stretches runs cover, sorted and merged, for inside.
func spans(runs []HexRun) []HexRun {
	out := make([]HexRun, 0, len(runs))
	for _, r := range runs {
		out = append(out, HexRun{Start: r.Start, End: r.End})
	}
	slices.SortFunc(out, func(a, b HexRun) int { return a.Start - b.Start })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, r.End)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// inside reports whether offset at falls within one of spans (sorted and
// merged): a binary search, as an entry may hold thousands of runs.
func inside(spans []HexRun, at int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End > at })
	return i < len(spans) && spans[i].Start <= at
}

// encodedRuns finds the octets of escaped byte strings, decimal lists and
// base64.
func encodedRuns(text string) []HexRun {
	var runs, quoted []HexRun
	if strings.Contains(text, `\x`) {
		for _, m := range reQuotedBytes.FindAllStringIndex(text, -1) {
			quoted = append(quoted, HexRun{Start: m[0], End: m[1]})
			if b, ok := unescapeBytes(text[m[0]:m[1]]); ok {
				runs = append(runs, HexRun{Octets: b, Start: m[0], End: m[1], Encoded: "a byte string with escapes: \\xHH is one octet, other characters are the octets of their own code"})
			}
		}
	}
	runs = append(runs, numberListRuns(text)...)
	if strings.Contains(text, `\x`) {
		quoted = spans(quoted)
		for _, m := range reEscapeRun.FindAllStringIndex(text, -1) {
			if inside(quoted, m[0]) {
				continue // a quoted string's: octets or text, as read above
			}
			b, _ := unescapeBytes(`"` + text[m[0]:m[1]] + `"`)
			if !startsKnownMessage(b) && utf8Text(b) {
				continue // a name or description in UTF-8, escaped: text
			}
			runs = append(runs, HexRun{Octets: b, Start: m[0], End: m[1], Encoded: "escapes without quotes: \\xHH is one octet"})
		}
	}
	for _, m := range reBase64Field.FindAllStringSubmatchIndex(text, -1) {
		v := text[m[2]:m[3]]
		if len(v)%4 != 0 || allHex(v) {
			continue // hex is read as hex; a length base64 cannot have is no base64
		}
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) > 0 {
			runs = append(runs, HexRun{Octets: b, Start: m[2], End: m[3], Encoded: "base64, as JSON carries bytes (Go's encoding/json, as in GoBGP's JSON log; protobuf's JSON form): every 4 characters are 3 octets"})
		}
	}
	read := spans(runs)
	for _, m := range base64Tokens(text) { // reBase64Token's matches
		v := text[m[0]:m[1]]
		if inside(read, m[0]) {
			continue // a JSON field's, read above
		}
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && startsKnownMessage(b) {
			runs = append(runs, HexRun{Octets: b, Start: m[0], End: m[1], Encoded: "base64 (every 4 characters are 3 octets), which decodes to octets that begin as a BGP or BMP message does"})
		}
	}
	return runs
}

// utf8Text reports whether b is UTF-8 text beyond ASCII, without control
// characters.
func utf8Text(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	multi := false
	for _, r := range string(b) {
		if r < 0x20 || r == 0x7f {
			return false
		}
		multi = multi || r >= 0x80
	}
	return multi
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := hexVal(s[i]); !ok {
			return false
		}
	}
	return true
}

// unescapeBytes decodes a quoted byte string holding at least two \xHH
// escapes (fewer is text, not octets). Escapes of other characters are
// those Python, Go and C share. Without Python's b prefix, the escapes must
// make at least half the octets: text with a few escaped characters (FRR
// prints a Shutdown Communication's non-ASCII octets so) is text.
func unescapeBytes(q string) ([]byte, bool) {
	isBytes := strings.HasPrefix(q, "b")
	q = strings.TrimPrefix(q, "b")
	s := q[1 : len(q)-1]
	var out []byte
	nx := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			_, n := utf8.DecodeRuneInString(s[i:])
			out = append(out, s[i:i+n]...)
			i += n
			continue
		}
		e := s[i+1]
		if e == 'x' && i+3 < len(s) {
			hi, ok1 := hexVal(s[i+2])
			lo, ok2 := hexVal(s[i+3])
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				nx++
				i += 4
				continue
			}
		}
		if v, ok := simpleEscapes[e]; ok {
			out = append(out, v)
			i += 2
			continue
		}
		return nil, false // \u, octal and the like: not a byte string
	}
	return out, nx >= 2 && (isBytes || 2*nx >= len(out))
}

var simpleEscapes = map[byte]byte{'\\': '\\', '\'': '\'', '"': '"', 'n': '\n', 'r': '\r', 't': '\t', '0': 0, 'a': 7, 'b': 8, 'f': 12, 'v': 11}
