package mrt

import (
	"encoding/binary"
	"iter"
	"net/netip"
)

// PeerIndexTable is the PEER_INDEX_TABLE of a TABLE_DUMP_V2 dump (RFC 6396
// §4.3.1): the collector and the peers the RIB entries that follow name
// by index. Read by RecordView.PeerIndex, ViewName aliases the record.
type PeerIndexTable struct {
	CollectorID netip.Addr // the collector's BGP Identifier
	ViewName    []byte
	Peers       []Peer
}

// Peer is one entry of the PEER_INDEX_TABLE.
type Peer struct {
	Type  uint8 // PeerTypeIPv6 and PeerTypeAS4 bits; the rest kept as written
	BGPID netip.Addr
	IP    netip.Addr
	AS    uint32
}

// Peer Type bits (RFC 6396 §4.3.1: I and A).
const (
	PeerTypeIPv6 = 0x01
	PeerTypeAS4  = 0x02
)

// PeerIndex reads a PEER_INDEX_TABLE record. Peers is allocated (at most
// one entry per 11 octets of the record, so the record bounds it).
func (r RecordView) PeerIndex() (PeerIndexTable, error) {
	var t PeerIndexTable
	if r.Kind() != KindPeerIndex {
		return t, errAt(OffType, "not a PEER_INDEX_TABLE record")
	}
	c := cursor{b: r.Body, base: r.bodyOff()}
	t.CollectorID = c.addr(4, "PEER_INDEX_TABLE cut short in the Collector BGP ID")
	t.ViewName = c.bytes(int(c.u16("PEER_INDEX_TABLE cut short in the View Name Length")), "PEER_INDEX_TABLE View Name runs past the end of the record")
	n := int(c.u16("PEER_INDEX_TABLE cut short in the Peer Count"))
	if c.err != nil {
		return t, c.err
	}
	// The smallest entry is 11 octets (type, BGP ID, IPv4, 2-octet AS).
	if n > (len(c.b)-c.i)/11 {
		return t, errAt(c.off()-2, "PEER_INDEX_TABLE Peer Count larger than the record holds")
	}
	t.Peers = make([]Peer, 0, n)
	for range n {
		var p Peer
		p.Type = c.u8("PEER_INDEX_TABLE cut short in a Peer Type")
		p.BGPID = c.addr(4, "PEER_INDEX_TABLE cut short in a Peer BGP ID")
		ip := 4
		if p.Type&PeerTypeIPv6 != 0 {
			ip = 16
		}
		p.IP = c.addr(ip, "PEER_INDEX_TABLE cut short in a Peer IP Address")
		p.AS = c.as(p.Type&PeerTypeAS4 != 0, "PEER_INDEX_TABLE cut short in a Peer AS")
		if c.err != nil {
			return t, c.err
		}
		t.Peers = append(t.Peers, p)
	}
	if c.i != len(c.b) {
		return t, errAt(c.off(), "octets after the PEER_INDEX_TABLE's peers")
	}
	return t, nil
}

func (t *PeerIndexTable) appendBody(dst []byte) ([]byte, error) {
	if !t.CollectorID.Is4() || len(t.ViewName) > 0xffff || len(t.Peers) > 0xffff {
		return dst, errTooLong
	}
	dst = appendAddr(dst, t.CollectorID)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(t.ViewName)))
	dst = append(dst, t.ViewName...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(t.Peers)))
	for _, p := range t.Peers {
		ip := 4
		if p.Type&PeerTypeIPv6 != 0 {
			ip = 16
		}
		if !p.BGPID.Is4() || p.IP.BitLen()/8 != ip {
			return dst, errAddrFamily
		}
		dst = append(dst, p.Type)
		dst = appendAddr(dst, p.BGPID)
		dst = appendAddr(dst, p.IP)
		dst = appendAS(dst, p.AS, p.Type&PeerTypeAS4 != 0)
	}
	return dst, nil
}

