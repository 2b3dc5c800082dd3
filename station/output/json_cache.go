package output

import (
	"encoding/binary"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Encoder appends events as AppendJSON does, remembering what events
// share: the route events of an UPDATE have the same time and the same
// Path, so a sink that writes every event encodes those once per UPDATE
// instead of once per route; a path's members are remembered by its
// octets too, as a peer sends the same attributes again in other UPDATEs
// (other prefixes, churn); the members of a router and peer are
// written once per peer (events of a router's peers come interleaved);
// a timestamp's date and time of day once per second. It relies on what
// the station guarantees: the Path of a published event never changes.
// The zero Encoder is ready to use; it is not safe for concurrent use.
type Encoder struct {
	// last is the slot of the last route's path members (the other
	// routes of its UPDATE come next), in paths or big; big holds the
	// last members too long for the memo (pathMemoMax).
	last *memoSlot[pathKey]
	big  memoSlot[pathKey]

	time, routerTime stamp

	// peers holds the members from "router" to the end of the peer's
	// (every event but the router ones), by router and peer: the members
	// depend on nothing else. routes holds a route event's members from
	// "action" to "family", by withdrawal and family.
	peers  memo[peerKey]
	routes memo[routeKey]
	// paths holds a path's members, with the family's next hop, by
	// path octets and family (the key's Path: the last one seen).
	paths memo[pathKey]
}

type pathKey struct {
	path   *Path
	family bgp.Family
}

// pathMemoMax bounds the members a slot of paths keeps (the common
// path's are a few hundred octets) and the octets of the Path it holds,
// so that the memo stays small whatever the attributes: longer ones go
// to Encoder.big.
const pathMemoMax = 2048

type peerKey struct {
	router RouterRef
	peer   PeerRef
}

// hash mixes the fields that tell a router's peers apart; the memo
// compares whole keys.
func (k *peerKey) hash() uint64 {
	a, r := k.peer.Addr.As16(), k.router.Addr.As16()
	h := binary.LittleEndian.Uint64(a[8:]) ^ binary.LittleEndian.Uint64(a[:8])*31
	h ^= uint64(k.peer.AS)<<20 ^ uint64(k.peer.RIB)<<8 ^ uint64(k.peer.Type)<<12
	h ^= binary.LittleEndian.Uint64(k.peer.Distinguisher[:]) ^ binary.LittleEndian.Uint64(r[8:])*7
	// Loc-RIB peers may differ by their table's name alone.
	for i := 0; i < len(k.peer.TableName); i++ {
		h = (h ^ uint64(k.peer.TableName[i])) * 0x100000001b3
	}
	return h
}

type routeKey struct {
	withdraw bool
	family   bgp.Family
}

// memoSlots is the number of entries of a memo: well above a sink's
// peers in most stations (more collide, and are written again).
const memoSlots = 256

// memo remembers encoded members by key, in a table of memoSlots indexed
// by the key's hash: bounded, no map hashing of the key's strings, and a
// key that collides replaces the one in its slot.
type memo[K comparable] struct {
	slots *[memoSlots]memoSlot[K]
}

type memoSlot[K comparable] struct {
	key K
	enc []byte
	ok  bool
}

// appendKept appends the members the slot holds when it holds them for k;
// else write appends them, and the slot keeps them for k.
func (sl *memoSlot[K]) appendKept(w *jw, k K, e *Event, write func(*Event, *jw)) {
	if sl.ok && sl.key == k {
		w.b = append(w.b, sl.enc...)
		return
	}
	start := len(w.b)
	write(e, w)
	sl.key, sl.enc, sl.ok = k, append(sl.enc[:0], w.b[start:]...), true
}

// slot returns the slot of a key of hash h.
func (m *memo[K]) slot(h uint64) *memoSlot[K] { return &m.table()[memoIndex(h)] }

// pair returns the two slots of a key of hash h (slot's and its
// neighbour), the one of the two used last first.
func (m *memo[K]) pair(h uint64) (*memoSlot[K], *memoSlot[K]) {
	t, i := m.table(), memoIndex(h)
	return &t[i&^1], &t[i|1]
}

func (m *memo[K]) table() *[memoSlots]memoSlot[K] {
	if m.slots == nil {
		m.slots = new([memoSlots]memoSlot[K])
	}
	return m.slots
}

// memoIndex is the index of the slot of a key of hash h.
func memoIndex(h uint64) uint64 {
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9 // spreads the fields' bits over the index
	return (h >> 32) % memoSlots
}

// Append appends e as one JSON object, without a newline.
func (c *Encoder) Append(dst []byte, e *Event) []byte { return e.appendJSON(dst, c) }

// routerPeer appends e's router and peer members, from the memo when
// the Encoder has written them before.
func (c *Encoder) routerPeer(w *jw, e *Event) {
	k := peerKey{e.Router, e.Peer}
	c.peers.slot(k.hash()).appendKept(w, k, e, (*Event).appendRouterPeer)
}

// routeKind appends a route event's members from "action" to "family",
// from the memo when the Encoder has written them before.
func (c *Encoder) routeKind(w *jw, e *Event) {
	k := routeKey{e.Withdraw, e.Family}
	h := uint64(e.Family.AFI)<<9 ^ uint64(e.Family.SAFI)<<1
	if e.Withdraw {
		h |= 1
	}
	c.routes.slot(h).appendKept(w, k, e, (*Event).appendRouteKind)
}

// pathMembers appends the members of p (its attributes, verdict and
// next hop for family f), from the memo when the Encoder has written the
// same before.
func (c *Encoder) pathMembers(w *jw, p *Path, f bgp.Family) {
	k := pathKey{p, f}
	if l := c.last; l != nil && l.ok && l.key == k { // no hash for the same Path
		w.b = append(w.b, l.enc...)
		return
	}
	// Two slots per hash, the one used last first: paths that collide
	// in one slot (a few of a memo's worth of paths) both stay.
	a, b := c.paths.pair(octetsHash(p.Bytes()) ^ uint64(f.AFI)<<8 ^ uint64(f.SAFI))
	c.last = a
	if !holds(a, p, f) {
		*a, *b = *b, *a // b is the one used last now
		if !holds(a, p, f) {
			// Neither: a, the one used least lately, takes p.
			start := len(w.b)
			p.appendMembers(w, f)
			if len(w.b)-start > pathMemoMax || len(p.Bytes()) > pathMemoMax {
				c.last = &c.big
			}
			c.last.key, c.last.enc, c.last.ok = k, append(c.last.enc[:0], w.b[start:]...), true
			return
		}
	}
	a.key.path = p // the others of its UPDATE then compare by pointer
	w.b = append(w.b, a.enc...)
}

// holds reports whether sl holds the members of p for family f.
func holds(sl *memoSlot[pathKey], p *Path, f bgp.Family) bool {
	k := sl.key
	if !sl.ok || k.family != f {
		return false
	}
	return k.path == p || k.path.Error == p.Error && k.path.SameJSON(&p.Path)
}

// octetsHash mixes the octets of a path attributes field, eight at a
// time: the same octets fall in the same slot from one run to the next
// (a feed's hits, and a benchmark's, do not depend on a seed), and a
// sender who makes its paths collide only costs them their memo.
func octetsHash(b []byte) uint64 {
	h := uint64(len(b))
	for ; len(b) >= 8; b = b[8:] {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0x9e3779b97f4a7c15
		h ^= h >> 32
	}
	for _, x := range b {
		h = (h ^ uint64(x)) * 0x100000001b3
	}
	return h
}

// stamp writes times as time.RFC3339Nano in UTC does, remembering the
// text of the last time's second: the events of a feed come many to a
// second, and then cost only their fraction.
type stamp struct {
	sec    int64
	n      int      // the length of prefix in use; 0 before the first time
	prefix [40]byte // `"2006-01-02T15:04:05` of sec, quote included
}

// second writes the prefix of t's second (t in UTC) and returns its
// length: by hand for years of four digits, else the standard library's
// text (RFC 3339 without a fraction) less its "Z".
func (s *stamp) second(t time.Time) int {
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		b := append(s.prefix[:0], '"')
		b = time.Unix(t.Unix(), 0).UTC().AppendFormat(b, time.RFC3339)
		return copy(s.prefix[:], b[:len(b)-1])
	}
	h, mi, sec := t.Clock()
	b := append(s.prefix[:0], '"')
	b = append2(append2(b, y/100), y%100)
	b = append2(append(b, '-'), int(mo))
	b = append2(append(b, '-'), d)
	b = append2(append(b, 'T'), h)
	b = append2(append(b, ':'), mi)
	b = append2(append(b, ':'), sec)
	return len(b)
}

// append2 appends v (0 to 99) in two digits.
func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// append appends t, quoted.
func (s *stamp) append(dst []byte, t time.Time) []byte {
	t = t.UTC()
	if sec := t.Unix(); sec != s.sec || s.n == 0 {
		s.sec, s.n = sec, s.second(t)
	}
	dst = append(dst, s.prefix[:s.n]...)
	if ns := t.Nanosecond(); ns != 0 {
		// Nine digits, less the trailing zeros, as RFC3339Nano writes;
		// two at a time, in 32 bits.
		dst = append(dst, '.', '0', '0', '0', '0', '0', '0', '0', '0', '0')
		f, v := dst[len(dst)-9:], uint32(ns)
		for i := 7; i > 0; i -= 2 {
			q := v / 100
			r := v - q*100
			f[i], f[i+1] = byte('0'+r/10), byte('0'+r%10)
			v = q
		}
		f[0] = byte('0' + v)
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
	}
	return append(dst, 'Z', '"')
}
