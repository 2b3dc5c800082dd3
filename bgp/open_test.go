package bgp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// frrOpen is an OPEN as FRR sends it: one Capabilities parameter per
// capability, 4-octet AS 4200000000 behind AS_TRANS. Layout from RFC 4271
// §4.2 and RFC 5492 §4; capability values from their RFCs.
const frrOpen = `
ffffffff ffffffff ffffffff ffffffff # marker
008a 01                             # length 138, OPEN
04                                  # Version 4
5ba0                                # My Autonomous System 23456 (AS_TRANS)
00b4                                # Hold Time 180
c0000201                            # BGP Identifier 192.0.2.1
6d                                  # Opt Parm Len 109
02 06 01 04 0001 00 01              # Capabilities: Multiprotocol IPv4 unicast (RFC 4760 §8)
02 06 01 04 0002 00 01              # Capabilities: Multiprotocol IPv6 unicast
02 02 80 00                         # Capabilities: Route Refresh (Cisco, 128), empty
02 02 02 00                         # Capabilities: Route Refresh (RFC 2918)
02 02 46 00                         # Capabilities: Enhanced Route Refresh (RFC 7313)
02 06 41 04 fa56ea00                # Capabilities: 4-octet AS 4200000000 (RFC 6793)
02 0a 45 08 0001 01 03 0002 01 01   # Capabilities: ADD-PATH IPv4 uc send/receive, IPv6 uc receive (RFC 7911)
02 11 49 0f 02 7231 0b 6578616d706c652e6e6574 # Capabilities: FQDN "r1" "example.net"
02 04 40 02 c0 78                   # Capabilities: Graceful Restart R=1 N=1, time 120 (RFC 4724, RFC 8538)
02 02 47 00                         # Capabilities: Long-Lived Graceful Restart, no family (RFC 9494)
02 02 06 00                         # Capabilities: Extended Message (RFC 8654)
02 03 09 01 03                      # Capabilities: BGP Role Customer (RFC 9234)
02 08 05 06 0001 0001 0002          # Capabilities: Extended Next Hop IPv4 unicast over IPv6 (RFC 8950)
02 0b 4b 09 08 4652522f31302e32     # Capabilities: Software Version "FRR/10.2"
`

// ciscoOpen groups several capabilities in one parameter (RFC 5492 §4
// allows it) and has a second parameter after it.
const ciscoOpen = `
ffffffff ffffffff ffffffff ffffffff # marker
0035 01                             # length 53, OPEN
04                                  # Version 4
fde9                                # My AS 65001
005a                                # Hold Time 90
0a000001                            # BGP Identifier 10.0.0.1
18                                  # Opt Parm Len 24
02 0e                               # Capabilities parameter, 14 octets:
   01 04 0001 00 01                 #   Multiprotocol IPv4 unicast
   02 00                            #   Route Refresh
   41 04 0000fde9                   #   4-octet AS 65001
02 06 01 04 0002 00 01              # Capabilities: Multiprotocol IPv6 unicast
`

// extendedOpen uses the RFC 9072 §2 extended form of the Optional
// Parameters although they are short (which RFC 9072 §2 allows).
const extendedOpen = `
ffffffff ffffffff ffffffff ffffffff # marker
002e 01                             # length 46, OPEN
04 fde9 00b4 c0000201               # Version 4, AS 65001, Hold Time 180, 192.0.2.1
ff                                  # Non-Ext OP Len 255
ff                                  # Non-Ext OP Type 255: extended form
000e                                # Extended Opt. Parm. Length 14
02 0006 01 04 0001 00 01            # Capabilities, 2-octet length 6: Multiprotocol IPv4 unicast
02 0002 02 00                       # Capabilities, 2-octet length 2: Route Refresh
`

// bareOpen has no Optional Parameters: a speaker without capabilities.
const bareOpen = `
ffffffff ffffffff ffffffff ffffffff 001d 01 # marker, length 29, OPEN
04 fde9 00b4 c0000201 00                    # Version 4, AS 65001, Hold 180, 192.0.2.1, Opt Parm Len 0
`

func openWantErr(t *testing.T, err error, off int, code Code, sub uint8) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *Error", err)
	}
	if e.Off != off || e.Code != code || e.Subcode != sub || e.Action != SessionReset {
		t.Fatalf("error %v: off %d %d/%d %v, want off %d %d/%d session-reset", e, e.Off, e.Code, e.Subcode, e.Action, off, code, sub)
	}
	return e
}

