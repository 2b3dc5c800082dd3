package explain

import "testing"

// Held-out round 35 (testdata/loglines/README.md): BIRD's class tag after
// the time ("<TRACE>", "<RMT>") and the protocol's name after it, before
// a colon or a route trace's arrow, are read as the entry's elements.
func TestRound35BIRDClass(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"2016-12-02 10:09:24 <RMT> R1: Received: Administrative shutdown", []string{"timestamp=2016-12-02 10:09:24", "class=<RMT>", "protocol=R1"}},
		{"2016-12-02 10:09:24 <TRACE> R1 > removed [sole] 203.0.113.0/24 via 192.0.2.1 on eth0", []string{"class=<TRACE>", "protocol=R1"}},
		{"<TRACE> bgp_peer-2.v4: Started", []string{"class=<TRACE>", "protocol=bgp_peer-2.v4"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// Angle brackets around another word are not BIRD's class.
	if f := fieldNamed(Line("<NOTE> R1: hello", Options{}).Line.Fields, "class"); f != nil {
		t.Errorf("<NOTE> read as BIRD's class: %v", f)
	}
}
