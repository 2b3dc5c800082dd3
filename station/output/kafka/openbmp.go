package kafka

import (
	"crypto/md5"
	"encoding/hex"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// OpenBMP's parsed message bus, version 1.7 (its MESSAGE_BUS_API, "Kafka
// Message Schema"): every record is a few "NAME: value" header lines, an
// empty line, and rows of tab-separated fields, one row per object. The
// field lists are OpenBMP's; docs/kafka.md says what bgplens puts in the
// fields it cannot know.

// obmpVersion is the schema version the V header carries.
const obmpVersion = "1.7"

// obmpTime is the layout of OpenBMP's timestamps (UTC, microseconds).
const obmpTime = "2006-01-02 15:04:05.000000"

// obmpObjects names the T header of each object bgplens writes.
var obmpObjects = [numObjects]string{
	objCollector: "collector", objRouter: "router", objPeer: "peer", objStat: "bmp_stat",
	objBaseAttr: "base_attribute", objUnicast: "unicast_prefix", objL3VPN: "l3vpn", objEVPN: "evpn",
	objLSNode: "ls_node", objLSLink: "ls_link", objLSPrefix: "ls_prefix",
}

// obmpWriter keeps what the format needs across events: the sequence
// numbers, the connected routers (the collector object lists them) and
// the last path and peer, whose derived fields are made once for the
// routes of one UPDATE. Publish's goroutine owns it.
type obmpWriter struct {
	adminID   string
	collector [16]byte
	seq       [numObjects]uint64
	routers   map[netip.Addr]int // connected sessions by address

	row []byte // the row being built

	// The last peer's hashes.
	peerRouter netip.Addr
	peerRef    output.PeerRef
	routerHash [16]byte
	peerHash   [16]byte

	// The last path's attribute fields (origin .. originator id, for
	// next hops of family attrFam) and large communities.
	attrPath  *output.Path
	attrFam   bgp.Family
	attrHash  [16]byte
	attrs     []byte
	large     []byte
	attrsSent bool // its base_attribute record is published
}

func newOBMPWriter(adminID string) *obmpWriter {
	return &obmpWriter{adminID: adminID, collector: md5.Sum([]byte(adminID)), routers: map[netip.Addr]int{}}
}

// obmpRecord is one record to publish.
type obmpRecord struct {
	obj object
	key [16]byte // hashed: the record's key is its hex
}

// header appends the record's header lines for a body of n octets and
// one row.
func (w *obmpWriter) header(dst []byte, obj object, n int) []byte {
	dst = append(dst, "V: "+obmpVersion+"\nC_HASH_ID: "...)
	dst = hex.AppendEncode(dst, w.collector[:])
	dst = append(dst, "\nT: "...)
	dst = append(dst, obmpObjects[obj]...)
	dst = append(dst, "\nL: "...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, "\nR: 1\n\n"...)
}

// field appends a tab (unless the row is empty) and s, with tabs made
// spaces and newlines carriage returns, as the format wants.
func field(row []byte, s string) []byte {
	if len(row) > 0 {
		row = append(row, '\t')
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t':
			row = append(row, ' ')
		case '\n':
			row = append(row, '\r')
		default:
			row = append(row, c)
		}
	}
	return row
}

func fieldUint(row []byte, v uint64) []byte {
	return strconv.AppendUint(append(row, '\t'), v, 10)
}

func fieldBool(row []byte, v bool) []byte {
	if v {
		return append(row, '\t', '1')
	}
	return append(row, '\t', '0')
}

func fieldHash(row []byte, h [16]byte) []byte {
	return hex.AppendEncode(append(row, '\t'), h[:])
}

func fieldAddr(row []byte, a netip.Addr) []byte {
	row = append(row, '\t')
	if a.IsValid() {
		row = a.Unmap().AppendTo(row)
	}
	return row
}

func fieldTime(row []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(append(row, '\t'), obmpTime)
}

