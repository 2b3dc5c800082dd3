package bmp

import (
	"encoding/binary"

	"github.com/bgplens/bgplens/bgp"
)

// BMP versions 1 and 2 come from the early drafts of draft-ietf-grow-bmp,
// before the common header had a length field: a message is the version,
// the message type and the 42-octet per-peer header, then the body, whose
// own fields say where it ends. Junos 10.4 sends version 1; version 2 adds
// the Peer Up message. The bodies of Route Monitoring, Statistics Report
// and Peer Down have the layouts version 3 kept, so UpgradeLegacy turns
// such a message into its version 3 form, which every reader of this
// package takes.
const (
	Version1 = 1
	Version2 = 2
	// LegacyHeaderLen is the version, type and per-peer header of
	// versions 1 and 2.
	LegacyHeaderLen = 2 + PeerHeaderLen
	// LegacyShift is how much further into a message a field of the
	// version 3 form is than in the version 1 or 2 message it came from:
	// the 4-octet length field.
	LegacyShift = CommonHeaderLen - 2
)

// IsLegacyVersion reports whether v is BMP version 1 or 2.
func IsLegacyVersion(v uint8) bool { return v == Version1 || v == Version2 }

// LegacyLength returns the length of the version 1 or 2 message at the
// start of b, found from its body: the BGP message of a Route Monitoring,
// the counted statistics of a Statistics Report, the reason's data of a
// Peer Down. Other types cannot be framed (a Peer Up's layout was never
// settled in those versions) and are an error, as is a message that b
// holds only part of. Offsets in errors are relative to b.
func LegacyLength(b []byte) (int, error) {
	n, need, e := LegacyFrame(b)
	if e != nil {
		return 0, e
	}
	if need > 0 {
		return 0, errAt(len(b), "BMP version 1 or 2 message cut short")
	}
	return n, nil
}

// LegacyFrame is LegacyLength for a stream: when b ends before the
// message can be framed, need is how many octets to read before asking
// again (n and e are then zero).
func LegacyFrame(b []byte) (n, need int, e *Error) {
	if len(b) > 0 && !IsLegacyVersion(b[OffVersion]) {
		return 0, 0, errAt(OffVersion, "not BMP version 1 or 2")
	}
	if len(b) < LegacyHeaderLen {
		return 0, LegacyHeaderLen, nil
	}
	off := LegacyHeaderLen
	switch MsgType(b[1]) {
	case MsgRouteMonitoring:
		return legacyBGP(b, off)
	case MsgStatisticsReport:
		if len(b) < off+4 {
			return 0, off + 4, nil
		}
		count := binary.BigEndian.Uint32(b[off:])
		off += 4
		for i := uint32(0); i < count; i++ {
			if len(b) < off+4 {
				return 0, off + 4, nil
			}
			off += 4 + int(binary.BigEndian.Uint16(b[off+2:]))
		}
		if len(b) < off {
			return 0, off, nil
		}
		return off, 0, nil
	case MsgPeerDown:
		if len(b) <= off {
			return 0, off + 1, nil
		}
		r := PeerDownReason(b[off])
		off++
		switch r.Data() {
		case PeerDownDataNone:
			return off, 0, nil
		case PeerDownDataFSMEvent:
			if len(b) < off+2 {
				return 0, off + 2, nil
			}
			return off + 2, 0, nil
		case PeerDownDataNotification:
			return legacyBGP(b, off)
		}
		return 0, 0, errAt(off-1, "Peer Down reason whose data has no length in BMP version 1 or 2")
	}
	return 0, 0, errAt(1, "BMP version 1 or 2 message of a type whose end cannot be found (it has no length field)")
}

// legacyBGP frames a message that ends with the BGP message at off.
func legacyBGP(b []byte, off int) (n, need int, e *Error) {
	if len(b) < off+bgp.HeaderLen {
		return 0, off + bgp.HeaderLen, nil
	}
	l := int(binary.BigEndian.Uint16(b[off+bgp.OffLength:]))
	switch {
	case l < bgp.HeaderLen:
		return 0, 0, errAt(off+bgp.OffLength, "BGP message length out of range")
	case len(b) < off+l:
		return 0, off + l, nil
	}
	return off + l, 0, nil
}

// UpgradeLegacy frames the version 1 or 2 message at the start of b and
// returns its version 3 form (a copy, with a common header and the same
// per-peer header and body) and the length of the original. A field at
// offset o of the version 3 form is at o-LegacyShift in b.
func UpgradeLegacy(b []byte) (msg []byte, n int, err error) {
	n, err = LegacyLength(b)
	if err != nil {
		return nil, 0, err
	}
	return appendUpgraded(make([]byte, 0, n+LegacyShift), b[:n]), n, nil
}

// appendUpgraded appends the version 3 form of legacy, a whole version 1
// or 2 message.
func appendUpgraded(dst, legacy []byte) []byte {
	start := len(dst)
	dst = append(dst, Version3, 0, 0, 0, 0, legacy[1])
	dst = append(dst, legacy[2:]...)
	binary.BigEndian.PutUint32(dst[start+OffLength:], uint32(len(dst)-start))
	return dst
}

// LooksLikeLegacy reports whether b starts with a whole BMP version 1 or
// 2 message of a peer type those versions had, with the unused flag bits
// clear, whose BGP message (if it carries one) starts with a BGP header:
// with no length field, the header alone is too weak a sign. A version 2
// Peer Up, which nothing frames, is taken on its header, for readers to
// say why they cannot go on.
func LooksLikeLegacy(b []byte) bool {
	if len(b) < LegacyHeaderLen || !IsLegacyVersion(b[OffVersion]) || MsgType(b[1]) > MsgPeerUp ||
		PeerType(b[2]) > PeerLocal || b[3]&0x0f != 0 {
		return false
	}
	n, need, e := LegacyFrame(b)
	switch {
	case MsgType(b[1]) == MsgPeerUp:
		return true
	case e != nil || need > 0:
		return false
	}
	o := LegacyHeaderLen
	switch MsgType(b[1]) {
	case MsgPeerDown:
		if PeerDownReason(b[o]).Data() != PeerDownDataNotification {
			return true
		}
		o++
	case MsgStatisticsReport:
		return true
	}
	return bgp.LooksLikeHeader(b[o:n])
}
