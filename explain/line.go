package explain

import (
	"encoding/hex"
	"github.com/bgplens/bgplens/capture"
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// Where the hex of a log line starts.
const (
	StartMessage      = "message"      // a whole BGP message, marker first (perhaps after vendor octets)
	StartNotification = "notification" // a NOTIFICATION body: code, subcode, data
	StartData         = "data"         // the data field of a NOTIFICATION alone
	StartUnknown      = "unknown"      // hex that bgplens cannot place
	StartUpdateBody   = "update-body"  // an UPDATE without its 19-octet header
	StartOpenBody     = "open-body"    // an OPEN without its header
	StartAttributes   = "attributes"   // a path attribute list, or one attribute
	StartParameters   = "parameters"   // an OPEN's optional parameters
	StartCapabilities = "capabilities" // capabilities, as an OPEN's Capabilities parameter holds them
	StartNLRI         = "nlri"         // IPv4 prefixes as an UPDATE's NLRI field holds them
	StartBMP          = "bmp"          // a BMP message, or its start, without a BGP marker first
)

// LineInfo is what Line adds to an Explanation: the line, what its words
// said, where its octets start and why bgplens thinks so.
type LineInfo struct {
	Text   string `json:"text"`
	Start  string `json:"start"`         // one of the Start* constants
	Why    string `json:"why"`           // the reasoning behind Start
	Prefix int    `json:"prefix_octets"` // octets before the marker (vendor's own)
	// Unlogged counts the header octets the log left out before the first
	// octet it holds: 16 (the marker) or 18 (marker and length).
	Unlogged int `json:"unlogged_header_octets,omitempty"`
	Code     int `json:"stated_code"`    // code the words state, or -1
	Subcode  int `json:"stated_subcode"` // subcode the words state, or -1
	// FromWords reports that the code/subcode come from the error's name
	// in words ("prefix-limit"), not from numbers the entry prints.
	FromWords bool   `json:"code_from_words,omitempty"`
	Length    int    `json:"stated_length"`       // octet count the words state, or -1
	Present   int    `json:"octets_present"`      // octets of hex found
	Missing   int    `json:"octets_missing"`      // octets the line left out, when that can be told
	Direction string `json:"direction,omitempty"` // "sent" or "received"
	Neighbor  string `json:"neighbor,omitempty"`
	// LengthOf names the message Length measures when it is not the
	// NOTIFICATION's data (IOS XR's "Malformed UPDATE ... message length
	// 90 bytes" measures the UPDATE); "" when it measures the data.
	LengthOf string `json:"stated_length_of,omitempty"`
	// Kind is what the input was read as: "hex", "log", "dump", "details".
	Kind string `json:"kind"`
	// Error names the NOTIFICATION the entry is about, in words, with its
	// code/subcode and RFC section: "Cease / Administrative Shutdown (6/2),
	// RFC 4486 §4". Empty when the entry is about no NOTIFICATION.
	Error string `json:"error,omitempty"`
	// Evidence lists the vendor's words bgplens used: the error named, an
	// attribute or capability mentioned, a reason the router decoded.
	Evidence []string `json:"evidence,omitempty"`
	// Fields are the elements of a log entry around what it says of BGP
	// (logfields.go): its time, host, program, message ID, the addresses,
	// AS numbers and VRF it names, each in words.
	Fields []EntryField `json:"fields,omitempty"`
}

// Kinds of input, as LineInfo.Kind says.
const (
	KindHex     = "hex"     // plain hex, nothing else
	KindLog     = "log"     // a log entry: words and octets
	KindDump    = "dump"    // rows of a hex dump (hexdump -C, xxd, od, tshark -x, tcpdump -X)
	KindDetails = "details" // Wireshark's packet details, rebuilt into the message
)

// Line explains one router log entry (one line, or the lines of one
// entry: a wrapped message, a dump, a show block): it finds the octets,
// works out what they are (a whole message, perhaps after octets of the
// vendor's or of the packet's headers; a NOTIFICATION body; its data
// field; an UPDATE body, attributes, OPEN parameters or NLRI), explains
// every octet, names the error and adds a diagnosis. opt gives the session
// context for UPDATEs, as in BGP.
func Line(text string, opt Options) *Explanation { return line(normalizeBreaks(text), opt) }

// line is Line for text normalizeBreaks has read already (see entries).
func line(text string, opt Options) *Explanation { return explainLogLine(ParseLogLine(text), opt) }

// explainLogLine is line of an entry ParseLogLine has read.
func explainLogLine(ll LogLine, opt Options) *Explanation {
	text, ev := ll.Text, ll.Evidence
	li := &LineInfo{Text: text, Kind: KindLog, Code: ev.Code, Subcode: ev.Subcode, Length: ev.Length, FromWords: ev.FromWords,
		Direction: ev.Direction, Neighbor: ev.Neighbor, Evidence: ev.Words}
	var x *Explanation
	var head []byte
	if len(ll.Runs) == 0 {
		x = wordsOnly(li, ev, opt)
	} else {
		x, head = explainRuns(ll, li, opt)
	}
	x.Line = li
	if !isRouteRecord(strings.ToLower(text)) {
		li.Fields = entryFields(text, li.Neighbor)
	}
	nameError(x, head, li)
	coverAll(x)
	x.Diagnosis = diagnose(x, head, li)
	eventsSay(x, ev.Events)
	return x
}

// wordsOnly explains an entry that states an error but prints no octets.
func wordsOnly(li *LineInfo, ev Evidence, opt Options) *Explanation {
	if ev.Details != "" {
		li.Kind, li.Start = KindDetails, StartUnknown
		li.Why = "Wireshark's packet details of a BGP " + ev.Details + " message of " + itoa(ev.DetailsLen) + " octets: they print its fields in words, not its octets, so there is nothing to read field by field; copy the packet bytes instead (Copy > ...as a Hex Stream, or tshark -x)"
		li.Length, li.Missing = ev.DetailsLen, ev.DetailsLen
		return &Explanation{Session: sessionInfo(opt.Session)}
	}
	if ev.BMPDown >= 0 && ev.Code < 0 {
		return bmpReasonOnly(li, ev, opt)
	}
	if ev.Code < 0 {
		li.Start, li.Why = StartUnknown, "no octets found in the entry, and no error code stated"
		if len(ev.Events) > 0 {
			li.Why = "no octets and no error code: the entry reports in words what happened to the session (see the diagnosis), not a NOTIFICATION"
		}
		if isRouteRecord(strings.ToLower(li.Text)) {
			li.Why = "no octets and no error code: the entry is a route as a collector's tool prints it, already taken apart (see the diagnosis), not a message's octets"
		} else if len(ev.Events) == 0 && strings.HasSuffix(strings.TrimSpace(li.Text), ":") {
			// IOS's MSGDUMP with nothing after "received from X:".
			li.Why = "the entry ends with a colon where the octets of a message should follow, and none do: the log or the paste left them out"
		}
		if m := reNotificationEvent.FindString(strings.ToLower(li.Text)); m != "" {
			dir := "received"
			if strings.Contains(m, "sen") { // "sent", FRR's "send"
				dir = "sent"
			}
			li.Why = "the entry says a NOTIFICATION was " + dir +
				" but names neither its code nor its data (an adjacency change reports only that the session went down): the router's NOTIFICATION entry, logged with it, says which error it was"
		}
		if attrWords(li.Text) != nil {
			li.Why = "no octets and no error code: the entry describes a path attribute in words (see evidence), not its octets"
		}
		x := &Explanation{Session: sessionInfo(opt.Session)}
		if n := openWords(li.Text); n != nil {
			li.Why = "no octets and no error code: the entry prints an OPEN's fields in words"
			x.Messages = []*Node{n}
		}
		if nodes, said := mrtText(li.Text); len(said) > 0 {
			li.Why = "no octets: the words of an MRT dump tool, no BGP message"
			if nodes != nil {
				li.Why = "no octets: a tool's text of BGP records (MRT dump lines of RFC 6396, a capture parser's tree), read field by field"
				x.Messages = nodes
			}
			li.Evidence = append(li.Evidence, said...)
		}
		return x
	}
	li.Start, li.Why = StartData, "the entry states the error but prints no data octets"
	x := explainData(bgp.Code(ev.Code), uint8(max(ev.Subcode, 0)), nil, opt.Session)
	if ev.inWords() {
		printedAsText(x, ev)
	} else if ev.Length < 0 {
		unprintedData(x)
	}
	if ev.Code == int(bgp.CodeCease) && ev.Subcode == int(bgp.SubMaxPrefixes) && len(x.Messages) > 0 {
		if w := limitWords(li.Text); w != "" {
			x.Messages[0].Meaning = "no octets; the entry gives in words what the data may carry: " + w
		}
	}
	switch {
	case ev.Length <= 0:
	case ev.otherMessage():
		// The count is the UPDATE (or OPEN) the entry reports, none of
		// which it prints; it says nothing of a NOTIFICATION's data.
		li.Missing, li.LengthOf = ev.Length, ev.LengthMsg
		x.Notes = append(x.Notes, "the entry states the "+ev.LengthMsg+" message it reports was "+itoa(ev.Length)+" octets long and prints none of it")
	default:
		li.Missing = ev.Length
		if ev.LengthOfMsg {
			li.Missing -= bgp.OffNotificationData
		}
		li.Missing = max(li.Missing, 0)
		if li.Missing > 0 && ev.inWords() {
			x.Notes = append(x.Notes, "the entry states "+itoa(li.Missing)+" octets of data and prints them in words, not as octets")
			li.Missing = 0
		} else if li.Missing > 0 {
			x.Notes = append(x.Notes, "the entry states "+itoa(li.Missing)+" octets of data but prints none: they are cut off by the log")
			withoutDataProblems(x)
			if len(x.Messages) > 0 {
				x.Messages[0].Meaning = itoa(li.Missing) + " octets the entry does not print"
			}
		}
	}
	return x
}

// reNotificationEvent is an entry reporting that a NOTIFICATION went one
// way or the other without describing it: IOS's "Down BGP Notification
// sent", FRR's "Down BGP Notification send", IOS XR's "Down - BGP
// Notification received" (no word end after
// it: pasted text glues the next line on, "receivedrouter bgp").
var reNotificationEvent = regexp.MustCompile(`\bnotification (?:sent|send|received|rcvd)|\b(?:sent|received|rcvd) (?:a |bgp )?notification\b`)

// printedAsText says, in the data node of x, what the router printed in
// words in place of the data octets: a Shutdown Communication as text, or
// the error a Hard Reset carries. The data's own problems do not apply:
// its octets are not in the entry.
func printedAsText(x *Explanation, ev Evidence) {
	if len(x.Messages) == 0 {
		return
	}
	root := x.Messages[0]
	k, _ := (bgp.Notification{Code: bgp.Code(ev.Code), Subcode: uint8(max(ev.Subcode, 0))}).DataKind()
	switch {
	case k == bgp.DataShutdownCommunication && ev.Reason != "":
		root.Value = ev.Reason
		root.Meaning = "the router printed the Shutdown Communication as text, not as octets: \"" + ev.Reason + "\""
	case k == bgp.DataShutdownCommunication && ev.EmptyReason:
		root.Meaning = "the router printed it in words: an empty Shutdown Communication (a length octet of 0)"
	case ev.Inner != "" && ev.Code == int(bgp.CodeCease) && ev.Subcode == int(bgp.SubHardReset):
		root.Value = ev.Inner
		root.Meaning = "the router printed it in words: the Hard Reset carries " + ev.Inner + " (RFC 8538 §3)"
	default:
		return
	}
	withoutDataProblems(x)
}

// withoutDataProblems drops the problems explainData found in a data
// field it was given no octets of: the entry left them out, the sender
// did not.
// unprintedData marks the data of an entry that states neither octets
// nor an octet count (Junos's "code 6 (Cease) subcode 9 (Hard Reset),
// Reason: ..."): what the data must hold cannot be checked, so what it
// would lack is no fault of the NOTIFICATION.
func unprintedData(x *Explanation) {
	if len(x.Messages) == 0 {
		return
	}
	found := len(x.Errors) > 0
	x.Messages[0].Walk(func(n *Node, _ int) { found = found || n.Problem != "" })
	if !found {
		return
	}
	withoutDataProblems(x)
	x.Messages[0].Meaning = "not printed: the entry gives neither the data nor its length, so what the data holds (" + x.Messages[0].Meaning + ") cannot be checked"
}

func withoutDataProblems(x *Explanation) {
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) { n.Problem = "" })
	}
	x.Errors = nil
}

