package explain

import "testing"

// Round 13: real lines held out from the corpus (testdata/loglines
// README, "Round 13"), from network monitoring: SNMP trap varbinds as a
// trap receiver prints them and Cisco syslog, by class.

// The MIBs' varbinds: a state by its number (bgpPeerState, and the state
// left in cbgpPeerPrevState) and the last error as two hex octets.
func TestRound13MIBVarbinds(t *testing.T) {
	says(t, ".1.3.6.1.2.1.15.3.1.2.10.250.254.1 | bgpPeerState.10.250.254.1 | BGP4-MIB | 6", "bgpPeerState 6 is established")
	says(t, "BGP4-MIB::bgpPeerState.192.0.2.1 = INTEGER: idle(1)", "bgpPeerState 1 is idle")
	says(t, ".1.3.6.1.4.1.9.9.187.1.2.1.1.8.10.250.254.1 | cbgpPeerPrevState.10.250.254.1 | CISCO-BGP4-MIB | 5", "left openconfirm", "session is in openconfirm")
	says(t, `.1.3.6.1.2.1.15.3.1.14.10.250.254.1 | bgpPeerLastError.10.250.254.1 | BGP4-MIB | "04 00 "`, "No KEEPALIVE or UPDATE arrived within the negotiated hold time")
	says(t, `BGP4-MIB::bgpPeerLastError.192.0.2.1 = Hex-STRING: 06 02`, "An operator shut the session down")
	// 00 00 is the MIB's "no error yet": no NOTIFICATION is named.
	if ev := evidenceIn(`bgpPeerLastError.10.250.254.1 | BGP4-MIB | "00 00 "`); ev.Code != -1 {
		t.Errorf("last error 00 00 read as code %d", ev.Code)
	}
}
