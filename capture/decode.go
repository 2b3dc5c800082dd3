package capture

import (
	"encoding/binary"
	"net/netip"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// Link-layer header types, the LINKTYPE_ values of the tcpdump.org registry
// (https://www.tcpdump.org/linktypes.html). They are kept as uint16 because
// gopacket v1.1.19's layers.LinkType is a uint8 and cannot hold 276.
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

// decoder turns frames into TCP segments. Its layer values are reused from
// frame to frame, so a decoded segment is valid until the next decode.
type decoder struct {
	eth   layers.Ethernet
	dot1q layers.Dot1Q
	sll   layers.LinuxSLL
	lo    layers.Loopback
	ip4   layers.IPv4
	ip6   layers.IPv6
	tcp   layers.TCP
	// tcpRaw is the TCP header and payload d.tcp was decoded from.
	tcpRaw []byte
}

// decode reads one frame of the given link type down to TCP.
func (d *decoder) decode(link uint16, b []byte) (src, dst netip.Addr, out outcome) {
	var (
		ether uint16 // Ethernet type of what follows, or 0 for "IP, version nibble"
		ok    bool
	)
	switch link {
	case linkEthernet:
		ether, b, ok = d.ethernet(b)
	case linkLinuxSLL:
		if len(b) < 16 {
			return src, dst, outMalformed
		}
		// gopacket slices the address field by its length field, which may
		// exceed the 8 octets the header holds: read the type directly then.
		if binary.BigEndian.Uint16(b[4:6]) <= 8 {
			if d.sll.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil {
				return src, dst, outMalformed
			}
			ether, b, ok = uint16(d.sll.EthernetType), d.sll.Payload, true
		} else {
			ether, b, ok = binary.BigEndian.Uint16(b[14:16]), b[16:], true
		}
	case linkLinuxSLL2:
		// Protocol type (2), reserved (2), interface index (4), ARPHRD type
		// (2), packet type (1), address length (1), address (8).
		if len(b) < 20 {
			return src, dst, outMalformed
		}
		ether, b, ok = binary.BigEndian.Uint16(b[0:2]), b[20:], true
	case linkNull, linkLoop:
		if d.lo.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil {
			return src, dst, outMalformed
		}
		switch d.lo.Family {
		case layers.ProtocolFamilyIPv4:
			ether = etherIPv4
		case layers.ProtocolFamilyIPv6BSD, layers.ProtocolFamilyIPv6FreeBSD,
			layers.ProtocolFamilyIPv6Darwin, layers.ProtocolFamilyIPv6Linux:
			ether = etherIPv6
		default:
			return src, dst, outNotTCP
		}
		b, ok = d.lo.Payload, true
	case linkRaw:
		ok = true
	case linkIPv4:
		ether, ok = etherIPv4, true
	case linkIPv6:
		ether, ok = etherIPv6, true
	case linkPPP, linkPPPHDLC:
		ether, b, ok = pppPayload(b)
	case linkCHDLC:
		if len(b) < 4 {
			return src, dst, outMalformed
		}
		ether, b, ok = binary.BigEndian.Uint16(b[2:4]), b[4:], true
	case linkJuniperEther:
		var inner []byte
		if inner, ok = juniperPayload(b); !ok {
			return src, dst, outMalformed
		}
		ether, b, ok = d.ethernet(inner)
	default:
		return src, dst, outUnknownLink
	}
	if !ok {
		return src, dst, outMalformed
	}
	return d.network(ether, b)
}

// ethernet decodes an Ethernet II header and any 802.1Q/802.1ad tags.
func (d *decoder) ethernet(b []byte) (ether uint16, payload []byte, ok bool) {
	if d.eth.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil {
		return 0, nil, false
	}
	ether, b = uint16(d.eth.EthernetType), d.eth.Payload
	for range 8 { // tags stack; 8 is far more than any network uses
		if ether != etherVLAN && ether != etherQinQ && ether != etherQinQOld {
			break
		}
		if d.dot1q.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil {
			return 0, nil, false
		}
		ether, b = uint16(d.dot1q.Type), d.dot1q.Payload
	}
	return ether, b, true
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

// network decodes IPv4 or IPv6 (ether 0: by the version nibble), behind any
// MPLS labels, and then TCP.
func (d *decoder) network(ether uint16, b []byte) (src, dst netip.Addr, out outcome) {
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
		if d.ip4.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil || d.ip4.Version != 4 {
			return src, dst, outMalformed
		}
		if d.ip4.Flags&layers.IPv4MoreFragments != 0 || d.ip4.FragOffset != 0 {
			return src, dst, outFragment
		}
		if d.ip4.Protocol != layers.IPProtocolTCP {
			return src, dst, outNotTCP
		}
		src, dst = netip.AddrFrom4([4]byte(d.ip4.SrcIP)), netip.AddrFrom4([4]byte(d.ip4.DstIP))
		payload = d.ip4.Payload
	case etherIPv6:
		if d.ip6.DecodeFromBytes(b, gopacket.NilDecodeFeedback) != nil || d.ip6.Version != 6 {
			return src, dst, outMalformed
		}
		next, p := uint8(d.ip6.NextHeader), d.ip6.Payload
		if d.ip6.HopByHop != nil { // gopacket decodes (and skips) this one itself
			next = uint8(d.ip6.HopByHop.NextHeader)
		}
		if p, out = skipIPv6Extensions(next, p); out != outTCP {
			return src, dst, out
		}
		src, dst = netip.AddrFrom16([16]byte(d.ip6.SrcIP)), netip.AddrFrom16([16]byte(d.ip6.DstIP))
		payload = p
	default:
		return src, dst, outNotTCP
	}
	if d.tcp.DecodeFromBytes(payload, gopacket.NilDecodeFeedback) != nil {
		return src, dst, outMalformed
	}
	d.tcpRaw = payload
	return src, dst, outTCP
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
