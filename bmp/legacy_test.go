package bmp

import (
	"bufio"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// The version 1 and 2 messages below are the version 3 vectors with the
// early drafts' header: version, type and the per-peer header, no length
// (the layout OpenBMP reads for Junos 10.4, which sends version 1).
var legacyVectors = []struct {
	name   string
	legacy string // the version 1 or 2 message
	v3     string // its version 3 form
}{
	{"Route Monitoring", "01 00" + vecPeer + vecEoR, "03 00000047 00" + vecPeer + vecEoR},
	{"Statistics Report", "02 01" + vecPeer + "00000002 0000 0004 0000000e 0007 0008 0000000000001000",
		"03 00000048 01" + vecPeer + "00000002 0000 0004 0000000e 0007 0008 0000000000001000"},
	{"Peer Down, reason 1", "01 02" + vecPeer + "01 ffffffffffffffffffffffffffffffff 0015 03 06 02",
		"03 00000046 02" + vecPeer + "01 ffffffffffffffffffffffffffffffff 0015 03 06 02"},
	{"Peer Down, reason 2", "01 02" + vecPeer + "02 0012", "03 00000033 02" + vecPeer + "02 0012"},
	{"Peer Down, reason 4", "01 02" + vecPeer + "04", "03 00000031 02" + vecPeer + "04"},
}

// TestUpgradeLegacy frames version 1 and 2 messages by their bodies, in a
// stream of them, and gives their version 3 form, which decodes.
func TestUpgradeLegacy(t *testing.T) {
	var stream []byte
	for _, v := range legacyVectors {
		stream = append(stream, unhex(t, v.legacy)...)
	}
	rest := append(stream, 0xee) // the next message's first octet: not read
	for _, v := range legacyVectors {
		t.Run(v.name, func(t *testing.T) {
			want := unhex(t, v.v3)
			got, n, err := UpgradeLegacy(rest)
			if err != nil {
				t.Fatalf("UpgradeLegacy: %v", err)
			}
			if n != len(want)-LegacyShift || !bytes.Equal(got, want) {
				t.Fatalf("n %d\n got %x\nwant %x", n, got, want)
			}
			rest = rest[n:]
			m, err := DecodeMessage(got)
			if err != nil {
				t.Fatalf("DecodeMessage: %v", err)
			}
			direct, _ := DecodeMessage(want)
			if !reflect.DeepEqual(m, direct) {
				t.Fatalf("decoded %#v", m)
			}
		})
	}
	if len(rest) != 1 {
		t.Fatalf("%d octets left", len(rest))
	}
}

// TestLegacyErrors: what versions 1 and 2 cannot frame is said with its
// offset; ParseHeader names the versions instead of refusing them blindly.
func TestLegacyErrors(t *testing.T) {
	tests := []struct {
		name, hex string
		off       int
	}{
		{"version 2 Peer Up: no length", "02 03" + vecPeer + "00", 1},
		{"header cut short", "01 00 00 00", 4},
		{"Route Monitoring cut short", "01 00" + vecPeer + "ffffffffffffffffffffffffffffffff 0017 02 0000", 65},
		{"Statistics Report with too large a count", "01 01" + vecPeer + "00000002 0000 0004 0000000e", 56},
		{"Peer Down with an unassigned reason", "01 02" + vecPeer + "07 00", 44},
		{"version 3 is not legacy", "03 00000006 04", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := UpgradeLegacy(unhex(t, tt.hex))
			e, ok := err.(*Error)
			if !ok || e.Off != tt.off {
				t.Fatalf("error %v, want one at %d", err, tt.off)
			}
		})
	}
	_, err := ParseHeader(unhex(t, "01 00"+vecPeer))
	if err == nil || !strings.Contains(err.Error(), "version 1 or 2") {
		t.Errorf("ParseHeader: %v", err)
	}
}

// FuzzUpgradeLegacy: no panic; an accepted message's version 3 form has
// the common header with the right length and the original's header and
// body after it.
func FuzzUpgradeLegacy(f *testing.F) {
	for _, v := range legacyVectors {
		f.Add(unhex(f, v.legacy))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		up, n, err := UpgradeLegacy(b)
		if err != nil {
			return
		}
		h, herr := ParseHeader(up)
		if herr != nil || int(h.Length) != len(up) || len(up) != n+LegacyShift || !bytes.Equal(up[CommonHeaderLen:], b[2:n]) {
			t.Fatalf("%x -> %x (%d, %v)", b, up, n, herr)
		}
	})
}

