package bgpdump_test

import (
	"net/netip"
	"os"

	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/bgpdump"
	"github.com/bgplens/bgplens/mrt/filter"
)

// Print a TABLE_DUMP_V2 RIB as `bgpdump -m` does, one line a route,
// keeping the routes inside 172.17.0.0/16.
func ExampleWriter() {
	dump, err := os.ReadFile("../../testdata/mrt/mrtparse/samples/quagga_rib")
	if err != nil {
		panic(err)
	}
	w := bgpdump.NewWriter(os.Stdout, false)
	w.Filter = &filter.Filter{
		Prefixes: []netip.Prefix{netip.MustParsePrefix("172.17.0.0/16")},
		Match:    filter.More,
	}
	for len(dump) > 0 {
		var rec mrt.RecordView
		if rec, dump, err = mrt.SplitRecord(dump); err != nil {
			panic(err)
		}
		if err := w.Record(rec); err != nil {
			panic(err)
		}
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	// Output:
	// TABLE_DUMP2|1486802400|B|192.168.0.10|65000|172.17.0.0/24|4200000000 4200000000 4200000000 64512 64512 64512|IGP|192.168.0.10|100|10|65000:100 65000:200 65000:300|NAG||
	// TABLE_DUMP2|1486802400|B|192.168.0.10|65000|172.17.1.0/24|4200000000 4200000000 4200000000 64512 64512 64512|IGP|192.168.0.10|100|10|65000:100 65000:200 65000:300|NAG||
	// TABLE_DUMP2|1486802400|B|192.168.0.10|65000|172.17.2.0/24|4200000000 4200000000 4200000000 64512 64512 64512|IGP|192.168.0.10|100|10|65000:100 65000:200 65000:300|NAG||
}
