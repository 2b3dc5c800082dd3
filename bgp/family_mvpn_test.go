package bgp

import "testing"

// mvpnVectors are written from RFC 6514 §4.1-§4.6 (and RFC 6515 for an
// IPv6 originator): route type, length, the type's fields.
var mvpnVectors = []familyVector{
	{Family{AFIIPv4, SAFIMCASTVPN}, "Intra-AS I-PMSI A-D", "01 0c 0000fde800000001 c0000201", "intra-as-i-pmsi-ad rd 65000:1 originator 192.0.2.1"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "Inter-AS I-PMSI A-D", "02 0c 0000fde800000001 0000fde9", "inter-as-i-pmsi-ad rd 65000:1 source-as 65001"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "S-PMSI A-D", "03 16 0000fde800000001 20 c6336401 20 e8010101 c0000201",
		"s-pmsi-ad rd 65000:1 source 198.51.100.1 group 232.1.1.1 originator 192.0.2.1"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "S-PMSI A-D wildcard (RFC 6625)", "03 0e 0000fde800000001 00 00 c0000201",
		"s-pmsi-ad rd 65000:1 source * group * originator 192.0.2.1"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "Leaf A-D answering an S-PMSI A-D", "04 1c 03 16 0000fde800000001 20 c6336401 20 e8010101 c0000201 c0000202",
		"leaf-ad route-key 03160000fde80000000120c633640120e8010101c0000201 originator 192.0.2.2"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "Source Active A-D", "05 12 0000fde800000001 20 c6336401 20 e8010101",
		"source-active-ad rd 65000:1 source 198.51.100.1 group 232.1.1.1"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "Shared Tree Join", "06 16 0000fde800000001 0000fde8 20 c6336401 20 e8010101",
		"shared-tree-join rd 65000:1 source-as 65000 source 198.51.100.1 group 232.1.1.1"},
	{Family{AFIIPv4, SAFIMCASTVPN}, "Source Tree Join", "07 16 0000fde800000001 0000fde8 20 c6336401 20 e8010101",
		"source-tree-join rd 65000:1 source-as 65000 source 198.51.100.1 group 232.1.1.1"},
	{Family{AFIIPv6, SAFIMCASTVPN}, "IPv6 Intra-AS I-PMSI A-D", "01 18 0000fde800000001 20010db8000000000000000000000001", "intra-as-i-pmsi-ad rd 65000:1 originator 2001:db8::1"},
	{Family{AFIIPv6, SAFIMCASTVPN}, "an unknown route type", "09 02 abcd", "9 abcd"},
}

func BenchmarkMVPNView(b *testing.B) {
	m := unhex(b, mvpnVectors[2].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseMVPN(m, 0)
		_ = v.Source()
		_ = v.Group()
	}
}

func FuzzMVPN(f *testing.F) { fuzzFamily(f, mvpnVectors, viewEntry(ParseMVPN)) }
