package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The same segments in every file format: same streams, same timestamps.
func TestFormats(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	frames := [][]byte{
		v.c2s(1000, fSYN, ""),
		v.c2s(1001, fPSH|fACK, "abc"),
		v.s2c(7, fPSH|fACK, "xyz"),
		v.c2s(1004, fPSH|fACK, "def"),
	}
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name   string
		file   []byte
		format Format
	}{
		{"pcap LE µs", pcapFile(le, false, linkEthernet, frames...), PCAP},
		{"pcap BE µs", pcapFile(be, false, linkEthernet, frames...), PCAP},
		{"pcap LE ns", pcapFile(le, true, linkEthernet, frames...), PCAP},
		{"pcap BE ns", pcapFile(be, true, linkEthernet, frames...), PCAP},
		{"pcapng LE", pcapngFile(le, linkEthernet, frames...), PCAPNG},
		{"pcapng BE", pcapngFile(be, linkEthernet, frames...), PCAPNG},
		{"pcap.gz", gzipBytes(t, pcapFile(le, false, linkEthernet, frames...)), PCAP},
		{"pcapng.gz", gzipBytes(t, pcapngFile(be, linkEthernet, frames...)), PCAPNG},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, stats := readAll(t, tc.file, Options{}, nil)
			checkStreams(t, streams,
				`conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "abcdef" syn packets 3 frames 1-4`,
				`conn 0 192.0.2.2:179 -> 192.0.2.1:40000 "xyz" packets 1 frames 3-3`,
			)
			if stats.Packets != 4 {
				t.Errorf("stats %+v", stats)
			}
			if len(streams) == 2 && (!streams[0].First.Equal(frameTime(0)) || !streams[0].Last.Equal(frameTime(3)) ||
				!streams[1].First.Equal(frameTime(2))) {
				t.Errorf("timestamps %v %v %v", streams[0].First, streams[0].Last, streams[1].First)
			}
			// Open finds the same through a file.
			path := filepath.Join(t.TempDir(), "x.bin")
			if err := os.WriteFile(path, tc.file, 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tc.format || f.Gzip != strings.HasSuffix(tc.name, ".gz") {
				t.Errorf("Open: %v gzip %v", f.Format, f.Gzip)
			}
			got, err := f.Streams(nil)
			if err != nil || len(got) != 2 || f.Stats() != stats {
				t.Errorf("Streams: %d streams, %v, stats %+v", len(got), err, f.Stats())
			}
		})
	}
}

