package kafka

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/bgplens/bgplens/station/output"
)

// TestRawRecordHeader: a raw record is the OBMP header obmp.Header.Append
// writes for its router, length and time, then the message, whatever the
// session before it (the header is made once a session and its length
// and time set per message): routers of both families, a session of the
// same address on another port, times with and without microseconds,
// the zero time, messages of any length.
func TestRawRecordHeader(t *testing.T) {
	s := &Sink{header: (&Config{AdminID: "collector-1", RouterGroup: "group"}).header()}
	routers := []output.RouterRef{
		{Addr: netip.MustParseAddr("192.0.2.1"), Port: 1001, SysName: "r1"},
		{Addr: netip.MustParseAddr("192.0.2.1"), Port: 1002, SysName: "r2"},
		{Addr: netip.MustParseAddr("2001:db8::1"), Port: 179},
		{Addr: netip.MustParseAddr("::ffff:198.51.100.7"), Port: 5000},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		r := &routers[rng.IntN(len(routers))]
		if i%3 != 0 { // mostly runs of one router
			r = &routers[i/30%len(routers)]
		}
		msg := bytes.Repeat([]byte{byte(i)}, rng.IntN(5000))
		at := time.Unix(1700000000+rng.Int64N(1e8), rng.Int64N(1e9))
		switch i % 50 {
		case 7:
			at = time.Time{}
		case 8:
			at = at.Truncate(time.Second)
		}
		e := s.rawRecord(s.rawSessionOf(r), msg, at)
		h := s.header
		h.RouterAddr, h.RouterHash, h.Time = r.Addr.Unmap(), s.raws.hash(netip.AddrPortFrom(r.Addr.Unmap(), r.Port), r.SysName), at
		want := append(h.Append(nil, len(msg)), msg...)
		if !bytes.Equal(e.rec.Value, want) {
			t.Fatalf("record %d (router %v, %d octets, %v):\n%x\nwant\n%x", i, r.Addr, len(msg), at, e.rec.Value[:h.Len()], want[:h.Len()])
		}
		if !e.rec.Timestamp.Equal(at) {
			t.Fatalf("record %d: timestamp %v, want %v", i, e.rec.Timestamp, at)
		}
	}
}
