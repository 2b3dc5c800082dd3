package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"iter"
	"net/netip"
	"strconv"
)

// BGP_PREFIX_SID (type 40, RFC 8669 §3): TLVs of a 1-octet type and a
// 2-octet length. Label-Index (1) and Originator SRGB (3) are RFC 8669's;
// SRv6 L3 Service (5) and SRv6 L2 Service (6) are RFC 9252's, whose value
// is a reserved octet and Service Sub-TLVs (SRv6 SID Information, 1),
// whose own Sub-Sub-TLVs carry the SRv6 SID Structure (1). The same
// 1+2 TLV layout holds at every level.

// Prefix-SID TLV types.
const (
	PrefixSIDLabelIndex    = 1 // RFC 8669 §3.1
	PrefixSIDOriginatorSRG = 3 // RFC 8669 §3.2
	PrefixSIDSRv6L3Service = 5 // RFC 9252 §2
	PrefixSIDSRv6L2Service = 6 // RFC 9252 §2
)

var prefixSIDTLVs = [...]struct{ name, key, ref string }{
	PrefixSIDLabelIndex:    {"Label-Index", "label-index", "RFC 8669 §3.1"},
	PrefixSIDOriginatorSRG: {"Originator SRGB", "srgb", "RFC 8669 §3.2"},
	PrefixSIDSRv6L3Service: {"SRv6 L3 Service", "srv6-l3-service", "RFC 9252 §2"},
	PrefixSIDSRv6L2Service: {"SRv6 L2 Service", "srv6-l2-service", "RFC 9252 §2"},
}

// PrefixSIDTLV is one TLV of the attribute, or a Service Sub-TLV or
// Sub-Sub-TLV of an SRv6 service, in place: Off is the offset of its type
// octet in the message.
type PrefixSIDTLV struct {
	Type  uint8
	Value []byte
	Off   int
}

// Name returns the RFC's name of an attribute TLV, or "TLV N".
func (t PrefixSIDTLV) Name() string {
	if int(t.Type) < len(prefixSIDTLVs) && prefixSIDTLVs[t.Type].name != "" {
		return prefixSIDTLVs[t.Type].name
	}
	return "TLV " + strconv.Itoa(int(t.Type))
}

func (t PrefixSIDTLV) key() string {
	if int(t.Type) < len(prefixSIDTLVs) && prefixSIDTLVs[t.Type].key != "" {
		return prefixSIDTLVs[t.Type].key
	}
	return "tlv-" + strconv.Itoa(int(t.Type))
}

// Ref returns the section that defines an attribute TLV.
func (t PrefixSIDTLV) Ref() string {
	if int(t.Type) < len(prefixSIDTLVs) && prefixSIDTLVs[t.Type].ref != "" {
		return prefixSIDTLVs[t.Type].ref
	}
	return "RFC 8669 §3"
}

// tlv3Walk iterates over TLVs of a 1-octet type and 2-octet length that
// checkTLV3 has framed.
func tlv3Walk(b []byte, off int) iter.Seq[PrefixSIDTLV] {
	return func(yield func(PrefixSIDTLV) bool) {
		for len(b) >= 3 {
			n := 3 + int(binary.BigEndian.Uint16(b[1:]))
			if n > len(b) || !yield(PrefixSIDTLV{b[0], b[3:n:n], off}) {
				return
			}
			b, off = b[n:], off+n
		}
	}
}

// checkTLV3 frames TLVs of a 1-octet type and 2-octet length, and checks
// each value with check (which may be nil).
func checkTLV3(b []byte, what string, check func(t uint8, v []byte) string) string {
	for i := 0; len(b) > 0; i++ {
		if len(b) < 3 {
			// Say where: the all-zero attribute of May 2025 frames as
			// nine empty TLVs of type 0 before its last octet.
			return what + " header truncated: " + strconv.Itoa(len(b)) + " octet(s) left after " + strconv.Itoa(i) + " TLV(s), short of the 3 of a TLV's type and length"
		}
		n := int(binary.BigEndian.Uint16(b[1:]))
		if 3+n > len(b) {
			return what + " " + strconv.Itoa(int(b[0])) + " overruns its container"
		}
		if check != nil {
			if why := check(b[0], b[3:3+n]); why != "" {
				return why
			}
		}
		b = b[3+n:]
	}
	return ""
}

