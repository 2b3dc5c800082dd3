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

// frrDebugEvents are the rows of FRR's and Quagga's debug lines
// (eventrows/frrdebug.jsonl).
var frrDebugEvents = eventRows("frrdebug")

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
