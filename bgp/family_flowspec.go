package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
	"strconv"
)

// Flow specification NLRI (RFC 8955 §4 for IPv4, RFC 8956 §3 for IPv6;
// SAFI 133, and 134 with a route distinguisher first, RFC 8955 §8): a
// length of one or two octets, then components in increasing type order,
// each a type octet and a prefix or a list of operator/value pairs.
// FlowSpecView reads one entry in place; FlowSpecRule
// (family_flowspec_owned.go) is the owned value that encodes back.

// FlowType is a flow specification component type (IANA "Flow Spec
// Component Types").
type FlowType uint8

// Flow specification component types.
const (
	FlowDestination FlowType = 1  // Destination Prefix
	FlowSource      FlowType = 2  // Source Prefix
	FlowProtocol    FlowType = 3  // IP Protocol (IPv6: Next Header)
	FlowPort        FlowType = 4  // Port
	FlowDestPort    FlowType = 5  // Destination Port
	FlowSourcePort  FlowType = 6  // Source Port
	FlowICMPType    FlowType = 7  // ICMP Type
	FlowICMPCode    FlowType = 8  // ICMP Code
	FlowTCPFlags    FlowType = 9  // TCP Flags (bitmask)
	FlowPacketLen   FlowType = 10 // Packet Length
	FlowDSCP        FlowType = 11 // DSCP
	FlowFragment    FlowType = 12 // Fragment (bitmask)
	FlowFlowLabel   FlowType = 13 // Flow Label (IPv6 only)
	flowTypeCount            = 14
)

type flowKind uint8

const (
	flowNone flowKind = iota
	flowPrefix
	flowNumeric
	flowBitmask
)

// flowTypeInfo is one row of the component type registry.
type flowTypeInfo struct {
	key, name string // the text form's word, the RFC's name
	ref, ref6 string // IPv4 (RFC 8955) and IPv6 (RFC 8956) sections; "" when not defined there
	kind      flowKind
	bits      []string // names of a bitmask's bits, lowest first
}

