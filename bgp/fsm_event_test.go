package bgp

import "testing"

// TestFSMEvent: the names and sections of RFC 4271 §8.1, 0 as RFC 7854
// §4.9 reads it, and unnumbered events.
func TestFSMEvent(t *testing.T) {
	for _, tt := range []struct {
		e         FSMEvent
		name, ref string
	}{
		{0, "no relevant event", "RFC 7854 §4.9"},
		{1, "ManualStart", "RFC 4271 §8.1.2"},
		{8, "AutomaticStop", "RFC 4271 §8.1.2"},
		{9, "ConnectRetryTimer_Expires", "RFC 4271 §8.1.3"},
		{13, "IdleHoldTimer_Expires", "RFC 4271 §8.1.3"},
		{14, "TcpConnection_Valid", "RFC 4271 §8.1.4"},
		{18, "TcpConnectionFails", "RFC 4271 §8.1.4"},
		{19, "BGPOpen", "RFC 4271 §8.1.5"},
		{28, "UpdateMsgErr", "RFC 4271 §8.1.5"},
		{29, "FSMEvent(29)", ""},
	} {
		if tt.e.String() != tt.name || tt.e.Ref() != tt.ref {
			t.Errorf("%d: %q %q", tt.e, tt.e.String(), tt.e.Ref())
		}
	}
}
