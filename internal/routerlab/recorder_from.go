package routerlab

import (
	"net"
	"net/netip"
	"testing"
)

// NewRecorderFrom is NewRecorder whose upstream connections come from the
// loopback address src, so that routers of one lab (which all connect
// from 127.0.0.1) reach the collector from addresses of their own, as
// routers on different hosts do. A collector that names a router by its
// address alone (the OpenBMP raw header carries only that) needs it.
func NewRecorderFrom(t testing.TB, upstream string, src netip.Addr) *Recorder {
	t.Helper()
	return newRecorder(t, upstream, &net.TCPAddr{IP: src.AsSlice()})
}
