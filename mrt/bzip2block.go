package mrt

import (
	"encoding/binary"
	"slices"
)

// A bzip2 block decoder for the parallel reader (bzip2par.go): the
// blocks of a well-formed file, decoded with table-driven Huffman codes,
// a table reused from block to block and the inverse BWT, RLE and CRC in
// tight loops over locals, where compress/bzip2 walks a tree per symbol,
// allocates 3.6 MB per block and keeps its state in fields. It decodes
// only what it can decode exactly as compress/bzip2 does: anything else
// (a randomised block, a code or count out of range, a CRC that does not
// match, bits after the end of block) it refuses, and compress/bzip2
// decodes the block, errors and all, as before.

// bzDecoder decodes blocks, keeping its tables from one to the next.
type bzDecoder struct {
	tt     []uint32 // the block's bytes, then with the T vector
	arcs   []bzArc
	rows   []byte   // the bytes the lanes walked (walk)
	counts [256]int // of each byte of the block
	tables [6]bzHuffman
	sel    []uint8
}

// bzHuffman is one Huffman table of a block: codes up to bzTableBits
// long found by one lookup of the next bits; longer ones by length, from
// the canonical order (shortest first, by symbol within a length).
type bzHuffman struct {
	fast    [1 << bzTableBits]uint16 // symbol<<5 | length; 0: longer, or no code
	first   [21]uint32               // the first code of each length
	count   [21]uint32               // how many codes of each length
	base    [21]uint16               // index in sorted of the first of each length
	sorted  [258]uint16              // the symbols in code order
	maxLen  int
	invalid bool
}

const bzTableBits = 10

// bzBits reads bits [0, limit) of b, first bit most significant. Past
// the end it reads zeros, and used goes past limit.
type bzBits struct {
	b    []byte
	i    int    // the next octet to load
	buf  uint64 // the next n bits, most significant first
	n    int
	used int
}

func (r *bzBits) fill() {
	for r.n <= 56 {
		var c byte
		if r.i < len(r.b) {
			c = r.b[r.i]
		}
		r.i++
		r.buf |= uint64(c) << (56 - r.n)
		r.n += 8
	}
}

// read returns the next k (1 to 32) bits.
func (r *bzBits) read(k int) uint32 {
	if r.n < k {
		r.fill()
	}
	v := uint32(r.buf >> (64 - k))
	r.buf <<= k
	r.n -= k
	r.used += k
	return v
}

// build makes the table of the code lengths lens (1 to 20 each); it is
// invalid when the lengths over-subscribe the code space.
func (h *bzHuffman) build(lens []uint8) {
	*h = bzHuffman{}
	for _, l := range lens {
		h.count[l]++
		h.maxLen = max(h.maxLen, int(l))
	}
	code, idx := uint32(0), uint16(0)
	for l := 1; l <= 20; l++ {
		h.first[l], h.base[l] = code, idx
		code += h.count[l]
		idx += uint16(h.count[l])
		if code > 1<<l {
			h.invalid = true
			return
		}
		code <<= 1
	}
	var next [21]uint16
	copy(next[:], h.base[:])
	for sym, l := range lens {
		h.sorted[next[l]] = uint16(sym)
		if l <= bzTableBits {
			c := h.first[l] + uint32(next[l]-h.base[l])
			// Every index whose first l bits are the code.
			lo := c << (bzTableBits - l)
			for j := lo; j < lo+1<<(bzTableBits-l); j++ {
				h.fast[j] = uint16(sym)<<5 | uint16(l)
			}
		}
		next[l]++
	}
}

// decode reads one symbol; ok is false for bits that are no code.
func (h *bzHuffman) decode(r *bzBits) (sym int, ok bool) {
	if r.n < 20 {
		r.fill()
	}
	if e := h.fast[r.buf>>(64-bzTableBits)]; e != 0 {
		l := int(e & 31)
		r.buf <<= l
		r.n -= l
		r.used += l
		return int(e >> 5), true
	}
	for l := bzTableBits + 1; l <= h.maxLen; l++ {
		c := uint32(r.buf>>(64-l)) - h.first[l]
		if c < h.count[l] {
			r.buf <<= l
			r.n -= l
			r.used += l
			return int(h.sorted[int(h.base[l])+int(c)]), true
		}
	}
	return 0, false
}

