package bgp

import (
	"encoding/hex"
	"strings"
	"testing"
)

func hx(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFrames(t *testing.T) {
	// The UPDATE body of the README example: ORIGIN, AS_PATH, NEXT_HOP,
	// 198.51.100.0/24.
	body := "0000 0014 40010100 400206020100000001 400304c0000201 18c63364"
	cases := []struct {
		name string
		f    func([]byte) bool
		in   string
		want bool
	}{
		{"update body", FramesAsUpdateBody, body, true},
		{"update body cut", FramesAsUpdateBody, body[:len(body)-2], false},
		{"update body empty sections", FramesAsUpdateBody, "0000 0000", false},
		{"attributes", FramesAsAttrs, "40010100 400206020100000001", true},
		{"attribute overruns", FramesAsAttrs, "40010200", false},
		{"attribute flags low bits", FramesAsAttrs, "41010100", false},
		{"attribute type 0", FramesAsAttrs, "40000100", false},
		{"prefixes", FramesAsIPv4Prefixes, "18c63364 100a00 00", true},
		{"prefix too long", FramesAsIPv4Prefixes, "21c6336400", false},
		{"prefix cut", FramesAsIPv4Prefixes, "18c633", false},
		{"capabilities", FramesAsCapabilities, "01040001000141040000fde8 0200", true},
		{"capability cut", FramesAsCapabilities, "0104000100", false},
		{"parameters", FramesAsOptParams, "0206010400010001 02020200", true},
		{"parameter of length 0", FramesAsOptParams, "0200", false},
		{"parameter holding a cut capability", FramesAsOptParams, "020301040001", false},
		{"open body", FramesAsOpenBody, "04 fde8 00b4 c0000201 08 0206010400010001", true},
		{"open body version 3", FramesAsOpenBody, "03 fde8 00b4 c0000201 00", false},
		{"open body wrong parameter length", FramesAsOpenBody, "04 fde8 00b4 c0000201 09 0206010400010001", false},
	}
	for _, c := range cases {
		if got := c.f(hx(t, c.in)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestUpdateBodyCut(t *testing.T) {
	cases := []struct {
		in                  string
		wl, al, alOff, have int
	}{
		{"00", 0, 0, 0, 0},
		{"0000 00", 0, 0, 2, 1},
		{"0000 0014 4001", 0, 20, 2, 2},
		{"0004 18c63364 0000", 4, 0, 6, 2},
	}
	for _, c := range cases {
		wl, al, alOff, have := UpdateBodyCut(hx(t, c.in))
		if wl != c.wl || al != c.al || alOff != c.alOff || have != c.have {
			t.Errorf("%s: %d %d %d %d, want %d %d %d %d", c.in, wl, al, alOff, have, c.wl, c.al, c.alOff, c.have)
		}
	}
}

func TestNotificationDataForms(t *testing.T) {
	afi, safi, limit, n := ParseMaxPrefixesCut(hx(t, "000101"))
	if afi != AFIIPv4 || safi != SAFIUnicast || limit != 0 || n != 2 {
		t.Errorf("cut max prefixes: %v %v %d %d", afi, safi, limit, n)
	}
	if _, _, limit, n := ParseMaxPrefixesCut(hx(t, "00010100000064")); limit != 100 || n != 3 {
		t.Errorf("whole max prefixes: %d %d", limit, n)
	}
	if id, ok := ParseBadBGPIdentifier(hx(t, "c0000201")); !ok || id.String() != "192.0.2.1" {
		t.Errorf("identifier %v %v", id, ok)
	}
	if _, ok := ParseBadBGPIdentifier(hx(t, "c00002")); ok {
		t.Error("3 octets read as an identifier")
	}
	if as, ok := ParseBadPeerASPadded(hx(t, "00640000")); !ok || as != 100 {
		t.Errorf("padded AS %d %v", as, ok)
	}
	for _, in := range []string{"00000000", "00640001", "0064"} {
		if _, ok := ParseBadPeerASPadded(hx(t, in)); ok {
			t.Errorf("%s read as a padded AS", in)
		}
	}
}

// FuzzFrames: the Frames* checks never panic, and an UPDATE body they
// accept is one ParseUpdate can frame.
func FuzzFrames(f *testing.F) {
	f.Add(hx(f, "0000 0014 40010100 400206020100000001 400304c0000201 18c63364"))
	f.Add(hx(f, "0206010400010001"))
	f.Fuzz(func(t *testing.T, b []byte) {
		FramesAsAttrs(b)
		FramesAsCapabilities(b)
		FramesAsOptParams(b)
		FramesAsOpenBody(b)
		FramesAsIPv4Prefixes(b)
		UpdateBodyCut(b)
		ParseMaxPrefixesCut(b)
		if FramesAsUpdateBody(b) && len(b)+HeaderLen <= MaxMessageLen {
			msg := append(append(make([]byte, 0, HeaderLen+len(b)), hx(t, "ffffffffffffffffffffffffffffffff")...), byte((HeaderLen+len(b))>>8), byte(HeaderLen+len(b)), byte(MsgUpdate))
			msg = append(msg, b...)
			if _, err := ParseUpdate(msg, Session{AS4: true}); err != nil {
				t.Fatalf("body frames but ParseUpdate fails: %v", err)
			}
		}
	})
}
