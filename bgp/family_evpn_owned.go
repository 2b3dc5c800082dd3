package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
)

// EVPNRoute is an EVPN NLRI entry as an owned value: the fields of its
// route type (RFC 7432 §7, RFC 9136 §3.1, RFC 9251 §9, RFC 9572 §3), the
// others zero. AppendBinary writes it back; for every entry ParseEVPN
// accepts, DecodeEVPN and AppendBinary give back the same octets.
type EVPNRoute struct {
	Type        EVPNRouteType
	RD          RD
	ESI         ESI
	EthernetTag uint32
	MAC         MAC
	IP          netip.Addr // MAC/IP Advertisement: invalid when the route carries none
	Labels      [2]uint32  // the MPLS Label fields as sent (24 bits each)
	NumLabels   uint8
	Prefix      netip.Prefix // IP Prefix route: the address as sent
	Gateway     netip.Addr   // IP Prefix route
	Source      netip.Addr   // multicast routes: invalid for (*,G)
	Group       netip.Addr   // multicast routes: invalid for (*,*)
	Originator  netip.Addr
	Reserved    uint32 // Leave Synch
	MaxResponse uint8  // Leave Synch: Maximum Response Time
	Flags       uint8  // SMET, Join and Leave Synch
	RegionID    [8]byte
	RouteKey    []byte // Leaf A-D
	Value       []byte // a route type bgplens does not know: the octets after the length
}

// DecodeEVPN reads an EVPN NLRI entry into an owned value that shares no
// memory with b.
func DecodeEVPN(b []byte, off int) (EVPNRoute, error) {
	v, err := ParseEVPN(b, off)
	if err != nil {
		return EVPNRoute{}, err
	}
	return v.Route(), nil
}

// Route returns the view's owned value.
func (v EVPNView) Route() EVPNRoute {
	r := EVPNRoute{Type: v.RouteType(), RD: v.RD(), ESI: v.ESI(), EthernetTag: v.EthernetTag(), MAC: v.MAC(),
		IP: v.IP(), Prefix: v.Prefix(), Gateway: v.Gateway(), Source: v.Source(), Group: v.Group(),
		Originator: v.Originator(), Reserved: v.Reserved(), MaxResponse: v.MaxResponseTime(),
		Flags: v.Flags(), RegionID: v.RegionID()}
	l, n := v.Labels()
	r.Labels, r.NumLabels = l, uint8(n)
	if k := v.RouteKey(); k != nil {
		r.RouteKey = append([]byte(nil), k...)
	}
	if int(r.Type) >= evpnKnownTypes || evpnTypes[r.Type].fields == nil {
		r.Value = append([]byte(nil), v.Value()...)
	}
	return r
}

// AppendBinary appends the entry: route type, length and fields.
func (r EVPNRoute) AppendBinary(dst []byte) []byte {
	start := len(dst)
	dst = append(dst, byte(r.Type), 0)
	if int(r.Type) >= evpnKnownTypes || evpnTypes[r.Type].fields == nil {
		dst = append(dst, r.Value...)
	} else {
		for _, f := range evpnTypes[r.Type].fields {
			dst = r.appendField(dst, f)
		}
	}
	dst[start+1] = byte(len(dst) - start - 2)
	return dst
}

// addr returns the route's address of an address field that follows its
// length field (EVPNIP, EVPNSource, EVPNGroup, EVPNOriginator).
func (r EVPNRoute) addr(f EVPNField) netip.Addr {
	switch f {
	case EVPNIP:
		return r.IP
	case EVPNSource:
		return r.Source
	case EVPNGroup:
		return r.Group
	case EVPNOriginator:
		return r.Originator
	}
	return netip.Addr{}
}

