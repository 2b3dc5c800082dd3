package bmp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// The per-peer header of the vectors (RFC 7854 §4.2): a Global Instance
// peer 192.0.2.1, AS 65002, BGP ID 192.0.2.1, at 1600000000.000001.
const vecPeer = `
00                                  # Peer Type: Global Instance Peer
00                                  # Peer Flags: IPv4, pre-policy, 4-octet AS_PATH, Adj-RIB-In
0000000000000000                    # Peer Distinguisher
00000000 00000000 00000000 c0000201 # Peer Address 192.0.2.1, 12 leading zeros
0000fdea                            # Peer AS 65002
c0000201                            # Peer BGP ID 192.0.2.1
5f5e1000                            # Timestamp (seconds) 1600000000
00000001                            # Timestamp (microseconds) 1
`

var vecPeerHeader = PeerHeader{
	Type: PeerGlobal, Address: mustAddr("192.0.2.1"), AS: 65002, BGPID: mustAddr("192.0.2.1"),
	Seconds: 1600000000, Microseconds: 1,
}

// An UPDATE that is an IPv4 End-of-RIB (RFC 4724 §2), 23 octets.
const vecEoR = `
ffffffffffffffffffffffffffffffff 0017 02 # BGP header: length 23, UPDATE
0000 0000                                # no withdrawn routes, no attributes
`

// The OPENs of the Peer Up vector (RFC 4271 §4.2, RFC 6793 §3).
const vecOpenSent = `
ffffffffffffffffffffffffffffffff 0025 01 # BGP header: length 37, OPEN
04 fde9 00b4 c00002fe                    # version 4, My AS 65001, Hold Time 180, BGP Identifier 192.0.2.254
08 02 06 41 04 0000fde9                  # Opt Parm Len 8: Capabilities, 4-octet AS 65001
`

const vecOpenRcvd = `
ffffffffffffffffffffffffffffffff 0025 01 # BGP header: length 37, OPEN
04 fdea 005a c0000201                    # version 4, My AS 65002, Hold Time 90, BGP Identifier 192.0.2.1
08 02 06 41 04 0000fdea                  # Opt Parm Len 8: Capabilities, 4-octet AS 65002
`

