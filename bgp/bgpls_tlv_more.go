package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
)

// The BGP-LS TLVs whose values are fixed fields read by their own layout
// (the rows whose kind follows tlvSRv6LANEndX): Multi-Topology IDs, MSDs,
// SR algorithms, the LAN Adjacency SID, RFC 8571's delay and loss
// metrics, link protection and SRv6 capability flags, extended route
// tags, the Range TLV, the SRv6 Locator and BGP Peer Node SID, and the
// OSPFv3 SRv6 LAN End.X SID. A value whose length the layout does not
// allow is shown in hex, as an unknown TLV's is.

const (
	tlvMTID         tlvKind = iota + tlvSRv6LANEndX + 1 // 2-octet entries, the ID in the low 12 bits (RFC 9552 §5.2.2.1)
	tlvMSD                                              // type (1), value (1) pairs (RFC 8814 §3)
	tlvUints8                                           // a list of 1-octet numbers (SR Algorithm, RFC 9085 §2.1.3)
	tlvUints64                                          // a list of 8-octet numbers (IGP Extended Route Tag)
	tlvFlags                                            // flags in the first half, reserved in the second
	tlvDelay                                            // A flag (0x80), reserved, 24-bit microseconds (RFC 8571 §2.1)
	tlvDelayVar                                         // reserved (1), 24-bit microseconds (RFC 8571 §2.3)
	tlvMinMaxDelay                                      // A flag, min (24), reserved, max (24) (RFC 8571 §2.2)
	tlvLoss                                             // A flag, 24-bit loss in units of 0.000003% (RFC 8571 §2.4)
	tlvLANAdjSID                                        // flags, weight, reserved (2), neighbor ID (4 or 6), label (3) or index (4) (RFC 9085 §2.2.2)
	tlvRange                                            // flags, reserved, range size (2), sub-TLVs (RFC 9085 §2.3.5)
	tlvSRv6Locator                                      // flags, algorithm, reserved (2), metric (4), sub-TLVs (RFC 9514 §5.1)
	tlvSRv6PeerNode                                     // flags, weight, reserved (2), peer AS (4), peer BGP ID (4) (RFC 9514 §7.2)
	tlvOSPFLANEndX                                      // as tlvSRv6EndX with the OSPFv3 neighbor router ID (4) before the SID (RFC 9514 §4.3)
	tlvISISArea                                         // an IS-IS area address, written 49.0001
	tlvAllFlags                                         // flags, all of the value (Prefix Attribute Flags, RFC 9085 §2.3.2)
	tlvASLA                                             // SABM and UDABM lengths, reserved (2), SABM, UDABM, sub-TLVs (RFC 9294 §2)
)

// msdTypes names the IGP MSD-Types (IANA "IGP MSD-Types").
var msdTypes = map[uint8]string{
	1: "base-mpls-imposition", 2: "erld", 41: "srh-max-sl", 42: "srh-max-end-pop", 44: "srh-max-h-encaps", 45: "srh-max-end-d",
}

