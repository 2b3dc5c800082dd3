package bmp

import (
	"encoding/binary"
	"iter"

	"github.com/bgplens/bgplens/bgp"
)

// RouteMonitoringView is a Route Monitoring message located in place (RFC
// 7854 §4.6): ParseRouteMonitoring checks the common and per-peer headers
// and frames the encapsulated BGP message, but does not parse the UPDATE,
// so that a view exists even when the UPDATE only reads with another
// session context. Update parses it with the session the caller chooses
// (Peers chooses it per peer). The view aliases the message.
//
// In BMP version 4 (draft-ietf-grow-bmp-tlv) the per-peer header is
// followed by TLVs with an Index field, and the UPDATE is the value of the
// BGP Message TLV; TLVs iterates over all of them.
type RouteMonitoringView struct {
	msg []byte
	// The BGP message; bgpLen is 0 when a version 4 message has none. A
	// BGP message is at most 65535 octets; the sizes keep the view in 32
	// octets, which the Go compiler keeps in registers (a larger struct
	// goes through memory at each call and return).
	bgpOff    uint32
	bgpLen    uint16
	numbering V4Numbering // the TLV code points of a version 4 message
}

// ParseRouteMonitoring checks the Route Monitoring message msg (common
// header included; bytes after its length are ignored). The encapsulated
// BGP message must fill the rest of the message (version 3) or its TLV
// (version 4) exactly, as its length field says; its marker and type are
// checked by Update. Offsets in errors are relative to msg.
func ParseRouteMonitoring(msg []byte) (RouteMonitoringView, error) {
	// The common case, checked inline: version 3, the type, a length that
	// fits msg and holds the per-peer header and one BGP message that
	// fills the rest exactly. Anything else goes the long way, which says
	// what is wrong.
	if len(msg) >= OffBody+bgp.HeaderLen && msg[OffVersion] == Version3 && MsgType(msg[OffType]) == MsgRouteMonitoring {
		if n := binary.BigEndian.Uint32(msg[OffLength:]); uint64(n) <= uint64(len(msg)) && int(n) >= OffBody+bgp.HeaderLen &&
			int(binary.BigEndian.Uint16(msg[OffBody+bgp.OffLength:])) == int(n)-OffBody {
			return RouteMonitoringView{msg: msg[:n:n], bgpOff: OffBody, bgpLen: uint16(int(n) - OffBody)}, nil
		}
	}
	return parseRouteMonitoring(msg)
}

// parseRouteMonitoring is ParseRouteMonitoring for any message: every
// check in turn, each with its error.
func parseRouteMonitoring(msg []byte) (RouteMonitoringView, error) {
	msg, h, err := frame(msg, MsgRouteMonitoring)
	if err != nil {
		return RouteMonitoringView{}, err
	}
	v := RouteMonitoringView{msg: msg}
	if h.Version == Version3 {
		if err := checkBGPLength(msg[OffBody:], OffBody); err != nil {
			return v, err
		}
		v.bgpOff, v.bgpLen = OffBody, uint16(len(msg)-OffBody) // checkBGPLength: the BGP message's length
		return v, nil
	}
	if err := checkTLVs(msg[OffBody:], OffBody, true); err != nil {
		return v, err
	}
	off, n, numbering := findV4BGPMessage(msg[OffBody:], OffBody)
	v.bgpOff, v.bgpLen, v.numbering = uint32(off), uint16(n), numbering // a TLV's value: under 65536 octets
	return v, nil
}

// frame checks the common header of msg, that it has type t and, when t
// has one, a whole per-peer header. It returns msg cut to its length.
func frame(msg []byte, t MsgType) ([]byte, Header, error) {
	msg, _, err := SplitMessage(msg)
	if err != nil {
		return nil, Header{}, err
	}
	h, _ := ParseHeader(msg)
	if h.Type != t {
		return nil, h, errAt(OffType, "message of another type")
	}
	if t.HasPeerHeader() && len(msg) < OffBody {
		return nil, h, errAt(len(msg), "message shorter than its per-peer header")
	}
	return msg, h, nil
}

// checkBGPLength checks that b holds exactly one BGP message as far as
// its length field says; off is b's offset in the BMP message.
func checkBGPLength(b []byte, off int) *Error {
	n, e := bgpLength(b, off)
	if e != nil {
		return e
	}
	if n != len(b) {
		return errAt(off+bgp.OffLength, "BGP message length disagrees with the space the BMP message gives it")
	}
	return nil
}

