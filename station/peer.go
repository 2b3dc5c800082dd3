package station

import (
	"math/bits"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
)

// peerStatus is what the station knows of a monitored peer's session.
type peerStatus uint8

const (
	peerNoPeerUp   peerStatus = iota // routes or statistics came, but no Peer Up (FRR's own routes, gobgp's Loc-RIB)
	peerUp                           // a Peer Up is in force
	peerDown                         // the last word was a Peer Down
	peerRouterGone                   // was up when the router's session ended: nobody says now
)

func (s peerStatus) String() string {
	switch s {
	case peerUp:
		return "up"
	case peerDown:
		return "down"
	case peerRouterGone:
		return "router_disconnected"
	}
	return "no_peer_up"
}

// peerState is one monitored peer of a router, as its per-peer header
// names it (peer type, distinguisher, address). The router's session
// goroutine is its only writer: it reads fields freely and writes them
// holding the router's lock; the API reads them holding it shared. The
// per-RIB counters are atomic, bumped without the lock.
type peerState struct {
	id         rib.PeerID
	hdr        bmp.PeerHeader // the latest per-peer header (AS, BGP ID, flags)
	status     peerStatus
	firstSeen  time.Time
	since      time.Time // when the status last changed (event time)
	everUp     bool
	up         *peerUpState        // the latest Peer Up, kept after a Peer Down
	down       *peerDownState      // the Peer Down that ended the last session (the peer was up, or had routes)
	retry      *peerDownState      // the latest Peer Down that ended no session (a retry, or a peer never up)
	retries    uint64              // Peer Downs that ended no session
	downs      uint64              // Peer Downs received
	neverUp    uint64              // of which for a peer never seen up in this session
	tableName  string              // Loc-RIB table name from the Peer Up (RFC 9069 §5.2.1)
	tableNames map[string]struct{} // other Loc-RIB table names its Route Monitoring named (v4 TLV)
	stats      map[bmp.RIB]*statsSnapshot
	ribs       [bmp.RIBLoc + 1]ribCounters
	size       int64 // octets accounted to the router for this peer
}

// ribCounters counts what happened to one RIB's Route Monitoring: the
// Reading bmp.Peers returned for each message, and the routes applied.
type ribCounters struct {
	messages, noPeerUp, fallbackAS4, fallbackAddPath, inconsistent, unframed, aFlag atomic.Uint64
	announced, withdrawn, verdicts                                                  atomic.Uint64
	last                                                                            atomic.Int64 // unix nanoseconds of the last message
}

// peerUpState is the latest Peer Up of a peer.
type peerUpState struct {
	at, routerTime time.Time
	info           output.PeerUpInfo
	sentOpen       []byte // as sent, for the API's explanation
	receivedOpen   []byte
}

// peerDownState is the latest Peer Down of a peer.
type peerDownState struct {
	at, routerTime time.Time
	info           output.PeerDownInfo
	notification   []byte   // the NOTIFICATION (reasons 1 and 3), for the API's explanation
	tlvs           []string // reason 6 TLVs, as text
	data           []byte   // octets bmp could not read for the reason
	wasUp          bool
}

// statsSnapshot is the latest Statistics Report of one peer and RIB.
type statsSnapshot struct {
	at, routerTime time.Time
	stats          []output.Stat
}

// peerStateBase is what a peer's state costs besides its OPENs and text:
// this package's and bmp.Peers' (measured by TestMemoryAccounted).
const peerStateBase = 1400

// tableCost is what a table costs before its routes (its trees' first
// nodes, per-length counts, scratch space; measured by
// TestMemoryAccounted): a router's tables count in its memory with it.
const tableCost = 3300

// peerIDOf returns the RIB's identity of the peer a per-peer header names.
func peerIDOf(h bmp.PeerHeader) rib.PeerID {
	return rib.PeerID{Type: uint8(h.Type), Distinguisher: h.Distinguisher, Addr: h.Address}
}

