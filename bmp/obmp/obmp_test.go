package obmp

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/importguard"
)

func TestImports(t *testing.T) { importguard.Check(t) }

// TestRouteViewsFrame: a frame of RouteViews' raw feed reads as what it
// says, and the header bgplens writes for the same collector, router,
// group and time is the same octets, hashes included.
func TestRouteViewsFrame(t *testing.T) {
	b, err := os.ReadFile("testdata/routeviews5-peerdown.obmp")
	if err != nil {
		t.Fatal(err)
	}
	h, msg, rest, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Header{
		Flags: FlagRouter, ObjectType: ObjectRawBMP,
		Time:       time.Date(2021, 11, 5, 4, 57, 38, 811052000, time.UTC),
		AdminID:    "is-cc-bmp1",
		RouterAddr: netip.MustParseAddr("128.223.51.105"), RouterGroup: "route-views5", Rows: 1,
		CollectorHash: CollectorHash("is-cc-bmp1"),
		RouterHash:    RouterHash(netip.MustParseAddr("128.223.51.105")),
	}
	if h != want {
		t.Fatalf("header\n got %+v\nwant %+v", h, want)
	}
	// The test vector has one octet (0x0a) after the frame its lengths
	// cover.
	if !bytes.Equal(rest, []byte{0x0a}) || len(msg) != 51 {
		t.Fatalf("message %d octets, %d after it", len(msg), len(rest))
	}
	v, err := bmp.ParseMessage(msg)
	if err != nil || v.Type() != bmp.MsgPeerDown {
		t.Fatalf("framed message: %v, type %v", err, v.Type())
	}
	hdr := ForRouter("is-cc-bmp1", netip.MustParseAddr("::ffff:128.223.51.105"), "route-views5", want.Time)
	if hdr.Len() != 100 {
		t.Errorf("Len %d, want 100", hdr.Len())
	}
	got := append(hdr.Append(nil, len(msg)), msg...)
	if !bytes.Equal(got, b[:151]) {
		t.Fatalf("written\n%x\nwant\n%x", got, b[:151])
	}
}

// TestRoundTripIPv6: an IPv6 router sets the flag and its 16 octets;
// several frames read one after the other.
func TestRoundTripIPv6(t *testing.T) {
	a := netip.MustParseAddr("2001:db8::1")
	h := ForRouter("", a, "", time.Unix(1700000000, 123456000))
	var b []byte
	b = append(h.Append(b, 3), 1, 2, 3)
	b = append(h.Append(b, 0), nil...)
	g, msg, rest, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if g.Flags != FlagRouter|FlagIPv6 || g.RouterAddr != a || !g.Time.Equal(h.Time) || g.RouterHash != RouterHash(a) || string(msg) != "\x01\x02\x03" {
		t.Fatalf("got %+v msg %x", g, msg)
	}
	if _, msg, rest, err = Parse(rest); err != nil || len(msg) != 0 || len(rest) != 0 {
		t.Fatalf("second frame: %v %x %x", err, msg, rest)
	}
}

// TestParseErrors: every check of Parse, with the offset it names.
func TestParseErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/routeviews5-peerdown.obmp")
	if err != nil {
		t.Fatal(err)
	}
	set := func(off int, v ...byte) []byte {
		b := bytes.Clone(good)
		copy(b[off:], v)
		return b
	}
	for _, c := range []struct {
		name string
		b    []byte
		off  int
		why  string
	}{
		{"short", good[:MinLen-1], 0, "truncated"},
		{"magic", set(0, 'X'), 0, "magic"},
		{"version", set(5, 6), 4, "version 1.6"},
		{"header length small", set(6, 0, MinLen-1), 6, "header length"},
		{"header length beyond", set(6, 0xff, 0xff), 6, "header length"},
		{"message length", set(8, 0, 0, 0, 53), 8, "message length 53"},
		{"microseconds", set(18, 0x00, 0x0f, 0x42, 0x40), 18, "microseconds"},
		{"admin id length", set(38, 0, 60), 38, "admin id length"},
		{"group length", set(82, 0, 11), 82, "router group length"},
		{"whole message missing", good[:len(good)-2], 8, "message length"},
	} {
		_, _, _, err := Parse(c.b)
		var e *Error
		if !errors.As(err, &e) || e.Off != c.off || !strings.Contains(e.Reason, c.why) {
			t.Errorf("%s: %v, want offset %d %q", c.name, err, c.off, c.why)
		}
	}
}

// FuzzParse: any input is read or refused without a panic, and what is
// read, written again, reads back the same (flags and an IPv4-mapped
// address in their canonical form).
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/routeviews5-peerdown.obmp"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, msg, _, err := Parse(b)
		if err != nil {
			return
		}
		out := append(h.Append(nil, len(msg)), msg...)
		h2, msg2, rest2, err := Parse(out)
		if err != nil {
			t.Fatalf("written header does not read: %v", err)
		}
		want := h
		want.RouterAddr = h.RouterAddr.Unmap()
		want.Flags = h.Flags&^FlagIPv6 | FlagRouter
		if want.RouterAddr.Is6() {
			want.Flags |= FlagIPv6
		}
		if h2 != want || !bytes.Equal(msg2, msg) || len(rest2) != 0 {
			t.Fatalf("read back\n%+v\nwant\n%+v", h2, want)
		}
	})
}

// TestSetLengthTime: a header written once and given another message's
// length and time is the header Append writes for that message, the
// zero Time included.
func TestSetLengthTime(t *testing.T) {
	h := Header{ObjectType: ObjectRawBMP, AdminID: "collector", RouterAddr: netip.MustParseAddr("2001:db8::1"),
		Time: time.Unix(1700000000, 123456789)}
	b := h.Append(nil, 100)
	for _, tm := range []time.Time{time.Unix(1800000000, 987654000), {}} {
		SetLengthTime(b, 4242, tm)
		h.Time = tm
		if want := h.Append(nil, 4242); !bytes.Equal(b, want) {
			t.Errorf("%v: set % x\nwant % x", tm, b, want)
		}
	}
}
