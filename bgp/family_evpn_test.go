package bgp

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/hexvec"
)

// evpnVectors are EVPN NLRI entries written from the route type figures of
// RFC 7432 §7.1-7.4, RFC 9136 §3.1, RFC 9251 §9.1-9.3 and RFC 9572
// §3.1-3.3, with the text each reads as.
var evpnVectors = []struct{ name, hex, text string }{
	{"type 1: RD, ESI, tag, label", "01 19 0000fde800000064 00000000000000000000 00000000 000641",
		"ethernet-ad rd 65000:100 esi 0 tag 0 label 100/vni 1601"},
	{"type 2: LACP ESI, MAC, IPv4, two labels", "02 28 0001c00002010007 01001122334455000100 00000064 30 00005e005301 20 c0000264 000641 002774",
		"mac-ip rd 192.0.2.1:7 esi 01:00:11:22:33:44:55:00:01:00 tag 100 mac 00:00:5e:00:53:01 ip 192.0.2.100 label 100,631/vni 1601"},
	{"type 2: no IP, one label", "02 21 0000fde800000064 00000000000000000000 00000000 30 00005e005301 00 000641",
		"mac-ip rd 65000:100 esi 0 tag 0 mac 00:00:5e:00:53:01 label 100/vni 1601"},
	{"type 2: IPv6", "02 31 0000fde800000064 00000000000000000000 00000000 30 00005e005301 80 20010db8000000000000000000000001 000641",
		"mac-ip rd 65000:100 esi 0 tag 0 mac 00:00:5e:00:53:01 ip 2001:db8::1 label 100/vni 1601"},
	{"type 3: IPv4 originator", "03 11 0000fde800000064 00000000 20 c0000201",
		"inclusive-multicast rd 65000:100 tag 0 originator 192.0.2.1"},
	{"type 4: MAC-based ESI, IPv6 originator", "04 23 0000fde800000064 03001122334455000001 80 20010db8000000000000000000000001",
		"ethernet-segment rd 65000:100 esi 03:00:11:22:33:44:55:00:00:01 originator 2001:db8::1"},
	{"type 5: IPv4", "05 22 0000fde800000064 00000000000000000000 00000000 18 c6336400 c0000201 000641",
		"ip-prefix rd 65000:100 esi 0 tag 0 prefix 198.51.100.0/24 gateway 192.0.2.1 label 100/vni 1601"},
	{"type 5: IPv6", "05 3a 0000fde800000064 00000000000000000000 00000000 20 20010db8000000000000000000000000 00000000000000000000000000000000 000641",
		"ip-prefix rd 65000:100 esi 0 tag 0 prefix 2001:db8::/32 gateway :: label 100/vni 1601"},
	{"type 6: (*,G)", "06 18 0000fde800000064 00000000 00 20 e0000001 20 c0000201 01",
		"smet rd 65000:100 tag 0 group 224.0.0.1 originator 192.0.2.1 flags 1"},
	{"type 7: (S,G)", "07 26 0000fde800000064 00000000000000000000 00000000 20 c0000202 20 e0000001 20 c0000201 02",
		"join-synch rd 65000:100 esi 0 tag 0 source 192.0.2.2 group 224.0.0.1 originator 192.0.2.1 flags 2"},
	{"type 8", "08 27 0000fde800000064 00000000000000000000 00000000 00 20 e0000001 20 c0000201 00000000 0a 01",
		"leave-synch rd 65000:100 esi 0 tag 0 group 224.0.0.1 originator 192.0.2.1 reserved 0 max_response_time 10 flags 1"},
	{"type 9", "09 14 0000fde800000064 00000000 0002fde800000001",
		"per-region-i-pmsi rd 65000:100 tag 0 region rt:65000:1"},
	{"type 10", "0a 17 0000fde800000064 00000000 00 20 e0000001 20 c0000201",
		"s-pmsi rd 65000:100 tag 0 group 224.0.0.1 originator 192.0.2.1"},
	{"type 11: the key is a type 10 route", "0b 1e 0a170000fde8000000640000000000 20 e0000001 20 c0000201 20 c0000202",
		"leaf-ad route-key 0a170000fde800000064000000000020e000000120c0000201 originator 192.0.2.2"},
	{"an unknown type", "2a 03 010203", "42 value 010203"},
}

