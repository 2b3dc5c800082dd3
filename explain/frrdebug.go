package explain

import (
	"strings"
)

// FRR's and Quagga's debug output (debug bgp updates, keepalives, nht,
// graceful-restart) as users paste it: one line per step of reading or
// sending a message, or of tracking a next hop. Their rows are read like
// sessionEvents, after them (allEvents).

// deniedReasons are the reasons FRR's and Quagga's bgpd give after
// "DENIED due to:", with the rule each applies.
var deniedReasons = []struct{ words, rule string }{
	{"reflected from the same cluster", "the route's CLUSTER_LIST holds this router's own cluster ID: it went round the reflection and came back, a loop, so it is dropped (RFC 4456 §8); seen on a route reflector whose clients or peers reflect back to it"},
	{"originator is us", "the route's ORIGINATOR_ID is this router's own ID: a route it sent, reflected back to it (RFC 4456 §8)"},
	{"as-path contains our own as", "the AS_PATH holds the router's own AS: a loop (RFC 4271 §9.1.2); allowas-in accepts it where that is wanted"},
	{"martian or self next-hop", "the NEXT_HOP (or MP_REACH_NLRI's next hop) is one of the router's own addresses or one no route can use (unspecified, loopback, multicast): such a route is not used (RFC 4271 §5.1.3, §6.3)"},
	{"non-connected next-hop", "the NEXT_HOP of a route from a single-hop eBGP neighbour is not on a network the router is connected to (RFC 4271 §5.1.3)"},
	{"filter applied", "an inbound filter (prefix-list, distribute-list, filter-list or route-map) denied it: local policy, not an error"},
	{"route-map", "the inbound route-map denied it: local policy, not an error"},
}

// deniedDetail names the route denied, its family and why.
func deniedDetail(lower string) string {
	s := rcvdPrefixDetail(lower)
	for _, r := range deniedReasons {
		if strings.Contains(lower, "due to: "+r.words) {
			return s + "; the reason, " + r.words + ": " + r.rule
		}
	}
	return s
}

// reUpdateLengths is FRR's first line of an UPDATE received: "rcvd
// UPDATE wlen 5 attrlen 0 alen 0".
var reUpdateLengths = gate(`\bwlen (\d{1,5}) attrlen (\d{1,5}) alen (\d{1,5})\b`)

// updateLengthsDetail tells what the three lengths say of the UPDATE.
func updateLengthsDetail(lower string) string {
	m := reUpdateLengths.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	w, a, n := atoiOr(m[1], 0), atoiOr(m[2], 0), atoiOr(m[3], 0)
	s := "; here " + m[1] + " octets of withdrawn routes, " + m[2] + " of path attributes and " + m[3] + " of NLRI, an UPDATE of " + itoa(19+2+w+2+a+n) + " octets"
	switch {
	case w == 0 && a == 0 && n == 0:
		s += ": all empty, the End-of-RIB marker of IPv4 unicast (RFC 4724 §2)"
	case a == 0 && n == 0:
		s += ": it only withdraws IPv4 unicast routes"
	case n == 0:
		s += ": no IPv4 unicast routes announced in the NLRI field; the attributes may carry another family's in MP_REACH_NLRI or MP_UNREACH_NLRI (RFC 4760)"
	}
	return s
}

// nhUpdateDetail tells whether zebra's answer makes the next hop usable:
// FRR prints Valid among the flags when it is reachable.
func nhUpdateDetail(lower string) string {
	i := strings.Index(lower, " flags ")
	if i < 0 {
		return ""
	}
	if strings.Contains(lower[i:], "valid") {
		return "; flags Valid: the next hop is reachable, and the routes using it can be best"
	}
	return "; Valid is not among the flags: the next hop is unreachable, and the routes using it are invalid (not used, not advertised, RFC 4271 §9.1.2.1)"
}

// nhtNexthopsDetail tells what a neighbour's address tracked with no
// next hop means.
func nhtNexthopsDetail(lower string) string {
	if strings.HasSuffix(strings.TrimRight(lower, " ."), "nexthops 0") {
		return "; here 0: zebra has no route to the neighbour's address, so bgpd does not try to connect to it (a neighbour not directly connected needs a route, or for a connected one the interface must be up); the session stays in Active or Idle until a route appears"
	}
	return ""
}

