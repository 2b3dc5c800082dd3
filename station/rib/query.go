package rib

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"slices"

	"github.com/bgplens/bgplens/bgp"
)

// ValidCursor reports whether cursor can be a cursor Routes returned for
// family f ("" is: the first page), so that a caller can tell a bad cursor
// from the end of a table.
func ValidCursor(f bgp.Family, cursor string) bool {
	if cursor == "" {
		return true
	}
	b, err := hex.DecodeString(cursor)
	if err != nil {
		return false
	}
	switch familyKind(f) {
	case kind4:
		return len(b) == 9 && b[4] <= 32
	case kind6:
		return len(b) == 21 && b[16] <= 128
	case kindEntry:
		return len(b) >= 4
	}
	return len(b) == 29 && b[24] <= 128
}

// Page sizes of Routes: the default for a limit <= 0, and the most one
// call returns, so that a reader holds a table's read lock only briefly.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 10000
)

// Routes returns up to limit routes (DefaultPageSize if limit <= 0, at
// most MaxPageSize) of
// family f of table k in a stable order (route distinguisher, address,
// prefix length, path ID), starting after cursor ("" for the first page).
// next is the cursor of the following page, or "" after the last page.
// Paging is complete: a route held during the whole walk is returned
// exactly once. An unknown table or family, or a malformed cursor, gives
// an empty page.
func (db *DB) Routes(k TableKey, f bgp.Family, cursor string, limit int) (page []Route, next string) {
	if !ValidCursor(f, cursor) {
		return nil, ""
	}
	if limit <= 0 {
		limit = DefaultPageSize
	}
	limit = min(limit, MaxPageSize)
	t := db.table(k)
	if t == nil {
		return nil, ""
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	ft := t.fam(f, false)
	if ft == nil || t.dead {
		return nil, ""
	}
	var cur []byte
	if cursor != "" {
		var err error
		if cur, err = hex.DecodeString(cursor); err != nil {
			return nil, ""
		}
	}
	more := false
	add := func(r Route, val uint32) bool {
		if len(page) == limit {
			more = true
			return false
		}
		r.Attrs = db.sets.attrs(handle(val &^ valStale))
		page = append(page, r)
		return true
	}
	var last []byte
	switch ft.kind {
	case kind4:
		var from v4ent
		if cur != nil {
			if len(cur) != 9 {
				return nil, ""
			}
			from = v4ent{addr: binary.BigEndian.Uint32(cur), bits: cur[4], pathID: binary.BigEndian.Uint32(cur[5:])}
		}
		var l v4ent
		ft.t4.ascend(from, cur == nil, func(e v4ent) bool {
			if !add(e.route(), e.val) {
				return false
			}
			l = e
			return true
		})
		last = binary.BigEndian.AppendUint32(last, l.addr)
		last = append(last, l.bits)
		last = binary.BigEndian.AppendUint32(last, l.pathID)
	case kind6:
		var from v6ent
		if cur != nil {
			if len(cur) != 21 {
				return nil, ""
			}
			for i := range 4 {
				from.addr[i] = binary.BigEndian.Uint32(cur[4*i:])
			}
			from.bits, from.pathID = cur[16], binary.BigEndian.Uint32(cur[17:])
		}
		var l v6ent
		ft.t6.ascend(from, cur == nil, func(e v6ent) bool {
			if !add(e.route(), e.val) {
				return false
			}
			l = e
			return true
		})
		for _, w := range l.addr {
			last = binary.BigEndian.AppendUint32(last, w)
		}
		last = append(last, l.bits)
		last = binary.BigEndian.AppendUint32(last, l.pathID)
	case kindEntry:
		last = ft.pageEntries(cur, add)
	default:
		var from wideEnt
		if cur != nil {
			if len(cur) != 29 {
				return nil, ""
			}
			from.rd[0], from.rd[1] = binary.BigEndian.Uint32(cur), binary.BigEndian.Uint32(cur[4:])
			for i := range 4 {
				from.addr[i] = binary.BigEndian.Uint32(cur[8+4*i:])
			}
			from.bits, from.pathID = cur[24], binary.BigEndian.Uint32(cur[25:])
		}
		var l wideEnt
		ft.tw.ascend(from, cur == nil, func(e wideEnt) bool {
			if !add(e.route(ft.v6), e.val) {
				return false
			}
			l = e
			return true
		})
		last = binary.BigEndian.AppendUint32(last, l.rd[0])
		last = binary.BigEndian.AppendUint32(last, l.rd[1])
		for _, w := range l.addr {
			last = binary.BigEndian.AppendUint32(last, w)
		}
		last = append(last, l.bits)
		last = binary.BigEndian.AppendUint32(last, l.pathID)
	}
	if !more {
		return page, ""
	}
	return page, hex.EncodeToString(last)
}

// Lookup finds the routes matching prefix in every table of every router,
// in the families of the prefix's address family (unicast, multicast,
// labeled, VPN). The prefix is masked first. It returns at most limit
// matches (limit <= 0 means no limit) and whether more were left out. The
// matches come grouped by table, in key order within a family.
//
// Exact and LongestMatch cost O(log n) per table and family (LongestMatch
// one search per prefix length present); MoreSpecific O(log n + k). In
// labeled and VPN families, which are keyed by RD first, every lookup
// scans the family. Each table's read lock is held while its matches are
// copied: a MoreSpecific lookup of a short prefix without a limit copies
// whole tables and delays their writers meanwhile.
func (db *DB) Lookup(prefix netip.Prefix, mode LookupMode, limit int) (matches []Match, truncated bool) {
	matches, truncated, _ = db.LookupContext(context.Background(), prefix, mode, limit)
	return matches, truncated
}

// LookupContext is Lookup that gives up when ctx is done (checked between
// tables), returning ctx's error: a lookup over every table of a large
// station should not run on for a client that has left.
func (db *DB) LookupContext(ctx context.Context, prefix netip.Prefix, mode LookupMode, limit int) (matches []Match, truncated bool, err error) {
	if !prefix.IsValid() {
		return nil, false, nil
	}
	q := prefix.Masked()
	v6 := !q.Addr().Is4()
	return db.collect(ctx, limit, func(ft *famTable) bool { return ft.kind != kindEntry && familyOK(ft.fam, v6) },
		func(ft *famTable, emit func(Route, uint32) bool) { ft.lookup(q, mode, emit) })
}

// collect gathers what a lookup over every table finds: in a stable order
// of tables, under each one's read lock, walk is called on the families
// pick takes, and the routes it emits (with their value, whose set becomes
// Attrs) become matches, at most limit (no limit when <= 0); truncated
// says more were left. ctx is checked between tables.
func (db *DB) collect(ctx context.Context, limit int, pick func(*famTable) bool,
	walk func(ft *famTable, emit func(Route, uint32) bool)) (matches []Match, truncated bool, err error) {
	ts := db.allTables("")
	sortTables(ts)
	for i, t := range ts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		t.mu.RLock()
		for _, ft := range t.fams {
			if t.dead || !pick(ft) {
				continue
			}
			walk(ft, db.emitter(t, ft, &matches, limit, &truncated))
			if truncated {
				break
			}
		}
		t.mu.RUnlock()
		if truncated {
			break
		}
	}
	return matches, truncated, nil
}

