package bgp

import "testing"

// TestViewsDoNotAllocate holds the views of BGP-LS, MVPN, SR Policy and the
// TLV attributes to their benchmarks' 0 allocations: reading every field
// in place allocates nothing.
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
	} {
		if r := testing.Benchmark(f); r.AllocsPerOp() != 0 {
			t.Errorf("%s: %d allocations per read", name, r.AllocsPerOp())
		}
	}
}
