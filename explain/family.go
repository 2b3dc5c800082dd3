package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// walkEntriesInto explains the NLRI entries of a family not decoded into
// Routes (EVPN, FlowSpec, RTC, VPLS, ...): one node per entry, its value
// the entry's one-line text, its fields from bgp.Family.EntryFields with
// their RFC sections. A family bgplens frames but does not decode has one
// node per entry with its octets. off and n locate the NLRI field (message
// offsets, before base).
func walkEntriesInto(b *builder, parent *Node, f bgp.Family, entries func(func(bgp.NLRI, error) bool), off, n, base int, addPath bool, name string) {
	end := off
	ref := f.Ref()
	for e, err := range entries {
		if err != nil {
			rest := b.node("unparsed_nlri", base+end, off+n-end, nil, "octets that do not frame as "+f.String()+" NLRI", ref)
			rest.Problem = problemText(err)
			parent.add(rest)
			return
		}
		en := b.node(name, base+e.Off, e.ValueOff+len(e.Value)-e.Off, f.EntryText(e), "", ref)
		if addPath {
			en.add(b.node("path_identifier", base+e.Off, 4, uint64(e.PathID), "ADD-PATH path identifier", "RFC 7911 §3"))
		}
		fields, ferr := f.EntryFields(e)
		if ferr != nil {
			en.Value = nil
			en.Meaning = "does not decode"
			en.Problem = problemText(ferr)
		} else if !f.Decoded() {
			en.Value = nil
			en.Meaning = f.String() + " NLRI, not decoded by this version"
		}
		var top *Node
		for _, fl := range fields {
			fn := b.node(snakeName(fl.Name), base+fl.Off, fl.Len, fl.Value, "", fl.Ref)
			if !strings.EqualFold(fn.Name, fl.Name) {
				fn.Label = fl.Name // the RFC's spelling, when the name is not just it in lower case
			}
			if fl.Depth > 0 && top != nil {
				top.add(fn)
				continue
			}
			en.add(fn)
			top = fn
		}
		parent.add(en)
		end = e.ValueOff + len(e.Value)
	}
}

// snakeName turns an RFC field name into the tree's field name: "MAC
// Address" -> "mac_address", "Originating Router's IP Address" ->
// "originating_routers_ip_address".
func snakeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '/' || r == '_':
			b.WriteByte('_')
		}
	}
	return b.String()
}
