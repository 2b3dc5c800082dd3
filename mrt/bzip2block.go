package mrt

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
	out, sum := d.output(out, count, origPtr)
	return out, sum == crc
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
			b := uint32(unseq[mtf[0]])
			for i := count; i < count+run; i++ {
				tt[i] = b
			}
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
		count++
	}
}

// output undoes the BWT of the count bytes of d.tt and the run-length
// encoding before it, appending to out, and returns the CRC of what it
// appended. Each step of the walk waits for a load from a table of
// megabytes: the CRC is computed in the same loop, in the wait.
func (d *bzDecoder) output(out []byte, count, origPtr int) ([]byte, uint32) {
	tt := d.tt[:count]
	var c [256]int
	for _, e := range tt {
		c[byte(e)]++
	}
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
	out = out[:0]
	if cap(out) < count+count/4 {
		out = make([]byte, 0, count+count/4)
	}
	pos := tt[origPtr] >> 8
	last, run := -1, 0
	crc := ^uint32(0)
	for range count {
		e := tt[pos]
		pos = e >> 8
		b := byte(e)
		if run == 4 { // after four equal bytes, how many more
			for range b {
				out = append(out, byte(last))
				crc = crc<<8 ^ bzCRCTable[byte(crc>>24)^byte(last)]
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
		crc = crc<<8 ^ bzCRCTable[byte(crc>>24)^b]
	}
	return out, ^crc
}

// bzCRCTable is the CRC-32 of bzip2 (polynomial 0x04c11db7, most
// significant bit first) of each octet.
var bzCRCTable = func() (t [256]uint32) {
	for i := range t {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()
