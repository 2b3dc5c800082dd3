package kafka

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/output"
)

// OpenBMP's BGP-LS objects: ls_node (27 fields), ls_link (46) and
// ls_prefix (34), one per Node, Link and IPv4/IPv6 Topology Prefix NLRI
// (RFC 9552 §5.2); other NLRI types give no record. The descriptors come
// from the NLRI, the rest from the BGP-LS attribute (RFC 9552 §5.3) of an
// announcement; a withdrawal's attribute fields are empty.

// lsNode is a Node Descriptors TLV (RFC 9552 §5.2.1.4).
type lsNode struct {
	raw   []byte // its value, the node hash's input
	as    uint32
	lsID  uint32
	area  netip.Addr
	igp   bgp.BGPLSTLV // IGP Router-ID; Value nil when absent
	bgpID netip.Addr   // BGP Router-ID (RFC 9086, EPE)
}

func (n *lsNode) read(t bgp.BGPLSTLV) {
	n.raw = t.Value
	for s := range t.SubTLVs() {
		switch s.Type {
		case 512:
			n.as = uint32(lsUint(s.Value))
		case 513:
			n.lsID = uint32(lsUint(s.Value))
		case 514:
			n.area, _ = netip.AddrFromSlice(s.Value)
		case 515:
			n.igp = s
		case 516:
			n.bgpID, _ = netip.AddrFromSlice(s.Value)
		}
	}
}

// hash is the node hash: MD5 of the descriptors' octets as sent, so that
// a link's or prefix's local node hash names the ls_node row of its node.
func (n *lsNode) hash() [16]byte { return md5.Sum(n.raw) }

// lsNLRI is what the rows need of a BGP-LS NLRI entry.
type lsNLRI struct {
	v             bgp.BGPLSView
	local, remote lsNode
	linkID        []byte // Link Local/Remote Identifiers: two 4-octet values
	iface, neigh  netip.Addr
	mtID          []byte // Multi-Topology Identifier: 2-octet values
	ospfRoute     uint8
	prefix        netip.Prefix
}

// parse reads the entry of ev; false when it does not frame (ParseBGPLS).
func (n *lsNLRI) parse(ev *output.Event) bool {
	v, err := bgp.ParseBGPLS(ev.Entry, 0, ev.Family.SAFI == bgp.SAFIBGPLSVPN)
	if err != nil {
		return false
	}
	*n = lsNLRI{v: v} // of a type lsObjectOf gives an object
	for t := range v.TLVs() {
		switch t.Type {
		case 256:
			n.local.read(t)
		case 257:
			n.remote.read(t)
		case 258:
			n.linkID = t.Value
		case 259, 261:
			n.iface, _ = netip.AddrFromSlice(t.Value)
		case 260, 262:
			n.neigh, _ = netip.AddrFromSlice(t.Value)
		case 263:
			n.mtID = t.Value
		case 264:
			n.ospfRoute = uint8(lsUint(t.Value))
		case 265:
			n.prefix, _ = lsPrefix(t.Value, v.Type() == bgp.BGPLSIPv6Prefix)
		}
	}
	return true
}

// lsAttr holds the TLVs of an announcement's BGP-LS attribute by type.
type lsAttr []bgp.BGPLSTLV

func lsAttrOf(ev *output.Event) lsAttr {
	if !announced(ev) {
		return nil
	}
	a, ok := ev.Path.Attr(bgp.AttrBGPLS)
	if !ok {
		return nil
	}
	v, err := a.BGPLS()
	if err != nil {
		return nil
	}
	var out lsAttr
	for t := range v.TLVs() {
		out = append(out, t)
	}
	return out
}

// get returns the value of the first TLV of type t, nil when absent.
func (a lsAttr) get(t uint16) []byte {
	for _, x := range a {
		if x.Type == t {
			return x.Value
		}
	}
	return nil
}

