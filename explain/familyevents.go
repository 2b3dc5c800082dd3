package explain

import (
	"strings"
)

// What routers log about the families beyond IPv4 unicast: IPv6 next
// hops (global, link-local, both), the nexthop tracking that decides
// whether such a route is used, EVPN next hops, and families a session
// was configured for but did not negotiate. Their rows are read like
// sessionEvents, after them (allEvents).

// reMPNextHop is FRR's "mp_nexthop ::(fe80::1588)": MP_REACH_NLRI's next
// hop, the global address and, in brackets, the link-local one.
var reMPNextHop = gate(`\bmp_nexthop ([0-9a-f:.]+)(?:\(([0-9a-f:.]+)\))?`)

// mpNextHopDetail tells the next hop FRR read from an MP_REACH_NLRI:
// one address is a 16-octet field, two a 32-octet one (RFC 2545 §3).
func mpNextHopDetail(lower string) string {
	m := reMPNextHop.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	if m[2] == "" {
		return "; here one address, " + m[1] + ": a next hop field of 16 octets (4 for an IPv4 one, RFC 8950 §3 for IPv6 over IPv4 or the reverse)"
	}
	s := "; here two addresses, a next hop field of 32 octets (RFC 2545 §3): the global " + m[1] + " and the link-local " + m[2]
	if m[1] == "::" {
		s += "; the global one is :: (the unspecified address): the sender, on a session between link-local addresses only (BIRD does so), had no global address to give, so a receiver that resolves only the global part finds the route's next hop inaccessible and does not use the route; FRR since 2020 (its pull request 6456) uses the link-local part then"
	}
	return s
}

// bncDetail tells what FRR's nexthop cache entry is for.
func bncDetail(lower string) string {
	i := strings.Index(lower, "allocated bnc ")
	rest := lower[i+len("allocated bnc "):]
	var s string
	switch {
	case strings.HasPrefix(rest, "::/128"):
		s = "; here ::, the unspecified address: nothing resolves it, so the routes carrying it stay invalid (\"inaccessible\", NH unresolved); it comes from a 32-octet next hop whose global part is :: when the link-local part is not used"
	case strings.HasPrefix(rest, "fe80:"):
		s = "; here a link-local address: it resolves only on the interface of the session it came over (an unnumbered session, RFC 8950 for IPv4 routes over it); without that interface it stays unresolved"
	}
	if strings.Contains(rest, "peer 0x0") {
		s += "; peer 0x0: the entry is for routes' next hops, not for a neighbour's own address (which FRR tracks to know it can connect)"
	}
	return s
}

// reRcvdPrefix is the prefix of FRR's "rcvd 2001:db8::/32 IPv6 unicast"
// and "rcvd UPDATE about 10.0.0.0/24 IPv4 unicast -- withdrawn".
var reRcvdPrefix = gate(`\brcvd (?:update about )?([0-9a-f:.]+/\d{1,3}) `)

// rcvdPrefixDetail names the prefix received and its family.
func rcvdPrefixDetail(lower string) string {
	s := ""
	if m := reRcvdPrefix.find(newScan(lower, lower)); m != nil {
		s = "; here the prefix " + m[1]
		if strings.HasPrefix(m[1], "fc") || strings.HasPrefix(m[1], "fd") {
			s += ", a unique local IPv6 prefix (RFC 4193, fc00::/7)"
		}
	}
	return s + familyNamed(lower)
}

