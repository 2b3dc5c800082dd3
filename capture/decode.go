package capture

import (
	"encoding/binary"
	"net/netip"
)

// Link-layer header types, the LINKTYPE_ values of the tcpdump.org registry
// (https://www.tcpdump.org/linktypes.html).
const (
	linkNull         = 0   // BSD loopback: 4-octet address family, host byte order
	linkEthernet     = 1   // IEEE 802.3 Ethernet
	linkPPP          = 9   // PPP, RFC 1661 §2 framing, maybe behind the RFC 1662 0xFF 0x03
	linkPPPHDLC      = 50  // PPP in HDLC-like framing, RFC 1662
	linkRaw          = 101 // raw IPv4 or IPv6, told apart by the version nibble
	linkCHDLC        = 104 // Cisco HDLC: address, control, 2-octet Ethernet type
	linkLoop         = 108 // OpenBSD loopback: address family, network byte order
	linkLinuxSLL     = 113 // Linux cooked capture v1: 16-octet header
	linkJuniperEther = 178 // Juniper: "MGC" magic, flags, optional extensions, Ethernet
	linkIPv4         = 228 // raw IPv4
	linkIPv6         = 229 // raw IPv6
	linkLinuxSLL2    = 276 // Linux cooked capture v2: 20-octet header
)

// Ethernet types (IEEE registry) the decoder follows.
const (
	etherIPv4     = 0x0800
	etherIPv6     = 0x86dd
	etherVLAN     = 0x8100 // IEEE 802.1Q
	etherQinQ     = 0x88a8 // IEEE 802.1ad
	etherQinQOld  = 0x9100 // pre-standard double tagging
	etherMPLS     = 0x8847 // RFC 3032
	etherMPLSMcst = 0x8848
)

// IPv6 extension headers walked to reach TCP (RFC 8200 §4, RFC 4302 §2).
const (
	ip6HopByHop = 0
	ip6Routing  = 43
	ip6Fragment = 44
	ip6AH       = 51
	ip6DestOpts = 60
	ipTCP       = 6
)

// outcome says what became of one captured frame.
type outcome uint8

const (
	outTCP         outcome = iota // a TCP segment: d.tcp, src and dst are set
	outNotTCP                     // not IP, or IP not carrying TCP
	outFragment                   // an IP fragment (not reassembled)
	outMalformed                  // a header did not decode
	outUnknownLink                // a link-layer type this package does not read
)

// segment is a decoded TCP segment (RFC 9293 §3.1). Its slices alias the
// frame it was decoded from.
type segment struct {
	srcPort, dstPort   uint16
	seq                uint32
	syn, ack, fin, rst bool
	payload            []byte
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

// TCPPayload returns the TCP payload of one packet given alone (pasted as
// hex, say): an Ethernet frame (802.1Q/802.1ad tags, MPLS) or an IP packet,
// its headers read as Streams reads them. ok is false when it is neither,
// or does not carry TCP. The payload aliases frame and ends where the IP
// header says the packet does (not at a frame's padding).
func TCPPayload(frame []byte) (payload []byte, ok bool) {
	var d frameDecoder
	for _, link := range [...]uint16{linkEthernet, linkRaw} {
		if _, _, out := d.decode(link, frame); out == outTCP {
			return d.tcp.payload, true
		}
	}
	return nil, false
}

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
		ether, b, ok = linkHeader(b, 14, sllHeaderLen)
	case linkLinuxSLL2:
		// protocol (2), reserved (2), interface index (4), ARPHRD type (2),
		// packet type (1), address length (1), address (8)
		ether, b, ok = linkHeader(b, 0, sll2HeaderLen)
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
		// address, control, protocol
		ether, b, ok = linkHeader(b, 2, chdlcHeaderLen)
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

// linkHeader reads a header of n octets with the Ethernet type of what
// follows at typeAt; ok is false when b is shorter.
func linkHeader(b []byte, typeAt, n int) (ether uint16, payload []byte, ok bool) {
	if len(b) < n {
		return 0, nil, false
	}
	return binary.BigEndian.Uint16(b[typeAt : typeAt+2]), b[n:], true
}

// etherPayload reads an Ethernet header and any 802.1Q/802.1ad tags. An
// 802.3 frame (a length where the type belongs) carries LLC, not IP: its
// type is reported as 1, which network does not read.
func etherPayload(b []byte) (ether uint16, payload []byte, ok bool) {
	ether, b, ok = linkHeader(b, 12, ethHeaderLen)
	for range 8 { // tags stack; 8 is far more than any network uses
		if !ok || ether != etherVLAN && ether != etherQinQ && ether != etherQinQOld {
			break
		}
		// priority, DEI and VLAN identifier (2), type (2)
		ether, b, ok = linkHeader(b, 2, 4)
	}
	if !ok {
		return 0, nil, false
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
	}
	return true
}

// pppPayload strips PPP framing (RFC 1662 §3.1 address and control octets
// when present, RFC 1661 §2 protocol field, one octet when compressed) and
// maps the protocol to an Ethernet type.
func pppPayload(b []byte) (ether uint16, payload []byte, ok bool) {
	if len(b) >= 2 && b[0] == 0xff && b[1] == 0x03 {
		b = b[2:]
	}
	if len(b) < 1 {
		return 0, nil, false
	}
	var proto uint16
	if b[0]&1 == 1 { // protocol field compressed to one octet
		proto, b = uint16(b[0]), b[1:]
	} else {
		if len(b) < 2 {
			return 0, nil, false
		}
		proto, b = binary.BigEndian.Uint16(b), b[2:]
	}
	switch proto {
	case 0x0021:
		return etherIPv4, b, true
	case 0x0057:
		return etherIPv6, b, true
	}
	return 1, b, true // not IP: network() reports outNotTCP
}

// juniperPayload strips the Juniper capture header as it appears in the
// test captures: "MGC", a flags octet, and when the flags' top bit is set a
// 2-octet length of extension TLVs that follow. Bit 0x02 set means no
// layer-2 header follows; such frames are not read.
func juniperPayload(b []byte) ([]byte, bool) {
	if len(b) < 4 || b[0] != 'M' || b[1] != 'G' || b[2] != 'C' {
		return nil, false
	}
	flags := b[3]
	b = b[4:]
	if flags&0x02 != 0 {
		return nil, false
	}
	if flags&0x80 != 0 {
		if len(b) < 2 {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, false
		}
		b = b[2+n:]
	}
	return b, true
}

// skipIPv6Extensions walks IPv6 extension headers (RFC 8200 §4.3-4.6,
// RFC 4302 §2.2) up to TCP. A fragment other than an atomic one (offset 0,
// no M flag) is reported as such.
func skipIPv6Extensions(next uint8, b []byte) ([]byte, outcome) {
	for range 16 {
		switch next {
		case ipTCP:
			return b, outTCP
		case ip6HopByHop, ip6Routing, ip6DestOpts, ip6AH:
			if len(b) < 2 {
				return nil, outMalformed
			}
			n := (int(b[1]) + 1) * 8 // in 8-octet units, not counting the first
			if next == ip6AH {
				n = (int(b[1]) + 2) * 4 // in 4-octet units, minus 2
			}
			if len(b) < n {
				return nil, outMalformed
			}
			next, b = b[0], b[n:]
		case ip6Fragment:
			if len(b) < 8 {
				return nil, outMalformed
			}
			if binary.BigEndian.Uint16(b[2:4])&0xfff9 != 0 { // offset or M flag
				return nil, outFragment
			}
			next, b = b[0], b[8:]
		default:
			return nil, outNotTCP
		}
	}
	return nil, outMalformed
}
