package explain

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// This file groups pasted text into log entries: the lines that belong to
// one event. A router's entry is often several lines: a syslog message
// wrapped mid-sentence, a NOTIFICATION line followed by its hex, the rows
// of a dump, a "show bgp neighbor" block, Wireshark's packet details, a
// log quoted in a mail reply.

// reEntryStart is what starts a new log entry: a time stamp or date, a
// syslog priority, a '%' message tag, a JSON object, a logfmt "time=".
var reEntryStart = regexp.MustCompile(`^(?:<\d{1,3}>|\*?[A-Z][a-z]{2}\s+\d{1,2}\s|\*?\d{4}[-/ ]|\d{1,2}:\d{2}:\d{2}|%[A-Z]|\{"|time=|[A-Za-z0-9_.-]+:\s+(?:[A-Z][a-z]{2}\s+\d|%[A-Z])|\[[A-Z]+\]\s|[a-z][\w.-]*(?:\[\d+\])?:\s+\d+\s|[^\s#>]+[#>]\s?(?i:show|sh|print|display)\b)`)

// reDateHead is a line holding a date and nothing else: the head of a
// record whose time and words a page wrapped onto the next line (Huawei's
// "#Jan 19" before "15:20:34 2005 NE80 BGP/1/Trap4:").
var reDateHead = regexp.MustCompile(`^#?(?:[A-Z][a-z]{2}\s+\d{1,2}|\d{4}[-/]\d{2}[-/]\d{2})$`)

// reBreak is an HTML line break that a web page or a Markdown table cell
// (ANTA's and other reports) put between log lines instead of a newline.
// The white space after it, newlines too, is the page source's layout
// ("<br />" then a blank line on every line of a page's text): HTML breaks
// a line only at the tag.
var reBreak = gate(`(?i)[ \t]*<br\s*/?>\s*`)

// escapedControls are rsyslog's escapes of control characters
// ($EscapeControlCharactersOnReceive, on by default): a message logged over
// several lines arrives as one, its newlines written #012.
var escapedControls = strings.NewReplacer("#012", "\n", "#011", "\t", "#015", "")

// webSpaces are the characters a web page or a chat client puts where the
// log had a space (no-break spaces, HTML's &nbsp;) or nothing (zero-width
// spaces and joiners, a byte order mark): copied text keeps them, and they
// would glue octets together.
var webSpaces = strings.NewReplacer(webSpaceForms...)

