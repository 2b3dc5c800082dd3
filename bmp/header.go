package bmp

import "encoding/binary"

// Versions of BMP this package reads.
const (
	Version3 = 3 // RFC 7854
	Version4 = 4 // draft-ietf-grow-bmp-tlv: TLVs in Route Monitoring and Peer Down
)

// Offsets and sizes of the common header (RFC 7854 §4.1), from the first
// octet of the message.
const (
	OffVersion      = 0 // Version, 1 octet
	OffLength       = 1 // Message Length, 4 octets, common header included
	OffType         = 5 // Message Type, 1 octet
	CommonHeaderLen = 6
)

// Header is the common header that starts every BMP message (RFC 7854
// §4.1).
type Header struct {
	Version uint8
	Length  uint32 // total length of the message, common header included
	Type    MsgType
}

// ParseHeader reads and checks the common header at the start of b. The
// version must be 3 (RFC 7854) or 4 (draft-ietf-grow-bmp-tlv) and the
// length at least the 6 octets of the header; versions 1 and 2 have
// another header, which UpgradeLegacy reads. The type is not checked: messages of unknown types can still be
// framed and skipped. b may hold more than one message or only the header.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < CommonHeaderLen {
		return Header{}, errAt(len(b), "message shorter than the 6-octet common header")
	}
	h := Header{Version: b[OffVersion], Length: binary.BigEndian.Uint32(b[OffLength:]), Type: MsgType(b[OffType])}
	if h.Version != Version3 && h.Version != Version4 {
		if IsLegacyVersion(h.Version) {
			return h, errAt(OffVersion, "BMP version 1 or 2 (early drafts, no length field in the header): UpgradeLegacy reads it")
		}
		return h, errAt(OffVersion, "unsupported BMP version (3 and 4 are read)")
	}
	if h.Length < CommonHeaderLen {
		return h, errAt(OffLength, "message length smaller than the common header")
	}
	return h, nil
}

// SplitMessage checks the common header at the start of b and returns the
// first message (capped) and the bytes after it.
func SplitMessage(b []byte) (msg, rest []byte, err error) {
	h, err := ParseHeader(b)
	if err != nil {
		return nil, b, err
	}
	if uint64(len(b)) < uint64(h.Length) {
		return nil, b, errAt(len(b), "message shorter than its length field")
	}
	n := int(h.Length)
	return b[:n:n], b[n:], nil
}

// appendHeader appends a common header with a zero length; fixLength
// patches it once the body is written.
func appendHeader(dst []byte, version uint8, t MsgType) []byte {
	if version == 0 {
		version = Version3
	}
	return append(dst, version, 0, 0, 0, 0, byte(t))
}

// fixLength writes the length of the message that starts at dst[start:].
func fixLength(dst []byte, start int) ([]byte, error) {
	n := len(dst) - start
	if uint64(n) > 0xffffffff {
		return dst[:start], errAt(0, "encoded message longer than the 32-bit length field allows")
	}
	binary.BigEndian.PutUint32(dst[start+OffLength:], uint32(n))
	return dst, nil
}
