package bgpdump

import (
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// noAddr is what bgpdump prints for a NEXT_HOP or AGGREGATOR it did not
// find: its "unset" value, INADDR_NONE.
var noAddr = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// messageFormats indexes messageFormat's answers by type (ET), _LOCAL and
// _AP, so that a line costs no string building.
var messageFormats = [2][2][2]string{
	{{"BGP4MP", "BGP4MP_AP"}, {"BGP4MP_LOCAL", "BGP4MP_LOCAL_AP"}},
	{{"BGP4MP_ET", "BGP4MP_ET_AP"}, {"BGP4MP_ET_LOCAL", "BGP4MP_ET_LOCAL_AP"}},
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// message writes the W and A lines of an UPDATE: the IPv4 withdrawn
// routes, those of MP_UNREACH_NLRI, the IPv4 NLRI, those of
// MP_REACH_NLRI, as bgpdump orders them. Other messages give no line.
func (w *Writer) message(rec mrt.RecordView, v *mrt.BGP4MP) error {
	msg, ok := mrtbgp.Message(*v, w.msg)
	if !ok || len(msg) < bgp.HeaderLen || msg[bgp.OffType] != byte(bgp.MsgUpdate) {
		return nil
	}
	if v.Headerless {
		w.msg = msg
	}
	rd, err := mrtbgp.DecodeUpdate(&w.uv, msg, mrtbgp.Session(*v))
	if err != nil {
		w.Stats.Malformed++
		return nil // bgpdump prints nothing for an UPDATE whose sections do not add up
	}
	if rd.Fallback {
		w.Stats.Fallbacks++
	}
	if w.uv.Verdict() != nil {
		w.Stats.Malformed++
	}
	format := "BGP"
	w.legacy = v.Headerless
	if rec.Type == mrt.TypeBGP4MP || rec.Type == mrt.TypeBGP4MPET {
		format = messageFormats[b2i(rec.Type == mrt.TypeBGP4MPET)][b2i(v.Local)][b2i(v.AddPath)]
	}
	peer, as := peerAddr(v), v.PeerAS
	if v.Local {
		peer, as = v.LocalIP, v.LocalAS
	}
	if !w.keepRecord(rec.Timestamp, v.PeerIP, v.PeerAS) {
		return nil
	}
	// FORMAT|TIME| is the same on every line of the record.
	w.pfx = append(w.pfx[:0], format...)
	w.pfx = append(w.pfx, '|')
	w.pfx = w.timeText(w.pfx, rec.Timestamp, &rec.Header)
	w.pfx = append(w.pfx, '|')
	d := &w.uv
	path := d.View().Path()
	w.la.read(&path)
	as4 := rd.Session.AS4
	w.wpfx = linePrefix(w.wpfx, w.pfx, "W|", peer, as)
	w.apfx = linePrefix(w.apfx, w.pfx, "A|", peer, as)
	for _, r := range d.Withdrawn {
		if w.keepRoute(r.Prefix, true, &path, as4) {
			w.withdrawn(r, v.AddPath)
		}
	}
	if f := d.MPUnreach.Family; d.Has(bgp.AttrMPUnreachNLRI) && printed(f) {
		for _, r := range d.MPUnreach.Routes {
			if w.keepRoute(r.Prefix, true, &path, as4) {
				w.withdrawn(r, v.AddPath)
			}
		}
	}
	if len(d.NLRI) > 0 {
		w.tail = w.appendAttrs(w.tail[:0], nextHop(&w.la), false, as4, w.legacy)
		for _, r := range d.NLRI {
			if w.keepRoute(r.Prefix, false, &path, as4) {
				w.announced(r, v.AddPath, w.tail)
			}
		}
	}
	if f := d.MPReach.Family; d.Has(bgp.AttrMPReachNLRI) && printed(f) && len(d.MPReach.Routes) > 0 {
		nh, _, _, ok := d.MPReach.NextHops()
		if !ok {
			nh = noAddr
		}
		w.tail = w.appendAttrs(w.tail[:0], nh, f.AFI == bgp.AFIIPv4, as4, w.legacy)
		for _, r := range d.MPReach.Routes {
			if w.keepRoute(r.Prefix, false, &path, as4) {
				w.announced(r, v.AddPath, w.tail)
			}
		}
	}
	return nil
}

// printed reports whether bgpdump prints the routes of family f: IPv4 and
// IPv6 with SAFI unicast, multicast, or both (3).
func printed(f bgp.Family) bool {
	return (f.AFI == bgp.AFIIPv4 || f.AFI == bgp.AFIIPv6) && f.SAFI >= 1 && f.SAFI <= 3
}

// nextHop is the NEXT_HOP of a line, or bgpdump's unset value.
func nextHop(l *lineAttrs) netip.Addr {
	if a, ok := l.get(lnNextHop); ok {
		if nh, err := a.NextHop(); err == nil {
			return nh
		}
	}
	return noAddr
}

// withdrawn writes FORMAT|TIME|W|PEER|AS|PREFIX[|PATHID]; w.wpfx holds
// the line up to PREFIX.
func (w *Writer) withdrawn(r bgp.Route, addPath bool) {
	b := append(w.line[:0], w.wpfx...)
	b = appendPrefix(b, r.Prefix)
	if addPath {
		b = append(b, '|')
		b = strconv.AppendUint(b, uint64(r.PathID), 10)
	}
	w.emit(append(b, '\n'))
}

// announced writes FORMAT|TIME|A|PEER|AS|PREFIX|[PATHID|] and tail, the
// rest of the line (appendAttrs), which all the routes of an UPDATE that
// share a next hop share; w.apfx holds the line up to PREFIX.
func (w *Writer) announced(r bgp.Route, addPath bool, tail []byte) {
	b := append(w.line[:0], w.apfx...)
	b = appendPrefix(b, r.Prefix)
	b = append(b, '|')
	if addPath {
		b = strconv.AppendUint(b, uint64(r.PathID), 10)
		b = append(b, '|')
	}
	w.emit(append(b, tail...))
}

// linePrefix appends FORMAT|TIME|KIND|PEER|AS| to pfx (FORMAT|TIME|).
func linePrefix(b, pfx []byte, kind string, peer netip.Addr, as uint32) []byte {
	b = append(b[:0], pfx...)
	b = append(b, kind...)
	b = appendAddr(b, peer)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(as), 10)
	return append(b, '|')
}

// appendPrefix prints a prefix with the bits past its length cleared, as
// bgpdump 1.6.3 and later do (1.6.2 printed them as sent).
func appendPrefix(b []byte, p netip.Prefix) []byte {
	b = appendAddr(b, p.Masked().Addr())
	b = append(b, '/')
	return strconv.AppendUint(b, uint64(p.Bits()), 10)
}

// appendAttrs appends ASPATH|ORIGIN, then for -m
// |NEXTHOP|LOCALPREF|MED|COMMUNITIES|AG|AGGREGATOR|, and the newline, of
// the attributes in w.la.
func (w *Writer) appendAttrs(b []byte, nh netip.Addr, signed, as4, legacy bool) []byte {
	l := &w.la
	b = appendASPath(b, l, as4)
	b = append(b, '|')
	b = append(b, originText(l)...)
	if w.human {
		return append(b, '\n')
	}
	b = append(b, '|')
	b = w.appendNextHop(b, nh)
	b = append(b, '|')
	b = appendNum(b, l.uint32(lnLocalPref), signed) // 0 when absent or malformed, as bgpdump prints
	b = append(b, '|')
	b = appendNum(b, l.uint32(lnMED), signed)
	// bgpdump writes the deprecated BGP type's lines without the '|'
	// between MED and COMMUNITIES; scripts for those archives expect that.
	if !legacy {
		b = append(b, '|')
	}
	if a, ok := l.get(lnCommunities); ok {
		if cs, err := a.Communities(); err == nil {
			b = appendCommunities(b, cs)
		}
	}
	if _, ok := l.get(lnAtomic); ok {
		b = append(b, "|AG|"...)
	} else {
		b = append(b, "|NAG|"...)
	}
	if g, ok := aggregator(l, as4); ok {
		b = strconv.AppendUint(b, uint64(g.AS), 10)
		b = append(b, ' ')
		b = appendAddr(b, g.Address)
	}
	return append(b, "|\n"...)
}

func appendNum(b []byte, v uint32, signed bool) []byte {
	if signed {
		return strconv.AppendInt(b, int64(int32(v)), 10)
	}
	return strconv.AppendUint(b, uint64(v), 10)
}

func originText(l *lineAttrs) string {
	if a, ok := l.get(lnOrigin); ok {
		o, err := a.Origin()
		if err != nil {
			return "INCOMPLETE"
		}
		switch o {
		case bgp.OriginIGP:
			return "IGP"
		case bgp.OriginEGP:
			return "EGP"
		}
	}
	return "INCOMPLETE"
}

// appendASPath prints the AS path as bgpdump does: sequences as
// space-separated ASNs, AS_SET as {a,b}, AS_CONFED_SEQUENCE as (a b),
// AS_CONFED_SET as [a,b]; a malformed one as far as it reads (one
// dropped by RFC 7606 for an AS 0, RFC 7607, bgpdump prints as sent).
// From a 2-octet session, AS4_PATH is merged in (RFC 6793 §4.2.3).
func appendASPath(b []byte, l *lineAttrs, as4 bool) []byte {
	a, ok := l.get(lnASPath)
	if !ok {
		return b
	}
	v := a.ASPathPartial(as4)
	if !as4 {
		if a4, ok := l.get(lnAS4Path); ok {
			if v4, err := a4.ASPath(true); err == nil {
				return appendSegments(b, bgp.MergeAS4Path(viewPath(v), viewPath(v4)))
			}
		}
	}
	return v.AppendText(b)
}

// appendSegments prints a merged path as appendASPath does a view.
func appendSegments(b []byte, p bgp.ASPath) []byte {
	for i, s := range p.Segments {
		if i > 0 {
			b = append(b, ' ')
		}
		open, sep, end := "", byte(' '), ""
		switch s.Type {
		case bgp.SegmentSet:
			open, sep, end = "{", ',', "}"
		case bgp.SegmentConfedSeq:
			open, end = "(", ")"
		case bgp.SegmentConfedSet:
			open, sep, end = "[", ',', "]"
		}
		b = append(b, open...)
		for j, as := range s.ASNs {
			if j > 0 {
				b = append(b, sep)
			}
			b = strconv.AppendUint(b, uint64(as), 10)
		}
		b = append(b, end...)
	}
	return b
}

// ASPathText returns the AS path of p as bgpdump prints it, for filters
// on its text.
func ASPathText(p *bgp.Path) string {
	var l lineAttrs
	l.read(p)
	return string(appendASPath(nil, &l, p.Session().AS4))
}

// viewPath copies an AS path view into a value.
func viewPath(v bgp.ASPathView) bgp.ASPath {
	var p bgp.ASPath
	for s := range v.Segments() {
		seg := bgp.ASSegment{Type: s.Type}
		for as := range s.ASNs() {
			seg.ASNs = append(seg.ASNs, as)
		}
		p.Segments = append(p.Segments, seg)
	}
	return p
}

// appendCommunities prints communities space-separated as AS:VALUE, with
// bgpdump's names for three well-known ones.
func appendCommunities(b []byte, cs bgp.CommunitiesView) []byte {
	for i := range cs.Len() {
		if i > 0 {
			b = append(b, ' ')
		}
		switch c := cs.At(i); c {
		case 0xFFFFFF01:
			b = append(b, "no-export"...)
		case 0xFFFFFF02:
			b = append(b, "no-advertise"...)
		case 0xFFFFFF03:
			b = append(b, "local-AS"...)
		default:
			b = strconv.AppendUint(b, uint64(c>>16), 10)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(c&0xffff), 10)
		}
	}
	return b
}