// hashes returns the router hash (MD5 of the router's address as text
// and the collector hash) and the peer hash (MD5 of the peer's address
// and distinguisher as text and the router hash), the fields OpenBMP
// names for them; made once for a run of one peer's events.
func (w *obmpWriter) hashes(ev *output.Event) (router, peer [16]byte) {
	if ev.Router.Addr == w.peerRouter && ev.Peer == w.peerRef && w.routerHash != ([16]byte{}) {
		return w.routerHash, w.peerHash
	}
	w.peerRouter, w.peerRef = ev.Router.Addr, ev.Peer
	w.routerHash = w.routerHashOf(ev.Router.Addr)
	b := ev.Peer.Addr.Unmap().AppendTo(w.row[:0])
	b = ev.Peer.Distinguisher.AppendText(b)
	b = append(b, w.routerHash[:]...)
	w.peerHash = md5.Sum(b)
	w.row = b[:0]
	return w.routerHash, w.peerHash
}

func (w *obmpWriter) routerHashOf(a netip.Addr) [16]byte {
	b := a.Unmap().AppendTo(nil)
	return md5.Sum(append(b, w.collector[:]...))
}

// collectorRow builds the collector object (action: started, change,
// stopped).
func (w *obmpWriter) collectorRow(action string, t time.Time) obmpRecord {
	addrs := make([]string, 0, len(w.routers))
	for a := range w.routers {
		addrs = append(addrs, a.String())
	}
	sort.Strings(addrs)
	r := field(w.row[:0], action)
	r = fieldUint(r, w.next(objCollector))
	r = field(r, w.adminID)
	r = fieldHash(r, w.collector)
	r = field(r, strings.Join(addrs, ","))
	r = fieldUint(r, uint64(len(addrs)))
	w.row = append(fieldTime(r, t), '\n')
	return obmpRecord{obj: objCollector, key: w.collector}
}

func (w *obmpWriter) next(o object) uint64 {
	w.seq[o]++
	return w.seq[o] - 1
}

// routerRow builds the router object of router_up (init) and
// router_down (term). The Termination's code is not in the event: the
// field is empty, and the reason the session ended is the term reason.
func (w *obmpWriter) routerRow(ev *output.Event) obmpRecord {
	s := ev.Session
	if s == nil {
		s = &output.SessionInfo{}
	}
	h := w.routerHashOf(ev.Router.Addr)
	action := "init"
	if ev.Type == output.EventRouterDown {
		action = "term"
	}
	r := field(w.row[:0], action)
	r = fieldUint(r, w.next(objRouter))
	r = field(r, ev.Router.Name)
	r = fieldHash(r, h)
	r = fieldAddr(r, ev.Router.Addr)
	r = field(r, s.SysDescr)
	r = field(r, "") // term code
	if action == "term" {
		r = field(r, s.Reason)
		r = field(r, "")
		r = field(r, strings.Join(s.Info, "; ")) // term data
	} else {
		r = field(r, "")
		r = field(r, strings.Join(s.Info, "; ")) // init data
		r = field(r, "")
	}
	r = fieldTime(r, ev.Time)
	r = field(r, "") // the router's BGP ID: BMP does not carry it
	w.row = append(r, '\n')
	return obmpRecord{obj: objRouter, key: h}
}

// peerCommon appends the fields the peer-keyed objects start with after
// action, sequence (and hash): router hash, router IP, peer hash, peer
// IP, peer ASN, timestamp.
func peerCommon(r []byte, ev *output.Event, rh, ph [16]byte) []byte {
	r = fieldHash(r, rh)
	r = fieldAddr(r, ev.Router.Addr)
	r = fieldHash(r, ph)
	r = fieldAddr(r, ev.Peer.Addr)
	r = fieldUint(r, uint64(ev.Peer.AS))
	return fieldTime(r, ev.Time)
}

