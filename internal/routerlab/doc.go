// Package routerlab runs real routing software on loopback for tests:
// gobgpd as a route source, FRR's bgpd with its BMP module, and optionally a
// second gobgpd exporting BMP, each in a temporary directory of its own,
// started and stopped by PID (never by name), with bounded waits.
//
// Topology (one random 127.x.y.0/24 per lab, so that labs do not meet):
//
//	src  gobgpd .2:1790  AS 4200000001  routes: Synthetic, injected as MRT; Dynamic, through the CLI
//	frr  bgpd   .3:1791  AS 65001       eBGP with src, iBGP with mon; BMP pre- and post-policy to Options.Collector
//	mon  gobgpd .4:1792  AS 65001       iBGP with frr, eBGP with src (ADD-PATH); BMP pre, post and Loc-RIB
//
// FRR's inbound policy from src rejects the prefixes FRRRejects names and
// adds communities, LOCAL_PREF and MED, so that post-policy differs from
// pre-policy. The ground truth comes from the routers' CLIs (vtysh, gobgp
// -j); FRRExpected and MonitorExpected turn it into what each exporter's
// BMP shows, with the exporters' known ways:
//
//   - FRR 8.4 encodes Route Monitoring as if it sent the route to the
//     monitored peer: its own AS is prepended for an eBGP peer, and
//     LOCAL_PREF is left out; its own routes come from peer 0.0.0.0, AS 0,
//     post-policy only, without a Peer Up.
//   - FRR 8.4 reports a route its inbound policy rejects as a pre-policy
//     withdrawal unless its table holds a path for the prefix from some
//     neighbour (see FRRExpected); it sends one Peer Down per failed
//     reconnect while a neighbour stays down, and no Termination.
//   - gobgpd 3.10 sends post-policy without ADD-PATH Path Identifiers
//     (several paths of a prefix collapse to one), and never reports its
//     own routes in Loc-RIB; its statistics interval is at least 15 s and
//     it opens BGP sessions only 5 to 10 s after it starts.
//   - gobgp 3.10's "mrt inject" may lose the end of a file (padding and a
//     check make up for it), and "global rib del" does not remove routes
//     injected from MRT.
//
// Recorder keeps (and relays) the BMP octets routers send, and Tables
// decodes them with the bmp package alone, so that a test can tell what a
// router sent from what a collector made of it.
//
// Require skips a test when FRR or gobgpd is not installed, except in CI
// (CI=true), where it fails it.
package routerlab