// aggregator returns the AGGREGATOR to print: as sent, also when RFC 7606
// discards it for holding AS 0 (RFC 7607); one of the other AS width
// (OpenBGPD writes 4-octet ones into TABLE_DUMP) is read in the width
// its length says, where bgpdump prints garbage. From a 2-octet session,
// the AS4_AGGREGATOR when AGGREGATOR holds AS_TRANS (RFC 6793 §4.2.3).
func aggregator(l *lineAttrs, as4 bool) (bgp.Aggregator, bool) {
	a, ok := l.get(lnAggregator)
	if !ok {
		return bgp.Aggregator{}, false
	}
	g, _ := a.Aggregator(as4)
	if !g.Address.IsValid() {
		if w, ok := a.AggregatorForm(); ok {
			g, _ = a.Aggregator(w)
		}
	}
	if !g.Address.IsValid() {
		return g, false
	}
	if !as4 && g.AS == bgp.ASTrans {
		if a4, ok := l.get(lnAS4Aggregator); ok {
			if g4, err := a4.Aggregator(true); err == nil {
				g = g4
			}
		}
	}
	return g, true
}

// tableDump writes a TABLE_DUMP entry:
// TABLE_DUMP|TIME|B|PEER|AS|PREFIX|ASPATH|ORIGIN|NEXTHOP|LP|MED|COMM|AG|AGGR|.
func (w *Writer) tableDump(rec mrt.RecordView) error {
	for v, err := range rec.TableDumps() {
		if err != nil {
			return err
		}
		w.tableDumpEntry(rec, &v)
	}
	return nil
}

