package explain

import (
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// This file reads octets a log printed without a marker and without a
// stated error code (an UPDATE body, a path attribute list, an OPEN's
// optional parameters, NLRI, a NOTIFICATION body), and the data field of a
// NOTIFICATION in the forms real senders use.

// explainBare says what octets with no marker and no stated code are, by
// which reading frames them exactly, and explains them with it.
func explainBare(head []byte, ev Evidence, li *LineInfo, opt Options) *Explanation {
	lower := strings.ToLower(strings.Join(ev.Words, " ") + " " + li.Text)
	type reading struct {
		start, why string
		fits       func() bool
		explain    func() *Explanation
	}
	var (
		fam               bgp.Family
		famAddPath, famOK bool
	)
	readings := []reading{
		{StartUpdateBody, "the octets frame exactly as an UPDATE without its header: withdrawn routes length, withdrawn routes, path attribute length, attributes, NLRI (RFC 4271 §4.3)",
			func() bool { return bgp.FramesAsUpdateBody(head) }, func() *Explanation { return wrapped(bgp.MsgUpdate, nil, head, "", opt) }},
		{StartOpenBody, "the octets frame exactly as an OPEN without its header: version 4, AS, hold time, BGP identifier, optional parameters (RFC 4271 §4.2)",
			func() bool { return bgp.FramesAsOpenBody(head) }, func() *Explanation { return wrapped(bgp.MsgOpen, nil, head, "", opt) }},
		{StartMessage, "the octets frame exactly as a BGP message written from its type octet on, as test vectors and decoders that take the marker and length off first write it: the first octet is the message type, the rest that type's body (RFC 4271 §4.1)",
			func() bool { return framesFromType(head, opt) }, func() *Explanation { li.Unlogged = bgp.OffType; return withoutLeading(head, bgp.OffType, opt) }},
		{StartAttributes, "the octets frame exactly as path attributes, flags, type, length and value each (RFC 4271 §4.3)",
			func() bool { return bgp.FramesAsAttrs(head) }, func() *Explanation {
				return wrapped(bgp.MsgUpdate, []byte{0, 0, byte(len(head) >> 8), byte(len(head))}, head, "path_attributes", opt)
			}},
		{StartParameters, "the octets frame exactly as OPEN optional parameters holding capabilities (RFC 5492 §4)",
			func() bool {
				return len(head) >= 4 && head[0] == byte(bgp.OptParamCapabilities) && bgp.FramesAsOptParams(head)
			},
			func() *Explanation {
				return wrapped(bgp.MsgOpen, []byte{4, 0, 0, 0, 0, 0, 0, 0, 0, byte(len(head))}, head, "optional_parameters", opt)
			}},
		{StartCapabilities, "the entry speaks of capabilities and the octets frame exactly as capabilities, code, length and value each (RFC 5492 §4)",
			func() bool { return strings.Contains(lower, "capabilit") && bgp.FramesAsCapabilities(head) },
			func() *Explanation {
				pre := []byte{4, 0, 0, 0, 0, 0, 0, 0, 0, byte(len(head) + 2), byte(bgp.OptParamCapabilities), byte(len(head))}
				return wrapped(bgp.MsgOpen, pre, head, "optional_parameter", opt)
			}},
		{StartNLRI, "", // the family's reading says why
			func() bool {
				fam, famAddPath, famOK = namedFamilyNLRI(head, lower)
				return famOK && (strings.Contains(lower, "nlri") || strings.Contains(lower, "prefix") || namesRoutes(lower))
			}, func() *Explanation { return familyNLRI(head, fam, famAddPath, li, opt) }},
		{StartNLRI, "the entry speaks of NLRI, prefixes or routes and the octets frame exactly as IPv4 prefixes, a length and the significant octets each (RFC 4271 §4.3)",
			func() bool {
				return (strings.Contains(lower, "nlri") || strings.Contains(lower, "prefix") || namesRoutes(lower)) &&
					len(head) > 0 && bgp.FramesAsIPv4Prefixes(head)
			}, func() *Explanation { return wrapped(bgp.MsgUpdate, []byte{0, 0, 0, 0}, head, "nlri", opt) }},
		{StartMessage, "the octets frame exactly as a BGP message whose 16-octet marker the log left out: the first two octets are a length that counts the marker too, the third a message type (RFC 4271 §4.1)",
			func() bool { return framesWithoutMarker(head, opt) }, func() *Explanation { li.Unlogged = bgp.MarkerLen; return withoutLeading(head, bgp.MarkerLen, opt) }},
		{StartBMP, "the octets start with OpenBMP's raw_bmp header ('OBMP', its header and message lengths matching the octets present), as its collector publishes a BMP message to Kafka: the BMP message follows it",
			func() bool { _, ok := obmpHeaderLen(head); return ok }, func() *Explanation { return obmpBMP(head, opt) }},
		{StartBMP, "the entry speaks of BMP and the octets start as a BMP common header: version, message length, message type (RFC 7854 §4.1)",
			func() bool { return strings.Contains(lower, "bmp") && bmpHeaderFirst(head) }, func() *Explanation { return bmpLogged(head, li, opt) }},
		{StartBMP, "the octets start as a BMP common header (version, message length, message type; RFC 7854 §4.1) of a known type whose length is exactly the octets present",
			func() bool { return bmpWhole(head) }, func() *Explanation { return BMP(head, opt) }},
	}
	for _, r := range readings {
		if r.fits() {
			li.Start, li.Why = r.start, r.why
			return r.explain()
		}
	}
	if len(head) >= 2 && head[0] >= 1 && head[0] <= 8 {
		li.Start = StartNotification
		li.Why = "the entry states no code and the octets frame as nothing else; the first octet, " + itoa(int(head[0])) + ", is a NOTIFICATION error code, so they are read as a NOTIFICATION body (code, subcode, data). This is a guess"
		return explainBody(head, opt.Session)
	}
	li.Start = StartUnknown
	li.Why = "no marker, no error code stated, and the octets frame as no UPDATE body, OPEN body, attribute list, optional parameters or NOTIFICATION body"
	x := &Explanation{Hex: hex.EncodeToString(head), Session: sessionInfo(opt.Session)}
	b := &builder{in: head}
	n := b.node("octets", 0, len(head), nil, "not read: with no marker and no stated error these octets fit no BGP structure exactly", "")
	n.Problem = "unreadable without more context: give the whole message, or the NOTIFICATION code/subcode"
	x.Messages = []*Node{n}
	return x
}

// reRoutes is "route" or "routes" as a word of its own, as a log names
// the NLRI it prints ("Routes Raw: [...]"); namesRoutes leaves out
// route-refresh, which is no route.
var reRoutes = regexp.MustCompile(`\broutes?\b`)

func namesRoutes(lower string) bool {
	for _, loc := range reRoutes.FindAllStringIndex(lower, -1) {
		rest := strings.TrimLeft(lower[loc[1]:], "-_ ")
		if !strings.HasPrefix(rest, "refresh") {
			return true
		}
	}
	return false
}

// framesWithoutMarker reports whether head is a whole BGP message printed
// from its length field on, as gobmp prints the OPEN it finds in a Peer
// Up: the length counts the 16 octets of the missing marker, the type is
// one RFC 4271 defines, and the header is valid once the marker is put
// back.
func framesWithoutMarker(head []byte, opt Options) bool {
	if len(head) < bgp.HeaderLen-bgp.MarkerLen {
		return false
	}
	if int(head[0])<<8|int(head[1]) != len(head)+bgp.MarkerLen {
		return false
	}
	_, err := bgp.ParseHeader(withMarker(head), opt.Session)
	return err == nil
}

func withMarker(head []byte) []byte {
	msg := make([]byte, bgp.MarkerLen, bgp.MarkerLen+len(head))
	for i := range msg {
		msg[i] = 0xff
	}
	return append(msg, head...)
}

// framesFromType reports whether head is a whole BGP message written from
// its type octet on (marker and length left out): a type RFC 4271 or RFC
// 2918 defines, then a body of that type that frames exactly; a
// NOTIFICATION's code and subcode must be assigned ones, a ROUTE-REFRESH's
// family known and its subtype one of RFC 7313 §3.2's. A KEEPALIVE is its
// type octet alone: a lone 04 frames as one by chance, not by evidence.
func framesFromType(head []byte, opt Options) bool {
	if len(head) == 0 || len(head)+bgp.OffType > 0xffff {
		return false
	}
	body := head[1:]
	switch bgp.MessageType(head[0]) {
	case bgp.MsgOpen:
		return bgp.FramesAsOpenBody(body)
	case bgp.MsgUpdate:
		return bgp.FramesAsUpdateBody(body)
	case bgp.MsgNotification:
		if len(body) < 2 || body[0] == 0 {
			return false
		}
		_, known := bgp.LookupSubcode(bgp.Code(body[0]), body[1])
		return known
	case bgp.MsgRouteRefresh:
		if len(body) != 4 {
			return false
		}
		f := bgp.Family{AFI: bgp.AFI(body[0])<<8 | bgp.AFI(body[1]), SAFI: bgp.SAFI(body[3])}
		return f.Known() && bgp.RefreshSubtype(body[2]) <= bgp.RefreshEoRR
	}
	return false
}

// withLeading puts back the first missing octets of a BGP message's
// header: the marker, and the length field when missing reaches past it.
func withLeading(head []byte, missing int) []byte {
	if missing == bgp.MarkerLen {
		return withMarker(head)
	}
	l := len(head) + missing
	return withMarker(append([]byte{byte(l >> 8), byte(l)}, head...))
}

// withoutLeading explains a message logged without its first missing
// octets (the marker; or marker and length): it is read with them put
// back, then every offset is moved back to the logged octets and the
// fields the log does not hold are left out.
func withoutLeading(head []byte, missing int, opt Options) *Explanation {
	x := BGP(withLeading(head, missing), opt)
	x.Hex = hex.EncodeToString(head)
	for _, m := range x.Messages {
		m.Walk(func(n *Node, _ int) {
			var kids []*Node
			for _, c := range n.Children {
				if c.Off+c.Len > missing {
					kids = append(kids, c)
				}
			}
			n.Children = kids
			if n.Off < missing { // the message and its header start at the marker
				n.Len -= missing - n.Off
				n.Off = missing
				n.Hex = hex.EncodeToString(head[:n.Len])
			}
		})
		shiftNodes(m, -missing)
		m.Label += map[bool]string{true: " (marker not logged)", false: " (marker and length not logged)"}[missing == bgp.MarkerLen]
	}
	for i := range x.Errors {
		x.Errors[i].Offset = max(x.Errors[i].Offset-missing, 0)
	}
	return x
}

// bmpHeaderFirst reports whether head starts with a BMP common header of a
// known type (RFC 7854 §4.1), whether or not the rest of the message is
// there: collectors log the header on a line of its own.
func bmpHeaderFirst(head []byte) bool {
	h, err := bmp.ParseHeader(head)
	return err == nil && h.Type.Known()
}

// bmpWhole reports whether head is one BMP message by its common header:
// a known type and a length that is exactly len(head), which octets of
// anything else match only by chance.
func bmpWhole(head []byte) bool {
	h, err := bmp.ParseHeader(head)
	return err == nil && h.Type.Known() && int(h.Length) == len(head)
}

// bmpLogged explains octets that start with a BMP common header. What the
// message length asks for beyond them is not in the entry (collectors log
// the common header, the per-peer header and the body on lines of their
// own): it is counted as missing, not reported as a fault of the message.
func bmpLogged(head []byte, li *LineInfo, opt Options) *Explanation {
	h, _ := bmp.ParseHeader(head)
	if int(h.Length) <= len(head) {
		return BMP(head, opt)
	}
	li.Missing = int(h.Length) - len(head)
	x := BMP(head, opt)
	x.Errors = nil
	for _, m := range x.Messages {
		m.Problem = ""
		m.Meaning = "the entry holds " + itoa(len(head)) + " of the message's " + itoa(int(h.Length)) + " octets; the other " + itoa(li.Missing) + " are not in it"
	}
	return x
}

// wrapped explains body as a message of type t whose header the log left
// out, with pre octets bgplens supplies before it (the UPDATE's length
// fields, an OPEN's fixed fields) so the message builders can read it.
// keep names the node to return ("" for the whole message); offsets are
// moved back to the logged octets.
func wrapped(t bgp.MessageType, pre, body []byte, keep string, opt Options) *Explanation {
	skip := bgp.HeaderLen + len(pre)
	l := skip + len(body)
	head := make([]byte, 0, l-bgp.MarkerLen)
	head = append(head, byte(l>>8), byte(l), byte(t))
	x := BGP(withMarker(append(append(head, pre...), body...)), opt)
	x.Hex = hex.EncodeToString(body)
	var root *Node
	if len(x.Messages) > 0 {
		root = x.Messages[0]
	}
	if root != nil && keep != "" {
		var k *Node
		root.Walk(func(n *Node, _ int) {
			if k == nil && n.Name == keep {
				k = n
			}
		})
		root = k
	}
	if root == nil {
		x.Messages = nil
		return x
	}
	var kids []*Node
	for _, c := range root.Children {
		if c.Off >= skip {
			kids = append(kids, c)
		}
	}
	root.Children = kids
	shiftNodes(root, -skip)
	if root.Off < 0 {
		root.Len += root.Off
		root.Off = 0
		root.Hex = hex.EncodeToString(body)
	}
	if keep == "" {
		root.Label += " (header not logged)"
	}
	x.Messages = []*Node{root}
	var errs []ErrorInfo
	droppedMissing := false
	for _, e := range x.Errors {
		// A part printed alone (NLRI, attributes) lacks the attributes
		// the rest of its UPDATE holds: the log left them out, the
		// sender did not.
		missing := keep != "" && bgp.Code(e.Code) == bgp.CodeUpdate && e.Subcode == bgp.SubMissingWellKnownAttribute
		droppedMissing = droppedMissing || missing
		if e.Offset >= skip && !missing {
			e.Offset -= skip
			errs = append(errs, e)
		}
	}
	if droppedMissing {
		name := bgp.SubcodeName(bgp.CodeUpdate, bgp.SubMissingWellKnownAttribute)
		root.Walk(func(n *Node, _ int) {
			if strings.Contains(n.Problem, name) {
				n.Problem = ""
			}
		})
	}
	x.Errors = errs
	return x
}

// explainDataVariant explains a NOTIFICATION data field as real senders
// send it, beyond the RFC layouts explainData reads: a whole message
// where a part is expected, older raw text in place of a Shutdown
// Communication, a maximum-prefix data cut short, a padded AS.
func explainDataVariant(code bgp.Code, sub uint8, d []byte, li *LineInfo, opt Options) *Explanation {
	n := bgp.Notification{Code: code, Subcode: sub, Data: d}
	kind, _ := n.DataKind()
	switch {
	case findMarker(d, false) == 0 && len(d) >= bgp.HeaderLen:
		x := explainData(code, sub, nil, opt.Session)
		m := BGP(d, opt)
		x.Hex, x.Errors = m.Hex, m.Errors
		x.Messages[0].Len, x.Messages[0].Hex = len(d), m.Hex
		x.Messages[0].Meaning = "the sender put a whole message here (the one it objected to), header included"
		x.Messages[0].Children = m.Messages
		return x
	case kind == bgp.DataShutdownCommunication && !shutdownCommunication(d) && len(d) > 0 && utf8.Valid(d) && printableText(d):
		x := explainData(code, sub, nil, opt.Session)
		b := &builder{in: d}
		t := b.node("shutdown_text", 0, len(d), string(d), "text without the length octet RFC 8203/9003 puts first: the older form, when Cease data was the sender's own (RFC 4486 §4)", "RFC 4486 §4")
		root := x.Messages[0]
		root.Len, root.Hex, root.Value = len(d), hex.EncodeToString(d), string(d)
		root.Meaning = "raw text, no RFC 8203 length octet: read as a length, the first octet, the letter " + strings.TrimSpace(string(d[:1])) + ", does not count the octets that follow"
		root.Children = []*Node{t}
		x.Hex = hex.EncodeToString(d)
		li.Evidence = append(li.Evidence, "data read as raw text without the RFC 8203 length octet")
		return x
	case kind == bgp.DataShutdownCommunication && shutdownCommunication(d):
		li.Evidence = append(li.Evidence, "data read as an RFC 8203/9003 Shutdown Communication: a length octet, then the text")
	case code == bgp.CodeOpen && sub == bgp.SubUnsupportedCapability &&
		len(d) >= 4 && d[0] == byte(bgp.OptParamCapabilities) && bgp.FramesAsOptParams(d):
		// Capability 2 (Route Refresh) has no value, so "02 06 ..." is the
		// Capabilities optional parameter around the capabilities, as some
		// senders send it, not a Route Refresh capability of length 6.
		x := explainData(code, sub, nil, opt.Session)
		p := wrapped(bgp.MsgOpen, []byte{4, 0, 0, 0, 0, 0, 0, 0, 0, byte(len(d))}, d, "optional_parameters", opt)
		root := x.Messages[0]
		root.Len, root.Hex = len(d), hex.EncodeToString(d)
		root.Meaning = "read as OPEN optional parameters (type 2, Capabilities) holding the capabilities, as some senders put them: a bare capability 2 (Route Refresh) would have no value"
		if len(p.Messages) > 0 {
			root.Children = p.Messages[0].Children
		}
		x.Hex = hex.EncodeToString(d)
		li.Evidence = append(li.Evidence, "data read as optional parameters, not bare capabilities")
		return x
	case code == bgp.CodeOpen && sub == bgp.SubUnsupportedOptionalParameter && len(d) > 0 &&
		d[0] != byte(bgp.OptParamCapabilities) && d[0] != 1 && d[0] != 255 && bgp.FramesAsCapabilities(d):
		// Bare capabilities where the parameter is expected (the first
		// octet is no parameter type in use: 1 Authentication, 2
		// Capabilities, 255 the RFC 9072 marker): read them as such.
		x := explainData(bgp.CodeOpen, bgp.SubUnsupportedCapability, d, opt.Session)
		root := x.Messages[0]
		root.Label = "NOTIFICATION data field"
		root.Meaning = "read as capabilities: the sender named the capabilities it refused, not the optional parameter around them"
		li.Evidence = append(li.Evidence, "data read as capabilities, not optional parameters")
		return x
	case kind == bgp.DataMaxPrefixes && len(d) > 0 && len(d) < 7:
		return partialMaxPrefixes(code, sub, d, opt)
	case code == bgp.CodeOpen && sub == bgp.SubBadBGPIdentifier && len(d) == 4:
		id, _ := bgp.ParseBadBGPIdentifier(d)
		x := explainData(code, sub, d, opt.Session)
		root := x.Messages[0]
		root.Value = id.String()
		root.Meaning = "the BGP Identifier the sender rejected, as an address (RFC 4271 defines no data; senders commonly send it)"
		return x
	case kind == bgp.DataPeerAS && padded(d):
		as, _ := bgp.ParseBadPeerASPadded(d)
		x := explainData(code, sub, d, opt.Session)
		root := x.Messages[0]
		as2 := int(as)
		root.Value = uint64(as2)
		root.Meaning = "read as the 2-octet AS " + itoa(as2) + " followed by 2 octets of zero padding; as one 4-octet AS it would be " + itoa(as2<<16) + ", an unlikely number"
		return x
	}
	return explainData(code, sub, d, opt.Session)
}

// shutdownCommunication reports whether d is exactly an RFC 9003 Shutdown
// Communication: a length octet and that much valid UTF-8.
func shutdownCommunication(d []byte) bool {
	_, rest, err := bgp.ParseShutdownCommunication(d)
	return len(d) > 0 && err == nil && len(rest) == 0
}

func padded(d []byte) bool {
	_, ok := bgp.ParseBadPeerASPadded(d)
	return ok
}

// rejectedAS reads the AS a Bad Peer AS data field holds, as
// explainDataVariant reads it: a 2-octet AS with 2 octets of zero padding
// when it is padded, else 2 or 4 octets.
func rejectedAS(d []byte) (uint32, bool) {
	if as, ok := bgp.ParseBadPeerASPadded(d); ok {
		return uint32(as), true
	}
	return bgp.ParseBadPeerAS(d)
}

// reasonText reports whether data no RFC defines is the sender's reason
// in words (ExaBGP's "can not decode update message ..."): at least four
// octets, valid UTF-8, no control characters but tab. Octets such as
// fe 80 90 a0 are printable bytes but no text.
func reasonText(d []byte) bool {
	return len(d) >= 4 && printableText(d) && utf8.Valid(d)
}

func printableText(d []byte) bool {
	for _, c := range d {
		if c < 0x20 && c != '\t' {
			return false
		}
	}
	return true
}

// partialMaxPrefixes explains 6/1 data cut short: what of AFI (2 octets),
// SAFI (1) and the prefix upper bound (4) is present.
func partialMaxPrefixes(code bgp.Code, sub uint8, d []byte, opt Options) *Explanation {
	x := explainData(code, sub, nil, opt.Session)
	b := &builder{in: d}
	root := x.Messages[0]
	root.Len, root.Hex = len(d), hex.EncodeToString(d)
	cutMaxPrefixes(b, root, d, 0)
	x.Hex = hex.EncodeToString(d)
	return x
}

// maxPrefixes adds to dn the fields of 6/1 data d at off (RFC 4486 §4:
// AFI, SAFI, the limit, all optional), whole or cut short.
func maxPrefixes(b *builder, dn *Node, d []byte, off int) {
	f, limit, ok := bgp.ParseMaxPrefixes(d)
	switch {
	case ok:
		dn.add(b.node("afi", off, 2, int(f.AFI), f.AFI.String(), "RFC 4486 §4"))
		dn.add(b.node("safi", off+2, 1, int(f.SAFI), f.SAFI.String(), "RFC 4486 §4"))
		dn.add(b.node("prefix_upper_bound", off+3, 4, uint64(limit), "the configured maximum number of prefixes", "RFC 4486 §4"))
		if len(d) > 7 {
			dn.add(b.node("trailing_data", off+7, len(d)-7, nil, "", ""))
		}
	case len(d) == 0:
		dn.Meaning = "no AFI/SAFI or limit given (they are optional)"
	default:
		cutMaxPrefixes(b, dn, d, off)
	}
}

// cutMaxPrefixes adds to dn the fields of 6/1 data d (at off) that is
// shorter than its 7 octets, the one cut marked, and says so in dn.
func cutMaxPrefixes(b *builder, dn *Node, d []byte, off int) {
	dn.Meaning = "AFI, SAFI and prefix upper bound (7 octets); " + itoa(len(d)) + " are present, the rest is cut off"
	afi, safi, limit, n := bgp.ParseMaxPrefixesCut(d)
	fields := []struct {
		name     string
		off, len int
		value    any
		meaning  string
	}{{"afi", 0, 2, int(afi), afi.String()}, {"safi", 2, 1, int(safi), safi.String()}, {"prefix_upper_bound", 3, 4, uint64(limit), ""}}
	for i, f := range fields {
		if f.off >= len(d) {
			break
		}
		nd := b.node(f.name, off+f.off, f.len, nil, "", "RFC 4486 §4")
		if i < n {
			nd.Value, nd.Meaning = f.value, f.meaning
		} else {
			nd.Problem = "cut off: " + itoa(f.len) + " octets, " + itoa(len(d)-f.off) + " present"
		}
		dn.add(nd)
	}
}

// nameError sets li.Error: the NOTIFICATION the entry is about, in words,
// with its code/subcode and RFC section, from the octets when they hold
// it, else from the entry's words.
func nameError(x *Explanation, head []byte, li *LineInfo) {
	n, ok := notificationOf(head, li)
	if !ok && li.Code >= 0 {
		n, ok = bgp.Notification{Code: bgp.Code(li.Code), Subcode: uint8(max(li.Subcode, 0))}, true
	}
	if !ok {
		return
	}
	ref := "RFC 4271 §4.5"
	if ci, ok := n.Code.Info(); ok && ci.Ref != "" {
		ref = ci.Ref
	}
	if si, ok := bgp.LookupSubcode(n.Code, n.Subcode); ok && si.Ref != "" {
		ref = si.Ref
	}
	li.Error = notificationSummary(n) + ", " + ref
	if codeOnly(li) {
		li.Error = n.Code.String() + " (code " + itoa(int(n.Code)) + ", any subcode), " + ref
	} else if li.Code >= 0 && li.Subcode < 0 {
		li.Error += " (the entry names the code only; subcode 0 assumed)"
	}
}

// coverAll makes every octet of the explanation belong to a node: octets
// no field explains (a message that could not be framed, trailing octets)
// get a node that says so, so that an explanation either reads every
// octet or says which it cannot read and why.
func coverAll(x *Explanation) {
	in, err := hex.DecodeString(x.Hex)
	if err != nil || len(in) == 0 {
		return
	}
	covered := make([]bool, len(in))
	for _, m := range x.Messages {
		for _, l := range m.Leaves() {
			for i := max(l.Off, 0); i < l.Off+l.Len && i < len(in); i++ {
				covered[i] = true
			}
		}
	}
	b := &builder{in: in}
	for i := 0; i < len(in); {
		if covered[i] {
			i++
			continue
		}
		j := i
		for j < len(in) && !covered[j] {
			j++
		}
		n := b.node("unread", i, j-i, nil, "octets no field accounts for", "")
		n.Problem = "not read: they follow the last field that could be framed (see the problems above)"
		x.Messages = append(x.Messages, n)
		i = j
	}
}
