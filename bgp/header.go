package bgp

import "encoding/binary"

// MessageType is the type octet of the BGP header (RFC 4271 §4.1; IANA
// "BGP Message Types").
type MessageType uint8

// BGP message types.
const (
	MsgOpen         MessageType = 1 // RFC 4271 §4.2
	MsgUpdate       MessageType = 2 // RFC 4271 §4.3
	MsgNotification MessageType = 3 // RFC 4271 §4.5
	MsgKeepalive    MessageType = 4 // RFC 4271 §4.4
	MsgRouteRefresh MessageType = 5 // RFC 2918 §3
)

var msgTypeNames = [...]string{"", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"}

// String returns the RFC name of the type, e.g. "UPDATE", or "MessageType(N)".
func (t MessageType) String() string { return CodeName(msgTypeNames[:], t, "MessageType") }

// Fixed sizes of the BGP header (RFC 4271 §4.1, RFC 8654).
const (
	MarkerLen             = 16
	HeaderLen             = 19    // marker, length, type
	MaxMessageLen         = 4096  // RFC 4271 §4.1
	MaxExtendedMessageLen = 65535 // RFC 8654 §3
)

// Offsets of the header fields (RFC 4271 §4.1).
const (
	OffMarker = 0
	OffLength = 16
	OffType   = 18
)

// Header is the fixed 19-octet header of every BGP message.
type Header struct {
	Length uint16 // total message length, header included
	Type   MessageType
}

// MinLen is the smallest valid total length of a message of type t,
// header included (RFC 4271 §6.1; RFC 2918 §3 for ROUTE-REFRESH).
func (t MessageType) MinLen() int {
	switch t {
	case MsgOpen:
		return HeaderLen + 10
	case MsgUpdate:
		return HeaderLen + 4
	case MsgNotification:
		return HeaderLen + 2
	case MsgKeepalive:
		return HeaderLen
	case MsgRouteRefresh:
		return HeaderLen + 4
	}
	return HeaderLen
}

// ParseHeader reads and checks the header at the start of b: the marker
// must be all ones, the length must fit the type and the session (RFC 4271
// §6.1, RFC 8654 §4), and the type must be known. b may hold more than one
// message; b shorter than the header is an error. The message itself is
// b[:h.Length], which ParseHeader does not require to be complete: use
// SplitMessage for that.
func ParseHeader(b []byte, s Session) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, errTrunc(len(b), "message shorter than the 19-octet header")
	}
	for i := 0; i < MarkerLen; i++ {
		if b[i] != 0xff {
			return Header{}, newErr(i, CodeMessageHeader, SubConnectionNotSynchronized, SessionReset, "marker is not all ones")
		}
	}
	h := Header{Length: binary.BigEndian.Uint16(b[OffLength:]), Type: MessageType(b[OffType])}
	if h.Type < MsgOpen || h.Type > MsgRouteRefresh {
		e := newErr(OffType, CodeMessageHeader, SubBadMessageType, SessionReset, "unknown message type")
		e.Data = b[OffType : OffType+1]
		return h, e
	}
	limit := MaxMessageLen
	if s.ExtendedMsg && h.Type != MsgOpen && h.Type != MsgKeepalive {
		limit = MaxExtendedMessageLen
	}
	if int(h.Length) < h.Type.MinLen() || int(h.Length) > limit || h.Type == MsgKeepalive && h.Length != HeaderLen {
		e := newErr(OffLength, CodeMessageHeader, SubBadMessageLength, SessionReset, "length field out of range for the message type")
		e.Data = b[OffLength : OffLength+2]
		return h, e
	}
	return h, nil
}

// SplitMessage checks the header at the start of b and returns the first
// message and the bytes after it. It is the framing step for a stream of
// BGP messages, as in a BMP Route Mirroring or an MRT record.
func SplitMessage(b []byte, s Session) (msg, rest []byte, err error) {
	h, err := ParseHeader(b, s)
	if err != nil {
		return nil, b, err
	}
	if len(b) < int(h.Length) {
		return nil, b, errTrunc(len(b), "message shorter than its length field")
	}
	return b[:h.Length:h.Length], b[h.Length:], nil
}

// appendHeader appends a header with a zero length; fixLength patches it.
func appendHeader(dst []byte, t MessageType) []byte {
	dst = append(dst, marker[:]...)
	return append(dst, 0, 0, byte(t))
}

var marker = [MarkerLen]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// fixLength writes the length of the message that starts at dst[start:].
func fixLength(dst []byte, start int, s Session, t MessageType) ([]byte, error) {
	n := len(dst) - start
	limit := MaxMessageLen
	if s.ExtendedMsg && t != MsgOpen && t != MsgKeepalive {
		limit = MaxExtendedMessageLen
	}
	if n > limit {
		return dst[:start], &Error{Off: 0, Code: CodeMessageHeader, Subcode: SubBadMessageLength, Action: SessionReset, Reason: "encoded message longer than the session allows"}
	}
	binary.BigEndian.PutUint16(dst[start+OffLength:], uint16(n))
	return dst, nil
}

// readMessage checks that msg is a whole message of type want under s and
// returns it cut to its length; not is the Bad Message Type error's reason
// ("not an OPEN message").
func readMessage(msg []byte, s Session, want MessageType, not string) ([]byte, error) {
	h, err := ParseHeader(msg, s)
	if err != nil {
		return nil, err
	}
	return cutMessage(msg, h, want, not)
}

// cutMessage is readMessage past the header h of msg.
func cutMessage(msg []byte, h Header, want MessageType, not string) ([]byte, error) {
	if h.Type != want {
		e := newErr(OffType, CodeMessageHeader, SubBadMessageType, SessionReset, not)
		e.Data = msg[OffType : OffType+1 : OffType+1]
		return nil, e
	}
	if len(msg) < int(h.Length) {
		return nil, errTrunc(len(msg), "message shorter than its length field")
	}
	return msg[:h.Length:h.Length], nil
}
