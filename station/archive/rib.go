// Package archive writes the station's RIB as MRT route archives (RFC
// 6396), the way route collectors publish theirs: a TABLE_DUMP_V2 dump of
// every monitored peer's table, readable by bgpdump, bgplens and the
// other MRT readers.
package archive

import (
	"bytes"
	"cmp"
	"container/heap"
	"errors"
	"io"
	"net/netip"
	"slices"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
	"github.com/bgplens/bgplens/station/rib"
)

// PeerInfo says what the PEER_INDEX_TABLE records of a table's peer
// beside its address: its AS and BGP Identifier (the RIB keys tables by
// address; the station knows the rest from the Peer Up and per-peer
// header).
type PeerInfo func(k rib.TableKey) (as uint32, bgpID netip.Addr)

// RIBDump describes one TABLE_DUMP_V2 dump.
type RIBDump struct {
	Collector netip.Addr // the collector's BGP Identifier (an IPv4 address)
	View      string     // the view name, "" for the default view
	Time      time.Time  // the records' timestamp
	// Tables chooses the tables dumped; nil takes the pre-policy
	// Adj-RIB-In of every peer and the Loc-RIBs (what the peers sent, and
	// what the routers chose).
	Tables func(rib.TableInfo) bool
	Peer   PeerInfo
}

// defaultTables is RIBDump's default choice of tables.
func defaultTables(t rib.TableInfo) bool {
	return t.Key.RIB == rib.AdjInPre || t.Key.RIB == rib.LocRIB
}

// pageSize is how many routes are copied out of a table at a time.
const pageSize = 4096

// Write writes the dump: a PEER_INDEX_TABLE naming one peer per chosen
// table, then for IPv4 and IPv6 unicast and multicast one RIB record per
// prefix with an entry per table that has it (the _ADDPATH subtypes of RFC
// 8050 when a table holds Path Identifiers), and RIB_GENERIC records for
// the other families. Attributes are written as TABLE_DUMP_V2 holds them:
// 4-octet AS numbers (bgp.Path.AppendAS4), MP_REACH_NLRI cut to its next
// hop (RFC 6396 §4.3.4). The routes of a table are read a page at a time,
// so memory stays bounded whatever the RIB's size. A route whose
// attributes cannot be written is left out and counted in skipped.
func (d RIBDump) Write(w io.Writer, db *rib.DB) (skipped int, err error) {
	if !d.Collector.Is4() {
		return 0, errors.New("archive: the collector's BGP Identifier must be an IPv4 address")
	}
	pick := d.Tables
	if pick == nil {
		pick = defaultTables
	}
	var tables []rib.TableInfo
	for _, t := range db.Tables("") {
		if pick(t) {
			tables = append(tables, t)
		}
	}
	slices.SortFunc(tables, func(a, b rib.TableInfo) int { return cmpKey(a.Key, b.Key) })
	if len(tables) > 0xffff {
		return 0, errors.New("archive: more tables than a PEER_INDEX_TABLE can name")
	}
	wr := &writer{w: w, ts: uint32(d.Time.Unix())}
	index := mrt.PeerIndexTable{CollectorID: d.Collector, ViewName: []byte(d.View)}
	for _, t := range tables {
		p := mrt.Peer{Type: mrt.PeerTypeAS4, IP: t.Key.Peer.Addr, BGPID: netip.IPv4Unspecified()}
		if p.IP.Is6() {
			p.Type |= mrt.PeerTypeIPv6
		}
		if !p.IP.IsValid() {
			p.IP = netip.IPv4Unspecified()
		}
		if d.Peer != nil {
			as, id := d.Peer(t.Key)
			p.AS = as
			if id.Is4() {
				p.BGPID = id
			}
		}
		index.Peers = append(index.Peers, p)
	}
	if err := wr.record(1, &index); err != nil {
		return 0, err
	}
	for _, f := range families(tables) {
		n, err := wr.family(db, tables, f)
		skipped += n
		if err != nil {
			return skipped, err
		}
	}
	return skipped, nil
}