func (r EVPNRoute) appendField(dst []byte, f EVPNField) []byte {
	switch f {
	case EVPNRD:
		return append(dst, r.RD[:]...)
	case EVPNESI:
		return append(dst, r.ESI[:]...)
	case EVPNEthernetTag:
		return binary.BigEndian.AppendUint32(dst, r.EthernetTag)
	case EVPNMACLength:
		return append(dst, 48)
	case EVPNMAC:
		return append(dst, r.MAC[:]...)
	case EVPNIPLength, EVPNSourceLength, EVPNGroupLength, EVPNOriginatorLength:
		return append(dst, byte(addrBits(r.addr(f+1))))
	case EVPNIP, EVPNSource, EVPNGroup, EVPNOriginator:
		return appendAddr(dst, r.addr(f))
	case EVPNLabel1, EVPNLabel2:
		i := int(f - EVPNLabel1)
		if i >= int(r.NumLabels) {
			return dst
		}
		l := r.Labels[i]
		return append(dst, byte(l>>16), byte(l>>8), byte(l))
	case EVPNPrefixLength:
		return append(dst, byte(r.Prefix.Bits()))
	case EVPNPrefix:
		return appendAddr(dst, r.Prefix.Addr())
	case EVPNGateway:
		if !r.Gateway.IsValid() {
			return append(dst, make([]byte, addrBits(r.Prefix.Addr())/8)...)
		}
		return appendAddr(dst, r.Gateway)
	case EVPNReserved:
		return binary.BigEndian.AppendUint32(dst, r.Reserved)
	case EVPNMaxResponseTime:
		return append(dst, r.MaxResponse)
	case EVPNFlags:
		return append(dst, r.Flags)
	case EVPNRegionID:
		return append(dst, r.RegionID[:]...)
	case EVPNRouteKey:
		return append(dst, r.RouteKey...)
	}
	return dst
}

// addrBits is the length in bits of an address field: 0 for none.
func addrBits(a netip.Addr) int {
	if !a.IsValid() {
		return 0
	}
	return a.BitLen()
}

func appendAddr(dst []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return dst
	}
	if a.Is4() {
		b := a.As4()
		return append(dst, b[:]...)
	}
	b := a.As16()
	return append(dst, b[:]...)
}

// evpnCodec is the EVPN row's codec (family_entry.go).
var evpnCodec = viewCodec(parseEVPNEntry, viewColumns[EVPNView]{
	check: func(_ *familyRow, b []byte, off int) error { _, err := ParseEVPN(b, off); return err },
	json:  evpnEntryJSON, fields: evpnEntryFields, terms: evpnTerms})

// parseEVPNEntry is ParseEVPN as the codec calls it.
func parseEVPNEntry(_ *familyRow, b []byte, off int) (EVPNView, error) { return ParseEVPN(b, off) }

// evpnTerms yields what an EVPN route is looked up by: its MAC, its IP
// address or prefix, the gateway, multicast source and group, and the
// originating router.
func evpnTerms(v EVPNView, yield func(EntryTerm) bool) {
	if v.Has(EVPNMAC) && !yield(EntryTerm{Kind: TermMAC, MAC: v.MAC()}) {
		return
	}
	if p := v.Prefix(); p.IsValid() && !yield(EntryTerm{Kind: TermAddr, Prefix: p}) {
		return
	}
	for _, a := range [...]netip.Addr{v.IP(), v.Gateway(), v.Source(), v.Group(), v.Originator()} {
		if a.IsValid() && !a.IsUnspecified() && !addrTerm(yield, a) {
			return
		}
	}
}

