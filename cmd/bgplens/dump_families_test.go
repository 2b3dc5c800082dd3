package main

import (
	"strings"
	"testing"
)

// TestDumpFamilies: dump writes each EVPN, FlowSpec and RTC entry decoded,
// in text and JSON, with every key documented.
func TestDumpFamilies(t *testing.T) {
	const osken = mrtTestdata + "os-ken/os_ken/tests/packet_data/bgp4/"
	for _, tc := range []struct {
		file, text string
		entries    int
	}{
		{osken + "evpn_nlri_mac_ip_ad.pcap", "+ l2vpn-evpn via 17.17.17.17: mac-ip rd 4369:286331153 esi 00:11:11:11:11:11:11:11:11:11 tag 4369 mac 11:11:11:11:11:11 ip 17.17.17.17 label 273/vni 4369", 1},
		{osken + "flowspec_nlri_vpn4.pcap", "+ ipv4-flowspec-vpn: rd 65001:250 destination 30.0.0.0/24, source 40.0.0.0/24, protocol = 1 || = 2", 1},
		{osken + "flowspec_nlri_ipv6.pcap", "+ ipv6-flowspec: destination 2001::2/128 offset 32, source 3002::3/128, next-header = 6", 1},
		{mrtTestdata + "tcpdump/tests/bgp-rt-prefix.pcap", "+ rtc via 1.0.0.2: origin-as 22 rt:100000:65535", 8},
	} {
		rc, out, _ := runCmd(t, "", "dump", tc.file)
		if rc != exitOK || !strings.Contains(out, tc.text) {
			t.Errorf("%s: exit %d\n%s", tc.file, rc, out)
		}
		_, recs, _ := dumpJSON(t, "", tc.file)
		checkDocumented(t, recs)
		n := 0
		for _, r := range recs {
			nl, _ := r["other_nlri"].([]any)
			n += len(nl)
		}
		if n != tc.entries {
			t.Errorf("%s: %d entries, want %d", tc.file, n, tc.entries)
		}
	}
}
