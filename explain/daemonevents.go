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

// daemonEvents are the rows of the daemons' own start-up, BFD and task
// lines (eventrows/daemon.jsonl).
var daemonEvents = eventRows("daemon")
