package bmp

import (
	"encoding/binary"
	"iter"
	"net/netip"
)

// Offsets of the Peer Up fields (RFC 7854 §4.10), from the first octet of
// the message.
const (
	OffPeerUpLocalAddress = OffBody      // Local Address, 16 octets
	OffPeerUpLocalPort    = OffBody + 16 // Local Port, 2 octets
	OffPeerUpRemotePort   = OffBody + 18 // Remote Port, 2 octets
	OffPeerUpSentOpen     = OffBody + 20 // Sent OPEN Message, a whole BGP message
)

// PeerUpView is a Peer Up Notification located in place (RFC 7854 §4.10,
// RFC 9069 §5.2): the two OPEN messages and the information TLVs are
// framed once by ParsePeerUp and read on demand. It aliases the message.
//
// The Sent OPEN is the one the monitored router sent to its peer, the
// Received OPEN the one it received from the peer (RFC 7854 §4.10).
type PeerUpView struct {
	msg        []byte
	rcvdOff    int // offset of the Received OPEN; the Sent OPEN is at OffPeerUpSentOpen
	infoOff    int // offset of the information TLVs
	sentLen    int
	rcvdLength int
}

// ParsePeerUp checks the Peer Up message msg (common header included;
// bytes after its length are ignored): the fixed fields, the length fields
// of both OPEN messages (their contents are read by Session, OpenViews or
// Decode) and the framing of the information TLVs. Offsets in errors are
// relative to msg.
//
// When the fixed fields are whole but what follows does not frame, the
// view returned with the error holds what does (the fixed fields, the
// Sent OPEN if it frames), for explainers to show as far as it goes; it
// has no information TLVs and Decode refuses it.
func ParsePeerUp(msg []byte) (PeerUpView, error) {
	msg, _, err := frame(msg, MsgPeerUp)
	if err != nil {
		return PeerUpView{}, err
	}
	if len(msg) < OffPeerUpSentOpen {
		return PeerUpView{}, errAt(len(msg), "Peer Up shorter than its fixed fields")
	}
	v := PeerUpView{msg: msg}
	n, e := bgpLength(msg[OffPeerUpSentOpen:], OffPeerUpSentOpen)
	if e != nil {
		return v, e
	}
	v.sentLen, v.rcvdOff = n, OffPeerUpSentOpen+n
	n, e = bgpLength(msg[v.rcvdOff:], v.rcvdOff)
	if e != nil {
		return v, e
	}
	v.rcvdLength = n
	if e := checkTLVs(msg[v.rcvdOff+n:], v.rcvdOff+n, false); e != nil {
		return v, e
	}
	v.infoOff = v.rcvdOff + n
	return v, nil
}

// Message returns the BMP message, cut to its length.
func (v PeerUpView) Message() []byte { return v.msg }

// Version returns the BMP version of the message.
func (v PeerUpView) Version() uint8 {
	if len(v.msg) == 0 {
		return 0
	}
	return v.msg[OffVersion]
}

// Peer returns the per-peer header.
func (v PeerUpView) Peer() PeerHeader {
	if len(v.msg) < OffBody {
		return PeerHeader{}
	}
	return parsePeerHeader(v.msg)
}

// LocalAddress returns the router's address of the session: IPv4 when the
// V flag is clear and the padding is zero, as for the peer address (RFC
// 7854 §4.10). Zero-filled for the Loc-RIB peer type (RFC 9069 §5.2).
func (v PeerUpView) LocalAddress() netip.Addr {
	if len(v.msg) < OffPeerUpSentOpen {
		return netip.Addr{}
	}
	return readAddr16(v.msg[OffPeerUpLocalAddress:OffPeerUpLocalAddress+16], v.Peer().ipv6())
}

// LocalPort returns the router's TCP port of the session.
func (v PeerUpView) LocalPort() uint16 {
	if len(v.msg) < OffPeerUpSentOpen {
		return 0
	}
	return binary.BigEndian.Uint16(v.msg[OffPeerUpLocalPort:])
}

