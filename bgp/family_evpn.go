package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
	"slices"
	"strconv"
)

// EVPN NLRI (RFC 7432 §7, AFI 25 SAFI 70): a route type octet, a length
// octet and the route type's fields. EVPNView reads one entry in place;
// EVPNRoute (family_evpn_owned.go) is the owned value that encodes back.

// EVPNRouteType is the Route Type octet of an EVPN NLRI (IANA "EVPN Route
// Types").
type EVPNRouteType uint8

// EVPN route types.
const (
	EVPNEthernetAD         EVPNRouteType = 1  // Ethernet Auto-discovery, RFC 7432 §7.1
	EVPNMACIP              EVPNRouteType = 2  // MAC/IP Advertisement, RFC 7432 §7.2
	EVPNInclusiveMulticast EVPNRouteType = 3  // Inclusive Multicast Ethernet Tag, RFC 7432 §7.3
	EVPNEthernetSegment    EVPNRouteType = 4  // Ethernet Segment, RFC 7432 §7.4
	EVPNIPPrefix           EVPNRouteType = 5  // IP Prefix, RFC 9136 §3.1
	EVPNSMET               EVPNRouteType = 6  // Selective Multicast Ethernet Tag, RFC 9251 §9.1
	EVPNJoinSynch          EVPNRouteType = 7  // Multicast Membership Report Synch, RFC 9251 §9.2
	EVPNLeaveSynch         EVPNRouteType = 8  // Multicast Leave Synch, RFC 9251 §9.3
	EVPNPerRegionIPMSI     EVPNRouteType = 9  // Per-Region I-PMSI A-D, RFC 9572 §3.1
	EVPNSPMSI              EVPNRouteType = 10 // S-PMSI A-D, RFC 9572 §3.2
	EVPNLeafAD             EVPNRouteType = 11 // Leaf A-D, RFC 9572 §3.3
	evpnKnownTypes                       = 12
)

// evpnTypeInfo is one row of the route type registry: names, reference and
// the layout of the fields after the length octet.
type evpnTypeInfo struct {
	key, name, ref string
	fields         []EVPNField
	// notKey lists the fields the RFC says are route attributes, not part
	// of the route key (evpnKey): labels, a MAC/IP or IP Prefix route's
	// ESI, the multicast routes' flags.
	notKey []EVPNField
}

var evpnTypes = [evpnKnownTypes]evpnTypeInfo{
	EVPNEthernetAD: {"ethernet-ad", "Ethernet Auto-discovery", "RFC 7432 §7.1",
		[]EVPNField{EVPNRD, EVPNESI, EVPNEthernetTag, EVPNLabel1}, []EVPNField{EVPNLabel1}},
	EVPNMACIP: {"mac-ip", "MAC/IP Advertisement", "RFC 7432 §7.2",
		[]EVPNField{EVPNRD, EVPNESI, EVPNEthernetTag, EVPNMACLength, EVPNMAC, EVPNIPLength, EVPNIP, EVPNLabel1, EVPNLabel2}, []EVPNField{EVPNESI, EVPNLabel1, EVPNLabel2}},
	EVPNInclusiveMulticast: {"inclusive-multicast", "Inclusive Multicast Ethernet Tag", "RFC 7432 §7.3",
		[]EVPNField{EVPNRD, EVPNEthernetTag, EVPNOriginatorLength, EVPNOriginator}, nil},
	EVPNEthernetSegment: {"ethernet-segment", "Ethernet Segment", "RFC 7432 §7.4",
		[]EVPNField{EVPNRD, EVPNESI, EVPNOriginatorLength, EVPNOriginator}, nil},
	EVPNIPPrefix: {"ip-prefix", "IP Prefix", "RFC 9136 §3.1",
		[]EVPNField{EVPNRD, EVPNESI, EVPNEthernetTag, EVPNPrefixLength, EVPNPrefix, EVPNGateway, EVPNLabel1}, []EVPNField{EVPNESI, EVPNGateway, EVPNLabel1}},
	EVPNSMET: {"smet", "Selective Multicast Ethernet Tag", "RFC 9251 §9.1",
		[]EVPNField{EVPNRD, EVPNEthernetTag, EVPNSourceLength, EVPNSource, EVPNGroupLength, EVPNGroup, EVPNOriginatorLength, EVPNOriginator, EVPNFlags}, []EVPNField{EVPNFlags}},
	EVPNJoinSynch: {"join-synch", "Multicast Membership Report Synch", "RFC 9251 §9.2",
		[]EVPNField{EVPNRD, EVPNESI, EVPNEthernetTag, EVPNSourceLength, EVPNSource, EVPNGroupLength, EVPNGroup, EVPNOriginatorLength, EVPNOriginator, EVPNFlags}, []EVPNField{EVPNFlags}},
	EVPNLeaveSynch: {"leave-synch", "Multicast Leave Synch", "RFC 9251 §9.3",
		[]EVPNField{EVPNRD, EVPNESI, EVPNEthernetTag, EVPNSourceLength, EVPNSource, EVPNGroupLength, EVPNGroup, EVPNOriginatorLength, EVPNOriginator, EVPNReserved, EVPNMaxResponseTime, EVPNFlags}, []EVPNField{EVPNReserved, EVPNMaxResponseTime, EVPNFlags}},
	EVPNPerRegionIPMSI: {"per-region-i-pmsi", "Per-Region I-PMSI A-D", "RFC 9572 §3.1",
		[]EVPNField{EVPNRD, EVPNEthernetTag, EVPNRegionID}, nil},
	EVPNSPMSI: {"s-pmsi", "S-PMSI A-D", "RFC 9572 §3.2",
		[]EVPNField{EVPNRD, EVPNEthernetTag, EVPNSourceLength, EVPNSource, EVPNGroupLength, EVPNGroup, EVPNOriginatorLength, EVPNOriginator}, nil},
	EVPNLeafAD: {"leaf-ad", "Leaf A-D", "RFC 9572 §3.3",
		[]EVPNField{EVPNRouteKey, EVPNOriginatorLength, EVPNOriginator}, nil},
}

