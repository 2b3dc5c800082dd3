package bgp

import (
	"encoding/binary"
	"net/netip"
)

// This file reads parts of messages found without the message around
// them, as router logs print them: an UPDATE body without its header, a
// path attribute list, OPEN optional parameters or capabilities, NLRI, and
// NOTIFICATION data cut short. Each Frames* function reports whether b is
// exactly a sequence of such parts, every length field agreeing with the
// octets; the explainer uses them to say what unlabelled octets are.

// FramesAsAttrs reports whether b is exactly one or more path attributes
// (RFC 4271 §4.3) whose flags have their low four bits clear and whose type
// is not 0 (reserved).
func FramesAsAttrs(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	for len(b) > 0 {
		a, err := ParseAttr(b)
		if err != nil || a.Flags&0x0f != 0 || a.Type == 0 {
			return false
		}
		b = b[a.Len():]
	}
	return true
}

// FramesAsIPv4Prefixes reports whether b is exactly a list of IPv4
// prefixes as the NLRI and Withdrawn Routes fields hold them (RFC 4271
// §4.3): a length in bits, at most 32, then that many bits rounded up to
// octets. An empty b frames.
func FramesAsIPv4Prefixes(b []byte) bool {
	for len(b) > 0 {
		n := 1 + (int(b[0])+7)/8
		if b[0] > 32 || n > len(b) {
			return false
		}
		b = b[n:]
	}
	return true
}

// FramesAsUpdateBody reports whether b is exactly an UPDATE without its
// 19-octet header: withdrawn routes length and routes, total path
// attribute length and attributes, NLRI (RFC 4271 §4.3), with at least one
// withdrawn route or attribute.
func FramesAsUpdateBody(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	wl := int(binary.BigEndian.Uint16(b))
	if 4+wl > len(b) {
		return false
	}
	al := int(binary.BigEndian.Uint16(b[2+wl:]))
	if 4+wl+al > len(b) || wl == 0 && al == 0 {
		return false
	}
	return FramesAsIPv4Prefixes(b[2:2+wl]) && FramesAsAttrs(b[4+wl:4+wl+al]) && FramesAsIPv4Prefixes(b[4+wl+al:])
}

// FramesAsCapabilities reports whether b is exactly one or more
// capabilities, code, length and value each (RFC 5492 §4).
func FramesAsCapabilities(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	for len(b) > 0 {
		if len(b) < 2 || 2+int(b[1]) > len(b) {
			return false
		}
		b = b[2+int(b[1]):]
	}
	return true
}

// FramesAsOptParams reports whether b is exactly one or more OPEN optional
// parameters in the RFC 4271 §4.2 form (type, 1-octet length, value), each
// of a non-zero length, the Capabilities ones holding capabilities that
// frame.
func FramesAsOptParams(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	for len(b) > 0 {
		if len(b) < 2 || b[1] == 0 || 2+int(b[1]) > len(b) {
			return false
		}
		if OptParamType(b[0]) == OptParamCapabilities && !FramesAsCapabilities(b[2:2+int(b[1])]) {
			return false
		}
		b = b[2+int(b[1]):]
	}
	return true
}

// FramesAsOpenBody reports whether b is exactly an OPEN without its
// header: version 4, My AS, Hold Time, BGP Identifier, and optional
// parameters whose length octet counts the rest (RFC 4271 §4.2).
func FramesAsOpenBody(b []byte) bool {
	const fixed = OffOpenOptParmLen + 1 - HeaderLen
	return len(b) >= fixed && b[0] == 4 && int(b[fixed-1]) == len(b)-fixed
}

// UpdateBodyCut reads the section lengths of an UPDATE body (the message
// without its header) that may be cut short, as a log prints it: the
// withdrawn routes length, and the total path attribute length with the
// offset it sits at. have says how many of the two lengths are present.
func UpdateBodyCut(body []byte) (withdrawn, attrs, attrsLenOff, have int) {
	if len(body) < 2 {
		return 0, 0, 0, 0
	}
	withdrawn = int(binary.BigEndian.Uint16(body))
	attrsLenOff = 2 + withdrawn
	if attrsLenOff+2 > len(body) {
		return withdrawn, 0, attrsLenOff, 1
	}
	return withdrawn, int(binary.BigEndian.Uint16(body[attrsLenOff:])), attrsLenOff, 2
}

// ParseMaxPrefixesCut reads the data of a Cease/Maximum Number of Prefixes
// Reached (RFC 4486 §4) that a log cut short: n is how many of its three
// fields (AFI 2 octets, SAFI 1, upper bound 4) are present whole.
func ParseMaxPrefixesCut(data []byte) (afi AFI, safi SAFI, limit uint32, n int) {
	if len(data) >= 2 {
		afi, n = AFI(binary.BigEndian.Uint16(data)), 1
	}
	if len(data) >= 3 {
		safi, n = SAFI(data[2]), 2
	}
	if len(data) >= maxPrefixesDataLen {
		limit, n = binary.BigEndian.Uint32(data[3:]), 3
	}
	return afi, safi, limit, n
}

// ParseBadBGPIdentifier reads the data of an OPEN Message Error/Bad BGP
// Identifier. RFC 4271 §6.2 specifies none; senders commonly send the
// identifier they rejected, 4 octets. ok is false for any other length.
func ParseBadBGPIdentifier(data []byte) (id netip.Addr, ok bool) {
	if len(data) != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(data)), true
}

// ParseBadPeerASPadded reads Bad Peer AS data of 4 octets that hold a
// 2-octet AS followed by two zero octets, a form some senders use. ok is
// false unless the data has that shape and the AS is not 0.
func ParseBadPeerASPadded(data []byte) (as uint16, ok bool) {
	if len(data) != 4 || data[2] != 0 || data[3] != 0 {
		return 0, false
	}
	as = binary.BigEndian.Uint16(data)
	return as, as != 0
}
