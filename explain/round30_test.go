package explain

import "testing"

// TestSummaryTableOneEntry: a summary's lines on the router, a blank line,
// then its peer table, are one output (VRP's display bgp peer, FortiOS's
// get router info bgp summary), and Junos's head ending "Damped..." does
// not end the entry before its first row.
func TestSummaryTableOneEntry(t *testing.T) {
	for _, text := range []string{
		" BGP Local router ID : 10.2.3.4\n local AS number : 10\n Total number of peers : 2                 \n Peers in established state : 1\n\n  Peer        V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State PrefRcv\n  10.1.1.1    4   100        0        0     0 00:00:07        Idle       0\n  10.2.5.6    4   200       32       35     0 00:17:49 Established       0",
		"BGP router identifier 85.31.8.8, local AS number 65302\nBGP table version is 13\n1 BGP AS-PATH entries\n0 BGP community entries\n\nNeighbor        V         AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n10.204.35.84   4      65302   43173   43182        0    0    0 09w3d01h Active     ",
		"Groups: 2 Peers: 6 Down peers: 0\nPeer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...\n192.0.2.254           64496    1165670    1238837       0       1 9w2d 5:23:37 Establ\n  wanTrusted.inet.0: 23/224/224/0",
	} {
		if got := Entries(text); len(got) != 1 {
			t.Errorf("%q: %d entries, want 1: %q", text, len(got), got)
		}
	}
	// Two log records with a blank line between stay two.
	two := "Jan  1 00:00:01 r1 bgpd: neighbor 10.0.0.1 Down\n\nJan  1 00:00:02 r1 bgpd: neighbor 10.0.0.1 Up"
	if got := Entries(two); len(got) != 2 {
		t.Errorf("%q: %d entries, want 2", two, len(got))
	}
}
