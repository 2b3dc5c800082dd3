package explain

import "testing"

// Held-out round 37 (testdata/loglines/README.md): SONiC's container
// and program read with no time or host before them ("CRIT
// bgp#bgpcfgd:"), grep's file name before a time ("syslog.1:May 28 …"),
// and a VRF named after "VRF name" are the entry's elements.
func TestRound37Envelopes(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // field=value pairs the entry's elements must hold
	}{
		{"CRIT bgp#bgpcfgd: Got an exception local variable 'ip_addr' referenced before assignment: Traceback: Traceback (most recent call last)", []string{"level=CRIT", "container=bgp", "program=bgpcfgd"}},
		{"ERR swss#orchagent: :- add_route: SAI failed to create route", []string{"container=swss", "program=orchagent"}},
		{"syslog.1:May 28 12:59:58.346037 sonic INFO bgp#bgpcfgd: All required daemons have connected to vtysh: 2020-05-28 12:59:58.345808", []string{"file=syslog.1", "host=sonic", "program=bgpcfgd"}},
		{"Oct 30 08:24:16.384113 str-msn2700-02 ERR bgp#fpmsyncd: :- onRouteMsg: Invalid VRF name mgmt (ifindex 83)", []string{"vrf=mgmt", "program=fpmsyncd"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// A word and a colon alone are no file name unless a time follows.
	if f := fieldNamed(Line("syslog: BGP neighbor 192.0.2.1 Down", Options{}).Line.Fields, "file"); f != nil {
		t.Errorf("file read with no time after it: %v", f)
	}
}
