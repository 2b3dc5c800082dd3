package bgp

import (
	"bytes"
	"reflect"
	"testing"
)

// capVectors are capability triples (code, length, value) from the
// layouts of the defining documents, with the owned value they decode to.
var capVectors = []struct {
	name string
	hex  string
	want CapValue
}{
	{"Multiprotocol IPv6 unicast", `01 04 0002 00 01 # AFI 2, Res. 0, SAFI 1 (RFC 4760 §8)`,
		CapMultiprotocol{Family: IPv6Unicast}},
	{"Multiprotocol reserved kept", `01 04 0001 7f 80 # AFI 1, Res. 0x7f (should be 0), SAFI 128`,
		CapMultiprotocol{Family: IPv4VPN, Reserved: 0x7f}},
	{"Route Refresh", `02 00 # RFC 2918 §2: no value`, CapRouteRefresh{}},
	{"Extended Next Hop", `05 0c # RFC 8950 §4: NLRI AFI(2) NLRI SAFI(2) Nexthop AFI(2)
		0001 0001 0002 # IPv4 unicast over IPv6
		0001 0080 0002 # IPv4 VPN over IPv6`,
		CapExtendedNextHop{Tuples: []ExtNextHopTuple{{IPv4Unicast, AFIIPv6}, {IPv4VPN, AFIIPv6}}}},
	{"Extended Message", `06 00 # RFC 8654 §3: no value`, CapExtendedMessage{}},
	{"Role Provider", `09 01 00 # RFC 9234 §4.1`, CapRole{Role: RoleProvider}},
	{"Role RS-Client", `09 01 02`, CapRole{Role: RoleRSClient}},
	{"Role unassigned value", `09 01 07 # not malformed: a role mismatch is for negotiation`, CapRole{Role: 7}},
	{"Graceful Restart", `40 0a # RFC 4724 §3
		8 0b4        # Restart Flags R, Restart Time 180
		0001 01 80   # IPv4 unicast, F bit
		0002 01 00   # IPv6 unicast, forwarding not preserved`,
		CapGracefulRestart{Flags: GRRestartState, Time: 180, Families: []GRFamily{{IPv4Unicast, GRForwarding}, {IPv6Unicast, 0}}}},
	{"Graceful Restart helper only", `40 02 0 000 # no flags, time 0, no families`, CapGracefulRestart{}},
	{"4-octet AS", `41 04 fa56ea00 # RFC 6793 §3: AS 4200000000`, CapAS4{AS: 4200000000}},
	{"ADD-PATH", `45 0c # RFC 7911 §4: AFI(2) SAFI(1) Send/Receive(1)
		0001 01 01   # IPv4 unicast receive
		0002 01 02   # IPv6 unicast send
		0001 80 03   # IPv4 VPN both`,
		CapAddPath{Entries: []AddPathEntry{{IPv4Unicast, AddPathReceive}, {IPv6Unicast, AddPathSend}, {IPv4VPN, AddPathBoth}}}},
	{"Enhanced Route Refresh", `46 00 # RFC 7313 §3.1`, CapEnhancedRouteRefresh{}},
	{"LLGR", `47 0e # RFC 9494 §3: AFI(2) SAFI(1) Flags(1) Long-lived Stale Time(3)
		0001 01 80 000e10 # IPv4 unicast, F, 3600 s
		0002 01 00 ffffff # IPv6 unicast, maximum stale time`,
		CapLLGR{Families: []LLGRFamily{{IPv4Unicast, LLGRForwarding, 3600}, {IPv6Unicast, 0, 0xffffff}}}},
	{"FQDN", `49 0a # draft-walton-bgp-hostname-capability §3
		05 726f757465 # hostname length 5, "route"
		03 6c6162     # domain name length 3, "lab"`,
		CapFQDN{Hostname: "route", Domain: "lab"}},
	{"FQDN empty domain", `49 04 02 7231 00 # "r1", no domain`, CapFQDN{Hostname: "r1"}},
	{"Software Version", `4b 0d 0c 466f6f2f312e322e33e282ac # length 12, "Foo/1.2.3€" in UTF-8`,
		CapSoftwareVersion{Version: "Foo/1.2.3€"}},
	{"unknown code kept raw", `63 03 010203 # CapCode(99)`, CapRaw{Data: []byte{1, 2, 3}}},
	{"Cisco route refresh kept raw", `80 00`, CapRaw{}},
}

