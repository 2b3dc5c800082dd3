// Package obmp reads and writes the OpenBMP binary header, version 1.7:
// the frame in front of every message of OpenBMP's raw BMP topic
// (openbmp.bmp_raw), which OpenBMP's collector, goBMP and RouteViews'
// Kafka feeds write and bgpkit-parser and libbgpstream read. It names the
// collector (a hash and an admin id), the router (a hash and its address)
// and when the collector received the message; the BMP message follows it
// unchanged. It uses the standard library only.
//
// The layout (all integers big-endian):
//
//	off  len  field
//	  0    4  magic "OBMP"
//	  4    1  major version (1)
//	  5    1  minor version (7)
//	  6    2  header length (this header's octets)
//	  8    4  message length (the octets after the header)
//	 12    1  flags: 0x80 router message, 0x40 router address is IPv6
//	 13    1  object type (12: raw BMP)
//	 14    4  collector timestamp, seconds
//	 18    4  collector timestamp, microseconds
//	 22   16  collector hash (MD5 of the admin id)
//	 38    2  admin id length N
//	 40    N  admin id
//	       16 router hash (MD5 of the router's address octets)
//	       16 router address (IPv4 in the first 4 octets, the rest zero)
//	        2 router group length G
//	        G router group
//	        4 row count (1: one BMP message)
package obmp

import (
	"crypto/md5"
	"encoding/binary"
	"net/netip"
	"strconv"
	"time"
)

// Header constants.
const (
	Magic        = "OBMP"
	VersionMajor = 1
	VersionMinor = 7

	FlagRouter = 0x80 // the message is about a router (always, for raw BMP)
	FlagIPv6   = 0x40 // the router address is IPv6

	ObjectRawBMP = 12 // the object type of a raw BMP message

	// MinLen is the length of a header with an empty admin id and group.
	MinLen = 4 + 1 + 1 + 2 + 4 + 1 + 1 + 4 + 4 + 16 + 2 + 16 + 16 + 2 + 4

	// MaxNameLen is the longest admin id or router group a header can
	// carry (a 2-octet length).
	MaxNameLen = 0xffff
)

// Header is the OpenBMP binary header of one raw BMP message.
type Header struct {
	Flags         uint8 // FlagRouter and FlagIPv6; Append sets them from RouterAddr
	ObjectType    uint8 // ObjectRawBMP
	Time          time.Time
	CollectorHash [16]byte // CollectorHash(AdminID)
	AdminID       string
	RouterHash    [16]byte // RouterHash(RouterAddr)
	RouterAddr    netip.Addr
	RouterGroup   string
	Rows          uint32 // 1
}

// ForRouter returns the header of a raw BMP message the collector adminID
// received from router at t: hashes computed, one row.
func ForRouter(adminID string, router netip.Addr, group string, t time.Time) Header {
	return Header{
		ObjectType:    ObjectRawBMP,
		Time:          t,
		CollectorHash: CollectorHash(adminID),
		AdminID:       adminID,
		RouterHash:    RouterHash(router),
		RouterAddr:    router.Unmap(),
		RouterGroup:   group,
		Rows:          1,
	}
}

// CollectorHash is the collector hash OpenBMP writes: the MD5 digest of
// the admin id.
func CollectorHash(adminID string) [16]byte { return md5.Sum([]byte(adminID)) }

// RouterHash is the router hash OpenBMP's raw feeds carry: the MD5 digest
// of the router address's octets (4 for IPv4, 16 for IPv6).
func RouterHash(a netip.Addr) [16]byte {
	a = a.Unmap()
	b := a.AsSlice()
	return md5.Sum(b)
}

// Len returns the header's length in octets.
func (h *Header) Len() int {
	return MinLen + min(len(h.AdminID), MaxNameLen) + min(len(h.RouterGroup), MaxNameLen)
}

// Append appends the header of a message of msgLen octets to dst. An
// admin id or group longer than MaxNameLen is cut there.
func (h *Header) Append(dst []byte, msgLen int) []byte {
	admin, group := h.AdminID[:min(len(h.AdminID), MaxNameLen)], h.RouterGroup[:min(len(h.RouterGroup), MaxNameLen)]
	flags := h.Flags | FlagRouter
	addr := h.RouterAddr.Unmap()
	if addr.Is6() {
		flags |= FlagIPv6
	} else {
		flags &^= FlagIPv6
	}
	start := len(dst)
	dst = append(dst, Magic...)
	dst = append(dst, VersionMajor, VersionMinor)
	dst = binary.BigEndian.AppendUint16(dst, uint16(h.Len()))
	dst = append(dst, 0, 0, 0, 0, flags, h.ObjectType, 0, 0, 0, 0, 0, 0, 0, 0)
	SetLengthTime(dst[start:], msgLen, h.Time)
	dst = append(dst, h.CollectorHash[:]...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(admin)))
	dst = append(dst, admin...)
	dst = append(dst, h.RouterHash[:]...)
	var ip [16]byte
	if addr.Is4() {
		a4 := addr.As4()
		copy(ip[:], a4[:])
	} else if addr.Is6() {
		ip = addr.As16()
	}
	dst = append(dst, ip[:]...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(group)))
	dst = append(dst, group...)
	return binary.BigEndian.AppendUint32(dst, h.Rows)
}

