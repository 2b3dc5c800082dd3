package bmp

// Initiation is an owned Initiation message (RFC 7854 §4.3): information
// TLVs only (InitiationTLVType names their types), no per-peer header.
type Initiation struct {
	Version     uint8 // 0 is written as 3
	Information []TLV
}

// Type returns MsgInitiation.
func (Initiation) Type() MsgType { return MsgInitiation }

// Append appends the whole message, common header included.
func (m Initiation) Append(dst []byte) ([]byte, error) {
	return appendTLVMessage(dst, m.Version, MsgInitiation, nil, m.Information)
}

// Termination is an owned Termination message (RFC 7854 §4.5): TLVs only
// (TerminationTLVType names their types; a Reason TLV holds a
// TerminationReason), no per-peer header.
type Termination struct {
	Version     uint8 // 0 is written as 3
	Information []TLV
}

// Type returns MsgTermination.
func (Termination) Type() MsgType { return MsgTermination }

// Reason returns the value of the first Reason TLV.
func (m Termination) Reason() (TerminationReason, bool) {
	for _, t := range m.Information {
		if TerminationTLVType(t.Type) == TermReason {
			v, ok := t.Uint16()
			return TerminationReason(v), ok
		}
	}
	return 0, false
}

// Append appends the whole message, common header included.
func (m Termination) Append(dst []byte) ([]byte, error) {
	return appendTLVMessage(dst, m.Version, MsgTermination, nil, m.Information)
}

// RouteMirroring is an owned Route Mirroring message (RFC 7854 §4.7): a
// per-peer header and TLVs (MirroringTLVType names their types). A BGP
// Message TLV holds a whole BGP message, header included, of any type,
// as the router received it; an Information TLV holds a MirroringInfo.
type RouteMirroring struct {
	Version uint8 // 0 is written as 3
	Peer    PeerHeader
	TLVs    []TLV
}

// Type returns MsgRouteMirroring.
func (RouteMirroring) Type() MsgType { return MsgRouteMirroring }

// BGPMessages returns the values of the BGP Message TLVs, in order.
func (m RouteMirroring) BGPMessages() [][]byte {
	var out [][]byte
	for _, t := range m.TLVs {
		if MirroringTLVType(t.Type) == MirrorBGPMessage {
			out = append(out, t.Value)
		}
	}
	return out
}

// Append appends the whole message, common header included.
func (m RouteMirroring) Append(dst []byte) ([]byte, error) {
	return appendTLVMessage(dst, m.Version, MsgRouteMirroring, &m.Peer, m.TLVs)
}

// Unknown is a message of a type this package does not decode (7 to 250,
// or experimental 251 to 254): its body is kept as it was.
type Unknown struct {
	Version uint8 // 0 is written as 3
	MsgType MsgType
	Body    []byte
}

// Type returns the message type.
func (m Unknown) Type() MsgType { return m.MsgType }

// Append appends the whole message, common header included.
func (m Unknown) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, m.Version, m.MsgType)
	dst = append(dst, m.Body...)
	return fixLength(dst, start)
}

// appendTLVMessage appends a message made of an optional per-peer header
// and TLVs.
func appendTLVMessage(dst []byte, version uint8, t MsgType, p *PeerHeader, tlvs []TLV) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, version, t)
	if p != nil {
		dst, _ = p.AppendBinary(dst)
	}
	dst, err := appendTLVs(dst, tlvs, false)
	if err != nil {
		return dst[:start], err
	}
	return fixLength(dst, start)
}