// TestMessageVectors decodes one message of each type, written from the
// figures of RFC 7854 §4 (and RFC 9069, draft-ietf-grow-bmp-tlv), checks
// every field and that Append gives back the octets.
func TestMessageVectors(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want Message
	}{
		{"Initiation (§4.3)", `
			03 00000016 04        # version 3, length 22, Initiation
			0001 0004 74657374    # sysDescr "test"
			0002 0004 72746131    # sysName "rta1"`,
			Initiation{Version: 3, Information: []TLV{{Type: 1, Value: []byte("test")}, {Type: 2, Value: []byte("rta1")}}}},
		{"Termination (§4.5)", `
			03 00000013 05        # version 3, length 19, Termination
			0000 0003 627965      # String "bye"
			0001 0002 0001        # Reason 1: unspecified`,
			Termination{Version: 3, Information: []TLV{{Type: 0, Value: []byte("bye")}, {Type: 1, Value: []byte{0, 1}}}}},
		{"Route Monitoring (§4.6)", `
			03 00000047 00        # version 3, length 71, Route Monitoring` + vecPeer + vecEoR,
			RouteMonitoring{Version: 3, Peer: vecPeerHeader, BGP: unhex(t, vecEoR)}},
		{"Statistics Report (§4.8)", `
			03 00000057 01        # version 3, length 87, Statistics Report` + vecPeer + `
			00000003              # Stats Count 3
			0000 0004 0000000e    # type 0, prefixes rejected by inbound policy: 14
			0007 0008 0000000000001000 # type 7, routes in Adj-RIBs-In: 4096
			0009 000b 0002 01 0000000000000020 # type 9, per-AFI/SAFI Adj-RIB-In, IPv6 unicast: 32`,
			StatisticsReport{Version: 3, Peer: vecPeerHeader, Stats: []Stat{
				{0, []byte{0, 0, 0, 14}},
				{7, []byte{0, 0, 0, 0, 0, 0, 0x10, 0}},
				{9, []byte{0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0x20}},
			}}},
		{"Peer Down, reason 1 with a NOTIFICATION (§4.9)", `
			03 00000046 02        # version 3, length 70, Peer Down` + vecPeer + `
			01                    # reason 1: local system closed, NOTIFICATION PDU follows
			ffffffffffffffffffffffffffffffff 0015 03 06 02 # NOTIFICATION Cease/Administrative Shutdown`,
			PeerDown{Version: 3, Peer: vecPeerHeader, Reason: 1, Notification: unhex(t, "ffffffffffffffffffffffffffffffff 0015 03 06 02")}},
		{"Peer Down, reason 2 with an FSM event (§4.9)", `
			03 00000033 02` + vecPeer + `
			02 0012               # reason 2, FSM event 18`,
			PeerDown{Version: 3, Peer: vecPeerHeader, Reason: 2, FSMEvent: 18}},
		{"Peer Down, reason 4 (§4.9)", `
			03 00000031 02` + vecPeer + `
			04                    # reason 4: remote system closed, no data`,
			PeerDown{Version: 3, Peer: vecPeerHeader, Reason: 4}},
		{"Peer Down, reason 6 with a VRF/Table Name TLV (RFC 9069 §5.3)", `
			03 0000003b 02` + vecPeer + `
			06                    # reason 6: local system closed, TLV data follows
			0003 0006 676c6f62616c # VRF/Table Name "global"`,
			PeerDown{Version: 3, Peer: vecPeerHeader, Reason: 6, TLVs: []TLV{{Type: 3, Value: []byte("global")}}}},
		{"Peer Down, version 4: reason 2 then TLVs (draft-ietf-grow-bmp-tlv)", `
			04 00000039 02` + vecPeer + `
			02 0000               # reason 2, FSM event 0
			0000 0002 6869        # TLV type 0, "hi"`,
			PeerDown{Version: 4, Peer: vecPeerHeader, Reason: 2, TLVs: []TLV{{Type: 0, Value: []byte("hi")}}}},
		{"Peer Down, data that does not fit the reason, kept raw", `
			03 00000034 02` + vecPeer + `
			04 010203             # reason 4 takes no data`,
			PeerDown{Version: 3, Peer: vecPeerHeader, Reason: 4, Data: []byte{1, 2, 3}}},
		{"Peer Up (§4.10)", `
			03 00000096 03        # version 3, length 150, Peer Up` + vecPeer + `
			00000000 00000000 00000000 c00002fe # Local Address 192.0.2.254
			00b3 9c40             # Local Port 179, Remote Port 40000` + vecOpenSent + vecOpenRcvd + `
			0000 0004 70656572    # Information: String "peer"`,
			PeerUp{Version: 3, Peer: vecPeerHeader, LocalAddress: mustAddr("192.0.2.254"), LocalPort: 179, RemotePort: 40000,
				SentOpen: unhex(t, vecOpenSent), ReceivedOpen: unhex(t, vecOpenRcvd),
				Information: []TLV{{Type: 0, Value: []byte("peer")}}}},
		{"Route Mirroring (§4.7)", `
			03 0000004d 06        # version 3, length 77, Route Mirroring` + vecPeer + `
			0000 0013 ffffffffffffffffffffffffffffffff 0013 04 # BGP Message: a KEEPALIVE
			0001 0002 0001        # Information: Messages Lost`,
			RouteMirroring{Version: 3, Peer: vecPeerHeader, TLVs: []TLV{
				{Type: 0, Value: unhex(t, "ffffffffffffffffffffffffffffffff 0013 04")},
				{Type: 1, Value: []byte{0, 1}},
			}}},
		{"unknown type, kept raw", `
			03 00000009 09 aabbcc # version 3, length 9, type 9`,
			Unknown{Version: 3, MsgType: 9, Body: []byte{0xaa, 0xbb, 0xcc}}},
		{"Route Monitoring, version 4 (draft-ietf-grow-bmp-tlv-20)", `
			04 00000059 00        # version 4, length 89, Route Monitoring` + vecPeer + `
			0005 0006 0000 676c6f62616c # VRF/Table Name, index 0, "global"
			0007 0017 0000` + vecEoR + `# BGP Message, index 0`,
			RouteMonitoring{Version: 4, Peer: vecPeerHeader, TLVs: []TLV{
				{Type: 5, Value: []byte("global")},
				{Type: 7, Value: unhex(t, vecEoR)},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := unhex(t, tt.hex)
			got, err := DecodeMessage(msg)
			if err != nil {
				t.Fatalf("DecodeMessage: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("decoded\n got %#v\nwant %#v", got, tt.want)
			}
			if got.Type() != tt.want.Type() {
				t.Errorf("Type %v", got.Type())
			}
			out := mustAppend(t, tt.want)
			if !bytes.Equal(out, msg) {
				t.Fatalf("Append\n got %x\nwant %x", out, msg)
			}
		})
	}
}

// TestMessageVectorGetters reads the values the vectors above carry
// through the typed getters.
func TestMessageVectorGetters(t *testing.T) {
	st := StatisticsReport{Stats: []Stat{
		{0, []byte{0, 0, 0, 14}},
		{7, []byte{0, 0, 0, 0, 0, 0, 0x10, 0}},
		{9, []byte{0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0x20}},
		{65531, []byte{0, 0, 0, 1}},
	}}
	if c, ok := st.Stats[0].Counter(); !ok || c != 14 || !st.Stats[0].WellFormed() {
		t.Errorf("counter %d %v", c, ok)
	}
	if g, ok := st.Stats[1].Gauge(); !ok || g != 4096 || !st.Stats[1].WellFormed() {
		t.Errorf("gauge %d %v", g, ok)
	}
	if f, g, ok := st.Stats[2].FamilyGauge(); !ok || f != bgp.IPv6Unicast || g != 32 || !st.Stats[2].WellFormed() {
		t.Errorf("family gauge %v %d %v", f, g, ok)
	}
	if _, ok := st.Stats[0].Gauge(); ok {
		t.Error("a 4-octet value read as a gauge")
	}
	if st.Stats[3].WellFormed() || st.Stats[3].Type.String() != "Experimental" {
		t.Errorf("experimental type: %v %v", st.Stats[3].WellFormed(), st.Stats[3].Type)
	}
	if v, ok := st.Stats[3].Uint(); !ok || v != 1 {
		t.Errorf("Uint %d %v", v, ok)
	}

	term := Termination{Information: []TLV{{Type: 0, Value: []byte("bye")}, {Type: 1, Value: []byte{0, 4}}}}
	if r, ok := term.Reason(); !ok || r != TermPermAdminClosed {
		t.Errorf("termination reason %v %v", r, ok)
	}
	if term.Information[0].Text() != "bye" {
		t.Error("Text")
	}

	pd := PeerDown{Reason: 1, Notification: unhex(t, "ffffffffffffffffffffffffffffffff 0015 03 06 02")}
	n, err := pd.DecodeNotification()
	if err != nil || n.Code != bgp.CodeCease || n.Subcode != 2 {
		t.Errorf("notification %v %v", n, err)
	}
	if _, err := (PeerDown{Reason: 4}).DecodeNotification(); err == nil {
		t.Error("reason 4 has no NOTIFICATION")
	}

	mir := RouteMirroring{TLVs: []TLV{{Type: 0, Value: []byte{1}}, {Type: 1, Value: []byte{0, 1}}, {Type: 0, Value: []byte{2}}}}
	if got := mir.BGPMessages(); len(got) != 2 || got[0][0] != 1 || got[1][0] != 2 {
		t.Errorf("BGPMessages %v", got)
	}
}

// TestPeerHeaderFlags reads the flags of every peer type (RFC 7854 §4.2,
// RFC 8671 §4, RFC 9069 §4.2: for Loc-RIB the first bit is F, not V).
func TestPeerHeaderFlags(t *testing.T) {
	tests := []struct {
		typ                          PeerType
		flags                        PeerFlags
		v6, post, as2, out, filtered bool
		rib                          RIB
		names                        string
	}{
		{PeerGlobal, 0x00, false, false, false, false, false, RIBInPre, "-"},
		{PeerGlobal, 0x80, true, false, false, false, false, RIBInPre, "V"},
		{PeerGlobal, 0x40, false, true, false, false, false, RIBInPost, "L"},
		{PeerRD, 0x20, false, false, true, false, false, RIBInPre, "A"},
		{PeerLocal, 0x10, false, false, false, true, false, RIBOutPre, "O"},
		{PeerGlobal, 0x50, false, true, false, true, false, RIBOutPost, "L,O"},
		{PeerGlobal, 0xf1, true, true, true, true, false, RIBOutPost, "V,L,A,O,bit7"},
		{PeerLocRIB, 0x80, false, false, false, false, true, RIBLoc, "F"},
		{PeerLocRIB, 0x70, false, false, false, false, false, RIBLoc, "bit1,bit2,bit3"},
	}
	for _, tt := range tests {
		h := PeerHeader{Type: tt.typ, Flags: tt.flags}
		if h.IPv6() != tt.v6 || h.PostPolicy() != tt.post || h.AS2() != tt.as2 || h.AdjRIBOut() != tt.out ||
			h.Filtered() != tt.filtered || h.RIB() != tt.rib || h.FlagNames() != tt.names {
			t.Errorf("%v %#x: V %v L %v A %v O %v F %v RIB %v names %q", tt.typ, tt.flags,
				h.IPv6(), h.PostPolicy(), h.AS2(), h.AdjRIBOut(), h.Filtered(), h.RIB(), h.FlagNames())
		}
	}
}

// TestPeerAddress covers the three forms of the Peer Address (RFC 7854
// §4.2) and the peer distinguisher as a route distinguisher.
func TestPeerAddress(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want PeerHeader
	}{
		{"IPv6 peer", `
			01 80                               # RD Instance Peer, V
			0000fde9 00000064                   # Peer Distinguisher 65001:100 (type 0)
			20010db8 00000000 00000000 00000001 # 2001:db8::1
			00000001 0a000001 00000000 00000000`,
			PeerHeader{Type: PeerRD, Flags: FlagV, Distinguisher: bgp.RD{0, 0, 0xfd, 0xe9, 0, 0, 0, 100},
				Address: mustAddr("2001:db8::1"), AS: 1, BGPID: mustAddr("10.0.0.1")}},
		{"IPv4-mapped address with V set stays 16 octets", `
			00 80 0000000000000000
			00000000 00000000 0000ffff c0000201 # ::ffff:192.0.2.1
			00000001 0a000001 00000000 00000000`,
			PeerHeader{Flags: FlagV, Address: mustAddr("::ffff:192.0.2.1"), AS: 1, BGPID: mustAddr("10.0.0.1")}},
		{"V clear but padding not zero: kept as 16 octets", `
			00 00 0000000000000000
			00000001 00000000 00000000 c0000201
			00000001 0a000001 00000000 00000000`,
			PeerHeader{Address: mustAddr("0:1::c000:201"), AS: 1, BGPID: mustAddr("10.0.0.1")}},
		{"Loc-RIB with F: zero-filled address read as IPv4 (RFC 9069 §5.1)", `
			03 80 0000000000000000
			00000000 00000000 00000000 00000000
			0000fde9 0a000001 00000000 00000000`,
			PeerHeader{Type: PeerLocRIB, Flags: FlagF, Address: mustAddr("0.0.0.0"), AS: 65001, BGPID: mustAddr("10.0.0.1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := unhex(t, tt.hex)
			msg := append(unhex(t, "03 00000030 00"), body...)
			got := parsePeerHeader(msg)
			if got != tt.want {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
			out, _ := got.AppendBinary(nil)
			if !bytes.Equal(out, body) {
				t.Fatalf("AppendBinary %x", out)
			}
		})
	}
	if s := (PeerKey{Type: PeerRD, Distinguisher: bgp.RD{0, 0, 0xfd, 0xe9, 0, 0, 0, 100}, Address: mustAddr("192.0.2.1"), RIB: RIBInPost}).String(); s != "RD Instance Peer rd 65001:100 192.0.2.1 adj-rib-in-post" {
		t.Errorf("PeerKey.String %q", s)
	}
	h := PeerHeader{Seconds: 1600000000, Microseconds: 5}
	if h.Time().UnixMicro() != 1600000000000005 || !(PeerHeader{}).Time().IsZero() {
		t.Error("Time")
	}
}

// TestMessageErrors shows the offset and reason of framing errors.
func TestMessageErrors(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		off  int
	}{
		{"shorter than the common header", "03 000000", 4},
		{"version 1", "01 00000006 04", OffVersion},
		{"length below 6", "03 00000005 04", OffLength},
		{"shorter than its length", "03 00000010 04 0000", 8},
		{"per-peer header cut", "03 00000010 00 0000000000000000 0000", 16},
		{"Initiation TLV overruns", "03 0000000c 04 0001 0004 7465", 6},
		{"Route Monitoring BGP length disagrees", "03 00000047 00" + vecPeer + "ffffffffffffffffffffffffffffffff 0018 02 0000 0000", OffBody + 16},
		{"Route Monitoring BGP shorter than its header", "03 00000035 00" + vecPeer + "ffff ffff ff", 53},
		{"Stats Count too large", "03 0000003c 01" + vecPeer + "00000002 0000 0004 00000001", OffBody + 12},
		{"Statistics Report without count", "03 00000031 01" + vecPeer + "00", 49},
		{"Peer Down without reason", "03 00000030 02" + vecPeer, 48},
		{"Peer Up cut in the fixed fields", "03 00000040 03" + vecPeer + "00000000 00000000 00000000 c00002fe", 64},
		{"Peer Up Sent OPEN overruns", "03 00000057 03" + vecPeer + "00000000 00000000 00000000 c00002fe 00b3 9c40 ffffffffffffffffffffffffffffffff 0025 01", OffPeerUpSentOpen + 16},
		{"Peer Up information TLV overruns", "03 00000090 03" + vecPeer + "00000000 00000000 00000000 c00002fe 00b3 9c40" + vecOpenSent + vecOpenRcvd + "0000", 142},
		{"Route Mirroring TLV overruns", "03 00000035 06" + vecPeer + "0000 0013 ff", OffBody},
		{"version 4 Route Monitoring TLV overruns", "04 00000034 00" + vecPeer + "0007 0017 00", OffBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMessage(unhex(t, tt.hex))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want *Error", err)
			}
			if e.Off != tt.off {
				t.Errorf("offset %d, want %d (%v)", e.Off, tt.off, e)
			}
			if e.Error() == "" || e.Reason == "" {
				t.Error("empty reason")
			}
		})
	}
}

