package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"iter"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// ExtCommunity is one value of the EXTENDED_COMMUNITIES attribute
// (RFC 4360 §2), kept as its eight octets: small, comparable and usable as
// a map key. Octet 0 is the type (with the IANA-authority bit 0x80 and the
// transitive bit 0x40, RFC 4360 §2), octet 1 the sub-type for extended
// types, the rest the value.
type ExtCommunity [8]byte

// Extended community type octets (IANA "BGP Transitive/Non-Transitive
// Extended Community Types", RFC 7153).
const (
	ExtTypeAS2          uint8 = 0x00 // Transitive Two-Octet AS-Specific, RFC 4360 §3.1
	ExtTypeIPv4         uint8 = 0x01 // Transitive IPv4-Address-Specific, RFC 4360 §3.2
	ExtTypeAS4          uint8 = 0x02 // Transitive Four-Octet AS-Specific, RFC 5668 §2
	ExtTypeOpaque       uint8 = 0x03 // Transitive Opaque, RFC 4360 §3.3
	ExtTypeEVPN         uint8 = 0x06 // EVPN, RFC 7153 §5.1.7
	ExtTypeNonTransAS2  uint8 = 0x40 // Non-Transitive Two-Octet AS-Specific, RFC 4360 §3.1
	ExtTypeNonTransIPv4 uint8 = 0x41 // Non-Transitive IPv4-Address-Specific, RFC 4360 §3.2
	ExtTypeNonTransAS4  uint8 = 0x42 // Non-Transitive Four-Octet AS-Specific, RFC 5668 §2
	ExtTypeNonTransOpq  uint8 = 0x43 // Non-Transitive Opaque, RFC 4360 §3.3
	ExtTypeFlowSpec     uint8 = 0x80 // Generic Transitive Experimental Use, RFC 7153 §5.2.1 (flow spec actions, RFC 8955 §7)
	ExtTypeFlowSpec2    uint8 = 0x81 // Generic Transitive Experimental Use Part 2, RFC 7674
	ExtTypeFlowSpec3    uint8 = 0x82 // Generic Transitive Experimental Use Part 3, RFC 7674
)

// Common sub-types of the AS- and IPv4-specific types (RFC 4360 §4, RFC 7153).
const (
	ExtSubRouteTarget uint8 = 0x02 // Route Target, RFC 4360 §4
	ExtSubRouteOrigin uint8 = 0x03 // Route Origin (site of origin), RFC 4360 §5
)

// extForm says how the six value octets of a registry row are laid out,
// which decides the text form.
type extForm uint8

const (
	extHex   extForm = iota // opaque: "<key>:<12 hex digits>"
	extAdmin                // administrator + local: "<key>:<admin>:<local>"
	extColor                // Color (RFC 9012 §4.3): "<key>:<color>" when the flags are zero
	extEncap                // Encapsulation (RFC 9012 §4.1): "<key>:<tunnel type>"
	extRate                 // 2-octet AS + IEEE float rate (RFC 8955 §7.1): "<key>:<asn>:<rate>"
	// The EVPN and flow spec action forms: community_ext_forms.go.
)

// extCommunityInfo is one row of the IANA extended community sub-type
// registries.
type extCommunityInfo struct {
	ts   uint16  // type<<8 | sub-type
	key  string  // token used in the text form, unique per layout
	name string  // the registry's name
	ref  string  // defining document
	form extForm // value layout
}