// bmpReasonOnly explains an entry that states a BMP Peer Down reason and
// no octets: a BMP reason code (RFC 7854 §4.9), not a BGP NOTIFICATION.
func bmpReasonOnly(li *LineInfo, ev Evidence, opt Options) *Explanation {
	r := bmp.PeerDownReason(ev.BMPDown)
	li.Start = StartUnknown
	li.Why = "no octets; the entry states a BMP Peer Down reason (RFC 7854 §4.9), not a BGP error code"
	b := &builder{}
	n := b.node("peer_down_reason", 0, 0, uint64(ev.BMPDown), r.String(), r.Ref())
	n.Label = "BMP Peer Down reason"
	switch r {
	case bmp.DownLocalNotification, bmp.DownRemoteNotification:
		n.Meaning += ": the BGP NOTIFICATION that closed the session follows in the BMP message, not in this line"
	}
	return &Explanation{Session: sessionInfo(opt.Session), Messages: []*Node{n}}
}

// pickRun chooses the run to explain: the first that holds a marker, else
// the longest. It returns the octets, those printed after "..." and the
// count of masked octets.
func pickRun(ll LogLine, li *LineInfo) (head, tail []byte, masked, group int) {
	ri := -1
	for i, r := range ll.Runs {
		if findMarker(r.Octets, r.Dump || r.Details) >= 0 {
			ri = i
			break
		}
	}
	if ri < 0 {
		ri = 0
		for i, r := range ll.Runs {
			if len(r.Octets) > len(ll.Runs[ri].Octets) && !ll.Runs[ri].Elided {
				ri = i
			}
		}
	}
	run := ll.Runs[ri]
	switch {
	case run.Details:
		li.Kind = KindDetails
		li.Evidence = append(li.Evidence, "the octets were rebuilt from Wireshark's packet details, one field per line")
	case run.Rebuilt != "":
		li.Kind = KindDetails
		li.Evidence = append(li.Evidence, "the octets were rebuilt from "+run.Rebuilt)
	case run.Dump:
		li.Kind = KindDump
		if run.Unplaced {
			li.Evidence = append(li.Evidence, "the octets are the rows of a hex dump without offsets, taken in order, each row's ASCII column showing its octets; the column is not data")
		} else {
			li.Evidence = append(li.Evidence, "the octets are the rows of a hex dump, read by their offsets; offsets and ASCII column are not data")
		}
		if run.Base > 0 {
			li.Evidence = append(li.Evidence, "the dump starts at its offset "+itoa(run.Base)+" (0x"+hex.EncodeToString([]byte{byte(run.Base >> 8), byte(run.Base)})+"): the offsets below count from its first octet, add "+itoa(run.Base)+" for the dump's own")
		}
	case run.Decimal:
		li.Evidence = append(li.Evidence, "the data was printed in decimal (a Go byte slice): one octet per number")
	case run.Encoded != "":
		li.Evidence = append(li.Evidence, "the octets were printed as "+run.Encoded)
	}
	head = append([]byte(nil), run.Octets...)
	if run.Dump {
		if sw, ok := wordSwapped(head); ok {
			w := "the dump prints 16-bit words in little-endian order (hexdump without -C, od -x): each pair of octets is swapped back"
			if len(sw) < len(head) {
				w += ", and the zero octet that pads the odd length is dropped"
			}
			head = sw
			li.Evidence = append(li.Evidence, w)
		}
	}
	masked = run.Masked
	if run.Elided && ri+1 < len(ll.Runs) {
		tail = ll.Runs[ri+1].Octets
	} else if k := findMarker(head, run.Dump); k >= 0 && len(head) >= k+bgp.HeaderLen {
		// A message logged in pieces (header on one line, body on the
		// next, as ExaBGP prints TCP payloads): join the runs that follow
		// until the length field is satisfied.
		want := k + (int(head[k+bgp.OffLength])<<8 | int(head[k+bgp.OffLength+1]))
		for j := ri + 1; j < len(ll.Runs) && len(head) < want; j++ {
			head = append(head, ll.Runs[j].Octets...)
			masked += ll.Runs[j].Masked
		}
	}
	return head, tail, masked, run.Group
}

