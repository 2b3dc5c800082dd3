package explain

import (
	"encoding/binary"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// tcpdump -vv and -vvv print an UPDATE's path attributes one per line, in
// words ("AS Path (2), length: 6, Flags [T]: 15562"), each followed by
// the value's octets in rows whose offsets start again at 0x0000. The
// rows are no dump of the message: read as one they run the attributes'
// values together. The attributes are rebuilt from the lines instead:
// flags from the letters (RFC 4271 §4.3), type, length, value.
//
// print-bgp.c prints ", Flags [...]: " only when the flags are not 0 (an
// Attribute Flags Error, 3/4: "Unknown Attribute (75), length: 2", or
// "Origin (1), length: 1IGP"), and it prints an attribute's value decoded
// before its rows (MP_REACH_NLRI's AFI and next hop, "no Attribute 35
// decoder"), on deeper lines.
var (
	reTDAttr = gate(`^(\s*)[A-Za-z][\w .()/-]*?\s\((\d{1,3})\), length: (\d{1,5})(?:, Flags \[([OTPE]*)(?:\+([0-9a-f]))?\]:|$|[^\d,])`)
	reTDRow  = regexp.MustCompile(`^\s*0x([0-9a-f]{4}):\s+((?:[0-9a-f]{2,4}\s*)+)$`)
	// A message's line ("Update Message (2), length: 58"): the lines
	// after it without flags are an UPDATE's attributes only in an UPDATE
	// (an OPEN's capabilities print the same way).
	reTDMessage = regexp.MustCompile(`\bMessage \((\d{1,3})\), length: \d+`)
)

// tcpdumpAttrs rebuilds the path attributes tcpdump -v printed with
// their octets. It also names those it printed in words only: their
// octets are not in the entry.
func tcpdumpAttrs(text string) (run HexRun, wordsOnly []string, ok bool) {
	if !reTDAttr.may(cased(text)) {
		return HexRun{}, nil, false // no attribute's line
	}
	lines := strings.Split(text, "\n")
	start := -1
	var out []byte
	// Lines without flags are read as attributes inside an UPDATE, or in
	// an entry without a message line whose other attributes have flags.
	inUpdate := !reTDMessage.MatchString(text) && hasFlaggedAttr(lines)
	for i := 0; i < len(lines); i++ {
		if mm := reTDMessage.FindStringSubmatch(lines[i]); mm != nil {
			inUpdate = mm[1] == "2"
			continue
		}
		m := reTDAttr.re.FindStringSubmatchIndex(lines[i])
		if m == nil || m[8] < 0 && !inUpdate {
			continue
		}
		line, hdr := lines[i], i
		t, l := atoiOr(line[m[4]:m[5]], -1), atoiOr(line[m[6]:m[7]], -1)
		var flags byte
		if m[8] >= 0 {
			flags = tcpdumpFlags(line[m[8]:m[9]])
		}
		if m[10] >= 0 {
			v, _ := hexVal(line[m[10]])
			flags |= v // the low bits tcpdump prints as "+N"
		}
		var value []byte
		value, i = tcpdumpValue(lines, i, visualIndent(line))
		name := strings.TrimSpace(line[:m[4]-1])
		if len(value) != l && m[8] >= 0 {
			value = tdWordsValue(t, l, strings.TrimSpace(line[m[1]:]))
		}
		if len(value) != l || t < 0 || t > 255 {
			wordsOnly = append(wordsOnly, name+" (type "+itoa(t)+", "+itoa(l)+" octets)")
			continue
		}
		if start < 0 {
			start = offsetOfLine(lines, hdr) + m[0]
		}
		out = appendAttr(out, flags, byte(t), value)
	}
	if len(out) == 0 {
		return HexRun{}, nil, false
	}
	return HexRun{Octets: out, Start: max(start, 0), End: len(text), Rebuilt: "tcpdump -v's attribute lines: flags from the letters, type, length, and the value's own rows (their offsets start again at each attribute), or its words where they give it whole (an ORIGIN's name, an address, a number)"}, wordsOnly, true
}

// tdTwice starts what tdRepeated says.
const tdTwice = "tcpdump's UPDATE holds "

// tdRepeated says which attribute types an UPDATE tcpdump -v printed
// holds more than once (ExaBGP 3's grouped updates: two MP_REACH_NLRI),
// and what RFC 7606 §3(g) makes of it; "" when none repeats.
func tdRepeated(text string) string {
	var out []string
	seen := map[int]int{}
	for _, line := range strings.Split(text, "\n") {
		if reTDMessage.MatchString(line) {
			clear(seen)
			continue
		}
		m := reTDAttr.re.FindStringSubmatch(line)
		if m == nil || m[4] == "" {
			continue
		}
		t := atoiOr(m[2], -1)
		if seen[t]++; seen[t] != 2 || t < 1 || t > 255 {
			continue
		}
		name := bgp.AttrType(t).String() + " (type " + m[2] + ")"
		if t == int(bgp.AttrMPReachNLRI) || t == int(bgp.AttrMPUnreachNLRI) {
			out = append(out, name+" twice: RFC 7606 §3(g) has the receiver send UPDATE Message Error / Malformed Attribute List (3/1) and close the session, as no route of a repeated MP attribute can be trusted")
		} else {
			out = append(out, name+" twice: RFC 7606 §3(g) has the receiver discard all but the first and go on with the UPDATE (RFC 4271 alone made it Malformed Attribute List, 3/1)")
		}
	}
	if len(out) == 0 {
		return ""
	}
	return tdTwice + strings.Join(out, "; ")
}

// tcpdumpValue reads the rows of the attribute on line i, indented by
// indent: the rows after it, past the deeper lines of its value in words
// that -vvv prints first, up to the next attribute or message line or a
// line no deeper than the attribute's. It returns the octets and the
// index of the last line read.
func tcpdumpValue(lines []string, i, indent int) ([]byte, int) {
	var value []byte
	for j := i + 1; j < len(lines); j++ {
		if r := reTDRow.FindStringSubmatch(lines[j]); r != nil {
			b, _ := hexDigits(strings.Join(strings.Fields(r[2]), ""))
			value = append(value, b...)
			i = j
			continue
		}
		ln := lines[j]
		if value != nil || visualIndent(ln) <= indent || reTDAttr.re.MatchString(ln) || reTDMessage.MatchString(ln) {
			break
		}
	}
	return value, i
}

// reTDUpdate is tcpdump's line of an UPDATE, with its whole length.
var reTDUpdate = gate(`\bUpdate Message \(2\), length: (\d{1,5})`)

// tdShare starts what tcpdumpUpdateShare says.
const tdShare = "tcpdump's \"Update Message (2), length: "

// tcpdumpUpdateShare says what part of the UPDATE tcpdump's line counts
// the rebuilt attributes are: it prints the withdrawn routes, the
// attribute length and the NLRI in words or not at all.
func tcpdumpUpdateShare(text string, attrs int) string {
	m := reTDUpdate.find(cased(text))
	if m == nil || strings.Count(text, "Update Message (2)") > 1 {
		return ""
	}
	l := atoiOr(m[1], 0)
	// Attributes printed in words only count too (ExaBGP's two
	// MP_REACH_NLRI): what is left is withdrawn routes and NLRI.
	words := max(tdAttrOctets(text)-attrs, 0)
	if l < bgp.HeaderLen+4+attrs+words {
		return ""
	}
	inWords := ""
	if words > 0 {
		inWords = ", and so are the " + itoa(words) + " octets of the attributes printed in words only"
	}
	head := tdShare + m[1] + "\" counts the whole UPDATE, its 19-octet header included: the " + itoa(attrs) +
		" octets of attributes rebuilt here are part of it" + inWords
	rest := l - bgp.HeaderLen - 4 - attrs - words
	if rest == 0 {
		return head + "; its body holds nothing else besides the two length fields: no withdrawn routes and no NLRI field (RFC 4271 §4.3)"
	}
	return head + "; the other " + itoa(rest) +
		" octets of its body besides the two length fields are withdrawn routes and NLRI, which tcpdump prints as prefixes, not octets (RFC 4271 §4.3)"
}

// tdAttrOctets is the size of every attribute tcpdump -v printed with
// its flags: each one's header (4 octets with Extended Length) and value.
func tdAttrOctets(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if m := reTDAttr.re.FindStringSubmatch(line); m != nil && (m[4] != "" || m[5] != "") {
			n += 3 + atoiOr(m[3], 0)
			if strings.Contains(m[4], "E") {
				n++
			}
		}
	}
	return n
}

