package explain

import (
	"encoding/binary"

	"github.com/bgplens/bgplens/bgp"
)

// explainOther explains the messages other than UPDATE into body.
func explainOther(b *builder, root, body *Node, t bgp.MessageType, msg []byte, base int, s bgp.Session) []*bgp.Error {
	var errs []*bgp.Error
	fail := func(err error) {
		if err != nil {
			e := rebase(err, base)
			errs = append(errs, e)
			mark(root, e)
		}
	}
	switch t {
	case bgp.MsgKeepalive:
		body.Name, body.Meaning = "body", "KEEPALIVE has no body: the header is the whole message (RFC 4271 §4.4)"
		_, err := bgp.DecodeKeepalive(msg)
		fail(err)
	case bgp.MsgNotification:
		body.Name = "notification"
		body.Ref = "RFC 4271 §4.5"
		n, err := bgp.DecodeNotification(msg, s)
		if err != nil && len(msg) < bgp.OffNotificationData {
			fail(err)
			return errs
		}
		if err != nil {
			fail(err)
			n = bgp.Notification{Code: bgp.Code(msg[bgp.OffNotificationCode]), Subcode: msg[bgp.OffNotificationSubcode], Data: msg[bgp.OffNotificationData:]}
		}
		explainNotification(b, body, n, base+bgp.OffNotificationCode, s)
		root.Meaning = notificationSummary(n)
	case bgp.MsgRouteRefresh:
		body.Name, body.Ref = "route_refresh", "RFC 2918 §3, RFC 7313 §3.2"
		r, err := bgp.DecodeRouteRefreshORF(msg, s)
		fail(err)
		if len(msg) >= bgp.RouteRefreshLen {
			afi := bgp.AFI(binary.BigEndian.Uint16(msg[bgp.OffRouteRefreshAFI:]))
			st := bgp.RefreshSubtype(msg[bgp.OffRouteRefreshSubtype])
			safi := bgp.SAFI(msg[bgp.OffRouteRefreshSAFI])
			body.add(b.node("afi", base+bgp.OffRouteRefreshAFI, 2, int(afi), afi.String(), "RFC 2918 §3"))
			body.add(b.node("message_subtype", base+bgp.OffRouteRefreshSubtype, 1, int(st), refreshMeaning(st), "RFC 7313 §3.2"))
			body.add(b.node("safi", base+bgp.OffRouteRefreshSAFI, 1, int(safi), safi.String(), "RFC 2918 §3"))
			if len(msg) > bgp.RouteRefreshLen {
				body.add(b.node("orf_entries", base+bgp.OffRouteRefreshORF, len(msg)-bgp.RouteRefreshLen, nil, "Outbound Route Filtering entries, not decoded by this version", "RFC 5291 §4"))
			}
			root.Meaning = r.String()
		}
	case bgp.MsgOpen:
		errs = append(errs, explainOpen(b, root, body, msg, base)...)
	}
	return errs
}

func refreshMeaning(t bgp.RefreshSubtype) string {
	switch t {
	case bgp.RefreshNormal:
		return "route refresh request: please send the Adj-RIB-Out again"
	case bgp.RefreshBoRR:
		return "Beginning of Route Refresh (enhanced route refresh)"
	case bgp.RefreshEoRR:
		return "End of Route Refresh: routes not re-sent since BoRR are stale"
	}
	return t.String() + ": unknown subtype, to be ignored (RFC 7313 §5)"
}

func notificationSummary(n bgp.Notification) string {
	s := n.Code.String()
	if sub := bgp.SubcodeName(n.Code, n.Subcode); sub != "" {
		s += " / " + sub
	}
	return s + " (" + itoa(int(n.Code)) + "/" + itoa(int(n.Subcode)) + ")"
}

// explainNotification explains the code, subcode and data of n, whose
// code octet is at off in the input. It serves whole messages and, for
// router logs, bodies without a header.
func explainNotification(b *builder, parent *Node, n bgp.Notification, off int, s bgp.Session) {
	ci, ok := n.Code.Info()
	cref := ci.Ref
	cm := n.Code.String()
	if !ok {
		cm += ": not an assigned error code"
		cref = "RFC 4271 §4.5"
	}
	parent.add(b.node("error_code", off, 1, int(n.Code), cm, cref))
	si, ok := bgp.LookupSubcode(n.Code, n.Subcode)
	sm, sref := si.Name, si.Ref
	if !ok {
		sm, sref = "not an assigned subcode of "+n.Code.String(), cref
	}
	if si.Deprecated {
		sm += " (deprecated)"
	}
	if name := bgp.SubcodeName(n.Code, n.Subcode); name == "" {
		sm = "no subcodes are defined for this code"
	}
	parent.add(b.node("error_subcode", off+1, 1, int(n.Subcode), sm, sref))
	dn := b.node("data", off+2, len(n.Data), nil, "", "RFC 4271 §4.5")
	parent.add(dn)
	explainNotificationData(b, dn, n, off+2, s, 0)
}

