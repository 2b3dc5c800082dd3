package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"iter"
	"math"
	"net/netip"
	"strconv"
)

// BGP-LS TLVs (RFC 9552 §5.1): a 2-octet type, a 2-octet length and the
// value. The NLRI descriptors (family_bgpls.go) and the BGP-LS attribute
// (attr_bgpls.go) are both lists of them, named by one registry,
// bgplsTLVs (IANA "BGP-LS Node Descriptor, Link Descriptor, Prefix
// Descriptor, and Attribute TLVs"). A TLV bgplens does not know keeps its
// type and octets.

// BGPLSTLV is one TLV in place: its type, its value (aliasing the input)
// and the offset of its type field in the message.
type BGPLSTLV struct {
	Type  uint16
	Value []byte
	Off   int
}

// Name returns the registry's name of the TLV, or "TLV N".
func (t BGPLSTLV) Name() string {
	if r, ok := bgplsTLVs[t.Type]; ok {
		return r.name
	}
	return "TLV " + strconv.Itoa(int(t.Type))
}

// Ref returns the section that defines the TLV, or RFC 9552 §5.1 (the
// TLV format) for one bgplens does not know.
func (t BGPLSTLV) Ref() string {
	if r, ok := bgplsTLVs[t.Type]; ok {
		return r.ref
	}
	return "RFC 9552 §5.1"
}

// Nested reports whether the TLV's value is a list of sub-TLVs (the node
// descriptors, RFC 9552 §5.2.1.4), which SubTLVs iterates.
func (t BGPLSTLV) Nested() bool { return bgplsTLVs[t.Type].kind == tlvNested }

// SubTLVs iterates over the sub-TLVs of a nested TLV. The TLV must come
// from a checked view (BGPLSView, BGPLSAttrView), whose sub-TLVs frame.
func (t BGPLSTLV) SubTLVs() iter.Seq[BGPLSTLV] { return bgplsWalk(t.Value, t.Off+4) }

// bgplsWalk iterates over the TLVs of b (offset off), which
// checkBGPLSTLVs has framed.
func bgplsWalk(b []byte, off int) iter.Seq[BGPLSTLV] {
	return func(yield func(BGPLSTLV) bool) {
		for len(b) >= 4 {
			n := 4 + int(binary.BigEndian.Uint16(b[2:]))
			if n > len(b) {
				return
			}
			if !yield(BGPLSTLV{binary.BigEndian.Uint16(b), b[4:n:n], off}) {
				return
			}
			b, off = b[n:], off+n
		}
	}
}

// checkBGPLSTLVs frames the TLVs of b (offset off), and the sub-TLVs of
// the nested ones; the error names the first that overruns.
func checkBGPLSTLVs(b []byte, off int, what string) error {
	for len(b) > 0 {
		if len(b) < 4 {
			return nlriErr(off, what+" TLV header truncated")
		}
		t, n := binary.BigEndian.Uint16(b), int(binary.BigEndian.Uint16(b[2:]))
		if 4+n > len(b) {
			return nlriErr(off, what+" TLV "+strconv.Itoa(int(t))+" overruns its container")
		}
		if bgplsTLVs[t].kind == tlvNested {
			if err := checkBGPLSTLVs(b[4:4+n], off+4, what); err != nil {
				return err
			}
		}
		b, off = b[4+n:], off+4+n
	}
	return nil
}

// tlvKind says how a TLV's value reads.
type tlvKind uint8

const (
	tlvHex          tlvKind = iota // octets in hex
	tlvUint                        // an unsigned number of 1, 2, 3, 4 or 8 octets
	tlvUints32                     // a list of 4-octet numbers
	tlvAddr                        // an IPv4 or IPv6 address
	tlvText                        // a name (UTF-8)
	tlvBandwidth                   // IEEE 754 single-precision floats, bytes per second
	tlvPrefix                      // IP Reachability Information: a prefix length and its octets
	tlvRouterID                    // IGP Router-ID: IS-IS system ID (6), pseudonode (7), OSPF (4), OSPF DR (8)
	tlvNested                      // sub-TLVs
	tlvSID                         // flags, algorithm or weight, 2 reserved, label (3) or index (4) (RFC 9085 §2.2.1, §2.3.1; RFC 9086 §5)
	tlvSRv6EndX                    // endpoint behavior, flags, algorithm, weight, reserved, SID (RFC 9514 §4.1)
	tlvSIDStructure                // LB, LN, function and argument lengths (RFC 9514 §8)
	tlvBehavior                    // endpoint behavior, flags, algorithm (RFC 9514 §7.1)
	tlvSRv6SID                     // one or more 16-octet SIDs (RFC 9514 §6.1)
	tlvSRRanges                    // flags, reserved, then ranges: size (3) and a SID/Label sub-TLV (RFC 9085 §2.1.2, §2.1.4)
	tlvSRv6LANEndX                 // as tlvSRv6EndX with the IS-IS neighbor ID (6) before the SID (RFC 9514 §4.2)
)

