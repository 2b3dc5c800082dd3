package bgp

import (
	"bytes"
	"testing"
)

var refreshVectors = []struct {
	name string
	hex  string
	orf  bool // decode with DecodeRouteRefreshORF
	want RouteRefresh
	str  string
}{
	{"request IPv4 unicast", `
		ffffffff ffffffff ffffffff ffffffff 0017 05 # length 23, ROUTE-REFRESH
		0001 00 01                                  # AFI 1, subtype 0 (RFC 2918: Reserved), SAFI 1`,
		false, RouteRefresh{Family: IPv4Unicast, Subtype: RefreshNormal}, "Route-Refresh IPv4 Unicast"},
	{"BoRR IPv6 unicast", `
		ffffffff ffffffff ffffffff ffffffff 0017 05
		0002 01 01                                  # AFI 2, subtype 1 BoRR (RFC 7313 §3.2), SAFI 1`,
		false, RouteRefresh{Family: IPv6Unicast, Subtype: RefreshBoRR}, "BoRR IPv6 Unicast"},
	{"EoRR IPv4 VPN", `
		ffffffff ffffffff ffffffff ffffffff 0017 05
		0001 02 80                                  # AFI 1, subtype 2 EoRR, SAFI 128`,
		false, RouteRefresh{Family: IPv4VPN, Subtype: RefreshEoRR}, "EoRR IPv4 MPLS VPN"},
	{"unknown subtype", `
		ffffffff ffffffff ffffffff ffffffff 0017 05
		0001 07 01                                  # subtype 7: RFC 7313 §5 says ignore`,
		false, RouteRefresh{Family: IPv4Unicast, Subtype: 7}, "RefreshSubtype(7) IPv4 Unicast"},
	{"reserved subtype with trailing octets", `
		ffffffff ffffffff ffffffff ffffffff 0019 05
		0001 ff 01                                  # subtype 255, Reserved
		abcd                                        # ignored with the message, kept`,
		false, RouteRefresh{Family: IPv4Unicast, Subtype: RefreshReserved, ORF: []byte{0xab, 0xcd}}, "Reserved IPv4 Unicast, ORF 2 octets"},
	{"request with ORF entries", `
		ffffffff ffffffff ffffffff ffffffff 0024 05 # length 36
		0001 00 01                                  # IPv4 unicast request
		01                                          # RFC 5291: When-to-refresh IMMEDIATE
		40 0009                                     # ORF type 64 (Address Prefix, RFC 5292), 9 octets
		00 0000000a 18 18 08 0a                     # ADD permit, seq 10, 24..24, 10.0.0.0/8 (kept raw)`,
		true, RouteRefresh{Family: IPv4Unicast, Subtype: RefreshNormal, ORF: []byte{1, 0x40, 0, 9, 0, 0, 0, 0, 0x0a, 0x18, 0x18, 8, 0x0a}}, "Route-Refresh IPv4 Unicast, ORF 13 octets"},
	{"plain request on an ORF session", `
		ffffffff ffffffff ffffffff ffffffff 0017 05
		0001 00 01`,
		true, RouteRefresh{Family: IPv4Unicast, Subtype: RefreshNormal}, "Route-Refresh IPv4 Unicast"},
}

func decodeRefresh(msg []byte, s Session, orf bool) (RouteRefresh, error) {
	if orf {
		return DecodeRouteRefreshORF(msg, s)
	}
	return DecodeRouteRefresh(msg, s)
}

func sameRefresh(a, b RouteRefresh) bool {
	return a.Family == b.Family && a.Subtype == b.Subtype && bytes.Equal(a.ORF, b.ORF)
}

func TestDecodeRouteRefreshVectors(t *testing.T) {
	for _, v := range refreshVectors {
		t.Run(v.name, func(t *testing.T) {
			msg := unhex(t, v.hex)
			r, err := decodeRefresh(msg, Session{}, v.orf)
			if err != nil {
				t.Fatal(err)
			}
			if !sameRefresh(r, v.want) {
				t.Errorf("got %+v, want %+v", r, v.want)
			}
			if got := r.String(); got != v.str {
				t.Errorf("String %q, want %q", got, v.str)
			}
			if r.Type() != MsgRouteRefresh {
				t.Errorf("Type %v", r.Type())
			}
			out, err := r.Append([]byte{0xaa}, Session{})
			if err != nil || out[0] != 0xaa || !bytes.Equal(out[1:], msg) {
				t.Errorf("Append %x, %v", out, err)
			}
		})
	}
}

func TestRefreshSubtype(t *testing.T) {
	for _, c := range []struct {
		t     RefreshSubtype
		name  string
		known bool
	}{
		{RefreshNormal, "Route-Refresh", true},
		{RefreshBoRR, "BoRR", true},
		{RefreshEoRR, "EoRR", true},
		{3, "RefreshSubtype(3)", false},
		{RefreshReserved, "Reserved", false},
	} {
		if c.t.String() != c.name || c.t.Known() != c.known {
			t.Errorf("%d: %q %v", c.t, c.t.String(), c.t.Known())
		}
	}
}