// extCommunityTable lists the extended communities bgplens names, sorted by
// type and sub-type. To add one: a row here (key unique unless it is an
// administrator form shared by the AS2/IPv4/AS4 types), a String vector in
// community_ext_test.go.
var extCommunityTable = [...]extCommunityInfo{
	// Transitive Two-Octet AS-Specific (RFC 7153 §5.2.2).
	{0x0002, "rt", "Route Target", "RFC 4360 §4", extAdmin},
	{0x0003, "soo", "Route Origin", "RFC 4360 §5", extAdmin},
	{0x0005, "ospf-domain-id", "OSPF Domain Identifier", "RFC 4577 §4.2", extAdmin},
	{0x0008, "data-collection", "BGP Data Collection", "RFC 4384 §4", extAdmin},
	{0x0009, "source-as", "Source AS", "RFC 6514 §5", extAdmin},
	{0x000a, "l2vpn-id", "L2VPN Identifier", "RFC 6074 §3.1", extAdmin},
	{0x0010, "vpn-distinguisher", "Cisco VPN-Distinguisher", "IANA (Eric Rosen)", extAdmin},
	{0x0013, "rt-record", "Route-Target Record", "draft-ietf-bess-service-chaining", extAdmin},
	// Transitive IPv4-Address-Specific (RFC 7153 §5.2.4).
	{0x0102, "rt", "Route Target", "RFC 4360 §4", extAdmin},
	{0x0103, "soo", "Route Origin", "RFC 4360 §5", extAdmin},
	{0x0105, "ospf-domain-id", "OSPF Domain Identifier", "RFC 4577 §4.2", extAdmin},
	{0x0107, "ospf-router-id", "OSPF Router ID", "RFC 4577 §4.2", extAdmin},
	{0x010a, "l2vpn-id", "L2VPN Identifier", "RFC 6074 §3.1", extAdmin},
	{0x010b, "vrf-import", "VRF Route Import", "RFC 6514 §7", extAdmin},
	{0x0110, "vpn-distinguisher", "Cisco VPN-Distinguisher", "IANA (Eric Rosen)", extAdmin},
	{0x0112, "inter-area-p2mp-nh", "Inter-Area P2MP Segmented Next-Hop", "RFC 7524 §6", extAdmin},
	{0x0113, "rt-record", "Route-Target Record", "draft-ietf-bess-service-chaining", extAdmin},
	// Transitive Four-Octet AS-Specific (RFC 7153 §5.2.3).
	{0x0202, "rt", "Route Target", "RFC 5668 §2", extAdmin},
	{0x0203, "soo", "Route Origin", "RFC 5668 §2", extAdmin},
	{0x0205, "ospf-domain-id", "OSPF Domain Identifier", "RFC 4577 §4.2", extAdmin},
	{0x0208, "data-collection", "BGP Data Collection", "RFC 4384 §4", extAdmin},
	{0x0209, "source-as", "Source AS", "RFC 6514 §5", extAdmin},
	{0x0210, "vpn-distinguisher", "Cisco VPN Identifier", "IANA (Eric Rosen)", extAdmin},
	{0x0213, "rt-record", "Route-Target Record", "draft-ietf-bess-service-chaining", extAdmin},
	// Transitive Opaque (RFC 7153 §5.2.5).
	{0x0301, "cost", "Cost Community", "draft-ietf-idr-custom-decision", extHex},
	{0x0303, "cp-orf", "CP-ORF", "RFC 7543 §2", extHex},
	{0x0304, "extranet-source", "Extranet Source", "RFC 7900 §4.1", extHex},
	{0x0305, "extranet-separation", "Extranet Separation", "RFC 7900 §4.2", extHex},
	{0x0306, "ospf-route-type", "OSPF Route Type", "RFC 4577 §4.2.6", extHex},
	{0x0307, "pmsi-flags", "Additional PMSI Tunnel Attribute Flags", "RFC 7902 §2", extHex},
	{0x0308, "context-label-space", "Context-Specific Label Space ID", "RFC 9573 §3", extHex},
	{0x030b, "color", "Color", "RFC 9012 §4.3", extColor},
	{0x030c, "encap", "Encapsulation", "RFC 9012 §4.1", extEncap},
	{0x030d, "default-gateway", "Default Gateway", "RFC 7432 §10.1", extHex},
	// EVPN (RFC 7153 §5.1.7; IANA "EVPN Extended Community Sub-Types").
	{0x0600, "mac-mobility", "MAC Mobility", "RFC 7432 §7.7", extMobility},
	{0x0601, "esi-label", "ESI Label", "RFC 7432 §7.5", extESILabel},
	{0x0602, "es-import", "ES-Import Route Target", "RFC 7432 §7.6", extMAC},
	{0x0603, "router-mac", "EVPN Router's MAC", "RFC 9135 §8.1", extMAC},
	{0x0604, "l2-attributes", "EVPN Layer 2 Attributes", "RFC 8214 §3.1", extL2Attr},
	{0x0605, "e-tree", "E-Tree", "RFC 8317 §5.1", extHex},
	{0x0606, "df-election", "DF Election", "RFC 8584 §2.2", extHex},
	{0x0608, "arp-nd", "ARP/ND", "RFC 9047 §3", extHex},
	{0x0609, "multicast-flags", "Multicast Flags", "RFC 9251 §9.5", extHex},
	{0x060a, "evi-rt-0", "EVI-RT Type 0", "RFC 9251 §9.6", extHex},
	{0x060b, "evi-rt-1", "EVI-RT Type 1", "RFC 9251 §9.6", extHex},
	{0x060c, "evi-rt-2", "EVI-RT Type 2", "RFC 9251 §9.6", extHex},
	{0x060d, "evi-rt-3", "EVI-RT Type 3", "RFC 9251 §9.6", extHex},
	{0x060f, "service-carving-time", "Service Carving Time", "RFC 9722", extHex},
	{0x0610, "evpn-link-bandwidth", "EVPN Link Bandwidth", "draft-ietf-bess-evpn-unequal-lb", extHex},
	// Non-Transitive Two-Octet AS-Specific (RFC 7153 §5.2.2).
	{0x4004, "link-bandwidth", "Link Bandwidth", "draft-ietf-idr-link-bandwidth §3", extRate},
	// Non-Transitive Opaque (RFC 7153 §5.2.5).
	{0x4300, "origin-validation", "BGP Origin Validation State", "RFC 8097 §2", extHex},
	{0x4301, "cost-nt", "Cost Community", "draft-ietf-idr-custom-decision", extHex},
	// Generic Transitive Experimental Use: flow spec actions (RFC 8955 §7).
	{0x8006, "traffic-rate", "Flow spec traffic-rate-bytes", "RFC 8955 §7.1", extRate},
	{0x8007, "traffic-action", "Flow spec traffic-action", "RFC 8955 §7.3", extTrafficAction},
	{0x8008, "redirect", "Flow spec rt-redirect AS-2octet format", "RFC 8955 §7.4", extAdmin},
	{0x8009, "traffic-marking", "Flow spec traffic-remarking", "RFC 8955 §7.5", extMarking},
	{0x800a, "l2-info", "Layer2 Info", "RFC 4761 §3.2.4", extHex},
	{0x800b, "e-tree-info", "E-Tree Info", "RFC 7796 §3.2", extHex},
	{0x800c, "traffic-rate-packets", "Flow spec traffic-rate-packets", "RFC 8955 §7.2", extRate},
	{0x8108, "redirect", "Flow spec rt-redirect IPv4 format", "RFC 8955 §7.4", extAdmin},
	{0x8208, "redirect", "Flow spec rt-redirect AS-4octet format", "RFC 8955 §7.4", extAdmin},
}