// explainNotificationData decodes a NOTIFICATION's data field, at off in
// the input, by what its code and subcode say it holds.
func explainNotificationData(b *builder, dn *Node, n bgp.Notification, off int, s bgp.Session, depth int) {
	kind, ref := n.DataKind()
	if ref != "" {
		dn.Ref = ref
	}
	d := n.Data
	switch kind {
	case bgp.DataNone:
		explainNoData(b, dn, n, off, s)
	case bgp.DataAttribute:
		if len(d) == 0 {
			dn.Meaning = "empty; RFC 4271 §6.3 asks for the erroneous attribute here"
			return
		}
		dn.Meaning = "the erroneous path attribute (RFC 4271 §6.3)"
		dn.add(explainDataAttr(b, d, off, s))
	case bgp.DataAttrTypeCode:
		if t, ok := bgp.ParseMissingAttribute(d); ok {
			dn.Value, dn.Meaning = int(t), "type code of the missing attribute: "+t.String()
		}
	case bgp.DataShutdownCommunication:
		if len(d) == 0 {
			dn.Meaning = "no Shutdown Communication"
			return
		}
		msg, rest, err := bgp.ParseShutdownCommunication(d)
		dn.add(b.node("length", off, 1, int(d[0]), "octets of UTF-8 text that follow", "RFC 9003 §2"))
		tl := int(d[0])
		if tl > len(d)-1 {
			tl = len(d) - 1
		}
		t := b.node("shutdown_communication", off+1, tl, msg, "the operator's message", "RFC 9003 §2")
		if err != nil {
			t.Problem = problemText(err)
		} else if c := controlIn(msg); c >= 0 {
			// Valid UTF-8, but shown as is it can move a terminal's cursor
			// or hide text: what an operator reads may not be what was sent.
			t.Meaning += "; it holds a control character (0x" + hex2(uint8(c)) +
				") that a terminal, a log or a NETCONF reply may show unescaped (RFC 9003, Security Considerations)"
		}
		dn.add(t)
		dn.Value = msg
		if len(rest) > 0 {
			dn.add(b.node("trailing_data", off+1+tl, len(rest), nil, "octets after the communication", "RFC 9003 §2"))
		}
	case bgp.DataHardReset:
		inner, err := bgp.ParseHardReset(d)
		if err != nil {
			dn.Problem = problemText(err)
			return
		}
		dn.Meaning = "the notification that caused the Hard Reset (RFC 8538 §3): " + notificationSummary(inner)
		if depth < 2 {
			explainInner(b, dn, inner, off, s, depth+1)
		}
	case bgp.DataMaxPrefixes:
		maxPrefixes(b, dn, d, off)
	case bgp.DataCapabilities:
		for c, err := range bgp.UnsupportedCapabilities(d) {
			if err == nil {
				// A whole capability reads as in an OPEN.
				dn.add(explainCapability(b, bgp.CapabilityView(c), off))
				continue
			}
			cn := b.node("capability", off+c.Off, 2+len(c.Value), c.Code.String(), "", "RFC 5492 §4")
			cn.add(b.node("capability_code", off+c.Off, 1, int(c.Code), c.Code.String(), "RFC 5492 §4"))
			if c.Off+1 < len(d) {
				cn.add(b.node("capability_length", off+c.Off+1, 1, int(d[c.Off+1]), "", "RFC 5492 §4"))
			}
			if len(c.Value) > 0 {
				cn.add(b.node("capability_value", off+c.Off+2, len(c.Value), nil, "", "RFC 5492 §4"))
			}
			if err != nil {
				cn.Problem = problemText(err)
			}
			dn.add(cn)
		}
	case bgp.DataVersion:
		if v, ok := bgp.ParseUnsupportedVersion(d); ok {
			dn.Value, dn.Meaning = int(v), "the largest BGP version the sender supports"
		}
	case bgp.DataLength:
		if v, ok := bgp.ParseBadMessageLength(d); ok {
			dn.Value, dn.Meaning = int(v), "the erroneous Length field"
		}
	case bgp.DataMessageType:
		if v, ok := bgp.ParseMessageTypeData(d); ok {
			dn.Value, dn.Meaning = int(v), "message type "+v.String()
		}
	case bgp.DataPeerAS:
		if as, ok := bgp.ParseBadPeerAS(d); ok {
			dn.Value, dn.Meaning = uint64(as), "the AS the sender rejected (not required by the RFC; many implementations send it)"
		}
	case bgp.DataMessage:
		dn.Meaning = "the erroneous message"
		if len(d) < bgp.HeaderLen {
			dn.Problem = "not the message RFC 7313 §5 asks for: the data should hold the whole erroneous message (at least 19 octets); the sender put " + itoa(len(d)) + " here"
		}
		if len(d) >= bgp.HeaderLen {
			x := BGP(d, Options{Session: s})
			for _, m := range x.Messages {
				shiftNodes(m, off)
				dn.add(m)
			}
		}
	default:
		if len(d) > 0 {
			dn.Meaning = "no meaning is defined for data with this code/subcode"
		}
	}
}

