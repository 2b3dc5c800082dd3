package rib

// A B+ tree of fixed-size entries, kept small and free of pointers in the
// leaves: the entries (key and a uint32 value) sit in one array per leaf,
// so the garbage collector never scans them and a route costs its entry
// size divided by the fill factor. Order is the entries' key order, which
// gives stable paging, range walks for more-specific lookups and seeks for
// longest-prefix match.
//
// Deletion merges a node that falls under a quarter full with a neighbour
// when the two fit in three quarters of a node, so a table that shrinks
// gives its memory back.

// treeEntry is the constraint on entries: a total order on the key part,
// and the two binary searches over a sorted slice. The searches are
// methods of the concrete types so that the comparisons inline (a method
// call through a type parameter does not): the generic code makes one
// call per node.
type treeEntry[E any] interface {
	cmp(E) int
	less(E) bool
	// lower returns the first i with ents[i] >= e.
	lower(ents []E, e E) int
	// upper returns the first i with ents[i] > e.
	upper(ents []E, e E) int
	// value is the route's value: its set handle and flags.
	value() uint32
}

const (
	leafCap  = 64 // entries per leaf
	innerCap = 64 // children per inner node
)

type tnode[E treeEntry[E]] struct {
	// ents: leaf entries, or in an inner node the separators: ents[i] is
	// a lower bound of kids[i+1] and above every key in kids[i].
	ents []E
	kids []*tnode[E] // nil in a leaf
}

func (n *tnode[E]) leaf() bool { return n.kids == nil }

// btree is the tree; the zero value is empty and ready.
//
// The tree remembers the leaf the last insertion went to and the key
// range the separators above it allow (a finger): the next key in that
// range goes straight to the leaf. Routes arrive mostly in table order,
// several per UPDATE, so most insertions skip the descent. Any change of
// structure (split, merge) forgets the finger.
type btree[E treeEntry[E]] struct {
	root  *tnode[E]
	n     int // entries
	nodes int // leaves and inner nodes, for the memory estimate

	fleaf          *tnode[E]
	flo, fhi       E
	fhasLo, fhasHi bool
}

// inFinger reports whether e belongs to the remembered leaf.
func (t *btree[E]) inFinger(e E) bool {
	return t.fleaf != nil && (!t.fhasLo || !e.less(t.flo)) && (!t.fhasHi || e.less(t.fhi))
}

// lowerBound returns the first index i in ents with ents[i] >= e and
// whether ents[i] equals e.
func lowerBound[E treeEntry[E]](ents []E, e E) (int, bool) {
	i := e.lower(ents, e)
	return i, i < len(ents) && ents[i].cmp(e) == 0
}

// childIndex returns the child of an inner node with separators seps that
// holds e: the number of separators <= e.
func childIndex[E treeEntry[E]](seps []E, e E) int { return e.upper(seps, e) }

// get returns the entry whose key equals e's.
func (t *btree[E]) get(e E) (E, bool) {
	n := t.root
	if n == nil {
		var z E
		return z, false
	}
	for !n.leaf() {
		n = n.kids[childIndex(n.ents, e)]
	}
	i, ok := lowerBound(n.ents, e)
	if !ok {
		var z E
		return z, false
	}
	return n.ents[i], true
}

// upsert stores e, replacing the entry with the same key; it returns the
// replaced entry and whether there was one.
func (t *btree[E]) upsert(e E) (old E, replaced bool) {
	if t.inFinger(e) {
		n := t.fleaf
		i, found := len(n.ents), false
		// A table in order appends to the leaf: one comparison instead of
		// a search.
		if i == 0 || !n.ents[i-1].less(e) {
			i, found = lowerBound(n.ents, e)
		}
		if found {
			old = n.ents[i]
			n.ents[i] = e
			return old, true
		}
		if len(n.ents) < leafCap {
			n.ents = insertAt(n.ents, i, e)
			t.n++
			return old, false
		}
	}
	t.fleaf, t.fhasLo, t.fhasHi = nil, false, false
	if t.root == nil {
		t.root = &tnode[E]{ents: make([]E, 0, leafCap)}
		t.nodes = 1
	}
	old, replaced, sep, right := t.insert(t.root, e)
	if right != nil {
		r := &tnode[E]{ents: make([]E, 1, innerCap-1), kids: make([]*tnode[E], 2, innerCap)}
		r.ents[0] = sep
		r.kids[0], r.kids[1] = t.root, right
		t.root = r
		t.nodes++
	}
	if !replaced {
		t.n++
	}
	return old, replaced
}