// lsProtocols are OpenBMP's names of the Protocol-IDs (those of its
// schema and of obmp-psql's ls_proto type); others are written empty.
var lsProtocols = [...]string{1: "IS-IS_L1", 2: "IS-IS_L2", 3: "OSPFv2", 4: "Direct", 5: "Static", 6: "OSPFv3"}

// lsRow builds obj, the ls_node, ls_link or ls_prefix object of an entry
// parse accepted (objectOf picked obj by the entry's NLRI Type).
func (w *obmpWriter) lsRow(ev *output.Event, obj object, n *lsNLRI, rh, ph [16]byte) obmpRecord {
	attr := lsAttrOf(ev)
	hash := n.local.hash()
	if obj != objLSNode {
		// Links and prefixes: MD5 of the entry as sent, the peer hash
		// octets and the path id if not 0.
		hb := append(append(w.row[:0], ev.Entry...), ph[:]...)
		if ev.Route.PathID != 0 {
			hb = strconv.AppendUint(hb, uint64(ev.Route.PathID), 10)
		}
		hash = md5.Sum(hb)
	}
	r := w.routeHead(w.row[:0], ev, obj, hash, rh, ph)
	r = appendIGPID(append(r, '\t'), n.local.igp)
	switch obj {
	case objLSNode:
		r = w.lsNodeFields(r, ev, n, attr)
	case objLSLink:
		r = w.lsLinkFields(r, ev, n, attr)
	default:
		r = w.lsPrefixFields(r, ev, n, attr)
	}
	w.row = append(r, '\n')
	return obmpRecord{obj: obj, key: ph}
}

// lsCommon appends routing id, LS id and (ls_node only: the MT IDs
// between them) OSPF area, IS-IS area, protocol.
func lsCommon(r []byte, n *lsNLRI, attr lsAttr, node bool) []byte {
	r = fieldUint(r, n.v.Identifier())
	r = strconv.AppendUint(append(r, '\t'), uint64(n.local.lsID), 16)
	if node {
		r = append(r, '\t')
		r = appendMTIDs(r, attr.get(263), -1)
	}
	r = fieldAddr(r, n.local.area)
	r = append(r, '\t')
	if a := attr.get(1027); a != nil {
		r = hex.AppendEncode(r, a)
	}
	r = append(r, '\t')
	if p := n.v.ProtocolID(); int(p) < len(lsProtocols) {
		r = append(r, lsProtocols[p]...)
	}
	return r
}

// lsBGP appends the BGP fields of the LS objects: AS path, local
// preference, MED, next hop; empty for a withdrawal.
func lsBGP(r []byte, ev *output.Event) []byte {
	if !announced(ev) {
		return append(r, "\t\t\t\t"...)
	}
	p := ev.Path
	path, _ := p.ASPath()
	r = path.AppendText(append(r, '\t'))
	r = append(r, '\t')
	if v, ok := p.LocalPref(); ok {
		r = strconv.AppendUint(r, uint64(v), 10)
	}
	r = append(r, '\t')
	if v, ok := p.MED(); ok {
		r = strconv.AppendUint(r, uint64(v), 10)
	}
	nh, _, _ := p.NextHop(ev.Family)
	return fieldAddr(r, nh)
}

// lsNodeFields appends ls_node's fields 12..27.
func (w *obmpWriter) lsNodeFields(r []byte, ev *output.Event, n *lsNLRI, attr lsAttr) []byte {
	r = fieldAddr(r, routerID(attr, 1028, 1029, netip.Addr{}))
	r = lsCommon(r, n, attr, true)
	r = append(r, '\t')
	if f := attr.get(1024); len(f) == 1 {
		r = appendFlagLetters(r, f[0], "OTEBRV")
	}
	r = lsBGP(r, ev)
	r = field(r, string(attr.get(1026)))
	r = ribFlags(r, ev.Peer.RIB)
	r = append(r, '\t')
	if c := attr.get(1034); len(c) >= 2 {
		r = appendSRCapabilities(r, c)
	}
	return r
}