// decode decodes the block segment s into out, or reports that it leaves
// it to compress/bzip2.
func (d *bzDecoder) decode(s *bzSegment, out []byte) ([]byte, bool) {
	size := int(s.level-'0') * 100000
	if s.level < '1' || s.level > '9' || s.end || s.last {
		return out, false
	}
	if len(d.tt) < size {
		d.tt = make([]uint32, 900000)
	}
	r := &bzBits{b: s.b[s.from/8:]}
	if skip := s.from % 8; skip > 0 {
		r.read(skip)
		r.used = 0
	}
	if uint64(r.read(24))<<24|uint64(r.read(24)) != bzBlockMagic {
		return out, false
	}
	crc := r.read(32)
	if r.read(1) != 0 { // randomised: long deprecated
		return out, false
	}
	origPtr := int(r.read(24))
	count, ok := d.symbols(r, size)
	if !ok || r.used != s.to-s.from || origPtr >= count {
		return out, false
	}
	out, sum, ok := d.output(out, count, origPtr)
	return out, ok && sum == crc
}

// symbols reads the block's tables and symbols into d.tt (a byte each),
// and returns how many there are.
func (d *bzDecoder) symbols(r *bzBits, size int) (int, bool) {
	var unseq [256]byte
	inUse := 0
	used16 := r.read(16)
	for i := range 16 {
		if used16&(0x8000>>i) == 0 {
			continue
		}
		bits := r.read(16)
		for j := range 16 {
			if bits&(0x8000>>j) != 0 {
				unseq[inUse] = byte(i*16 + j)
				inUse++
			}
		}
	}
	groups, selectors := int(r.read(3)), int(r.read(15))
	if inUse == 0 || groups < 2 || groups > 6 || selectors == 0 || selectors > 18002 {
		return 0, false
	}
	mtfG := [6]uint8{0, 1, 2, 3, 4, 5}
	d.sel = d.sel[:0]
	for range selectors {
		j := 0
		for r.read(1) == 1 {
			if j++; j >= groups {
				return 0, false
			}
		}
		v := mtfG[j]
		copy(mtfG[1:j+1], mtfG[:j])
		mtfG[0] = v
		d.sel = append(d.sel, v)
	}
	alpha := inUse + 2
	var lens [258]uint8
	for t := range groups {
		l := int(r.read(5))
		for i := range alpha {
			for {
				if l < 1 || l > 20 {
					return 0, false
				}
				if r.read(1) == 0 {
					break
				}
				if r.read(1) == 0 {
					l++
				} else {
					l--
				}
			}
			lens[i] = uint8(l)
		}
		if d.tables[t].build(lens[:alpha]); d.tables[t].invalid {
			return 0, false
		}
	}
	return d.moveToFront(r, &unseq, inUse, size)
}

// moveToFront reads the symbols (RUNA and RUNB runs, move-to-front
// indexes, the end of block) into d.tt.
func (d *bzDecoder) moveToFront(r *bzBits, unseq *[256]byte, inUse, size int) (int, bool) {
	var mtf [256]byte
	for i := range mtf {
		mtf[i] = byte(i)
	}
	tt := d.tt[:size]
	counts := &d.counts
	*counts = [256]int{}
	eob := inUse + 1
	count, run, weight := 0, 0, 1
	left, next := 0, 0
	var h *bzHuffman
	for {
		if left == 0 {
			if next == len(d.sel) {
				return 0, false
			}
			h, left = &d.tables[d.sel[next]], 50
			next++
		}
		left--
		sym, ok := h.decode(r)
		if !ok {
			return 0, false
		}
		if sym <= 1 { // RUNA adds weight, RUNB twice that
			if run += weight << sym; run > size {
				return 0, false
			}
			weight <<= 1
			continue
		}
		if run > 0 {
			if count+run > size {
				return 0, false
			}
			b := unseq[mtf[0]]
			for i := count; i < count+run; i++ {
				tt[i] = uint32(b)
			}
			counts[b] += run
			count += run
			run, weight = 0, 1
		}
		if sym == eob {
			return count, r.used <= len(r.b)*8
		}
		v := sym - 1
		m := mtf[v]
		copy(mtf[1:v+1], mtf[:v])
		mtf[0] = m
		if count == size {
			return 0, false
		}
		tt[count] = uint32(unseq[m])
		counts[unseq[m]]++
		count++
	}
}

