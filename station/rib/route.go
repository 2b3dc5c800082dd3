package rib

import (
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Route is one route of a table, copied out of the DB: it shares nothing
// mutable with it, and stays valid after the route changes or goes.
//
// Prefix is masked (the bits past the length are zero, whatever was sent).
// PathID is the ADD-PATH Path Identifier (RFC 7911), 0 without ADD-PATH.
// RD and the label stack are set for labeled (RFC 8277) and VPN (RFC 4364,
// RFC 4659) families only. Routes of the families framed as NLRI entries
// (bgp.Family.Entries: EVPN, FlowSpec, BGP-LS ...) have no Prefix: Entry
// holds the entry (after its Path Identifier), which
// bgp.Family.AppendEntryJSON and EntryText read. Stale is set for routes of a router marked stale
// (DB.MarkStale) that have not been announced again since.
type Route struct {
	Prefix    netip.Prefix
	PathID    uint32
	RD        bgp.RD
	Labels    [bgp.MaxLabels]bgp.Label
	NumLabels uint8
	Entry     []byte // the NLRI entry as sent, for a family not decoded into prefixes (EVPN, FlowSpec ...); nil otherwise
	Stale     bool
	Attrs     Attrs
}

// LabelStack returns the labels in order.
func (r *Route) LabelStack() []bgp.Label { return r.Labels[:r.NumLabels] }

// LookupMode selects what Lookup matches.
type LookupMode uint8

const (
	// Exact matches routes whose prefix equals the query.
	Exact LookupMode = iota
	// LongestMatch matches, in each table and family, the routes of the
	// longest prefix that covers the query (all its ADD-PATH paths; per
	// RD in VPN families). For an address, query its host prefix (/32 or
	// /128, netip.Addr.Prefix).
	LongestMatch
	// MoreSpecific matches routes whose prefix is covered by the query,
	// the query's own prefix included.
	MoreSpecific
)

var lookupModeNames = [...]string{"exact", "longest-match", "more-specific"}

// String returns "exact", "longest-match" or "more-specific".
func (m LookupMode) String() string {
	if int(m) < len(lookupModeNames) {
		return lookupModeNames[m]
	}
	return "LookupMode(?)"
}

// Match is one route found by Lookup, with the table and family it is in.
type Match struct {
	Table  TableKey
	Family bgp.Family
	Route  Route
}

// ChangeKind says whether a Change announced or withdrew a route.
type ChangeKind uint8

const (
	Announce ChangeKind = iota + 1 // the route was announced (new or replaced)
	Withdraw                       // the route was withdrawn (or treated as withdrawn, RFC 7606)
)

// String returns "announce" or "withdraw".
func (k ChangeKind) String() string {
	switch k {
	case Announce:
		return "announce"
	case Withdraw:
		return "withdraw"
	}
	return "ChangeKind(?)"
}

// Change is one recorded route change: an announcement of a new route or
// of new attributes for a route held (an announcement repeating the
// attributes is not a change), or the withdrawal of a route held; for a
// withdrawal, Route.Attrs holds the attributes the route had. Route has no
// label stack and Stale is not set. Changes made by ClearPeer, ClearTable,
// ClearRouter, SweepStale and End-of-RIB are not recorded one by one.
type Change struct {
	Time   time.Time
	Kind   ChangeKind
	Table  TableKey
	Family bgp.Family
	Route  Route
}

// TableInfo describes one table.
type TableInfo struct {
	Key      TableKey
	Routes   int          // routes held, all families
	Families []FamilyInfo // per family, in the order first seen
	Updated  time.Time    // time given to the last Apply
	Stale    bool         // the router is marked stale and routes remain stale
}

// FamilyInfo is the state of one address family of a table.
type FamilyInfo struct {
	Family   bgp.Family
	Routes   int
	EndOfRIB time.Time // when End-of-RIB (RFC 4724 §2) was received; zero if not
}

// Stats is a snapshot of the DB's size.
type Stats struct {
	Routers int
	Tables  int
	Routes  int // over all tables; equals the sum of TableInfo.Routes

	// Interned attribute sets: how many are live, the octets they hold,
	// and the octets the set arena holds (live plus freed, not yet
	// compacted).
	Sets       int
	SetBytes   int
	ArenaBytes int

	HistoryLen int // changes remembered

	// Bytes estimates the heap the DB holds: route storage, the set
	// arena and index, and the history.
	Bytes int
	// FirstNodeBytes is the part of Bytes that the first tree node of
	// every family table takes, whatever its routes: a cost of the table,
	// not of its routes (a table of one route holds a whole node).
	FirstNodeBytes int
	// EntryBytes is the part of Bytes that the routes kept as NLRI
	// entries (EVPN, FlowSpec, BGP-LS ...) hold in their octets: what
	// they cost beyond a route's entry in a tree.
	EntryBytes int
}
