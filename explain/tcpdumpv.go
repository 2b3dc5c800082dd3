package explain

import (
	"regexp"
	"strings"
)

// tcpdump -vv and -vvv print an UPDATE's path attributes one per line, in
// words ("AS Path (2), length: 6, Flags [T]: 15562"), each followed by
// the value's octets in rows whose offsets start again at 0x0000. The
// rows are no dump of the message: read as one they run the attributes'
// values together. The attributes are rebuilt from the lines instead:
// flags from the letters (RFC 4271 §4.3), type, length, value.
var (
	reTDAttr = regexp.MustCompile(`^\s*[A-Za-z][\w .()/-]*?\s\((\d{1,3})\), length: (\d{1,5}), Flags \[([OTPE]*)(?:\+([0-9a-f]))?\]:`)
	reTDRow  = regexp.MustCompile(`^\s*0x([0-9a-f]{4}):\s+((?:[0-9a-f]{2,4}\s*)+)$`)
)

// tcpdumpAttrs rebuilds the path attributes tcpdump -v printed with
// their octets. It also names those it printed in words only: their
// octets are not in the entry.
func tcpdumpAttrs(text string) (run HexRun, wordsOnly []string, ok bool) {
	lines := strings.Split(text, "\n")
	start := -1
	var out []byte
	for i := 0; i < len(lines); i++ {
		m := reTDAttr.FindStringSubmatchIndex(lines[i])
		if m == nil {
			continue
		}
		line, hdr := lines[i], i
		t, l := atoiOr(line[m[2]:m[3]], -1), atoiOr(line[m[4]:m[5]], -1)
		flags := tcpdumpFlags(line[m[6]:m[7]])
		if m[8] >= 0 {
			v, _ := hexVal(line[m[8]])
			flags |= v // the low bits tcpdump prints as "+N"
		}
		var value []byte
		for i+1 < len(lines) {
			r := reTDRow.FindStringSubmatch(lines[i+1])
			if r == nil {
				break
			}
			b, _ := hexDigits(strings.Join(strings.Fields(r[2]), ""))
			value = append(value, b...)
			i++
		}
		name := strings.TrimSpace(line[:m[2]-1])
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
	return HexRun{Octets: out, Start: max(start, 0), End: len(text), Rebuilt: "tcpdump -v's attribute lines: flags from the letters, type, length, and the value's own rows (their offsets start again at each attribute)"}, wordsOnly, true
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

// offsetOfLine is the offset in the joined text of line i.
func offsetOfLine(lines []string, i int) int {
	n := 0
	for j := 0; j < i && j < len(lines); j++ {
		n += len(lines[j]) + 1
	}
	return n
}
