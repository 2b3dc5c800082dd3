package capture

import (
	"encoding/binary"
	"net/netip"
)

// segment is a decoded TCP segment (RFC 9293 §3.1). Its slices alias the
// frame it was decoded from.
type segment struct {
	srcPort, dstPort   uint16
	seq                uint32
	syn, ack, fin, rst bool
	payload            []byte
	raw                []byte // the TCP header and payload
}

// Loopback address families (the BSDs' AF_INET and their AF_INET6 values).
const (
	afInet         = 2
	afInet6Linux   = 10
	afInet6BSD     = 24
	afInet6FreeBSD = 28
	afInet6Darwin  = 30
)

const (
	ip6Jumbo       = 0xc2  // RFC 2675 jumbo payload option
	ip6MaxPayload  = 65535 // larger payloads need the jumbo option
	ip4HeaderLen   = 20
	ip6HeaderLen   = 40
	tcpHeaderLen   = 20
	ethHeaderLen   = 14
	etherMinType   = 0x0600 // smaller values are an 802.3 length, LLC follows
	sllHeaderLen   = 16
	sll2HeaderLen  = 20
	chdlcHeaderLen = 4
)

// frameDecoder turns frames into TCP segments; the segment is valid until
// the next decode.
type frameDecoder struct {
	tcp segment
}

// decode reads one frame of the given link type down to TCP.
func (d *frameDecoder) decode(link uint16, b []byte) (src, dst netip.Addr, out outcome) {
	var ether uint16 // Ethernet type of what follows, or 0 for "IP, version nibble"
	ok := true
	switch link {
	case linkEthernet:
		ether, b, ok = etherPayload(b)
	case linkLinuxSLL:
		// packet type, ARPHRD type, address length, 8 octets of address,
		// protocol
		if len(b) < sllHeaderLen {
			return src, dst, outMalformed
		}
		ether, b = binary.BigEndian.Uint16(b[14:16]), b[16:]
	case linkLinuxSLL2:
		// protocol (2), reserved (2), interface index (4), ARPHRD type (2),
		// packet type (1), address length (1), address (8)
		if len(b) < sll2HeaderLen {
			return src, dst, outMalformed
		}
		ether, b = binary.BigEndian.Uint16(b[0:2]), b[20:]
	case linkNull, linkLoop:
		if ether, b, ok = loopbackPayload(b); !ok {
			return src, dst, outMalformed
		}
		if ether == 0 {
			return src, dst, outNotTCP
		}
	case linkRaw:
	case linkIPv4:
		ether = etherIPv4
	case linkIPv6:
		ether = etherIPv6
	case linkPPP, linkPPPHDLC:
		ether, b, ok = pppPayload(b)
	case linkCHDLC:
		if len(b) < chdlcHeaderLen {
			return src, dst, outMalformed
		}
		ether, b = binary.BigEndian.Uint16(b[2:4]), b[4:]
	case linkJuniperEther:
		var inner []byte
		if inner, ok = juniperPayload(b); !ok {
			return src, dst, outMalformed
		}
		ether, b, ok = etherPayload(inner)
	default:
		return src, dst, outUnknownLink
	}
	if !ok {
		return src, dst, outMalformed
	}
	return d.network(ether, b)
}

// etherPayload reads an Ethernet header and any 802.1Q/802.1ad tags. An
// 802.3 frame (a length where the type belongs) carries LLC, not IP: its
// type is reported as 1, which network does not read.
func etherPayload(b []byte) (ether uint16, payload []byte, ok bool) {
	if len(b) < ethHeaderLen {
		return 0, nil, false
	}
	ether, b = binary.BigEndian.Uint16(b[12:14]), b[14:]
	for range 8 { // tags stack; 8 is far more than any network uses
		if ether != etherVLAN && ether != etherQinQ && ether != etherQinQOld {
			break
		}
		// priority, DEI and VLAN identifier (2), type (2)
		if len(b) < 4 {
			return 0, nil, false
		}
		ether, b = binary.BigEndian.Uint16(b[2:4]), b[4:]
	}
	if ether < etherMinType {
		ether = 1
	}
	return ether, b, true
}

// loopbackPayload reads the 4-octet address family of BSD loopback
// (host byte order) and OpenBSD loopback (network byte order), telling the
// two apart by which end the small value is at. ether is 0 for a family
// other than IP.
func loopbackPayload(b []byte) (ether uint16, payload []byte, ok bool) {
	if len(b) < 4 {
		return 0, nil, false
	}
	family := binary.LittleEndian.Uint32(b)
	if b[0] == 0 && b[1] == 0 {
		family = binary.BigEndian.Uint32(b)
	}
	switch family {
	case afInet:
		ether = etherIPv4
	case afInet6Linux, afInet6BSD, afInet6FreeBSD, afInet6Darwin:
		ether = etherIPv6
	default:
		if family > 0xff {
			return 0, nil, false // not a family: a damaged header
		}
	}
	return ether, b[4:], true
}