// openVec gives the OPEN vector s and its view; ParseOpen must frame it.
func openVec(t *testing.T, s string) ([]byte, OpenView) {
	t.Helper()
	msg := unhex(t, s)
	v, err := ParseOpen(msg)
	if err != nil {
		t.Fatal(err)
	}
	return msg, v
}

func TestParseOpenFRR(t *testing.T) {
	_, v := openVec(t, frrOpen)
	if v.Version() != 4 || v.MyAS() != 23456 || v.HoldTime() != 180 || v.BGPIdentifier() != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("fixed fields %d %d %d %v", v.Version(), v.MyAS(), v.HoldTime(), v.BGPIdentifier())
	}
	if v.Extended() || !v.Framed() {
		t.Errorf("extended %v framed %v", v.Extended(), v.Framed())
	}
	if v.AS() != 4200000000 {
		t.Errorf("AS %d", v.AS())
	}
	if s := v.OptParamsSpan(); s != (Span{29, 109}) {
		t.Errorf("span %v", s)
	}
	if e := v.Check(); e != nil {
		t.Errorf("check %v", e)
	}
	var codes []string
	var offs []int
	for c := range v.Capabilities() {
		codes = append(codes, c.Code.String())
		offs = append(offs, c.Off)
	}
	want := "Multiprotocol Extensions,Multiprotocol Extensions,Route Refresh (Cisco),Route Refresh,Enhanced Route Refresh," +
		"4-octet AS,ADD-PATH,FQDN,Graceful Restart,Long-Lived Graceful Restart,Extended Message,BGP Role,Extended Next Hop Encoding,Software Version"
	if got := strings.Join(codes, ","); got != want {
		t.Errorf("capabilities\n got %s\nwant %s", got, want)
	}
	// Each parameter header is 2 octets, so each capability starts 2
	// octets after its parameter: 29+2, then previous + previous length.
	wantOffs := []int{31, 39, 47, 51, 55, 59, 67, 79, 98, 104, 108, 112, 117, 127}
	if !reflect.DeepEqual(offs, wantOffs) {
		t.Errorf("offsets %v, want %v", offs, wantOffs)
	}
	n := 0
	for p := range v.Params() {
		if p.Type != OptParamCapabilities || p.HeaderLen() != 2 {
			t.Errorf("param %v header %d", p.Type, p.HeaderLen())
		}
		n++
	}
	if n != 14 {
		t.Errorf("%d params", n)
	}
}

func TestDecodeOpenFRR(t *testing.T) {
	msg := unhex(t, frrOpen)
	o, err := DecodeOpen(msg)
	if err != nil {
		t.Fatal(err)
	}
	var want []Capability
	for _, v := range []CapValue{
		CapMultiprotocol{Family: IPv4Unicast},
		CapMultiprotocol{Family: IPv6Unicast},
	} {
		want = append(want, NewCapability(v))
	}
	want = append(want, Capability{Code: CapCodeRouteRefreshCisco, Value: CapRaw{}})
	for _, v := range []CapValue{
		CapRouteRefresh{},
		CapEnhancedRouteRefresh{},
		CapAS4{AS: 4200000000},
		CapAddPath{Entries: []AddPathEntry{{IPv4Unicast, AddPathBoth}, {IPv6Unicast, AddPathReceive}}},
		CapFQDN{Hostname: "r1", Domain: "example.net"},
		CapGracefulRestart{Flags: GRRestartState | GRNotification, Time: 120},
		CapLLGR{},
		CapExtendedMessage{},
		CapRole{Role: RoleCustomer},
		CapExtendedNextHop{Tuples: []ExtNextHopTuple{{IPv4Unicast, AFIIPv6}}},
		CapSoftwareVersion{Version: "FRR/10.2"},
	} {
		want = append(want, NewCapability(v))
	}
	if got := o.Capabilities(); !reflect.DeepEqual(got, want) {
		t.Errorf("capabilities\n got %#v\nwant %#v", got, want)
	}
	if o.AS() != 4200000000 || o.MyAS != ASTrans || o.Type() != MsgOpen {
		t.Errorf("AS %d MyAS %d", o.AS(), o.MyAS)
	}
	if len(o.Params) != 14 {
		t.Errorf("%d params", len(o.Params))
	}
}

