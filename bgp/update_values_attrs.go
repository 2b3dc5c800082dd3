package bgp

import (
	"encoding/binary"
	"net/netip"
)

// The value decoders of UpdateValues.fastRun's cases, one per form of
// value, each small enough to be inlined there: ok is false when the value
// is not of the form Check accepts (the long way then describes it).

func originOf(v []byte) (Origin, bool) {
	if len(v) != 1 || v[0] > byte(OriginIncomplete) {
		return 0, false
	}
	return Origin(v[0]), true
}

func uint32Of(v []byte) (uint32, bool) {
	if len(v) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(v), true
}

func addr4Of(v []byte) (netip.Addr, bool) {
	if len(v) != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(v)), true
}

// aggregatorAS reads AGGREGATOR's AS number with the session's AS
// width; ok is false for another length and for AS 0, which is malformed
// (RFC 7607 §2). The address is the value's last 4 octets.
func aggregatorAS(v []byte, as4 bool) (as uint32, ok bool) {
	switch {
	case as4 && len(v) == 8:
		as = binary.BigEndian.Uint32(v)
	case !as4 && len(v) == 6:
		as = uint32(binary.BigEndian.Uint16(v))
	}
	return as, as != 0
}

// The lists: a non-empty multiple of the entry size, decoded into the
// storage of cs, which has room for them (fastRun's cases test it, and
// fastCall makes it).

func communitiesOf(cs Communities, v []byte) (Communities, bool) {
	if len(v) == 0 || len(v)&3 != 0 {
		return cs, false
	}
	cs = cs[:len(v)/4]
	v = v[:4*len(cs)] // for the compiler: no bounds check in the loop
	for i := range cs {
		cs[i] = Community(binary.BigEndian.Uint32(v[4*i : 4*i+4]))
	}
	return cs, true
}

func clusterListOf(ids ClusterList, v []byte) (ClusterList, bool) {
	if len(v) == 0 || len(v)&3 != 0 {
		return ids, false
	}
	ids = ids[:len(v)/4]
	for i := range ids { // sliding: small enough to be inlined
		ids[i] = netip.AddrFrom4([4]byte(v))
		v = v[4:]
	}
	return ids, true
}

func extCommunitiesOf(cs ExtCommunities, v []byte) (ExtCommunities, bool) {
	if len(v) == 0 || len(v)&7 != 0 {
		return cs, false
	}
	cs = cs[:len(v)/8]
	v = v[:8*len(cs)]
	for i := range cs {
		cs[i] = ExtCommunity(v[8*i : 8*i+8])
	}
	return cs, true
}

func largeCommunitiesOf(cs LargeCommunities, v []byte) (LargeCommunities, bool) {
	if len(v) == 0 || len(v)%12 != 0 {
		return cs, false
	}
	cs = cs[:len(v)/12]
	v = v[:12*len(cs)]
	for i := range cs {
		w := v[12*i : 12*i+12]
		cs[i] = LargeCommunity{binary.BigEndian.Uint32(w), binary.BigEndian.Uint32(w[4:]), binary.BigEndian.Uint32(w[8:])}
	}
	return cs, true
}