// explainRuns explains the octets of an entry.
func explainRuns(ll LogLine, li *LineInfo, opt Options) (*Explanation, []byte) {
	ev := ll.Evidence
	head, tail, masked, group := pickRun(ll, li)
	li.Present = len(head) + len(tail)
	var x *Explanation
	k := findMarker(head, li.Kind != KindLog)
	if p, ok := capture.TCPPayload(head); k < 0 && ok && findMarker(p, false) == 0 {
		k = cap(head) - cap(p) // a whole frame or packet pasted as hex (Copy as Hex Stream, as C Arrays)
	}
	switch {
	case k >= 0 && dumpPadding(head, k, group) > 0:
		pad := dumpPadding(head, k, group)
		x = explainLoggedMessage(head[:len(head)-pad], k, li, opt)
		b := &builder{in: head}
		x.Messages = append(x.Messages, b.node("dump_padding", len(head)-pad, pad, nil,
			"zero octets after the message's end that fill the dump's last group of "+itoa(group)+" octets: the printout's, not part of any message", ""))
		x.Hex = hex.EncodeToString(head)
	case k >= 0:
		x = explainLoggedMessage(head, k, li, opt)
	case ev.Code >= 0 && len(head) >= 2 && int(head[0]) == ev.Code && int(head[1]) == ev.Subcode:
		li.Start = StartNotification
		li.Why = "the first two octets, " + itoa(int(head[0])) + " and " + itoa(int(head[1])) + ", are the code and subcode the entry states: the octets are the NOTIFICATION body (RFC 4271 §4.5) without its header"
		x = explainBody(head, opt.Session)
	case ev.Code >= 0:
		li.Start = StartData
		li.Why = "the entry states code " + itoa(ev.Code) + "/" + itoa(max(ev.Subcode, 0)) + " and the octets do not start with those values, so they are the data field alone"
		x = explainDataVariant(bgp.Code(ev.Code), uint8(max(ev.Subcode, 0)), head, li, opt)
	default:
		x = explainBare(head, ev, li, opt)
	}
	if li.Start == StartData && ev.Length >= 0 && !ev.otherMessage() {
		dataLen := ev.Length
		if ev.LengthOfMsg {
			dataLen -= bgp.OffNotificationData // header, code and subcode
		}
		if dataLen > len(head)+len(tail) {
			li.Missing = dataLen - len(head) - len(tail)
		}
	}
	if masked > 0 {
		x.Notes = append(x.Notes, itoa(masked)+" octets were masked (xx) where the entry was published; they are read as 0")
	}
	if len(tail) > 0 {
		b := &builder{in: append(append([]byte{}, head...), tail...)}
		where := "after \"...\"; where they sit in the message is not known"
		if li.Missing > 0 {
			where = "after \"...\": presumably the last octets, after " + itoa(li.Missing) + " left out"
		}
		x.Messages = append(x.Messages, b.node("logged_tail", len(head), len(tail), nil, "octets the log printed "+where, ""))
		x.Hex = hex.EncodeToString(b.in)
	}
	if ev.Length >= 0 && li.Start == StartMessage && li.Prefix+bgp.HeaderLen <= len(head) {
		// Ericsson counts the message without its own octets.
		want := int(head[li.Prefix+bgp.OffLength])<<8 | int(head[li.Prefix+bgp.OffLength+1])
		if ev.Length != want && ev.Length != want+li.Prefix && !ev.LengthOfMsg {
			x.Notes = append(x.Notes, "the entry states "+itoa(ev.Length)+" octets, the message's length field says "+itoa(want))
		}
	}
	if ev.Code >= 0 && li.Start == StartMessage {
		checkStatedCode(x, head[li.Prefix:], ev)
	}
	if li.Missing > 0 {
		x.Notes = append(x.Notes, itoa(li.Missing)+" octets are cut off by the log; what is present is explained, the rest is missing")
	}
	return x, head
}

