package explain

import (
	"slices"
	"strconv"
	"strings"
)

// Evidence is what a router's log line says besides its hex: the
// NOTIFICATION code and subcode and a byte count, in the vendor's words.
type Evidence struct {
	Code, Subcode int    // -1 when the line does not say
	Length        int    // a stated octet count ("32 bytes", "length 61"), or -1
	LengthOfMsg   bool   // the count is worded as a message length ("length 61", "Len":21), not a data size
	Direction     string // "sent" or "received", when the line says
	Neighbor      string // the neighbour address, when the line says
	FromWords     bool   // code/subcode come from the words' meaning, not from numbers
	// Words are the vendor's own words that bgplens took as evidence: the
	// error named, an attribute or capability the text mentions, a reason
	// or a Shutdown Communication the router already decoded.
	Words []string
	// Details names the message type when the entry is Wireshark's packet
	// details of a message other than a NOTIFICATION, whose octets the
	// details do not print (DetailsLen is its Length field).
	Details    string
	DetailsLen int
	// LengthMsg names the message the stated count measures when the words
	// name one ("Malformed UPDATE message ... message length 68 bytes",
	// tcpdump's "Notification Message (3), length: 21"); "" when they do not.
	LengthMsg string
	// Reason is a Shutdown Communication the router printed as text
	// instead of octets; EmptyReason that it printed an empty one; Inner
	// the error a Hard Reset carries, printed in words.
	Reason      string
	EmptyReason bool
	Inner       string
	// BMPDown is the BMP Peer Down reason a collector's line states
	// (RFC 7854 §4.9), or -1: a BMP reason, not a NOTIFICATION code.
	BMPDown int
	// Events are what the words say happened besides a NOTIFICATION's
	// code (a TCP reset, an RFC 7606 action, an administrative reset),
	// each as the meaning sessionEvents gives it.
	Events []string
}

// HexRun is one stretch of hex in a line, with where it was found.
type HexRun struct {
	Octets []byte
	Start  int // byte offset of the run in the line
	End    int
	// Elided reports that "..." follows the run: the dump goes on but the
	// log left octets out.
	Elided bool
	// Masked counts octets the poster replaced with "xx": they read as 0.
	Masked int
	// Dump reports that the run came from the rows of a hex dump (offsets
	// and ASCII column dropped); Decimal that the octets were printed in
	// decimal, as a Go byte slice.
	Dump, Decimal bool
	// Unplaced reports that a dump's rows carry no offsets (each row's
	// ASCII column vouches for it): they are taken in order.
	Unplaced bool
	// Encoded says, in words, the encoding the octets were printed in
	// when it is not hex: escapes in a byte string, base64.
	Encoded string
	// Base is the offset the dump's first row gives its first octet (0
	// for a dump of a whole message).
	Base int
	// Details reports that the octets were rebuilt from Wireshark's
	// packet details (one field per line).
	Details bool
	// Rebuilt names the words the octets were rebuilt from when they are
	// not a dump of the message ("tcpdump -v's attribute lines").
	Rebuilt string
	// Group is the octets every token of an inline run holds when they
	// all hold as many, more than one ("ffffffff 00160303"): a dump in
	// words of that size, whose last word may be padded.
	Group int
}

// LogLine is a log line taken apart: its hex and its words.
type LogLine struct {
	Text     string
	Runs     []HexRun
	Evidence Evidence
}

// ParseLogLine takes a log entry (one line, or the lines of one entry)
// apart: its runs of octets, in any common grouping and dump format, and
// what its words say. Words such as "connection refused" or "parse error"
// are read as events of a BGP session only in an entry about BGP.
func ParseLogLine(text string) LogLine { return runsOf(text).logLine() }

// logRuns is an entry's octets, found, and its words, still to be read:
// the first half of ParseLogLine, all wantsMore needs.
type logRuns struct {
	text  string
	words string // the entry with its octets blanked
	runs  []HexRun
	// tcpdumpWords names the attributes tcpdump printed in words only.
	tcpdumpWords []string
	// isDetails: the entry is Wireshark's packet details of a message
	// other than a NOTIFICATION (detailsOther), of type details, whose
	// Length field is detailsLen.
	isDetails  bool
	details    string
	detailsLen int
}

