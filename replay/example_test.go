package replay_test

import (
	"fmt"
	"os"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/replay"
)

// An MRT RIB dump becomes the BMP a router would send: an Initiation, a
// Peer Up per peer, a Route Monitoring per route.
func ExampleFromMRT() {
	f, err := os.Open("../testdata/mrt/mrtparse/samples/quagga_rib")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r, err := mrt.NewReader(f)
	if err != nil {
		panic(err)
	}
	types := map[bmp.MsgType]int{}
	st, err := replay.FromMRT(r, "archive", func(msg []byte) error {
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
