package explain

import "testing"

// Held-out round 34 (testdata/loglines/README.md): FRR's error reference
// "[EC n]", also right after its message ID, topotato's report of FRR's
// log (ID, a tab, the level, a tab), a collector's tag before FRR's own
// time and ExaBGP's columns (time, level, pid, source) are read as the
// entry's elements; a MAC address after its
// label ("router mac: 00:00:…") is no octets.
func TestRound34Envelopes(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // field=value pairs the entry's elements must hold
	}{
		{"FRR: 2025/01/17 23:27:48 BGP: [RWQFK-BA2JR][EC 33554488] 23.33.236.254: Attribute MP_REACH_NLRI, parse error - treating as withdrawal", []string{"program=FRR", "timestamp=2025/01/17 23:27:48", "program=BGP", "message_id=[RWQFK-BA2JR]", "error_ref=[EC 33554488]"}},
		{"Jan 13 08:12:31 frr-lg bgpd[10003]: [EC 33554503] 186.xxx.xxx.1 unrecognized capability code: 71 - ignored", []string{"error_ref=[EC 33554503]"}},
		{"W3X54-30BTE\tdebug\tAllocated bnc fe80::fc01:ff:febc:300/128(2)(0)(VRF default) peer 0x0\t", []string{"message_id=[W3X54-30BTE]", "level=debug"}},
		{"Oct 18 13:34:20 rr-sw4 IpRib: %EVPN-3-DUP_VNI_ROUTERMAC: Evpn nexthop (vtep: 10.136.24.1, vni: 20003, router mac: 00:00:00:00:00:00) has been ignored", []string{"vni=20003", "router_mac=00:00:00:00:00:00", "program=IpRib", "address=10.136.24.1"}},
		{"11:41:39 | 82389  | outgoing-1    |  - peer is not configured for bgp-ls/bgp-ls", []string{"timestamp=11:41:39", "pid=82389", "source=outgoing-1"}},
		{"Tue, 09 Feb 2021 18:48:58 1432305 configuration the route family is not configured on neighbor", []string{"timestamp=Tue, 09 Feb 2021 18:48:58", "pid=1432305", "source=configuration"}},
		{"Fri, 09 Sep 2016 08:39:55.654076 | INFO     | 8574   | network       | Peer       2d00:1::1 ASN 10000   connection to peer failed", []string{"level=INFO", "pid=8574", "source=network"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// A tag before no time is left to the other readers.
	if f := fieldNamed(Line("FRR: could not read the file", Options{}).Line.Fields, "program"); f != nil {
		t.Errorf("tag before no time read as program: %v", f)
	}
	for _, text := range []string{
		"Oct 18 13:34:20 rr-sw4 IpRib: %EVPN-3-DUP_VNI_ROUTERMAC: Evpn nexthop (vtep: 10.136.24.1, vni: 20003, router mac: 00:00:00:00:00:00) has been ignored: vni 20003, router mac 00:00:00:00:00:00 cannot be present on multiple vteps.",
		"EVPN: remote vtep 192.0.2.1 rmac: 52:54:00:12:34:56 vni 10",
	} {
		octetsRead(t, text, 0)
	}
	// Six octets after a data label stay data.
	octetsRead(t, "data: 00:01:02:03:04:05", 6)
}

// hasElements checks that the elements read from text hold each of
// want, a field=value pair.
func hasElements(t *testing.T, text string, want ...string) {
	t.Helper()
	got := map[string]string{}
	for _, f := range Line(text, Options{}).Line.Fields {
		got[f.Name+"="+f.Value] = f.Meaning
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("%.60q: no element %s among %v", text, w, got)
		}
	}
}

// octetsRead checks that want octets are read from text.
func octetsRead(t *testing.T, text string, want int) {
	t.Helper()
	if x := Line(text, Options{}); x.Line.Present != want {
		t.Errorf("%.60q: %d octets read, want %d", text, x.Line.Present, want)
	}
}
