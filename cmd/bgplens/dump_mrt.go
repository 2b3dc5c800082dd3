package main

import (
	"bufio"
	"errors"
	"io"
	"net/netip"
	"runtime"
	"strconv"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/bgpdump"
	"github.com/bgplens/bgplens/mrt/filter"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// dumpMRTPeer is one peer of a PEER_INDEX_TABLE.
type dumpMRTPeer struct {
	Index int    `json:"index"`
	IP    string `json:"ip"`
	ASN   uint32 `json:"asn"`
	BGPID string `json:"bgp_id"`
}

// mrtStream is what the records of one MRT stream share.
type mrtStream struct {
	peers   []mrt.Peer
	rr      mrtbgp.RIBReader
	uv      bgp.UpdateValues
	msg     []byte
	unknown map[[2]uint16]bool // types and subtypes already noted as skipped
}

// dumpMRT reads an MRT stream (package mrt decompresses it) and prints
// each record, or with --format bgpdump(-M) bgpdump's lines.
func (d *dumper) dumpMRT(sc *streamCtx, r io.Reader) {
	rd, err := mrt.NewReader(r)
	if err != nil {
		d.fail(sc, 0, err.Error())
		return
	}
	defer rd.Close()
	if d.opt.format != "" {
		d.dumpMRTBgpdump(sc, rd)
		return
	}
	ms := &mrtStream{unknown: map[[2]uint16]bool{}}
	for {
		rec, err := rd.Next()
		if err != nil {
			d.mrtStreamEnd(sc, rd, err)
			return
		}
		d.mrtRecord(sc, ms, rec, rd.Offset())
	}
}

// dumpMRTBgpdump writes bgpdump's lines of the records of rd, formatted
// on every core (bgpdump.Parallel) and written in order.
func (d *dumper) dumpMRTBgpdump(sc *streamCtx, rd *mrt.Reader) {
	var out io.Writer = d.out
	if d.opt.quiet {
		out = io.Discard // still read, for the errors
	}
	bw := bgpdump.NewParallel(out, d.opt.format == "bgpdump-M", runtime.GOMAXPROCS(0))
	bw.Filter = d.filter
	bw.OnError = func(off int64, err error) { d.fail(sc, off, err.Error()) }
	for {
		rec, err := rd.Next()
		if err != nil {
			bw.Close()
			d.mrtStreamEnd(sc, rd, err)
			return
		}
		bw.Record(rec, rd.Offset())
	}
}

// mrtStreamEnd reports what ended an MRT stream, unless its end.
func (d *dumper) mrtStreamEnd(sc *streamCtx, rd *mrt.Reader, err error) {
	var se *mrt.StreamError
	if errors.As(err, &se) {
		d.fail(sc, se.Offset, "MRT: "+se.Err.Error())
	} else if err != io.EOF {
		d.fail(sc, rd.Offset(), err.Error())
	}
}

// mrtRecord prints one record: a line per BGP4MP message or state change,
// per RIB entry, per PEER_INDEX_TABLE; a note for a type not read.
func (d *dumper) mrtRecord(sc *streamCtx, ms *mrtStream, rec mrt.RecordView, off int64) {
	r := &dumpRecord{File: sc.file, Offset: off, Length: len(rec.Raw), MRTType: rec.Type.String(), MRTSubtype: rec.SubtypeName()}
	t := time.Unix(int64(rec.Timestamp), int64(rec.Microseconds)*1000)
	r.Timestamp = timeText(t)
	var err error
	switch rec.Kind() {
	case mrt.KindBGP4MPMessage, mrt.KindLegacyMessage, mrt.KindBGP4MPState, mrt.KindLegacyState:
		err = d.mrtBGP4MP(sc, ms, rec, r)
	case mrt.KindTableDump:
		for v, e := range rec.TableDumps() { // one entry, or an early RIS batch
			if err = e; err != nil {
				break
			}
			r := *r
			r.Type, r.PeerIP = "rib_entry", v.PeerIP.String()
			as := uint32(v.PeerAS)
			r.PeerASN, r.Originated = &as, timeText(time.Unix(int64(v.Originated), 0))
			p, _ := mrtbgp.TableDumpPath(&v)
			if d.keep(rec.Timestamp, v.PeerIP, uint32(v.PeerAS), v.Prefix, &p) {
				describeRIBEntry(&r, &p, mrtbgp.TableDumpFamily(&v), bgp.Route{Prefix: v.Prefix}, bgp.Session{})
				d.mrtEmit(sc, &r)
			}
		}
	case mrt.KindRIB, mrt.KindRIBGeneric:
		err = d.mrtRIB(sc, ms, rec, r)
	case mrt.KindBGP4MPEntry:
		var v mrt.BGP4MPEntry
		if v, err = rec.BGP4MPEntry(); err == nil {
			r.Type, r.PeerIP = "rib_entry", v.Peer.PeerIP.String()
			as, las := v.Peer.PeerAS, v.Peer.LocalAS
			r.PeerASN, r.LocalIP, r.LocalASN = &as, v.Peer.LocalIP.String(), &las
			r.Originated = timeText(time.Unix(int64(v.Originated), 0))
			// The entry's next hop is outside its attributes: it is read
			// as the UPDATE RIBReader rebuilds.
			ms.rr.BGP4MPEntry(&v)
			p := ms.rr.V.View().Path()
			if d.keep(rec.Timestamp, v.Peer.PeerIP, v.Peer.PeerAS, v.Prefix, &p) {
				describeUpdate(r, *ms.rr.V.View(), bgp.Session{})
				d.mrtEmit(sc, r)
			}
		}
	case mrt.KindPeerIndex:
		var p mrt.PeerIndexTable
		if p, err = rec.PeerIndex(); err == nil {
			ms.peers = p.Peers
			r.Type, r.CollectorID = "peer_index_table", p.CollectorID.String()
			name := string(p.ViewName)
			r.ViewName = &name
			for i, pe := range p.Peers {
				r.MRTPeers = append(r.MRTPeers, dumpMRTPeer{Index: i, IP: pe.IP.String(), ASN: pe.AS, BGPID: pe.BGPID.String()})
			}
			d.mrtEmit(sc, r)
		}
	default:
		k := [2]uint16{uint16(rec.Type), rec.Subtype}
		if !ms.unknown[k] {
			ms.unknown[k] = true
			d.note(sc, off, "MRT "+rec.Type.String()+" "+rec.SubtypeName()+" records are not read by bgplens: skipped")
		}
		d.stats.types["mrt_skipped"]++
	}
	if err != nil {
		d.fail(sc, off, "MRT "+rec.Type.String()+" "+rec.SubtypeName()+": "+err.Error())
	}
}

func (d *dumper) mrtEmit(sc *streamCtx, r *dumpRecord) {
	d.stats.count(sc, r)
	if !d.opt.quiet {
		d.emit(r)
	}
}

// mrtBGP4MP prints a BGP4MP message or state change (or one of the
// deprecated BGP type).
func (d *dumper) mrtBGP4MP(sc *streamCtx, ms *mrtStream, rec mrt.RecordView, r *dumpRecord) error {
	v, err := rec.BGP4MP()
	if err != nil {
		return err
	}
	if v.PeerIP.IsValid() {
		r.PeerIP = v.PeerIP.String()
	}
	pas, las := v.PeerAS, v.LocalAS
	r.PeerASN = &pas
	if v.LocalIP.IsValid() {
		r.LocalIP, r.LocalASN = v.LocalIP.String(), &las
	}
	f := d.filter
	if f != nil && !f.Record(filter.Session{Time: time.Unix(int64(rec.Timestamp), 0), PeerIP: v.PeerIP, PeerAS: v.PeerAS}) {
		return nil
	}
	if v.Message == nil {
		if f == nil || !f.RouteConditions() {
			r.Type, r.OldState, r.NewState = "state_change", mrt.StateName(v.OldState), mrt.StateName(v.NewState)
			d.mrtEmit(sc, r)
		}
		return nil
	}
	msg, ok := mrtbgp.Message(v, ms.msg)
	if v.Headerless {
		ms.msg = msg
	}
	if !ok || len(msg) < bgp.HeaderLen {
		return errors.New("no whole BGP message in the record")
	}
	t := bgp.MessageType(msg[bgp.OffType])
	r.Type = bgpTypeName(t)
	good := true
	if t == bgp.MsgUpdate {
		expected := mrtbgp.Session(v)
		rd, err := mrtbgp.DecodeUpdate(&ms.uv, msg, expected)
		if err != nil {
			r.Problems, good = append(r.Problems, "UPDATE cannot be framed: "+err.Error()), false
		} else {
			r.Session = newDumpSess(rd.Session)
			if rd.Fallback {
				r.Fallback, r.Expected = "add-path", newDumpSess(expected)
			}
			describeUpdate(r, *ms.uv.View(), rd.Session)
			if p := ms.uv.View().Path(); f != nil && !d.filterRoutes(r, &p) {
				return nil
			}
		}
	} else {
		if f != nil && f.RouteConditions() {
			return nil
		}
		_, good = describeBGP(r, msg)
		if v.PeerIP.IsValid() {
			r.PeerIP = v.PeerIP.String() // the OPEN's BGP ID goes in peer_bgp_id
		}
		r.PeerASN = &pas
	}
	d.mrtEmit(sc, r)
	if !good {
		return errors.New("BGP " + t.String() + ": " + r.Problems[0])
	}
	return nil
}

// mrtRIB prints the entries of a TABLE_DUMP_V2 RIB record, one record
// each, with the peer the PEER_INDEX_TABLE names.
func (d *dumper) mrtRIB(sc *streamCtx, ms *mrtStream, rec mrt.RecordView, base *dumpRecord) error {
	v, err := rec.RIB()
	if err != nil {
		return err
	}
	if v.PathIDMismatch {
		d.note(sc, base.Offset, "the entries of this "+rec.SubtypeName()+" record only fit with Path Identifiers (a writer before RFC 8050): read with them")
	}
	f, s := mrtbgp.RIBFamily(&v), mrtbgp.RIBSession(&v)
	// The record's one route (its NLRI), or the NLRI of a family whose
	// NLRI are not prefixes.
	var route bgp.Route
	var other []dumpNLRI
	nlri := mrtbgp.RIBNLRI(&v)
	if f.Prefixes() {
		for rt, err := range nlri.Routes() {
			if err != nil {
				return err
			}
			route = rt
		}
	} else {
		other = otherNLRI(f, nlri.Entries(), false, false, "")
	}
	for _, e := range v.All() {
		r := *base
		r.Type = "rib_entry"
		r.Originated = timeText(time.Unix(int64(e.Originated), 0))
		if int(e.PeerIndex) < len(ms.peers) {
			p := ms.peers[e.PeerIndex]
			as := p.AS
			r.PeerIP, r.PeerASN, r.PeerBGPID = p.IP.String(), &as, p.BGPID.String()
		} else {
			r.Problems = append(r.Problems, "peer index "+strconv.Itoa(int(e.PeerIndex))+" is not in a PEER_INDEX_TABLE")
		}
		p, _ := mrtbgp.RIBPath(&v, e) // a framing error is among AppendErrors'
		if pi := int(e.PeerIndex); pi < len(ms.peers) && !d.keep(rec.Timestamp, ms.peers[pi].IP, ms.peers[pi].AS, v.Prefix, &p) ||
			pi >= len(ms.peers) && d.filter != nil {
			continue
		}
		route.PathID = e.PathID
		if other != nil {
			r.OtherNLRI = append([]dumpNLRI(nil), other...)
			if nh, _, ok := p.NextHop(f); ok {
				for i := range r.OtherNLRI {
					r.OtherNLRI[i].NextHop = nh.String()
				}
			}
		}
		describeRIBEntry(&r, &p, f, route, s)
		d.mrtEmit(sc, &r)
	}
	return nil
}

// describeRIBEntry fills r with a RIB entry's path p, its route rt of
// family f (none for families whose NLRI are not prefixes: r.OtherNLRI
// has them) and the problems of the path (AppendErrors: a framing error
// of the attributes is among them).
func describeRIBEntry(r *dumpRecord, p *bgp.Path, f bgp.Family, rt bgp.Route, s bgp.Session) {
	// The record outlives the reader's buffer: its path reads a copy.
	cp, _ := bgp.ReadRIBPath(append([]byte(nil), p.Bytes()...), p.Session(), f)
	if len(cp.Bytes()) > 0 {
		r.path = &cp
	}
	if f.Prefixes() && rt.Prefix.IsValid() {
		r.Announced = append(r.Announced, announcedRoute(f, rt, s, &cp))
	}
	var worst *bgp.Error
	for _, e := range cp.AppendErrors(nil, f) {
		if worst == nil || e.Action > worst.Action {
			worst = e
		}
		r.Problems = append(r.Problems, e.Error())
	}
	if worst != nil {
		r.Verdict = worst.Action.String()
	}
}

// writeMRTText writes the details of the MRT record types in the text
// output.
func writeMRTText(w *bufio.Writer, r *dumpRecord) {
	if r.NewState != "" {
		w.WriteString("    state " + r.OldState + " -> " + r.NewState + "\n")
	}
	if r.Type == "peer_index_table" {
		w.WriteString("    collector " + r.CollectorID + ", view " + strconv.Quote(*r.ViewName) + ", " + strconv.Itoa(len(r.MRTPeers)) + " peers\n")
		for _, p := range r.MRTPeers {
			w.WriteString("    peer " + strconv.Itoa(p.Index) + ": " + p.IP + " AS" + strconv.FormatUint(uint64(p.ASN), 10) + " id " + p.BGPID + "\n")
		}
	}
	if r.Originated != "" {
		w.WriteString("    originated " + r.Originated + "\n")
	}
}

// keep asks the filter about one RIB entry: its time, peer and route.
func (d *dumper) keep(sec uint32, peer netip.Addr, as uint32, pfx netip.Prefix, p *bgp.Path) bool {
	f := d.filter
	if f == nil {
		return true
	}
	if !f.Record(filter.Session{Time: time.Unix(int64(sec), 0), PeerIP: peer, PeerAS: as}) {
		return false
	}
	var path string
	if f.NeedsPath() {
		path = bgpdump.ASPathText(p)
	}
	return f.Route(pfx, false, p, path)
}

// filterRoutes keeps the routes of an UPDATE's record the filter selects,
// and reports whether any is left (or the filter has no route condition).
func (d *dumper) filterRoutes(r *dumpRecord, p *bgp.Path) bool {
	f := d.filter
	if !f.RouteConditions() {
		return true
	}
	var path string
	if f.NeedsPath() {
		path = bgpdump.ASPathText(p)
	}
	keep := func(routes []dumpRoute, withdraw bool) []dumpRoute {
		out := routes[:0]
		for _, rt := range routes {
			if pfx, err := netip.ParsePrefix(rt.Prefix); err == nil && f.Route(pfx, withdraw, p, path) {
				out = append(out, rt)
			}
		}
		return out
	}
	r.Announced, r.Withdrawn = keep(r.Announced, false), keep(r.Withdrawn, true)
	return len(r.Announced)+len(r.Withdrawn) > 0
}