// extCommunityTypeNames names the type octets, for communities whose
// sub-type bgplens does not know.
var extCommunityTypeNames = [256]string{
	0x00: "Transitive Two-Octet AS-Specific",
	0x01: "Transitive IPv4-Address-Specific",
	0x02: "Transitive Four-Octet AS-Specific",
	0x03: "Transitive Opaque",
	0x04: "QoS Marking",
	0x05: "CoS Capability",
	0x06: "EVPN",
	0x07: "FlowSpec Transitive Extended Communities",
	0x08: "Flow spec redirect/mirror to IP next-hop",
	0x09: "FlowSpec Redirect to indirection-id",
	0x0a: "Transport Class",
	0x0b: "SFC",
	0x0c: "SRv6 MUP",
	0x40: "Non-Transitive Two-Octet AS-Specific",
	0x41: "Non-Transitive IPv4-Address-Specific",
	0x42: "Non-Transitive Four-Octet AS-Specific",
	0x43: "Non-Transitive Opaque",
	0x44: "QoS Marking",
	0x80: "Generic Transitive Experimental Use",
	0x81: "Generic Transitive Experimental Use Part 2",
	0x82: "Generic Transitive Experimental Use Part 3",
}

// lookupExt returns the registry row for type and sub-type ts, or nil.
func lookupExt(ts uint16) *extCommunityInfo {
	lo, hi := 0, len(extCommunityTable)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch r := &extCommunityTable[m]; {
		case r.ts == ts:
			return r
		case r.ts < ts:
			lo = m + 1
		default:
			hi = m
		}
	}
	return nil
}

