package explain

import "testing"

// Round 17: real lines held out from the corpus (testdata/loglines
// README, "Round 17"), from Kubernetes and Linux BGP tooling (Calico's
// BIRD, GoBGP in Cilium and kube-vip, FRR in MetalLB), by class.

// BIRD names its own TCP connection attempt and the address it uses.
func TestRound17ActiveOpen(t *testing.T) {
	says(t, "2016-03-30_19:46:42.93001 bird: Mesh_10_121_42_193: Connecting to 10.121.42.193 from local address 10.121.0.20", "an active open")
}

// GoBGP logs a neighbour added to or removed from its configuration: a
// start, or a stop with Cease / Peer De-configured.
func TestRound17PeerConfiguration(t *testing.T) {
	says(t, `2023-06-07T07:36:34.2039697Z level=info msg="Adding peer 172.16.100.3/32 65012 to local ASN 65001" component=manager.neighborReconciler subsys=bgp-control-plane`, "event 1 ManualStart")
	says(t, `time="2026-03-12T20:28:42Z" level=info msg="Delete a peer configuration" Key="fd00:4::2" Topic=Peer`, "Peer De-configured (6/3", "ManualStart")
}

// FRR's update-group debug names an UPDATE sent, its length and prefixes.
func TestRound17UpdateGroupSend(t *testing.T) {
	says(t, "2021/12/02 09:00:59.486 BGP: u1:s6 send UPDATE len 53 numpfx 1", "update group and subgroup")
}

// Second batch. BIRD's protocol states are its own, not RFC 4271's: each
// is named; a state BIRD does not have is not explained.
func TestRound17BirdProtocolState(t *testing.T) {
	says(t, "bird: Global_XXX_XXX_XX_50: State changed to stop", "the session is closing")
	says(t, "bird: Mesh_172_18_18_102: State changed to start", "BIRD connects to the neighbour or waits for it")
	says(t, "bird: Mesh_1: State changed to frobnicate", "not RFC 4271's FSM", "frobnicate,")
}

// BIRD names a neighbour's graceful restart (RFC 4724).
func TestRound17BirdGracefulRestart(t *testing.T) {
	says(t, "bird: Mesh_172_18_18_102: Neighbor graceful restart detected", "marked stale")
}
