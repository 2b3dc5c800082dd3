package bgp

// Keepalive is a KEEPALIVE message (RFC 4271 §4.4): the 19-octet header
// and nothing else.
type Keepalive struct{}

// DecodeKeepalive checks the KEEPALIVE message msg (RFC 4271 §4.4). Its
// Length field must be exactly 19; otherwise the error is a Message Header
// Error/Bad Message Length whose Data is the Length field (RFC 4271 §6.1).
// KEEPALIVE stays limited to 19 octets whatever the session negotiated
// (RFC 8654 §4). Bytes after the message are ignored. Offsets are from the
// first marker octet.
func DecodeKeepalive(msg []byte) (Keepalive, error) {
	_, err := readMessage(msg, Session{}, MsgKeepalive, "not a KEEPALIVE message")
	return Keepalive{}, err
}

// Type returns MsgKeepalive.
func (Keepalive) Type() MessageType { return MsgKeepalive }

// Append appends the 19-octet KEEPALIVE message to dst.
func (k Keepalive) Append(dst []byte, s Session) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, MsgKeepalive)
	return fixLength(dst, start, s, MsgKeepalive)
}