// bgplsTLVInfo is one row of the TLV registry.
type bgplsTLVInfo struct {
	name, key, ref string
	kind           tlvKind
}

var bgplsTLVs = map[uint16]bgplsTLVInfo{
	// NLRI descriptors (RFC 9552 §5.2.1-§5.2.3).
	256: {"Local Node Descriptors", "local-node", "RFC 9552 §5.2.1.2", tlvNested},
	257: {"Remote Node Descriptors", "remote-node", "RFC 9552 §5.2.1.3", tlvNested},
	258: {"Link Local/Remote Identifiers", "link-id", "RFC 9552 §5.2.2", tlvUints32},
	259: {"IPv4 Interface Address", "ipv4-interface", "RFC 9552 §5.2.2", tlvAddr},
	260: {"IPv4 Neighbor Address", "ipv4-neighbor", "RFC 9552 §5.2.2", tlvAddr},
	261: {"IPv6 Interface Address", "ipv6-interface", "RFC 9552 §5.2.2", tlvAddr},
	262: {"IPv6 Neighbor Address", "ipv6-neighbor", "RFC 9552 §5.2.2", tlvAddr},
	263: {"Multi-Topology Identifier", "mt-id", "RFC 9552 §5.2.2.1", tlvMTID},
	264: {"OSPF Route Type", "ospf-route-type", "RFC 9552 §5.2.3.1", tlvUint},
	265: {"IP Reachability Information", "ip-reachability", "RFC 9552 §5.2.3.2", tlvPrefix},
	266: {"Node MSD", "node-msd", "RFC 8814 §3", tlvMSD},
	267: {"Link MSD", "link-msd", "RFC 8814 §4", tlvMSD},
	// Node descriptor sub-TLVs (RFC 9552 §5.2.1.4; RFC 9086 §4.1).
	512: {"Autonomous System", "as", "RFC 9552 §5.2.1.4", tlvUint},
	513: {"BGP-LS Identifier", "bgp-ls-id", "RFC 9552 §5.2.1.4", tlvUint},
	514: {"OSPF Area-ID", "ospf-area", "RFC 9552 §5.2.1.4", tlvAddr},
	515: {"IGP Router-ID", "igp-router-id", "RFC 9552 §5.2.1.4", tlvRouterID},
	516: {"BGP Router-ID", "bgp-router-id", "RFC 9086 §4.1", tlvAddr},
	517: {"BGP Confederation Member", "member-as", "RFC 9086 §4.1", tlvUint},
	518: {"SRv6 SID Information", "srv6-sid", "RFC 9514 §6.1", tlvSRv6SID},
	// Node attributes (RFC 9552 §5.3.1; RFC 9085 §2.1; RFC 9514 §3).
	1024: {"Node Flag Bits", "node-flags", "RFC 9552 §5.3.1.1", tlvUint},
	1025: {"Opaque Node Attribute", "opaque-node", "RFC 9552 §5.3.1.5", tlvHex},
	1026: {"Node Name", "node-name", "RFC 9552 §5.3.1.3", tlvText},
	1027: {"IS-IS Area Identifier", "isis-area", "RFC 9552 §5.3.1.2", tlvISISArea},
	1028: {"IPv4 Router-ID of Local Node", "local-router-id", "RFC 9552 §5.3.1.4", tlvAddr},
	1029: {"IPv6 Router-ID of Local Node", "local-router-id6", "RFC 9552 §5.3.1.4", tlvAddr},
	1030: {"IPv4 Router-ID of Remote Node", "remote-router-id", "RFC 9552 §5.3.2", tlvAddr},
	1031: {"IPv6 Router-ID of Remote Node", "remote-router-id6", "RFC 9552 §5.3.2", tlvAddr},
	1034: {"SR Capabilities", "sr-capabilities", "RFC 9085 §2.1.2", tlvSRRanges},
	1035: {"SR Algorithm", "sr-algorithm", "RFC 9085 §2.1.3", tlvUints8},
	1036: {"SR Local Block", "sr-local-block", "RFC 9085 §2.1.4", tlvSRRanges},
	1037: {"SRMS Preference", "srms-preference", "RFC 9085 §2.1.5", tlvUint},
	1038: {"SRv6 Capabilities", "srv6-capabilities", "RFC 9514 §3.1", tlvFlags},
	// Link attributes (RFC 9552 §5.3.2; RFC 9085 §2.2; RFC 9086 §5; RFC 8571; RFC 9514 §4).
	1088: {"Administrative group (color)", "admin-group", "RFC 9552 §5.3.2", tlvUint},
	1089: {"Maximum link bandwidth", "max-bandwidth", "RFC 9552 §5.3.2", tlvBandwidth},
	1090: {"Max. reservable link bandwidth", "max-reservable-bandwidth", "RFC 9552 §5.3.2", tlvBandwidth},
	1091: {"Unreserved bandwidth", "unreserved-bandwidth", "RFC 9552 §5.3.2", tlvBandwidth},
	1092: {"TE Default Metric", "te-metric", "RFC 9552 §5.3.2.3", tlvUint},
	1093: {"Link Protection Type", "link-protection", "RFC 9552 §5.3.2", tlvFlags},
	1094: {"MPLS Protocol Mask", "mpls-mask", "RFC 9552 §5.3.2.2", tlvUint},
	1095: {"IGP Metric", "igp-metric", "RFC 9552 §5.3.2.4", tlvUint},
	1096: {"Shared Risk Link Group", "srlg", "RFC 9552 §5.3.2.5", tlvUints32},
	1097: {"Opaque Link Attribute", "opaque-link", "RFC 9552 §5.3.2.6", tlvHex},
	1098: {"Link Name", "link-name", "RFC 9552 §5.3.2.7", tlvText},
	1099: {"Adjacency SID", "adj-sid", "RFC 9085 §2.2.1", tlvSID},
	1100: {"LAN Adjacency SID", "lan-adj-sid", "RFC 9085 §2.2.2", tlvLANAdjSID},
	1101: {"PeerNode SID", "peer-node-sid", "RFC 9086 §5", tlvSID},
	1102: {"PeerAdj SID", "peer-adj-sid", "RFC 9086 §5", tlvSID},
	1103: {"PeerSet SID", "peer-set-sid", "RFC 9086 §5", tlvSID},
	1106: {"SRv6 End.X SID", "srv6-endx-sid", "RFC 9514 §4.1", tlvSRv6EndX},
	1107: {"IS-IS SRv6 LAN End.X SID", "srv6-lan-endx-sid", "RFC 9514 §4.2", tlvSRv6LANEndX},
	1108: {"OSPFv3 SRv6 LAN End.X SID", "srv6-ospf-lan-endx-sid", "RFC 9514 §4.3", tlvOSPFLANEndX},
	1114: {"Unidirectional Link Delay", "link-delay", "RFC 8571 §2.1", tlvDelay},
	1115: {"Min/Max Unidirectional Link Delay", "min-max-link-delay", "RFC 8571 §2.2", tlvMinMaxDelay},
	1116: {"Unidirectional Delay Variation", "delay-variation", "RFC 8571 §2.3", tlvDelayVar},
	1117: {"Unidirectional Link Loss", "link-loss", "RFC 8571 §2.4", tlvLoss},
	1118: {"Unidirectional Residual Bandwidth", "residual-bandwidth", "RFC 8571 §2.5", tlvBandwidth},
	1119: {"Unidirectional Available Bandwidth", "available-bandwidth", "RFC 8571 §2.6", tlvBandwidth},
	1120: {"Unidirectional Utilized Bandwidth", "utilized-bandwidth", "RFC 8571 §2.7", tlvBandwidth},
	1122: {"Application-Specific Link Attributes", "asla", "RFC 9294 §2", tlvASLA},
	// Prefix attributes (RFC 9552 §5.3.3; RFC 9085 §2.3; RFC 9514 §5).
	1152: {"IGP Flags", "igp-flags", "RFC 9552 §5.3.3.1", tlvUint},
	1153: {"IGP Route Tag", "route-tag", "RFC 9552 §5.3.3.2", tlvUints32},
	1154: {"IGP Extended Route Tag", "extended-route-tag", "RFC 9552 §5.3.3.3", tlvUints64},
	1155: {"Prefix Metric", "prefix-metric", "RFC 9552 §5.3.3.4", tlvUint},
	1156: {"OSPF Forwarding Address", "ospf-forwarding-address", "RFC 9552 §5.3.3.5", tlvAddr},
	1157: {"Opaque Prefix Attribute", "opaque-prefix", "RFC 9552 §5.3.3.6", tlvHex},
	1158: {"Prefix-SID", "prefix-sid", "RFC 9085 §2.3.1", tlvSID},
	1159: {"Range", "range", "RFC 9085 §2.3.5", tlvRange},
	1161: {"SID/Label", "sid-label", "RFC 9085 §2.1.1", tlvUint},
	1162: {"SRv6 Locator", "srv6-locator", "RFC 9514 §5.1", tlvSRv6Locator},
	1170: {"Prefix Attribute Flags", "prefix-attr-flags", "RFC 9085 §2.3.2", tlvAllFlags},
	1171: {"Source Router Identifier", "source-router-id", "RFC 9085 §2.3.3", tlvAddr},
	1172: {"L2 Bundle Member Attributes", "l2-bundle-member", "RFC 9085 §2.2.3", tlvHex},
	1173: {"Extended Administrative Group", "extended-admin-group", "RFC 9104 §2", tlvUints32},
	1174: {"Source OSPF Router-ID", "source-ospf-router-id", "RFC 9085 §2.3.4", tlvAddr},
	// SRv6 SID attributes (RFC 9514 §7-§8).
	1250: {"SRv6 Endpoint Behavior", "srv6-behavior", "RFC 9514 §7.1", tlvBehavior},
	1251: {"SRv6 BGP Peer Node SID", "srv6-peer-node-sid", "RFC 9514 §7.2", tlvSRv6PeerNode},
	1252: {"SRv6 SID Structure", "srv6-sid-structure", "RFC 9514 §8", tlvSIDStructure},
}

