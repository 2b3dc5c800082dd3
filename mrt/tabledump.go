package mrt

import (
	"encoding/binary"
	"iter"
	"net/netip"
)

// TableDump is one TABLE_DUMP entry (RFC 6396 §4.2): a route of one peer,
// its attributes read with 2-octet AS numbers. As a view (RecordView.
// TableDump) Attrs aliases the record; DecodeRecord copies it.
type TableDump struct {
	ViewNumber uint16
	Sequence   uint16
	Prefix     netip.Prefix // the address as written, bits past the length included
	Status     uint8        // unused, 1 by the RFC
	Originated uint32       // when the route was received, seconds since 1970
	PeerIP     netip.Addr
	PeerAS     uint16
	Attrs      []byte // the BGP path attributes
	AttrsOff   int    // offset of Attrs in the record
}

// TableDump reads the record's body as a TABLE_DUMP entry.
func (r RecordView) TableDump() (TableDump, error) {
	var v TableDump
	if r.Kind() != KindTableDump {
		return v, errAt(OffType, "not a TABLE_DUMP record")
	}
	n := afiAddrLen(subRowOf(r.Type, r.Subtype).afi)
	c := cursor{b: r.Body, base: r.bodyOff()}
	v.ViewNumber = c.u16("TABLE_DUMP cut short in the View Number")
	v.Sequence = c.u16("TABLE_DUMP cut short in the Sequence Number")
	readTableDumpEntry(&c, &v, n)
	if c.err != nil {
		return v, c.err
	}
	if c.i != len(c.b) && r.Extra == 0 {
		return v, errAt(c.off(), "octets after the TABLE_DUMP entry")
	}
	return v, nil
}

// TableDumps walks the entries of a TABLE_DUMP record: the one entry of
// RFC 6396, or every entry of an early RIPE RIS record that batches them
// (Header.Extra), each with the record's View and Sequence Number.
func (r RecordView) TableDumps() iter.Seq2[TableDump, error] {
	return func(yield func(TableDump, error) bool) {
		first, err := r.TableDump()
		if !yield(first, err) || err != nil || r.Extra == 0 {
			return
		}
		n := afiAddrLen(subRowOf(r.Type, r.Subtype).afi)
		base := r.bodyOff()
		i := first.AttrsOff - base + len(first.Attrs) // past the first entry
		for i < len(r.Body) {
			c := cursor{b: r.Body[i:], base: base + i}
			v := TableDump{ViewNumber: first.ViewNumber, Sequence: first.Sequence}
			readTableDumpEntry(&c, &v, n)
			if c.err != nil {
				yield(v, c.err)
				return
			}
			if !yield(v, nil) {
				return
			}
			i += c.i
		}
	}
}

// readTableDumpEntry reads an entry from its Prefix on.
func readTableDumpEntry(c *cursor, v *TableDump, n int) {
	a := c.addr(n, "TABLE_DUMP cut short in the Prefix")
	bits := c.u8("TABLE_DUMP cut short in the Prefix Length")
	if c.err == nil && int(bits) > 8*n {
		c.err = errAt(c.off()-1, "TABLE_DUMP Prefix Length longer than the address")
		return
	}
	v.Prefix = netip.PrefixFrom(a, int(bits))
	v.Status = c.u8("TABLE_DUMP cut short in the Status")
	v.Originated = c.u32("TABLE_DUMP cut short in the Originated Time")
	v.PeerIP = c.addr(n, "TABLE_DUMP cut short in the Peer IP Address")
	v.PeerAS = c.u16("TABLE_DUMP cut short in the Peer AS")
	alen := int(c.u16("TABLE_DUMP cut short in the Attribute Length"))
	v.AttrsOff = c.off()
	v.Attrs = c.bytes(alen, "TABLE_DUMP attributes run past the end of the record")
}

func (v *TableDump) appendBody(dst []byte, afi uint16) ([]byte, error) {
	n := afiAddrLen(afi)
	a := v.Prefix.Addr()
	if a.BitLen()/8 != n || v.PeerIP.BitLen()/8 != n {
		return dst, errAddrFamily
	}
	if len(v.Attrs) > 0xffff {
		return dst, errTooLong
	}
	dst = binary.BigEndian.AppendUint16(dst, v.ViewNumber)
	dst = binary.BigEndian.AppendUint16(dst, v.Sequence)
	dst = appendAddr(dst, a)
	dst = append(dst, byte(v.Prefix.Bits()), v.Status)
	dst = binary.BigEndian.AppendUint32(dst, v.Originated)
	dst = appendAddr(dst, v.PeerIP)
	dst = binary.BigEndian.AppendUint16(dst, v.PeerAS)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(v.Attrs)))
	return append(dst, v.Attrs...), nil
}