// insert puts e under n. If n splits, it returns the new right sibling and
// its separator.
func (t *btree[E]) insert(n *tnode[E], e E) (old E, replaced bool, sep E, right *tnode[E]) {
	if n.leaf() {
		i, found := lowerBound(n.ents, e)
		if found {
			old = n.ents[i]
			n.ents[i] = e
			return old, true, sep, nil
		}
		if len(n.ents) < leafCap {
			n.ents = insertAt(n.ents, i, e)
			t.fleaf = n // the bounds were set on the way down
			return old, false, sep, nil
		}
		right = t.splitLeaf(n, i, e)
		t.fleaf = nil
		return old, false, right.ents[0], right
	}
	ci := childIndex(n.ents, e)
	if c := n.kids[ci]; c.leaf() && len(c.ents) == leafCap && t.shareLeaf(n, ci) {
		ci = childIndex(n.ents, e)
	}
	if ci > 0 {
		t.flo, t.fhasLo = n.ents[ci-1], true
	}
	if ci < len(n.ents) {
		t.fhi, t.fhasHi = n.ents[ci], true
	}
	old, replaced, s, r := t.insert(n.kids[ci], e)
	if r == nil {
		return old, replaced, sep, nil
	}
	if len(n.kids) < innerCap {
		n.ents = insertAt(n.ents, ci, s)
		n.kids = insertAt(n.kids, ci+1, r)
		return old, replaced, sep, nil
	}
	sep, right = t.splitInner(n, ci, s, r)
	t.fleaf = nil
	return old, replaced, sep, right
}

// splitLeaf splits the full leaf n while inserting e at i, and returns the
// new right leaf. An insertion at the end (an ascending load) leaves n
// full and starts the new leaf, so sorted input packs leaves completely.
func (t *btree[E]) splitLeaf(n *tnode[E], i int, e E) *tnode[E] {
	t.nodes++
	r := &tnode[E]{ents: make([]E, 0, leafCap)}
	if i == len(n.ents) {
		r.ents = append(r.ents, e)
		return r
	}
	mid := len(n.ents) / 2
	r.ents = append(r.ents, n.ents[mid:]...)
	clear(n.ents[mid:])
	n.ents = n.ents[:mid]
	if i <= mid {
		n.ents = insertAt(n.ents, i, e)
	} else {
		r.ents = insertAt(r.ents, i-mid, e)
	}
	return r
}

// shareLeaf moves entries from the full leaf child ci of n to a neighbour
// with room, as a B*-tree does, so that random insertions leave leaves
// about 85% full instead of 70%. It reports whether it moved any.
func (t *btree[E]) shareLeaf(n *tnode[E], ci int) bool {
	c := n.kids[ci]
	roomL, roomR := 0, 0
	if ci > 0 {
		roomL = leafCap - len(n.kids[ci-1].ents)
	}
	if ci+1 < len(n.kids) {
		roomR = leafCap - len(n.kids[ci+1].ents)
	}
	const minRoom = leafCap / 8
	switch {
	case roomR >= minRoom && roomR >= roomL:
		r := n.kids[ci+1]
		k := roomR / 2
		m := len(c.ents) - k
		r.ents = r.ents[:len(r.ents)+k]
		copy(r.ents[k:], r.ents[:len(r.ents)-k])
		copy(r.ents, c.ents[m:])
		clear(c.ents[m:])
		c.ents = c.ents[:m]
		n.ents[ci] = r.ents[0]
	case roomL >= minRoom:
		l := n.kids[ci-1]
		k := roomL / 2
		l.ents = append(l.ents, c.ents[:k]...)
		copy(c.ents, c.ents[k:])
		clear(c.ents[len(c.ents)-k:])
		c.ents = c.ents[:len(c.ents)-k]
		n.ents[ci-1] = c.ents[0]
	default:
		return false
	}
	t.fleaf = nil // bounds moved
	return true
}

// splitInner splits the full inner node n while inserting separator s and
// child r after child ci; it returns the separator and the new node.
func (t *btree[E]) splitInner(n *tnode[E], ci int, s E, r *tnode[E]) (E, *tnode[E]) {
	t.nodes++
	// Build the over-full lists, then cut them.
	ents := insertAt(append(make([]E, 0, innerCap), n.ents...), ci, s)
	kids := insertAt(append(make([]*tnode[E], 0, innerCap+1), n.kids...), ci+1, r)
	mid := len(kids) / 2
	if ci+1 == len(kids)-1 {
		mid = len(kids) - 1 // ascending load: keep n full
	}
	right := &tnode[E]{ents: make([]E, 0, innerCap-1), kids: make([]*tnode[E], 0, innerCap)}
	right.ents = append(right.ents, ents[mid:]...)
	right.kids = append(right.kids, kids[mid:]...)
	sep := ents[mid-1]
	n.ents = append(n.ents[:0], ents[:mid-1]...)
	clear(n.kids[:cap(n.kids)])
	n.kids = append(n.kids[:0], kids[:mid]...)
	return sep, right
}

func insertAt[T any](s []T, i int, v T) []T {
	var z T
	s = append(s, z)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}

func removeAt[T any](s []T, i int) []T {
	copy(s[i:], s[i+1:])
	var z T
	s[len(s)-1] = z
	return s[:len(s)-1]
}