// String returns the RFC name of the route type, or "EVPNRouteType(N)".
func (t EVPNRouteType) String() string {
	if int(t) < evpnKnownTypes && evpnTypes[t].name != "" {
		return evpnTypes[t].name
	}
	return UnnamedCode(t, "EVPNRouteType")
}

// Key returns the short name used in JSON and text ("mac-ip"), or the
// number.
func (t EVPNRouteType) Key() string {
	if int(t) < evpnKnownTypes && evpnTypes[t].key != "" {
		return evpnTypes[t].key
	}
	return strconv.Itoa(int(t))
}

// Ref returns the section that defines the route type, or "".
func (t EVPNRouteType) Ref() string {
	if int(t) < evpnKnownTypes {
		return evpnTypes[t].ref
	}
	return ""
}

// EVPNField names a field of an EVPN route, as the RFCs do.
type EVPNField uint8

// EVPN route fields.
const (
	EVPNRD               EVPNField = iota // Route Distinguisher (8)
	EVPNESI                               // Ethernet Segment Identifier (10)
	EVPNEthernetTag                       // Ethernet Tag ID (4)
	EVPNMACLength                         // MAC Address Length (1, in bits: 48)
	EVPNMAC                               // MAC Address (6)
	EVPNIPLength                          // IP Address Length (1, in bits: 0, 32, 128)
	EVPNIP                                // IP Address (0, 4, 16)
	EVPNLabel1                            // MPLS Label1 (3)
	EVPNLabel2                            // MPLS Label2 (3, optional)
	EVPNPrefixLength                      // IP Prefix Length (1)
	EVPNPrefix                            // IP Prefix (4, 16)
	EVPNGateway                           // GW IP Address (4, 16)
	EVPNSourceLength                      // Multicast Source Length (1, in bits)
	EVPNSource                            // Multicast Source Address (0, 4, 16)
	EVPNGroupLength                       // Multicast Group Length (1, in bits)
	EVPNGroup                             // Multicast Group Address (0, 4, 16)
	EVPNOriginatorLength                  // Originating Router's IP Address length (1, in bits: 32, 128)
	EVPNOriginator                        // Originating Router's IP Address (4, 16)
	EVPNReserved                          // Reserved (4)
	EVPNMaxResponseTime                   // Maximum Response Time (1)
	EVPNFlags                             // Flags (1)
	EVPNRegionID                          // Region ID (8)
	EVPNRouteKey                          // Route Key (variable): the NLRI the Leaf A-D route answers
	evpnFieldCount
)

var evpnFieldNames = [evpnFieldCount]string{
	"Route Distinguisher", "Ethernet Segment Identifier", "Ethernet Tag ID", "MAC Address Length",
	"MAC Address", "IP Address Length", "IP Address", "MPLS Label1", "MPLS Label2", "IP Prefix Length",
	"IP Prefix", "GW IP Address", "Multicast Source Length", "Multicast Source Address",
	"Multicast Group Length", "Multicast Group Address", "Originating Router's IP Address Length",
	"Originating Router's IP Address", "Reserved", "Maximum Response Time", "Flags", "Region ID", "Route Key",
}