// output undoes the BWT of the count bytes of d.tt and the run-length
// encoding before it, appending to out, and returns the CRC of what it
// appended; ok is false when the T vector is not one cycle (damage the
// CRC would find).
//
// The inverse BWT walks the T vector, one load per byte from a table of
// megabytes, each at a place the one before gives: a chain of cache
// misses. It is cut into arcs at positions picked ahead (marked in the
// table's spare top bit), walked four at a time, so that four misses are
// in flight; the arcs are then joined in the order of the cycle.
func (d *bzDecoder) output(out []byte, count, origPtr int) (_ []byte, crc uint32, ok bool) {
	tt := d.tt[:count]
	c := d.counts // of each byte, from moveToFront
	sum := 0
	for i, n := range c {
		c[i] = sum
		sum += n
	}
	for i, e := range tt {
		b := byte(e)
		tt[c[b]] |= uint32(i) << 8
		c[b]++
	}
	first := tt[origPtr] >> 8
	d.arcs = d.arcs[:0]
	n := min(max(count/bzArcLen, 1), bzMaxArcs)
	for k := range n {
		p := first
		if k > 0 {
			p = uint32(k * count / n)
		}
		if tt[p]&bzMark == 0 {
			tt[p] |= bzMark
			d.arcs = append(d.arcs, bzArc{start: p})
		}
	}
	if !d.walk(tt) {
		return out, 0, false
	}
	return d.join(out, count)
}

// bzArc is a run of the T vector's cycle from one marked position to the
// next, walked by one lane: its n bytes are byte lane of the rows from
// row0 on.
type bzArc struct {
	start, end uint32 // end: the next arc's start
	lane       int
	row0, n    int
}

const (
	bzMark    = 1 << 31   // a position an arc starts at
	bzIndex   = 1<<20 - 1 // the position in a T vector entry (after >> 8)
	bzLanes   = 8
	bzArcLen  = 8192 // arcs of this many positions on average
	bzMaxArcs = 128
)