func TestParseOpenGroupedCapabilities(t *testing.T) {
	_, v := openVec(t, ciscoOpen)
	var got []string
	for c := range v.Capabilities() {
		got = append(got, c.Code.String()+"@"+itoa(c.Off))
	}
	// First parameter at 29, its capabilities at 31, 37, 39; second
	// parameter at 45, its capability at 47.
	if s := strings.Join(got, " "); s != "Multiprotocol Extensions@31 Route Refresh@37 4-octet AS@39 Multiprotocol Extensions@47" {
		t.Errorf("capabilities %s", s)
	}
	if v.AS() != 65001 {
		t.Errorf("AS %d", v.AS())
	}
	o, err := v.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Params) != 2 || len(o.Params[0].Caps) != 3 || len(o.Params[1].Caps) != 1 {
		t.Fatalf("grouping lost: %+v", o.Params)
	}
}

func TestParseOpenExtended(t *testing.T) {
	msg, v := openVec(t, extendedOpen)
	if !v.Extended() {
		t.Fatal("not extended")
	}
	if s := v.OptParamsSpan(); s != (Span{OffOpenExtOptParams, 14}) {
		t.Errorf("span %v", s)
	}
	var offs []int
	for p := range v.Params() {
		if p.HeaderLen() != 3 {
			t.Errorf("header len %d", p.HeaderLen())
		}
		offs = append(offs, p.Off)
	}
	if !reflect.DeepEqual(offs, []int{32, 41}) {
		t.Errorf("param offsets %v", offs)
	}
	var caps []string
	for c := range v.Capabilities() {
		caps = append(caps, c.Code.String()+"@"+itoa(c.Off))
	}
	if s := strings.Join(caps, " "); s != "Multiprotocol Extensions@35 Route Refresh@44" {
		t.Errorf("capabilities %s", s)
	}
	o, err := DecodeOpen(msg)
	if err != nil || !o.Extended || o.NonExtOptParmLen != 0 {
		t.Fatalf("decode %+v %v", o, err)
	}
}

func TestOpenRoundTrip(t *testing.T) {
	for name, vec := range map[string]string{
		"frr": frrOpen, "cisco": ciscoOpen, "extended": extendedOpen, "bare": bareOpen,
		// RFC 9072 §2: the Non-Ext OP Len is ignored on receipt once the
		// extended form is detected; it is kept for re-encoding.
		"extended, Non-Ext OP Len 1": `ffffffff ffffffff ffffffff ffffffff 0029 01 04 fde9 00b4 c0000201
			01 ff 0009 02 0006 01 04 0001 00 01 # Non-Ext OP Len 1, type 255, length 9, one parameter`,
		// A malformed capability value is kept raw and re-encoded as is.
		"malformed multiprotocol": `ffffffff ffffffff ffffffff ffffffff 0022 01 04 fde9 00b4 c0000201
			05 02 03 01 01 aa # Capabilities: Multiprotocol with a 1-octet value`,
		// Authentication (deprecated) is kept as raw bytes even though it
		// is reported as unsupported.
		"authentication": `ffffffff ffffffff ffffffff ffffffff 0021 01 04 fde9 00b4 c0000201
			04 01 02 aabb # Authentication Information, 2 octets`,
		// Empty Capabilities parameter and an ADD-PATH with a bad mode (raw).
		"odd": `ffffffff ffffffff ffffffff ffffffff 0027 01 04 fde9 00b4 c0000201
			0a 02 00 02 06 45 04 0001 01 07`,
	} {
		t.Run(name, func(t *testing.T) {
			msg := unhex(t, vec)
			o, err := DecodeOpen(msg)
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Subcode != SubUnsupportedOptionalParameter) {
				t.Fatal(err)
			}
			out, err := o.Append(nil, Session{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, msg) {
				t.Fatalf("re-encoded\n got %x\nwant %x", out, msg)
			}
			o2, _ := DecodeOpen(out)
			if !reflect.DeepEqual(o, o2) {
				t.Errorf("decode(append(decode(x))) differs:\n%+v\n%+v", o, o2)
			}
		})
	}
}

