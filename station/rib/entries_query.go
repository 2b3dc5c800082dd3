package rib

import (
	"bytes"
	"context"
	"encoding/binary"
	"unsafe"

	"github.com/bgplens/bgplens/bgp"
)

// pageEntries walks a family of entries from the cursor cur (the key,
// then the Path Identifier; nil for the first page), handing each to add
// until it refuses one; it returns the cursor of the last entry added.
func (f *famTable) pageEntries(cur []byte, add func(Route, uint32) bool) (last []byte) {
	var from entEnt
	if cur != nil {
		k := cur[:len(cur)-4]
		from = entEnt{kv: string(k), klen: uint32(len(k)), pathID: binary.BigEndian.Uint32(cur[len(k):])}
	}
	var l entEnt
	f.te.ascend(from, cur == nil, func(e entEnt) bool {
		if !add(e.route(), e.val) {
			return false
		}
		l = e
		return true
	})
	last = append(last, l.key()...)
	return binary.BigEndian.AppendUint32(last, l.pathID)
}

// EntryQuery selects the routes kept as NLRI entries that LookupEntries
// returns: those of Family (every such family when zero) that name a
// value matching Term (bgp.Family.EntryTerms):
//   - bgp.TermAddr: an address or prefix of the entry overlaps Term.Prefix
//     (an EVPN route's IP or IP prefix, a FlowSpec rule's destination or
//     source, a BGP-LS link address or prefix ...); a Term.Prefix of one
//     address also matches a router ID with those octets.
//   - bgp.TermMAC: an EVPN MAC/IP route of that MAC.
//   - bgp.TermAS: a BGP-LS node descriptor's AS, an RTC origin AS, an MVPN
//     source AS.
//   - bgp.TermRouterID: a BGP-LS IGP or BGP Router-ID that starts with
//     Term.ID (an IS-IS system ID matches its pseudonodes, an OSPF router
//     ID its DR's ID).
type EntryQuery struct {
	Family bgp.Family
	Term   bgp.EntryTerm
}

// match reports whether term x, named by an entry, answers the query term.
func (q *EntryQuery) match(x bgp.EntryTerm) bool {
	t := &q.Term
	switch t.Kind {
	case bgp.TermAddr:
		switch x.Kind {
		case bgp.TermAddr:
			return x.Prefix.IsValid() && t.Prefix.Overlaps(x.Prefix)
		case bgp.TermRouterID:
			if !t.Prefix.IsSingleIP() {
				return false
			}
			a := t.Prefix.Addr()
			if a.Is4() {
				b := a.As4()
				return bytes.HasPrefix(x.ID, b[:])
			}
			b := a.As16()
			return bytes.HasPrefix(x.ID, b[:])
		}
	case bgp.TermMAC:
		return x.Kind == bgp.TermMAC && x.MAC == t.MAC
	case bgp.TermAS:
		return x.Kind == bgp.TermAS && x.AS == t.AS
	case bgp.TermRouterID:
		return x.Kind == bgp.TermRouterID && len(t.ID) > 0 && bytes.HasPrefix(x.ID, t.ID)
	}
	return false
}

// LookupEntries finds the routes kept as NLRI entries that q selects, in
// every table of every router: at most limit (no limit when <= 0), and
// whether more were left out; grouped by table, in key order within a
// family. Entries are not indexed by what they name: a lookup scans the
// entry families of every table (they are few next to IP routes), holding
// each table's read lock while it does, and gives up with ctx's error
// when ctx is done (checked between tables).
func (db *DB) LookupEntries(ctx context.Context, q EntryQuery, limit int) (matches []Match, truncated bool, err error) {
	pick := func(ft *famTable) bool {
		return ft.kind == kindEntry && (q.Family == bgp.Family{} || ft.fam == q.Family)
	}
	return db.collect(ctx, limit, pick, func(ft *famTable, emit func(Route, uint32) bool) {
		ft.te.all(func(e entEnt) bool { return !q.matches(ft.fam, e) || emit(e.route(), e.val) })
	})
}

// matches reports whether entry e of family f names a value q selects.
func (q *EntryQuery) matches(f bgp.Family, e entEnt) bool {
	s := e.entry()
	// EntryTerms only reads the entry: a view of the string's octets
	// spares a copy of every entry scanned.
	v := unsafe.Slice(unsafe.StringData(s), len(s))
	for x := range f.EntryTerms(bgp.NLRI{Value: v}) {
		if q.match(x) {
			return true
		}
	}
	return false
}
