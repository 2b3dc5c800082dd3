package bmp

import "encoding/binary"

// Finding BMP messages in octets that may not start at a message: a
// captured TCP direction whose SYN was not captured, the octets after a
// gap in a capture. A message is recognised by its common header (RFC
// 7854 §4.1) and by the headers that follow it where its length says.

// HeaderOK reports whether b starts with a plausible common header: version
// 3 or 4 and a length from the header's 6 octets to maxLen.
func HeaderOK(b []byte, maxLen int) bool {
	h, err := ParseHeader(b)
	return err == nil && int64(h.Length) <= int64(maxLen)
}

// knownType reports whether b starts with a header of a known message type.
func knownType(b []byte) bool {
	return len(b) > OffType && MsgType(b[OffType]).Known()
}

// chain counts the consecutive plausible headers from the start of b (at
// most 8), each message's length leading to the next header, while they
// fit in b.
func chain(b []byte, maxLen int) int {
	n := 0
	for n < 8 && len(b) >= CommonHeaderLen && HeaderOK(b, maxLen) {
		l := int(binary.BigEndian.Uint32(b[OffLength:]))
		n++
		if l >= len(b) {
			break
		}
		b = b[l:]
	}
	return n
}

// chainEnds reports whether b is exactly a sequence of plausible messages.
func chainEnds(b []byte, maxLen int) bool {
	for len(b) > 0 {
		if len(b) < CommonHeaderLen || !HeaderOK(b, maxLen) {
			return false
		}
		l := int(binary.BigEndian.Uint32(b[OffLength:]))
		if l > len(b) {
			return false
		}
		b = b[l:]
	}
	return true
}

// LooksLikeStream reports whether b starts with BMP: a plausible header of
// a known type, two plausible headers in a row, or a message of version 1
// or 2 (LooksLikeLegacy).
func LooksLikeStream(b []byte, maxLen int) bool {
	if LooksLikeLegacy(b) {
		return true
	}
	n := chain(b, maxLen)
	return n >= 1 && (knownType(b) || n >= 2)
}

// Resync returns the offset of the first place in b (within its first MiB)
// where whole messages line up: three in a row of known types, or whole
// messages to the end of b. It returns -1 when there is none.
func Resync(b []byte, maxLen int) int {
	limit := min(len(b), 1<<20)
	for i := 0; i < limit; i++ {
		if b[i] != Version3 && b[i] != Version4 {
			continue
		}
		n := chain(b[i:], maxLen)
		if n >= 3 && knownType(b[i:]) || n >= 1 && chainEnds(b[i:], maxLen) {
			return i
		}
	}
	return -1
}
