package capture_test

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/bgplens/bgplens/capture"
)

// Open a capture, reassemble its BMP connections and walk the messages of
// each stream by their common header (RFC 7854 §4.1), never across a gap.
func ExampleOpen() {
	f, err := capture.Open("../testdata/bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART7-bmp-global-peer-down.pcap")
	if err != nil {
		fmt.Println(err)
		return
	}
	streams, err := f.Streams(capture.PortFilter(1790))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range streams {
		fmt.Printf("%v: %d octets in %d packets, %d gaps\n", s.Flow, len(s.Data), s.Packets, len(s.Gaps))
		types := map[byte]int{}
		for _, chunk := range s.Chunks() {
			for len(chunk) >= 6 {
				n := int(binary.BigEndian.Uint32(chunk[1:5]))
				if n < 6 || n > len(chunk) {
					break
				}
				types[chunk[5]]++
				chunk = chunk[n:]
			}
		}
		fmt.Println("Route Monitoring:", types[0], "Peer Down:", types[2])
	}
	// Output:
	// [2001:db8:90::1]:55723 -> [2a02:a90:4007:31::69]:1790: 1705 octets in 3 packets, 0 gaps
	// Route Monitoring: 12 Peer Down: 1
}

// PortFilter keeps the connections where either side uses one of the ports.
func ExamplePortFilter() {
	keep := capture.PortFilter(179, 1790)
	for _, f := range []capture.Flow{
		{Client: netip.MustParseAddrPort("192.0.2.1:40000"), Server: netip.MustParseAddrPort("192.0.2.2:179"), FromClient: true},
		{Client: netip.MustParseAddrPort("192.0.2.1:40001"), Server: netip.MustParseAddrPort("192.0.2.2:443")},
	} {
		fmt.Println(f, keep(f))
	}
	// Output:
	// 192.0.2.1:40000 -> 192.0.2.2:179 true
	// 192.0.2.2:443 -> 192.0.2.1:40001 false
}