// key returns the TLV's short name for text ("node-name"), or the number.
func (t BGPLSTLV) key() string {
	if r, ok := bgplsTLVs[t.Type]; ok {
		return r.key
	}
	return "tlv-" + strconv.Itoa(int(t.Type))
}

// AppendValueText appends the TLV's value as text: a number, an address,
// a name, bandwidths in bytes per second, a SID's fields; the octets in
// hex for a TLV bgplens does not know, or one whose length its kind does
// not allow. A nested TLV's sub-TLVs are "{key value ...}". v6 says that a
// prefix is IPv6 (the IPv6 Topology Prefix NLRI).
func (t BGPLSTLV) AppendValueText(dst []byte, v6 bool) []byte {
	b := t.Value
	switch bgplsTLVs[t.Type].kind {
	case tlvUint:
		switch len(b) {
		case 1, 2, 3, 4, 8:
			return strconv.AppendUint(dst, beUint(b), 10)
		}
	case tlvUints32:
		if len(b) > 0 && len(b)%4 == 0 {
			for i := 0; i < len(b); i += 4 {
				if i > 0 {
					dst = append(dst, ' ')
				}
				dst = strconv.AppendUint(dst, uint64(binary.BigEndian.Uint32(b[i:])), 10)
			}
			return dst
		}
	case tlvAddr:
		if a, ok := netip.AddrFromSlice(b); ok {
			return a.AppendTo(dst)
		}
	case tlvText:
		if printable(b) {
			return append(dst, b...)
		}
	case tlvBandwidth:
		if len(b) > 0 && len(b)%4 == 0 {
			for i := 0; i < len(b); i += 4 {
				if i > 0 {
					dst = append(dst, ' ')
				}
				dst = strconv.AppendFloat(dst, float64(math.Float32frombits(binary.BigEndian.Uint32(b[i:]))), 'f', -1, 32)
			}
			return dst
		}
	case tlvPrefix:
		if p, ok := bgplsPrefix(b, v6); ok {
			return p.AppendTo(dst)
		}
	case tlvRouterID:
		return appendRouterID(dst, b)
	case tlvNested:
		dst = appendJoined(append(dst, '{'), t.SubTLVs(), " ", func(s BGPLSTLV, dst []byte) []byte {
			return s.AppendValueText(append(append(dst, s.key()...), ' '), v6)
		})
		return append(dst, '}')
	case tlvSID:
		if len(b) == 7 || len(b) == 8 {
			dst = append(dst, "flags 0x"...)
			dst = hex.AppendEncode(dst, b[:1])
			dst = strconv.AppendUint(append(dst, " algorithm-or-weight "...), uint64(b[1]), 10)
			if len(b) == 7 {
				return strconv.AppendUint(append(dst, " label "...), beUint(b[4:])&0xfffff, 10)
			}
			return strconv.AppendUint(append(dst, " index "...), beUint(b[4:]), 10)
		}
	case tlvSRv6EndX, tlvSRv6LANEndX:
		sid := 6
		if bgplsTLVs[t.Type].kind == tlvSRv6LANEndX {
			sid = 12
		}
		if len(b) >= sid+16 {
			dst = strconv.AppendUint(append(dst, "behavior "...), uint64(binary.BigEndian.Uint16(b)), 10)
			dst = hex.AppendEncode(append(dst, " flags 0x"...), b[2:3])
			dst = strconv.AppendUint(append(dst, " algorithm "...), uint64(b[3]), 10)
			dst = strconv.AppendUint(append(dst, " weight "...), uint64(b[4]), 10)
			if sid == 12 {
				dst = hex.AppendEncode(append(dst, " neighbor "...), b[6:12])
			}
			dst = netip.AddrFrom16([16]byte(b[sid : sid+16])).AppendTo(append(dst, " sid "...))
			return appendSubTLVsText(dst, b[sid+16:], t.Off+4+sid+16)
		}
	case tlvSRRanges:
		if len(b) >= 2 {
			dst = hex.AppendEncode(append(dst, "flags 0x"...), b[:1])
			return appendSRRanges(dst, b[2:])
		}
	case tlvSIDStructure:
		if len(b) == 4 {
			dst = strconv.AppendUint(append(dst, "lb "...), uint64(b[0]), 10)
			dst = strconv.AppendUint(append(dst, " ln "...), uint64(b[1]), 10)
			dst = strconv.AppendUint(append(dst, " fun "...), uint64(b[2]), 10)
			return strconv.AppendUint(append(dst, " arg "...), uint64(b[3]), 10)
		}
	case tlvBehavior:
		if len(b) == 4 {
			dst = strconv.AppendUint(append(dst, "behavior "...), uint64(binary.BigEndian.Uint16(b)), 10)
			dst = hex.AppendEncode(append(dst, " flags 0x"...), b[2:3])
			return strconv.AppendUint(append(dst, " algorithm "...), uint64(b[3]), 10)
		}
	case tlvSRv6SID:
		if len(b) > 0 && len(b)%16 == 0 {
			for i := 0; i < len(b); i += 16 {
				if i > 0 {
					dst = append(dst, ' ')
				}
				dst = netip.AddrFrom16([16]byte(b[i : i+16])).AppendTo(dst)
			}
			return dst
		}
	}
	if out, ok := appendMoreValueText(dst, t); ok {
		return out
	}
	return hex.AppendEncode(dst, b)
}

