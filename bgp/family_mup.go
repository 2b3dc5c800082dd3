package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"iter"
	"net/netip"
	"strconv"
)

// MUP NLRI (SAFI 85, draft-mpmz-bess-mup-safi, now draft-ietf-bess-mup-safi,
// §3.1): Architecture Type (1), Route Type (2), Length (1), then the route
// type's fields. For the 3gpp-5g architecture (1):
//
//	1 Interwork Segment Discovery (ISD): RD, Prefix Length, Prefix
//	2 Direct Segment Discovery (DSD):    RD, Address (4 or 16 octets)
//	3 Type 1 Session Transformed (T1ST): RD, Prefix Length, Prefix, TEID (4),
//	  QFI (1), Endpoint Address Length (bits), Endpoint Address, and in
//	  later versions Source Address Length and Source Address
//	4 Type 2 Session Transformed (T2ST): RD, Endpoint Length (bits: the
//	  address's and the TEID's), Endpoint Address, TEID (0 to 4 octets)
//
// The session transformed routes may end with TLVs (a type and a length
// octet each), which are not part of the route key. The address family
// (AFI 1 or 2) gives the width of the prefixes and addresses. Another
// architecture or route type keeps its octets.

// MUPRouteType is a MUP Route Type.
type MUPRouteType uint16

// MUP route types of the 3gpp-5g architecture.
const (
	MUPInterworkSegmentDiscovery MUPRouteType = 1
	MUPDirectSegmentDiscovery    MUPRouteType = 2
	MUPType1SessionTransformed   MUPRouteType = 3
	MUPType2SessionTransformed   MUPRouteType = 4
)

// MUPArch3GPP5G is the 3gpp-5g Architecture Type.
const MUPArch3GPP5G = 1

var mupRouteNames = [...]struct{ key, name, ref string }{
	MUPInterworkSegmentDiscovery: {"isd", "Interwork Segment Discovery", "draft-mpmz-bess-mup-safi §3.1.1"},
	MUPDirectSegmentDiscovery:    {"dsd", "Direct Segment Discovery", "draft-mpmz-bess-mup-safi §3.1.2"},
	MUPType1SessionTransformed:   {"t1st", "Type 1 Session Transformed", "draft-mpmz-bess-mup-safi §3.1.3"},
	MUPType2SessionTransformed:   {"t2st", "Type 2 Session Transformed", "draft-mpmz-bess-mup-safi §3.1.4"},
}

// Key returns the route type's short name ("t1st"), or the number.
func (t MUPRouteType) Key() string {
	if t >= 1 && t <= 4 {
		return mupRouteNames[t].key
	}
	return strconv.Itoa(int(t))
}

// MUPView is one MUP NLRI entry in place (an NLRI.Value); it aliases the
// input. The offsets of the variable fields are found once by ParseMUP.
type MUPView struct {
	b           []byte
	off         int
	alen        uint16 // 4 or 16, from the AFI
	known       bool   // 3gpp-5g and a route type 1 to 4
	pfxEnd      uint16 // ISD, T1ST: end of the prefix
	ep, epLen   uint16 // T1ST, T2ST: the endpoint address
	src, srcLen uint16 // T1ST: the source address, when present
	teid        uint16 // T1ST, T2ST: where the TEID starts
	teidBits    uint16
	tlv         uint16 // where the TLVs start (the end when none)
}

// ParseMUP reads the entry b whose offset in the message is off, of the
// IPv6 family when v6.
func ParseMUP(b []byte, off int, v6 bool) (MUPView, error) {
	if len(b) < 4 || int(b[3]) != len(b)-4 {
		return MUPView{}, nlriErr(off, "MUP NLRI length does not match the entry")
	}
	v := MUPView{b: b, off: off, alen: 4}
	if v6 {
		v.alen = 16
	}
	v.tlv = uint16(len(b))
	t := v.RouteType()
	if b[0] != MUPArch3GPP5G || t < 1 || t > 4 {
		return v, nil
	}
	v.known = true
	if len(b) < 12 {
		return MUPView{}, nlriErr(off+4, "MUP route shorter than its RD")
	}
	var err error
	switch t {
	case MUPInterworkSegmentDiscovery:
		err = v.parsePrefix()
		if err == nil && int(v.pfxEnd) != len(b) {
			err = nlriErr(off+int(v.pfxEnd), "octets after the Interwork Segment Discovery route's prefix")
		}
	case MUPDirectSegmentDiscovery:
		if len(b) != 12+int(v.alen) {
			err = nlriErr(off+12, "Direct Segment Discovery address is not "+strconv.Itoa(int(v.alen))+" octets")
		}
	case MUPType1SessionTransformed:
		err = v.parseT1()
	case MUPType2SessionTransformed:
		err = v.parseT2()
	}
	if err == nil && v.tlv < uint16(len(b)) {
		err = v.checkTLVs()
	}
	if err != nil {
		return MUPView{}, err
	}
	return v, nil
}

