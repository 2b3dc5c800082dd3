package testcorpus

import (
	"encoding/binary"
	"fmt"

	"github.com/bgplens/bgplens/mrt"
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
		rec, _, err := mrt.SplitRecord(b[off:])
		if err != nil {
			return msgs, st, fmt.Errorf("offset %d: %w", off, err)
		}
		at := off
		off += len(rec.Raw)
		// The deprecated BGP type (no BGP header) and state changes hold no
		// message to hand out as it is.
		if rec.Kind() != mrt.KindBGP4MPMessage {
			st.Skipped++
			continue
		}
		v, err := rec.BGP4MP()
		if err != nil {
			return msgs, st, fmt.Errorf("offset %d: %w", at, err)
		}
		s := Session{AS4: v.AS4}
		if v.AddPath {
			s.AddPath = AllFamilies
		}
		if v.Shortened {
			st.Shortened++
		}
		m := v.Message
		// MRT does not record whether RFC 8654 was negotiated; a message
		// longer than 4096 octets can only have come from a session that
		// negotiated it.
		if len(m) >= 19 && binary.BigEndian.Uint16(m[16:]) > 4096 {
			s.ExtendedMsg = true
		}
		msgs = append(msgs, Message{Data: m, Session: s, Rec: st.Records, Off: at, Damaged: v.Shortened})
	}
	return msgs, st, nil
}
