package bgp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// ericssonLog is a NOTIFICATION as an Ericsson router logs it: four vendor
// octets, then the whole message.
const ericssonLog = `0000 0000 ffff ffff ffff ffff ffff ffff ffff ffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01`

func TestDecodeNotificationEricssonLog(t *testing.T) {
	raw := unhex(t, ericssonLog)
	msg := raw[4:] // drop the vendor prefix
	n, err := DecodeNotification(msg, Session{})
	if err != nil {
		t.Fatal(err)
	}
	// Length 0x0020 = 32: header 19, code 3 UPDATE Message Error, subcode
	// 4 Attribute Flags Error, 11 octets of data.
	if n.Code != CodeUpdate || n.Subcode != SubAttributeFlagsError || len(n.Data) != 11 {
		t.Fatalf("got %d/%d data %x", n.Code, n.Subcode, n.Data)
	}
	if k, ref := n.DataKind(); k != DataAttribute || ref != "RFC 4271 §6.3" {
		t.Errorf("data kind %v %q", k, ref)
	}
	// The data is the erroneous attribute: flags 0xE0 (optional,
	// transitive, partial), type 7 AGGREGATOR, length 8, AS 197357,
	// address 91.220.63.1.
	a, err := ParseAttr(n.Data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Flags != FlagOptional|FlagTransitive|FlagPartial || a.Type != AttrAggregator || len(a.Value) != 8 || a.Len() != len(n.Data) {
		t.Fatalf("attribute %v %v len %d", a.Flags, a.Type, len(a.Value))
	}
	if as := binary.BigEndian.Uint32(a.Value); as != 197357 {
		t.Errorf("AS %d", as)
	}
	if addr := netip.AddrFrom4([4]byte(a.Value[4:8])); addr != netip.MustParseAddr("91.220.63.1") {
		t.Errorf("address %v", addr)
	}
	want := "UPDATE Message Error/Attribute Flags Error (3/4): attribute AGGREGATOR [optional|transitive|partial] length 8 value 000302ed5bdc3f01"
	if got := n.String(); got != want {
		t.Errorf("String\n got %s\nwant %s", got, want)
	}
	// Data aliases the input.
	if &n.Data[0] != &msg[OffNotificationData] {
		t.Error("Data does not alias the message")
	}
	out, err := n.Append(nil, Session{})
	if err != nil || !bytes.Equal(out, msg) {
		t.Errorf("round trip %x, %v", out, err)
	}
}

// notifVectors are whole NOTIFICATION messages, one per family of code and
// data layout, with the String each must give.
var notifVectors = []struct {
	name     string
	hex      string
	code     Code
	sub      uint8
	kind     DataKind
	str      string
	extended bool
}{
	{"cease admin shutdown", `
		ffffffff ffffffff ffffffff ffffffff 0021 03 # length 33, NOTIFICATION
		06 02                                       # Cease, Administrative Shutdown
		0b 6d61696e74656e616e6365                   # RFC 9003: length 11, "maintenance"`,
		CodeCease, SubAdministrativeShutdown, DataShutdownCommunication,
		`Cease/Administrative Shutdown (6/2): "maintenance"`, false},
	{"cease hard reset of admin shutdown", `
		ffffffff ffffffff ffffffff ffffffff 0023 03 # length 35
		06 09                                       # Cease, Hard Reset
		06 02                                       # RFC 8538: inner Cease/Administrative Shutdown
		0b 6d61696e74656e616e6365                   # inner data: "maintenance"`,
		CodeCease, SubHardReset, DataHardReset,
		`Cease/Hard Reset (6/9): Cease/Administrative Shutdown (6/2): "maintenance"`, false},
	{"cease max prefixes", `
		ffffffff ffffffff ffffffff ffffffff 001c 03 # length 28
		06 01                                       # Cease, Maximum Number of Prefixes Reached
		0001 01 000003e8                            # RFC 4486: AFI 1, SAFI 1, limit 1000`,
		CodeCease, SubMaxPrefixes, DataMaxPrefixes,
		`Cease/Maximum Number of Prefixes Reached (6/1): IPv4 Unicast, limit 1000`, false},
	{"route refresh invalid length", `
		ffffffff ffffffff ffffffff ffffffff 002d 03 # length 45
		07 01                                       # ROUTE-REFRESH Message Error, Invalid Message Length
		ffffffff ffffffff ffffffff ffffffff 0018 05 # RFC 7313: the whole ROUTE-REFRESH, length 24
		0001 00 01 00                               # AFI 1, subtype 0, SAFI 1, one stray octet`,
		CodeRouteRefresh, SubInvalidMessageLength, DataMessage,
		`ROUTE-REFRESH Message Error/Invalid Message Length (7/1): message ROUTE-REFRESH length 24, data ffffffffffffffffffffffffffffffff0018050001000100`, false},
	{"send hold timer expired", `
		ffffffff ffffffff ffffffff ffffffff 0015 03 # length 21
		08 00                                       # Send Hold Timer Expired (RFC 9687)`,
		CodeSendHoldTimerExpired, 0, DataNone, `Send Hold Timer Expired (8/0)`, false},
	{"hold timer expired", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		04 00`,
		CodeHoldTimerExpired, 0, DataNone, `Hold Timer Expired (4/0)`, false},
	{"cease unspecific", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		06 00                                       # Cease, subcode 0 (IANA: Reserved)`,
		CodeCease, 0, DataNone, `Cease (6/0)`, false},
	{"unknown code", `
		ffffffff ffffffff ffffffff ffffffff 0017 03
		2a 01 0102                                  # code 42: unassigned`,
		42, 1, DataRaw, `Code(42)/Subcode(1) (42/1): data 0102`, false},
	{"unknown cease subcode", `
		ffffffff ffffffff ffffffff ffffffff 0016 03
		06 63 ff                                    # Cease, subcode 99: unassigned`,
		CodeCease, 99, DataRaw, `Cease/Subcode(99) (6/99): data ff`, false},
	{"bad message length", `
		ffffffff ffffffff ffffffff ffffffff 0017 03
		01 02 1001                                  # RFC 4271 §6.1: the bad length, 4097`,
		CodeMessageHeader, SubBadMessageLength, DataLength,
		`Message Header Error/Bad Message Length (1/2): length 4097`, false},
	{"bad message type", `
		ffffffff ffffffff ffffffff ffffffff 0016 03
		01 03 07                                    # RFC 4271 §6.1: the bad type, 7`,
		CodeMessageHeader, SubBadMessageType, DataMessageType,
		`Message Header Error/Bad Message Type (1/3): type MessageType(7)`, false},
	{"unsupported version", `
		ffffffff ffffffff ffffffff ffffffff 0017 03
		02 01 0004                                  # RFC 4271 §6.2: version 4 is supported`,
		CodeOpen, SubUnsupportedVersionNumber, DataVersion,
		`OPEN Message Error/Unsupported Version Number (2/1): version 4`, false},
	{"bad peer AS", `
		ffffffff ffffffff ffffffff ffffffff 0019 03
		02 02 0000fde8                              # AS 65000 in 4 octets`,
		CodeOpen, SubBadPeerAS, DataPeerAS,
		`OPEN Message Error/Bad Peer AS (2/2): AS 65000`, false},
	{"unsupported capability", `
		ffffffff ffffffff ffffffff ffffffff 001d 03
		02 07                                       # Unsupported Capability
		41 04 0000fde8                              # RFC 5492 §5: 4-octet AS 65000
		46 00                                       # Enhanced Route Refresh, empty`,
		CodeOpen, SubUnsupportedCapability, DataCapabilities,
		`OPEN Message Error/Unsupported Capability (2/7): capabilities 4-octet AS 0000fde8, Enhanced Route Refresh`, false},
	{"role mismatch", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		02 0b                                       # RFC 9234 §4.2`,
		CodeOpen, SubRoleMismatch, DataNone, `OPEN Message Error/Role Mismatch (2/11)`, false},
	{"deprecated OPEN subcode 8", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		02 08`,
		CodeOpen, 8, DataRaw, `OPEN Message Error/Deprecated (2/8)`, false},
	{"missing well-known attribute", `
		ffffffff ffffffff ffffffff ffffffff 0016 03
		03 03 01                                    # RFC 4271 §6.3: ORIGIN is missing`,
		CodeUpdate, SubMissingWellKnownAttribute, DataAttrTypeCode,
		`UPDATE Message Error/Missing Well-known Attribute (3/3): attribute ORIGIN`, false},
	{"malformed AS_PATH", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		03 0b`,
		CodeUpdate, SubMalformedASPath, DataNone, `UPDATE Message Error/Malformed AS_PATH (3/11)`, false},
	{"FSM unexpected in OpenSent", `
		ffffffff ffffffff ffffffff ffffffff 0016 03
		05 01 02                                    # RFC 6608 §4: an UPDATE arrived`,
		CodeFSM, SubFSMUnexpectedOpenSent, DataMessageType,
		`Finite State Machine Error/Receive Unexpected Message in OpenSent State (5/1): type UPDATE`, false},
	{"admin reset without communication", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		06 04                                       # pre-RFC 8203 sender: no data`,
		CodeCease, SubAdministrativeReset, DataShutdownCommunication, `Cease/Administrative Reset (6/4)`, false},
	{"admin shutdown with invalid UTF-8", `
		ffffffff ffffffff ffffffff ffffffff 0018 03
		06 02 02 c328                               # length 2, 0xC3 0x28 is not UTF-8`,
		CodeCease, SubAdministrativeShutdown, DataShutdownCommunication,
		`Cease/Administrative Shutdown (6/2): malformed shutdown communication, data 02c328`, false},
	{"BFD down", `
		ffffffff ffffffff ffffffff ffffffff 0015 03
		06 0a                                       # RFC 9384`,
		CodeCease, SubBFDDown, DataNone, `Cease/BFD Down (6/10)`, false},
	{"attribute length error", `
		ffffffff ffffffff ffffffff ffffffff 001a 03
		03 05 40 01 02 0000                         # ORIGIN with length 2`,
		CodeUpdate, SubAttributeLengthError, DataAttribute,
		`UPDATE Message Error/Attribute Length Error (3/5): attribute ORIGIN [well-known|transitive] length 2 value 0000`, false},
}

func TestDecodeNotificationVectors(t *testing.T) {
	for _, v := range notifVectors {
		t.Run(v.name, func(t *testing.T) {
			msg := unhex(t, v.hex)
			s := Session{ExtendedMsg: v.extended}
			n, err := DecodeNotification(msg, s)
			if err != nil {
				t.Fatal(err)
			}
			if n.Code != v.code || n.Subcode != v.sub {
				t.Errorf("code %d/%d, want %d/%d", n.Code, n.Subcode, v.code, v.sub)
			}
			if !bytes.Equal(n.Data, msg[OffNotificationData:]) {
				t.Errorf("data %x", n.Data)
			}
			if k, _ := n.DataKind(); k != v.kind {
				t.Errorf("data kind %v, want %v", k, v.kind)
			}
			if got := n.String(); got != v.str {
				t.Errorf("String\n got %s\nwant %s", got, v.str)
			}
			if n.Type() != MsgNotification {
				t.Errorf("Type %v", n.Type())
			}
			out, err := n.Append([]byte{0xaa}, s)
			if err != nil || !bytes.Equal(out[1:], msg) || out[0] != 0xaa {
				t.Errorf("Append %x, %v", out, err)
			}
		})
	}
}

func TestNotificationHardResetInner(t *testing.T) {
	msg := unhex(t, notifVectors[1].hex)
	n, err := DecodeNotification(msg, Session{})
	if err != nil {
		t.Fatal(err)
	}
	inner, err := ParseHardReset(n.Data)
	if err != nil {
		t.Fatal(err)
	}
	if inner.Code != CodeCease || inner.Subcode != SubAdministrativeShutdown {
		t.Fatalf("inner %d/%d", inner.Code, inner.Subcode)
	}
	text, rest, err := ParseShutdownCommunication(inner.Data)
	if err != nil || text != "maintenance" || len(rest) != 0 {
		t.Errorf("inner communication %q %x %v", text, rest, err)
	}
	// NewHardReset wraps the inner notification back into the same data.
	if w := NewHardReset(inner); w.Code != CodeCease || w.Subcode != SubHardReset || !bytes.Equal(w.Data, n.Data) {
		t.Errorf("NewHardReset %d/%d %x", w.Code, w.Subcode, w.Data)
	}
}

func TestNotificationStringNestedHardReset(t *testing.T) {
	// Hard Reset of a Hard Reset of a Hard Reset of Cease/Out of Resources:
	// String unpacks two wrappers and shows the rest raw.
	n := NewNotification(CodeCease, SubHardReset, []byte{6, 9, 6, 9, 6, 8})
	want := "Cease/Hard Reset (6/9): Cease/Hard Reset (6/9): Cease/Hard Reset (6/9): data 0608"
	if got := n.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// wantErr checks that err is a *Error with the given offset, code,
// subcode and action.
func wantErr(t *testing.T, err error, off int, code Code, sub uint8, act Action) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *Error", err)
	}
	if e.Off != off || e.Code != code || e.Subcode != sub || e.Action != act {
		t.Fatalf("error %v: off %d %d/%d %v, want off %d %d/%d %v", e, e.Off, e.Code, e.Subcode, e.Action, off, code, sub, act)
	}
	return e
}

