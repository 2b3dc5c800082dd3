package mrt_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/bgplens/bgplens/mrt"
)

// Read a TABLE_DUMP_V2 dump: the PEER_INDEX_TABLE names the peers, each
// RIB record holds one prefix and an entry per peer that has it.
func ExampleReader() {
	f, err := os.Open("../testdata/mrt/mrtparse/samples/quagga_rib")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r, err := mrt.NewReader(f) // gzip and bzip2 are recognised by their magic
	if err != nil {
		panic(err)
	}
	var peers []mrt.Peer
	for rec := range r.Records() {
		switch rec.Kind() {
		case mrt.KindPeerIndex:
			t, _ := rec.PeerIndex()
			peers = t.Peers
		case mrt.KindRIB:
			rib, _ := rec.RIB()
			for _, e := range rib.All() {
				p := peers[e.PeerIndex]
				fmt.Println(rec.SubtypeName(), rib.Prefix, "from", p.IP, "AS", p.AS, len(e.Attrs), "octets of attributes")
			}
		}
	}
	if err := r.Err(); err != nil {
		panic(err) // a *mrt.StreamError: the offset of the record cut short
	}
	// Output:
	// RIB_IPV4_UNICAST 172.17.0.0/24 from 192.168.0.10 AS 65000 70 octets of attributes
	// RIB_IPV4_UNICAST 172.17.1.0/24 from 192.168.0.10 AS 65000 70 octets of attributes
	// RIB_IPV4_UNICAST 172.17.2.0/24 from 192.168.0.10 AS 65000 70 octets of attributes
	// RIB_IPV6_UNICAST fd01:1::/64 from fd02::10 AS 65000 112 octets of attributes
	// RIB_IPV6_UNICAST fd01:1::/64 from 192.168.0.10 AS 65000 96 octets of attributes
	// RIB_IPV6_UNICAST fd01:1:1::/64 from fd02::10 AS 65000 112 octets of attributes
	// RIB_IPV6_UNICAST fd01:1:1::/64 from 192.168.0.10 AS 65000 96 octets of attributes
	// RIB_IPV6_UNICAST fd01:1:2::/64 from fd02::10 AS 65000 112 octets of attributes
	// RIB_IPV6_UNICAST fd01:1:2::/64 from 192.168.0.10 AS 65000 96 octets of attributes
}

// Decode a record into an owned value, change it, and write it back.
func ExampleRecord_Append() {
	b, err := os.ReadFile("../testdata/mrt/mrtparse/samples/quagga_rib")
	if err != nil {
		panic(err)
	}
	_, rest, _ := mrt.SplitRecord(b) // the PEER_INDEX_TABLE
	view, _, err := mrt.SplitRecord(rest)
	if err != nil {
		panic(err)
	}
	rec, err := view.Decode()
	if err != nil {
		panic(err)
	}
	out, _ := rec.Append(nil)
	fmt.Println("same octets:", bytes.Equal(out, view.Raw))

	rib := rec.Body.(*mrt.RIB)
	rib.Entries = rib.Entries[:0] // drop the entries
	out, _ = rec.Append(nil)
	fmt.Println(len(view.Raw), "->", len(out), "octets")
	// Output:
	// same octets: true
	// 100 -> 22 octets
}
