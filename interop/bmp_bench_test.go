package interop

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/bmpcheck"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gobmp "github.com/osrg/gobgp/v4/pkg/packet/bmp"
)

// bmpBenchStream is one BMP stream of a benchmark corpus: its octets, and
// for GoBGP the options of each message, which bgplens's per-peer state
// derived (GoBGP keeps no per-peer state; a collector built on it has to
// find them itself, at a cost these benchmarks do not count).
type bmpBenchStream struct {
	data []byte
	opts []*gobgp.MarshallingOption
	msgs int
}

// bmpBenchCorpora are the streams of the raw FRR and gobgpd files, and the
// connections of the captures, each kept to the messages both libraries
// read: version 3 (GoBGP reads no other), not refused by either (FRR's
// mirrored ADD-PATH UPDATEs and Loc-RIB Peer Up, Huawei's octets after
// the UPDATE: see TestBMPDifferential).
func bmpBenchCorpora(b *testing.B) map[string][]bmpBenchStream {
	b.Helper()
	msgs := bmpMessages(b)
	out := map[string][]bmpBenchStream{}
	var cur *bmpBenchStream
	curName, curFlow := "", ""
	flush := func() {
		if cur != nil && cur.msgs > 0 {
			out[curName] = append(out[curName], *cur)
		}
	}
	for _, m := range msgs {
		if flow := m.flow; flow != curFlow {
			flush()
			curFlow = m.flow
			cur = &bmpBenchStream{}
			curName = "captures"
			for _, f := range bmpcheck.RawStreams {
				if m.file == f {
					curName = f[:len(f)-len(".bmp")]
				}
			}
		}
		opt := gobgpOptions(bgp.Session{AS4: true})
		if m.reading {
			opt = gobgpOptions(m.sess)
		}
		if m.trimmed || m.data[0] != bmp.Version3 {
			continue
		}
		if _, err := bmp.ParseMessage(m.data); err != nil {
			continue
		}
		if _, err := gobmp.ParseBMPMessageWithOptions(m.data, func(gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
			return []*gobgp.MarshallingOption{opt}
		}); err != nil {
			continue
		}
		cur.data = append(cur.data, m.data...)
		cur.opts = append(cur.opts, opt)
		cur.msgs++
	}
	flush()
	return out
}

func corpusSize(streams []bmpBenchStream) (octets, msgs int) {
	for _, s := range streams {
		octets += len(s.data)
		msgs += s.msgs
	}
	return
}

// One operation reads every stream of a corpus; ns/msg and allocs/msg are
// per BMP message.

// BenchmarkBMPBgplens reads each stream with a bmp.Reader, keeps the
// per-peer state (bmp.Peers: Peer Up sessions, every Route Monitoring
// UPDATE checked against them) and walks every announced and withdrawn
// route.
func BenchmarkBMPBgplens(b *testing.B) {
	benchBMPStreams(b, func(b *testing.B, s bmpBenchStream) int { return readBgplens(b, s.data) })
}

func readBgplens(b *testing.B, data []byte) int {
	r := bmp.NewReader(bytes.NewReader(data))
	peers := bmp.NewPeers(0)
	routes := 0
	for {
		msg, err := r.Next()
		if err == io.EOF {
			return routes
		}
		if err != nil {
			b.Fatal(err)
		}
		v, err := bmp.ParseMessage(msg)
		if err != nil {
			b.Fatal(err)
		}
		peers.Observe(v)
		switch v.Type() {
		case bmp.MsgRouteMonitoring:
			rm, _ := v.RouteMonitoring()
			u, _, err := peers.ReadUpdate(rm)
			if err != nil {
				continue
			}
			for range u.Announced() {
				routes++
			}
			for range u.Withdrawals() {
				routes++
			}
		}
	}
}

// BenchmarkBMPGoBGP frames each stream with GoBGP's SplitBMP and parses
// every message with ParseBMPMessageWithOptions, given the options of
// each message, then walks every announced and withdrawn route.
func BenchmarkBMPGoBGP(b *testing.B) {
	benchBMPStreams(b, readGoBGP)
}

// benchBMPStreams runs read over every stream of each corpus per
// operation, read returning the routes it walked.
func benchBMPStreams(b *testing.B, read func(b *testing.B, s bmpBenchStream) int) {
	for name, streams := range bmpBenchCorpora(b) {
		b.Run(name, func(b *testing.B) {
			octets, n := corpusSize(streams)
			b.SetBytes(int64(octets))
			b.ReportAllocs()
			routes := 0
			for b.Loop() {
				for _, s := range streams {
					routes += read(b, s)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/msg")
			b.ReportMetric(float64(routes)/float64(b.N), "routes/op")
		})
	}
}

func readGoBGP(b *testing.B, s bmpBenchStream) int {
	sc := bufio.NewScanner(bytes.NewReader(s.data))
	sc.Buffer(make([]byte, 64<<10), bmp.DefaultMaxMessageLen)
	sc.Split(gobmp.SplitBMP)
	routes, i := 0, 0
	for sc.Scan() {
		opt := s.opts[i]
		i++
		m, err := gobmp.ParseBMPMessageWithOptions(sc.Bytes(), func(gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
			return []*gobgp.MarshallingOption{opt}
		})
		if err != nil {
			b.Fatal(err)
		}
		rm, ok := m.Body.(*gobmp.BMPRouteMonitoring)
		if !ok {
			continue
		}
		u, ok := rm.BGPUpdate.Body.(*gobgp.BGPUpdate)
		if !ok {
			continue
		}
		routes += len(u.NLRI) + len(u.WithdrawnRoutes)
		for _, a := range u.PathAttributes {
			switch a := a.(type) {
			case *gobgp.PathAttributeMpReachNLRI:
				if prefixFamily(a.AFI, a.SAFI) {
					routes += len(a.Value)
				}
			case *gobgp.PathAttributeMpUnreachNLRI:
				if prefixFamily(a.AFI, a.SAFI) {
					routes += len(a.Value)
				}
			}
		}
	}
	if i != s.msgs {
		b.Fatalf("SplitBMP framed %d of %d messages", i, s.msgs)
	}
	return routes
}
