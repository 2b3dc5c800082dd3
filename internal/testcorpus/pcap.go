package testcorpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// A packet is one captured frame and its link-layer type (the LINKTYPE_
// values of the tcpdump.org registry).
type packet struct {
	link uint32
	data []byte
}

// readPackets reads a classic pcap or a pcapng file.
func readPackets(b []byte) ([]packet, error) {
	if len(b) < 4 {
		return nil, errors.New("pcap: file too short")
	}
	switch binary.LittleEndian.Uint32(b) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return readPcap(b)
	case 0x0a0d0d0a:
		return readPcapng(b)
	}
	return nil, errors.New("pcap: unknown file magic")
}

// readPcap reads the classic format: a 24-octet global header (magic,
// version, zone, sigfigs, snaplen, link type) and 16-octet record headers
// (seconds, sub-seconds, captured length, original length).
func readPcap(b []byte) ([]packet, error) {
	if len(b) < 24 {
		return nil, errors.New("pcap: global header truncated")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if m := binary.BigEndian.Uint32(b); m == 0xa1b2c3d4 || m == 0xa1b23c4d {
		bo = binary.BigEndian
	}
	link := bo.Uint32(b[20:]) & 0x0fffffff // upper bits: FCS length flags
	var pkts []packet
	for off := 24; off < len(b); {
		if len(b)-off < 16 {
			return pkts, fmt.Errorf("pcap: offset %d: record header truncated", off)
		}
		n := int(bo.Uint32(b[off+8:]))
		off += 16
		if n > len(b)-off {
			return pkts, fmt.Errorf("pcap: offset %d: record overruns the file", off)
		}
		pkts = append(pkts, packet{link, b[off : off+n]})
		off += n
	}
	return pkts, nil
}

// readPcapng reads the block structure of pcapng (type, total length,
// body, total length again): Section Headers set the byte order,
// Interface Descriptions the link types, and Enhanced, Simple and the
// obsolete Packet Blocks carry frames.
func readPcapng(b []byte) ([]packet, error) {
	var (
		bo    binary.ByteOrder = binary.LittleEndian
		links []uint32
		pkts  []packet
	)
	for off := 0; off < len(b); {
		if len(b)-off < 12 {
			return pkts, fmt.Errorf("pcapng: offset %d: block header truncated", off)
		}
		typ := binary.LittleEndian.Uint32(b[off:])
		if typ == 0x0a0d0d0a { // Section Header Block: byte-order magic first
			if len(b)-off < 12 {
				return pkts, errors.New("pcapng: section header truncated")
			}
			if binary.BigEndian.Uint32(b[off+8:]) == 0x1a2b3c4d {
				bo = binary.BigEndian
			} else {
				bo = binary.LittleEndian
			}
			links = links[:0]
		}
		typ = bo.Uint32(b[off:])
		n := int(bo.Uint32(b[off+4:]))
		if n < 12 || n > len(b)-off {
			return pkts, fmt.Errorf("pcapng: offset %d: bad block length", off)
		}
		body := b[off+8 : off+n-4]
		off += n
		switch typ {
		case 1: // Interface Description: link type(2), reserved(2), snaplen(4)
			if len(body) < 8 {
				return pkts, errors.New("pcapng: interface description truncated")
			}
			links = append(links, uint32(bo.Uint16(body)))
		case 6, 2:
			p, err := pcapngPacket(bo, typ, body, links)
			if err != nil {
				return pkts, err
			}
			pkts = append(pkts, p)
		case 3: // Simple Packet: origlen(4), data (interface 0)
			if len(body) < 4 || len(links) == 0 {
				return pkts, errors.New("pcapng: simple packet inconsistent")
			}
			cl := min(int(bo.Uint32(body)), len(body)-4)
			pkts = append(pkts, packet{links[0], body[4 : 4+cl]})
		}
	}
	return pkts, nil
}

// pcapngPacket reads an Enhanced Packet Block (type 6: iface(4), ts(8),
// caplen(4), origlen(4), data) or an obsolete Packet Block (type 2:
// iface(2), drops(2), then the same).
func pcapngPacket(bo binary.ByteOrder, typ uint32, body []byte, links []uint32) (packet, error) {
	what := "enhanced packet"
	if typ == 2 {
		what = "packet block"
	}
	if len(body) < 20 {
		return packet{}, errors.New("pcapng: " + what + " truncated")
	}
	iface, cl := int(bo.Uint32(body)), int(bo.Uint32(body[12:]))
	if typ == 2 {
		iface = int(bo.Uint16(body))
	}
	if iface >= len(links) || cl > len(body)-20 {
		return packet{}, errors.New("pcapng: " + what + " inconsistent")
	}
	return packet{links[iface], body[20 : 20+cl]}, nil
}

// Link types understood by ipPayload.
const (
	linkNull        = 0
	linkEthernet    = 1
	linkPPP         = 9
	linkRawOld      = 12 // LINKTYPE_RAW's DLT value on some systems
	linkRawOld2     = 14
	linkPPPHDLC     = 50
	linkRaw         = 101
	linkCHDLC       = 104
	linkLinuxSLL    = 113
	linkJuniperEth  = 178
	linkLinuxSLL2   = 276
	etherTypeIPv4   = 0x0800
	etherTypeIPv6   = 0x86dd
	etherTypeVLAN   = 0x8100
	etherTypeQinQ   = 0x88a8
	etherTypeQinQ91 = 0x9100
)

// ipPayload strips the link-layer header and returns the IP packet, or nil
// for frames that do not carry IP.
func ipPayload(p packet) []byte {
	d := p.data
	var et uint16
	switch p.link {
	case linkRaw, linkRawOld, linkRawOld2:
		return d
	case linkNull: // 4-octet address family in host order
		if len(d) < 4 {
			return nil
		}
		return d[4:]
	case linkEthernet:
		return etherPayload(d)
	case linkJuniperEth:
		// "MGC" magic, a flags octet, and with flag 0x80 a 2-octet length
		// of extension TLVs; then the Ethernet frame.
		if len(d) < 4 || d[0] != 'M' || d[1] != 'G' || d[2] != 'C' {
			return nil
		}
		flags := d[3]
		d = d[4:]
		if flags&0x80 != 0 {
			if len(d) < 2 || len(d) < 2+int(binary.BigEndian.Uint16(d)) {
				return nil
			}
			d = d[2+int(binary.BigEndian.Uint16(d)):]
		}
		return etherPayload(d)
	case linkLinuxSLL: // 16 octets, protocol type last
		if len(d) < 16 {
			return nil
		}
		et, d = binary.BigEndian.Uint16(d[14:]), d[16:]
	case linkLinuxSLL2: // 20 octets, protocol type first
		if len(d) < 20 {
			return nil
		}
		et, d = binary.BigEndian.Uint16(d), d[20:]
	case linkPPP, linkPPPHDLC, linkCHDLC:
		// Optional address/control octets (ff 03, or the Cisco HDLC
		// address and control), then a 2-octet protocol.
		if len(d) >= 2 && (d[0] == 0xff && d[1] == 0x03 || d[0] == 0x0f || d[0] == 0x8f) {
			d = d[2:]
		}
		if len(d) < 2 {
			return nil
		}
		switch binary.BigEndian.Uint16(d) {
		case 0x0021, etherTypeIPv4:
			et = etherTypeIPv4
		case 0x0057, etherTypeIPv6:
			et = etherTypeIPv6
		}
		d = d[2:]
	default:
		return nil
	}
	if et != etherTypeIPv4 && et != etherTypeIPv6 {
		return nil
	}
	return d
}

func etherPayload(d []byte) []byte {
	if len(d) < 14 {
		return nil
	}
	et, d := binary.BigEndian.Uint16(d[12:]), d[14:]
	for et == etherTypeVLAN || et == etherTypeQinQ || et == etherTypeQinQ91 {
		if len(d) < 4 {
			return nil
		}
		et, d = binary.BigEndian.Uint16(d[2:]), d[4:]
	}
	if et != etherTypeIPv4 && et != etherTypeIPv6 {
		return nil
	}
	return d
}

// segment is the part of a TCP segment the reassembler needs.
type segment struct {
	src, dst netip.AddrPort
	seq      uint32
	syn, fin bool
	data     []byte
}

// tcpSegment parses an IPv4 or IPv6 packet carrying TCP. It trims
// link-layer padding with the IP length fields.
func tcpSegment(ip []byte) (segment, bool) {
	var s segment
	if len(ip) < 1 {
		return s, false
	}
	var src, dst netip.Addr
	switch ip[0] >> 4 {
	case 4:
		if len(ip) < 20 {
			return s, false
		}
		hl, tl := int(ip[0]&0x0f)*4, int(binary.BigEndian.Uint16(ip[2:]))
		if hl < 20 || tl < hl || ip[9] != 6 {
			return s, false
		}
		// Fragments are not reassembled: no copied capture holds real
		// ones, and the crafted tcpdump inputs have junk in the fragment
		// field that tshark and tcpdump ignore too, so it is ignored.
		if tl < len(ip) {
			ip = ip[:tl]
		}
		if len(ip) < hl {
			return s, false
		}
		src, dst = netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20]))
		ip = ip[hl:]
	case 6:
		if len(ip) < 40 {
			return s, false
		}
		pl, next := int(binary.BigEndian.Uint16(ip[4:])), ip[6]
		src, dst = netip.AddrFrom16([16]byte(ip[8:24])), netip.AddrFrom16([16]byte(ip[24:40]))
		ip = ip[40:]
		if pl < len(ip) {
			ip = ip[:pl]
		}
		// Hop-by-hop, routing and destination options headers.
		for next == 0 || next == 43 || next == 60 {
			if len(ip) < 8 {
				return s, false
			}
			n := 8 + int(ip[1])*8
			if len(ip) < n {
				return s, false
			}
			next, ip = ip[0], ip[n:]
		}
		if next != 6 {
			return s, false
		}
	default:
		return s, false
	}
	if len(ip) < 20 {
		return s, false
	}
	off := int(ip[12]>>4) * 4
	if off < 20 || off > len(ip) {
		return s, false
	}
	s.src = netip.AddrPortFrom(src, binary.BigEndian.Uint16(ip[0:]))
	s.dst = netip.AddrPortFrom(dst, binary.BigEndian.Uint16(ip[2:]))
	s.seq = binary.BigEndian.Uint32(ip[4:])
	s.syn, s.fin = ip[13]&0x02 != 0, ip[13]&0x01 != 0
	s.data = ip[off:]
	return s, true
}