func TestDecodeNotificationErrors(t *testing.T) {
	ff := "ffffffff ffffffff ffffffff ffffffff"
	for _, c := range []struct {
		name string
		hex  string
		s    Session
		off  int
		code Code
		sub  uint8
		data string // hex of the error's Data
	}{
		{"shorter than the minimum", ff + " 0014 03 06", Session{}, OffLength, CodeMessageHeader, SubBadMessageLength, "0014"},
		{"header truncated", ff + " 00", Session{}, 17, CodeMessageHeader, SubBadMessageLength, ""},
		{"not a NOTIFICATION", ff + " 0013 04", Session{}, OffType, CodeMessageHeader, SubBadMessageType, "04"},
		{"unknown type", ff + " 0015 09 0600", Session{}, OffType, CodeMessageHeader, SubBadMessageType, "09"},
		{"bad marker", "ffffffff ffff00ff ffffffff ffffffff 0015 03 0600", Session{}, 6, CodeMessageHeader, SubConnectionNotSynchronized, ""},
		{"message truncated", ff + " 0021 03 0602 0b6d61", Session{}, 24, CodeMessageHeader, SubBadMessageLength, ""},
		{"longer than 4096", ff + " 1001 03 0600", Session{}, OffLength, CodeMessageHeader, SubBadMessageLength, "1001"},
		{"longer than 4096, extended but truncated", ff + " 1001 03 0600", Session{ExtendedMsg: true}, 21, CodeMessageHeader, SubBadMessageLength, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeNotification(unhex(t, c.hex), c.s)
			e := wantErr(t, err, c.off, c.code, c.sub, SessionReset)
			if got := hexString(e.Data); got != c.data {
				t.Errorf("error data %s, want %s", got, c.data)
			}
		})
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	var s strings.Builder
	for _, c := range b {
		s.WriteByte(digits[c>>4])
		s.WriteByte(digits[c&15])
	}
	return s.String()
}

