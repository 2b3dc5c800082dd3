package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
	"strconv"
)

// BGP-LS NLRI (RFC 9552 §5.2, AFI 16388 SAFI 71 and 72): a 2-octet NLRI
// Type, a 2-octet Total NLRI Length, then (SAFI 72 only) a Route
// Distinguisher, the Protocol-ID octet, the 8-octet Identifier and the
// descriptor TLVs (bgpls_tlv.go). BGPLSView reads one entry in place;
// BGPLSRoute is the owned value that encodes back.

// BGPLSNLRIType is the NLRI Type of a BGP-LS NLRI (IANA "BGP-LS NLRI
// Types").
type BGPLSNLRIType uint16

// BGP-LS NLRI types.
const (
	BGPLSNode       BGPLSNLRIType = 1 // Node NLRI, RFC 9552 §5.2.1
	BGPLSLink       BGPLSNLRIType = 2 // Link NLRI, RFC 9552 §5.2.2
	BGPLSIPv4Prefix BGPLSNLRIType = 3 // IPv4 Topology Prefix NLRI, RFC 9552 §5.2.3
	BGPLSIPv6Prefix BGPLSNLRIType = 4 // IPv6 Topology Prefix NLRI, RFC 9552 §5.2.3
	BGPLSSRv6SID    BGPLSNLRIType = 6 // SRv6 SID NLRI, RFC 9514 §6
)

var bgplsNLRITypes = [...]struct{ key, name, ref string }{
	BGPLSNode:       {"node", "Node NLRI", "RFC 9552 §5.2.1"},
	BGPLSLink:       {"link", "Link NLRI", "RFC 9552 §5.2.2"},
	BGPLSIPv4Prefix: {"ipv4-prefix", "IPv4 Topology Prefix NLRI", "RFC 9552 §5.2.3"},
	BGPLSIPv6Prefix: {"ipv6-prefix", "IPv6 Topology Prefix NLRI", "RFC 9552 §5.2.3"},
	5:               {"te-policy", "TE Policy NLRI", "draft-ietf-idr-te-lsp-distribution"},
	BGPLSSRv6SID:    {"srv6-sid", "SRv6 SID NLRI", "RFC 9514 §6"},
}

// String returns the RFC's name of the NLRI type, or "BGPLSNLRIType(N)".
func (t BGPLSNLRIType) String() string {
	if int(t) < len(bgplsNLRITypes) && bgplsNLRITypes[t].name != "" {
		return bgplsNLRITypes[t].name
	}
	return UnnamedCode(t, "BGPLSNLRIType")
}

// Key returns the short name JSON and text use ("link"), or the number.
func (t BGPLSNLRIType) Key() string {
	if int(t) < len(bgplsNLRITypes) && bgplsNLRITypes[t].key != "" {
		return bgplsNLRITypes[t].key
	}
	return strconv.Itoa(int(t))
}

func (t BGPLSNLRIType) ref() string {
	if int(t) < len(bgplsNLRITypes) && bgplsNLRITypes[t].ref != "" {
		return bgplsNLRITypes[t].ref
	}
	return "RFC 9552 §5.2"
}

// bgplsProtocols are the Protocol-IDs (IANA "BGP-LS Protocol-IDs").
var bgplsProtocols = [...]string{1: "isis-l1", 2: "isis-l2", 3: "ospfv2", 4: "direct", 5: "static", 6: "ospfv3", 7: "bgp", 8: "rsvp-te", 9: "segment-routing"}

// BGPLSProtocol returns the short name of a Protocol-ID ("isis-l2",
// "ospfv2", "bgp"), or the number.
func BGPLSProtocol(id uint8) string {
	if int(id) < len(bgplsProtocols) && bgplsProtocols[id] != "" {
		return bgplsProtocols[id]
	}
	return strconv.Itoa(int(id))
}

// BGPLSView is one BGP-LS NLRI entry in place (an NLRI.Value). It aliases
// the input.
type BGPLSView struct {
	b   []byte
	off int
	vpn bool // SAFI 72: a Route Distinguisher before the Protocol-ID
}

