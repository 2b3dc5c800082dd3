package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// dumpRecord is one line of `bgplens dump --json` (docs/json.md), and
// what the text output is written from. Fields that do not apply to the
// message are left out.
type dumpRecord struct {
	Type       string `json:"type"`
	File       string `json:"file"`
	Flow       string `json:"flow,omitempty"`
	RouterIP   string `json:"router_ip,omitempty"`
	Router     string `json:"router,omitempty"`      // the station's name for the router (station.Namer)
	SysName    string `json:"router_name,omitempty"` // its sysName (Initiation)
	Offset     int64  `json:"offset"`
	Length     int    `json:"length,omitempty"`
	Version    uint8  `json:"bmp_version,omitempty"`
	BMPType    *int   `json:"bmp_type,omitempty"`
	Timestamp  string `json:"timestamp,omitempty"`        // when the collector had it (an MRT record's time)
	RouterTime string `json:"router_timestamp,omitempty"` // the per-peer header's time, the router's

	PeerType          string  `json:"peer_type,omitempty"`
	PeerFlags         *uint8  `json:"peer_flags,omitempty"`
	PeerDistinguisher string  `json:"peer_distinguisher,omitempty"`
	PeerIP            string  `json:"peer_ip,omitempty"`
	PeerASN           *uint32 `json:"peer_asn,omitempty"`
	PeerBGPID         string  `json:"peer_bgp_id,omitempty"`
	RIB               string  `json:"rib,omitempty"`

	// An UPDATE: Route Monitoring, or a BGP session's.
	Announced     []dumpRoute `json:"announced,omitempty"`
	Withdrawn     []dumpRoute `json:"withdrawn,omitempty"`
	OtherNLRI     []dumpNLRI  `json:"other_nlri,omitempty"`
	EndOfRIB      string      `json:"end_of_rib,omitempty"`
	Session       *dumpSess   `json:"session,omitempty"`
	Fallback      string      `json:"fallback,omitempty"`
	Expected      *dumpSess   `json:"expected_session,omitempty"`
	NoPeerUp      bool        `json:"no_peer_up,omitempty"`
	AFlagMismatch bool        `json:"a_flag_mismatch,omitempty"`
	Verdict       string      `json:"verdict,omitempty"`
	Problems      []string    `json:"problems,omitempty"`

	// Peer Up.
	LocalIP      string     `json:"local_ip,omitempty"`
	LocalPort    *uint16    `json:"local_port,omitempty"`
	RemotePort   *uint16    `json:"remote_port,omitempty"`
	SentOpen     *dumpOpen  `json:"sent_open,omitempty"`
	ReceivedOpen *dumpOpen  `json:"received_open,omitempty"`
	Negotiated   *dumpNegot `json:"negotiated,omitempty"`
	Mismatches   []string   `json:"mismatches,omitempty"`
	Information  []dumpTLV  `json:"information,omitempty"`
	Reason       *int       `json:"reason_code,omitempty"`
	ReasonText   string     `json:"reason,omitempty"`
	Notification *dumpNotif `json:"notification,omitempty"`
	FSMEvent     *uint16    `json:"fsm_event,omitempty"`
	Data         string     `json:"data,omitempty"`
	Stats        []dumpStat `json:"stats,omitempty"`
	Mirrored     []string   `json:"mirrored,omitempty"`
	Open         *dumpOpen  `json:"open,omitempty"`
	RouteRefresh string     `json:"route_refresh,omitempty"`
	TLVs         []dumpTLV  `json:"tlvs,omitempty"`
	// MRT records (dump_mrt.go).
	MRTType     string        `json:"mrt_type,omitempty"`
	MRTSubtype  string        `json:"mrt_subtype,omitempty"`
	LocalASN    *uint32       `json:"local_asn,omitempty"`
	OldState    string        `json:"old_state,omitempty"`
	NewState    string        `json:"new_state,omitempty"`
	Originated  string        `json:"originated,omitempty"`
	CollectorID string        `json:"collector_id,omitempty"`
	ViewName    *string       `json:"view_name,omitempty"`
	MRTPeers    []dumpMRTPeer `json:"peers,omitempty"`

	Note   string      `json:"note,omitempty"`
	Error  string      `json:"error,omitempty"`
	key    bmp.PeerKey // for the counts
	hasKey bool
	// path is an UPDATE's path attributes: MarshalJSON writes its members
	// into the record as every output of bgplens writes a path.
	path *bgp.Path
}