// beUint reads a big-endian number of up to 8 octets.
func beUint(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return len(b) > 0
}

// bgplsPrefix reads IP Reachability Information (RFC 9552 §5.2.3.2): a
// prefix length in bits and the octets it needs.
func bgplsPrefix(b []byte, v6 bool) (netip.Prefix, bool) {
	if len(b) == 0 {
		return netip.Prefix{}, false
	}
	bits, max := int(b[0]), 32
	if v6 {
		max = 128
	}
	if bits > max || len(b) != 1+(bits+7)/8 {
		return netip.Prefix{}, false
	}
	var a [16]byte
	copy(a[:], b[1:])
	addr := netip.AddrFrom16(a)
	if !v6 {
		addr = netip.AddrFrom4([4]byte(a[:4]))
	}
	return netip.PrefixFrom(addr, bits), true
}

// appendRouterID writes an IGP Router-ID (RFC 9552 §5.2.1.4): an IS-IS
// system ID as 0000.0000.0001, with a pseudonode's ID after a dot; an OSPF
// router ID as an address, and a DR's with its interface address after a
// slash.
func appendRouterID(dst []byte, b []byte) []byte {
	switch len(b) {
	case 6, 7:
		for i := 0; i < 6; i += 2 {
			if i > 0 {
				dst = append(dst, '.')
			}
			dst = hex.AppendEncode(dst, b[i:i+2])
		}
		if len(b) == 7 {
			dst = hex.AppendEncode(append(dst, '.'), b[6:])
		}
		return dst
	case 4:
		return netip.AddrFrom4([4]byte(b)).AppendTo(dst)
	case 8:
		dst = netip.AddrFrom4([4]byte(b)).AppendTo(dst)
		return netip.AddrFrom4([4]byte(b[4:])).AppendTo(append(dst, '/'))
	}
	return hex.AppendEncode(dst, b)
}

