package mrt

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"testing"
)

// bzFiles are the bzip2 files of the test data: RouteViews and RIS
// archives, one (rib6...firstMB) of many blocks and cut inside one.
var bzFiles = []string{
	"libbgpstream/test/routeviews.route-views.jinx.updates.1427846400.bz2",
	"mrt/os-ken/os_ken/tests/packet_data/mrt/rib.20161101.0000_pick.bz2",
	"mrt/os-ken/os_ken/tests/packet_data/mrt/updates.20161101.0000.bz2",
	"mrt/pyasn/data/bview.20140112.1600_3samples.bz2",
	"mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2",
}

func readBz(t testing.TB, name string) []byte {
	b, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkBzParallel decodes in with the parallel reader and with
// compress/bzip2: the same octets, and an error for the same inputs.
func checkBzParallel(t testing.TB, name string, in []byte, workers int) {
	want, werr := io.ReadAll(bzip2.NewReader(bytes.NewReader(in)))
	p := newBzParallel(bytes.NewReader(in), workers)
	defer p.close()
	got, gerr := io.ReadAll(p)
	if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: %d octets (error %v), compress/bzip2 %d (error %v)", name, len(got), gerr, len(want), werr)
	}
	if werr == io.ErrUnexpectedEOF && gerr != io.ErrUnexpectedEOF {
		t.Fatalf("%s: a file cut short gives %v", name, gerr)
	}
}

// TestBzParallel: every bzip2 file of the test data, their concatenation
// (a file of several streams, as pbzip2 writes), and each with a bit
// flipped in its blocks or its end, decode as compress/bzip2 decodes
// them, with 1 to 3 blocks at once.
func TestBzParallel(t *testing.T) {
	var multi []byte
	for _, name := range bzFiles {
		in := readBz(t, name)
		for _, w := range []int{1, 3} {
			checkBzParallel(t, name, in, w)
		}
		if name != bzFiles[4] { // cut short: nothing can follow it
			multi = append(multi, in...)
		}
		flips := []int{10, len(in) / 3, len(in) - 7, len(in) - 3}
		if len(in) > 1<<20 {
			flips = flips[1:2] // many blocks: one in the middle
		}
		for _, at := range flips {
			bad := bytes.Clone(in)
			bad[at] ^= 0x10
			checkBzParallel(t, name+" with a bit flipped", bad, 2)
		}
	}
	checkBzParallel(t, "several streams", multi, 3)
	checkBzParallel(t, "an empty stream between", append(append(readBz(t, bzFiles[2]), "BZh9\x17\x72\x45\x38\x50\x90\x00\x00\x00\x00"...), readBz(t, bzFiles[3])...), 2)
	checkBzParallel(t, "garbage after", append(readBz(t, bzFiles[3]), "garbage"...), 2)
	checkBzParallel(t, "not bzip2", []byte("BZh9 but nothing more"), 2)
	checkBzParallel(t, "empty", nil, 2)
}

// TestBzFalseMagic: a block magic that occurs by chance inside a block
// cuts it in two; the first part fails to decode and is decoded again
// joined with the second. Every block of a file of many is so cut.
func TestBzFalseMagic(t *testing.T) {
	in := readBz(t, bzFiles[4])
	sc := &bzScanner{r: bufio.NewReader(bytes.NewReader(in)), start: -1}
	var segs []*bzSegment
	for {
		s, err := sc.next()
		if s == nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
		if s.end || s.last {
			segs = append(segs, s)
			continue
		}
		// Split at a bit inside: a copy of the octets holding each part.
		cut := s.from + (s.to-s.from)*2/3 + 3
		first := &bzSegment{b: s.b[:(cut+7)/8], from: s.from, to: cut, level: s.level, done: make(chan struct{})}
		second := &bzSegment{b: s.b[cut/8:], from: cut % 8, to: s.to - cut/8*8, level: s.level, done: make(chan struct{})}
		segs = append(segs, first, second)
	}
	if len(segs) < 20 {
		t.Fatalf("%d segments: not a file of many blocks", len(segs))
	}
	i := 0
	p := startBzParallel(func() (*bzSegment, error) {
		if i == len(segs) {
			return nil, io.EOF
		}
		i++
		s := segs[i-1]
		s.done = make(chan struct{})
		return s, nil
	}, 2)
	defer p.close()
	got, err := io.ReadAll(p)
	want, werr := io.ReadAll(bzip2.NewReader(bytes.NewReader(in)))
	if !bytes.Equal(got, want) || err != werr {
		t.Errorf("%d octets, %v; want %d, %v", len(got), err, len(want), werr)
	}
}