// peerRow builds the peer object of peer_up (up) and peer_down (down).
func (w *obmpWriter) peerRow(ev *output.Event) obmpRecord {
	rh, ph := w.hashes(ev)
	up, down := ev.PeerUp, ev.PeerDown
	action := "up"
	if ev.Type == output.EventPeerDown {
		action = "down"
	}
	r := field(w.row[:0], action)
	r = fieldUint(r, w.next(objPeer))
	r = fieldHash(r, ph)
	r = fieldHash(r, rh)
	r = field(r, "") // name: bgplens does not look peers up in DNS
	r = fieldAddr(r, ev.Peer.BGPID)
	r = fieldAddr(r, ev.Router.Addr)
	r = fieldTime(r, ev.Time)
	r = fieldUint(r, uint64(ev.Peer.AS))
	r = fieldAddr(r, ev.Peer.Addr)
	r = field(r, rdText(ev.Peer.Distinguisher))
	if up != nil {
		r = fieldUint(r, uint64(up.RemotePort))
		r = fieldUint(r, uint64(up.SentOpen.AS))
		r = fieldAddr(r, up.LocalAddr)
		r = fieldUint(r, uint64(up.LocalPort))
		r = fieldAddr(r, up.SentOpen.BGPID)
		r = field(r, strings.Join(up.Information, "; "))
		r = field(r, strings.Join(up.SentOpen.Capabilities, ", "))
		r = field(r, strings.Join(up.ReceivedOpen.Capabilities, ", "))
		r = fieldUint(r, uint64(up.ReceivedOpen.HoldTime))
		r = fieldUint(r, uint64(up.SentOpen.HoldTime))
	} else {
		r = append(r, "\t\t\t\t\t\t\t\t\t\t"...)
	}
	if down != nil {
		r = fieldUint(r, uint64(down.Reason))
		if down.HasNotif {
			r = fieldUint(r, uint64(down.Code))
			r = fieldUint(r, uint64(down.Subcode))
			r = field(r, down.NotifText)
		} else {
			r = append(r, "\t\t\t"...)
		}
	} else {
		r = append(r, "\t\t\t\t"...)
	}
	r = fieldBool(r, ev.Peer.Type == bmp.PeerRD)
	r = fieldBool(r, ev.Peer.RIB == bmp.RIBInPre || ev.Peer.RIB == bmp.RIBOutPre)
	r = fieldBool(r, ev.Peer.Addr.Unmap().Is4())
	r = fieldBool(r, ev.Peer.Type == bmp.PeerLocRIB)
	r = fieldBool(r, false) // the F flag is not in the event
	w.row = append(field(r, ev.Peer.TableName), '\n')
	return obmpRecord{obj: objPeer, key: ph}
}

func rdText(rd bgp.RD) string {
	if rd == (bgp.RD{}) {
		return ""
	}
	return rd.String()
}

// obmpStats maps statistics types to the bmp_stat fields 9..17.
var obmpStats = [...]bmp.StatType{bmp.StatRejectedPrefixes, bmp.StatDuplicatePrefixes, bmp.StatDuplicateWithdraws,
	bmp.StatClusterListLoop, bmp.StatASPathLoop, bmp.StatOriginatorIDLoop, bmp.StatASConfedLoop,
	bmp.StatAdjRIBInRoutes, bmp.StatLocRIBRoutes}

// statRow builds the bmp_stat object: the counters OpenBMP lists, empty
// when the report does not carry them (0 would be a value).
func (w *obmpWriter) statRow(ev *output.Event) obmpRecord {
	rh, ph := w.hashes(ev)
	r := field(w.row[:0], "add")
	r = fieldUint(r, w.next(objStat))
	r = peerCommon(r, ev, rh, ph)
	for _, t := range obmpStats {
		r = append(r, '\t')
		for _, s := range ev.Stats {
			if s.Type == t && !s.Unknown {
				r = strconv.AppendUint(r, s.Value, 10)
				break
			}
		}
	}
	w.row = append(r, '\n')
	return obmpRecord{obj: objStat, key: ph}
}

