package explain_test

import (
	"fmt"
	"os"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/explain"
)

// A router's log line is explained as pasted: the octets are found among
// the words, framed as a message and checked.
func ExampleLine() {
	x := explain.Line(`%BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 3/11 (malformed AS path) 0 bytes`,
		explain.Options{Session: bgp.Session{AS4: true}})
	li := x.Line
	fmt.Println(li.Direction, li.Neighbor)
	fmt.Println(li.Error)
	// Output:
	// received 192.0.2.1
	// UPDATE Message Error / Malformed AS_PATH (3/11), RFC 4271 §6.3
}

// Every field of a message is a Node with its offset, length, value and
// RFC reference; WriteText prints the same tree as an annotated dump.
func ExampleBGP() {
	keepalive := []byte{
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x13, 0x04,
	}
	x := explain.BGP(keepalive, explain.Options{})
	for _, n := range x.Messages[0].Leaves() {
		fmt.Printf("%2d +%-2d %-6s %v\n", n.Off, n.Len, n.Name, n.Value)
	}
	// Output:
	//  0 +16 marker <nil>
	// 16 +2  length 19
	// 18 +1  type   4
	// 19 +0  body   <nil>
}

// An UPDATE that breaks a rule gets an error that names the NOTIFICATION a
// speaker would send and the action RFC 7606 takes instead.
func ExampleHex() {
	// ORIGIN with the value 3, which RFC 4271 does not define.
	b, _ := explain.ParseHex("ffffffffffffffffffffffffffffffff 002f 02 0000 0014 40010103 400206020100000001 400304c0000201 18c63364")
	x := explain.Hex(b, "", explain.Options{Session: bgp.Session{AS4: true}})
	for _, e := range x.Errors {
		fmt.Printf("offset %d: %s, %s\n", e.Offset, e.Name, e.Action)
	}
	// Output:
	// offset 23: UPDATE Message Error/Invalid ORIGIN Attribute, treat-as-withdraw
}

// WriteText prints the tree as an annotated hex dump, one field a line.
func ExampleWriteText() {
	x := explain.BGP([]byte{
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x15, 0x03, 0x06, 0x02,
	}, explain.Options{})
	explain.WriteText(os.Stdout, x, explain.TextOptions{})
	// Output:
	// BGP NOTIFICATION message, 21 octets at offset 0: Cease / Administrative Shutdown (6/2)
	// 0000                                                   header
	// 0000  ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff    marker  all ones, as RFC 4271 requires  [RFC 4271 §4.1]
	// 0010  00 15                                              length = 21  total message length in octets, header included  [RFC 4271 §4.1]
	// 0012  03                                                 type = 3  NOTIFICATION  [RFC 4271 §4.1]
	// 0013                                                   notification
	// 0013  06                                                 error_code = 6  Cease  [RFC 4271 §4.5, §6.7]
	// 0014  02                                                 error_subcode = 2  Administrative Shutdown  [RFC 4486 §4, RFC 9003]
	// 0015                                                     data  no Shutdown Communication  [RFC 9003 §2]
}
