package explain

import "testing"

// Round 24: vendor syslog held out from the corpus as log systems keep
// it (testdata/loglines README, "Round 24"), by class.

// Nokia's (SR OS, SR Linux) words: the session moved into Established,
// and a Cease subcode by its identifier.
func TestRound24Nokia(t *testing.T) {
	says(t, "Jan 11 18:39:01 srl-1-2 sr_bgp_mgr: bgp|1894|1965|00073|N: In network-instance default, the BGP session with VR default (1): Group ebgp-underlay: Peer 192.0.2.5 moved into the ESTABLISHED state", "reached Established")
	says(t, "10644 2018/06/22 10:27:15.844 UTC MINOR: BGP #2038 vprn109 Peer 11: 192.0.2.200\n\"VR 11: Group NSG_WAN: Peer 192.0.2.200: moved into established state\"", "reached Established")
	says(t, `{"program": "sr_bgp_mgr", "srlproc": "bgp", "message": ", the BGP session with VR default (1): Group ebgp-underlay: Peer 192.0.2.6 moved into the ESTABLISHED state"}`, "reached Established")
	x := Line("Jan 11 18:39:04 srl-1-2 sr_bgp_mgr: bgp|1894|1965|00076|W: In network-instance default, the BGP session with VR default (1): Group ibgp-evpn: Peer 192.0.2.6 was closed because the router sent this neighbor a NOTIFICATION with code CEASE and subcode CONN_COLL_RES", Options{})
	if x.Line.Code != 6 || x.Line.Subcode != 7 {
		t.Errorf("CONN_COLL_RES: code %d/%d, want 6/7", x.Line.Code, x.Line.Subcode)
	}
}
