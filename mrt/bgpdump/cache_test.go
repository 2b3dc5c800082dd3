package bgpdump

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/mrtgen"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// TestAttrCacheSameTag: two attribute sets whose hashes give the same
// bucket and the same tag are told apart by their octets, and the same
// octets in another context are another entry.
func TestAttrCacheSameTag(t *testing.T) {
	c := newAttrCache(1, 1<<20)
	ctx := c.context(bgp.Session{AS4: true}, bgp.IPv4Unicast)
	other := c.context(bgp.Session{}, bgp.IPv4Unicast)
	// One bucket: every key is in it. Find two keys with the same tag (31
	// bits: among 300,000 keys, a pair is all but certain).
	seen := map[uint32]uint32{}
	var a, b []byte
	for i := uint32(0); i < 300000 && a == nil; i++ {
		_, tag := c.bucket(binary.BigEndian.AppendUint32(nil, i), ctx)
		if j, ok := seen[tag]; ok {
			a, b = binary.BigEndian.AppendUint32(nil, j), binary.BigEndian.AppendUint32(nil, i)
		}
		seen[tag] = i
	}
	if a == nil {
		t.Fatal("no two keys with the same tag")
	}
	c.put(a, ctx, []byte("text of a"), false)
	if _, _, ok := c.get(b, ctx); ok {
		t.Fatal("b found as a")
	}
	if _, _, ok := c.get(a, other); ok {
		t.Fatal("a found in another context")
	}
	c.put(b, ctx, []byte("text of b"), true)
	for _, k := range []struct {
		key  []byte
		text string
		bad  bool
	}{{a, "text of a", false}, {b, "text of b", true}} {
		if text, bad, ok := c.get(k.key, ctx); !ok || string(text) != k.text || bad != k.bad {
			t.Errorf("%x: %q %v %v, want %q %v", k.key, text, bad, ok, k.text, k.bad)
		}
	}
}

// cacheTable is a generated RIB of the first n real attribute sets and a
// malformed one (an ORIGIN of 7), and how many of its entries are
// malformed, judged entry by entry.
func cacheTable(t *testing.T, n, prefixes, peers int) ([]byte, int) {
	sets, err := mrtgen.RealSets()
	if err != nil || len(sets) < n {
		t.Fatal(len(sets), err)
	}
	bad := []byte{0x40, 1, 1, 7, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 1}
	var data bytes.Buffer
	if _, err := mrtgen.Write(&data, prefixes, peers, 1, append(sets[:n:n], bad)); err != nil {
		t.Fatal(err)
	}
	r, _ := mrt.NewReader(bytes.NewReader(data.Bytes()))
	malformed := 0
	for rec := range r.Records() {
		if rec.Kind() != mrt.KindRIB {
			continue
		}
		v, _ := rec.RIB()
		for _, e := range v.All() {
			p, err := mrtbgp.RIBPath(&v, e)
			if err != nil || len(p.AppendErrors(nil, mrtbgp.RIBFamily(&v))) > 0 {
				malformed++
			}
		}
	}
	if malformed == 0 {
		t.Fatal("no malformed entry")
	}
	return data.Bytes(), malformed
}

// renderWith writes the lines of data with w.
func renderWith(t *testing.T, data []byte, w *Writer) {
	r, _ := mrt.NewReader(bytes.NewReader(data))
	for rec := range r.Records() {
		if err := w.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
}

// TestAttrCacheEvicted: a table whose sets repeat prints the same lines
// and counts the same malformed entries with the cache (which hits) as
// with one of a bucket and a few hundred octets, where sets are evicted
// and seen again all the time; the malformed entries are counted each
// time, not once per set.
func TestAttrCacheEvicted(t *testing.T) {
	data, malformed := cacheTable(t, 40, 1500, 8)
	var big, tiny bytes.Buffer
	wb, wt := NewWriter(&big, false), NewWriter(&tiny, false)
	wt.cache = newAttrCache(1, 300)
	renderWith(t, data, wb)
	renderWith(t, data, wt)
	if wb.cache.hits == 0 || wb.cache.hits >= wb.cache.lookups {
		t.Fatalf("%d hits of %d lookups: the cache is not tested", wb.cache.hits, wb.cache.lookups)
	}
	if wt.cache.hits >= wb.cache.hits/2 {
		t.Fatalf("the tiny cache hits %d times of %d: it does not evict", wt.cache.hits, wt.cache.lookups)
	}
	if !bytes.Equal(big.Bytes(), tiny.Bytes()) {
		t.Fatal("the lines differ")
	}
	if wb.Stats != wt.Stats || wb.Stats.Malformed != malformed {
		t.Errorf("stats %+v and %+v, want %d malformed", wb.Stats, wt.Stats, malformed)
	}
}

// TestAttrCacheStandsAside: a window of sets that never repeat puts the
// cache aside (no hashing, no copies) for attrCacheSkip lookups, after
// which it caches again.
func TestAttrCacheStandsAside(t *testing.T) {
	c := newAttrCache(16, 1<<20)
	ctx := c.context(bgp.Session{AS4: true}, bgp.IPv4Unicast)
	for i := range uint32(attrCacheWindow) {
		key := binary.BigEndian.AppendUint32(nil, i)
		c.get(key, ctx)
		c.put(key, ctx, key, false)
	}
	key := []byte("a set")
	c.put(key, ctx, key, false)
	if _, _, ok := c.get(key, ctx); ok || c.skip != attrCacheSkip-1 {
		t.Fatalf("not aside: skip %d", c.skip)
	}
	for c.skip > 0 {
		c.get(key, ctx)
	}
	c.put(key, ctx, key, false)
	if _, _, ok := c.get(key, ctx); !ok {
		t.Fatal("still aside")
	}
}