// appendMoreValueText appends the value of a TLV of the kinds above, and
// false when the kind is another or the length does not fit its layout.
func appendMoreValueText(dst []byte, t BGPLSTLV) ([]byte, bool) {
	b := t.Value
	switch bgplsTLVs[t.Type].kind {
	case tlvMTID:
		return appendEach(dst, b, 2, func(dst, e []byte) []byte {
			v := binary.BigEndian.Uint16(e)
			dst = strconv.AppendUint(dst, uint64(v&0x0fff), 10)
			if v>>12 != 0 {
				dst = strconv.AppendUint(append(dst, "/flags 0x"...), uint64(v>>12), 16)
			}
			return dst
		})
	case tlvMSD:
		return appendEach(dst, b, 2, func(dst, e []byte) []byte {
			if n, ok := msdTypes[e[0]]; ok {
				dst = append(dst, n...)
			} else {
				dst = strconv.AppendUint(append(dst, "type-"...), uint64(e[0]), 10)
			}
			return strconv.AppendUint(append(dst, ' '), uint64(e[1]), 10)
		})
	case tlvUints8:
		return appendEach(dst, b, 1, func(dst, e []byte) []byte { return strconv.AppendUint(dst, uint64(e[0]), 10) })
	case tlvUints64:
		return appendEach(dst, b, 8, func(dst, e []byte) []byte { return strconv.AppendUint(dst, binary.BigEndian.Uint64(e), 10) })
	case tlvFlags:
		if len(b) == 0 || len(b)%2 != 0 {
			return dst, false
		}
		return hex.AppendEncode(append(dst, "flags 0x"...), b[:len(b)/2]), true
	case tlvDelay, tlvDelayVar, tlvLoss:
		if len(b) != 4 {
			return dst, false
		}
		v := beUint(b[1:])
		if bgplsTLVs[t.Type].kind == tlvLoss {
			dst = append(strconv.AppendFloat(dst, float64(v*3)/1e6, 'f', -1, 64), " %"...)
		} else {
			dst = append(strconv.AppendUint(dst, v, 10), " us"...)
		}
		return appendAnomalous(dst, b[0], bgplsTLVs[t.Type].kind != tlvDelayVar), true
	case tlvMinMaxDelay:
		if len(b) != 8 {
			return dst, false
		}
		dst = strconv.AppendUint(append(dst, "min "...), beUint(b[1:4]), 10)
		dst = append(strconv.AppendUint(append(dst, " max "...), beUint(b[5:8]), 10), " us"...)
		return appendAnomalous(dst, b[0], true), true
	case tlvLANAdjSID:
		return appendLANAdjSID(dst, b)
	case tlvRange:
		if len(b) < 4 {
			return dst, false
		}
		dst = hex.AppendEncode(append(dst, "flags 0x"...), b[:1])
		dst = strconv.AppendUint(append(dst, " size "...), uint64(binary.BigEndian.Uint16(b[2:])), 10)
		return appendSubTLVsText(dst, b[4:], t.Off+8), true
	case tlvSRv6Locator:
		if len(b) < 8 {
			return dst, false
		}
		dst = hex.AppendEncode(append(dst, "flags 0x"...), b[:1])
		dst = strconv.AppendUint(append(dst, " algorithm "...), uint64(b[1]), 10)
		dst = strconv.AppendUint(append(dst, " metric "...), uint64(binary.BigEndian.Uint32(b[4:])), 10)
		return appendSubTLVsText(dst, b[8:], t.Off+12), true
	case tlvSRv6PeerNode:
		if len(b) != 12 {
			return dst, false
		}
		dst = hex.AppendEncode(append(dst, "flags 0x"...), b[:1])
		dst = strconv.AppendUint(append(dst, " weight "...), uint64(b[1]), 10)
		dst = strconv.AppendUint(append(dst, " peer-as "...), uint64(binary.BigEndian.Uint32(b[4:])), 10)
		return netip.AddrFrom4([4]byte(b[8:12])).AppendTo(append(dst, " peer-bgp-id "...)), true
	case tlvOSPFLANEndX:
		if len(b) < 26 {
			return dst, false
		}
		dst = strconv.AppendUint(append(dst, "behavior "...), uint64(binary.BigEndian.Uint16(b)), 10)
		dst = hex.AppendEncode(append(dst, " flags 0x"...), b[2:3])
		dst = strconv.AppendUint(append(dst, " algorithm "...), uint64(b[3]), 10)
		dst = strconv.AppendUint(append(dst, " weight "...), uint64(b[4]), 10)
		dst = netip.AddrFrom4([4]byte(b[6:10])).AppendTo(append(dst, " neighbor "...))
		dst = netip.AddrFrom16([16]byte(b[10:26])).AppendTo(append(dst, " sid "...))
		return appendSubTLVsText(dst, b[26:], t.Off+4+26), true
	case tlvISISArea:
		if len(b) == 0 {
			return dst, false
		}
		dst = hex.AppendEncode(dst, b[:1])
		for i := 1; i < len(b); i += 2 {
			dst = hex.AppendEncode(append(dst, '.'), b[i:min(i+2, len(b))])
		}
		return dst, true
	case tlvAllFlags:
		if len(b) == 0 {
			return dst, false
		}
		return hex.AppendEncode(append(dst, "flags 0x"...), b), true
	case tlvASLA:
		if len(b) < 4 || 4+int(b[0])+int(b[1]) > len(b) {
			return dst, false
		}
		s, u := b[4:4+int(b[0])], b[4+int(b[0]):4+int(b[0])+int(b[1])]
		dst = hex.AppendEncode(append(dst, "sabm 0x"...), s)
		dst = hex.AppendEncode(append(dst, " udabm 0x"...), u)
		return appendSubTLVsText(dst, b[4+len(s)+len(u):], t.Off+8+len(s)+len(u)), true
	}
	return dst, false
}

// appendEach writes the n-octet entries of b separated by spaces; false
// when b is empty or not a whole number of entries.
func appendEach(dst, b []byte, n int, f func(dst, e []byte) []byte) ([]byte, bool) {
	if len(b) == 0 || len(b)%n != 0 {
		return dst, false
	}
	for i := 0; i < len(b); i += n {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = f(dst, b[i:i+n])
	}
	return dst, true
}

// appendAnomalous appends " anomalous" when the A bit (RFC 8571 §2.1) is
// set in a TLV whose first octet has it.
func appendAnomalous(dst []byte, flags byte, hasA bool) []byte {
	if hasA && flags&0x80 != 0 {
		return append(dst, " anomalous"...)
	}
	return dst
}

// appendLANAdjSID writes a LAN Adjacency SID (RFC 9085 §2.2.2): flags,
// weight, the neighbor's OSPF router ID (4 octets) or IS-IS system ID
// (6), then a label (3 octets, the V and L flags set) or an index (4).
// The length tells which: 11, 12 (OSPF), 13, 14 (IS-IS).
func appendLANAdjSID(dst, b []byte) ([]byte, bool) {
	var nb int
	switch len(b) {
	case 11, 12:
		nb = 4
	case 13, 14:
		nb = 6
	default:
		return dst, false
	}
	dst = hex.AppendEncode(append(dst, "flags 0x"...), b[:1])
	dst = strconv.AppendUint(append(dst, " weight "...), uint64(b[1]), 10)
	dst = appendRouterID(append(dst, " neighbor "...), b[4:4+nb])
	sid := b[4+nb:]
	if len(sid) == 3 {
		return strconv.AppendUint(append(dst, " label "...), beUint(sid)&0xfffff, 10), true
	}
	return strconv.AppendUint(append(dst, " index "...), beUint(sid), 10), true
}
