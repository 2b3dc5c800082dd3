package explain

import (
	"strings"
	"testing"
)

// One reader for every collector form: each route is both a tree of
// fields and the words, whichever round first read the form.
func TestCollectorRoutesOneReader(t *testing.T) {
	// bgpkit-parser's line and RIS Live's JSON, first read in words
	// only, are trees too.
	for _, text := range []string{
		"A|1701813618.661671|192.0.2.10|64500|198.51.100.0/24|64500 64501|IGP|192.0.2.10|0|10|64500:8794|false|64890|10.6.95.64|",
		`{"timestamp": 1571924617.22, "peer": "192.0.2.60", "peer_asn": "64500", "host": "rrc20", "type": "UPDATE", "path": [64500, 64501], "announcements": [{"next_hop": "192.0.2.170", "prefixes": ["198.51.100.0/24"]}]}`,
	} {
		x := Line(text, Options{})
		if len(x.Messages) != 1 || find(x, "as_path") == nil || find(x, "peer_as") == nil {
			t.Errorf("%.40q: %d trees, want one with the path and the peer's AS", text, len(x.Messages))
		}
	}
	// TABLE_DUMP2_AP, first read as a tree only, is described with its
	// path identifier in its place.
	says(t, "TABLE_DUMP2_AP|1576051200|B|192.0.2.1|64496|198.51.100.0/24|100|64496 64497|IGP|192.0.2.1|0|0||NAG||",
		"path identifier 100", "AS_PATH 100")
	// An AS three times apart is one loop, named once.
	says(t, "U|A|1674224400.000000|singlefile|singlefile|||64500|192.0.2.61|198.51.100.0/24|192.0.2.61|64500 64501 64502 64501 64503 64501|64501|||",
		"AS64501 appears twice, apart", "AS64501 and AS64501")
	// A state change has no attributes: no communities field.
	if x := Line("BGP4MP|1569752701|STATE|192.0.2.1|64496|1|6", Options{}); find(x, "communities") != nil {
		t.Error("a state change given a communities field")
	}
	if s := said(Line("TYPE: BGP4MP/BGP4MP_MESSAGE_AS4 AFI_IP\nFROM: 192.0.2.61\nANNOUNCED: 198.51.100.0/24", Options{})); !strings.Contains(s, "1 prefix announced") {
		t.Errorf("one prefix: %q", s)
	}
}