// MarshalJSON writes the record's fields, then its path's members.
func (r *dumpRecord) MarshalJSON() ([]byte, error) {
	type fields dumpRecord // without this method
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<" and ">" as they are, as writeJSONLine writes
	if err := enc.Encode((*fields)(r)); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if r.path == nil {
		return b, nil
	}
	return append(r.path.AppendJSON(b[:len(b)-1]), '}'), nil
}

// dumpRoute is one announced or withdrawn route.
type dumpRoute struct {
	Prefix           string   `json:"prefix"`
	Family           string   `json:"family"`
	PathID           *uint32  `json:"path_id,omitempty"`
	NextHop          string   `json:"next_hop,omitempty"`
	NextHopLinkLocal string   `json:"next_hop_link_local,omitempty"`
	Labels           []uint32 `json:"labels,omitempty"`
	RD               string   `json:"rd,omitempty"`
}

// dumpNLRI is one NLRI entry of a family not decoded into prefixes (EVPN,
// FlowSpec, ...): its members as bgp.Family.AppendEntryJSON writes them
// (docs/json.md, "NLRI entries") and its one-line text.
type dumpNLRI struct {
	Family    string          `json:"family"`
	Withdrawn bool            `json:"withdrawn,omitempty"`
	PathID    *uint32         `json:"path_id,omitempty"`
	NextHop   string          `json:"next_hop,omitempty"`
	Text      string          `json:"text,omitempty"`
	NLRI      json.RawMessage `json:"nlri,omitempty"`
	Error     string          `json:"error,omitempty"`
}

// otherNLRI lists the entries of an NLRI field of family f; one that does
// not frame ends the list with its error.
func otherNLRI(f bgp.Family, entries func(func(bgp.NLRI, error) bool), withdrawn, addPath bool, nh string) []dumpNLRI {
	var out []dumpNLRI
	for e, err := range entries {
		d := dumpNLRI{Family: f.JSONName(), Withdrawn: withdrawn, NextHop: nh}
		if err != nil {
			d.Error = err.Error()
			return append(out, d)
		}
		if addPath {
			id := e.PathID
			d.PathID = &id
		}
		d.Text = f.EntryText(e)
		d.NLRI = f.AppendEntryJSON(nil, e)
		out = append(out, d)
	}
	return out
}

// dumpSess is a session context an UPDATE is read with, as far as it
// changes the reading: AS width and ADD-PATH.
type dumpSess struct {
	AS4     bool     `json:"four_octet_as"`
	AddPath []string `json:"add_path,omitempty"`
}

func newDumpSess(s bgp.Session) *dumpSess {
	d := &dumpSess{AS4: s.AS4}
	for _, f := range s.AddPathFamilies() {
		d.AddPath = append(d.AddPath, f.JSONName())
	}
	return d
}

func (s *dumpSess) String() string {
	t := "2-octet AS"
	if s.AS4 {
		t = "4-octet AS"
	}
	if len(s.AddPath) == 0 {
		return t + ", no ADD-PATH"
	}
	return t + ", ADD-PATH for " + strings.Join(s.AddPath, ", ")
}

// dumpOpen is what an OPEN says.
type dumpOpen struct {
	ASN          uint32   `json:"asn"`
	HoldTime     uint16   `json:"hold_time"`
	BGPID        string   `json:"bgp_id"`
	Capabilities []string `json:"capabilities,omitempty"`
}

// dumpNegot is what the two OPENs of a Peer Up negotiate.
type dumpNegot struct {
	AS4           bool     `json:"four_octet_as"`
	Extended      bool     `json:"extended_messages"`
	Families      []string `json:"families,omitempty"`
	AddPathIn     []string `json:"add_path_receive,omitempty"`
	AddPathOut    []string `json:"add_path_send,omitempty"`
	AFlag         bool     `json:"a_flag,omitempty"`
	SessionForRIB string   `json:"-"`
}