// ParseBGPLS reads the entry b whose offset in the message is off; vpn
// for SAFI 72. Its descriptor TLVs, and the node descriptors' sub-TLVs,
// must frame.
func ParseBGPLS(b []byte, off int, vpn bool) (BGPLSView, error) {
	if len(b) < 4 || int(binary.BigEndian.Uint16(b[2:])) != len(b)-4 {
		return BGPLSView{}, nlriErr(off, "BGP-LS NLRI length does not match the entry")
	}
	v := BGPLSView{b, off, vpn}
	h := v.head()
	if len(b) < h {
		return BGPLSView{}, nlriErr(off+4, "BGP-LS NLRI shorter than its Protocol-ID and Identifier")
	}
	if err := checkBGPLSTLVs(b[h:], off+h, "BGP-LS descriptor"); err != nil {
		return BGPLSView{}, err
	}
	return v, nil
}

// head is the offset of the first descriptor TLV.
func (v BGPLSView) head() int {
	if v.vpn {
		return 21
	}
	return 13
}

// Type returns the NLRI Type.
func (v BGPLSView) Type() BGPLSNLRIType { t, _ := BGPLSTypeOf(v.b); return t }

// BGPLSTypeOf returns the NLRI Type of a BGP-LS or BGP-LS-VPN entry (its
// first two octets, RFC 9552 §5.2), without reading the rest, for those
// that sort entries by type; ok is false when the entry is too short.
func BGPLSTypeOf(entry []byte) (t BGPLSNLRIType, ok bool) {
	if len(entry) < 2 {
		return 0, false
	}
	return BGPLSNLRIType(binary.BigEndian.Uint16(entry)), true
}

// RD returns the route distinguisher of a SAFI 72 entry.
func (v BGPLSView) RD() (RD, bool) {
	if !v.vpn {
		return RD{}, false
	}
	return RD(v.b[4:12]), true
}

// ProtocolID returns the Protocol-ID: the source of the information.
func (v BGPLSView) ProtocolID() uint8 { return v.b[v.head()-9] }

// Identifier returns the Identifier: the routing universe (RFC 9552 §5.2).
func (v BGPLSView) Identifier() uint64 { return binary.BigEndian.Uint64(v.b[v.head()-8:]) }

// TLVs iterates over the descriptor TLVs: node descriptors (nested), link
// descriptors, prefix descriptors, the SRv6 SID Information.
func (v BGPLSView) TLVs() iter.Seq[BGPLSTLV] { return bgplsWalk(v.b[v.head():], v.off+v.head()) }

// v6 says that IP Reachability Information is an IPv6 prefix.
func (v BGPLSView) v6() bool { return v.Type() == BGPLSIPv6Prefix }

// AppendText appends "link ospfv2 id 0 local-node {as 1 ...} remote-node
// {...} ipv4-interface 10.0.0.1": the type, the protocol, the identifier
// and each descriptor TLV by its short name.
func (v BGPLSView) AppendText(dst []byte) []byte {
	dst = append(dst, v.Type().Key()...)
	if rd, ok := v.RD(); ok {
		dst = rd.AppendText(append(dst, " rd "...))
	}
	dst = append(append(dst, ' '), BGPLSProtocol(v.ProtocolID())...)
	dst = strconv.AppendUint(append(dst, " id "...), v.Identifier(), 10)
	for t := range v.TLVs() {
		dst = t.AppendValueText(append(append(append(dst, ' '), t.key()...), ' '), v.v6())
	}
	return dst
}

// BGPLSRoute is a BGP-LS NLRI entry as an owned value: its type and the
// octets after the length.
type BGPLSRoute struct {
	Type  BGPLSNLRIType
	Value []byte
}

// Route returns the view's owned value.
func (v BGPLSView) Route() BGPLSRoute {
	return BGPLSRoute{v.Type(), append([]byte(nil), v.b[4:]...)}
}

// AppendBinary appends the entry.
func (r BGPLSRoute) AppendBinary(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(r.Type))
	return append(binary.BigEndian.AppendUint16(dst, uint16(len(r.Value))), r.Value...)
}

