package bgp

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// SR Policy NLRI (RFC 9830 §2.1, AFI 1/2 SAFI 73): a length in bits (96
// with an IPv4 endpoint, 192 with an IPv6 one), then the Distinguisher (4
// octets), the Policy Color (4) and the Endpoint (4 or 16).

// SRPolicyView is one SR Policy NLRI entry in place (an NLRI.Value). It
// aliases the input.
type SRPolicyView struct {
	b   []byte
	off int
}

// ParseSRPolicy reads the entry b whose offset in the message is off.
func ParseSRPolicy(b []byte, off int) (SRPolicyView, error) {
	if len(b) == 0 || (b[0] != 96 && b[0] != 192) {
		return SRPolicyView{}, nlriErr(off, "SR Policy NLRI length is neither 96 nor 192 bits")
	}
	if len(b) != 1+int(b[0])/8 {
		return SRPolicyView{}, nlriErr(off, "SR Policy NLRI length does not match the entry")
	}
	return SRPolicyView{b, off}, nil
}

// Distinguisher returns the Distinguisher: what makes the NLRI unique.
func (v SRPolicyView) Distinguisher() uint32 { return binary.BigEndian.Uint32(v.b[1:]) }

// Color returns the Policy Color.
func (v SRPolicyView) Color() uint32 { return binary.BigEndian.Uint32(v.b[5:]) }

// Endpoint returns the Endpoint: the policy's destination.
func (v SRPolicyView) Endpoint() netip.Addr {
	a, _ := netip.AddrFromSlice(v.b[9:])
	return a
}

// AppendText appends "distinguisher 2 color 100 endpoint 192.0.2.1".
func (v SRPolicyView) AppendText(dst []byte) []byte {
	dst = strconv.AppendUint(append(dst, "distinguisher "...), uint64(v.Distinguisher()), 10)
	dst = strconv.AppendUint(append(dst, " color "...), uint64(v.Color()), 10)
	return v.Endpoint().AppendTo(append(dst, " endpoint "...))
}

// SRPolicyRoute is an SR Policy NLRI entry as an owned value.
type SRPolicyRoute struct {
	Distinguisher, Color uint32
	Endpoint             netip.Addr
}

// Route returns the view's owned value.
func (v SRPolicyView) Route() SRPolicyRoute {
	return SRPolicyRoute{v.Distinguisher(), v.Color(), v.Endpoint()}
}

// AppendBinary appends the entry.
func (r SRPolicyRoute) AppendBinary(dst []byte) []byte {
	ep := r.Endpoint.AsSlice()
	dst = append(dst, byte(64+8*len(ep)))
	dst = binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(dst, r.Distinguisher), r.Color)
	return append(dst, ep...)
}

var srPolicyCodec = viewCodec(parseSRPolicyEntry, viewColumns[SRPolicyView]{
	check: func(_ *familyRow, b []byte, off int) error { _, err := ParseSRPolicy(b, off); return err },
	json:  srPolicyEntryJSON, fields: srPolicyEntryFields, terms: srPolicyTerms})

// parseSRPolicyEntry is ParseSRPolicy as the codec calls it.
func parseSRPolicyEntry(_ *familyRow, b []byte, off int) (SRPolicyView, error) {
	return ParseSRPolicy(b, off)
}

// srPolicyTerms yields an SR Policy's endpoint, what it is looked up by.
func srPolicyTerms(v SRPolicyView, yield func(EntryTerm) bool) { addrTerm(yield, v.Endpoint()) }

// srPolicyEntryJSON writes "distinguisher", "color" and "endpoint".
func srPolicyEntryJSON(dst []byte, v SRPolicyView, b []byte, off int) []byte {
	dst = strconv.AppendUint(appendKey(dst, "distinguisher"), uint64(v.Distinguisher()), 10)
	dst = strconv.AppendUint(appendKey(dst, "color"), uint64(v.Color()), 10)
	return appendQuotedAddr(appendKey(dst, "endpoint"), v.Endpoint())
}

func srPolicyEntryFields(dst []EntryField, v SRPolicyView, b []byte, off int) []EntryField {
	const ref = "RFC 9830 §2.1"
	return append(dst,
		EntryField{Name: "NLRI Length", Off: off, Len: 1, Value: strconv.Itoa(int(b[0])) + " bits", Ref: ref},
		EntryField{Name: "Distinguisher", Off: off + 1, Len: 4, Value: strconv.FormatUint(uint64(v.Distinguisher()), 10), Ref: ref},
		EntryField{Name: "Policy Color", Off: off + 5, Len: 4, Value: strconv.FormatUint(uint64(v.Color()), 10), Ref: ref},
		EntryField{Name: "Endpoint", Off: off + 9, Len: len(b) - 9, Value: v.Endpoint().String(), Ref: ref})
}
