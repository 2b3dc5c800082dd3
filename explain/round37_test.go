package explain

import "testing"

// Held-out round 37 (testdata/loglines/README.md): SONiC's container
// and program read with no time or host before them ("CRIT
// bgp#bgpcfgd:"), grep's file name before a time ("syslog.1:May 28 …"),
// a VRF named after "VRF name", a program named by its path
// ("bgp#/bgpmon:") and supervisord's own line with its time and level
// are the entry's elements.
func TestRound37Envelopes(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // field=value pairs the entry's elements must hold
	}{
		{"CRIT bgp#bgpcfgd: Got an exception local variable 'ip_addr' referenced before assignment: Traceback: Traceback (most recent call last)", []string{"level=CRIT", "container=bgp", "program=bgpcfgd"}},
		{"ERR swss#orchagent: :- add_route: SAI failed to create route", []string{"container=swss", "program=orchagent"}},
		{"syslog.1:May 28 12:59:58.346037 sonic INFO bgp#bgpcfgd: All required daemons have connected to vtysh: 2020-05-28 12:59:58.345808", []string{"file=syslog.1", "host=sonic", "program=bgpcfgd"}},
		{"Oct 30 08:24:16.384113 str-msn2700-02 ERR bgp#fpmsyncd: :- onRouteMsg: Invalid VRF name mgmt (ifindex 83)", []string{"vrf=mgmt", "program=fpmsyncd"}},
		{"Nov  8 03:30:20.736704 str-dx010-acs-4 INFO bgp#/bgpmon: bgpmon service started", []string{"host=str-dx010-acs-4", "container=bgp", "program=/bgpmon"}},
		{"Nov  8 03:30:24.209370 str-dx010-acs-4 INFO bgp#supervisord 2020-11-08 03:30:19,575 INFO exited: bgpmon (exit status 1; not expected)", []string{"host=str-dx010-acs-4", "container=bgp", "program=supervisord", "program_time=2020-11-08 03:30:19,575", "program_level=INFO"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// A word and a colon alone are no file name unless a time follows.
	if f := fieldNamed(Line("syslog: BGP neighbor 192.0.2.1 Down", Options{}).Line.Fields, "file"); f != nil {
		t.Errorf("file read with no time after it: %v", f)
	}
}
