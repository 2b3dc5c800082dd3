package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/netip"
	"strconv"
)

// The MUP row's codec (JSON, text, explainer fields, lookups), its route
// key, and the owned value of an entry.

var mupCodec = viewCodec(parseMUPEntry, viewColumns[MUPView]{
	json: mupEntryJSON, fields: mupEntryFields, terms: mupTerms})

// parseMUPEntry reads an entry of row r, whose AFI says the address width.
func parseMUPEntry(r *familyRow, b []byte, off int) (MUPView, error) {
	return ParseMUP(b, off, r.f.AFI == AFIIPv6)
}

// mupTerms yields a MUP route's prefix, address, endpoint and source.
func mupTerms(v MUPView, yield func(EntryTerm) bool) {
	if p, ok := v.Prefix(); ok && !yield(EntryTerm{Kind: TermAddr, Prefix: p.Masked()}) {
		return
	}
	for _, get := range [...]func() (netip.Addr, bool){v.Address, v.Endpoint, v.Source} {
		if a, ok := get(); ok && !addrTerm(yield, a) {
			return
		}
	}
}

// mupEntryJSON writes "architecture_type", "route_type", "route", then the
// route type's members: "rd", "prefix", "address", "endpoint", "teid",
// "teid_bits" (T2ST), "qfi", "source", "tlvs"; or "value" in hex.
func mupEntryJSON(dst []byte, v MUPView, b []byte, off int) []byte {
	dst = strconv.AppendUint(appendKey(dst, "architecture_type"), uint64(v.ArchitectureType()), 10)
	dst = strconv.AppendUint(appendKey(dst, "route_type"), uint64(v.RouteType()), 10)
	if !v.Known() {
		return append(hex.AppendEncode(append(appendKey(dst, "value"), '"'), v.Value()), '"')
	}
	dst = appendJSONString(appendKey(dst, "route"), v.RouteType().Key())
	rd, _ := v.RD()
	dst = append(rd.AppendText(append(appendKey(dst, "rd"), '"')), '"')
	if p, ok := v.Prefix(); ok {
		dst = append(p.AppendTo(append(appendKey(dst, "prefix"), '"')), '"')
	}
	if a, ok := v.Address(); ok {
		dst = appendQuotedAddr(appendKey(dst, "address"), a)
	}
	if e, ok := v.Endpoint(); ok {
		dst = appendQuotedAddr(appendKey(dst, "endpoint"), e)
	}
	if teid, bits, ok := v.TEID(); ok {
		dst = strconv.AppendUint(appendKey(dst, "teid"), uint64(teid), 10)
		if v.RouteType() == MUPType2SessionTransformed {
			dst = strconv.AppendUint(appendKey(dst, "teid_bits"), uint64(bits), 10)
		}
	}
	if q, ok := v.QFI(); ok {
		dst = strconv.AppendUint(appendKey(dst, "qfi"), uint64(q), 10)
	}
	if s, ok := v.Source(); ok {
		dst = appendQuotedAddr(appendKey(dst, "source"), s)
	}
	sep := `[`
	for t, val := range v.TLVs() {
		if sep == "[" {
			dst = appendKey(dst, "tlvs")
		}
		dst = strconv.AppendUint(append(dst, sep+`{"type":`...), uint64(t), 10)
		dst = append(hex.AppendEncode(append(dst, `,"value":"`...), val), `"}`...)
		sep = ","
	}
	if sep == "," {
		dst = append(dst, ']')
	}
	return dst
}

