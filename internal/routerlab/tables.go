package routerlab

import (
	"errors"
	"io"
	"net/netip"
	"slices"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// RouteKey names a path in a table: the family, the route distinguisher
// (VPN families), the prefix (masked) and the ADD-PATH Path Identifier (0
// without ADD-PATH).
type RouteKey struct {
	Family bgp.Family
	RD     bgp.RD
	Prefix netip.Prefix
	PathID uint32
}

func routeKey(f bgp.Family, r bgp.Route) RouteKey {
	return RouteKey{Family: f, RD: r.RD, Prefix: r.Prefix.Masked(), PathID: r.PathID}
}

// PeerID names a monitored peer regardless of the RIB: what a Peer Down
// concerns.
type PeerID struct {
	Type          bmp.PeerType
	Distinguisher bgp.RD
	Address       netip.Addr
}

// ID gives the peer of a table key.
func ID(k bmp.PeerKey) PeerID { return PeerID{k.Type, k.Distinguisher, k.Address} }

// Tables is a reference model of what a BMP collector holds after one BMP
// stream, built with the bmp package alone: per monitored peer and RIB, the
// routes announced and not withdrawn since. A Peer Down clears every RIB of
// its peer. An UPDATE is handled as RFC 7606 §2 says for its verdict:
// treat-as-withdraw (and AFI/SAFI disable) withdraws its announced routes,
// session reset leaves the tables as they were. AS paths are those bgp.Update.ASPath gives
// (on a 2-octet session, AS_PATH merged with AS4_PATH as RFC 6793 §4.2.3
// says). Tests compare a collector's API or a router's CLI with it.
type Tables struct {
	SysName, SysDescr string
	Terminated        bool
	Messages          map[bmp.MsgType]int
	Errors            int // messages that did not parse, UPDATEs that could not be located
	// Octets is the length of the messages fed; Stopped says Feed refused
	// a message (see StopAtError) and everything after it.
	Octets  int64
	Stopped bool
	// StopAtError makes the first message that a collector cannot take
	// end the stream, as a collector that ends the router's session does:
	// one whose framing for its type is wrong (bmp.ParseMessage), or,
	// for every type but Route Monitoring and Peer Up, whose owned
	// decoding fails. The Tables are then cleared, as a collector clears
	// a router's tables when its session ends.
	StopAtError bool
	PeerUps     map[PeerID]int
	PeerDowns   map[PeerID]int
	Up          map[PeerID]bool // Peer Up seen and no Peer Down after it
	Withdrawn   int             // routes removed as treat-as-withdraw

	peers   *bmp.Peers
	ribs    map[bmp.PeerKey]map[RouteKey]Path
	entries map[bmp.PeerKey]map[EntryKey][]byte
}

// EntryKey names a route of a family framed as NLRI entries (EVPN,
// FlowSpec, BGP-LS ...): its family, its key (bgp.Family.AppendEntryKey)
// and its Path Identifier.
type EntryKey struct {
	Family bgp.Family
	Key    string
	PathID uint32
}

// NewTables gives empty Tables.
func NewTables() *Tables {
	return &Tables{Messages: map[bmp.MsgType]int{}, PeerUps: map[PeerID]int{}, PeerDowns: map[PeerID]int{},
		Up: map[PeerID]bool{}, peers: bmp.NewPeers(0), ribs: map[bmp.PeerKey]map[RouteKey]Path{},
		entries: map[bmp.PeerKey]map[EntryKey][]byte{}}
}

// ReadStream feeds every message of a BMP byte stream. A framing error ends
// the stream (BMP cannot resynchronise) and is returned.
func (t *Tables) ReadStream(r io.Reader) error {
	rd := bmp.NewReader(r)
	for {
		msg, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		t.Feed(msg)
	}
}

// Feed applies one BMP message.
func (t *Tables) Feed(msg []byte) {
	if t.Stopped {
		return
	}
	t.Octets += int64(len(msg))
	v, err := bmp.ParseMessage(msg)
	if err == nil && t.StopAtError && v.Type() != bmp.MsgRouteMonitoring && v.Type() != bmp.MsgPeerUp {
		_, err = v.Decode()
	}
	if err != nil {
		t.Errors++
		if t.StopAtError {
			t.Stopped = true
			clear(t.ribs)
			clear(t.entries)
		}
		return
	}
	t.Messages[v.Type()]++
	switch v.Type() {
	case bmp.MsgInitiation:
		m, err := v.Decode()
		if err != nil {
			t.Errors++
			return
		}
		for _, tlv := range m.(bmp.Initiation).Information {
			switch bmp.InitiationTLVType(tlv.Type) {
			case bmp.InitSysName:
				t.SysName = string(tlv.Value)
			case bmp.InitSysDescr:
				t.SysDescr = string(tlv.Value)
			}
		}
	case bmp.MsgTermination:
		t.Terminated = true
	case bmp.MsgPeerUp:
		pu, _ := v.PeerUp()
		t.peers.PeerUp(pu)
		h, _ := v.Peer()
		id := ID(h.Key())
		t.PeerUps[id]++
		t.Up[id] = true
	case bmp.MsgPeerDown:
		h, _ := v.Peer()
		t.peers.PeerDown(h)
		id := ID(h.Key())
		t.PeerDowns[id]++
		t.Up[id] = false
		for k := range t.ribs {
			if ID(k) == id {
				delete(t.ribs, k)
			}
		}
		for k := range t.entries {
			if ID(k) == id {
				delete(t.entries, k)
			}
		}
	case bmp.MsgRouteMonitoring:
		rm, _ := v.RouteMonitoring()
		u, rd, err := t.peers.ReadUpdate(rm)
		if err != nil {
			t.Errors++
			return
		}
		t.apply(rd.Peer, u)
	}
}

func (t *Tables) apply(k bmp.PeerKey, u bgp.UpdateView) {
	rib := t.ribs[k]
	if rib == nil {
		rib = map[RouteKey]Path{}
		t.ribs[k] = rib
	}
	withdraw := false
	if e := u.Verdict(); e != nil {
		if e.Action >= bgp.SessionReset {
			return
		}
		withdraw = e.Action >= bgp.TreatAsWithdraw
	}
	for f, r := range u.Withdrawals() {
		delete(rib, routeKey(f, r))
	}
	var attrs Path
	first := true
	for f, r := range u.Announced() {
		key := routeKey(f, r)
		if withdraw {
			delete(rib, key)
			t.Withdrawn++
			continue
		}
		if first {
			attrs = pathAttrs(u)
			first = false
		}
		p := attrs
		p.Prefix, p.PathID = key.Prefix, key.PathID
		p.NextHop = nextHop(u, f)
		rib[key] = p
	}
	t.applyEntries(k, u, withdraw)
}

// applyEntries applies the NLRI entries of MP_UNREACH_NLRI and
// MP_REACH_NLRI of families not decoded into routes, keeping the latest
// entry of each key.
func (t *Tables) applyEntries(k bmp.PeerKey, u bgp.UpdateView, withdraw bool) {
	tab := t.entries[k]
	if tab == nil {
		tab = map[EntryKey][]byte{}
		t.entries[k] = tab
	}
	key := func(f bgp.Family, e bgp.NLRI) EntryKey {
		return EntryKey{f, string(f.AppendEntryKey(nil, e)), e.PathID}
	}
	if m, ok := u.MPUnreach(); ok && !m.Family.Prefixes() {
		for e, err := range m.Entries() {
			if err != nil {
				break
			}
			delete(tab, key(m.Family, e))
		}
	}
	if m, ok := u.MPReach(); ok && !m.Family.Prefixes() {
		for e, err := range m.Entries() {
			if err != nil {
				break
			}
			if withdraw {
				delete(tab, key(m.Family, e))
				t.Withdrawn++
				continue
			}
			tab[key(m.Family, e)] = append([]byte(nil), e.Value...)
		}
	}
}

// Entries gives the routes of one table kept as NLRI entries: each key's
// latest entry.
func (t *Tables) Entries(k bmp.PeerKey) map[EntryKey][]byte { return t.entries[k] }

// pathAttrs reads the attributes of an UPDATE into a Path (no prefix, no
// next hop).
func pathAttrs(u bgp.UpdateView) Path {
	p := Path{HasAttrs: true}
	if upd, err := u.Decode(); err == nil || len(upd.Attrs) > 0 {
		if path, ok := upd.ASPath(u.Session()); ok {
			p.ASPath = path.String()
		}
	}
	if a, ok := u.Attr(bgp.AttrOrigin); ok {
		if o, err := a.Origin(); err == nil {
			p.Origin = [...]string{"IGP", "EGP", "incomplete"}[o%3]
		}
	}
	if a, ok := u.Attr(bgp.AttrMultiExitDisc); ok {
		if v, err := a.Uint32(); err == nil {
			p.MED = &v
		}
	}
	if a, ok := u.Attr(bgp.AttrLocalPref); ok {
		if v, err := a.Uint32(); err == nil {
			p.LocalPref = &v
		}
	}
	if a, ok := u.Attr(bgp.AttrCommunities); ok {
		if v, err := a.Communities(); err == nil {
			for c := range v.All() {
				p.Communities = append(p.Communities, CommunityString(uint32(c)))
			}
		}
	}
	if a, ok := u.Attr(bgp.AttrLargeCommunities); ok {
		if v, err := a.LargeCommunities(); err == nil {
			for c := range v.All() {
				p.LargeCommunities = append(p.LargeCommunities, LargeCommunity{c.GlobalAdmin, c.LocalData1, c.LocalData2}.String())
			}
		}
	}
	slices.Sort(p.Communities)
	slices.Sort(p.LargeCommunities)
	return p
}

// nextHop gives the next hop of a route of family f: NEXT_HOP for IPv4
// unicast when present, else MP_REACH_NLRI's (global) next hop.
func nextHop(u bgp.UpdateView, f bgp.Family) netip.Addr {
	if f.AFI == 1 && f.SAFI == 1 {
		if a, ok := u.Attr(bgp.AttrNextHop); ok {
			if nh, err := a.NextHop(); err == nil {
				return nh
			}
		}
	}
	if mp, ok := u.MPReach(); ok {
		if nh, _, _, ok := mp.NextHops(); ok {
			return nh
		}
	}
	return netip.Addr{}
}

// Keys gives the tables that hold at least one route, sorted.
func (t *Tables) Keys() []bmp.PeerKey {
	var ks []bmp.PeerKey
	for k, rib := range t.ribs {
		if len(rib) > 0 {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b bmp.PeerKey) int {
		if a.Type != b.Type {
			return int(a.Type) - int(b.Type)
		}
		if c := a.Address.Compare(b.Address); c != 0 {
			return c
		}
		return int(a.RIB) - int(b.RIB)
	})
	return ks
}

// RIB gives the paths of one table, sorted (see SortPaths).
func (t *Tables) RIB(k bmp.PeerKey) []Path {
	var ps []Path
	for _, p := range t.ribs[k] {
		ps = append(ps, p)
	}
	SortPaths(ps)
	return ps
}

// Count gives the number of paths in one table, IP routes and entries.
func (t *Tables) Count(k bmp.PeerKey) int { return len(t.ribs[k]) + len(t.entries[k]) }

// Counts gives the number of paths per table (IP routes and entries), for
// the tables that hold any.
func (t *Tables) Counts() map[bmp.PeerKey]int {
	m := map[bmp.PeerKey]int{}
	for k, rib := range t.ribs {
		if len(rib) > 0 {
			m[k] = len(rib)
		}
	}
	for k, tab := range t.entries {
		if len(tab) > 0 {
			m[k] += len(tab)
		}
	}
	return m
}

// Stats gives the per-peer reading statistics of the bmp package.
func (t *Tables) Stats() []bmp.PeerStats { return t.peers.All() }