// Where a header holds what differs from one message of a router session
// to the next: after the magic (4 octets), the version (2) and the
// header's length (2), the message's length (4); after the flags and
// object type (2), the time in seconds (4) and microseconds (4).
const (
	offMsgLen = 8
	offTime   = 14
)

// SetLengthTime sets the message length and the time (zero when t is the
// zero Time) of the header at the start of h, as Append writes them: a
// producer writes a session's header once and sets these per message.
func SetLengthTime(h []byte, msgLen int, t time.Time) {
	binary.BigEndian.PutUint32(h[offMsgLen:], uint32(msgLen))
	var sec, usec uint32
	if !t.IsZero() {
		sec, usec = uint32(t.Unix()), uint32(t.Nanosecond()/1000)
	}
	binary.BigEndian.PutUint32(h[offTime:], sec)
	binary.BigEndian.PutUint32(h[offTime+4:], usec)
}

// Error is a header that cannot be read: what and at which offset.
type Error struct {
	Off    int
	Reason string
}

// Error formats the error as "obmp: offset 6: header length ...".
func (e *Error) Error() string {
	return "obmp: offset " + strconv.Itoa(e.Off) + ": " + e.Reason
}

// Parse reads the header at the start of b and returns it with the BMP
// message it frames (aliasing b) and the octets after that message. It
// checks the magic, the version, every length against b and against the
// header length, and the message length against what b holds.
func Parse(b []byte) (h Header, msg, rest []byte, err error) {
	fail := func(off int, why string) (Header, []byte, []byte, error) {
		return Header{}, nil, nil, &Error{Off: off, Reason: why}
	}
	if len(b) < MinLen {
		return fail(0, "header truncated: "+strconv.Itoa(len(b))+" octets, at least "+strconv.Itoa(MinLen)+" needed")
	}
	if string(b[:4]) != Magic {
		return fail(0, "magic is not \"OBMP\"")
	}
	if b[4] != VersionMajor || b[5] != VersionMinor {
		return fail(4, "version "+strconv.Itoa(int(b[4]))+"."+strconv.Itoa(int(b[5]))+", not 1.7")
	}
	hlen := int(binary.BigEndian.Uint16(b[6:]))
	if hlen < MinLen || hlen > len(b) {
		return fail(6, "header length "+strconv.Itoa(hlen)+" outside "+strconv.Itoa(MinLen)+".."+strconv.Itoa(len(b)))
	}
	mlen := int64(binary.BigEndian.Uint32(b[8:]))
	if mlen > int64(len(b)-hlen) {
		return fail(8, "message length "+strconv.FormatInt(mlen, 10)+" beyond the "+strconv.Itoa(len(b)-hlen)+" octets after the header")
	}
	h.Flags, h.ObjectType = b[12], b[13]
	sec, usec := binary.BigEndian.Uint32(b[14:]), binary.BigEndian.Uint32(b[18:])
	if usec >= 1e6 {
		return fail(18, "microseconds "+strconv.FormatUint(uint64(usec), 10)+" not below 1000000")
	}
	if sec != 0 || usec != 0 {
		h.Time = time.Unix(int64(sec), int64(usec)*1000).UTC()
	}
	copy(h.CollectorHash[:], b[22:38])
	hd := b[:hlen]
	off := 38
	n := int(binary.BigEndian.Uint16(hd[off:]))
	off += 2
	if off+n+16+16+2+4 > hlen {
		return fail(38, "admin id length "+strconv.Itoa(n)+" beyond the header length "+strconv.Itoa(hlen))
	}
	h.AdminID = string(hd[off : off+n])
	off += n
	copy(h.RouterHash[:], hd[off:])
	off += 16
	if h.Flags&FlagIPv6 != 0 {
		h.RouterAddr = netip.AddrFrom16([16]byte(hd[off : off+16]))
	} else {
		h.RouterAddr = netip.AddrFrom4([4]byte(hd[off : off+4]))
	}
	off += 16
	g := int(binary.BigEndian.Uint16(hd[off:]))
	if off+2+g+4 != hlen {
		return fail(off, "router group length "+strconv.Itoa(g)+" does not end the header at its length "+strconv.Itoa(hlen))
	}
	off += 2
	h.RouterGroup = string(hd[off : off+g])
	off += g
	h.Rows = binary.BigEndian.Uint32(hd[off:])
	end := hlen + int(mlen)
	return h, b[hlen:end:end], b[end:], nil
}