// dumpPadding counts the zero octets after the last whole message at k
// that only fill the last group of a dump printed in groups of g octets
// (Dell's FTOS prints a PDU in 4-octet words, "00130400" for a
// KEEPALIVE): they are the printout's, not BGP's. It is 0 when the
// messages' lengths do not end within the last group.
func dumpPadding(head []byte, k, g int) int {
	if g < 2 || len(head)%g != 0 {
		return 0
	}
	end := k
	for end+bgp.HeaderLen <= len(head) && findMarker(head[end:end+bgp.MarkerLen], false) == 0 {
		l := int(head[end+bgp.OffLength])<<8 | int(head[end+bgp.OffLength+1])
		if l < bgp.HeaderLen || end+l > len(head) {
			break
		}
		end += l
	}
	pad := len(head) - end
	if end == k || pad <= 0 || pad >= g {
		return 0
	}
	for _, c := range head[end:] {
		if c != 0 {
			return 0
		}
	}
	return pad
}

// explainLoggedMessage explains octets holding a BGP message at k.
func explainLoggedMessage(head []byte, k int, li *LineInfo, opt Options) *Explanation {
	li.Start, li.Prefix = StartMessage, k
	li.Why = "octets " + itoa(k) + " to " + itoa(k+15) + " are all ones: the 16-octet marker that starts every BGP message (RFC 4271 §4.1)"
	what := prefixWords(head[:k])
	if k > 0 {
		li.Why += "; the " + itoa(k) + " octets before it are " + what + ", not BGP"
	}
	x := BGP(head[k:], opt)
	for _, m := range x.Messages {
		shiftNodes(m, k)
	}
	for i := range x.Errors {
		x.Errors[i].Offset += k
	}
	if k > 0 {
		b := &builder{in: head}
		p := b.node("vendor_prefix", 0, k, nil, what+"; not part of BGP", "")
		p.Label = "octets before the message"
		x.Messages = append([]*Node{p}, x.Messages...)
	}
	x.Hex = hex.EncodeToString(head)
	if len(x.Messages) > 0 {
		if m := x.Messages[len(x.Messages)-1]; m.Name == "message" && m.Off+bgp.HeaderLen <= len(head) {
			want := int(head[m.Off+bgp.OffLength])<<8 | int(head[m.Off+bgp.OffLength+1])
			if want > len(head)-m.Off {
				li.Missing = want - (len(head) - m.Off)
				cutByLog(x, m, head, opt)
			}
		} else if m.Name == "message" && m.Off > k && m.Off+bgp.HeaderLen > len(head) && allOnes(head[m.Off:min(len(head), m.Off+bgp.MarkerLen)]) {
			li.Missing = bgp.HeaderLen - (len(head) - m.Off)
			cutHeader(x, m, len(head)-m.Off)
		}
	}
	return x
}

