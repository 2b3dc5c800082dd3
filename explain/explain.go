package explain

import (
	"encoding/hex"
	"errors"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// Explanation is everything bgplens has to say about one input.
type Explanation struct {
	Hex      string      `json:"hex"`                // the input octets
	Session  SessionInfo `json:"session"`            // the session context the input was read with
	Notes    []string    `json:"notes,omitempty"`    // assumptions made and why
	Messages []*Node     `json:"messages"`           // one tree per message found
	Errors   []ErrorInfo `json:"errors,omitempty"`   // every problem found, with its offset
	Trailing int         `json:"trailing,omitempty"` // octets after the last message that could not be framed

	// Line is set for explanations of router log lines (Line).
	Line *LineInfo `json:"line,omitempty"`
	// Diagnosis is a few plain sentences on what the error most likely
	// means, from the RFCs.
	Diagnosis []string `json:"diagnosis,omitempty"`
}

// SessionInfo is the JSON form of a bgp.Session.
type SessionInfo struct {
	AS4         bool     `json:"four_octet_as"`
	ExtendedMsg bool     `json:"extended_messages"`
	AddPath     []string `json:"add_path,omitempty"`
}

// ErrorInfo is the JSON form of a *bgp.Error.
type ErrorInfo struct {
	Offset  int    `json:"offset"`
	Code    uint8  `json:"code"`
	Subcode uint8  `json:"subcode"`
	Name    string `json:"name"`   // "UPDATE Message Error/Malformed AS_PATH"
	Action  string `json:"action"` // RFC 7606 action
	Attr    string `json:"attribute,omitempty"`
	Reason  string `json:"reason"`
	Data    string `json:"data,omitempty"` // hex of the data a speaker would send
	// Protocol is "BMP" for a problem of a BMP message itself, which has
	// no NOTIFICATION code; empty for BGP.
	Protocol string `json:"protocol,omitempty"`
}

// Options says how to read the input.
type Options struct {
	// Session is the context to read UPDATEs with.
	Session bgp.Session
	// FixedAS4 and FixedAddPath say that the caller set Session's AS width
	// and ADD-PATH families on purpose. When false, explain tries the
	// other readings when the bytes do not parse under Session, keeps the
	// one under which they do, and says so in Notes.
	FixedAS4, FixedAddPath bool
}

func sessionInfo(s bgp.Session) SessionInfo {
	si := SessionInfo{AS4: s.AS4, ExtendedMsg: s.ExtendedMsg}
	if s == (bgp.Session{AS4: s.AS4, ExtendedMsg: s.ExtendedMsg, AFISAFIDisable: s.AFISAFIDisable}) {
		return si // no ADD-PATH family: AddPathFamilies would try every family to say so
	}
	for _, f := range s.AddPathFamilies() {
		si.AddPath = append(si.AddPath, f.JSONName())
	}
	return si
}

func errorInfo(e *bgp.Error) ErrorInfo {
	name := e.Code.String()
	if s := bgp.SubcodeName(e.Code, e.Subcode); s != "" {
		name += "/" + s
	}
	ei := ErrorInfo{Offset: e.Off, Code: uint8(e.Code), Subcode: e.Subcode, Name: name,
		Action: e.Action.String(), Reason: e.Reason, Data: hex.EncodeToString(e.Data)}
	if e.Attr != 0 {
		ei.Attr = e.Attr.String()
	}
	return ei
}

// BGP explains in, one or more BGP messages back to back, each starting
// with the 16-octet marker.
func BGP(in []byte, opt Options) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(in), Session: sessionInfo(opt.Session)}
	off := 0
	var marks []noteMark
	defer func() { placeNotes(x, marks) }()
	for off < len(in) {
		msg := in[off:]
		if h, err := bgp.ParseHeader(msg, opt.Session); err == nil && int(h.Length) <= len(msg) {
			msg = msg[:h.Length]
		}
		marks = append(marks, noteMark{from: len(x.Notes), off: off})
		n, s, notes, errs := explainMessage(msg, off, in, opt)
		x.Messages = append(x.Messages, n)
		x.Notes = append(x.Notes, notes...)
		x.Session = sessionInfo(s)
		for _, e := range errs {
			x.Errors = append(x.Errors, errorInfo(e))
		}
		if n.Len == 0 {
			break
		}
		off += n.Len
		if len(errs) > 0 && errs[0].Action == bgp.SessionReset && errs[0].Code == bgp.CodeMessageHeader {
			break // framing is lost: the rest cannot be trusted
		}
	}
	if off < len(in) {
		x.Trailing = len(in) - off
	}
	return x
}

