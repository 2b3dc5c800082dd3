package bmp

import (
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Offsets of the per-peer header fields (RFC 7854 §4.2), from the first
// octet of the message: the per-peer header follows the common header.
const (
	OffPeerType          = CommonHeaderLen      // Peer Type, 1 octet
	OffPeerFlags         = CommonHeaderLen + 1  // Peer Flags, 1 octet
	OffPeerDistinguisher = CommonHeaderLen + 2  // Peer Distinguisher, 8 octets
	OffPeerAddress       = CommonHeaderLen + 10 // Peer Address, 16 octets
	OffPeerAS            = CommonHeaderLen + 26 // Peer AS, 4 octets
	OffPeerBGPID         = CommonHeaderLen + 30 // Peer BGP ID, 4 octets
	OffPeerTimestampSec  = CommonHeaderLen + 34 // Timestamp (seconds), 4 octets
	OffPeerTimestampUsec = CommonHeaderLen + 38 // Timestamp (microseconds), 4 octets
	PeerHeaderLen        = 42
	// OffBody is where the type-specific body of a message with a
	// per-peer header starts.
	OffBody = CommonHeaderLen + PeerHeaderLen
)

// PeerHeader is the per-peer header (RFC 7854 §4.2, RFC 8671 §4, RFC 9069
// §4). It is a small comparable value, decoded by copy.
//
// Address holds the Peer Address as sent: an IPv4 address when the V flag
// is clear and the 12 leading octets are zero (RFC 7854 §4.2), the 16
// octets as an IPv6 address otherwise, so that encoding gives back the
// same octets. For the Loc-RIB peer type the address is zero-filled (RFC
// 9069 §5.1) and read as IPv4, because the bit of the V flag means F there.
type PeerHeader struct {
	Type          PeerType
	Flags         PeerFlags
	Distinguisher bgp.RD // zero for the global instance
	Address       netip.Addr
	AS            uint32
	BGPID         netip.Addr // the BGP Identifier, an IPv4 address
	Seconds       uint32     // timestamp, seconds since the Unix epoch; 0 if unavailable
	Microseconds  uint32
}

// parsePeerHeader reads the per-peer header at b[OffPeerType:]; the
// caller has checked that b holds it.
func parsePeerHeader(b []byte) PeerHeader {
	p := PeerHeader{
		Type:          PeerType(b[OffPeerType]),
		Flags:         PeerFlags(b[OffPeerFlags]),
		Distinguisher: bgp.RD(b[OffPeerDistinguisher : OffPeerDistinguisher+8]),
		AS:            binary.BigEndian.Uint32(b[OffPeerAS:]),
		BGPID:         netip.AddrFrom4([4]byte(b[OffPeerBGPID : OffPeerBGPID+4])),
		Seconds:       binary.BigEndian.Uint32(b[OffPeerTimestampSec:]),
		Microseconds:  binary.BigEndian.Uint32(b[OffPeerTimestampUsec:]),
	}
	p.Address = readAddr16(b[OffPeerAddress:OffPeerAddress+16], p.ipv6())
	return p
}

// ParsePeerHeader reads the 42-octet per-peer header at the start of b,
// for readers of messages that do not frame or come from BMP versions 1
// and 2 (LegacyHeaderLen); false if b is shorter.
func ParsePeerHeader(b []byte) (PeerHeader, bool) {
	if len(b) < PeerHeaderLen {
		return PeerHeader{}, false
	}
	var m [OffBody]byte
	copy(m[OffPeerType:], b[:PeerHeaderLen])
	return parsePeerHeader(m[:]), true
}

// readAddr16 reads a 16-octet address field: IPv6 when v6 is set or when
// the IPv4 padding is not zero (so that it re-encodes as it was).
func readAddr16(a []byte, v6 bool) netip.Addr {
	if !v6 && binary.BigEndian.Uint64(a) == 0 && binary.BigEndian.Uint32(a[8:]) == 0 {
		return netip.AddrFrom4([4]byte(a[12:16]))
	}
	return netip.AddrFrom16([16]byte(a))
}

// appendAddr16 appends a 16-octet address field: IPv4 addresses padded
// with 12 zero octets, an invalid address as 16 zeros.
func appendAddr16(dst []byte, a netip.Addr) []byte {
	switch {
	case a.Is4():
		v := a.As4()
		dst = append(dst, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
		return append(dst, v[:]...)
	case a.Is6():
		v := a.As16()
		return append(dst, v[:]...)
	}
	return append(dst, make([]byte, 16)...)
}

// AppendBinary appends the 42-octet per-peer header. A BGPID that is not
// an IPv4 address is written as 0.0.0.0.
func (p PeerHeader) AppendBinary(dst []byte) ([]byte, error) {
	dst = append(dst, byte(p.Type), byte(p.Flags))
	dst = append(dst, p.Distinguisher[:]...)
	dst = appendAddr16(dst, p.Address)
	dst = binary.BigEndian.AppendUint32(dst, p.AS)
	id := [4]byte{}
	if p.BGPID.Is4() {
		id = p.BGPID.As4()
	}
	dst = append(dst, id[:]...)
	dst = binary.BigEndian.AppendUint32(dst, p.Seconds)
	return binary.BigEndian.AppendUint32(dst, p.Microseconds), nil
}

func (p PeerHeader) ipv6() bool { return p.Type != PeerLocRIB && p.Flags&FlagV != 0 }

// IPv6 reports the V flag: the peer address is IPv6 (RFC 7854 §4.2).
// Always false for the Loc-RIB peer type, which has no V flag.
func (p PeerHeader) IPv6() bool { return p.ipv6() }

// PostPolicy reports the L flag: the routes are post-policy (RFC 7854
// §4.2). Always false for the Loc-RIB peer type.
func (p PeerHeader) PostPolicy() bool { return p.Type != PeerLocRIB && p.Flags&FlagL != 0 }

// AS2 reports the A flag: the UPDATEs use the legacy 2-octet AS_PATH
// format (RFC 7854 §4.2). Always false for the Loc-RIB peer type, whose
// UPDATEs use 4-octet AS numbers (RFC 9069 §5.4).
func (p PeerHeader) AS2() bool { return p.Type != PeerLocRIB && p.Flags&FlagA != 0 }

// AdjRIBOut reports the O flag: the routes are from the Adj-RIB-Out (RFC
// 8671 §4). Always false for the Loc-RIB peer type.
func (p PeerHeader) AdjRIBOut() bool { return p.Type != PeerLocRIB && p.Flags&FlagO != 0 }

// Filtered reports the F flag of the Loc-RIB peer type: the Loc-RIB is
// filtered (RFC 9069 §4.2). Always false for other peer types.
func (p PeerHeader) Filtered() bool { return p.Type == PeerLocRIB && p.Flags&FlagF != 0 }

// Time returns the timestamp, or the zero Time when it is 0 (unavailable).
func (p PeerHeader) Time() time.Time {
	if p.Seconds == 0 && p.Microseconds == 0 {
		return time.Time{}
	}
	return time.Unix(int64(p.Seconds), int64(p.Microseconds)*1000)
}

// FlagNames returns the letters of the flags that are set, e.g. "V,L",
// or "-".
func (p PeerHeader) FlagNames() string { return string(appendFlagNames(nil, p.Type, p.Flags)) }

// RIB returns the RIB the header's peer type and flags name.
func (p PeerHeader) RIB() RIB {
	switch {
	case p.Type == PeerLocRIB:
		return RIBLoc
	case p.AdjRIBOut() && p.PostPolicy():
		return RIBOutPost
	case p.AdjRIBOut():
		return RIBOutPre
	case p.PostPolicy():
		return RIBInPost
	}
	return RIBInPre
}

// Key returns the identity of the monitored RIB: peer type,
// distinguisher, address and the RIB the flags name.
func (p PeerHeader) Key() PeerKey {
	return PeerKey{Type: p.Type, Distinguisher: p.Distinguisher, Address: p.Address, RIB: p.RIB()}
}

// RIB names the routing table a per-peer header's routes come from.
type RIB uint8

// The RIBs BMP can monitor.
const (
	RIBInPre   RIB = iota // pre-policy Adj-RIB-In (RFC 7854)
	RIBInPost             // post-policy Adj-RIB-In (RFC 7854, L flag)
	RIBOutPre             // pre-policy Adj-RIB-Out (RFC 8671, O flag)
	RIBOutPost            // post-policy Adj-RIB-Out (RFC 8671, O and L flags)
	RIBLoc                // Loc-RIB (RFC 9069, peer type 3)
)

var ribNames = [...]string{"adj-rib-in-pre", "adj-rib-in-post", "adj-rib-out-pre", "adj-rib-out-post", "loc-rib"}

// String returns e.g. "adj-rib-in-post".
func (r RIB) String() string {
	if int(r) < len(ribNames) {
		return ribNames[r]
	}
	return "RIB(?)"
}

// Out reports whether the RIB holds routes the monitored router sends.
func (r RIB) Out() bool { return r == RIBOutPre || r == RIBOutPost }

// PeerKey identifies one monitored RIB of one peer: small, comparable and
// usable as a map key.
type PeerKey struct {
	Type          PeerType
	Distinguisher bgp.RD
	Address       netip.Addr
	RIB           RIB
}

// String returns e.g. "Global Instance Peer 192.0.2.1 adj-rib-in-pre", with
// the distinguisher when it is not zero.
func (k PeerKey) String() string {
	b := append([]byte(nil), k.Type.String()...)
	if k.Distinguisher != (bgp.RD{}) {
		b = append(b, " rd "...)
		b = k.Distinguisher.AppendText(b)
	}
	b = append(b, ' ')
	b = k.Address.AppendTo(b)
	b = append(b, ' ')
	b = append(b, k.RIB.String()...)
	return string(b)
}
