package bgp

import (
	"errors"
	"testing"
)

// TestFamilyRegistry: every row is complete and its names read back.
func TestFamilyRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range familyRows {
		if r.name == "" || r.ref == "" || r.frame == nil {
			t.Errorf("%v: incomplete row %+v", r.f, r)
		}
		if (r.kind != nlriOpaque) != (r.f.AFI == AFIIPv4 || r.f.AFI == AFIIPv6) && r.kind != nlriOpaque {
			t.Errorf("%v: IP layout for a non-IP family", r.f)
		}
		for _, n := range append([]string{r.name}, r.alias...) {
			if seen[n] {
				t.Errorf("%q names two families", n)
			}
			seen[n] = true
			if f, ok := ParseFamily(n); !ok || f != r.f {
				t.Errorf("ParseFamily(%q) = %v %v, want %v", n, f, ok, r.f)
			}
		}
		if r.f.JSONName() != r.name || !r.f.Known() {
			t.Errorf("%v: JSONName %q", r.f, r.f.JSONName())
		}
		if r.f.Prefixes() != (r.kind != nlriOpaque) {
			t.Errorf("%v: Prefixes %v", r.f, r.f.Prefixes())
		}
	}
	if f := (Family{AFI: 3, SAFI: 9}); f.JSONName() != "3-9" || f.Known() {
		t.Errorf("unknown family: %q", f.JSONName())
	}
	if f, ok := ParseFamily("3-9"); !ok || f != (Family{3, 9}) {
		t.Errorf("ParseFamily(3-9) = %v", f)
	}
	for _, bad := range []string{"", "ipv9", "1-", "-1", "70000-1", "1-300"} {
		if _, ok := ParseFamily(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestEntries frames the NLRI of each family layout, from the RFCs'
// figures: the entries' values, in order, and where a cut one fails.
func TestEntries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		f       Family
		addPath bool
		nlri    string
		want    []string // entry values in hex
		errOff  int      // offset of the error, -1 for none
	}{
		{"EVPN type 3 and type 1", Family{AFIL2VPN, SAFIEVPN}, false,
			"0311 0000fde800000064 00000000 20 c0000201" + "0119 0000fde800000064 00000000000000000000 00000000 000064",
			[]string{"0311" + "0000fde800000064" + "00000000" + "20" + "c0000201", "0119" + "0000fde800000064" + "00000000000000000000" + "00000000" + "000064"}, -1},
		{"FlowSpec one- and two-octet lengths", Family{AFIIPv4, SAFIFlowSpec}, false,
			"05 0118c00002" + "f005 0118c00002",
			[]string{"050118c00002", "f0050118c00002"}, -1},
		{"BGP-LS node cut short", Family{AFIBGPLS, SAFIBGPLS}, false,
			"0001 0020 02 0000000000000000",
			nil, 0},
		{"BGP-LS node, whole", Family{AFIBGPLS, SAFIBGPLS}, false,
			"0001 000d 02 0000000000000001 0100 0000",
			[]string{"0001000d02000000000000000101000000"}, -1},
		{"VPLS", Family{AFIL2VPN, SAFIVPLS}, false,
			"0011 0000fde800000001 0001 0001 000a 000011",
			[]string{"00110000fde80000000100010001000a000011"}, -1},
		{"RTC default and one route target", Family{AFIIPv4, SAFIRouteTarget}, false,
			"00" + "60 0000fde8 0002fde800000064",
			[]string{"00", "600000fde80002fde800000064"}, -1},
		{"MVPN intra-AS I-PMSI A-D", Family{AFIIPv4, SAFIMCASTVPN}, false,
			"010c 0000fde800000001 c0000201",
			[]string{"010c0000fde800000001c0000201"}, -1},
		{"SR Policy", Family{AFIIPv4, SAFISRTE}, false,
			"60 00000001 00000064 c0000201",
			[]string{"600000000100000064c0000201"}, -1},
		{"MUP with ADD-PATH", Family{AFIIPv4, SAFIMUP}, true,
			"00000007 01 0002 0c 0000fde800000001 c0000201", // a Direct Segment Discovery route
			[]string{"0100020c0000fde800000001c0000201"}, -1},
		{"EVPN cut short", Family{AFIL2VPN, SAFIEVPN}, false, "0311 0000", nil, 0},
		{"ADD-PATH identifier cut short", Family{AFIL2VPN, SAFIEVPN}, true, "0000", nil, 0},
		{"a family not in the registry: one entry", Family{AFI: 3, SAFI: 9}, false, "010203", []string{"010203"}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := unhex(t, tc.nlri)
			var got []string
			errOff := -1
			for e, err := range tc.f.Entries(b, 100, tc.addPath) {
				if err != nil {
					errOff = err.(*Error).Off - 100
					if err.(*Error).Subcode != SubInvalidNetworkField {
						t.Errorf("error %v", err)
					}
					break
				}
				got = append(got, hexOf(e.Value))
				if tc.addPath && e.PathID != 7 {
					t.Errorf("path id %d", e.PathID)
				}
			}
			if errOff != tc.errOff || len(got) != len(tc.want) {
				t.Fatalf("entries %v, error at %d; want %v, error at %d", got, errOff, tc.want, tc.errOff)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("entry %d: %s, want %s", i, got[i], tc.want[i])
				}
			}
			// MP_REACH_NLRI frames the same field: an error is the
			// attribute's.
			v := append([]byte{byte(tc.f.AFI >> 8), byte(tc.f.AFI), byte(tc.f.SAFI), 0, 0}, b...)
			s := Session{}.WithAddPath(tc.f, tc.addPath)
			if _, err := parseMPReach(v, 0, s); (err != nil) != (tc.errOff >= 0) {
				t.Errorf("parseMPReach: %v", err)
			}
		})
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// TestEntriesDecodeChecked: an NLRI entry that frames but does not decode
// (an EVPN MAC/IP route whose MAC length is 47 bits) makes MP_REACH_NLRI
// malformed, at the entry's offset (RFC 7606 §5.3), as a prefix that
// overruns its field does; the well-formed route passes.
func TestEntriesDecodeChecked(t *testing.T) {
	route := func(macLen string) []byte {
		return unhex(t, "0221"+"0000fde800000064"+"00000000000000000000"+"00000000"+macLen+"00005e005301"+"00"+"000064")
	}
	mp := func(nlri []byte) []byte {
		return append(unhex(t, "0019 46 04 c0000201 00"), nlri...)
	}
	if _, err := parseMPReach(mp(route("30")), 0, Session{}); err != nil {
		t.Fatalf("a well-formed MAC/IP route: %v", err)
	}
	_, err := parseMPReach(mp(route("2f")), 0, Session{})
	var e *Error
	if !errors.As(err, &e) || e.Subcode != SubInvalidNetworkField || e.Off != 9 || e.Action != SessionReset {
		t.Fatalf("a 47-bit MAC length: %v", err)
	}
	// With AFI/SAFI disable asked for, Check says so instead of a reset.
	a := AttrView{Flags: FlagOptional, Type: AttrMPReachNLRI, Value: mp(route("2f"))}
	if ce := a.Check(append([]byte{0x80, 0x0e, byte(len(a.Value))}, a.Value...), Session{AFISAFIDisable: true}); ce == nil || ce.Action != AFISAFIDisable {
		t.Errorf("Check with AFI/SAFI disable: %v", ce)
	}
}