var familyEvents = []sessionEvent{
	// FRR's debug of an UPDATE received: "fe80::1588 rcvd UPDATE w/
	// attr: , origin i, mp_nexthop ::(fe80::1588)".
	{words: []string{"mp_nexthop "}, unless: []string{"send update"},
		meaning: "FRR's bgpd logged the path attributes of an UPDATE it received (debug bgp updates in); mp_nexthop is MP_REACH_NLRI's Network Address of Next Hop (RFC 4760 §3), the next hop of the routes of a family other than IPv4 unicast",
		detail:  mpNextHopDetail},
	// FRR's debug of a route received: "fe80::1588 rcvd
	// fda9:26a9:1c47:2d42::/64 IPv6 unicast".
	{words: []string{" rcvd "},
		also:    []string{"ipv4 unicast", "ipv6 unicast", "ipv4 multicast", "ipv6 multicast", "ipv4 vpn", "ipv6 vpn", "ipv4 labeled", "ipv6 labeled", "ipv4 flowspec", "ipv6 flowspec", "l2vpn evpn"},
		unless:  []string{"rcvd update", "rcvd open", "rcvd notification", "rcvd keepalive", "rcvd end-of-rib", "rcvd route-refresh", "denied", "withdrawn"},
		meaning: "FRR's bgpd logged a route an UPDATE it received carried (debug bgp updates in): the prefix, then the address family it came in (an AFI/SAFI of MP_REACH_NLRI, RFC 4760 §3, or IPv4 unicast's NLRI field)",
		detail:  rcvdPrefixDetail},
	// FRR's nexthop tracking: "Allocated bnc ::/128(VRF default) peer 0x0".
	{words: []string{"allocated bnc "},
		meaning: "FRR's bgpd made an entry of its nexthop cache (bnc) for a next hop it starts to track with zebra: routes using that next hop are valid only while zebra finds it reachable (RFC 4271 §9.1.2.1); FRR 9's numbers in brackets after the prefix are the interface index a link-local one is on and an SR Policy color (0: none)",
		detail:  bncDetail},
	// FRR, a link-local only next hop on a session not over one
	// interface: "… sent a v6 LL next-hop and there's no peer interface
	// information. Hence, withdrawing".
	{words: []string{"sent a v6 ll next-hop and there's no peer interface"},
		meaning: "FRR's bgpd received an IPv6 next hop that is only a link-local address (RFC 2545 §3: usable only on its own link) from a neighbour whose session is not over an interface it knows (a multihop session, or one between IPv4 or global addresses), so it cannot tell which link the address is on; it treats the UPDATE's routes as withdrawn (RFC 7606 §2 treat-as-withdraw, logged as MP_REACH_NLRI's parse error) and keeps the session. The sender should give a global next hop: a link-local one is not to be passed beyond its link (RFC 2545 §3)"},
	// Arista EOS: "%EVPN-3-DUP_VNI_ROUTERMAC: Evpn nexthop (vtep: …,
	// vni: …, router mac: …) has been ignored".
	{words: []string{"dup_vni_routermac"},
		meaning: "Arista EOS ignored an EVPN next hop: its VTEP, VNI and router MAC (the Router's MAC extended community of RFC 9135 §8.1, carried by type-2 MAC/IP and type-5 IP Prefix routes for routing between subnets) came from one VTEP while the same VNI and router MAC were already in use at another; a VNI's router MAC belongs to one VTEP, so the later one is not used. A router MAC of all zeros is none: the routes came without a Router's MAC community, so every VTEP sending them collides"},
	// ExaBGP after the OPENs: "the connection can not carry the
	// following family/families", " - peer is not configured for
	// bgp-ls/bgp-ls", "therefore no routes of this kind can be announced
	// on the connection".
	{words: []string{"can not carry the following family", "no routes of this kind can be announced"},
		meaning: "ExaBGP compared the families it is configured for with those the neighbour's OPEN offered (Multiprotocol Extensions capability, code 1, RFC 4760 §8) and lists those the session does not carry: no routes of them are sent or received on it (RFC 4760 §8, RFC 5492 §3); the session itself comes up, and the other families work. Not an error of the session: a family configured on one side only"},
	{words: []string{"is not configured for "},
		also:    []string{" - peer ", " - we ", " - local "},
		meaning: "ExaBGP names a family the session does not carry and which side lacks it: peer, the neighbour's OPEN did not offer it (configure the family on the neighbour, or drop it here), else ExaBGP's own configuration lacks it; the session comes up without it (RFC 4760 §8)",
		detail:  familyNamed},
	// ExaBGP given a route: "the route family is not configured on
	// neighbor".
	{words: []string{"the route family is not configured on neighbor"},
		meaning: "ExaBGP was given a route (by its configuration or its API) of an address family a neighbour is not configured for, and does not announce it to that neighbour; the neighbours whose families include it get it. Not a session error: with IPv4 and IPv6 neighbours, each family's routes go to the neighbours of that family only"},
}

var (
	// A VXLAN segment's number as EVPN logs name it: "vni: 20003", "VNI 10".
	reVNI = gate(`(?i)\bl?vni[ :=]+(\d{1,8})\b`)
	// The router MAC of EVPN's Router's MAC extended community: "router
	// mac: 00:00:…", "rmac 52:54:…".
	reRouterMAC = gate(`(?i)\b(?:router[ -]?mac|rmac)[ :=]+((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\b`)
)

// evpnFields reads the VNI and the router MAC an EVPN entry names.
func evpnFields(first string) []EntryField {
	var out []EntryField
	if m := reVNI.find(cased(first)); m != nil && atoiOr(m[1], 1<<24) < 1<<24 {
		out = append(out, EntryField{Name: "vni", Value: m[1], Meaning: "a VXLAN Network Identifier (24 bits, RFC 7348 §5): the layer-2 segment, or with a router MAC the layer-3 VRF, an EVPN route is for (RFC 8365 §5.1.3)"})
	}
	if m := reRouterMAC.find(cased(first)); m != nil {
		w := "the router MAC of a VTEP (RFC 9135 §8.1's Router's MAC extended community): the inner destination MAC of packets routed to it over VXLAN"
		if m[1] == "00:00:00:00:00:00" {
			w += "; all zeros is none: the route carried no Router's MAC"
		}
		out = append(out, EntryField{Name: "router_mac", Value: m[1], Meaning: w})
	}
	return out
}
