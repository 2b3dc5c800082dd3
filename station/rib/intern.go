package rib

import (
	"bytes"
	"hash/maphash"
	"sync"
)

// The interner keeps one copy of each distinct path attribute set (its
// canonical octets and AS width), reference counted by the routes that use
// it, in shards chosen by hash so that routers writing at the same time
// rarely wait for each other.
//
// The shards are in numGroups groups, and each Feed has a home group
// (Feed.home): a set is looked for in the home group first, then in the
// others, and a new set goes to the home group. Sets are mostly one
// router's (its peers' paths), so a router's goroutine mostly writes the
// shards of its own group: with every shard written by every router, the
// lock words, chain heads and counts passed between the cores at nearly
// every UPDATE, and two routers on two cores took a fifth more CPU per
// prefix than on one (a set of another router is still found, and kept
// once). Two Feeds may add the same set to their groups at the same moment:
// it is then kept twice, each copy counted on its own.
//
// Octets live in append-only arena chunks: a set's bytes are written once
// and never changed, so an Attrs handed out (a slice of a chunk) stays
// valid and race-free whatever happens to the set later. Freed sets leave
// garbage in their chunk; when a shard's garbage outgrows its live bytes
// the shard copies its live sets into fresh chunks and drops the old ones
// (the garbage collector frees them once no Attrs refers to them).
//
// A set is found by a 32-bit hash through a power-of-two bucket array of
// chain heads, the chain threaded through the entries: no map, no
// allocation per lookup, 4 octets of index per set.

const (
	shardBits   = 7
	numShards   = 1 << shardBits
	groupBits   = 2
	numGroups   = 1 << groupBits // home groups of Feeds
	groupShards = numShards / numGroups
	indexBits   = 31 - shardBits // a handle is 31 bits: valStale takes the top bit
	indexMask   = 1<<indexBits - 1

	minChunk = 4 << 10
	maxChunk = 256 << 10
)

// handle names an interned set: shard << indexBits | index. Index 0 is
// never used, so the zero handle means no set.
type handle uint32

func (h handle) shard() int { return int(h >> indexBits) }
func (h handle) index() int { return int(h & indexMask) }

// setEnt is one interned set: 24 octets and no pointers.
type setEnt struct {
	hash  uint32
	chunk uint32 // index in shard.chunks
	off   uint32 // offset in the chunk
	n     uint32 // octet count, with setAS4 as the top bit
	refs  uint32 // routes using the set; 0 for a free entry
	next  uint32 // next entry in the hash chain, or in the free list
}

const setAS4 = 1 << 31

type interner struct {
	seed   maphash.Seed
	shards [numShards]shard
}

// Entries live in fixed blocks, so that the slab grows without copying and
// wastes at most one block per shard.
const (
	entBlockBits = 8
	entBlock     = 1 << entBlockBits
)

type shard struct {
	mu      sync.Mutex
	blocks  [][]setEnt // entry i is blocks[i/entBlock][i%entBlock]; entry 0 is unused
	nents   uint32     // entries ever used: the next new index
	free    uint32     // head of the free entry list, 0 if empty
	buckets []uint32   // chain heads by hash & (len-1)
	live    int        // live sets
	chunks  [][]byte
	liveB   int // octets of live sets
	arenaB  int // octets written in all chunks
	_       [64]byte
}

func (in *interner) init() {
	in.seed = maphash.MakeSeed()
	for i := range in.shards {
		s := &in.shards[i]
		s.nents = 1
		s.buckets = make([]uint32, 16)
	}
}

// hashOf hashes canonical octets with the AS width.
func (in *interner) hashOf(b []byte, as4 bool) uint64 {
	h := maphash.Bytes(in.seed, b)
	if as4 {
		h ^= 0x9e3779b97f4a7c15
		h *= 0xbf58476d1ce4e5b9
	}
	return h
}

