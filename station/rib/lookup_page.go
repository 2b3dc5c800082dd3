package rib

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"

	"github.com/bgplens/bgplens/bgp"
)

// LookupQuery is what LookupPage finds: Lookup's prefix and mode, and
// optionally one table (Table) and one family (Family): the routes of a
// peer's table under a prefix, a page at a time.
type LookupQuery struct {
	Prefix netip.Prefix
	Mode   LookupMode
	Table  *TableKey   // nil: every table
	Family *bgp.Family // nil: every family of the prefix's address family
}

// ErrBadCursor is returned by LookupPage for a cursor it did not make.
var ErrBadCursor = errors.New("rib: not a cursor of a lookup page")

// LookupPage is Lookup a page at a time: it returns up to limit matches
// (limit <= 0: DefaultPageSize; at most MaxPageSize) after cursor ("" for
// the first page), and the cursor of the next page ("" after the last).
// The matches come tables by key, then families by AFI and SAFI (Lookup
// orders them as their table first saw them), then routes by key, and a
// cursor names the last match of its page, so paging is complete as Routes' is: a match held during the
// whole walk is returned exactly once, whatever changes meanwhile.
//
// A page costs Lookup's search per table plus the routes it returns; a
// more-specific page of an IPv4 or IPv6 unicast family starts its walk at
// the cursor, so deep pages of a large table cost no more than the first.
func (db *DB) LookupPage(ctx context.Context, q LookupQuery, cursor string, limit int) (matches []Match, next string, err error) {
	if !q.Prefix.IsValid() {
		return nil, "", nil
	}
	var after *pageCursor
	if cursor != "" {
		c, err := parseCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		after = &c
	}
	if limit <= 0 {
		limit = DefaultPageSize
	}
	limit = min(limit, MaxPageSize)
	pfx := q.Prefix.Masked()
	v6 := !pfx.Addr().Is4()
	var ts []*table
	if q.Table != nil {
		if t := db.table(*q.Table); t != nil {
			ts = []*table{t}
		}
	} else {
		ts = db.allTables("")
		sortTables(ts)
	}
	more := false
	for i, t := range ts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, "", err
			}
		}
		if after != nil && compareKeys(t.key, after.table) < 0 {
			continue
		}
		t.mu.RLock()
		fams := slices.Clone(t.fams)
		slices.SortFunc(fams, func(a, b *famTable) int { return compareFamilies(a.fam, b.fam) })
		for _, ft := range fams {
			if t.dead || !familyOK(ft.fam, v6) || (q.Family != nil && ft.fam != *q.Family) {
				continue
			}
			var from *routeKey // skip routes up to the cursor's
			if after != nil && compareKeys(t.key, after.table) == 0 {
				switch c := compareFamilies(ft.fam, after.fam); {
				case c < 0:
					continue
				case c == 0:
					from = &after.route
				}
			}
			ft.lookupAfter(pfx, q.Mode, from, db.emitter(t, ft, &matches, limit, &more))
			if more {
				break
			}
		}
		t.mu.RUnlock()
		if more {
			break
		}
	}
	if !more || len(matches) == 0 {
		return matches, "", nil
	}
	last := &matches[len(matches)-1]
	return matches, pageCursor{table: last.Table, fam: last.Family, route: routeKeyOf(&last.Route)}.String(), nil
}

func compareFamilies(a, b bgp.Family) int {
	return cmp.Or(cmp.Compare(a.AFI, b.AFI), cmp.Compare(a.SAFI, b.SAFI))
}

// routeKey is a route's key in the trees' order whatever its family: RD,
// address (an IPv4 one in the first 4 octets), prefix length, path ID.
type routeKey [29]byte

func routeKeyOf(r *Route) routeKey {
	var k routeKey
	copy(k[:8], r.RD[:])
	if a := r.Prefix.Addr(); a.Is4() {
		b := a.As4()
		copy(k[8:], b[:])
	} else {
		b := a.As16()
		copy(k[8:], b[:])
	}
	k[24] = uint8(r.Prefix.Bits())
	binary.BigEndian.PutUint32(k[25:], r.PathID)
	return k
}

