package bgp

import (
	"encoding/hex"
	"strconv"
)

// familyCodec is the behaviour column of a family's registry row: how one
// NLRI entry (NLRI.Value, at offset off of the message) is written as JSON
// members and as one line of text. Both return the error of an entry that
// does not decode; Family.AppendEntryJSON then keeps its octets instead.
// A row without a codec is a family bgplens frames but does not decode.
type familyCodec struct {
	// json appends the entry's members, each preceded by a comma
	// (documented in docs/json.md, "NLRI entries").
	json func(dst []byte, r *familyRow, v []byte, off int) ([]byte, error)
	// text appends the one-line form dump and the explainer print.
	text func(dst []byte, r *familyRow, v []byte, off int) ([]byte, error)
	// fields lists the entry's fields for the explainer (EntryFields);
	// nil for the IP families, which the explainer reads as Routes.
	fields func(dst []EntryField, r *familyRow, v []byte, off int) ([]EntryField, error)
	// check reads the entry as its decoder does, for MP_REACH_NLRI and
	// MP_UNREACH_NLRI to find an entry that frames but does not decode
	// (RFC 7606 §5.3); nil for the IP families, which checkRoutes reads.
	check func(r *familyRow, v []byte, off int) error
	// terms yields the values an entry names that lookups match
	// (EntryTerms): addresses, MACs, AS numbers, router IDs; nil for a
	// family looked up by prefix (the IP families) or not at all.
	terms func(r *familyRow, v []byte, off int, yield func(EntryTerm) bool)
}

// entryView is an entry as a family's own decoder reads it; its one-line
// text is the codec's text column.
type entryView interface{ AppendText(dst []byte) []byte }

// viewColumns are the columns of a family with a decoder of its own, each
// given the entry read (v), its octets (b) and its offset in the message.
type viewColumns[V entryView] struct {
	// check is the decoder run for its error alone, called directly in
	// the NLRI loop of MP_REACH_NLRI's checks by the families whose
	// decoders take a few nanoseconds; nil: parse's error, one call more.
	check  func(r *familyRow, b []byte, off int) error
	json   func(dst []byte, v V, b []byte, off int) []byte
	fields func(dst []EntryField, v V, b []byte, off int) []EntryField
	terms  func(v V, yield func(EntryTerm) bool)
}

// viewCodec makes the codec of a family with a decoder of its own: every
// other column reads the entry with parse, the decoder check runs, so an
// entry that does not decode fails check, JSON, text and fields alike and
// yields no terms.
func viewCodec[V entryView](parse func(r *familyRow, b []byte, off int) (V, error), c viewColumns[V]) *familyCodec {
	text := func(dst []byte, v V, _ []byte, _ int) []byte { return v.AppendText(dst) }
	if c.check == nil {
		c.check = func(r *familyRow, b []byte, off int) error { _, err := parse(r, b, off); return err }
	}
	return &familyCodec{
		check:  c.check,
		text:   parsedColumn(parse, text),
		json:   parsedColumn(parse, c.json),
		fields: parsedColumn(parse, c.fields),
		terms: func(r *familyRow, b []byte, off int, yield func(EntryTerm) bool) {
			if v, err := parse(r, b, off); err == nil {
				c.terms(v, yield)
			}
		},
	}
}

// parsedColumn is a column of viewCodec: it appends what col makes of the
// entry, or returns the decoder's error with dst as it was.
func parsedColumn[V, T any](parse func(*familyRow, []byte, int) (V, error), col func(dst []T, v V, b []byte, off int) []T) func([]T, *familyRow, []byte, int) ([]T, error) {
	return func(dst []T, r *familyRow, b []byte, off int) ([]T, error) {
		v, err := parse(r, b, off)
		if err != nil {
			return dst, err
		}
		return col(dst, v, b, off), nil
	}
}

// row returns the family's registry row when it has a codec, or nil.
func (f Family) codecRow() *familyRow {
	if r := familyIndex[f]; r != nil && r.codec != nil {
		return r
	}
	return nil
}

// Decoded reports whether bgplens decodes the family's NLRI entries (into
// Routes, or by a decoder of its own); the others are kept as octets.
func (f Family) Decoded() bool { return f.codecRow() != nil }

