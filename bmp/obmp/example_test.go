package obmp_test

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bmp/obmp"
)

// Frame a BMP message as OpenBMP's raw topic carries it, then read it back
// as a consumer of that topic does.
func ExampleForRouter() {
	// A BMP Initiation with no TLVs: version 3, length 6, type 4.
	msg := []byte{3, 0, 0, 0, 6, 4}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	h := obmp.ForRouter("collector-1", netip.MustParseAddr("192.0.2.1"), "", at)
	rec := append(h.Append(nil, len(msg)), msg...)

	got, body, rest, err := obmp.Parse(rec)
	if err != nil {
		panic(err)
	}
	fmt.Println(got.AdminID, got.RouterAddr, got.Time.UTC().Format(time.RFC3339))
	fmt.Printf("header %d octets, BMP message %x, %d octets after it\n", got.Len(), body, len(rest))
	fmt.Println(got.RouterHash == obmp.RouterHash(netip.MustParseAddr("192.0.2.1")))
	// Output:
	// collector-1 192.0.2.1 2026-12-07T10:00:00Z
	// header 89 octets, BMP message 030000000604, 0 octets after it
	// true
}
