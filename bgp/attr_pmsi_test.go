package bgp

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// pmsiVectors are written from RFC 6514 §5: Flags, Tunnel Type, MPLS
// Label, Tunnel Identifier.
var pmsiVectors = []struct{ name, hex, text, json string }{
	{"ingress replication", "00 06 003e80 c0000201", "ingress-replication flags 0x00 label 1000 endpoint 192.0.2.1",
		`{"tunnel_type":"ingress-replication","flags":0,"label":1000,"label_field":16000,"endpoint":"192.0.2.1"}`},
	{"PIM-SSM, leaf info required", "01 03 000000 c0000201 e8010101", "pim-ssm flags 0x01 leaf-info-required label 0 sender 192.0.2.1 group 232.1.1.1",
		`{"tunnel_type":"pim-ssm","flags":1,"label":0,"label_field":0,"sender":"192.0.2.1","group":"232.1.1.1"}`},
	{"mLDP P2MP FEC", "00 02 000000 06000104c00002010004deadbeef", "mldp-p2mp flags 0x00 label 0 tunnel-id 06000104c00002010004deadbeef",
		`{"tunnel_type":"mldp-p2mp","flags":0,"label":0,"label_field":0,"tunnel_id":"06000104c00002010004deadbeef"}`},
	{"no tunnel information", "00 00 000000", "no-tunnel-info flags 0x00 label 0",
		`{"tunnel_type":"no-tunnel-info","flags":0,"label":0,"label_field":0}`},
}

func TestPMSITunnel(t *testing.T) {
	for _, tc := range pmsiVectors {
		a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrPMSITunnel, Value: unhex(t, tc.hex)}
		p, err := a.PMSITunnel()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := string(p.AppendText(nil)); got != tc.text {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.text)
		}
		if got := p.AppendBinary(nil); !bytes.Equal(got, a.Value) {
			t.Errorf("%s: re-encoded %x", tc.name, got)
		}
		js := jsonPMSI(nil, Path{}, a)
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(append(append([]byte("{"), js[1:]...), '}'), &obj); err != nil || string(obj["pmsi_tunnel"]) != tc.json {
			t.Errorf("%s: %s (%v)", tc.name, js, err)
		}
		at := a.valueOff()
		for _, f := range p.Fields(nil, a.valueOff()) {
			if f.Off != at {
				t.Errorf("%s: %s at %d", tc.name, f.Name, f.Off)
			}
			at += f.Len
		}
		if at != a.valueOff()+len(a.Value) {
			t.Errorf("%s: fields end at %d", tc.name, at)
		}
	}
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrPMSITunnel, Value: []byte{0, 6, 0, 0}}
	var e *Error
	if _, err := a.PMSITunnel(); !errors.As(err, &e) || e.Action != TreatAsWithdraw {
		t.Errorf("4 octets: %v", err)
	}
}

func FuzzPMSITunnel(f *testing.F) {
	var seeds []string
	for _, v := range pmsiVectors {
		seeds = append(seeds, v.hex)
	}
	fuzzAttr(f, AttrPMSITunnel, seeds, AttrView.PMSITunnel, func(p PMSITunnel) []byte { return p.AppendBinary(nil) })
}

func BenchmarkPMSITunnel(b *testing.B) {
	a := AttrView{Flags: FlagOptional | FlagTransitive, Type: AttrPMSITunnel, Value: unhex(b, pmsiVectors[1].hex)}
	b.ReportAllocs()
	for b.Loop() {
		p, _ := a.PMSITunnel()
		_, _, _ = p.Endpoints()
	}
}
