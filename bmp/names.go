package bmp

import "strconv"

// msgTypeJSON and peerTypeJSON are the snake_case names of the registry
// rows, shared by every JSON output and metric label.
var (
	msgTypeJSON = [...]string{
		MsgRouteMonitoring:  "route_monitoring",
		MsgStatisticsReport: "statistics_report",
		MsgPeerDown:         "peer_down",
		MsgPeerUp:           "peer_up",
		MsgInitiation:       "initiation",
		MsgTermination:      "termination",
		MsgRouteMirroring:   "route_mirroring",
	}
	peerTypeJSON = [...]string{
		PeerGlobal: "global",
		PeerRD:     "rd_instance",
		PeerLocal:  "local_instance",
		PeerLocRIB: "loc_rib",
	}
)

// JSONName returns the type's name in snake_case, e.g. "peer_up", or
// "unknown" for a type this package does not decode.
func (t MsgType) JSONName() string {
	if int(t) < len(msgTypeJSON) {
		return msgTypeJSON[t]
	}
	return "unknown"
}

// JSONName returns the peer type's name in snake_case, e.g. "loc_rib", or
// "peer_type_N" for an unassigned one.
func (t PeerType) JSONName() string {
	if int(t) < len(peerTypeJSON) {
		return peerTypeJSON[t]
	}
	return "peer_type_" + strconv.Itoa(int(t))
}
