package station

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestTrafficTotals: the station-wide counters are the sum of the sessions
// open now and of those that ended, so they never go back when a router
// disconnects, and each session is counted once.
func TestTrafficTotals(t *testing.T) {
	var tot trafficTotals
	reg := prometheus.NewRegistry()
	reg.MustRegister(newTrafficCollector(&tot))
	gather := func() map[string]float64 {
		t.Helper()
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				name := mf.GetName()
				for _, l := range m.GetLabel() {
					name += "/" + l.GetValue()
				}
				got[name] = m.GetCounter().GetValue()
			}
		}
		return got
	}
	want := func(vals map[string]float64) {
		t.Helper()
		got := gather()
		for k, v := range vals {
			if got[k] != v {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
	}
	var a, b routerTraffic
	tot.open(&a)
	tot.open(&b)
	a.msgs[0].Add(2)
	b.msgs[0].Add(3)
	a.bytes.Add(100)
	b.changes[changeAnnounce].Add(7)
	a.changes[changeRefused].Add(1)
	route := "bgplens_station_messages_total/" + msgTypeLabel(0)
	want(map[string]float64{route: 5, "bgplens_station_received_bytes_total": 100,
		"bgplens_station_route_changes_total/announce": 7, "bgplens_station_route_changes_total/refused": 1,
		"bgplens_station_route_changes_total/withdraw": 0})

	tot.close(&a) // a's counts stay in the totals, counted once
	b.msgs[0].Add(1)
	want(map[string]float64{route: 6, "bgplens_station_received_bytes_total": 100})

	var c routerTraffic // the router comes back: a new session
	tot.open(&c)
	c.bytes.Add(50)
	tot.close(&b)
	want(map[string]float64{route: 6, "bgplens_station_received_bytes_total": 150,
		"bgplens_station_route_changes_total/announce": 7})
}
