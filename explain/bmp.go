package explain

import (
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// BMP explains in, one or more BMP messages back to back (RFC 7854), with
// the BGP messages they carry explained as BGP does. An UPDATE in a Route
// Monitoring message is read with 2-octet AS numbers when the A flag is
// set and 4-octet ones otherwise; with no Peer Up at hand, explain tries
// the other readings as for bare UPDATEs and says which one it kept.
func BMP(in []byte, opt Options) *Explanation {
	x := &Explanation{Hex: hex.EncodeToString(in), Session: sessionInfo(opt.Session)}
	b := &builder{in: in}
	off := 0
	var marks []noteMark
	defer func() { placeNotes(x, marks) }()
	for off < len(in) {
		marks = append(marks, noteMark{from: len(x.Notes), off: off})
		n, errs := explainBMPMessage(b, in, off, opt, x)
		x.Messages = append(x.Messages, n)
		lost := false // the framing is lost: nothing after this message can be read
		for _, e := range errs {
			x.Errors = append(x.Errors, bmpErrorInfo(e))
			lost = lost || e.Code == 0 && e.Action == bgp.SessionReset
		}
		if n.Len == 0 || lost {
			break
		}
		off += n.Len
	}
	if off < len(in) && len(x.Messages) > 0 {
		if last := x.Messages[len(x.Messages)-1]; last.Off+last.Len < len(in) {
			x.Trailing = len(in) - (last.Off + last.Len)
		}
	}
	return x
}

// bmpErrorInfo describes a problem found in a BMP message. Problems of
// the BGP messages a BMP message carries keep their NOTIFICATION terms;
// problems of BMP itself (framing, TLVs) are said in BMP terms: BMP has no
// NOTIFICATION and no RFC 7606 action, a collector can only stop reading
// the stream where the framing is lost (RFC 7854 §3.3). A problem inside a
// message that frames (Action NoAction) leaves the stream readable.
func bmpErrorInfo(e *bgp.Error) ErrorInfo {
	if e.Code != 0 {
		return errorInfo(e)
	}
	act := "the collector cannot read past this message"
	if e.Action == bgp.NoAction {
		act = "the message frames: the collector keeps these octets unread and reads on"
	}
	return ErrorInfo{Offset: e.Off, Name: "BMP message error", Protocol: "BMP", Action: act, Reason: e.Reason}
}

// LooksLikeBMP reports whether b starts with a plausible BMP common
// header: version 3 or 4, a length that fits, a known message type; or
// with a BMP version 1 or 2 message (bmp.LooksLikeLegacy).
func LooksLikeBMP(b []byte) bool {
	if len(b) > 0 && bmp.IsLegacyVersion(b[bmp.OffVersion]) {
		return bmp.LooksLikeLegacy(b)
	}
	h, err := bmp.ParseHeader(b)
	return err == nil && h.Type.Known() && int(h.Length) <= len(b) && h.Length >= bmp.CommonHeaderLen
}

func explainBMPMessage(b *builder, in []byte, base int, opt Options, x *Explanation) (*Node, []*bgp.Error) {
	var errs []*bgp.Error
	rest := in[base:]
	if len(rest) > 0 && bmp.IsLegacyVersion(rest[bmp.OffVersion]) {
		return explainLegacyBMP(b, in, base, opt, x)
	}
	h, herr := bmp.ParseHeader(rest)
	n := len(rest)
	if herr == nil && int(h.Length) <= len(rest) {
		n = int(h.Length)
	}
	msg := rest[:n]
	root := b.node("bmp_message", base, n, nil, "", "RFC 7854 §4")
	root.Label = "BMP " + h.Type.String() + " message"
	ch := b.node("common_header", base, bmp.CommonHeaderLen, nil, "", "RFC 7854 §4.1")
	root.add(ch)
	if len(msg) > bmp.OffVersion {
		vm := "BMP version 3 (RFC 7854)"
		if h.Version == bmp.Version4 {
			vm = "BMP version 4 (draft-ietf-grow-bmp-tlv): TLVs may follow"
		} else if h.Version != bmp.Version3 {
			vm = "not a BMP version bgplens reads (3 or 4)"
		}
		ch.add(b.node("version", base+bmp.OffVersion, 1, int(msg[bmp.OffVersion]), vm, "RFC 7854 §4.1"))
	}
	if len(msg) >= bmp.OffLength+4 {
		ch.add(b.node("message_length", base+bmp.OffLength, 4, uint64(h.Length), "octets in the message, common header included", "RFC 7854 §4.1"))
	}
	if len(msg) > bmp.OffType {
		ch.add(b.node("message_type", base+bmp.OffType, 1, int(h.Type), h.Type.String(), h.Type.Ref()))
	}
	if herr != nil || int(h.Length) > len(rest) {
		root.Problem = "cannot frame the message"
		if herr == nil {
			root.Problem = "the message is cut short: its length field says " + itoa(int(h.Length)) + " octets, " + itoa(len(rest)) + " are present"
		} else {
			root.Problem = herr.Error()
		}
		errs = append(errs, &bgp.Error{Off: base, Reason: root.Problem, Action: bgp.SessionReset})
		fillGap(b, root)
		return root, errs
	}
	body := bmp.CommonHeaderLen
	if h.Type.HasPeerHeader() {
		if len(msg) < bmp.OffBody {
			root.Problem = "the per-peer header is cut short"
			fillGap(b, root)
			return root, append(errs, &bgp.Error{Off: base + len(msg), Reason: root.Problem, Action: bgp.NoAction})
		}
		root.add(explainPeerHeader(b, msg, base))
		body = bmp.OffBody
	}
	errs = append(errs, explainBMPBody(b, root, msg, base, body, in, opt, x)...)
	fillGap(b, root)
	return root, errs
}

// explainBMPBody explains what follows the headers of msg, a version 3 or
// 4 message at offset base of the input whose body starts at body; the
// per-peer header is explained already.
func explainBMPBody(b *builder, root *Node, msg []byte, base, body int, in []byte, opt Options, x *Explanation) []*bgp.Error {
	var errs []*bgp.Error
	h, _ := bmp.ParseHeader(msg)
	mv, perr := bmp.ParseMessage(msg)
	switch h.Type {
	case bmp.MsgRouteMonitoring:
		if rm, ok := mv.RouteMonitoring(); ok && perr == nil {
			errs = append(errs, explainRouteMonitoring(b, root, rm, base, in, opt, x)...)
		} else if es, ok := explainTrimmedRM(b, root, msg, base, in, opt, x); ok {
			errs, perr = append(errs, es...), nil
		}
	case bmp.MsgPeerUp:
		pu, ok := mv.PeerUp()
		if perr != nil {
			pu, _ = bmp.ParsePeerUp(msg) // the fields that frame, shown before the problem
			ok = pu.Message() != nil
		}
		if ok {
			errs = append(errs, explainPeerUp(b, root, pu, base, in, opt, x)...)
		}
	case bmp.MsgPeerDown:
		errs = append(errs, explainPeerDown(b, root, msg, base, in, opt)...)
	case bmp.MsgStatisticsReport:
		if len(msg) >= bmp.OffStatsCount+4 {
			cnt := binary.BigEndian.Uint32(msg[bmp.OffStatsCount:])
			root.add(b.node("stats_count", base+bmp.OffStatsCount, 4, uint64(cnt), "statistics that follow", "RFC 7854 §4.8"))
			end, err := bmp.StatsEnd(msg)
			if err != nil {
				end = len(msg) // ParseMessage's error says where the count overruns
			}
			for t := range bmp.TLVs(msg[bmp.OffStatsCount+4:end], bmp.OffStatsCount+4, false) {
				root.add(statNode(b, t, base))
			}
			if end < len(msg) {
				tr := b.node("trailing", base+end, len(msg)-end, nil, "octets after the Stats Count statistics, kept raw", "RFC 7854 §4.8")
				if h.Version == bmp.Version3 {
					tr.Problem = "RFC 7854 §4.8 has nothing after the statistics Stats Count counts"
				}
				root.add(tr)
			}
		}
	case bmp.MsgInitiation:
		addTLVs(b, root, bmp.TLVs(msg[body:], body, false), base, "information_tlv", func(t uint16) (string, string) {
			return bmp.InitiationTLVType(t).String(), bmp.InitiationTLVType(t).Ref()
		})
		if perr == nil {
			initiationNote(msg[body:], body, x)
		}
	case bmp.MsgTermination:
		for t := range bmp.TLVs(msg[body:], body, false) {
			tt := bmp.TerminationTLVType(t.Type)
			tn := tlvNode(b, t, base, false, "information_tlv", tt.String(), tt.Ref())
			if tt == bmp.TermReason {
				v := tn.Children[2]
				if c, ok := t.Uint16(); ok {
					v.Value, v.Meaning = int(c), bmp.TerminationReason(c).String()
				} else {
					v.Problem = "a Reason is a 2-octet code; " + itoa(len(t.Value)) + " octets are sent"
				}
			}
			root.add(tn)
		}
	case bmp.MsgRouteMirroring:
		for t := range bmp.TLVs(msg[body:], body, false) {
			tn := tlvNode(b, t, base, false, "route_mirroring_tlv", bmp.MirroringTLVType(t.Type).String(), bmp.MirroringTLVType(t.Type).Ref())
			switch t.Type {
			case 0: // BGP Message
				if len(t.Value) >= bgp.HeaderLen {
					m, _, _, _ := explainMessage(t.Value, base+t.Off+4, in, opt)
					tn.Children = tn.Children[:2]
					tn.add(m)
				}
			case 1: // Information
				if c, ok := t.Uint16(); ok {
					tn.Children[2].Value, tn.Children[2].Meaning = int(c), bmp.MirroringInfo(c).String()
				}
			}
			root.add(tn)
		}
	}
	if perr != nil {
		// The message frames (its length was checked before): what is
		// wrong is inside it, and the stream reads on.
		e := &bgp.Error{Off: base, Reason: perr.Error(), Action: bgp.NoAction}
		if be, ok := perr.(*bmp.Error); ok {
			e.Off += be.Off
		}
		errs = append(errs, e)
		root.Problem = perr.Error()
	}
	return errs
}

// explainRouteMonitoring adds the UPDATE of a Route Monitoring message
// (read with the AS width the A flag says, unless opt fixes it) and, in
// version 4, its TLVs.
func explainRouteMonitoring(b *builder, root *Node, rm bmp.RouteMonitoringView, base int, in []byte, opt Options, x *Explanation) []*bgp.Error {
	var errs []*bgp.Error
	if !opt.FixedAS4 {
		opt.Session.AS4 = !rm.Peer().AS2()
	}
	var m *Node
	if bm := rm.BGPMessage(); bm != nil {
		var s bgp.Session
		var notes []string
		m, s, notes, errs = explainMessage(bm, base+rm.BGPOff(), in, opt)
		m.Name = "bgp_update"
		x.Notes = append(x.Notes, notes...)
		x.Session = sessionInfo(s)
	}
	if rm.Version() == bmp.Version4 {
		addV4TLVs(b, root, rm, base, m)
		if rm.Numbering() == bmp.V4Interim {
			x.Notes = append(x.Notes, "the TLV types follow the interim numbering used before draft-ietf-grow-bmp-tlv-20 (the BGP Message is type 4, Path Status type 5)")
		}
	} else if m != nil {
		root.add(m)
	}
	root.Meaning = "the peer " + rm.Peer().Address.String() + " " + ribWords(rm.Peer())
	return errs
}

func ribWords(p bmp.PeerHeader) string {
	switch {
	case p.Type == bmp.PeerLocRIB:
		return "(Loc-RIB of the router, RFC 9069)"
	case p.AdjRIBOut() && p.PostPolicy():
		return "(Adj-RIB-Out, post-policy: what the router sends, RFC 8671)"
	case p.AdjRIBOut():
		return "(Adj-RIB-Out, pre-policy, RFC 8671)"
	case p.PostPolicy():
		return "(Adj-RIB-In, post-policy: after the router's import policy)"
	}
	return "(Adj-RIB-In, pre-policy: as the peer sent it)"
}

func explainPeerHeader(b *builder, msg []byte, base int) *Node {
	p, _ := bmp.ParsePeerHeader(msg[bmp.OffPeerType:])
	n := b.node("per_peer_header", base+bmp.OffPeerType, bmp.PeerHeaderLen, nil, "", "RFC 7854 §4.2")
	n.add(b.node("peer_type", base+bmp.OffPeerType, 1, int(msg[bmp.OffPeerType]), bmp.PeerType(msg[bmp.OffPeerType]).String(), bmp.PeerType(msg[bmp.OffPeerType]).Ref()))
	fl := b.node("peer_flags", base+bmp.OffPeerFlags, 1, "0x"+hex2(msg[bmp.OffPeerFlags]), p.FlagNames(), "RFC 7854 §4.2, RFC 8671 §4, RFC 9069 §4.2")
	f := msg[bmp.OffPeerFlags]
	bit := func(name string, mask uint8, yes, no, ref string) {
		m := no
		if f&mask != 0 {
			m = yes
		}
		fl.add(&Node{Name: name, Off: fl.Off, Len: 1, Hex: fl.Hex, Value: f&mask != 0, Meaning: bitPattern(f, mask) + "  " + m, Ref: ref})
	}
	if p.Type == bmp.PeerLocRIB {
		bit("f_flag", 0x80, "filtered: the Loc-RIB is not complete", "the whole Loc-RIB", "RFC 9069 §4.2")
	} else {
		bit("v_flag", 0x80, "IPv6 peer address", "IPv4 peer address", "RFC 7854 §4.2")
		bit("l_flag", 0x40, "post-policy", "pre-policy", "RFC 7854 §4.2")
		bit("a_flag", 0x20, "2-octet AS_PATH format", "4-octet AS_PATH format", "RFC 7854 §4.2")
		bit("o_flag", 0x10, "Adj-RIB-Out", "Adj-RIB-In", "RFC 8671 §4")
	}
	n.add(fl)
	n.add(b.node("peer_distinguisher", base+bmp.OffPeerDistinguisher, 8, p.Distinguisher.String(), "route distinguisher of the peer's instance (0 for the global instance)", "RFC 7854 §4.2"))
	n.add(b.node("peer_address", base+bmp.OffPeerAddress, 16, p.Address.String(), "", "RFC 7854 §4.2"))
	n.add(b.node("peer_as", base+bmp.OffPeerAS, 4, uint64(p.AS), "", "RFC 7854 §4.2"))
	n.add(b.node("peer_bgp_id", base+bmp.OffPeerBGPID, 4, p.BGPID.String(), "", "RFC 7854 §4.2"))
	sec := binary.BigEndian.Uint32(msg[bmp.OffPeerTimestampSec:])
	usec := binary.BigEndian.Uint32(msg[bmp.OffPeerTimestampUsec:])
	tm := "not set"
	if sec != 0 {
		tm = time.Unix(int64(sec), int64(usec)*1000).UTC().Format(time.RFC3339Nano)
	}
	n.add(b.node("timestamp_seconds", base+bmp.OffPeerTimestampSec, 4, uint64(sec), tm, "RFC 7854 §4.2"))
	n.add(b.node("timestamp_microseconds", base+bmp.OffPeerTimestampUsec, 4, uint64(usec), "", "RFC 7854 §4.2"))
	return n
}

func explainPeerDown(b *builder, root *Node, msg []byte, base int, in []byte, opt Options) []*bgp.Error {
	var errs []*bgp.Error
	l, err := bmp.LocatePeerDown(msg)
	if err != nil {
		return nil // ParseMessage's error says it
	}
	r := l.Reason
	rn := b.node("reason", base+bmp.OffPeerDownReason, 1, int(r), r.String(), r.Ref())
	root.add(rn)
	root.Meaning = r.String()
	if l.FieldLen > 0 {
		field := msg[l.FieldOff : l.FieldOff+l.FieldLen]
		switch r.Data() {
		case bmp.PeerDownDataNotification:
			m, _, _, es := explainMessage(field, base+l.FieldOff, in, opt)
			m.Name = "notification_message"
			root.add(m)
			errs = append(errs, es...)
		case bmp.PeerDownDataFSMEvent:
			ev := bgp.FSMEvent(binary.BigEndian.Uint16(field))
			root.add(b.node("fsm_event_code", base+l.FieldOff, 2, int(ev), ev.String()+": the FSM event that closed the session", "RFC 7854 §4.9, "+ev.Ref()))
		}
	}
	if l.TLVOff > 0 {
		addTLVs(b, root, bmp.TLVs(msg[l.TLVOff:], l.TLVOff, false), base, "information_tlv", func(t uint16) (string, string) {
			return bmp.PeerDownTLVType(t).String(), bmp.PeerDownTLVType(t).Ref()
		})
	}
	if p := l.Problem; p != nil {
		// The message frames: what is wrong is the data of its reason,
		// which a collector keeps as octets and reads past.
		rn.Problem = p.Reason
		errs = append(errs, &bgp.Error{Off: base + p.Off, Reason: p.Error(), Action: bgp.NoAction})
	}
	return errs
}

// addTLVs adds a node per TLV, named and referenced by the registry.
func addTLVs(b *builder, parent *Node, tlvs func(func(bmp.TLVView) bool), base int, name string, reg func(uint16) (string, string)) {
	for t := range tlvs {
		tn, ref := reg(t.Type)
		parent.add(tlvNode(b, t, base, false, name, tn, ref))
	}
}

// addV4TLVs adds the TLVs of a version 4 Route Monitoring message, named
// by the numbering the message follows; the BGP Message TLV's value is
// update, the explained UPDATE (nil if there is none), and a Path Status
// TLV's value is decoded.
func addV4TLVs(b *builder, root *Node, rm bmp.RouteMonitoringView, base int, update *Node) {
	n := rm.Numbering()
	for t := range rm.TLVs() {
		k := rm.TLVKind(t)
		tn := tlvNode(b, t, base, true, "route_monitoring_tlv", n.TypeString(t.Type), k.Ref())
		val := tn.Children[len(tn.Children)-1]
		switch k {
		case bmp.V4KindBGPMessage:
			if update != nil && update.Off == val.Off {
				tn.Children[len(tn.Children)-1] = update
			}
		case bmp.V4KindPathStatus:
			if pm, ok := bmp.ParsePathMarking(t.Value); ok {
				val.Value = pm.String()
				val.Meaning = "the status of the path the index names"
				val.add(b.node("path_status", val.Off, 4, "0x"+hex.EncodeToString(t.Value[:4]), pm.Status.String(), k.Ref()))
				if pm.HasReason {
					val.add(b.node("reason_code", val.Off+4, 2, int(pm.Reason), pm.Reason.String(), k.Ref()))
				}
			}
		}
		root.add(tn)
	}
}

// tlvNode explains one TLV; indexed says whether it has the 2-octet Index
// of version 4 Route Monitoring TLVs, whatever the index's value.
func tlvNode(b *builder, t bmp.TLVView, base int, indexed bool, name, typeName, ref string) *Node {
	hl := 4
	if indexed {
		hl = 6
	}
	off := base + t.Off
	n := b.node(name, off, hl+len(t.Value), typeName, "", ref)
	n.add(b.node("type", off, 2, int(t.Type), typeName, ref))
	n.add(b.node("length", off+2, 2, len(t.Value), "", "RFC 7854 §4.4"))
	if hl == 6 {
		n.add(b.node("index", off+4, 2, int(t.Index), "", "draft-ietf-grow-bmp-tlv"))
	}
	v := b.node("value", off+hl, len(t.Value), nil, "", ref)
	if printable(t.Value) {
		v.Value = string(t.Value)
	}
	n.add(v)
	return n
}

func statNode(b *builder, t bmp.TLVView, base int) *Node {
	st := bmp.StatType(t.Type)
	off := base + t.Off
	n := b.node("stat", off, 4+len(t.Value), st.String(), "", st.Ref())
	n.add(b.node("stat_type", off, 2, int(t.Type), st.String(), st.Ref()))
	ln := b.node("stat_length", off+2, 2, len(t.Value), st.Width().String(), "RFC 7854 §4.8")
	n.add(ln)
	s := bmp.Stat{Type: st, Value: t.Value}
	if w := st.Width(); w != bmp.StatUnknown && !s.WellFormed() {
		// RFC 7854 §4.8: unexpected stat data is ignored, not an error of
		// the message; the value is still read by its own length (a
		// decoder that reads the registry's width instead runs into the
		// next statistic).
		ln.Problem = "the registry gives this type a " + w.String() + " (" + itoa(w.Len()) + " octets); " + itoa(len(t.Value)) + " are sent"
	}
	v := b.node("stat_value", off+4, len(t.Value), nil, "", st.Ref())
	if f, g, ok := s.FamilyGauge(); ok && st.Width() == bmp.StatFamilyGauge {
		v.Value, v.Meaning = g, f.String()
	} else if u, ok := s.Uint(); ok {
		v.Value = u
	}
	n.Value = v.Value
	n.add(v)
	return n
}

func printable(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// explainLegacyBMP explains a BMP version 1 or 2 message: its version,
// type and per-peer header, then its body as in its version 3 form
// (bmp.UpgradeLegacy), whose fields lie bmp.LegacyShift octets further
// on than in the input.
func explainLegacyBMP(b *builder, in []byte, base int, opt Options, x *Explanation) (*Node, []*bgp.Error) {
	rest := in[base:]
	t := bmp.MsgType(0)
	if len(rest) > 1 {
		t = bmp.MsgType(rest[1])
	}
	up, n, err := bmp.UpgradeLegacy(rest)
	if err != nil {
		n = len(rest)
	}
	root := b.node("bmp_message", base, n, nil, "", "RFC 7854 §4")
	root.Label = "BMP " + t.String() + " message"
	ch := b.node("common_header", base, 2, nil, "", "draft-ietf-grow-bmp (before RFC 7854)")
	root.add(ch)
	ch.add(b.node("version", base, 1, int(rest[bmp.OffVersion]), "BMP version "+itoa(int(rest[bmp.OffVersion]))+" (early draft-ietf-grow-bmp): no length field; the body says where the message ends", "draft-ietf-grow-bmp (before RFC 7854)"))
	if len(rest) > 1 {
		ch.add(b.node("message_type", base+1, 1, int(t), t.String(), t.Ref()))
	}
	if len(rest) >= bmp.LegacyHeaderLen {
		// LegacyShift octets in front put the per-peer header where a
		// version 3 message has it.
		shifted := append(make([]byte, bmp.LegacyShift, bmp.OffBody), rest[:bmp.LegacyHeaderLen]...)
		root.add(explainPeerHeader(b, shifted, base-bmp.LegacyShift))
	}
	x.Notes = append(x.Notes, "BMP version "+itoa(int(rest[bmp.OffVersion]))+" (an early draft of RFC 7854): read as version 3, whose per-peer header and bodies it shares")
	if err != nil {
		root.Problem = err.Error()
		fillGap(b, root)
		return root, []*bgp.Error{{Off: base, Reason: err.Error(), Action: bgp.SessionReset}}
	}
	errs := explainBMPBody(b, root, up, base-bmp.LegacyShift, bmp.OffBody, in, opt, x)
	fillGap(b, root)
	return root, errs
}

// explainPeerUp explains the fields of a Peer Up after its per-peer
// header, as far as they frame: a view ParsePeerUp refused may lack the
// Received OPEN and the information TLVs.
func explainPeerUp(b *builder, root *Node, pu bmp.PeerUpView, base int, in []byte, opt Options, x *Explanation) []*bgp.Error {
	var errs []*bgp.Error
	o := base + bmp.OffBody
	root.add(b.node("local_address", o, 16, pu.LocalAddress().String(), "the monitored router's address on the session", "RFC 7854 §4.10"))
	root.add(b.node("local_port", o+16, 2, int(pu.LocalPort()), "", "RFC 7854 §4.10"))
	root.add(b.node("remote_port", o+18, 2, int(pu.RemotePort()), "", "RFC 7854 §4.10"))
	if pu.PortsSwapped() {
		x.Notes = append(x.Notes, "the Peer Up's ports read "+itoa(int(pu.LocalPort()))+" and "+itoa(int(pu.RemotePort()))+
			": 45824 is BGP's port 179 with its octets swapped, as FRR before 8.5 wrote them (host byte order); the values shown are the octets in network order")
	}
	for _, m := range []struct {
		msg         []byte
		off         int
		name, words string
	}{
		{pu.SentOpen(), o + 20, "sent_open_message", "the OPEN the router sent to the peer: "},
		{pu.ReceivedOpen(), base + pu.ReceivedOpenOff(), "received_open_message", "the OPEN the router received from the peer: "},
	} {
		if m.msg == nil {
			break
		}
		n, _, _, es := explainMessage(m.msg, m.off, in, opt)
		n.Name, n.Meaning = m.name, m.words+n.Meaning
		root.add(n)
		errs = append(errs, es...)
	}
	addTLVs(b, root, pu.Information(), base, "information_tlv", func(t uint16) (string, string) {
		return bmp.PeerUpTLVType(t).String(), bmp.PeerUpTLVType(t).Ref()
	})
	if pu.InformationOff() > 0 {
		root.Meaning = "the session with " + pu.Peer().Address.String() + " came up"
	}
	return errs
}

// initiationNote says which of sysDescr and sysName, which RFC 7854 §4.3
// says an Initiation MUST carry, the TLVs b lack: a remark on the
// exporter, not a problem of the message.
func initiationNote(b []byte, off int, x *Explanation) {
	var descr, name bool
	for t := range bmp.TLVs(b, off, false) {
		descr = descr || bmp.InitiationTLVType(t.Type) == bmp.InitSysDescr
		name = name || bmp.InitiationTLVType(t.Type) == bmp.InitSysName
	}
	missing := ""
	switch {
	case !descr && !name:
		missing = "sysDescr and sysName"
	case !descr:
		missing = "sysDescr"
	case !name:
		missing = "sysName"
	default:
		return
	}
	x.Notes = append(x.Notes, "the Initiation carries no "+missing+", which RFC 7854 §4.3 says it MUST send")
}

// explainTrimmedRM explains a version 3 Route Monitoring message with
// octets after its BGP message (Huawei VRP sends vendor TLVs there; RFC
// 7854 §4.6 has nothing): the UPDATE as usual, then the octets, as TLVs
// when they frame as such, with the problem. False when msg is not such a
// message (bmp.TrimRouteMonitoring decides).
func explainTrimmedRM(b *builder, root *Node, msg []byte, base int, in []byte, opt Options, x *Explanation) ([]*bgp.Error, bool) {
	fixed, extra, ok := bmp.TrimRouteMonitoring(msg)
	if !ok {
		return nil, false
	}
	rm, err := bmp.ParseRouteMonitoring(fixed) // a copy: its fields are at the same offsets as msg's
	if err != nil {
		return nil, false
	}
	errs := explainRouteMonitoring(b, root, rm, base, in, opt, x)
	off := len(fixed)
	tr := b.node("trailing", base+off, len(extra), nil, "octets after the BGP message, kept raw", "RFC 7854 §4.6")
	tr.Problem = itoa(len(extra)) + " octets after the BGP message, which RFC 7854 §4.6 does not provide for"
	if bmp.TLVsFrame(extra) {
		for t := range bmp.TLVs(extra, off, false) {
			tr.add(tlvNode(b, t, base, false, "tlv", "TLV type "+itoa(int(t.Type)), ""))
		}
	}
	root.add(tr)
	return append(errs, &bgp.Error{Off: base + off, Reason: tr.Problem, Action: bgp.NoAction}), true
}