// webSpaceForms are webSpaces' pairs, each form an entity or beyond
// ASCII: a text of ASCII without '&' holds none (TestWebSpaceForms).
var webSpaceForms = []string{"\u00a0", " ", "\u2007", " ", "\u202f", " ", "\u3000", " ",
	"\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "",
	"&nbsp;", " ", "&#160;", " ", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&#39;", "'", "&amp;", "&"}

// reIOSSplit is where IOS cut a message too long for one syslog record:
// "**MSG 00003 TRUNCATED**" ends the piece, "**MSG 00003 CONTINUATION
// #03**" starts the next, mid-word ("9C**MSG ...**...**0B" is 9C0B).
var reIOSSplit = regexp.MustCompile(`\*\*MSG \d+ TRUNCATED\*\*[ \t]*\r?\n?[ \t]*\*\*MSG \d+ CONTINUATION #\d+\*\*`)

// normalizeBreaks turns what a log's transport or publisher wrote in other
// forms back into the log's own characters: line breaks (HTML <br>,
// rsyslog's #012), spaces (no-break and zero-width ones, HTML entities).
func normalizeBreaks(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.Contains(text, "#01") {
		text = escapedControls.Replace(text)
	}
	if strings.IndexByte(text, '&') >= 0 || !isASCII(text) {
		text = webSpaces.Replace(text) // each of its forms is an entity or beyond ASCII
	}
	if strings.Contains(text, "**MSG ") {
		text = reIOSSplit.ReplaceAllString(text, "")
	}
	if strings.Contains(text, `\`) && strings.Contains(text, "{") {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			lines[i] = jsonRecordText(l)
		}
		text = strings.Join(lines, "\n")
	}
	if !reBreak.may(cased(text)) {
		return text
	}
	return reBreak.re.ReplaceAllString(text, "\n")
}

// jsonRecordText undoes the escapes of the strings of a log record written
// as one JSON object (Docker's and Kubernetes' json-file logs, Loki, a
// collector's output): the log line inside was a line of text, its
// newlines and tabs become spaces of one entry, "\\" one backslash again.
// Anything but a valid JSON object is returned as it is.
func jsonRecordText(line string) string {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "{") || !strings.Contains(t, `\`) || !json.Valid([]byte(t)) {
		return line
	}
	var b strings.Builder
	in := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			in = !in
			b.WriteByte(c)
		case c == '\\' && in && i+1 < len(line):
			i++
			switch e := line[i]; e {
			case 'n', 't', 'r', 'b', 'f':
				b.WriteByte(' ')
			case 'u':
				if i+4 < len(line) {
					if r, err := strconv.ParseUint(line[i+1:i+5], 16, 32); err == nil {
						b.WriteRune(rune(r))
						i += 4
						continue
					}
				}
				b.WriteString(`\u`)
			default: // \" \\ \/
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// reFence is a Markdown code fence, the line a forum or chat paste puts
// around a log, or a line of a terminal session with no content: a bare
// prompt ("user@mx1>", "router#"), Junos's "{master}" and "[edit]". It
// separates entries and is not one.
var reFence = regexp.MustCompile("^(?:(?:```|~~~)[\\w+-]*|\\{[\\w:-]+\\}|\\[edit[^\\]]*\\]|[\\w.@:/-]+[#>$])$")

// reQuote is the quoting of a mail reply at the start of a line.
var reQuote = gate(`^(?:[ \t]*>)+ ?`)

// reFieldLine is one "Name = value" line of a block such as PAN-OS's
// routed.log prints.
// (A listing's line numbers may be glued to the front.)
var reFieldLine = regexp.MustCompile(`^\d{0,4}[A-Za-z][A-Za-z0-9 ()/_-]{0,40}\s=\s`)

// reLabelLine is a line that opens with a short label in words and a
// colon ("Error details:", "Message data:"), which continues an entry.
var reLabelLine = regexp.MustCompile(`^[A-Z][a-z]+(?: [a-z]+){0,3}:\s`)

// reVarbind is one varbind as snmptrapd prints it, "MODULE::object.index
// value" (net-snmp's default format): the lines of one trap.
var reVarbind = regexp.MustCompile(`^[A-Z][A-Za-z0-9-]*::[A-Za-z][\w.:-]*\s`)

// unquote blanks the marks of mail quoting ("> ", "> > ", ">>") at the
// start of each line, keeping every other character where it is.
func unquote(text string) string {
	b := []byte(text)
	lineStart := true
	for i := 0; i < len(b); i++ {
		if b[i] == '\n' {
			lineStart = true
			continue
		}
		if !lineStart {
			continue
		}
		switch b[i] {
		case '>':
			b[i] = ' '
		case ' ', '\t':
		default:
			lineStart = false
		}
	}
	return string(b)
}

// Entries splits pasted text into log entries. A line continues the entry
// above it when it is indented, is a row of a hex dump or holds only hex,
// closes a bracket, or follows a line that stops mid-sentence without
// itself starting like a log record (a time stamp, a syslog priority, a
// '%' tag); two lines at one indentation that each start as a record are
// two. Indentation every line shares (a code block, a mail's indent) does
// not count. A blank line ends an entry unless the entry is plainly cut
// mid-sentence or is a show block whose indented rows go on (see
// bridges). Mail quoting is ignored.
func Entries(text string) []string { return entries(normalizeBreaks(text)) }

// entries is Entries for text normalizeBreaks has read already: the
// forms it undoes (an entity, an escape) must be undone once, or an
// escaped "&amp;lt;br&amp;gt;" would end up a line break.
func entries(text string) []string {
	orig := strings.Split(text, "\n")
	dedent(orig)
	plain := make([]string, len(orig))
	for i, l := range orig {
		plain[i] = l
		if reQuote.may(cased(l)) {
			plain[i] = reQuote.re.ReplaceAllString(l, "")
		}
	}
	ls := &pasteLines{plain: plain, facts: make([]lineFacts, len(plain))}
	var out []string
	var cur []string
	prev := -1
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
		}
		cur = nil
	}
	blank := false
	for i, line := range plain {
		t := strings.TrimSpace(line)
		if t == "" || reFence.MatchString(t) {
			blank = len(cur) > 0
			continue
		}
		if blank && !bridges(cur, line) {
			flush()
			prev = -1
		}
		blank = false
		if len(cur) > 0 && continues(ls, prev, i) {
			cur = append(cur, orig[i])
		} else {
			flush()
			cur = []string{orig[i]}
		}
		prev = i
	}
	flush()
	return out
}