// prefixWords says what the octets before a marker are: the link, IP and
// TCP headers of a captured packet, or the logging system's own octets.
func prefixWords(p []byte) string {
	switch {
	case len(p) >= 40 && p[0]>>4 == 4:
		return "the IPv4 and TCP headers of the captured packet (the dump starts at the IP header)"
	case len(p) >= 54 && p[12] == 0x08 && p[13] == 0x00 && p[14]>>4 == 4:
		return "the Ethernet, IPv4 and TCP headers of the captured packet"
	case len(p) >= 74 && p[12] == 0x86 && p[13] == 0xdd:
		return "the Ethernet, IPv6 and TCP headers of the captured packet"
	case len(p) > 8:
		return "octets of the capture before the BGP message (link, network and transport headers)"
	}
	return "the logging system's own"
}

// wordSwapped reads a dump of 16-bit words printed little-endian: the
// marker reads the same either way, but the header after it only makes
// sense with each pair of octets swapped back. It returns the octets in
// wire order, without the zero octet hexdump pads an odd length with.
func wordSwapped(head []byte) ([]byte, bool) {
	if len(head) < bgp.HeaderLen+1 || len(head)%2 != 0 || findMarker(head, false) != 0 {
		return nil, false
	}
	sw := make([]byte, len(head))
	for i := 0; i+1 < len(head); i += 2 {
		sw[i], sw[i+1] = head[i+1], head[i]
	}
	// The reading whose length field counts the octets of the dump (one
	// more for hexdump's padding) wins; failing that, the one whose header
	// is valid at all.
	fits := func(b []byte) bool {
		h, err := bgp.ParseHeader(b, bgp.Session{ExtendedMsg: true})
		return err == nil && (int(h.Length) == len(b) || int(h.Length) == len(b)-1 && b[len(b)-1] == 0)
	}
	valid := func(b []byte) bool {
		_, err := bgp.ParseHeader(b, bgp.Session{})
		return err == nil
	}
	if fits(head) || !fits(sw) && (valid(head) || !valid(sw)) {
		return nil, false
	}
	if h, _ := bgp.ParseHeader(sw, bgp.Session{ExtendedMsg: true}); int(h.Length) == len(sw)-1 && sw[len(sw)-1] == 0 {
		sw = sw[:len(sw)-1]
	}
	return sw, true
}