func TestNotificationExtendedMessage(t *testing.T) {
	// RFC 8654: a NOTIFICATION longer than 4096 octets needs the Extended
	// Message capability, both to decode and to encode.
	n := NewNotification(CodeCease, SubOutOfResources, bytes.Repeat([]byte{0x5a}, 5000))
	if out, err := n.Append([]byte{1, 2}, Session{}); err == nil || !bytes.Equal(out, []byte{1, 2}) {
		t.Fatalf("Append without extended messages: %x..., %v", out[:min(len(out), 4)], err)
	} else {
		wantErr(t, err, 0, CodeMessageHeader, SubBadMessageLength, SessionReset)
	}
	ext := Session{ExtendedMsg: true}
	msg, err := n.Append(nil, ext)
	if err != nil {
		t.Fatal(err)
	}
	if len(msg) != 5021 || binary.BigEndian.Uint16(msg[OffLength:]) != 5021 {
		t.Fatalf("length %d, field %d", len(msg), binary.BigEndian.Uint16(msg[OffLength:]))
	}
	got, err := DecodeNotification(msg, ext)
	if err != nil || got.Code != n.Code || got.Subcode != n.Subcode || !bytes.Equal(got.Data, n.Data) {
		t.Fatalf("decode: %v", err)
	}
	_, err = DecodeNotification(msg, Session{})
	wantErr(t, err, OffLength, CodeMessageHeader, SubBadMessageLength, SessionReset)
}

