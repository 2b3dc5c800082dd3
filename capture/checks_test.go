package capture

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Records and blocks the readers refuse: each ends the file with an error,
// keeping the packets before it.
func TestRecordChecks(t *testing.T) {
	le := binary.LittleEndian
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	frame := v.c2s(1, fPSH|fACK, "abc")
	good := pcapEther(frame)
	record := func(caplen, origlen uint32) []byte { // a record header and caplen octets
		b := le.AppendUint32(nil, 1)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, caplen)
		b = le.AppendUint32(b, origlen)
		return append(b, make([]byte, min(caplen, 64))...)
	}
	shb := func(major, minor uint16, opts ...[]byte) []byte {
		body := le.AppendUint32(nil, ngByteOrderMagic)
		body = le.AppendUint16(body, major)
		body = le.AppendUint16(body, minor)
		body = le.AppendUint64(body, ^uint64(0))
		for _, o := range opts {
			body = append(body, o...)
		}
		return ngBlock(le, ngSectionHeader, body)
	}
	ng := append(ngSHB(le), ngIDB(le, linkEthernet, 65535)...)
	ng = append(ng, ngEPB(le, 0, frameTime(0), frame)...)
	endWithValue := ngOption(le, ngOptEnd, []byte{0, 0, 0, 0})
	for _, tc := range []struct {
		name, err string
		file      []byte
	}{
		{"caplen over origlen", "packet 2", append(good, record(10, 9)...)},
		{"caplen over maxSnaplen", "packet 2", append(good, record(maxSnaplen+1, maxSnaplen+1)...)},
		{"pcapng version", "version 2.0", append(ng, shb(2, 0)...)},
		{"pcapng opt_endofopt with a value", "opt_endofopt", append(ng, shb(1, 0, endWithValue)...)},
	} {
		streams, _, err := Read(bytes.NewReader(tc.file), Options{}, nil)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
		if len(streams) != 1 || string(streams[0].Data) != "abc" {
			t.Errorf("%s: the packet before is lost: %q", tc.name, summaries(streams))
		}
	}
	if _, _, err := Read(bytes.NewReader(shb(1, 2)), Options{}, nil); err == nil || !strings.Contains(err.Error(), "version 1.2") {
		t.Errorf("first section of version 1.2: %v", err)
	}
}

