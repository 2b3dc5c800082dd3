package explain

import (
	"encoding/binary"
	"net/netip"

	"github.com/bgplens/bgplens/bgp"
)

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
