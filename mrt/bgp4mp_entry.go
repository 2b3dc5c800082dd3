package mrt

import (
	"encoding/binary"
	"net/netip"
)

// BGP4MPEntry is a BGP4MP ENTRY record: one route of one peer, with the
// BGP4MP peer header, as the MRT drafts before RFC 6396 defined it and
// OpenBGPD's `dump table-mp` still writes it. Attributes use 2-octet AS
// numbers. Read by RecordView.BGP4MPEntry, NextHop, NLRI and Attrs alias
// the record.
type BGP4MPEntry struct {
	Peer       BGP4MP // the peer header: PeerAS, LocalAS, IfIndex, AFI, PeerIP, LocalIP
	ViewNumber uint16
	Status     uint16
	Originated uint32 // the time of the route's last change
	AFI        uint16 // the route's family
	SAFI       uint8
	NextHop    []byte // the Next Hop field, without its length octet
	NLRI       []byte // Prefix Length and Prefix as written
	Prefix     netip.Prefix
	Attrs      []byte
	AttrsOff   int
}

// BGP4MPEntry reads a BGP4MP ENTRY record.
func (r RecordView) BGP4MPEntry() (BGP4MPEntry, error) {
	var v BGP4MPEntry
	if r.Kind() != KindBGP4MPEntry {
		return v, errAt(OffType, "not a BGP4MP ENTRY record")
	}
	c := cursor{b: r.Body, base: r.bodyOff()}
	readBGP4MPPeer(&c, &v.Peer)
	v.ViewNumber = c.u16("BGP4MP ENTRY cut short in the View Number")
	v.Status = c.u16("BGP4MP ENTRY cut short in the Status")
	v.Originated = c.u32("BGP4MP ENTRY cut short in the Time Last Change")
	v.AFI = c.u16("BGP4MP ENTRY cut short in the Address Family")
	v.SAFI = c.u8("BGP4MP ENTRY cut short in the SAFI")
	v.NextHop = c.bytes(int(c.u8("BGP4MP ENTRY cut short in the Next Hop Length")), "BGP4MP ENTRY Next Hop runs past the end of the record")
	if c.err != nil {
		return v, c.err
	}
	n, ok := nlriLen(c.rest())
	if !ok {
		return v, errAt(c.off(), "BGP4MP ENTRY prefix runs past the end of the record")
	}
	v.NLRI = c.bytes(n, "")
	v.Prefix = prefixOf(v.NLRI, v.AFI)
	alen := int(c.u16("BGP4MP ENTRY cut short in the Attribute Length"))
	v.AttrsOff = c.off()
	v.Attrs = c.bytes(alen, "BGP4MP ENTRY attributes run past the end of the record")
	if c.err != nil {
		return v, c.err
	}
	if c.i != len(c.b) {
		return v, errAt(c.off(), "octets after the BGP4MP ENTRY")
	}
	return v, nil
}

func (v *BGP4MPEntry) appendTo(dst []byte, h Header) ([]byte, error) {
	if h.Kind() != KindBGP4MPEntry {
		return dst, errKind
	}
	if len(v.NextHop) > 0xff || len(v.Attrs) > 0xffff || len(v.NLRI) == 0 {
		return dst, errTooLong
	}
	dst, err := v.Peer.appendPeerHeader(dst)
	if err != nil {
		return dst, err
	}
	dst = binary.BigEndian.AppendUint16(dst, v.ViewNumber)
	dst = binary.BigEndian.AppendUint16(dst, v.Status)
	dst = binary.BigEndian.AppendUint32(dst, v.Originated)
	dst = binary.BigEndian.AppendUint16(dst, v.AFI)
	dst = append(dst, v.SAFI, byte(len(v.NextHop)))
	dst = append(dst, v.NextHop...)
	dst = append(dst, v.NLRI...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(v.Attrs)))
	return append(dst, v.Attrs...), nil
}