// Type returns the high-order type octet, including the IANA-authority
// bit (0x80) and the transitive bit (0x40) (RFC 4360 §2).
func (c ExtCommunity) Type() uint8 { return c[0] }

// Subtype returns the low-order type octet of an extended type.
func (c ExtCommunity) Subtype() uint8 { return c[1] }

// Transitive reports whether the community may be passed across AS
// boundaries: the transitive bit (0x40) of the type octet is zero
// (RFC 4360 §2).
func (c ExtCommunity) Transitive() bool { return c[0]&0x40 == 0 }

// Name returns the registry name of the type and sub-type, e.g. "Route
// Target", the name of the type alone when bgplens does not know the
// sub-type, or "".
func (c ExtCommunity) Name() string {
	if r := lookupExt(uint16(c[0])<<8 | uint16(c[1])); r != nil {
		return r.name
	}
	return extCommunityTypeNames[c[0]]
}

// Ref returns the document that defines the type and sub-type, or "".
func (c ExtCommunity) Ref() string {
	if r := lookupExt(uint16(c[0])<<8 | uint16(c[1])); r != nil {
		return r.ref
	}
	return ""
}

// extAdminForm reports which administrator layout c has: 0 two-octet AS,
// 1 IPv4 address, 2 four-octet AS (the low bits of types 0x00-0x02 and
// 0x40-0x42, RFC 4360 §3, RFC 5668 §2), or -1. The flow spec types
// 0x80-0x82 use the same layouts for their redirect sub-type only
// (RFC 8955 §7.4).
func (c ExtCommunity) extAdminForm() int {
	t := c[0]
	if t >= ExtTypeFlowSpec && t <= ExtTypeFlowSpec3 {
		if c[1] != 0x08 {
			return -1
		}
		return int(t - ExtTypeFlowSpec)
	}
	if t&^0x40 <= ExtTypeAS4 {
		return int(t &^ 0x40)
	}
	return -1
}

// AS2 returns the Global and Local Administrator of a two-octet
// AS-specific community (types 0x00 and 0x40, RFC 4360 §3.1; flow spec
// redirect 0x8008, RFC 8955 §7.4).
func (c ExtCommunity) AS2() (asn uint16, local uint32, ok bool) {
	if c.extAdminForm() != 0 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint16(c[2:]), binary.BigEndian.Uint32(c[4:]), true
}

// IPv4 returns the Global and Local Administrator of an IPv4-address-
// specific community (types 0x01 and 0x41, RFC 4360 §3.2; flow spec
// redirect 0x8108, RFC 8955 §7.4).
func (c ExtCommunity) IPv4() (addr netip.Addr, local uint16, ok bool) {
	if c.extAdminForm() != 1 {
		return netip.Addr{}, 0, false
	}
	return netip.AddrFrom4([4]byte(c[2:6])), binary.BigEndian.Uint16(c[6:]), true
}

// AS4 returns the Global and Local Administrator of a four-octet
// AS-specific community (types 0x02 and 0x42, RFC 5668 §2; flow spec
// redirect 0x8208, RFC 8955 §7.4).
func (c ExtCommunity) AS4() (asn uint32, local uint16, ok bool) {
	if c.extAdminForm() != 2 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint32(c[2:]), binary.BigEndian.Uint16(c[6:]), true
}

