package explain

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"time"
)

// OpenBMP's collector publishes each BMP message it receives to Kafka
// (topic openbmp.bmp_raw) behind a binary header of its own, which
// consumers print with the message: "OBMP", version 1.7, the header's
// length, the BMP message's length, flags (0x80 a router message, 0x40 the
// router's address is IPv6), the object type (12, raw BMP), the
// collector's time, hash and admin ID, the router's hash, address and
// group, and a row count. The BMP message follows the header.
const (
	obmpMagic      = "OBMP"
	obmpObjectBMP  = 12
	obmpFixedOctet = 4 + 2 + 2 + 4 + 1 + 1 + 4 + 4 + 16 + 2 + 16 + 16 + 2 + 4
)

// obmpHeaderLen is the length of the OpenBMP header that starts b, when b
// starts with one whose lengths fit: its header length, then exactly its
// message length of octets.
func obmpHeaderLen(b []byte) (int, bool) {
	if len(b) < obmpFixedOctet || string(b[:4]) != obmpMagic || b[4] != 1 {
		return 0, false
	}
	hl := int(binary.BigEndian.Uint16(b[6:]))
	ml := int(binary.BigEndian.Uint32(b[8:]))
	return hl, hl >= obmpFixedOctet && hl+ml == len(b)
}

// obmpBMP explains an OpenBMP raw_bmp message: the header field by
// field, then the BMP message after it as BMP does.
func obmpBMP(in []byte, opt Options) *Explanation {
	hl, _ := obmpHeaderLen(in)
	x := BMP(in[hl:], opt)
	for _, n := range x.Messages {
		shiftNodes(n, hl)
	}
	for i := range x.Errors {
		x.Errors[i].Offset += hl
	}
	x.Hex = hex.EncodeToString(in)
	x.Messages = append([]*Node{obmpHeader(in, hl)}, x.Messages...)
	return x
}

// obmpHeader is the tree of the OpenBMP header in[:hl].
func obmpHeader(in []byte, hl int) *Node {
	b := &builder{in: in}
	ref := "OpenBMP message bus API, raw_bmp header"
	u16 := func(o int) int { return int(binary.BigEndian.Uint16(in[o:])) }
	u32 := func(o int) int { return int(binary.BigEndian.Uint32(in[o:])) }
	n := b.node("openbmp_header", 0, hl, nil, "OpenBMP's collector header before the BMP message it published to Kafka; not part of BMP", ref)
	n.Label = "OpenBMP raw_bmp header"
	n.add(b.node("magic", 0, 4, obmpMagic, "OpenBMP's binary header", ref))
	n.add(b.node("major_version", 4, 1, int(in[4]), "", ref))
	n.add(b.node("minor_version", 5, 1, int(in[5]), "", ref))
	n.add(b.node("header_length", 6, 2, hl, "octets of this header", ref))
	n.add(b.node("message_length", 8, 4, u32(8), "octets of the BMP message after the header", ref))
	flags, v6 := in[12], in[12]&0x40 != 0
	fm := "a router message"
	if flags&0x80 == 0 {
		fm = "not a router message"
	}
	if v6 {
		fm += ", router address IPv6"
	} else {
		fm += ", router address IPv4"
	}
	n.add(b.node("flags", 12, 1, "0x"+hex.EncodeToString(in[12:13]), fm, ref))
	om := "raw BMP"
	if in[13] != obmpObjectBMP {
		om = "not raw BMP (12)"
	}
	n.add(b.node("object_type", 13, 1, int(in[13]), om, ref))
	sec, usec := u32(14), u32(18)
	n.add(b.node("collector_timestamp_seconds", 14, 4, sec, time.Unix(int64(sec), int64(usec)*1000).UTC().Format(time.RFC3339Nano), ref))
	n.add(b.node("collector_timestamp_microseconds", 18, 4, usec, "", ref))
	n.add(b.node("collector_hash", 22, 16, hex.EncodeToString(in[22:38]), "", ref))
	al := u16(38)
	off := 40
	n.add(b.node("collector_admin_id_length", 38, 2, al, "", ref))
	if off+al+38 > hl {
		n.Problem = "the admin ID's length runs past the header"
		return n
	}
	n.add(b.node("collector_admin_id", off, al, string(in[off:off+al]), "the collector's name", ref))
	off += al
	n.add(b.node("router_hash", off, 16, hex.EncodeToString(in[off:off+16]), "", ref))
	off += 16
	ip, _ := netip.AddrFromSlice(in[off : off+16])
	if !v6 {
		ip, _ = netip.AddrFromSlice(in[off : off+4])
	}
	n.add(b.node("router_ip", off, 16, ip.String(), "the BMP speaker the collector got the message from", ref))
	off += 16
	gl := u16(off)
	n.add(b.node("router_group_length", off, 2, gl, "", ref))
	off += 2
	if off+gl+4 > hl {
		n.Problem = "the router group's length runs past the header"
		return n
	}
	n.add(b.node("router_group", off, gl, string(in[off:off+gl]), "", ref))
	off += gl
	n.add(b.node("row_count", off, 4, u32(off), "messages after the header", ref))
	return n
}
