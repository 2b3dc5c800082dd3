package bmp

import (
	"bytes"
	"testing"
)

// TestLocatePeerDown checks where the data of each reason is found and
// that data which does not fit its reason is reported with its offset
// (the message still decodes, raw, and re-encodes as it was). The
// departures are those of real exporters: FRR before 7.5.1 sent reason 1
// with no NOTIFICATION on a next-hop tracking failure (FRRouting/frr#8067),
// GoBGP sends reserved reason 0 with no data (sbezverk/gobmp#209).
func TestLocatePeerDown(t *testing.T) {
	const notif = "ffffffffffffffffffffffffffffffff 0015 03 06 02"
	tests := []struct {
		name                     string
		hex                      string
		fieldOff, fieldLen, tlvs int
		problemOff               int // -1: no problem
		raw                      bool
	}{
		{"reason 1 with its NOTIFICATION", "03 00000046 02" + vecPeer + "01" + notif, 49, 21, 0, -1, false},
		{"reason 1 with nothing (FRR next-hop tracking failure)", "03 00000031 02" + vecPeer + "01", 0, 0, 0, 49, true},
		{"reason 3 with a KEEPALIVE, not a NOTIFICATION", "03 00000044 02" + vecPeer + "03 ffffffffffffffffffffffffffffffff 0013 04", 0, 0, 0, 67, true},
		{"reason 3 with a NOTIFICATION that overruns", "03 00000044 02" + vecPeer + "03 ffffffffffffffffffffffffffffffff 0015 03", 0, 0, 0, 65, true},
		{"reason 1, version 3, octets after the NOTIFICATION", "03 00000047 02" + vecPeer + "01" + notif + "aa", 49, 21, 0, 70, true},
		{"reason 2 with one octet", "03 00000032 02" + vecPeer + "02 00", 0, 0, 0, 49, true},
		{"reason 2 then TLVs, version 4", "04 00000039 02" + vecPeer + "02 0000 0000 0002 6869", 49, 2, 51, -1, false},
		{"reason 4, version 3, with data", "03 00000034 02" + vecPeer + "04 010203", 0, 0, 0, 49, true},
		{"reason 5, version 4, TLV that overruns", "04 00000036 02" + vecPeer + "05 0000 0005 68", 0, 0, 0, 49, true},
		{"reason 6 with a VRF/Table Name", "03 0000003b 02" + vecPeer + "06 0003 0006 676c6f62616c", 0, 0, 49, -1, false},
		{"reason 6 with a TLV that overruns", "03 00000037 02" + vecPeer + "06 0003 0006 6767", 0, 0, 0, 49, true},
		{"reserved reason 0 with no data (GoBGP)", "03 00000031 02" + vecPeer + "00", 0, 0, 0, -1, true},
		{"unassigned reason 7 with data", "03 00000033 02" + vecPeer + "07 0001", 0, 0, 0, 49, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := unhex(t, tt.hex)
			l, err := LocatePeerDown(msg)
			if err != nil {
				t.Fatalf("LocatePeerDown: %v", err)
			}
			if l.FieldOff != tt.fieldOff || l.FieldLen != tt.fieldLen || l.TLVOff != tt.tlvs {
				t.Errorf("field %d+%d, TLVs at %d; want %d+%d, %d", l.FieldOff, l.FieldLen, l.TLVOff, tt.fieldOff, tt.fieldLen, tt.tlvs)
			}
			switch {
			case tt.problemOff < 0 && l.Problem != nil:
				t.Errorf("problem %v, want none", l.Problem)
			case tt.problemOff >= 0 && l.Problem == nil:
				t.Errorf("no problem, want one at %d", tt.problemOff)
			case tt.problemOff >= 0 && l.Problem.Off != tt.problemOff:
				t.Errorf("problem %v, want it at %d", l.Problem, tt.problemOff)
			}
			m, err := DecodeMessage(msg)
			if err != nil {
				t.Fatalf("DecodeMessage: %v", err)
			}
			pd := m.(PeerDown)
			if (pd.Data != nil) != tt.raw {
				t.Errorf("Data %x, raw %v", pd.Data, tt.raw)
			}
			if out := mustAppend(t, pd); !bytes.Equal(out, msg) {
				t.Fatalf("Append\n got %x\nwant %x", out, msg)
			}
		})
	}
}

// TestPeerDownReasonRegistry checks the registry rows: names and the
// layouts the decoder takes from them.
func TestPeerDownReasonRegistry(t *testing.T) {
	tests := []struct {
		r    PeerDownReason
		name string
		data PeerDownData
	}{
		{0, "Reserved", PeerDownDataUnknown},
		{1, "Local system closed, NOTIFICATION PDU follows", PeerDownDataNotification},
		{2, "Local system closed, FSM Event follows", PeerDownDataFSMEvent},
		{3, "Remote system closed, NOTIFICATION PDU follows", PeerDownDataNotification},
		{4, "Remote system closed, no data", PeerDownDataNone},
		{5, "Peer de-configured", PeerDownDataNone},
		{6, "Local system closed, TLV data follows", PeerDownDataTLVs},
		{7, "PeerDownReason(7)", PeerDownDataUnknown},
		{252, "Experimental", PeerDownDataUnknown},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.name {
			t.Errorf("%d: String %q, want %q", tt.r, got, tt.name)
		}
		if got := tt.r.Data(); got != tt.data {
			t.Errorf("%d: Data %d, want %d", tt.r, got, tt.data)
		}
	}
}
