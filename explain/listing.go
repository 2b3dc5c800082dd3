package explain

import (
	"strings"
)

// This file reads octets written as a listing: a program's byte literals
// on consecutive lines, or a hand-annotated dump, each line perhaps
// followed by a comment that names its field ("0x00, 0x1c, // length 28
// octets", "00 4D   # Length", "b'\x00\x10'   # Length 16"). Test vectors,
// crash reproducers and notes on a capture are written so. The comments
// are the author's words about the octets, not a log's; they split the
// octets into runs too short for findHexRuns to keep, and name codes that
// are not the entry's ("# Attribute Code 7").

// literal kinds: a listing writes all its octets one way.
const (
	litNone = iota
	litHex0x
	litDecimal
	litBareHex
	litEscaped
)

var listingHow = map[int]string{
	litHex0x:   "byte literals in hex (0xHH), one per octet, on consecutive lines of a program's source",
	litDecimal: "byte literals in decimal, one per octet, on consecutive lines of a program's source",
	litBareHex: "an annotated hex dump: the octets that start each line",
	litEscaped: "byte strings with escapes (\\xHH is one octet) continued over consecutive lines of a program's source",
}

// listingLine is what one line of text holds as a listing.
type listingLine struct {
	kind       int
	octets     []byte
	start, end int // the literals' extent in the text
	lineEnd    int // where the line ends, its comment included
	commented  bool
}

// listingRuns finds listings: at least two lines of byte literals of one
// kind, blank lines and lines of code that open or close the list allowed
// between them, where a comment follows the octets or byte strings are
// continued (Python's adjacent literals). The run spans the comments
// between the octets, so that their words are not read as the entry's.
func listingRuns(text string) []HexRun {
	var runs []HexRun
	var block []listingLine
	flush := func() {
		if len(block) >= 2 {
			commented := false
			for _, l := range block {
				commented = commented || l.commented
			}
			if commented || block[0].kind == litEscaped {
				// The run ends with the last line: its comment is the
				// author's too.
				r := HexRun{Start: block[0].start, End: block[len(block)-1].lineEnd, Encoded: listingHow[block[0].kind]}
				for _, l := range block {
					r.Octets = append(r.Octets, l.octets...)
				}
				runs = append(runs, r)
			}
		}
		block = block[:0]
	}
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		at := pos
		pos += len(line)
		l, ok := readListingLine(strings.TrimRight(line, "\r\n"))
		switch {
		case !ok:
			flush()
		case l.kind == litNone:
			// blank, or code that opens or closes the list: neither ends
			// the listing nor adds to it
		case len(block) > 0 && block[0].kind != l.kind:
			flush()
			fallthrough
		default:
			l.start += at
			l.end += at
			l.lineEnd = at + len(strings.TrimRight(line, "\r\n"))
			block = append(block, l)
		}
	}
	flush()
	return runs
}

// readListingLine reads one line: the comment that ends it is set aside,
// then what is left must be byte literals, after code that opens the list
// ("input: []byte{", "SHORT_MSG = (") and before code that closes it. A
// line that is a comment alone is read as code commented out when its
// text is literals. It reports false for any other line.
func readListingLine(line string) (listingLine, bool) {
	code, comment := splitComment(line)
	if strings.TrimSpace(code) == "" && comment != "" {
		// "# data_hex = b'\xff...' \": a listing commented out
		inner := strings.TrimLeft(line, " \t")
		inner = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(inner, "//"), "#"), " \t")
		if l, ok := readListingCode(inner, len(line)-len(inner)); ok && l.kind != litNone {
			return l, true
		}
		return listingLine{}, true // a comment alone neither ends a listing nor adds to it
	}
	l, ok := readListingCode(code, 0)
	l.commented = comment != ""
	return l, ok
}

// splitComment splits a line at a comment outside quotes: "#" or "//"
// at the start or after a blank or a comma, or "/*".
func splitComment(line string) (code, comment string) {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' || c == '/' && i+1 < len(line) && (line[i+1] == '/' || line[i+1] == '*'):
			if i == 0 || strings.IndexByte(" \t,", line[i-1]) >= 0 {
				return line[:i], line[i:]
			}
		}
	}
	return line, ""
}

// closers may follow the last literal of a list; openers end the code
// before the first.
const (
	listClosers = "}])>;,\\ \t+"
	listOpeners = "{[(=:"
	// maxListingCuts is how many places readListingCode tries for the
	// start of a line's literals.
	maxListingCuts = 16
)

// readListingCode reads the code part of a line (off is where it starts
// in the line). An empty line, or one of code alone that opens or closes
// a list, is litNone and true.
func readListingCode(code string, off int) (listingLine, bool) {
	if strings.TrimSpace(code) == "" {
		return listingLine{}, true
	}
	if strings.Trim(code, listClosers+listOpeners) == "" {
		return listingLine{}, true // "})", "},": the list closes
	}
	if !endsWithLiteral(code) {
		return listingLine{}, false // most lines of a log: words at the end
	}
	// The literals start after the code that opens the list: the first
	// cut after which the line is literals and closers only. Code opens a
	// list with a few openers ("x = []byte{"); each cut tried reads to the
	// end of the line, so that trying every one of a hostile line's
	// openers ("=0=0=0...") would cost its length squared.
	tries := 0
	for cut := 0; cut <= len(code) && tries < maxListingCuts; cut++ {
		if cut > 0 && strings.IndexByte(listOpeners, code[cut-1]) < 0 {
			continue
		}
		if r := strings.TrimLeft(code[cut:], " \t"); r == "" || strings.IndexByte("0123456789abcdefABCDEF('\"", r[0]) < 0 {
			continue // no literal starts here
		}
		tries++
		if l, ok := readLiterals(code[cut:]); ok {
			l.start += off + cut
			l.end += off + cut
			return l, true
		}
	}
	return listingLine{}, false
}

