package bgp

import (
	"encoding/binary"
	"strconv"
)

// FlowSpecRule is a flow specification NLRI entry as an owned value.
// AppendBinary writes it back; for every entry ParseFlowSpec accepts,
// DecodeFlowSpec and AppendBinary give back the same octets.
type FlowSpecRule struct {
	IPv6       bool // of an IPv6 family: prefix components carry an offset (RFC 8956 §3.1)
	RD         RD
	HasRD      bool // a VPN entry (SAFI 134)
	LongLength bool // the length is sent in two octets even below 240
	Components []FlowSpecComponent
}

// FlowSpecComponent is one component of a FlowSpecRule.
type FlowSpecComponent struct {
	Type FlowType
	// A prefix component: its length and, for IPv6, offset in bits, and
	// the pattern's octets as sent (RFC 8955 §4.2.2.1, RFC 8956 §3.1).
	Length, Offset uint8
	Pattern        []byte
	// The others: the operator/value pairs.
	Ops []FlowOp
}

// DecodeFlowSpec reads a flow specification NLRI entry of family f into an
// owned value that shares no memory with b.
func DecodeFlowSpec(f Family, b []byte, off int) (FlowSpecRule, error) {
	v, err := ParseFlowSpec(f, b, off)
	if err != nil {
		return FlowSpecRule{}, err
	}
	return v.Rule(), nil
}

// Rule returns the view's owned value.
func (v FlowSpecView) Rule() FlowSpecRule {
	r := FlowSpecRule{IPv6: v.v6, RD: v.rd, HasRD: v.hasRD, LongLength: v.long}
	for c := range v.Components() {
		o := FlowSpecComponent{Type: c.Type}
		if c.IsPrefix() {
			o.Length = c.b[1]
			i := 2
			if c.v6 {
				o.Offset, i = c.b[2], 3
			}
			o.Pattern = append([]byte(nil), c.b[i:]...)
		} else {
			for op := range c.Ops() {
				o.Ops = append(o.Ops, op)
			}
		}
		r.Components = append(r.Components, o)
	}
	return r
}

// AppendBinary appends the entry: the length, the RD if any, the
// components.
func (r FlowSpecRule) AppendBinary(dst []byte) []byte {
	var body []byte
	if r.HasRD {
		body = append(body, r.RD[:]...)
	}
	for _, c := range r.Components {
		body = append(body, byte(c.Type))
		if int(c.Type) < flowTypeCount && flowTypes[c.Type].kind == flowPrefix {
			body = append(body, c.Length)
			if r.IPv6 {
				body = append(body, c.Offset)
			}
			body = append(body, c.Pattern...)
			continue
		}
		for _, op := range c.Ops {
			body = append(body, op.Op)
			switch op.Len() {
			case 1:
				body = append(body, byte(op.Value))
			case 2:
				body = binary.BigEndian.AppendUint16(body, uint16(op.Value))
			case 4:
				body = binary.BigEndian.AppendUint32(body, uint32(op.Value))
			default:
				body = binary.BigEndian.AppendUint64(body, op.Value)
			}
		}
	}
	if r.LongLength || len(body) >= 0xf0 {
		dst = append(dst, 0xf0|byte(len(body)>>8&0x0f), byte(len(body)))
	} else {
		dst = append(dst, byte(len(body)))
	}
	return append(dst, body...)
}

// flowSpecCodec is the codec of the four flow spec rows (family_entry.go).
var flowSpecCodec = viewCodec(parseFlowSpecEntry, viewColumns[FlowSpecView]{
	json: flowSpecEntryJSON, fields: flowSpecEntryFields, terms: flowSpecTerms})

// parseFlowSpecEntry reads an entry of row r, whose family says the
// component forms and whether an RD leads.
func parseFlowSpecEntry(r *familyRow, b []byte, off int) (FlowSpecView, error) {
	return ParseFlowSpec(r.f, b, off)
}

// flowSpecTerms yields a rule's destination and source prefixes: a rule
// is looked up by the traffic it matches.
func flowSpecTerms(v FlowSpecView, yield func(EntryTerm) bool) {
	for c := range v.Components() {
		if c.IsPrefix() {
			if p, _ := c.Prefix(); !yield(EntryTerm{Kind: TermAddr, Prefix: p}) {
				return
			}
		}
	}
}