func TestParseOpenErrors(t *testing.T) {
	ff := "ffffffff ffffffff ffffffff ffffffff "
	fixed := " 04 fde9 00b4 c0000201 "
	for _, c := range []struct {
		name       string
		hex        string
		off        int
		code       Code
		sub        uint8
		data       string
		stillValid bool // the view is complete despite the error
	}{
		{"not an OPEN", ff + "0017 02 0000 0000", OffType, CodeMessageHeader, SubBadMessageType, "02", false},
		{"shorter than 29", ff + "001c 01 04 fde9 00b4 c0000201", OffLength, CodeMessageHeader, SubBadMessageLength, "001c", false},
		{"truncated", ff + "0021 01" + fixed + "04 02 02 02", 32, CodeMessageHeader, SubBadMessageLength, "", false},
		{"version 3", ff + "001d 01 03 fde9 00b4 c0000201 00", OffOpenVersion, CodeOpen, SubUnsupportedVersionNumber, "0004", false},
		{"version 5", ff + "001d 01 05 fde9 00b4 c0000201 00", OffOpenVersion, CodeOpen, SubUnsupportedVersionNumber, "0004", false},
		{"opt parm len too long", ff + "001f 01" + fixed + "04 02 00", OffOpenOptParmLen, CodeOpen, SubUnspecific, "", false},
		{"opt parm len too short", ff + "001f 01" + fixed + "01 02 00", OffOpenOptParmLen, CodeOpen, SubUnspecific, "", false},
		{"parameter overruns", ff + "0021 01" + fixed + "04 02 05 0200", 29, CodeOpen, SubUnspecific, "", false},
		{"parameter header truncated", ff + "0022 01" + fixed + "05 02 02 0200 02", 33, CodeOpen, SubUnspecific, "", false},
		{"capability overruns", ff + "0023 01" + fixed + "06 02 04 0105 0001", 31, CodeOpen, SubUnspecific, "", false},
		{"capability header truncated", ff + "0022 01" + fixed + "05 02 03 0200 41", 33, CodeOpen, SubUnspecific, "", false},
		{"extended form truncated", ff + "001e 01" + fixed + "01 ff", OffOpenNonExtOPType, CodeOpen, SubUnspecific, "", false},
		{"extended length too long", ff + "0021 01" + fixed + "ff ff 0002 02", OffOpenExtOptParmLen, CodeOpen, SubUnspecific, "", false},
		{"extended parameter overruns", ff + "0023 01" + fixed + "ff ff 0003 02 0001", 32, CodeOpen, SubUnspecific, "", false},
		{"my AS zero", ff + "001d 01 04 0000 00b4 c0000201 00", OffOpenMyAS, CodeOpen, SubBadPeerAS, "", true},
		{"hold time 1", ff + "001d 01 04 fde9 0001 c0000201 00", OffOpenHoldTime, CodeOpen, SubUnacceptableHoldTime, "", true},
		{"hold time 2", ff + "001d 01 04 fde9 0002 c0000201 00", OffOpenHoldTime, CodeOpen, SubUnacceptableHoldTime, "", true},
		{"BGP Identifier zero", ff + "001d 01 04 fde9 00b4 00000000 00", OffOpenBGPIdentifier, CodeOpen, SubBadBGPIdentifier, "", true},
		{"authentication parameter", ff + "0025 01" + fixed + "08 02 02 0200 01 02 aabb", 33, CodeOpen, SubUnsupportedOptionalParameter, "", true},
		{"unknown parameter type 255 in extended form", ff + "0023 01" + fixed + "ff ff 0003 ff 0000", 32, CodeOpen, SubUnsupportedOptionalParameter, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := unhex(t, c.hex)
			v, err := ParseOpen(msg)
			e := openWantErr(t, err, c.off, c.code, c.sub)
			if got := hex.EncodeToString(e.Data); got != c.data {
				t.Errorf("data %s, want %s", got, c.data)
			}
			if v.Framed() != c.stillValid {
				t.Errorf("framed %v, want %v", v.Framed(), c.stillValid)
			}
			o, derr := DecodeOpen(msg)
			if derr == nil || derr.Error() != err.Error() {
				t.Errorf("DecodeOpen error %v, ParseOpen %v", derr, err)
			}
			if c.stillValid {
				if o.Version != 4 {
					t.Errorf("DecodeOpen dropped the OPEN: %+v", o)
				}
				out, err := o.Append(nil, Session{})
				if err != nil || !bytes.Equal(out, msg) {
					t.Errorf("round trip %x %v", out, err)
				}
			}
		})
	}
}