// RIB is a TABLE_DUMP_V2 RIB record (RFC 6396 §4.3.2-4.3.3, RFC 8050 §4):
// one prefix (or, for RIB_GENERIC, one NLRI of any family) and the routes
// of every peer that has it. Attributes are read with 4-octet AS numbers,
// and MP_REACH_NLRI holds only its next hop (RFC 6396 §4.3.4).
//
// Read by RecordView.RIB it is a view: NLRI and the entries' Attrs alias
// the record and Entries is nil (All walks them in place). DecodeRecord
// fills Entries with copies.
type RIB struct {
	Sequence uint32
	AFI      uint16
	SAFI     uint8

	// NLRI is the prefix as written: for the AFI/SAFI-specific subtypes
	// the Prefix Length octet and the prefix's octets, for RIB_GENERIC one
	// NLRI entry of the family (RFC 4760 §5).
	NLRI    []byte
	NLRIOff int
	// Prefix is NLRI read as a prefix of the AFI (the address as written,
	// bits past the length included); unset for RIB_GENERIC of families
	// whose NLRI are not plain prefixes.
	Prefix netip.Prefix

	Count uint16 // the Entry Count field

	// NLRILenGuessed is set for a RIB_GENERIC whose NLRI is not read as a
	// length in bits and octets: its length is the one after which the
	// entries tile the record.
	NLRILenGuessed bool

	// AddPath says whether the entries carry a Path Identifier. It is the
	// subtype's word, except when the octets only fit the other way: some
	// writers put Path Identifiers in the entries of non-ADD-PATH subtypes
	// before RFC 8050. Then AddPath is what fits and PathIDMismatch is set.
	AddPath        bool
	PathIDMismatch bool

	Entries []RIBEntry // owned values only

	entries    []byte
	entriesOff int
}

// RIBEntry is one RIB entry: the peer (its index in the PEER_INDEX_TABLE),
// when the route was received, its Path Identifier (ADD-PATH only) and
// its attributes.
type RIBEntry struct {
	PeerIndex  uint16
	Originated uint32
	PathID     uint32
	Attrs      []byte
	AttrsOff   int // offset of Attrs in the record
}

// RIB reads a RIB record.
func (r RecordView) RIB() (RIB, error) {
	var v RIB
	k := r.Kind()
	if k != KindRIB && k != KindRIBGeneric {
		return v, errAt(OffType, "not a TABLE_DUMP_V2 RIB record")
	}
	row := subRowOf(r.Type, r.Subtype)
	c := cursor{b: r.Body, base: r.bodyOff()}
	v.Sequence = c.u32("RIB cut short in the Sequence Number")
	v.AFI, v.SAFI = row.afi, row.safi
	if k == KindRIBGeneric {
		v.AFI = c.u16("RIB_GENERIC cut short in the AFI")
		v.SAFI = c.u8("RIB_GENERIC cut short in the SAFI")
	}
	if c.err != nil {
		return v, c.err
	}
	v.NLRIOff = c.off()
	rest := c.rest()
	n, ok := nlriLen(rest)
	if k == KindRIBGeneric && !genericFits(rest, n, ok, row.addPath) {
		// Not a prefix-like NLRI (EVPN, FlowSpec ... have their own length
		// fields): the NLRI is what leaves entries that tile the rest.
		for m := 1; m+2 <= len(rest); m++ {
			if genericFits(rest, m, true, row.addPath) {
				n, ok, v.NLRILenGuessed = m, true, true
				break
			}
		}
	}
	if !ok {
		return v, errAt(c.off(), "RIB prefix runs past the end of the record")
	}
	if k == KindRIB && int(rest[0]) > 8*afiAddrLen(v.AFI) {
		return v, errAt(c.off(), "RIB Prefix Length longer than the address")
	}
	v.NLRI = rest[:n:n]
	v.Prefix = prefixOf(v.NLRI, v.AFI)
	tail := rest[n:]
	if len(tail) < 2 {
		return v, errAt(c.off()+len(rest), "RIB cut short in the Entry Count")
	}
	v.Count = binary.BigEndian.Uint16(tail)
	v.entries, v.entriesOff = tail[2:], c.off()+n+2
	v.AddPath = row.addPath
	if _, err := walkEntries(v.entries, int(v.Count), v.AddPath, v.entriesOff); err != nil {
		if _, e2 := walkEntries(v.entries, int(v.Count), !v.AddPath, v.entriesOff); e2 != nil {
			return v, err
		}
		v.AddPath, v.PathIDMismatch = !v.AddPath, true
	}
	return v, nil
}

