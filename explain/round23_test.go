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

// The trap's identity, by name or number: RFC 4273's two notifications
// and the Zebra enterprise's (bgpd.0.1, bgpd.0.2) that Quagga and FRR
// send; a backward transition whose state varbind says established is
// bgpd's known fault, not a session that stayed up.
func TestRound23TrapIdentity(t *testing.T) {
	says(t, "SNMPv2-MIB::snmpTrapOID.0 GNOME-PRODUCT-ZEBRA-MIB::bgpd.0.1\nBGP4-MIB::bgpPeerLastError.192.0.2.2 \"00 00 \"\nBGP4-MIB::bgpPeerState.192.0.2.2 established", "bgpEstablished")
	says(t, "SNMPv2-MIB::snmpTrapOID.0 GNOME-PRODUCT-ZEBRA-MIB::bgpd.0.2\nBGP4-MIB::bgpPeerLastError.192.0.2.1 \"06 02 \"\nBGP4-MIB::bgpPeerState.192.0.2.1 established", "bgpBackwardTransition", "the session is in established")
	says(t, "SNMPv2-MIB::snmpTrapOID.0 GNOME-PRODUCT-ZEBRA-MIB::bgpd.0.2\nBGP4-MIB::bgpPeerState.192.0.2.1 established", "with the state the session left")
	says(t, "SNMPv2-MIB::snmpTrapOID.0 BGP4-MIB::bgpBackwardTransNotification\nBGP4-MIB::bgpPeerState.192.0.2.1 = INTEGER: idle(1)", "bgpBackwardTransition", "the state the session left")
	// Another enterprise's trap 2 is not bgpd's.
	says(t, "SNMPv2-MIB::snmpTrapOID.0 IF-MIB::linkDown.0.2\nBGP4-MIB::bgpPeerState.192.0.2.1 established", "", "bgpBackwardTransition")
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

// Prometheus exporters' gauges of the session and counters per peer.
func TestRound23ExporterMetrics(t *testing.T) {
	says(t, `"frr_bgp_peer_state{afi=ipv4,local_as=64512,peer=192.0.2.3,peer_as=64514,safi=unicast,vrf=default}":                         0.0,`, "metric frr_bgp_peer_state of frr_exporter for peer 192.0.2.3 is 0: the session is not Established")
	says(t, `frr_bgp_peer_state{afi="ipv4",peer="192.0.2.3",vrf="default"} 2`, "shut down by configuration")
	says(t, "# HELP metallb_bgp_session_up BGP session state (1 is up, 0 is down)\n# TYPE metallb_bgp_session_up gauge\nmetallb_bgp_session_up{peer=\"192.0.2.5:179\"} 1", "metric metallb_bgp_session_up of MetalLB for peer 192.0.2.5:179 is 1: the session is Established")
	says(t, `frr_bgp_peer_prefixes_advertised_count_total{afi="ipv6",local_as="65000",peer="2001:db8::1",peer_as="65001",safi="unicast",vrf="net"} 227699`, "prefixes advertised")
	says(t, `frr_bgp_peer_message_received_total{afi="ipv4",peer="192.0.2.9",peer_desc="fw1",vrf="default"} 0`, "messages received")
	// A metric not in the table is not explained.
	says(t, `frr_bgp_rib_count_total{afi="ipv4",vrf="default"} 5`, "", "metric")
}

// NAPALM's get_bgp_neighbors: is_up and is_enabled of a neighbour.
func TestRound23NapalmNeighbors(t *testing.T) {
	says(t, "u'192.0.2.4': {'is_enabled': True, u'uptime': 3981371, 'remote_as': 65500, 'description': u'', 'remote_id': u'', 'local_as': 65000, 'is_up': False, u'address_family': {}", "is_up False: the session is not Established")
	says(t, "u'192.0.2.4': {'is_enabled': True, u'uptime': 3981371, 'remote_as': 65500, 'is_up': False}", "is_enabled True: not shut down")
	says(t, "u'192.0.2.4': {'is_enabled': True, u'uptime': 3981371, 'remote_as': 65500, 'is_up': False}", "uptime 3981371 is in seconds (46d 01:56:11)")
	says(t, "'192.0.2.41': {'description': '', 'is_enabled': False, 'is_up': True, 'local_as': 64610, 'remote_as': 65000, 'uptime': 81313}", "contradict")
	says(t, `"192.0.2.10": {... "is_enabled": false,   "is_up": false,`, "is_enabled False: shut down by configuration")
	// get_interfaces has is_up too: without a neighbour's AS it is not read.
	says(t, "'Ethernet1': {'is_enabled': True, 'is_up': False, 'mac_address': '00:1c:73:00:00:01'}", "", "NAPALM")
}

// centreon-plugins' bgppeerstate output: the MIB's admin status and state.
func TestRound23CentreonPeerState(t *testing.T) {
	says(t, "CRITICAL: Peer IP AdminState=start Connection=idle [Remote Addr:RemoteIP:0 AS:asnum] [Last Update 0 s]  |", "he session is in idle")
	says(t, "CRITICAL: Peer IP AdminState=start Connection=idle [Remote Addr:RemoteIP:0 AS:asnum] [Last Update 0 s]  |", "start(2)")
	says(t, "OK: Peer are in an established state since 68 days and 17 hours |", "for 68 days and 17 hours (bgpPeerFsmEstablishedTime)")
	says(t, "CRITICAL: Peer IP AdminState=start Connection=idle [Remote Addr:RemoteIP:0 AS:asnum] [Last Update 0 s]  |", "remote port 0 (bgpPeerRemotePort)")
}
