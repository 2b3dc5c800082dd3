package interop

import (
	"strings"
)

// famCommonExceptions explain differences of the family differential
// found on both corpora. Each names who is wrong: "gobgp", "bgplens",
// "router" (the sender), or "design" when the RFCs allow both readings.
var famCommonExceptions = []famException{
	{
		name: "gobgp-dscp-whole-octet", who: "gobgp",
		why: "traffic-marking (0x8009): RFC 8955 §7.5 puts the DSCP in the 6 low bits of the last octet, the 2 " +
			"others reserved and ignored on receipt; GoBGP takes the whole octet (os-ken sends 100, DSCP 36)",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "flow_actions") && sameExcept(c.lens["flow_actions"], c.gob["flow_actions"], "mark ")
		},
	},
}

// famRealExceptions explain the differences found in the real corpora.
var famRealExceptions = append(famCommonExceptions, []famException{
	{
		name: "gobgp-no-mcast-vpn", who: "gobgp",
		why: "MP_REACH_NLRI of MCAST-VPN (AFI 1 SAFI 5, RFC 6514 §4): GoBGP has no such family and refuses the " +
			"UPDATE; bgplens decodes the routes (and the PMSI_TUNNEL beside them)",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "reject") && c.lensErr == "" && strings.Contains(c.gobErr, "AFI: 1, SAFI: 5")
		},
	},
	{
		name: "gobgp-drops-prefix-sid-mpls", who: "gobgp",
		why: "PREFIX_SID: GoBGP decodes only the SRv6 Service TLVs (RFC 9252 §2) and drops the Label-Index TLV " +
			"(RFC 8669 §3.1) and the Originator SRGB TLV (§3.2) without a trace; bgplens keeps and names them " +
			"(Cisco IOS XR sends Label-Index 90 beside its SRv6 services)",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "prefix_sid_mpls") && c.gob["prefix_sid_mpls"] == ""
		},
	},
}...)

// sameExcept reports whether two space-separated renderings differ only
// in the words that follow prefix (e.g. "mark " and its value).
func sameExcept(a, b, prefix string) bool {
	strip := func(s string) string {
		for {
			i := strings.Index(s, prefix)
			if i < 0 {
				return s
			}
			j := i + len(prefix)
			for j < len(s) && s[j] != ' ' {
				j++
			}
			s = s[:i] + "<>" + s[j:]
		}
	}
	return a != b && strip(a) == strip(b)
}