var flowTypes = [flowTypeCount]flowTypeInfo{
	FlowDestination: {"destination", "Destination Prefix", "RFC 8955 §4.2.2.1", "RFC 8956 §3.1", flowPrefix, nil},
	FlowSource:      {"source", "Source Prefix", "RFC 8955 §4.2.2.2", "RFC 8956 §3.2", flowPrefix, nil},
	FlowProtocol:    {"protocol", "IP Protocol", "RFC 8955 §4.2.2.3", "RFC 8956 §3.3", flowNumeric, nil},
	FlowPort:        {"port", "Port", "RFC 8955 §4.2.2.4", "RFC 8956 §3", flowNumeric, nil},
	FlowDestPort:    {"destination-port", "Destination Port", "RFC 8955 §4.2.2.5", "RFC 8956 §3", flowNumeric, nil},
	FlowSourcePort:  {"source-port", "Source Port", "RFC 8955 §4.2.2.6", "RFC 8956 §3", flowNumeric, nil},
	FlowICMPType:    {"icmp-type", "ICMP Type", "RFC 8955 §4.2.2.7", "RFC 8956 §3.5", flowNumeric, nil},
	FlowICMPCode:    {"icmp-code", "ICMP Code", "RFC 8955 §4.2.2.8", "RFC 8956 §3.6", flowNumeric, nil},
	FlowTCPFlags: {"tcp-flags", "TCP Flags", "RFC 8955 §4.2.2.9", "RFC 8956 §3", flowBitmask,
		[]string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"}},
	FlowPacketLen: {"packet-length", "Packet Length", "RFC 8955 §4.2.2.10", "RFC 8956 §3", flowNumeric, nil},
	FlowDSCP:      {"dscp", "DSCP", "RFC 8955 §4.2.2.11", "RFC 8956 §3", flowNumeric, nil},
	FlowFragment: {"fragment", "Fragment", "RFC 8955 §4.2.2.12", "RFC 8956 §3.4", flowBitmask,
		[]string{"DF", "IsF", "FF", "LF"}},
	FlowFlowLabel: {"flow-label", "Flow Label", "", "RFC 8956 §3.7", flowNumeric, nil},
}

func (t FlowType) info(v6 bool) *flowTypeInfo {
	if int(t) >= flowTypeCount {
		return nil
	}
	r := &flowTypes[t]
	if r.kind == flowNone || v6 && r.ref6 == "" || !v6 && r.ref == "" {
		return nil
	}
	return r
}

// String returns the RFC's name of the component type, or "FlowType(N)".
func (t FlowType) String() string {
	if int(t) < flowTypeCount && flowTypes[t].name != "" {
		return flowTypes[t].name
	}
	return UnnamedCode(t, "FlowType")
}

// Ref returns the section that defines the component type for IPv4 or
// IPv6, or "".
func (t FlowType) Ref(v6 bool) string {
	if r := t.info(v6); r != nil {
		if v6 {
			return r.ref6
		}
		return r.ref
	}
	return ""
}

// Key returns the word the rule's text uses: "destination-port"; IPv6's
// type 3 is "next-header".
func (t FlowType) Key(v6 bool) string {
	if v6 && t == FlowProtocol {
		return "next-header"
	}
	if int(t) < flowTypeCount && flowTypes[t].key != "" {
		return flowTypes[t].key
	}
	return strconv.Itoa(int(t))
}

// FlowOp is one operator/value pair of a numeric or bitmask component
// (RFC 8955 §4.2.1). Op is the operator octet as sent.
type FlowOp struct {
	Op    uint8
	Value uint64
}

// Operator bits (RFC 8955 §4.2.1.1 and §4.2.1.2).
const (
	FlowOpEnd   = 0x80 // e: the last pair of the list
	FlowOpAnd   = 0x40 // a: AND with the previous pair (else OR)
	FlowOpLen   = 0x30 // len: the value is 1 << len octets
	FlowOpLT    = 0x04 // numeric: less than
	FlowOpGT    = 0x02 // numeric: greater than
	FlowOpEQ    = 0x01 // numeric: equal
	FlowOpNot   = 0x02 // bitmask: not
	FlowOpMatch = 0x01 // bitmask: match (all bits) rather than any
)

// And reports whether the pair is ANDed with the previous one.
func (o FlowOp) And() bool { return o.Op&FlowOpAnd != 0 }

// Len returns the length of the value in octets.
func (o FlowOp) Len() int { return 1 << (o.Op >> 4 & 3) }

var numericOps = [8]string{"false", "=", ">", ">=", "<", "<=", "!=", "true"}
var bitmaskOps = [4]string{"any", "all", "none", "not-all"}

// Operator returns the comparison in words: for a numeric component "=",
// ">", ">=", "<", "<=", "!=", "true" or "false"; for a bitmask "any",
// "all", "none" or "not-all" of the value's bits (RFC 8955 §4.2.1.2).
func (o FlowOp) Operator(bitmask bool) string {
	if bitmask {
		return bitmaskOps[o.Op&3]
	}
	return numericOps[o.Op&7]
}

// FlowSpecView is one flow specification NLRI entry read in place. It
// aliases the input.
type FlowSpecView struct {
	b     []byte // the components
	off   int    // offset of b in the message
	rd    RD
	hasRD bool
	long  bool // the length was sent in two octets
	v6    bool
	whole bool // IPv6 patterns read as whole octets (WholeOctetPatterns)
}

// ParseFlowSpec reads the flow specification NLRI entry b (an NLRI.Value:
// the length, an RD for the VPN families, the components) of family f,
// whose offset in the message is off. It checks every component: known
// for the address family, in increasing type order (RFC 8955 §4.2),
// within the entry. Errors are *Error at the offending octet.
//
// An IPv6 entry that does not read so, but does when its prefix patterns
// are taken as the address's first length/8 octets whatever the offset
// (as os-ken sends them and Wireshark reads them, against RFC 8956 §3.1),
// is read that way and says so (WholeOctetPatterns).
func ParseFlowSpec(f Family, b []byte, off int) (FlowSpecView, error) {
	v, at, reason := parseFlowSpec(f, b, off, false)
	if reason != "" && f.AFI == AFIIPv6 {
		if w, _, reason2 := parseFlowSpec(f, b, off, true); reason2 == "" {
			return w, nil
		}
	}
	if reason != "" {
		return v, nlriErr(at, reason)
	}
	return v, nil
}

// parseFlowSpec reads the entry one way (whole: IPv6 patterns as whole
// octets) and returns why it does not read and where, not an error: the
// first reading of an entry that only reads the other way costs no
// allocation.
func parseFlowSpec(f Family, b []byte, off int, whole bool) (v FlowSpecView, at int, reason string) {
	v = FlowSpecView{v6: f.AFI == AFIIPv6, whole: whole}
	n, ok := frameFlowSpec(b)
	if !ok || n != len(b) {
		return v, off, "flow spec NLRI length does not match the entry"
	}
	i := 1
	if b[0] >= 0xf0 {
		i, v.long = 2, true
	}
	if f.SAFI == SAFIFlowSpecVPN {
		if len(b)-i < 8 {
			return v, off + i, "flow spec VPN NLRI shorter than its route distinguisher"
		}
		copy(v.rd[:], b[i:])
		v.hasRD = true
		i += 8
	}
	v.b, v.off = b[i:len(b):len(b)], off+i
	last := FlowType(0)
	for j := 0; j < len(v.b); {
		t := FlowType(v.b[j])
		if t.info(v.v6) == nil {
			return v, v.off + j, "flow spec component type unknown"
		}
		if t <= last {
			return v, v.off + j, "flow spec components out of type order"
		}
		last = t
		n, reason := flowComponentLen(v.b[j:], t, v.v6, v.whole)
		if reason != "" {
			return v, v.off + j, reason
		}
		j += n
	}
	return v, 0, ""
}

// flowComponentLen returns the length of the component at the start of b
// (its type octet included), or why it does not read.
func flowComponentLen(b []byte, t FlowType, v6, whole bool) (int, string) {
	if t.info(v6).kind == flowPrefix {
		if len(b) < 2 || v6 && len(b) < 3 {
			return 0, "flow spec prefix component cut short"
		}
		bits, offset, i := int(b[1]), 0, 2
		if v6 {
			offset, i = int(b[2]), 3
		}
		if bits > 32 && !v6 || bits > 128 {
			return 0, "flow spec prefix longer than the address"
		}
		if offset > bits {
			return 0, "flow spec prefix offset past its length"
		}
		n := i + (bits-offset+7)/8
		if whole {
			n = i + (bits+7)/8
		}
		if n > len(b) {
			return 0, "flow spec prefix overruns the NLRI"
		}
		return n, ""
	}
	for i := 1; ; {
		if i >= len(b) {
			return 0, "flow spec operator list not ended"
		}
		op := FlowOp{Op: b[i]}
		i += 1 + op.Len()
		if i > len(b) {
			return 0, "flow spec operator value overruns the NLRI"
		}
		if op.Op&FlowOpEnd != 0 {
			return i, ""
		}
	}
}

// RD returns the route distinguisher of a VPN entry.
func (v FlowSpecView) RD() (RD, bool) { return v.rd, v.hasRD }

// IPv6 reports whether the entry is of an IPv6 family.
func (v FlowSpecView) IPv6() bool { return v.v6 }

// WholeOctetPatterns reports whether the entry's IPv6 prefix patterns
// only read as the address's first length/8 octets, offset or not, rather
// than the bits from the offset to the length of RFC 8956 §3.1.
func (v FlowSpecView) WholeOctetPatterns() bool { return v.whole }

// FlowComponent is one component of a flow specification in place.
type FlowComponent struct {
	Type  FlowType
	Off   int    // offset of the type octet in the message
	b     []byte // the component, type octet included
	v6    bool
	whole bool
}

// Components iterates over the components in wire order.
func (v FlowSpecView) Components() iter.Seq[FlowComponent] {
	return func(yield func(FlowComponent) bool) {
		for j := 0; j < len(v.b); {
			t := FlowType(v.b[j])
			n, _ := flowComponentLen(v.b[j:], t, v.v6, v.whole)
			if n == 0 || !yield(FlowComponent{t, v.off + j, v.b[j : j+n : j+n], v.v6, v.whole}) {
				return
			}
			j += n
		}
	}
}

// Bytes returns the component's octets, type included; they alias the
// input.
func (c FlowComponent) Bytes() []byte { return c.b }

// IsPrefix reports whether the component is a prefix (types 1 and 2).
func (c FlowComponent) IsPrefix() bool { return flowTypes[c.Type].kind == flowPrefix }

// IsBitmask reports whether the component's operators are bitmask ones.
func (c FlowComponent) IsBitmask() bool { return flowTypes[c.Type].kind == flowBitmask }

// Prefix returns a prefix component's prefix and, for IPv6, the offset in
// bits where its pattern starts (RFC 8956 §3.1): the pattern's bits sit at
// their place in the address.
func (c FlowComponent) Prefix() (p netip.Prefix, offset int) {
	if !c.IsPrefix() {
		return netip.Prefix{}, 0
	}
	bits := int(c.b[1])
	if !c.v6 {
		var a [4]byte
		copy(a[:], c.b[2:])
		return netip.PrefixFrom(netip.AddrFrom4(a), bits), 0
	}
	offset = int(c.b[2])
	pat := c.b[3:]
	var a [16]byte
	if c.whole {
		copy(a[:], pat)
		return netip.PrefixFrom(netip.AddrFrom16(a), bits), offset
	}
	for i := 0; i < bits-offset; i++ {
		if pat[i/8]&(0x80>>(i%8)) != 0 {
			j := offset + i
			a[j/8] |= 0x80 >> (j % 8)
		}
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), bits), offset
}

