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

// tcpdumpOpen rebuilds the OPEN tcpdump -v printed. A capability whose
// value has no rows (-vv prints none) ends the octets: its name is
// returned in wordsOnly.
func tcpdumpOpen(text string) (run HexRun, wordsOnly []string, ok bool) {
	om, fm := reTDOpen.find(cased(text)), reTDOpenFixed.find(cased(text))
	if om == nil || fm == nil {
		return HexRun{}, nil, false
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
	pm := reTDOptLen.find(cased(text))
	if pm == nil {
		return HexRun{Octets: msg, Start: strings.Index(text, om[0]), End: len(text), Rebuilt: tdOpenWords}, nil, true
	}
	msg = append(msg, byte(atoiOr(pm[1], 0)))
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		p := reTDParam.find(cased(lines[i]))
		if p == nil {
			continue
		}
		msg = append(msg, byte(atoiOr(p[2], 0)), byte(atoiOr(p[3], 0)))
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
			msg = append(msg, byte(code), byte(cl))
			var v []byte
			v, i = tcpdumpValue(lines, i, visualIndent(ln))
			if len(v) != cl {
				name := strings.TrimSpace(ln[:c[4]-1])
				wordsOnly = append(wordsOnly, name+" (capability "+itoa(code)+", "+itoa(cl)+" octets)")
				return HexRun{Octets: msg, Start: strings.Index(text, om[0]), End: len(text), Rebuilt: tdOpenWords}, wordsOnly, true
			}
			msg = append(msg, v...)
		}
	}
	if len(msg) > l {
		return HexRun{}, nil, false // the lines do not add up: not rebuilt
	}
	return HexRun{Octets: msg, Start: strings.Index(text, om[0]), End: len(text), Rebuilt: tdOpenWords}, nil, true
}

const tdOpenWords = "tcpdump -v's OPEN lines: the fixed fields from the words, each parameter's and capability's type and length, the capabilities' values from their rows"
