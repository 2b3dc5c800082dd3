package station

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"sort"
	"strconv"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/explain"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
)

// The JSON forms of the API (docs/station.md).

type routerJSON struct {
	Name           string            `json:"name"`
	Address        string            `json:"address"`
	Port           uint16            `json:"port"`
	Connected      bool              `json:"connected"`
	ConnectedSince time.Time         `json:"connected_since"`
	DisconnectedAt *time.Time        `json:"disconnected_at,omitempty"`
	CloseReason    string            `json:"close_reason,omitempty"`
	Termination    string            `json:"termination_reason,omitempty"`
	Initiated      *time.Time        `json:"initiated,omitempty"`
	SysName        string            `json:"sys_name,omitempty"`
	SysDescr       string            `json:"sys_descr,omitempty"`
	Info           []string          `json:"information,omitempty"`
	Messages       map[string]uint64 `json:"messages"`
	MessagesTotal  uint64            `json:"messages_total"`
	MessageRate    *float64          `json:"messages_per_second,omitempty"`
	UpdateRate     *float64          `json:"route_monitoring_per_second,omitempty"`
	Octets         uint64            `json:"octets"`
	Memory         memoryJSON        `json:"memory"`
	Peers          int               `json:"peers"`
	PeersUp        int               `json:"peers_up"`
	OverMaxPeers   uint64            `json:"over_max_peers,omitempty"`
	Routes         int               `json:"routes"`
	Mirrored       uint64            `json:"mirrored"`
}

