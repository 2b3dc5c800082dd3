package bgp

// Message is an owned BGP message of any type: Open, Update,
// Notification, Keepalive or RouteRefresh. Append writes the whole message,
// header included.
type Message interface {
	Type() MessageType
	Append(dst []byte, s Session) ([]byte, error)
}

// Interface checks: every owned message type is a Message.
var (
	_ Message = Open{}
	_ Message = Update{}
	_ Message = Notification{}
	_ Message = Keepalive{}
	_ Message = RouteRefresh{}
)

// DecodeMessage decodes the message at the start of msg, whatever its type,
// into an owned value that does not alias msg. msg may hold more octets
// than the message; SplitMessage gives the rest. For an UPDATE with a
// problem weaker than a session reset the message is returned together
// with the *Error, as DecodeUpdate does.
func DecodeMessage(msg []byte, s Session) (Message, error) {
	m, _, err := SplitMessage(msg, s)
	if err != nil {
		return nil, err
	}
	switch MessageType(m[OffType]) {
	case MsgOpen:
		o, err := DecodeOpen(m)
		if err != nil {
			return nil, err
		}
		return o, nil
	case MsgUpdate:
		u, err := DecodeUpdate(m, s)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Action < SessionReset {
				return u, err
			}
			return nil, err
		}
		return u, nil
	case MsgNotification:
		n, err := DecodeNotification(m, s)
		if err != nil {
			return nil, err
		}
		n.Data = append([]byte(nil), n.Data...)
		return n, nil
	case MsgKeepalive:
		k, err := DecodeKeepalive(m)
		if err != nil {
			return nil, err
		}
		return k, nil
	default: // MsgRouteRefresh: ParseHeader refused the other types
		r, err := DecodeRouteRefreshORF(m, s)
		if err != nil {
			return nil, err
		}
		r.ORF = append([]byte(nil), r.ORF...)
		return r, nil
	}
}
