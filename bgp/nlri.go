package bgp

import (
	"encoding/binary"
	"net/netip"
)

// MaxLabels is the deepest label stack a Route holds (RFC 8277 allows more
// with the Multiple Labels capability; no deployment uses more than a few).
const MaxLabels = 4

// Label is one 3-octet entry of an MPLS label stack in NLRI (RFC 8277 §2):
// a 20-bit label, 3 traffic class bits and the bottom-of-stack bit.
type Label uint32

// Value returns the 20-bit label value.
func (l Label) Value() uint32 { return uint32(l) >> 4 }

// BottomOfStack reports whether the S bit is set.
func (l Label) BottomOfStack() bool { return l&1 != 0 }

// labelWithdraw is the label field RFC 8277 §2.4 (from RFC 3107) puts in
// withdrawn labeled routes.
const labelWithdraw Label = 0x800000

// Route is one NLRI entry: a prefix with, depending on the family and the
// session, a Path Identifier (RFC 7911), a label stack (RFC 8277) and a
// route distinguisher (RFC 4364).
//
// Prefix holds the address as it was sent: RFC 4271 §4.3 says bits past
// the prefix length are irrelevant, and bgplens keeps them so that
// re-encoding gives back the same bytes. Use Prefix.Masked() as a key.
type Route struct {
	Prefix    netip.Prefix
	PathID    uint32
	RD        RD
	Labels    [MaxLabels]Label
	NumLabels uint8
	Off       int // offset of the entry (its Path Identifier, if any)
}

// LabelStack returns the labels in order (it aliases nothing: the array is
// part of the Route value).
func (r *Route) LabelStack() []Label { return r.Labels[:r.NumLabels] }

// parseRoute reads one NLRI entry of family f at the start of b. off is
// b's offset in the message, for errors and Route.Off. It returns the
// route and the number of octets it used.
func parseRoute(b []byte, off int, f Family, addPath bool, kind nlriKind) (Route, int, *Error) {
	r := Route{Off: off}
	i := 0
	if addPath {
		if len(b) < 4 {
			return r, 0, nlriErr(off, "path identifier truncated")
		}
		r.PathID = binary.BigEndian.Uint32(b)
		i = 4
	}
	if len(b) <= i {
		return r, 0, nlriErr(off+i, "prefix length missing")
	}
	bits := int(b[i])
	i++
	nbytes := (bits + 7) / 8
	if len(b)-i < nbytes {
		return r, 0, nlriErr(off+i-1, "prefix overruns the NLRI field")
	}
	p := b[i : i+nbytes]
	i += nbytes
	switch kind {
	case nlriLabeled, nlriVPN:
		for {
			if bits < 24 {
				return r, 0, nlriErr(off, "prefix length too short for the label stack")
			}
			if r.NumLabels == MaxLabels {
				return r, 0, nlriErr(off, "label stack deeper than supported")
			}
			l := Label(uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2]))
			r.Labels[r.NumLabels] = l
			r.NumLabels++
			p, bits = p[3:], bits-24
			if l.BottomOfStack() || l == labelWithdraw || l == 0 {
				break
			}
		}
		if kind == nlriVPN {
			if bits < 64 {
				return r, 0, nlriErr(off, "prefix length too short for the route distinguisher")
			}
			copy(r.RD[:], p[:8])
			p, bits = p[8:], bits-64
		}
	}
	width := f.addrLen()
	if bits > width*8 {
		return r, 0, nlriErr(off, "prefix length longer than the address")
	}
	var a [16]byte
	copy(a[:], p)
	var addr netip.Addr
	if width == 4 {
		addr = netip.AddrFrom4([4]byte(a[:4]))
	} else {
		addr = netip.AddrFrom16(a)
	}
	r.Prefix = netip.PrefixFrom(addr, bits)
	return r, i, nil
}

func nlriErr(off int, reason string) *Error {
	return newErr(off, CodeUpdate, SubInvalidNetworkField, SessionReset, reason)
}

