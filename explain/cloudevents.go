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
var cloudEvents = eventRows("cloud")

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
