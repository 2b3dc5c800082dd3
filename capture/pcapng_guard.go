package capture

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
)

// pcapng block types and option codes (draft-ietf-opsawg-pcapng §4, §10).
const (
	ngSectionHeader   = 0x0a0d0d0a
	ngInterface       = 1
	ngPacketObsolete  = 2
	ngSimplePacket    = 3
	ngInterfaceStats  = 5
	ngEnhancedPacket  = 6
	ngByteOrderMagic  = 0x1a2b3c4d
	ngOptEnd          = 0
	ngOptIfTsResol    = 9
	ngOptIfTsOffset   = 14
	ngMaxBlock        = 1 << 20 // larger blocks are refused (a packet is at most maxSnaplen)
	ngReadChunk       = 64 << 10
	ngMaxTsResolPow10 = 19 // 10^19 is the largest power of ten in a uint64
	ngMaxTsResolPow2  = 63
)

// maxSnaplen is the largest packet this package reads, tcpdump's
// MAXIMUM_SNAPLEN. It also bounds the buffer the pcap reader allocates.
const maxSnaplen = 262144

// ngGuard reads a pcapng file one block at a time and checks each block
// before ngSource reads its packets: lengths, the section's version, that
// packet blocks name a declared interface and fit their block, that
// options tile their block and end with an empty opt_endofopt, and that
// timestamp options are usable (an if_tsresol of 10^-20 or 2^-64 would
// make a zero divisor). It keeps the section's interfaces as it checks
// their blocks. Lengths are not trusted to size anything before the
// octets are there. A block that fails a check ends the file with an
// error naming its offset.
type ngGuard struct {
	r      io.Reader
	bo     binary.ByteOrder
	off    int64     // file offset of the next block
	buf    []byte    // the current block, checked
	ifaces []ngIface // the current section's interfaces
}

func newNgGuard(r io.Reader) *ngGuard {
	return &ngGuard{r: r, bo: binary.LittleEndian}
}

func (g *ngGuard) fail(reason string) error {
	return errors.New("pcapng: block at offset " + strconv.FormatInt(g.off, 10) + ": " + reason)
}

// next reads and checks one block into g.buf; on error g.buf is left
// empty, so that nothing of the bad block is read.
func (g *ngGuard) next() error {
	g.buf = g.buf[:0]
	if err := g.read(); err != nil {
		g.buf = g.buf[:0]
		return err
	}
	g.off += int64(len(g.buf))
	return nil
}

// read reads one block into g.buf and checks it.
func (g *ngGuard) read() error {
	var hdr [12]byte
	if n, err := io.ReadFull(g.r, hdr[:8]); err != nil {
		if n == 0 && err == io.EOF {
			return io.EOF
		}
		return g.fail("block header truncated")
	}
	typ := g.bo.Uint32(hdr[0:4]) // in the section's byte order; the SHB's type reads the same both ways
	hlen := 8
	if typ == ngSectionHeader {
		// The byte-order magic that follows sets the section's byte order.
		if _, err := io.ReadFull(g.r, hdr[8:12]); err != nil {
			return g.fail("section header truncated")
		}
		switch {
		case binary.BigEndian.Uint32(hdr[8:12]) == ngByteOrderMagic:
			g.bo = binary.BigEndian
		case binary.LittleEndian.Uint32(hdr[8:12]) == ngByteOrderMagic:
			g.bo = binary.LittleEndian
		default:
			return g.fail("bad byte-order magic")
		}
		hlen = 12
		g.ifaces = g.ifaces[:0]
	} else if g.off == 0 {
		return g.fail("file does not start with a section header")
	}
	total := g.bo.Uint32(hdr[4:8])
	minLen := uint32(12)
	if typ == ngSectionHeader {
		minLen = 28
	}
	switch {
	case total < minLen:
		return g.fail("block length too small")
	case total%4 != 0:
		return g.fail("block length not a multiple of 4")
	case total > ngMaxBlock:
		return g.fail("block longer than 1 MiB")
	}
	// Read the rest in chunks so that a forged length costs only as much
	// memory as the file really has.
	g.buf = append(g.buf[:0], hdr[:hlen]...)
	for len(g.buf) < int(total) {
		n := min(int(total)-len(g.buf), ngReadChunk)
		start := len(g.buf)
		g.buf = append(g.buf, make([]byte, n)...)
		if _, err := io.ReadFull(g.r, g.buf[start:]); err != nil {
			return g.fail("block truncated")
		}
	}
	if g.bo.Uint32(g.buf[total-4:]) != total {
		return g.fail("trailing block length differs")
	}
	return g.check(typ, g.buf[8:total-4])
}

