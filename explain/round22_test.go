package explain

import "testing"

// Round 22: BGP bytes as engineers paste them, held out from the corpus
// (testdata/loglines README, "Round 22"), by class.

// MRT text: the line per route that bgpdump -m, bgpreader and bgpcorsaro
// print, and the KEY: value block of zebra-dump-parser, read field by
// field; an AS path with an AS twice apart is a loop.
func TestRound22MRTText(t *testing.T) {
	says(t, "TABLE_DUMP2|1576051200|B|192.0.2.1|64496|198.51.100.0/24|64496 64497|IGP|192.0.2.1|0|0|64496:1|NAG||", "a route of the RIB snapshot, 198.51.100.0/24 from peer 192.0.2.1 (AS64496) (RFC 6396 §4.3)")
	says(t, "TABLE_DUMP2_AP|1576051200|B|192.0.2.1|64496|198.51.100.0/24|100|64496 64497|IGP|192.0.2.1|0|0||NAG||", "RFC 8050 §4")
	says(t, "BGP4MP|1569752701|W|2001:db8::1|64496|2001:db8:1::/48", "a route withdrawn in an UPDATE")
	says(t, "BGP4MP|1569752701|STATE|192.0.2.1|64496|1|6", "moved from Idle to Established")
	says(t, "U|A|1674224400.000000|singlefile|singlefile|||64496|192.0.2.1|198.51.100.0/24|192.0.2.1|64496 64497 64498 64497 64499|64499|||", "its AS path has a loop: AS 64497")
	says(t, "U|W|1514764821|routeviews|route-views.saopaulo|64496|2001:db8::1|2001:db8:1::/48||||||", "a route withdrawn in an UPDATE, from peer 2001:db8::1 (AS64496)")
	says(t, "R|B|1659312000.000000|singlefile|singlefile|||V|1659827072", "the RIB dump of singlefile begins")
	says(t, "TYPE: BGP4MP/BGP4MP_MESSAGE_AS4 AFI_IP\nFROM: 192.0.2.1\nTO: 192.0.2.2\nBGP PACKET TYPE: UPDATE\nAS_PATH: 64496\nANNOUNCED: 198.51.100.0/24", "MRT record printed as text")
	// A prepended path repeats its AS side by side: no loop.
	says(t, "U|A|1674224400.000000|singlefile|singlefile|||64496|192.0.2.1|198.51.100.0/24|192.0.2.1|64496 64496 64497|64497|||", "via 64496 64496 64497", "loop")
}