func TestDecodeNotificationIgnoresTrailingBytes(t *testing.T) {
	msg := unhex(t, notifVectors[0].hex)
	n, err := DecodeNotification(append(append([]byte{}, msg...), 0xff, 0xff), Session{})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Data) != len(msg)-OffNotificationData || cap(n.Data) != len(n.Data) {
		t.Errorf("data len %d cap %d", len(n.Data), cap(n.Data))
	}
}

func TestDecodeNotificationAllocs(t *testing.T) {
	noAllocsRoundTrip(t, unhex(t, notifVectors[1].hex), func(m []byte) (Notification, error) { return DecodeNotification(m, Session{}) },
		func(n Notification) bool { // a Hard Reset of an Administrative Shutdown: no prefix limit inside
			inner, _ := ParseHardReset(n.Data)
			_, _, ok := ParseMaxPrefixes(inner.Data)
			return !ok
		})
}

// TestSubcodeRegistry checks that every subcode constant is in the
// registry with a name and a reference, and the IANA rows added for
// reserved and deprecated values.
func TestSubcodeRegistry(t *testing.T) {
	consts := []struct {
		code Code
		sub  uint8
		name string
	}{
		{CodeMessageHeader, SubUnspecific, "Unspecific"},
		{CodeMessageHeader, SubConnectionNotSynchronized, "Connection Not Synchronized"},
		{CodeMessageHeader, SubBadMessageLength, "Bad Message Length"},
		{CodeMessageHeader, SubBadMessageType, "Bad Message Type"},
		{CodeOpen, SubUnspecific, "Unspecific"},
		{CodeOpen, SubUnsupportedVersionNumber, "Unsupported Version Number"},
		{CodeOpen, SubBadPeerAS, "Bad Peer AS"},
		{CodeOpen, SubBadBGPIdentifier, "Bad BGP Identifier"},
		{CodeOpen, SubUnsupportedOptionalParameter, "Unsupported Optional Parameter"},
		{CodeOpen, SubUnacceptableHoldTime, "Unacceptable Hold Time"},
		{CodeOpen, SubUnsupportedCapability, "Unsupported Capability"},
		{CodeOpen, SubRoleMismatch, "Role Mismatch"},
		{CodeUpdate, SubUnspecific, "Unspecific"},
		{CodeUpdate, SubMalformedAttributeList, "Malformed Attribute List"},
		{CodeUpdate, SubUnrecognizedWellKnownAttribute, "Unrecognized Well-known Attribute"},
		{CodeUpdate, SubMissingWellKnownAttribute, "Missing Well-known Attribute"},
		{CodeUpdate, SubAttributeFlagsError, "Attribute Flags Error"},
		{CodeUpdate, SubAttributeLengthError, "Attribute Length Error"},
		{CodeUpdate, SubInvalidOrigin, "Invalid ORIGIN Attribute"},
		{CodeUpdate, SubInvalidNextHop, "Invalid NEXT_HOP Attribute"},
		{CodeUpdate, SubOptionalAttributeError, "Optional Attribute Error"},
		{CodeUpdate, SubInvalidNetworkField, "Invalid Network Field"},
		{CodeUpdate, SubMalformedASPath, "Malformed AS_PATH"},
		{CodeFSM, SubFSMUnspecified, "Unspecified Error"},
		{CodeFSM, SubFSMUnexpectedOpenSent, "Receive Unexpected Message in OpenSent State"},
		{CodeFSM, SubFSMUnexpectedOpenConfirm, "Receive Unexpected Message in OpenConfirm State"},
		{CodeFSM, SubFSMUnexpectedEstablished, "Receive Unexpected Message in Established State"},
		{CodeCease, SubMaxPrefixes, "Maximum Number of Prefixes Reached"},
		{CodeCease, SubAdministrativeShutdown, "Administrative Shutdown"},
		{CodeCease, SubPeerDeconfigured, "Peer De-configured"},
		{CodeCease, SubAdministrativeReset, "Administrative Reset"},
		{CodeCease, SubConnectionRejected, "Connection Rejected"},
		{CodeCease, SubOtherConfigurationChange, "Other Configuration Change"},
		{CodeCease, SubConnectionCollisionResolution, "Connection Collision Resolution"},
		{CodeCease, SubOutOfResources, "Out of Resources"},
		{CodeCease, SubHardReset, "Hard Reset"},
		{CodeCease, SubBFDDown, "BFD Down"},
		{CodeRouteRefresh, SubInvalidMessageLength, "Invalid Message Length"},
	}
	for _, c := range consts {
		info, ok := LookupSubcode(c.code, c.sub)
		if !ok || info.Name != c.name || info.Ref == "" || info.Deprecated || info.Reserved {
			t.Errorf("%d/%d: %+v %v, want %q with a reference", c.code, c.sub, info, ok, c.name)
		}
		if got := SubcodeName(c.code, c.sub); got != c.name {
			t.Errorf("SubcodeName(%d, %d) = %q", c.code, c.sub, got)
		}
		if !strings.HasPrefix(info.Ref, "RFC ") {
			t.Errorf("%d/%d reference %q", c.code, c.sub, info.Ref)
		}
	}
	// Every row of every registry has a name and a reference.
	for code, rows := range subcodeTable {
		for sub, info := range rows {
			if info.Name == "" || info.Ref == "" {
				t.Errorf("%d/%d: row %+v", code, sub, info)
			}
		}
	}
	// Deprecated and reserved values, as IANA lists them.
	for _, d := range []struct {
		code       Code
		sub        uint8
		deprecated bool
		reserved   bool
	}{
		{CodeOpen, 5, true, false},
		{CodeOpen, 8, true, false},
		{CodeOpen, 9, true, false},
		{CodeOpen, 10, true, false},
		{CodeUpdate, 7, true, false},
		{CodeCease, 0, false, true},
		{CodeRouteRefresh, 0, false, true},
	} {
		info, ok := LookupSubcode(d.code, d.sub)
		if !ok || info.Deprecated != d.deprecated || info.Reserved != d.reserved {
			t.Errorf("%d/%d: %+v %v", d.code, d.sub, info, ok)
		}
	}
	// Unassigned values: the first past each registry's end.
	for _, u := range []struct {
		code Code
		sub  uint8
	}{{CodeMessageHeader, 4}, {CodeOpen, 12}, {CodeUpdate, 12}, {CodeFSM, 4}, {CodeCease, 11}, {CodeRouteRefresh, 2}} {
		if _, ok := LookupSubcode(u.code, u.sub); ok {
			t.Errorf("%d/%d should be unassigned", u.code, u.sub)
		}
		if got, want := SubcodeName(u.code, u.sub), "Subcode("+itoa(int(u.sub))+")"; got != want {
			t.Errorf("SubcodeName %q, want %q", got, want)
		}
	}
	// Codes: 1-8 assigned, 0 and 9 not.
	for c := Code(1); c <= 8; c++ {
		if info, ok := c.Info(); !ok || info.Name == "" || !strings.HasPrefix(info.Ref, "RFC ") {
			t.Errorf("code %d: %+v", c, info)
		}
	}
	for _, c := range []Code{0, 9, 255} {
		if _, ok := c.Info(); ok || c.String() != "Code("+itoa(int(c))+")" {
			t.Errorf("code %d: %q", c, c.String())
		}
	}
	// Subcode 0 where it carries no meaning has no name.
	for _, c := range []Code{CodeHoldTimerExpired, CodeSendHoldTimerExpired, CodeCease, CodeRouteRefresh} {
		if got := SubcodeName(c, 0); got != "" {
			t.Errorf("SubcodeName(%d, 0) = %q", c, got)
		}
	}
}