// pasteLines are a paste's lines (mail quoting removed) with what
// continues asks of each, found once: a line is asked as itself and again
// as the line before the next.
type pasteLines struct {
	plain []string
	facts []lineFacts
}

type lineFacts struct {
	hexKnown, hex   bool // hexOnly
	rowKnown, row   bool // dumpRow's ok, and its offset
	off             int
	endsKnown, ends bool // endsWithData
}

func (ls *pasteLines) hexOnly(i int) bool {
	f := &ls.facts[i]
	if !f.hexKnown {
		f.hexKnown, f.hex = true, hexOnly(ls.plain[i])
	}
	return f.hex
}

// dumpRow returns dumpRow's offset and ok for line i.
func (ls *pasteLines) dumpRow(i int) (int, bool) {
	f := &ls.facts[i]
	if !f.rowKnown {
		off, _, _, _, ok := dumpRow(ls.plain[i])
		f.rowKnown, f.off, f.row = true, off, ok
	}
	return f.off, f.row
}

func (ls *pasteLines) endsWithData(i int) bool {
	f := &ls.facts[i]
	if !f.endsKnown {
		f.endsKnown, f.ends = true, endsWithData(ls.plain[i])
	}
	return f.ends
}

// reShowHead is the first line of a show command's neighbor block whose
// rows follow indented (FRR's show bmp: "BMP state for BGP VRF default:").
var reShowHead = regexp.MustCompile(`^(?:BGP neighbor is |BGP neighbor: |Neighbor: |BMP state for BGP )`)

// showBlock reports whether the entry holds a show block's head, after
// a prompt line or not.
func showBlock(cur []string) bool {
	return slices.ContainsFunc(cur, func(l string) bool { return reShowHead.MatchString(strings.TrimSpace(l)) })
}

func indented(line string) bool { return line != "" && (line[0] == ' ' || line[0] == '\t') }

// siblingRecords reports whether lines pi and i are log records at the
// same indentation (neither a dump row nor hex).
func siblingRecords(ls *pasteLines, pi, i int) bool {
	prev, line := ls.plain[pi], ls.plain[i]
	t, p := strings.TrimLeft(line, " \t"), strings.TrimLeft(prev, " \t")
	if len(line)-len(t) != len(prev)-len(p) || !reEntryStart.MatchString(t) || !reEntryStart.MatchString(p) {
		return false
	}
	for _, l := range []int{i, pi} {
		if _, row := ls.dumpRow(l); row || ls.hexOnly(l) {
			return false
		}
	}
	return true
}

// dedent removes the indentation every non-blank line shares (a log
// pasted as a Markdown code block, or indented in a mail): what tells a
// continuation line is indentation beyond the paste's own.
func dedent(lines []string) {
	common := -1
	for _, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if t == "" {
			continue
		}
		if n := len(l) - len(t); common < 0 || n < common {
			common = n
		}
	}
	if common <= 0 {
		return
	}
	for i, l := range lines {
		if len(l) >= common && strings.TrimLeft(l[:common], " \t") == "" {
			lines[i] = l[common:]
		}
	}
}

