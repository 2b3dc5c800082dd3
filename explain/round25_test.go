package explain

import "testing"

// Round 25: route collector and BGP-data tool output, held out from the
// corpus (testdata/loglines README, "Round 25"), by class.

// bgpdump's and route_btoa's one-line form: the MRT record, the elem's
// type, and each field in its place; -M's printed date is kept.
func TestRound25BgpdumpLines(t *testing.T) {
	a := "BGP4MP_ET|1565157612.514770|A|192.0.2.102|64501|198.51.100.0/24|64501 64502 64503|IGP|192.0.2.102|0|0|64502:420 65535:65281|NAG|64503 198.51.100.1|"
	says(t, a, "BGP4MP_ET record (RFC 6396 §4.4")
	says(t, a, "AS_PATH 64501 64502 64503: 3 ASes in sequence, the peer's AS 64501 first, the origin AS 64503 last")
	says(t, a, "65535:65281 is NO_EXPORT")
	says(t, a, "AGGREGATOR AS64503 198.51.100.1")
	says(t, a, "LOCAL_PREF 0: printed as 0 when the UPDATE has none")
	says(t, a, "2019-08-07 06:00:12 UTC")
	says(t, "BGP4MP|1569752701|W|2001:db8::1|64501|2001:db8:100::/48", "a withdrawal (W)", "ORIGIN")
	says(t, "TABLE_DUMP2|1501228800|B|192.0.2.18|64500|192.0.2.0/22|64500 64510|IGP|192.0.2.18|0|0||NAG||", "the time of the dump")
	says(t, "BGP4MP|1048276165|STATE|192.0.2.248|64500|3|1", "state 3 (active) to 1 (idle)")
	says(t, "TABLE_DUMP2|08/07/19 06:00:12|B|192.0.2.18|64500|192.0.2.0/22|64500|IGP|192.0.2.18|0|0||NAG||", "TABLE_DUMP_V2 RIB entry")
	// Pipes alone are not a route: an unknown first field is not read.
	says(t, "FOO|1565157612|A|192.0.2.102|64501|198.51.100.0/24", "", "announcement")
}

// RIS Live's UPDATE, alone or inside its ris_message envelope: the
// AS_SET as a list in the path, communities as pairs, the aggregator.
func TestRound25RISLive(t *testing.T) {
	msg := `{"timestamp": 1571924617.22, "peer": "192.0.2.60", "peer_asn": "64500", "id": "192.0.2.60-1571924617.22-26992308", "host": "rrc20", "type": "UPDATE", "path": [64500, 64501, 64502, [64502]], "community": [[64500, 51]], "origin": "igp", "aggregator": "64502:198.51.100.2", "announcements": [{"next_hop": "192.0.2.170", "prefixes": ["198.51.100.0/24"]}], "withdrawals": ["203.0.113.0/24"]}`
	says(t, msg, "ends in an AS_SET")
	says(t, msg, "COMMUNITIES 64500:51")
	says(t, msg, "via NEXT_HOP 192.0.2.170: 198.51.100.0/24")
	says(t, msg, "withdrawn (Withdrawn Routes or MP_UNREACH_NLRI): 203.0.113.0/24")
	says(t, msg, "source rrc20 (RIPE RIS)")
	says(t, `{"type": "ris_message", "data": `+msg+`}`, "AGGREGATOR AS64502 198.51.100.2")
	// Another JSON with a peer is not RIS Live's.
	says(t, `{"type": "state", "peer": "192.0.2.60"}`, "", "RIS Live")
}

// pybgpkit's elem dictionary as Python prints it.
func TestRound25BgpkitDict(t *testing.T) {
	d := `{'timestamp': 1674224400.0, 'elem_type': 'A', 'peer_ip': '192.0.2.61', 'peer_asn': 64500, 'prefix': '198.51.100.0/24', 'next_hop': '192.0.2.61', 'as_path': '64500 64501', 'origin_asns': [64501], 'origin': 'IGP', 'local_pref': 0, 'med': 0, 'communities': None, 'atomic': 'NAG', 'aggr_asn': None, 'aggr_ip': None}`
	says(t, d, "elem of pybgpkit")
	says(t, d, "NEXT_HOP 192.0.2.61: the peer itself")
	says(t, d, "nag: no ATOMIC_AGGREGATE", "AGGREGATOR")
}

// zebra-dump-parser's record, one field a line.
func TestRound25MRTBlock(t *testing.T) {
	b := "TYPE: BGP4MP/BGP4MP_MESSAGE_AS4 AFI_IP\nFROM: 192.0.2.61\nTO: 192.0.2.28\nBGP PACKET TYPE: UPDATE\nORIGIN: IGP\nAS_PATH: 64500 64501\nNEXT_HOP: 192.0.2.61\nANNOUNCED: 198.51.100.0/24\nANNOUNCED: 203.0.113.0/24"
	says(t, b, "BGP4MP_MESSAGE_AS4 record (RFC 6396 §4.4.3")
	says(t, b, "2 prefixes announced in this one UPDATE (NLRI): 198.51.100.0/24, 203.0.113.0/24")
	says(t, "TYPE: ethernet\nFROM: 192.0.2.61", "", "MRT")
}

// ExaBGP's JSON API update: the session, the direction, the attributes,
// the family by ExaBGP's name, labels; an attribute ExaBGP does not know
// is rebuilt from its key and read as the attribute it is.
func TestRound25ExaBGPJSON(t *testing.T) {
	j := `{ "exabgp":"3.5.0", "time":1472690879.99, "type":"update", "neighbor":{ "address":{ "local":"192.0.2.177", "peer":"192.0.2.58" }, "asn":{ "local":"64512", "peer":"64512" }, "direction":"receive", "message":{ "update":{ "attribute":{ "origin":"igp", "local-preference":100, "attribute-0x1C-0xE0":"0x00010404ac140204" }, "announce":{ "ipv4 nlri-mpls":{ "192.0.2.4":[ { "nlri":"198.51.100.20/32", "label":[ 306144 ] } ] } } } } }`
	says(t, j, "its neighbour 192.0.2.58 AS64512 (iBGP: the same AS)")
	says(t, j, "IPv4 Labeled Unicast (AFI 1, SAFI 4), via next hop 192.0.2.4: 198.51.100.20/32 label 306144")
	says(t, j, "rebuilt from ExaBGP's JSON of an attribute it does not decode")
	says(t, j, "LOCAL_PREF 100")
	if x := Line(j, Options{}); x.Line.Start != StartAttributes {
		t.Errorf("start %q, want the rebuilt attribute", x.Line.Start)
	}
}
