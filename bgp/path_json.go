package bgp

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"strconv"
)

// The path as JSON: every output of bgplens (the station's events and API,
// dump --json, the archives and buses to come) writes a path with
// AppendJSON, so a value has one name everywhere: the JSON name of its
// registry row (AttrType.JSONName), and the members below, documented in
// docs/json.md.

// jsonAppender writes the members of one attribute type, each preceded by
// a comma. It sees the whole path, for the values that RFC 6793 builds from
// two attributes; by value, since a pointer passed through a function
// value would move every Path to the heap.
type jsonAppender func(dst []byte, p Path, a AttrView) []byte

// pathJSON is the order in which AppendJSON writes the attributes it
// decodes, and how. An attribute type not listed here (or one that does
// not read) is written under "other_attributes" with its octets.
var pathJSON = [...]struct {
	t   AttrType
	app jsonAppender
}{
	{AttrOrigin, jsonOrigin},
	{AttrASPath, jsonASPath},
	{AttrMultiExitDisc, jsonUint32},
	{AttrLocalPref, jsonUint32},
	{AttrAtomicAggregate, jsonAtomicAggregate},
	{AttrAggregator, jsonAggregator},
	{AttrCommunities, jsonCommunities},
	{AttrExtCommunities, jsonExtCommunities},
	{AttrIPv6ExtCommunities, jsonIPv6ExtCommunities},
	{AttrLargeCommunities, jsonLargeCommunities},
	{AttrOriginatorID, jsonOriginatorID},
	{AttrClusterList, jsonClusterList},
	{AttrAIGP, jsonAIGP},
	{AttrOTC, jsonUint32},
	{AttrAS4Path, jsonAS4Path},
	{AttrAS4Aggregator, jsonAS4Aggregator},
	{AttrBGPLS, jsonBGPLS},
	{AttrPrefixSID, jsonPrefixSID},
	{AttrPMSITunnel, jsonPMSI},
	{AttrSet, jsonAttrSet},
	{AttrTunnelEncap, jsonTunnelEncap},
	{AttrBGPsecPath, jsonBGPsec},
	// Written by AppendNextHopJSON per family, or consumed by the route
	// iterators: nothing to add to the path's members.
	{AttrNextHop, nil},
	{AttrMPReachNLRI, nil},
	{AttrMPUnreachNLRI, nil},
}

// pathJSONRow gives the row of each type of pathJSON, plus one (0: the
// type has none).
var pathJSONRow = func() (k [256]uint8) {
	for i, r := range pathJSON {
		k[r.t] = uint8(i + 1)
	}
	return k
}()

// pathJSONSlot gives the Path slot of each row's type (0: none).
var pathJSONSlot = func() (k [len(pathJSON)]uint8) {
	for i, r := range pathJSON {
		k[i] = pathSlots[r.t]
	}
	return k
}()

// attrJSONKeys holds each type's member opening: ,"json_name":
var attrJSONKeys = func() (k [256]string) {
	for i := range k {
		k[i] = string(appendKey(nil, AttrType(i).JSONName()))
	}
	return k
}()

// AppendJSON appends the path's attributes as members of a JSON object,
// each preceded by a comma (the object has members before them: a route's
// prefix, an event's type). Next hops are per family: see
// AppendNextHopJSON. Attributes that do not read, and types that bgplens
// keeps as octets, are listed under "other_attributes" with their code,
// name, flags and octets in hex, so that nothing the router sent is lost.
func (p *Path) AppendJSON(dst []byte) []byte {
	// Where each row's type first comes: the slots of ReadPath know when
	// the path holds only types with one (most paths), else one pass
	// notes it, and whether any attribute is left for "other_attributes".
	var first [len(pathJSON)]uint32 // offset plus one, when scanned
	scanned, others := p.others, false
	if scanned {
		var seen [8]uint32 // a bit per type
		for off := 0; off < p.end; {
			a, next := p.attrAt(off)
			if t := a.Type; seen[t>>5]&(1<<(t&31)) == 0 {
				seen[t>>5] |= 1 << (t & 31)
				if r := pathJSONRow[t]; r != 0 {
					first[r-1] = uint32(off + 1)
				} else {
					others = true
				}
			}
			off = next
		}
	}
	var unread [8]uint32 // a bit per type written as octets though its row knows it
	for i := range pathJSON {
		r := &pathJSON[i]
		at := first[i]
		if !scanned {
			at = p.at[pathJSONSlot[i]] // at[0], of the rows without a slot, is 0
		}
		if r.app == nil || at == 0 {
			continue
		}
		a, _ := p.attrAt(int(at - 1))
		n := len(dst)
		if dst = p.appendRow(dst, r.app, a); len(dst) == n {
			unread[r.t>>5] |= 1 << (r.t & 31)
			others = true
		}
	}
	if others {
		dst = p.appendOtherAttrs(dst, &unread)
	}
	return dst
}

