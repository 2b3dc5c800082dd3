package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"strconv"
	"time"
)

// packetSource yields the packets of a capture file: data (valid until the
// following call), capture time and full link type. io.EOF ends a file that
// ended where a packet could start.
type packetSource interface {
	next() (data []byte, ts time.Time, link uint16, err error)
}

func openSource(r io.Reader) (packetSource, error) {
	br, format, _, err := sniff(r)
	if err != nil {
		return nil, err
	}
	if format == PCAPNG {
		return newNgSource(br)
	}
	return newPcapSource(br)
}

// pcapSource reads a classic pcap file (the tcpdump.org pcap(5) layout:
// a 24-octet file header, then per packet a 16-octet record header and the
// captured octets).
type pcapSource struct {
	r     *bufio.Reader
	bo    binary.ByteOrder
	scale uint32 // nanoseconds per unit of the sub-second field
	link  uint16
	hdr   [16]byte
	buf   []byte
}

func newPcapSource(br *bufio.Reader) (*pcapSource, error) {
	var hdr [24]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return nil, errors.New("capture: pcap: file header truncated")
	}
	s := &pcapSource{r: br, bo: binary.LittleEndian, scale: 1000}
	switch binary.LittleEndian.Uint32(hdr[:]) {
	case 0xa1b23c4d:
		s.scale = 1
	case 0xd4c3b2a1:
		s.bo = binary.BigEndian
	case 0x4d3cb2a1:
		s.bo, s.scale = binary.BigEndian, 1
	}
	// Version 2.4 is the only one written since 1998; others differ in
	// layout.
	if major, minor := s.bo.Uint16(hdr[4:6]), s.bo.Uint16(hdr[6:8]); major != 2 || minor != 4 {
		return nil, errors.New("capture: pcap: unknown version " + strconv.Itoa(int(major)) + "." + strconv.Itoa(int(minor)))
	}
	// The link type field is 32 bits: the low 16 are the type, the upper
	// ones flag an FCS. The header's snapshot length is not trusted (some
	// writers get it wrong): records are checked against maxSnaplen.
	s.link = uint16(s.bo.Uint32(hdr[20:24]))
	return s, nil
}

func (s *pcapSource) next() ([]byte, time.Time, uint16, error) {
	if _, err := io.ReadFull(s.r, s.hdr[:]); err != nil {
		return nil, time.Time{}, 0, err // io.EOF only when no octet of it was there
	}
	sec, sub := s.bo.Uint32(s.hdr[0:4]), s.bo.Uint32(s.hdr[4:8])
	ts := time.Unix(int64(sec), int64(sub)*int64(s.scale)).UTC() // a bad sub-second field must not wrap
	caplen, origlen := s.bo.Uint32(s.hdr[8:12]), s.bo.Uint32(s.hdr[12:16])
	switch {
	case caplen > maxSnaplen:
		return nil, ts, 0, errors.New("captured length " + strconv.FormatUint(uint64(caplen), 10) + " exceeds " + strconv.Itoa(maxSnaplen))
	case caplen > origlen:
		return nil, ts, 0, errors.New("captured length " + strconv.FormatUint(uint64(caplen), 10) +
			" exceeds the packet's length " + strconv.FormatUint(uint64(origlen), 10))
	}
	if cap(s.buf) < int(caplen) {
		s.buf = make([]byte, caplen)
	}
	data := s.buf[:caplen]
	if _, err := io.ReadFull(s.r, data); err != nil {
		return nil, ts, 0, io.ErrUnexpectedEOF // the record header was there, its data not
	}
	return data, ts, s.link, nil
}

// ngSource reads pcapng (draft-ietf-opsawg-pcapng) one block at a time
// through an ngGuard, which checks each block's framing first.
type ngSource struct {
	g *ngGuard
}

// ngIface is what an Interface Description Block says about the packets
// that name it.
type ngIface struct {
	link        uint16
	snap        uint32
	resol       byte   // if_tsresol: 10^-resol seconds, or 2^-(resol&0x7f) with its top bit set
	unitsPerSec uint64 // a timestamp counts units of 1/unitsPerSec second (setResolution)
	offset      uint64 // if_tsoffset, seconds
}

func newNgSource(br *bufio.Reader) (*ngSource, error) {
	s := &ngSource{g: newNgGuard(br)}
	// The first block must be a Section Header, whose version is checked.
	if err := s.g.next(); err != nil {
		if err == io.EOF {
			err = s.g.fail("file empty")
		}
		return nil, errors.New("capture: pcapng: " + err.Error())
	}
	return s, nil
}

func (s *ngSource) next() ([]byte, time.Time, uint16, error) {
	for {
		if err := s.g.next(); err != nil {
			return nil, time.Time{}, 0, err
		}
		bo, b := s.g.bo, s.g.buf
		body := b[8 : len(b)-4]
		switch bo.Uint32(b[0:4]) {
		case ngEnhancedPacket, ngPacketObsolete:
			// interface, timestamp high and low, captured and original
			// length, data (the guard checked it fits)
			iface := bo.Uint32(body[0:4])
			if bo.Uint32(b[0:4]) == ngPacketObsolete {
				iface = uint32(bo.Uint16(body[0:2]))
			}
			in := &s.g.ifaces[iface]
			ts := in.time(uint64(bo.Uint32(body[4:8]))<<32 | uint64(bo.Uint32(body[8:12])))
			n := bo.Uint32(body[12:16])
			return body[20 : 20+n], ts, in.link, nil
		case ngSimplePacket:
			// original length, data up to the interface's snapshot length;
			// no timestamp
			n := bo.Uint32(body[0:4])
			if snap := s.g.ifaces[0].snap; snap != 0 && n > snap {
				n = snap
			}
			return body[4 : 4+n], time.Time{}, s.g.ifaces[0].link, nil
		}
		// Other blocks: the guard has read what matters of them (the
		// section, its interfaces).
	}
}

// setResolution sets the conversion of the interface's if_tsresol r:
// 10^-r seconds, or 2^-(r&0x7f) when its top bit is set (the guard bounds
// the exponent).
func (in *ngIface) setResolution() {
	r := in.resol
	in.unitsPerSec = 1
	if r&0x80 != 0 {
		in.unitsPerSec <<= r & 0x7f
	} else {
		for range r {
			in.unitsPerSec *= 10
		}
	}
}

func (in *ngIface) time(ts uint64) time.Time {
	sec := ts/in.unitsPerSec + in.offset
	// The fraction times 10^9 / unitsPerSec, exactly (a binary resolution
	// does not divide 10^9), in 128 bits: the quotient is below 10^9.
	hi, lo := bits.Mul64(ts%in.unitsPerSec, 1e9)
	nsec, _ := bits.Div64(hi, lo, in.unitsPerSec)
	return time.Unix(int64(sec), int64(nsec)).UTC()
}
