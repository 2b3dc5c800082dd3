package bgpdump

import (
	"bytes"
	"hash/maphash"

	"github.com/bgplens/bgplens/bgp"
)

// attrCache remembers, per distinct attribute octets of RIB entries, the
// text their lines end with (ASPATH|ORIGIN|...|AGGREGATOR|\n) and whether
// the path is malformed. A RIB dump repeats the same attribute set across
// prefixes and peers, so most entries cost a lookup and a copy instead of
// reading, judging and printing their attributes again.
//
// It is a hash table of buckets of four slots, a bucket to a cache line (a
// set evicts one of its bucket's), and keys and texts live in one arena,
// all dropped when it is full, so memory is bounded. Where sets do not
// repeat (dumps whose MP_REACH_NLRI carries the prefix make every set
// distinct), it stands aside for a while, so that it costs nothing there.
type attrCache struct {
	seed    maphash.Seed
	size    int          // buckets
	buckets []attrBucket // made at the first RIB record
	arena   []byte       // keys and texts: a key, then its text
	limit   int          // the arena's largest size
	// The reading contexts (session and family) the attributes were read
	// in: a slot holds its context's index.
	ctxs []attrCtx
	// Lookups and hits of the current window, and how many lookups are
	// still to pass the cache by.
	lookups, hits, skip int
}

type attrCtx struct {
	s bgp.Session
	f bgp.Family
}

type attrBucket [4]attrSlot

// attrSlot is one cached set: 16 octets, four to a cache line.
type attrSlot struct {
	hash      uint32 // the key's hash's high half, 0 for an empty slot
	off       uint32 // the key at arena[off:off+klen], then its text
	klen      uint16
	tlen      uint16
	ctx       uint8
	malformed bool
}

const (
	attrCacheBuckets = 1 << 14
	attrCacheArena   = 16 << 20
	// attrCacheMaxKey: attribute sets larger than this are printed each
	// time (rare; their texts would crowd the arena).
	attrCacheMaxKey = 2048
	// Over a window of attrCacheWindow lookups, fewer than one hit in
	// attrCacheMinHit puts the cache aside for attrCacheSkip lookups.
	attrCacheWindow = 1 << 14
	attrCacheMinHit = 8
	attrCacheSkip   = 1 << 18
)

// newAttrCache returns a cache of buckets (a power of 2) buckets and an
// arena of at most arena octets.
func newAttrCache(buckets, arena int) *attrCache {
	return &attrCache{seed: maphash.MakeSeed(), size: buckets, limit: arena}
}

// context returns the index of the context (s, f), added when new.
func (c *attrCache) context(s bgp.Session, f bgp.Family) uint8 {
	if c.buckets == nil {
		c.buckets = make([]attrBucket, c.size)
	}
	x := attrCtx{s, f}
	for i, o := range c.ctxs {
		if o == x {
			return uint8(i)
		}
	}
	if len(c.ctxs) == 256 {
		c.reset()
		c.ctxs = c.ctxs[:0]
	}
	c.ctxs = append(c.ctxs, x)
	return uint8(len(c.ctxs) - 1)
}

func (c *attrCache) reset() {
	c.arena = c.arena[:0]
	clear(c.buckets)
}

// bucket returns the bucket of key in context ctx, and the tag of the key
// in it (never 0).
func (c *attrCache) bucket(key []byte, ctx uint8) (*attrBucket, uint32) {
	h := maphash.Bytes(c.seed, key) ^ uint64(ctx)*0x9e3779b97f4a7c15
	return &c.buckets[h&uint64(len(c.buckets)-1)], uint32(h>>32) | 1
}

// get returns the text of key in context ctx, if cached.
func (c *attrCache) get(key []byte, ctx uint8) (text []byte, malformed, ok bool) {
	if c.skip > 0 {
		c.skip--
		return nil, false, false
	}
	if c.lookups++; c.lookups == attrCacheWindow {
		if c.hits*attrCacheMinHit < c.lookups {
			c.skip = attrCacheSkip
		}
		c.lookups, c.hits = 0, 0
	}
	b, tag := c.bucket(key, ctx)
	for i := range b {
		s := &b[i]
		if s.hash != tag || s.ctx != ctx || int(s.klen) != len(key) {
			continue
		}
		k := c.arena[s.off : s.off+uint32(s.klen)]
		if !bytes.Equal(k, key) {
			continue
		}
		c.hits++
		end := s.off + uint32(s.klen) + uint32(s.tlen)
		return c.arena[s.off+uint32(s.klen) : end : end], s.malformed, true
	}
	return nil, false, false
}

// put caches text and malformed for key in context ctx.
func (c *attrCache) put(key []byte, ctx uint8, text []byte, malformed bool) {
	if len(key) > attrCacheMaxKey || len(text) > 0xffff || c.skip > 0 {
		return
	}
	if len(c.arena)+len(key)+len(text) > c.limit {
		c.reset()
	}
	b, tag := c.bucket(key, ctx)
	i := int(tag>>1) % len(b) // an empty slot, or one picked by the hash
	for j := range b {
		if b[j].hash == 0 {
			i = j
			break
		}
	}
	b[i] = attrSlot{hash: tag, off: uint32(len(c.arena)), klen: uint16(len(key)), tlen: uint16(len(text)),
		ctx: ctx, malformed: malformed}
	c.arena = append(c.arena, key...)
	c.arena = append(c.arena, text...)
}