// endsWithLiteral reports whether the last word of code, its closers left
// out, is a byte literal or ends a quoted string: a quick test that sets
// most lines aside before any cut is tried.
func endsWithLiteral(code string) bool {
	t := strings.TrimRight(code, listClosers)
	if t == "" {
		return false
	}
	if c := t[len(t)-1]; c == '\'' || c == '"' {
		return true
	}
	last := t[strings.LastIndexAny(t, " \t,({[=:")+1:]
	last = last[strings.LastIndexByte(last, ')')+1:] // "(byte)0xff"
	_, _, ok1 := literal(last, true)
	_, _, ok2 := literal(last, false)
	return ok1 || ok2
}

// readLiterals reads s as byte literals of one kind, perhaps cast
// ("(byte)0xff"), perhaps followed by closers ("0xe8}", "})),").
func readLiterals(s string) (listingLine, bool) {
	if strings.ContainsAny(s, `'"`) {
		return readEscaped(s)
	}
	l := listingLine{start: -1}
	commas := strings.Contains(s, ",")
	closed := false
	for i := 0; i < len(s); {
		if c := s[i]; c == ',' || c == ' ' || c == '\t' {
			i++
			continue
		}
		at := i
		for i < len(s) && s[i] != ',' && s[i] != ' ' && s[i] != '\t' {
			i++
		}
		f := s[at:i]
		lit := strings.TrimRight(f, listClosers)
		switch {
		case closed && lit != "":
			return l, false // literals after the list closed
		case lit == "" && l.start < 0:
			return l, false // a line of closers: not literals
		}
		closed = closed || strings.ContainsAny(f[len(lit):], "}])")
		if lit == "" {
			continue
		}
		lead := 0
		for _, cast := range []string{"(byte)", "(u8)", "(uint8_t)", "(char)"} {
			if strings.HasPrefix(lit, cast) {
				lead = len(cast)
				break
			}
		}
		b, kind, ok := literal(lit[lead:], commas)
		if !ok || l.kind != litNone && kind != l.kind {
			return l, false
		}
		if l.start < 0 {
			l.start = at
		}
		l.kind = kind
		l.octets = append(l.octets, b)
		l.end = at + len(lit)
	}
	return l, l.kind != litNone
}

// literal reads one byte literal: 0xH or 0xHH, a decimal number up to 255
// in a list with commas, two hex digits in one without.
func literal(s string, commas bool) (byte, int, bool) {
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		if d, ok := hexDigits(strings.Repeat("0", len(s)%2) + s[2:]); ok && len(d) == 1 {
			return d[0], litHex0x, true
		}
		return 0, 0, false
	}
	if commas {
		if n := atoiOr(s, -1); isDecimal(s) && n >= 0 && n <= 255 && len(s) <= 3 {
			return byte(n), litDecimal, true
		}
		return 0, 0, false
	}
	if d, ok := hexDigits(s); ok && len(d) == 1 {
		return d[0], litBareHex, true
	}
	return 0, 0, false
}

// readEscaped reads quoted byte strings (b'\xff\x00', "\xff\x00"), one or
// more, joined by blanks, "+" or a "\" continuation.
func readEscaped(s string) (listingLine, bool) {
	l := listingLine{start: -1}
	prev := 0
	// One string at a time, not all of them first: a line that is not
	// strings is given up at its first gap, not after its last string.
	for {
		m := reQuotedBytes.FindStringIndex(s[prev:])
		if m == nil {
			break
		}
		m[0], m[1] = m[0]+prev, m[1]+prev
		if strings.Trim(s[prev:m[0]], listClosers) != "" {
			return l, false
		}
		q := s[m[0]:m[1]]
		b, ok := unescapeBytes(q)
		if !ok && strings.HasPrefix(q, "b") {
			b, ok = unescapeShort(q)
		}
		if !ok {
			return l, false
		}
		if l.start < 0 {
			l.start = m[0]
		}
		l.octets = append(l.octets, b...)
		l.end = m[1]
		prev = m[1]
	}
	if l.start < 0 || strings.Trim(s[prev:], listClosers) != "" {
		return l, false
	}
	l.kind = litEscaped
	return l, true
}

// unescapeShort reads a Python bytes literal too short for unescapeBytes
// to take for octets on its own ("b'\x01'"): in a listing, its b prefix
// says it is octets.
func unescapeShort(q string) ([]byte, bool) {
	b, ok := unescapeBytes(q[:len(q)-1] + `\x00\x00` + q[len(q)-1:])
	if !ok {
		return nil, false
	}
	return b[:len(b)-2], true
}

// sameListing reports whether line goes on the listing prev is a line of:
// both hold byte literals of one kind, and one of them a comment.
func sameListing(prev, line string) bool {
	p, ok1 := readListingLine(prev)
	l, ok2 := readListingLine(line)
	return ok1 && ok2 && p.kind != litNone && p.kind == l.kind && (p.commented || l.commented)
}