// bridges reports whether line, after a blank line, still belongs to the
// entry cur: forums and mail archives put blank lines into a wrapped
// message ("... 4/0 (hold" / "" / "time expired) 0 bytes"). It does when
// the entry left a bracket open, or when line opens with one, and line
// does not start a log record itself.
func bridges(cur []string, line string) bool {
	t := strings.TrimSpace(line)
	if reEntryStart.MatchString(t) || hexOnly(line) {
		return false
	}
	if first, last := strings.TrimSpace(cur[0]), cur[len(cur)-1]; indented(line) && (showBlock(cur) || !reEntryStart.MatchString(first) &&
		(reLabelLine.MatchString(first) || reShowHead.MatchString(first) || indented(last))) {
		// The indented rows of a show block that a forum or a mail put
		// blank lines between ("Peer: ... AS ...", then "  Type: ...").
		return true
	}
	if tableHead(t) && !reEntryStart.MatchString(strings.TrimSpace(cur[0])) {
		// A summary's table below the lines on the router and its
		// counts (VRP's, FortiOS's "BGP router identifier ..." then a
		// blank line): one output.
		return true
	}
	text := strings.Join(cur, "\n")
	if endsWithData(cur[len(cur)-1]) {
		return false
	}
	return strings.Count(text, "(") > strings.Count(text, ")") || t[0] == '('
}

// continues reports whether line i belongs to the entry whose last line
// is line pi.
func continues(ls *pasteLines, pi, i int) bool {
	prev, line := ls.plain[pi], ls.plain[i]
	t := strings.TrimSpace(line)
	switch {
	case line[0] == ' ' || line[0] == '\t':
		// Indented: a wrapped line, a show block, packet details; but two
		// lines at one indentation that each start as a log record are
		// two records (a code block pasted after a line of words).
		return !siblingRecords(ls, pi, i)
	case ls.hexOnly(i):
		return true
	case strings.HasPrefix(t, "}") || strings.HasPrefix(t, ")") || strings.HasPrefix(t, "]"):
		return true
	case rePbgpTree.match(cased(t)):
		return true // a branch of pbgp-parser's tree
	case tdLine(prev) && (reTDAttr.match(cased(t)) || reTDRoutes.match(cased(t))),
		reTDRoutes.match(cased(strings.TrimSpace(prev))) && reTDPrefix.match(cased(t)):
		// tcpdump -v's lines of one UPDATE pasted without their
		// indentation: an attribute's line after the one before it or its
		// rows, the routes after them.
		return true
	case strings.Trim(t, "\"'`;,") == "" && len(t) <= 3:
		return true // the quote that closes a string of hex (Rust's hex!("...")) above
	}
	if off, ok := ls.dumpRow(i); ok {
		// A dump's rows go together ("0010  04 04 ..." is no year); a
		// row at offset 0 after another row starts the next dump.
		_, prevRow := ls.dumpRow(pi)
		return !(prevRow && off == 0)
	}
	switch {
	case reDateHead.MatchString(strings.TrimSpace(prev)):
		return true // the time of a date a page wrapped ("#Jan 19" / "15:20:34 2005 ...")
	case reVarbind.MatchString(t) && reVarbind.MatchString(strings.TrimSpace(prev)):
		return true // the next varbind of one trap, after a value that looked like octets
	case reEntryStart.MatchString(t):
		return false
	case reFieldLine.MatchString(t):
		return true // "Error code = Cease (6)": one field of a block
	case reLabelLine.MatchString(t):
		return true // "Error details: ...": a labelled part of the entry above
	}
	if sameListing(prev, line) {
		return true // "80 0E   # MP-NLRI" after "40 01 01 02   # Origin"
	}
	if _, ok := ls.dumpRow(pi); ok || ls.hexOnly(pi) {
		return false // words after a dump start the next entry
	}
	if ls.endsWithData(pi) && !ls.hexOnly(i) {
		return false // the entry above ended with its octets or their count
	}
	p := strings.TrimSpace(prev)
	if tableHead(p) {
		return true // a summary table's first row under its head (Junos's ends "Damped...")
	}
	last := p[len(p)-1]
	// A sentence that stops without its end goes on below.
	return !strings.ContainsRune(".!?]}\"'", rune(last))
}

