package explain

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var w bytes.Buffer
	z := gzip.NewWriter(&w)
	if _, err := z.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Bytes()
}

// Raw octets (a message saved as it went on the wire) are explained as
// their hex would be, gzip-compressed or not; a capture or an archive is
// named with what reads it; text stays text.
func TestBinaryInput(t *testing.T) {
	opt := Options{}
	for _, in := range [][]byte{keepaliveOctets, gz(t, keepaliveOctets)} {
		xs := Decode(string(in), opt)
		if len(xs) != 1 || xs[0].Line.Kind != KindBinary || xs[0].Line.Start != StartMessage ||
			xs[0].Hex != "ffffffffffffffffffffffffffffffff001304" || len(xs[0].Errors) != 0 {
			t.Fatalf("%x: %+v", in, xs[0].Line)
		}
	}
	bmpInit := []byte{3, 0, 0, 0, 6, 4}
	if xs := Decode(string(bmpInit), opt); xs[0].Line.Start != StartMessage || len(xs[0].Messages) != 1 {
		t.Errorf("a raw BMP Initiation: %+v", xs[0].Line)
	}
	pcap := binary.LittleEndian.AppendUint32(nil, 0xa1b2c3d4)
	pcap = append(pcap, make([]byte, 20)...)
	pcapng := binary.LittleEndian.AppendUint32(nil, 0x0a0d0d0a)
	pcapng = append(pcapng, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a)
	// An MRT TABLE_DUMP_V2 header (RFC 6396 §4): time, type 13, subtype
	// 1, length 4, and its body.
	mrtRec := []byte{0x5f, 0, 0, 0, 0, 13, 0, 1, 0, 0, 0, 4, 1, 2, 3, 4}
	for _, c := range []struct {
		in   []byte
		want string
	}{
		{pcap, "a pcap packet capture"},
		{pcapng, "a pcapng packet capture"},
		{gz(t, pcap), "a pcap packet capture"},
		{mrtRec, "an MRT route archive"},
		{gz(t, mrtRec), "an MRT route archive"},
		{[]byte{0, 1, 2, 3, 0xfe}, "binary input that does not begin as a BGP message"},
	} {
		xs := Decode(string(c.in), opt)
		if len(xs) != 1 || xs[0].Line.Kind != KindBinary || xs[0].Line.Start != StartUnknown || !strings.HasPrefix(xs[0].Line.Why, c.want) {
			t.Errorf("%x: %+v, want %q", c.in, xs[0].Line, c.want)
		}
	}
	// Text, also gzip-compressed, is read as text.
	for _, in := range []string{"ffffffffffffffffffffffffffffffff 0013 04", string(gz(t, []byte("ffffffffffffffffffffffffffffffff 0013 04")))} {
		if xs := Decode(in, opt); len(xs) != 1 || xs[0].Line.Kind != KindHex || xs[0].Hex != "ffffffffffffffffffffffffffffffff001304" {
			t.Errorf("%q: %+v", in, xs[0].Line)
		}
	}
}

// An input of several messages says which ones a note is about, each note
// once; a single message's notes stand as they are.
func TestNotesPlaced(t *testing.T) {
	// An UPDATE whose AS_PATH (two 2-octet AS numbers) frames only with
	// 2-octet AS numbers.
	upd, err := ParseHex("ffffffffffffffffffffffffffffffff 002d 02 0000 0014 40010100 400206 0202fde9fdea 400304c0000201 080a")
	if err != nil {
		t.Fatal(err)
	}
	one := BGP(upd, Options{Session: bgp.Session{AS4: true}})
	if len(one.Notes) != 1 || !strings.HasPrefix(one.Notes[0], "read with 2-octet AS numbers") {
		t.Fatalf("one message: notes %q", one.Notes)
	}
	in := append(append(append([]byte(nil), upd...), keepaliveOctets...), upd...)
	x := BGP(in, Options{Session: bgp.Session{AS4: true}})
	want := "the messages at offsets 0, " + itoa(len(upd)+len(keepaliveOctets)) + ": " + one.Notes[0]
	if len(x.Messages) != 3 || len(x.Notes) != 1 || x.Notes[0] != want {
		t.Fatalf("%d messages, notes %q, want [%q]", len(x.Messages), x.Notes, want)
	}
}

