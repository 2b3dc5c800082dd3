package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"
)

// Hand-built packets and capture files for the tests. Layouts: IPv4 RFC 791
// §3.1, IPv6 RFC 8200 §3, TCP RFC 9293 §3.1, Ethernet II, classic pcap and
// pcapng (draft-ietf-opsawg-pcapng / the tcpdump.org file format pages).

// TCP flags (RFC 9293 §3.1).
const (
	fFIN = 0x01
	fSYN = 0x02
	fRST = 0x04
	fPSH = 0x08
	fACK = 0x10
)

// tcpSegment is a 20-octet TCP header (data offset 5) and payload.
func tcpSegment(sport, dport uint16, seq, ack uint32, flags byte, payload []byte) []byte {
	b := make([]byte, 20, 20+len(payload))
	binary.BigEndian.PutUint16(b[0:], sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint32(b[4:], seq)
	binary.BigEndian.PutUint32(b[8:], ack)
	b[12] = 5 << 4
	b[13] = flags
	binary.BigEndian.PutUint16(b[14:], 65535) // window
	return append(b, payload...)
}

// ipv4Packet is a 20-octet IPv4 header (no options, checksum left 0) and
// payload; flagsFrag is the flags and fragment offset field.
func ipv4Packet(src, dst netip.Addr, proto byte, flagsFrag uint16, payload []byte) []byte {
	b := make([]byte, 20, 20+len(payload))
	b[0] = 4<<4 | 5
	binary.BigEndian.PutUint16(b[2:], uint16(20+len(payload)))
	binary.BigEndian.PutUint16(b[6:], flagsFrag)
	b[8] = 64
	b[9] = proto
	s, d := src.As4(), dst.As4()
	copy(b[12:], s[:])
	copy(b[16:], d[:])
	return append(b, payload...)
}

// ipv6Packet is a 40-octet IPv6 header and payload (which may start with
// extension headers: next names the first).
func ipv6Packet(src, dst netip.Addr, next byte, payload []byte) []byte {
	b := make([]byte, 40, 40+len(payload))
	b[0] = 6 << 4
	binary.BigEndian.PutUint16(b[4:], uint16(len(payload)))
	b[6] = next
	b[7] = 64
	s, d := src.As16(), dst.As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	return append(b, payload...)
}

// ethernetFrame is an Ethernet II header of the given type and payload.
func ethernetFrame(etherType uint16, payload []byte) []byte {
	b := []byte{0, 0, 0x5e, 0, 0, 1, 0, 0, 0x5e, 0, 0, 2, 0, 0}
	binary.BigEndian.PutUint16(b[12:], etherType)
	return append(b, payload...)
}

// ipPacket is IPv4 or IPv6 by the addresses' family, carrying TCP.
func ipPacket(src, dst netip.Addr, tcp []byte) []byte {
	if src.Is4() {
		return ipv4Packet(src, dst, 6, 0, tcp)
	}
	return ipv6Packet(src, dst, 6, tcp)
}

// conv builds the Ethernet frames of one TCP connection.
type conv struct{ client, server netip.AddrPort }

func newConv(client, server string) conv {
	return conv{netip.MustParseAddrPort(client), netip.MustParseAddrPort(server)}
}

// c2s is a frame from the client.
func (v conv) c2s(seq uint32, flags byte, payload string) []byte {
	return v.frame(v.client, v.server, seq, flags, payload)
}

// s2c is a frame from the server.
func (v conv) s2c(seq uint32, flags byte, payload string) []byte {
	return v.frame(v.server, v.client, seq, flags, payload)
}

func (v conv) frame(from, to netip.AddrPort, seq uint32, flags byte, payload string) []byte {
	tcp := tcpSegment(from.Port(), to.Port(), seq, 0, flags, []byte(payload))
	ether := uint16(0x0800)
	if from.Addr().Is6() {
		ether = 0x86dd
	}
	return ethernetFrame(ether, ipPacket(from.Addr(), to.Addr(), tcp))
}

// testEpoch is the timestamp of frame i is testEpoch + i ms.
var testEpoch = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func frameTime(i int) time.Time { return testEpoch.Add(time.Duration(i) * time.Millisecond) }

// pcapFile is a classic pcap file: global header (magic, version 2.4,
// zone, sigfigs, snaplen, link type), then per record seconds,
// sub-seconds, captured and original length. Frame i gets frameTime(i).
func pcapFile(bo byteOrder, nanos bool, link uint32, frames ...[]byte) []byte {
	magic := uint32(0xa1b2c3d4)
	if nanos {
		magic = 0xa1b23c4d
	}
	b := bo.AppendUint32(nil, magic)
	b = bo.AppendUint16(b, 2)
	b = bo.AppendUint16(b, 4)
	b = bo.AppendUint32(b, 0)
	b = bo.AppendUint32(b, 0)
	b = bo.AppendUint32(b, 65535)
	b = bo.AppendUint32(b, link)
	for i, f := range frames {
		ts := frameTime(i)
		sub := uint32(ts.Nanosecond() / 1000)
		if nanos {
			sub = uint32(ts.Nanosecond())
		}
		b = bo.AppendUint32(b, uint32(ts.Unix()))
		b = bo.AppendUint32(b, sub)
		b = bo.AppendUint32(b, uint32(len(f)))
		b = bo.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// pcapEther is a little-endian microsecond pcap of Ethernet frames.
func pcapEther(frames ...[]byte) []byte {
	return pcapFile(binary.LittleEndian, false, linkEthernet, frames...)
}

// ngBlock is a pcapng block: type, total length, body padded to 32 bits,
// total length again.
func ngBlock(bo byteOrder, typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	b := bo.AppendUint32(nil, typ)
	b = bo.AppendUint32(b, n)
	b = append(b, body...)
	return bo.AppendUint32(b, n)
}

// ngOption is one option: code, length, value padded to 32 bits.
func ngOption(bo byteOrder, code uint16, v []byte) []byte {
	b := bo.AppendUint16(nil, code)
	b = bo.AppendUint16(b, uint16(len(v)))
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// ngSHB is a Section Header Block: byte-order magic, version 1.0, section
// length -1 (unknown).
func ngSHB(bo byteOrder) []byte {
	body := bo.AppendUint32(nil, ngByteOrderMagic)
	body = bo.AppendUint16(body, 1)
	body = bo.AppendUint16(body, 0)
	body = bo.AppendUint64(body, ^uint64(0))
	return ngBlock(bo, ngSectionHeader, body)
}

// ngIDB is an Interface Description Block: link type, reserved, snaplen,
// options.
func ngIDB(bo byteOrder, link uint16, snaplen uint32, opts ...[]byte) []byte {
	body := bo.AppendUint16(nil, link)
	body = bo.AppendUint16(body, 0)
	body = bo.AppendUint32(body, snaplen)
	for _, o := range opts {
		body = append(body, o...)
	}
	return ngBlock(bo, ngInterface, body)
}

// ngEPB is an Enhanced Packet Block with a microsecond timestamp (the
// default if_tsresol): interface, timestamp high and low, captured and
// original length, data.
func ngEPB(bo byteOrder, iface uint32, ts time.Time, data []byte) []byte {
	us := uint64(ts.UnixMicro())
	body := bo.AppendUint32(nil, iface)
	body = bo.AppendUint32(body, uint32(us>>32))
	body = bo.AppendUint32(body, uint32(us))
	body = bo.AppendUint32(body, uint32(len(data)))
	body = bo.AppendUint32(body, uint32(len(data)))
	body = append(body, data...)
	return ngBlock(bo, ngEnhancedPacket, body)
}

// pcapngFile is one section, one interface of the link type, and an EPB
// per frame.
func pcapngFile(bo byteOrder, link uint16, frames ...[]byte) []byte {
	b := append(ngSHB(bo), ngIDB(bo, link, 262144)...)
	for i, f := range frames {
		b = append(b, ngEPB(bo, 0, frameTime(i), f)...)
	}
	return b
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reassembles a capture held in memory, failing the test on error.
func readAll(t *testing.T, file []byte, opts Options, filter func(Flow) bool) ([]Stream, Stats) {
	t.Helper()
	streams, stats, err := Read(bytes.NewReader(file), opts, filter)
	if err != nil {
		t.Fatal(err)
	}
	return streams, stats
}

func mustAP(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

// byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}