// checkPrefixSID: the TLVs frame; Label-Index is 7 octets, Originator
// SRGB 2 and a non-zero multiple of 6 (RFC 8669 §3.1, §3.2, §6: a
// malformed attribute is discarded); an SRv6 service's Sub-TLVs and
// Sub-Sub-TLVs frame, an SRv6 SID Information has its 21 fixed octets and
// an SRv6 SID Structure 6 (RFC 9252 §3.1, §3.2.1).
func checkPrefixSID(v []byte, _ bool) (uint8, string) {
	why := checkTLV3(v, "BGP_PREFIX_SID TLV", func(t uint8, b []byte) string {
		switch t {
		case PrefixSIDLabelIndex:
			if len(b) != 7 {
				return "BGP_PREFIX_SID Label-Index TLV length is not 7"
			}
		case PrefixSIDOriginatorSRG:
			if len(b) < 8 || (len(b)-2)%6 != 0 {
				return "BGP_PREFIX_SID Originator SRGB TLV length is not 2 plus a non-zero multiple of 6"
			}
		case PrefixSIDSRv6L3Service, PrefixSIDSRv6L2Service:
			if len(b) < 1 {
				return "SRv6 Service TLV without its reserved octet"
			}
			return checkTLV3(b[1:], "SRv6 Service Sub-TLV", checkSRv6SubTLV)
		}
		return ""
	})
	if why != "" {
		return SubOptionalAttributeError, why
	}
	return 0, ""
}

func checkSRv6SubTLV(t uint8, b []byte) string {
	if t != 1 {
		return ""
	}
	if len(b) < 21 {
		return "SRv6 SID Information Sub-TLV shorter than 21 octets"
	}
	return checkTLV3(b[21:], "SRv6 Service Data Sub-Sub-TLV", func(t uint8, b []byte) string {
		if t == 1 && len(b) != 6 {
			return "SRv6 SID Structure Sub-Sub-TLV length is not 6"
		}
		return ""
	})
}

// PrefixSIDView is a BGP_PREFIX_SID attribute in place; it aliases the
// input.
type PrefixSIDView struct {
	b   []byte
	off int
}

// PrefixSID reads a BGP_PREFIX_SID attribute (RFC 8669 §3, RFC 9252 §2).
func (a AttrView) PrefixSID() (PrefixSIDView, error) {
	return readView[PrefixSIDView](a, AttrPrefixSID)
}

// TLVs iterates over the attribute's TLVs.
func (v PrefixSIDView) TLVs() iter.Seq[PrefixSIDTLV] { return tlv3Walk(v.b, v.off) }

// LabelIndex reads a Label-Index TLV: its flags and label index.
func (t PrefixSIDTLV) LabelIndex() (flags uint16, index uint32, ok bool) {
	if t.Type != PrefixSIDLabelIndex || len(t.Value) != 7 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint16(t.Value[1:]), binary.BigEndian.Uint32(t.Value[3:]), true
}

// SRGBs iterates over the SRGBs of an Originator SRGB TLV: each base label
// and range size.
func (t PrefixSIDTLV) SRGBs() iter.Seq2[uint32, uint32] {
	return func(yield func(uint32, uint32) bool) {
		if t.Type != PrefixSIDOriginatorSRG || len(t.Value) < 2 {
			return
		}
		for b := t.Value[2:]; len(b) >= 6; b = b[6:] {
			if !yield(uint32(beUint(b[:3])), uint32(beUint(b[3:6]))) {
				return
			}
		}
	}
}

// ServiceSubTLVs iterates over the Service Sub-TLVs of an SRv6 L3 or L2
// Service TLV.
func (t PrefixSIDTLV) ServiceSubTLVs() iter.Seq[PrefixSIDTLV] {
	b, off := t.serviceBody()
	return tlv3Walk(b, off) // kept inlinable, so that the iterator does not allocate
}

