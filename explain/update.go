package explain

import (
	"iter"

	"github.com/bgplens/bgplens/bgp"
)

// chooseReading reads msg with the session bgp.ReadUpdate chooses,
// starting from the given one and varying only what the caller did not
// fix, and explains the choice in notes.
func chooseReading(msg []byte, opt Options) (bgp.UpdateView, bgp.Session, []string, error) {
	var u bgp.UpdateView
	base := opt.Session
	r, err := bgp.ReadUpdate(&u, msg, base, base, bgp.SearchOptions{FixedAS4: opt.FixedAS4, FixedAddPath: opt.FixedAddPath})
	if err != nil || r.Session == base || !r.Clean {
		return u, r.Session, nil, err
	}
	s := r.Session
	if r.Misread {
		first, _ := bgp.ParseUpdate(msg, base)
		return u, s, []string{"read " + map[bool]string{true: "with", false: "without"}[len(s.AddPathFamilies()) > 0] +
			" ADD-PATH path identifiers (RFC 7911): both readings parse, and the other one gives routes that look misread (" +
			itoa(first.Oddities()) + " implausible path identifiers or /0 prefixes)"}, nil
	}
	var notes []string
	why := r.First.Reason
	if r.Fallback&bgp.FallbackAS4 != 0 {
		if s.AS4 {
			notes = append(notes, "read with 4-octet AS numbers (RFC 6793): with 2-octet ones the message is malformed ("+why+"); with 4-octet ones every length adds up")
		} else {
			notes = append(notes, "read with 2-octet AS numbers: with 4-octet ones the message is malformed ("+why+"); with 2-octet ones every length adds up")
		}
	}
	if r.Fallback&bgp.FallbackAddPath != 0 {
		if len(s.AddPathFamilies()) > len(base.AddPathFamilies()) {
			notes = append(notes, "read with ADD-PATH path identifiers (RFC 7911) before each prefix: without them the NLRI are malformed ("+why+")")
		} else {
			notes = append(notes, "read without ADD-PATH path identifiers: with them the NLRI are malformed ("+why+")")
		}
	}
	return u, s, notes, nil
}

func explainUpdate(b *builder, root *Node, msg []byte, base int, opt Options) (bgp.Session, []string, []*bgp.Error) {
	u, s, notes, err := chooseReading(msg, opt)
	var errs []*bgp.Error
	if err != nil {
		e := rebase(err, base)
		errs = append(errs, e)
		// Show what can be located before giving up.
		if len(msg) >= bgp.HeaderLen+2 {
			root.add(b.node("withdrawn_routes_length", base+bgp.HeaderLen, 2, int(msg[bgp.HeaderLen])<<8|int(msg[bgp.HeaderLen+1]), "octets of withdrawn routes that follow", "RFC 4271 §4.3"))
		}
		mark(root, e)
		return s, notes, errs
	}
	ws, as, ns := u.WithdrawnSpan(), u.AttrsSpan(), u.NLRISpan()
	root.add(b.node("withdrawn_routes_length", base+ws.Off-2, 2, ws.Len, "octets of withdrawn IPv4 routes that follow", "RFC 4271 §4.3"))
	wd := b.node("withdrawn_routes", base+ws.Off, ws.Len, nil, "", "RFC 4271 §4.3")
	root.add(wd)
	addRoutes(b, wd, msg[ws.Off:ws.Off+ws.Len], ws.Off, base, bgp.IPv4Unicast, s, "withdrawn_route")
	root.add(b.node("total_path_attribute_length", base+as.Off-2, 2, as.Len, "octets of path attributes that follow", "RFC 4271 §4.3"))
	pa := b.node("path_attributes", base+as.Off, as.Len, nil, "", "RFC 4271 §4.3")
	root.add(pa)
	aEnd := as.Off
	for a := range u.Attrs() {
		pa.add(explainAttr(b, msg, a, base, s))
		aEnd = a.Off + a.Len()
	}
	if aEnd < as.Off+as.Len {
		rest := b.node("unframed_attributes", base+aEnd, as.Off+as.Len-aEnd, nil, "octets of the path attributes that do not frame as attributes", "RFC 4271 §4.3")
		rest.Problem = "an attribute here overruns the path attributes (RFC 7606 §4: treat-as-withdraw)"
		pa.add(rest)
	}
	nl := b.node("nlri", base+ns.Off, ns.Len, nil, "", "RFC 4271 §4.3")
	root.add(nl)
	addRoutes(b, nl, msg[ns.Off:], ns.Off, base, bgp.IPv4Unicast, s, "prefix")
	if f, ok := u.EndOfRIB(); ok {
		root.Label = "BGP UPDATE message (End-of-RIB for " + f.String() + ")"
		root.Meaning = "End-of-RIB marker: the sender has sent its whole table for " + f.String() + " (RFC 4724 §2)"
	}
	for _, e := range u.Errors() {
		e := rebase(e, base)
		errs = append(errs, e)
		mark(root, e)
	}
	return s, notes, errs
}