// network decodes IPv4 or IPv6 (ether 0: by the version nibble), behind any
// MPLS labels, and then TCP.
func (d *frameDecoder) network(ether uint16, b []byte) (src, dst netip.Addr, out outcome) {
	if ether == etherMPLS || ether == etherMPLSMcst {
		// RFC 3032 §2.1: 4-octet label stack entries until the S bit.
		for {
			if len(b) < 4 {
				return src, dst, outMalformed
			}
			bottom := b[2]&1 == 1
			b = b[4:]
			if bottom {
				break
			}
		}
		ether = 0
	}
	if ether == 0 {
		if len(b) < 1 {
			return src, dst, outMalformed
		}
		switch b[0] >> 4 {
		case 4:
			ether = etherIPv4
		case 6:
			ether = etherIPv6
		default:
			return src, dst, outNotTCP
		}
	}
	var payload []byte
	switch ether {
	case etherIPv4:
		payload, out = ipv4Payload(b)
		if out == outTCP {
			src, dst = netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20]))
		}
	case etherIPv6:
		payload, out = ipv6Payload(b)
		if out == outTCP {
			src, dst = netip.AddrFrom16([16]byte(b[8:24])), netip.AddrFrom16([16]byte(b[24:40]))
		}
	default:
		return src, dst, outNotTCP
	}
	if out != outTCP {
		return src, dst, out
	}
	if !d.tcp.decode(payload) {
		return src, dst, outMalformed
	}
	return src, dst, outTCP
}

// ipv4Payload checks an IPv4 header (RFC 791 §3.1) and returns what it
// carries when that is a whole TCP segment's worth.
func ipv4Payload(b []byte) ([]byte, outcome) {
	if len(b) < ip4HeaderLen || b[0]>>4 != 4 {
		return nil, outMalformed
	}
	ihl := int(b[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(b[2:4]))
	if total == 0 { // TCP segmentation offload leaves it 0
		total = len(b)
	}
	if total < ip4HeaderLen || ihl < ip4HeaderLen || ihl > total || ihl > len(b) {
		return nil, outMalformed
	}
	if !ipv4OptionsOK(b[ip4HeaderLen:ihl]) {
		return nil, outMalformed
	}
	if ff := binary.BigEndian.Uint16(b[6:8]); ff&0x2000 != 0 || ff&0x1fff != 0 { // MF or an offset
		return nil, outFragment
	}
	if b[9] != ipTCP {
		return nil, outNotTCP
	}
	return b[ihl:min(total, len(b))], outTCP // beyond total: link-layer padding
}

// ipv4OptionsOK checks that the options (RFC 791 §3.1: end of list, no
// operation, or type, length >= 3, data) tile the header.
func ipv4OptionsOK(opts []byte) bool {
	for len(opts) > 0 {
		switch opts[0] {
		case 0:
			return true
		case 1:
			opts = opts[1:]
		default:
			if len(opts) < 2 || int(opts[1]) > len(opts) || opts[1] <= 2 {
				return false
			}
			opts = opts[opts[1]:]
		}
	}
	return true
}

// ipv6Payload checks an IPv6 header (RFC 8200 §3), walks the extension
// headers and returns the TCP segment.
func ipv6Payload(b []byte) ([]byte, outcome) {
	if len(b) < ip6HeaderLen || b[0]>>4 != 6 {
		return nil, outMalformed
	}
	n, next, p := int(binary.BigEndian.Uint16(b[4:6])), b[6], b[ip6HeaderLen:]
	if n == 0 {
		// Only a jumbogram (RFC 2675) has no payload length; its length is
		// in the hop-by-hop options.
		jumbo, ok := ipv6Jumbo(next, p)
		if !ok {
			return nil, outMalformed
		}
		n = jumbo
	}
	p = p[:min(n, len(p))]
	return skipIPv6Extensions(next, p)
}

// ipv6Jumbo finds the jumbo payload length in a hop-by-hop header.
func ipv6Jumbo(next uint8, p []byte) (int, bool) {
	if next != ip6HopByHop || len(p) < 2 {
		return 0, false
	}
	end := min((int(p[1])+1)*8, len(p))
	for opts := p[2:end]; len(opts) > 0; {
		if opts[0] == 0 { // Pad1
			opts = opts[1:]
			continue
		}
		if len(opts) < 2 || len(opts) < 2+int(opts[1]) {
			return 0, false
		}
		if opts[0] == ip6Jumbo && opts[1] == 4 {
			n := binary.BigEndian.Uint32(opts[2:6])
			return int(n), n > ip6MaxPayload
		}
		opts = opts[2+int(opts[1]):]
	}
	return 0, false
}

// decode reads a TCP header (RFC 9293 §3.1) and checks that its options
// tile it.
func (s *segment) decode(b []byte) bool {
	if len(b) < tcpHeaderLen {
		return false
	}
	off := int(b[12]>>4) * 4
	if off < tcpHeaderLen || off > len(b) {
		return false
	}
	for opts := b[tcpHeaderLen:off]; len(opts) > 0; {
		if opts[0] == 0 { // end of option list
			break
		}
		n := 1 // no-operation
		if opts[0] != 1 {
			if len(opts) < 2 || opts[1] < 2 || int(opts[1]) > len(opts) {
				return false
			}
			n = int(opts[1])
		}
		opts = opts[n:]
	}
	flags := b[13]
	*s = segment{
		srcPort: binary.BigEndian.Uint16(b[0:2]),
		dstPort: binary.BigEndian.Uint16(b[2:4]),
		seq:     binary.BigEndian.Uint32(b[4:8]),
		fin:     flags&0x01 != 0,
		syn:     flags&0x02 != 0,
		rst:     flags&0x04 != 0,
		ack:     flags&0x10 != 0,
		payload: b[off:],
		raw:     b,
	}
	return true
}
