package station_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station"
)

// A station started in-process on a loopback port, as a test of a router
// integration would: New, Serve on a listener the caller made, the API
// through Handler, then shutdown.
func Example() {
	st, err := station.New(station.Config{Allow: []string{"127.0.0.1"}}, nil, prometheus.NewRegistry())
	if err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- st.Serve(ctx, ln) }()

	// A router: Initiation, then one Route Monitoring message.
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	w := bmp.NewWriter(c)
	w.Write(bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte("edge1")}}})
	b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
	b.Origin(bgp.OriginIGP)
	b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{64501}}}})
	b.NextHop(netip.MustParseAddr("192.0.2.1"))
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
	b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("203.0.113.0/24")})
	update, _ := b.Finish()
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.1"), AS: 64501, BGPID: netip.MustParseAddr("192.0.2.1")}
	w.Write(bmp.RouteMonitoring{Peer: peer, BGP: update})

	api := st.Handler()
	var routers struct {
		Routers []struct {
			SysName string `json:"sys_name"`
			Routes  int    `json:"routes"`
		} `json:"routers"`
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/routers", nil))
		json.Unmarshal(rec.Body.Bytes(), &routers)
		if len(routers.Routers) == 1 && routers.Routers[0].Routes == 2 {
			break
		}
	}
	fmt.Println(routers.Routers[0].SysName, routers.Routers[0].Routes)

	c.Close()
	cancel()   // what SIGTERM does in bgplens station
	<-served   // every session has ended
	st.Close() // the sinks are drained and closed
	// Output: edge1 2
}