func init() {
	f := Family{AFIL2VPN, SAFIEVPN}
	for _, v := range evpnVectors {
		entrySamples[f] = append(entrySamples[f], struct{ hex, text string }{v.hex, v.text})
	}
}

// TestEVPN reads every vector, writes its text, and re-encodes it from the
// owned value byte for byte.
func TestEVPN(t *testing.T) {
	for _, tc := range evpnVectors {
		t.Run(tc.name, func(t *testing.T) {
			b := unhex(t, tc.hex)
			v, err := ParseEVPN(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(v.AppendText(nil)); got != tc.text {
				t.Errorf("text\n %s, want\n %s", got, tc.text)
			}
			r, err := DecodeEVPN(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.AppendBinary(nil); !bytes.Equal(got, b) {
				t.Errorf("re-encoded %x, want %x", got, b)
			}
			// Fields tile the value: no gap, no overlap.
			at := 2
			for s := range v.Fields() {
				if s.Off != at {
					t.Errorf("%v at %d, want %d", s.Field, s.Off, at)
				}
				at += s.Len
			}
			if v.RouteType() < evpnKnownTypes && at != len(b) {
				t.Errorf("fields end at %d of %d", at, len(b))
			}
		})
	}
}

// TestEVPNFields checks the getters against the figures.
func TestEVPNFields(t *testing.T) {
	v, err := ParseEVPN(unhex(t, evpnVectors[1].hex), 100)
	if err != nil {
		t.Fatal(err)
	}
	e := v.ESI()
	if v.RD().String() != "192.0.2.1:7" || e.Type() != 1 || v.EthernetTag() != 100 || v.MAC().String() != "00:00:5e:00:53:01" ||
		v.IP().String() != "192.0.2.100" || string(e.AppendDescription(nil)) != "CE LACP system MAC 00:11:22:33:44:55, port key 1" {
		t.Errorf("fields: %v %v %v %v %v", v.RD(), e, v.EthernetTag(), v.MAC(), v.IP())
	}
	if l, n := v.Labels(); n != 2 || l[0]>>4 != 100 || l[1] != 0x2774 {
		t.Errorf("labels %x %d", l, n)
	}
	if b, off := v.Field(EVPNMAC); off != 100+2+8+10+4+1 || len(b) != 6 {
		t.Errorf("MAC at %d", off)
	}
	if v.Has(EVPNOriginator) || v.Originator().IsValid() {
		t.Error("a MAC/IP route has an originator")
	}
	for _, tc := range []struct {
		esi, want string
	}{
		{"02 001122334455 8000 00", "root bridge MAC 00:11:22:33:44:55, priority 32768"},
		{"03 001122334455 000102", "system MAC 00:11:22:33:44:55, local discriminator 258"},
		{"04 c0000201 00000007 00", "router ID 192.0.2.1, local discriminator 7"},
		{"05 0000fde8 00000007 00", "AS 65000, local discriminator 7"},
		{"00 112233445566778899", ""},
	} {
		if got := string(ESI(unhex(t, tc.esi)).AppendDescription(nil)); got != tc.want {
			t.Errorf("ESI %s: %q, want %q", tc.esi, got, tc.want)
		}
	}
}

// TestEVPNErrors: every check of ParseEVPN fails an entry, at the field's
// offset.
func TestEVPNErrors(t *testing.T) {
	for _, tc := range []struct {
		name, hex string
		off       int
		reason    string
	}{
		{"no length", "01", 0, "shorter"},
		{"length mismatch", "03 12 0000fde800000064 00000000 20 c0000201", 1, "length does not match"},
		{"type 1 too long", "01 1a 0000fde800000064 00000000000000000000 00000000 000641 00", 27, "longer than"},
		{"type 1 cut", "01 18 0000fde800000064 00000000000000000000 00000000 0006", 24, "MPLS Label1 overruns"},
		{"MAC length 47", "02 21 0000fde800000064 00000000000000000000 00000000 2f 00005e005301 00 000641", 24, "MAC Address Length"},
		{"IP length 24", "02 24 0000fde800000064 00000000000000000000 00000000 30 00005e005301 18 c00002 000641", 32, "32 or 128"},
		{"IP overruns", "02 24 0000fde800000064 00000000000000000000 00000000 30 00005e005301 80 c0000201 0006", 32, "IP Address overruns"},
		{"originator length 0", "03 0d 0000fde800000064 00000000 00", 15, "32 or 128"},
		{"type 5 of 35 octets", "05 23 0000fde800000064 00000000000000000000 00000000 18 c6336400 c0000201 000641 00", 25, "neither 34"},
		{"type 5 prefix too long", "05 22 0000fde800000064 00000000000000000000 00000000 21 c6336400 c0000201 000641", 25, "longer than the address"},
		{"type 11 without originator", "0b 03 010203", 2, "no originator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseEVPN(unhex(t, tc.hex), 0)
			var e *Error
			if !errors.As(err, &e) || e.Off != tc.off || !strings.Contains(e.Reason, tc.reason) || e.Subcode != SubInvalidNetworkField {
				t.Errorf("error %v, want offset %d %q", err, tc.off, tc.reason)
			}
			if _, err := DecodeEVPN(unhex(t, tc.hex), 0); err == nil {
				t.Error("DecodeEVPN accepted it")
			}
		})
	}
}

// TestEVPNAllocs: the view reads without allocating.
func TestEVPNAllocs(t *testing.T) {
	b := unhex(t, evpnVectors[1].hex)
	noAllocs(t, func() {
		v, err := ParseEVPN(b, 0)
		if err != nil || v.MAC()[5] != 1 || !v.IP().IsValid() {
			t.Fatal(err)
		}
		for range v.Fields() {
		}
	})
}

func BenchmarkEVPNView(b *testing.B) {
	m := unhex(b, evpnVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseEVPN(m, 0)
		_ = v.MAC()
		_ = v.IP()
		_, _ = v.Labels()
	}
}

func BenchmarkEVPNEntryJSON(b *testing.B) {
	e := NLRI{Value: unhex(b, evpnVectors[1].hex)}
	f := Family{AFIL2VPN, SAFIEVPN}
	dst := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		dst = f.AppendEntryJSON(dst[:0], e)
	}
}

// FuzzEVPN: no input panics, and what parses re-encodes to itself.
func FuzzEVPN(f *testing.F) {
	for _, tc := range evpnVectors {
		b, _ := hexvec.Parse(tc.hex)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzEntry(t, Family{AFIL2VPN, SAFIEVPN}, b, viewEntry(ParseEVPN)) })
}

// TestEVPNBuild: a route built by hand encodes to the vector's octets.
func TestEVPNBuild(t *testing.T) {
	r := EVPNRoute{Type: EVPNMACIP, RD: RD(unhex(t, "0001c00002010007")), ESI: ESI(unhex(t, "01001122334455000100")),
		EthernetTag: 100, MAC: MAC{0, 0, 0x5e, 0, 0x53, 1}, IP: netip.MustParseAddr("192.0.2.100"),
		Labels: [2]uint32{0x000641, 0x002774}, NumLabels: 2}
	if got, want := r.AppendBinary(nil), unhex(t, evpnVectors[1].hex); !bytes.Equal(got, want) {
		t.Errorf("built %x, want %x", got, want)
	}
}
