package rib

import (
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

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
	// TODO
	return 0, 0, nil
}

// ClearTable removes table k and its routes; it returns how many routes
// were removed.
func (db *DB) ClearTable(k TableKey) int {
	// TODO
	return 0
}

// ClearPeer removes every table of the peer (all RIB kinds and table
// names), as on a BMP Peer Down (RFC 7854 §4.9); it returns how many
// routes were removed.
func (db *DB) ClearPeer(router string, peer PeerID) int {
	// TODO
	return 0
}

// ClearRouter removes every table of the router, as when the router's
// BMP session ends; it returns how many routes were removed.
func (db *DB) ClearRouter(router string) int {
	// TODO
	return 0
}

// MarkStale marks every route of the router stale until the given time,
// for a router whose BMP session ended but is expected back. Routes the
// router announces again lose the mark; an End-of-RIB removes the stale
// routes of its table and family; SweepStale removes the ones left once
// the time has passed.
func (db *DB) MarkStale(router string, until time.Time) {
	// TODO
}

// SweepStale removes the routes still stale of every router whose stale
// time is before now, and the tables left empty; it returns how many
// routes were removed.
func (db *DB) SweepStale(now time.Time) int {
	// TODO
	return 0
}

// Routes returns up to limit routes of family f of table k, in a stable
// order (by route distinguisher, address, prefix length, path ID), after
// the position cursor ("" for the first page). next is the cursor of the
// following page, or "" after the last page. Paging is complete: a route
// held during the whole walk is returned exactly once.
func (db *DB) Routes(k TableKey, f bgp.Family, cursor string, limit int) (page []Route, next string) {
	// TODO
	return nil, ""
}

// Lookup finds the routes matching prefix in every table of every router
// (families of the prefix's address family: unicast, multicast, labeled,
// VPN). It returns at most limit matches (limit <= 0 means no limit) and
// whether more were left out.
func (db *DB) Lookup(prefix netip.Prefix, mode LookupMode, limit int) (matches []Match, truncated bool) {
	// TODO
	return nil, false
}

// History returns the recent changes of the prefix (masked; across every
// table and route distinguisher), newest first, at most
// Config.HistoryPerPrefix.
func (db *DB) History(prefix netip.Prefix) []Change {
	// TODO
	return nil
}

// Tables returns the tables of the router, or of every router if router is
// "", sorted by key.
func (db *DB) Tables(router string) []TableInfo {
	// TODO
	return nil
}

// Stats returns the DB's size.
func (db *DB) Stats() Stats {
	// TODO
	return Stats{}
}