// pathFields makes the attribute fields of p for routes of family f once
// per path: origin, AS path, its count, origin AS, next hop, MED, local
// preference, aggregator, communities, extended communities, cluster
// list, atomic aggregate, next hop is IPv4, originator id; and the large
// communities. The base attribute hash is MD5 of the attributes' octets
// and the peer hash.
func (w *obmpWriter) pathFields(p *output.Path, f bgp.Family, ph [16]byte) {
	if p == w.attrPath && f == w.attrFam {
		return
	}
	w.attrPath, w.attrFam, w.attrsSent = p, f, false
	h := md5.New()
	h.Write(p.Bytes())
	h.Write(ph[:])
	h.Sum(w.attrHash[:0])
	a := w.attrs[:0]
	a = append(a, '\t')
	if o, ok := p.Origin(); ok {
		a = append(a, strings.ToLower(o.String())...)
	}
	path, _ := p.ASPath()
	a = path.AppendText(append(a, '\t'))
	a = fieldUint(a, uint64(path.Len()))
	a = append(a, '\t')
	if n := len(path.Segments); n > 0 {
		if s := path.Segments[n-1]; len(s.ASNs) > 0 {
			a = strconv.AppendUint(a, uint64(s.ASNs[len(s.ASNs)-1]), 10)
		}
	}
	nh, _, _ := p.NextHop(f)
	a = fieldAddr(a, nh)
	a = append(a, '\t')
	if v, ok := p.MED(); ok {
		a = strconv.AppendUint(a, uint64(v), 10)
	}
	a = append(a, '\t')
	if v, ok := p.LocalPref(); ok {
		a = strconv.AppendUint(a, uint64(v), 10)
	}
	a = append(a, '\t')
	if g, ok := p.Aggregator(); ok {
		a = strconv.AppendUint(a, uint64(g.AS), 10)
		a = g.Address.AppendTo(append(a, ' '))
	}
	a = append(a, '\t')
	if v, ok := p.Communities(); ok {
		a = appendSpaced(a, v, bgp.Community.AppendText)
	}
	a = append(a, '\t')
	if v, ok := p.ExtCommunities(); ok {
		a = appendSpaced(a, v, bgp.ExtCommunity.AppendText)
	}
	a = append(a, '\t')
	if v, ok := p.ClusterList(); ok {
		a = appendSpaced(a, v, netip.Addr.AppendTo)
	}
	a = fieldBool(a, p.AtomicAggregate())
	a = fieldBool(a, nh.Unmap().Is4())
	a = append(a, '\t')
	if id, ok := p.OriginatorID(); ok {
		a = id.AppendTo(a)
	}
	w.attrs = a
	l := w.large[:0]
	if v, ok := p.LargeCommunities(); ok {
		l = appendSpaced(l, v, bgp.LargeCommunity.AppendText)
	}
	w.large = l
}

// baseAttrRow builds the base_attribute object of the path pathFields
// made.
func (w *obmpWriter) baseAttrRow(ev *output.Event, rh, ph [16]byte) obmpRecord {
	r := field(w.row[:0], "add")
	r = fieldUint(r, w.next(objBaseAttr))
	r = fieldHash(r, w.attrHash)
	r = peerCommon(r, ev, rh, ph)
	r = append(r, w.attrs...)
	r = append(append(r, '\t'), w.large...)
	w.row = append(r, '\n')
	w.attrsSent = true
	return obmpRecord{obj: objBaseAttr, key: ph}
}

// prefixRow builds the unicast_prefix or l3vpn object of a route event
// (add or del; a withdrawal's attribute fields are empty).
func (w *obmpWriter) prefixRow(ev *output.Event, obj object, rh, ph [16]byte) obmpRecord {
	rt := &ev.Route
	pfx := rt.Prefix
	hb := pfx.Addr().AppendTo(w.row[:0])
	hb = strconv.AppendInt(append(hb, '/'), int64(pfx.Bits()), 10)
	if obj == objL3VPN {
		hb = rt.RD.AppendText(hb)
	}
	hb = append(hb, ph[:]...)
	if rt.PathID != 0 {
		hb = strconv.AppendUint(hb, uint64(rt.PathID), 10)
	}
	if rt.NumLabels > 0 {
		hb = append(hb, '1')
	}
	hash := md5.Sum(hb)
	r := w.routeHead(hb[:0], ev, obj, hash, rh, ph)
	r = fieldAddr(r, pfx.Addr())
	r = fieldUint(r, uint64(pfx.Bits()))
	r = fieldBool(r, pfx.Addr().Is4())
	r = w.appendAttrs(r, ev)
	r = fieldUint(r, uint64(rt.PathID))
	r = append(r, '\t')
	for i, l := range rt.LabelStack() {
		if i > 0 {
			r = append(r, ',')
		}
		r = strconv.AppendUint(r, uint64(l.Value()), 10)
	}
	r = ribFlags(r, ev.Peer.RIB)
	if obj == objL3VPN {
		r = field(r, rt.RD.String())
		r = fieldUint(r, uint64(rt.RD.Type()))
	}
	w.row = append(w.appendLarge(r, ev), '\n')
	return obmpRecord{obj: obj, key: ph}
}

