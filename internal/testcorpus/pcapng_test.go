package testcorpus

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// TestPcapngPacketBlocks: an Enhanced Packet Block and an obsolete Packet
// Block each give their frame on their interface's link type, in either
// byte order; a block naming an interface not described, or shorter than
// its fixed fields, is refused by its name.
func TestPcapngPacketBlocks(t *testing.T) {
	for _, bo := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		block := func(typ uint32, body ...[]byte) []byte {
			b := bytes.Join(body, nil)
			n := uint32(12 + len(b))
			out := bo.AppendUint32(bo.AppendUint32(nil, typ), n)
			return bo.AppendUint32(append(out, b...), n)
		}
		u16 := func(v uint16) []byte { return bo.AppendUint16(nil, v) }
		u32 := func(v uint32) []byte { return bo.AppendUint32(nil, v) }
		shb := block(0x0a0d0d0a, u32(0x1a2b3c4d), u16(1), u16(0), make([]byte, 8))
		idb := block(1, u16(101), u16(0), u32(0))
		epb := block(6, u32(0), make([]byte, 8), u32(3), u32(3), []byte("abc"), []byte{0})
		// Drops (7) follow the obsolete block's 2-octet interface.
		opb := block(2, u16(0), u16(7), make([]byte, 8), u32(2), u32(2), []byte("de"), []byte{0, 0})
		pkts, err := readPcapng(bytes.Join([][]byte{shb, idb, epb, opb}, nil))
		if err != nil || len(pkts) != 2 || pkts[0].link != 101 || string(pkts[0].data) != "abc" ||
			pkts[1].link != 101 || string(pkts[1].data) != "de" {
			t.Fatalf("%v: %+v, %v", bo, pkts, err)
		}
		for _, tc := range []struct {
			in   []byte
			want string
		}{
			{block(6, u32(1), make([]byte, 8), u32(0), u32(0)), "enhanced packet inconsistent"},
			{block(2, u16(1), u16(0), make([]byte, 8), u32(0), u32(0)), "packet block inconsistent"},
			{block(6, make([]byte, 16)), "enhanced packet truncated"},
			{block(2, make([]byte, 16)), "packet block truncated"},
		} {
			_, err := readPcapng(bytes.Join([][]byte{shb, idb, tc.in}, nil))
			if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("%v: %v, want %q", bo, err, tc.want)
			}
		}
	}
}