var bgplsCodec = viewCodec(parseBGPLSEntry, viewColumns[BGPLSView]{
	json: bgplsEntryJSON, fields: bgplsEntryFields, terms: bgplsTerms})

// parseBGPLSEntry reads an entry of row r: BGP-LS-VPN's with its RD.
func parseBGPLSEntry(r *familyRow, b []byte, off int) (BGPLSView, error) {
	return ParseBGPLS(b, off, r.f.SAFI == SAFIBGPLSVPN)
}

// bgplsTerms yields what a BGP-LS object is looked up by: the AS numbers
// and router IDs of its node descriptors (local and remote), a link's
// interface and neighbor addresses, a prefix's IP Reachability
// Information and an SRv6 SID.
func bgplsTerms(v BGPLSView, yield func(EntryTerm) bool) {
	var walk func(tlvs iter.Seq[BGPLSTLV]) bool
	walk = func(tlvs iter.Seq[BGPLSTLV]) bool {
		for t := range tlvs {
			ok := true
			switch t.Type {
			case 256, 257:
				ok = walk(t.SubTLVs())
			case 512, 517:
				if len(t.Value) == 4 {
					ok = yield(EntryTerm{Kind: TermAS, AS: binary.BigEndian.Uint32(t.Value)})
				}
			case 515, 516:
				ok = yield(EntryTerm{Kind: TermRouterID, ID: t.Value})
			case 259, 260, 261, 262, 518:
				if a, good := netip.AddrFromSlice(t.Value); good {
					ok = addrTerm(yield, a)
				}
			case 265:
				if p, good := bgplsPrefix(t.Value, v.v6()); good {
					ok = yield(EntryTerm{Kind: TermAddr, Prefix: p})
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	walk(v.TLVs())
}

// bgplsEntryJSON writes "nlri_type", "ls_nlri", "rd", "protocol_id",
// "protocol", "identifier" and "descriptors".
func bgplsEntryJSON(dst []byte, v BGPLSView, b []byte, off int) []byte {
	dst = strconv.AppendUint(appendKey(dst, "nlri_type"), uint64(v.Type()), 10)
	dst = appendJSONString(appendKey(dst, "ls_nlri"), v.Type().Key())
	if rd, ok := v.RD(); ok {
		dst = append(rd.AppendText(append(appendKey(dst, "rd"), '"')), '"')
	}
	dst = strconv.AppendUint(appendKey(dst, "protocol_id"), uint64(v.ProtocolID()), 10)
	dst = appendJSONString(appendKey(dst, "protocol"), BGPLSProtocol(v.ProtocolID()))
	dst = strconv.AppendUint(appendKey(dst, "identifier"), v.Identifier(), 10)
	return appendBGPLSTLVsJSON(appendKey(dst, "descriptors"), v.TLVs(), v.v6())
}

// bgplsEntryFields lists the type, length, RD, Protocol-ID, Identifier
// and each descriptor TLV with its parts.
func bgplsEntryFields(dst []EntryField, v BGPLSView, b []byte, off int) []EntryField {
	const ref = "RFC 9552 §5.2"
	t := v.Type()
	dst = append(dst,
		EntryField{Name: "NLRI Type", Off: off, Len: 2, Value: strconv.Itoa(int(t)) + " (" + t.String() + ")", Ref: t.ref()},
		EntryField{Name: "Total NLRI Length", Off: off + 2, Len: 2, Value: strconv.Itoa(len(b) - 4), Ref: ref})
	if rd, ok := v.RD(); ok {
		dst = append(dst, EntryField{Name: "Route Distinguisher", Off: off + 4, Len: 8, Value: rd.String(), Ref: ref})
	}
	h := off + v.head()
	dst = append(dst,
		EntryField{Name: "Protocol-ID", Off: h - 9, Len: 1, Value: BGPLSProtocol(v.ProtocolID()), Ref: ref},
		EntryField{Name: "Identifier", Off: h - 8, Len: 8, Value: strconv.FormatUint(v.Identifier(), 10), Ref: ref})
	for tl := range v.TLVs() {
		dst = appendBGPLSTLVFields(dst, tl, v.v6())
	}
	return dst
}