// Timestamps of every pcapng resolution and offset, the obsolete Packet
// Block and the Simple Packet Block (no timestamp, cut to the snapshot
// length).
func TestPcapngPackets(t *testing.T) {
	be := binary.BigEndian
	conv := func(port int) conv { return newConv("192.0.2.1:"+strconv.Itoa(port), "192.0.2.2:179") }
	f1, f2, f3 := conv(1).c2s(1, fPSH|fACK, "abc"), conv(2).c2s(1, fPSH|fACK, "def"), conv(3).c2s(1, fPSH|fACK, "ghi")
	epb := func(iface uint32, ts uint64, data []byte) []byte {
		body := be.AppendUint32(nil, iface)
		body = be.AppendUint32(body, uint32(ts>>32))
		body = be.AppendUint32(body, uint32(ts))
		body = be.AppendUint32(body, uint32(len(data)))
		body = be.AppendUint32(body, uint32(len(data)))
		return ngBlock(be, ngEnhancedPacket, append(body, data...))
	}
	obsolete := func(iface uint16, ts uint64, data []byte) []byte { // interface, drops, then as an EPB
		b := epb(0, ts, data)
		be.PutUint32(b[0:], ngPacketObsolete)
		be.PutUint16(b[8:], iface)
		return b
	}
	spb := append(be.AppendUint32(nil, uint32(len(f3)+5)), f3...) // original length longer than the snapshot
	base := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	sec := uint64(base.Unix())
	file := bytes.Join([][]byte{
		ngSHB(be),
		ngIDB(be, linkEthernet, uint32(len(f3))), // µs, and the snapshot length that cuts the SPB
		ngIDB(be, linkEthernet, 0, ngOption(be, ngOptIfTsResol, []byte{0x80 | 10}), // 2^-10 s
			ngOption(be, ngOptIfTsOffset, be.AppendUint64(nil, 1000))), // plus 1000 s
		epb(0, sec*1e6+250000, f1),
		obsolete(1, (sec-1000)<<10|512, f2),
		ngBlock(be, ngSimplePacket, spb),
	}, nil)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 192.0.2.1:1 -> 192.0.2.2:179 "abc" packets 1 frames 1-1`,
		`conn 1 192.0.2.1:2 -> 192.0.2.2:179 "def" packets 1 frames 2-2`,
		`conn 2 192.0.2.1:3 -> 192.0.2.2:179 "ghi" packets 1 frames 3-3`,
	)
	if len(streams) != 3 {
		return
	}
	for i, want := range []time.Time{base.Add(250 * time.Millisecond), base.Add(500 * time.Millisecond), {}} {
		if got := streams[i].First; !got.Equal(want) {
			t.Errorf("packet %d: time %v, want %v", i+1, got, want)
		}
	}
}

// Headers the decoder refuses, and what it reads past.
func TestHeaderChecks(t *testing.T) {
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	src6, dst6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	tcp := tcpSegment(40000, 179, 1, 0, fPSH|fACK, []byte("x"))
	withIPOptions := func(opts ...byte) []byte { // IPv4 with options (IHL grown to fit)
		b := ipv4Packet(src, dst, 6, 0, tcp)
		b = append(b[:20:20], append(opts, b[20:]...)...)
		b[0] = 4<<4 | byte(20+len(opts))/4
		binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
		return b
	}
	withTCPOptions := func(opts ...byte) []byte {
		b := append(append([]byte{}, tcp[:20]...), opts...)
		b[12] = byte(20+len(opts)) / 4 << 4
		return ipv4Packet(src, dst, 6, 0, append(b, 'x'))
	}
	jumbo := func(n uint32) []byte { // hop-by-hop with the jumbo payload option, payload length 0
		hbh := []byte{6, 0, ip6Jumbo, 4, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
		b := ipv6Packet(src6, dst6, 0, append(hbh, tcp...))
		b[4], b[5] = 0, 0
		return b
	}
	shortIHL := ipv4Packet(src, dst, 6, 0, tcp)
	shortIHL[0] = 4<<4 | 4
	shortTotal := ipv4Packet(src, dst, 6, 0, tcp)
	binary.BigEndian.PutUint16(shortTotal[2:], 19)
	longIHL := withIPOptions(bytes.Repeat([]byte{1}, 40)...) // header longer than the total length
	binary.BigEndian.PutUint16(longIHL[2:], 56)
	v4as6 := ipv4Packet(src, dst, 6, 0x4000, tcp) // read as IPv6: length 1, next header 64
	v4as6[4], v4as6[5] = 0, 1
	cutIHL := ipv4Packet(src, dst, 6, 0, tcp)[:30] // header longer than what was captured
	cutIHL[0] = 4<<4 | 8
	shortOffset := append([]byte{}, tcp...)
	shortOffset[12] = 4 << 4
	noLength := ipv6Packet(src6, dst6, 6, tcp)
	noLength[4], noLength[5] = 0, 0
	for _, tc := range []struct {
		name string
		link uint32
		pkt  []byte
		want Stats
	}{
		{"IPv4 options", linkRaw, withIPOptions(1, 7, 3, 0), Stats{TCP: 1}},
		{"IPv4 option too short", linkRaw, withIPOptions(7, 2, 0, 0), Stats{Malformed: 1}},
		{"IPv4 option overruns", linkRaw, withIPOptions(1, 7, 4, 0), Stats{Malformed: 1}},
		{"IPv4 option cut", linkRaw, withIPOptions(1, 1, 1, 7), Stats{Malformed: 1}},
		{"IPv4 IHL 4", linkRaw, shortIHL, Stats{Malformed: 1}},
		{"IPv4 IHL over total length", linkRaw, longIHL, Stats{Malformed: 1}},
		{"IPv4 IHL over captured", linkRaw, cutIHL, Stats{Malformed: 1}},
		{"IPv4 type, IPv6 packet", linkIPv4, ipv6Packet(src6, dst6, 6, tcp), Stats{Malformed: 1}},
		{"IPv6 type, IPv4 packet", linkIPv6, v4as6, Stats{Malformed: 1}},
		{"IPv6 cut", linkIPv6, ipv6Packet(src6, dst6, 6, tcp)[:39], Stats{Malformed: 1}},
		{"IPv4 total length 19", linkRaw, shortTotal, Stats{Malformed: 1}},
		{"TCP options", linkRaw, withTCPOptions(2, 4, 5, 0xb4, 1, 0, 0, 0), Stats{TCP: 1}},
		{"TCP option length 1", linkRaw, withTCPOptions(1, 8, 1, 0), Stats{Malformed: 1}},
		{"TCP option cut", linkRaw, withTCPOptions(1, 1, 1, 8), Stats{Malformed: 1}},
		{"TCP data offset 4", linkRaw, ipv4Packet(src, dst, 6, 0, shortOffset), Stats{Malformed: 1}},
		{"TCP option overruns", linkRaw, withTCPOptions(8, 10, 0, 0), Stats{Malformed: 1}},
		{"IPv6 jumbogram", linkRaw, jumbo(70000), Stats{TCP: 1}},
		{"IPv6 jumbo option too small", linkRaw, jumbo(1000), Stats{Malformed: 1}},
		{"IPv6 payload length 0", linkRaw, noLength, Stats{Malformed: 1}},
		{"loopback ARP-like family", linkNull, append([]byte{99, 0, 0, 0}, tcp...), Stats{NotTCP: 1}},
		{"loopback garbage", linkNull, append([]byte{1, 2, 3, 4}, tcp...), Stats{Malformed: 1}},
		{"802.1Q cut", linkEthernet, ethernetFrame(0x8100, []byte{0, 1}), Stats{Malformed: 1}},
		{"Ethernet cut", linkEthernet, make([]byte, 13), Stats{Malformed: 1}},
		{"SLL cut", linkLinuxSLL, make([]byte, 15), Stats{Malformed: 1}},
		{"SLL2 cut", linkLinuxSLL2, make([]byte, 19), Stats{Malformed: 1}},
		{"Cisco HDLC cut", linkCHDLC, []byte{0x0f, 0, 8}, Stats{Malformed: 1}},
	} {
		_, stats := readAll(t, pcapFile(binary.LittleEndian, false, tc.link, tc.pkt), Options{}, nil)
		tc.want.Packets = 1
		if stats != tc.want {
			t.Errorf("%s: stats %+v, want %+v", tc.name, stats, tc.want)
		}
	}
}
