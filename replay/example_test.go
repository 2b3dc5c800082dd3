package replay_test

import (
	"fmt"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/replay"
)

// An MRT RIB dump becomes the BMP a router would send: an Initiation, a
// Peer Up per peer, a Route Monitoring per route.
func ExampleFile() {
	// File tells an MRT archive, a raw BMP stream and a capture apart by
	// their first octets; sysName names the router of an archive.
	types := map[bmp.MsgType]int{}
	st, err := replay.File("../testdata/mrt/mrtparse/samples/quagga_rib", "archive", func(msg []byte) error {
		m, err := bmp.ParseMessage(msg)
		if err != nil {
			return err
		}
		types[m.Type()]++
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Messages, "messages,", st.Routes, "routes")
	fmt.Println(types)
	// Output:
	// 12 messages, 9 routes
	// map[Route Monitoring:9 Peer Up Notification:2 Initiation:1]
}
