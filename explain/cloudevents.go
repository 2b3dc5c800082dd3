package explain

import (
	"strings"
)

// This file reads BGP as clouds and Kubernetes network plugins show it:
// Google Cloud Router's log and status, Azure's gateway peer status, AWS
// Site-to-Site VPN's tunnel status, Cilium's peer table and metrics, and
// Calico's words around the BIRD it runs (its readiness check, confd,
// calicoctl). Their entries name BGP by the product (bgpContext).

// birdSocketWords are a client's failure to reach BIRD's local control
// socket: its "Connection refused" is not a BGP neighbour's.
var birdSocketWords = []string{"unable to connect to server control socket", "couldn't connect to bird"}

// cloudEvents are sessionEvents rows, kept here by topic.
var cloudEvents = []sessionEvent{
	{words: []string{"received by cloud router"},
		meaning: "Google Cloud Router learned this prefix over BGP: the next hops listed are the BGP peers that sent it (several make an equal-cost set across their tunnels or attachments), and it installs the prefix in the VPC network as a dynamic route of the priority shown, which it takes from the MED the peer sent (lower wins, RFC 4271 §5.1.4); not an error"},
	{words: []string{"deleted from cloud router"},
		meaning: "Google Cloud Router removed this prefix learned over BGP: the peers listed withdrew it or their sessions went down (RFC 4271 §3.1), and its dynamic route leaves the VPC network"},
	{words: []string{"routetype: bgp", `"routetype": "bgp"`},
		meaning: "a dynamic route Google Cloud Router learned over BGP (gcloud compute routers get-status): destRange is the prefix (its NLRI), asPaths the AS_PATH it came with as segments (AS_SEQUENCE: the ASes in order, the neighbour's first, RFC 4271 §5.1.2), nextHopIp the BGP peer that sent it, priority the MED that peer sent (lower wins, RFC 4271 §5.1.4), nextHopVpnTunnel or nextHopInterconnectAttachment the link its session runs over"},
	{words: []string{"bgppeerstatus"},
		meaning: "Google Cloud Router's status of its BGP sessions (gcloud compute routers get-status): ipAddress is Cloud Router's own address in the session and peerIpAddress the neighbour's (link-local 169.254.0.0/16 addresses inside a VPN tunnel or interconnect attachment), status UP or DOWN, state the RFC 4271 §8.2.2 state, numLearnedRoutes the prefixes received, uptime how long the session has been Established"},
	{words: []string{"connectedduration"},
		meaning: "an Azure VPN or ExpressRoute gateway's status of its BGP peers (az network vnet-gateway list-bgp-peer-status, Get-AzVirtualNetworkGatewayBGPPeerStatus): its State is Azure's word, Connected for a session in Established (RFC 4271 §8.2.2), Connecting while it is being brought up, Idle, Stopped or Unknown when it is down; ConnectedDuration is how long it has been up, RoutesReceived the prefixes learned over it; AS 65515 is Azure's own gateways and Route Server, AS 12076 Microsoft's ExpressRoute edge routers",
		detail:  azureStates},
	{words: []string{"bgp routes"}, also: []string{"0 bgp routes", "1 bgp routes", "2 bgp routes", "3 bgp routes", "4 bgp routes", "5 bgp routes", "6 bgp routes", "7 bgp routes", "8 bgp routes", "9 bgp routes"},
		meaning: "an AWS Site-to-Site VPN tunnel's status message: with dynamic routing AWS shows a tunnel UP only while the BGP session over it is Established, and counts the routes it learned from the customer gateway over that session",
		detail:  awsRouteCount},
	{words: []string{"bird is not ready", "bgp not established with"},
		meaning: "Calico's readiness check asked its BIRD for the state of each BGP session, and those with the peers named are not Established (RFC 4271 §8.2.2), so Kubernetes marks calico-node not ready; calicoctl node status shows each one's state and BIRD's last error (usually TCP port 179 blocked between the nodes, or the wrong node address picked for BGP)",
		detail:  calicoPeersNamed},
	{words: []string{"| passive |"},
		meaning: "BIRD's status Passive: the session is Idle and, configured passive, BIRD waits for the neighbour to open the TCP connection and never opens it itself; Calico's node-to-node mesh makes one node of each pair passive, so a session that stays Passive means the other node never connected (its BIRD is down or lacks this peer, or port 179 towards this node is blocked)"},
	{words: []string{"/calico/confd/config/bird"}, also: []string{"has been updated"},
		meaning: "Calico's confd wrote a new BIRD configuration from its datastore (bird.cfg: peers and filters; bird_ipam.cfg: IP pools; bird_aggr.cfg: the blocks it announces) and has BIRD reload it: sessions whose settings changed restart, the others stay up; not an error"},
	{words: []string{"/calico/confd/config/bird"}, also: []string{"out of sync"},
		meaning: "Calico's confd found BIRD's configuration file differs from what its datastore now gives and rewrites it (the \"has been updated\" entry follows); not an error"},
	{words: []string{"unable to open configuration file"},
		meaning: "BIRD could not read its configuration file and did not start, so it runs no BGP session at all; under Calico confd writes the file, and BIRD is restarted until it exists: if this persists, confd cannot read its datastore (its own log says why)"},
	{words: birdSocketWords,
		meaning: "the client could not reach BIRD's local control socket (calicoctl node status and birdc talk to BIRD through it): BIRD is not running, or listens on another socket; the refusal is local and says nothing of any BGP neighbour"},
	{words: []string{"cilium_bgp_control_plane_advertised_routes"},
		meaning: "Cilium's count of the routes its BGP control plane advertises to the neighbour for the family (afi, safi) in the vrouter (its local AS); a count for a session not Established is routes waiting to be sent, not routes the neighbour has (cilium/cilium#39861)"},
}

