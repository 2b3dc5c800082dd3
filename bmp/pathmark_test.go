package bmp

import (
	"slices"
	"testing"
)

// TestPathMarking reads Path Status values written from the layout of
// draft-ietf-grow-bmp-path-marking-tlv: a 4-octet status bitmap, then an
// optional 2-octet reason code.
func TestPathMarking(t *testing.T) {
	tests := []struct {
		hex  string
		ok   bool
		want string
	}{
		{"0000008a", true, "Best, Primary, Add-Path"},                   // NetGauze's path-status capture
		{"00000004 0006", true, "Non-selected (Not preferred for MED)"}, // reason follows
		{"00000001 0001", true, "Invalid (Invalid due to AS loop)"},
		{"00000c00", true, "Stale, Suppressed"},
		{"00001000", true, "bit 12"}, // a bit the draft does not name
		{"00000000", true, "Unknown"},
		{"00000002 00ff", true, "Best (PathReason(255))"},
		{"000000", false, ""},
		{"0000000200", false, ""},
		{"00000002 0000 00", false, ""},
	}
	for _, tt := range tests {
		m, ok := ParsePathMarking(unhex(t, tt.hex))
		if ok != tt.ok || ok && m.String() != tt.want {
			t.Errorf("%s: %q %v, want %q %v", tt.hex, m.String(), ok, tt.want, tt.ok)
		}
	}
	if PathBest|PathAddPath != 0x82 || PathSuppressed != 0x800 || ReasonAIGP != 11 {
		t.Error("code points moved")
	}
}

// TestV4Numbering reads the TLVs of version 4 Route Monitoring messages
// under the numbering their BGP Message TLV shows.
func TestV4Numbering(t *testing.T) {
	draft20 := unhex(t, `04 00000059 00`+vecPeer+`
		0005 0006 0000 676c6f62616c # VRF/Table Name (-20: type 5)
		0007 0017 0000`+vecEoR)
	// The interim numbering, as in NetGauze's path-status capture: Group
	// 2, VRF/Table Name 3, BGP Message 4, Path Status 5.
	interim := unhex(t, `04 0000006d 00`+vecPeer+`
		0002 0004 8001 00010002     # Group, index 0x8001: indexes 1 and 2
		0003 0006 0000 676c6f62616c # VRF/Table Name
		0004 0017 0000`+vecEoR+`    # BGP Message
		0005 0004 0001 0000008a     # Path Status of NLRI 1`)
	for _, tt := range []struct {
		msg   []byte
		n     V4Numbering
		kinds []V4TLVKind
	}{
		{draft20, V4Draft20, []V4TLVKind{V4KindVRFTableName, V4KindBGPMessage}},
		{interim, V4Interim, []V4TLVKind{V4KindGroup, V4KindVRFTableName, V4KindBGPMessage, V4KindPathStatus}},
	} {
		v, err := ParseRouteMonitoring(tt.msg)
		if err != nil {
			t.Fatal(err)
		}
		if v.Numbering() != tt.n || len(v.BGPMessage()) != 23 {
			t.Errorf("numbering %v, UPDATE %d octets", v.Numbering(), len(v.BGPMessage()))
		}
		var kinds []V4TLVKind
		for tl := range v.TLVs() {
			kinds = append(kinds, v.TLVKind(tl))
		}
		if !slices.Equal(kinds, tt.kinds) {
			t.Errorf("%v: kinds %v, want %v", tt.n, kinds, tt.kinds)
		}
		if name, ok := v.TableName(); !ok || name != "global" {
			t.Errorf("%v: table name %q %v", tt.n, name, ok)
		}
	}
	if V4Draft20.Kind(5) != V4KindVRFTableName || V4Interim.Kind(5) != V4KindPathStatus ||
		V4Draft20.Kind(0x8005) != V4KindEnterprise || V4Draft20.Kind(8) != V4KindUnknown {
		t.Error("Kind")
	}
	if V4Interim.TypeString(9) != "V4TLVType(9)" || V4Interim.TypeString(0x8003) != "Enterprise(3)" ||
		V4BGPMessage.String() != "BGP Message" || V4TLVType(0x8001).String() != "Enterprise(1)" {
		t.Error("names")
	}
}

// TestHuaweiMessageType: type 100 is named after the Huawei draft it
// carries, and stays a type this package does not decode.
func TestHuaweiMessageType(t *testing.T) {
	if m := MsgType(100); m.String() != "Route Policy and Attribute Trace" || m.Known() || m.HasPeerHeader() ||
		m.JSONName() != "unknown" || MsgType(99).String() != "MsgType(99)" {
		t.Errorf("%v %v %v", m, m.Known(), m.Ref())
	}
}
