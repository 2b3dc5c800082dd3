package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bmp"
)

// This file reads a router's own view of its BMP sessions (RFC 7854 §3:
// the router opens a TCP connection to a monitoring station and sends it
// BMP messages): FRR's show bmp, IOS XR's show bgp bmp summary and
// server, Huawei's display bmp session and Junos's show bgp bmp.
var (
	// reBMPState is the session's state: Junos "BMP session state: DOWN",
	// Huawei "Current state: Down (Reason: Manual Stop)".
	reBMPState = gate(`\b(?:bmp session state|current state)\s*:\s*(up|down)\b(?:\s*\(reason:\s*([^)\n]+)\))?`)
	// reBMPStation is a station by address and port: IOS XR's summary row
	// "1 10.0.101.1 16666 ESTAB 00:29:52 1" and its server's "Host
	// 10.0.101.1 Port 16666", Huawei's "BMP session 10.10.10.10, port 0".
	reBMPStation = gate(`(?m)^\s*\d{1,3}\s+([0-9a-f.:]+)\s+(\d{1,5})\s+(estab|\w+)\s+(\d+:\d\d:\d\d)\s+(\d+)\s*$|\bhost ([0-9a-f.:]+) port (\d{1,5})\b|\bbmp session ([0-9a-f.:]+), port (\d{1,5})\b`)
	// reBMPCount is a count of messages sent by type (IOS XR's server).
	reBMPCount = gate(`\b(initiation|termination|stats-report|peer-up|peer-down|route-mon|route-mirror)\s*:\s*(\d+)\b`)
	// reBMPPolicy is what the router monitors: FRR's "Route Monitoring
	// IPv4 unicast pre-policy", Huawei's "1.1.1.1 (in pre-policy)".
	reBMPPolicy = gate(`\broute monitoring (ipv[46] \w+) (pre-policy|post-policy|loc-rib)\b|([0-9a-f.:]+) \(in (pre-policy|post-policy)\)`)
	// reBMPTimes are IOS XR's "Connected for 00:25:07" and Huawei's
	// "ConnectRetry Timer Remainder: 15(s)".
	reBMPTimes  = gate(`\bconnected for (\d+:\d\d:\d\d)|\bconnectretry timer remainder\s*:\s*(\d+)`)
	reBMPStats  = gate(`\bstatistics timeout\s*:\s*(\d+)`)
	reBMPConns  = gate(`\b(\d+) connected clients?\b`)
	reBMPMemory = gate(`\bmemory limit\s*:\s*(\d+)`)
	// reBMPQueue is FRR's Route Mirroring queue: "Route Mirroring 0 bytes
	// (0 messages) pending", "512000000 bytes buffer size limit".
	reBMPQueue = gate(`\broute mirroring\s+(\d+) bytes \((\d+) messages\) pending|\b(\d+) bytes buffer size limit`)
	reBMPGroup = gate(`\btargets "([^"\n]+)"`)
)

// bmpSent names the counters of IOS XR's show bgp bmp server.
var bmpSent = map[string]bmp.MsgType{"initiation": bmp.MsgInitiation, "termination": bmp.MsgTermination, "stats-report": bmp.MsgStatisticsReport,
	"peer-up": bmp.MsgPeerUp, "peer-down": bmp.MsgPeerDown, "route-mon": bmp.MsgRouteMonitoring, "route-mirror": bmp.MsgRouteMirroring}

// bmpPolicies says which of the router's tables a station is sent.
var bmpPolicies = map[string]string{
	"pre-policy":  "routes as each peer sent them, before import policy (the Adj-RIB-In, RFC 7854 §2)",
	"post-policy": "routes after import policy (the post-policy Adj-RIB-In, RFC 7854 §2)",
	"loc-rib":     "the routes the router selected (the Loc-RIB, RFC 9069)",
}