// azureStates counts the peers of an Azure table in each of its states.
func azureStates(lower string) string {
	var parts []string
	for _, st := range []string{"connected", "connecting", "idle", "stopped", "unknown"} {
		n := 0
		for _, f := range strings.Split(lower, "\n") {
			if fs := strings.Fields(f); len(fs) > 2 && fs[2] == st {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, itoa(n)+" "+st)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; here the peers are " + strings.Join(parts, ", ")
}

// awsRouteCount says what the count of routes in AWS's status means.
func awsRouteCount(lower string) string {
	before, _, _ := strings.Cut(lower, " bgp routes")
	fs := strings.Fields(before)
	if len(fs) == 0 {
		return ""
	}
	if n := fs[len(fs)-1]; n != "0" {
		return "; here " + n
	}
	return "; here 0: the session is up but the customer gateway announces no route over it (none configured to be advertised, or its export filter matches none), so AWS routes nothing through this tunnel"
}

// calicoPeersNamed lists the peers Calico's readiness check names.
// Kubelet's probe message runs into the health log's next entry, so the
// last address carries that entry's year ("10.3.67.932019-10-02").
func calicoPeersNamed(lower string) string {
	_, rest, ok := strings.Cut(lower, "bgp not established with ")
	if !ok {
		return ""
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune("0123456789abcdef.:,", r) })
	if end < 0 {
		end = len(rest)
	}
	peers := strings.Split(rest[:end], ",")
	glued := ""
	if last := peers[len(peers)-1]; end < len(rest) && rest[end] == '-' && len(last) > 4 && strings.Count(last, ".") == 3 {
		peers[len(peers)-1] = last[:len(last)-4]
		glued = " (the last address is followed, without a space, by the year of the health log's next entry, " + last[len(last)-4:] + ")"
	}
	return "; the peers: " + strings.Join(peers, ", ") + glued
}

// reCiliumPeer is a row of cilium bgp peers: the neighbour's address and
// port, then its session state in lower case.
var reCiliumPeer = gate(`(?:\b(?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:.]+\]):179\s+(idle|connect|active|opensent|openconfirm|established)\s+\S+\s+\w+/\w+`)

// ciliumPeerRow says what a cilium bgp peers row's session state means.
func ciliumPeerRow(lower string) string {
	m := reCiliumPeer.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	s := "the session is in " + m[1] + " (RFC 4271 §8.2.2, as cilium bgp peers prints it after the neighbour's address and port, before its uptime, family and routes received and advertised): " + stateWaits[m[1]]
	if m[1] != "established" {
		s += "; routes it counts as advertised are waiting to be sent, not sent (cilium/cilium#39861)"
	}
	return s
}