// explainInner explains a notification carried in another's data (Hard
// Reset): code, subcode, data.
func explainInner(b *builder, dn *Node, n bgp.Notification, off int, s bgp.Session, depth int) {
	in := b.node("inner_notification", off, len(n.Data)+2, notificationSummary(n), "", "RFC 8538 §3")
	in.add(b.node("error_code", off, 1, int(n.Code), n.Code.String(), "RFC 8538 §3"))
	in.add(b.node("error_subcode", off+1, 1, int(n.Subcode), bgp.SubcodeName(n.Code, n.Subcode), "RFC 8538 §3"))
	d := b.node("data", off+2, len(n.Data), nil, "", "RFC 8538 §3")
	explainNotificationData(b, d, n, off+2, s, depth)
	in.add(d)
	dn.add(in)
}

// explainDataAttr explains an attribute copied into NOTIFICATION data. The
// session is not known: the AS width is chosen by which reading adds up,
// and said. Data cut short by a log is explained as far as it goes.
func explainDataAttr(b *builder, d []byte, off int, s bgp.Session) *Node {
	a, err := bgp.ParseAttr(d)
	declared := -1
	if err != nil {
		hl := 3
		if len(d) > 0 && bgp.AttrFlags(d[0]).ExtendedLength() {
			hl = 4
		}
		if len(d) < hl {
			n := b.node("path_attribute", off, len(d), nil, "", "RFC 4271 §4.3")
			n.Problem = "the attribute header is cut short"
			return n
		}
		declared = int(d[2])
		if hl == 4 {
			declared = int(d[2])<<8 | int(d[3])
		}
		a = bgp.AttrView{Flags: bgp.AttrFlags(d[0]), Type: bgp.AttrType(d[1]), Value: d[hl:len(d):len(d)]}
	}
	why := ""
	switch a.Type {
	case bgp.AttrASPath:
		s.AS4, why = chooseASWidth(a, s.AS4, declared >= 0)
	case bgp.AttrAggregator:
		as4, ok := a.AggregatorForm()
		if declared == 6 || declared == 8 {
			as4, ok = declared == 8, true // cut short: the declared length tells the form
		}
		if ok {
			s.AS4 = as4
			if as4 {
				why = "length 8 means the 4-octet form: AS (4 octets) and address (4), as sent between speakers that both have 4-octet AS support (RFC 6793 §3)"
			} else {
				why = "length 6 means the 2-octet form: AS (2 octets) and address (4), as sent by or to a speaker without 4-octet AS support (RFC 4271 §5.1.7)"
			}
		}
	}
	b.partial = declared >= 0
	n := explainAttr(b, d, a, off, s)
	b.partial = false
	if why != "" {
		n.Meaning = why
	}
	if declared >= 0 {
		n.Problem = "cut short in the log: the attribute declares " + itoa(declared) + " octets of value, " + itoa(len(a.Value)) + " are present"
		for _, c := range n.Children {
			if c.Name == "attribute_length" {
				c.Value = declared
			}
		}
	}
	return n
}

// chooseASWidth decides whether an AS_PATH from NOTIFICATION data holds 2-
// or 4-octet ASNs, which the bytes do not say: the reading whose segment
// lengths add up wins; if both do, or the value is cut short, the one
// without AS 0 (which RFC 7607 forbids in a path); then the session's.
func chooseASWidth(a bgp.AttrView, def, partial bool) (bool, string) {
	if !partial {
		_, e4 := a.ASPath(true)
		_, e2 := a.ASPath(false)
		switch {
		case e4 == nil && e2 != nil:
			return true, "4-octet ASNs: only with 4-octet ASNs do the segment lengths add up to the attribute length"
		case e2 == nil && e4 != nil:
			return false, "2-octet ASNs: only with 2-octet ASNs do the segment lengths add up to the attribute length"
		case e2 != nil && e4 != nil:
			return def, ""
		}
	}
	// Only ASNs present whole count: the cut tail of a value says nothing
	// about the width.
	z4, bad4 := zeroASNs(a.ASPathPartial(true))
	z2, bad2 := zeroASNs(a.ASPathPartial(false))
	switch {
	case bad2 && !bad4:
		return true, "4-octet ASNs: read with 2-octet ASNs a segment would have a type that does not exist"
	case bad4 && !bad2:
		return false, "2-octet ASNs: read with 4-octet ASNs a segment would have a type that does not exist"
	case z4 < z2 && z4 == 0:
		return true, "4-octet ASNs: read with 2-octet ASNs the path would hold AS 0 " + itoa(z2) + " times, which no valid path does (RFC 7607)"
	case z2 < z4 && z2 == 0:
		return false, "2-octet ASNs: read with 4-octet ASNs the path would hold AS 0 " + itoa(z4) + " times, which no valid path does (RFC 7607)"
	case z4 < z2:
		return true, "4-octet ASNs: both readings hold AS 0 (RFC 7607 forbids it), the 4-octet one fewer times (" + itoa(z4) + " against " + itoa(z2) + ")"
	case z2 < z4:
		return false, "2-octet ASNs: both readings hold AS 0 (RFC 7607 forbids it), the 2-octet one fewer times (" + itoa(z2) + " against " + itoa(z4) + ")"
	}
	if def {
		return true, "4-octet ASNs assumed: both widths fit these octets"
	}
	return false, "2-octet ASNs assumed: both widths fit these octets"
}