// intern returns the handle of the set (b, as4), adding it if new, and
// takes refs (at least 1) references on it; and the set as Attrs, read
// under the shard's lock it took anyway (the history records it: a second
// lock per UPDATE would be one more line the routers' cores pass around).
// It returns 0 only when the shard's index space is exhausted.
// intern returns the set b with refs more references, found in any group
// (home first) or added to group home.
func (in *interner) intern(b []byte, as4 bool, refs uint32, home int) (handle, Attrs) {
	h := in.hashOf(b, as4)
	idx := int(h>>(64-shardBits)) & (groupShards - 1)
	h32 := uint32(h)
	n := uint32(len(b))
	if as4 {
		n |= setAS4
	}
	for g := range numGroups {
		if h, a := in.hit((home+g)%numGroups*groupShards+idx, b, as4, h32, n, refs); h != 0 {
			return h, a
		}
	}
	// Not there a moment ago: another Feed of the home group may have
	// added it since, so the home shard is searched again under its lock.
	si := home%numGroups*groupShards + idx
	s := &in.shards[si]
	// One lock, not a reader-writer lock: a Mutex spins a moment before it
	// sleeps, and these sections last a lookup; a reader that finds a
	// writer waiting (or a writer that finds readers) sleeps at once, and
	// waking it left a core idle for longer than the lookup.
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.find(b, h32, n); i != 0 {
		e := s.ent(i)
		e.refs += refs
		return handle(si<<indexBits | int(i)), Attrs{raw: s.bytes(e), as4: as4}
	}
	i := s.add(b, h32, n, refs)
	if i == 0 {
		return 0, Attrs{}
	}
	return handle(si<<indexBits | int(i)), Attrs{raw: s.bytes(s.ent(i)), as4: as4}
}

// hit adds refs references to the set b if shard si holds it.
func (in *interner) hit(si int, b []byte, as4 bool, h32, n, refs uint32) (handle, Attrs) {
	s := &in.shards[si]
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.find(b, h32, n)
	if i == 0 {
		return 0, Attrs{}
	}
	e := s.ent(i)
	e.refs += refs
	return handle(si<<indexBits | int(i)), Attrs{raw: s.bytes(e), as4: as4}
}

// find returns the index of the set (b, h32, n), or 0; the caller holds
// the lock.
func (s *shard) find(b []byte, h32, n uint32) uint32 {
	for i := s.buckets[h32&uint32(len(s.buckets)-1)]; i != 0; i = s.ent(i).next {
		e := s.ent(i)
		if e.hash == h32 && e.n == n && bytes.Equal(s.bytes(e), b) {
			return i
		}
	}
	return 0
}

// ent returns entry i.
func (s *shard) ent(i uint32) *setEnt {
	return &s.blocks[i>>entBlockBits][i&(entBlock-1)]
}

func (s *shard) bytes(e *setEnt) []byte {
	l := e.n &^ setAS4
	return s.chunks[e.chunk][e.off : e.off+l : e.off+l]
}

// add stores a new set; the caller holds the lock.
func (s *shard) add(b []byte, h32, n, refs uint32) uint32 {
	var i uint32
	if s.free != 0 {
		i = s.free
		s.free = s.ent(i).next
	} else {
		if s.nents > indexMask {
			return 0 // 2^24 sets in one shard (2^31 in all): beyond any memory this runs in
		}
		i = s.nents
		s.nents++
		if int(i>>entBlockBits) == len(s.blocks) {
			s.blocks = append(s.blocks, make([]setEnt, entBlock))
		}
	}
	chunk, off := s.store(b)
	bi := h32 & uint32(len(s.buckets)-1)
	*s.ent(i) = setEnt{hash: h32, chunk: chunk, off: off, n: n, refs: refs, next: s.buckets[bi]}
	s.buckets[bi] = i
	s.live++
	s.liveB += len(b)
	if s.live > len(s.buckets) {
		s.rehash(2 * len(s.buckets))
	}
	return i
}

