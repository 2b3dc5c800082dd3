package filter_test

import (
	"fmt"
	"net/netip"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt/filter"
)

// A filter is a conjunction: here, routes inside 198.51.100.0/22 that
// carry NO_EXPORT.
func ExampleFilter_Route() {
	f := filter.Filter{
		Prefixes: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/22")},
		Match:    filter.More,
	}
	if err := f.ParseCommunity("no-export"); err != nil {
		panic(err)
	}
	// ORIGIN IGP, AS_PATH 64496, NEXT_HOP 192.0.2.1, COMMUNITIES NO_EXPORT.
	path, err := bgp.ReadPath([]byte{
		0x40, 1, 1, 0,
		0x40, 2, 6, 2, 1, 0, 0, 0xfb, 0xf0,
		0x40, 3, 4, 192, 0, 2, 1,
		0xc0, 8, 4, 0xff, 0xff, 0xff, 0x01,
	}, bgp.Session{AS4: true})
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"198.51.100.0/24", "198.51.104.0/24", "198.51.100.0/21"} {
		fmt.Println(s, f.Route(netip.MustParsePrefix(s), false, &path, ""))
	}
	// Output:
	// 198.51.100.0/24 true
	// 198.51.104.0/24 false
	// 198.51.100.0/21 false
}