// mupEntryFields lists the header and the route type's fields.
func mupEntryFields(dst []EntryField, v MUPView, b []byte, off int) []EntryField {
	const hdr = "draft-mpmz-bess-mup-safi §3.1"
	arch := strconv.Itoa(int(b[0]))
	if b[0] == MUPArch3GPP5G {
		arch += " (3gpp-5g)"
	}
	dst = append(dst, EntryField{Name: "Architecture Type", Off: off, Len: 1, Value: arch, Ref: hdr},
		EntryField{Name: "Route Type", Off: off + 1, Len: 2, Value: strconv.Itoa(int(v.RouteType())) + " (" + v.RouteType().Key() + ")", Ref: hdr},
		EntryField{Name: "Length", Off: off + 3, Len: 1, Value: strconv.Itoa(int(b[3])), Ref: hdr})
	if !v.Known() {
		if len(b) > 4 {
			dst = append(dst, EntryField{Name: "Route Type specific", Off: off + 4, Len: len(b) - 4, Value: hex.EncodeToString(b[4:]), Ref: hdr})
		}
		return dst
	}
	ref := mupRouteNames[v.RouteType()].ref
	f := func(name string, at, n int, val string) {
		dst = append(dst, EntryField{Name: name, Off: off + at, Len: n, Value: val, Ref: ref})
	}
	rd, _ := v.RD()
	f("Route Distinguisher", 4, 8, rd.String())
	if p, ok := v.Prefix(); ok {
		f("Prefix Length", 12, 1, strconv.Itoa(p.Bits()))
		if n := int(v.pfxEnd) - 13; n > 0 {
			f("Prefix", 13, n, p.String())
		}
	}
	if a, ok := v.Address(); ok {
		f("Address", 12, len(b)-12, a.String())
	}
	mupSessionFields(v, f)
	for at := int(v.tlv); at < len(b); at += 2 + int(b[at+1]) {
		f("TLV", at, 2+int(b[at+1]), "type "+strconv.Itoa(int(b[at]))+" value "+hex.EncodeToString(b[at+2:at+2+int(b[at+1])]))
	}
	return dst
}

// mupSessionFields lists a session transformed route's fields after the
// prefix (T1ST) or the RD (T2ST), in wire order.
func mupSessionFields(v MUPView, f func(name string, at, n int, val string)) {
	e, ok := v.Endpoint()
	if !ok {
		return
	}
	teid, bits, _ := v.TEID()
	tt := string(appendTEID(nil, teid, bits))
	if v.RouteType() == MUPType2SessionTransformed {
		f("Endpoint Length", 12, 1, strconv.Itoa(int(v.b[12]))+" bits")
		f("Endpoint Address", int(v.ep), int(v.epLen), e.String())
		if bits > 0 {
			f("TEID", int(v.teid), (bits+7)/8, tt)
		}
		return
	}
	q, _ := v.QFI()
	f("TEID", int(v.teid), 4, tt)
	f("QFI", int(v.teid)+4, 1, strconv.Itoa(int(q)))
	f("Endpoint Address Length", int(v.ep)-1, 1, strconv.Itoa(int(v.epLen)*8)+" bits")
	f("Endpoint Address", int(v.ep), int(v.epLen), e.String())
	at := int(v.ep + v.epLen)
	if at < int(v.tlv) {
		f("Source Address Length", at, 1, strconv.Itoa(int(v.srcLen)*8)+" bits")
	}
	if s, ok := v.Source(); ok {
		f("Source Address", int(v.src), int(v.srcLen), s.String())
	}
}

// mupKey appends a MUP route's key: the draft makes the RD and prefix of
// a T1ST route its key (its TEID, QFI, endpoint and source are the
// session's attributes), and a T2ST route's key all but its TLVs. The
// discovery routes, and unknown types, are keyed whole.
func mupKey(dst []byte, r *familyRow, b []byte) ([]byte, bool) {
	v, err := ParseMUP(b, 0, r.f.AFI == AFIIPv6)
	if err != nil || !v.known {
		return dst, false
	}
	switch v.RouteType() {
	case MUPType1SessionTransformed:
		return append(append(dst, b[:3]...), b[4:v.pfxEnd]...), true
	case MUPType2SessionTransformed:
		return append(append(dst, b[:3]...), b[4:v.tlv]...), true
	}
	return dst, false
}