// tdWordsValue is the value of an attribute whose words give it whole
// (tcpdump -vv prints no rows; a paste may lose them): ORIGIN's name,
// NEXT_HOP's and ORIGINATOR_ID's address, MED's and LOCAL_PREF's number
// (RFC 4271 §5.1, RFC 4456 §8). Nil for any other.
func tdWordsValue(t, l int, words string) []byte {
	switch {
	case t == 1 && l == 1:
		if i := slices.Index([]string{"IGP", "EGP", "Incomplete"}, words); i >= 0 {
			return []byte{byte(i)}
		}
	case (t == 3 || t == 9) && l == 4:
		if a, err := netip.ParseAddr(words); err == nil && a.Is4() {
			b := a.As4()
			return b[:]
		}
	case (t == 4 || t == 5) && l == 4:
		if v, err := strconv.ParseUint(words, 10, 32); err == nil {
			return binary.BigEndian.AppendUint32(nil, uint32(v))
		}
	}
	return nil
}

// hasFlaggedAttr reports whether some line is an attribute's with flags.
func hasFlaggedAttr(lines []string) bool {
	for _, ln := range lines {
		if m := reTDAttr.re.FindStringSubmatchIndex(ln); m != nil && m[8] >= 0 {
			return true
		}
	}
	return false
}

// tcpdumpFlags turns tcpdump's flag letters into the flags octet.
func tcpdumpFlags(letters string) byte {
	var f byte
	for _, c := range letters {
		switch c {
		case 'O':
			f |= 0x80
		case 'T':
			f |= 0x40
		case 'P':
			f |= 0x20
		case 'E':
			f |= 0x10
		}
	}
	return f
}

// visualIndent is how far a line's text starts, a tab counting to the
// next multiple of 8: tcpdump indents capabilities with tabs and spaces
// ("\t      ") and their rows with tabs ("\t\t"), deeper though shorter.
func visualIndent(ln string) int {
	w := 0
	for _, c := range ln {
		switch c {
		case ' ':
			w++
		case '\t':
			w = w/8*8 + 8
		default:
			return w
		}
	}
	return w
}

// offsetOfLine is the offset in the joined text of line i.
func offsetOfLine(lines []string, i int) int {
	n := 0
	for j := 0; j < i && j < len(lines); j++ {
		n += len(lines[j]) + 1
	}
	return n
}