func (t PrefixSIDTLV) serviceBody() ([]byte, int) {
	if (t.Type != PrefixSIDSRv6L3Service && t.Type != PrefixSIDSRv6L2Service) || len(t.Value) < 1 {
		return nil, 0
	}
	return t.Value[1:], t.Off + 4
}

// SIDInformation reads an SRv6 SID Information Sub-TLV (RFC 9252 §3.1):
// the SID, its flags and endpoint behavior.
func (t PrefixSIDTLV) SIDInformation() (sid netip.Addr, flags uint8, behavior uint16, ok bool) {
	if t.Type != 1 || len(t.Value) < 21 {
		return netip.Addr{}, 0, 0, false
	}
	return netip.AddrFrom16([16]byte(t.Value[1:17])), t.Value[17], binary.BigEndian.Uint16(t.Value[18:]), true
}

// SubSubTLVs iterates over the Service Data Sub-Sub-TLVs of an SRv6 SID
// Information Sub-TLV.
func (t PrefixSIDTLV) SubSubTLVs() iter.Seq[PrefixSIDTLV] {
	b, off := t.sidInfoBody()
	return tlv3Walk(b, off)
}

func (t PrefixSIDTLV) sidInfoBody() ([]byte, int) {
	if t.Type != 1 || len(t.Value) < 21 {
		return nil, 0
	}
	return t.Value[21:], t.Off + 3 + 21
}

// SIDStructure reads an SRv6 SID Structure Sub-Sub-TLV (RFC 9252 §3.2.1):
// locator block, locator node, function and argument lengths, then the
// transposition length and offset, all in bits.
func (t PrefixSIDTLV) SIDStructure() (s [6]uint8, ok bool) {
	if t.Type != 1 || len(t.Value) != 6 {
		return s, false
	}
	return [6]uint8(t.Value), true
}

// AppendText appends the TLVs: "label-index 100", "srgb 16000+8000",
// "srv6-l3-service sid 2001:db8:91:: flags 0x00 behavior 63 structure
// 32/16/16/0 transposition 16@48".
func (v PrefixSIDView) AppendText(dst []byte) []byte {
	return appendJoined(dst, v.TLVs(), " ", func(t PrefixSIDTLV, dst []byte) []byte {
		return t.appendValueText(append(append(dst, t.key()...), ' '))
	})
}

func (t PrefixSIDTLV) appendValueText(dst []byte) []byte {
	if _, idx, ok := t.LabelIndex(); ok {
		return strconv.AppendUint(dst, uint64(idx), 10)
	}
	switch t.Type {
	case PrefixSIDOriginatorSRG:
		first := true
		for base, n := range t.SRGBs() {
			if !first {
				dst = append(dst, ' ')
			}
			first = false
			dst = append(strconv.AppendUint(dst, uint64(base), 10), '+')
			dst = strconv.AppendUint(dst, uint64(n), 10)
		}
		return dst
	case PrefixSIDSRv6L3Service, PrefixSIDSRv6L2Service:
		return appendJoined(dst, t.ServiceSubTLVs(), " ", PrefixSIDTLV.appendSIDInfoText)
	}
	return hex.AppendEncode(dst, t.Value)
}

func (t PrefixSIDTLV) appendSIDInfoText(dst []byte) []byte {
	sid, flags, beh, ok := t.SIDInformation()
	if !ok {
		dst = strconv.AppendUint(append(dst, "sub-tlv-"...), uint64(t.Type), 10)
		return hex.AppendEncode(append(dst, ' '), t.Value)
	}
	dst = sid.AppendTo(append(dst, "sid "...))
	dst = hex.AppendEncode(append(dst, " flags 0x"...), []byte{flags})
	dst = strconv.AppendUint(append(dst, " behavior "...), uint64(beh), 10)
	for s := range t.SubSubTLVs() {
		st, ok := s.SIDStructure()
		if !ok {
			dst = strconv.AppendUint(append(dst, " sub-sub-tlv-"...), uint64(s.Type), 10)
			dst = hex.AppendEncode(append(dst, ' '), s.Value)
			continue
		}
		dst = append(dst, " structure "...)
		for i := range 4 {
			if i > 0 {
				dst = append(dst, '/')
			}
			dst = strconv.AppendUint(dst, uint64(st[i]), 10)
		}
		dst = strconv.AppendUint(append(dst, " transposition "...), uint64(st[4]), 10)
		dst = strconv.AppendUint(append(dst, '@'), uint64(st[5]), 10)
	}
	return dst
}

