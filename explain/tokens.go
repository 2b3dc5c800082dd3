package explain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file finds the octets of a log entry: inline hex among the
// vendor's words, dump rows (hexdump -C, xxd, od, tshark -x, tcpdump -X)
// with their offset and ASCII columns dropped, and Go byte slices printed
// in decimal. Words are left to evidence.go.

// token is one white-space separated word of the text, with where it is.
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

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hexToken decodes a token that is a group of hex octets.
func hexToken(s string) ([]byte, bool) {
	b, _, ok := hexTokenMasked(s)
	return b, ok
}

// wrappers are the characters logs put around a value: quotes, brackets,
// braces, markup and list punctuation. They are not part of the hex.
const wrappers = "\"'`[]{}<>(),;|"

// unwrap strips the wrappers around a token and a leading "key=" or
// "key:" (ErrorData=0001..., "data":"ff..."), and reports whether a 0x
// prefix marked the value as hex explicitly.
func unwrap(s string) (string, bool) {
	s = strings.Trim(s, wrappers)
	if i := strings.LastIndexAny(s, "=:"); i >= 0 && i+1 < len(s) && isKey(s[:i]) {
		s = strings.Trim(s[i+1:], wrappers)
	}
	s = strings.TrimRight(s, ".")
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return s[2:], true
	}
	return s, false
}

