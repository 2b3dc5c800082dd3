package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"iter"
	"net/netip"
	"strconv"
)

// TUNNEL_ENCAPSULATION (type 23, RFC 9012 §2): Tunnel TLVs of a 2-octet
// Tunnel Type and a 2-octet length, each holding sub-TLVs whose length is
// one octet for types 0-127 and two for 128-255 (§2). The SR Policy
// sub-TLVs of RFC 9830 §2.4 share the registry.

var tunnelTypes = map[uint16]string{
	1: "l2tpv3", 2: "gre", 4: "ipsec-tunnel", 5: "ip-in-ip-ipsec-transport", 6: "mpls-in-ip-ipsec-transport",
	7: "ip-in-ip", 8: "vxlan", 9: "nvgre", 10: "mpls", 11: "mpls-in-gre", 12: "vxlan-gpe", 13: "mpls-in-udp",
	14: "ipv6-tunnel", 15: "sr-policy", 16: "bare", 19: "geneve",
}

// TunnelTypeName returns the short name of a tunnel type ("vxlan",
// "sr-policy"), or the number.
func TunnelTypeName(t uint16) string {
	if n, ok := tunnelTypes[t]; ok {
		return n
	}
	return strconv.Itoa(int(t))
}

// tunnelSubTLVs names the sub-TLVs (IANA "BGP Tunnel Encapsulation
// Attribute Sub-TLVs").
var tunnelSubTLVs = [256]struct{ name, key, ref string }{
	1:   {"Encapsulation", "encapsulation", "RFC 9012 §3.2"},
	2:   {"Protocol Type", "protocol", "RFC 9012 §3.4.1"},
	4:   {"Color", "color", "RFC 9012 §3.4.2"},
	5:   {"Load-Balancing Block", "load-balancing-block", "RFC 9012 §3.5"},
	6:   {"Tunnel Egress Endpoint", "endpoint", "RFC 9012 §3.1"},
	7:   {"DS Field", "ds", "RFC 9012 §3.3.1"},
	8:   {"UDP Destination Port", "udp-port", "RFC 9012 §3.3.2"},
	9:   {"Embedded Label Handling", "embedded-label", "RFC 9012 §3.6"},
	10:  {"MPLS Label Stack", "label-stack", "RFC 9012 §3.6"},
	11:  {"Prefix-SID", "prefix-sid", "RFC 9012 §3.7"},
	12:  {"Preference", "preference", "RFC 9830 §2.4.1"},
	13:  {"Binding SID", "binding-sid", "RFC 9830 §2.4.2"},
	14:  {"ENLP", "enlp", "RFC 9830 §2.4.5"},
	15:  {"Priority", "priority", "RFC 9830 §2.4.6"},
	20:  {"SRv6 Binding SID", "srv6-binding-sid", "RFC 9830 §2.4.3"},
	128: {"Segment List", "segment-list", "RFC 9830 §2.4.4"},
	129: {"Policy Candidate Path Name", "candidate-path-name", "RFC 9830 §2.4.7"},
	130: {"Policy Name", "policy-name", "RFC 9830 §2.4.8"},
}

// TunnelTLV is a Tunnel TLV, or one of its sub-TLVs, in place: Off is the
// offset of its type field in the message.
type TunnelTLV struct {
	Type  uint16
	Value []byte
	Off   int
	sub   bool
}

// Name returns the RFC's name of a sub-TLV, or the tunnel type's.
func (t TunnelTLV) Name() string {
	if !t.sub {
		return "Tunnel TLV " + TunnelTypeName(t.Type)
	}
	if n := tunnelSubTLVs[t.Type].name; n != "" {
		return n
	}
	return "Sub-TLV " + strconv.Itoa(int(t.Type))
}

// Ref returns the section defining the TLV.
func (t TunnelTLV) Ref() string {
	if t.sub && tunnelSubTLVs[t.Type].ref != "" {
		return tunnelSubTLVs[t.Type].ref
	}
	return "RFC 9012 §2"
}

func (t TunnelTLV) key() string {
	if k := tunnelSubTLVs[t.Type].key; t.sub && k != "" {
		return k
	}
	return "sub-tlv-" + strconv.Itoa(int(t.Type))
}

// tunnelWalk iterates over Tunnel TLVs (sub false) or sub-TLVs that
// checkTunnelTLVs has framed.
func tunnelWalk(b []byte, off int, sub bool) iter.Seq[TunnelTLV] {
	return func(yield func(TunnelTLV) bool) {
		for len(b) > 0 {
			t, h, n, ok := tunnelHead(b, sub)
			if !ok || h+n > len(b) || !yield(TunnelTLV{t, b[h : h+n : h+n], off, sub}) {
				return
			}
			b, off = b[h+n:], off+h+n
		}
	}
}

