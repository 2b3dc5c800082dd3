package explain

import "testing"

// Round 23: BGP state as monitoring and automation tools show it, held
// out from the corpus (testdata/loglines README, "Round 23"), by class.

// snmptrapd's varbinds, "MODULE::object.index value" with no "=", stay one
// entry, and their state word and last error are read.
func TestRound23SnmptrapdVarbinds(t *testing.T) {
	block := "vyos-2\nUDP: [192.0.2.129]:46222->[192.0.2.131]:162\nDISMAN-EVENT-MIB::sysUpTimeInstance 0:7:58:54.02\nSNMPv2-MIB::snmpTrapOID.0 BGP4-MIB::bgpEstablished\nBGP4-MIB::bgpPeerLastError.192.0.2.1 \"06 02 \"\nBGP4-MIB::bgpPeerState.192.0.2.1 established\nSNMPv2-MIB::snmpTrapEnterprise.0 GNOME-PRODUCT-ZEBRA-MIB::bgpd"
	if n := len(Entries(block)); n != 1 {
		t.Errorf("snmptrapd block read as %d entries, want 1", n)
	}
	says(t, block, "bgpPeerState 6 is established")
	says(t, block, "An operator shut the session down")
	says(t, "BGP4-MIB::bgpPeerState.192.0.2.2 idle", "bgpPeerState 1 is idle")
	says(t, "SNMPv2-MIB::snmpTrapOID.0 BGP4-MIB::bgpEstablished\nBGP4-MIB::bgpPeerLastError.192.0.2.2 \"00 00 \"\nBGP4-MIB::bgpPeerState.192.0.2.2 established", "00 00 is the MIB's zero")
	// Words after the name that are no state are not read.
	says(t, "BGP4-MIB::bgpPeerState.192.0.2.2 idleness", "", "bgpPeerState")
}

// Numeric OIDs as tcpdump and snmptrapd -On print them: the trap, the
// state (column 2) and the last error (column 14, octets joined by "_").
func TestRound23NumericOIDs(t *testing.T) {
	line := "2019-09-29 22:57:41.024004 IP 192.0.2.129.46222 > 192.0.2.131.162:  V2Trap(130)  .1.3.6.1.2.1.1.3.0=2873402 .1.3.6.1.6.3.1.1.4.1.0=.1.3.6.1.4.1.3317.1.2.2.0.2 .1.3.6.1.2.1.15.3.1.14.192.0.2.1=06_02 .1.3.6.1.2.1.15.3.1.2.192.0.2.1=6 .1.3.6.1.6.3.1.1.4.3.0=.1.3.6.1.4.1.3317.1.2.2"
	says(t, line, "bgpBackwardTransition")
	says(t, line, "An operator shut the session down")
	says(t, ".1.3.6.1.6.3.1.1.4.1.0=.1.3.6.1.2.1.15.0.1 .1.3.6.1.2.1.15.3.1.2.192.0.2.1=6", "bgpEstablished")
	// Column 20 (bgpPeerKeepAliveConfigured) is no state.
	says(t, ".1.3.6.1.2.1.15.3.1.20.192.0.2.1=3", "", "bgpPeerState")
}