func TestCapabilityVectors(t *testing.T) {
	for _, c := range capVectors {
		t.Run(c.name, func(t *testing.T) {
			b := unhex(t, c.hex)
			v, err := ParseCapability(b)
			if err != nil {
				t.Fatal(err)
			}
			if v.Len() != len(b) {
				t.Errorf("len %d, want %d", v.Len(), len(b))
			}
			if e := v.Check(); e != nil {
				t.Fatalf("check: %v", e)
			}
			got, err := v.Decode()
			if err != nil {
				t.Fatal(err)
			}
			if got.Code != CapCode(b[0]) || !reflect.DeepEqual(got.Value, c.want) {
				t.Errorf("decoded %v %#v, want %#v", got.Code, got.Value, c.want)
			}
			out, err := got.Append([]byte{0xee})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out[1:], b) || out[0] != 0xee {
				t.Errorf("re-encoded %x, want ee%x", out, b)
			}
		})
	}
}

func TestCapabilityViewGetters(t *testing.T) {
	parse := func(s string) CapabilityView {
		t.Helper()
		v, err := ParseCapability(unhex(t, s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if f, err := parse("01 04 0002 00 01").Multiprotocol(); err != nil || f != IPv6Unicast {
		t.Errorf("Multiprotocol %v %v", f, err)
	}
	if as, err := parse("41 04 0000fde9").AS4(); err != nil || as != 65001 {
		t.Errorf("AS4 %v %v", as, err)
	}
	if r, err := parse("09 01 04").Role(); err != nil || r != RolePeer || r.String() != "Peer" {
		t.Errorf("Role %v %v", r, err)
	}
	a, err := parse("45 08 0001 01 03 0002 01 01").AddPath()
	if err != nil || a.Len() != 2 || a.At(0) != (AddPathEntry{IPv4Unicast, AddPathBoth}) ||
		a.At(1) != (AddPathEntry{IPv6Unicast, AddPathReceive}) || a.At(2) != (AddPathEntry{}) {
		t.Errorf("AddPath %v", err)
	}
	if !a.At(0).Mode.Send() || !a.At(0).Mode.Receive() || a.At(1).Mode.Send() {
		t.Error("AddPathMode bits")
	}
	x, err := parse("05 06 0001 0001 0002").ExtendedNextHop()
	if err != nil || x.Len() != 1 || x.At(0) != (ExtNextHopTuple{IPv4Unicast, AFIIPv6}) {
		t.Errorf("ExtendedNextHop %v", err)
	}
	g, err := parse("40 06 c0 78 0002 01 80").GracefulRestart()
	if err != nil || g.Flags() != GRRestartState|GRNotification || g.Time() != 120 || g.Len() != 1 || !g.At(0).Forwarding() || g.At(0).Family != IPv6Unicast {
		t.Errorf("GracefulRestart %v", err)
	}
	l, err := parse("47 07 0001 01 80 000e10").LLGR()
	if err != nil || l.Len() != 1 || l.At(0).StaleTime != 3600 || !l.At(0).Forwarding() {
		t.Errorf("LLGR %v", err)
	}
	h, d, err := parse("49 07 02 7231 03 6e6574").FQDN()
	if err != nil || string(h) != "r1" || string(d) != "net" || cap(h) != 2 {
		t.Errorf("FQDN %q %q %v", h, d, err)
	}
	sv, err := parse("4b 04 03 312e30").SoftwareVersion()
	if err != nil || string(sv) != "1.0" {
		t.Errorf("SoftwareVersion %q %v", sv, err)
	}
	// A getter for another code fails.
	if _, err := parse("02 00").AS4(); err == nil {
		t.Error("AS4 on Route Refresh")
	}
}

func TestCapabilityMalformed(t *testing.T) {
	for _, c := range []struct {
		name string
		hex  string
		sub  uint8
		act  Action
	}{
		// RFC 4271 §6.2: a recognized but malformed Optional Parameter is
		// OPEN Message Error, subcode 0.
		{"Multiprotocol short", "01 03 000101", SubUnspecific, SessionReset},
		{"Multiprotocol long", "01 05 0001000100", SubUnspecific, SessionReset},
		{"Route Refresh with value", "02 01 00", SubUnspecific, SessionReset},
		{"Extended Message with value", "06 01 00", SubUnspecific, SessionReset},
		{"Enhanced Route Refresh with value", "46 01 00", SubUnspecific, SessionReset},
		{"Extended Next Hop empty", "05 00", SubUnspecific, SessionReset},
		{"Extended Next Hop partial tuple", "05 05 0001000100", SubUnspecific, SessionReset},
		{"Extended Next Hop 16-bit SAFI", "05 06 0001 0101 0002", SubUnspecific, SessionReset},
		{"Role empty", "09 00", SubUnspecific, SessionReset},
		{"Role two octets", "09 02 0001", SubUnspecific, SessionReset},
		{"Graceful Restart short", "40 01 00", SubUnspecific, SessionReset},
		{"Graceful Restart partial family", "40 05 0000 000101", SubUnspecific, SessionReset},
		{"4-octet AS short", "41 02 fde9", SubUnspecific, SessionReset},
		// RFC 7607 §2: AS 0 in an OPEN is Bad Peer AS.
		{"4-octet AS zero", "41 04 00000000", SubBadPeerAS, SessionReset},
		{"ADD-PATH empty", "45 00", SubUnspecific, SessionReset},
		{"ADD-PATH partial", "45 03 000101", SubUnspecific, SessionReset},
		// RFC 7911 §4: other Send/Receive values make the capability
		// "not understood and ignored".
		{"ADD-PATH mode 0", "45 04 0001 01 00", SubUnspecific, NoAction},
		{"ADD-PATH mode 4", "45 08 0001 01 01 0002 01 04", SubUnspecific, NoAction},
		{"LLGR partial", "47 06 000101800000", SubUnspecific, SessionReset},
		{"FQDN empty", "49 00", SubUnspecific, SessionReset},
		{"FQDN hostname overruns", "49 03 05 6162", SubUnspecific, SessionReset},
		{"FQDN no domain length", "49 03 02 6162", SubUnspecific, SessionReset},
		{"FQDN domain overruns", "49 04 02 6162 05", SubUnspecific, SessionReset},
		{"FQDN trailing octet", "49 05 01 61 01 62 00", SubUnspecific, SessionReset},
		{"Software Version empty", "4b 00", SubUnspecific, SessionReset},
		{"Software Version length too long", "4b 02 05 61", SubUnspecific, SessionReset},
		{"Software Version trailing", "4b 03 01 61 62", SubUnspecific, SessionReset},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := unhex(t, c.hex)
			v, err := ParseCapability(b)
			if err != nil {
				t.Fatal(err)
			}
			v.Off = 40 // as if found at offset 40 of a message
			e := v.Check()
			if e == nil || e.Off != 40 || e.Code != CodeOpen || e.Subcode != c.sub || e.Action != c.act {
				t.Fatalf("check %v", e)
			}
			got, err := v.Decode()
			if err == nil {
				t.Error("Decode accepted a malformed value")
			}
			raw, ok := got.Value.(CapRaw)
			if !ok || got.Code != CapCode(b[0]) || !bytes.Equal(raw.Data, b[2:]) {
				t.Fatalf("decoded %#v", got)
			}
			out, err := got.Append(nil)
			if err != nil || !bytes.Equal(out, b) {
				t.Errorf("re-encoded %x %v, want %x", out, err, b)
			}
		})
	}
}

func TestParseCapabilityFraming(t *testing.T) {
	for _, s := range []string{"", "01", "01 04 000100"} {
		if _, err := ParseCapability(unhex(t, s)); err == nil {
			t.Errorf("%q: no error", s)
		} else if e := err.(*Error); e.Code != CodeOpen || e.Subcode != SubUnspecific || e.Off != 0 {
			t.Errorf("%q: %v", s, e)
		}
	}
	// Value is capped: appending to it cannot overwrite what follows.
	b := unhex(t, "41 04 0000fde9 02 00")
	v, _ := ParseCapability(b)
	_ = append(v.Value, 0xaa)
	if b[6] != 0x02 {
		t.Error("append through Value overwrote the input")
	}
}

func TestCapabilityAppendErrors(t *testing.T) {
	long := string(make([]byte, 256))
	for name, c := range map[string]Capability{
		"code mismatch":       {Code: CapCodeAS4, Value: CapRole{}},
		"raw too long":        {Code: 200, Value: CapRaw{Data: make([]byte, 256)}},
		"GR flags":            NewCapability(CapGracefulRestart{Flags: 0x10}),
		"GR time":             NewCapability(CapGracefulRestart{Time: 0x1000}),
		"ADD-PATH empty":      NewCapability(CapAddPath{}),
		"ext next hop empty":  NewCapability(CapExtendedNextHop{}),
		"LLGR stale time":     NewCapability(CapLLGR{Families: []LLGRFamily{{StaleTime: 1 << 24}}}),
		"FQDN host too long":  NewCapability(CapFQDN{Hostname: long}),
		"FQDN total too long": NewCapability(CapFQDN{Hostname: long[:200], Domain: long[:60]}),
		"version too long":    NewCapability(CapSoftwareVersion{Version: long[:255]}),
	} {
		out, err := c.Append([]byte{1, 2})
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if !bytes.Equal(out, []byte{1, 2}) {
			t.Errorf("%s: dst changed to %x", name, out)
		}
	}
	// A nil value encodes as an empty value.
	out, err := Capability{Code: CapCodeRouteRefresh}.Append(nil)
	if err != nil || !bytes.Equal(out, []byte{2, 0}) {
		t.Errorf("nil value: %x %v", out, err)
	}
}

func TestCapCodeNames(t *testing.T) {
	for c, want := range map[CapCode]string{
		CapCodeMultiprotocol: "Multiprotocol Extensions", CapCodeAddPath: "ADD-PATH", CapCodeAS4: "4-octet AS",
		CapCodeRouteRefreshCisco: "Route Refresh (Cisco)", CapCodeMultisessionCisco: "Multisession (Cisco)",
		184: "FQDN (prestandard)", 185: "OPERATIONAL (prestandard)", 66: "Deprecated",
		99: "CapCode(99)", 240: "Experimental(240)", 255: "Reserved", 0: "Reserved",
	} {
		if got := c.String(); got != want {
			t.Errorf("%d: %q, want %q", c, got, want)
		}
	}
	if CapCodeAddPath.Ref() != "RFC 7911 §4" || CapCodeAddPath.JSONName() != "add_path" || CapCode(99).JSONName() != "cap_99" {
		t.Error("Ref/JSONName")
	}
	if CapCodeAS4.Description() != "Support for 4-octet AS number capability" || CapCode(99).Known() || !CapCode(250).Known() {
		t.Error("Description/Known")
	}
	// Every assigned code of IANA "Capability Codes" has a row.
	for _, c := range []CapCode{1, 2, 3, 4, 5, 6, 7, 8, 9, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 128, 129, 130, 131, 184, 185} {
		if !c.Known() || c.Ref() == "" || c.JSONName() == "" {
			t.Errorf("code %d missing from the registry", c)
		}
	}
	for _, c := range []CapCode{10, 63, 77, 127, 132, 183, 186, 238} {
		if c.Known() {
			t.Errorf("unassigned code %d is named %q", c, c)
		}
	}
	if Role(9).String() != "Role(9)" || RoleRS.String() != "RS" || AddPathMode(0).String() != "AddPathMode(0)" || AddPathBoth.String() != "send/receive" {
		t.Error("Role/AddPathMode names")
	}
	for _, tc := range []struct {
		t         OptParamType
		name, ref string
	}{
		{0, "Reserved", ""},
		{OptParamAuthentication, "Authentication (deprecated)", "RFC 1771 §4.2 (deprecated)"},
		{OptParamCapabilities, "Capabilities", "RFC 5492 §4"},
		{OptParamExtendedLength, "Extended Length", "RFC 9072 §2"},
		{7, "OptParamType(7)", ""},
	} {
		if tc.t.String() != tc.name || tc.t.Ref() != tc.ref {
			t.Errorf("OptParamType %d: %q %q, want %q %q", uint8(tc.t), tc.t.String(), tc.t.Ref(), tc.name, tc.ref)
		}
	}
}

func BenchmarkCapabilityDecode(b *testing.B) {
	v, err := ParseCapability(unhex(b, "45 0c 0001 01 01 0002 01 02 0001 80 03"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Decode(); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseCapability checks that any capability triple frames without
// panicking, and that its owned form (typed or CapRaw) re-encodes to the
// same bytes and decodes again to the same value.
func FuzzParseCapability(f *testing.F) {
	for _, c := range capVectors {
		f.Add(unhex(f, c.hex))
	}
	f.Add([]byte{0x49, 0x03, 0x05, 0x61, 0x62})
	f.Add([]byte{0x45, 0x04, 0x00, 0x01, 0x01, 0x07})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseCapability(b)
		if err != nil {
			return
		}
		c, cerr := v.Decode()
		if (cerr == nil) != (v.Check() == nil) {
			t.Fatalf("Decode error %v, Check %v", cerr, v.Check())
		}
		out, err := c.Append(nil)
		if err != nil {
			t.Fatalf("append %#v: %v", c, err)
		}
		if !bytes.Equal(out, b[:v.Len()]) {
			t.Fatalf("re-encoded %x, want %x", out, b[:v.Len()])
		}
		v2, _ := ParseCapability(out)
		c2, _ := v2.Decode()
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("%#v\n%#v", c, c2)
		}
	})
}

// A BGPsec capability is a version and direction octet and an AFI
// (RFC 8205 §2.1); another length is malformed.
func TestCapabilityBGPsec(t *testing.T) {
	c, _ := ParseCapability([]byte{7, 3, 0x08, 0, 2})
	b, err := c.BGPsec()
	if err != nil || b.Version != 0 || !b.Send || b.AFI != AFIIPv6 || b.Reserved != 0 {
		t.Errorf("BGPsec %+v, %v", b, err)
	}
	c, _ = ParseCapability([]byte{7, 2, 0x00, 1})
	if _, err := c.BGPsec(); err == nil {
		t.Error("a 2-octet BGPsec capability accepted")
	}
}