// fixed sizes of the fields; 0 for the sized ones.
var evpnFieldSize = [evpnFieldCount]uint8{
	EVPNRD: 8, EVPNESI: 10, EVPNEthernetTag: 4, EVPNMACLength: 1, EVPNMAC: 6, EVPNIPLength: 1,
	EVPNLabel1: 3, EVPNLabel2: 3, EVPNPrefixLength: 1, EVPNSourceLength: 1, EVPNGroupLength: 1,
	EVPNOriginatorLength: 1, EVPNReserved: 4, EVPNMaxResponseTime: 1, EVPNFlags: 1, EVPNRegionID: 8,
}

// String returns the RFC's name of the field.
func (f EVPNField) String() string { return CodeName(evpnFieldNames[:], f, "EVPNField") }

// MAC is an IEEE 802 MAC address.
type MAC [6]byte

// String formats the address as "00:11:22:33:44:55".
func (m MAC) String() string { return string(m.AppendText(nil)) }

// AppendText appends the String form of m.
func (m MAC) AppendText(b []byte) []byte { return appendColonHex(b, m[:]) }

func appendColonHex(b, v []byte) []byte {
	const hex = "0123456789abcdef"
	for i, c := range v {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}

// ESI is an Ethernet Segment Identifier (RFC 7432 §5): a type octet and
// nine octets of value.
type ESI [10]byte

// Type returns the ESI Type octet (0-5 defined by RFC 7432 §5).
func (e ESI) Type() uint8 { return e[0] }

// IsZero reports whether the ESI is all zeros: a single-homed site.
func (e ESI) IsZero() bool { return e == ESI{} }

// String formats the ESI as its ten octets in colon hex
// ("00:11:22:33:44:55:66:77:88:99"), or "0" for the all-zero ESI.
func (e ESI) String() string { return string(e.AppendText(nil)) }

// AppendText appends the String form of e.
func (e ESI) AppendText(b []byte) []byte {
	if e.IsZero() {
		return append(b, '0')
	}
	return appendColonHex(b, e[:])
}

// AppendDescription appends what the value of a type 1-5 ESI says, with
// the names RFC 7432 §5 gives its fields: "LACP system MAC 00:..., port key
// 1". Type 0 and unknown types append nothing.
func (e ESI) AppendDescription(b []byte) []byte {
	mac := MAC(e[1:7])
	switch e[0] {
	case 1:
		b = append(b, "CE LACP system MAC "...)
		b = mac.AppendText(b)
		b = append(b, ", port key "...)
		return strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(e[7:])), 10)
	case 2:
		b = append(b, "root bridge MAC "...)
		b = mac.AppendText(b)
		b = append(b, ", priority "...)
		return strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(e[7:])), 10)
	case 3:
		b = append(b, "system MAC "...)
		b = mac.AppendText(b)
		b = append(b, ", local discriminator "...)
		return strconv.AppendUint(b, uint64(e[7])<<16|uint64(e[8])<<8|uint64(e[9]), 10)
	case 4:
		b = append(b, "router ID "...)
		b = netip.AddrFrom4([4]byte(e[1:5])).AppendTo(b)
		b = append(b, ", local discriminator "...)
		return strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(e[5:])), 10)
	case 5:
		b = append(b, "AS "...)
		b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(e[1:])), 10)
		b = append(b, ", local discriminator "...)
		return strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(e[5:])), 10)
	}
	return b
}

// EVPNView is one EVPN NLRI entry read in place: the route type, the
// length and the fields of the type, located once by ParseEVPN. It aliases
// the input. Fields a route type does not have read as zero values.
type EVPNView struct {
	b   []byte
	off int
	at  [evpnFieldCount]uint16 // offset in b of each field present, 0 when absent
	n   [evpnFieldCount]uint8  // its length
}

