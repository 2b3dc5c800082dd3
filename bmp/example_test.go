package bmp_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

func fromHex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

// A Route Monitoring message (RFC 7854 §4.6): common header, per-peer
// header, and an UPDATE announcing 10.0.0.0/24 with a 4-octet AS_PATH.
var exampleRM = fromHex(`
	03 0000006a 00
	00 00 0000000000000000 00000000 00000000 00000000 c0000201 0000fdea c0000201 5f5e1000 00000000
	ffffffffffffffffffffffffffffffff 003a 02 0000 001f
	40 01 01 00
	40 02 0a 02 02 0000fdea 0000fde9
	40 03 04 c0000201
	80 04 04 00000064
	18 0a0000`)

func ExampleParseMessage() {
	v, err := bmp.ParseMessage(exampleRM)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, _ := v.Peer()
	fmt.Println(v.Type(), h.Address, "AS", h.AS, h.RIB())
	rm, _ := v.RouteMonitoring()
	u, err := rm.Update(bgp.Session{AS4: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for f, r := range u.Announced() {
		fmt.Println(f, r.Prefix)
	}
	// Output:
	// Route Monitoring 192.0.2.1 AS 65002 adj-rib-in-pre
	// IPv4 Unicast 10.0.0.0/24
}

func ExampleReader() {
	stream := bytes.NewReader(append(fromHex("03 0000000e 04 0002 0004 72746131"), exampleRM...))
	r := bmp.NewReader(stream)
	for {
		msg, err := r.Next() // valid until the next call
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		h, _ := bmp.ParseHeader(msg)
		fmt.Println(r.Offset(), h.Type, h.Length)
	}
	// A stream that does not start with a BMP header cannot be read.
	_, err := bmp.NewReader(strings.NewReader("GET / HTTP/1.1\r\n")).Next()
	fmt.Println(err)
	// Output:
	// 0 Initiation 14
	// 14 Route Monitoring 106
	// bmp: stream offset 0: bmp: offset 0: unsupported BMP version (3 and 4 are read)
}

func ExamplePeers() {
	// A Peer Up whose OPENs negotiate ADD-PATH for IPv4 unicast, from a
	// router that then leaves the path identifiers out (as FRR 8.4 does).
	peer := bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.1"), AS: 65002, BGPID: netip.MustParseAddr("192.0.2.1")}
	ap := func(m bgp.AddPathMode) bgp.Capability {
		return bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{{Family: bgp.IPv4Unicast, Mode: m}}})
	}
	sent, _ := bgp.NewOpen(65001, 90, netip.MustParseAddr("192.0.2.254"), ap(bgp.AddPathReceive)).Append(nil, bgp.Session{})
	rcvd, _ := bgp.NewOpen(65002, 90, netip.MustParseAddr("192.0.2.1"), ap(bgp.AddPathSend)).Append(nil, bgp.Session{})
	up, _ := bmp.PeerUp{Peer: peer, LocalAddress: netip.MustParseAddr("192.0.2.254"), SentOpen: sent, ReceivedOpen: rcvd}.Append(nil)

	p := bmp.NewPeers(0)
	pu, _ := bmp.ParsePeerUp(up)
	fmt.Println("mismatches:", len(p.PeerUp(pu)))

	rm, _ := bmp.ParseRouteMonitoring(exampleRM)
	u, r, err := p.ReadUpdate(rm)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("expected ADD-PATH:", r.Expected.AddPath(bgp.IPv4Unicast), "read with:", r.Session.AddPath(bgp.IPv4Unicast), "fallback:", r.Fallback)
	for _, route := range u.Announced() {
		fmt.Println(route.Prefix, route.PathID)
	}
	st, _ := p.Stats(r.Peer)
	fmt.Printf("%+v\n", st)
	// Output:
	// mismatches: 0
	// expected ADD-PATH: true read with: false fallback: add-path
	// 10.0.0.0/24 0
	// {Messages:1 NoPeerUp:0 FallbackAS4:0 FallbackAddPath:1 Inconsistent:0 Unframed:0 AFlagMismatch:0 RouteRefresh:0}
}

func ExamplePeers_Decode() {
	// The Route Monitoring of the Peers example, read by a program that
	// uses every value: one bgp.UpdateValues and one Reading serve the
	// whole stream.
	p := bmp.NewPeers(0)
	var (
		d bgp.UpdateValues
		r bmp.Reading
	)
	rm, _ := bmp.ParseRouteMonitoring(exampleRM)
	if err := p.Decode(rm, &d, &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Peer.Address, "clean:", r.Clean, "AS_PATH:", d.ASPath)
	for _, route := range d.NLRI {
		fmt.Println("announce", route.Prefix)
	}
	// Output:
	// 192.0.2.1 clean: true AS_PATH: 65002 65001
	// announce 10.0.0.0/24
}