// zeroASNs counts the whole ASNs of value 0 in a path read one way, and
// reports a segment type that does not exist (which rules the reading out).
func zeroASNs(p bgp.ASPathView) (n int, badType bool) {
	for seg := range p.Segments() {
		if seg.Type < bgp.SegmentSet || seg.Type > bgp.SegmentConfedSet {
			badType = true
		}
		for asn := range seg.ASNs() {
			if asn == 0 {
				n++
			}
		}
		if seg.Len() < seg.Count {
			// The cut segment ends what was logged: ASPathPartial goes on
			// reading the leftover octets of its last ASN as segments.
			break
		}
	}
	return n, badType
}

// shiftNodes moves a tree explained on its own to offset off in the input.
func shiftNodes(n *Node, off int) {
	n.Walk(func(x *Node, _ int) { x.Off += off })
}

// explainNoData reads data where the RFC defines none: what
// implementations put there anyway (the refused parameter, the offending
// attribute), or the sender's own octets.
func explainNoData(b *builder, dn *Node, n bgp.Notification, off int, s bgp.Session) {
	d := n.Data
	switch {
	case len(d) == 0:
		dn.Meaning = "empty, as the RFC defines no data for this error"
	case n.Code == bgp.CodeOpen && n.Subcode == bgp.SubUnsupportedOptionalParameter && len(d) >= 2:
		// RFC 4271 defines no data, but implementations name the
		// parameter (and, for Capabilities, the capability) they refused.
		dn.Meaning = "the RFC defines no data for this error; read as the optional parameters the sender refused"
		for p, err := range bgp.UnsupportedCapabilities(d) { // same type/length/value shape
			pt := bgp.OptParamType(p.Code)
			pn := b.node("optional_parameter", off+p.Off, 2+len(p.Value), pt.String(), "", "RFC 4271 §4.2")
			pn.add(b.node("parameter_type", off+p.Off, 1, int(p.Code), pt.String(), "RFC 4271 §4.2, RFC 5492 §4"))
			if p.Off+1 < len(d) {
				pn.add(b.node("parameter_length", off+p.Off+1, 1, int(d[p.Off+1]), "", "RFC 4271 §4.2"))
			}
			if err != nil {
				pn.Problem = "cut short"
			} else if pt == bgp.OptParamCapabilities {
				for c, cerr := range bgp.UnsupportedCapabilities(p.Value) {
					cn := b.node("capability", off+p.Off+2+c.Off, 2+len(c.Value), c.Code.String(), "", "RFC 5492 §4")
					if cerr != nil {
						cn.Problem = "cut short"
					}
					pn.add(cn)
				}
			} else if len(p.Value) > 0 {
				pn.add(b.node("parameter_value", off+p.Off+2, len(p.Value), nil, "", "RFC 4271 §4.2"))
			}
			dn.add(pn)
		}
	case n.Code == bgp.CodeUpdate && len(d) >= 3:
		// Several implementations put the offending attribute here
		// even where RFC 4271 asks for no data.
		dn.Meaning = "the RFC defines no data for this error; read as a path attribute, as several implementations send one"
		dn.add(explainDataAttr(b, d, off, s))
	default:
		dn.Meaning = "the RFC defines no data for this error; these octets are the sender's own"
		if reasonText(d) {
			// ExaBGP puts its reason in words here ("can not decode
			// update message of type "2"").
			dn.Value = string(d)
			dn.Meaning += ": printable text, a reason in words: \"" + string(d) + "\""
		}
	}
}

// controlIn returns the first C0 control character or DEL in s, or -1.
func controlIn(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return int(s[i])
		}
	}
	return -1
}