type memoryJSON struct {
	Buffered int64 `json:"buffered_octets"`
	Held     int64 `json:"held_octets"`
	Limit    int64 `json:"limit_octets"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (r *router) json() routerJSON {
	buffered, held := r.memory()
	j := routerJSON{
		Name: r.key, Address: r.addr.Addr().String(), Port: r.addr.Port(),
		Connected: r.isConnected(), ConnectedSince: r.since,
		Messages: map[string]uint64{}, MessagesTotal: r.messageCount(), Octets: r.bytes.Load(),
		Memory: memoryJSON{Buffered: buffered, Held: held, Limit: r.st.cfg.MaxRouterMemory},
	}
	for i := range r.msgs {
		if n := r.msgs[i].Load(); n > 0 {
			j.Messages[msgTypeLabel(i)] = n
		}
	}
	j.Routes = r.st.db.RouterRoutes(r.key)
	j.MessageRate, j.UpdateRate = r.st.series.rates(r.key)
	j.OverMaxPeers = r.overPeers.Load()
	r.mu.RLock()
	defer r.mu.RUnlock()
	j.DisconnectedAt = timePtr(r.closedAt)
	j.CloseReason, j.Termination = r.closeReason, r.terminated
	j.Initiated = timePtr(r.initiated)
	j.SysName, j.SysDescr, j.Info = r.sysName, r.sysDescr, r.info
	j.Peers = len(r.peers)
	for _, p := range r.peers {
		if p.status == peerUp {
			j.PeersUp++
		}
	}
	j.Mirrored = r.mirror.total
	return j
}

type peerJSON struct {
	ID           string         `json:"id"`
	Type         string         `json:"peer_type"`
	RD           string         `json:"peer_distinguisher,omitempty"`
	Address      string         `json:"peer_ip"`
	AS           uint32         `json:"peer_asn"`
	BGPID        string         `json:"peer_bgp_id"`
	State        string         `json:"state"`
	Since        time.Time      `json:"since"`
	FirstSeen    time.Time      `json:"first_seen"`
	TableName    string         `json:"table_name,omitempty"`
	PeerUp       *peerUpJSON    `json:"peer_up,omitempty"`
	LastDown     *peerDownJSON  `json:"last_down,omitempty"`
	LastRetry    *peerDownJSON  `json:"last_retry_down,omitempty"`
	Retries      uint64         `json:"peer_down_retries"`
	Downs        uint64         `json:"peer_downs"`
	DownsNeverUp uint64         `json:"peer_downs_never_up"`
	Tables       []tableJSON    `json:"tables"`
	Readings     []readingsJSON `json:"readings"`
	Stats        []statsJSON    `json:"stats,omitempty"`
}

type openJSON struct {
	AS           uint32   `json:"asn"`
	HoldTime     uint16   `json:"hold_time"`
	BGPID        string   `json:"bgp_id"`
	Capabilities []string `json:"capabilities"`
	Hex          string   `json:"hex"`
}

type peerUpJSON struct {
	At           time.Time  `json:"at"`
	RouterTime   *time.Time `json:"router_timestamp,omitempty"`
	LocalIP      string     `json:"local_ip"`
	LocalPort    uint16     `json:"local_port"`
	RemotePort   uint16     `json:"remote_port"`
	SentOpen     openJSON   `json:"sent_open"`
	ReceivedOpen openJSON   `json:"received_open"`
	Information  []string   `json:"information,omitempty"`
	AS4          bool       `json:"four_octet_as"`
	ExtendedMsg  bool       `json:"extended_messages"`
	AddPath      []string   `json:"add_path,omitempty"`
	Mismatches   []string   `json:"mismatches,omitempty"`
}

type notificationJSON struct {
	Code        uint8                `json:"code"`
	Subcode     uint8                `json:"subcode"`
	Text        string               `json:"text"`
	Hex         string               `json:"hex"`
	Explanation *explain.Explanation `json:"explanation"`
	Dump        string               `json:"explanation_text"`
}

type peerDownJSON struct {
	At           time.Time         `json:"at"`
	RouterTime   *time.Time        `json:"router_timestamp,omitempty"`
	ReasonCode   uint8             `json:"reason_code"`
	Reason       string            `json:"reason"`
	FSMEvent     *uint16           `json:"fsm_event,omitempty"`
	Notification *notificationJSON `json:"notification,omitempty"`
	TLVs         []string          `json:"information,omitempty"`
	Data         string            `json:"data,omitempty"`
	WasUp        bool              `json:"was_up"`
	RoutesGone   int               `json:"routes_removed"`
}

type familyJSON struct {
	Family   string     `json:"family"`
	Routes   int        `json:"routes"`
	EndOfRIB *time.Time `json:"end_of_rib,omitempty"`
}

type tableJSON struct {
	RIB       string       `json:"rib"`
	TableName string       `json:"table_name,omitempty"`
	Routes    int          `json:"routes"`
	Stale     bool         `json:"stale,omitempty"`
	Updated   *time.Time   `json:"updated,omitempty"`
	Families  []familyJSON `json:"families"`
}

type readingsJSON struct {
	RIB             string     `json:"rib"`
	Messages        uint64     `json:"messages"`
	NoPeerUp        uint64     `json:"no_peer_up"`
	FallbackAS4     uint64     `json:"fallback_as4"`
	FallbackAddPath uint64     `json:"fallback_add_path"`
	Inconsistent    uint64     `json:"inconsistent"`
	Unframed        uint64     `json:"unframed"`
	AFlagMismatch   uint64     `json:"a_flag_mismatch"`
	Announced       uint64     `json:"routes_announced"`
	Withdrawn       uint64     `json:"routes_withdrawn"`
	Verdicts        uint64     `json:"rfc7606_verdicts"`
	Last            *time.Time `json:"last_message,omitempty"`
}

type statJSON struct {
	Type   uint16 `json:"type"`
	Name   string `json:"name"`
	Value  uint64 `json:"value"`
	Family string `json:"family,omitempty"`
	Raw    string `json:"raw,omitempty"` // a value of a layout the station does not read, in hex
}

type statsJSON struct {
	RIB        string     `json:"rib"`
	At         time.Time  `json:"at"`
	RouterTime *time.Time `json:"router_timestamp,omitempty"`
	Stats      []statJSON `json:"stats"`
}

func sortPeers(ps []*peerState) {
	sort.Slice(ps, func(i, j int) bool { return comparePeers(ps[i].id, ps[j].id) < 0 })
}

func openToJSON(info output.OpenInfo, raw []byte) openJSON {
	o := openJSON{AS: info.AS, HoldTime: info.HoldTime, Capabilities: info.Capabilities, Hex: hex.EncodeToString(raw)}
	if info.BGPID.IsValid() {
		o.BGPID = info.BGPID.String()
	}
	if o.Capabilities == nil {
		o.Capabilities = []string{}
	}
	return o
}

// explainNotification explains a NOTIFICATION as bgplens decode does.
func explainNotification(msg []byte) (*explain.Explanation, string) {
	x := explain.BGP(msg, explain.Options{Session: bgp.Session{AS4: true, ExtendedMsg: true}})
	var b bytes.Buffer
	_ = explain.WriteText(&b, x, explain.TextOptions{})
	return x, b.String()
}

// peerJSON describes a peer; explain says whether its Peer Downs'
// NOTIFICATIONs come explained (the stream leaves that work out).
func (r *router) peerJSON(p *peerState, tables []rib.TableInfo, explain bool) peerJSON {
	r.mu.RLock()
	j := peerJSON{
		ID: peerIDString(p.id), Type: p.hdr.Type.JSONName(), Address: p.id.Addr.String(),
		AS: p.hdr.AS, State: p.status.String(), Since: p.since, FirstSeen: p.firstSeen,
		TableName: p.tableName, Downs: p.downs, DownsNeverUp: p.neverUp, Retries: p.retries,
	}
	if p.id.Distinguisher != (bgp.RD{}) {
		j.RD = p.id.Distinguisher.String()
	}
	if p.hdr.BGPID.IsValid() {
		j.BGPID = p.hdr.BGPID.String()
	}
	up, down, retry := p.up, p.down, p.retry
	for k, s := range p.stats {
		sj := statsJSON{RIB: k.String(), At: s.at, RouterTime: timePtr(s.routerTime), Stats: make([]statJSON, 0, len(s.stats))}
		for _, v := range s.stats {
			st := statJSON{Type: uint16(v.Type), Name: v.Name, Value: v.Value}
			if v.Family != (bgp.Family{}) {
				st.Family = v.Family.JSONName()
			}
			if v.Unknown {
				st.Raw = hex.EncodeToString(v.Raw)
			}
			sj.Stats = append(sj.Stats, st)
		}
		j.Stats = append(j.Stats, sj)
	}
	r.mu.RUnlock()
	sort.Slice(j.Stats, func(a, b int) bool { return j.Stats[a].RIB < j.Stats[b].RIB })
	if up != nil {
		i := &up.info
		j.PeerUp = &peerUpJSON{At: up.at, RouterTime: timePtr(up.routerTime), LocalIP: addrString(i.LocalAddr),
			LocalPort: i.LocalPort, RemotePort: i.RemotePort,
			SentOpen: openToJSON(i.SentOpen, up.sentOpen), ReceivedOpen: openToJSON(i.ReceivedOpen, up.receivedOpen),
			Information: i.Information, AS4: i.AS4, ExtendedMsg: i.ExtendedMsg, AddPath: i.AddPath, Mismatches: i.Mismatches}
	}
	j.LastDown, j.LastRetry = downToJSON(down, explain), downToJSON(retry, explain)
	j.Tables = []tableJSON{}
	for _, t := range tables {
		if t.Key.Peer != p.id {
			continue
		}
		tj := tableJSON{RIB: bmp.RIB(t.Key.RIB).String(), TableName: t.Key.Table, Routes: t.Routes, Stale: t.Stale,
			Updated: timePtr(t.Updated), Families: make([]familyJSON, 0, len(t.Families))}
		for _, f := range t.Families {
			tj.Families = append(tj.Families, familyJSON{Family: f.Family.JSONName(), Routes: f.Routes, EndOfRIB: timePtr(f.EndOfRIB)})
		}
		j.Tables = append(j.Tables, tj)
	}
	j.Readings = []readingsJSON{}
	for k := range p.ribs {
		c := &p.ribs[k]
		n := c.messages.Load()
		if n == 0 {
			continue
		}
		rj := readingsJSON{RIB: bmp.RIB(k).String(), Messages: n, NoPeerUp: c.noPeerUp.Load(),
			FallbackAS4: c.fallbackAS4.Load(), FallbackAddPath: c.fallbackAddPath.Load(),
			Inconsistent: c.inconsistent.Load(), Unframed: c.unframed.Load(), AFlagMismatch: c.aFlag.Load(),
			Announced: c.announced.Load(), Withdrawn: c.withdrawn.Load(), Verdicts: c.verdicts.Load()}
		if ns := c.last.Load(); ns != 0 {
			t := time.Unix(0, ns)
			rj.Last = &t
		}
		j.Readings = append(j.Readings, rj)
	}
	return j
}

// downToJSON describes a kept Peer Down (nil for none), its NOTIFICATION
// explained when explain is true.
func downToJSON(down *peerDownState, explain bool) *peerDownJSON {
	if down == nil {
		return nil
	}
	i := &down.info
	d := &peerDownJSON{At: down.at, RouterTime: timePtr(down.routerTime), ReasonCode: uint8(i.Reason),
		Reason: i.Reason.String(), TLVs: down.tlvs, WasUp: down.wasUp, RoutesGone: i.RoutesGone}
	if i.Reason == bmp.DownLocalFSMEvent {
		ev := i.FSMEvent
		d.FSMEvent = &ev
	}
	if len(down.data) > 0 {
		d.Data = hex.EncodeToString(down.data)
	}
	if down.notification != nil {
		d.Notification = &notificationJSON{Code: i.Code, Subcode: i.Subcode, Text: i.NotifText,
			Hex: hex.EncodeToString(down.notification)}
		if explain {
			d.Notification.Explanation, d.Notification.Dump = explainNotification(down.notification)
		}
	}
	return d
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

// routesPage, matchJSON and changeJSON are written with the routes as
// routeToJSON writes them; tests read them back with a route struct.
type routesPage = routesPageOf[routeJSON]

type routesPageOf[R any] struct {
	Router    string       `json:"router"`
	Peer      string       `json:"peer"`
	Table     string       `json:"rib"`
	TableName string       `json:"table_name,omitempty"`
	Family    string       `json:"family"`
	Families  []familyJSON `json:"families,omitempty"`
	Routes    []R          `json:"routes"`
	Next      string       `json:"next_cursor,omitempty"`
}

// routeJSON is a route as the API shows it: prefix, path identifier, RD,
// labels and stale mark, then the path's members as bgp.Path writes them
// for every output (docs/json.md).
type routeJSON []byte

// MarshalJSON returns the object routeToJSON wrote.
func (r routeJSON) MarshalJSON() ([]byte, error) { return r, nil }

func routeToJSON(rt *rib.Route, f bgp.Family) routeJSON {
	if rt.Entry != nil {
		return entryToJSON(rt, f)
	}
	b := append(make([]byte, 0, 256), `{"prefix":"`...)
	b = rt.Prefix.AppendTo(b)
	b = append(b, `","path_id":`...)
	b = strconv.AppendUint(b, uint64(rt.PathID), 10)
	if rt.RD != (bgp.RD{}) {
		b = append(b, `,"rd":"`...)
		b = append(rt.RD.AppendText(b), '"')
	}
	if ls := rt.LabelStack(); len(ls) > 0 {
		b = append(b, `,"labels":[`...)
		for i, l := range ls {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64(l.Value()), 10) // the 20-bit label, as docs/json.md says
		}
		b = append(b, ']')
	}
	return appendRouteEnd(b, rt, f)
}

