package bgp

import "testing"

// TestMPErrorAction: a malformed MP_REACH_NLRI or MP_UNREACH_NLRI resets
// the session by default, and disables its address family when the
// session says so (Session.AFISAFIDisable; RFC 4760 §7, RFC 7606 §7.11, §7.12),
// as long as the attribute's AFI and SAFI can be read.
func TestMPErrorAction(t *testing.T) {
	const hdr = "ffffffffffffffffffffffffffffffff"
	tests := []struct {
		name, hex string
		disable   Action // the action with AFISAFIDisable set
	}{
		{"MP_REACH_NLRI prefix overruns the NLRI", hdr + ` 0029 02 0000 0012
			40 01 01 00                 # ORIGIN IGP
			80 0e 0b 0001 01 04 c0000201 00 # MP_REACH_NLRI IPv4 unicast, next hop 192.0.2.1
			20 0a                       # NLRI: a /32 with one octet of four`, AFISAFIDisable},
		{"MP_REACH_NLRI next hop of a length IPv6 does not use", hdr + ` 0026 02 0000 000f
			40 01 01 00                 # ORIGIN IGP
			80 0e 08 0002 01 03 200102 00 # MP_REACH_NLRI IPv6 unicast, 3-octet next hop`, AFISAFIDisable},
		{"MP_UNREACH_NLRI prefix length 33 for IPv4", hdr + ` 0022 02 0000 000b
			80 0f 08 0001 01 21 0a000000 # MP_UNREACH_NLRI IPv4 unicast, /33`, AFISAFIDisable},
		{"MP_REACH_NLRI with wrong flags (transitive)", hdr + ` 0026 02 0000 000f
			40 01 01 00                 # ORIGIN IGP
			c0 0e 08 0001 01 04 c0000201 00 # MP_REACH_NLRI flagged optional transitive`, AFISAFIDisable},
		{"MP_UNREACH_NLRI too short to name its family", hdr + ` 001a 02 0000 0003
			80 0f 00                    # MP_UNREACH_NLRI, empty`, SessionReset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := unhex(t, tt.hex)
			for _, s := range []Session{{AS4: true}, {AS4: true, AFISAFIDisable: true}} {
				u, err := ParseUpdate(msg, s)
				if err != nil {
					t.Fatalf("ParseUpdate: %v", err)
				}
				want := SessionReset
				if s.AFISAFIDisable {
					want = tt.disable
				}
				v := u.Verdict()
				if v == nil || v.Action != want || v.Attr != AttrMPReachNLRI && v.Attr != AttrMPUnreachNLRI {
					t.Errorf("AFISAFIDisable %v: verdict %v, want %v", s.AFISAFIDisable, v, want)
				}
				var d UpdateValues
				if err := d.Decode(msg, s); err != nil || d.Verdict() == nil || d.Verdict().Action != want {
					t.Errorf("UpdateValues, AFISAFIDisable %v: %v %v", s.AFISAFIDisable, d.Verdict(), err)
				}
			}
		})
	}
}