// parsePrefix reads the Prefix Length and Prefix after the RD.
func (v *MUPView) parsePrefix() error {
	if len(v.b) < 13 {
		return nlriErr(v.off+12, "MUP route ends before its Prefix Length")
	}
	bits := int(v.b[12])
	if bits > 8*int(v.alen) {
		return nlriErr(v.off+12, "MUP Prefix Length "+strconv.Itoa(bits)+" longer than the address")
	}
	end := 13 + (bits+7)/8
	if end > len(v.b) {
		return nlriErr(v.off+12, "MUP prefix overruns the route")
	}
	v.pfxEnd = uint16(end)
	return nil
}

// parseT1 reads a Type 1 Session Transformed route after the prefix.
func (v *MUPView) parseT1() error {
	if err := v.parsePrefix(); err != nil {
		return err
	}
	at := int(v.pfxEnd)
	if len(v.b) < at+6 {
		return nlriErr(v.off+at, "Type 1 Session Transformed route ends before its TEID, QFI and Endpoint Address Length")
	}
	v.teid, v.teidBits = uint16(at), 32
	n, ok := mupAddrLen(v.b[at+5])
	if !ok || len(v.b) < at+6+n {
		return nlriErr(v.off+at+5, "Endpoint Address Length "+strconv.Itoa(int(v.b[at+5]))+" is not 32 or 128 bits within the route")
	}
	v.ep, v.epLen = uint16(at+6), uint16(n)
	at += 6 + n
	v.tlv = uint16(at)
	if at == len(v.b) {
		return nil // no Source Address (draft-mpmz-bess-mup-safi-00 to -02)
	}
	n, ok = mupAddrLen(v.b[at])
	if v.b[at] != 0 && (!ok || len(v.b) < at+1+n) {
		return nlriErr(v.off+at, "Source Address Length "+strconv.Itoa(int(v.b[at]))+" is not 0, 32 or 128 bits within the route")
	}
	if v.b[at] != 0 {
		v.src, v.srcLen = uint16(at+1), uint16(n)
	} else {
		n = 0
	}
	v.tlv = uint16(at + 1 + n)
	return nil
}

// parseT2 reads a Type 2 Session Transformed route after the RD.
func (v *MUPView) parseT2() error {
	if len(v.b) < 13+int(v.alen) {
		return nlriErr(v.off+12, "Type 2 Session Transformed route ends before its Endpoint Address")
	}
	bits := int(v.b[12]) - 8*int(v.alen)
	if bits < 0 || bits > 32 {
		return nlriErr(v.off+12, "Endpoint Length "+strconv.Itoa(int(v.b[12]))+" is not the address's "+strconv.Itoa(8*int(v.alen))+" bits plus 0 to 32 of TEID")
	}
	v.ep, v.epLen = 13, v.alen
	at := 13 + int(v.alen)
	n := (bits + 7) / 8
	if len(v.b) < at+n {
		return nlriErr(v.off+at, "Type 2 Session Transformed route ends inside its TEID")
	}
	v.teid, v.teidBits, v.tlv = uint16(at), uint16(bits), uint16(at+n)
	return nil
}

// checkTLVs checks that the TLVs after a session transformed route tile
// it (the discovery routes have none: their lengths are checked whole).
func (v *MUPView) checkTLVs() error {
	for at := int(v.tlv); at < len(v.b); {
		if len(v.b)-at < 2 || len(v.b)-at-2 < int(v.b[at+1]) {
			return nlriErr(v.off+at, "MUP TLV overruns the route")
		}
		at += 2 + int(v.b[at+1])
	}
	return nil
}

// mupAddrLen returns the octets of an address whose length in bits is n.
func mupAddrLen(n byte) (int, bool) {
	switch n {
	case 32:
		return 4, true
	case 128:
		return 16, true
	}
	return 0, false
}

// ArchitectureType returns the Architecture Type (1: 3gpp-5g).
func (v MUPView) ArchitectureType() uint8 { return v.b[0] }

// RouteType returns the Route Type.
func (v MUPView) RouteType() MUPRouteType { return MUPRouteType(binary.BigEndian.Uint16(v.b[1:])) }

// Known reports whether the route is of a 3gpp-5g route type bgplens reads
// (1 to 4); the others have only Value.
func (v MUPView) Known() bool { return v.known }

// Value returns the octets after the Length; it aliases the input.
func (v MUPView) Value() []byte { return v.b[4:] }

// RD returns the route distinguisher of a known route type.
func (v MUPView) RD() (RD, bool) {
	if !v.known {
		return RD{}, false
	}
	return RD(v.b[4:12]), true
}

