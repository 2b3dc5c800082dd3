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

// familyEvents are the rows of events of one address family: next hops
// of another family, EVPN router MACs, families not negotiated
// (eventrows/family.jsonl).
var familyEvents = eventRows("family")

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