// peerIDString is the peer's name in the API and in metric labels: its
// address for a global instance peer, else "type/rd/address" (the RD
// left out when zero), e.g. "loc-rib/0.0.0.0".
func peerIDString(id rib.PeerID) string {
	if id.Type == uint8(bmp.PeerGlobal) && id.Distinguisher == (bgp.RD{}) {
		return id.Addr.String()
	}
	s := output.PeerTypeName(bmp.PeerType(id.Type)) + "/"
	if id.Distinguisher != (bgp.RD{}) {
		s += id.Distinguisher.String() + "/"
	}
	return s + id.Addr.String()
}

// peer returns the state of the peer h names, creating it; nil when the
// router already has cfg.MaxPeers peers. A message about a peer beyond the
// cap is counted and not used: no peer state, no table, no event, no
// metric series (the first is logged), so the cap bounds what a router
// can make the station hold and export.
func (r *router) peer(h bmp.PeerHeader, now time.Time) *peerState {
	id := peerIDOf(h)
	if p, ok := r.peers[id]; ok {
		if !h.BGPID.IsValid() || h.BGPID.IsUnspecified() {
			// FRR's Peer Downs of failed reconnections carry BGP ID 0:
			// keep the one the peer had.
			h.BGPID = p.hdr.BGPID
		}
		if p.hdr.AS != h.AS || p.hdr.BGPID != h.BGPID {
			r.mu.Lock()
			p.hdr = h
			r.mu.Unlock()
		}
		return p
	}
	if len(r.peers) >= r.st.cfg.MaxPeers {
		r.overPeers.Add(1)
		r.st.m.overPeers.Inc()
		if !r.peerCapLogged {
			r.peerCapLogged = true
			r.log.Warn("max_peers reached: messages about further peers are counted and ignored",
				"max_peers", r.st.cfg.MaxPeers, "peer", peerIDString(id))
		}
		return nil
	}
	p := &peerState{id: id, hdr: h, firstSeen: now, since: now, size: peerStateBase}
	r.mu.Lock()
	r.peers[id] = p
	r.mu.Unlock()
	r.held.Add(p.size)
	return p
}

// maxTableNames is the most Loc-RIB table names kept per peer besides
// the Peer Up's: RFC 9069 has one per VRF, and VRFs have distinguishers
// of their own, so more is a stream inventing tables.
const maxTableNames = 64

// allowTable reports whether a Route Monitoring naming a Loc-RIB table
// may have it: the peer's tables are capped as its peers are.
func (r *router) allowTable(p *peerState, h bmp.PeerHeader, name string) bool {
	if h.RIB() != bmp.RIBLoc || name == "" || name == p.tableName {
		return true
	}
	if _, ok := p.tableNames[name]; ok {
		return true
	}
	if len(p.tableNames) >= maxTableNames {
		r.overPeers.Add(1)
		r.st.m.overPeers.Inc()
		if !r.tableCapLogged {
			r.tableCapLogged = true
			r.log.Warn("a peer names too many Loc-RIB tables: messages about further ones are counted and ignored",
				"peer", peerIDString(p.id), "tables", maxTableNames)
		}
		return false
	}
	r.mu.Lock()
	if p.tableNames == nil {
		p.tableNames = map[string]struct{}{}
	}
	p.tableNames[name] = struct{}{}
	r.mu.Unlock()
	r.held.Add(int64(64 + len(name)))
	return true
}

// tableKey names the RIB table a per-peer header's routes go to.
func (r *router) tableKey(h bmp.PeerHeader, tableName string) rib.TableKey {
	k := rib.TableKey{Router: r.key, Peer: peerIDOf(h), RIB: rib.RIBKind(h.RIB())}
	if k.RIB == rib.LocRIB {
		k.Table = tableName
	}
	return k
}

// peerRef is the event's view of the peer and table.
func peerRef(h bmp.PeerHeader, tableName string) output.PeerRef {
	ref := output.PeerRef{Type: h.Type, Distinguisher: h.Distinguisher, Addr: h.Address, AS: h.AS, BGPID: h.BGPID, RIB: h.RIB()}
	if ref.RIB == bmp.RIBLoc {
		ref.TableName = tableName
	}
	return ref
}