// walk walks the arcs of d.arcs, bzLanes at a time, into d.rows: a row
// of bzLanes octets per step, each lane's byte of that step.
func (d *bzDecoder) walk(tt []uint32) bool {
	var e [bzLanes]uint32
	var arc [bzLanes]int
	next, steps, idle := 0, 0, 0
	// start gives lane l the next arc from the current row, or none (-1).
	start := func(l int) {
		arc[l] = -1
		if next == len(d.arcs) {
			idle++
			return
		}
		a := &d.arcs[next]
		a.lane, a.row0 = l, len(d.rows)/bzLanes-1
		e[l] = tt[a.start]
		d.rows[len(d.rows)-bzLanes+l] = byte(e[l])
		arc[l] = next
		next++
		steps++
	}
	d.rows = append(d.rows[:0], make([]byte, bzLanes)...)
	for l := range bzLanes {
		start(l)
	}
	for {
		// Every lane busy: one load each, all in flight together.
		e0, e1, e2, e3, e4, e5, e6, e7 := e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]
		for idle == 0 && steps <= len(tt) {
			f0, f1, f2, f3 := tt[e0>>8&bzIndex], tt[e1>>8&bzIndex], tt[e2>>8&bzIndex], tt[e3>>8&bzIndex]
			f4, f5, f6, f7 := tt[e4>>8&bzIndex], tt[e5>>8&bzIndex], tt[e6>>8&bzIndex], tt[e7>>8&bzIndex]
			if (f0|f1|f2|f3|f4|f5|f6|f7)&bzMark != 0 {
				break
			}
			e0, e1, e2, e3, e4, e5, e6, e7 = f0, f1, f2, f3, f4, f5, f6, f7
			d.rows = binary.LittleEndian.AppendUint64(d.rows, uint64(byte(f0))|uint64(byte(f1))<<8|
				uint64(byte(f2))<<16|uint64(byte(f3))<<24|uint64(byte(f4))<<32|uint64(byte(f5))<<40|
				uint64(byte(f6))<<48|uint64(byte(f7))<<56)
			steps += bzLanes
		}
		e = [bzLanes]uint32{e0, e1, e2, e3, e4, e5, e6, e7}
		// A step of each busy lane, ending arcs at marks.
		if idle == bzLanes {
			return true
		}
		if steps > len(tt) {
			return false // not one cycle
		}
		d.rows = append(d.rows, make([]byte, bzLanes)...)
		row := d.rows[len(d.rows)-bzLanes:]
		for l := range bzLanes {
			if arc[l] < 0 {
				continue
			}
			n := e[l] >> 8 & bzIndex
			if e[l] = tt[n]; e[l]&bzMark != 0 {
				a := &d.arcs[arc[l]]
				a.end, a.n = n, len(d.rows)/bzLanes-1-a.row0
				start(l)
				continue
			}
			row[l] = byte(e[l])
			steps++
		}
	}
}

// join undoes the run-length encoding of the arcs' bytes, in the order
// of the cycle from the first, appending to out, and returns its CRC.
func (d *bzDecoder) join(out []byte, count int) ([]byte, uint32, bool) {
	out = out[:0]
	if cap(out) < count+count/4 {
		out = make([]byte, 0, count+count/4)
	}
	last, run, total := -1, 0, 0
	a := &d.arcs[0]
	for range d.arcs {
		for i := (a.row0 * bzLanes) + a.lane; i < (a.row0+a.n)*bzLanes; i += bzLanes {
			b := d.rows[i]
			if run == 4 { // after four equal bytes, how many more
				for range b {
					out = append(out, byte(last))
				}
				last, run = -1, 0
				continue
			}
			if int(b) == last {
				run++
			} else {
				last, run = int(b), 1
			}
			out = append(out, b)
		}
		total += a.n
		i := slices.IndexFunc(d.arcs, func(x bzArc) bool { return x.start == a.end })
		if i < 0 {
			return out, 0, false
		}
		a = &d.arcs[i]
	}
	// Every arc once, back at the first.
	return out, bzCRC(out), total == count && a == &d.arcs[0]
}

// bzCRCTables are the tables of bzip2's CRC-32 (polynomial 0x04c11db7,
// most significant bit first), eight octets at a time: [0] is the CRC of
// each octet, [k] that of the octet followed by k zero octets.
var bzCRCTables = func() (t [8][256]uint32) {
	for i := range t[0] {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
		t[0][i] = c
	}
	for k := 1; k < 8; k++ {
		for i := range t[k] {
			c := t[k-1][i]
			t[k][i] = c<<8 ^ t[0][c>>24]
		}
	}
	return t
}()

// bzCRC is the CRC of a block's output.
func bzCRC(b []byte) uint32 {
	t := &bzCRCTables
	crc := ^uint32(0)
	for ; len(b) >= 8; b = b[8:] {
		x := crc ^ uint32(b[0])<<24 ^ uint32(b[1])<<16 ^ uint32(b[2])<<8 ^ uint32(b[3])
		crc = t[7][x>>24] ^ t[6][x>>16&0xff] ^ t[5][x>>8&0xff] ^ t[4][x&0xff] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
	}
	for _, c := range b {
		crc = crc<<8 ^ t[0][byte(crc>>24)^c]
	}
	return ^crc
}
