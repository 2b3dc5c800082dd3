package explain

import "testing"

// Held-out round 29: a private 4-octet AS number in decimal (RFC 6996,
// 4200000000 to 4294967294), as cilium bgp peers and cloud routers print
// local and peer AS, is a number, not five octets of data; after a data
// word the same digits stay octets.
func TestPrivateASN4NotOctets(t *testing.T) {
	row := "Local AS     Peer AS      Peer Address               Session       Uptime   Family         Received   Advertised\n" +
		"4294967291   4294967291   10.55.20.111:179          active        0s       ipv4/unicast   0          2"
	if x := Line(row, Options{}); x.Line.Present != 0 {
		t.Errorf("cilium/cilium#39861's row: %d octets found in its AS numbers", x.Line.Present)
	}
	if x := Line("BGP: 10.0.0.1 rcvd notification data: 4294967291", Options{}); x.Line.Present != 5 {
		t.Errorf("after \"data:\" the ten digits are five octets, found %d", x.Line.Present)
	}
}
