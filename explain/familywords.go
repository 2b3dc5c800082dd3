package explain

import (
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// Vendors name an address family in their own words: "IPv4 Flowspec"
// (IOS XR), "ipv4 flow" (ExaBGP), "inet-vpn" (Junos), "L2VPN EVPN" (FRR,
// NX-OS), "VPNv4 Unicast" (IOS), Junos's routing tables (inetflow.0,
// bgp.l3vpn.0). familyInWords reads them into the registry's family, so
// that what the family is stays bgp's (its name, AFI, SAFI and RFC).

// reFamilyWords is an AFI word and a SAFI word, or a word that names a
// family alone.
var reFamilyWords = gate(`\b(ipv4|ipv6|inet6?|l2vpn|link-?state|bgp-?ls)[-_ /]*(?:safi[-_ /:=]*)?(labeled[-_ ]?unicast|nlri-mpls|unicast|multicast|labeled|mpls-?vpn|vpn|flow[-_]?spec[-_ ]?vpn|flow[-_]?vpn|flow[-_]?spec|flow|evpn|vpls|mvpn|mup|sr-?policy|sr-?te|rtc|lu)\b|\b(vpnv4|vpnv6|evpn|vpls|flowspec|rt-?constraint|bgp-?ls|link-?state|inetflow\.0|inet6?\.0|bgp\.l3vpn\.0|bgp\.l3vpn-inet6\.0|bgp\.evpn\.0)\b`)

// reFamilyNumbers is a family by its registry numbers: IOS's
// "afi/safi: 2/1", "AFI 1 SAFI 128".
var reFamilyNumbers = gate(`(?i)\bafi[/ -]safi\W{0,3}(\d{1,5})\s*/\s*(\d{1,3})\b|\bafi\W{0,3}(\d{1,5})\W{1,3}safi\W{0,3}(\d{1,3})\b`)

var (
	afiWords  = map[string]string{"ipv4": "ipv4", "inet": "ipv4", "ipv6": "ipv6", "inet6": "ipv6", "l2vpn": "l2vpn", "linkstate": "bgp-ls", "link-state": "bgp-ls", "bgpls": "bgp-ls", "bgp-ls": "bgp-ls"}
	safiWords = map[string]string{"unicast": "unicast", "multicast": "multicast", "labeled": "labeled", "labeledunicast": "labeled", "lu": "labeled", "nlrimpls": "labeled",
		"mplsvpn": "vpn", "vpn": "vpn", "flowspecvpn": "flowspec-vpn", "flowvpn": "flowspec-vpn", "flowspec": "flowspec", "flow": "flowspec",
		"evpn": "evpn", "vpls": "vpls", "mvpn": "mvpn", "mup": "mup", "srpolicy": "sr-policy", "srte": "sr-policy", "rtc": "rtc"}
	familyAlone = map[string]string{"vpnv4": "ipv4-vpn", "vpnv6": "ipv6-vpn", "evpn": "l2vpn-evpn", "vpls": "l2vpn-vpls", "flowspec": "ipv4-flowspec",
		"rtconstraint": "rtc", "rt-constraint": "rtc", "bgp-ls": "bgp-ls", "bgpls": "bgp-ls", "link-state": "bgp-ls", "linkstate": "bgp-ls", "inetflow.0": "ipv4-flowspec", "inet.0": "ipv4-unicast", "inet6.0": "ipv6-unicast", "bgp.l3vpn.0": "ipv4-vpn",
		"bgp.l3vpn-inet6.0": "ipv6-vpn", "bgp.evpn.0": "l2vpn-evpn"}
)

// familyInWords returns the first address family text names, in any
// vendor's words.
func familyInWords(text string) (bgp.Family, bool) {
	t := newScan(text, "")
	if m := reFamilyNumbers.find(t); m != nil {
		afi, safi := atoiOr(m[1]+m[3], -1), atoiOr(m[2]+m[4], -1)
		if afi > 0 && afi < 1<<16 && safi > 0 && safi < 256 {
			return bgp.Family{AFI: bgp.AFI(afi), SAFI: bgp.SAFI(safi)}, true
		}
	}
	for _, m := range reFamilyWords.findAll(newScan(t.lower, t.lower), -1) {
		squash := func(s string) string { return strings.NewReplacer("-", "", "_", "", " ", "").Replace(s) }
		name := familyAlone[m[3]]
		if m[1] != "" {
			afi, safi := afiWords[m[1]], safiWords[squash(m[2])]
			switch {
			case afi == "bgp-ls":
				name = "bgp-ls"
			case afi == "l2vpn" && (safi == "evpn" || safi == "vpls"):
				name = "l2vpn-" + safi
			case safi == "rtc":
				name = "rtc"
			default:
				name = afi + "-" + safi
			}
		}
		if f, ok := bgp.ParseFamily(name); ok {
			return f, true
		}
	}
	return bgp.Family{}, false
}

// reAddPathWords is an entry saying its NLRI carry ADD-PATH Path
// Identifiers (ExaBGP's "with path-information", "path-id", "add-path").
var reAddPathWords = regexp.MustCompile(`\bwith path-information\b|\bpath[-_ ]?id(?:entifier)?s?\b|\badd-?path\b`)
