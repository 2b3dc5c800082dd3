package kafka

import (
	"encoding/hex"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/output"
)

// object is what a topic carries, named as OpenBMP names its topics:
// <prefix>.bmp_raw for raw BMP, <prefix>.parsed.<name> for the rest.
type object uint8

const (
	objRaw       object = iota // every BMP message, OpenBMP-framed
	objRouter                  // router_up, router_down
	objPeer                    // peer_up, peer_down
	objStat                    // stats
	objUnicast                 // routes and End-of-RIB of IP unicast, multicast and labeled unicast
	objL3VPN                   // of the IP VPN families (RFC 4364, RFC 6514's multicast VPN)
	objEVPN                    // of L2VPN EVPN
	objLS                      // of BGP-LS: end_of_rib and the NLRI types without an object of their own
	objFlowSpec                // of the flow specification families
	objOther                   // of any other family
	objCollector               // OpenBMP format only: the collector object
	objBaseAttr                // OpenBMP format only: base_attribute, a path's attributes
	objLSNode                  // BGP-LS Node NLRI
	objLSLink                  // BGP-LS Link NLRI
	objLSPrefix                // BGP-LS IPv4 and IPv6 Topology Prefix NLRI
	numObjects
)

// objectNames are the objects' names, in topic names and in the Topics
// configuration.
var objectNames = [numObjects]string{"bmp_raw", "router", "peer", "bmp_stat", "unicast_prefix", "l3vpn", "evpn", "ls", "flowspec", "bgp_other", "collector", "base_attribute",
	"ls_node", "ls_link", "ls_prefix"}

func objectByName(n string) (object, bool) {
	for i, s := range objectNames {
		if s == n {
			return object(i), true
		}
	}
	return 0, false
}

// safiObjects is the object of the routes of each SAFI; the SAFIs not
// listed go to objOther.
var safiObjects = [256]object{
	bgp.SAFIUnicast:      objUnicast,
	bgp.SAFIMulticast:    objUnicast,
	bgp.SAFILabeled:      objUnicast,
	bgp.SAFIMPLSVPN:      objL3VPN,
	bgp.SAFIMCASTMPLSVPN: objL3VPN,
	bgp.SAFIEVPN:         objEVPN,
	bgp.SAFIBGPLS:        objLS,
	bgp.SAFIBGPLSVPN:     objLS,
	bgp.SAFIFlowSpec:     objFlowSpec,
	bgp.SAFIFlowSpecVPN:  objFlowSpec,
}

// eventObjects is the object of each event type; 0 (objRaw) for route
// and end_of_rib, whose object is their family's.
var eventObjects = [...]object{
	output.EventRouterUp:   objRouter,
	output.EventRouterDown: objRouter,
	output.EventPeerUp:     objPeer,
	output.EventPeerDown:   objPeer,
	output.EventStats:      objStat,
	output.EventRaw:        objRaw,
}

// objectOf returns the object an event goes to.
func objectOf(ev *output.Event) object {
	switch ev.Type {
	case output.EventRoute, output.EventEndOfRIB:
		o := safiObjects[ev.Family.SAFI]
		if o == objLS && ev.Type == output.EventRoute {
			return lsObjectOf(ev.Entry)
		}
		if o != objRaw {
			return o
		}
		return objOther
	}
	if int(ev.Type) < len(eventObjects) {
		return eventObjects[ev.Type]
	}
	return objOther
}

// lsObjectOf returns the object of a BGP-LS entry by its NLRI Type, as
// OpenBMP splits them: node, link, prefix; the other types go to objLS.
// It is the one place that says which types have an object.
func lsObjectOf(entry []byte) object {
	t, _ := bgp.BGPLSTypeOf(entry)
	switch t {
	case bgp.BGPLSNode:
		return objLSNode
	case bgp.BGPLSLink:
		return objLSLink
	case bgp.BGPLSIPv4Prefix, bgp.BGPLSIPv6Prefix:
		return objLSPrefix
	}
	return objLS
}

// topicNames returns each object's topic: the configured name, else
// <prefix>.bmp_raw or <prefix>.parsed.<object>.
func topicNames(c *Config) [numObjects]string {
	var t [numObjects]string
	for i, n := range objectNames {
		switch {
		case c.Topics[n] != "":
			t[i] = c.Topics[n]
		case object(i) == objRaw:
			t[i] = c.Prefix + "." + n
		default:
			t[i] = c.Prefix + ".parsed." + n
		}
	}
	return t
}

// appendKey appends the record key of a parsed event: the router's name
// for the router's own events, and "router/distinguisher/peer address"
// for the events about a peer, so that all of one peer's events land in
// one partition of each topic, in order.
func appendKey(dst []byte, ev *output.Event) []byte {
	dst = append(dst, ev.Router.Name...)
	if routerEvent(ev) {
		return dst
	}
	dst = append(dst, '/')
	dst = ev.Peer.Distinguisher.AppendText(dst)
	dst = append(dst, '/')
	return ev.Peer.Addr.AppendTo(dst)
}

// sameKey reports whether appendKey writes the same key for a and b: a
// router's peers come interleaved, the tables of one peer too (pre- and
// post-policy), and those share their key.
func sameKey(a, b *output.Event) bool {
	ra := routerEvent(a)
	return ra == routerEvent(b) && a.Router.Name == b.Router.Name &&
		(ra || a.Peer.Addr == b.Peer.Addr && a.Peer.Distinguisher == b.Peer.Distinguisher)
}

func routerEvent(ev *output.Event) bool {
	return ev.Type == output.EventRouterUp || ev.Type == output.EventRouterDown
}

// appendRawKey appends the record key of a raw message: the router hash
// of its OpenBMP header in hex, as OpenBMP's collector keys the raw topic.
func appendRawKey(dst []byte, routerHash [16]byte) []byte {
	return hex.AppendEncode(dst, routerHash[:])
}