// One segment behind every link layer the decoder reads.
func TestLinkTypes(t *testing.T) {
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	src6, dst6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	tcp := tcpSegment(40000, 179, 1, 0, fPSH|fACK, []byte("payload"))
	ip4 := ipv4Packet(src, dst, 6, 0, tcp)
	ip6 := ipv6Packet(src6, dst6, 6, tcp)
	vlan := func(next uint16, rest []byte) []byte { // 802.1Q TCI (VLAN 100), type
		return append([]byte{0, 100, byte(next >> 8), byte(next)}, rest...)
	}
	mpls := func(bottom bool, rest []byte) []byte { // label 16, TC 0, S, TTL 64
		s := byte(0)
		if bottom {
			s = 1
		}
		return append([]byte{0, 1, s, 64}, rest...)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	sll := func(addrLen uint16, proto uint16) []byte { // packet type, ARPHRD, address length, address, protocol
		return []byte{0, 0, 0, 1, byte(addrLen >> 8), byte(addrLen), 0, 0x5e, 0, 0, 0, 1, 0, 0, byte(proto >> 8), byte(proto)}
	}
	sll2 := func(proto uint16) []byte { // protocol, reserved, ifindex, ARPHRD, packet type, address length, address
		return []byte{byte(proto >> 8), byte(proto), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x5e, 0, 0, 0, 1, 0, 0}
	}
	for _, tc := range []struct {
		name  string
		link  uint32
		frame []byte
		v6    bool
	}{
		{"ethernet", linkEthernet, ethernetFrame(0x0800, ip4), false},
		{"ethernet IPv6", linkEthernet, ethernetFrame(0x86dd, ip6), true},
		{"802.1Q", linkEthernet, ethernetFrame(0x8100, vlan(0x0800, ip4)), false},
		{"802.1ad+802.1Q", linkEthernet, ethernetFrame(0x88a8, vlan(0x8100, vlan(0x86dd, ip6))), true},
		{"MPLS", linkEthernet, ethernetFrame(0x8847, mpls(false, mpls(true, ip4))), false},
		{"SLL", linkLinuxSLL, cat(sll(6, 0x0800), ip4), false},
		{"SLL long address", linkLinuxSLL, cat(sll(20, 0x86dd), ip6), true},
		{"SLL2", linkLinuxSLL2, cat(sll2(0x0800), ip4), false},
		{"null LE", linkNull, cat([]byte{2, 0, 0, 0}, ip4), false},
		{"null Darwin IPv6", linkNull, cat([]byte{30, 0, 0, 0}, ip6), true},
		{"loop BE", linkLoop, cat([]byte{0, 0, 0, 2}, ip4), false},
		{"raw v4", linkRaw, ip4, false},
		{"raw v6", linkRaw, ip6, true},
		{"ipv4", linkIPv4, ip4, false},
		{"ipv6", linkIPv6, ip6, true},
		{"PPP", linkPPP, cat([]byte{0xff, 0x03, 0x00, 0x21}, ip4), false},
		{"PPP compressed", linkPPP, cat([]byte{0x57}, ip6), true},
		{"PPP HDLC", linkPPPHDLC, cat([]byte{0xff, 0x03, 0x00, 0x57}, ip6), true},
		{"Cisco HDLC", linkCHDLC, cat([]byte{0x0f, 0x00, 0x08, 0x00}, ip4), false},
		{"Juniper", linkJuniperEther, cat([]byte{'M', 'G', 'C', 0x80, 0, 4, 3, 1, 1, 0}, ethernetFrame(0x0800, ip4)), false},
	} {
		for _, ng := range []bool{false, true} {
			file := pcapFile(binary.LittleEndian, false, tc.link, tc.frame)
			if ng {
				file = pcapngFile(binary.LittleEndian, uint16(tc.link), tc.frame)
			}
			streams, stats, err := Read(bytes.NewReader(file), Options{}, nil)
			want := `conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "payload" packets 1 frames 1-1`
			if tc.v6 {
				want = `conn 0 [2001:db8::1]:40000 -> [2001:db8::2]:179 "payload" packets 1 frames 1-1`
			}
			if err != nil || len(streams) != 1 || summary(streams[0]) != want {
				t.Errorf("%s (pcapng %v): %v, %q, stats %+v", tc.name, ng, err, summaries(streams), stats)
			}
		}
	}
}

// Frames that do not yield a TCP segment are counted by kind.
func TestSkippedFrames(t *testing.T) {
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	src6, dst6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	seq := uint32(0)
	tcp := func(payload string) []byte { // consecutive segments
		seq++
		return tcpSegment(40000, 179, seq, 0, fPSH|fACK, []byte(payload))
	}
	ext := func(next byte, n int) []byte { // an extension header of n*8 octets: next header, length
		b := make([]byte, n*8)
		b[0], b[1] = next, byte(n-1)
		return b
	}
	frag := func(next byte, offsetM uint16) []byte { // next, reserved, offset and M, identification
		return []byte{next, 0, byte(offsetM >> 8), byte(offsetM), 0, 0, 0, 1}
	}
	badTCP := tcp("?")
	badTCP[12] = 15 << 4 // data offset past the segment
	frames := [][]byte{
		ethernetFrame(0x0800, ipv4Packet(src, dst, 6, 0x4000, tcp("a"))),                                             // DF set: fine
		ethernetFrame(0x0800, ipv4Packet(src, dst, 6, 0x2000, tcp("b"))),                                             // MF: fragment
		ethernetFrame(0x0800, ipv4Packet(src, dst, 6, 0x0010, tcp("c"))),                                             // offset 16: fragment
		ethernetFrame(0x0800, ipv4Packet(src, dst, 17, 0, []byte("udp datagram"))),                                   // UDP
		ethernetFrame(0x0806, make([]byte, 28)),                                                                      // ARP
		ethernetFrame(0x0800, ipv4Packet(src, dst, 6, 0, badTCP)),                                                    // bad TCP
		ethernetFrame(0x0800, []byte{0x45, 0, 0}),                                                                    // short IPv4
		ethernetFrame(0x86dd, ipv6Packet(src6, dst6, 0, bytes.Join([][]byte{ext(60, 1), ext(6, 2), tcp("x")}, nil))), // hop-by-hop, dest opts
		ethernetFrame(0x86dd, ipv6Packet(src6, dst6, 44, append(frag(6, 0), tcp("d")...))),                           // atomic fragment
		ethernetFrame(0x86dd, ipv6Packet(src6, dst6, 44, append(frag(6, 1), tcp("e")...))),                           // M set: fragment
		ethernetFrame(0x86dd, ipv6Packet(src6, dst6, 60, ext(6, 3)[:16])),                                            // extension overruns
		ethernetFrame(0x86dd, ipv6Packet(src6, dst6, 58, []byte{128, 0, 0, 0})),                                      // ICMPv6
	}
	hbh := frames[7][14+40:]
	hbh[2], hbh[3] = 1, 4 // a PadN option filling the rest of the hop-by-hop header
	streams, stats := readAll(t, pcapEther(frames...), Options{}, nil)
	checkStreams(t, streams,
		`conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "a" packets 1 frames 1-1`,
		`conn 1 [2001:db8::1]:40000 -> [2001:db8::2]:179 "xd" packets 2 frames 8-9`,
	)
	if want := (Stats{Packets: 12, TCP: 3, NotTCP: 3, Fragments: 3, Malformed: 3}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	_, stats = readAll(t, pcapFile(binary.LittleEndian, false, 147, []byte("x")), Options{}, nil)
	if stats != (Stats{Packets: 1, UnknownLink: 1}) {
		t.Errorf("unknown link type: stats %+v", stats)
	}
}

func TestReadErrors(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	good := pcapEther(v.c2s(1, fPSH|fACK, "abc"), v.c2s(4, fPSH|fACK, "def"))
	for _, tc := range []struct {
		name    string
		file    []byte
		streams int    // returned despite the error
		err     string // substring; "" for ErrFormat
	}{
		{"empty", nil, 0, ""},
		{"text", []byte("not a capture file"), 0, ""},
		{"gzip text", gzipBytes(t, []byte("not a capture file")), 0, ""},
		{"bad gzip", []byte{0x1f, 0x8b, 0, 0}, 0, "gzip"},
		{"pcap header cut", good[:20], 0, "pcap"},
		{"bad pcap version", append(append([]byte{}, good[:4]...), 9, 9, 9, 9), 0, "pcap"},
		{"record cut", good[:len(good)-2], 1, "packet 2"},
		{"record header cut", good[:len(good)-len(v.c2s(4, fPSH|fACK, "def"))-10], 1, "packet 2"},
	} {
		streams, _, err := Read(bytes.NewReader(tc.file), Options{}, nil)
		switch {
		case err == nil:
			t.Errorf("%s: no error", tc.name)
		case tc.err == "" && !errors.Is(err, ErrFormat):
			t.Errorf("%s: %v, want ErrFormat", tc.name, err)
		case tc.err != "" && !strings.Contains(err.Error(), tc.err):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
		if len(streams) != tc.streams {
			t.Errorf("%s: %d streams, want %d", tc.name, len(streams), tc.streams)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.pcap")); err == nil {
		t.Error("Open of a missing file: no error")
	}
	path := filepath.Join(t.TempDir(), "text.pcap")
	if err := os.WriteFile(path, []byte("text"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, ErrFormat) {
		t.Errorf("Open of a text file: %v", err)
	}
	if PCAP.String() != "pcap" || PCAPNG.String() != "pcapng" || Format(9).String() != "Format(9)" {
		t.Error("Format.String")
	}
}

// pcapng blocks a reader must not trust: each ends the file
// with an error (and no panic); the packets before it are kept.
func TestPcapngGuard(t *testing.T) {
	le := binary.LittleEndian
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	frame := v.c2s(1, fPSH|fACK, "abc")
	head := append(ngSHB(le), ngIDB(le, linkEthernet, 65535)...)
	ok := ngEPB(le, 0, frameTime(0), frame)
	epb := func(iface, caplen uint32) []byte {
		b := ngEPB(le, iface, frameTime(1), frame)
		le.PutUint32(b[8+12:], caplen)
		return b
	}
	idb := func(opts ...[]byte) []byte { return ngIDB(le, linkEthernet, 65535, opts...) }
	tsresol := func(v byte) []byte { return ngOption(le, ngOptIfTsResol, []byte{v}) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	long := ngBlock(le, 0x0bad, nil)
	le.PutUint32(long[4:], 0xfffffff0)
	mismatch := ngBlock(le, 0x0bad, []byte{1, 2, 3, 4})
	mismatch[len(mismatch)-1] = 9
	for _, tc := range []struct {
		name string
		file []byte
		err  string
	}{
		{"tsresol 10^-20", cat(head, ok, idb(tsresol(20))), "if_tsresol"},
		{"tsresol 2^-64", cat(head, ok, idb(tsresol(0x80|64))), "if_tsresol"},
		{"tsresol empty", cat(head, ok, idb(ngOption(le, ngOptIfTsResol, nil))), "if_tsresol"},
		{"tsoffset short", cat(head, ok, idb(ngOption(le, ngOptIfTsOffset, []byte{1, 2, 3, 4}))), "if_tsoffset"},
		{"option overrun", cat(head, ok, ngBlock(le, ngInterface, []byte{1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 99, 0})), "option"},
		{"captured length", cat(head, ok, epb(0, 1<<30)), "captured length"},
		{"interface", cat(head, ok, epb(1, uint32(len(frame)))), "interface"},
		{"block length", cat(head, ok, long), "1 MiB"},
		{"block length odd", cat(head, ok, ngBlock(le, 0x0bad, nil)[:4], []byte{13, 0, 0, 0}), "multiple of 4"},
		{"trailing length", cat(head, ok, mismatch), "trailing"},
		{"cut", cat(head, ok, epb(0, uint32(len(frame)))[:30]), "truncated"},
		{"byte-order magic", cat(head, ok, ngSHB(le)[:8], []byte{1, 2, 3, 4}), "byte-order"},
	} {
		streams, _, err := Read(bytes.NewReader(tc.file), Options{}, nil)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
		if len(streams) != 1 || string(streams[0].Data) != "abc" {
			t.Errorf("%s: the packet before the bad block is lost: %q", tc.name, summaries(streams))
		}
	}

	// A huge snapshot length, unknown blocks, two sections (the second big
	// endian, with SLL2: a link type over 255) and an interface with a
	// nanosecond resolution all read fine.
	be := binary.BigEndian
	w := newConv("192.0.2.1:40001", "192.0.2.2:179")
	sll2 := append([]byte{0x08, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x5e, 0, 0, 0, 1, 0, 0}, w.c2s(1, fPSH|fACK, "def")[14:]...)
	nsIDB := ngIDB(be, linkLinuxSLL2, 0, ngOption(be, ngOptIfTsResol, []byte{9}))
	ns := ngEPB(be, 0, frameTime(0), sll2)
	nsTs := uint64(frameTime(2).UnixNano())
	be.PutUint32(ns[12:], uint32(nsTs>>32))
	be.PutUint32(ns[16:], uint32(nsTs))
	file := cat(ngSHB(le), ngIDB(le, linkEthernet, 0xffffffff), ngBlock(le, 0x0bad, []byte("skip")), ok,
		ngSHB(be), nsIDB, ns)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "abc" packets 1 frames 1-1`,
		`conn 1 192.0.2.1:40001 -> 192.0.2.2:179 "def" packets 1 frames 2-2`,
	)
	if len(streams) == 2 && !streams[1].First.Equal(frameTime(2)) {
		t.Errorf("nanosecond timestamp %v, want %v", streams[1].First, frameTime(2))
	}
}

// TestSubSecondOverflow: a record whose microsecond field is out of range
// (a corrupt or hand-made capture) keeps its time arithmetic: 5,000,000
// microseconds are 5 seconds, not what a 32-bit product wraps to.
func TestSubSecondOverflow(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	file := pcapEther(v.c2s(1, 0x18, "x"))
	binary.LittleEndian.PutUint32(file[24+4:], 5_000_000)
	streams, _ := readAll(t, file, Options{}, nil)
	want := time.Unix(frameTime(0).Unix()+5, 0)
	if len(streams) != 1 || !streams[0].First.Equal(want) {
		t.Fatalf("streams %+v, want first at %v", streams, want)
	}
}
