package bgp_test

import (
	"fmt"

	"github.com/bgplens/bgplens/bgp"
)

func ExampleAttrView_Communities() {
	// COMMUNITIES: optional transitive, type 8, length 8, then 65000:100
	// and NO_EXPORT.
	b := []byte{0xc0, 0x08, 0x08, 0xfd, 0xe8, 0x00, 0x64, 0xff, 0xff, 0xff, 0x01}
	a, err := bgp.ParseAttr(b)
	if err != nil {
		panic(err)
	}
	cs, err := a.Communities()
	if err != nil {
		panic(err)
	}
	for i := range cs.Len() {
		fmt.Printf("octets %d-%d: %v\n", cs.Off(i), cs.Off(i)+3, cs.At(i))
	}
	// Output:
	// octets 3-6: 65000:100
	// octets 7-10: NO_EXPORT
}

func ExampleParseCommunity() {
	for _, s := range []string{"65000:100", "no-export", "BLACKHOLE"} {
		c, err := bgp.ParseCommunity(s)
		if err != nil {
			panic(err)
		}
		if _, ref, ok := c.WellKnown(); ok {
			fmt.Printf("%#08x %v (%s)\n", uint32(c), c, ref)
		} else {
			fmt.Printf("%#08x %v\n", uint32(c), c)
		}
	}
	// Output:
	// 0xfde80064 65000:100
	// 0xffffff01 NO_EXPORT (RFC 1997)
	// 0xffff029a BLACKHOLE (RFC 7999)
}

func ExampleParseExtCommunity() {
	for _, s := range []string{"rt:65000:100", "soo:192.0.2.1:7", "rt:4200000000:100", "color:100"} {
		c, err := bgp.ParseExtCommunity(s)
		if err != nil {
			panic(err)
		}
		fmt.Printf("% x  %-17v %s, transitive %v\n", c[:], c, c.Name(), c.Transitive())
	}
	// Output:
	// 00 02 fd e8 00 00 00 64  rt:65000:100      Route Target, transitive true
	// 01 03 c0 00 02 01 00 07  soo:192.0.2.1:7   Route Origin, transitive true
	// 02 02 fa 56 ea 00 00 64  rt:4200000000:100 Route Target, transitive true
	// 03 0b 00 00 00 00 00 64  color:100         Color, transitive true
}

func ExampleParseLargeCommunity() {
	c, err := bgp.ParseLargeCommunity("4200000000:100:2")
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", c.AppendBinary(nil))
	// Output:
	// fa 56 ea 00 00 00 00 64 00 00 00 02
}

func ExampleAttrView_Aggregator() {
	// AGGREGATOR in the 4-octet form (RFC 6793): AS 197357, 91.220.63.1.
	b := []byte{0xc0, 0x07, 0x08, 0x00, 0x03, 0x02, 0xed, 91, 220, 63, 1}
	a, _ := bgp.ParseAttr(b)
	// An explainer that does not know the session guesses from the length.
	as4, ok := a.AggregatorForm()
	fmt.Println(as4, ok)
	g, err := a.Aggregator(as4)
	fmt.Println(g, err)
	// Read as on a session without 4-octet AS numbers, it is malformed.
	_, err = a.Aggregator(false)
	fmt.Println(err)
	// Output:
	// true true
	// 197357 91.220.63.1 <nil>
	// bgp: offset 0: UPDATE Message Error/Attribute Length Error (attribute-discard) in AGGREGATOR: AGGREGATOR length does not match the session's AS width
}

func ExampleAttrView_AIGP() {
	// AIGP: optional non-transitive, type 26, length 11, one AIGP TLV
	// (type 1, length 11) with the metric 100 (RFC 7311 §3).
	b := []byte{0x80, 0x1a, 0x0b, 0x01, 0x00, 0x0b, 0, 0, 0, 0, 0, 0, 0, 100}
	a, _ := bgp.ParseAttr(b)
	v, err := a.AIGP()
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Metric())
	// Output:
	// 100 true
}