// SameJSON reports whether q writes the same members as p (AppendJSON,
// and AppendNextHopJSON for any family): the same octets, read with the
// same session. A writer that meets the same attributes again in another
// UPDATE can then reuse their text.
func (p *Path) SameJSON(q *Path) bool {
	return p.sess == q.sess && p.rib == q.rib && p.ribFam == q.ribFam && bytes.Equal(p.raw, q.raw)
}

// appendRow writes attribute a with app, its row's appender. The types
// of nearly every path are called directly, the path by pointer: through
// the function value the whole Path is copied at each call (a pointer
// would move every Path to the heap).
func (p *Path) appendRow(dst []byte, app jsonAppender, a AttrView) []byte {
	switch a.Type {
	case AttrOrigin:
		return appendOriginJSON(dst, a)
	case AttrASPath:
		return p.appendASPathJSON(dst, a)
	case AttrMultiExitDisc, AttrLocalPref, AttrOTC:
		return appendUint32JSON(dst, a)
	case AttrCommunities:
		return appendCommunitiesJSON(dst, a)
	case AttrLargeCommunities:
		return appendLargeCommunitiesJSON(dst, a)
	case AttrExtCommunities:
		return appendExtCommunitiesJSON(dst, a)
	}
	return app(dst, *p, a)
}

// appendOtherAttrs writes "other_attributes": the first attribute of each
// type that has no row, or whose row could not read it (unread).
func (p *Path) appendOtherAttrs(dst []byte, unread *[8]uint32) []byte {
	first := true
	var seen [8]uint32
	for off := 0; off < p.end; {
		a, next := p.attrAt(off)
		off = next
		t := a.Type
		if seen[t>>5]&(1<<(t&31)) != 0 {
			continue // RFC 7606 §3(g): only the first counts
		}
		seen[t>>5] |= 1 << (t & 31)
		if pathJSONRow[t] != 0 && unread[t>>5]&(1<<(t&31)) == 0 {
			continue
		}
		if first {
			dst = append(dst, `,"other_attributes":[`...)
		} else {
			dst = append(dst, ',')
		}
		first = false
		dst = appendAttrObject(dst, a)
	}
	if first {
		return dst
	}
	return append(dst, ']')
}

// AppendNextHopJSON appends the next hop of the path's routes of family f
// as the members "next_hop" and, for IPv6 with a link-local address,
// "next_hop_link_local", each preceded by a comma; nothing when the path
// has none for f.
func (p *Path) AppendNextHopJSON(dst []byte, f Family) []byte {
	nh, ll, ok := p.NextHop(f)
	if !ok {
		return dst
	}
	dst = appendKey(dst, "next_hop")
	dst = appendQuotedAddr(dst, nh)
	if ll.IsValid() {
		dst = appendKey(dst, "next_hop_link_local")
		dst = appendQuotedAddr(dst, ll)
	}
	return dst
}

// appendAttrObject writes an attribute as {"code":..,"name":..,"flags":..,"hex":..}.
func appendAttrObject(dst []byte, a AttrView) []byte {
	dst = append(dst, `{"code":`...)
	dst = AppendUint(dst, uint64(a.Type))
	dst = append(dst, `,"name":`...)
	dst = appendJSONString(dst, a.Type.String())
	dst = append(dst, `,"flags":`...)
	dst = AppendUint(dst, uint64(a.Flags))
	dst = append(dst, `,"hex":"`...)
	dst = hex.AppendEncode(dst, a.Value)
	return append(dst, `"}`...)
}

// appendAttrKey appends ,"json_name": of type t.
func appendAttrKey(dst []byte, t AttrType) []byte { return append(dst, attrJSONKeys[t]...) }