// Ops iterates over a numeric or bitmask component's operator/value pairs.
func (c FlowComponent) Ops() iter.Seq[FlowOp] {
	return func(yield func(FlowOp) bool) {
		if c.IsPrefix() {
			return
		}
		for i := 1; i < len(c.b); {
			op := FlowOp{Op: c.b[i]}
			n := op.Len()
			switch n {
			case 1:
				op.Value = uint64(c.b[i+1])
			case 2:
				op.Value = uint64(binary.BigEndian.Uint16(c.b[i+1:]))
			case 4:
				op.Value = uint64(binary.BigEndian.Uint32(c.b[i+1:]))
			default:
				op.Value = binary.BigEndian.Uint64(c.b[i+1:])
			}
			if !yield(op) {
				return
			}
			i += 1 + n
		}
	}
}

// AppendText appends the component as the rule's text writes it:
// "destination 192.0.2.0/24", "destination-port >= 1024 && <= 2048 || =
// 80", "tcp-flags all SYN|ACK".
func (c FlowComponent) AppendText(dst []byte) []byte {
	dst = append(dst, c.Type.Key(c.v6)...)
	if c.IsPrefix() {
		p, offset := c.Prefix()
		dst = p.AppendTo(append(dst, ' '))
		if offset != 0 {
			dst = strconv.AppendUint(append(dst, " offset "...), uint64(offset), 10)
		}
		return dst
	}
	bm := c.IsBitmask()
	first := true
	for op := range c.Ops() {
		if !first {
			if op.And() {
				dst = append(dst, " &&"...)
			} else {
				dst = append(dst, " ||"...)
			}
		}
		first = false
		dst = append(dst, ' ')
		dst = append(dst, op.Operator(bm)...)
		dst = append(dst, ' ')
		if bm {
			dst = appendFlowBits(dst, op.Value, flowTypes[c.Type].bits)
		} else {
			dst = strconv.AppendUint(dst, op.Value, 10)
		}
	}
	return dst
}