// tunnelHead reads a TLV's type, header length and value length.
func tunnelHead(b []byte, sub bool) (t uint16, h, n int, ok bool) {
	switch {
	case !sub && len(b) >= 4:
		return binary.BigEndian.Uint16(b), 4, int(binary.BigEndian.Uint16(b[2:])), true
	case sub && len(b) >= 2 && b[0] < 128:
		return uint16(b[0]), 2, int(b[1]), true
	case sub && len(b) >= 3:
		return uint16(b[0]), 3, int(binary.BigEndian.Uint16(b[1:])), true
	}
	return 0, 0, 0, false
}

// checkTunnelEncap: the Tunnel TLVs and their sub-TLVs frame (RFC 9012
// §13: otherwise the attribute is malformed).
func checkTunnelEncap(v []byte, _ bool) (uint8, string) {
	for at := 0; at < len(v); {
		_, h, n, ok := tunnelHead(v[at:], false)
		if !ok || at+h+n > len(v) {
			return SubOptionalAttributeError, "TUNNEL_ENCAPSULATION Tunnel TLV at octet " + strconv.Itoa(at) + " overruns the attribute"
		}
		for s := at + h; s < at+h+n; {
			_, sh, sn, ok := tunnelHead(v[s:at+h+n], true)
			if !ok || s+sh+sn > at+h+n {
				return SubOptionalAttributeError, "TUNNEL_ENCAPSULATION sub-TLV at octet " + strconv.Itoa(s) + " overruns its Tunnel TLV"
			}
			s += sh + sn
		}
		at += h + n
	}
	return 0, ""
}

// TunnelEncapView is a TUNNEL_ENCAPSULATION attribute in place.
type TunnelEncapView struct {
	b   []byte
	off int
}

// TunnelEncap reads a TUNNEL_ENCAPSULATION attribute.
func (a AttrView) TunnelEncap() (TunnelEncapView, error) {
	return readView[TunnelEncapView](a, AttrTunnelEncap)
}

// Tunnels iterates over the Tunnel TLVs.
func (v TunnelEncapView) Tunnels() iter.Seq[TunnelTLV] { return tunnelWalk(v.b, v.off, false) }

// SubTLVs iterates over a Tunnel TLV's sub-TLVs.
func (t TunnelTLV) SubTLVs() iter.Seq[TunnelTLV] {
	b := t.Value
	if t.sub {
		b = nil
	}
	return tunnelWalk(b, t.Off+4, true) // kept inlinable, so that the iterator does not allocate
}

// AppendText appends each tunnel as "vxlan {color 100 endpoint 192.0.2.1
// udp-port 4789}".
func (v TunnelEncapView) AppendText(dst []byte) []byte {
	return appendJoined(dst, v.Tunnels(), " ", TunnelTLV.appendText)
}

func (t TunnelTLV) appendText(dst []byte) []byte {
	dst = append(append(dst, TunnelTypeName(t.Type)...), " {"...)
	dst = appendJoined(dst, t.SubTLVs(), " ", func(s TunnelTLV, dst []byte) []byte {
		return s.AppendValueText(append(append(dst, s.key()...), ' '))
	})
	return append(dst, '}')
}

// AppendValueText appends a sub-TLV's value: a color, an endpoint, a
// port, a preference, a binding SID, a name, a segment list's segments;
// the octets in hex for the others.
func (t TunnelTLV) AppendValueText(dst []byte) []byte {
	b := t.Value
	switch t.Type {
	case 2:
		if len(b) == 2 {
			return hex.AppendEncode(append(dst, "0x"...), b)
		}
	case 4:
		if len(b) == 8 {
			return strconv.AppendUint(dst, uint64(binary.BigEndian.Uint32(b[4:])), 10)
		}
	case 6:
		if len(b) == 6 {
			return append(dst, "none"...)
		}
		if a, ok := netip.AddrFromSlice(b[min(6, len(b)):]); ok && len(b) > 6 {
			return a.AppendTo(dst)
		}
	case 7, 15:
		if len(b) >= 1 {
			return strconv.AppendUint(dst, uint64(b[0]), 10)
		}
	case 8:
		if len(b) == 2 {
			return strconv.AppendUint(dst, uint64(binary.BigEndian.Uint16(b)), 10)
		}
	case 12:
		if len(b) == 6 {
			return strconv.AppendUint(dst, uint64(binary.BigEndian.Uint32(b[2:])), 10)
		}
	case 13:
		switch len(b) {
		case 2:
			return append(dst, "none"...)
		case 6:
			return strconv.AppendUint(append(dst, "label "...), uint64(binary.BigEndian.Uint32(b[2:])>>12), 10)
		case 18:
			return netip.AddrFrom16([16]byte(b[2:])).AppendTo(dst)
		}
	case 20:
		if len(b) >= 18 {
			return netip.AddrFrom16([16]byte(b[2:18])).AppendTo(dst)
		}
	case 129, 130:
		if len(b) > 1 && printable(b[1:]) {
			return append(dst, b[1:]...)
		}
	case 128:
		if len(b) >= 1 {
			return appendSegments(dst, b[1:])
		}
	}
	return hex.AppendEncode(dst, b)
}