// bgpLength returns the length field of the BGP message at the start of
// b, checked against the header size and len(b).
func bgpLength(b []byte, off int) (int, *Error) {
	if len(b) < bgp.HeaderLen {
		return 0, errAt(off+len(b), "BGP message shorter than its 19-octet header")
	}
	n := int(binary.BigEndian.Uint16(b[bgp.OffLength:]))
	if n < bgp.HeaderLen || n > len(b) {
		return 0, errAt(off+bgp.OffLength, "BGP message length out of range")
	}
	return n, nil
}

// findV4BGPMessage returns the offset and length of the value of the BGP
// Message TLV among the version 4 TLVs b (at offset off), or 0, 0, and
// the numbering its type shows: type 7 is the draft's current code point
// (V4Draft20); a type-4 TLV whose value is exactly one BGP message is the
// interim numbering's (V4Interim), where 4 was the BGP Message.
func findV4BGPMessage(b []byte, off int) (int, int, V4Numbering) {
	old := -1
	for i := 0; i < len(b); {
		t, n, ok := nextTLV(b[i:], true)
		if !ok {
			break
		}
		switch V4TLVType(t.Type) {
		case V4BGPMessage:
			return off + i + 6, len(t.Value), V4Draft20
		case v4InterimBGPMessage:
			if old < 0 && isOneBGPMessage(t.Value) {
				old = i
			}
		}
		i += n
	}
	if old >= 0 {
		return off + old + 6, int(binary.BigEndian.Uint16(b[old+2:])), V4Interim
	}
	return 0, 0, V4Draft20
}

// v4InterimBGPMessage is the BGP Message type of the interim numbering.
const v4InterimBGPMessage V4TLVType = 4

// isOneBGPMessage reports whether b is one BGP message: all-ones marker
// and a length field equal to len(b).
func isOneBGPMessage(b []byte) bool {
	if len(b) < bgp.HeaderLen || int(binary.BigEndian.Uint16(b[bgp.OffLength:])) != len(b) {
		return false
	}
	for _, c := range b[:bgp.MarkerLen] {
		if c != 0xff {
			return false
		}
	}
	return true
}

// Message returns the BMP message, cut to its length.
func (v RouteMonitoringView) Message() []byte { return v.msg }

// Version returns the BMP version of the message.
func (v RouteMonitoringView) Version() uint8 {
	if len(v.msg) == 0 {
		return 0
	}
	return v.msg[OffVersion]
}

// Peer returns the per-peer header.
func (v RouteMonitoringView) Peer() PeerHeader {
	if len(v.msg) < OffBody {
		return PeerHeader{}
	}
	return parsePeerHeader(v.msg)
}

// BGPMessage returns the encapsulated BGP message, header included,
// capped; nil for a version 4 message without a BGP Message TLV.
func (v RouteMonitoringView) BGPMessage() []byte {
	if v.bgpLen == 0 {
		return nil
	}
	off, end := int(v.bgpOff), int(v.bgpOff)+int(v.bgpLen)
	return v.msg[off:end:end]
}

// BGPOff returns the offset of the BGP message in the BMP message, to
// turn offsets of the UpdateView into offsets of the BMP message.
func (v RouteMonitoringView) BGPOff() int { return int(v.bgpOff) }

// TLVs iterates over the TLVs of a version 4 message, the BGP Message TLV
// included; it yields nothing for version 3.
func (v RouteMonitoringView) TLVs() iter.Seq[TLVView] {
	if v.Version() != Version4 {
		return func(func(TLVView) bool) {}
	}
	return tlvSeq(v.msg[OffBody:], OffBody, true)
}

// Numbering returns the TLV code points a version 4 message follows (see
// V4Numbering); V4Draft20 for version 3.
func (v RouteMonitoringView) Numbering() V4Numbering { return v.numbering }

// TLVKind returns what the TLV t of this message is, under the message's
// numbering.
func (v RouteMonitoringView) TLVKind(t TLVView) V4TLVKind { return v.numbering.Kind(t.Type) }

// TableName returns the value of the message's VRF/Table Name TLV
// (version 4), or false. It allocates.
func (v RouteMonitoringView) TableName() (string, bool) {
	if v.Version() != Version4 {
		return "", false // only version 4 carries TLVs; asked of every message, so no walk
	}
	return v.tableNameTLV()
}