// appendFlowBits writes a bitmask value with the names of its bits
// ("SYN|ACK"), bits without a name in hex.
func appendFlowBits(dst []byte, v uint64, names []string) []byte {
	start := len(dst)
	for i, n := range names {
		if v&(1<<i) != 0 {
			if len(dst) > start {
				dst = append(dst, '|')
			}
			dst = append(dst, n...)
			v &^= 1 << i
		}
	}
	if v != 0 || len(dst) == start {
		if len(dst) > start {
			dst = append(dst, '|')
		}
		dst = append(dst, "0x"...)
		dst = strconv.AppendUint(dst, v, 16)
	}
	return dst
}

// AppendText appends the rule in one line: "rd 65000:100" for the VPN
// families, then the components separated by commas, e.g. "destination
// 192.0.2.0/24, protocol = 17, destination-port = 53, packet-length >=
// 512"; "any" for a rule without components.
func (v FlowSpecView) AppendText(dst []byte) []byte {
	start := len(dst)
	if v.hasRD {
		dst = v.rd.AppendText(append(dst, "rd "...))
	}
	n := 0
	for c := range v.Components() {
		if len(dst) > start {
			if n > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, ' ')
		}
		dst = c.AppendText(dst)
		n++
	}
	if n == 0 {
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, "any"...)
	}
	if v.whole {
		dst = append(dst, " (IPv6 patterns as whole octets, not RFC 8956 §3.1)"...)
	}
	return dst
}

// flowSpecKey appends a flow specification's key: the whole rule (and the
// RD of the VPN families), without the length octets, so that a rule
// sent with a two-octet length is the same route as with one. RFC 8955 §4
// makes the NLRI as a whole the route; its actions are attributes.
func flowSpecKey(dst []byte, _ *familyRow, b []byte) ([]byte, bool) {
	n, ok := frameFlowSpec(b)
	if !ok || n != len(b) {
		return dst, false
	}
	if b[0] >= 0xf0 {
		return append(dst, b[2:]...), true
	}
	return append(dst, b[1:]...), true
}