// peerUp handles a Peer Up Notification (RFC 7854 §4.10): the session the
// OPENs negotiated becomes the first hypothesis for the peer's UPDATEs,
// and the OPENs are kept for the API.
func (r *router) peerUp(v bmp.MessageView, now time.Time) {
	pu, _ := v.PeerUp()
	h := pu.Peer()
	mism := r.bmpPeers.PeerUp(pu)
	for _, m := range mism {
		r.st.m.mismatches.WithLabelValues(m.Kind.String()).Inc()
	}
	p := r.peer(h, now)
	if p == nil {
		return
	}
	tm, rt := r.times(h, now)
	st := &peerUpState{at: tm, routerTime: rt, sentOpen: clone(pu.SentOpen()), receivedOpen: clone(pu.ReceivedOpen())}
	info := &st.info
	info.LocalAddr = pu.LocalAddress()
	info.LocalPort, info.RemotePort = pu.LocalPort(), pu.RemotePort()
	if pu.PortsSwapped() {
		// FRR before 8.5 wrote the ports in host order: the session's
		// ports are the octets swapped back (the raw feed keeps them as sent).
		info.LocalPort, info.RemotePort = bits.ReverseBytes16(info.LocalPort), bits.ReverseBytes16(info.RemotePort)
		r.st.m.quirks.WithLabelValues("peer_up_ports_swapped").Inc()
	}
	info.SentOpen = openInfo(st.sentOpen)
	info.ReceivedOpen = openInfo(st.receivedOpen)
	tableName := ""
	for t := range pu.Information() {
		text := t.Text()
		if bmp.PeerUpTLVType(t.Type) == bmp.PeerUpVRFTableName {
			tableName = text
		}
		info.Information = append(info.Information, bmp.PeerUpTLVType(t.Type).String()+": "+text)
	}
	if sess, _, ok := r.bmpPeers.Session(h.Key()); ok {
		info.AS4, info.ExtendedMsg = sess.AS4, sess.ExtendedMsg
		for _, f := range sess.AddPathFamilies() {
			info.AddPath = append(info.AddPath, f.JSONName())
		}
	}
	for _, m := range mism {
		info.Mismatches = append(info.Mismatches, m.Kind.String()+": "+m.Reason)
	}
	r.mu.Lock()
	r.held.Add(int64(len(st.sentOpen)+len(st.receivedOpen)) - p.upSize())
	p.up, p.status, p.since, p.everUp = st, peerUp, tm, true
	p.tableName = tableName
	r.mu.Unlock()
	r.log.Info("peer up", "peer", peerIDString(p.id), "asn", h.AS, "bgp_id", h.BGPID.String(), "table_name", tableName)
	ev := r.newEvent(output.EventPeerUp, h, tableName, tm, rt)
	ev.PeerUp = info
	r.emit(ev)
}

// upSize is what the peer's kept OPENs cost.
func (p *peerState) upSize() int64 {
	if p.up == nil {
		return 0
	}
	return int64(len(p.up.sentOpen) + len(p.up.receivedOpen))
}

// openInfo summarises an OPEN message for events and the API.
func openInfo(msg []byte) output.OpenInfo {
	o, err := bgp.DecodeOpen(msg)
	if err != nil && o.BGPIdentifier == (netip.Addr{}) {
		return output.OpenInfo{}
	}
	oi := output.OpenInfo{AS: o.AS(), HoldTime: o.HoldTime, BGPID: o.BGPIdentifier}
	for _, c := range o.Capabilities() {
		oi.Capabilities = append(oi.Capabilities, c.Code.String())
	}
	return oi
}

