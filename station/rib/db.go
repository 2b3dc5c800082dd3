package rib

import (
	"cmp"
	"net/netip"
	"slices"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// ClearTable removes table k and its routes; it returns how many routes
// were removed.
func (db *DB) ClearTable(k TableKey) int {
	id := tableID{k.Peer, k.RIB, k.Table}
	db.mu.Lock()
	var ts []*table
	if r := db.routers[k.Router]; r != nil && r.tables[id] != nil {
		ts = append(ts, r.tables[id])
		r.remove(id)
		db.forgetEmptyLocked(r)
	}
	db.mu.Unlock()
	return db.drop(ts)
}

// ClearPeer removes every table of the peer (all RIB kinds and table
// names), as on a BMP Peer Down (RFC 7854 §4.9); it returns how many
// routes were removed. It costs what the peer's tables hold, whatever
// the number of tables of the router.
func (db *DB) ClearPeer(router string, peer PeerID) int {
	db.mu.Lock()
	var ts []*table
	if r := db.routers[router]; r != nil {
		ts = r.removePeer(peer)
		db.forgetEmptyLocked(r)
	}
	db.mu.Unlock()
	return db.drop(ts)
}

// ClearRouter removes every table of the router, as when the router's
// BMP session ends; it returns how many routes were removed.
func (db *DB) ClearRouter(router string) int {
	db.mu.Lock()
	var ts []*table
	if r := db.routers[router]; r != nil {
		for _, t := range r.tables {
			ts = append(ts, t)
		}
		delete(db.routers, router)
	}
	db.mu.Unlock()
	return db.drop(ts)
}

// forgetEmptyLocked drops a router left without tables (db.mu held).
func (db *DB) forgetEmptyLocked(r *router) {
	if len(r.tables) == 0 && db.routers[r.name] == r {
		delete(db.routers, r.name)
	}
}

// drop empties detached tables, releasing their sets; it returns the
// number of routes they held.
func (db *DB) drop(ts []*table) int {
	n := 0
	counts := make(map[handle]uint32)
	// Routes in key order mostly come in runs of one set (an UPDATE's
	// prefixes): counted per run, the map is touched once a run, not once
	// a route.
	var last handle
	var run uint32
	for _, t := range ts {
		t.mu.Lock()
		t.dead = true
		for _, ft := range t.fams {
			ft.eachVal(func(v uint32) {
				if h := handle(v &^ valStale); h == last {
					run++
				} else {
					if run > 0 {
						counts[last] += run
					}
					last, run = h, 1
				}
			})
		}
		n += t.routes
		t.owner.routes.Add(-int64(t.routes))
		t.owner.entryBytes.Add(-int64(t.ebyte))
		t.fams, t.routes, t.stale, t.ebyte = nil, 0, 0, 0
		t.mu.Unlock()
	}
	if run > 0 {
		counts[last] += run
	}
	for h, c := range counts {
		db.sets.release(h, c)
	}
	db.countRoutes(-n)
	return n
}

// MarkStale marks every route of the router stale until the given time,
// for a router whose BMP session ended but is expected back. Routes the
// router announces again lose the mark; an End-of-RIB removes the stale
// routes of its table and family; SweepStale removes the ones left once
// the time has passed. Marking again moves the time.
func (db *DB) MarkStale(router string, until time.Time) {
	db.mu.Lock()
	r := db.routers[router]
	if r == nil {
		db.mu.Unlock()
		return
	}
	r.staleUntil = until
	ts := make([]*table, 0, len(r.tables))
	for _, t := range r.tables {
		ts = append(ts, t)
	}
	db.mu.Unlock()
	for _, t := range ts {
		t.mu.Lock()
		for _, ft := range t.fams {
			ft.mapVals(func(v uint32) uint32 { return v | valStale })
			ft.stale = ft.len()
		}
		t.stale = t.routes
		t.mu.Unlock()
	}
}

// SweepStale removes the routes still stale of every router whose stale
// time is before now, and the tables left empty; it returns how many
// routes were removed.
func (db *DB) SweepStale(now time.Time) int {
	db.mu.Lock()
	var ts []*table
	for _, r := range db.routers {
		if r.staleUntil.IsZero() || !r.staleUntil.Before(now) {
			continue
		}
		r.staleUntil = time.Time{}
		for _, t := range r.tables {
			ts = append(ts, t)
		}
	}
	db.mu.Unlock()
	n := 0
	var vals []uint32
	var empty []*table
	for _, t := range ts {
		t.mu.Lock()
		vals = vals[:0]
		for _, ft := range t.fams {
			if ft.stale > 0 {
				vals = ft.removeStale(vals)
			}
		}
		t.routes -= len(vals)
		t.owner.routes.Add(-int64(len(vals)))
		t.stale = 0
		for _, v := range vals {
			t.release(handle(v &^ valStale))
		}
		t.flush(&db.sets)
		t.syncEntryBytes()
		n += len(vals)
		if t.routes == 0 && !t.dead {
			empty = append(empty, t)
		}
		t.mu.Unlock()
	}
	db.countRoutes(-n)
	// Drop the tables left empty, unless routes came back meanwhile.
	for _, t := range empty {
		db.mu.Lock()
		t.mu.Lock()
		if t.routes == 0 && !t.dead {
			id := tableID{t.key.Peer, t.key.RIB, t.key.Table}
			if r := db.routers[t.key.Router]; r != nil && r.tables[id] == t {
				r.remove(id)
				db.forgetEmptyLocked(r)
			}
			t.dead = true
		}
		t.mu.Unlock()
		db.mu.Unlock()
	}
	return n
}

// table returns table k, or nil.
func (db *DB) table(k TableKey) *table {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if r := db.routers[k.Router]; r != nil {
		return r.tables[tableID{k.Peer, k.RIB, k.Table}]
	}
	return nil
}

// allTables returns the tables of the router, or of every router.
func (db *DB) allTables(router string) []*table {
	db.mu.RLock()
	defer db.mu.RUnlock()
	var out []*table
	for name, r := range db.routers {
		if router != "" && name != router {
			continue
		}
		for _, t := range r.tables {
			out = append(out, t)
		}
	}
	return out
}

// History returns the recent changes of the prefix (masked; across every
// table and route distinguisher), newest first, at most
// Config.HistoryPerPrefix, from the last Config.HistoryTotal changes of the
// DB. It scans the ring from the newest change: about 0.2 ms for the
// default size.
func (db *DB) History(prefix netip.Prefix) []Change {
	return db.hist.changes(prefix, db.cfg.HistoryPerPrefix)
}

// Tables returns the tables of the router, or of every router if router is
// "", sorted by key.
func (db *DB) Tables(router string) []TableInfo {
	return tableInfos(db.allTables(router))
}

// tableInfos describes tables, sorted by key.
func tableInfos(ts []*table) []TableInfo {
	out := make([]TableInfo, 0, len(ts))
	for _, t := range ts {
		t.mu.RLock()
		if !t.dead {
			ti := TableInfo{Key: t.key, Routes: t.routes, Updated: t.updated, Stale: t.stale > 0}
			for _, ft := range t.fams {
				ti.Families = append(ti.Families, FamilyInfo{Family: ft.fam, Routes: ft.len(), EndOfRIB: ft.eor})
			}
			out = append(out, ti)
		}
		t.mu.RUnlock()
	}
	slices.SortFunc(out, func(a, b TableInfo) int { return compareKeys(a.Key, b.Key) })
	return out
}

// PeerTables returns the tables of one peer of the router, sorted by key.
// It costs what the peer has, not what the router has.
func (db *DB) PeerTables(router string, peer PeerID) []TableInfo {
	db.mu.RLock()
	var ts []*table
	if r := db.routers[router]; r != nil {
		ts = append(ts, r.byPeer[peer]...)
	}
	db.mu.RUnlock()
	return tableInfos(ts)
}

// RouterRoutes returns the number of routes the router's tables hold, kept
// as they change: it costs nothing to ask.
func (db *DB) RouterRoutes(router string) int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if r := db.routers[router]; r != nil {
		return int(r.routes.Load())
	}
	return 0
}

