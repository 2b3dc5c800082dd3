package interop

import (
	"slices"
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
	{
		name: "gobgp-no-traffic-rate-packets", who: "gobgp",
		why: "traffic-rate-packets (0x800c, RFC 8955 §7.2): GoBGP knows only traffic-rate-bytes (0x8006) and keeps " +
			"this action as an unknown community",
		match: func(c *famComparison) bool {
			if !onlyFamDiff(c, "flow_actions") {
				return false
			}
			strip := func(s, word string) string {
				f := strings.Fields(s)
				var out []string
				for i := 0; i < len(f); i++ {
					if f[i] == word && i+1 < len(f) && (word != "unknown" || strings.HasPrefix(f[i+1], "800c")) {
						i++
						continue
					}
					out = append(out, f[i])
				}
				return strings.Join(out, " ")
			}
			return strings.Contains(c.gob["flow_actions"], "unknown 800c") &&
				strip(c.lens["flow_actions"], "rate12") == strip(c.gob["flow_actions"], "unknown")
		},
	},
	{
		name: "gobgp-drops-bgpls-attr-tlvs", who: "gobgp",
		why: "BGP-LS attribute (29): GoBGP drops the TLVs it does not decode (here 258 Link Identifiers, 266 Node " +
			"MSD of RFC 8814, 1107 IS-IS SRv6 LAN End.X SID of RFC 9514, 1155 Prefix Metric, 1170 Prefix Attribute " +
			"Flags of RFC 9085); RFC 9552 §5.1 (as RFC 7752 §3.1) says unrecognized TLVs are preserved and " +
			"propagated, which bgplens does (type and octets)",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "bgp_ls") && isSubsequence(strings.Fields(c.gob["bgp_ls"]), strings.Fields(c.lens["bgp_ls"]))
		},
	},
	{
		name: "gobgp-flowspec6-offset", who: "gobgp",
		why: "an IPv6 prefix component with a non-zero offset: RFC 8956 §3.1 sends the pattern's bits from the offset " +
			"to the length (ceil((length-offset)/8) octets); GoBGP writes and reads the address's first ceil(length/8) " +
			"octets, so both read the same octets as other prefixes (bgplens reads GoBGP's form only when the RFC " +
			"reading does not frame, FlowSpecView.WholeOctetPatterns)",
		match: func(c *famComparison) bool {
			for _, k := range c.diff {
				a, b := c.values(k)
				if !strings.Contains(k, "ipv6-flowspec") || !onlyOffsetPrefixesDiffer(a, b) {
					return false
				}
			}
			return len(c.diff) > 0
		},
	},
	{
		name: "gobgp-drops-empty-tunnel-tlv", who: "gobgp",
		why: "TUNNEL_ENCAP: a Tunnel TLV without sub-TLVs (length 0) is valid (RFC 9012 §2: the sub-TLVs are " +
			"optional); GoBGP's loop (len(value) > 4) drops it when it is the last of the attribute",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "tunnel_encap") && strings.HasSuffix(c.lens["tunnel_encap"], " []") &&
				strings.HasPrefix(c.lens["tunnel_encap"], c.gob["tunnel_encap"])
		},
	},
}

// onlyOffsetPrefixesDiffer reports whether two renderings of flow spec
// entries differ only in IPv6 prefix components whose offset is not 0.
func onlyOffsetPrefixesDiffer(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) != len(y) || a == b {
		return false
	}
	for i := range x {
		if x[i] == y[i] {
			continue
		}
		tx, _, _ := strings.Cut(x[i], "=")
		ty, _, _ := strings.Cut(y[i], "=")
		if tx != ty || !strings.Contains(x[i], "/off") || strings.HasSuffix(x[i], "/off0") {
			return false
		}
	}
	return true
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

// famEncoderExceptions are GoBGP encoder faults the generated corpus
// meets: what GoBGP's constructors build is not what its Serialize writes.
var famEncoderExceptions = []famException{
	famLinkLocalException,
	{
		name: "gobgp-srv6-sid-tlv-order", who: "gobgp",
		why: "encoder: an SRv6 SID NLRI (RFC 9514 §6) with a Multi-Topology Identifier: GoBGP writes the SRv6 SID " +
			"Information TLV (518) before the MT-ID TLV (263); RFC 9552 §5.1 orders an NLRI's TLVs by ascending type. " +
			"bgplens reads them in wire order, GoBGP's struct holds them in ascending order",
		match: func(c *famComparison) bool {
			for _, k := range c.diff {
				a, b := c.values(k)
				if !strings.Contains(k, "bgp-ls") || !sameTokens(a, b) || !strings.Contains(a, " 518:") ||
					strings.Index(a, " 518:") > strings.Index(a, " 263:") {
					return false
				}
			}
			return len(c.diff) > 0
		},
	},
	{
		name: "gobgp-flowspec-long-length", who: "gobgp",
		why: "a flow spec rule of 240 octets or more: RFC 8955 §4.1 sends its length in two octets, 0xf in the high " +
			"nibble; GoBGP's FlowSpecNLRI.Serialize writes the length over the rule's first two octets and puts 00 00 " +
			"before them, so the NLRI reads as an empty rule and garbage (both then reject it, or GoBGP takes the garbage as " +
			"unknown components); and its decoder takes the two octets with the 0xf nibble as the length",
		match: func(c *famComparison) bool { return builtLongFlowSpec(c.m.built) },
	},
	{
		name: "gobgp-evpn-type9", who: "gobgp",
		why: "EVPN route type 9 (Per-Region I-PMSI A-D, RFC 9572 §3.1): GoBGP's NewEVPNIPMSIRoute declares 20 octets " +
			"and serializes 28 (8 zero octets, then the Region ID community), so the NLRI overruns; and GoBGP's decoder " +
			"knows only types 1-5 (Unknown EVPN Route type: 9)",
		match: func(c *famComparison) bool {
			return strings.Contains(c.m.built["+l2vpn-evpn"], "evpn9 ") || strings.Contains(c.m.built["-l2vpn-evpn"], "evpn9 ")
		},
	},
	{
		name: "gobgp-ls-default-prefix", who: "gobgp",
		why: "a BGP-LS Prefix NLRI for a /0: RFC 9552 §5.2.3.2 sends the prefix in as few octets as its length needs " +
			"(none); GoBGP's NewLsPrefixTLVs writes one, and its own decoder then refuses the TLV (Malformed IP " +
			"reachability TLV). bgplens keeps descriptor TLV values as octets and reads the NLRI",
		match: func(c *famComparison) bool {
			return onlyFamDiff(c, "reject") && strings.Contains(c.gobErr, "IP reachability") &&
				(strings.Contains(c.m.built["+bgp-ls"], "265:00") || strings.Contains(c.m.built["-bgp-ls"], "265:00"))
		},
	},
}

