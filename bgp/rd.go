package bgp

import (
	"encoding/binary"
	"net/netip"
)

// RD is a route distinguisher (RFC 4364 §4.2), kept as its eight octets:
// small, comparable and usable as a map key. The zero RD is type 0 with
// administrator 0 and number 0.
type RD [8]byte

// Route distinguisher types (RFC 4364 §4.2).
const (
	RDTypeAS2  = 0 // 2-octet AS administrator, 4-octet number
	RDTypeIPv4 = 1 // IPv4 address administrator, 2-octet number
	RDTypeAS4  = 2 // 4-octet AS administrator, 2-octet number
)

// Type returns the RD's type field.
func (rd RD) Type() uint16 { return binary.BigEndian.Uint16(rd[:2]) }

// String formats the RD as operators write it: "65000:100",
// "192.0.2.1:100" or "4200000000:100"; an unknown type as
// "type:hex".
func (rd RD) String() string { return string(rd.AppendText(nil)) }

// AppendText appends the String form of rd.
func (rd RD) AppendText(b []byte) []byte {
	switch rd.Type() {
	case RDTypeAS2:
		b = AppendUint(b, uint64(binary.BigEndian.Uint16(rd[2:])))
		b = append(b, ':')
		return AppendUint(b, uint64(binary.BigEndian.Uint32(rd[4:])))
	case RDTypeIPv4:
		b = netip.AddrFrom4([4]byte(rd[2:6])).AppendTo(b)
		b = append(b, ':')
		return AppendUint(b, uint64(binary.BigEndian.Uint16(rd[6:])))
	case RDTypeAS4:
		b = AppendUint(b, uint64(binary.BigEndian.Uint32(rd[2:])))
		b = append(b, ':')
		return AppendUint(b, uint64(binary.BigEndian.Uint16(rd[6:])))
	}
	b = AppendUint(b, uint64(rd.Type()))
	b = append(b, ':')
	const hex = "0123456789abcdef"
	for _, c := range rd[2:] {
		b = append(b, hex[c>>4], hex[c&15])
	}
	return b
}