// remove deletes the entry whose key equals e's and returns it.
func (t *btree[E]) remove(e E) (old E, ok bool) {
	if t.inFinger(e) && len(t.fleaf.ents) > leafCap/4 {
		// No rebalance can follow: remove in place.
		n := t.fleaf
		i, found := lowerBound(n.ents, e)
		if !found {
			return old, false
		}
		old = n.ents[i]
		n.ents = removeAt(n.ents, i)
		t.n--
		return old, true
	}
	t.fleaf, t.fhasLo, t.fhasHi = nil, false, false
	if t.root == nil {
		return old, false
	}
	old, ok = t.del(t.root, e)
	if !ok {
		return old, false
	}
	t.n--
	for !t.root.leaf() && len(t.root.kids) == 1 {
		t.root = t.root.kids[0]
		t.nodes--
	}
	if t.root.leaf() && len(t.root.ents) == 0 {
		t.root = nil
		t.nodes = 0
	}
	return old, true
}

func (t *btree[E]) del(n *tnode[E], e E) (old E, ok bool) {
	if n.leaf() {
		i, found := lowerBound(n.ents, e)
		if !found {
			return old, false
		}
		old = n.ents[i]
		n.ents = removeAt(n.ents, i)
		return old, true
	}
	ci := childIndex(n.ents, e)
	old, ok = t.del(n.kids[ci], e)
	if ok {
		t.rebalance(n, ci)
	}
	return old, ok
}

// rebalance drops child ci of n if it is empty, or merges it with a
// neighbour when it is under a quarter full and the two fit in three
// quarters of a node.
func (t *btree[E]) rebalance(n *tnode[E], ci int) {
	c := n.kids[ci]
	size, capa := len(c.ents), leafCap
	if !c.leaf() {
		size, capa = len(c.kids), innerCap
	}
	if size == 0 {
		// Only a leaf can be empty: inner nodes lose children by merging.
		t.nodes--
		n.kids = removeAt(n.kids, ci)
		if ci > 0 {
			n.ents = removeAt(n.ents, ci-1)
		} else if len(n.ents) > 0 {
			n.ents = removeAt(n.ents, 0)
		}
		return
	}
	if size >= capa/4 || len(n.kids) < 2 {
		return
	}
	li := ci - 1 // merge kids[li+1] into kids[li]
	if ci == 0 {
		li = 0
	}
	l, r := n.kids[li], n.kids[li+1]
	if l.leaf() {
		if len(l.ents)+len(r.ents) > capa*3/4 {
			return
		}
		l.ents = append(l.ents, r.ents...)
	} else {
		if len(l.kids)+len(r.kids) > capa*3/4 {
			return
		}
		l.ents = append(append(l.ents, n.ents[li]), r.ents...)
		l.kids = append(l.kids, r.kids...)
	}
	t.nodes--
	n.kids = removeAt(n.kids, li+1)
	n.ents = removeAt(n.ents, li)
}

// ascend calls fn for each entry >= from (or > from if !inclusive), in
// order, until fn returns false. It reports whether the walk ran to the
// end.
func (t *btree[E]) ascend(from E, inclusive bool, fn func(E) bool) bool {
	if t.root == nil {
		return true
	}
	return ascendNode(t.root, from, inclusive, fn)
}

func ascendNode[E treeEntry[E]](n *tnode[E], from E, inclusive bool, fn func(E) bool) bool {
	if n.leaf() {
		i, found := lowerBound(n.ents, from)
		if found && !inclusive {
			i++
		}
		for _, e := range n.ents[i:] {
			if !fn(e) {
				return false
			}
		}
		return true
	}
	for ci := childIndex(n.ents, from); ci < len(n.kids); ci++ {
		if !ascendNode(n.kids[ci], from, inclusive, fn) {
			return false
		}
	}
	return true
}

// all calls fn for every entry in order until it returns false.
func (t *btree[E]) all(fn func(E) bool) bool {
	if t.root == nil {
		return true
	}
	return allNode(t.root, fn)
}

func allNode[E treeEntry[E]](n *tnode[E], fn func(E) bool) bool {
	if n.leaf() {
		for _, e := range n.ents {
			if !fn(e) {
				return false
			}
		}
		return true
	}
	for _, k := range n.kids {
		if !allNode(k, fn) {
			return false
		}
	}
	return true
}

// update calls fn on every entry in order, storing what it returns; fn
// must not change the key.
func (t *btree[E]) update(fn func(E) E) {
	if t.root != nil {
		updateNode(t.root, fn)
	}
}

func updateNode[E treeEntry[E]](n *tnode[E], fn func(E) E) {
	if n.leaf() {
		for i := range n.ents {
			n.ents[i] = fn(n.ents[i])
		}
		return
	}
	for _, k := range n.kids {
		updateNode(k, fn)
	}
}
