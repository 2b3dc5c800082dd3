package bgp_test

import (
	"encoding/hex"
	"fmt"
	"net/netip"

	"github.com/bgplens/bgplens/bgp"
)

// An OPEN from a 4-octet AS speaker: AS_TRANS in My AS, the real AS in
// capability 65, and ADD-PATH for IPv4 unicast.
const exampleOpen = "ffffffffffffffffffffffffffffffff" + "0039" + "01" +
	"04" + "5ba0" + "00b4" + "c0000201" + "1c" +
	"0206010400010001" + // Multiprotocol IPv4 unicast
	"02020200" + // Route Refresh
	"02064104fa56ea00" + // 4-octet AS 4200000000
	"0206450400010103" // ADD-PATH IPv4 unicast send/receive

func ExampleParseOpen() {
	msg, _ := hex.DecodeString(exampleOpen)
	v, err := bgp.ParseOpen(msg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("my AS", v.MyAS(), "AS", v.AS(), "hold", v.HoldTime(), "id", v.BGPIdentifier())
	for c := range v.Capabilities() {
		fmt.Printf("offset %d: %v", c.Off, c.Code)
		switch c.Code {
		case bgp.CapCodeMultiprotocol:
			f, _ := c.Multiprotocol()
			fmt.Print(" ", f)
		case bgp.CapCodeAddPath:
			a, _ := c.AddPath()
			for e := range a.All() {
				fmt.Print(" ", e.Family, " ", e.Mode)
			}
		}
		fmt.Println()
	}
	// Output:
	// my AS 23456 AS 4200000000 hold 180 id 192.0.2.1
	// offset 31: Multiprotocol Extensions IPv4 Unicast
	// offset 39: Route Refresh
	// offset 43: 4-octet AS
	// offset 51: ADD-PATH IPv4 Unicast send/receive
}

func ExampleParseOpen_error() {
	// Hold Time 1: RFC 4271 §6.2 says to reject it. The view is still
	// complete, so the OPEN can be shown.
	msg, _ := hex.DecodeString("ffffffffffffffffffffffffffffffff001d01" + "04fde90001c000020100")
	v, err := bgp.ParseOpen(msg)
	fmt.Println(err)
	fmt.Println(v.Framed(), v.MyAS())
	// Output:
	// bgp: offset 22: OPEN Message Error/Unacceptable Hold Time (session-reset): Hold Time of 1 or 2 seconds
	// true 65001
}

func ExampleNewOpen() {
	o := bgp.NewOpen(4200000000, 90, netip.MustParseAddr("192.0.2.1"),
		bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv6Unicast}),
		bgp.NewCapability(bgp.CapRouteRefresh{}),
	)
	msg, err := o.Append(nil, bgp.Session{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hex.EncodeToString(msg[bgp.HeaderLen:]))
	// Output:
	// 045ba0005ac00002011402060104000200010202020002064104fa56ea00
}

func ExampleNegotiate() {
	id := netip.MustParseAddr("192.0.2.1")
	sent := bgp.NewOpen(65001, 90, id,
		bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{{Family: bgp.IPv4Unicast, Mode: bgp.AddPathReceive}}}))
	received := bgp.NewOpen(65002, 90, id,
		bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{{Family: bgp.IPv4Unicast, Mode: bgp.AddPathBoth}}}))
	in := bgp.Negotiate(sent, received, bgp.Receive)
	out := bgp.Negotiate(sent, received, bgp.Send)
	fmt.Println("receive: AS4", in.AS4, "ADD-PATH IPv4", in.AddPath(bgp.IPv4Unicast))
	fmt.Println("send:    AS4", out.AS4, "ADD-PATH IPv4", out.AddPath(bgp.IPv4Unicast))
	fmt.Println(bgp.NegotiatedFamilies(sent, received))
	// Output:
	// receive: AS4 true ADD-PATH IPv4 true
	// send:    AS4 true ADD-PATH IPv4 false
	// [IPv4 Unicast]
}