// appendRouteEnd ends a route object of either kind: the stale mark, the
// path's members and the family's next hop, as every output writes them.
func appendRouteEnd(b []byte, rt *rib.Route, f bgp.Family) routeJSON {
	if rt.Stale {
		b = append(b, `,"stale":true`...)
	}
	p := rt.Attrs.Path()
	b = p.AppendJSON(b)
	b = p.AppendNextHopJSON(b, f)
	return append(b, '}')
}

// tableRef names a table in lookup and history answers.
type tableRef struct {
	Router    string `json:"router"`
	Peer      string `json:"peer"`
	RIB       string `json:"rib"`
	TableName string `json:"table_name,omitempty"`
}

func tableRefOf(k rib.TableKey) tableRef {
	return tableRef{Router: k.Router, Peer: peerIDString(k.Peer), RIB: bmp.RIB(k.RIB).String(), TableName: k.Table}
}

type matchJSON = matchOf[routeJSON]

type matchOf[R any] struct {
	tableRef
	Family string `json:"family"`
	Route  R      `json:"route"`
}

type changeJSON = changeOf[routeJSON]

type changeOf[R any] struct {
	Time   time.Time `json:"at"`
	Action string    `json:"action"`
	tableRef
	Family string `json:"family"`
	Route  R      `json:"route"`
}