type dumpNotif struct {
	Code    uint8  `json:"code"`
	Subcode uint8  `json:"subcode"`
	Text    string `json:"text"`
	Data    string `json:"data,omitempty"`
}

type dumpTLV struct {
	Type  int    `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dumpStat struct {
	Type   int    `json:"type"`
	Name   string `json:"name"`
	Value  uint64 `json:"value"`
	Family string `json:"family,omitempty"`
	Raw    string `json:"raw,omitempty"` // a value of unknown layout, in hex
}

// emit writes a record as JSON or text.
func (d *dumper) emit(r *dumpRecord) {
	if d.opt.json {
		writeJSONLine(d.out, r)
		return
	}
	writeText(d.out, r)
}

// writeJSONLine writes v as one line of JSON, with "<" and ">" as they are.
func writeJSONLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		io.WriteString(w, `{"type":"error","error":`+strconv.Quote(err.Error())+"}\n")
	}
}

// bmpTypeName is the JSON name of a BMP message type.
func bmpTypeName(t bmp.MsgType) string { return t.JSONName() }

func peerTypeName(t bmp.PeerType) string { return t.JSONName() }

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}

// setPeer copies the per-peer header.
func (r *dumpRecord) setPeer(p bmp.PeerHeader) {
	r.RouterTime = timeText(p.Time())
	r.PeerType = peerTypeName(p.Type)
	fl, as := uint8(p.Flags), p.AS
	r.PeerFlags, r.PeerASN = &fl, &as
	if p.Type == bmp.PeerRD || p.Type == bmp.PeerLocal || p.Distinguisher != (bgp.RD{}) {
		r.PeerDistinguisher = p.Distinguisher.String()
	}
	r.PeerIP = p.Address.String() // zero-filled for Loc-RIB (RFC 9069 §4.1)
	r.PeerBGPID = p.BGPID.String()
	r.RIB = p.RIB().String()
	r.key, r.hasKey = p.Key(), true
}

// bmpMessage decodes and prints one BMP message found at stream offset off.
func (d *dumper) bmpMessage(sc *streamCtx, msg []byte, off int64) {
	r := &dumpRecord{File: sc.file, Flow: sc.flow, RouterIP: sc.router, SysName: sc.sysName, Offset: off, Length: len(msg)}
	if len(msg) > bmp.OffType {
		r.Type = bmpTypeName(bmp.MsgType(msg[bmp.OffType]))
		r.Version = msg[bmp.OffVersion]
	}
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		// Some routers (Huawei VRP 8.230 in the test captures) put octets
		// after the UPDATE of a version 3 Route Monitoring message, which
		// RFC 7854 §4.6 does not provide for: read the UPDATE and say so.
		if fixed, extra, ok := bmp.TrimRouteMonitoring(msg); ok {
			if v2, err2 := bmp.ParseMessage(fixed); err2 == nil {
				v, err = v2, nil
				r.Problems = append(r.Problems, strconv.Itoa(len(extra))+" octets after the BGP message, which RFC 7854 "+
					"§4.6 does not provide for (vendor TLVs?), ignored: "+hex.EncodeToString(extra))
			}
		}
	}
	if err != nil {
		d.stats.count(sc, r)
		d.fail(sc, off, r.Type+" message: "+err.Error())
		return
	}
	if name, ok := sc.namer.Message(v); ok {
		r.Router = name // as the station names it, in its events and API
	}
	if !v.Type().Known() {
		t := int(v.Type())
		r.BMPType = &t
		r.Data = hex.EncodeToString(msg[bmp.CommonHeaderLen:])
	}
	if p, ok := v.Peer(); ok {
		r.setPeer(p)
	}
	ok := true
	switch v.Type() {
	case bmp.MsgRouteMonitoring:
		rm, _ := v.RouteMonitoring()
		u, reading, err := sc.peers.ReadUpdate(rm)
		r.Session = newDumpSess(reading.Session)
		r.NoPeerUp = !reading.PeerUp
		r.AFlagMismatch = reading.AFlag
		if reading.Fallback != 0 {
			r.Fallback = reading.Fallback.String()
			r.Expected = newDumpSess(reading.Expected)
		}
		if reading.RouteRefresh {
			ok = describeRefreshInRM(r, rm.BGPMessage())
			break
		}
		if err != nil {
			r.Problems = append(r.Problems, "UPDATE cannot be framed under any reading: "+err.Error())
			ok = false
			break
		}
		describeUpdate(r, u, reading.Session)
	case bmp.MsgPeerUp:
		pu, _ := v.PeerUp()
		for _, m := range sc.peers.PeerUp(pu) {
			r.Mismatches = append(r.Mismatches, m.Kind.String()+": "+m.Reason)
		}
		ok = describePeerUp(r, pu)
	case bmp.MsgPeerDown:
		p, _ := v.Peer()
		sc.peers.PeerDown(p)
		ok = describeDecoded(r, v)
	default:
		ok = describeDecoded(r, v)
	}
	if r.Type == "initiation" {
		for _, t := range r.Information {
			if t.Type == int(bmp.InitSysName) {
				sc.sysName = t.Value
				r.SysName = t.Value
			}
		}
	}
	d.stats.count(sc, r)
	if !d.opt.quiet {
		d.emit(r)
	}
	if !ok {
		d.fail(sc, off, r.Type+" message: "+strings.Join(r.Problems, "; "))
	}
}

// describeRefreshInRM describes a Route Monitoring message that carries a
// ROUTE-REFRESH (bmp.Reading.RouteRefresh): an exporter's quirk, noted,
// not an error of the file unless the ROUTE-REFRESH is malformed.
func describeRefreshInRM(r *dumpRecord, msg []byte) bool {
	r.Note = "a ROUTE-REFRESH where RFC 7854 §4.6 puts an UPDATE (Cisco IOS XR sends its peers' " +
		"Enhanced Route Refresh markers this way); no routes change"
	rr, err := bgp.DecodeRouteRefreshORF(msg, bgp.Session{ExtendedMsg: true})
	if err != nil {
		r.Problems = append(r.Problems, "ROUTE-REFRESH: "+err.Error())
		return false
	}
	r.RouteRefresh = rr.String()
	return true
}

// describeDecoded fills r from the owned form of the message.
func describeDecoded(r *dumpRecord, v bmp.MessageView) bool {
	m, err := v.Decode()
	if err != nil {
		r.Problems = append(r.Problems, err.Error())
		return false
	}
	switch m := m.(type) {
	case bmp.PeerDown:
		reason := int(m.Reason)
		r.Reason, r.ReasonText = &reason, m.Reason.String()
		switch {
		case m.Data != nil:
			r.Data = hex.EncodeToString(m.Data)
			r.Problems = append(r.Problems, "the data does not have the layout of the reason: kept raw")
		case m.Reason == bmp.DownLocalNotification || m.Reason == bmp.DownRemoteNotification:
			n, err := m.DecodeNotification()
			if err != nil {
				r.Problems = append(r.Problems, "NOTIFICATION: "+err.Error())
				break
			}
			r.Notification = &dumpNotif{Code: uint8(n.Code), Subcode: n.Subcode, Text: n.String(), Data: hex.EncodeToString(n.Data)}
		case m.Reason == bmp.DownLocalFSMEvent:
			ev := m.FSMEvent
			r.FSMEvent = &ev
		}
		for _, t := range m.TLVs {
			r.Information = append(r.Information, dumpTLV{int(t.Type), bmp.PeerDownTLVType(t.Type).String(), t.Text()})
		}
	case bmp.StatisticsReport:
		for _, s := range m.Stats {
			st := dumpStat{Type: int(s.Type), Name: s.Type.String()}
			if f, g, ok := s.FamilyGauge(); ok && s.Type.Width() == bmp.StatFamilyGauge {
				st.Value, st.Family = g, f.JSONName()
			} else if u, ok := s.Uint(); ok {
				st.Value = u
			} else {
				st.Raw = hex.EncodeToString(s.Value)
			}
			r.Stats = append(r.Stats, st)
		}
		if len(m.Trailing) > 0 {
			r.Data = hex.EncodeToString(m.Trailing)
		}
	case bmp.Initiation:
		for _, t := range m.Information {
			r.Information = append(r.Information, dumpTLV{int(t.Type), bmp.InitiationTLVType(t.Type).String(), t.Text()})
		}
	case bmp.Termination:
		for _, t := range m.Information {
			tt := bmp.TerminationTLVType(t.Type)
			if tt == bmp.TermReason {
				if v, ok := t.Uint16(); ok {
					reason := int(v)
					r.Reason, r.ReasonText = &reason, bmp.TerminationReason(v).String()
					continue
				}
			}
			r.Information = append(r.Information, dumpTLV{int(t.Type), tt.String(), t.Text()})
		}
	case bmp.RouteMirroring:
		for _, t := range m.TLVs {
			switch bmp.MirroringTLVType(t.Type) {
			case bmp.MirrorBGPMessage:
				r.Mirrored = append(r.Mirrored, bgpTypeOf(t.Value))
			case bmp.MirrorInformation:
				if v, ok := t.Uint16(); ok {
					r.Information = append(r.Information, dumpTLV{int(t.Type), "Information", bmp.MirroringInfo(v).String()})
					continue
				}
				fallthrough
			default:
				r.TLVs = append(r.TLVs, dumpTLV{int(t.Type), bmp.MirroringTLVType(t.Type).String(), hex.EncodeToString(t.Value)})
			}
		}
	}
	return true
}

// bgpTypeOf names the BGP message in b ("UPDATE", "KEEPALIVE", ...).
func bgpTypeOf(b []byte) string {
	h, err := bgp.ParseHeader(b, bgp.Session{ExtendedMsg: true})
	if err != nil {
		return "unreadable BGP message (" + strconv.Itoa(len(b)) + " octets)"
	}
	return h.Type.String()
}

// describePeerUp fills r with the Peer Up's fields, its OPENs and what
// they negotiate.
func describePeerUp(r *dumpRecord, pu bmp.PeerUpView) bool {
	p := pu.Peer()
	lp, rp := pu.LocalPort(), pu.RemotePort()
	r.LocalIP, r.LocalPort, r.RemotePort = pu.LocalAddress().String(), &lp, &rp
	r.SentOpen, r.ReceivedOpen = describeOpen(pu.SentOpen()), describeOpen(pu.ReceivedOpen())
	for t := range pu.Information() {
		r.Information = append(r.Information, dumpTLV{int(t.Type), bmp.PeerUpTLVType(t.Type).String(), t.Text()})
	}
	in, _ := pu.Session(bmp.RIBInPre)
	out, _ := pu.Session(bmp.RIBOutPre)
	n := &dumpNegot{AS4: in.AS4, Extended: in.ExtendedMsg, AFlag: p.AS2()}
	for _, f := range in.AddPathFamilies() {
		n.AddPathIn = append(n.AddPathIn, f.JSONName())
	}
	for _, f := range out.AddPathFamilies() {
		n.AddPathOut = append(n.AddPathOut, f.JSONName())
	}
	sent, err1 := bgp.DecodeOpen(pu.SentOpen())
	rcvd, err2 := bgp.DecodeOpen(pu.ReceivedOpen())
	if err1 == nil && err2 == nil {
		for _, f := range bgp.NegotiatedFamilies(sent, rcvd) {
			n.Families = append(n.Families, f.JSONName())
		}
	}
	if p.AS2() && in.AS4 {
		// The A flag says the UPDATEs use 2-octet AS numbers although the
		// OPENs negotiated 4: the flag wins (RFC 7854 §4.2).
		n.AS4 = false
	}
	r.Negotiated = n
	for i, e := range []error{err1, err2} {
		if e != nil {
			r.Problems = append(r.Problems, []string{"sent", "received"}[i]+" OPEN: "+e.Error())
		}
	}
	return true
}

// describeOpen summarises an OPEN message. An OPEN bgp.ParseOpen refuses
// for what its fields say rather than for its framing (My AS 0, as FRR
// 8.0.1 writes in the OPENs it fabricates for Loc-RIB) is still shown: the
// view is complete then (OpenView.Framed).
func describeOpen(msg []byte) *dumpOpen {
	v, err := bgp.ParseOpen(msg)
	if err != nil && !v.Framed() {
		return nil
	}
	o := &dumpOpen{ASN: v.AS(), HoldTime: v.HoldTime(), BGPID: v.BGPIdentifier().String()}
	for c := range v.Capabilities() {
		o.Capabilities = append(o.Capabilities, capabilityText(c))
	}
	return o
}

// capabilityText names a capability, with its value where it is short.
func capabilityText(c bgp.CapabilityView) string {
	name := c.Code.String()
	switch c.Code {
	case bgp.CapCodeMultiprotocol:
		if f, err := c.Multiprotocol(); err == nil {
			return name + " " + f.String()
		}
	case bgp.CapCodeAS4:
		if as, err := c.AS4(); err == nil {
			return name + " " + strconv.FormatUint(uint64(as), 10)
		}
	case bgp.CapCodeAddPath:
		if v, err := c.AddPath(); err == nil {
			var parts []string
			for e := range v.All() {
				parts = append(parts, e.Family.String()+" "+e.Mode.String())
			}
			return name + " " + strings.Join(parts, ", ")
		}
	}
	return name
}

// describeUpdate fills r with the routes and attributes of an UPDATE read
// with session s.
func describeUpdate(r *dumpRecord, u bgp.UpdateView, s bgp.Session) {
	if f, ok := u.EndOfRIB(); ok {
		r.EndOfRIB = f.JSONName()
	}
	// The record outlives the reader's buffer: its path reads a copy.
	a := u.AttrsSpan()
	p, _ := bgp.ReadPath(append([]byte(nil), u.Message()[a.Off:a.Off+a.Len]...), s)
	if mp, ok := u.MPReach(); ok && !mp.Family.Prefixes() && len(mp.NLRI) > 0 {
		nh := ""
		if addr, _, ok := p.NextHop(mp.Family); ok {
			nh = addr.String()
		}
		r.OtherNLRI = append(r.OtherNLRI, otherNLRI(mp.Family, mp.Entries(), false, mp.AddPath, nh)...)
	}
	if un, ok := u.MPUnreach(); ok && !un.Family.Prefixes() && len(un.Withdrawn) > 0 {
		r.OtherNLRI = append(r.OtherNLRI, otherNLRI(un.Family, un.Entries(), true, un.AddPath, "")...)
	}
	if p.Bytes() != nil {
		r.path = &p
	}
	for f, rt := range u.Announced() {
		r.Announced = append(r.Announced, announcedRoute(f, rt, s, &p))
	}
	for f, rt := range u.Withdrawals() {
		r.Withdrawn = append(r.Withdrawn, newDumpRoute(f, rt, s))
	}
	if v := u.Verdict(); v != nil {
		r.Verdict = v.Action.String()
		for _, e := range u.Errors() {
			r.Problems = append(r.Problems, e.Error())
		}
	}
}

func newDumpRoute(f bgp.Family, rt bgp.Route, s bgp.Session) dumpRoute {
	d := dumpRoute{Prefix: rt.Prefix.String(), Family: f.JSONName()}
	if s.AddPath(f) {
		id := rt.PathID
		d.PathID = &id
	}
	for _, l := range rt.LabelStack() {
		d.Labels = append(d.Labels, l.Value())
	}
	if f.SAFI == bgp.SAFIMPLSVPN || f.SAFI == bgp.SAFIMCASTMPLSVPN {
		d.RD = rt.RD.String()
	}
	return d
}

// announcedRoute is an announced route with the next hop (and IPv6
// link-local one) its path p gives for family f.
func announcedRoute(f bgp.Family, rt bgp.Route, s bgp.Session, p *bgp.Path) dumpRoute {
	d := newDumpRoute(f, rt, s)
	if nh, ll, ok := p.NextHop(f); ok {
		d.NextHop = nh.String()
		if ll.IsValid() {
			d.NextHopLinkLocal = ll.String()
		}
	}
	return d
}
