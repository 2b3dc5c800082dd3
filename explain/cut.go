package explain

import (
	"encoding/binary"
	"net/netip"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// What a log cut short: a message whose length field says more than the
// entry holds is walked as far as its octets go, not reported as a Bad
// Message Length.

// cutOpenBody walks what a log (or a paste of packet details) printed of
// an OPEN body at off: the fixed fields, then each optional parameter and
// capability as far as its octets go. RFC 4271 §4.2's layout without
// RFC 9072's extended form, which a cut message cannot be told to use.
func cutOpenBody(b *builder, in []byte, off int) []*Node {
	body := in[off:]
	var out []*Node
	fixed := []struct {
		name     string
		at, n    int
		ref, mng string
	}{
		{"version", bgp.OffOpenVersion, 1, "RFC 4271 §4.2", "BGP version"},
		{"my_autonomous_system", bgp.OffOpenMyAS, 2, "RFC 4271 §4.2", "the sender's AS"},
		{"hold_time", bgp.OffOpenHoldTime, 2, "RFC 4271 §4.2", "seconds"},
		{"bgp_identifier", bgp.OffOpenBGPIdentifier, 4, "RFC 4271 §4.2", "the sender's router ID"},
		{"opt_parm_len", bgp.OffOpenOptParmLen, 1, "RFC 4271 §4.2", "octets of optional parameters"},
	}
	for _, f := range fixed {
		at := f.at - bgp.HeaderLen
		if at+f.n > len(body) {
			if at < len(body) {
				out = append(out, b.node("cut_off", off+at, len(body)-at, nil, "part of the "+f.name+"; the log stops here", f.ref))
			}
			return out
		}
		var v any
		switch f.n {
		case 1:
			v = int(body[at])
		case 2:
			v = int(binary.BigEndian.Uint16(body[at:]))
		default:
			v = netip.AddrFrom4([4]byte(body[at : at+4])).String()
		}
		out = append(out, b.node(f.name, off+at, f.n, v, f.mng, f.ref))
	}
	p := bgp.OffOpenOptParmLen - bgp.HeaderLen + 1
	end := min(p+int(body[p-1]), len(body))
	params := b.node("optional_parameters", off+p, end-p, nil, "", "RFC 4271 §4.2")
	out = append(out, params)
	for p < end {
		pn := b.node("optional_parameter", off+p, min(2+int(body[min(p+1, end-1)]), end-p), nil, "", "RFC 4271 §4.2")
		params.add(pn)
		pt := bgp.OptParamType(body[p])
		pn.Value = pt.String()
		pn.add(b.node("parameter_type", off+p, 1, int(pt), pt.String(), "RFC 4271 §4.2, RFC 5492 §4"))
		if p+2 > end {
			pn.Problem = "cut off by the log"
			break
		}
		pl := int(body[p+1])
		pn.add(b.node("parameter_length", off+p+1, 1, pl, "", "RFC 4271 §4.2"))
		vEnd := min(p+2+pl, end)
		for c := p + 2; c < vEnd && pt == bgp.OptParamCapabilities; {
			cv, err := bgp.ParseCapability(body[c:vEnd])
			if err == nil {
				pn.add(explainCapability(b, cv, off+c))
				c += cv.Len()
				continue
			}
			cn := b.node("capability", off+c, vEnd-c, nil, "", "RFC 5492 §4")
			cn.Label = cv.Code.String()
			cn.add(b.node("capability_code", off+c, 1, int(cv.Code), cv.Code.String(), "RFC 5492 §4"))
			if c+1 < vEnd {
				cn.add(b.node("capability_length", off+c+1, 1, int(body[c+1]), "", "RFC 5492 §4"))
			}
			cn.Problem = "cut off by the log: its value is not in the entry"
			pn.add(cn)
			break
		}
		if p+2+pl > end {
			pn.Problem = "cut off by the log"
		}
		p += 2 + pl
	}
	return out
}

// cutByLog restates a message the log cut short in those terms: its
// length field is not wrong, the log printed only part of it, so there is
// no Bad Message Length to report. An UPDATE is walked as far as its octets
// go.
func cutByLog(x *Explanation, m *Node, head []byte, opt Options) {
	want := int(head[m.Off+bgp.OffLength])<<8 | int(head[m.Off+bgp.OffLength+1])
	m.Problem = "cut off by the log: the length field says " + itoa(want) + " octets, the log printed " + itoa(len(head)-m.Off)
	var errs []ErrorInfo
	for _, e := range x.Errors {
		if !(e.Code == uint8(bgp.CodeMessageHeader) && e.Subcode == bgp.SubBadMessageLength && e.Offset >= m.Off) {
			errs = append(errs, e)
		}
	}
	x.Errors = errs
	if t := bgp.MessageType(head[m.Off+bgp.OffType]); t == bgp.MsgOpen && len(head) > m.Off+bgp.HeaderLen {
		b := &builder{in: head}
		m.Children = append(m.Children[:1], cutOpenBody(b, head, m.Off+bgp.HeaderLen)...)
		return
	}
	if bgp.MessageType(head[m.Off+bgp.OffType]) != bgp.MsgUpdate {
		// The body's nodes carry the same Bad Message Length the list
		// above no longer holds: the log cut the message, not the sender.
		for _, c := range m.Children {
			c.Walk(func(n *Node, _ int) {
				if strings.Contains(n.Problem, "Bad Message Length") {
					n.Problem = ""
				}
			})
		}
		return
	}
	b := &builder{in: head}
	var kids []*Node
	for _, c := range m.Children {
		if c.Name == "header" {
			kids = append(kids, c)
		}
	}
	m.Children = append(kids, cutUpdateBody(b, head, m.Off+bgp.HeaderLen, opt.Session)...)
}

// allOnes reports whether b is all 0xff: a marker, or its start.
func allOnes(b []byte) bool {
	for _, c := range b {
		if c != 0xff {
			return false
		}
	}
	return len(b) > 0
}

// cutHeader restates a message after another whose header the entry
// cuts (a capture's snap length, a paste that stops): the sender's octets
// go on in the TCP stream, so its shortness is the entry's, not a Bad
// Message Length. The entry misses at least the rest of the header.
func cutHeader(x *Explanation, m *Node, have int) {
	m.Problem = "cut off by the log: only " + itoa(have) + " of the header's 19 octets are in the entry; the message's length and type are not"
	m.Walk(func(n *Node, _ int) {
		if n != m && strings.Contains(n.Problem, "Bad Message Length") {
			n.Problem = ""
		}
	})
	var errs []ErrorInfo
	for _, e := range x.Errors {
		if !(e.Code == uint8(bgp.CodeMessageHeader) && e.Subcode == bgp.SubBadMessageLength && e.Offset >= m.Off) {
			errs = append(errs, e)
		}
	}
	x.Errors = errs
}

// cutUpdateBody walks what a log printed of an UPDATE body at off: the
// withdrawn routes, the attribute length, then each attribute as far as
// its octets go (explainDataAttr reads a cut one).
func cutUpdateBody(b *builder, in []byte, off int, s bgp.Session) []*Node {
	body := in[off:]
	wl, al, alOff, have := bgp.UpdateBodyCut(body)
	if have == 0 {
		return []*Node{b.node("cut_off", off, len(body), nil, "part of the withdrawn routes length; the log stops here", "RFC 4271 §4.3")}
	}
	out := []*Node{b.node("withdrawn_routes_length", off, 2, wl, "octets of withdrawn IPv4 routes that follow", "RFC 4271 §4.3")}
	if wl > 0 {
		n := b.node("withdrawn_routes", off+2, min(wl, len(body)-2), nil, "", "RFC 4271 §4.3")
		if 2+wl > len(body) {
			n.Problem = "cut off by the log"
		}
		out = append(out, n)
	}
	if have == 1 {
		if alOff < len(body) {
			out = append(out, b.node("cut_off", off+alOff, len(body)-alOff, nil, "part of the total path attribute length; the log stops here", "RFC 4271 §4.3"))
		}
		return out
	}
	out = append(out, b.node("total_path_attribute_length", off+alOff, 2, al, "octets of path attributes that follow", "RFC 4271 §4.3"))
	start := off + alOff + 2
	end := min(start+al, len(in))
	pa := b.node("path_attributes", start, end-start, nil, "", "RFC 4271 §4.3")
	for p := start; p < end; {
		a := explainDataAttr(b, in[p:end], p, s)
		pa.add(a)
		if a.Len == 0 {
			break
		}
		p += a.Len
	}
	if start+al > len(in) {
		pa.Problem = "cut off by the log after " + itoa(end-start) + " of " + itoa(al) + " octets"
	}
	return append(out, pa)
}