func BenchmarkDecodeNotification(b *testing.B) {
	benchDecode(b, unhex(b, notifVectors[0].hex), func(m []byte) (Notification, error) { return DecodeNotification(m, Session{}) })
}

func BenchmarkNotificationAppend(b *testing.B) {
	n, _ := DecodeNotification(unhex(b, notifVectors[0].hex), Session{})
	benchAppend(b, n, 64)
}

func BenchmarkNotificationString(b *testing.B) {
	n, _ := DecodeNotification(unhex(b, notifVectors[1].hex), Session{})
	b.ReportAllocs()
	for b.Loop() {
		_ = n.String()
	}
}

// FuzzDecodeNotification: no panic; a decoded message re-encodes to the
// same bytes and decodes to the same value; String never panics.
func FuzzDecodeNotification(f *testing.F) {
	for _, v := range notifVectors {
		f.Add(unhex(f, v.hex), v.extended)
	}
	f.Add(unhex(f, ericssonLog)[4:], false)
	f.Fuzz(func(t *testing.T, msg []byte, ext bool) {
		s := Session{ExtendedMsg: ext}
		fuzzMessage(t, msg, s, func(b []byte) (Notification, error) { return DecodeNotification(b, s) },
			func(a, b Notification) bool {
				_ = a.String()
				return a.Code == b.Code && a.Subcode == b.Subcode && bytes.Equal(a.Data, b.Data)
			})
	})
}