// addPathModeDetail tells the ADD-PATH Send/Receive value FRR printed
// (RFC 7911 §4: 1 receive, 2 send, 3 both).
func addPathModeDetail(lower string) string {
	s := familyNamed(lower)
	switch {
	case strings.Contains(lower, "send and receive"), strings.Contains(lower, "receive and send"):
		return s + "; send and receive (3): the neighbour can both send and receive several paths per prefix"
	case strings.HasSuffix(strings.TrimSpace(lower), "receive"):
		return s + "; receive (1): the neighbour can receive several paths per prefix, so this router may send it more than one path (if configured to, addpath-tx)"
	case strings.HasSuffix(strings.TrimSpace(lower), "send"):
		return s + "; send (2): the neighbour wants to send several paths per prefix, each with a Path Identifier this router must then read"
	}
	return s
}

var frrDebugEvents = []sessionEvent{
	// "10.42.42.9 rcvd UPDATE about 147.194.122.0/24 IPv4 unicast --
	// DENIED due to: reflected from the same cluster;"
	{words: []string{"denied due to:"},
		meaning: "FRR's (or Quagga's) bgpd received a route in an UPDATE and did not accept it (debug bgp updates in): it is not a candidate for best path (not in the Loc-RIB, RFC 4271 §9.1), and the session stays up",
		detail:  deniedDetail},
	// "10.0.0.1(Unknown) rcvd UPDATE about 100.73.1.128/25 IPv4 unicast
	// -- withdrawn"
	{words: []string{"rcvd update about "}, also: []string{"-- withdrawn"},
		meaning: "FRR's bgpd received the withdrawal of a route (debug bgp updates in): the UPDATE listed it in Withdrawn Routes (IPv4 unicast, RFC 4271 §4.3) or in MP_UNREACH_NLRI (other families, RFC 4760 §4), and the route from this neighbour is removed",
		detail:  rcvdPrefixDetail},
	// "rcvd UPDATE wlen 5 attrlen 0 alen 0"
	{words: []string{"rcvd update wlen "},
		meaning: "FRR's bgpd logged the lengths of an UPDATE it received (debug bgp updates in): wlen the Withdrawn Routes Length, attrlen the Total Path Attribute Length, alen the octets of NLRI left after them (RFC 4271 §4.3)",
		detail:  updateLengthsDetail},
	// "u41:s41 send MP_REACH for afi/safi IPv6/unicast"
	{words: []string{"send mp_reach for afi/safi"},
		meaning: "FRR's bgpd, building an UPDATE for an update group, puts its routes in an MP_REACH_NLRI attribute (type 14, RFC 4760 §3), as every family but IPv4 unicast needs (debug bgp updates out)",
		detail:  familyNamed},
	// "u41:s41 fdff:… send UPDATE w/ mp_nexthop fdff:…"
	{words: []string{"send update w/ mp_nexthop"},
		meaning: "FRR's bgpd logged the next hop it puts in MP_REACH_NLRI of an UPDATE it sends (debug bgp updates out): the Network Address of Next Hop (RFC 4760 §3) the neighbours of the update group are to forward to",
		detail:  mpNextHopDetail},
	// "210.4.1.4 suppress UPDATE w/ attr: nexthop 0.0.0.0, origin ?, path 201 200"
	{words: []string{"suppress update w/ attr"},
		meaning: "FRR's bgpd did not send an UPDATE (debug bgp updates out): the route's path attributes are the same as those it last advertised to this neighbour or update group, so announcing it again would change nothing; not an error"},
	// "Route 100.73.1.128/25 is in workqueue and being processed, not deferred."
	{words: []string{"is in workqueue and being processed, not deferred"},
		meaning: "FRR's bgpd checks, for a route that changed, whether to defer its best-path selection (graceful restart: while a restarting neighbour's stale paths remain, selection waits for its End-of-RIB, RFC 4724 §4.1); this route was already queued for selection, so it is not deferred and selection goes ahead: routine, not an error"},
	// "VRF vrf-debug(140): Rcvd NH update 50.50.50.0/24(0)(0) - metric
	// 300/300 #nhops 2/1 flags Valid Reg Static Static Exact"
	{words: []string{"rcvd nh update"},
		meaning: "FRR's bgpd received zebra's answer for a next hop it tracks (debug bgp nht): metric and #nhops are each new/old, the IGP metric to the next hop and its number of paths from zebra against those in bgpd's nexthop cache; the flags say its state (Valid reachable, Reg registered with zebra) and how it resolves (Static, Connected, Exact: by an exact-match route)",
		detail:  nhUpdateDetail},
	// "NH update for 2.3.4.6/32(0)(VRF 9) - flags Reg  chgflags - evaluate paths"
	{words: []string{"nh update for "}, also: []string{"evaluate paths"},
		meaning: "FRR's bgpd applies zebra's answer to a nexthop cache entry and re-evaluates the routes using it (debug bgp nht); chgflags names what changed",
		detail:  nhUpdateDetail},
	// "evaluate_paths: Updating peer (2.3.4.6(VRF 9)) status with NHT nexthops 0"
	{words: []string{"status with nht nexthops"},
		meaning: "FRR's bgpd tells a neighbour's session how many paths zebra has to the neighbour's own address (debug bgp nht): it connects only to a neighbour it has a route to",
		detail:  nhtNexthopsDetail},
	// "Found existing bnc 100.64.1.244/32(0)(VRF default) flags 0xa
	// ifindex 0 #paths 0 peer 0x…"
	{words: []string{"found existing bnc"},
		meaning: "FRR's bgpd found the nexthop cache entry (bnc) for a next hop it already tracks with zebra, and adds a route (or a neighbour's session) to it (debug bgp nht): flags are the entry's state in hex, #paths the routes using it, peer the neighbour whose address it is (an entry for routes' next hops only has peer 0x0)"},
	// "parse nexthop update 50.50.201.0/31(0)(VRF vrf-debug): bnc info not
	// found for import check"
	{words: []string{"bnc info not found for"},
		meaning: "FRR's bgpd got zebra's answer for a prefix it has no entry for in the table named (nexthop cache: routes' next hops; import check: prefixes of network statements, advertised only while in the RIB, bgp network import-check): the entry went away before the answer came; harmless"},
	// "10.128.135.93 KEEPALIVE rcvd"
	{words: []string{" keepalive rcvd"},
		meaning: "FRR's bgpd received a KEEPALIVE (RFC 4271 §4.4, debug bgp keepalives): the neighbour is alive and the hold timer restarts; in OpenConfirm it completes the session (Established)"},
	// "172.18.0.2 OPEN has AddPath CAP for afi/safi: IPv4/unicast, receive"
	{words: []string{"has addpath cap for afi/safi"},
		meaning: "FRR's bgpd read the ADD-PATH capability (code 69, RFC 7911 §4) of the neighbour's OPEN for one family: whether the neighbour can send or receive more than one path per prefix, each with a Path Identifier",
		detail:  addPathModeDetail},
	// "[BGP_GR] Sending helper Capability for Peer :100::2 :"
	{words: []string{"sending helper capability for peer"},
		meaning: "FRR's bgpd (debug bgp graceful-restart) sends the Graceful Restart capability (code 64, RFC 4724 §3) in its OPEN as a helper: it keeps the neighbour's routes while the neighbour restarts (the Restart Time it gives), but does not itself preserve forwarding across its own restart (no Forwarding State bit)"},
}

// reUpdateGroup is FRR's update group and subgroup before a debug line of
// an UPDATE it sends: "u41:s41 send UPDATE …".
var reUpdateGroup = gate(`(?:^|\s)u(\d{1,9}):s(\d{1,9})\s`)

// updateGroupFields reads the update group and subgroup an entry names.
func updateGroupFields(first string) []EntryField {
	m := reUpdateGroup.find(cased(first))
	if m == nil {
		return nil
	}
	return []EntryField{{Name: "update_group", Value: "u" + m[1] + ":s" + m[2], Meaning: "FRR's update group " + m[1] + ", subgroup " + m[2] + ": the neighbours sharing outbound policy and state, for which bgpd builds each UPDATE once (show bgp update-groups lists them)"}}
}