// endsWithData reports whether a line ends with octets (two hex tokens or
// more) or with an octet count ("0 bytes"): a complete record, not a
// sentence cut by a wrap.
func endsWithData(line string) bool {
	toks := tokenize(line)
	if len(toks) == 0 {
		return false
	}
	switch strings.ToLower(toks[len(toks)-1].s) {
	case "bytes", "octets", "data-bytes", "[]":
		return true
	}
	n := 0
	for i := len(toks) - 1; i >= 0 && n < 2; i-- {
		if _, ok := hexToken(toks[i].s); !ok || otherField(toks[i].s) || isDecimal(toks[i].s) && len(toks[i].s) < 2 {
			break
		}
		n++
	}
	return n >= 2
}

// hexOnly reports whether a line holds nothing but hex tokens, dump
// offsets and times.
func hexOnly(line string) bool {
	n := 0
	for t := range tokensOf(maskLinePrefixes(line)) {
		if isDumpOffset(t) || reTimestamp.MatchString(t.s) || t.s == "..." || strings.Trim(t.s, "{}[]();,") == "" {
			continue // the closing "};" of a C array (Wireshark's Copy as C Arrays) is no word
		}
		if _, ok := hexToken(t.s); !ok {
			return false
		}
		n++
	}
	return n > 0
}

// SplitRecords splits pasted text into log entries (see Entries).
//
// Deprecated: use Entries, or Decode to explain them.
func SplitRecords(text string) []string { return Entries(text) }

// Decode explains every entry of pasted text: plain hex (BGP or BMP
// messages, one or several), router log entries, hex dumps, Wireshark's
// packet details. It is the one call behind `bgplens decode` and the
// decoder's web page: text in, one tree per entry out, each with its
// LineInfo saying what the input was read as.
func Decode(text string, opt Options) []*Explanation {
	xs, _ := DecodeContext(context.Background(), text, opt)
	return xs
}

// DecodeContext is Decode that stops when ctx ends (a web client gone, a
// server shutting down), returning what it explained so far and ctx's
// error. The entries of a long paste are explained on all cores.
func DecodeContext(ctx context.Context, text string, opt Options) ([]*Explanation, error) {
	text, gz := gunzipped(text)
	text = fromUTF16(text)
	if xs, ok := binaryInput(text, opt); ok {
		for _, x := range xs {
			if gz {
				x.Line.Why += ", gzip-compressed"
			}
		}
		return xs, nil
	}
	text = normalizeBreaks(text)
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	if b, err := ParseHex(text); err == nil && len(b) > 0 && !hasDumpRows(text) {
		return []*Explanation{hexOctets(b, text, opt)}, nil
	}
	var joined []string
	var parsed []*logRuns // the entry's octets as wantsMore found them, or nil
	es := entries(text)
	for i := 0; i < len(es); i++ {
		e := es[i]
		var ll *logRuns
		// A message logged in pieces (ExaBGP prints the header and the
		// body as two records): the next entries complete it. A few at
		// most, so that a paste of many cut messages stays linear.
		for joins := 0; joins < 8 && i+1 < len(es); joins++ {
			more, l := wantsMore(e)
			if ll = l; !more {
				break
			}
			e += "\n" + es[i+1]
			i++
			ll = nil
		}
		if parts := byMessage(e); len(parts) > 1 {
			joined = append(joined, parts...)
			parsed = append(parsed, make([]*logRuns, len(parts))...) // each part read afresh
		} else {
			joined = append(joined, e)
			parsed = append(parsed, ll)
		}
	}
	return explainParsed(ctx, joined, parsed, opt)
}