// emitter gives the emit function of a walk of ft, a family of t: each
// route it is given, with its set read from its value, becomes a match,
// until there are limit (no limit when <= 0) and one more sets *full.
func (db *DB) emitter(t *table, ft *famTable, matches *[]Match, limit int, full *bool) func(Route, uint32) bool {
	return func(r Route, val uint32) bool {
		if limit > 0 && len(*matches) == limit {
			*full = true
			return false
		}
		r.Attrs = db.sets.attrs(handle(val &^ valStale))
		*matches = append(*matches, Match{Table: t.key, Family: ft.fam, Route: r})
		return true
	}
}

func sortTables(ts []*table) {
	// Keys do not change, so they can be read without the table locks.
	slices.SortFunc(ts, func(a, b *table) int { return compareKeys(a.key, b.key) })
}

// lookup emits the routes of the family that match q. It stops when emit
// returns false.
func (f *famTable) lookup(q netip.Prefix, mode LookupMode, emit func(Route, uint32) bool) {
	switch f.kind {
	case kind4:
		a := q.Addr().As4()
		qa, qb := binary.BigEndian.Uint32(a[:]), uint8(q.Bits())
		same := func(addr uint32, bits uint8) {
			f.t4.ascend(v4ent{addr: addr, bits: bits}, true, func(e v4ent) bool {
				return e.addr == addr && e.bits == bits && emit(e.route(), e.val)
			})
		}
		switch mode {
		case Exact:
			same(qa, qb)
		case LongestMatch:
			for b := int(qb); b >= 0; b-- {
				if f.lens[b] == 0 {
					continue
				}
				m := qa & mask32(b)
				if f.hasPrefix4(m, uint8(b)) {
					same(m, uint8(b))
					return
				}
			}
		case MoreSpecific:
			hi := qa | ^mask32(int(qb))
			f.t4.ascend(v4ent{addr: qa, bits: qb}, true, func(e v4ent) bool {
				if e.addr > hi {
					return false
				}
				return e.bits < qb || emit(e.route(), e.val)
			})
		}
	case kind6:
		qa, qb := addr16(q.Addr()), uint8(q.Bits())
		same := func(addr [4]uint32, bits uint8) {
			f.t6.ascend(v6ent{addr: addr, bits: bits}, true, func(e v6ent) bool {
				return e.addr == addr && e.bits == bits && emit(e.route(), e.val)
			})
		}
		switch mode {
		case Exact:
			same(qa, qb)
		case LongestMatch:
			for b := int(qb); b >= 0; b-- {
				if f.lens[b] == 0 {
					continue
				}
				m := mask128(qa, b)
				found := false
				f.t6.ascend(v6ent{addr: m, bits: uint8(b)}, true, func(e v6ent) bool {
					found = e.addr == m && e.bits == uint8(b)
					return false
				})
				if found {
					same(m, uint8(b))
					return
				}
			}
		case MoreSpecific:
			hi := orHost(qa, int(qb))
			f.t6.ascend(v6ent{addr: qa, bits: qb}, true, func(e v6ent) bool {
				if cmpAddr(e.addr, hi) > 0 {
					return false
				}
				return e.bits < qb || emit(e.route(), e.val)
			})
		}
	default:
		f.lookupWide(q, mode, emit)
	}
}