func TestOpenAllowedEdgeValues(t *testing.T) {
	// Hold Time 0 (no keepalives) and 3 are acceptable (RFC 4271 §4.2);
	// Non-Ext OP Len 0 never announces the extended form, so a first
	// octet of 255 after it is not read (there are no parameters).
	for _, vec := range []string{
		"ffffffff ffffffff ffffffff ffffffff 001d 01 04 fde9 0000 c0000201 00",
		"ffffffff ffffffff ffffffff ffffffff 001d 01 04 fde9 0003 c0000201 00",
		// RFC 9072 §2: Extended Opt. Parm. Length 0.
		"ffffffff ffffffff ffffffff ffffffff 0020 01 04 fde9 00b4 c0000201 ff ff 0000",
	} {
		msg := unhex(t, vec)
		if _, err := ParseOpen(msg); err != nil {
			t.Errorf("%s: %v", vec, err)
		}
	}
}

func TestOpenViewZero(t *testing.T) {
	var v OpenView
	if v.Version() != 0 || v.MyAS() != 0 || v.BGPIdentifier().IsValid() || v.AS() != 0 {
		t.Error("zero view reads values")
	}
	for range v.Capabilities() {
		t.Error("zero view has capabilities")
	}
	if _, err := v.Decode(); err == nil {
		t.Error("zero view decodes")
	}
}

func TestNewOpen(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	o := NewOpen(4200000000, 180, id,
		NewCapability(CapMultiprotocol{Family: IPv4Unicast}),
		NewCapability(CapRouteRefresh{}),
	)
	out, err := o.Append(nil, Session{})
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, `
		ffffffff ffffffff ffffffff ffffffff 0031 01 # marker, length 49, OPEN
		04 5ba0 00b4 c0000201                       # Version 4, AS_TRANS, Hold 180, 192.0.2.1
		14                                          # Opt Parm Len 20
		02 06 01 04 0001 00 01                      # Multiprotocol IPv4 unicast
		02 02 02 00                                 # Route Refresh
		02 06 41 04 fa56ea00                        # 4-octet AS 4200000000, added by NewOpen
	`)
	if !bytes.Equal(out, want) {
		t.Errorf("got  %x\nwant %x", out, want)
	}
	// A 2-octet AS goes in My AS and still gets capability 65; an AS4
	// capability given by the caller is not duplicated.
	o = NewOpen(65001, 90, id, NewCapability(CapAS4{AS: 65001}))
	if o.MyAS != 65001 || len(o.Capabilities()) != 1 || o.AS() != 65001 {
		t.Errorf("%+v", o)
	}
}

func TestOpenAppendSwitchesToExtended(t *testing.T) {
	// 40 capabilities of 8 octets each: 320 octets of parameters, over
	// the 255 the RFC 4271 form can say, so RFC 9072 §2 requires the
	// extended form.
	var caps []Capability
	for i := range 40 {
		caps = append(caps, NewCapability(CapMultiprotocol{Family: Family{AFIIPv4, SAFI(i + 1)}}))
	}
	o := NewOpen(65001, 180, netip.MustParseAddr("192.0.2.1"), caps...)
	out, err := o.Append(nil, Session{})
	if err != nil {
		t.Fatal(err)
	}
	// 41 parameters (AS4 added) of 3+6 octets in the extended form.
	if out[OffOpenOptParmLen] != 255 || out[OffOpenNonExtOPType] != 255 || int(out[30])<<8|int(out[31]) != 41*9 {
		t.Fatalf("header % x", out[:32])
	}
	v, err := ParseOpen(out)
	if err != nil || !v.Extended() {
		t.Fatal(err)
	}
	n := 0
	for range v.Capabilities() {
		n++
	}
	if n != 41 {
		t.Errorf("%d capabilities", n)
	}
	// A raw first parameter of type 255 would announce the extended form
	// in the RFC 4271 form, so Append uses the extended form for it.
	raw := Open{Version: 4, MyAS: 1, HoldTime: 90, BGPIdentifier: netip.MustParseAddr("10.0.0.1"),
		Params: []OptParam{{Type: OptParamExtendedLength, Data: []byte{1}}}}
	out, err = raw.Append(nil, Session{})
	if err != nil || out[OffOpenNonExtOPType] != 255 || out[OffOpenExtOptParams] != 255 {
		t.Fatalf("% x %v", out, err)
	}
}

