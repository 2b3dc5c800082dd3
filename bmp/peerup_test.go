package bmp

import "testing"

// TestPortsSwapped: FRR before 8.5 wrote the Peer Up ports in host order
// (FRRouting/frr PR 13198): 179 arrives as 45824. Only that pattern is
// flagged; a session on port 179 or on other ports is not.
func TestPortsSwapped(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	sent := openMsg(t, 65001, "192.0.2.254", false)
	rcvd := openMsg(t, 65002, "192.0.2.1", false)
	for _, tt := range []struct {
		local, remote uint16
		want          bool
	}{
		{45824, 0x409c, true}, // 179 and 40000, both swapped
		{0x409c, 45824, true},
		{179, 40000, false},
		{40000, 179, false},
		{45824, 179, false},
		{1790, 2000, false},
	} {
		m := peerUpMsg(t, h, sent, rcvd)
		m[OffPeerUpLocalPort], m[OffPeerUpLocalPort+1] = byte(tt.local>>8), byte(tt.local)
		m[OffPeerUpRemotePort], m[OffPeerUpRemotePort+1] = byte(tt.remote>>8), byte(tt.remote)
		v, err := ParsePeerUp(m)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.PortsSwapped(); got != tt.want {
			t.Errorf("ports %d, %d: %v", tt.local, tt.remote, got)
		}
	}
}

// TestParsePeerUpPartial: a Peer Up cut after its Sent OPEN is refused,
// with the view of what frames: the fixed fields and the Sent OPEN, no
// Received OPEN, no TLVs, and Decode refuses it.
func TestParsePeerUpPartial(t *testing.T) {
	h := peerHdr(PeerGlobal, 0, "192.0.2.1", 65002)
	sent := openMsg(t, 65001, "192.0.2.254", false)
	rcvd := openMsg(t, 65002, "192.0.2.1", false)
	m := peerUpMsg(t, h, sent, rcvd)
	cut := m[:OffPeerUpSentOpen+len(sent)+5]
	cut[OffLength], cut[OffLength+1], cut[OffLength+2], cut[OffLength+3] = 0, 0, 0, byte(len(cut))
	v, err := ParsePeerUp(cut)
	if err == nil || v.LocalPort() != 179 || len(v.SentOpen()) != len(sent) || v.ReceivedOpen() != nil || v.InformationOff() != 0 {
		t.Fatalf("err %v, port %d, sent %d, received %x, info %d", err, v.LocalPort(), len(v.SentOpen()), v.ReceivedOpen(), v.InformationOff())
	}
	if _, err := v.Decode(); err == nil {
		t.Error("Decode took a partial view")
	}
	if _, err := ParseMessage(cut); err == nil {
		t.Error("ParseMessage took it")
	}
}