// ParseEVPN reads the EVPN NLRI entry b (route type, length, value: an
// NLRI.Value) whose offset in the message is off. The value must hold
// exactly the fields of its route type; a type bgplens does not know is
// kept as octets (Value). Errors are *Error at the offending field.
func ParseEVPN(b []byte, off int) (EVPNView, error) {
	v := EVPNView{b: b, off: off}
	if len(b) < 2 {
		return v, nlriErr(off, "EVPN NLRI shorter than its type and length")
	}
	if int(b[1]) != len(b)-2 {
		return v, nlriErr(off+1, "EVPN NLRI length does not match the entry")
	}
	t := EVPNRouteType(b[0])
	if int(t) >= evpnKnownTypes || evpnTypes[t].fields == nil {
		return v, nil
	}
	i := 2
	for _, f := range evpnTypes[t].fields {
		n, reason := v.fieldLen(t, f, i)
		if reason != "" {
			return v, nlriErr(off+i, reason)
		}
		if n < 0 { // an optional field that is absent
			continue
		}
		if i+n > len(b) {
			return v, nlriErr(off+i, "EVPN "+f.String()+" overruns the route")
		}
		if n > 0 {
			v.at[f], v.n[f] = uint16(i), uint8(n)
		}
		i += n
	}
	if i != len(b) {
		return v, nlriErr(off+i, "EVPN route longer than its route type's fields")
	}
	return v, nil
}

// fieldLen returns the length of field f at offset i of a route of type t,
// -1 for an absent optional field, or why it cannot be read.
func (v *EVPNView) fieldLen(t EVPNRouteType, f EVPNField, i int) (int, string) {
	b := v.b
	if n := evpnFieldSize[f]; n > 0 {
		if f == EVPNLabel2 && i == len(b) {
			return -1, ""
		}
		if i+int(n) > len(b) {
			return 0, "EVPN " + f.String() + " overruns the route"
		}
		if f == EVPNMACLength && b[i] != 48 {
			return 0, "EVPN MAC Address Length is not 48"
		}
		return int(n), ""
	}
	switch f {
	case EVPNIP, EVPNSource, EVPNGroup, EVPNOriginator:
		bits := b[i-1] // the length octet before the address
		if bits == 0 && f != EVPNOriginator {
			return 0, ""
		}
		if bits != 32 && bits != 128 {
			return 0, "EVPN " + f.String() + " length is not 32 or 128 bits"
		}
		return int(bits) / 8, ""
	case EVPNPrefix, EVPNGateway:
		// RFC 9136 §3.1: the family is the route's: 34 octets for IPv4,
		// 58 for IPv6.
		w := 4
		if len(b)-2 == 58 {
			w = 16
		} else if len(b)-2 != 34 {
			return 0, "EVPN IP Prefix route is neither 34 (IPv4) nor 58 (IPv6) octets"
		}
		if f == EVPNPrefix && int(b[i-1]) > 8*w {
			return 0, "EVPN IP Prefix Length longer than the address"
		}
		return w, ""
	case EVPNRouteKey:
		// RFC 9572 §3.3: the route key is the NLRI of the route answered;
		// the originator's address closes the route, so it is found from
		// the end.
		if r := len(b) - 5; r >= i && b[r] == 32 {
			return r - i, ""
		}
		if r := len(b) - 17; r >= i && b[r] == 128 {
			return r - i, ""
		}
		return 0, "EVPN Leaf A-D route ends in no originator address"
	}
	return 0, "EVPN field unknown"
}

// RouteType returns the Route Type.
func (v EVPNView) RouteType() EVPNRouteType { return EVPNRouteType(v.b[0]) }

// Bytes returns the whole entry; it aliases the input.
func (v EVPNView) Bytes() []byte { return v.b }

// Value returns the octets after the length; for a route type bgplens does
// not know, all there is. It aliases the input.
func (v EVPNView) Value() []byte { return v.b[2:] }

// Has reports whether the route has field f.
func (v EVPNView) Has(f EVPNField) bool { return v.at[f] != 0 }

// Field returns the octets of field f and their offset in the message, or
// nil when the route has no such field.
func (v EVPNView) Field(f EVPNField) ([]byte, int) {
	if v.at[f] == 0 {
		return nil, 0
	}
	i := int(v.at[f])
	return v.b[i : i+int(v.n[f]) : i+int(v.n[f])], v.off + i
}

// EVPNFieldSpan is one field of an EVPN route: what it is and where it lies
// in the message.
type EVPNFieldSpan struct {
	Field EVPNField
	Off   int
	Len   int
}

// Fields iterates over the fields of the route in wire order (not the type
// and length octets).
func (v EVPNView) Fields() iter.Seq[EVPNFieldSpan] {
	return func(yield func(EVPNFieldSpan) bool) {
		if int(v.RouteType()) >= evpnKnownTypes {
			return
		}
		for _, f := range evpnTypes[v.RouteType()].fields {
			if v.at[f] != 0 && !yield(EVPNFieldSpan{f, v.off + int(v.at[f]), int(v.n[f])}) {
				return
			}
		}
	}
}

// RD returns the Route Distinguisher (every type but Leaf A-D).
func (v EVPNView) RD() (rd RD) { b, _ := v.Field(EVPNRD); copy(rd[:], b); return rd }

