package bmp

import (
	"encoding/binary"

	"github.com/bgplens/bgplens/bgp"
)

// OffPeerDownReason is the offset of the Reason octet of a Peer Down
// Notification; its data follows (RFC 7854 §4.9).
const OffPeerDownReason = OffBody

// PeerDown is an owned Peer Down Notification (RFC 7854 §4.9, RFC 9069
// §5.3). Which fields are set depends on Reason:
//
//   - 1 and 3: Notification, the BGP NOTIFICATION message, header included
//     (DecodeNotification reads it);
//   - 2: FSMEvent, the 2-octet FSM event code (RFC 4271 §8.1; 0 when none
//     applies);
//   - 6: TLVs (PeerDownTLVType names their types);
//   - 4 and 5: nothing.
//
// In BMP version 4 (draft-ietf-grow-bmp-tlv) TLVs may follow the data of
// any reason. When the octets after the reason do not have the layout the
// reason calls for, or the reason is unknown, Data holds them all and the
// other fields are empty: the message is kept rather than refused, and
// Append writes Data back as it was.
type PeerDown struct {
	Version      uint8 // 0 is written as 3
	Peer         PeerHeader
	Reason       PeerDownReason
	Notification []byte
	FSMEvent     uint16
	TLVs         []TLV
	Data         []byte
}

// Type returns MsgPeerDown.
func (PeerDown) Type() MsgType { return MsgPeerDown }

// DecodeNotification decodes the NOTIFICATION of reasons 1 and 3 with the
// bgp package. Extended messages are allowed (RFC 8654): the BMP framing
// already bounds the length.
func (m PeerDown) DecodeNotification() (bgp.Notification, error) {
	if m.Notification == nil {
		return bgp.Notification{}, errAt(OffPeerDownReason, "Peer Down carries no NOTIFICATION")
	}
	n, err := bgp.DecodeNotification(m.Notification, bgp.Session{ExtendedMsg: true})
	if err != nil {
		return n, errBGP(OffPeerDownReason+1, "NOTIFICATION of the Peer Down", err)
	}
	return n, nil
}

// PeerDownLayout locates the data of a Peer Down message as its reason's
// registry row lays it out (PeerDownReason.Data). Offsets are from the
// first octet of the message.
type PeerDownLayout struct {
	Reason PeerDownReason
	// FieldOff and FieldLen locate the reason's own field: the
	// NOTIFICATION of reasons 1 and 3, the FSM event code of reason 2.
	// FieldLen is 0 when there is none.
	FieldOff, FieldLen int
	// TLVOff is where the TLVs start that run to the end of the message
	// (reason 6, or after the reason's data in version 4); 0 when none.
	TLVOff int
	// Problem says where and why the octets after the reason do not have
	// the layout the reason calls for, or that the reason is not in the
	// registry and its data cannot be read; nil otherwise. The message is
	// still framed: a collector keeps it and reads on.
	Problem *Error
}

// LocatePeerDown frames the Peer Down message msg (common header
// included; bytes after its length are ignored) and locates the data of
// its reason. The error is for a message that does not frame; a reason
// whose data does not fit is reported in the layout's Problem.
func LocatePeerDown(msg []byte) (PeerDownLayout, error) {
	msg, _, err := frame(msg, MsgPeerDown)
	if err != nil {
		return PeerDownLayout{}, err
	}
	if len(msg) <= OffPeerDownReason {
		return PeerDownLayout{}, errAt(len(msg), "Peer Down without a reason")
	}
	l := PeerDownLayout{Reason: PeerDownReason(msg[OffPeerDownReason])}
	off := OffPeerDownReason + 1
	data := msg[off:]
	switch l.Reason.Data() {
	case PeerDownDataNotification:
		n, e := bgpLength(data, off)
		switch {
		case len(data) == 0:
			e = errAt(off, "the reason says a NOTIFICATION PDU follows; none does")
		case e == nil && data[bgp.OffType] != byte(bgp.MsgNotification):
			e = errAt(off+bgp.OffType, "the BGP message after the reason is not a NOTIFICATION")
		}
		if e != nil {
			l.Problem = e
			return l, nil
		}
		l.FieldOff, l.FieldLen = off, n
	case PeerDownDataFSMEvent:
		if len(data) < 2 {
			l.Problem = errAt(off, "the reason calls for a 2-octet FSM event code; fewer octets follow")
			return l, nil
		}
		l.FieldOff, l.FieldLen = off, 2
	case PeerDownDataNone:
	case PeerDownDataTLVs:
		if e := checkTLVs(data, off, false); e != nil {
			l.Problem = e
			return l, nil
		}
		if len(data) > 0 {
			l.TLVOff = off
		}
		return l, nil
	default:
		if len(data) > 0 {
			l.Problem = errAt(off, "the reason is not in the registry: what its data holds is unknown")
		}
		return l, nil
	}
	rest := off + l.FieldLen
	switch {
	case rest == len(msg):
	case msg[OffVersion] != Version4:
		l.Problem = errAt(rest, "octets after the data the reason calls for (only BMP version 4 adds TLVs there)")
	default:
		if e := checkTLVs(msg[rest:], rest, false); e != nil {
			l.Problem = e
		} else {
			l.TLVOff = rest
		}
	}
	return l, nil
}

// parsePeerDown decodes msg, a framed Peer Down message.
func parsePeerDown(msg []byte) (PeerDown, error) {
	l, err := LocatePeerDown(msg)
	if err != nil {
		return PeerDown{}, err
	}
	m := PeerDown{Version: msg[OffVersion], Peer: parsePeerHeader(msg), Reason: l.Reason}
	data := msg[OffPeerDownReason+1:]
	if l.Problem != nil || l.Reason.Data() == PeerDownDataUnknown {
		return m.raw(data), nil
	}
	field := msg[l.FieldOff : l.FieldOff+l.FieldLen]
	switch l.Reason.Data() {
	case PeerDownDataNotification:
		m.Notification = cloneBytes(field)
	case PeerDownDataFSMEvent:
		m.FSMEvent = binary.BigEndian.Uint16(field)
	}
	if l.TLVOff > 0 {
		m.TLVs = decodeTLVs(msg[l.TLVOff:], false)
	}
	return m, nil
}

// raw resets m to the raw form holding data.
func (m PeerDown) raw(data []byte) PeerDown {
	m.Notification, m.FSMEvent, m.TLVs = nil, 0, nil
	m.Data = append([]byte{}, data...)
	return m
}

// Append appends the whole message, common header included.
func (m PeerDown) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, m.Version, MsgPeerDown)
	dst, _ = m.Peer.AppendBinary(dst)
	dst = append(dst, byte(m.Reason))
	if m.Data != nil {
		dst = append(dst, m.Data...)
		return fixLength(dst, start)
	}
	switch m.Reason.Data() {
	case PeerDownDataNotification:
		dst = append(dst, m.Notification...)
	case PeerDownDataFSMEvent:
		dst = binary.BigEndian.AppendUint16(dst, m.FSMEvent)
	}
	dst, err := appendTLVs(dst, m.TLVs, false)
	if err != nil {
		return dst[:start], err
	}
	return fixLength(dst, start)
}