func (w *Writer) tableDumpEntry(rec mrt.RecordView, v *mrt.TableDump) {
	if !w.keepRecord(rec.Timestamp, v.PeerIP, uint32(v.PeerAS)) {
		return
	}
	b := append(w.out, "TABLE_DUMP|"...)
	b = w.timeText(b, rec.Timestamp, nil)
	b = append(b, "|B|"...)
	b = appendAddr(b, v.PeerIP)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(v.PeerAS), 10)
	b = append(b, '|')
	b = appendPrefix(b, v.Prefix)
	b = append(b, '|')
	s, f := mrtbgp.TableDumpSession(), mrtbgp.TableDumpFamily(v)
	if b, ok := w.entryAttrs(b, v.Attrs, v.Prefix, s, f, w.cache.context(s, f)); ok {
		w.commit(b)
	}
}

// entryAttrs appends the attribute text of a RIB entry's line (appendAttrs)
// whose attributes, attrs, are read with session s in family f (cache
// context ctx: mrtbgp's RIBSession and RIBFamily, or TableDumpSession and
// TableDumpFamily, as RIBPath and TableDumpPath read them), and counts
// the entry when its path is malformed. Without a
// filter, the text and the judgement come from w.cache when the same
// attributes were seen. ok is false when the filter drops the route.
func (w *Writer) entryAttrs(b, attrs []byte, pfx netip.Prefix, s bgp.Session, f bgp.Family, ctx uint8) (_ []byte, ok bool) {
	if w.Filter == nil {
		if text, bad, ok := w.cache.get(attrs, ctx); ok {
			if bad {
				w.Stats.Malformed++
			}
			return append(b, text...), true
		}
	}
	p, err := bgp.ReadRIBPath(attrs, s, f)
	w.errs = p.AppendErrors(w.errs[:0], f)
	bad := err != nil || len(w.errs) > 0
	if bad {
		w.Stats.Malformed++
	}
	w.la.read(&p)
	if !w.keepRoute(pfx, false, &p, s.AS4) {
		return b, false
	}
	start := len(b)
	b = w.appendAttrs(b, ribNextHop(&p, &w.la, f.AFI == bgp.AFIIPv6), false, s.AS4, false)
	if w.Filter == nil {
		w.cache.put(attrs, ctx, b[start:], bad)
	}
	return b, true
}

