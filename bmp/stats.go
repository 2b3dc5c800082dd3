package bmp

import (
	"encoding/binary"

	"github.com/bgplens/bgplens/bgp"
)

// OffStatsCount is the offset of the Stats Count field of a Statistics
// Report; the statistics follow (RFC 7854 §4.8).
const OffStatsCount = OffBody

// Stat is one statistic of a Statistics Report (RFC 7854 §4.8): its type
// and its value as sent. The getters read the value in the layouts of RFC
// 7854 §4.8; Type.Width says which one the registry gives the type. A
// value whose length does not fit the layout is kept, not refused.
type Stat struct {
	Type  StatType
	Value []byte
}

// Counter returns a 32-bit counter (a 4-octet value).
func (s Stat) Counter() (uint32, bool) {
	if len(s.Value) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(s.Value), true
}

// Gauge returns a 64-bit gauge (an 8-octet value).
func (s Stat) Gauge() (uint64, bool) {
	if len(s.Value) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(s.Value), true
}

// FamilyGauge returns a per-AFI/SAFI 64-bit gauge: 2-octet AFI, 1-octet
// SAFI, 8-octet gauge (an 11-octet value).
func (s Stat) FamilyGauge() (bgp.Family, uint64, bool) {
	if len(s.Value) != 11 {
		return bgp.Family{}, 0, false
	}
	f := bgp.Family{AFI: bgp.AFI(binary.BigEndian.Uint16(s.Value)), SAFI: bgp.SAFI(s.Value[2])}
	return f, binary.BigEndian.Uint64(s.Value[3:]), true
}

// WellFormed reports whether the value has the length the registry gives
// the type; false for types the registry does not know.
func (s Stat) WellFormed() bool {
	w := s.Type.Width()
	return w != StatUnknown && len(s.Value) == w.Len()
}

// Uint returns the value as a number for every layout: the counter, the
// gauge, or the gauge of a per-AFI/SAFI statistic.
func (s Stat) Uint() (uint64, bool) {
	switch len(s.Value) {
	case 4:
		return uint64(binary.BigEndian.Uint32(s.Value)), true
	case 8:
		return binary.BigEndian.Uint64(s.Value), true
	case 11:
		return binary.BigEndian.Uint64(s.Value[3:]), true
	}
	return 0, false
}

// StatisticsReport is an owned Statistics Report (RFC 7854 §4.8).
// Trailing holds octets after the counted statistics, kept raw (BMP
// version 4 drafts add TLVs there).
type StatisticsReport struct {
	Version  uint8 // 0 is written as 3
	Peer     PeerHeader
	Stats    []Stat
	Trailing []byte
}

// Type returns MsgStatisticsReport.
func (StatisticsReport) Type() MsgType { return MsgStatisticsReport }

// checkStats frames the Stats Count statistics of msg, a framed
// Statistics Report, and returns the offset where they end.
func checkStats(msg []byte) (int, *Error) {
	if len(msg) < OffStatsCount+4 {
		return 0, errAt(len(msg), "Statistics Report shorter than its Stats Count")
	}
	count := binary.BigEndian.Uint32(msg[OffStatsCount:])
	off := OffStatsCount + 4
	for i := uint32(0); i < count; i++ {
		_, n, ok := nextTLV(msg[off:], false)
		if !ok {
			return 0, errAt(off, "statistic overruns the message (Stats Count too large?)")
		}
		off += n
	}
	return off, nil
}

// StatsEnd frames the Statistics Report msg (common header included;
// bytes after its length are ignored) and returns the offset where its
// Stats Count statistics end: octets from there to the end of the message
// are StatisticsReport.Trailing.
func StatsEnd(msg []byte) (int, error) {
	msg, _, err := frame(msg, MsgStatisticsReport)
	if err != nil {
		return 0, err
	}
	end, e := checkStats(msg)
	if e != nil {
		return 0, e
	}
	return end, nil
}

// parseStats decodes msg, a framed Statistics Report.
func parseStats(msg []byte) (StatisticsReport, error) {
	end, e := checkStats(msg)
	if e != nil {
		return StatisticsReport{}, e
	}
	m := StatisticsReport{Version: msg[OffVersion], Peer: parsePeerHeader(msg)}
	for _, t := range decodeTLVs(msg[OffStatsCount+4:end], false) {
		m.Stats = append(m.Stats, Stat{Type: StatType(t.Type), Value: t.Value})
	}
	if end < len(msg) {
		m.Trailing = cloneBytes(msg[end:])
	}
	return m, nil
}

// Append appends the whole message, common header included. Stats Count
// is the number of Stats.
func (m StatisticsReport) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = appendHeader(dst, m.Version, MsgStatisticsReport)
	dst, _ = m.Peer.AppendBinary(dst)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(m.Stats)))
	for _, s := range m.Stats {
		if len(s.Value) > 0xffff {
			return dst[:start], errAt(0, "statistic value longer than 65535 octets")
		}
		dst = binary.BigEndian.AppendUint16(dst, uint16(s.Type))
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(s.Value)))
		dst = append(dst, s.Value...)
	}
	dst = append(dst, m.Trailing...)
	return fixLength(dst, start)
}
