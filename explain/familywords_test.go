package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// Address families in vendors' words are the registry's families.
func TestFamilyInWords(t *testing.T) {
	for text, want := range map[string]string{
		"NLRI      ipv4 flow          without path-information": "ipv4-flowspec",
		"Address family IPv4 Flowspec: received 3 prefixes":     "ipv4-flowspec",
		"maximum prefix-limit(27) exceeded (inet-unicast)":      "ipv4-unicast",
		"family inet-vpn":                      "ipv4-vpn",
		"For address family: VPNv4 Unicast":    "ipv4-vpn",
		"BGP neighbor is 10.0.0.1, L2VPN EVPN": "l2vpn-evpn",
		"ipv6 labeled-unicast":                 "ipv6-labeled",
		"afi ipv6 safi mpls-vpn":               "ipv6-vpn",
		"table inetflow.0":                     "ipv4-flowspec",
		"bgp.l3vpn-inet6.0: 12 destinations":   "ipv6-vpn",
		"address-family link-state link-state": "bgp-ls",
		"l2vpn vpls":                           "l2vpn-vpls",
		"ipv4 rtc":                             "rtc",
	} {
		f, ok := familyInWords(text)
		if !ok || f.JSONName() != want {
			t.Errorf("%q: %v %v, want %s", text, f, ok, want)
		}
	}
	for _, text := range []string{"neighbor 192.0.2.1 Down", "ipv4 address 192.0.2.1", "inet address"} {
		if f, ok := familyInWords(text); ok {
			t.Errorf("%q read as %v", text, f)
		}
	}
}

// NLRI printed alone are read as the family the entry names when they
// frame as its NLRI, with Path Identifiers if they frame only so; a
// family named whose NLRI the octets are not leaves the other readings.
func TestNamedFamilyNLRI(t *testing.T) {
	for _, c := range []struct {
		text, field, value string
		family             bgp.Family
	}{
		{"IPv6 Unicast NLRI: 30 2001 0db8 0001 20 2001 0db8", "prefix", "2001:db8:1::/48", bgp.IPv6Unicast},
		{"ipv6 unicast nlri with path-information: 00000007 30 20010db8 0001", "prefix", "2001:db8:1::/48", bgp.IPv6Unicast},
		// Both readings frame (four /0s and a /16, or one /16 with Path
		// Identifier 0): the words choose.
		{"ipv6 unicast nlri with path-information: 00 00 00 00 10 0a 00", "prefix", "a00::/16", bgp.IPv6Unicast},
		{"VPNv4 NLRI: 70 000641 00000001000a0001 0a0000", "prefix", "10.0.0.0/24", bgp.IPv4VPN},
	} {
		x := lineOf(c.text)
		if x.Line.Start != StartNLRI || !hasValue(x, c.field, c.value) || len(x.Errors) > 0 ||
			strings.Contains(c.text, "with path-information") != strings.Contains(x.Line.Why, "ADD-PATH") {
			t.Errorf("%s: start %s (%s), errors %+v; want %s %s", c.text, x.Line.Start, x.Line.Why, x.Errors, c.field, c.value)
		}
	}
	// Octets that frame as IPv4 prefixes are read as the family named
	// when they frame as its NLRI too (18 0a0000: a /24, of IPv6 here).
	x := lineOf("IPv6 Unicast NLRI: 18 0a 00 00 18 0a 00 01")
	if !hasValue(x, "prefix", "a00::/24") {
		t.Errorf("IPv6 /24s named IPv6: %s", x.Line.Why)
	}
	// IPv4 unicast named is the IPv4 reading's, as it was.
	if x := lineOf("IPv4 Unicast NLRI: 18 0a 00 00 18 0a 00 01"); !strings.Contains(x.Line.Why, "frame exactly as IPv4 prefixes") {
		t.Errorf("IPv4 unicast named: %s", x.Line.Why)
	}
	// A family whose NLRI the octets are not leaves the IPv4 reading.
	x = lineOf("IPv4 Flowspec NLRI: 18 0a 00 00 18 0a 00 01")
	if x.Line.Start != StartNLRI || !hasValue(x, "prefix", "10.0.0.0/24") {
		t.Errorf("IPv4 prefixes under a FlowSpec name: %s", x.Line.Why)
	}
}
