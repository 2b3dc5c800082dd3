package station

import (
	"net/netip"
	"runtime"
	"testing"
	"time"
)

// TestMemoryAccounted: what the station accounts to a router for its
// peers and tables is what they cost on the heap, within a factor of
// two, for peers with a Peer Up, with routes and no Peer Up, and both.
// (Without tables counted, a router with 5000 one-route tables made the
// station hold 6 times what it accounted.)
func TestMemoryAccounted(t *testing.T) {
	for _, mode := range []string{"peer-up", "routes", "both"} {
		ts := startStation(t, Config{MaxPeers: 100000})
		c := dialFrom(t, ts, "127.0.0.99")
		const n = 3000
		stream := initiation(t, "m-"+mode)
		rid := netip.MustParseAddr("192.0.2.99")
		msgs := uint64(1)
		for i := range n {
			h := synthPeer(i)
			if mode != "routes" {
				stream = synthAppend(t, stream, synthPeerUp(t, h, rid))
				msgs++
			}
			if mode != "peer-up" {
				stream = synthAppend(t, stream, synthRoutes(t, h, false, synthPrefix(i)))
				msgs++
			}
		}
		before := settledHeap()
		c.Write(stream)
		ts.waitMessages(t, "m-"+mode, portOf(c), msgs)
		// The route cost as the station's once-a-second refresh finds it
		// (whether one happened during the test or not).
		ts.st.refreshRouteCost()
		r, _ := ts.router(t, "m-"+mode)
		heap := (settledHeap() - before) / n
		held := r.Memory.Held / n
		t.Logf("%s: %d octets of heap per peer, %d accounted", mode, heap, held)
		if held < heap/2 || held > 2*heap {
			t.Errorf("%s: %d octets of heap per peer, %d accounted", mode, heap, held)
		}
		ts.stop()
	}
}

// settledHeap returns the live heap once it has stopped shrinking: what
// earlier tests left (sessions still ending) is gone before it counts.
func settledHeap() int64 {
	var m runtime.MemStats
	last := int64(-1)
	for range 50 {
		runtime.GC()
		runtime.ReadMemStats(&m)
		h := int64(m.HeapAlloc)
		if last >= 0 && h >= last-(16<<10) {
			return h
		}
		last = h
		time.Sleep(20 * time.Millisecond)
	}
	return last
}
