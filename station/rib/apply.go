package rib

import (
	"errors"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// lockTable returns the table k, created if needed, locked for writing.
func (db *DB) lockTable(k TableKey) *table {
	id := tableID{k.Peer, k.RIB, k.Table}
	for {
		db.mu.RLock()
		var t *table
		if r := db.routers[k.Router]; r != nil {
			t = r.tables[id]
		}
		db.mu.RUnlock()
		if t == nil {
			db.mu.Lock()
			r := db.routers[k.Router]
			if r == nil {
				r = newRouter(k.Router)
				db.routers[k.Router] = r
			}
			t = r.tables[id]
			if t == nil {
				t = &table{key: k, owner: r}
				r.add(id, t)
			}
			db.mu.Unlock()
		}
		t.mu.Lock()
		if !t.dead {
			return t
		}
		t.mu.Unlock()
	}
}

// Apply applies one UPDATE to the table k, creating the table if needed,
// and returns the number of routes added or replaced and the number
// withdrawn (withdrawals of routes not held are not counted).
//
// Withdrawals come first (the IPv4 Withdrawn Routes field, then
// MP_UNREACH_NLRI), then announcements (the IPv4 NLRI field, then
// MP_REACH_NLRI), as RFC 4271 §4.3 and RFC 4760 order them. Announced
// routes are stored with the UPDATE's attribute set, interned (see
// README.md), read later with the session's AS width (u.Session().AS4).
//
// A malformed UPDATE is handled as RFC 7606 §2 says for its verdict, and
// the verdict is returned as the error (a *bgp.Error; its Action says what
// was done):
//   - AttributeDiscard: the routes are applied; the attributes at fault are
//     left out of the stored set.
//   - TreatAsWithdraw (and AFISAFIDisable, which the monitoring station
//     cannot act on otherwise): the announced routes are withdrawn.
//   - SessionReset: nothing is applied.
//
// An End-of-RIB marker (RFC 4724 §2) is recorded for its family; if the
// router is marked stale, the family's routes still stale are removed.
//
// When Config.MaxRoutes refuses announcements, the error is or wraps
// ErrMaxRoutes.
func (db *DB) Apply(k TableKey, u bgp.UpdateView, at time.Time) (added, withdrawn int, err error) {
	return db.apply(k, nil, u, nil, at)
}

// ApplyValues is Apply for an UPDATE decoded in one pass
// (bgp.UpdateValues, as bmp.Peers.Decode gives it): its routes are read
// from d's slices, not walked again.
func (db *DB) ApplyValues(k TableKey, d *bgp.UpdateValues, at time.Time) (added, withdrawn int, err error) {
	return db.apply(k, nil, *d.View(), d, at)
}

// A Feed applies the UPDATEs of one source (a router's BMP session) to a
// DB: Feed.ApplyValues is DB.ApplyValues, but the Feed remembers the table
// of its last UPDATE, so that the UPDATEs of one table in a row (a peer's
// table dump) find it without the DB-wide lock and its two map lookups,
// whose lock word every router's goroutine would otherwise write; and it
// gathers the history's changes in batches (history.go). A Feed is used
// by one goroutine at a time; Close it when its source is done.
type Feed struct {
	home int // the interner's group the Feed's new sets go to (intern.go)
	db   *DB
	key  TableKey
	t    *table    // the table of key, or nil; checked for dead under its lock
	hist histBatch // changes on their way to the history (history.go)
}

// Close moves the changes the Feed applied into the history (History
// shows them before that too), and lets the history forget the Feed. A
// Feed that applies again after Close goes on as before.
func (f *Feed) Close() { f.db.hist.release(&f.hist) }

// Feed returns a new Feed of the DB.
func (db *DB) Feed() *Feed {
	return &Feed{db: db, home: int(db.feeds.Add(1) % numGroups)}
}

// ApplyValues is DB.ApplyValues through the Feed's remembered table.
func (f *Feed) ApplyValues(k TableKey, d *bgp.UpdateValues, at time.Time) (added, withdrawn int, err error) {
	return f.db.apply(k, f, *d.View(), d, at)
}

// RouterUsage returns what DB.RouterUsage does. For the router of the
// Feed's last table it reads that router's counts without the DB's lock:
// a station checks what a router holds after every message, and the DB's
// lock taken by every router's goroutine would bounce between the cores.
// A router whose tables were cleared since counts zero until the Feed
// next applies.
func (f *Feed) RouterUsage(router string) (routes, tables int, entryBytes int64) {
	if t := f.t; t != nil && t.key.Router == router {
		o := t.owner
		return int(o.routes.Load()), int(o.ntables.Load()), o.entryBytes.Load()
	}
	return f.db.RouterUsage(router)
}

// lockTable is DB.lockTable, remembering the table.
func (f *Feed) lockTable(k TableKey) *table {
	if t := f.t; t != nil && f.key == k {
		t.mu.Lock()
		if !t.dead {
			return t
		}
		t.mu.Unlock()
	}
	t := f.db.lockTable(k)
	f.t, f.key = t, k
	return t
}

// apply is Apply with the routes read from d when it is not nil, else from
// u's iterators, and the table found through f when it is not nil.
func (db *DB) apply(k TableKey, f *Feed, u bgp.UpdateView, d *bgp.UpdateValues, at time.Time) (added, withdrawn int, err error) {
	if u.Message() == nil {
		return 0, 0, errNoMessage
	}
	verdict := u.Verdict()
	act := bgp.NoAction
	if verdict != nil {
		act = verdict.Action
		err = verdict
	}
	if act >= bgp.SessionReset {
		return 0, 0, verdict
	}
	var t *table
	if f != nil {
		t = f.lockTable(k)
	} else {
		t = db.lockTable(k)
	}
	defer t.mu.Unlock()
	t.updated = at
	a := applier{db: db, feed: f, t: t, u: u, verdict: verdict, at: at}

	a.withdrawals(d)
	reach, unreach := a.u.MPEntries()
	if unreach {
		a.entryWithdrawals()
	}
	if f, ok := u.EndOfRIB(); ok {
		ft := t.fam(f, true)
		ft.eor = at
		if ft.stale > 0 {
			a.sweepFamily(ft)
		}
	}
	// RFC 7606 §2: with treat-as-withdraw the announced routes are
	// withdrawn.
	a.announcements(d, act >= bgp.TreatAsWithdraw)
	if reach {
		a.entryAnnouncements(act >= bgp.TreatAsWithdraw)
	}
	a.finish()
	if a.refused > 0 {
		if err != nil {
			err = errors.Join(err, ErrMaxRoutes)
		} else {
			err = ErrMaxRoutes
		}
	}
	return a.added, a.withdrawn, err
}

// withdrawals withdraws the routes of the Withdrawn Routes field and of
// MP_UNREACH_NLRI, from d's slices or, without d, the view's iterator.
func (a *applier) withdrawals(d *bgp.UpdateValues) {
	if d == nil {
		for f, r := range a.u.Withdrawals() {
			a.withdraw(f, &r)
		}
		return
	}
	for i := range d.Withdrawn {
		a.withdraw(bgp.IPv4Unicast, &d.Withdrawn[i])
	}
	for i := range d.MPUnreach.Routes {
		a.withdraw(d.MPUnreach.Family, &d.MPUnreach.Routes[i])
	}
}

// announcements announces the routes of the NLRI field and of
// MP_REACH_NLRI (or withdraws them: treat-as-withdraw).
func (a *applier) announcements(d *bgp.UpdateValues, withdraw bool) {
	if d == nil {
		for f, r := range a.u.Announced() {
			a.announceOr(withdraw, f, &r)
		}
		return
	}
	if withdraw {
		for i := range d.NLRI {
			a.withdraw(bgp.IPv4Unicast, &d.NLRI[i])
		}
		for i := range d.MPReach.Routes {
			a.withdraw(d.MPReach.Family, &d.MPReach.Routes[i])
		}
		return
	}
	// A reference per route, taken with the interning: a table load then
	// locks the set's shard once per UPDATE, not twice. The loops call
	// announce directly: a call per route less.
	a.refs = uint32(len(d.NLRI) + len(d.MPReach.Routes))
	for i := range d.NLRI {
		a.announce(bgp.IPv4Unicast, &d.NLRI[i])
	}
	for i := range d.MPReach.Routes {
		a.announce(d.MPReach.Family, &d.MPReach.Routes[i])
	}
}

// announceOr announces r, or withdraws it (treat-as-withdraw).
func (a *applier) announceOr(withdraw bool, f bgp.Family, r *bgp.Route) {
	if withdraw {
		a.withdraw(f, r)
	} else {
		a.announce(f, r)
	}
}

// applier is the state of one Apply.
type applier struct {
	db        *DB
	feed      *Feed // nil for DB.Apply
	t         *table
	u         bgp.UpdateView // a copy: a pointer to the caller's would move it to the heap
	verdict   *bgp.Error
	ft        *famTable // the family of the last route, looked up once per run
	h         handle    // the UPDATE's interned set, 0 until the first announcement
	attrs     Attrs     // h's octets, resolved once for the history
	held      int       // references taken on h
	refs      uint32    // references to take when interning h: the routes to announce, if known
	wanted    int       // references routes now hold on h
	delta     int       // change in the table's route count
	inserted  int       // new routes (not replacements)
	added     int
	withdrawn int
	refused   int
	entries   bool // routes kept as NLRI entries were applied (entries.go)
	at        time.Time

	// The history's batch the changes go to (locked), nil until the first
	// change; the time they share, and the set of their run (histRun).
	hb    *histBatch
	ns    int64
	runH  handle
	inRun bool
}

func (a *applier) famTable(f bgp.Family) *famTable {
	if a.ft == nil || a.ft.fam != f {
		a.ft = a.t.fam(f, true)
	}
	return a.ft
}

func (a *applier) history() bool { return a.db.hist.total > 0 }

// home is the interner's group for the sets this Apply adds: its Feed's,
// or group 0 without one.
func (a *applier) home() int {
	if a.feed != nil {
		return a.feed.home
	}
	return 0
}

// unstale counts off the stale mark of a route's value old, the route
// withdrawn or announced again, and gives the attribute set it held. It
// inlines: announce's calls cost nothing.
func (a *applier) unstale(ft *famTable, old uint32) handle {
	if old&valStale != 0 {
		ft.stale--
		a.t.stale--
	}
	return handle(old &^ valStale)
}

// withdrew counts a route (or entry) removed from ft, whose value was
// old, and gives the attribute set it held, for the caller to release.
func (a *applier) withdrew(ft *famTable, old uint32) handle {
	a.withdrawn++
	a.delta--
	return a.unstale(ft, old)
}

func (a *applier) withdraw(f bgp.Family, r *bgp.Route) {
	ft := a.famTable(f)
	old, ok, k := ft.remove(r)
	if !ok {
		return
	}
	h := a.withdrew(ft, old)
	if a.history() {
		a.change(Withdraw, f, r, k, h)
	}
	a.t.release(h)
}

// change records a change for the history: written once, in place, into
// the batch the ring takes it from (history.go). k is the route's key as
// the tree gave it, or the zero histKey for a family whose tree key is not
// the history's (labeled, VPN). A change whose set h is not its run's
// starts a run, the set read from the interner unless it is the UPDATE's.
func (a *applier) change(kind ChangeKind, f bgp.Family, r *bgp.Route, k histKey, h handle) {
	b := a.hb
	if b == nil {
		b = &a.t.hist
		if a.feed != nil {
			b = &a.feed.hist
		}
		a.db.hist.begin(b, a.feed != nil)
		a.hb, a.ns = b, nsOf(a.at)
	}
	if !a.inRun || h != a.runH {
		attrs := a.attrs
		if h != a.h {
			attrs = a.db.sets.attrs(h)
		}
		if a.t.histID == 0 {
			a.db.hist.number(a.t)
		}
		b.runs = append(b.runs, histRun{at: a.ns, tbl: a.t.histID - 1, attrs: attrs})
		a.inRun, a.runH = true, h
	}
	es := b.ents
	if len(es) < cap(es) {
		es = es[:len(es)+1]
	} else {
		es = append(es, histEnt{})
	}
	b.ents = es
	e := &es[len(es)-1]
	if k == (histKey{}) { // no key is zero: a v4 key has 0xffff in lo, a v6 key 1<<8 in meta
		k = keyOf(r.Prefix)
	}
	e.hi, e.lo, e.meta = k.hi, k.lo, k.meta
	e.pathID, e.run, e.afi, e.safi, e.kind = r.PathID, uint32(len(b.runs)-1), f.AFI, f.SAFI, kind
	e.rd = bgp.RD{}
	if a.ft.kind == kindWide {
		e.rd = r.RD
	}
}

// announce stores an IP route. It is the hot path of a table load: the
// steps announceEntry shares through count and replaced are written out
// here, where a call per route costs.
func (a *applier) announce(f bgp.Family, r *bgp.Route) {
	if a.h == 0 {
		a.t.canon = a.u.AppendPathAttrs(a.t.canon[:0], a.verdict)
		refs := max(a.refs, 1)
		a.h, a.attrs = a.db.sets.intern(a.t.canon, a.u.Session().AS4, refs, a.home())
		if a.h == 0 {
			a.refused++
			return
		}
		a.held = int(refs)
	}
	ft := a.famTable(f)
	old, replaced, k := ft.upsert(r, uint32(a.h))
	if !replaced {
		if max := a.db.cfg.MaxRoutes; max > 0 && a.db.nroutes.n.Add(1) > int64(max) {
			a.db.nroutes.n.Add(-1)
			ft.remove(r)
			a.refused++
			return
		}
		a.delta++
		a.inserted++
		a.wanted++
		a.added++
		if a.history() {
			a.change(Announce, f, r, k, a.h)
		}
		return
	}
	a.added++
	oh := a.unstale(ft, old)
	if oh == a.h {
		return // the same attributes again: the route already holds its reference
	}
	a.wanted++
	a.t.release(oh)
	if a.history() {
		a.change(Announce, f, r, k, a.h)
	}
}

// set interns the UPDATE's attribute set at its first announcement; it
// reports false when the interner refuses it (the route is refused). It
// does for an entry (announceEntry) what announce does inline.
func (a *applier) set() bool {
	if a.h != 0 {
		return true
	}
	a.t.canon = a.u.AppendPathAttrs(a.t.canon[:0], a.verdict)
	a.h, a.attrs = a.db.sets.intern(a.t.canon, a.u.Session().AS4, 1, a.home())
	if a.h == 0 {
		a.refused++
		return false
	}
	a.held = 1
	return true
}

// count counts a new route, against Config.MaxRoutes; it reports false
// when the limit refuses it (the caller removes it again). It does for an
// entry (announceEntry) what announce does inline for an IP route.
func (a *applier) count() bool {
	if max := a.db.cfg.MaxRoutes; max > 0 && a.db.nroutes.n.Add(1) > int64(max) {
		a.db.nroutes.n.Add(-1)
		a.refused++
		return false
	}
	a.delta++
	a.inserted++
	a.wanted++
	a.added++
	return true
}

// replaced settles a route announced again, whose value was old; it
// reports whether its attributes changed.
func (a *applier) replaced(ft *famTable, old uint32) bool {
	a.added++
	oh := a.unstale(ft, old)
	if oh == a.h {
		return false // the same attributes again: the route already holds its reference
	}
	a.wanted++
	a.t.release(oh)
	return true
}

// sweepFamily removes the stale routes of one family (End-of-RIB after a
// stale mark).
func (a *applier) sweepFamily(ft *famTable) {
	vals := ft.removeStale(nil)
	a.entries = a.entries || ft.kind == kindEntry
	a.t.stale -= len(vals)
	a.delta -= len(vals)
	for _, v := range vals {
		a.t.release(handle(v &^ valStale))
	}
}

// finish settles references, counters and history.
func (a *applier) finish() {
	t := a.t
	if a.h != 0 {
		switch d := a.wanted - a.held; {
		case d > 0:
			a.db.sets.retain(a.h, uint32(d))
		case d < 0:
			t.releaseN(a.h, uint32(-d))
		}
	}
	t.flush(&a.db.sets)
	if a.entries {
		t.syncEntryBytes()
	}
	t.routes += a.delta
	t.owner.routes.Add(int64(a.delta))
	// New routes were counted one by one against the limit.
	a.db.countRoutes(a.delta - a.inserted)
	if a.hb != nil {
		a.db.hist.end(a.hb, a.feed != nil)
	}
}
