package bmp

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestTrimRouteMonitoring: octets after the UPDATE of a version 3 Route
// Monitoring (Huawei VRP 8.230) are cut off into a message that parses.
func TestTrimRouteMonitoring(t *testing.T) {
	update := append(bytes.Repeat([]byte{0xff}, 16), 0, 23, 2, 0, 0, 0, 0)
	peer := make([]byte, 42)
	peer[OffPeerAddress-CommonHeaderLen+15] = 1 // 0.0.0.1
	msg := append([]byte{Version3, 0, 0, 0, 0, byte(MsgRouteMonitoring)}, peer...)
	msg = append(msg, update...)
	extra := []byte{0xde, 0xad, 0xbe}
	msg = append(msg, extra...)
	binary.BigEndian.PutUint32(msg[OffLength:], uint32(len(msg)))
	if _, err := ParseMessage(msg); err == nil {
		t.Fatal("octets after the UPDATE parse: nothing to trim")
	}
	fixed, cut, ok := TrimRouteMonitoring(msg)
	if !ok || !bytes.Equal(cut, extra) || len(fixed) != len(msg)-3 {
		t.Fatalf("ok %v, cut %x, %d octets", ok, cut, len(fixed))
	}
	if _, err := ParseMessage(fixed); err != nil {
		t.Errorf("the trimmed message does not parse: %v", err)
	}
	if _, _, ok := TrimRouteMonitoring(fixed); ok {
		t.Error("a message with nothing after its UPDATE was trimmed")
	}
	msg[OffVersion] = Version4
	if _, _, ok := TrimRouteMonitoring(msg); ok {
		t.Error("version 4 carries TLVs after the UPDATE: not trimmed")
	}
}

// TestTableNameV3Allocs: asked of every Route Monitoring the station
// reads, TableName of a version 3 message allocates nothing.
func TestTableNameV3Allocs(t *testing.T) {
	update := append(bytes.Repeat([]byte{0xff}, 16), 0, 23, 2, 0, 0, 0, 0)
	msg := append([]byte{Version3, 0, 0, 0, 0, byte(MsgRouteMonitoring)}, make([]byte, 42)...)
	msg = append(msg, update...)
	binary.BigEndian.PutUint32(msg[OffLength:], uint32(len(msg)))
	v, err := ParseRouteMonitoring(msg)
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { v.TableName() }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