// AppendEntryJSON appends one NLRI entry of family f as a JSON object with
// the members of its family (docs/json.md, "NLRI entries"). An entry of a
// family bgplens does not decode is {"hex":"..."}; one that does not decode
// is {"hex":"...","error":"..."}: nothing the router sent is lost. The Path
// Identifier is the caller's to write.
func (f Family) AppendEntryJSON(dst []byte, e NLRI) []byte {
	start := len(dst)
	dst = append(dst, '{')
	if r := f.codecRow(); r != nil {
		out, err := r.codec.json(dst, r, e.Value, e.ValueOff)
		if err == nil {
			if len(out) > start+1 && out[start+1] == ',' {
				out = append(out[:start+1], out[start+2:]...)
			}
			return append(out, '}')
		}
		dst = out[:start+1]
		dst = append(dst, `"hex":"`...)
		dst = hex.AppendEncode(dst, e.Value)
		dst = append(dst, `","error":`...)
		dst = appendJSONString(dst, err.Error())
		return append(dst, '}')
	}
	dst = append(dst, `"hex":"`...)
	dst = hex.AppendEncode(dst, e.Value)
	return append(dst, `"}`...)
}

// AppendEntryText appends one NLRI entry of family f as one line of text:
// "mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:55 ..." for EVPN,
// "destination 192.0.2.0/24, protocol = 17" for FlowSpec. An entry bgplens
// does not decode is "hex <octets>"; one that does not decode is followed
// by its error in parentheses.
func (f Family) AppendEntryText(dst []byte, e NLRI) []byte {
	start := len(dst)
	if r := f.codecRow(); r != nil {
		out, err := r.codec.text(dst, r, e.Value, e.ValueOff)
		if err == nil {
			return out
		}
		dst = out[:start]
		dst = append(dst, "hex "...)
		dst = hex.AppendEncode(dst, e.Value)
		dst = append(dst, " ("...)
		dst = append(dst, err.Error()...)
		return append(dst, ')')
	}
	dst = append(dst, "hex "...)
	return hex.AppendEncode(dst, e.Value)
}

// EntryText returns AppendEntryText's line.
func (f Family) EntryText(e NLRI) string { return string(f.AppendEntryText(nil, e)) }

// ipCodec writes an entry of the IP families (the layouts decoded into
// Routes) with the members of a route: "prefix", "labels", "rd".
var ipCodec = &familyCodec{json: ipEntryJSON, text: ipEntryText}

// ipEntry reads an entry of the IP families: one route, filling the
// entry.
func ipEntry(row *familyRow, v []byte, off int) (Route, error) {
	r, n, err := parseRoute(v, off, row.f, false, row.kind)
	switch {
	case err != nil:
		return r, err
	case n != len(v):
		return r, nlriErr(off+n, "octets after the prefix")
	}
	return r, nil
}

func ipEntryJSON(dst []byte, row *familyRow, v []byte, off int) ([]byte, error) {
	r, err := ipEntry(row, v, off)
	if err != nil {
		return dst, err
	}
	dst = appendKey(dst, "prefix")
	dst = append(dst, '"')
	dst = r.Prefix.AppendTo(dst)
	dst = append(dst, '"')
	if r.NumLabels > 0 {
		dst = appendKey(dst, "labels")
		for i, l := range r.LabelStack() {
			if i == 0 {
				dst = append(dst, '[')
			} else {
				dst = append(dst, ',')
			}
			dst = strconv.AppendUint(dst, uint64(l.Value()), 10)
		}
		dst = append(dst, ']')
	}
	if row.kind == nlriVPN {
		dst = appendKey(dst, "rd")
		dst = append(dst, '"')
		dst = r.RD.AppendText(dst)
		dst = append(dst, '"')
	}
	return dst, nil
}

func ipEntryText(dst []byte, row *familyRow, v []byte, off int) ([]byte, error) {
	r, err := ipEntry(row, v, off)
	if err != nil {
		return dst, err
	}
	if row.kind == nlriVPN {
		dst = append(dst, "rd "...)
		dst = r.RD.AppendText(dst)
		dst = append(dst, ' ')
	}
	dst = r.Prefix.AppendTo(dst)
	for i, l := range r.LabelStack() {
		if i == 0 {
			dst = append(dst, " label "...)
		} else {
			dst = append(dst, '/')
		}
		dst = strconv.AppendUint(dst, uint64(l.Value()), 10)
	}
	return dst, nil
}

// EntryField is one field of an NLRI entry, for explanations: the RFC's
// name, where it lies in the message, its value as text and the section
// that defines it. Depth 1 marks a part of the depth-0 field before it (a
// FlowSpec component's type octet and operators).
type EntryField struct {
	Name     string
	Off, Len int
	Value    string
	Ref      string
	Depth    int
}

// EntryFields lists the fields of one NLRI entry of family f in wire
// order, tiling NLRI.Value, for a family with its own decoder (EVPN,
// FlowSpec, RTC, VPLS); nil for the others (the IP families read as
// Routes). An entry that does not decode returns its error.
func (f Family) EntryFields(e NLRI) ([]EntryField, error) {
	r := f.codecRow()
	if r == nil || r.codec.fields == nil {
		return nil, nil
	}
	return r.codec.fields(nil, r, e.Value, e.ValueOff)
}
