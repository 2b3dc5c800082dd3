package bmp

import (
	"bufio"
	"bytes"
	"io"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// fullTableStream builds a BMP stream the size of a full table: an
// Initiation, the Peer Ups, then n Route Monitoring messages spread over
// four peers. Peer 1 negotiates ADD-PATH and sends path identifiers, peer
// 2 negotiates it and sends none (as FRR does: a remembered fallback),
// peers 3 and 4 send IPv6 and IPv4 without ADD-PATH. Each UPDATE holds 1
// to 4 routes with ORIGIN, AS_PATH, NEXT_HOP or MP_REACH_NLRI, MED and
// COMMUNITIES.
func fullTableStream(tb testing.TB, n int) (stream []byte, msgs int) {
	w := bytes.Buffer{}
	bw := NewWriter(&w)
	bw.Write(Initiation{Information: []TLV{{Type: 2, Value: []byte("bench")}}})
	type peer struct {
		h    PeerHeader
		s    bgp.Session // how its UPDATEs are encoded
		v6   bool
		sent []byte
		rcvd []byte
	}
	ap := addPathCap(bgp.AddPathReceive, bgp.IPv4Unicast, bgp.IPv6Unicast)
	apTx := addPathCap(bgp.AddPathSend, bgp.IPv4Unicast, bgp.IPv6Unicast)
	peers := []*peer{
		{h: peerHdr(PeerGlobal, 0, "192.0.2.1", 64501), s: as4ap, sent: openMsg(tb, 65000, "192.0.2.254", false, ap), rcvd: openMsg(tb, 64501, "192.0.2.99", false, apTx)},
		{h: peerHdr(PeerGlobal, 0, "192.0.2.2", 64502), s: as4, sent: openMsg(tb, 65000, "192.0.2.254", false, ap), rcvd: openMsg(tb, 64502, "192.0.2.99", false, apTx)},
		{h: peerHdr(PeerGlobal, FlagV, "2001:db8::3", 64503), s: as4, v6: true, sent: openMsg(tb, 65000, "192.0.2.254", false), rcvd: openMsg(tb, 64503, "192.0.2.99", false)},
		{h: peerHdr(PeerGlobal, FlagL, "192.0.2.4", 64504), s: as4, sent: openMsg(tb, 65000, "192.0.2.254", false), rcvd: openMsg(tb, 64504, "192.0.2.99", false)},
	}
	for _, p := range peers {
		bw.WriteRaw(peerUpMsg(tb, p.h, p.sent, p.rcvd))
	}
	var buf []byte
	for i := 0; i < n; i++ {
		p := peers[i%len(peers)]
		b := bgp.NewUpdateBuilder(buf[:0], p.s)
		b.Origin(bgp.OriginIGP)
		b.ASPath(bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: []uint32{p.h.AS, 3356, uint32(64512 + i%1000), uint32(4200000000 + i%7)}}}})
		nr := 1 + (i/4)%4 // 1 to 4 routes, in turn for every peer
		var routes []bgp.Route
		for j := 0; j < nr; j++ {
			k := i*4 + j
			var pfx netip.Prefix
			if p.v6 {
				pfx = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(k >> 16), byte(k >> 8), byte(k)}), 48)
			} else {
				pfx = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(1 + k>>16), byte(k >> 8), byte(k), 0}), 24)
			}
			routes = append(routes, bgp.Route{Prefix: pfx, PathID: uint32(100 + j)})
		}
		if p.v6 {
			b.MPReach(bgp.IPv6Unicast, netip.MustParseAddr("2001:db8::1"), routes...)
		} else {
			b.NextHop(netip.MustParseAddr("192.0.2.1"))
		}
		b.MED(uint32(i))
		b.Communities(bgp.Community(0xfde80000 | uint32(i%100)))
		if !p.v6 {
			for _, r := range routes {
				b.Announce(r)
			}
		}
		upd, err := b.Finish()
		if err != nil {
			tb.Fatal(err)
		}
		buf = upd
		if err := bw.Write(RouteMonitoring{Peer: p.h, BGP: upd}); err != nil {
			tb.Fatal(err)
		}
	}
	return w.Bytes(), n + 1 + len(peers)
}