// famLinkLocalException: a random IPv6 address is link-local now and then.
var famLinkLocalException = famException{
	name: "ls-link-local-address", who: "design",
	why: "a BGP-LS Link NLRI whose IPv6 Interface or Neighbor Address TLV (261, 262; RFC 9552 §5.2.2 takes them " +
		"from RFC 6119 §4.2-4.3, global addresses) holds a link-local address: GoBGP refuses the whole UPDATE, " +
		"bgplens keeps the descriptor's octets (and GoBGP's own NewLsLinkTLVs builds such a TLV)",
	match: func(c *famComparison) bool {
		return onlyFamDiff(c, "reject") && c.lensErr == "" && strings.Contains(c.gobErr, "Unexpected link local address")
	},
}

// builtLongFlowSpec reports whether a generated message holds a flow spec
// rule of 240 octets or more (the generator's long port lists).
func builtLongFlowSpec(built facts) bool {
	for k, v := range built {
		if !strings.Contains(k, "flowspec") {
			continue
		}
		for _, tok := range strings.Fields(v) {
			if strings.HasPrefix(tok, "t4=") && strings.Count(tok, ",") >= 80 {
				return true
			}
		}
	}
	return false
}

// famLensExceptions explain the differences on the UPDATEs bgplens builds.
var famLensExceptions = append(append([]famException(nil), famCommonExceptions...), []famException{
	{
		name: "gobgp-reads-flowspec6-offset-as-whole-octets", who: "gobgp",
		why: "an IPv6 prefix component with a non-zero offset, sent as RFC 8956 §3.1 says (the pattern holds the " +
			"bits from the offset to the length): GoBGP reads ceil(length/8) octets from the address's start, takes " +
			"the following components' octets into the prefix and reads the rest of the rule as unknown components",
		match: func(c *famComparison) bool {
			if !c.m.tags["flowspec-offset"] || len(c.diff) == 0 {
				return false
			}
			for _, k := range c.diff {
				if !strings.Contains(k, "ipv6-flowspec") {
					return false
				}
			}
			return true
		},
	},
	{
		name: "gobgp-flowspec-two-octet-length", who: "gobgp",
		why: "a flow spec rule whose length takes two octets (RFC 8955 §4.1: 0xf in the high nibble, 12 bits of " +
			"length; required from 240 octets, allowed below): GoBGP's decoder takes all 16 bits as the length, finds " +
			"the rule overrunning the NLRI and refuses the UPDATE",
		match: func(c *famComparison) bool {
			return c.m.tags["flowspec-long-length"] && onlyFamDiff(c, "reject") && c.lensErr == "" &&
				strings.Contains(c.gobErr, "flowspec component bytes")
		},
	},
	{
		name: "gobgp-evpn-types-6-11", who: "gobgp",
		why: "EVPN route types 6 (Selective Multicast Ethernet Tag, RFC 9251 §9.1) and 9 (Per-Region I-PMSI A-D, " +
			"RFC 9572 §3.1): GoBGP decodes types 1-5 only and refuses the whole UPDATE (Unknown EVPN Route type), " +
			"though the route's length octet (RFC 7432 §7) lets it step over the route",
		match: func(c *famComparison) bool {
			return c.m.tags["evpn-type-6-11"] && onlyFamDiff(c, "reject") && c.lensErr == "" &&
				strings.Contains(c.gobErr, "Unknown EVPN Route type")
		},
	},
	{
		name: "esi-last-octet", who: "design",
		why: "an ESI of type 1, 2, 4 or 5 whose last octet is not 0x00 (RFC 7432 §5: the sender sets it to 0x00): " +
			"GoBGP refuses the whole UPDATE; bgplens keeps the 10 octets as sent (RFC 7432 gives no receiver action, " +
			"and RFC 7606 §2 prefers the least drastic one)",
		match: func(c *famComparison) bool {
			return c.m.tags["esi-last-octet"] && onlyFamDiff(c, "reject") && c.lensErr == "" &&
				strings.Contains(c.gobErr, "last octet must be 0x00")
		},
	},
}...)

// isSubsequence reports whether every element of sub appears in all, in
// order.
func isSubsequence(sub, all []string) bool {
	i := 0
	for _, x := range all {
		if i < len(sub) && sub[i] == x {
			i++
		}
	}
	return i == len(sub)
}

// sameTokens reports whether a and b hold the same words (brackets
// aside), in another order.
func sameTokens(a, b string) bool {
	r := strings.NewReplacer("[", " ", "]", " ")
	x, y := strings.Fields(r.Replace(a)), strings.Fields(r.Replace(b))
	slices.Sort(x)
	slices.Sort(y)
	return a != b && slices.Equal(x, y)
}