// lookupAfter is lookup that emits only routes past from (nil: all).
func (f *famTable) lookupAfter(q netip.Prefix, mode LookupMode, from *routeKey, emit func(Route, uint32) bool) {
	if from == nil {
		f.lookup(q, mode, emit)
		return
	}
	after := func(r Route) bool {
		k := routeKeyOf(&r)
		return bytes.Compare(k[:], from[:]) > 0
	}
	switch {
	case mode == MoreSpecific && f.kind == kind4:
		a := q.Addr().As4()
		qa, qb := binary.BigEndian.Uint32(a[:]), uint8(q.Bits())
		hi := qa | ^mask32(int(qb))
		start := v4ent{addr: binary.BigEndian.Uint32(from[8:]), bits: from[24], pathID: binary.BigEndian.Uint32(from[25:])}
		f.t4.ascend(start, false, func(e v4ent) bool {
			if e.addr > hi {
				return false
			}
			return e.addr < qa || e.bits < qb || emit(e.route(), e.val)
		})
	case mode == MoreSpecific && f.kind == kind6:
		qa, qb := addr16(q.Addr()), uint8(q.Bits())
		hi := orHost(qa, int(qb))
		var start v6ent
		for i := range 4 {
			start.addr[i] = binary.BigEndian.Uint32(from[8+4*i:])
		}
		start.bits, start.pathID = from[24], binary.BigEndian.Uint32(from[25:])
		f.t6.ascend(start, false, func(e v6ent) bool {
			if cmpAddr(e.addr, hi) > 0 {
				return false
			}
			return cmpAddr(e.addr, qa) < 0 || e.bits < qb || emit(e.route(), e.val)
		})
	default:
		f.lookup(q, mode, func(r Route, val uint32) bool { return !after(r) || emit(r, val) })
	}
}

// pageCursor names the last match of a page.
type pageCursor struct {
	table TableKey
	fam   bgp.Family
	route routeKey
}

// String encodes the cursor (URL-safe base64 of a version octet and the
// fields, strings prefixed by their length).
func (c pageCursor) String() string {
	b := []byte{1}
	b = binary.AppendUvarint(b, uint64(len(c.table.Router)))
	b = append(b, c.table.Router...)
	b = append(b, c.table.Peer.Type)
	b = append(b, c.table.Peer.Distinguisher[:]...)
	a, _ := c.table.Peer.Addr.MarshalBinary()
	b = append(b, byte(len(a)))
	b = append(b, a...)
	b = append(b, byte(c.table.RIB))
	b = binary.AppendUvarint(b, uint64(len(c.table.Table)))
	b = append(b, c.table.Table...)
	b = binary.BigEndian.AppendUint16(b, uint16(c.fam.AFI))
	b = append(b, byte(c.fam.SAFI))
	b = append(b, c.route[:]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseCursor reads what String wrote; every length is checked.
func parseCursor(s string) (pageCursor, error) {
	var c pageCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 1 || b[0] != 1 {
		return c, ErrBadCursor
	}
	b = b[1:]
	str := func() (string, bool) {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return "", false
		}
		s := string(b[w : w+int(n)])
		b = b[w+int(n):]
		return s, true
	}
	var ok bool
	if c.table.Router, ok = str(); !ok || len(b) < 10 {
		return c, ErrBadCursor
	}
	c.table.Peer.Type = b[0]
	copy(c.table.Peer.Distinguisher[:], b[1:9])
	n := int(b[9])
	b = b[10:]
	if n > len(b) || c.table.Peer.Addr.UnmarshalBinary(b[:n]) != nil {
		return c, ErrBadCursor
	}
	b = b[n:]
	if len(b) < 1 {
		return c, ErrBadCursor
	}
	c.table.RIB = RIBKind(b[0])
	b = b[1:]
	if c.table.Table, ok = str(); !ok || len(b) != 3+len(c.route) {
		return c, ErrBadCursor
	}
	c.fam = bgp.Family{AFI: bgp.AFI(binary.BigEndian.Uint16(b)), SAFI: bgp.SAFI(b[2])}
	copy(c.route[:], b[3:])
	return c, nil
}