// announced reports whether a route event announces (its row has
// attribute fields) rather than withdraws.
func announced(ev *output.Event) bool { return !ev.Withdraw && ev.Path != nil }

func action(ev *output.Event) string {
	if ev.Withdraw {
		return "del"
	}
	return "add"
}

// routeHead appends the fields the route objects start with: action,
// sequence, hash, router hash and IP, base attribute hash (empty for a
// withdrawal), peer hash, IP and ASN, timestamp. The BGP-LS objects have
// the base attribute hash before the router's.
func (w *obmpWriter) routeHead(r []byte, ev *output.Event, obj object, hash, rh, ph [16]byte) []byte {
	r = field(r, action(ev))
	r = fieldUint(r, w.next(obj))
	r = fieldHash(r, hash)
	ls := obj == objLSNode || obj == objLSLink || obj == objLSPrefix
	if !ls {
		r = fieldHash(r, rh)
		r = fieldAddr(r, ev.Router.Addr)
	}
	if announced(ev) {
		r = fieldHash(r, w.attrHash)
	} else {
		r = append(r, '\t')
	}
	if ls {
		r = fieldHash(r, rh)
		r = fieldAddr(r, ev.Router.Addr)
	}
	r = fieldHash(r, ph)
	r = fieldAddr(r, ev.Peer.Addr)
	r = fieldUint(r, uint64(ev.Peer.AS))
	return fieldTime(r, ev.Time)
}

// appendAttrs appends the 14 attribute fields pathFields made (origin ..
// originator id), empty for a withdrawal.
func (w *obmpWriter) appendAttrs(r []byte, ev *output.Event) []byte {
	if !announced(ev) {
		return append(r, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t"...)
	}
	return append(r, w.attrs...)
}

// appendLarge appends the large communities field, empty for a
// withdrawal.
func (w *obmpWriter) appendLarge(r []byte, ev *output.Event) []byte {
	r = append(r, '\t')
	if announced(ev) {
		r = append(r, w.large...)
	}
	return r
}

// ribFlags appends isPrePolicy and isAdjIn (0 for Adj-RIB-Out; Loc-RIB
// counts as in).
func ribFlags(r []byte, rib bmp.RIB) []byte {
	r = fieldBool(r, rib == bmp.RIBInPre || rib == bmp.RIBOutPre)
	return fieldBool(r, rib != bmp.RIBOutPre && rib != bmp.RIBOutPost)
}

// rows appends to out the records of an event in OpenBMP's format: none
// for the events it has no object for (end_of_rib, raw, and the routes
// of families other than unicast, L3VPN, EVPN and BGP-LS).
func (w *obmpWriter) rows(ev *output.Event, emit func(obmpRecord)) {
	switch ev.Type {
	case output.EventRouterUp:
		w.routers[ev.Router.Addr]++
		emit(w.routerRow(ev))
		emit(w.collectorRow("change", ev.Time))
	case output.EventRouterDown:
		if w.routers[ev.Router.Addr]--; w.routers[ev.Router.Addr] <= 0 {
			delete(w.routers, ev.Router.Addr)
		}
		emit(w.routerRow(ev))
		emit(w.collectorRow("change", ev.Time))
	case output.EventPeerUp, output.EventPeerDown:
		emit(w.peerRow(ev))
	case output.EventStats:
		emit(w.statRow(ev))
	case output.EventRoute:
		w.routeRows(ev, emit)
	}
}

// appendSpaced writes the values of a list attribute separated by
// spaces, as OpenBMP's fields hold them.
func appendSpaced[L interface {
	Len() int
	At(int) E
}, E any](a []byte, l L, appendOne func(E, []byte) []byte) []byte {
	for i := range l.Len() {
		if i > 0 {
			a = append(a, ' ')
		}
		a = appendOne(l.At(i), a)
	}
	return a
}