// Rate returns the 2-octet AS and the IEEE 754 single-precision rate of a
// Link Bandwidth community (0x4004, bytes per second,
// draft-ietf-idr-link-bandwidth §3) or a flow spec traffic-rate community
// (0x8006 bytes per second, 0x800c packets per second, RFC 8955 §7.1-7.2).
func (c ExtCommunity) Rate() (asn uint16, rate float32, ok bool) {
	r := lookupExt(uint16(c[0])<<8 | uint16(c[1]))
	if r == nil || r.form != extRate {
		return 0, 0, false
	}
	return binary.BigEndian.Uint16(c[2:]), math.Float32frombits(binary.BigEndian.Uint32(c[4:])), true
}

// Color returns the color of a Color extended community (RFC 9012 §4.3).
func (c ExtCommunity) Color() (color uint32, ok bool) {
	if c[0] != ExtTypeOpaque || c[1] != 0x0b {
		return 0, false
	}
	return binary.BigEndian.Uint32(c[4:]), true
}

// TunnelType returns the tunnel type of an Encapsulation extended
// community (RFC 9012 §4.1).
func (c ExtCommunity) TunnelType() (t uint16, ok bool) {
	if c[0] != ExtTypeOpaque || c[1] != 0x0c {
		return 0, false
	}
	return binary.BigEndian.Uint16(c[6:]), true
}

// String formats the community as "<key>:<value>": "rt:65000:100",
// "soo:192.0.2.1:7", "rt:4200000000:100" (a four-octet AS below 65536 is
// written "rt:100L:100" so it reads back as the same type),
// "color:100", "encap:8", "link-bandwidth:65000:1.25e+08" (rates as
// IEEE floats), "mac-mobility:000000000005" (other named communities: the
// six value octets in hex), and for
// communities bgplens does not name "0xTTSS:<12 hex digits>".
// ParseExtCommunity reads every form back.
func (c ExtCommunity) String() string { return string(c.AppendText(nil)) }

// AppendText appends the String form of c to b.
func (c ExtCommunity) AppendText(b []byte) []byte {
	r := lookupExt(uint16(c[0])<<8 | uint16(c[1]))
	if r == nil {
		b = append(b, "0x"...)
		b = appendHexBytes(b, c[:2])
		b = append(b, ':')
		return appendHexBytes(b, c[2:])
	}
	b = append(b, r.key...)
	b = append(b, ':')
	switch r.form {
	case extAdmin:
		if asn, local, ok := c.AS2(); ok {
			b = AppendUint(b, uint64(asn))
			b = append(b, ':')
			return AppendUint(b, uint64(local))
		}
		if addr, local, ok := c.IPv4(); ok {
			b = addr.AppendTo(b)
			b = append(b, ':')
			return AppendUint(b, uint64(local))
		}
		if asn, local, ok := c.AS4(); ok {
			b = AppendUint(b, uint64(asn))
			if asn <= 0xffff {
				b = append(b, 'L')
			}
			b = append(b, ':')
			return AppendUint(b, uint64(local))
		}
	case extColor:
		if c[2] == 0 && c[3] == 0 {
			return AppendUint(b, uint64(binary.BigEndian.Uint32(c[4:])))
		}
	case extEncap:
		if c[2]|c[3]|c[4]|c[5] == 0 {
			return AppendUint(b, uint64(binary.BigEndian.Uint16(c[6:])))
		}
	case extRate:
		// A NaN would not read back bit for bit: keep those in hex.
		if asn, rate, _ := c.Rate(); rate == rate {
			b = AppendUint(b, uint64(asn))
			b = append(b, ':')
			return strconv.AppendFloat(b, float64(rate), 'g', -1, 32)
		}
	default:
		if out, ok := appendExtForm(b, c, r.form); ok {
			return out
		}
	}
	return appendHexBytes(b, c[2:])
}

// AppendBinary appends the eight octets of c.
func (c ExtCommunity) AppendBinary(b []byte) []byte { return append(b, c[:]...) }

func appendHexBytes(b, v []byte) []byte {
	const hex = "0123456789abcdef"
	for _, x := range v {
		b = append(b, hex[x>>4], hex[x&15])
	}
	return b
}

var errExtCommunitySyntax = errors.New("bgp: malformed extended community")

