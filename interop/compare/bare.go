package main

import (
	"errors"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// bareRun is the floor a decoder is measured against: the same framing
// (bmp.NewBytesReader, in place), the per-peer ADD-PATH flags looked up per message, and a
// walk that steps over every attribute and every prefix by their length
// fields, decoding no value and checking only that lengths stay inside
// the message. It counts prefixes, nothing more (with or without fold).
func bareRun(data []byte, res []msgResult, _ bool) error {
	addPath := map[[16]byte]uint8{} // per peer address: 1 IPv4 unicast, 2 IPv6 unicast
	i := 0
	err := eachMessage(data, func(msg []byte) error {
		if len(msg) < bmp.OffBody {
			return nil
		}
		key := [16]byte(msg[bmp.OffPeerAddress : bmp.OffPeerAddress+16])
		switch bmp.MsgType(msg[bmp.OffType]) {
		case bmp.MsgRouteMonitoring:
			f := addPath[key]
			ann, wd, ok := bareUpdate(msg[bmp.OffBody:], f)
			if !ok {
				// As a decoder of real streams must: a post-policy or
				// Loc-RIB message of the same peer address may be
				// sent without the Path Identifiers its Peer Up
				// negotiated, or with them and no Peer Up seen.
				alt := uint8(3)
				if f != 0 {
					alt = 0
				}
				ann, wd, ok = bareUpdate(msg[bmp.OffBody:], alt)
			}
			if !ok || i >= len(res) {
				return errors.New("bare walk: Route Monitoring " + strconv.Itoa(i) + " does not frame")
			}
			res[i] = msgResult{announced: uint32(ann), withdrawn: uint32(wd)}
			i++
		case bmp.MsgPeerUp:
			pu, err := bmp.ParsePeerUp(msg)
			if err != nil {
				return err
			}
			s, _ := pu.Session(bmp.RIBInPre)
			var f uint8
			if s.AddPath(bgp.IPv4Unicast) {
				f |= 1
			}
			if s.AddPath(bgp.IPv6Unicast) {
				f |= 2
			}
			addPath[key] = f
		}
		return nil
	})
	if err != nil {
		return err
	}
	return countCheck("bare walk", i, len(res))
}

// bareUpdate walks the UPDATE at the start of b (RFC 4271 §4.3, RFC 4760
// §3-4 for the MP attributes' NLRI).
func bareUpdate(b []byte, addPath uint8) (ann, wd int, ok bool) {
	if len(b) < bgp.HeaderLen+4 {
		return 0, 0, false
	}
	b = b[bgp.HeaderLen:]
	wl := int(b[0])<<8 | int(b[1])
	if 2+wl+2 > len(b) {
		return 0, 0, false
	}
	if wd, ok = barePrefixes(b[2:2+wl], addPath&1 != 0); !ok {
		return 0, 0, false
	}
	b = b[2+wl:]
	al := int(b[0])<<8 | int(b[1])
	if 2+al > len(b) {
		return 0, 0, false
	}
	attrs, nlri := b[2:2+al], b[2+al:]
	for len(attrs) > 0 {
		if len(attrs) < 3 {
			return 0, 0, false
		}
		hl, n := 3, int(attrs[2])
		if attrs[0]&0x10 != 0 {
			if len(attrs) < 4 {
				return 0, 0, false
			}
			hl, n = 4, int(attrs[2])<<8|int(attrs[3])
		}
		if hl+n > len(attrs) {
			return 0, 0, false
		}
		v := attrs[hl : hl+n]
		switch bgp.AttrType(attrs[1]) {
		case bgp.AttrMPReachNLRI:
			if len(v) < 5 || 5+int(v[3]) > len(v) {
				return 0, 0, false
			}
			c, ok := barePrefixes(v[5+int(v[3]):], bareAddPath(v, addPath))
			if !ok {
				return 0, 0, false
			}
			ann += c
		case bgp.AttrMPUnreachNLRI:
			if len(v) < 3 {
				return 0, 0, false
			}
			c, ok := barePrefixes(v[3:], bareAddPath(v, addPath))
			if !ok {
				return 0, 0, false
			}
			wd += c
		}
		attrs = attrs[hl+n:]
	}
	c, ok := barePrefixes(nlri, addPath&1 != 0)
	return ann + c, wd, ok
}

// bareAddPath says whether the MP attribute value v is of a family whose
// NLRI carry Path Identifiers.
func bareAddPath(v []byte, addPath uint8) bool {
	if v[2] != 1 { // SAFI unicast
		return false
	}
	switch int(v[0])<<8 | int(v[1]) {
	case 1:
		return addPath&1 != 0
	case 2:
		return addPath&2 != 0
	}
	return false
}

// barePrefixes counts the NLRI entries of b by their length octets.
func barePrefixes(b []byte, addPath bool) (int, bool) {
	n := 0
	for len(b) > 0 {
		if addPath {
			if len(b) < 4 {
				return 0, false
			}
			b = b[4:]
		}
		if len(b) < 1 {
			return 0, false
		}
		l := 1 + (int(b[0])+7)/8
		if l > len(b) {
			return 0, false
		}
		b = b[l:]
		n++
	}
	return n, true
}
