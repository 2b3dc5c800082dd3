package explain

// What the newest open-source daemons log about their own working rather
// than a session's messages: FRR 10's start-up and zebra lines, its BFD
// daemon's session changes, GoBGP 4's connection steps and maghemite's
// tasks. Their rows are read like sessionEvents, after them (allEvents).

// FRR bfdd's "state-change: [mhop:no peer:… ] up -> down reason:…": the
// move between RFC 5880 §6.2's states and the diagnostic it gives.
var reBFDStateChange = gate(`\] (admindown|down|init|up) -> (admindown|down|init|up)(?: reason:([a-z-]+))?`)

// bfdReasons are FRR bfdd's reason words with RFC 5880 §4.1's
// diagnostic codes they stand for.
var bfdReasons = map[string]string{
	"control-expired":      "diagnostic 1, Control Detection Time Expired: no Control packet from the peer within the detection time (the path, or the peer, stopped)",
	"echo-expired":         "diagnostic 2, Echo Function Failed: the echo packets stopped coming back",
	"neighbor-down":        "diagnostic 3, Neighbor Signaled Session Down: the peer's own packets said Down (it lost this side's packets, was reconfigured or restarted)",
	"fwd-plane-reset":      "diagnostic 4, Forwarding Plane Reset",
	"path-down":            "diagnostic 5, Path Down",
	"concat-path-down":     "diagnostic 6, Concatenated Path Down",
	"admin-down":           "diagnostic 7, Administratively Down: an operator shut the session down",
	"rev-concat-path-down": "diagnostic 8, Reverse Concatenated Path Down",
}

// bfdChange tells the move and reason of an FRR bfdd state-change.
func bfdChange(lower string) string {
	m := reBFDStateChange.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	s := ": here " + m[1] + " to " + m[2]
	if m[2] == "down" && m[1] == "up" {
		s += ", the path declared down: a BGP session registered with this BFD session is closed at once (RFC 5882 §10.2), with Cease / BFD Down (6/10, RFC 9384)"
	}
	if w := bfdReasons[m[3]]; w != "" {
		s += "; reason " + m[3] + " is " + w
	}
	return s
}

var daemonEvents = []sessionEvent{
	// FRR bfdd: "state-change: [mhop:no peer:192.0.2.1 local:0.0.0.0
	// vrf:default] up -> down reason:neighbor-down".
	{words: []string{"state-change: [mhop:"},
		meaning: "FRR's BFD daemon logged a change of a BFD session's state (RFC 5880 §6.2: AdminDown, Down, Init, Up); the brackets name the session: multihop (RFC 5883) or single hop, the peer, the local address and the VRF",
		detail:  bfdChange},
	// FRR bfdd: "control-packet: 'remote discriminator' is zero, not
	// overridden [mhop:no peer:… local:… port:43]".
	{words: []string{"'remote discriminator' is zero"},
		meaning: "a BFD Control packet came with Your Discriminator zero (RFC 5880 §4.1): the peer has not learned this side's discriminator, because its session is just starting or it restarted and lost it; RFC 5880 §6.8.6 allows that only in a packet whose State is Down or AdminDown, and the packet is matched to a session by its addresses instead. Next to a session going down it is the peer starting over, not a fault of its own"},
	// FRR 10 bgpd at start: "Creating Default VRF, AS 12813593".
	{words: []string{"creating default vrf, as"},
		meaning: "FRR's bgpd created its BGP instance for the default VRF (router bgp with that AS) as it read its configuration: a start-up or configuration step, about no session"},
	// FRR bgpd: "bgp_get: Registering BGP instance (null) to zebra".
	{words: []string{"registering bgp instance"},
		meaning: "FRR's bgpd registered a BGP instance with zebra, FRR's daemon that owns the routing table and the interfaces, to learn interfaces, addresses and the router ID and to install routes; (null) is the default instance, which has no name; a start-up step, about no session"},
	// FRR bgpd: "sendmsg_zebra_rnh: sending cmd ZEBRA_NEXTHOP_REGISTER
	// for 192.0.2.1/32" (or ZEBRA_IMPORT_ROUTE_REGISTER).
	{words: []string{"sendmsg_zebra_rnh: sending cmd"},
		meaning: "FRR's bgpd asked zebra to track how a prefix is reached (nexthop tracking): with ZEBRA_NEXTHOP_REGISTER a neighbour's address or a route's next hop, whose reachability decides whether a session can connect and which routes are valid; with ZEBRA_IMPORT_ROUTE_REGISTER a network statement's prefix, announced only while the routing table holds it (import-check); the _UNREGISTER commands stop the tracking. Zebra answers each time that route changes"},
	// FRR bgpd: "Rx Router Id update VRF 0 Id 192.0.2.1/32".
	{words: []string{"rx router id update"},
		meaning: "FRR's zebra told bgpd the router ID of a VRF (VRF 0 is the default): bgpd uses it as its BGP Identifier (RFC 4271 §4.2) unless one is configured; the identifier reaches neighbours only in an OPEN, so a changed one restarts that instance's sessions"},
	// FRR bgpd debug: "10.0.0.2(Unknown) Update Group Hash: sort: 1 …".
	{words: []string{"update group hash:"},
		meaning: "FRR's debug of the settings that put a neighbour into an update group (neighbours whose outgoing UPDATEs are the same, so they are built once): its flags, capabilities, policies and limits, hashed; (Unknown) after the address is the neighbour's hostname, not learned (FRR's Hostname capability)"},
	// GoBGP 4: msg="open message received on outgoing connection".
	{words: []string{"open message received on outgoing connection"},
		meaning: "GoBGP received the neighbour's OPEN on the TCP connection it opened itself, not one the neighbour opened: event 19, BGPOpen, in OpenSent (RFC 4271 §8.1.4): the OPEN is checked and, if acceptable, a KEEPALIVE sent and the session moves to OpenConfirm (§8.2.2); with connections both ways, collision detection (§6.8) keeps one"},
	// maghemite: {"msg":"listener bind: 127.0.0.3:10179", …}.
	{words: []string{"listener bind:"},
		meaning: "the daemon bound its socket for incoming BGP connections to that address and TCP port (BGP's is 179, RFC 4271; another is a test's or a second daemon's); connections a neighbour opens arrive there"},
	// maghemite: {"msg":"spawning session for r2", …}.
	{words: []string{"spawning session for"},
		meaning: "Oxide's maghemite started the task that runs the session with that neighbour (its configured name): the FSM starts in Idle (RFC 4271 §8.2.2) and moves to Connect or Active on its start event"},
}