// appendSegments writes a Segment List's sub-TLVs (RFC 9830 §2.4.4):
// "[label 16001 label 16002 weight 1]"; a segment type bgplens does not
// read is "type-N" and its octets.
func appendSegments(dst, b []byte) []byte {
	dst = append(dst, '[')
	for i := 0; len(b) >= 2; i++ {
		t, n := b[0], int(b[1])
		if 2+n > len(b) {
			break
		}
		v := b[2 : 2+n]
		if i > 0 {
			dst = append(dst, ' ')
		}
		switch {
		case t == 1 && n == 6: // Type A: an SR-MPLS SID
			dst = strconv.AppendUint(append(dst, "label "...), uint64(binary.BigEndian.Uint32(v[2:])>>12), 10)
		case t == 13 && n >= 18: // Type B: an SRv6 SID
			dst = netip.AddrFrom16([16]byte(v[2:18])).AppendTo(append(dst, "srv6-sid "...))
		case t == 9 && n == 6: // Weight
			dst = strconv.AppendUint(append(dst, "weight "...), uint64(binary.BigEndian.Uint32(v[2:])), 10)
		default:
			dst = strconv.AppendUint(append(dst, "type-"...), uint64(t), 10)
			dst = hex.AppendEncode(append(dst, ' '), v)
		}
		b = b[2+n:]
	}
	if len(b) > 0 {
		dst = hex.AppendEncode(append(dst, " rest "...), b)
	}
	return append(dst, ']')
}

// jsonTunnelEncap writes "tunnel_encapsulation": [{"tunnel_type",
// "tunnel", "sub_tlvs": [{"type","name","value"}]}].
func jsonTunnelEncap(dst []byte, _ Path, a AttrView) []byte {
	v, err := a.TunnelEncap()
	if err != nil {
		return dst
	}
	dst = append(appendAttrKey(dst, a.Type), '[')
	for t := range v.Tunnels() {
		if dst[len(dst)-1] != '[' {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(append(dst, `{"tunnel_type":`...), uint64(t.Type), 10)
		dst = appendJSONString(append(dst, `,"tunnel":`...), TunnelTypeName(t.Type))
		dst = append(dst, `,"sub_tlvs":[`...)
		for s := range t.SubTLVs() {
			if dst[len(dst)-1] != '[' {
				dst = append(dst, ',')
			}
			dst = appendTLVHead(dst, uint64(s.Type), s.Name())
			dst = append(s.AppendValueText(append(dst, `,"value":"`...)), `"}`...)
		}
		dst = append(dst, "]}"...)
	}
	return append(dst, ']')
}

// Fields lists the Tunnel TLVs for the explainer: each at depth 0, its
// type, length and sub-TLVs at depth 1.
func (v TunnelEncapView) Fields(dst []EntryField) []EntryField {
	for t := range v.Tunnels() {
		const ref = "RFC 9012 §2"
		dst = append(dst,
			EntryField{Name: t.Name(), Off: t.Off, Len: 4 + len(t.Value), Value: string(t.appendText(nil)), Ref: ref},
			EntryField{Name: "Tunnel Type", Off: t.Off, Len: 2, Value: strconv.Itoa(int(t.Type)) + " (" + TunnelTypeName(t.Type) + ")", Ref: ref, Depth: 1},
			EntryField{Name: "Length", Off: t.Off + 2, Len: 2, Value: strconv.Itoa(len(t.Value)), Ref: ref, Depth: 1})
		for s := range t.SubTLVs() {
			h := 2
			if s.Type >= 128 {
				h = 3
			}
			dst = append(dst, EntryField{Name: s.Name(), Off: s.Off, Len: h + len(s.Value), Value: string(s.AppendValueText(nil)), Ref: s.Ref(), Depth: 1})
		}
	}
	return dst
}
