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

// The route objects of OpenBMP's message bus for the families framed as
// NLRI entries: evpn (RFC 7432) here, ls_node, ls_link and ls_prefix
// (BGP-LS, RFC 9552) in openbmp_ls.go. OpenBMP has no flow specification
// object (nor one for the other families): their routes give no record.

// routeRows writes the records of a route event: the path's
// base_attribute once, then the route's object.
func (w *obmpWriter) routeRows(ev *output.Event, emit func(obmpRecord)) {
	obj := objectOf(ev)
	switch obj {
	case objUnicast, objL3VPN, objEVPN, objLSNode, objLSLink, objLSPrefix:
	default:
		return
	}
	rh, ph := w.hashes(ev)
	// The entry is checked before the attributes go out, so that an entry
	// that does not decode leaves no base_attribute without a route.
	var evpn bgp.EVPNView
	var ls lsNLRI
	switch obj {
	case objEVPN:
		v, err := bgp.ParseEVPN(ev.Entry, 0)
		if err != nil {
			return
		}
		evpn = v
	case objLSNode, objLSLink, objLSPrefix:
		if !ls.parse(ev) {
			return
		}
	}
	if announced(ev) {
		w.pathFields(ev.Path, ev.Family, ph)
		if !w.attrsSent {
			emit(w.baseAttrRow(ev, rh, ph))
		}
	}
	switch obj {
	case objEVPN:
		emit(w.evpnRow(ev, &evpn, rh, ph))
	case objLSNode, objLSLink, objLSPrefix:
		emit(w.lsRow(ev, obj, &ls, rh, ph))
	default:
		emit(w.prefixRow(ev, obj, rh, ph))
	}
}

// evpnRow builds the evpn object (40 fields): the route head, the
// attribute fields, path id, RIB flags, then the NLRI's own fields;
// fields the route type does not have are empty (lengths and labels 0).
// The hash is MD5 of the peer hash octets, the route's key octets as the
// RIB keys it (RFC 7432 §7: the labels and, for MAC/IP routes, the ESI
// are not part of it, so a withdrawal names the same route) and the path
// id if not 0.
func (w *obmpWriter) evpnRow(ev *output.Event, v *bgp.EVPNView, rh, ph [16]byte) obmpRecord {
	hb := append(w.row[:0], ph[:]...)
	hb = ev.Family.AppendEntryKey(hb, bgp.NLRI{Value: ev.Entry})
	if ev.Route.PathID != 0 {
		hb = strconv.AppendUint(hb, uint64(ev.Route.PathID), 10)
	}
	hash := md5.Sum(hb)
	r := w.routeHead(hb[:0], ev, objEVPN, hash, rh, ph)
	r = w.appendAttrs(r, ev)
	r = fieldUint(r, uint64(ev.Route.PathID))
	r = ribFlags(r, ev.Peer.RIB)
	rd := v.RD()
	r = field(r, rdText(rd))
	r = fieldUint(r, uint64(rd.Type()))
	r = fieldUint(r, uint64(evpnUint(v, bgp.EVPNOriginatorLength)))
	r = fieldAddr(r, v.Originator())
	r = append(r, '\t')
	if v.Has(bgp.EVPNEthernetTag) {
		r = strconv.AppendUint(r, uint64(v.EthernetTag()), 16)
	}
	r = append(r, '\t')
	if v.Has(bgp.EVPNESI) {
		r = appendESI(r, v.ESI())
	}
	r = fieldUint(r, uint64(evpnUint(v, bgp.EVPNMACLength)))
	r = append(r, '\t')
	if v.Has(bgp.EVPNMAC) {
		r = v.MAC().AppendText(r)
	}
	r = fieldUint(r, uint64(evpnUint(v, bgp.EVPNIPLength)))
	r = fieldAddr(r, v.IP())
	labels, _ := v.Labels()
	r = fieldUint(r, uint64(labels[0]>>4))
	r = fieldUint(r, uint64(labels[1]>>4))
	w.row = append(w.appendLarge(r, ev), '\n')
	return obmpRecord{obj: objEVPN, key: ph}
}

// evpnUint returns a one-octet field (a length), 0 when the route type
// has none.
func evpnUint(v *bgp.EVPNView, f bgp.EVPNField) uint8 {
	if b, _ := v.Field(f); len(b) == 1 {
		return b[0]
	}
	return 0
}

// appendESI writes an Ethernet Segment Identifier as OpenBMP's schema
// describes it: its type, then what the type says, space-separated (type
// 0 and unknown types: the nine value octets in hex; 1: CE LACP system
// MAC and port key; 2: root bridge MAC and priority; 3: system MAC and
// local discriminator; 4: router ID and local discriminator; 5: AS and
// local discriminator; RFC 7432 §5).
func appendESI(r []byte, e bgp.ESI) []byte {
	r = strconv.AppendUint(r, uint64(e.Type()), 10)
	r = append(r, ' ')
	mac := bgp.MAC(e[1:7])
	switch e.Type() {
	case 1, 2:
		r = mac.AppendText(r)
		return strconv.AppendUint(append(r, ' '), uint64(binary.BigEndian.Uint16(e[7:])), 10)
	case 3:
		r = mac.AppendText(r)
		return strconv.AppendUint(append(r, ' '), uint64(e[7])<<16|uint64(e[8])<<8|uint64(e[9]), 10)
	case 4:
		r = netip.AddrFrom4([4]byte(e[1:5])).AppendTo(r)
		return strconv.AppendUint(append(r, ' '), uint64(binary.BigEndian.Uint32(e[5:])), 10)
	case 5:
		r = strconv.AppendUint(r, uint64(binary.BigEndian.Uint32(e[1:5])), 10)
		return strconv.AppendUint(append(r, ' '), uint64(binary.BigEndian.Uint32(e[5:])), 10)
	}
	return hex.AppendEncode(r, e[1:])
}
