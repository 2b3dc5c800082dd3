package testcorpus

import (
	"encoding/binary"
	"fmt"
)

// MRT record types and BGP4MP subtypes used here (RFC 6396 §4.4, §4.4.1
// and RFC 8050 §3).
const (
	mrtHeaderLen = 12 // Timestamp(4) Type(2) Subtype(2) Length(4), RFC 6396 §2

	mrtBGP4MP   = 16
	mrtBGP4MPET = 17 // same, with a 4-octet Microsecond Timestamp first (RFC 6396 §3)

	bgp4mpMessage                = 1
	bgp4mpMessageAS4             = 4
	bgp4mpMessageLocal           = 6
	bgp4mpMessageAS4Local        = 7
	bgp4mpMessageAddPath         = 8
	bgp4mpMessageAS4AddPath      = 9
	bgp4mpMessageLocalAddPath    = 10
	bgp4mpMessageAS4LocalAddPath = 11
)

// MRTStats counts what ReadMRTStats saw besides the messages.
type MRTStats struct {
	Records   int // every record, of any type
	Skipped   int // records that are not BGP4MP/BGP4MP_ET messages
	Shortened int // messages whose peer header was cut short (see ReadMRT)
}

// ReadMRT walks an uncompressed MRT file and returns the BGP message of
// every BGP4MP or BGP4MP_ET MESSAGE record (all the _AS4, _LOCAL and
// _ADDPATH variants), each with the session its subtype implies: AS4 for
// the _AS4 subtypes, ADD-PATH on AllFamilies for the _ADDPATH ones.
// Other records (state changes, TABLE_DUMP, ...) are skipped. A record
// that overruns the file is an error. One damage found in real archives is
// tolerated: a peer header cut short after the AS numbers, recognised by
// the BGP marker that follows (counted in MRTStats.Shortened).
func ReadMRT(b []byte) ([]Message, error) {
	msgs, _, err := ReadMRTStats(b)
	return msgs, err
}

// ReadMRTStats is ReadMRT that also counts records.
func ReadMRTStats(b []byte) ([]Message, MRTStats, error) {
	var (
		msgs []Message
		st   MRTStats
	)
	for off := 0; off < len(b); st.Records++ {
		if len(b)-off < mrtHeaderLen {
			return msgs, st, fmt.Errorf("mrt: offset %d: record header truncated", off)
		}
		h := b[off:]
		typ := binary.BigEndian.Uint16(h[4:])
		sub := binary.BigEndian.Uint16(h[6:])
		n := int(binary.BigEndian.Uint32(h[8:]))
		if n > len(b)-off-mrtHeaderLen {
			return msgs, st, fmt.Errorf("mrt: offset %d: record length %d overruns the file", off, n)
		}
		body := h[mrtHeaderLen : mrtHeaderLen+n]
		rec, at := st.Records, off
		off += mrtHeaderLen + n

		if typ == mrtBGP4MPET {
			if len(body) < 4 {
				return msgs, st, fmt.Errorf("mrt: offset %d: BGP4MP_ET record without microseconds", at)
			}
			body = body[4:]
		} else if typ != mrtBGP4MP {
			st.Skipped++
			continue
		}
		var s Session
		switch sub {
		case bgp4mpMessage, bgp4mpMessageLocal:
		case bgp4mpMessageAS4, bgp4mpMessageAS4Local:
			s.AS4 = true
		case bgp4mpMessageAddPath, bgp4mpMessageLocalAddPath:
			s.AddPath = AllFamilies
		case bgp4mpMessageAS4AddPath, bgp4mpMessageAS4LocalAddPath:
			s.AS4, s.AddPath = true, AllFamilies
		default:
			st.Skipped++
			continue
		}
		// Peer AS, Local AS (2 or 4 octets each, by subtype), Interface
		// Index (2), Address Family (2), Peer and Local IP (4 or 16 each).
		asw := 2
		if s.AS4 {
			asw = 4
		}
		fixed := 2*asw + 4
		if len(body) < fixed {
			return msgs, st, fmt.Errorf("mrt: offset %d: BGP4MP peer header truncated", at)
		}
		var (
			m       []byte
			damaged bool
			ipw     int
		)
		switch binary.BigEndian.Uint16(body[2*asw+2:]) {
		case 1:
			ipw = 4
		case 2:
			ipw = 16
		default:
			// Historical Zebra corruption (see the bgpkit-parser fixture
			// README): the peer header stops after the two AS numbers and
			// the BGP marker follows at once.
			if !isMarker(body[2*asw:]) {
				return msgs, st, fmt.Errorf("mrt: offset %d: unknown BGP4MP address family", at)
			}
			st.Shortened++
			m, damaged = body[2*asw:], true
		}
		if !damaged {
			if len(body) < fixed+2*ipw {
				return msgs, st, fmt.Errorf("mrt: offset %d: BGP4MP peer addresses truncated", at)
			}
			m = body[fixed+2*ipw:]
		}
		// MRT does not record whether RFC 8654 was negotiated; a message
		// longer than 4096 octets can only have come from a session that
		// negotiated it.
		if len(m) >= 19 && binary.BigEndian.Uint16(m[16:]) > 4096 {
			s.ExtendedMsg = true
		}
		msgs = append(msgs, Message{Data: m[:len(m):len(m)], Session: s, Rec: rec, Off: at, Damaged: damaged})
	}
	return msgs, st, nil
}

func isMarker(b []byte) bool {
	if len(b) < 16 {
		return false
	}
	for _, c := range b[:16] {
		if c != 0xff {
			return false
		}
	}
	return true
}