// TestRouteMonitoringView reads a Route Monitoring in place.
func TestRouteMonitoringView(t *testing.T) {
	msg := unhex(t, "03 00000047 00"+vecPeer+vecEoR)
	v, err := ParseRouteMonitoring(msg)
	if err != nil {
		t.Fatal(err)
	}
	if v.Peer() != vecPeerHeader || v.Version() != 3 || v.BGPOff() != OffBody || !bytes.Equal(v.BGPMessage(), unhex(t, vecEoR)) {
		t.Fatalf("view %+v", v)
	}
	u, err := v.Update(bgp.Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := u.EndOfRIB(); !ok || f != bgp.IPv4Unicast {
		t.Error("not an IPv4 End-of-RIB")
	}
	n := 0
	for range v.TLVs() {
		n++
	}
	if n != 0 {
		t.Error("version 3 has no TLVs")
	}
	if _, err := ParseRouteMonitoring(unhex(t, "03 00000016 04 0001 0004 74657374 0002 0004 72746131")); err == nil {
		t.Error("an Initiation parsed as Route Monitoring")
	}

	// Version 4 with the BGP Message TLV numbered 4, as in revisions -13
	// to -19 of the draft.
	v4 := unhex(t, "04 0000004d 00"+vecPeer+"0004 0017 0000"+vecEoR)
	v, err = ParseRouteMonitoring(v4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v.BGPMessage(), unhex(t, vecEoR)) || v.BGPOff() != OffBody+6 {
		t.Errorf("old BGP Message TLV not found: %x", v.BGPMessage())
	}
	m, _ := v.Decode()
	if !bytes.Equal(m.BGPMessage(), unhex(t, vecEoR)) {
		t.Error("owned BGPMessage")
	}
	// Version 4 without a BGP message: framed, but Update fails.
	v, err = ParseRouteMonitoring(unhex(t, "04 00000036 00"+vecPeer+"0005 0000 0000"))
	if err != nil {
		t.Fatal(err)
	}
	if v.BGPMessage() != nil {
		t.Error("BGP message found")
	}
	if _, err := v.Update(bgp.Session{}); err == nil {
		t.Error("Update without a BGP message")
	}
}

// TestPeerUpView reads a Peer Up in place.
func TestPeerUpView(t *testing.T) {
	msg := unhex(t, "03 00000096 03"+vecPeer+"00000000 00000000 00000000 c00002fe 00b3 9c40"+vecOpenSent+vecOpenRcvd+"0000 0004 70656572")
	mv, err := ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := mv.PeerUp()
	if !ok {
		t.Fatal("not a Peer Up")
	}
	if _, ok := mv.RouteMonitoring(); ok {
		t.Error("a Peer Up is not a Route Monitoring")
	}
	if v.LocalAddress() != mustAddr("192.0.2.254") || v.LocalPort() != 179 || v.RemotePort() != 40000 {
		t.Errorf("fixed fields %v %d %d", v.LocalAddress(), v.LocalPort(), v.RemotePort())
	}
	if !bytes.Equal(v.SentOpen(), unhex(t, vecOpenSent)) || !bytes.Equal(v.ReceivedOpen(), unhex(t, vecOpenRcvd)) ||
		v.ReceivedOpenOff() != OffPeerUpSentOpen+37 || v.InformationOff() != OffPeerUpSentOpen+74 {
		t.Error("OPENs")
	}
	var info []TLVView
	for tl := range v.Information() {
		info = append(info, tl)
	}
	if len(info) != 1 || PeerUpTLVType(info[0].Type) != PeerUpString || info[0].Text() != "peer" || info[0].Off != 142 {
		t.Errorf("information %+v", info)
	}
	s, ms := v.Session(RIBInPre)
	if !s.AS4 || len(ms) != 0 {
		t.Errorf("session %+v %v", s, ms)
	}
}