// TestBzBitCopy: bzWriter.copy appends bits [from, to) of any slice, on
// an octet boundary or not.
func TestBzBitCopy(t *testing.T) {
	src := []byte{0xa5, 0x3c, 0xf0, 0x0f, 0x96}
	for lead := 0; lead < 8; lead++ {
		for from := 0; from < 40; from++ {
			for to := from; to <= 40; to++ {
				var w bzWriter
				w.bits(0x55, lead)
				w.copy(src, from, to)
				for i := 0; i < to-from; i++ {
					want := src[(from+i)/8] >> (7 - (from+i)%8) & 1
					if got := readBits(w.b, lead+i, 1); got != uint64(want) {
						t.Fatalf("lead %d, bits %d-%d: bit %d is %d", lead, from, to, i, got)
					}
				}
				if len(w.b) != (lead+to-from+7)/8 {
					t.Fatalf("lead %d, bits %d-%d: %d octets", lead, from, to, len(w.b))
				}
			}
		}
	}
}

// FuzzBzParallel: any input decodes as compress/bzip2 decodes it.
func FuzzBzParallel(f *testing.F) {
	f.Add(readBz(f, bzFiles[3]))
	f.Add(readBz(f, bzFiles[1]))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkBzParallel(t, "fuzz", in, 2)
	})
}

// BenchmarkBzip2 decodes a RouteViews RIB's first megabyte (13 blocks)
// with compress/bzip2 and with the blocks decoded on every core.
func BenchmarkBzip2(b *testing.B) {
	in := readBz(b, bzFiles[4])
	for _, c := range []struct {
		name string
		r    func() io.Reader
	}{
		{"stdlib", func() io.Reader { return bzip2.NewReader(bytes.NewReader(in)) }},
		{"parallel", func() io.Reader { return newBzParallel(bytes.NewReader(in), bzWorkers()) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			n := int64(0)
			for b.Loop() {
				r := c.r()
				n, _ = io.Copy(io.Discard, r)
				if p, ok := r.(*bzParallel); ok {
					p.close()
				}
			}
			b.SetBytes(n)
		})
	}
}

// TestBzDecoder: every block of the test data's bzip2 files (but the
// last of each, which the file may cut) is decoded by bzDecoder, as
// compress/bzip2 decodes it; with a bit flipped, a block is refused (left
// to compress/bzip2, which gives the error).
func TestBzDecoder(t *testing.T) {
	var d bzDecoder
	blocks := 0
	for _, name := range bzFiles {
		sc := &bzScanner{r: bufio.NewReader(bytes.NewReader(readBz(t, name))), start: -1}
		for {
			s, err := sc.next()
			if err != nil {
				break
			}
			if s.end || s.last {
				continue
			}
			want, _, werr := decodeBlock([]*bzSegment{s}, nil, nil)
			got, ok := d.decode(s, nil)
			if !ok || werr != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: block at bit %d: ok %v, %d octets; compress/bzip2: %d (%v)", name, s.from, ok, len(got), len(want), werr)
			}
			blocks++
			bad := *s
			bad.b = bytes.Clone(s.b)
			bad.b[len(bad.b)/2] ^= 0x04
			if _, ok := d.decode(&bad, nil); ok {
				t.Fatalf("%s: block at bit %d with a bit flipped: decoded", name, s.from)
			}
		}
	}
	if blocks < 15 {
		t.Fatalf("%d blocks", blocks)
	}
}