// genericFits reports whether, with an NLRI of n octets at the start of
// b, an Entry Count and that many entries (of either ADD-PATH reading)
// fill the rest of b exactly.
func genericFits(b []byte, n int, ok, addPath bool) bool {
	if !ok || n+2 > len(b) {
		return false
	}
	count := int(binary.BigEndian.Uint16(b[n:]))
	rest := b[n+2:]
	if _, err := walkEntries(rest, count, addPath, 0); err == nil {
		return true
	}
	_, err := walkEntries(rest, count, !addPath, 0)
	return err == nil
}

// nlriLen returns the length of the NLRI entry at the start of b read as
// RFC 4760 §5 writes prefixes: a length in bits, then the octets.
func nlriLen(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 1 + (int(b[0])+7)/8
	return n, n <= len(b)
}

// prefixOf reads an NLRI entry as a prefix of the AFI, or returns the
// zero Prefix when it is not one (a RIB_GENERIC of another family).
func prefixOf(nlri []byte, afi uint16) netip.Prefix {
	w := afiAddrLen(afi)
	if w == 0 || int(nlri[0]) > 8*w {
		return netip.Prefix{}
	}
	var a [16]byte
	copy(a[:], nlri[1:])
	if w == 4 {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte(a[:4])), int(nlri[0]))
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), int(nlri[0]))
}

// walkEntries checks that count entries of the layout tile b exactly, or
// returns the first one that does not fit.
func walkEntries(b []byte, count int, addPath bool, base int) (int, *Error) {
	fixed := 8
	if addPath {
		fixed = 12
	}
	i := 0
	for range count {
		if len(b)-i < fixed {
			return i, errAt(base+i, "RIB entry cut short in its fixed fields")
		}
		n := fixed + int(binary.BigEndian.Uint16(b[i+fixed-2:]))
		if n > len(b)-i {
			return i, errAt(base+i, "RIB entry's attributes run past the end of the record")
		}
		i += n
	}
	if i != len(b) {
		return i, errAt(base+i, "octets after the RIB's last entry")
	}
	return i, nil
}

// All walks the entries of a RIB read by RecordView.RIB, in place: the
// layout was checked when the record was read.
func (v RIB) All() iter.Seq2[int, RIBEntry] {
	return func(yield func(int, RIBEntry) bool) {
		b, off := v.entries, v.entriesOff
		for k := range int(v.Count) {
			e, n := readEntry(b, v.AddPath)
			e.AttrsOff = off + n - len(e.Attrs)
			if !yield(k, e) {
				return
			}
			b, off = b[n:], off+n
		}
	}
}

// readEntry reads the entry at the start of b, whose fit walkEntries
// checked.
func readEntry(b []byte, addPath bool) (RIBEntry, int) {
	e := RIBEntry{PeerIndex: binary.BigEndian.Uint16(b), Originated: binary.BigEndian.Uint32(b[2:])}
	i := 6
	if addPath {
		e.PathID = binary.BigEndian.Uint32(b[6:])
		i = 10
	}
	n := i + 2 + int(binary.BigEndian.Uint16(b[i:]))
	e.Attrs = b[i+2 : n : n]
	return e, n
}

func (v *RIB) appendBody(dst []byte, generic bool) ([]byte, error) {
	if len(v.Entries) > 0xffff {
		return dst, errTooLong
	}
	if n, ok := nlriLen(v.NLRI); !generic && (!ok || n != len(v.NLRI)) || len(v.NLRI) == 0 {
		return dst, errNLRI // RIB_GENERIC NLRI of other families have their own layouts
	}
	dst = binary.BigEndian.AppendUint32(dst, v.Sequence)
	if generic {
		dst = binary.BigEndian.AppendUint16(dst, v.AFI)
		dst = append(dst, v.SAFI)
	}
	dst = append(dst, v.NLRI...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(v.Entries)))
	for _, e := range v.Entries {
		if len(e.Attrs) > 0xffff {
			return dst, errTooLong
		}
		dst = binary.BigEndian.AppendUint16(dst, e.PeerIndex)
		dst = binary.BigEndian.AppendUint32(dst, e.Originated)
		if v.AddPath {
			dst = binary.BigEndian.AppendUint32(dst, e.PathID)
		}
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(e.Attrs)))
		dst = append(dst, e.Attrs...)
	}
	return dst, nil
}
