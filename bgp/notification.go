package bgp

import (
	"encoding/hex"
	"strconv"
)

// Offsets of the NOTIFICATION fields, from the first marker octet
// (RFC 4271 §4.5).
const (
	OffNotificationCode    = HeaderLen     // Error Code, 1 octet
	OffNotificationSubcode = HeaderLen + 1 // Error Subcode, 1 octet
	OffNotificationData    = HeaderLen + 2 // Data, to the end of the message
)

// Notification is a NOTIFICATION message (RFC 4271 §4.5). Data aliases the
// input when the value comes from a decoder.
//
// What Data holds depends on the code and subcode; DataKindOf says which
// parser in notification_data.go reads it.
type Notification struct {
	Code    Code
	Subcode uint8
	Data    []byte
}

// NewNotification returns a Notification with the given fields. Data is
// not copied.
func NewNotification(code Code, sub uint8, data []byte) Notification {
	return Notification{Code: code, Subcode: sub, Data: data}
}

// DecodeNotification decodes the NOTIFICATION message msg, header
// included (RFC 4271 §4.5). The header is checked with ParseHeader: the
// length must be at least 21 and at most 4096, or 65535 when the session
// negotiated extended messages (RFC 8654 §4). Bytes after the length given
// in the header are ignored. Data aliases msg; errors carry offsets from
// the first marker octet.
func DecodeNotification(msg []byte, s Session) (Notification, error) {
	msg, err := readMessage(msg, s, MsgNotification, "not a NOTIFICATION message")
	if err != nil {
		return Notification{}, err
	}
	return Notification{
		Code:    Code(msg[OffNotificationCode]),
		Subcode: msg[OffNotificationSubcode],
		Data:    msg[OffNotificationData:],
	}, nil
}

// Type returns MsgNotification.
func (n Notification) Type() MessageType { return MsgNotification }

// Append appends the whole NOTIFICATION message, header included, to dst.
// It fails, leaving dst as it was, when the message would exceed what the
// session allows (4096 octets, or 65535 with extended messages).
func (n Notification) Append(dst []byte, s Session) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, MsgNotification)
	dst = append(dst, byte(n.Code), n.Subcode)
	dst = append(dst, n.Data...)
	return fixLength(dst, start, s, MsgNotification)
}

// DataKind says what n.Data holds and which RFC defines it; see DataKindOf.
func (n Notification) DataKind() (DataKind, string) { return DataKindOf(n.Code, n.Subcode) }

// String describes the notification for people, with the registry names
// and the data decoded where its meaning is defined, e.g.
//
//	Cease/Administrative Shutdown (6/2): "maintenance"
//	Hold Timer Expired (4/0)
//	Code(42)/Subcode(1) (42/1): data 0102
//
// Data that does not match its specification is shown in hex.
func (n Notification) String() string {
	return string(n.appendText(make([]byte, 0, 64), 0))
}

// maxHardResetDepth bounds how many Hard Reset wrappers String unpacks;
// RFC 8538 wraps one notification, anything deeper is shown raw.
const maxHardResetDepth = 2

func (n Notification) appendText(b []byte, depth int) []byte {
	b = append(b, n.Code.String()...)
	if s := SubcodeName(n.Code, n.Subcode); s != "" {
		b = append(b, '/')
		b = append(b, s...)
	}
	b = append(b, " ("...)
	b = strconv.AppendUint(b, uint64(n.Code), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(n.Subcode), 10)
	b = append(b, ')')
	if len(n.Data) == 0 {
		return b
	}
	b = append(b, ": "...)
	return appendDataText(b, n.Code, n.Subcode, n.Data, depth)
}

// appendHexData appends "data " and data in hex.
func appendHexData(b []byte, data []byte) []byte {
	b = append(b, "data "...)
	return hex.AppendEncode(b, data)
}
