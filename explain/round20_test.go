package explain

import "testing"

// Round 20: lines in structured and unusual envelopes held out from the
// corpus (testdata/loglines README, "Round 20"), by class.

// GoBGP's peer events besides state changes: Peer Up, an operator's
// enable, and a connection refused for a neighbour administratively down.
func TestRound20GoBGPPeerEvents(t *testing.T) {
	says(t, `{"Key":"192.0.2.1","State":4,"Topic":"Peer","level":"info","msg":"Peer Up","time":"2016-02-05T17:02:47+03:00"}`, "came up")
	says(t, `time=2026-01-11T11:01:17.618Z level=INFO msg="Administrative start" Topic=Peer Key=192.0.2.1 State=BGP_FSM_IDLE`, "enabled by an operator")
	says(t, `level=DEBUG msg="New connection for non admin-state-up peer" Topic=Peer Key=192.0.2.1 "Admin State"=adminStateDown`, "administratively down")
	// BMP's collector complaint is not a session coming up.
	says(t, "INFO ( default/core ): [192.0.2.9] [route] packet discarded: missing peer up BMP message for peer_ip: 192.0.2.1", "RFC 7854 §4.10", "came up")
}

// GoBGP's older JSON log gives the FSM state as a number (Idle 0 to
// Established 5), only in a Peer entry.
func TestRound20GoBGPNumericState(t *testing.T) {
	says(t, `{"Key":"192.0.2.1","Reason":5,"State":5,"Topic":"Peer","level":"info","msg":"Peer Down"}`, "state number for established")
	says(t, `{"Key":"192.0.2.1","State":4,"Topic":"Peer","level":"info","msg":"Peer Up"}`, "state number for openconfirm")
	says(t, `{"Key":"192.0.2.1","State":4,"Topic":"Table","level":"info","msg":"BGP Peer Up"}`, "came up", "state number")
}

// MetalLB's native speaker logs its session events as go-kit JSON.
func TestRound20MetalLBSession(t *testing.T) {
	says(t, `{"caller":"level.go:63","event":"sessionDown","level":"warn","localASN":64512,"msg":"BGP session down","peer":"192.0.2.1:179","peerASN":64513}`, "MetalLB's sessionDown")
}

// kube-router's klog line for a neighbour it configured in GoBGP, as
// kubectl logs --prefix --timestamps prints it.
func TestRound20KubeRouterPeerConfigured(t *testing.T) {
	says(t, "kube-router-x kube-router 2024-05-12T19:28:56.881613765-05:00 I0513 00:28:56.881541   52913 bgp_peers.go:283] Successfully configured 192.0.2.1 in ASN 64513 as BGP peer to the node", "added to the router's configuration")
}