// Prefix returns the prefix of an ISD or T1ST route, its octets as sent.
func (v MUPView) Prefix() (netip.Prefix, bool) {
	if v.pfxEnd == 0 {
		return netip.Prefix{}, false
	}
	var a [16]byte
	copy(a[:], v.b[13:v.pfxEnd])
	addr := netip.AddrFrom16(a)
	if v.alen == 4 {
		addr = netip.AddrFrom4([4]byte(a[:4]))
	}
	return netip.PrefixFrom(addr, int(v.b[12])), true
}

// Address returns the Address of a DSD route.
func (v MUPView) Address() (netip.Addr, bool) {
	if !v.known || v.RouteType() != MUPDirectSegmentDiscovery {
		return netip.Addr{}, false
	}
	a, _ := netip.AddrFromSlice(v.b[12:])
	return a, true
}

// Endpoint returns the Endpoint Address of a session transformed route.
func (v MUPView) Endpoint() (netip.Addr, bool) {
	if v.epLen == 0 {
		return netip.Addr{}, false
	}
	a, _ := netip.AddrFromSlice(v.b[v.ep : v.ep+v.epLen])
	return a, true
}

// Source returns the Source Address of a T1ST route that has one.
func (v MUPView) Source() (netip.Addr, bool) {
	if v.srcLen == 0 {
		return netip.Addr{}, false
	}
	a, _ := netip.AddrFromSlice(v.b[v.src : v.src+v.srcLen])
	return a, true
}

// TEID returns the TEID of a session transformed route as a 32-bit field
// and how many of its high bits were sent: 32 for T1ST, 0 to 32 for T2ST
// (a TEID prefix; the bits not sent are 0).
func (v MUPView) TEID() (teid uint32, bits int, ok bool) {
	if v.epLen == 0 {
		return 0, 0, false
	}
	var a [4]byte
	copy(a[:], v.b[v.teid:v.teid+(v.teidBits+7)/8])
	return binary.BigEndian.Uint32(a[:]), int(v.teidBits), true
}

// QFI returns the QoS Flow Identifier of a T1ST route.
func (v MUPView) QFI() (uint8, bool) {
	if v.RouteType() != MUPType1SessionTransformed || v.epLen == 0 {
		return 0, false
	}
	return v.b[v.teid+4], true
}

// TLVs iterates over the TLVs after a session transformed route's fields:
// type and value (aliasing the input).
func (v MUPView) TLVs() iter.Seq2[uint8, []byte] {
	return func(yield func(uint8, []byte) bool) {
		if !v.known {
			return
		}
		for at := int(v.tlv); at+2 <= len(v.b); {
			n := int(v.b[at+1])
			if !yield(v.b[at], v.b[at+2:at+2+n]) {
				return
			}
			at += 2 + n
		}
	}
}

// AppendText appends "t1st rd 65000:1 prefix 10.0.0.0/24 teid 0x00000064
// qfi 9 endpoint 192.0.2.1 source 192.0.2.2"; another architecture or
// route type "arch 2 type 7 value 0102".
func (v MUPView) AppendText(dst []byte) []byte {
	if !v.known {
		dst = strconv.AppendUint(append(dst, "arch "...), uint64(v.ArchitectureType()), 10)
		dst = strconv.AppendUint(append(dst, " type "...), uint64(v.RouteType()), 10)
		return hex.AppendEncode(append(dst, " value "...), v.Value())
	}
	rd, _ := v.RD()
	dst = rd.AppendText(append(append(dst, v.RouteType().Key()...), " rd "...))
	if p, ok := v.Prefix(); ok {
		dst = p.AppendTo(append(dst, " prefix "...))
	}
	if a, ok := v.Address(); ok {
		dst = a.AppendTo(append(dst, " address "...))
	}
	if e, ok := v.Endpoint(); ok {
		dst = e.AppendTo(append(dst, " endpoint "...))
	}
	if teid, bits, ok := v.TEID(); ok {
		dst = appendTEID(append(dst, " teid "...), teid, bits)
	}
	if q, ok := v.QFI(); ok {
		dst = strconv.AppendUint(append(dst, " qfi "...), uint64(q), 10)
	}
	if s, ok := v.Source(); ok {
		dst = s.AppendTo(append(dst, " source "...))
	}
	for t, val := range v.TLVs() {
		dst = strconv.AppendUint(append(dst, " tlv "...), uint64(t), 10)
		dst = hex.AppendEncode(append(dst, ':'), val)
	}
	return dst
}

// appendTEID appends "0x00000064", and "/16" for a TEID prefix.
func appendTEID(dst []byte, teid uint32, bits int) []byte {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], teid)
	dst = hex.AppendEncode(append(dst, "0x"...), a[:])
	if bits != 32 {
		dst = strconv.AppendUint(append(dst, '/'), uint64(bits), 10)
	}
	return dst
}