// ParseExtCommunity parses the forms String prints. For the administrator
// forms ("rt:", "soo:", ...) the administrator picks the type: a dotted
// IPv4 address, an AS number below 65536 (two-octet AS, local part up to
// 4294967295), or a larger AS number or one written with an "L" suffix
// (four-octet AS, local part up to 65535).
func ParseExtCommunity(s string) (ExtCommunity, error) {
	var c ExtCommunity
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return c, errExtCommunitySyntax
	}
	key, rest := s[:i], s[i+1:]
	if len(key) == 6 && key[0] == '0' && (key[1] == 'x' || key[1] == 'X') {
		if !parseHexInto(c[:2], key[2:]) || !parseHexInto(c[2:], rest) {
			return c, errExtCommunitySyntax
		}
		return c, nil
	}
	// Find the first row with this key; administrator rows share keys
	// across the AS2/IPv4/AS4 types, which sit 0x100 apart.
	var r *extCommunityInfo
	for j := range extCommunityTable {
		if extCommunityTable[j].key == key {
			r = &extCommunityTable[j]
			break
		}
	}
	if r == nil {
		return c, errExtCommunitySyntax
	}
	c[0], c[1] = byte(r.ts>>8), byte(r.ts)
	switch r.form {
	case extAdmin:
		j := strings.LastIndexByte(rest, ':')
		if j < 0 {
			return c, errExtCommunitySyntax
		}
		admin, local := rest[:j], rest[j+1:]
		if addr, err := netip.ParseAddr(admin); err == nil {
			if !addr.Is4() {
				return c, errExtCommunitySyntax
			}
			n, err := strconv.ParseUint(local, 10, 16)
			if err != nil || !extSetType(&c, r, 1) {
				return c, errExtCommunitySyntax
			}
			a := addr.As4()
			copy(c[2:6], a[:])
			binary.BigEndian.PutUint16(c[6:], uint16(n))
			return c, nil
		}
		long := strings.HasSuffix(admin, "L")
		admin = strings.TrimSuffix(admin, "L")
		asn, err := strconv.ParseUint(admin, 10, 32)
		if err != nil {
			return c, errExtCommunitySyntax
		}
		if long || asn > 0xffff {
			n, err := strconv.ParseUint(local, 10, 16)
			if err != nil || !extSetType(&c, r, 2) {
				return c, errExtCommunitySyntax
			}
			binary.BigEndian.PutUint32(c[2:], uint32(asn))
			binary.BigEndian.PutUint16(c[6:], uint16(n))
			return c, nil
		}
		n, err := strconv.ParseUint(local, 10, 32)
		if err != nil || !extSetType(&c, r, 0) {
			return c, errExtCommunitySyntax
		}
		binary.BigEndian.PutUint16(c[2:], uint16(asn))
		binary.BigEndian.PutUint32(c[4:], uint32(n))
		return c, nil
	// The hex form always has 12 digits; the decimal forms are shorter.
	case extColor:
		if n, err := strconv.ParseUint(rest, 10, 32); err == nil && len(rest) < 12 {
			binary.BigEndian.PutUint32(c[4:], uint32(n))
			return c, nil
		}
	case extEncap:
		if n, err := strconv.ParseUint(rest, 10, 16); err == nil && len(rest) < 12 {
			binary.BigEndian.PutUint16(c[6:], uint16(n))
			return c, nil
		}
	case extRate:
		if j := strings.IndexByte(rest, ':'); j >= 0 {
			asn, err1 := strconv.ParseUint(rest[:j], 10, 16)
			rate, err2 := strconv.ParseFloat(rest[j+1:], 32)
			if err1 != nil || err2 != nil || rate != rate {
				return c, errExtCommunitySyntax
			}
			binary.BigEndian.PutUint16(c[2:], uint16(asn))
			binary.BigEndian.PutUint32(c[4:], math.Float32bits(float32(rate)))
			return c, nil
		}
	default:
		if parseExtForm(&c, r.form, rest) {
			return c, nil
		}
	}
	if !parseHexInto(c[2:], rest) {
		return c, errExtCommunitySyntax
	}
	return c, nil
}

