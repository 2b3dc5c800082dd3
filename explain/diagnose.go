package explain

import (
	"slices"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// notificationOf finds the NOTIFICATION a log line is about: from the
// message, the body, or the stated code with the data field.
func notificationOf(head []byte, li *LineInfo) (bgp.Notification, bool) {
	switch li.Start {
	case StartMessage:
		m := head[li.Prefix:]
		if li.Unlogged > 0 {
			m = withLeading(m, li.Unlogged) // the header's octets the log left out, put back
		}
		if len(m) < bgp.OffNotificationData || bgp.MessageType(m[bgp.OffType]) != bgp.MsgNotification {
			return bgp.Notification{}, false
		}
		end := len(m)
		if l := int(m[bgp.OffLength])<<8 | int(m[bgp.OffLength+1]); l >= bgp.OffNotificationData && l < end {
			end = l
		}
		return bgp.Notification{Code: bgp.Code(m[bgp.OffNotificationCode]), Subcode: m[bgp.OffNotificationSubcode], Data: m[bgp.OffNotificationData:end]}, true
	case StartNotification:
		return bgp.Notification{Code: bgp.Code(head[0]), Subcode: head[1], Data: head[2:]}, true
	case StartData:
		return bgp.Notification{Code: bgp.Code(li.Code), Subcode: uint8(max(li.Subcode, 0)), Data: head}, true
	}
	return bgp.Notification{}, false
}

// diagnose returns a few plain sentences, from the RFCs, on what the
// error in a log line most likely means and what RFC 7606 would have the
// receiver do instead of resetting the session.
func diagnose(x *Explanation, head []byte, li *LineInfo) []string {
	n, ok := notificationOf(head, li)
	var out []string
	say := func(s string) { out = append(out, s) }
	if !ok && li.Start == StartMessage && li.Code >= 0 {
		// The router logged the message it objected to, and the error in
		// words: explain the error, then what bgplens finds in the message.
		n, ok = bgp.Notification{Code: bgp.Code(li.Code), Subcode: uint8(max(li.Subcode, 0))}, true
		if len(x.Errors) == 0 {
			defer say("bgplens finds the logged message well formed (with the session assumptions above): the receiver's objection lies in something the bytes alone do not show, such as its configuration or a check beyond the RFCs.")
		} else {
			e := x.Errors[0]
			defer say("In the logged message bgplens finds, at offset " + itoa(e.Offset) + ": " + e.Name + " (" + e.Reason + "); RFC 7606 action " + e.Action + ".")
		}
	}
	if !ok {
		return nil
	}
	if codeOnly(li) {
		name := n.Code.String()
		if strings.Contains(strings.ToLower(li.Text), "received malformed update") {
			return []string{"Junos reports the UPDATE it found malformed by the error's code alone, " + itoa(int(n.Code)) + " (" + name +
				"): the NOTIFICATION it sent for it, logged just before, gives the subcode (if Junos closed the session), and the lines logged after name the family and the attribute at fault."}
		}
		if strings.Contains(strings.ToLower(li.Text), "last error:") {
			return []string{"Junos names the session's last error by its code alone: a " + name + " (code " + itoa(int(n.Code)) +
				"), with its subcode not shown, so which " + name + " it was is not in the entry; the router's log entry of the NOTIFICATION names it."}
		}
		return []string{"The entry counts NOTIFICATIONs of code " + itoa(int(n.Code)) + " (" + name + ") sent and received over the session's life: it names no subcode, so which " +
			name + " each was is not in it; the router's log entries of each NOTIFICATION name them."}
	}
	if s := loggedSide(strings.ToLower(li.Text)); s != "" {
		say(s)
	}
	who := "The receiver"
	if li.Direction == "sent" {
		who = "This router"
	} else if li.Direction == "received" {
		who = "The neighbour"
	}
	switch n.Code {
	case bgp.CodeMessageHeader:
		switch n.Subcode {
		case bgp.SubConnectionNotSynchronized:
			say("The marker was not all ones: the byte stream lost its framing, usually a bug in the sender or something rewriting the TCP stream (RFC 4271 §6.1).")
		case bgp.SubBadMessageLength:
			m := "A message's length field was below 19, above the maximum, or wrong for its type (RFC 4271 §6.1)."
			if l, ok := bgp.ParseBadMessageLength(n.Data); ok {
				m += " The length was " + itoa(int(l)) + "."
				if l > bgp.MaxMessageLen {
					m += " Above 4096 octets only with the Extended Message capability (RFC 8654) on both sides: check that both advertised it."
				}
			}
			say(m)
		case bgp.SubBadMessageType:
			say("The message type was unknown to the receiver (RFC 4271 §6.1); a ROUTE-REFRESH (5) sent without the Route Refresh capability being negotiated gets this from some implementations.")
		case 0:
			m := "Message Header Error without a subcode (Unspecific, RFC 4271 Erratum 4493): the sender names no fault of the header."
			if reasonText(n.Data) {
				m += " Its data is text, the sender's own reason: \"" + string(n.Data) + "\". ExaBGP sends this when its parser fails on a message whose header was fine, so the fault is in the body it could not read (or in its parser)."
			}
			say(m)
		}
	case bgp.CodeOpen:
		diagnoseOpen(n, say)
	case bgp.CodeUpdate:
		named := attrInWords(li.Text)
		diagnoseUpdate(n, who, named, say)
		if f, ok := flagsInWords(li.Text); ok && named != 0 && n.Subcode == bgp.SubAttributeFlagsError && len(n.Data) == 0 {
			say(flagsVerdict(named, f))
		}
		if m := reLengthInWords.find(newScan(li.Text, "")); m != nil && named != 0 && n.Subcode == bgp.SubAttributeLengthError && len(n.Data) == 0 {
			say(lengthVerdict(named, atoiOr(m[1], 0)))
		}
	case bgp.CodeHoldTimerExpired:
		diagnoseHoldTimer(li.Direction, strings.ToLower(li.Text), say)
	case bgp.CodeFSM:
		say("A message arrived in a state where it is not allowed (RFC 6608), for example an UPDATE before the session was established.")
	case bgp.CodeCease:
		diagnoseCease(n, say)
	case bgp.CodeRouteRefresh:
		say("A ROUTE-REFRESH had the wrong length (RFC 7313 §5): a BoRR or EoRR must be exactly 23 octets.")
	case bgp.CodeSendHoldTimerExpired:
		say("The sender could not send for longer than its send hold time: the other side stopped reading (its TCP window stayed closed), so the sender closed the session rather than stall (RFC 9687).")
	default:
		if _, ok := n.Code.Info(); !ok {
			// Code 0 is reserved and codes past the registry's are
			// unassigned: the sender, not the session, is at fault.
			say("Error code " + itoa(int(n.Code)) + " is not assigned in the IANA BGP Error Codes registry (RFC 4271 §4.5 and the RFCs after it define 1 to 8): the sender built a NOTIFICATION without a valid code, a bug on its side. The session is closed all the same; the sender's own logs say why it closed it.")
		}
	}
	if len(out) == 0 {
		// No specific advice for this code/subcode: still say what it is.
		say("The session was closed with " + notificationSummary(n) + "; bgplens has no more specific advice for this error, see the RFC section named above.")
	}
	if li.Missing > 0 && li.LengthOf == "" { // not when the count is another message's
		say("The log printed only part of the data (" + itoa(li.Present) + " octets of " + itoa(li.Present+li.Missing) + "); the explanation covers what is there.")
	}
	return out
}

func diagnoseOpen(n bgp.Notification, say func(string)) {
	switch n.Subcode {
	case bgp.SubUnsupportedVersionNumber:
		say("The OPEN asked for a BGP version the receiver does not speak; everyone speaks version 4 (RFC 4271 §6.2).")
	case bgp.SubBadPeerAS:
		m := "The AS in the OPEN (or in the 4-octet AS capability) is not the AS configured for this neighbour (RFC 4271 §6.2): a remote-as mismatch, or a 4-octet AS that one side sends as AS_TRANS 23456 without the capability."
		if as, ok := rejectedAS(n.Data); ok {
			m += " The rejected AS is " + itoa(int(as)) + "."
		}
		say(m)
	case bgp.SubBadBGPIdentifier:
		say("The BGP Identifier was not acceptable: 0, or the same as the receiver's own (RFC 4271 §6.2, RFC 6286).")
	case bgp.SubUnsupportedOptionalParameter:
		say("The OPEN carried an optional parameter the receiver does not know (RFC 4271 §6.2), most often capabilities sent to a very old speaker.")
	case bgp.SubUnacceptableHoldTime:
		say("The proposed hold time was 1 or 2 seconds, or below the receiver's configured minimum (RFC 4271 §6.2).")
	case bgp.SubUnsupportedCapability:
		m := "The receiver requires a capability the sender did not offer, or refuses one it offered (RFC 5492 §5)."
		var caps []string
		for c, err := range bgp.UnsupportedCapabilities(n.Data) {
			if err == nil {
				caps = append(caps, c.Code.String())
			}
		}
		if len(caps) > 0 {
			m += " It names: " + join(caps, ", ") + "."
		}
		say(m)
	case bgp.SubRoleMismatch:
		say("The BGP Roles do not match (RFC 9234 §4.2): for example both sides claim to be the provider, or one side requires a Role the other does not send.")
	}
}

func diagnoseCease(n bgp.Notification, say func(string)) {
	switch n.Subcode {
	case 0:
		// RFC 4271 §6.7 defines Cease without subcodes; RFC 4486 added
		// them and the registry reserves 0, yet senders still use it.
		say("A Cease without a subcode: the sender closed the session on purpose and did not say why (RFC 4271 §6.7; RFC 4486 §4 gives the subcodes it could have used, and the registry reserves 0). A restart or reconfiguration of the sender is the usual cause; its own log names it.")
	case bgp.SubMaxPrefixes:
		m := "The neighbour sent more prefixes than the configured limit (RFC 4486 §4)."
		if f, limit, ok := bgp.ParseMaxPrefixes(n.Data); ok {
			m += " Family " + f.String() + ", limit " + itoa(int(limit)) + "."
		}
		say(m + " Raise the limit or find out why the neighbour sends more (a leak, or a full table where a partial one was expected).")
	case bgp.SubAdministrativeShutdown, bgp.SubAdministrativeReset:
		m := "An operator shut the session down or reset it on purpose (RFC 4486 §4)."
		if msg, _, err := bgp.ParseShutdownCommunication(n.Data); err == nil && msg != "" {
			m += " Their message: " + strconv.Quote(msg) + " (RFC 9003)."
			if c := controlIn(msg); c >= 0 {
				m += " It holds a control character (0x" + hex2(uint8(c)) + "), which a terminal, a log or a NETCONF reply may show unescaped: what an operator reads there need not be what was sent (RFC 9003, Security Considerations)."
			}
		}
		say(m)
	case bgp.SubPeerDeconfigured:
		say("The neighbour was removed from the configuration (RFC 4486 §4).")
	case bgp.SubConnectionRejected:
		say("The receiver refused the connection: not configured for this address, or over a connection limit (RFC 4486 §4).")
	case bgp.SubOtherConfigurationChange:
		say("A configuration change made the session restart, e.g. a changed address family or timer (RFC 4486 §4).")
	case bgp.SubConnectionCollisionResolution:
		say("Both sides opened a connection at once and this one lost the collision resolution (RFC 4271 §6.8): harmless, the other connection stays.")
	case bgp.SubOutOfResources:
		say("The sender ran out of memory or another resource (RFC 4486 §4).")
	case bgp.SubHardReset:
		m := "A Hard Reset (RFC 8538 §3): the session ends without Graceful Restart keeping the routes"
		if inner, err := bgp.ParseHardReset(n.Data); err == nil {
			say(m + ", because of " + notificationSummary(inner) + ".")
			diagnoseCease(inner, say)
		} else if len(n.Data) == 0 {
			say(m + "; the error it carries in its data (RFC 8538 §3) is not in the octets given.")
		}
	case bgp.SubBFDDown:
		say("BFD declared the path down and the session was closed with it (RFC 9384).")
	}
}

// attrInWords returns the one path attribute an entry's words name (BIRD's
// "Malformed ORIGIN attribute - invalid value (5)"), or 0 when they name
// none or several.
func attrInWords(text string) bgp.AttrType {
	if as := attrsNamed(text); len(as) == 1 || len(as) > 1 && !slices.ContainsFunc(as[1:], func(a namedAttr) bool { return a.t != as[0].t }) {
		return as[0].t
	}
	return 0
}

// diagnoseUpdate explains an UPDATE Message Error; named is the attribute
// the entry's words name (0: none), for RFC 7606's action when the data
// holds no attribute to read it from.
func diagnoseUpdate(n bgp.Notification, who string, named bgp.AttrType, say func(string)) {
	kind, _ := bgp.DataKindOf(n.Code, n.Subcode)
	var a bgp.AttrView
	var declared int
	haveAttr := false
	if kind == bgp.DataAttribute && len(n.Data) >= 3 {
		a, declared, haveAttr = frameLoosely(n.Data)
	}
	switch n.Subcode {
	case bgp.SubMalformedAttributeList:
		say("The path attributes could not be parsed as a list: an attribute ran past the Total Path Attribute Length, or one appeared twice (RFC 4271 §6.3, RFC 7606 §3(g), §4).")
	case bgp.SubUnrecognizedWellKnownAttribute:
		say("A well-known attribute type was not recognized by the receiver (RFC 4271 §6.3).")
	case bgp.SubMissingWellKnownAttribute:
		m := "An UPDATE announcing routes lacked a mandatory attribute (ORIGIN, AS_PATH, or NEXT_HOP for IPv4)"
		if t, ok := bgp.ParseMissingAttribute(n.Data); ok {
			m += ": " + t.String()
		}
		say(m + " (RFC 4271 §6.3). RFC 7606 §3(d) would treat its routes as withdrawn instead of resetting the session.")
	case bgp.SubAttributeFlagsError:
		if !haveAttr {
			break
		}
		say(flagsVerdict(a.Type, a.Flags))
	case bgp.SubAttributeLengthError:
		if !haveAttr {
			break
		}
		say(lengthVerdict(a.Type, declared))
	case bgp.SubInvalidOrigin:
		say("ORIGIN must be 0 (IGP), 1 (EGP) or 2 (INCOMPLETE) (RFC 4271 §5.1.1).")
	case bgp.SubInvalidNextHop:
		say("NEXT_HOP was syntactically wrong, or semantically unusable: the receiver's own address, 0.0.0.0, multicast, or not on a shared subnet for an eBGP neighbour (RFC 4271 §6.3).")
	case bgp.SubOptionalAttributeError:
		if haveAttr {
			say("The optional attribute " + a.Type.String() + " is recognized but its value is wrong (RFC 4271 §6.3).")
		}
	case bgp.SubInvalidNetworkField:
		say("A prefix in the NLRI was malformed: a prefix length above 32 (IPv4) or 128 (IPv6), or octets running past the field (RFC 4271 §6.3). ADD-PATH path identifiers that one side sends and the other does not expect look exactly like this.")
	case bgp.SubMalformedASPath:
		say("The AS_PATH was malformed: an unknown segment type, a zero-length segment, segments not adding up, or (from an eBGP neighbour) a first AS that is not the neighbour's (RFC 4271 §6.3, RFC 7606 §7.2). Reading 4-octet ASNs as 2-octet ones, or the reverse, produces exactly this.")
	}
	// What RFC 7606 would have done, for the attribute in the data or, for
	// an error about one attribute's value, the one the words name.
	if !haveAttr && named != 0 && slices.Contains(attrValueErrors, n.Subcode) {
		a.Type, haveAttr = named, true
	}
	if !haveAttr && n.Subcode == bgp.SubMalformedASPath {
		// The error names its attribute (RFC 4271 §6.3): the AS_PATH, or
		// the AS4_PATH that Cisco, among others, sends in the data
		// though the RFC asks for none.
		a.Type, haveAttr = bgp.AttrASPath, true
		if len(n.Data) >= 3 {
			if v, _, ok := frameLoosely(n.Data); ok && v.Type == bgp.AttrAS4Path {
				a.Type = v.Type
			}
		}
	}
	if haveAttr && n.Subcode != bgp.SubMissingWellKnownAttribute {
		act := a.Type.ErrorAction()
		switch act {
		case bgp.SessionReset:
			say("Under RFC 7606 a malformed " + a.Type.String() + " still ends the session (or disables its address family), because the NLRI cannot be found reliably (RFC 7606 §3(j), §7.11).")
		case bgp.TreatAsWithdraw:
			say("Under RFC 7606 the receiver would keep the session and treat the routes in this UPDATE as withdrawn (\"treat-as-withdraw\") instead of resetting it.")
		case bgp.AttributeDiscard:
			say("Under RFC 7606 the receiver would keep the session and the routes and simply discard this " + a.Type.String() + " attribute (\"attribute discard\").")
		}
	} else if n.Subcode != bgp.SubMissingWellKnownAttribute && n.Subcode != bgp.SubInvalidNetworkField && n.Subcode != 0 {
		say("Under RFC 7606 most UPDATE errors no longer need a session reset: the receiver treats the routes as withdrawn, or discards the attribute.")
	}
	if n.Subcode == bgp.SubInvalidNetworkField {
		say("RFC 7606 §5.3 still calls for a session reset (or AFI/SAFI disable) here: a broken NLRI field cannot be parsed reliably.")
	}
}

// attrValueErrors are the UPDATE errors about one attribute, its flags,
// length or value, whose RFC 7606 action is that attribute's (RFC 7606
// §7); a list error or a missing attribute has actions of its own.
var attrValueErrors = []uint8{bgp.SubAttributeFlagsError, bgp.SubAttributeLengthError, bgp.SubInvalidOrigin,
	bgp.SubInvalidNextHop, bgp.SubOptionalAttributeError, bgp.SubMalformedASPath}

// frameLoosely frames an attribute that may be cut short: the value is
// what is present, declared the length the attribute claims.
func frameLoosely(d []byte) (bgp.AttrView, int, bool) {
	if a, err := bgp.ParseAttr(d); err == nil {
		return a, len(a.Value), true
	}
	hl := 3
	if bgp.AttrFlags(d[0]).ExtendedLength() {
		hl = 4
	}
	if len(d) < hl {
		return bgp.AttrView{}, 0, false
	}
	declared := int(d[2])
	if hl == 4 {
		declared = int(d[2])<<8 | int(d[3])
	}
	return bgp.AttrView{Flags: bgp.AttrFlags(d[0]), Type: bgp.AttrType(d[1]), Value: d[hl:]}, declared, true
}

// flagsVerdict judges an attribute's flags against the registry's for its
// type.
func flagsVerdict(t bgp.AttrType, flags bgp.AttrFlags) string {
	want, known := t.ExpectedFlags()
	got := flags & (bgp.FlagOptional | bgp.FlagTransitive)
	switch {
	case !known:
		return "The attribute type " + itoa(int(t)) + " is not in the registry, so its flags cannot be judged against it."
	case got == want && (!flags.Partial() || want == bgp.FlagOptional|bgp.FlagTransitive):
		m := "The flags 0x" + hex2(uint8(flags)) + " (" + flags.String() + ") are valid for " + t.String() + ": it is " + want.String()
		if flags.Partial() {
			m += ", and RFC 4271 §4.3 and §5 let the Partial bit be set on an optional transitive attribute that a router on the path passed on without recognizing it"
		}
		return m + ". The receiver's check is stricter than the RFC: the fault lies with the receiver, not with the attribute."
	}
	return "The flags 0x" + hex2(uint8(flags)) + " mark " + t.String() + " as " + got.String() + " but the registry says " + want.String() + " (" + t.Ref() + "): the sender, or a router on the path, set them wrong."
}

// reFlagsInWords is an attribute's flags octet an entry prints in hex
// after the word: Brocade's "attribute flag (0x40)", BIRD's "conflicting
// flags (80)".
var reFlagsInWords = gate(`(?i)\bflags?\s*\((?:0x)?([0-9a-f]{2})\)`)

// flagsInWords reads the flags octet an entry prints, if it prints one.
func flagsInWords(text string) (bgp.AttrFlags, bool) {
	m := reFlagsInWords.find(newScan(text, strings.ToLower(text)))
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseUint(m[1], 16, 8)
	return bgp.AttrFlags(v), err == nil
}

// lengthVerdict says what is wrong with the length an attribute of type t
// declares.
func lengthVerdict(t bgp.AttrType, declared int) string {
	switch {
	case t == bgp.AttrASPath || t == bgp.AttrAS4Path:
		m := t.String() + " has no fixed length, so the receiver found the declared length (" + itoa(declared) + " octets) inconsistent with the segments, or longer than it accepts."
		if t == bgp.AttrAS4Path && declared > 0 && declared < 6 {
			m += " A segment is a 2-octet header and 4 octets per AS (RFC 6793 §3), so " + itoa(declared) + " octets cannot hold one."
		}
		if declared > 1000 {
			m += " A path of " + itoa(declared) + " octets holds hundreds of ASNs (up to " + itoa(declared/4) + " at 4 octets each); real paths hold a few dozen at most. Such paths, built by prepending, have reset sessions across the Internet before, in receivers that mishandled long paths or the Extended Length flag."
		}
		return m
	case t.FixedLen() > 0:
		return t.String() + " must be exactly " + itoa(t.FixedLen()) + " octets long (" + t.Ref() + "); this one declares " + itoa(declared) + "."
	}
	return "The length of " + t.String() + " (" + itoa(declared) + " octets) does not fit its contents (" + t.Ref() + ")."
}

// reLengthInWords is an attribute's length an entry prints after the
// word: Brocade's "attribute length (3)", BIRD's "invalid length (2)".
var reLengthInWords = gate(`(?i)\blength\s*\((\d{1,5})\)`)

// diagnoseHoldTimer says whose hold timer ran out: the side that sends
// Hold Timer Expired is the one that heard nothing (RFC 4271 §6.5), so a
// received one means this router went silent to the neighbour. Only a
// direction the entry spells out counts: FRR's "in vrf default Down Hold
// Timer Expired" is its own timer, not one received "in".
func diagnoseHoldTimer(direction, lower string, say func(string)) {
	switch {
	case direction == "received" && containsAny(lower, []string{"receiv", "rcvd", "recv"}):
		say("No KEEPALIVE or UPDATE arrived within the negotiated hold time at the neighbour, which sent the NOTIFICATION (RFC 4271 §6.5): this router's KEEPALIVEs were late or lost on the path, or its control plane was too busy to send them; the neighbour's log has its side.")
	case direction == "sent" && containsAny(lower, []string{"sent", "send"}):
		say("No KEEPALIVE or UPDATE arrived within the negotiated hold time (RFC 4271 §6.5): this router's own hold timer ran out, so it sent the NOTIFICATION and closed the session; the neighbour went silent, the path lost packets, or a busy control plane could not keep up.")
	default:
		say("No KEEPALIVE or UPDATE arrived within the negotiated hold time (RFC 4271 §6.5): the neighbour went silent, the path lost packets, or a busy control plane could not keep up.")
	}
}