// MUPRoute is a MUP NLRI entry as an owned value. A route of an unknown
// architecture or type has only ArchitectureType, RouteType and Value.
type MUPRoute struct {
	ArchitectureType uint8
	RouteType        MUPRouteType
	RD               RD
	Prefix           netip.Prefix // ISD, T1ST
	Address          netip.Addr   // DSD
	Endpoint         netip.Addr   // T1ST, T2ST
	TEID             uint32       // T1ST, T2ST
	TEIDBits         uint8        // T2ST: how many high bits of TEID are sent
	QFI              uint8        // T1ST
	Source           netip.Addr   // T1ST, when sent
	SourceField      bool         // T1ST: the Source Address Length is sent (0 when no Source)
	TLVs             []byte       // after a session transformed route: the TLVs as sent
	Value            []byte       // unknown types: the octets after the Length
}

var errMUP = errors.New("bgp: MUP route longer than 255 octets, without the prefix or addresses its type needs, or with a TEID of more than 32 bits")

// Route returns the view's owned value.
func (v MUPView) Route() MUPRoute {
	r := MUPRoute{ArchitectureType: v.ArchitectureType(), RouteType: v.RouteType()}
	if !v.known {
		r.Value = append([]byte(nil), v.Value()...)
		return r
	}
	r.RD, _ = v.RD()
	r.Prefix, _ = v.Prefix()
	r.Address, _ = v.Address()
	r.Endpoint, _ = v.Endpoint()
	teid, bits, _ := v.TEID()
	r.TEID, r.TEIDBits = teid, uint8(bits)
	r.QFI, _ = v.QFI()
	r.Source, _ = v.Source()
	r.SourceField = r.RouteType == MUPType1SessionTransformed && v.ep+v.epLen < v.tlv
	if int(v.tlv) < len(v.b) {
		r.TLVs = append([]byte(nil), v.b[v.tlv:]...)
	}
	return r
}

// AppendBinary appends the entry.
func (r MUPRoute) AppendBinary(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = append(binary.BigEndian.AppendUint16(append(dst, r.ArchitectureType), uint16(r.RouteType)), 0)
	if r.ArchitectureType != MUPArch3GPP5G || r.RouteType < 1 || r.RouteType > 4 {
		dst = append(dst, r.Value...)
	} else {
		dst = append(dst, r.RD[:]...)
		switch r.RouteType {
		case MUPInterworkSegmentDiscovery, MUPType1SessionTransformed:
			if !r.Prefix.IsValid() {
				return dst[:start], errMUP
			}
			dst = append(append(dst, byte(r.Prefix.Bits())), r.Prefix.Addr().AsSlice()[:(r.Prefix.Bits()+7)/8]...)
		case MUPDirectSegmentDiscovery:
			if !r.Address.IsValid() {
				return dst[:start], errMUP
			}
			dst = append(dst, r.Address.AsSlice()...)
		case MUPType2SessionTransformed:
			if !r.Endpoint.IsValid() || r.TEIDBits > 32 {
				return dst[:start], errMUP
			}
			dst = append(append(dst, byte(r.Endpoint.BitLen()+int(r.TEIDBits))), r.Endpoint.AsSlice()...)
			var t [4]byte
			binary.BigEndian.PutUint32(t[:], r.TEID)
			dst = append(dst, t[:(r.TEIDBits+7)/8]...)
		}
		if r.RouteType == MUPType1SessionTransformed {
			if !r.Endpoint.IsValid() {
				return dst[:start], errMUP
			}
			dst = binary.BigEndian.AppendUint32(dst, r.TEID)
			dst = append(append(dst, r.QFI, byte(r.Endpoint.BitLen())), r.Endpoint.AsSlice()...)
			if r.SourceField {
				dst = append(append(dst, byte(r.Source.BitLen())), r.Source.AsSlice()...)
			}
		}
		dst = append(dst, r.TLVs...)
	}
	n := len(dst) - start - 4
	if n > 0xff {
		return dst[:start], errMUP
	}
	dst[start+3] = byte(n)
	return dst, nil
}