// findMarker returns the offset of the first 16 all-ones octets within the
// first few octets of b (anywhere in b for a packet dump), or -1.
func findMarker(b []byte, anywhere bool) int {
	limit := 8
	if anywhere {
		limit = len(b)
	}
	for k := 0; k <= limit && k+bgp.MarkerLen <= len(b); k++ {
		ok := true
		for _, c := range b[k : k+bgp.MarkerLen] {
			if c != 0xff {
				ok = false
				break
			}
		}
		if ok {
			return k
		}
	}
	return -1
}

func checkStatedCode(x *Explanation, msg []byte, ev Evidence) {
	if len(msg) < bgp.OffNotificationSubcode+1 || bgp.MessageType(msg[bgp.OffType]) != bgp.MsgNotification {
		return
	}
	c, s := int(msg[bgp.OffNotificationCode]), int(msg[bgp.OffNotificationSubcode])
	if c != ev.Code || s != ev.Subcode {
		x.Notes = append(x.Notes, "the line's words say "+itoa(ev.Code)+"/"+itoa(ev.Subcode)+" but the message holds "+itoa(c)+"/"+itoa(s))
	}
}

// explainBody explains a NOTIFICATION body: code, subcode, data.
func explainBody(body []byte, s bgp.Session) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(body), Session: sessionInfo(s)}
	b := &builder{in: body}
	n := bgp.Notification{Code: bgp.Code(body[0]), Subcode: body[1], Data: body[2:]}
	root := b.node("notification", 0, len(body), nil, notificationSummary(n), "RFC 4271 §4.5")
	root.Label = "NOTIFICATION body (header not logged)"
	explainNotification(b, root, n, 0, s)
	x.Messages = []*Node{root}
	return x
}

// explainData explains a NOTIFICATION data field given the code and
// subcode from the log line's words.
func explainData(code bgp.Code, sub uint8, data []byte, s bgp.Session) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(data), Session: sessionInfo(s)}
	b := &builder{in: data}
	n := bgp.Notification{Code: code, Subcode: sub, Data: data}
	root := b.node("data", 0, len(data), nil, "data field of "+notificationSummary(n), "RFC 4271 §4.5")
	root.Label = "NOTIFICATION data field"
	explainNotificationData(b, root, n, 0, s, 0)
	x.Messages = []*Node{root}
	return x
}