func runsOf(text string) logRuns {
	plain := unflattenDetails(unquote(text))
	masked := maskPbgpTree(maskLinePrefixes(plain))
	hex := findHexRuns(masked)
	l := logRuns{text: text, words: maskRuns(masked, hex)}
	route := isRouteRecord(strings.ToLower(plain))
	if route || rtrDumpIn(strings.ToLower(plain)) {
		// A collector's route in words: its numbers are AS numbers and
		// addresses, not octets, and its words are read whole; so is a
		// router's dump of an RPKI-to-router PDU, read by rtrErrorReport.
		hex, l.words = nil, masked
	}
	if r, ok := detailsRun(plain); ok {
		l.runs = []HexRun{r}
	} else if r, ok := scapyShowRun(plain); ok {
		l.runs = []HexRun{r}
	} else if r, words, ok := tcpdumpOpen(plain); ok {
		l.runs, l.tcpdumpWords = []HexRun{r}, words
	} else if r, words, ok := tcpdumpAttrs(plain); ok {
		l.runs, l.tcpdumpWords = []HexRun{r}, words
		for _, s := range []string{tcpdumpUpdateShare(plain, len(r.Octets)), tdRepeated(plain)} {
			if s != "" {
				l.tcpdumpWords = append(l.tcpdumpWords, s)
			}
		}
	} else if r, ok := exaParserRun(plain); ok {
		l.runs = []HexRun{r}
	} else if r, ok := exaJSONGeneric(plain); ok {
		l.runs = []HexRun{r}
	} else if t, n, ok := detailsOther(plain); ok {
		// Packet details of an OPEN, UPDATE, ...: fields in words; the
		// marker is the only hex and is not the message.
		l.isDetails, l.details, l.detailsLen = true, t, n
	} else {
		l.runs = hex
	}
	return l
}

// logLine reads the entry's words: the second half of ParseLogLine.
func (r logRuns) logLine() LogLine {
	l := LogLine{Text: r.text, Runs: r.runs, Evidence: evidenceIn(r.words)}
	if len(r.tcpdumpWords) > 0 {
		// tcpdump's own sentences, apart from the attributes in words.
		said := func(w string) bool { return strings.HasPrefix(w, tdShare) || strings.HasPrefix(w, tdTwice) }
		for _, w := range r.tcpdumpWords {
			if said(w) {
				l.Evidence.Words = append(l.Evidence.Words, w)
			}
		}
		if words := slices.DeleteFunc(slices.Clone(r.tcpdumpWords), said); len(words) > 0 {
			l.Evidence.Words = append(l.Evidence.Words, "tcpdump printed these attributes in words only, so their octets are not in the entry: "+strings.Join(words, ", "))
		}
	}
	if r.isDetails {
		l.Evidence.Code, l.Evidence.Subcode = -1, -1
		l.Evidence.Details, l.Evidence.DetailsLen = r.details, r.detailsLen
	}
	if !aboutBGP(r.text) && !isRouteRecord(strings.ToLower(r.text)) {
		l.Evidence.Events = featureEventsOnly(strings.ToLower(r.text))
	}
	if w, ok := exaCharCount(r.text); ok {
		l.Evidence.Words = append(l.Evidence.Words, w)
	}
	return l
}

// exaCharCount reads ExaBGP 3.4's wire log, whose count before the hex
// ("RECEIVED  (  47) FFFF ... 0013 04") is of the characters of the hex it
// prints on the line, spaces included, not of octets (ExaBGP 4's
// "received TCP payload (  19)" counts octets).
// Each line's count is read: a message is logged as its header's line
// and its body's.
func exaCharCount(text string) (string, bool) {
	var counts, octets []string
	for _, loc := range rePayload.findAllIndex(cased(text), -1) {
		n := atoiOr(text[loc[2]:loc[3]], -1)
		rest, _, _ := strings.Cut(text[loc[1]:], "\n")
		rest = strings.TrimSpace(rest)
		b, err := ParseHex(rest)
		if err != nil || len(rest) != n || len(b) == n {
			return "", false
		}
		counts, octets = append(counts, itoa(n)), append(octets, itoa(len(b)))
	}
	switch len(counts) {
	case 0:
		return "", false
	case 1:
		return "ExaBGP 3.4's count (" + counts[0] + ") is of the characters of the hex it prints after it, spaces included, not of octets: the line holds " + octets[0] + " octets", true
	}
	return "ExaBGP 3.4's counts (" + strings.Join(counts, ", ") + ") are of the characters of the hex each line prints after it, spaces included, not of octets: the lines hold " +
		strings.Join(octets, ", ") + " octets", true
}

// maskLinePrefixes blanks the date and time that start a log line ("Nov 22
// 10:00:00.100", "2024/05/06 10:11:12"), keeping every other octet where
// it is: a day of the month is not an octet of the dump.
// A time zone is three capitals after the time ("10:00:00.100 UTC:"), but
// FRR puts its daemon's name there ("10:15:37 BGP: %NOTIFICATION"): that
// word is the log's, and stays.
func maskLinePrefixes(text string) string {
	var b strings.Builder
	done := 0 // text[:done] is in b
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if loc := reLinePrefix.FindStringIndex(text[start:end]); loc != nil {
			b.WriteString(text[done:start])
			b.WriteString(blankPrefix(text[start : start+loc[1]]))
			done = start + loc[1]
		}
		start = end + 1
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// blankPrefix is a line's date and time blanked, its daemon's tag kept.
func blankPrefix(m string) string {
	t := strings.TrimRight(m, ":")
	if w := t[max(0, len(t)-3):]; w == "BGP" || w == "BMP" {
		return strings.Repeat(" ", len(t)-3) + m[len(t)-3:]
	}
	return strings.Repeat(" ", len(m))
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}
