package bgp

import (
	"encoding/hex"
	"net/netip"
	"strconv"
)

// PMSI_TUNNEL (type 22, RFC 6514 §5): Flags (1), Tunnel Type (1), MPLS
// Label (3) and the Tunnel Identifier, whose layout the type gives.

// PMSI tunnel types (IANA "P-Multicast Service Interface Tunnel (PMSI
// Tunnel) Tunnel Types").
var pmsiTunnelTypes = [...]string{
	0: "no-tunnel-info", 1: "rsvp-te-p2mp", 2: "mldp-p2mp", 3: "pim-ssm", 4: "pim-sm",
	5: "bidir-pim", 6: "ingress-replication", 7: "mldp-mp2mp", 8: "transport-tunnel",
}

// PMSITunnelTypeName returns the short name of a tunnel type
// ("ingress-replication"), or the number.
func PMSITunnelTypeName(t uint8) string {
	if int(t) < len(pmsiTunnelTypes) {
		return pmsiTunnelTypes[t]
	}
	return strconv.Itoa(int(t))
}

// PMSITunnel is a PMSI_TUNNEL attribute read in place; TunnelID aliases
// the input.
type PMSITunnel struct {
	Flags      uint8  // bit 0x01: Leaf Information Required
	TunnelType uint8  // RFC 6514 §5
	Label      uint32 // the 3-octet MPLS Label field as sent: a label in its high 20 bits, or a VNI (RFC 8365 §5.1.3)
	TunnelID   []byte
}

// checkPMSI: the 5 fixed octets (RFC 6514 §5; malformed: RFC 7606 §5
// treat-as-withdraw, the row's action).
func checkPMSI(v []byte, _ bool) (uint8, string) {
	if len(v) < 5 {
		return SubOptionalAttributeError, "PMSI_TUNNEL shorter than its 5 fixed octets"
	}
	return 0, ""
}

// PMSITunnel reads a PMSI_TUNNEL attribute.
func (a AttrView) PMSITunnel() (PMSITunnel, error) {
	if err := a.checked(AttrPMSITunnel); err != nil {
		return PMSITunnel{}, err
	}
	v := a.Value
	return PMSITunnel{v[0], v[1], uint32(beUint(v[2:5])), v[5:]}, nil
}

// AppendBinary appends the attribute's value.
func (p PMSITunnel) AppendBinary(dst []byte) []byte {
	dst = append(dst, p.Flags, p.TunnelType, byte(p.Label>>16), byte(p.Label>>8), byte(p.Label))
	return append(dst, p.TunnelID...)
}

// Endpoints reads the Tunnel Identifier of the types whose identifier is
// addresses: ingress replication's endpoint; PIM's sender (root) and
// P-multicast group.
func (p PMSITunnel) Endpoints() (a, group netip.Addr, ok bool) {
	id := p.TunnelID
	switch p.TunnelType {
	case 6:
		a, ok = netip.AddrFromSlice(id)
		return a, netip.Addr{}, ok
	case 3, 4, 5:
		if len(id) == 8 || len(id) == 32 {
			a, _ = netip.AddrFromSlice(id[:len(id)/2])
			group, _ = netip.AddrFromSlice(id[len(id)/2:])
			return a, group, true
		}
	}
	return netip.Addr{}, netip.Addr{}, false
}

// AppendText appends "ingress-replication flags 0x00 label 1000 endpoint
// 192.0.2.1" (the label the 20 high bits of the field); a Tunnel
// Identifier of another type in hex.
func (p PMSITunnel) AppendText(dst []byte) []byte {
	dst = append(dst, PMSITunnelTypeName(p.TunnelType)...)
	dst = hex.AppendEncode(append(dst, " flags 0x"...), []byte{p.Flags})
	if p.Flags&1 != 0 {
		dst = append(dst, " leaf-info-required"...)
	}
	dst = strconv.AppendUint(append(dst, " label "...), uint64(p.Label>>4), 10)
	if a, g, ok := p.Endpoints(); ok {
		if g.IsValid() {
			dst = a.AppendTo(append(dst, " sender "...))
			return g.AppendTo(append(dst, " group "...))
		}
		return a.AppendTo(append(dst, " endpoint "...))
	}
	if len(p.TunnelID) > 0 {
		dst = hex.AppendEncode(append(dst, " tunnel-id "...), p.TunnelID)
	}
	return dst
}

// jsonPMSI writes "pmsi_tunnel": {"tunnel_type", "flags", "label",
// "label_field", then "endpoint", or "sender" and "group", or "tunnel_id"}.
func jsonPMSI(dst []byte, _ Path, a AttrView) []byte {
	p, err := a.PMSITunnel()
	if err != nil {
		return dst
	}
	dst = appendJSONString(append(appendAttrKey(dst, a.Type), `{"tunnel_type":`...), PMSITunnelTypeName(p.TunnelType))
	dst = strconv.AppendUint(append(dst, `,"flags":`...), uint64(p.Flags), 10)
	dst = strconv.AppendUint(append(dst, `,"label":`...), uint64(p.Label>>4), 10)
	dst = strconv.AppendUint(append(dst, `,"label_field":`...), uint64(p.Label), 10)
	if e, g, ok := p.Endpoints(); ok {
		if g.IsValid() {
			dst = appendQuotedAddr(append(dst, `,"sender":`...), e)
			dst = appendQuotedAddr(append(dst, `,"group":`...), g)
		} else {
			dst = appendQuotedAddr(append(dst, `,"endpoint":`...), e)
		}
	} else if len(p.TunnelID) > 0 {
		dst = append(hex.AppendEncode(append(dst, `,"tunnel_id":"`...), p.TunnelID), '"')
	}
	return append(dst, '}')
}

// Fields lists the attribute's fields for the explainer.
func (p PMSITunnel) Fields(dst []EntryField, off int) []EntryField {
	const ref = "RFC 6514 §5"
	dst = append(dst,
		EntryField{Name: "Flags", Off: off, Len: 1, Value: "0x" + hex.EncodeToString([]byte{p.Flags}), Ref: ref},
		EntryField{Name: "Tunnel Type", Off: off + 1, Len: 1, Value: strconv.Itoa(int(p.TunnelType)) + " (" + PMSITunnelTypeName(p.TunnelType) + ")", Ref: ref},
		EntryField{Name: "MPLS Label", Off: off + 2, Len: 3, Value: strconv.Itoa(int(p.Label >> 4)), Ref: ref})
	if len(p.TunnelID) > 0 {
		val := hex.EncodeToString(p.TunnelID)
		if e, g, ok := p.Endpoints(); ok {
			val = e.String()
			if g.IsValid() {
				val += " " + g.String()
			}
		}
		dst = append(dst, EntryField{Name: "Tunnel Identifier", Off: off + 5, Len: len(p.TunnelID), Value: val, Ref: ref})
	}
	return dst
}

func (p PMSITunnel) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return p.AppendBinary(dst), nil
}