// bmpStationShown says what a router's show command of its BMP sessions
// (lower case) shows, or "".
func bmpStationShown(lower string) string {
	t := newScan(lower, lower)
	var out []string
	if m := reBMPState.find(t); m != nil {
		s := "the BMP session (the router's TCP connection to the monitoring station, RFC 7854 §3.2) is " + m[1]
		if m[1] == "down" {
			s += ": no BMP messages reach the station"
		}
		if m[2] != "" {
			s += "; reason " + m[2] + bmpDownWhy(m[2])
		}
		out = append(out, s)
	}
	for _, m := range reBMPStation.findAll(t, 16) {
		out = append(out, bmpStationWords(m))
	}
	for _, m := range reBMPTimes.findAll(t, 4) {
		if m[1] != "" {
			out = append(out, "connected for "+m[1])
		} else {
			out = append(out, "the router tries the TCP connection to the station again in "+m[2]+" seconds (its ConnectRetry timer)")
		}
	}
	for _, m := range reBMPCount.findAll(t, 8) {
		typ := bmpSent[m[1]]
		out = append(out, m[2]+" "+typ.String()+" messages sent (type "+itoa(int(typ))+", "+typ.Ref()+")")
	}
	for _, m := range reBMPPolicy.findAll(t, 8) {
		s := bmpPolicies[m[2]+m[4]]
		if m[1] != "" {
			s = m[1] + " " + s
		} else {
			s = "peer " + m[3] + ", " + s
		}
		out = append(out, "monitored: "+s)
	}
	for _, m := range reBMPQueue.findAll(t, 2) {
		if m[1] != "" {
			out = append(out, "Route Mirroring queue: "+m[1]+" octets ("+m[2]+" messages) waiting to be sent")
		} else {
			out = append(out, "queue limit "+m[3]+" octets: past it mirrored messages are dropped, and the station is told that messages were lost (RFC 7854 §4.7)")
		}
	}
	if m := reBMPGroup.find(t); m != nil {
		out = append(out, "target group \""+m[1]+"\": the stations that share one configuration")
	}
	if strings.Contains(lower, "route mirroring enabled") {
		out = append(out, "Route Mirroring on: the station gets copies of the BGP messages as received, malformed ones included (type 6, RFC 7854 §4.7)")
	}
	if a, rest, ok := strings.Cut(lower, "bmp station address/port:"); ok && a != "" && strings.TrimLeft(rest, " \t") != "" && strings.TrimLeft(rest, " \t")[0] == '\n' {
		out = append(out, "no station address or port set: the router has nowhere to send BMP")
	}
	if m := reBMPStats.find(t); m != nil {
		out = append(out, "a Statistics Report (type 1, RFC 7854 §4.8) every "+m[1]+" seconds")
	}
	if m := reBMPConns.find(t); m != nil {
		s := m[1] + " monitoring stations connected"
		if m[1] == "0" {
			s += ": the router has no BMP session open, so it sends nothing; the stations it is to connect to (bmp connect) are not listed by this command"
		}
		out = append(out, s)
	}
	if m := reBMPMemory.find(t); m != nil {
		out = append(out, "memory limit "+m[1]+" octets: past it the router stops collecting BMP data and ends the session, to try again after the retry timeout")
	}
	if len(out) == 0 {
		return ""
	}
	return "the router's own view of its BMP sessions (RFC 7854 §3): " + strings.Join(out, "; ")
}

// bmpStationWords says what a station's line shows.
func bmpStationWords(m []string) string {
	switch {
	case m[1] != "":
		s := "station " + m[1] + " port " + m[2] + ": TCP " + m[3]
		if m[3] == "estab" {
			s = "station " + m[1] + " port " + m[2] + ": connected (TCP Established)"
		}
		return s + " for " + m[4] + ", monitoring " + m[5] + " BGP neighbours"
	case m[6] != "":
		return "station " + m[6] + " port " + m[7]
	}
	return "station " + m[8] + " port " + m[9]
}

// bmpDownWhy says what a BMP session's down reason means.
func bmpDownWhy(r string) string {
	if strings.Contains(r, "manual stop") {
		return ": an operator stopped the session (or it was never started), not a failure"
	}
	return ""
}