// appendBGPLSTLVsJSON writes TLVs as a list of {"type","name","value"}
// objects; a nested TLV has "tlvs" for its sub-TLVs instead of "value".
func appendBGPLSTLVsJSON(dst []byte, tlvs iter.Seq[BGPLSTLV], v6 bool) []byte {
	dst = append(dst, '[')
	for t := range tlvs {
		if dst[len(dst)-1] != '[' {
			dst = append(dst, ',')
		}
		dst = appendTLVHead(dst, uint64(t.Type), t.Name())
		if t.Nested() {
			dst = appendBGPLSTLVsJSON(append(dst, `,"tlvs":`...), t.SubTLVs(), v6)
		} else {
			dst = append(t.AppendValueText(append(dst, `,"value":"`...), v6), '"')
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendBGPLSTLVFields lists a TLV for the explainer: the whole TLV at
// depth 0, then its type, length and value (or sub-TLVs) at depth 1.
func appendBGPLSTLVFields(dst []EntryField, t BGPLSTLV, v6 bool) []EntryField {
	ref := t.Ref()
	n := len(t.Value)
	dst = append(dst,
		EntryField{Name: t.Name(), Off: t.Off, Len: 4 + n, Value: string(t.AppendValueText(nil, v6)), Ref: ref},
		EntryField{Name: "Type", Off: t.Off, Len: 2, Value: strconv.Itoa(int(t.Type)), Ref: "RFC 9552 §5.1", Depth: 1},
		EntryField{Name: "Length", Off: t.Off + 2, Len: 2, Value: strconv.Itoa(n), Ref: "RFC 9552 §5.1", Depth: 1})
	if t.Nested() {
		for s := range t.SubTLVs() {
			dst = append(dst, EntryField{Name: s.Name(), Off: s.Off, Len: 4 + len(s.Value),
				Value: string(s.AppendValueText(nil, v6)), Ref: s.Ref(), Depth: 1})
		}
		return dst
	}
	if n > 0 {
		dst = append(dst, EntryField{Name: "Value", Off: t.Off + 4, Len: n, Value: string(t.AppendValueText(nil, v6)), Ref: ref, Depth: 1})
	}
	return dst
}

// appendSubTLVsText writes the sub-TLVs after a TLV's fixed fields as
// " {key value ...}", or in hex when they do not frame.
func appendSubTLVsText(dst, b []byte, off int) []byte {
	if len(b) == 0 {
		return dst
	}
	if checkBGPLSTLVs(b, off, "") != nil {
		return hex.AppendEncode(append(dst, " sub-tlvs "...), b)
	}
	dst = appendJoined(append(dst, " {"...), bgplsWalk(b, off), " ", func(s BGPLSTLV, dst []byte) []byte {
		return s.AppendValueText(append(append(dst, s.key()...), ' '), false)
	})
	return append(dst, '}')
}

// appendSRRanges writes the ranges of SR Capabilities and SR Local Block
// (RFC 9085 §2.1.2): " range 8000 first 16000" per range (a label, or
// "index N"); the rest in hex when a range does not read.
func appendSRRanges(dst, b []byte) []byte {
	for len(b) > 0 {
		if len(b) < 7 || binary.BigEndian.Uint16(b[3:]) != 1161 {
			return hex.AppendEncode(append(dst, " rest "...), b)
		}
		n := int(binary.BigEndian.Uint16(b[5:]))
		if (n != 3 && n != 4) || len(b) < 7+n {
			return hex.AppendEncode(append(dst, " rest "...), b)
		}
		dst = strconv.AppendUint(append(dst, " range "...), beUint(b[:3]), 10)
		if n == 3 {
			dst = strconv.AppendUint(append(dst, " first "...), beUint(b[7:10])&0xfffff, 10)
		} else {
			dst = strconv.AppendUint(append(dst, " first index "...), beUint(b[7:11]), 10)
		}
		b = b[7+n:]
	}
	return dst
}