// RouterEntryBytes returns the octets the router's routes kept as NLRI
// entries (EVPN, FlowSpec, BGP-LS ...) hold beyond what a route costs in
// a tree (Stats.EntryBytes for one router), kept as they change: a flood
// of large entries is priced by what it holds.
func (db *DB) RouterEntryBytes(router string) int64 {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if r := db.routers[router]; r != nil {
		return r.entryBytes.Load()
	}
	return 0
}

// RouterUsage returns RouterRoutes, TableCount and RouterEntryBytes in
// one look-up.
func (db *DB) RouterUsage(router string) (routes, tables int, entryBytes int64) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if r := db.routers[router]; r != nil {
		return int(r.routes.Load()), int(r.ntables.Load()), r.entryBytes.Load()
	}
	return 0, 0, 0
}

// TableCount returns the number of tables the router has.
func (db *DB) TableCount(router string) int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if r := db.routers[router]; r != nil {
		return len(r.tables)
	}
	return 0
}

func compareKeys(a, b TableKey) int {
	return cmp.Or(
		cmp.Compare(a.Router, b.Router),
		cmp.Compare(a.Peer.Type, b.Peer.Type),
		slices.Compare(a.Peer.Distinguisher[:], b.Peer.Distinguisher[:]),
		a.Peer.Addr.Compare(b.Peer.Addr),
		cmp.Compare(a.RIB, b.RIB),
		cmp.Compare(a.Table, b.Table),
	)
}

// Stats returns the DB's size.
func (db *DB) Stats() Stats {
	var st Stats
	db.mu.RLock()
	st.Routers = len(db.routers)
	db.mu.RUnlock()
	treeBytes := 0
	for _, t := range db.allTables("") {
		t.mu.RLock()
		if !t.dead {
			st.Tables++
			st.Routes += t.routes
			for _, ft := range t.fams {
				treeBytes += ft.treeBytes()
				st.FirstNodeBytes += ft.firstNodeBytes()
				st.EntryBytes += ft.ebyte
			}
		}
		t.mu.RUnlock()
	}
	is := db.sets.stats()
	st.Sets, st.SetBytes, st.ArenaBytes = is.sets, is.setBytes, is.arenaBytes
	st.HistoryLen = db.hist.len()
	st.Bytes = treeBytes + is.arenaBytes + is.indexBytes + db.hist.bytes()
	return st
}

// familyOK reports whether family f holds prefixes of the query's AFI.
func familyOK(f bgp.Family, v6 bool) bool {
	return (f.AFI == bgp.AFIIPv6) == v6
}