// appendKey appends ,"key":
func appendKey(dst []byte, key string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

func appendQuotedAddr(dst []byte, a netip.Addr) []byte {
	dst = append(dst, '"')
	dst = AppendAddr(dst, a)
	return append(dst, '"')
}

// appendJSONString appends s as a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, `\u00`...)
			dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

var originJSON = [...]string{"igp", "egp", "incomplete"}

// JSONName returns "igp", "egp" or "incomplete", or the number.
func (o Origin) JSONName() string {
	if int(o) < len(originJSON) {
		return originJSON[o]
	}
	return strconv.Itoa(int(o))
}

func jsonOrigin(dst []byte, _ Path, a AttrView) []byte { return appendOriginJSON(dst, a) }

func appendOriginJSON(dst []byte, a AttrView) []byte {
	o, err := a.Origin()
	if err != nil {
		return dst
	}
	dst = appendAttrKey(dst, a.Type)
	if int(o) < len(originJSON) {
		return append(append(append(dst, '"'), originJSON[o]...), '"') // plain names: nothing to escape
	}
	return AppendUint(dst, uint64(o))
}

func jsonUint32(dst []byte, _ Path, a AttrView) []byte { return appendUint32JSON(dst, a) }

func appendUint32JSON(dst []byte, a AttrView) []byte {
	n, err := a.Uint32()
	if err != nil {
		return dst
	}
	return AppendUint(appendAttrKey(dst, a.Type), uint64(n))
}

func jsonAtomicAggregate(dst []byte, p Path, a AttrView) []byte {
	if a.AtomicAggregate() != nil {
		return dst
	}
	return append(appendAttrKey(dst, a.Type), "true"...)
}

// jsonASPath writes "as_path" as routers print it, "as_path_count" (its
// length in route selection, RFC 4271 §9.1.2.2) and "origin_as" (the last
// AS of a final AS_SEQUENCE, else 0), with the RFC 6793 merge.
func jsonASPath(dst []byte, p Path, a AttrView) []byte { return p.appendASPathJSON(dst, a) }

func (p *Path) appendASPathJSON(dst []byte, a AttrView) []byte {
	v, err := a.ASPath(p.sess.AS4)
	if err != nil {
		return dst
	}
	dst = append(appendAttrKey(dst, a.Type), '"')
	var n int
	var origin uint32
	merged, ok := ASPath{}, false
	if p.mergesAS4Path() {
		merged, ok = p.ASPath()
	}
	if ok {
		dst, n, origin = merged.AppendText(dst), merged.Len(), originAS(merged)
	} else {
		dst, n, origin = v.appendTextLen(dst) // one walk for the three
	}
	dst = AppendUint(appendKey(append(dst, '"'), "as_path_count"), uint64(n))
	return AppendUint(appendKey(dst, "origin_as"), uint64(origin))
}

// jsonAS4Path writes AS4_PATH as text when it was not merged into
// "as_path" (a 4-octet session, where RFC 6793 §4.1 has it ignored, or an
// aggregate of an OLD speaker), so that what was sent is still seen.
func jsonAS4Path(dst []byte, p Path, a AttrView) []byte {
	v, err := a.ASPath(true)
	if err != nil {
		return dst
	}
	dst = appendAttrKey(dst, a.Type)
	dst = append(dst, '"')
	dst = v.AppendText(dst)
	return append(dst, '"')
}

func jsonAggregator(dst []byte, p Path, a AttrView) []byte {
	g, ok := p.Aggregator()
	if !ok {
		return dst
	}
	dst = appendAttrKey(dst, a.Type)
	dst = append(dst, '"')
	dst = g.AppendText(dst)
	return append(dst, '"')
}

func jsonAS4Aggregator(dst []byte, p Path, a AttrView) []byte {
	g, err := a.Aggregator(true)
	if err != nil {
		return dst
	}
	dst = appendAttrKey(dst, a.Type)
	dst = append(dst, '"')
	dst = g.AppendText(dst)
	return append(dst, '"')
}

func jsonOriginatorID(dst []byte, p Path, a AttrView) []byte {
	id, err := a.OriginatorID()
	if err != nil {
		return dst
	}
	return appendQuotedAddr(appendAttrKey(dst, a.Type), id)
}

func jsonAIGP(dst []byte, p Path, a AttrView) []byte {
	v, err := a.AIGP()
	if err != nil {
		return dst
	}
	m, ok := v.Metric()
	if !ok {
		return dst
	}
	return AppendUint(appendAttrKey(dst, a.Type), m)
}

// textAppender is a value with an AppendText method.
type textAppender interface{ AppendText([]byte) []byte }

// appendTextList writes t's member: an array of the strings of n values.
func appendTextList[T textAppender](dst []byte, t AttrType, n int, at func(int) T) []byte {
	dst = appendAttrKey(dst, t)
	dst = append(dst, '[')
	for i := range n {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = at(i).AppendText(dst)
		dst = append(dst, '"')
	}
	return append(dst, ']')
}

// appendListJSON writes the member of a list attribute a, read by get;
// nothing when get refuses it.
func appendListJSON[T textAppender, L interface {
	Len() int
	At(int) T
}](dst []byte, a AttrView, get func(AttrView) (L, error)) []byte {
	v, err := get(a)
	if err != nil {
		return dst
	}
	return appendTextList(dst, a.Type, v.Len(), v.At)
}

func jsonCommunities(dst []byte, _ Path, a AttrView) []byte { return appendCommunitiesJSON(dst, a) }

func appendCommunitiesJSON(dst []byte, a AttrView) []byte {
	return appendListJSON[Community](dst, a, AttrView.Communities)
}

func jsonExtCommunities(dst []byte, _ Path, a AttrView) []byte {
	return appendExtCommunitiesJSON(dst, a)
}

func appendExtCommunitiesJSON(dst []byte, a AttrView) []byte {
	return appendListJSON[ExtCommunity](dst, a, AttrView.ExtCommunities)
}

func jsonIPv6ExtCommunities(dst []byte, p Path, a AttrView) []byte {
	return appendListJSON[IPv6ExtCommunity](dst, a, AttrView.IPv6ExtCommunities)
}

func jsonLargeCommunities(dst []byte, _ Path, a AttrView) []byte {
	return appendLargeCommunitiesJSON(dst, a)
}

func appendLargeCommunitiesJSON(dst []byte, a AttrView) []byte {
	return appendListJSON[LargeCommunity](dst, a, AttrView.LargeCommunities)
}

// addrText gives netip.Addr the AppendText of the list writer.
type addrText netip.Addr

func (x addrText) AppendText(b []byte) []byte { return AppendAddr(b, netip.Addr(x)) }

func jsonClusterList(dst []byte, p Path, a AttrView) []byte {
	v, err := a.ClusterList()
	if err != nil {
		return dst
	}
	return appendTextList(dst, a.Type, v.Len(), func(i int) addrText { return addrText(v.At(i)) })
}

// AppendAddr appends a as netip.Addr.AppendTo does (RFC 5952 for IPv6):
// the JSON writers write two addresses for most IPv6 routes (prefix and
// next hop), and netip's search for the longest run of zero groups and
// its hex digits cost about twice as much. IPv4, IPv4-mapped and zoned
// addresses are netip's.
func AppendAddr(dst []byte, a netip.Addr) []byte {
	if !a.Is6() || a.Is4In6() || a.Zone() != "" {
		return a.AppendTo(dst)
	}
	b := a.As16()
	var g [8]uint16
	zs, zl, rs, rl := 8, 0, 0, 0 // the longest run of zero groups, the first of equals; the current run
	for i := range g {
		g[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		if g[i] != 0 {
			rl = 0
			continue
		}
		if rl == 0 {
			rs = i
		}
		if rl++; rl > zl {
			zs, zl = rs, rl
		}
	}
	if zl < 2 {
		zs = 8 // a single zero group is written
	}
	for i := 0; i < 8; i++ {
		if i == zs {
			dst = append(dst, ':', ':')
			if i += zl; i >= 8 {
				break
			}
		} else if i > 0 {
			dst = append(dst, ':')
		}
		dst = appendHex16(dst, g[i])
	}
	return dst
}

// appendHex16 appends v in lower-case hex without leading zeros.
func appendHex16(dst []byte, v uint16) []byte {
	const digits = "0123456789abcdef"
	switch {
	case v >= 0x1000:
		return append(dst, digits[v>>12], digits[v>>8&15], digits[v>>4&15], digits[v&15])
	case v >= 0x100:
		return append(dst, digits[v>>8], digits[v>>4&15], digits[v&15])
	case v >= 0x10:
		return append(dst, digits[v>>4], digits[v&15])
	}
	return append(dst, digits[v])
}

// AppendPrefix appends p as netip.Prefix.AppendTo does, its address by
// AppendAddr.
func AppendPrefix(dst []byte, p netip.Prefix) []byte {
	if a := p.Addr(); !p.IsValid() || !a.Is6() || a.Is4In6() {
		return p.AppendTo(dst)
	}
	dst = append(AppendAddr(dst, p.Addr()), '/')
	return AppendUint(dst, uint64(p.Bits()))
}
