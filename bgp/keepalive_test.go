package bgp

import (
	"bytes"
	"errors"
	"testing"
)

// keepaliveMsg is the only valid KEEPALIVE (RFC 4271 §4.4).
const keepaliveMsg = `ffffffff ffffffff ffffffff ffffffff # marker
0013 04                                                   # length 19, KEEPALIVE`

func TestDecodeKeepalive(t *testing.T) {
	msg := unhex(t, keepaliveMsg)
	k, err := DecodeKeepalive(msg)
	if err != nil {
		t.Fatal(err)
	}
	if k.Type() != MsgKeepalive {
		t.Errorf("Type %v", k.Type())
	}
	for _, s := range []Session{{}, {ExtendedMsg: true, AS4: true}} {
		out, err := k.Append([]byte{1}, s)
		if err != nil || !bytes.Equal(out, append([]byte{1}, msg...)) {
			t.Errorf("Append %x, %v", out, err)
		}
	}
	// A following message is not part of this one.
	if _, err := DecodeKeepalive(append(append([]byte{}, msg...), msg...)); err != nil {
		t.Error(err)
	}
	noAllocs(t, func() {
		if _, err := DecodeKeepalive(msg); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDecodeKeepaliveErrors(t *testing.T) {
	ff := "ffffffff ffffffff ffffffff ffffffff"
	for _, c := range []struct {
		name string
		hex  string
		off  int
		sub  uint8
		data string
	}{
		// RFC 4271 §6.1: a KEEPALIVE whose length is not 19 is a Bad
		// Message Length with the Length field as data.
		{"length 20", ff + " 0014 04 00", OffLength, SubBadMessageLength, "0014"},
		{"length 18", ff + " 0012 04", OffLength, SubBadMessageLength, "0012"},
		{"truncated", ff + " 00", 17, SubBadMessageLength, ""},
		{"not a KEEPALIVE", ff + " 0015 03 0400", OffType, SubBadMessageType, "03"},
		{"bad marker", "00" + ff[2:] + " 0013 04", 0, SubConnectionNotSynchronized, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeKeepalive(unhex(t, c.hex))
			e := wantErr(t, err, c.off, CodeMessageHeader, c.sub, SessionReset)
			if hexString(e.Data) != c.data {
				t.Errorf("error data %x", e.Data)
			}
		})
	}
}

func BenchmarkDecodeKeepalive(b *testing.B) {
	benchDecode(b, unhex(b, keepaliveMsg), DecodeKeepalive)
}

// noAllocsRoundTrip checks that decoding msg, reading the value with
// more (when not nil: it reports whether the value reads as it should)
// and appending it again allocates nothing.
func noAllocsRoundTrip[M interface {
	Append([]byte, Session) ([]byte, error)
}](t *testing.T, msg []byte, decode func([]byte) (M, error), more func(M) bool) {
	t.Helper()
	buf := make([]byte, 0, 64)
	noAllocs(t, func() {
		m, err := decode(msg)
		if err != nil {
			t.Fatal(err)
		}
		if more != nil && !more(m) {
			t.Fatalf("%+v does not read as it should", m)
		}
		if _, err := m.Append(buf[:0], Session{}); err != nil {
			t.Fatal(err)
		}
	})
}

// benchDecode times decode of msg, which it must accept (the call goes
// through a func value: a nanosecond or two more than a direct call).
func benchDecode[M any](b *testing.B, msg []byte, decode func([]byte) (M, error)) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(msg); err != nil {
			b.Fatal(err)
		}
	}
}

// benchAppend times m's Append into a reused buffer of capacity n
// (through the interface: a nanosecond or two more than a direct call).
func benchAppend(b *testing.B, m interface {
	Append([]byte, Session) ([]byte, error)
}, n int) {
	buf := make([]byte, 0, n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Append(buf[:0], Session{}); err != nil {
			b.Fatal(err)
		}
	}
}

// fuzzMessage checks one fuzzed message: decode refuses it with an error
// at an offset inside it, or reads a value that appends back to the
// message's octets and, read again, is the same as same says.
func fuzzMessage[M interface {
	Append([]byte, Session) ([]byte, error)
}](t *testing.T, msg []byte, s Session, decode func([]byte) (M, error), same func(a, b M) bool) {
	t.Helper()
	m, err := decode(msg)
	if err != nil {
		checkErrInside(t, err, msg)
		return
	}
	out := checkAppendsBack(t, msg, s, m)
	if m2, err := decode(out); err != nil || !same(m, m2) {
		t.Fatalf("second decode %+v, %v", m2, err)
	}
}

// checkErrInside checks that a decoder's err is an *Error at an offset
// inside msg.
func checkErrInside(t *testing.T, err error, msg []byte) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Off < 0 || e.Off > len(msg) {
		t.Fatalf("bad error %v", err)
	}
}

// checkAppendsBack checks that the value m read from msg appends back to
// the message's octets, and returns them.
func checkAppendsBack[M interface {
	Append([]byte, Session) ([]byte, error)
}](t *testing.T, msg []byte, s Session, m M) []byte {
	t.Helper()
	out, err := m.Append(nil, s)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	h, _ := ParseHeader(msg, s)
	if !bytes.Equal(out, msg[:h.Length]) {
		t.Fatalf("round trip\n got %x\nwant %x", out, msg[:h.Length])
	}
	return out
}

// FuzzDecodeKeepalive: no panic; a decoded KEEPALIVE re-encodes to the
// first 19 octets.
func FuzzDecodeKeepalive(f *testing.F) {
	f.Add(unhex(f, keepaliveMsg))
	f.Add(unhex(f, "ffffffff ffffffff ffffffff ffffffff 0014 04 00"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		fuzzMessage(t, msg, Session{}, DecodeKeepalive, func(a, b Keepalive) bool { return a == b })
	})
}