// isKey reports whether s reads as the key of a key=value pair: letters,
// digits, '_' and '-', with a letter first, and quotes around it.
func isKey(s string) bool {
	s = strings.TrimLeft(strings.Trim(s, wrappers), ".")
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !isDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	// "ffff:" is an octet group with a colon, not a key.
	_, hex := hexDigits(s)
	return !hex
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// hexDigits decodes an even number of hex digits.
func hexDigits(s string) ([]byte, bool) {
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

// hexTokenMasked decodes a token holding octets in hex, in the groupings
// logs use: "ff", "ffff", "ffffffff", "ff:ff:00", "ff-ff", "0xff,",
// "[ff]", "Data=ff", octets masked as "xx" by whoever published the line
// (read as 0, and counted). It reports false for anything else, including
// odd digit counts (a decimal "3" or "123").
func hexTokenMasked(s string) ([]byte, int, bool) {
	if !strings.Contains(s, "=") && (strings.HasSuffix(s, ")") || strings.HasPrefix(s, "(")) && isDecimal(s) {
		return nil, 0, false // "(  49)", "(0000)": a count or code in parentheses
	}
	s, _ = unwrap(s)
	if strings.ContainsAny(s, "()") {
		return nil, 0, false // "prefix-limit(500)": a count, not octets
	}
	for _, sep := range []string{":", "-"} {
		if strings.Contains(s, sep) {
			// ff:ff:00 or ff-ff-00: every part 2 digits (an IPv6 address,
			// a time or a date has other shapes).
			var out []byte
			for _, p := range strings.Split(s, sep) {
				b, ok := hexDigits(p)
				if len(p) != 2 || !ok {
					return nil, 0, false
				}
				out = append(out, b...)
			}
			return out, 0, true
		}
	}
	masked := 0
	if strings.ContainsAny(s, "xX") && len(s)%2 == 0 {
		t := []byte(s)
		for i := 0; i+1 < len(t); i += 2 {
			if t[i] == 'x' || t[i] == 'X' || t[i+1] == 'x' || t[i+1] == 'X' {
				masked++
				for _, j := range []int{i, i + 1} {
					if t[j] == 'x' || t[j] == 'X' {
						t[j] = '0'
					}
				}
			}
		}
		if masked*2 == len(s) && len(s) > 2 {
			return nil, 0, false // "xxxx" is a redaction of words, not octets
		}
		s = string(t)
	}
	b, ok := hexDigits(s)
	if !ok {
		return nil, 0, false
	}
	return b, masked, true
}

// A dump row: an offset, up to 16 octets, perhaps an ASCII column. The
// offset is told from data by its width or punctuation: "0x0010:" and
// "00000010:" end with a colon, "00000010" (hexdump -C), "000010" (od)
// and "0010" (tshark -x) are followed by groups of another width.
var reDumpOffset = regexp.MustCompile(`^[ \t]*(0x)?([0-9a-fA-F]{4,8})(:?)[ \t]+`)

// dumpRow reads one line of a hex dump. It returns the offset, the
// octets, where the hex area lies in the line, and false when the line is
// not a dump row.
func dumpRow(line string) (off int, octets []byte, start, end int, ok bool) {
	m := reDumpOffset.FindStringSubmatchIndex(line)
	if m == nil {
		if octets, start, end, ok := asciiRow(line); ok {
			return -1, octets, start, end, true // no offset: it follows the row above
		}
		return 0, nil, 0, 0, false
	}
	offText := line[m[4]:m[5]]
	marked := m[2] >= 0 || m[6] < m[7] // "0x" or ":"
	rest := line[m[1]:]
	toks := tokenize(rest)
	if len(toks) == 0 {
		return 0, nil, 0, 0, false
	}
	if !marked && len(toks[0].s) == len(offText) {
		// "0039 0104 ...": same width as the first word, so it is data.
		return 0, nil, 0, 0, false
	}
	for i := 0; i < len(offText); i++ {
		v, _ := hexVal(offText[i])
		off = off<<4 | int(v)
	}
	if !marked && (off%8 != 0 || off > 0xffffff) {
		// Rows start at multiples of 8 or 16; "2014173B 10" is data.
		return 0, nil, 0, 0, false
	}
	prevEnd := 0
	for i, t := range toks {
		gap := t.start - prevEnd
		if i > 0 && gap >= 3 || len(octets) >= 16 {
			break // the ASCII column, after the padding of a short row
		}
		if strings.HasPrefix(t.s, "|") || strings.HasPrefix(t.s, ">") {
			break
		}
		if i == 0 && !marked && len(offText) == 4 && scapyRowHex(t.s, toks) {
			// Scapy's hexdump(): the row's octets as one word, then
			// the ASCII column after a single space.
			octets, _ = hexDigits(t.s)
			start, end = m[1]+t.start, m[1]+t.end
			break
		}
		if len(t.s) != 2 && len(t.s) != 4 {
			break
		}
		b, ok := hexDigits(t.s)
		if !ok {
			break
		}
		octets = append(octets, b...)
		if i == 0 {
			start = m[1] + t.start
		}
		end = m[1] + t.end
		prevEnd = t.end
	}
	if len(octets) == 0 || len(octets) > 16 {
		return 0, nil, 0, 0, false
	}
	return off, octets, start, end, true
}

// scapyRowHex reports whether w, the first word of a row whose offset is
// 4 bare digits ("0010  ", as Scapy prints it), is a Scapy hexdump() row's
// octets: up to 16 of them run together, and no more hex words after it
// (the ASCII column, or nothing) where rows of 8-digit groups have more.
func scapyRowHex(w string, toks []token) bool {
	if len(w) <= 4 || len(w) > 32 || len(w)%2 != 0 {
		return false
	}
	if _, ok := hexDigits(w); !ok {
		return false
	}
	if len(toks) > 1 {
		if _, ok := hexDigits(toks[1].s); ok && len(toks[1].s) >= 2 {
			return false
		}
	}
	return true
}

// octalOffset reads a dump row's offset as od prints it by default: seven
// octal digits.
func octalOffset(line string) (int, bool) {
	m := reDumpOffset.FindStringSubmatch(line)
	if m == nil || m[1] != "" || m[3] != "" || len(m[2]) != 7 {
		return 0, false
	}
	n, err := strconv.ParseUint(m[2], 8, 32)
	return int(n), err == nil
}

// reASCIIRow is a dump row without an offset (Wireshark's "Copy as Hex +
// ASCII Dump" of a selection, a post's excerpt): up to 16 two-digit octets,
// then, after a gap, the ASCII column.
var reASCIIRow = regexp.MustCompile(`^[ \t]*((?:[0-9a-fA-F]{2} ){0,15}[0-9a-fA-F]{2})[ \t]{2,}(\S.*?)[ \t]*$`)

// asciiRow reads a dump row without an offset. The ASCII column must
// show the row's octets, a printable one as itself and any other as '.'
// (a column with the octets' trailing spaces stripped may be shorter):
// that agreement, not the layout alone, tells a row from words after hex.
func asciiRow(line string) (octets []byte, start, end int, ok bool) {
	m := reASCIIRow.FindStringSubmatchIndex(line)
	if m == nil {
		return nil, 0, 0, false
	}
	octets, ok = hexDigits(strings.ReplaceAll(line[m[2]:m[3]], " ", ""))
	col := line[m[4]:m[5]]
	if !ok || len(col) > len(octets) || len(col) < len(strings.TrimRight(string(octets), " ")) {
		return nil, 0, 0, false
	}
	for i := 0; i < len(col); i++ {
		c := octets[i]
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		if col[i] != c {
			return nil, 0, 0, false
		}
	}
	return octets, m[2], m[3], true
}

// reDumpEnd is the last line of hexdump -C and od: the total length alone.
var reDumpEnd = regexp.MustCompile(`^[ \t]*[0-9a-fA-F]{6,8}[ \t]*$`)

// dumpRuns finds the dumps among lines (hexdump -C, xxd, od, tshark -x,
// tcpdump -X and the like) and returns one run per dump, octets placed by
// the dump's own offsets; mask blanks the rows so that the rest of the
// text can be read for inline hex and words.
func dumpRuns(text string) ([]HexRun, string) {
	var runs []HexRun
	mask := []byte(text)
	var cur *HexRun
	base, rows := 0, 0
	flush := func() {
		if cur != nil && (rows >= 2 || len(cur.Octets) >= 4) {
			runs = append(runs, *cur)
		}
		cur, rows = nil, 0
	}
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		lineStart := pos
		pos += len(line)
		l := strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(l) == "*" && cur != nil {
			continue // hexdump: rows like the one above, until the next offset
		}
		if reDumpEnd.MatchString(l) && cur != nil {
			blank(mask, lineStart, lineStart+len(l))
			flush()
			continue
		}
		off, oct, s, e, ok := dumpRow(l)
		unplaced := ok && off < 0
		if unplaced { // a row without an offset goes on the dump above
			off = 0
			if cur != nil {
				off = base + len(cur.Octets)
			}
		}
		if o, octal := octalOffset(l); ok && cur != nil && off != base+len(cur.Octets) && octal && o == base+len(cur.Octets) {
			off = o // od's offsets are octal unless told otherwise (-A x)
		}
		if ok && cur != nil && off != base+len(cur.Octets) && !(off > base+len(cur.Octets) && off%16 == 0) {
			flush() // offsets do not continue: another dump
		}
		if !ok {
			flush()
			continue
		}
		if cur == nil {
			cur = &HexRun{Start: lineStart + s, Dump: true, Base: off}
			base = off
		}
		if want := off - base; want > len(cur.Octets) && len(cur.Octets) >= 16 {
			// hexdump's "*": the row above repeats until this offset.
			last := cur.Octets[len(cur.Octets)-16:]
			for len(cur.Octets) < want {
				cur.Octets = append(cur.Octets, last[len(cur.Octets)%16])
			}
		}
		cur.Octets = append(cur.Octets, oct...)
		cur.Unplaced = cur.Unplaced || unplaced
		cur.End = lineStart + e
		rows++
		blank(mask, lineStart, lineStart+len(l))
	}
	flush()
	return runs, string(mask)
}

func blank(b []byte, from, to int) {
	for i := from; i < to && i < len(b); i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// reDecimalData is a Go byte slice printed in decimal after a data label
// (GoBGP: Data="[64 3 4 127 0 0 2]").
var reDecimalData = regexp.MustCompile(`(?i)\bdata"?\s*[:=]\s*"?\[((?:\s*\d{1,3})+)\s*\]`)

// decimalRuns finds byte slices printed in decimal.
func decimalRuns(text string) []HexRun {
	var runs []HexRun
	if !strings.Contains(strings.ToLower(text), "data") {
		return nil
	}
	for _, m := range reDecimalData.FindAllStringSubmatchIndex(text, -1) {
		// The label says octets: any list of them (numlist.go reads it).
		if b, _, ok := numberListOctets(text[m[2]:m[3]]); ok && len(b) > 0 {
			runs = append(runs, HexRun{Octets: b, Start: m[2], End: m[3], Decimal: true})
		}
	}
	return runs
}

// findHexRuns finds the runs of octets in text: dumps first, then byte
// slices in decimal, then stretches of consecutive hex tokens. An inline
// run must be long enough not to be a word that happens to be hex ("be",
// "add", "cafe"): at least four tokens or eight octets, unless a 0x prefix
// or a word that announces data comes first ("2 bytes 0064", "Data: fe
// 0a", "ErrorData=..."), or the text holds nothing else.
func findHexRuns(text string) []HexRun {
	runs, masked := dumpRuns(text)
	rest := []byte(masked)
	for _, l := range listingRuns(masked) { // source and annotated dumps: their comments are no hex
		runs = append(runs, l)
		blank(rest, l.Start, l.End)
	}
	masked = string(rest)
	for _, d := range decimalRuns(masked) { // decimal octets are not hex words
		runs = append(runs, d)
		blank(rest, d.Start, d.End)
	}
	for _, e := range encodedRuns(masked) { // nor are escaped or base64 ones
		runs = append(runs, e)
		blank(rest, e.Start, e.End)
	}
	for i, c := range rest {
		// Quotes, brackets, braces, markup and list punctuation separate
		// values in JSON, key="value" pairs and HTML: they are not data.
		if strings.IndexByte("\"`{}[],;<>", c) >= 0 {
			rest[i] = ' '
		}
	}
	toks := tokenize(string(rest))
	onlyHex := len(toks) > 0
	for _, t := range toks {
		if _, ok := hexToken(t.s); !ok {
			onlyHex = false
			break
		}
	}
	var cur *HexRun
	ntok := 0
	anchored := false
	flush := func() {
		if cur != nil && (ntok >= 4 || len(cur.Octets) >= 8 || anchored || onlyHex) {
			cur.Group = max(cur.Group, 0)
			if cur.Group == 1 {
				cur.Group = 0
			}
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
		b, nmasked, ok := hexTokenMasked(t.s)
		if !ok && t.end < len(masked) && strings.IndexByte(",}]", masked[t.end]) >= 0 {
			b, ok = shortHexLiteral(t.s) // "0x3," in a list: Go's %#v prints a []byte so
		}
		if ok && (looksDecimalCount(toks, i) || notData(toks, i) || errorRef(toks, i) || macAfterLabel(toks, i) || isTime(t.s) || otherField(t.s) || privateASN4(toks, i) || flagsValueWords(toks, i, masked)) {
			ok = false
		}
		if !ok {
			flush()
			continue
		}
		_, explicit := unwrap(t.s)
		if cur == nil {
			cur = &HexRun{Start: t.start}
			anchored = i > 0 && isAnchor(toks[i-1].s) || dataKey(t.s) ||
				explicit && i > 0 && strings.EqualFold(strings.Trim(toks[i-1].s, wrappers), "code")
			if anchored && !explicit && i > 0 && weakAnchor(toks[i-1].s) && isDecimal(t.s) && !zeroLed(t.s) {
				// "exabgp: 4353": a word with a colon before a decimal
				// number is a program and its pid, not a data label.
				anchored = false
			}
		}
		switch {
		case ntok == 0:
			cur.Group = len(b)
		case cur.Group != len(b):
			cur.Group = -1
		}
		cur.Octets = append(cur.Octets, b...)
		cur.Masked += nmasked
		cur.End = t.end
		ntok++
	}
	flush()
	sortRuns(runs)
	return runs
}

// shortHexLiteral reads "0x3", a list's octet written without its leading
// zero.
func shortHexLiteral(s string) ([]byte, bool) {
	if len(s) == 3 && (s[:2] == "0x" || s[:2] == "0X") {
		if v, ok := hexVal(s[2]); ok {
			return []byte{v}, true
		}
	}
	return nil, false
}

// sortRuns puts runs in text order (dumps and decimal slices are found
// before inline hex).
func sortRuns(r []HexRun) {
	slices.SortStableFunc(r, func(a, b HexRun) int { return a.Start - b.Start })
}

// isTime reports whether s is a time of day ("13:47:13"), which the
// colon-separated octet form would otherwise accept.
func isTime(s string) bool {
	s = strings.TrimRight(strings.Trim(s, wrappers), ".")
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for k, p := range parts {
		n := atoiOr(p, -1)
		if len(p) != 2 || n < 0 || k == 0 && n > 23 || n > 59 {
			return false
		}
	}
	return true
}

// dataKeys are the words a key=value pair uses for octets.
var dataKeys = []string{"data", "notification", "message", "msg", "payload", "hex", "pdu", "packet", "content", "octets", "bytes"}

// dataKey reports whether a token is a key=value pair whose key names
// data ("ErrorData=0001...", "last-notification=ffff...").
func dataKey(s string) bool {
	s = strings.Trim(s, wrappers)
	i := strings.LastIndexAny(s, "=:")
	return i > 0 && i+1 < len(s) && isKey(s[:i]) && !otherField(s)
}

// otherField reports whether a token is a key=value (or key:value) pair
// whose key names something other than data ("Key=", "I:008e7cd1",
// "localASN":64513): the vendor labels it, and not as data.
func otherField(s string) bool {
	s = strings.Trim(s, wrappers)
	i := strings.LastIndexAny(s, "=:")
	if i <= 0 || i+1 >= len(s) || !isKey(s[:i]) {
		return false
	}
	k := strings.ToLower(s[:i])
	for _, d := range dataKeys {
		if strings.Contains(k, d) {
			return false
		}
	}
	return true
}

// notData reports whether token i is a number the words give another
// meaning: an AS number ("AS 2611"), a process id ("pid 4353"), a
// sequence or context number.
func notData(toks []token, i int) bool {
	if i == 0 {
		return false
	}
	j := i - 1
	if t := strings.Trim(toks[j].s, wrappers); (t == "=" || t == ":") && j > 0 {
		j-- // "Remote BGP ID = 0X407D019C"
	}
	prev := strings.ToLower(strings.Trim(toks[j].s, wrappers+":=#"))
	switch prev {
	case "as", "asn", "peer-as", "remote-as", "local-as", "pid", "seq", "sequence", "context", "vrf", "instance", "id", "index", "port", "socket", "times":
		return true
	case "flags", "flag", "error", "errors", "mask":
		// "error flags 0x00000840", "Error 0x00000800": a value of the
		// vendor's own; "error: e0ff..." with a colon announces data.
		raw := strings.TrimRight(toks[j].s, ",")
		return !strings.HasSuffix(raw, ":") && !strings.HasSuffix(raw, "=")
	}
	return false
}

// flagsValueWords reports whether token i is Wireshark's value of a flags
// field, which it follows with a comma and the bits in words ("Flags:
// 0x90, Optional, Extended-Length, ..."): a field, not a dump.
func flagsValueWords(toks []token, i int, text string) bool {
	return i > 0 && strings.EqualFold(toks[i-1].s, "flags:") && strings.HasPrefix(strings.ToLower(toks[i].s), "0x") &&
		toks[i].end < len(text) && text[toks[i].end] == ','
}

// errorRef reports whether token i is part of FRR's error reference
// ("[EC 33554503]", a number of its error catalogue): the label or the
// number; a dump's "ec 33" stays octets, as the number is long.
func errorRef(toks []token, i int) bool {
	ref := func(j int) bool {
		return j >= 0 && j+1 < len(toks) && strings.EqualFold(toks[j].s, "ec") && isDecimal(toks[j+1].s) && len(toks[j+1].s) > 4
	}
	return ref(i) || ref(i-1)
}

// macAfterLabel reports whether token i is a MAC address its label names
// ("router mac: 00:00:00:00:00:00", "rmac 52:54:…", EVPN's words): six
// colon-separated octets after a word ending in "mac" are an address,
// not data, even after the label's colon.
func macAfterLabel(toks []token, i int) bool {
	s := strings.Trim(toks[i].s, wrappers+".")
	if i == 0 || len(s) != 17 || strings.Count(s, ":") != 5 {
		return false
	}
	label := strings.ToLower(strings.TrimRight(toks[i-1].s, ":="))
	return strings.HasSuffix(label, "mac")
}

// isAnchor reports whether a word announces the data that follows it.
func isAnchor(w string) bool {
	lw := strings.ToLower(w)
	switch lw {
	case "bytes", "byte", "octets", "data:", "data", "data=", "data-bytes":
		return true
	}
	if n := strings.TrimSuffix(lw, ")"); n != lw && n != "" && strings.Trim(n, "0123456789") == "" {
		return true // "payload (  4)"
	}
	return strings.HasSuffix(lw, ":") || strings.HasSuffix(lw, "=")
}

// weakAnchor reports whether w announces data only by its colon.
func weakAnchor(w string) bool {
	switch strings.ToLower(w) {
	case "data:", "data=", "bytes", "byte", "octets", "data", "data-bytes":
		return false
	}
	return strings.HasSuffix(w, ":") || strings.HasSuffix(w, "=")
}

// zeroLed reports whether s, all digits, reads as octets rather than a
// number: an even count of digits led by 0 ("000000", "0064"), as BIRD
// prints data after its "attribute: "; programs print no pid that way.
func zeroLed(s string) bool {
	s = strings.Trim(s, wrappers)
	return len(s) >= 4 && len(s)%2 == 0 && s[0] == '0'
}

func isDecimal(s string) bool {
	s = strings.Trim(s, wrappers)
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// privateASN4 reports whether token i is a private 4-octet AS number in
// decimal (RFC 6996: 4200000000 to 4294967294, the range Kubernetes
// network plugins and cloud routers default to), in a table with no data
// word before it: ten digits that would otherwise read as five octets.
func privateASN4(toks []token, i int) bool {
	s := strings.Trim(toks[i].s, wrappers)
	if len(s) != 10 || !isDecimal(s) || s < "4200000000" || s > "4294967295" {
		return false
	}
	return i == 0 || !isAnchor(toks[i-1].s) || weakAnchor(toks[i-1].s)
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
	case "bytes", "byte", "octets", "times", "seconds", "secs", "data-bytes", "prefixes", "messages", "notifications":
		return true
	}
	return false
}
