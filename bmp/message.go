package bmp

// Message is an owned BMP message: RouteMonitoring, StatisticsReport,
// PeerDown, PeerUp, Initiation, Termination, RouteMirroring or Unknown.
// Append appends the whole message, common header included; for every
// message DecodeMessage accepts, Append gives back the same octets.
type Message interface {
	Type() MsgType
	Append(dst []byte) ([]byte, error)
}

// MessageView is a BMP message whose framing ParseMessage has checked:
// the common header, the per-peer header when the type has one, and the
// layout of the body for the type (TLVs, statistics, the OPENs of a Peer
// Up, the BGP message of a Route Monitoring). It aliases the message.
type MessageView struct {
	msg []byte
	h   Header
	rm  RouteMonitoringView
	pu  PeerUpView
}

// ParseMessage checks the BMP message at the start of msg (bytes after
// its length are ignored) and returns a view of it. Messages of unknown
// types are framed by their length and accepted. The encapsulated BGP
// messages are framed, not parsed: RouteMonitoring().Update,
// PeerUp().Session and the bgp package read them. Offsets in errors are
// relative to msg.
func ParseMessage(msg []byte) (MessageView, error) {
	msg, _, err := SplitMessage(msg)
	if err != nil {
		return MessageView{}, err
	}
	h, _ := ParseHeader(msg)
	v := MessageView{msg: msg, h: h}
	if h.Type.HasPeerHeader() && len(msg) < OffBody {
		return MessageView{}, errAt(len(msg), "message shorter than its per-peer header")
	}
	var e *Error
	switch h.Type {
	case MsgRouteMonitoring:
		v.rm, err = ParseRouteMonitoring(msg)
	case MsgPeerUp:
		v.pu, err = ParsePeerUp(msg)
	case MsgStatisticsReport:
		_, e = checkStats(msg)
	case MsgPeerDown:
		if len(msg) <= OffPeerDownReason {
			e = errAt(len(msg), "Peer Down without a reason")
		}
	case MsgInitiation, MsgTermination:
		e = checkTLVs(msg[CommonHeaderLen:], CommonHeaderLen, false)
	case MsgRouteMirroring:
		e = checkTLVs(msg[OffBody:], OffBody, false)
	}
	if e != nil {
		return MessageView{}, e
	}
	if err != nil {
		return MessageView{}, err
	}
	return v, nil
}

// Header returns the common header.
func (v MessageView) Header() Header { return v.h }

// Type returns the message type.
func (v MessageView) Type() MsgType { return v.h.Type }

// Message returns the message, cut to its length.
func (v MessageView) Message() []byte { return v.msg }

// Peer returns the per-peer header, if the type has one.
func (v MessageView) Peer() (PeerHeader, bool) {
	if !v.h.Type.HasPeerHeader() || len(v.msg) < OffBody {
		return PeerHeader{}, false
	}
	return parsePeerHeader(v.msg), true
}

// RouteMonitoring returns the Route Monitoring view, if the message is
// one.
func (v MessageView) RouteMonitoring() (RouteMonitoringView, bool) {
	return v.rm, v.h.Type == MsgRouteMonitoring && v.rm.msg != nil
}

// PeerUp returns the Peer Up view, if the message is one.
func (v MessageView) PeerUp() (PeerUpView, bool) {
	return v.pu, v.h.Type == MsgPeerUp && v.pu.msg != nil
}

// Decode returns the owned form of the message. Its slices are copies.
func (v MessageView) Decode() (Message, error) {
	msg := v.msg
	if msg == nil {
		return nil, errAt(0, "message view is empty")
	}
	switch v.h.Type {
	case MsgRouteMonitoring:
		return v.rm.Decode()
	case MsgPeerUp:
		return v.pu.Decode()
	case MsgStatisticsReport:
		return parseStats(msg)
	case MsgPeerDown:
		return parsePeerDown(msg)
	case MsgInitiation:
		return Initiation{Version: v.h.Version, Information: decodeTLVs(msg[CommonHeaderLen:], false)}, nil
	case MsgTermination:
		return Termination{Version: v.h.Version, Information: decodeTLVs(msg[CommonHeaderLen:], false)}, nil
	case MsgRouteMirroring:
		return RouteMirroring{Version: v.h.Version, Peer: parsePeerHeader(msg), TLVs: decodeTLVs(msg[OffBody:], false)}, nil
	}
	return Unknown{Version: v.h.Version, MsgType: v.h.Type, Body: cloneBytes(msg[CommonHeaderLen:])}, nil
}

// DecodeMessage parses and decodes the BMP message at the start of msg:
// ParseMessage, then Decode. The result owns its memory.
func DecodeMessage(msg []byte) (Message, error) {
	v, err := ParseMessage(msg)
	if err != nil {
		return nil, err
	}
	return v.Decode()
}
