package explain

import (
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// reNumberList is a list of at least 19 numbers (the smallest BGP
// message) in brackets, braces or Erlang's << >>, separated by commas or
// spaces, perhaps with a comma after the last (a literal in source over
// several lines): how Rust's {:?} and Python print a byte vector, Go's %v a
// []byte, Java's Arrays.toString a byte[] (signed: -1 is 0xff), C# and
// Erlang theirs.
var reNumberList = regexp.MustCompile(`(?:\[|\{|<<)\s*(-?\d{1,3}(?:\s*[, ]\s*-?\d{1,3}){18,})\s*,?\s*(?:\]|\}|>>)`)

// numberListRuns finds byte vectors printed as lists of decimal numbers.
// Numbers are everywhere in logs, so a list is read as octets only when
// every number is an octet (0 to 255, or -128 to -1 as a signed byte) and
// the octets begin as a message does: a BGP marker, or a BMP version 3
// common header whose length fits the list.
func numberListRuns(text string) []HexRun {
	var runs []HexRun
	for _, m := range numberListsAt.findAllIndex(text) { // reNumberList's matches
		b, signed, ok := numberListOctets(text[m[2]:m[3]])
		if !ok || !startsMessage(b) {
			continue
		}
		how := "a list of decimal numbers (a byte vector as Rust, Python or Go print it): one octet per number"
		if signed {
			how = "a list of signed decimal bytes (Java's byte[]): one octet per number, a negative one is 256 more (-1 is 0xff)"
		}
		runs = append(runs, HexRun{Octets: b, Start: m[2], End: m[3], Encoded: how})
	}
	return runs
}

// numberListOctets reads the numbers of a list as octets; it reports
// whether any was negative (signed bytes).
func numberListOctets(list string) (b []byte, signed, ok bool) {
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		neg := strings.HasPrefix(f, "-")
		n := atoiOr(strings.TrimPrefix(f, "-"), -1)
		switch {
		case n < 0 || !neg && n > 255 || neg && (n == 0 || n > 128):
			return nil, false, false
		case neg:
			signed = true
			n = 256 - n
		}
		b = append(b, byte(n))
	}
	return b, signed, true
}

// startsMessage reports whether b begins with a BGP marker and header, or
// a BMP common header (LooksLikeBMP).
func startsMessage(b []byte) bool {
	return len(b) >= 19 && findMarker(b, false) == 0 || LooksLikeBMP(b)
}

// startsKnownMessage is startsMessage with a BGP header's type one RFC
// 4271 (or RFC 2918) defines: for encodings that text can hold by chance
// (28 slashes are base64 for all-ones octets).
func startsKnownMessage(b []byte) bool {
	if LooksLikeBMP(b) {
		return true
	}
	return len(b) >= 19 && findMarker(b, false) == 0 && b[18] >= byte(bgp.MsgOpen) && b[18] <= byte(bgp.MsgRouteRefresh)
}