// jsonPrefixSID writes "bgp_prefix_sid": the TLVs as {"type","name","value"}.
func jsonPrefixSID(dst []byte, _ Path, a AttrView) []byte {
	v, err := a.PrefixSID()
	if err != nil {
		return dst
	}
	dst = appendJoined(append(appendAttrKey(dst, a.Type), '['), v.TLVs(), ",", func(t PrefixSIDTLV, dst []byte) []byte {
		dst = appendTLVHead(dst, uint64(t.Type), t.Name())
		return append(t.appendValueText(append(dst, `,"value":"`...)), '"', '}')
	})
	return append(dst, ']')
}

// Fields lists the TLVs for the explainer: each TLV at depth 0 with its
// type, length and value, or an SRv6 service's reserved octet and each
// Service Sub-TLV, at depth 1.
func (v PrefixSIDView) Fields(dst []EntryField) []EntryField {
	for t := range v.TLVs() {
		ref := t.Ref()
		dst = append(dst,
			EntryField{Name: t.Name(), Off: t.Off, Len: 3 + len(t.Value), Value: string(t.appendValueText(nil)), Ref: ref},
			EntryField{Name: "Type", Off: t.Off, Len: 1, Value: strconv.Itoa(int(t.Type)), Ref: ref, Depth: 1},
			EntryField{Name: "Length", Off: t.Off + 1, Len: 2, Value: strconv.Itoa(len(t.Value)), Ref: ref, Depth: 1})
		if t.Type == PrefixSIDSRv6L3Service || t.Type == PrefixSIDSRv6L2Service {
			dst = append(dst, EntryField{Name: "Reserved", Off: t.Off + 3, Len: 1, Value: strconv.Itoa(int(t.Value[0])), Ref: ref, Depth: 1})
			for s := range t.ServiceSubTLVs() {
				name := "SRv6 Service Sub-TLV " + strconv.Itoa(int(s.Type))
				if s.Type == 1 {
					name = "SRv6 SID Information"
				}
				dst = append(dst, EntryField{Name: name, Off: s.Off, Len: 3 + len(s.Value), Value: string(s.appendSIDInfoText(nil)), Ref: "RFC 9252 §3.1", Depth: 1})
			}
			continue
		}
		if len(t.Value) > 0 {
			dst = append(dst, EntryField{Name: "Value", Off: t.Off + 3, Len: len(t.Value), Value: string(t.appendValueText(nil)), Ref: ref, Depth: 1})
		}
	}
	return dst
}

// PrefixSID is a BGP_PREFIX_SID attribute as an owned value: its TLVs as
// sent, which encode back to the same octets.
type PrefixSID struct {
	TLVs []PrefixSIDTLVValue
}

// PrefixSIDTLVValue is one TLV of an owned PrefixSID.
type PrefixSIDTLVValue struct {
	Type  uint8
	Value []byte
}

// Owned returns the view's owned value.
func (v PrefixSIDView) Owned() PrefixSID {
	var p PrefixSID
	for t := range v.TLVs() {
		p.TLVs = append(p.TLVs, PrefixSIDTLVValue{t.Type, append([]byte(nil), t.Value...)})
	}
	return p
}

// AppendBinary appends the attribute's value.
func (p PrefixSID) AppendBinary(dst []byte) []byte {
	for _, t := range p.TLVs {
		dst = append(binary.BigEndian.AppendUint16(append(dst, t.Type), uint16(len(t.Value))), t.Value...)
	}
	return dst
}

func (p PrefixSID) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	return p.AppendBinary(dst), nil
}
