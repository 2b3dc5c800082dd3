package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// tcpdump -v prints an OPEN in words: "Open Message (1), length: 53",
// "Version 4, my AS 60092, Holdtime 15s, ID 193.151.23.2", "Optional
// parameters, length: 24", then each parameter ("Option Capabilities
// Advertisement (2), length: 6") and, deeper, each capability ("Route
// Refresh (2), length: 0") with -vvv's rows of its value. The OPEN is
// rebuilt from them: every field is in the words but the capabilities'
// values, which are in the rows.
var (
	reTDOpen      = gate(`\bOpen Message \(1\), length: (\d{1,5})`)
	reTDOpenFixed = gate(`\bVersion (\d{1,3}), my AS (\d{1,10}), Holdtime (\d{1,5})s, ID (\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})`)
	reTDOptLen    = gate(`\bOptional parameters, length: (\d{1,3})`)
	reTDParam     = gate(`^(\s*)Option [\w ]+? \((\d{1,3})\), length: (\d{1,3})\s*$`)
)

// tcpdumpOpen rebuilds the OPEN tcpdump -v printed, or its optional
// parameters alone when the entry quotes only those. A capability whose
// value has neither rows (-vv prints none) nor words tdCapWords reads
// ends the octets: its name is returned in wordsOnly.
func tcpdumpOpen(text string) (run HexRun, wordsOnly []string, ok bool) {
	om, fm := reTDOpen.find(cased(text)), reTDOpenFixed.find(cased(text))
	lines := strings.Split(text, "\n")
	if om == nil || fm == nil {
		if reTDMessage.MatchString(text) {
			return HexRun{}, nil, false
		}
		params, words, start := tdParams(lines)
		if len(params) == 0 {
			return HexRun{}, nil, false
		}
		return HexRun{Octets: params, Start: offsetOfLine(lines, start), End: len(text), Rebuilt: tdParamWords}, words, true
	}
	l := atoiOr(om[1], 0)
	as := atoiOr(fm[2], 0)
	msg := wsHeader(l, bgp.MsgOpen)
	msg = append(msg, byte(atoiOr(fm[1], 0)), byte(as>>8), byte(as))
	hold := atoiOr(fm[3], 0)
	msg = append(msg, byte(hold>>8), byte(hold))
	for _, o := range fm[4:8] {
		msg = append(msg, byte(atoiOr(o, 0)))
	}
	run = HexRun{Start: strings.Index(text, om[0]), End: len(text), Rebuilt: tdOpenWords}
	if pm := reTDOptLen.find(cased(text)); pm != nil {
		msg = append(msg, byte(atoiOr(pm[1], 0)))
		params, words, _ := tdParams(lines)
		msg, wordsOnly = append(msg, params...), words
	}
	if len(msg) > l {
		return HexRun{}, nil, false // the lines do not add up: not rebuilt
	}
	run.Octets = msg
	return run, wordsOnly, true
}

// tdParams rebuilds the optional parameters tcpdump printed, from the
// first one's line (start) on, up to a capability it cannot rebuild.
func tdParams(lines []string) (out []byte, wordsOnly []string, start int) {
	start = -1
	for i := 0; i < len(lines); i++ {
		p := reTDParam.find(cased(lines[i]))
		if p == nil {
			continue
		}
		if start < 0 {
			start = i
		}
		out = append(out, byte(atoiOr(p[2], 0)), byte(atoiOr(p[3], 0)))
		if p[2] != "2" {
			continue // no capabilities: its value is not printed in rows
		}
		deeper := visualIndent(lines[i]) // a capability's line is deeper than its parameter's
		for i+1 < len(lines) {
			c := reTDAttr.re.FindStringSubmatchIndex(lines[i+1])
			if c == nil || visualIndent(lines[i+1]) <= deeper || reTDParam.match(cased(lines[i+1])) {
				break
			}
			i++
			ln := lines[i]
			code, cl := atoiOr(ln[c[4]:c[5]], 0), atoiOr(ln[c[6]:c[7]], 0)
			out = append(out, byte(code), byte(cl))
			words := ""
			if i+1 < len(lines) && visualIndent(lines[i+1]) > visualIndent(ln) && !reTDRow.MatchString(lines[i+1]) {
				words = strings.TrimSpace(lines[i+1])
			}
			var v []byte
			v, i = tcpdumpValue(lines, i, visualIndent(ln))
			if len(v) != cl {
				v = tdCapWords(code, cl, words)
			}
			if len(v) != cl {
				name := strings.TrimSpace(ln[:c[4]-1])
				return out, append(wordsOnly, name+" (capability "+itoa(code)+", "+itoa(cl)+" octets)"), start
			}
			out = append(out, v...)
		}
	}
	return out, wordsOnly, start
}

// Capability values tcpdump prints in words, whole: Multiprotocol
// Extensions' AFI and SAFI (RFC 4760 §8), the 4-octet AS (RFC 6793 §3),
// BGPsec's version, direction and AFI (RFC 8205 §2.1).
var (
	reTDCapMP     = gate(`^AFI [^(]*\((\d{1,5})\), SAFI [^(]*\((\d{1,3})\)$`)
	reTDCapAS4    = gate(`^4 Byte AS (\d{1,10})$`)
	reTDCapBGPsec = gate(`^Version (\d{1,2}), Direction [^(]*\(([01])\), AFI [^(]*\((\d{1,5})\)$`)
)

// tdCapWords is the value of capability code whose words give it whole;
// nil for any other.
func tdCapWords(code, l int, words string) []byte {
	switch {
	case code == 1 && l == 4:
		if m := reTDCapMP.find(cased(words)); m != nil {
			afi := atoiOr(m[1], 0)
			return []byte{byte(afi >> 8), byte(afi), 0, byte(atoiOr(m[2], 0))}
		}
	case code == 65 && l == 4:
		if m := reTDCapAS4.find(cased(words)); m != nil {
			as := atoiOr(m[1], 0)
			return []byte{byte(as >> 24), byte(as >> 16), byte(as >> 8), byte(as)}
		}
	case code == 7 && l == 3:
		if m := reTDCapBGPsec.find(cased(words)); m != nil && atoiOr(m[1], 16) < 16 {
			afi := atoiOr(m[3], 0)
			return []byte{byte(atoiOr(m[1], 0)<<4 | atoiOr(m[2], 0)<<3), byte(afi >> 8), byte(afi)}
		}
	}
	return nil
}

const (
	tdOpenWords  = "tcpdump -v's OPEN lines: the fixed fields from the words, each parameter's and capability's type and length, the capabilities' values from their rows or, where they give them whole, their words"
	tdParamWords = "tcpdump -v's optional parameter lines: each parameter's and capability's type and length, the capabilities' values from their rows or, where they give them whole, their words"
)
