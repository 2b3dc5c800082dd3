package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// TestAttrSetAgreesWithTshark: tcpdump's bgp_vpn_attrset capture holds an
// ATTR_SET (RFC 6368) in a VPNv4 UPDATE; its Origin AS, the type codes of
// the attributes in it and in the UPDATE, and the LOCAL_PREFs are
// tshark's, and the path's JSON holds the set's members. The crafted
// captures (bgp_pmsi_tunnel-oobr, bgp_mvpn_6_and_7_oobr: ATTR_SETs whose
// lengths overrun) read as errors with offsets, never a panic.
func TestAttrSetAgreesWithTshark(t *testing.T) {
	testrig.NeedTool(t, "tshark")
	const rel = "tcpdump/tests/bgp_vpn_attrset.pcap"
	theirs := tsharkRows(t, rel, []string{"bgp.update.path_attribute.type_code",
		"bgp.update.path_attribute.attr_set.origin_as", "bgp.update.path_attribute.local_pref"})
	var codes, origin, lp []string
	n := 0
	for _, u := range captureUpdates(t, rel) {
		if u.Verdict() != nil {
			t.Fatal(u.Verdict())
		}
		for a := range u.Attrs() {
			codes = append(codes, strconv.Itoa(int(a.Type)))
			if a.Type == bgp.AttrLocalPref {
				v, _ := a.Uint32()
				lp = append(lp, strconv.FormatUint(uint64(v), 10))
			}
			if a.Type != bgp.AttrSet {
				continue
			}
			s, err := a.AttrSet()
			if err != nil {
				t.Fatal(err)
			}
			n++
			origin = append(origin, strconv.FormatUint(uint64(s.OriginAS()), 10))
			for x := range s.Attrs() {
				codes = append(codes, strconv.Itoa(int(x.Type)))
				if x.Type == bgp.AttrLocalPref {
					v, _ := x.Uint32()
					lp = append(lp, strconv.FormatUint(uint64(v), 10))
				}
			}
		}
		p := u.Path()
		js := p.AppendJSON([]byte(`{"x":1`))
		var obj struct {
			AttrSet map[string]any `json:"attr_set"`
		}
		if err := json.Unmarshal(append(js, '}'), &obj); err != nil || obj.AttrSet["set_origin_as"] != float64(65001) || obj.AttrSet["local_pref"] != float64(44) {
			t.Errorf("JSON %s (%v)", js, err)
		}
	}
	if n != 1 || len(theirs) != 1 {
		t.Fatalf("%d sets, %d tshark rows", n, len(theirs))
	}
	for i, ours := range []string{strings.Join(codes, ","), strings.Join(origin, ","), strings.Join(lp, ",")} {
		if ours != theirs[0][i] {
			t.Errorf("field %d: bgplens %q, tshark %q", i, ours, theirs[0][i])
		}
	}
	for _, crafted := range []string{"tcpdump/tests/bgp_pmsi_tunnel-oobr.pcap", "tcpdump/tests/bgp_mvpn_6_and_7_oobr.pcap"} {
		msgs := testrig.Load(t, crafted)
		bad := 0
		for _, m := range msgs {
			if m.Type() != 2 {
				continue
			}
			u, err := bgp.ParseUpdate(m.Data, bgp.Session{AS4: m.Session.AS4})
			if err != nil {
				bad++
				continue
			}
			p := u.Path()
			_ = p.AppendJSON(nil)
			for a := range u.Attrs() {
				if a.Type == bgp.AttrSet {
					if _, err := a.AttrSet(); err != nil {
						bad++
						if e, ok := err.(*bgp.Error); !ok || e.Off != a.Off {
							t.Errorf("%s: %v", crafted, err)
						}
					}
				}
			}
		}
		if bad == 0 {
			t.Errorf("%s: the crafted lengths went unnoticed", crafted)
		}
	}
}