// TestBzDecoderDamaged: blocks with bits flipped at random, or cut, never
// make bzDecoder panic, and what it accepts compress/bzip2 decodes the
// same.
func TestBzDecoderDamaged(t *testing.T) {
	sc := &bzScanner{r: bufio.NewReader(bytes.NewReader(readBz(t, bzFiles[3]))), start: -1}
	s, err := sc.next()
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	var d bzDecoder
	for i := range 3000 {
		bad := *s
		bad.b = bytes.Clone(s.b)
		if i%10 == 0 {
			bad.to = rnd.IntN(bad.to)
			bad.b = bad.b[:(bad.to+7)/8]
		} else {
			for range 1 + rnd.IntN(3) {
				// Mostly in the tables at the start, where a flip changes
				// the most.
				at := rnd.IntN(min(len(bad.b), 64+rnd.IntN(len(bad.b))))
				bad.b[at] ^= 1 << rnd.IntN(8)
			}
		}
		got, ok := d.decode(&bad, nil)
		if !ok {
			continue
		}
		if want, _, err := decodeBlock([]*bzSegment{&bad}, nil, nil); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("damage %d: accepted, %d octets; compress/bzip2: %d (%v)", i, len(got), len(want), err)
		}
	}
}

// BenchmarkBzBlock decodes the blocks of the RouteViews RIB's first
// megabyte one after the other, on one core: with bzDecoder, and with
// compress/bzip2 (a stream made of each).
func BenchmarkBzBlock(b *testing.B) {
	sc := &bzScanner{r: bufio.NewReader(bytes.NewReader(readBz(b, bzFiles[4]))), start: -1}
	var segs []*bzSegment
	for {
		s, err := sc.next()
		if err != nil {
			break
		}
		if !s.end && !s.last {
			segs = append(segs, s)
		}
	}
	for _, c := range []struct {
		name   string
		decode func(d *bzDecoder, s *bzSegment, out []byte) []byte
	}{
		{"ours", func(d *bzDecoder, s *bzSegment, out []byte) []byte { out, _ = d.decode(s, out); return out }},
		{"stdlib", func(d *bzDecoder, s *bzSegment, out []byte) []byte {
			out, _, _ = decodeBlock([]*bzSegment{s}, out, nil)
			return out
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var d bzDecoder
			var out []byte
			n := 0
			for b.Loop() {
				n = 0
				for _, s := range segs {
					out = c.decode(&d, s, out)
					n += len(out)
				}
			}
			b.SetBytes(int64(n))
		})
	}
}

// FuzzBzDecoder: whatever a block holds (small streams, so that the
// fuzzer reaches the tables, selectors and runs rather than the CRC of a
// large block), bzDecoder never panics, and a block it accepts is the one
// compress/bzip2 decodes.
func FuzzBzDecoder(f *testing.F) {
	for _, h := range []string{
		// bzip2 -9 of "hello hello hello bgp".
		"425a683931415926535910f907370000051180400012c4c000200021b5069a10c08e29996a322278bb9229c2848087c839b8",
		// bzip2 -9 of 300 "a", 50 "xyz" and a bgpdump-like field: runs.
		"425a68393141592653590804da5d00000d1980c021e3402000007400082000314c00008a4991b41a97984f70dbe23912773a96b567280efa20d08358fc5dc914e1424020136974",
	} {
		b, err := hex.DecodeString(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sc := &bzScanner{r: bufio.NewReader(bytes.NewReader(in)), start: -1}
		var d bzDecoder
		for range 8 {
			s, err := sc.next()
			if err != nil {
				return
			}
			if s.end {
				continue
			}
			got, ok := d.decode(s, nil)
			if !ok {
				continue
			}
			if want, _, err := decodeBlock([]*bzSegment{s}, nil, nil); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("block at bit %d accepted, %d octets; compress/bzip2: %d (%v)", s.from, len(got), len(want), err)
			}
		}
	})
}
