package mrtbgp_test

import (
	"fmt"
	"os"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// Read every RIB entry of a TABLE_DUMP_V2 dump into bgp.UpdateValues:
// the abbreviated MP_REACH_NLRI of RFC 6396 §4.3.4 comes back whole, with
// the record's prefix as its route.
func ExampleRIBReader() {
	f, err := os.Open("../../testdata/mrt/mrtparse/samples/quagga_rib")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r, _ := mrt.NewReader(f)
	var rr mrtbgp.RIBReader // reuse it: no allocation per entry once warm
	for rec := range r.Records() {
		if rec.Kind() != mrt.KindRIB || rec.Subtype != 4 { // RIB_IPV6_UNICAST
			continue
		}
		rib, _ := rec.RIB()
		for _, e := range rib.All() {
			if err := rr.Entry(&rib, e); err != nil {
				panic(err)
			}
			nh, _, _, _ := rr.V.MPReach.NextHops()
			fmt.Println(rr.V.MPReach.Routes[0].Prefix, "via", nh, "path", rr.V.ASPath)
		}
		break
	}
	// Output:
	// fd01:1::/64 via fd02::10 path 4200000000 4200000000 4200000000 64512 64512 64512
	// fd01:1::/64 via ::ffff:192.168.0.10 path 4200000000 4200000000 4200000000 64512 64512 64512
}

// Read the UPDATE of a BGP4MP record with the session its subtype
// implies, or the one the octets fit (Path Identifiers written before RFC
// 8050 into subtypes that do not announce them).
func ExampleDecodeUpdate() {
	f, err := os.Open("../../testdata/mrtparse/samples/bird_bgp")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r, _ := mrt.NewReader(f)
	var d bgp.UpdateValues
	for rec := range r.Records() {
		if rec.Kind() != mrt.KindBGP4MPMessage {
			continue
		}
		v, _ := rec.BGP4MP()
		msg, ok := mrtbgp.Message(v, nil)
		if !ok || msg[bgp.OffType] != byte(bgp.MsgUpdate) {
			continue
		}
		rd, err := mrtbgp.DecodeUpdate(&d, msg, mrtbgp.Session(v))
		if err != nil || len(d.NLRI) == 0 {
			continue
		}
		fmt.Println(rec.SubtypeName(), "fallback:", rd.Fallback, "first route:", d.NLRI[0].Prefix, "path id", d.NLRI[0].PathID)
		break
	}
	// Output:
	// MESSAGE_AS4 fallback: true first route: 172.17.0.0/24 path id 2
}
