package bmp

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestStatsRFC9972 decodes a Statistics Report carrying every type of RFC
// 9972 (18-43), each value laid out as the RFC's registry says: a 64-bit
// gauge for the totals (18, 20, 29, 31, 33, 39), AFI, SAFI and a 64-bit
// gauge for the per-AFI/SAFI ones (all the others); then re-encodes it.
func TestStatsRFC9972(t *testing.T) {
	gauges := []uint16{18, 20, 29, 31, 33, 39}
	// A word of each name, from the RFC's descriptions.
	words := map[uint16]string{18: "pre-policy Adj-RIB-In", 20: "post-policy Adj-RIB-In", 22: "rejected by an inbound policy",
		23: "accepted by an inbound policy", 24: "primary", 25: "backup", 26: "route-damping", 27: "stale by Graceful Restart",
		28: "Long-Lived Graceful Restart", 29: "received-route threshold", 31: "license-customized", 33: "maximum AS_PATH length",
		35: "invalidated", 36: "validated", 37: "NotFound", 38: "rejected by an outbound policy", 39: "Adj-RIB-Out filtered",
		41: "Adj-RIB-Out invalidated", 43: "Adj-RIB-Out whose RPKI"}
	msg := append([]byte{3, 0, 0, 0, 0, byte(MsgStatisticsReport)}, mustAppendPeer(t)...)
	msg = binary.BigEndian.AppendUint32(msg, 43-18+1)
	for typ := uint16(18); typ <= 43; typ++ {
		msg = binary.BigEndian.AppendUint16(msg, typ)
		if slices.Contains(gauges, typ) {
			msg = binary.BigEndian.AppendUint16(msg, 8)
		} else {
			msg = binary.BigEndian.AppendUint16(msg, 11)
			msg = append(msg, 0, byte(1+typ%2), 1) // IPv4 or IPv6, unicast
		}
		msg = binary.BigEndian.AppendUint64(msg, 1<<40+uint64(typ))
	}
	binary.BigEndian.PutUint32(msg[1:], uint32(len(msg)))
	m, err := DecodeMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	sr := m.(StatisticsReport)
	if len(sr.Stats) != 26 {
		t.Fatalf("%d statistics", len(sr.Stats))
	}
	for _, s := range sr.Stats {
		typ := uint16(s.Type)
		if !s.WellFormed() || s.Type.Ref() != "RFC 9972" || !strings.Contains(s.Type.String(), words[typ]) {
			t.Errorf("type %d: well-formed %v, %q, %s", typ, s.WellFormed(), s.Type, s.Type.Ref())
		}
		if slices.Contains(gauges, typ) {
			if g, ok := s.Gauge(); !ok || g != 1<<40+uint64(typ) || s.Type.Width() != StatGauge64 {
				t.Errorf("type %d: gauge %d %v, width %v", typ, g, ok, s.Type.Width())
			}
			continue
		}
		f, g, ok := s.FamilyGauge()
		if !ok || g != 1<<40+uint64(typ) || f != (bgp.Family{AFI: bgp.AFI(1 + typ%2), SAFI: 1}) || s.Type.Width() != StatFamilyGauge {
			t.Errorf("type %d: %v %d %v, width %v", typ, f, g, ok, s.Type.Width())
		}
	}
	if out := mustAppend(t, sr); !bytes.Equal(out, msg) {
		t.Errorf("Append\n got %x\nwant %x", out, msg)
	}
}

// TestStatsUnknownKeepOctets: statistics whose value has no layout the
// registry gives (an unassigned type, an experimental one, a known type
// with the wrong length) keep their octets through decode and re-encode.
func TestStatsUnknownKeepOctets(t *testing.T) {
	msg := unhex(t, `03 0000004c 01`+vecPeer+`
		00000003                # Stats Count 3
		002c 0005 0102030405    # type 44, unassigned: 5 octets
		fffb 0004 0000002a      # type 65531, experimental: 4 octets
		0007 0003 090909        # type 7, a 64-bit gauge, with 3 octets`)
	m, err := DecodeMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	sr := m.(StatisticsReport)
	want := [][]byte{{1, 2, 3, 4, 5}, {0, 0, 0, 0x2a}, {9, 9, 9}}
	for i, s := range sr.Stats {
		if !bytes.Equal(s.Value, want[i]) || s.WellFormed() {
			t.Errorf("stat %d (%v): %x, well-formed %v", i, s.Type, s.Value, s.WellFormed())
		}
	}
	if sr.Stats[0].Type.String() != "StatType(44)" || sr.Stats[1].Type.String() != "Experimental" {
		t.Errorf("names %v %v", sr.Stats[0].Type, sr.Stats[1].Type)
	}
	if out := mustAppend(t, sr); !bytes.Equal(out, msg) {
		t.Errorf("Append\n got %x\nwant %x", out, msg)
	}
}

// mustAppendPeer is the per-peer header of the vectors, encoded.
func mustAppendPeer(t *testing.T) []byte {
	b, err := vecPeerHeader.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