func TestDecodeRouteRefreshErrors(t *testing.T) {
	ff := "ffffffff ffffffff ffffffff ffffffff"
	for _, c := range []struct {
		name  string
		hex   string
		orf   bool
		off   int
		code  Code
		sub   uint8
		whole bool   // the error's Data is the whole message (RFC 7313 §5)
		data  string // else the hex of the error's Data
	}{
		{"request of 24 octets", ff + " 0018 05 0001 00 01 00", false, OffLength, CodeRouteRefresh, SubInvalidMessageLength, true, ""},
		{"BoRR of 24 octets", ff + " 0018 05 0001 01 01 00", false, OffLength, CodeRouteRefresh, SubInvalidMessageLength, true, ""},
		{"EoRR of 24 octets on an ORF session", ff + " 0018 05 0001 02 01 00", true, OffLength, CodeRouteRefresh, SubInvalidMessageLength, true, ""},
		{"22 octets", ff + " 0016 05 0001 00", false, OffLength, CodeRouteRefresh, SubInvalidMessageLength, true, ""},
		{"19 octets", ff + " 0013 05", true, OffLength, CodeRouteRefresh, SubInvalidMessageLength, true, ""},
		{"22 octets, truncated", ff + " 0016 05 00", false, 20, CodeMessageHeader, SubBadMessageLength, false, ""},
		{"18 octets", ff + " 0012 05", false, OffLength, CodeMessageHeader, SubBadMessageLength, false, "0012"},
		{"longer than 4096", ff + " 1001 05 0001 00 01", true, OffLength, CodeMessageHeader, SubBadMessageLength, false, "1001"},
		{"truncated", ff + " 0017 05 0001", false, 21, CodeMessageHeader, SubBadMessageLength, false, ""},
		{"not a ROUTE-REFRESH", ff + " 0013 04", false, OffType, CodeMessageHeader, SubBadMessageType, false, "04"},
		{"bad marker", ff[:33] + "fe 0017 05 0001 00 01", false, 15, CodeMessageHeader, SubConnectionNotSynchronized, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := unhex(t, c.hex)
			_, err := decodeRefresh(msg, Session{}, c.orf)
			e := wantErr(t, err, c.off, c.code, c.sub, SessionReset)
			want := c.data
			if c.whole {
				want = hexString(msg)
			}
			if hexString(e.Data) != want {
				t.Errorf("error data %x, want %s", e.Data, want)
			}
		})
	}
}

func TestRouteRefreshAppendErrors(t *testing.T) {
	r := RouteRefresh{Family: IPv4Unicast, Subtype: RefreshEoRR, ORF: []byte{1}}
	out, err := r.Append([]byte{7}, Session{})
	wantErr(t, err, OffRouteRefreshORF, CodeRouteRefresh, SubInvalidMessageLength, SessionReset)
	if !bytes.Equal(out, []byte{7}) {
		t.Errorf("dst changed %x", out)
	}
	// ORF entries beyond 4096 octets need extended messages (RFC 8654).
	r = RouteRefresh{Family: IPv4Unicast, ORF: make([]byte, 5000)}
	if _, err := r.Append(nil, Session{}); err == nil {
		t.Error("5023-octet ROUTE-REFRESH encoded without extended messages")
	}
	ext := Session{ExtendedMsg: true}
	msg, err := r.Append(nil, ext)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRouteRefreshORF(msg, ext)
	if err != nil || !sameRefresh(got, r) {
		t.Errorf("extended round trip %v", err)
	}
}

func TestDecodeRouteRefreshAllocs(t *testing.T) {
	noAllocsRoundTrip(t, unhex(t, refreshVectors[5].hex), func(m []byte) (RouteRefresh, error) { return DecodeRouteRefreshORF(m, Session{}) }, nil)
}

func BenchmarkDecodeRouteRefresh(b *testing.B) {
	benchDecode(b, unhex(b, refreshVectors[1].hex), func(m []byte) (RouteRefresh, error) { return DecodeRouteRefresh(m, Session{}) })
}

func BenchmarkRouteRefreshAppend(b *testing.B) {
	benchAppend(b, RouteRefresh{Family: IPv6Unicast, Subtype: RefreshBoRR}, 64)
}

// FuzzDecodeRouteRefresh: no panic; a decoded message re-encodes to the
// same bytes and decodes to the same value.
func FuzzDecodeRouteRefresh(f *testing.F) {
	for _, v := range refreshVectors {
		f.Add(unhex(f, v.hex), v.orf, false)
	}
	f.Add(unhex(f, "ffffffff ffffffff ffffffff ffffffff 0018 05 0001 01 01 00"), false, true)
	f.Fuzz(func(t *testing.T, msg []byte, orf, ext bool) {
		s := Session{ExtendedMsg: ext}
		fuzzMessage(t, msg, s, func(b []byte) (RouteRefresh, error) { return decodeRefresh(b, s, orf) },
			func(a, b RouteRefresh) bool {
				_ = a.String()
				return sameRefresh(a, b)
			})
	})
}