// parsePrefixRoute is parseRoute for the families whose NLRI are a
// length and a prefix (nlriPrefix), written for speed: the address is
// loaded a word at a time and masked to the prefix's octets instead of
// copied octet by octet. ok is false when the entry is malformed; then
// parseRoute gives the error.
func parsePrefixRoute(b []byte, off int, v6, addPath bool) (r Route, n int, ok bool) {
	r.Off = off
	i := 0
	if addPath {
		if len(b) < 5 {
			return r, 0, false
		}
		r.PathID = binary.BigEndian.Uint32(b)
		i = 4
	}
	if len(b) <= i {
		return r, 0, false
	}
	bits := int(b[i])
	nb := (bits + 7) >> 3
	p := b[i+1:]
	if len(p) < nb {
		return r, 0, false
	}
	if !v6 {
		if bits > 32 {
			return r, 0, false
		}
		var a uint32
		if len(p) >= 4 {
			a = binary.BigEndian.Uint32(p) & (^uint32(0) << (32 - 8*nb)) // 8*nb <= 32; a shift by 32 gives 0
		} else {
			for j := 0; j < nb; j++ {
				a |= uint32(p[j]) << (24 - 8*j)
			}
		}
		r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bits)
		return r, i + 1 + nb, true
	}
	if bits > 128 {
		return r, 0, false
	}
	var a [16]byte
	if len(p) >= 16 {
		hi, lo := binary.BigEndian.Uint64(p), binary.BigEndian.Uint64(p[8:])
		if nb <= 8 {
			hi &= ^uint64(0) << (64 - 8*nb)
			lo = 0
		} else {
			lo &= ^uint64(0) << (128 - 8*nb)
		}
		binary.BigEndian.PutUint64(a[:], hi)
		binary.BigEndian.PutUint64(a[8:], lo)
	} else {
		copy(a[:], p[:nb])
	}
	r.Prefix = netip.PrefixFrom(netip.AddrFrom16(a), bits)
	return r, i + 1 + nb, true
}

// walkRoutes yields the NLRI entries of b in order; after an error it
// stops. off is b's offset in the message.
func walkRoutes(b []byte, off int, f Family, addPath bool, yield func(Route, error) bool) bool {
	kind := f.kind()
	v6 := f.AFI == AFIIPv6
	for len(b) > 0 {
		var r Route
		var n int
		ok := false
		if kind == nlriPrefix {
			r, n, ok = parsePrefixRoute(b, off, v6, addPath)
		}
		if !ok {
			var err *Error
			r, n, err = parseRoute(b, off, f, addPath, kind)
			if err != nil {
				yield(r, err)
				return false
			}
		}
		if !yield(r, nil) {
			return false
		}
		b, off = b[n:], off+n
	}
	return true
}

// routeCursor walks the routes of an UPDATE for UpdateView.Announced and
// Withdrawn: the IPv4 field, then the NLRI field of the MP attribute
// (next), until the end or the first bad entry. Each step decodes one
// route into r; the loop around it is small enough that the iterator's
// closure is inlined into the caller's range loop, whose body then runs
// without a call per route. Positions are indexes into msg, which costs
// fewer instructions than reslicing.
type routeCursor struct {
	msg      []byte
	pos, end int // the rest of the current field: msg[pos:end]
	fam      Family
	addPath  bool
	kind     nlriKind
	next     mpNLRI // the MP field to walk next, if next.ok
	r        Route
}

// prefixMask4 keeps the first n octets of a big-endian word, and
// prefixMask16 of two (n up to 16).
var (
	prefixMask4  = [8]uint32{0, 0xff000000, 0xffff0000, 0xffffff00, 0xffffffff}
	prefixMask16 = func() (m [32][2]uint64) {
		for n := 0; n <= 16; n++ {
			for k := 0; k < n; k++ {
				m[n][k/8] |= 0xff << (56 - 8*(k%8))
			}
		}
		return m
	}()
)

