package bgp

import (
	"bytes"
	"testing"
)

func TestDecodeMessageTypes(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		typ  MessageType
	}{
		{"keepalive", "ffffffffffffffffffffffffffffffff 0013 04", MsgKeepalive},
		{"notification 6/2", "ffffffffffffffffffffffffffffffff 0015 03 06 02", MsgNotification},
		{"route refresh", "ffffffffffffffffffffffffffffffff 0017 05 0001 00 01", MsgRouteRefresh},
		{"open", "ffffffffffffffffffffffffffffffff 001d 01 04 fde9 00b4 c0000201 00", MsgOpen},
		{"update", simpleUpdate, MsgUpdate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := unhex(t, tc.hex)
			m, err := DecodeMessage(msg, Session{AS4: true})
			if err != nil {
				t.Fatal(err)
			}
			if m.Type() != tc.typ {
				t.Fatalf("type %v, want %v", m.Type(), tc.typ)
			}
			out, err := m.Append(nil, Session{AS4: true})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, msg) {
				t.Errorf("round trip\n got % x\nwant % x", out, msg)
			}
			// The owned value must not alias the input.
			for i := range msg {
				msg[i] = 0
			}
			again, _ := m.Append(nil, Session{AS4: true})
			if !bytes.Equal(again, out) {
				t.Error("owned message changed when the input buffer was overwritten")
			}
		})
	}
}

func TestDecodeMessageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		off  int
		code Code
		sub  uint8
	}{
		{"short", "ffff", 2, CodeMessageHeader, SubBadMessageLength},
		{"marker", "ffffffffffffffffffffffff00ffffff 0013 04", 12, CodeMessageHeader, SubConnectionNotSynchronized},
		{"type 9", "ffffffffffffffffffffffffffffffff 0013 09", OffType, CodeMessageHeader, SubBadMessageType},
		{"keepalive length 20", "ffffffffffffffffffffffffffffffff 0014 04 00", OffLength, CodeMessageHeader, SubBadMessageLength},
		{"length past input", "ffffffffffffffffffffffffffffffff 0020 02", 19, CodeMessageHeader, SubBadMessageLength},
		{"update over 4096", "ffffffffffffffffffffffffffffffff 1001 02", OffLength, CodeMessageHeader, SubBadMessageLength},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeMessage(unhex(t, tc.hex), Session{})
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v (%T)", err, err)
			}
			if e.Off != tc.off || e.Code != tc.code || e.Subcode != tc.sub || e.Action != SessionReset {
				t.Errorf("got %v (off %d), want off %d %d/%d session-reset", e, e.Off, tc.off, tc.code, tc.sub)
			}
		})
	}
}

// Extended messages (RFC 8654): an UPDATE over 4096 octets is valid only
// when both sides advertised the capability; OPEN and KEEPALIVE never are.
func TestExtendedMessageLength(t *testing.T) {
	hdr := unhex(t, "ffffffffffffffffffffffffffffffff 2000 02")
	if _, err := ParseHeader(hdr, Session{}); err == nil {
		t.Error("8192-octet UPDATE accepted without extended messages")
	}
	if _, err := ParseHeader(hdr, Session{ExtendedMsg: true}); err != nil {
		t.Errorf("8192-octet UPDATE refused with extended messages: %v", err)
	}
	open := unhex(t, "ffffffffffffffffffffffffffffffff 2000 01")
	if _, err := ParseHeader(open, Session{ExtendedMsg: true}); err == nil {
		t.Error("8192-octet OPEN accepted")
	}
}

// FuzzDecodeMessage: any input decodes or fails with an *Error whose
// offset lies within the input; a message that decodes cleanly re-encodes
// to the same octets.
func FuzzDecodeMessage(f *testing.F) {
	for _, h := range []string{
		"ffffffffffffffffffffffffffffffff 0013 04",
		"ffffffffffffffffffffffffffffffff 0015 03 06 02",
		"ffffffffffffffffffffffffffffffff 0017 05 0001 00 01",
		"ffffffffffffffffffffffffffffffff 001d 01 04 fde9 00b4 c0000201 00",
		simpleUpdate,
	} {
		f.Add(unhex(f, h), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, ctx uint8) {
		s := Session{AS4: ctx&1 != 0, ExtendedMsg: ctx&2 != 0}
		if ctx&4 != 0 {
			s = s.WithAddPath(IPv4Unicast, true)
		}
		if ctx&8 != 0 {
			s = s.WithAddPath(IPv6Unicast, true)
		}
		m, err := DecodeMessage(data, s)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			checkErrInside(t, err, data)
			if m == nil {
				return
			}
			// An UPDATE returned with its problem must still round-trip.
		}
		checkAppendsBack(t, data, s, m)
	})
}