type mirrorRouterJSON struct {
	Router   string       `json:"router"`
	Received uint64       `json:"received"`
	Errored  uint64       `json:"errored_pdus"`
	Lost     uint64       `json:"messages_lost"`
	Messages []mirrorJSON `json:"messages"`
}

type mirroredBGPJSON struct {
	Type        string               `json:"type"`
	Length      int                  `json:"length"`
	Hex         string               `json:"hex"`
	Errors      []explain.ErrorInfo  `json:"errors,omitempty"`
	Explanation *explain.Explanation `json:"explanation,omitempty"`
}

type mirrorJSON struct {
	At           time.Time         `json:"at"`
	Peer         string            `json:"peer"`
	PeerAS       uint32            `json:"peer_asn"`
	ErroredPDU   bool              `json:"errored_pdu"`
	MessagesLost bool              `json:"messages_lost"`
	BGP          []mirroredBGPJSON `json:"bgp_messages"`
}

// mirrorToJSON shows a mirrored message; errored PDUs (or all, when asked)
// come with the explanation bgplens decode gives.
func mirrorToJSON(m *mirrored, all bool) mirrorJSON {
	j := mirrorJSON{At: m.at, Peer: peerIDString(peerIDOf(m.peer)), PeerAS: m.peer.AS, ErroredPDU: m.errored,
		MessagesLost: m.lost, BGP: make([]mirroredBGPJSON, 0, len(m.msgs))}
	for _, b := range m.msgs {
		x := explain.BGP(b, explain.Options{Session: m.session})
		bj := mirroredBGPJSON{Length: len(b), Hex: hex.EncodeToString(b), Errors: x.Errors, Type: "unknown"}
		if len(b) > bgp.OffType {
			bj.Type = bgp.MessageType(b[bgp.OffType]).String()
		}
		if all || m.errored {
			bj.Explanation = x
		}
		j.BGP = append(j.BGP, bj)
	}
	return j
}