func TestOpenAppendErrors(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	for name, o := range map[string]Open{
		"no identifier":   {Version: 4, MyAS: 1},
		"IPv6 identifier": {Version: 4, MyAS: 1, BGPIdentifier: netip.MustParseAddr("2001:db8::1")},
		"code mismatch": {Version: 4, MyAS: 1, BGPIdentifier: id, Params: []OptParam{{Type: OptParamCapabilities,
			Caps: []Capability{{Code: CapCodeAS4, Value: CapRole{}}}}}},
		"capabilities with data": {Version: 4, MyAS: 1, BGPIdentifier: id, Params: []OptParam{{Type: OptParamCapabilities, Data: []byte{1}}}},
		"over 4096":              {Version: 4, MyAS: 1, BGPIdentifier: id, Params: []OptParam{{Type: 9, Data: make([]byte, 4096)}}},
		"capability over 255": {Version: 4, MyAS: 1, BGPIdentifier: id, Params: []OptParam{{Type: OptParamCapabilities,
			Caps: []Capability{{Code: 200, Value: CapRaw{Data: make([]byte, 256)}}}}}},
	} {
		dst := []byte("keep")
		out, err := o.Append(dst, Session{ExtendedMsg: true})
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if string(out) != "keep" {
			t.Errorf("%s: dst changed to %x", name, out)
		}
	}
}

func TestOpenAllocs(t *testing.T) {
	msg := unhex(t, frrOpen)
	noAllocs(t, func() {
		v, err := ParseOpen(msg)
		if err != nil {
			t.Fatal(err)
		}
		for c := range v.Capabilities() {
			switch c.Code {
			case CapCodeAddPath:
				a, _ := c.AddPath()
				for range a.All() {
				}
			case CapCodeGracefulRestart:
				g, _ := c.GracefulRestart()
				for range g.All() {
				}
			case CapCodeMultiprotocol:
				_, _ = c.Multiprotocol()
			case CapCodeFQDN:
				_, _, _ = c.FQDN()
			}
			if c.Check() != nil {
				t.Fatal("check")
			}
		}
		for range v.Params() {
		}
		_ = v.AS()
	})
}

func BenchmarkParseOpen(b *testing.B) {
	msg := unhex(b, frrOpen)
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		v, err := ParseOpen(msg)
		if err != nil {
			b.Fatal(err)
		}
		for c := range v.Capabilities() {
			_ = c.Check()
		}
	}
}

func BenchmarkDecodeOpen(b *testing.B) {
	msg := unhex(b, frrOpen)
	b.SetBytes(int64(len(msg)))
	benchDecode(b, msg, DecodeOpen)
}

func BenchmarkOpenAppend(b *testing.B) {
	o, err := DecodeOpen(unhex(b, frrOpen))
	if err != nil {
		b.Fatal(err)
	}
	benchAppend(b, o, 512)
}

// FuzzParseOpen checks that ParseOpen never panics and that every OPEN it
// frames decodes, re-encodes to the same bytes and decodes again to the
// same value.
func FuzzParseOpen(f *testing.F) {
	for _, vec := range []string{frrOpen, ciscoOpen, extendedOpen, bareOpen} {
		f.Add(unhex(f, vec))
	}
	f.Add(unhex(f, "ffffffff ffffffff ffffffff ffffffff 0021 01 04 fde9 00b4 c0000201 04 01 02 aabb"))
	f.Add(unhex(f, "ffffffff ffffffff ffffffff ffffffff 0023 01 04 fde9 00b4 c0000201 06 02 04 0105 0001"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		v, err := ParseOpen(msg)
		for c := range v.Capabilities() {
			_ = c.Check()
			_, _ = c.Decode()
		}
		_ = v.Check()
		if !v.Framed() {
			if err == nil {
				t.Fatal("no error but not framed")
			}
			return
		}
		o, err := v.Decode()
		if err != nil {
			t.Fatal(err)
		}
		out, err := o.Append(nil, Session{})
		if err != nil {
			t.Fatalf("append: %v\n%+v", err, o)
		}
		if !bytes.Equal(out, v.Message()) {
			t.Fatalf("re-encoded\n got %x\nwant %x", out, v.Message())
		}
		o2, _ := DecodeOpen(out)
		if !reflect.DeepEqual(o, o2) {
			t.Fatalf("decode(append(decode(x))) differs:\n%+v\n%+v", o, o2)
		}
	})
}