// peerDown handles a Peer Down Notification (RFC 7854 §4.9): the peer's
// tables are cleared and the reason kept, its NOTIFICATION decoded.
//
// FRR sends Peer Down for peers that never came up (one per failed
// connection attempt, reason 2 with FSM event 0, or reason 3 after the
// peer shut the session, repeated per retry). Those are counted on the
// peer and in bgplens_station_exporter_quirks_total (kind
// "peer_down_never_up", or "peer_down_repeated" for a peer already down)
// but give no event: a consumer would see a peer go down that was not up.
func (r *router) peerDown(v bmp.MessageView, now time.Time) error {
	pd, err := decodeAs[bmp.PeerDown](v)
	if err != nil {
		return err
	}
	h := pd.Peer
	if l, err := bmp.LocatePeerDown(v.Message()); err == nil && l.Problem != nil {
		// Data that does not fit the reason (FRR's reason 1 without its
		// NOTIFICATION before FRRouting/frr#8067): kept as raw octets, the
		// peer goes down all the same.
		r.st.m.quirks.WithLabelValues("peer_down_data_mismatch").Inc()
		r.log.Debug("peer down data does not fit its reason", "reason", pd.Reason.String(), "problem", l.Problem.Error())
	}
	r.bmpPeers.PeerDown(h)
	p := r.peer(h, now)
	if p == nil {
		return nil
	}
	tm, rt := r.times(h, now)
	ds := &peerDownState{at: tm, routerTime: rt, data: pd.Data}
	ds.info.Reason = pd.Reason
	ds.info.FSMEvent = pd.FSMEvent
	if pd.Notification != nil {
		ds.notification = pd.Notification
		ds.info.HasNotif = true
		if n, err := pd.DecodeNotification(); err == nil {
			ds.info.Code, ds.info.Subcode, ds.info.NotifText = uint8(n.Code), n.Subcode, n.String()
		} else if len(pd.Notification) > bgp.HeaderLen+1 {
			ds.info.Code, ds.info.Subcode = pd.Notification[bgp.HeaderLen], pd.Notification[bgp.HeaderLen+1]
			ds.info.NotifText = "malformed NOTIFICATION: " + err.Error()
		}
	}
	tableName := ""
	for _, t := range pd.TLVs {
		if bmp.PeerDownTLVType(t.Type) == bmp.PeerDownVRFTableName {
			tableName = t.Text()
		}
		ds.tlvs = append(ds.tlvs, bmp.PeerDownTLVType(t.Type).String()+": "+t.Text())
	}
	// RFC 9069 §5.3: a Loc-RIB Peer Down with a table name ends that
	// table; any other ends every table of the peer.
	if h.Type == bmp.PeerLocRIB && tableName != "" {
		ds.info.RoutesGone = r.st.db.ClearTable(r.tableKey(h, tableName))
	} else {
		ds.info.RoutesGone = r.st.db.ClearPeer(r.key, peerIDOf(h))
	}
	wasUp := p.status == peerUp
	ds.wasUp = wasUp
	// The Peer Down that ended a session is kept apart from the retries
	// that follow it (FRR sends one per failed reconnection), so that the
	// API still says why the session ended and what it took away.
	ended := wasUp || ds.info.RoutesGone > 0
	r.mu.Lock()
	p.downs++
	if !p.everUp {
		p.neverUp++
	}
	if ended {
		p.down = ds
	} else {
		p.retry = ds
		p.retries++
	}
	p.status, p.since = peerDown, tm
	r.mu.Unlock()
	if !ended {
		kind := "peer_down_never_up"
		if p.everUp {
			kind = "peer_down_repeated"
		}
		r.st.m.quirks.WithLabelValues(kind).Inc()
		r.log.Debug("peer down again (no session ended)", "peer", peerIDString(p.id), "reason", ds.info.Reason.String())
		return nil
	}
	r.log.Info("peer down", "peer", peerIDString(p.id), "asn", h.AS, "reason", ds.info.Reason.String(),
		"notification", ds.info.NotifText, "routes_removed", ds.info.RoutesGone)
	ev := r.newEvent(output.EventPeerDown, h, tableName, tm, rt)
	info := ds.info
	ev.PeerDown = &info
	r.emit(ev)
	return nil
}

// clone copies b (nil for empty).
func clone(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}