// TestReaderLegacy: with ReadLegacy, a stream of version 1 and 2
// messages, after a version 3 one, is framed by the messages' bodies whatever the source gives at a
// time; each comes in its version 3 form, at its offset in the stream.
func TestReaderLegacy(t *testing.T) {
	stream := append([]byte(nil), initMsg...)
	var want [][]byte
	offs := []int64{0}
	want = append(want, initMsg)
	for _, v := range legacyVectors {
		offs = append(offs, int64(len(stream)))
		stream = append(stream, unhex(t, v.legacy)...)
		want = append(want, unhex(t, v.v3))
	}
	for name, r := range map[string]*Reader{
		"whole":    NewReader(bytes.NewReader(stream)),
		"one byte": NewReader(iotest.OneByteReader(bytes.NewReader(stream))),
		"in place": NewBytesReader(stream),
		"bufio":    NewReader(bufio.NewReaderSize(bytes.NewReader(stream), 16)),
	} {
		t.Run(name, func(t *testing.T) {
			r.ReadLegacy(true)
			i := 0
			for m := range framed(t, r) {
				if i >= len(want) || !bytes.Equal(m, want[i]) || r.Offset() != offs[i] {
					t.Fatalf("message %d at %d: %x", i, r.Offset(), m)
				}
				i++
			}
			if i != len(want) {
				t.Fatalf("%d messages, want %d", i, len(want))
			}
		})
	}
}

// TestLooksLikeLegacy: whole version 1 and 2 messages are recognised, and
// a version 2 Peer Up on its header; a version 3 message, a version 1
// Route Monitoring whose body is no BGP message, a cut message and one
// with unused flag bits set are not.
func TestLooksLikeLegacy(t *testing.T) {
	for _, v := range legacyVectors {
		if !LooksLikeLegacy(unhex(t, v.legacy)) {
			t.Errorf("%s: not recognised", v.name)
		}
	}
	for _, tt := range []struct {
		hex  string
		want bool
	}{
		{"02 03" + vecPeer, true},
		{"03 00000047 00" + vecPeer + vecEoR, false},
		{"01 00" + vecPeer + "00000000000000000000000000000000 0017 02 00000000", false},
		{"01 00" + vecPeer + "ffffffffffffffffffffffffffffffff 0017 02 0000", false},
		{"01 00 00 01 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001" + vecEoR, false},
		{"01 00 00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001" + vecEoR, true},
	} {
		if got := LooksLikeLegacy(unhex(t, tt.hex)); got != tt.want {
			t.Errorf("%s: %v", tt.hex, got)
		}
	}
}

// TestReaderLegacyErrors: with ReadLegacy, a version 2 Peer Up (nothing
// frames it) is an *Error at its type and a stream cut inside a version 1
// message is io.ErrUnexpectedEOF, at the message's offset; without it, a
// version 1 message ends the stream at its version octet.
func TestReaderLegacyErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tail   []byte
		legacy bool
		inner  int // -1: io.ErrUnexpectedEOF
	}{
		{"version 2 Peer Up", append([]byte{2, 3}, make([]byte, 42)...), true, 1},
		{"version 1 cut", unhex(t, "01 00"+vecPeer+"ffffffffffffffffffffffffffffffff 0017"), true, -1},
		{"version 1 not asked for", unhex(t, "01 00"+vecPeer+vecEoR), false, OffVersion},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(iotest.OneByteReader(bytes.NewReader(append(append([]byte(nil), initMsg...), tt.tail...))))
			r.ReadLegacy(tt.legacy)
			if _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
			_, err := r.Next()
			se, ok := err.(*StreamError)
			if !ok || se.Offset != int64(len(initMsg)) {
				t.Fatalf("error %v", err)
			}
			if e, ok := se.Err.(*Error); tt.inner >= 0 && (!ok || e.Off != tt.inner) || tt.inner < 0 && se.Err != io.ErrUnexpectedEOF {
				t.Errorf("inner error %v", se.Err)
			}
		})
	}
}

// TestReaderLegacyGrowth: a version 1 Statistics Report is framed one
// statistic at a time, and a *bufio.Reader source gives the Reader only
// what it asks for: asking for the next 4 octets each time re-framed the
// message from its start and grew the buffer by 4 octets, a copy of the
// message each time (its length squared). The Reader reads ahead
// geometrically: a handful of buffers for a 256 KiB message, and the
// message read whole, with the one after it.
func TestReaderLegacyGrowth(t *testing.T) {
	const count = 64 << 10                               // zero-length statistics of 4 octets each
	msg := append(unhex(t, "01 01"+vecPeer), 0, 1, 0, 0) // count 65536
	msg = append(msg, make([]byte, 4*count)...)
	stream := append(append([]byte(nil), msg...), unhex(t, "01 02"+vecPeer+"04")...)
	var got, next []byte
	allocs := testing.AllocsPerRun(1, func() {
		r := NewReader(bufio.NewReaderSize(iotest.HalfReader(bytes.NewReader(stream)), 4096))
		r.ReadLegacy(true)
		m, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got[:0], m...)
		if next, err = r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	if len(got) != len(msg)+LegacyShift || got[OffType] != byte(MsgStatisticsReport) || MsgType(next[OffType]) != MsgPeerDown {
		t.Fatalf("read %d octets of type %d then type %d, want %d of type 1 then a Peer Down", len(got), got[OffType], next[OffType], len(msg)+LegacyShift)
	}
	if allocs > 64 {
		t.Errorf("reading a %d-octet version 1 Statistics Report: %.0f allocations, want a few (geometric growth)", len(msg), allocs)
	}
}