// ribNextHop is the next hop bgpdump prints for a RIB entry: that of
// MP_REACH_NLRI for IPv6 unicast, else NEXT_HOP.
func ribNextHop(p *bgp.Path, l *lineAttrs, ipv6 bool) netip.Addr {
	if ipv6 {
		if nh, _, ok := p.NextHop(bgp.IPv6Unicast); ok {
			return nh
		}
	}
	return nextHop(l)
}

// rib writes a line per entry of a TABLE_DUMP_V2 RIB record:
// TABLE_DUMP2[_AP]|TIME|B|PEER|AS|PREFIX|[PATHID|]ASPATH|ORIGIN|... .
func (w *Writer) rib(rec mrt.RecordView) error {
	v, err := rec.RIB()
	if err != nil {
		return err
	}
	if v.PathIDMismatch {
		w.Stats.PathIDMismatch++
	}
	if !v.Prefix.IsValid() || !printed(bgp.Family{AFI: bgp.AFI(v.AFI), SAFI: bgp.SAFI(v.SAFI)}) {
		return nil // RIB_GENERIC of a family bgpdump does not print
	}
	addPath := rec.AddPath()
	w.pfx = append(w.pfx[:0], "TABLE_DUMP2"...)
	if addPath {
		w.pfx = append(w.pfx, "_AP"...)
	}
	w.pfx = append(w.pfx, '|')
	w.pfx = w.timeText(w.pfx, rec.Timestamp, nil)
	w.pfx = append(w.pfx, "|B|"...)
	// The prefix is the same on every line: "PREFIX|" once.
	w.prefix = appendPrefix(w.prefix[:0], v.Prefix)
	w.prefix = append(w.prefix, '|')
	sess, fam := mrtbgp.RIBSession(&v), mrtbgp.RIBFamily(&v)
	ctx := w.cache.context(sess, fam)
	for _, e := range v.All() {
		if int(e.PeerIndex) >= len(w.peers) {
			w.Stats.NoPeerIndex++
			continue
		}
		peer := w.peers[e.PeerIndex]
		if !w.keepRecord(rec.Timestamp, peer.IP, peer.AS) {
			continue
		}
		b := append(w.out, w.pfx...)
		b = append(b, w.peerText[e.PeerIndex]...)
		b = append(b, w.prefix...)
		if addPath {
			b = strconv.AppendUint(b, uint64(e.PathID), 10)
			b = append(b, '|')
		}
		if b, ok := w.entryAttrs(b, e.Attrs, v.Prefix, sess, fam, ctx); ok {
			w.commit(b)
		}
	}
	return nil
}

// appendNextHop appends nh, from a small cache: the lines of a dump name
// the same few next hops over and over (IPv6 ones cost the most to print).
func (w *Writer) appendNextHop(b []byte, nh netip.Addr) []byte {
	i := int(nh.As16()[15]) % len(w.nhCache)
	c := &w.nhCache[i]
	if c.addr != nh || c.text == nil {
		c.addr, c.text = nh, appendAddr(c.text[:0], nh)
	}
	return append(b, c.text...)
}