// store appends b to the arena and returns where it went.
func (s *shard) store(b []byte) (chunk, off uint32) {
	if len(s.chunks) > 0 {
		last := s.chunks[len(s.chunks)-1]
		if cap(last)-len(last) >= len(b) {
			s.chunks[len(s.chunks)-1] = append(last, b...)
			s.arenaB += len(b)
			return uint32(len(s.chunks) - 1), uint32(len(last))
		}
	}
	// A quarter of the live octets, within bounds: the unused tail of the
	// newest chunk stays under a fifth of the arena however big it grows.
	size := min(max(s.liveB/4, minChunk), maxChunk)
	size = max(size, len(b))
	c := make([]byte, 0, size)
	c = append(c, b...)
	s.chunks = append(s.chunks, c)
	s.arenaB += len(b)
	return uint32(len(s.chunks) - 1), 0
}

func (s *shard) rehash(nb int) {
	s.buckets = make([]uint32, nb)
	for i := uint32(1); i < s.nents; i++ {
		e := s.ent(i)
		if e.refs == 0 {
			continue
		}
		bi := e.hash & uint32(nb-1)
		e.next = s.buckets[bi]
		s.buckets[bi] = uint32(i)
	}
}

// release drops refs references on the set h, freeing it at zero.
func (in *interner) release(h handle, refs uint32) {
	s := &in.shards[h.shard()]
	s.mu.Lock()
	s.releaseLocked(h.index(), refs)
	s.mu.Unlock()
}

// retain adds refs references on the set h, which the caller already
// holds a reference on.
func (in *interner) retain(h handle, refs uint32) {
	s := &in.shards[h.shard()]
	s.mu.Lock()
	s.ent(uint32(h.index())).refs += refs
	s.mu.Unlock()
}

func (s *shard) releaseLocked(i int, refs uint32) {
	e := s.ent(uint32(i))
	if e.refs <= refs { // < would be a bug; the fuzz test checks the counts
		e.refs = 0
	} else {
		e.refs -= refs
	}
	if e.refs != 0 {
		return
	}
	// Unlink from the hash chain.
	bi := e.hash & uint32(len(s.buckets)-1)
	p := &s.buckets[bi]
	for *p != uint32(i) && *p != 0 {
		p = &s.ent(*p).next
	}
	if *p == uint32(i) {
		*p = e.next
	}
	s.live--
	s.liveB -= int(e.n &^ setAS4)
	*e = setEnt{next: s.free}
	s.free = uint32(i)
	if garbage := s.arenaB - s.liveB; garbage > s.liveB && garbage > 4*maxChunk {
		s.compact()
	}
}

// compact copies the live sets into fresh chunks.
func (s *shard) compact() {
	old := s.chunks
	s.chunks = nil
	s.arenaB = 0
	for i := uint32(1); i < s.nents; i++ {
		e := s.ent(i)
		if e.refs == 0 {
			continue
		}
		l := e.n &^ setAS4
		e.chunk, e.off = s.store(old[e.chunk][e.off : e.off+l])
	}
	// Shrink the entry slab's tail of free entries is not worth it: free
	// entries are reused first.
}

// attrs returns the set h as an Attrs.
func (in *interner) attrs(h handle) Attrs {
	if h == 0 {
		return Attrs{}
	}
	s := &in.shards[h.shard()]
	s.mu.Lock()
	e := s.ent(uint32(h.index()))
	a := Attrs{raw: s.bytes(e), as4: e.n&setAS4 != 0}
	s.mu.Unlock()
	return a
}

// internStats sums the shards.
type internStats struct {
	sets, setBytes, arenaBytes, indexBytes int
}

func (in *interner) stats() internStats {
	var st internStats
	for i := range in.shards {
		s := &in.shards[i]
		s.mu.Lock()
		st.sets += s.live
		st.setBytes += s.liveB
		for _, c := range s.chunks {
			st.arenaBytes += cap(c)
		}
		st.indexBytes += len(s.blocks)*entBlock*24 + cap(s.buckets)*4 + cap(s.chunks)*24 + cap(s.blocks)*24
		s.mu.Unlock()
	}
	return st
}
