package explain

import "strings"

// sonicEvents are the rows of SONiC's BGP container (bgpcfgd,
// fpmsyncd) and of the route programming that follows BGP (orchagent,
// SAI), eventrows/sonic.jsonl; their details are below.
var sonicEvents = eventRows("sonic")

// reCurrentNewIP is bgpcfgd's pair: "current ip='10.1.0.32'. new ip='…'".
var reCurrentNewIP = gate(`current ip='([^']*)'\. new ip='([^']*)'`)

// currentNewIP tells whether the address written is a change at all.
func currentNewIP(lower string) string {
	m := reCurrentNewIP.find(newScan(lower, lower))
	switch {
	case m == nil:
		return ""
	case m[1] == m[2]:
		return "; here the current and the new address are the same (" + m[1] + "): the entry was written again unchanged, and nothing is lost"
	}
	return "; here the address changed from " + m[1] + " to " + m[2] + ": FRR still sets the old one as the source of its kernel routes"
}

// reRouteNextHops is orchagent's route and its next hops: "create route
// 12.162.232.0/26 with next hop(s) 10.0.0.2,10.0.0.6".
var reRouteNextHops = gate(`create route (\S+) with next hop\(s\) (\S+)`)

// routeProgrammed names the route and how many next hops it has.
func routeProgrammed(lower string) string {
	m := reRouteNextHops.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	n := strings.Count(m[2], ",") + 1
	s := "; here " + m[1] + " with " + itoa(n) + " next hop"
	if n > 1 {
		s += "s, an ECMP group (a SAI next hop group is made for it)"
	}
	return s
}

// saiStatuses says what the SAI status codes orchagent logs mean for the
// routes BGP gives it.
var saiStatuses = map[string]string{
	"sai_status_object_in_use":          "the object is still referenced: a neighbour (ARP/NDP) entry or next hop that routes still point to, removed before them",
	"sai_status_table_full":             "the ASIC's table is full: more routes or next hops than the hardware holds",
	"sai_status_insufficient_resources": "the ASIC has no room left for the object",
	"sai_status_item_already_exists":    "the object is there already (a route of the same prefix, such as an interface's subnet)",
	"sai_status_item_not_found":         "the object is not there: removed already or never created",
}

// saiAPIs names the SAI objects route programming touches.
var saiAPIs = map[string]string{
	"sai_api_neighbor":       "a neighbour entry, the ARP/NDP resolution of a next hop's address (not the BGP session)",
	"sai_api_route":          "a route entry",
	"sai_api_next_hop":       "a next hop",
	"sai_api_next_hop_group": "a next hop group (ECMP)",
}

// saiStatusDetail names the SAI object and the status the entry gives.
func saiStatusDetail(lower string) string {
	var s string
	if _, api, ok := strings.Cut(lower, "sai api: "); ok {
		api, _, _ = strings.Cut(api, ",")
		if m, ok := saiAPIs[strings.TrimSpace(api)]; ok {
			s += "; the object: " + m
		}
	}
	if _, st, ok := strings.Cut(lower, " status: "); ok {
		st = strings.TrimSpace(strings.Fields(st + " ")[0])
		if m, ok := saiStatuses[strings.TrimRight(st, ",.")]; ok {
			s += "; the status: " + m
		}
	}
	return s
}

// reExited is supervisord's report of a program gone: "exited: bgpmon
// (exit status 1; not expected)".
var reExited = gate(`\bexited: (\S+) \(exit status (\d{1,3});`)

// exitedProgram names the program and its exit status.
func exitedProgram(lower string) string {
	m := reExited.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	return "; here " + m[1] + ", with status " + m[2]
}