// RemotePort returns the peer's TCP port of the session.
func (v PeerUpView) RemotePort() uint16 {
	if len(v.msg) < OffPeerUpSentOpen {
		return 0
	}
	return binary.BigEndian.Uint16(v.msg[OffPeerUpRemotePort:])
}

// PortsSwapped reports whether the ports look written in little-endian
// order: one is 45824 (0xb300, BGP's port 179 with its octets swapped) and
// neither is 179. FRR before 8.5 wrote them so (FRRouting/frr PR 13198);
// LocalPort and RemotePort give the octets as sent, in network order.
func (v PeerUpView) PortsSwapped() bool {
	const swapped179 = 179<<8 | 179>>8
	l, r := v.LocalPort(), v.RemotePort()
	return (l == swapped179 || r == swapped179) && l != 179 && r != 179
}

// SentOpen returns the OPEN message the monitored router sent to the
// peer, header included, capped.
func (v PeerUpView) SentOpen() []byte {
	if v.sentLen == 0 {
		return nil
	}
	end := OffPeerUpSentOpen + v.sentLen
	return v.msg[OffPeerUpSentOpen:end:end]
}

// ReceivedOpen returns the OPEN message the monitored router received
// from the peer, header included, capped. Its offset is ReceivedOpenOff.
func (v PeerUpView) ReceivedOpen() []byte {
	if v.rcvdLength == 0 {
		return nil
	}
	end := v.rcvdOff + v.rcvdLength
	return v.msg[v.rcvdOff:end:end]
}

// ReceivedOpenOff returns the offset of the Received OPEN in the message.
func (v PeerUpView) ReceivedOpenOff() int { return v.rcvdOff }

// InformationOff returns the offset of the information TLVs.
func (v PeerUpView) InformationOff() int { return v.infoOff }

// Information iterates over the information TLVs (PeerUpTLVType names
// their types).
func (v PeerUpView) Information() iter.Seq[TLVView] {
	if v.infoOff == 0 {
		return func(func(TLVView) bool) {}
	}
	return tlvSeq(v.msg[v.infoOff:], v.infoOff, false)
}

// Decode returns the owned form of the message.
func (v PeerUpView) Decode() (PeerUp, error) {
	if v.infoOff == 0 {
		return PeerUp{}, errAt(0, "Peer Up view is empty")
	}
	return PeerUp{
		Version:      v.Version(),
		Peer:         v.Peer(),
		LocalAddress: v.LocalAddress(),
		LocalPort:    v.LocalPort(),
		RemotePort:   v.RemotePort(),
		SentOpen:     cloneBytes(v.SentOpen()),
		ReceivedOpen: cloneBytes(v.ReceivedOpen()),
		Information:  decodeTLVs(v.msg[v.infoOff:], false),
	}, nil
}

// PeerUp is an owned Peer Up Notification (RFC 7854 §4.10). The OPEN
// messages stay as bytes, header included, exactly as they were sent:
// bgp.DecodeOpen reads them, and Session derives the monitored session.
type PeerUp struct {
	Version      uint8 // 0 is written as 3
	Peer         PeerHeader
	LocalAddress netip.Addr
	LocalPort    uint16
	RemotePort   uint16
	SentOpen     []byte // the OPEN the monitored router sent
	ReceivedOpen []byte // the OPEN the monitored router received
	Information  []TLV  // PeerUpTLVType names their types
}

// Type returns MsgPeerUp.
func (PeerUp) Type() MsgType { return MsgPeerUp }

// Append appends the whole message, common header included.
func (m PeerUp) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, m.Version, MsgPeerUp)
	dst, _ = m.Peer.AppendBinary(dst)
	dst = appendAddr16(dst, m.LocalAddress)
	dst = binary.BigEndian.AppendUint16(dst, m.LocalPort)
	dst = binary.BigEndian.AppendUint16(dst, m.RemotePort)
	dst = append(dst, m.SentOpen...)
	dst = append(dst, m.ReceivedOpen...)
	dst, err := appendTLVs(dst, m.Information, false)
	if err != nil {
		return dst[:start], err
	}
	return fixLength(dst, start)
}
