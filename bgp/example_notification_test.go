package bgp_test

import (
	"encoding/hex"
	"fmt"

	"github.com/bgplens/bgplens/bgp"
)

// A NOTIFICATION copied from a router log: the peer rejected an AGGREGATOR
// attribute whose flags were wrong, and sent the attribute back as data.
func ExampleDecodeNotification() {
	msg, _ := hex.DecodeString("ffffffffffffffffffffffffffffffff" + "0020" + "03" + "0304" + "e0070800" + "0302ed5bdc3f01")
	n, err := bgp.DecodeNotification(msg, bgp.Session{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)
	kind, ref := n.DataKind()
	fmt.Println(kind, ref)
	a, _ := bgp.ParseAttr(n.Data)
	fmt.Println(a.Type, a.Flags, len(a.Value))
	// Output:
	// UPDATE Message Error/Attribute Flags Error (3/4): attribute AGGREGATOR [optional|transitive|partial] length 8 value 000302ed5bdc3f01
	// attribute RFC 4271 §6.3
	// AGGREGATOR optional|transitive|partial 8
}

// Building a Cease/Administrative Shutdown with a Shutdown Communication,
// then reading the communication back from the data field.
func ExampleParseShutdownCommunication() {
	data, err := bgp.AppendShutdownCommunication(nil, "[TICKET-42] upgrade, back in 2h")
	if err != nil {
		fmt.Println(err)
		return
	}
	n := bgp.NewNotification(bgp.CodeCease, bgp.SubAdministrativeShutdown, data)
	msg, _ := n.Append(nil, bgp.Session{})
	fmt.Println(len(msg), n)

	text, _, err := bgp.ParseShutdownCommunication(n.Data)
	fmt.Printf("%q %v\n", text, err)

	// Invalid UTF-8 is reported, not interpreted (RFC 9003 §2).
	_, _, err = bgp.ParseShutdownCommunication([]byte{2, 0xc3, 0x28})
	fmt.Println(err)
	// Output:
	// 53 Cease/Administrative Shutdown (6/2): "[TICKET-42] upgrade, back in 2h"
	// "[TICKET-42] upgrade, back in 2h" <nil>
	// bgp: offset 1: Cease/Administrative Shutdown (none): shutdown communication is not valid UTF-8
}

// A Hard Reset carries the notification that caused it (RFC 8538 §3).
func ExampleParseHardReset() {
	n := bgp.NewHardReset(bgp.NewNotification(bgp.CodeHoldTimerExpired, 0, nil))
	fmt.Println(n)
	inner, _ := bgp.ParseHardReset(n.Data)
	fmt.Println(inner.Code)
	// Output:
	// Cease/Hard Reset (6/9): Hold Timer Expired (4/0)
	// Hold Timer Expired
}

// The explainer switches on the data kind of a code/subcode.
func ExampleDataKindOf() {
	for _, c := range [][2]uint8{{6, 1}, {6, 2}, {2, 7}, {7, 1}, {4, 0}} {
		kind, ref := bgp.DataKindOf(bgp.Code(c[0]), c[1])
		fmt.Printf("%d/%d %s (%s)\n", c[0], c[1], kind, ref)
	}
	// Output:
	// 6/1 max-prefixes (RFC 4486 §4)
	// 6/2 shutdown-communication (RFC 9003 §2)
	// 2/7 capabilities (RFC 5492 §5)
	// 7/1 message (RFC 7313 §5)
	// 4/0 none (RFC 4271 §6.5)
}

// A BoRR (RFC 7313) round trip, and the error a BoRR of the wrong length
// earns.
func ExampleDecodeRouteRefresh() {
	r := bgp.RouteRefresh{Family: bgp.IPv6Unicast, Subtype: bgp.RefreshBoRR}
	msg, _ := r.Append(nil, bgp.Session{})
	fmt.Println(hex.EncodeToString(msg))
	got, _ := bgp.DecodeRouteRefresh(msg, bgp.Session{})
	fmt.Println(got)

	bad := append(msg, 0)
	bad[bgp.OffLength+1]++
	_, err := bgp.DecodeRouteRefresh(bad, bgp.Session{})
	fmt.Println(err)
	// Output:
	// ffffffffffffffffffffffffffffffff00170500020101
	// BoRR IPv6 Unicast
	// bgp: offset 16: ROUTE-REFRESH Message Error/Invalid Message Length (session-reset): BoRR or EoRR longer than 23 octets
}

func ExampleDecodeKeepalive() {
	msg := make([]byte, 0, bgp.HeaderLen)
	msg, _ = bgp.Keepalive{}.Append(msg, bgp.Session{})
	_, err := bgp.DecodeKeepalive(msg)
	fmt.Println(len(msg), err)
	// Output:
	// 19 <nil>
}

// A code type of one's own reads like the package's: its name from a
// table, or the type's name and the number.
func ExampleCodeName() {
	type Color uint8
	names := []string{1: "RED", 2: "GREEN"}
	fmt.Println(bgp.CodeName(names, Color(2), "Color"), bgp.CodeName(names, Color(7), "Color"))
	fmt.Println(bgp.AttrType(2), bgp.AttrType(250))
	// Output:
	// GREEN Color(7)
	// AS_PATH AttrType(250)
}
