package bmp

import (
	"encoding/binary"
	"iter"
)

// TLV is one Type-Length-Value element of a BMP message: a 2-octet type,
// a 2-octet length and the value (RFC 7854 §4.4, and the same layout in
// Peer Up, Peer Down, Termination and Route Mirroring messages). Index is
// the 2-octet field that BMP version 4 adds between length and value in
// Route Monitoring TLVs (draft-ietf-grow-bmp-tlv); it is zero elsewhere.
//
// What Type means depends on the message: InitiationTLVType,
// PeerUpTLVType, PeerDownTLVType, TerminationTLVType, MirroringTLVType or
// V4TLVType name it. In a value returned by a view, Value aliases the
// message (capped); owned messages hold copies.
type TLV struct {
	Type  uint16
	Index uint16
	Value []byte
}

// Text returns the value as a string: the information TLVs (String,
// sysDescr, sysName, VRF/Table Name, Admin Label) carry UTF-8 or ASCII
// text. It allocates.
func (t TLV) Text() string { return string(t.Value) }

// Uint16 returns a 2-octet value, as in the Termination Reason and the
// Route Mirroring Information TLVs.
func (t TLV) Uint16() (uint16, bool) {
	if len(t.Value) != 2 {
		return 0, false
	}
	return binary.BigEndian.Uint16(t.Value), true
}

// TLVView is a TLV located in a message: Off is the offset of its Type
// field from the first octet of the BMP message.
type TLVView struct {
	TLV
	Off int
}

// tlvHeaderLen is 4, or 6 with the version 4 Index field.
func tlvHeaderLen(indexed bool) int {
	if indexed {
		return 6
	}
	return 4
}

// nextTLV frames the TLV at the start of b. It returns the TLV, its total
// length and whether it fits in b.
func nextTLV(b []byte, indexed bool) (TLV, int, bool) {
	hl := tlvHeaderLen(indexed)
	if len(b) < hl {
		return TLV{}, 0, false
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	if len(b)-hl < n {
		return TLV{}, 0, false
	}
	t := TLV{Type: binary.BigEndian.Uint16(b), Value: b[hl : hl+n : hl+n]}
	if indexed {
		t.Index = binary.BigEndian.Uint16(b[4:])
	}
	return t, hl + n, true
}

// checkTLVs checks that b is a whole sequence of TLVs; off is b's offset
// in the message, for the error.
func checkTLVs(b []byte, off int, indexed bool) *Error {
	for i := 0; i < len(b); {
		_, n, ok := nextTLV(b[i:], indexed)
		if !ok {
			return errAt(off+i, "TLV overruns the message")
		}
		i += n
	}
	return nil
}

// tlvSeq iterates over the TLVs of b, a sequence checkTLVs accepted; off
// is b's offset in the message.
func tlvSeq(b []byte, off int, indexed bool) iter.Seq[TLVView] {
	return func(yield func(TLVView) bool) {
		for i := 0; i < len(b); {
			t, n, ok := nextTLV(b[i:], indexed)
			if !ok || !yield(TLVView{TLV: t, Off: off + i}) {
				return
			}
			i += n
		}
	}
}

// decodeTLVs copies the TLVs of b, a sequence checkTLVs accepted. All
// values share one copy of b. It returns nil for an empty sequence.
func decodeTLVs(b []byte, indexed bool) []TLV {
	if len(b) == 0 {
		return nil
	}
	n := 0
	for i := 0; i < len(b); n++ {
		_, l, ok := nextTLV(b[i:], indexed)
		if !ok {
			break
		}
		i += l
	}
	own := append([]byte(nil), b...)
	out := make([]TLV, 0, n)
	for i := 0; i < len(own); {
		t, l, ok := nextTLV(own[i:], indexed)
		if !ok {
			break
		}
		out = append(out, t)
		i += l
	}
	return out
}

// appendTLVs appends TLVs; a value longer than 65535 octets is an error.
func appendTLVs(dst []byte, tlvs []TLV, indexed bool) ([]byte, error) {
	for _, t := range tlvs {
		if len(t.Value) > 0xffff {
			return dst, errAt(0, "TLV value longer than 65535 octets")
		}
		dst = binary.BigEndian.AppendUint16(dst, t.Type)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(t.Value)))
		if indexed {
			dst = binary.BigEndian.AppendUint16(dst, t.Index)
		}
		dst = append(dst, t.Value...)
	}
	return dst, nil
}

// cloneBytes copies b; nil stays nil.
func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// TLVs iterates over the TLVs in b, whose first octet is at offset off of
// the message, for explainers and other callers that walk a message's TLVs
// themselves; indexed says whether they carry the version 4 Index field.
// It stops at a TLV that overruns b.
func TLVs(b []byte, off int, indexed bool) iter.Seq[TLVView] { return tlvSeq(b, off, indexed) }

// TLVsFrame reports whether b is a whole sequence of TLVs with 4-octet
// headers (type, length), as RFC 7854 §4.4 lays them out.
func TLVsFrame(b []byte) bool { return checkTLVs(b, 0, false) == nil }