// byMessage splits an entry that holds several whole messages, each after
// words of its own ("PDU[1] : len 101 ... ffffffff ... PDU[2] : len 19
// ... ffffffff ..."): a show command's output a web page ran into one
// line. Each message, with the words before it, is an entry; anything else
// is one entry, as it was.
func byMessage(entry string) []string {
	if strings.Count(strings.ToLower(entry), "ffff") < 2 {
		return []string{entry} // fewer than two markers: nothing to split
	}
	var cuts []int
	prevEnd := -1
	for _, r := range ParseLogLine(entry).Runs {
		if r.Dump || findMarker(r.Octets, false) != 0 || len(r.Octets) < bgp.HeaderLen {
			continue
		}
		if want := int(r.Octets[bgp.OffLength])<<8 | int(r.Octets[bgp.OffLength+1]); want < bgp.HeaderLen || want > len(r.Octets) {
			continue // a message in pieces is completed, not split
		}
		if prevEnd >= 0 && strings.TrimSpace(entry[prevEnd:r.Start]) != "" {
			cuts = append(cuts, prevEnd)
		}
		prevEnd = r.End
	}
	if len(cuts) == 0 {
		return []string{entry}
	}
	parts := make([]string, 0, len(cuts)+1)
	from := 0
	for _, c := range cuts {
		parts = append(parts, strings.TrimSpace(entry[from:c]))
		from = c
	}
	return append(parts, strings.TrimSpace(entry[from:]))
}

// hasDumpRows reports whether text holds two or more rows of a hex dump
// (xxd and tcpdump -X rows parse as plain hex, offsets and all).
func hasDumpRows(text string) bool {
	rows, _ := dumpRuns(text)
	return len(rows) > 0
}

// wantsMore reports whether an entry holds the start of a BGP message whose
// length field asks for more octets than the entry has. It returns the
// entry's octets as it found them, or nil if it did not need to: the
// entry's words are read later, with the other entries, on all cores.
func wantsMore(entry string) (bool, *logRuns) {
	if !strings.Contains(strings.ToLower(entry), "ffff") {
		return false, nil // no marker: nothing to complete
	}
	ll := runsOf(entry)
	for _, r := range ll.runs {
		k := findMarker(r.Octets, r.Dump)
		if k >= 0 && len(r.Octets) >= k+bgp.HeaderLen {
			want := k + (int(r.Octets[k+bgp.OffLength])<<8 | int(r.Octets[k+bgp.OffLength+1]))
			return want > len(r.Octets) && !r.Elided, &ll
		}
	}
	return false, &ll
}

// Hex explains octets given as plain hex: BGP messages (marker first), a
// BMP message, or, failing those, octets read as a log entry would be.
// text is the input as given.
func Hex(b []byte, text string, opt Options) *Explanation {
	return hexOctets(b, normalizeBreaks(text), opt)
}

// hexOctets is Hex for text normalizeBreaks has read already.
func hexOctets(b []byte, text string, opt Options) *Explanation {
	var x *Explanation
	switch {
	case len(b) >= bgp.MarkerLen && findMarker(b, false) == 0:
		x = BGP(b, opt)
	case LooksLikeBMP(b):
		x = BMP(b, opt)
	default:
		x = line(text, opt)
		if x.Line.Kind == KindLog {
			x.Line.Kind = KindHex
		}
		return x
	}
	x.Line = &LineInfo{Text: text, Kind: KindHex, Start: StartMessage, Why: "plain hex that starts with a message header",
		Code: -1, Subcode: -1, Length: -1, Present: len(b)}
	if !strings.HasPrefix(x.Hex, "ffffffffffffffffffffffffffffffff") {
		x.Line.Why = "plain hex that starts with a BMP common header (version " + itoa(int(b[0])) + ")"
		return x
	}
	// A NOTIFICATION is named and diagnosed as in a log entry.
	nameError(x, b, x.Line)
	x.Diagnosis = diagnose(x, b, x.Line)
	return x
}

// reTDRoutes heads tcpdump -v's routes of an UPDATE; reTDPrefix is one
// of them on its line.
var (
	reTDRoutes = gate(`^(?:Updated|Withdrawn) routes:$`)
	reTDPrefix = gate(`^[0-9a-fA-F.:]+/\d{1,3}$`)
)

// tdLine reports whether a line is tcpdump -v's: a message's or an
// attribute's line, or a row of an attribute's octets.
func tdLine(line string) bool {
	return reTDRow.MatchString(line) || reTDAttr.match(cased(line))
}