// extSetType sets the type octet of c for an administrator form (0: two-
// octet AS, 1: IPv4, 2: four-octet AS) of row r, and reports whether the
// registry has that combination.
func extSetType(c *ExtCommunity, r *extCommunityInfo, form uint8) bool {
	// The three forms are types 0xX0, 0xX1 and 0xX2 of the same block
	// (0x00, 0x40 and the flow spec 0x80).
	t := byte(r.ts>>8)&^0x03 | form
	r2 := lookupExt(uint16(t)<<8 | uint16(c[1]))
	if r2 == nil || r2.key != r.key {
		return false
	}
	c[0] = t
	return true
}

// parseHexInto decodes exactly len(dst) octets of hex digits from s.
func parseHexInto(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	_, err := hex.Decode(dst, []byte(s))
	return err == nil
}

// ExtCommunitiesView is the value of an EXTENDED_COMMUNITIES attribute in
// place (RFC 4360 §2): a checked, non-empty list of 8-octet communities.
// It aliases the input.
type ExtCommunitiesView struct {
	b   []byte
	off int // offset of the value in the message
}

// Len returns the number of extended communities.
func (v ExtCommunitiesView) Len() int { return len(v.b) / 8 }

// At returns the i-th extended community; i must be in [0, Len()).
func (v ExtCommunitiesView) At(i int) ExtCommunity { return ExtCommunity(v.b[8*i : 8*i+8]) }

// Off returns the offset in the message of the i-th extended community.
func (v ExtCommunitiesView) Off(i int) int { return v.off + 8*i }

// All iterates over the extended communities in wire order.
func (v ExtCommunitiesView) All() iter.Seq[ExtCommunity] {
	return func(yield func(ExtCommunity) bool) {
		for i := 0; i+8 <= len(v.b); i += 8 {
			if !yield(ExtCommunity(v.b[i : i+8])) {
				return
			}
		}
	}
}

// Bytes returns the attribute value; it aliases the input.
func (v ExtCommunitiesView) Bytes() []byte { return v.b }

// IPv6ExtCommunity is one value of the IPv6 Address Specific Extended
// Community attribute (RFC 5701 §2): a type octet (0x00 transitive, 0x40
// non-transitive), a sub-type, a 16-octet IPv6 Global Administrator and a
// 2-octet Local Administrator. It is comparable and usable as a map key.
type IPv6ExtCommunity [20]byte

// ipv6ExtCommunityTable is the IANA "Transitive IPv6-Address-Specific
// Extended Community Types" registry as far as bgplens names it, sorted.
var ipv6ExtCommunityTable = [...]extCommunityInfo{
	{0x0002, "rt", "Route Target", "RFC 5701 §3", extAdmin},
	{0x0003, "soo", "Route Origin", "RFC 5701 §3", extAdmin},
	{0x000b, "vrf-import", "VRF Route Import", "RFC 6515 §3", extAdmin},
	{0x000d, "redirect", "Flow spec rt-redirect IPv6", "RFC 8956 §6", extAdmin},
	{0x0012, "inter-area-p2mp-nh", "Inter-Area P2MP Segmented Next-Hop", "RFC 7524 §6", extAdmin},
}

func lookupIPv6Ext(ts uint16) *extCommunityInfo {
	for i := range ipv6ExtCommunityTable {
		if r := &ipv6ExtCommunityTable[i]; r.ts == ts {
			return r
		}
	}
	return nil
}

// Type returns the type octet: 0x00 transitive, 0x40 non-transitive
// (RFC 5701 §2).
func (c IPv6ExtCommunity) Type() uint8 { return c[0] }

// Subtype returns the sub-type octet.
func (c IPv6ExtCommunity) Subtype() uint8 { return c[1] }

// Transitive reports whether the transitive bit (0x40) is zero.
func (c IPv6ExtCommunity) Transitive() bool { return c[0]&0x40 == 0 }

// Address returns the Global Administrator field.
func (c IPv6ExtCommunity) Address() netip.Addr { return netip.AddrFrom16([16]byte(c[2:18])) }

// Local returns the Local Administrator field.
func (c IPv6ExtCommunity) Local() uint16 { return binary.BigEndian.Uint16(c[18:]) }

