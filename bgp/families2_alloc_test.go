package bgp

import "testing"

// TestViewsDoNotAllocate holds the views of BGP-LS, MVPN, SR Policy, RTC,
// VPLS and the TLV attributes to their benchmarks' 0 allocations: reading
// every field in place allocates nothing.
func TestViewsDoNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs each benchmark for a second")
	}
	for name, f := range map[string]func(*testing.B){
		"BGP-LS":               BenchmarkBGPLSView,
		"MVPN":                 BenchmarkMVPNView,
		"SR Policy":            BenchmarkSRPolicyView,
		"BGP_PREFIX_SID":       BenchmarkPrefixSIDView,
		"PMSI_TUNNEL":          BenchmarkPMSITunnel,
		"TUNNEL_ENCAPSULATION": BenchmarkTunnelEncapView,
		"ATTR_SET":             BenchmarkAttrSetView,
		"RTC":                  BenchmarkRTCView,
		"VPLS":                 BenchmarkVPLSView,
		"MUP":                  BenchmarkMUPView,
		"BGP-LS attribute":     BenchmarkBGPLSAttrView,
	} {
		if r := testing.Benchmark(f); r.AllocsPerOp() != 0 {
			t.Errorf("%s: %d allocations per read", name, r.AllocsPerOp())
		}
	}
}

// BenchmarkBGPLSAttrView walks a BGP-LS attribute (29) holding every TLV
// of the attribute vectors, and their sub-TLVs.
func BenchmarkBGPLSAttrView(b *testing.B) {
	var v []byte
	for _, tc := range bgplsAttrVectors {
		v = append(v, unhex(b, tc.hex)...)
	}
	a := AttrView{Flags: FlagOptional, Type: AttrBGPLS, Value: v}
	if _, err := a.BGPLS(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ls, _ := a.BGPLS()
		for t := range ls.TLVs() {
			for s := range t.SubTLVs() {
				_ = s.Type
			}
		}
	}
}
