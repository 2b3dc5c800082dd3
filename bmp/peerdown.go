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

// parsePeerDown decodes msg, a framed Peer Down message.
func parsePeerDown(msg []byte) (PeerDown, error) {
	if len(msg) <= OffPeerDownReason {
		return PeerDown{}, errAt(len(msg), "Peer Down without a reason")
	}
	m := PeerDown{Version: msg[OffVersion], Peer: parsePeerHeader(msg), Reason: PeerDownReason(msg[OffPeerDownReason])}
	data := msg[OffPeerDownReason+1:]
	off := OffPeerDownReason + 1
	rest := data
	switch m.Reason {
	case DownLocalNotification, DownRemoteNotification:
		n, e := bgpLength(data, off)
		if e != nil {
			return m.raw(data), nil
		}
		m.Notification = cloneBytes(data[:n])
		rest = data[n:]
	case DownLocalFSMEvent:
		if len(data) < 2 {
			return m.raw(data), nil
		}
		m.FSMEvent = binary.BigEndian.Uint16(data)
		rest = data[2:]
	case DownRemoteNoData, DownDeconfigured:
	case DownLocalTLV:
		if checkTLVs(data, off, false) != nil {
			return m.raw(data), nil
		}
		m.TLVs = decodeTLVs(data, false)
		return m, nil
	default:
		return m.raw(data), nil
	}
	if len(rest) == 0 {
		return m, nil
	}
	if m.Version != Version4 || checkTLVs(rest, off+len(data)-len(rest), false) != nil {
		return m.raw(data), nil
	}
	m.TLVs = decodeTLVs(rest, false)
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
	switch m.Reason {
	case DownLocalNotification, DownRemoteNotification:
		dst = append(dst, m.Notification...)
	case DownLocalFSMEvent:
		dst = binary.BigEndian.AppendUint16(dst, m.FSMEvent)
	}
	dst, err := appendTLVs(dst, m.TLVs, false)
	if err != nil {
		return dst[:start], err
	}
	return fixLength(dst, start)
}