// evpnEntryJSON writes the members of docs/json.md's EVPN rows.
func evpnEntryJSON(dst []byte, v EVPNView, b []byte, off int) []byte {
	t := v.RouteType()
	dst = appendKey(dst, "route_type")
	dst = strconv.AppendUint(dst, uint64(t), 10)
	dst = appendKey(dst, "route")
	dst = appendJSONString(dst, t.Key())
	if int(t) >= evpnKnownTypes || evpnTypes[t].fields == nil {
		dst = appendKey(dst, "value")
		dst = append(dst, '"')
		dst = hex.AppendEncode(dst, v.Value())
		return append(dst, '"')
	}
	for _, f := range evpnTypes[t].fields {
		if !v.Has(f) {
			continue
		}
		switch f {
		case EVPNRD:
			dst = appendQuotedText(dst, "rd", v.RD())
		case EVPNESI:
			e := v.ESI()
			dst = appendQuotedText(dst, "esi", e)
			dst = appendKey(dst, "esi_type")
			dst = strconv.AppendUint(dst, uint64(e.Type()), 10)
		case EVPNEthernetTag:
			dst = appendKey(dst, "ethernet_tag")
			dst = strconv.AppendUint(dst, uint64(v.EthernetTag()), 10)
		case EVPNMAC:
			dst = appendQuotedText(dst, "mac", v.MAC())
		case EVPNIP, EVPNGateway, EVPNSource, EVPNGroup, EVPNOriginator:
			dst = appendKey(dst, evpnAddrKeys[f])
			dst = appendQuotedAddr(dst, v.addr(f))
		case EVPNPrefix:
			dst = appendKey(dst, "prefix")
			dst = append(dst, '"')
			dst = v.Prefix().AppendTo(dst)
			dst = append(dst, '"')
		case EVPNLabel1:
			l, n := v.Labels()
			dst = appendKey(dst, "labels")
			dst = appendUintList(dst, l[:n], 4)
			dst = appendKey(dst, "vni")
			dst = strconv.AppendUint(dst, uint64(l[0]), 10)
		case EVPNFlags, EVPNMaxResponseTime, EVPNReserved:
			dst = appendKey(dst, evpnUintKeys[f])
			dst = strconv.AppendUint(dst, uint64(v.uint(f)), 10)
		case EVPNRegionID:
			dst = appendQuotedText(dst, "region_id", ExtCommunity(v.RegionID()))
		case EVPNRouteKey:
			dst = appendKey(dst, "route_key")
			dst = append(dst, '"')
			dst = hex.AppendEncode(dst, v.RouteKey())
			dst = append(dst, '"')
		}
	}
	return dst
}

var evpnAddrKeys = [evpnFieldCount]string{EVPNIP: "ip", EVPNGateway: "gateway", EVPNSource: "source",
	EVPNGroup: "group", EVPNOriginator: "originator"}

var evpnUintKeys = [evpnFieldCount]string{EVPNFlags: "flags", EVPNMaxResponseTime: "max_response_time",
	EVPNReserved: "reserved"}

// appendUintList appends [a,b,...] of the values shifted right by shift.
func appendUintList(dst []byte, l []uint32, shift uint) []byte {
	dst = append(dst, '[')
	for i, x := range l {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, uint64(x>>shift), 10)
	}
	return append(dst, ']')
}

// AppendText appends the route in one line: the route type's key, then its
// fields, e.g. "mac-ip rd 65000:100 esi 0 tag 0 mac 00:11:22:33:44:55 ip
// 192.0.2.1 label 100/vni 1600" (the EVPN row's text).
func (v EVPNView) AppendText(dst []byte) []byte {
	t := v.RouteType()
	dst = append(dst, t.Key()...)
	if int(t) >= evpnKnownTypes || evpnTypes[t].fields == nil {
		dst = append(dst, " value "...)
		return hex.AppendEncode(dst, v.Value())
	}
	for _, f := range evpnTypes[t].fields {
		if !v.Has(f) {
			continue
		}
		switch f {
		case EVPNRD:
			dst = v.RD().AppendText(append(dst, " rd "...))
		case EVPNESI:
			dst = v.ESI().AppendText(append(dst, " esi "...))
		case EVPNEthernetTag:
			dst = strconv.AppendUint(append(dst, " tag "...), uint64(v.EthernetTag()), 10)
		case EVPNMAC:
			dst = v.MAC().AppendText(append(dst, " mac "...))
		case EVPNIP, EVPNGateway, EVPNSource, EVPNGroup, EVPNOriginator:
			dst = append(dst, ' ')
			dst = append(dst, evpnAddrKeys[f]...)
			dst = v.addr(f).AppendTo(append(dst, ' '))
		case EVPNPrefix:
			dst = v.Prefix().AppendTo(append(dst, " prefix "...))
		case EVPNLabel1:
			l, n := v.Labels()
			for i := range n {
				if i == 0 {
					dst = append(dst, " label "...)
				} else {
					dst = append(dst, ',')
				}
				dst = strconv.AppendUint(dst, uint64(l[i]>>4), 10)
			}
			dst = strconv.AppendUint(append(dst, "/vni "...), uint64(l[0]), 10)
		case EVPNFlags, EVPNMaxResponseTime, EVPNReserved:
			dst = append(dst, ' ')
			dst = append(dst, evpnUintKeys[f]...)
			dst = strconv.AppendUint(append(dst, ' '), uint64(v.uint(f)), 10)
		case EVPNRegionID:
			dst = ExtCommunity(v.RegionID()).AppendText(append(dst, " region "...))
		case EVPNRouteKey:
			dst = hex.AppendEncode(append(dst, " route-key "...), v.RouteKey())
		}
	}
	return dst
}