// Text with a few bytes that are not UTF-8 (a Latin-1 name), a run of
// NULs, or in UTF-16 is still read as a log, not refused as binary.
func TestTextNotBinary(t *testing.T) {
	line := "Oct  7 09:21:00: %BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 4/0 (hold time expired) 0 bytes"
	utf16le := []byte{0xff, 0xfe}
	for _, r := range line {
		utf16le = append(utf16le, byte(r), 0)
	}
	var utf16be []byte // no byte-order mark
	for _, r := range line {
		utf16be = append(utf16be, 0, byte(r))
	}
	for _, in := range []string{
		strings.Replace(line, "neighbor", "neighbor (Caf\xe9)", 1),
		line + "\n" + strings.Repeat("\x00", 40) + "\n",
		string(utf16le),
		string(utf16be),
	} {
		xs := Decode(in, Options{})
		if len(xs) == 0 || xs[0].Line.Kind == KindBinary || xs[0].Line.Code != 4 || xs[0].Line.Subcode != 0 {
			t.Errorf("%q: %+v", in, xs[0].Line)
		}
	}
}

// "major N minor M" is a NOTIFICATION's code only where it speaks of an
// error or a notification (NX-OS), not a device's numbers.
func TestMajorMinorNeedsError(t *testing.T) {
	if x := lineOf("kernel: sd 0:0:0:0: device major 3 minor 2 attached"); x.Line.Code >= 0 {
		t.Errorf("a device's major/minor read as %d/%d", x.Line.Code, x.Line.Subcode)
	}
	if x := lineOf("Reset error sent major: 4 minor: 0"); x.Line.Code != 4 || x.Line.Subcode != 0 {
		t.Errorf("NX-OS's reset error: %d/%d", x.Line.Code, x.Line.Subcode)
	}
}

// pcapOf is a classic pcap (raw IPv4 link type) of one TCP segment from
// 192.0.2.1:179 to 192.0.2.2:40000 carrying payload.
func pcapOf(payload []byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, 0xa1b2c3d4)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = le.AppendUint32(b, 65535)
	b = le.AppendUint32(b, 228) // LINKTYPE_IPV4
	ip := []byte{0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2}
	binary.BigEndian.PutUint16(ip[2:], uint16(20+20+len(payload)))
	tcp := []byte{0, 179, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0}
	pkt := append(append(ip, tcp...), payload...)
	b = le.AppendUint32(b, 1700000000)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, uint32(len(pkt)))
	b = le.AppendUint32(b, uint32(len(pkt)))
	return append(b, pkt...)
}

// A capture's TCP streams are explained, each from its first marker (a
// capture begun mid-stream), with the stream and frames named; a real
// capture's ROUTE-REFRESH too.
func TestCaptureStreams(t *testing.T) {
	in := append([]byte{0xde, 0xad, 0xbe}, keepaliveOctets...)
	xs := Decode(string(pcapOf(in)), Options{})
	if len(xs) != 1 || xs[0].Line.Start != StartMessage || xs[0].Hex != "ffffffffffffffffffffffffffffffff001304" ||
		!strings.Contains(xs[0].Line.Why, "192.0.2.1:179 -> 192.0.2.2:40000") || !strings.Contains(xs[0].Line.Why, "3 octets before it") {
		t.Fatalf("%d explanations: %+v", len(xs), xs[0].Line)
	}
	// No message in the stream: the capture is named.
	xs = Decode(string(pcapOf([]byte("GET / HTTP/1.1\r\n\r\n"))), Options{})
	if len(xs) != 1 || xs[0].Line.Start != StartUnknown || !strings.HasPrefix(xs[0].Line.Why, "a pcap packet capture with no TCP stream") {
		t.Fatalf("%+v", xs[0].Line)
	}
	b, err := os.ReadFile("../testdata/tcpdump/tests/bgp-orf.pcapng")
	if err != nil {
		t.Fatal(err)
	}
	xs = Decode(string(b), Options{})
	if len(xs) != 1 || xs[0].Line.Start != StartMessage || len(xs[0].Messages) != 2 || len(xs[0].Errors) != 0 || !strings.Contains(xs[0].Messages[1].Label, "ROUTE-REFRESH") {
		t.Fatalf("bgp-orf.pcapng: %d explanations, %+v", len(xs), xs[0].Line)
	}
}