// hasPrefix4 reports whether any path of addr/bits is held (path IDs
// other than 0 included).
func (f *famTable) hasPrefix4(addr uint32, bits uint8) bool {
	found := false
	f.t4.ascend(v4ent{addr: addr, bits: bits}, true, func(e v4ent) bool {
		found = e.addr == addr && e.bits == bits
		return false
	})
	return found
}

// lookupWide scans a labeled or VPN family; longest match is per RD.
func (f *famTable) lookupWide(q netip.Prefix, mode LookupMode, emit func(Route, uint32) bool) {
	var qa [4]uint32
	if f.v6 {
		qa = addr16(q.Addr())
	} else {
		a := q.Addr().As4()
		qa[0] = binary.BigEndian.Uint32(a[:])
	}
	width := 32
	if f.v6 {
		width = 128
	}
	qb := q.Bits()
	covers := func(e wideEnt) bool { // e covers q
		return int(e.bits) <= qb && maskN(qa, int(e.bits), width) == e.addr
	}
	covered := func(e wideEnt) bool { // q covers e
		return int(e.bits) >= qb && maskN(e.addr, qb, width) == qa
	}
	switch mode {
	case Exact:
		f.tw.all(func(e wideEnt) bool {
			return !(int(e.bits) == qb && e.addr == qa) || emit(e.route(f.v6), e.val)
		})
	case MoreSpecific:
		f.tw.all(func(e wideEnt) bool { return !covered(e) || emit(e.route(f.v6), e.val) })
	case LongestMatch:
		best := map[[2]uint32]uint8{}
		f.tw.all(func(e wideEnt) bool {
			if covers(e) {
				if b, ok := best[e.rd]; !ok || e.bits > b {
					best[e.rd] = e.bits
				}
			}
			return true
		})
		if len(best) == 0 {
			return
		}
		f.tw.all(func(e wideEnt) bool {
			b, ok := best[e.rd]
			return !(ok && e.bits == b && covers(e)) || emit(e.route(f.v6), e.val)
		})
	}
}

func mask32(bits int) uint32 {
	if bits <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

// mask128 keeps the first bits bits of a.
func mask128(a [4]uint32, bits int) [4]uint32 {
	for i := range 4 {
		b := bits - 32*i
		switch {
		case b >= 32:
		case b <= 0:
			a[i] = 0
		default:
			a[i] &= mask32(b)
		}
	}
	return a
}

// orHost sets the bits after the first bits bits of a.
func orHost(a [4]uint32, bits int) [4]uint32 {
	for i := range 4 {
		b := bits - 32*i
		switch {
		case b >= 32:
		case b <= 0:
			a[i] = ^uint32(0)
		default:
			a[i] |= ^mask32(b)
		}
	}
	return a
}

// maskN masks an address of width 32 (in a[0]) or 128 bits.
func maskN(a [4]uint32, bits, width int) [4]uint32 {
	if width == 32 {
		return [4]uint32{a[0] & mask32(bits)}
	}
	return mask128(a, bits)
}

func cmpAddr(a, b [4]uint32) int {
	for i := range 4 {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