// explainMessage explains the message at the start of msg, which sits at
// base in the whole input all. It returns the tree, the session it was
// read with, notes and the errors found (offsets relative to all).
func explainMessage(msg []byte, base int, all []byte, opt Options) (*Node, bgp.Session, []string, []*bgp.Error) {
	b := &builder{in: all}
	s := opt.Session
	var notes []string
	var errs []*bgp.Error
	h, herr := bgp.ParseHeader(msg, s)
	root := b.node("message", base, len(msg), nil, "", "RFC 4271 §4.1")
	hdr := b.node("header", base, bgp.HeaderLen, nil, "", "RFC 4271 §4.1")
	root.add(hdr)
	if len(msg) < bgp.HeaderLen {
		hdr.Len = len(msg)
	}
	hdr.add(b.node("marker", base+bgp.OffMarker, bgp.MarkerLen, nil, markerMeaning(msg), "RFC 4271 §4.1"))
	if len(msg) >= bgp.OffLength+2 {
		hdr.add(b.node("length", base+bgp.OffLength, 2, int(h.Length), "total message length in octets, header included", "RFC 4271 §4.1"))
	}
	if len(msg) > bgp.OffType {
		hdr.add(b.node("type", base+bgp.OffType, 1, int(msg[bgp.OffType]), bgp.MessageType(msg[bgp.OffType]).String(), "RFC 4271 §4.1"))
	}
	if herr != nil {
		e := rebase(herr, base)
		errs = append(errs, e)
		mark(root, e)
		if len(msg) < bgp.HeaderLen || e.Subcode != bgp.SubBadMessageLength || int(h.Length) > len(msg) {
			root.Label = "BGP message (not decoded)"
			if int(h.Length) > len(msg) && len(msg) >= bgp.HeaderLen {
				root.Problem = "the message is cut short: its length field says " + itoa(int(h.Length)) + " octets, " + itoa(len(msg)) + " are present"
			}
			fillGap(b, root)
			return root, s, notes, errs
		}
	}
	if int(h.Length) > len(msg) {
		root.Problem = "the message is cut short: its length field says " + itoa(int(h.Length)) + " octets, " + itoa(len(msg)) + " are present"
	}
	root.Label = "BGP " + h.Type.String() + " message"
	switch h.Type {
	case bgp.MsgUpdate:
		var es []*bgp.Error
		s, notes, es = explainUpdate(b, root, msg, base, opt)
		errs = appendNew(errs, es...)
	default:
		body := b.node("body", base+bgp.HeaderLen, len(msg)-bgp.HeaderLen, nil, "", "")
		root.add(body)
		errs = appendNew(errs, explainOther(b, root, body, h.Type, msg, base, s)...)
	}
	fillGap(b, root)
	return root, s, notes, errs
}

// appendNew appends the errors of more that errs does not hold yet: the
// body's decoder checks the length the header check already found wrong
// (a KEEPALIVE of 23 octets), and one fault is one problem. Errors of
// more are not compared with each other: two missing attributes are two
// errors at one offset.
func appendNew(errs []*bgp.Error, more ...*bgp.Error) []*bgp.Error {
	had := errs[:len(errs):len(errs)]
	for _, e := range more {
		dup := false
		for _, o := range had {
			dup = dup || o.Off == e.Off && o.Code == e.Code && o.Subcode == e.Subcode
		}
		if !dup {
			errs = append(errs, e)
		}
	}
	return errs
}

// fillGap makes the tree cover the whole message: octets after the last
// explained field (a message whose parts cannot be located) get a node of
// their own, so every octet is accounted for.
func fillGap(b *builder, root *Node) {
	end := root.Off
	root.Walk(func(n *Node, _ int) {
		if len(n.Children) == 0 && n.Off+n.Len > end {
			end = n.Off + n.Len
		}
	})
	if end < root.Off+root.Len {
		n := b.node("undecoded", end, root.Off+root.Len-end, nil, "octets that could not be placed in a field, because of the problem reported above", "")
		root.add(n)
	}
}

func markerMeaning(msg []byte) string {
	n := bgp.MarkerLen
	if len(msg) < n {
		n = len(msg)
	}
	for _, c := range msg[:n] {
		if c != 0xff {
			return "must be all ones; it is not (Connection Not Synchronized)"
		}
	}
	return "all ones, as RFC 4271 requires"
}

// rebase moves an error's offset from the message to the whole input.
func rebase(err error, base int) *bgp.Error {
	var e *bgp.Error
	if !errors.As(err, &e) {
		return &bgp.Error{Off: base, Reason: err.Error()}
	}
	c := *e
	c.Off += base
	return &c
}

// mark attaches e to the deepest node that holds its offset.
func mark(root *Node, e *bgp.Error) {
	target := root
	root.Walk(func(n *Node, _ int) {
		if e.Off >= n.Off && (e.Off < n.Off+n.Len || n.Len == 0 && e.Off == n.Off) {
			target = n
		}
	})
	msg := errorInfo(e).Name + " (" + e.Action.String() + "): " + e.Reason
	if target.Problem == "" {
		target.Problem = msg
	} else if !strings.Contains(target.Problem, msg) {
		target.Problem += "; " + msg
	}
}

// problemText says what is wrong in the terms the tree uses: a bgp.Error's
// name, RFC 7606 action and reason, without the offset it carries, which
// counts from the start of the value it was found in, not of the input
// (the node it is attached to says where).
func problemText(err error) string {
	var e *bgp.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	if e.Code == 0 {
		return e.Reason
	}
	return errorInfo(e).Name + " (" + e.Action.String() + "): " + e.Reason
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// noteMark says that the notes from index from on are about the message
// at offset off (until the next mark).
type noteMark struct{ from, off int }

// placeNotes names the messages the notes are about when the input holds
// several, each note once: a raw stream of a hundred messages read with
// one assumption says so in one note, not in a hundred.
func placeNotes(x *Explanation, marks []noteMark) {
	if len(x.Messages) < 2 || len(marks) == 0 {
		return
	}
	var texts []string
	offs := map[string][]int{}
	for i, m := range marks {
		to := len(x.Notes)
		if i+1 < len(marks) {
			to = marks[i+1].from
		}
		for _, t := range x.Notes[m.from:to] {
			if _, seen := offs[t]; !seen {
				texts = append(texts, t)
			}
			if o := offs[t]; len(o) == 0 || o[len(o)-1] != m.off {
				offs[t] = append(o, m.off)
			}
		}
	}
	notes := append([]string(nil), x.Notes[:marks[0].from]...)
	for _, t := range texts {
		o := offs[t]
		where := "the message at offset " + itoa(o[0])
		if len(o) > 1 {
			where = "the messages at offsets " + itoa(o[0]) + ", " + itoa(o[1])
			if len(o) > 2 {
				where += " and " + itoa(len(o)-2) + " more"
			}
		}
		notes = append(notes, where+": "+t)
	}
	x.Notes = notes
}