// Name returns the registry name of the sub-type, e.g. "Route Target", or
// "" when bgplens does not know it.
func (c IPv6ExtCommunity) Name() string {
	if r := lookupIPv6Ext(uint16(c[0])<<8 | uint16(c[1])); r != nil {
		return r.name
	}
	return ""
}

// String formats the community as "rt:[2001:db8::1]:100" (the key from
// the sub-type registry, the address in brackets, the local part), or
// "0xTTSS:[address]:local" for a type bgplens does not name.
func (c IPv6ExtCommunity) String() string { return string(c.AppendText(nil)) }

// AppendText appends the String form of c to b.
func (c IPv6ExtCommunity) AppendText(b []byte) []byte {
	if r := lookupIPv6Ext(uint16(c[0])<<8 | uint16(c[1])); r != nil {
		b = append(b, r.key...)
	} else {
		b = append(b, "0x"...)
		b = appendHexBytes(b, c[:2])
	}
	b = append(b, ":["...)
	b = c.Address().AppendTo(b)
	b = append(b, "]:"...)
	return AppendUint(b, uint64(c.Local()))
}

// AppendBinary appends the twenty octets of c.
func (c IPv6ExtCommunity) AppendBinary(b []byte) []byte { return append(b, c[:]...) }

// ParseIPv6ExtCommunity parses the forms IPv6ExtCommunity.String prints.
func ParseIPv6ExtCommunity(s string) (IPv6ExtCommunity, error) {
	var c IPv6ExtCommunity
	i := strings.Index(s, ":[")
	j := strings.LastIndex(s, "]:")
	if i < 0 || j < i+2 {
		return c, errExtCommunitySyntax
	}
	key := s[:i]
	if len(key) == 6 && key[0] == '0' && (key[1] == 'x' || key[1] == 'X') {
		if !parseHexInto(c[:2], key[2:]) {
			return c, errExtCommunitySyntax
		}
	} else {
		found := false
		for k := range ipv6ExtCommunityTable {
			if r := &ipv6ExtCommunityTable[k]; r.key == key {
				c[0], c[1] = byte(r.ts>>8), byte(r.ts)
				found = true
				break
			}
		}
		if !found {
			return c, errExtCommunitySyntax
		}
	}
	addr, err := netip.ParseAddr(s[i+2 : j])
	if err != nil || !addr.Is6() || addr.Zone() != "" {
		return c, errExtCommunitySyntax
	}
	n, err := strconv.ParseUint(s[j+2:], 10, 16)
	if err != nil {
		return c, errExtCommunitySyntax
	}
	a := addr.As16()
	copy(c[2:18], a[:])
	binary.BigEndian.PutUint16(c[18:], uint16(n))
	return c, nil
}

// IPv6ExtCommunitiesView is the value of an IPv6 Address Specific Extended
// Community attribute in place (RFC 5701 §2): a checked, non-empty list of
// 20-octet communities. It aliases the input.
type IPv6ExtCommunitiesView struct {
	b   []byte
	off int // offset of the value in the message
}

// Len returns the number of communities.
func (v IPv6ExtCommunitiesView) Len() int { return len(v.b) / 20 }

// At returns the i-th community; i must be in [0, Len()).
func (v IPv6ExtCommunitiesView) At(i int) IPv6ExtCommunity {
	return IPv6ExtCommunity(v.b[20*i : 20*i+20])
}

// Off returns the offset in the message of the i-th community.
func (v IPv6ExtCommunitiesView) Off(i int) int { return v.off + 20*i }

// All iterates over the communities in wire order.
func (v IPv6ExtCommunitiesView) All() iter.Seq[IPv6ExtCommunity] {
	return func(yield func(IPv6ExtCommunity) bool) {
		for i := 0; i+20 <= len(v.b); i += 20 {
			if !yield(IPv6ExtCommunity(v.b[i : i+20])) {
				return
			}
		}
	}
}

// Bytes returns the attribute value; it aliases the input.
func (v IPv6ExtCommunitiesView) Bytes() []byte { return v.b }