// tableNameTLV walks the TLVs: a function of its own, since the walk's
// closure moves the view to the heap in the function that holds it.
func (v RouteMonitoringView) tableNameTLV() (string, bool) {
	for t := range v.TLVs() {
		if v.TLVKind(t) == V4KindVRFTableName {
			return t.Text(), true
		}
	}
	return "", false
}

// Update parses the encapsulated UPDATE with session s (bgp.ParseUpdate:
// errors and the view's offsets are relative to BGPMessage). Use Peers to
// choose s from the peer's Peer Up and check it against the message.
func (v RouteMonitoringView) Update(s bgp.Session) (bgp.UpdateView, error) {
	m := v.BGPMessage()
	if m == nil {
		return bgp.UpdateView{}, errAt(OffBody, "no BGP Message TLV in the version 4 Route Monitoring")
	}
	return bgp.ParseUpdate(m, s)
}

// Decode returns the owned form of the message.
func (v RouteMonitoringView) Decode() (RouteMonitoring, error) {
	if len(v.msg) < OffBody {
		return RouteMonitoring{}, errAt(0, "Route Monitoring view is empty")
	}
	m := RouteMonitoring{Version: v.Version(), Peer: v.Peer()}
	if m.Version == Version3 {
		m.BGP = cloneBytes(v.BGPMessage())
	} else {
		m.TLVs = decodeTLVs(v.msg[OffBody:], true)
	}
	return m, nil
}

// RouteMonitoring is an owned Route Monitoring message (RFC 7854 §4.6).
// The encapsulated UPDATE stays as bytes: read it with bgp.ParseUpdate and
// the session Peers gives for the peer.
type RouteMonitoring struct {
	Version uint8 // 3, or 4 for draft-ietf-grow-bmp-tlv; 0 is written as 3
	Peer    PeerHeader
	BGP     []byte // version 3: the BGP UPDATE message, header included
	TLVs    []TLV  // version 4: every TLV in order, the BGP Message TLV included
}

// Type returns MsgRouteMonitoring.
func (RouteMonitoring) Type() MsgType { return MsgRouteMonitoring }

// BGPMessage returns the UPDATE: BGP for version 3, the value of the BGP
// Message TLV for version 4 (nil if there is none).
func (m RouteMonitoring) BGPMessage() []byte {
	if m.Version != Version4 {
		return m.BGP
	}
	for _, t := range m.TLVs {
		if V4TLVType(t.Type) == V4BGPMessage {
			return t.Value
		}
	}
	for _, t := range m.TLVs {
		if V4TLVType(t.Type) == v4InterimBGPMessage && isOneBGPMessage(t.Value) {
			return t.Value
		}
	}
	return nil
}

// Append appends the whole message, common header included. Version 3
// writes BGP, version 4 writes TLVs.
func (m RouteMonitoring) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, m.Version, MsgRouteMonitoring)
	dst, _ = m.Peer.AppendBinary(dst)
	if m.Version == Version4 {
		var err error
		if dst, err = appendTLVs(dst, m.TLVs, true); err != nil {
			return dst[:start], err
		}
	} else {
		dst = append(dst, m.BGP...)
	}
	return fixLength(dst, start)
}

// TrimRouteMonitoring is for version 3 Route Monitoring messages with
// octets after their BGP message, which RFC 7854 §4.6 does not provide for
// (Huawei VRP 8.230 sends them): it returns a copy of msg cut after the
// BGP message, with the common header's length fixed, and the octets cut.
// ok is false when msg is not such a message.
func TrimRouteMonitoring(msg []byte) (fixed, extra []byte, ok bool) {
	const bgpOff = OffBody
	if len(msg) < bgpOff+bgp.HeaderLen || msg[OffVersion] != Version3 ||
		MsgType(msg[OffType]) != MsgRouteMonitoring || !bgp.LooksLikeHeader(msg[bgpOff:]) {
		return nil, nil, false
	}
	end := bgpOff + int(binary.BigEndian.Uint16(msg[bgpOff+bgp.OffLength:]))
	if end >= len(msg) {
		return nil, nil, false
	}
	fixed = append([]byte(nil), msg[:end]...)
	binary.BigEndian.PutUint32(fixed[OffLength:], uint32(end))
	return fixed, msg[end:], true
}