// BenchmarkFullTable reads a 100k-UPDATE stream through Reader, ParseMessage
// and Peers, walking every announced route.
func BenchmarkFullTable(b *testing.B) {
	stream, msgs := fullTableStream(b, 100000)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	var routes, fallbacks int
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	start := time.Now()
	for b.Loop() {
		routes, fallbacks = 0, 0
		p := NewPeers(0)
		r := NewReader(bytes.NewReader(stream))
		for msg := range framed(b, r) {
			v, err := ParseMessage(msg)
			if err != nil {
				b.Fatal(err)
			}
			switch v.Type() {
			case MsgPeerUp:
				pu, _ := v.PeerUp()
				p.PeerUp(pu)
			case MsgRouteMonitoring:
				rm, _ := v.RouteMonitoring()
				u, rd, err := p.ReadUpdate(rm)
				if err != nil || !rd.Clean {
					b.Fatalf("%v %+v", err, rd)
				}
				if rd.Fallback != 0 {
					fallbacks++
				}
				for range u.Announced() {
					routes++
				}
			}
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms)
	total := float64(msgs) * float64(b.N)
	b.ReportMetric(total/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/total, "allocs/msg")
	if routes != 250000 || fallbacks != 25000 {
		b.Fatalf("%d routes, %d fallbacks", routes, fallbacks)
	}
}

// benchRM is the Route Monitoring the per-message benchmarks read, an
// UPDATE of a known global peer, and the Peers to read it with.
func benchRM(b *testing.B) (*Peers, []byte) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 64501)
	msg := rmMsg(b, h, updateMsg(b, as4, []uint32{64501, 3356, 4200000000}, noIDs(v4routes), nil))
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	return NewPeers(0), msg
}

// BenchmarkRouteMonitoring reads one Route Monitoring of a known peer
// (ParseRouteMonitoring, Peers, route walk).
func BenchmarkRouteMonitoring(b *testing.B) {
	p, msg := benchRM(b)
	for b.Loop() {
		v, err := ParseRouteMonitoring(msg)
		if err != nil {
			b.Fatal(err)
		}
		u, _, err := p.ReadUpdate(v)
		if err != nil {
			b.Fatal(err)
		}
		for range u.Announced() {
		}
	}
}

// BenchmarkDecodeMessage decodes and re-encodes a Peer Up (owned values).
func BenchmarkDecodeMessage(b *testing.B) {
	msg := unhex(b, "03 00000096 03"+vecPeer+"00000000 00000000 00000000 c00002fe 00b3 9c40"+vecOpenSent+vecOpenRcvd+"0000 0004 70656572")
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		m, err := DecodeMessage(msg)
		if err != nil {
			b.Fatal(err)
		}
		out, _ = m.Append(out[:0])
	}
}

// BenchmarkRouteMonitoringDecode is BenchmarkRouteMonitoring through
// Peers.Decode: every attribute and route into a reused bgp.UpdateValues.
func BenchmarkRouteMonitoringDecode(b *testing.B) {
	p, msg := benchRM(b)
	var (
		d bgp.UpdateValues
		r Reading
	)
	for b.Loop() {
		v, err := ParseRouteMonitoring(msg)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Decode(v, &d, &r); err != nil || len(d.NLRI) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkReaderSources frames the 100k-UPDATE stream alone, from each
// kind of source: an io.Reader (its octets read into the Reader's
// buffer), a *bufio.Reader (framed in its buffer) and the bytes
// themselves (NewBytesReader).
func BenchmarkReaderSources(b *testing.B) {
	stream, msgs := fullTableStream(b, 100000)
	for _, src := range []string{"reader", "bufio", "bytes"} {
		b.Run(src, func(b *testing.B) {
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				var r *Reader
				switch src {
				case "reader":
					r = NewReader(bytes.NewReader(stream))
				case "bufio":
					r = NewReader(bufio.NewReaderSize(bytes.NewReader(stream), 64<<10))
				default:
					r = NewBytesReader(stream)
				}
				n := 0
				for {
					_, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != msgs {
					b.Fatalf("%d messages of %d", n, msgs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(msgs), "ns/msg")
		})
	}
}