var evpnESITypes = [...]string{"arbitrary", "LACP", "L2 bridge protocol", "MAC-based", "router ID", "AS-based"}

// evpnEntryFields lists an EVPN entry's fields for EntryFields.
func evpnEntryFields(dst []EntryField, v EVPNView, b []byte, off int) []EntryField {
	t := v.RouteType()
	ref := t.Ref()
	if ref == "" {
		ref = "RFC 7432 §7"
	}
	dst = append(dst,
		EntryField{Name: "Route Type", Off: off, Len: 1, Value: strconv.Itoa(int(t)) + " (" + t.String() + ")", Ref: "RFC 7432 §7"},
		EntryField{Name: "Length", Off: off + 1, Len: 1, Value: strconv.Itoa(len(b) - 2), Ref: "RFC 7432 §7"})
	if int(t) >= evpnKnownTypes || evpnTypes[t].fields == nil {
		return append(dst, EntryField{Name: "Route Type Specific", Off: off + 2, Len: len(b) - 2,
			Value: hex.EncodeToString(v.Value()), Ref: "RFC 7432 §7"})
	}
	for s := range v.Fields() {
		dst = append(dst, EntryField{Name: s.Field.String(), Off: s.Off, Len: s.Len, Value: v.fieldText(s.Field), Ref: ref})
		if s.Field == EVPNESI {
			dst[len(dst)-1].Ref = "RFC 7432 §5"
		}
	}
	return dst
}

// fieldText is a field's value in words, for the explainer.
func (v EVPNView) fieldText(f EVPNField) string {
	var b []byte
	switch f {
	case EVPNRD:
		b = v.RD().AppendText(b)
	case EVPNESI:
		e := v.ESI()
		b = e.AppendText(b)
		b = append(b, " (type "...)
		b = strconv.AppendUint(b, uint64(e.Type()), 10)
		if int(e.Type()) < len(evpnESITypes) {
			b = append(append(b, ' '), evpnESITypes[e.Type()]...)
		}
		if d := e.AppendDescription(nil); len(d) > 0 {
			b = append(append(b, ": "...), d...)
		}
		b = append(b, ')')
	case EVPNMAC:
		b = v.MAC().AppendText(b)
	case EVPNIP, EVPNGateway, EVPNSource, EVPNGroup, EVPNOriginator, EVPNPrefix:
		b = v.addr(f).AppendTo(b)
	case EVPNLabel1, EVPNLabel2:
		l, _ := v.Labels()
		x := l[f-EVPNLabel1]
		b = append(b, "label "...)
		b = strconv.AppendUint(b, uint64(x>>4), 10)
		b = append(b, ", or VNI "...)
		b = strconv.AppendUint(b, uint64(x), 10)
		b = append(b, " with VXLAN (RFC 8365 §5.1.3)"...)
	case EVPNRegionID:
		b = ExtCommunity(v.RegionID()).AppendText(b)
	case EVPNRouteKey:
		b = hex.AppendEncode(b, v.RouteKey())
	case EVPNMACLength, EVPNIPLength, EVPNPrefixLength, EVPNSourceLength, EVPNGroupLength, EVPNOriginatorLength:
		b = strconv.AppendUint(b, uint64(v.uint(f)), 10)
		b = append(b, " bits"...)
	default:
		b = strconv.AppendUint(b, uint64(v.uint(f)), 10)
	}
	return string(b)
}