// cmpKey orders tables by router, peer and RIB, for a stable peer index.
func cmpKey(a, b rib.TableKey) int {
	return cmp.Or(cmp.Compare(a.Router, b.Router), a.Peer.Addr.Compare(b.Peer.Addr),
		slices.Compare(a.Peer.Distinguisher[:], b.Peer.Distinguisher[:]), cmp.Compare(a.Peer.Type, b.Peer.Type),
		cmp.Compare(a.RIB, b.RIB), cmp.Compare(a.Table, b.Table))
}

// families lists the families of the tables, IPv4 and IPv6 unicast first.
func families(tables []rib.TableInfo) []bgp.Family {
	seen := map[bgp.Family]bool{}
	var out []bgp.Family
	for _, t := range tables {
		for _, f := range t.Families {
			if f.Routes > 0 && !seen[f.Family] {
				seen[f.Family] = true
				out = append(out, f.Family)
			}
		}
	}
	rank := func(f bgp.Family) int {
		if s, ok := ipSubtype(f); ok {
			return int(s)
		}
		return 100
	}
	slices.SortStableFunc(out, func(a, b bgp.Family) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// ipSubtype returns the TABLE_DUMP_V2 subtype of the AFI/SAFI-specific RIB
// records (RFC 6396 §4.3.2) for f, without ADD-PATH.
func ipSubtype(f bgp.Family) (uint16, bool) {
	switch f {
	case bgp.IPv4Unicast:
		return 2, true
	case bgp.IPv4Multicast:
		return 3, true
	case bgp.IPv6Unicast:
		return 4, true
	case bgp.IPv6Multicast:
		return 5, true
	}
	return 0, false
}

// writer writes the records of one dump.
type writer struct {
	w    io.Writer
	ts   uint32
	seq  uint32
	buf  []byte
	attr []byte
}

func (wr *writer) record(subtype uint16, body mrt.Body) error {
	rec := mrt.Record{Header: mrt.Header{Timestamp: wr.ts, Type: mrt.TypeTableDumpV2, Subtype: subtype}, Body: body}
	b, err := rec.Append(wr.buf[:0])
	if err != nil {
		return err
	}
	wr.buf = b
	_, err = wr.w.Write(b)
	return err
}

// family writes the RIB records of family f: the tables' routes merged by
// prefix (route distinguisher, address, length), the order the RIB keeps.
func (wr *writer) family(db *rib.DB, tables []rib.TableInfo, f bgp.Family) (skipped int, err error) {
	subtype, plain := ipSubtype(f)
	addPath := false
	cur := make(mergeHeap, 0, len(tables))
	for i, t := range tables {
		c := &cursor{db: db, key: t.Key, fam: f, peer: uint16(i)}
		if c.next() {
			cur = append(cur, c)
			addPath = addPath || c.addPath
		}
	}
	heap.Init(&cur)
	if plain && addPath {
		subtype += 6 // the _ADDPATH subtypes of RFC 8050 §4: 8-11
	} else if !plain {
		subtype = 6 // RIB_GENERIC
		if addPath {
			subtype = 12
		}
	}
	for cur.Len() > 0 {
		first := *cur[0].route() // a copy: the cursor moves on
		rec := mrt.RIB{Sequence: wr.seq, AFI: uint16(f.AFI), SAFI: uint8(f.SAFI), AddPath: addPath}
		if first.Entry != nil {
			rec.NLRI = append([]byte(nil), first.Entry...) // RFC 6396 §4.3.3: the NLRI entry as received
		} else {
			rec.NLRI = bgp.AppendRoute(nil, first.Route, f, false)
		}
		for cur.Len() > 0 && samePrefix(cur[0].route(), &first, plain) {
			c := cur[0]
			r := c.route()
			attrs, err := wr.attrs(r.Attrs)
			if err != nil {
				skipped++
			} else {
				rec.Entries = append(rec.Entries, mrt.RIBEntry{PeerIndex: c.peer, Originated: wr.ts, PathID: r.PathID, Attrs: attrs})
			}
			if c.next() {
				heap.Fix(&cur, 0)
			} else {
				heap.Pop(&cur)
			}
		}
		if len(rec.Entries) == 0 {
			continue
		}
		if err := wr.record(subtype, &rec); err != nil {
			return skipped, err
		}
		wr.seq++
	}
	return skipped, nil
}

// attrs returns a route's attributes as a RIB entry holds them.
func (wr *writer) attrs(a rib.Attrs) ([]byte, error) {
	p := a.Path()
	as4, err := p.AppendAS4(wr.attr[:0])
	if err != nil {
		return nil, err
	}
	wr.attr = as4
	return mrtbgp.AppendRIBAttrs(nil, as4)
}

// samePrefix reports whether a and b go in one RIB record: the same
// prefix and route distinguisher; in RIB_GENERIC records of labeled and
// VPN families the same labels too, since the NLRI carries them.
func samePrefix(a, b *routeAt, plain bool) bool {
	if a.Entry != nil || b.Entry != nil {
		// A route kept as an NLRI entry: the record's NLRI is the entry,
		// so only the same octets share it.
		return bytes.Equal(a.Entry, b.Entry)
	}
	if a.Route.Prefix != b.Route.Prefix || a.Route.RD != b.Route.RD {
		return false
	}
	return plain || slices.Equal(a.Route.LabelStack(), b.Route.LabelStack())
}

// routeAt is a route of the RIB in the bgp form AppendRoute writes, or,
// for a family whose NLRI are not prefixes (EVPN, FlowSpec ...), the entry
// the RIB keeps (Entry) and its key (bgp.Family.AppendEntryKey).
type routeAt struct {
	bgp.Route
	Attrs rib.Attrs
	Entry []byte
	key   []byte
}

// cursor walks one table's routes of one family, a page at a time.
type cursor struct {
	db      *rib.DB
	key     rib.TableKey
	fam     bgp.Family
	peer    uint16
	page    []rib.Route
	i       int
	next_   string
	done    bool
	addPath bool
	cur     routeAt
}

// next moves to the next route; false at the end.
func (c *cursor) next() bool {
	c.i++
	if c.i >= len(c.page) {
		if c.done {
			return false
		}
		c.page, c.next_ = c.db.Routes(c.key, c.fam, c.next_, pageSize)
		c.i, c.done = 0, c.next_ == ""
		if len(c.page) == 0 {
			return false
		}
	}
	r := &c.page[c.i]
	c.cur = routeAt{Route: bgp.Route{Prefix: r.Prefix.Masked(), PathID: r.PathID, RD: r.RD, Labels: r.Labels, NumLabels: r.NumLabels}, Attrs: r.Attrs}
	if r.Entry != nil {
		c.cur.Entry = r.Entry
		c.cur.key = c.fam.AppendEntryKey(nil, bgp.NLRI{Value: r.Entry})
	}
	c.addPath = c.addPath || r.PathID != 0
	return true
}

func (c *cursor) route() *routeAt { return &c.cur }

// mergeHeap orders cursors by their route: route distinguisher, address,
// length, then the peer's index.
type mergeHeap []*cursor

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	a, b := h[i].route(), h[j].route()
	if a.Entry != nil {
		// Entries in the RIB's order, their key's; the same octets
		// together.
		return cmp.Or(bytes.Compare(a.key, b.key), bytes.Compare(a.Entry, b.Entry), cmp.Compare(h[i].peer, h[j].peer)) < 0
	}
	return cmp.Or(slices.Compare(a.RD[:], b.RD[:]), a.Prefix.Addr().Compare(b.Prefix.Addr()),
		cmp.Compare(a.Prefix.Bits(), b.Prefix.Bits()), cmp.Compare(h[i].peer, h[j].peer)) < 0
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(*cursor)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