// step decodes the next route into c.r, reporting false at the end of the
// fields or at a bad entry (which stops the walk; Verdict reports it).
func (c *routeCursor) step() bool {
	for c.pos >= c.end {
		m := c.next
		if !m.ok || !m.fam.Prefixes() {
			return false
		}
		c.next.ok = false
		c.pos, c.end, c.fam, c.addPath, c.kind = int(m.off), int(m.off)+int(m.n), m.fam, m.addPath, m.fam.kind()
		c.r = Route{}
	}
	if c.end > len(c.msg) || c.pos < 0 {
		return false
	}
	msg := c.msg[:c.end]
	i := c.pos
	if c.kind != nlriPrefix {
		r, n, err := parseRoute(msg[i:], i, c.fam, c.addPath, c.kind)
		if err != nil {
			return false
		}
		c.r, c.pos = r, i+n
		return true
	}
	// parsePrefixRoute, inline, into c.r.
	c.r.PathID = 0
	if c.addPath {
		if i+5 > len(msg) {
			return false
		}
		c.r.PathID = binary.BigEndian.Uint32(msg[i:])
		i += 4
	}
	bits := int(msg[i])
	nb := (bits + 7) >> 3
	i++
	if i+nb > len(msg) {
		return false
	}
	if c.fam.AFI != AFIIPv6 {
		if bits > 32 {
			return false
		}
		var a uint32
		if i+4 <= len(msg) {
			a = binary.BigEndian.Uint32(msg[i:]) & prefixMask4[nb&7]
		} else {
			// The last prefix of the message: fewer than 4 octets follow.
			switch nb {
			case 3:
				a = uint32(msg[i])<<24 | uint32(msg[i+1])<<16 | uint32(msg[i+2])<<8
			case 2:
				a = uint32(msg[i])<<24 | uint32(msg[i+1])<<16
			case 1:
				a = uint32(msg[i]) << 24
			}
		}
		c.r.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bits)
	} else {
		if bits > 128 {
			return false
		}
		var a [16]byte
		if i+16 <= len(msg) {
			hi := binary.BigEndian.Uint64(msg[i:]) & prefixMask16[nb&31][0]
			lo := binary.BigEndian.Uint64(msg[i+8:]) & prefixMask16[nb&31][1]
			binary.BigEndian.PutUint64(a[:], hi)
			binary.BigEndian.PutUint64(a[8:], lo)
		} else {
			copy(a[:], msg[i:i+nb])
		}
		c.r.Prefix = netip.PrefixFrom(netip.AddrFrom16(a), bits)
	}
	c.r.Off = c.pos
	c.pos = i + nb
	return true
}

// checkRoutes validates an NLRI field without yielding anything. For the
// families of plain prefixes it only reads the length octets, and leaves
// it to parseRoute to describe the first entry that does not fit.
func checkRoutes(b []byte, off int, f Family, addPath bool) *Error {
	kind := f.kind()
	if kind == nlriPrefix {
		maxBits := 8 * f.addrLen()
		skip := 0
		if addPath {
			skip = 4
		}
		i := 0
		for i < len(b) {
			j := i + skip
			if j >= len(b) || int(b[j]) > maxBits {
				break
			}
			next := j + 1 + (int(b[j])+7)>>3
			if next > len(b) {
				break
			}
			i = next
		}
		if i == len(b) {
			return nil
		}
		b, off = b[i:], off+i
	}
	return checkEachRoute(b, off, f, addPath, kind)
}

// checkEachRoute validates an NLRI field entry by entry with parseRoute:
// checkRoutes after its fast path, and the reference its tests compare
// that path with.
func checkEachRoute(b []byte, off int, f Family, addPath bool, kind nlriKind) *Error {
	for len(b) > 0 {
		_, n, err := parseRoute(b, off, f, addPath, kind)
		if err != nil {
			return err
		}
		b, off = b[n:], off+n
	}
	return nil
}

// AppendRoute appends the wire form of r in family f (RFC 4271 §4.3,
// RFC 7911 §3, RFC 8277 §2, RFC 4364 §4.3.4).
func AppendRoute(dst []byte, r Route, f Family, addPath bool) []byte {
	if addPath {
		dst = binary.BigEndian.AppendUint32(dst, r.PathID)
	}
	bits := r.Prefix.Bits()
	kind := f.kind()
	if kind == nlriLabeled || kind == nlriVPN {
		bits += 24 * int(r.NumLabels)
	}
	if kind == nlriVPN {
		bits += 64
	}
	dst = append(dst, byte(bits))
	if kind == nlriLabeled || kind == nlriVPN {
		for _, l := range r.Labels[:r.NumLabels] {
			dst = append(dst, byte(l>>16), byte(l>>8), byte(l))
		}
	}
	if kind == nlriVPN {
		dst = append(dst, r.RD[:]...)
	}
	a := r.Prefix.Addr().AsSlice()
	return append(dst, a[:(r.Prefix.Bits()+7)/8]...)
}