// lsLinkFields appends ls_link's fields 12..46.
func (w *obmpWriter) lsLinkFields(r []byte, ev *output.Event, n *lsNLRI, attr lsAttr) []byte {
	r = fieldAddr(r, routerID(attr, 1028, 1029, n.local.bgpID))
	r = lsCommon(r, n, attr, false)
	r = lsBGP(r, ev)
	r = append(r, '\t')
	r = appendMTIDs(r, n.mtID, 1)
	r = append(r, '\t')
	if len(n.linkID) == 8 {
		r = strconv.AppendUint(r, uint64(binary.BigEndian.Uint32(n.linkID)), 10)
		r = strconv.AppendUint(append(r, '\t'), uint64(binary.BigEndian.Uint32(n.linkID[4:])), 10)
	} else {
		r = append(r, '\t')
	}
	r = fieldAddr(r, n.iface)
	r = fieldAddr(r, n.neigh)
	r = lsUintField(r, attr.get(1095))
	r = lsUintField(r, attr.get(1088))
	r = appendKbits(append(r, '\t'), attr.get(1089), 1)
	r = appendKbits(append(r, '\t'), attr.get(1090), 1)
	r = appendKbits(append(r, '\t'), attr.get(1091), 8)
	r = lsUintField(r, attr.get(1092))
	r = append(r, '\t')
	if f := attr.get(1093); len(f) >= 1 {
		r = appendFlagNames(r, f[0], linkProtection[:])
	}
	r = append(r, '\t')
	if f := attr.get(1094); len(f) == 1 {
		r = appendFlagNames(r, f[0], mplsMask[:])
	}
	r = append(r, '\t')
	if s := attr.get(1096); len(s)%4 == 0 {
		for i := 0; i < len(s); i += 4 {
			if i > 0 {
				r = append(r, ',')
			}
			r = strconv.AppendUint(r, uint64(binary.BigEndian.Uint32(s[i:])), 16)
		}
	}
	r = field(r, string(attr.get(1098)))
	r = fieldHash(r, n.remote.hash())
	r = fieldHash(r, n.local.hash())
	r = appendIGPID(append(r, '\t'), n.remote.igp)
	r = fieldAddr(r, routerID(attr, 1030, 1031, n.remote.bgpID))
	r = fieldUint(r, uint64(n.local.as))
	r = fieldUint(r, uint64(n.remote.as))
	r = appendSIDs(append(r, '\t'), attr, 1101)
	r = ribFlags(r, ev.Peer.RIB)
	return appendSIDs(append(r, '\t'), attr, 1099)
}

// lsPrefixFields appends ls_prefix's fields 12..34.
func (w *obmpWriter) lsPrefixFields(r []byte, ev *output.Event, n *lsNLRI, attr lsAttr) []byte {
	r = fieldAddr(r, routerID(attr, 1028, 1029, netip.Addr{}))
	r = lsCommon(r, n, attr, false)
	r = lsBGP(r, ev)
	r = fieldHash(r, n.local.hash())
	r = append(r, '\t')
	r = appendMTIDs(r, n.mtID, 1)
	r = append(r, '\t')
	if t := int(n.ospfRoute); t < len(ospfRouteTypes) {
		r = append(r, ospfRouteTypes[t]...)
	}
	r = append(r, '\t')
	if f := attr.get(1152); len(f) == 1 {
		r = appendFlagLetters(r, f[0], "DNLP")
	}
	r = lsFirst(r, attr.get(1153), 4)
	r = lsFirst(r, attr.get(1154), 8)
	r = append(r, '\t')
	if a, ok := netip.AddrFromSlice(attr.get(1156)); ok {
		r = a.AppendTo(r)
	}
	r = lsUintField(r, attr.get(1155))
	if n.prefix.IsValid() {
		r = fieldAddr(r, n.prefix.Addr())
		r = fieldUint(r, uint64(n.prefix.Bits()))
	} else {
		r = append(r, "\t\t"...)
	}
	r = ribFlags(r, ev.Peer.RIB)
	return appendSIDs(append(r, '\t'), attr, 1158)
}
