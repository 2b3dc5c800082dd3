package explain

import "testing"

// Held-out round 36 (testdata/loglines/README.md): SONiC's container
// before the program ("bgp#bgpd[52]"), FRR's record-priority level word
// before its tag ("debugging: BGP:") and FRR's update group and subgroup
// ("u41:s41") are read as the entry's elements.
func TestRound36Envelopes(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // field=value pairs the entry's elements must hold
	}{
		{"Mar 27 14:34:45.889657 str3-7260cx3-acs-14 DEBUG bgp#bgpd[52]: [PCFFM-WMARW] 10.0.0.1(Unknown) rcvd UPDATE wlen 5 attrlen 0 alen 0", []string{"host=str3-7260cx3-acs-14", "level=DEBUG", "container=bgp", "program=bgpd[52]"}},
		{"2023/04/04 07:02:11 debugging: BGP: [MZNH7-XJV7F] evaluate_paths: Updating peer (2.3.4.6(VRF 9)) status with NHT nexthops 0", []string{"level=debugging", "program=BGP"}},
		{"2024/03/19 07:42:37 BGP: [H06SA-0JAPR] u41:s41 send MP_REACH for afi/safi IPv6/unicast", []string{"update_group=u41:s41"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// A level word without FRR's colon is not record-priority's.
	if f := fieldNamed(Line("2023/04/04 07:02:11 debugging BGP sessions", Options{}).Line.Fields, "level"); f != nil {
		t.Errorf("level read without its colon: %v", f)
	}
}
