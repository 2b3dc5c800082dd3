package bgp

import (
	"iter"
	"net/netip"
)

// The key column of the family registry: which octets of an NLRI entry
// identify its route, so that a RIB stores one route per key (per Path
// Identifier) and a withdrawal finds the route it names. Each family's
// RFC says which fields are "part of the prefix" for BGP route key
// processing; the others (labels, an EVPN MAC/IP route's ESI) are route
// attributes: a new value replaces the route held.

// keyFunc appends the key octets of entry v (an NLRI.Value) to dst, or
// returns ok false when v does not decode (the whole entry is then its
// key). A row whose key column is nil is keyed by the whole entry.
type keyFunc func(dst []byte, r *familyRow, v []byte) ([]byte, bool)

// AppendEntryKey appends the octets that identify entry e among the
// routes of family f (the Path Identifier aside, which is the caller's to
// add): the fields its RFC makes part of the route key, in wire order. An
// entry of a family keyed whole, of a family not in the registry, or one
// that does not decode, is its own key. Two entries with the same key are
// the same route: the later replaces the earlier, and a withdrawal with
// that key removes it.
func (f Family) AppendEntryKey(dst []byte, e NLRI) []byte {
	if r := familyIndex[f]; r != nil && r.key != nil {
		start := len(dst)
		if out, ok := r.key(dst, r, e.Value); ok {
			return out
		}
		dst = dst[:start]
	}
	return append(dst, e.Value...)
}

// ipKey keys a route of the IP layouts by its RD (VPN) and its masked
// prefix, then its length: labels are not part of the key (RFC 8277 §2,
// RFC 4364 §4.3.4).
func ipKey(dst []byte, row *familyRow, v []byte) ([]byte, bool) {
	r, n, err := parseRoute(v, 0, row.f, false, row.kind)
	if err != nil || n != len(v) {
		return dst, false
	}
	if row.kind == nlriVPN {
		dst = append(dst, r.RD[:]...)
	}
	p := r.Prefix.Masked()
	dst = append(dst, byte(p.Bits()))
	if p.Addr().Is4() {
		a := p.Addr().As4()
		return append(dst, a[:]...), true
	}
	a := p.Addr().As16()
	return append(dst, a[:]...), true
}

// TermKind says what an EntryTerm holds.
type TermKind uint8

// The kinds of EntryTerm.
const (
	TermAddr     TermKind = iota + 1 // Prefix: an address (as its host prefix) or a prefix the entry names
	TermMAC                          // MAC: a MAC address (EVPN MAC/IP Advertisement)
	TermAS                           // AS: an AS number (BGP-LS node descriptors, RTC origin AS, MVPN source AS)
	TermRouterID                     // ID: a router identifier (BGP-LS IGP Router-ID or BGP Router-ID) as sent
)

// EntryTerm is one value an NLRI entry names that an operator looks
// entries up by: an EVPN route's MAC and IP, a FlowSpec rule's
// destination and source prefixes, a BGP-LS object's AS and router IDs.
type EntryTerm struct {
	Kind   TermKind
	Prefix netip.Prefix // TermAddr
	MAC    MAC          // TermMAC
	AS     uint32       // TermAS
	ID     []byte       // TermRouterID; aliases the entry
}

// EntryTerms iterates over the values entry e of family f names, for
// lookups (the codec column's terms, one function per family file). A
// family without terms, or an entry that does not decode, yields none.
func (f Family) EntryTerms(e NLRI) iter.Seq[EntryTerm] {
	return func(yield func(EntryTerm) bool) {
		r := f.codecRow()
		if r == nil || r.codec.terms == nil {
			return
		}
		r.codec.terms(r, e.Value, e.ValueOff, yield)
	}
}

// addrTerm yields a as a TermAddr host prefix, when valid.
func addrTerm(yield func(EntryTerm) bool, a netip.Addr) bool {
	if !a.IsValid() {
		return true
	}
	return yield(EntryTerm{Kind: TermAddr, Prefix: netip.PrefixFrom(a, a.BitLen())})
}