// addRoutes adds one node per NLRI entry of field (at off in msg).
func addRoutes(b *builder, parent *Node, field []byte, off, base int, f bgp.Family, s bgp.Session, name string) {
	// Walk the routes with a one-family view: build a fake iteration
	// through AppendRoute-compatible parsing by reusing the UPDATE walk is
	// not possible for a bare field, so use the MP view's walker.
	m := bgp.MPReachView{Family: f, NLRI: field, NLRIOff: off, AddPath: s.AddPath(f)}
	walkRoutesInto(b, parent, m.Routes(), off, len(field), base, f, m.AddPath, name)
}

// walkRoutesInto adds a node per route and, when the field holds octets
// that do not parse as routes, one node for them with the problem.
func walkRoutesInto(b *builder, parent *Node, routes iter.Seq2[bgp.Route, error], off, n, base int, f bgp.Family, addPath bool, name string) {
	end := off
	for r, err := range routes {
		if err != nil {
			rest := b.node("unparsed_nlri", base+end, off+n-end, nil, "octets that do not parse as "+f.String()+" NLRI", nlriRef(f))
			rest.Problem = problemText(err)
			parent.add(rest)
			return
		}
		rn := routeNode(b, r, base, f, addPath, name)
		parent.add(rn)
		end = r.Off + rn.Len
	}
}

// routeNode explains one NLRI entry.
func routeNode(b *builder, r bgp.Route, base int, f bgp.Family, addPath bool, name string) *Node {
	n := len(bgp.AppendRoute(nil, r, f, addPath))
	node := b.node(name, base+r.Off, n, r.Prefix.String(), "", nlriRef(f))
	off := base + r.Off
	if addPath {
		node.add(b.node("path_identifier", off, 4, uint64(r.PathID), "ADD-PATH path identifier", "RFC 7911 §3"))
		off += 4
	}
	bits := r.Prefix.Bits() + 24*int(r.NumLabels)
	if r.RD != (bgp.RD{}) || f.SAFI == bgp.SAFIMPLSVPN || f.SAFI == bgp.SAFIMCASTMPLSVPN {
		bits += 64
	}
	node.add(b.node("length", off, 1, bits, "prefix length in bits"+lenNote(r, bits), "RFC 4271 §4.3"))
	off++
	for i, l := range r.LabelStack() {
		_ = i
		meaning := "label " + itoa(int(l.Value()))
		if l.BottomOfStack() {
			meaning += ", bottom of stack"
		}
		if l == 0x800000 {
			meaning = "withdrawal label value 0x800000 (RFC 8277 §2.4)"
		}
		node.add(b.node("label", off, 3, int(l.Value()), meaning, "RFC 8277 §2"))
		off += 3
	}
	if f.SAFI == bgp.SAFIMPLSVPN || f.SAFI == bgp.SAFIMCASTMPLSVPN {
		node.add(b.node("route_distinguisher", off, 8, r.RD.String(), "route distinguisher type "+itoa(int(r.RD.Type())), "RFC 4364 §4.2"))
		off += 8
	}
	pl := (r.Prefix.Bits() + 7) / 8
	node.add(b.node("prefix", off, pl, r.Prefix.String(), "", nlriRef(f)))
	return node
}

func lenNote(r bgp.Route, bits int) string {
	if bits != r.Prefix.Bits() {
		return ", of which " + itoa(r.Prefix.Bits()) + " are the prefix"
	}
	return ""
}

func nlriRef(f bgp.Family) string {
	switch f.SAFI {
	case bgp.SAFILabeled:
		return "RFC 8277 §2"
	case bgp.SAFIMPLSVPN, bgp.SAFIMCASTMPLSVPN:
		if f.AFI == bgp.AFIIPv6 {
			return "RFC 4659 §3.2"
		}
		return "RFC 4364 §4.3.4"
	}
	if f == bgp.IPv4Unicast {
		return "RFC 4271 §4.3"
	}
	return "RFC 4760 §5"
}
