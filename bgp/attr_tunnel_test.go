package bgp

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// tunnelVectors are written from RFC 9012 §2-§3 and RFC 9830 §2.4: Tunnel
// Type, length, sub-TLVs (1-octet length below 128, 2-octet from 128).
var tunnelVectors = []struct{ name, hex, text string }{
	{"VXLAN with color, endpoint and port", "0008 001a 04 08 030b0000 00000064 06 0a 00000000 0001 c0000201 08 02 12b5",
		"vxlan {color 100 endpoint 192.0.2.1 udp-port 4789}"},
	{"SR Policy", "000f 0024 0c 06 0000 00000064 0d 06 0000 05dc0000 80 0011 00 01 06 0000 03e81000 09 06 0000 00000001",
		"sr-policy {preference 100 binding-sid label 24000 segment-list [label 16001 weight 1]}"},
	{"GRE with protocol type, then MPLS with an unknown sub-TLV", "0002 0004 02 02 0800 000a 0003 63 01 ff",
		"gre {protocol 0x0800} mpls {sub-tlv-99 ff}"},
	{"SR Policy names and an SRv6 binding SID", "000f 0022 81 0004 00 637031 82 0004 00 706f6c 14 12 0000 fc000000000000000000000000000001",
		"sr-policy {candidate-path-name cp1 policy-name pol srv6-binding-sid fc00::1}"},
}

func TestTunnelEncap(t *testing.T) {
	for _, tc := range tunnelVectors {
		a, _ := readAttrVector(t, AttrTunnelEncap, tc.name, tc.hex, tc.text, AttrView.TunnelEncap)
		if js := jsonTunnelEncap([]byte(`{"x":1`), Path{}, a); !json.Valid(append(js, '}')) {
			t.Errorf("%s: %s", tc.name, js)
		}
	}
	checkAttrRefused(t, AttrTunnelEncap, AttrView.TunnelEncap, TreatAsWithdraw, []attrRefusal{
		{"header cut", "0008 00", "Tunnel TLV at octet 0"},
		{"tunnel overruns", "0008 0005 04 02 0000", "Tunnel TLV at octet 0"},
		{"sub-TLV overruns", "0008 0004 04 08 0000", "sub-TLV at octet 4"},
		{"long sub-TLV header cut", "0008 0002 80 00", "sub-TLV at octet 4"},
	})
}

// TestSRPolicyExaBGP reads ExaBGP's SR Policy vectors (testdata/README.md):
// the SR Policy NLRI and the TUNNEL_ENCAPSULATION attribute decode, and
// every value ExaBGP's JSON gives appears in ours.
func TestSRPolicyExaBGP(t *testing.T) {
	files, _ := filepath.Glob("../testdata/exabgp/qa/decoding/bgp-sr-policy-*")
	if len(files) != 2 {
		t.Fatalf("%d files", len(files))
	}
	keys := map[string]bool{"preference": true, "label": true, "weight": true, "sid": true, "srv6-binding-sid": true,
		"policy-name": true, "candidate-path-name": true, "distinguisher": true, "color": true, "endpoint": true}
	for _, name := range files {
		lines := readLines(t, name)
		text := func(a AttrView) (string, error) {
			v, err := a.TunnelEncap()
			return string(v.AppendText(nil)), err
		}
		ours := updateTexts(t, name, unhex(t, lines[1]), AttrTunnelEncap, text, func(_ MPReachView, e NLRI) ([]string, error) {
			v, err := ParseSRPolicy(e.Value, e.ValueOff)
			return []string{string(v.AppendText(nil))}, err
		})
		exaAgree(t, name, lines[2], ours, keys, 6, func(all, want string) bool { return strings.Contains(all, " "+want) })
	}
}

func BenchmarkTunnelEncapView(b *testing.B) {
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrTunnelEncap, Value: unhex(b, tunnelVectors[1].hex)}
	b.ReportAllocs()
	for b.Loop() {
		v, _ := a.TunnelEncap()
		for t := range v.Tunnels() {
			for s := range t.SubTLVs() {
				_ = s.Type
			}
		}
	}
}

func FuzzTunnelEncap(f *testing.F) {
	var seeds []string
	for _, v := range tunnelVectors {
		seeds = append(seeds, v.hex)
	}
	fuzzAttr(f, AttrTunnelEncap, seeds, AttrView.TunnelEncap, func(v TunnelEncapView) []byte {
		_ = v.Fields(nil)
		var re []byte
		for tl := range v.Tunnels() {
			re = append(re, byte(tl.Type>>8), byte(tl.Type), byte(len(tl.Value)>>8), byte(len(tl.Value)))
			re = append(re, tl.Value...)
		}
		return re
	})
}