// check applies the per-type checks to a block body.
func (g *ngGuard) check(typ uint32, body []byte) error {
	switch typ {
	case ngSectionHeader:
		// byte-order magic (4), major and minor version (4), section length (8)
		if major, minor := g.bo.Uint16(body[4:6]), g.bo.Uint16(body[6:8]); major != 1 || minor != 0 {
			return g.fail("section version " + strconv.Itoa(int(major)) + "." + strconv.Itoa(int(minor)) + " not supported")
		}
		return g.options(body[16:], nil)
	case ngInterface:
		// link type (2), reserved (2), snapshot length (4). Packets are
		// checked against their block below; the snapshot length only
		// cuts Simple Packet Blocks, bounded as tcpdump bounds it.
		if len(body) < 8 {
			return g.fail("interface description too short")
		}
		in := ngIface{link: g.bo.Uint16(body[0:2]), snap: min(g.bo.Uint32(body[4:8]), maxSnaplen), resol: 6}
		if err := g.options(body[8:], &in); err != nil {
			return err
		}
		in.setResolution()
		g.ifaces = append(g.ifaces, in)
		return nil
	case ngEnhancedPacket, ngPacketObsolete:
		// interface (4, or 2 + 2 drops counter), timestamp (8), captured
		// length (4), original length (4), data padded to 32 bits, options
		if len(body) < 20 {
			return g.fail("packet block too short")
		}
		iface := g.bo.Uint32(body[0:4])
		if typ == ngPacketObsolete {
			iface = uint32(g.bo.Uint16(body[0:2]))
		}
		if iface >= uint32(len(g.ifaces)) {
			return g.fail("packet names an undeclared interface")
		}
		if g.bo.Uint32(body[12:16]) > uint32(len(body)-20) {
			return g.fail("captured length overruns the block")
		}
	case ngSimplePacket:
		// original length (4), data: min(original length, snapshot length)
		if len(body) < 4 || len(g.ifaces) == 0 {
			return g.fail("simple packet block without interface or too short")
		}
		n := g.bo.Uint32(body[0:4])
		if snap := g.ifaces[0].snap; snap != 0 && n > snap {
			n = snap
		}
		if n > uint32(len(body)-4) {
			return g.fail("captured length overruns the block")
		}
	case ngInterfaceStats:
		// interface (4), timestamp (8), options
		if len(body) < 12 {
			return g.fail("interface statistics too short")
		}
		if g.bo.Uint32(body[0:4]) >= uint32(len(g.ifaces)) {
			return g.fail("statistics name an undeclared interface")
		}
		return g.options(body[12:], nil)
	}
	return nil
}

// options checks that options (code 2, length 2, value padded to 32 bits)
// tile b up to an empty opt_endofopt or the end, and, for an interface
// (in not nil), that its timestamp options are usable: they are set in in.
func (g *ngGuard) options(b []byte, in *ngIface) error {
	for len(b) > 0 {
		if len(b) < 4 {
			return g.fail("option header truncated")
		}
		code, n := g.bo.Uint16(b[0:2]), int(g.bo.Uint16(b[2:4]))
		if code == ngOptEnd {
			if n != 0 {
				return g.fail("opt_endofopt with a value")
			}
			return nil
		}
		padded := (n + 3) &^ 3
		if len(b)-4 < padded {
			return g.fail("option overruns the block")
		}
		v := b[4 : 4+n]
		if in != nil {
			switch code {
			case ngOptIfTsResol:
				if n != 1 {
					return g.fail("if_tsresol is not one octet")
				}
				if exp := v[0] & 0x7f; v[0]&0x80 != 0 && exp > ngMaxTsResolPow2 ||
					v[0]&0x80 == 0 && exp > ngMaxTsResolPow10 {
					return g.fail("if_tsresol out of range")
				}
				if v[0] != 0 {
					in.resol = v[0]
				}
			case ngOptIfTsOffset:
				if n != 8 {
					return g.fail("if_tsoffset is not eight octets")
				}
				in.offset = g.bo.Uint64(v)
			}
		}
		b = b[4+padded:]
	}
	return nil
}