// ESI returns the Ethernet Segment Identifier.
func (v EVPNView) ESI() (e ESI) { b, _ := v.Field(EVPNESI); copy(e[:], b); return e }

// EthernetTag returns the Ethernet Tag ID.
func (v EVPNView) EthernetTag() uint32 { return v.uint(EVPNEthernetTag) }

// MAC returns the MAC Address of a MAC/IP Advertisement route.
func (v EVPNView) MAC() (m MAC) { b, _ := v.Field(EVPNMAC); copy(m[:], b); return m }

// IP returns the IP Address of a MAC/IP Advertisement route; invalid when
// the route has none.
func (v EVPNView) IP() netip.Addr { return v.addr(EVPNIP) }

// Originator returns the Originating Router's IP Address.
func (v EVPNView) Originator() netip.Addr { return v.addr(EVPNOriginator) }

// Source returns the Multicast Source Address; invalid for (*,G).
func (v EVPNView) Source() netip.Addr { return v.addr(EVPNSource) }

// Group returns the Multicast Group Address.
func (v EVPNView) Group() netip.Addr { return v.addr(EVPNGroup) }

// Gateway returns the GW IP Address of an IP Prefix route.
func (v EVPNView) Gateway() netip.Addr { return v.addr(EVPNGateway) }

// Prefix returns the IP Prefix of an IP Prefix route, its address as sent.
func (v EVPNView) Prefix() netip.Prefix {
	a := v.addr(EVPNPrefix)
	if !a.IsValid() {
		return netip.Prefix{}
	}
	pl, _ := v.Field(EVPNPrefixLength)
	return netip.PrefixFrom(a, int(pl[0]))
}

// Labels returns the MPLS Label fields as sent (24 bits: a 20-bit label
// and 4 low bits, or, with VXLAN encapsulation, the VNI: RFC 8365 §5.1.3),
// and how many there are (0-2).
func (v EVPNView) Labels() (l [2]uint32, n int) {
	for i, f := range [2]EVPNField{EVPNLabel1, EVPNLabel2} {
		if b, _ := v.Field(f); b != nil {
			l[i] = uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
			n++
		}
	}
	return l, n
}

// Flags returns the Flags octet (types 6-8).
func (v EVPNView) Flags() uint8 { return uint8(v.uint(EVPNFlags)) }

// MaxResponseTime returns the Maximum Response Time (type 8).
func (v EVPNView) MaxResponseTime() uint8 { return uint8(v.uint(EVPNMaxResponseTime)) }

// Reserved returns the Reserved field (type 8).
func (v EVPNView) Reserved() uint32 { return v.uint(EVPNReserved) }

// RegionID returns the Region ID (type 9: an extended community's octets,
// RFC 9572 §3.1).
func (v EVPNView) RegionID() (r [8]byte) { b, _ := v.Field(EVPNRegionID); copy(r[:], b); return r }

// RouteKey returns the Route Key of a Leaf A-D route: the NLRI of the
// route it answers. It aliases the input.
func (v EVPNView) RouteKey() []byte { b, _ := v.Field(EVPNRouteKey); return b }

func (v EVPNView) uint(f EVPNField) uint32 {
	b, _ := v.Field(f)
	var x uint32
	for _, c := range b {
		x = x<<8 | uint32(c)
	}
	return x
}

func (v EVPNView) addr(f EVPNField) netip.Addr {
	b, _ := v.Field(f)
	switch len(b) {
	case 4:
		return netip.AddrFrom4([4]byte(b))
	case 16:
		return netip.AddrFrom16([16]byte(b))
	}
	return netip.Addr{}
}

// evpnKey appends an EVPN route's key: its route type and the fields of
// its type that the RFC makes part of the route key (RFC 7432 §7.1-§7.4,
// RFC 9136 §3.1, RFC 9251 §9, RFC 9572 §3), all but the type's notKey
// fields. A route type bgplens does not know is keyed whole.
func evpnKey(dst []byte, _ *familyRow, b []byte) ([]byte, bool) {
	v, err := ParseEVPN(b, 0)
	if err != nil {
		return dst, false
	}
	t := v.RouteType()
	if int(t) >= evpnKnownTypes || evpnTypes[t].fields == nil {
		return dst, false
	}
	dst = append(dst, byte(t))
	info := &evpnTypes[t]
	for _, f := range info.fields {
		if v.Has(f) && !slices.Contains(info.notKey, f) {
			fb, _ := v.Field(f)
			dst = append(dst, fb...)
		}
	}
	return dst, true
}