// flowSpecEntryJSON writes "rd", "rule" (the text) and "components".
func flowSpecEntryJSON(dst []byte, v FlowSpecView, b []byte, off int) []byte {
	if rd, ok := v.RD(); ok {
		dst = appendKey(dst, "rd")
		dst = append(rd.AppendText(append(dst, '"')), '"')
	}
	if v.whole {
		dst = appendKey(dst, "whole_octet_patterns")
		dst = append(dst, "true"...)
	}
	dst = appendKey(dst, "rule")
	dst = append(v.AppendText(append(dst, '"')), '"') // no character of the text needs escaping
	dst = appendKey(dst, "components")
	dst = append(dst, '[')
	first := true
	for c := range v.Components() {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, `{"component":"`...)
		dst = append(dst, c.Type.Key(v.v6)...)
		dst = append(dst, '"')
		if c.IsPrefix() {
			p, offset := c.Prefix()
			dst = appendKey(dst, "prefix")
			dst = append(p.AppendTo(append(dst, '"')), '"')
			if v.v6 {
				dst = appendKey(dst, "offset")
				dst = strconv.AppendUint(dst, uint64(offset), 10)
			}
		} else {
			dst = appendKey(dst, "ops")
			dst = append(dst, '[')
			for i, op := range c.allOps() {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, `{"and":`...)
				dst = strconv.AppendBool(dst, op.And())
				dst = append(dst, `,"match":"`...)
				dst = append(dst, op.Operator(c.IsBitmask())...)
				dst = append(dst, `","value":`...)
				dst = strconv.AppendUint(dst, op.Value, 10)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// allOps is Ops with an index.
func (c FlowComponent) allOps() func(func(int, FlowOp) bool) {
	return func(yield func(int, FlowOp) bool) {
		i := 0
		for op := range c.Ops() {
			if !yield(i, op) {
				return
			}
			i++
		}
	}
}

// flowSpecEntryFields lists a FlowSpec entry's fields for EntryFields:
// the length, the RD, then each component (depth 0) with its type octet,
// prefix fields or operator/value pairs (depth 1).
func flowSpecEntryFields(dst []EntryField, v FlowSpecView, b []byte, off int) []EntryField {
	ref, i := "RFC 8955 §4.1", 1
	if v.long {
		i = 2
	}
	dst = append(dst, EntryField{Name: "NLRI Length", Off: off, Len: i, Value: strconv.Itoa(len(b) - i), Ref: ref})
	if v.hasRD {
		dst = append(dst, EntryField{Name: "Route Distinguisher", Off: off + i, Len: 8, Value: v.rd.String(), Ref: "RFC 8955 §8"})
	}
	for c := range v.Components() {
		cref := c.Type.Ref(v.v6)
		dst = append(dst, EntryField{Name: c.Type.String(), Off: c.Off, Len: len(c.b), Value: string(c.AppendText(nil)), Ref: cref},
			EntryField{Name: "Type", Off: c.Off, Len: 1, Value: strconv.Itoa(int(c.Type)), Ref: cref, Depth: 1})
		if c.IsPrefix() {
			p, offset := c.Prefix()
			dst = append(dst, EntryField{Name: "Length", Off: c.Off + 1, Len: 1, Value: strconv.Itoa(p.Bits()) + " bits", Ref: cref, Depth: 1})
			at := c.Off + 2
			if v.v6 {
				dst = append(dst, EntryField{Name: "Offset", Off: at, Len: 1, Value: strconv.Itoa(offset) + " bits", Ref: cref, Depth: 1})
				at++
			}
			dst = append(dst, EntryField{Name: "Pattern", Off: at, Len: c.Off + len(c.b) - at, Value: p.String(), Ref: cref, Depth: 1})
			continue
		}
		at := c.Off + 1
		for op := range c.Ops() {
			w := "OR, "
			if op.And() {
				w = "AND, "
			}
			if op.Op&FlowOpEnd != 0 {
				w += "end of list, "
			}
			dst = append(dst,
				EntryField{Name: "Operator", Off: at, Len: 1, Value: w + op.Operator(c.IsBitmask()) + ", " + strconv.Itoa(op.Len()) + "-octet value", Ref: "RFC 8955 §4.2.1", Depth: 1},
				EntryField{Name: "Value", Off: at + 1, Len: op.Len(), Value: strconv.FormatUint(op.Value, 10), Ref: cref, Depth: 1})
			at += 1 + op.Len()
		}
	}
	return dst
}
