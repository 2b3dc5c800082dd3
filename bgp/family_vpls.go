package bgp

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// VPLS NLRI (AFI 25 SAFI 65): a 2-octet length, then either the RFC 4761
// §3.2.2 label block (RD, VE ID, VE Block Offset, VE Block Size, Label
// Base: 17 octets) or the RFC 6074 §3.2.2 auto-discovery route (RD and the
// PE's address: 12 octets, or 24 with an IPv6 address).

// VPLSView is one VPLS NLRI entry in place (an NLRI.Value). It aliases the
// input.
type VPLSView struct {
	b   []byte
	off int
}

// ParseVPLS reads the entry b whose offset in the message is off.
func ParseVPLS(b []byte, off int) (VPLSView, error) {
	if len(b) < 2 || int(binary.BigEndian.Uint16(b)) != len(b)-2 {
		return VPLSView{}, nlriErr(off, "VPLS NLRI length does not match the entry")
	}
	switch len(b) - 2 {
	case 17, 12, 24:
		return VPLSView{b, off}, nil
	}
	return VPLSView{}, nlriErr(off, "VPLS NLRI neither a label block (17 octets) nor an auto-discovery route (12 or 24)")
}

// RD returns the route distinguisher.
func (v VPLSView) RD() RD { return RD(v.b[2:10]) }

// AutoDiscovery reports whether the entry is an RFC 6074 auto-discovery
// route (RD and PE address) rather than an RFC 4761 label block.
func (v VPLSView) AutoDiscovery() bool { return len(v.b) != 19 }

// PEAddress returns the PE's address of an auto-discovery route.
func (v VPLSView) PEAddress() netip.Addr {
	switch len(v.b) {
	case 14:
		return netip.AddrFrom4([4]byte(v.b[10:14]))
	case 26:
		return netip.AddrFrom16([16]byte(v.b[10:26]))
	}
	return netip.Addr{}
}

// LabelBlock returns the fields of a label block (RFC 4761 §3.2.2): VE ID,
// VE Block Offset, VE Block Size and the Label Base's 20-bit label.
func (v VPLSView) LabelBlock() (veID, offset, size uint16, labelBase uint32, ok bool) {
	if v.AutoDiscovery() {
		return 0, 0, 0, 0, false
	}
	b := v.b[10:]
	return binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:]), binary.BigEndian.Uint16(b[4:]),
		(uint32(b[6])<<16 | uint32(b[7])<<8 | uint32(b[8])) >> 4, true
}

// AppendText appends "rd 65000:1 ve-id 1 block-offset 1 block-size 10
// label-base 800" or "rd 65000:1 pe 192.0.2.1".
func (v VPLSView) AppendText(dst []byte) []byte {
	dst = v.RD().AppendText(append(dst, "rd "...))
	if id, off, size, base, ok := v.LabelBlock(); ok {
		dst = strconv.AppendUint(append(dst, " ve-id "...), uint64(id), 10)
		dst = strconv.AppendUint(append(dst, " block-offset "...), uint64(off), 10)
		dst = strconv.AppendUint(append(dst, " block-size "...), uint64(size), 10)
		return strconv.AppendUint(append(dst, " label-base "...), uint64(base), 10)
	}
	return v.PEAddress().AppendTo(append(dst, " pe "...))
}

// VPLSRoute is a VPLS NLRI entry as an owned value: the octets after the
// length, which hold nothing but fixed fields.
type VPLSRoute struct {
	Value []byte
}

// Route returns the view's owned value.
func (v VPLSView) Route() VPLSRoute { return VPLSRoute{append([]byte(nil), v.b[2:]...)} }

// AppendBinary appends the entry.
func (r VPLSRoute) AppendBinary(dst []byte) []byte {
	return append(binary.BigEndian.AppendUint16(dst, uint16(len(r.Value))), r.Value...)
}

var vplsCodec = viewCodec(parseVPLSEntry, viewColumns[VPLSView]{
	check: func(_ *familyRow, b []byte, off int) error { _, err := ParseVPLS(b, off); return err },
	json:  vplsEntryJSON, fields: vplsEntryFields, terms: vplsTerms})

// parseVPLSEntry is ParseVPLS as the codec calls it.
func parseVPLSEntry(_ *familyRow, b []byte, off int) (VPLSView, error) { return ParseVPLS(b, off) }

// vplsTerms yields an auto-discovery route's PE address, what it is
// looked up by.
func vplsTerms(v VPLSView, yield func(EntryTerm) bool) { addrTerm(yield, v.PEAddress()) }

// vplsEntryJSON writes "rd" and the label block's or auto-discovery
// route's members.
func vplsEntryJSON(dst []byte, v VPLSView, b []byte, off int) []byte {
	dst = appendKey(dst, "rd")
	dst = append(v.RD().AppendText(append(dst, '"')), '"')
	if id, off, size, base, ok := v.LabelBlock(); ok {
		dst = strconv.AppendUint(appendKey(dst, "ve_id"), uint64(id), 10)
		dst = strconv.AppendUint(appendKey(dst, "ve_block_offset"), uint64(off), 10)
		dst = strconv.AppendUint(appendKey(dst, "ve_block_size"), uint64(size), 10)
		return strconv.AppendUint(appendKey(dst, "label_base"), uint64(base), 10)
	}
	return appendQuotedAddr(appendKey(dst, "pe_address"), v.PEAddress())
}

// vplsEntryFields lists the length, RD and the label block's or
// auto-discovery route's fields.
func vplsEntryFields(dst []EntryField, v VPLSView, b []byte, off int) []EntryField {
	dst = append(dst, EntryField{Name: "Length", Off: off, Len: 2, Value: strconv.Itoa(len(b) - 2), Ref: "RFC 4761 §3.2.2"},
		EntryField{Name: "Route Distinguisher", Off: off + 2, Len: 8, Value: v.RD().String(), Ref: "RFC 4761 §3.2.2"})
	if id, o, size, base, ok := v.LabelBlock(); ok {
		const ref = "RFC 4761 §3.2.2"
		return append(dst,
			EntryField{Name: "VE ID", Off: off + 10, Len: 2, Value: strconv.Itoa(int(id)), Ref: ref},
			EntryField{Name: "VE Block Offset", Off: off + 12, Len: 2, Value: strconv.Itoa(int(o)), Ref: ref},
			EntryField{Name: "VE Block Size", Off: off + 14, Len: 2, Value: strconv.Itoa(int(size)), Ref: ref},
			EntryField{Name: "Label Base", Off: off + 16, Len: 3, Value: strconv.Itoa(int(base)), Ref: ref})
	}
	return append(dst, EntryField{Name: "PE Address", Off: off + 10, Len: len(b) - 10, Value: v.PEAddress().String(), Ref: "RFC 6074 §3.2.2"})
}

// vplsKey appends a VPLS route's key: of a label block (RFC 4761
// §3.2.2), the RD, VE ID, VE Block Offset and VE Block Size, without the
// Label Base (labels are attributes of the route); an auto-discovery route
// (RFC 6074 §3.2.2) is keyed whole.
func vplsKey(dst []byte, _ *familyRow, b []byte) ([]byte, bool) {
	v, err := ParseVPLS(b, 0)
	if err != nil || v.AutoDiscovery() {
		return dst, false
	}
	return append(dst, b[2:16]...), true
}
