package mrt

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// Record is an MRT record as an owned value: its header and its body,
// sharing no memory with the input. For every record DecodeRecord
// accepts, Append gives back the same octets.
type Record struct {
	Header Header
	// Body is one of *BGP4MP, *BGP4MPEntry, *TableDump, *PeerIndexTable, *RIB or, for
	// types and subtypes this package does not read, *Raw; the header's
	// type and subtype say which (KindOf).
	Body Body
}

// Body is the body of an owned record. It is sealed: the implementations
// are this package's.
type Body interface {
	appendTo(dst []byte, h Header) ([]byte, error)
}

// Raw is the body of a record of a type or subtype this package does not
// read, kept as it was.
type Raw []byte

// Encoding errors.
var (
	errAddrFamily = errors.New("mrt: address of the wrong family for the record")
	errTooLong    = errors.New("mrt: a list or value too long for its length field")
	errNLRI       = errors.New("mrt: RIB NLRI is not one prefix entry")
	errKind       = errors.New("mrt: body does not fit the header's type and subtype")
)

// DecodeRecord reads b, exactly one record, into an owned value.
func DecodeRecord(b []byte) (Record, error) {
	r, err := ParseRecord(b)
	if err != nil {
		return Record{}, err
	}
	return r.Decode()
}

// Decode copies the record into an owned value.
func (r RecordView) Decode() (Record, error) {
	out := Record{Header: r.Header}
	switch r.Kind() {
	case KindBGP4MPState, KindBGP4MPMessage, KindLegacyMessage, KindLegacyState, KindLegacySync:
		v, err := r.BGP4MP()
		if err != nil {
			return out, err
		}
		v.Message, v.SyncFile = clone(v.Message), clone(v.SyncFile)
		out.Body = &v
	case KindBGP4MPEntry:
		v, err := r.BGP4MPEntry()
		if err != nil {
			return out, err
		}
		body := clone(r.Body) // one copy backs the three slices
		base := r.bodyOff()
		at := func(b []byte, off int) []byte { return body[off-base : off-base+len(b) : off-base+len(b)] }
		nlriOff := v.AttrsOff - 2 - len(v.NLRI)
		v.NextHop = at(v.NextHop, nlriOff-len(v.NextHop))
		v.NLRI = at(v.NLRI, nlriOff)
		v.Attrs = at(v.Attrs, v.AttrsOff)
		out.Body = &v
	case KindTableDump:
		if r.Extra != 0 {
			raw := Raw(clone(r.Body)) // a batch of entries: kept whole (TableDumps reads them)
			out.Body = &raw
			break
		}
		v, err := r.TableDump()
		if err != nil {
			return out, err
		}
		v.Attrs = clone(v.Attrs)
		out.Body = &v
	case KindPeerIndex:
		v, err := r.PeerIndex()
		if err != nil {
			return out, err
		}
		v.ViewName = clone(v.ViewName)
		out.Body = &v
	case KindRIB, KindRIBGeneric:
		v, err := r.RIB()
		if err != nil {
			return out, err
		}
		// One copy of the body backs NLRI and every entry's attributes.
		body := clone(r.Body)
		base := r.bodyOff()
		v.NLRI = body[v.NLRIOff-base : v.NLRIOff-base+len(v.NLRI)]
		v.Entries = make([]RIBEntry, 0, v.Count)
		for _, e := range v.All() {
			e.Attrs = body[e.AttrsOff-base : e.AttrsOff-base+len(e.Attrs)]
			v.Entries = append(v.Entries, e)
		}
		v.entries = nil
		out.Body = &v
	default:
		raw := Raw(clone(r.Body))
		out.Body = &raw
	}
	return out, nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}

// Append appends the record's wire form. Length is computed from the
// body (the header's Length field is ignored), less Header.Extra.
func (r Record) Append(dst []byte) ([]byte, error) {
	if r.Body == nil {
		return dst, errKind
	}
	start := len(dst)
	dst = appendHeader(dst, r.Header)
	dst, err := r.Body.appendTo(dst, r.Header)
	if err != nil {
		return dst[:start], err
	}
	n := len(dst) - start - HeaderLen - r.Header.Extra
	if n < 0 || uint64(n) > 0xffffffff {
		return dst[:start], errTooLong
	}
	binary.BigEndian.PutUint32(dst[start+OffLength:], uint32(n))
	return dst, nil
}

func (v *BGP4MP) appendTo(dst []byte, h Header) ([]byte, error) {
	k := h.Kind()
	switch k {
	case KindBGP4MPState, KindBGP4MPMessage, KindLegacyMessage, KindLegacyState, KindLegacySync:
	default:
		return dst, errKind
	}
	row := subRowOf(h.Type, h.Subtype)
	if v.AS4 != row.as4 {
		return dst, errKind
	}
	return v.appendBody(dst, k, typeRowOf(h.Type).ip)
}

func (v *TableDump) appendTo(dst []byte, h Header) ([]byte, error) {
	if h.Kind() != KindTableDump {
		return dst, errKind
	}
	return v.appendBody(dst, subRowOf(h.Type, h.Subtype).afi)
}

func (t *PeerIndexTable) appendTo(dst []byte, h Header) ([]byte, error) {
	if h.Kind() != KindPeerIndex {
		return dst, errKind
	}
	return t.appendBody(dst)
}

func (v *RIB) appendTo(dst []byte, h Header) ([]byte, error) {
	k := h.Kind()
	if k != KindRIB && k != KindRIBGeneric {
		return dst, errKind
	}
	if row := subRowOf(h.Type, h.Subtype); k == KindRIB && (v.AFI != row.afi || v.SAFI != row.safi) {
		return dst, errKind
	}
	return v.appendBody(dst, k == KindRIBGeneric)
}

func (r *Raw) appendTo(dst []byte, _ Header) ([]byte, error) {
	return append(dst, (*r)...), nil
}
