// Package rib is the in-memory routing information base of the BMP
// station: every table (Adj-RIB-In pre and post policy, Adj-RIB-Out pre and
// post policy, Loc-RIB per table name) of every monitored peer of every
// router, with the path attribute sets interned and shared by all of them.
//
// The station feeds a DB with the UPDATE messages it reads from Route
// Monitoring messages (RFC 7854 §4.6, RFC 8671, RFC 9069), one goroutine per
// router, and serves its HTTP API from the DB concurrently:
//
//	db := rib.New(rib.Config{})
//	u, _ := bgp.ParseUpdate(msg, sess)
//	added, withdrawn, err := db.Apply(key, u, time.Now())
//	page, next := db.Routes(key, bgp.IPv4Unicast, "", 100)
//
// rib knows no BMP and no network: it takes bgp.UpdateView values and
// table keys. See README.md for the memory model and the cost of each
// operation.
package rib

import (
	"errors"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Config bounds what a DB holds. The zero Config is usable: no route limit,
// and the default history sizes.
type Config struct {
	// MaxRoutes is the most routes the DB holds over all tables; 0 means no
	// limit. Apply refuses announcements of new routes beyond it (replacing
	// a route already held is always accepted) and returns ErrMaxRoutes.
	MaxRoutes int

	// HistoryTotal is the number of route changes the DB remembers, over
	// all prefixes (a ring: the oldest change is forgotten first). 0 means
	// DefaultHistoryTotal; a negative value disables the history.
	HistoryTotal int

	// HistoryPerPrefix is the most changes History returns for one prefix.
	// 0 means DefaultHistoryPerPrefix.
	HistoryPerPrefix int
}

// Defaults for the zero Config.
const (
	DefaultHistoryTotal     = 1 << 16
	DefaultHistoryPerPrefix = 32
)

// ErrMaxRoutes is returned (possibly joined with a *bgp.Error) by Apply when
// Config.MaxRoutes refused at least one announced route.
var ErrMaxRoutes = errors.New("rib: route limit reached; announcements refused")

// errNoMessage is returned by Apply for a zero UpdateView.
var errNoMessage = errors.New("rib: UpdateView holds no message")

// RIBKind names the kind of table a route was monitored in. The values
// follow the order of the station's BMP RIB names, so a conversion from
// bmp.RIB is a plain type conversion.
type RIBKind uint8

// The tables BMP can monitor.
const (
	AdjInPre   RIBKind = iota // pre-policy Adj-RIB-In (RFC 7854)
	AdjInPost                 // post-policy Adj-RIB-In (RFC 7854, L flag)
	AdjOutPre                 // pre-policy Adj-RIB-Out (RFC 8671, O flag)
	AdjOutPost                // post-policy Adj-RIB-Out (RFC 8671, O and L flags)
	LocRIB                    // Loc-RIB (RFC 9069)
)

var ribKindNames = [...]string{"adj-rib-in-pre", "adj-rib-in-post", "adj-rib-out-pre", "adj-rib-out-post", "loc-rib"}

// String returns e.g. "adj-rib-in-post", or "RIBKind(N)".
func (k RIBKind) String() string {
	if int(k) < len(ribKindNames) {
		return ribKindNames[k]
	}
	return "RIBKind(" + strconv.Itoa(int(k)) + ")"
}

// PeerID identifies a monitored peer of a router as BMP's per-peer header
// does (RFC 7854 §4.2): the peer type, the peer distinguisher (zero for the
// global instance; for Loc-RIB, RFC 9069 §4.1, it names the VRF) and the
// peer address (zero for Loc-RIB). It is small and comparable.
type PeerID struct {
	Type          uint8
	Distinguisher bgp.RD
	Addr          netip.Addr
}

// TableKey names one table of the DB. Router is the station's stable name
// for the monitoring router (never its TCP port, so that a reconnecting
// router finds its tables again). Table is the
// Loc-RIB table or VRF name (RFC 9069 §5.1, Table Name TLV), or "" for the
// Adj-RIB tables.
type TableKey struct {
	Router string
	Peer   PeerID
	RIB    RIBKind
	Table  string
}

// DB holds every table of every peer of every router, with the path
// attribute sets interned and shared by all tables. All methods are safe
// for concurrent use: writers of different tables proceed in parallel, and
// readers hold a table's read lock only while they copy out what they
// return.
type DB struct {
	cfg Config

	mu      sync.RWMutex
	routers map[string]*router

	sets    interner
	hist    history
	nroutes routeCounter
	feeds   atomic.Uint64 // Feeds made, for their home groups (intern.go)
}

// router is the state of one router: its tables, indexed by peer, its
// route count and its stale deadline. tables and byPeer change under
// DB.mu; routes is kept by the writers of its tables.
type router struct {
	name       string
	tables     map[tableID]*table
	byPeer     map[PeerID][]*table // so that a peer's tables cost what they hold, not what the router holds
	routes     atomic.Int64
	ntables    atomic.Int32 // len(tables), for readers without DB.mu
	entryBytes atomic.Int64 // octets of the routes kept as NLRI entries (entries.go)
	staleUntil time.Time    // zero unless MarkStale was called and not yet swept
}

// add files a new table (db.mu held).
func (r *router) add(id tableID, t *table) {
	r.tables[id] = t
	r.ntables.Store(int32(len(r.tables)))
	r.byPeer[id.peer] = append(r.byPeer[id.peer], t)
}

// removePeer unfiles the peer's tables and returns them (db.mu held).
func (r *router) removePeer(peer PeerID) []*table {
	ts := r.byPeer[peer]
	delete(r.byPeer, peer)
	for _, t := range ts {
		delete(r.tables, tableID{t.key.Peer, t.key.RIB, t.key.Table})
	}
	r.ntables.Store(int32(len(r.tables)))
	return ts
}

// remove unfiles a table (db.mu held).
func (r *router) remove(id tableID) {
	t := r.tables[id]
	delete(r.tables, id)
	r.ntables.Store(int32(len(r.tables)))
	ts := r.byPeer[id.peer]
	for i := range ts {
		if ts[i] == t {
			ts = append(ts[:i], ts[i+1:]...)
			break
		}
	}
	if len(ts) == 0 {
		delete(r.byPeer, id.peer)
	} else {
		r.byPeer[id.peer] = ts
	}
}

func newRouter(name string) *router {
	return &router{name: name, tables: make(map[tableID]*table), byPeer: make(map[PeerID][]*table)}
}

// tableID is a TableKey without the router name.
type tableID struct {
	peer  PeerID
	rib   RIBKind
	table string
}

// New returns an empty DB.
func New(cfg Config) *DB {
	if cfg.HistoryTotal == 0 {
		cfg.HistoryTotal = DefaultHistoryTotal
	}
	if cfg.HistoryPerPrefix <= 0 {
		cfg.HistoryPerPrefix = DefaultHistoryPerPrefix
	}
	db := &DB{cfg: cfg, routers: make(map[string]*router)}
	db.sets.init()
	db.hist.init(cfg.HistoryTotal)
	return db
}
