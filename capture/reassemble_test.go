package capture

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// summary prints what a test needs to know about a stream on one line.
func summary(s Stream) string {
	var b strings.Builder
	fmt.Fprintf(&b, "conn %d %v %q", s.Conn, s.Flow, s.Data)
	for _, g := range s.Gaps {
		fmt.Fprintf(&b, " gap %d+%d", g.Offset, g.Size)
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{s.SYN, "syn"}, {s.SYNSeqQuirk, "quirk"}, {s.FIN, "fin"}, {s.RST, "rst"}} {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	fmt.Fprintf(&b, " packets %d frames %d-%d", s.Packets, s.FirstFrame, s.LastFrame)
	return b.String()
}

func summaries(streams []Stream) []string {
	out := make([]string, len(streams))
	for i, s := range streams {
		out[i] = summary(s)
	}
	return out
}

func checkStreams(t *testing.T, got []Stream, want ...string) {
	t.Helper()
	if g := summaries(got); !slices.Equal(g, want) {
		t.Errorf("streams:\n\t%s\nwant:\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// A connection with its handshake, data both ways and a FIN.
func TestReassembleHandshake(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	file := pcapEther(
		v.c2s(1000, fSYN, ""),              // 1: SYN, ISN 1000
		v.s2c(5000, fSYN|fACK, ""),         // 2: SYN-ACK, ISN 5000
		v.c2s(1001, fACK, ""),              // 3
		v.c2s(1001, fPSH|fACK, "hello "),   // 4: data starts at ISN+1
		v.c2s(1007, fPSH|fACK, "world"),    // 5
		v.s2c(5001, fPSH|fACK, "ok"),       // 6
		v.c2s(1012, fFIN|fACK, ""),         // 7
		v.s2c(5003, fFIN|fACK, ""),         // 8
		v.c2s(1013, fACK, ""),              // 9
		v.c2s(1007, fPSH|fACK, "WORLD"),    // 10: after the FIN: ignored
		v.s2c(5001, fPSH|fACK, "retrans!"), // 11: after the FIN: ignored
	)
	streams, stats := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "hello world" syn fin packets 7 frames 1-10`,
		`conn 0 192.0.2.2:179 -> 192.0.2.1:40000 "ok" syn fin packets 4 frames 2-11`,
	)
	if stats != (Stats{Packets: 11, TCP: 11}) {
		t.Errorf("stats %+v", stats)
	}
	if got := streams[0].First; !got.Equal(frameTime(0)) {
		t.Errorf("First %v, want %v", got, frameTime(0))
	}
	if got := streams[0].Last; !got.Equal(frameTime(9)) {
		t.Errorf("Last %v, want %v", got, frameTime(9))
	}
	if !streams[0].FromClient || streams[1].FromClient {
		t.Error("FromClient wrong")
	}
}

// Out-of-order segments, retransmissions and overlaps: each octet once, the
// first copy put in order wins.
func TestReassembleOrderAndOverlap(t *testing.T) {
	v := newConv("198.51.100.1:50000", "198.51.100.2:1790")
	file := pcapEther(
		v.c2s(100, fACK, "abcd"), // 100-103, no SYN: starts here
		v.c2s(108, fACK, "ijkl"), // 108-111, early: held
		v.c2s(104, fACK, "efgh"), // 104-107 fills the hole
		v.c2s(104, fACK, "efgh"), // retransmission
		v.c2s(102, fACK, "XXXX"), // 102-105, all delivered already: dropped
		v.c2s(110, fACK, "YYmn"), // 110-113: 110-111 delivered, "mn" new
		v.c2s(118, fACK, "st"),   // 118-119, early
		v.c2s(116, fACK, "qr"),   // 116-117, early
		v.c2s(114, fACK, "op"),   // 114-115 fills the hole
		v.c2s(116, fACK, "QRST"), // overlaps delivered data: dropped
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdefghijklmnopqrst" packets 10 frames 1-10`)
}

// A hole that is never filled becomes a gap; the data after it follows.
func TestReassembleGap(t *testing.T) {
	v := newConv("198.51.100.1:50000", "198.51.100.2:1790")
	file := pcapEther(
		v.c2s(100, fACK, "abcd"),
		v.c2s(110, fACK, "klmn"), // 104-109 never captured
		v.c2s(114, fACK, "op"),
		v.c2s(120, fACK, "uv"), // 116-119 never captured
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdklmnopuv" gap 4+6 gap 10+4 packets 4 frames 1-4`)
	s := &streams[0]
	var chunks []string
	for off, c := range s.Chunks() {
		chunks = append(chunks, fmt.Sprintf("%d:%s", off, c))
	}
	if want := []string{"0:abcd", "4:klmnop", "10:uv"}; !slices.Equal(chunks, want) {
		t.Errorf("chunks %v, want %v", chunks, want)
	}
	if s.Lost() != 10 {
		t.Errorf("Lost %d, want 10", s.Lost())
	}
}

// Past MaxBuffered the hole is given up at once; a late segment for it is
// then dropped. With the default it is waited for.
func TestReassembleMaxBuffered(t *testing.T) {
	v := newConv("198.51.100.1:50000", "198.51.100.2:1790")
	file := pcapEther(
		v.c2s(100, fACK, "abcd"),
		v.c2s(110, fACK, "kl"),
		v.c2s(112, fACK, "mn"),
		v.c2s(114, fACK, "op"),
		v.c2s(104, fACK, "efghij"), // the hole's data, late
	)
	streams, _ := readAll(t, file, Options{MaxBuffered: 1}, nil) // one page
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdklmnop" gap 4+6 packets 5 frames 1-5`)
	streams, _ = readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdefghijklmnop" packets 5 frames 1-5`)
	streams, _ = readAll(t, file, Options{MaxBufferedTotal: 1}, nil)
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdklmnop" gap 4+6 packets 5 frames 1-5`)
}

// Without a SYN the roles are guessed: the port-179 side is the server,
// otherwise the destination of the first packet is.
func TestReassembleRolesWithoutSYN(t *testing.T) {
	bgp := newConv("10.0.0.1:40000", "10.0.0.2:179")
	bmp := newConv("192.0.2.61:20", "192.0.2.6:1790")
	file := pcapEther(
		bgp.s2c(7000, fPSH|fACK, "from server"), // the server speaks first
		bmp.c2s(27000, fPSH|fACK, "bmp"),        // port 20 -> 1790
		bgp.c2s(3000, fPSH|fACK, "from client"),
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 10.0.0.1:40000 -> 10.0.0.2:179 "from client" packets 1 frames 3-3`,
		`conn 0 10.0.0.2:179 -> 10.0.0.1:40000 "from server" packets 1 frames 1-1`,
		`conn 1 192.0.2.61:20 -> 192.0.2.6:1790 "bmp" packets 1 frames 2-2`,
	)
	if got := streams[0].Client.String(); got != "10.0.0.1:40000" {
		t.Errorf("client %s", got)
	}
}

// A SYN carrying data: the next segment may be numbered strictly (SYN seq +
// 1 + length) or as traffic-reproducer does (SYN seq + length).
func TestReassembleSYNWithData(t *testing.T) {
	quirk := newConv("203.0.113.1:20", "203.0.113.9:1790")
	strict := newConv("203.0.113.2:20", "203.0.113.9:1790")
	plain := newConv("203.0.113.3:20", "203.0.113.9:1790")
	alone := newConv("203.0.113.4:20", "203.0.113.9:1790")
	file := pcapEther(
		quirk.c2s(1, fSYN, "INIT"),          // 1: data at 1..4 as the replay numbers it
		quirk.c2s(1, fSYN, "INIT"),          // 2: a retransmission of the SYN
		quirk.c2s(5, fPSH|fACK, "NEXT"),     // 3
		strict.c2s(1, fSYN, "INIT"),         // 4: data at 2..5
		strict.c2s(6, fPSH|fACK, "NEXT"),    // 5
		plain.c2s(1, fSYN, ""),              // 6
		plain.c2s(2, fACK, ""),              // 7: a pure ACK does not decide
		plain.c2s(2, fPSH|fACK, "DATA"),     // 8
		alone.c2s(1, fSYN, "ONLY"),          // 9: nothing follows
		quirk.c2s(9, fPSH|fACK, "MORE"),     // 10
		strict.c2s(10, fPSH|fACK|fFIN, "!"), // 11
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 203.0.113.1:20 -> 203.0.113.9:1790 "INITNEXTMORE" syn quirk packets 4 frames 1-10`,
		`conn 1 203.0.113.2:20 -> 203.0.113.9:1790 "INITNEXT!" syn fin packets 3 frames 4-11`,
		`conn 2 203.0.113.3:20 -> 203.0.113.9:1790 "DATA" syn packets 3 frames 6-8`,
		`conn 3 203.0.113.4:20 -> 203.0.113.9:1790 "ONLY" syn packets 1 frames 9-9`,
	)
}

// A SYN without ACK on a four-tuple in use starts a new connection, unless
// it repeats the connection's SYN before any data.
func TestReassemblePortReuse(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	file := pcapEther(
		v.c2s(100, fSYN, ""),               // 1: connection 0
		v.c2s(100, fSYN, ""),               // 2: retransmitted SYN
		v.s2c(900, fSYN|fACK, ""),          // 3
		v.c2s(101, fPSH|fACK, "one"),       // 4
		v.c2s(104, fFIN|fACK, ""),          // 5
		v.c2s(5000, fSYN, ""),              // 6: connection 1, after the FIN
		v.c2s(5001, fPSH|fACK, "two"),      // 7
		v.c2s(5000, fSYN, ""),              // 8: connection 2: same ISN, after data
		v.c2s(5001, fPSH|fACK, "three"),    // 9
		v.s2c(7000, fSYN|fACK, ""),         // 10: its SYN-ACK
		v.s2c(7001, fPSH|fACK, "answer"),   // 11
		v.c2s(6000, fPSH|fACK|fRST, "bye"), // 12: a segment from far away: held, then a gap
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 192.0.2.1:40000 -> 192.0.2.2:179 "one" syn fin packets 4 frames 1-5`,
		`conn 0 192.0.2.2:179 -> 192.0.2.1:40000 "" syn packets 1 frames 3-3`,
		`conn 1 192.0.2.1:40000 -> 192.0.2.2:179 "two" syn packets 2 frames 6-7`,
		`conn 2 192.0.2.1:40000 -> 192.0.2.2:179 "threebye" gap 5+994 syn rst packets 3 frames 8-12`,
		`conn 2 192.0.2.2:179 -> 192.0.2.1:40000 "answer" syn packets 2 frames 10-11`,
	)
}

// The filter sees each direction; rejected directions are counted and
// connections are numbered all the same.
func TestReassembleFilter(t *testing.T) {
	web := newConv("192.0.2.1:40000", "192.0.2.2:80")
	bgp := newConv("192.0.2.1:40001", "192.0.2.2:179")
	file := pcapEther(
		web.c2s(1, fPSH|fACK, "GET /"),
		bgp.c2s(1, fPSH|fACK, "open"),
		bgp.s2c(1, fPSH|fACK, "open too"),
		web.s2c(1, fPSH|fACK, "200 OK"),
	)
	streams, stats := readAll(t, file, Options{}, PortFilter(179, 1790))
	checkStreams(t, streams,
		`conn 1 192.0.2.1:40001 -> 192.0.2.2:179 "open" packets 1 frames 2-2`,
		`conn 1 192.0.2.2:179 -> 192.0.2.1:40001 "open too" packets 1 frames 3-3`,
	)
	if stats.Filtered != 2 || stats.TCP != 4 {
		t.Errorf("stats %+v", stats)
	}
	streams, _ = readAll(t, file, Options{}, func(f Flow) bool { return !f.FromClient })
	checkStreams(t, streams,
		`conn 0 192.0.2.2:80 -> 192.0.2.1:40000 "200 OK" packets 1 frames 4-4`,
		`conn 1 192.0.2.2:179 -> 192.0.2.1:40001 "open too" packets 1 frames 3-3`,
	)
	streams, _ = readAll(t, file, Options{}, PortFilter())
	if len(streams) != 0 {
		t.Errorf("PortFilter() kept %d streams", len(streams))
	}
}

func TestFlow(t *testing.T) {
	f := Flow{Client: mustAP("192.0.2.1:40000"), Server: mustAP("[2001:db8::1]:179"), FromClient: true}
	if f.Src() != f.Client || f.Dst() != f.Server || f.String() != "192.0.2.1:40000 -> [2001:db8::1]:179" {
		t.Errorf("%v: Src %v Dst %v", f, f.Src(), f.Dst())
	}
	r := f.Reverse()
	if r.Src() != f.Server || r.Dst() != f.Client || r.String() != "[2001:db8::1]:179 -> 192.0.2.1:40000" || r.Reverse() != f {
		t.Errorf("Reverse %v", r)
	}
	keep := PortFilter(1790)
	if keep(f) || keep(r) {
		t.Error("PortFilter(1790) kept port 179")
	}
	if !PortFilter(179)(f) || !PortFilter(40000)(r) {
		t.Error("PortFilter misses a port")
	}
}

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		data string
		gaps []Gap
		want []string
	}{
		{"", nil, nil},
		{"abc", nil, []string{"0:abc"}},
		{"abc", []Gap{{0, 5}}, []string{"0:abc"}},
		{"abc", []Gap{{3, -1}}, []string{"0:abc"}},
		{"abcdef", []Gap{{2, 1}, {2, 1}, {4, 9}}, []string{"0:ab", "2:cd", "4:ef"}},
	} {
		s := Stream{Data: []byte(tc.data), Gaps: tc.gaps}
		var got []string
		for off, c := range s.Chunks() {
			got = append(got, fmt.Sprintf("%d:%s", off, c))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q %v: chunks %v, want %v", tc.data, tc.gaps, got, tc.want)
		}
		// Stopping early must not panic or yield more.
		for range s.Chunks() {
			break
		}
	}
}

// Sequence numbers wrap at 2^32 (RFC 9293 §3.4): a segment that crosses the
// wrap and overlaps the front of data held beyond it must leave the held
// data exactly where the segment ends. (The gopacket reassembly counted the
// sequence space as 2^32-1 long across the wrap: it trimmed one octet too
// few, delivered it twice and recorded a gap of unknown size.)
func TestReassembleSeqWrap(t *testing.T) {
	v := newConv("198.51.100.1:50000", "198.51.100.2:1790")
	file := pcapEther(
		v.c2s(0xfffffff0, fACK, "abcd"),           // ..0xfffffff3
		v.c2s(0xfffffff8, fACK, "IJKLMNOPQRST"),   // 0xfffffff8..0x3: held
		v.c2s(0xfffffff4, fACK, "efghijklmnopqr"), // ..0x1, overlaps the held front
		v.c2s(0x00000004, fACK|fFIN, "uv"),        // continues after the held data
	)
	streams, _ := readAll(t, file, Options{}, nil)
	checkStreams(t, streams,
		`conn 0 198.51.100.1:50000 -> 198.51.100.2:1790 "abcdefghijklmnopqrSTuv" fin packets 4 frames 1-4`)
}

// An 802.3 frame (a length where the Ethernet type belongs) carries LLC,
// not IP, whatever its first octet. (The gopacket version read a spanning
// tree BPDU, 0x42 0x42 0x03, as IPv4 by its first nibble: Malformed.)
func TestEthernetLLC(t *testing.T) {
	bpdu := ethernetFrame(38, append([]byte{0x42, 0x42, 0x03}, make([]byte, 35)...))
	_, stats := readAll(t, pcapEther(bpdu), Options{}, nil)
	if stats != (Stats{Packets: 1, NotTCP: 1}) {
		t.Errorf("stats %+v, want one NotTCP", stats)
	}
}

// TestTCPPayload: one packet given alone, as an Ethernet frame (its
// padding left out) or as an IP packet, yields its TCP payload; octets
// that are neither, or UDP, yield none.
func TestTCPPayload(t *testing.T) {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	frame := v.c2s(1, 0x18, "payload")
	for name, b := range map[string][]byte{
		"frame":        frame,
		"padded frame": append(slices.Clone(frame), 0, 0, 0, 0),
		"IP packet":    frame[ethHeaderLen:],
	} {
		if p, ok := TCPPayload(b); !ok || string(p) != "payload" {
			t.Errorf("%s: %q, %v", name, p, ok)
		}
	}
	udp := ipv4Packet(netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), 17, 0, []byte("12345678payload"))
	for name, b := range map[string][]byte{"three octets": {0, 1, 2}, "UDP": udp} {
		if p, ok := TCPPayload(b); ok {
			t.Errorf("%s read as TCP: %q", name, p)
		}
	}
}
