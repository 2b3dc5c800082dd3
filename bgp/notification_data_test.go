package bgp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParseShutdownCommunication(t *testing.T) {
	long := strings.Repeat("x", 255)
	for _, c := range []struct {
		name string
		data string // hex
		msg  string
		rest string // hex
	}{
		{"no data (RFC 4486 sender)", "", "", ""},
		{"zero length", "00", "", ""},
		{"ascii", "0b 6d61696e74656e616e6365", "maintenance", ""},
		// "Wartung – zurück": the en dash is 3 octets, ü 2: 19 octets.
		{"multibyte UTF-8", "13 57617274756e6720e28093207a7572c3bc636b", "Wartung – zurück", ""},
		{"trailing octets", "02 6f6b 0102", "ok", "0102"},
		{"255 octets (RFC 9003)", "ff" + hexString([]byte(long)), long, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := unhex(t, c.data)
			msg, rest, err := ParseShutdownCommunication(data)
			if err != nil || msg != c.msg || hexString(rest) != c.rest {
				t.Fatalf("got %q rest %x err %v", msg, rest, err)
			}
			if len(data) == 0 {
				return
			}
			// Append gives back the length octet and text.
			out, err := AppendShutdownCommunication(nil, msg)
			if err != nil || !bytes.Equal(out, data[:len(data)-len(rest)]) {
				t.Errorf("append %x, %v", out, err)
			}
		})
	}
}

func TestParseShutdownCommunicationErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		off  int
		bad  string // hex of the error's Data: what a log would hex-dump
		rest string
	}{
		{"length overruns", "05 616263", 0, "05616263", ""},
		{"length overruns, truncated log", "80 6d61", 0, "806d61", ""},
		{"invalid octet", "04 6162ff63", 3, "6162ff63", ""},
		{"lone continuation", "01 80", 1, "80", ""},
		{"overlong NUL", "02 c080", 1, "c080", ""},
		{"UTF-16 surrogate", "03 eda080", 1, "eda080", ""},
		{"truncated sequence", "03 61e282", 2, "61e282", ""},
		{"invalid then trailing", "01 ff 0a0b", 1, "ff", "0a0b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, rest, err := ParseShutdownCommunication(unhex(t, c.data))
			if msg != "" {
				t.Errorf("msg %q: RFC 9003 §2 forbids interpreting it", msg)
			}
			e := wantErr(t, err, c.off, CodeCease, SubAdministrativeShutdown, NoAction)
			if hexString(e.Data) != c.bad || hexString(rest) != c.rest {
				t.Errorf("data %x rest %x", e.Data, rest)
			}
		})
	}
}

func TestAppendShutdownCommunicationErrors(t *testing.T) {
	dst := []byte{9}
	out, err := AppendShutdownCommunication(dst, strings.Repeat("é", 128)) // 256 octets
	wantErr(t, err, 0, CodeCease, SubAdministrativeShutdown, NoAction)
	if !bytes.Equal(out, dst) {
		t.Errorf("dst changed: %x", out)
	}
	out, err = AppendShutdownCommunication(dst, "ab\xffc")
	wantErr(t, err, 3, CodeCease, SubAdministrativeShutdown, NoAction)
	if !bytes.Equal(out, dst) {
		t.Errorf("dst changed: %x", out)
	}
	if len(strings.Repeat("é", 64)) != LegacyShutdownCommunicationLen {
		t.Fatal("test setup")
	}
}

func TestParseHardReset(t *testing.T) {
	// RFC 8538 §3: the inner code, subcode and data.
	inner, err := ParseHardReset(unhex(t, "04 00"))
	if err != nil || inner.Code != CodeHoldTimerExpired || inner.Subcode != 0 || len(inner.Data) != 0 {
		t.Errorf("got %+v, %v", inner, err)
	}
	inner, err = ParseHardReset(unhex(t, "03 04 e0070800"))
	if err != nil || inner.Code != CodeUpdate || inner.Subcode != SubAttributeFlagsError || hexString(inner.Data) != "e0070800" {
		t.Errorf("got %+v, %v", inner, err)
	}
	for _, d := range []string{"", "06"} {
		data := unhex(t, d)
		_, err := ParseHardReset(data)
		e := wantErr(t, err, len(data), CodeCease, SubHardReset, NoAction)
		if !bytes.Equal(e.Data, data) {
			t.Errorf("error data %x", e.Data)
		}
	}
}

func TestParseMaxPrefixes(t *testing.T) {
	// A Cease 6/1 as a router logged it: "6/1 7 bytes 00010100 03E8"
	// (AFI 1, SAFI 1, limit 1000).
	f, limit, ok := ParseMaxPrefixes(unhex(t, "00010100 0003e8"))
	if !ok || f != IPv4Unicast || limit != 1000 {
		t.Errorf("got %v %d %v", f, limit, ok)
	}
	f, limit, ok = ParseMaxPrefixes(unhex(t, "0002 80 ffffffff")) // IPv6 MPLS VPN, 2^32-1
	if !ok || f != IPv6VPN || limit != 0xffffffff {
		t.Errorf("got %v %d %v", f, limit, ok)
	}
	if got := AppendMaxPrefixes([]byte{7}, IPv6VPN, 0xffffffff); hexString(got) != "07000280ffffffff" {
		t.Errorf("append %x", got)
	}
	for _, d := range []string{"", "0001", "000101 000003", "0001 01 000003e8 00"} {
		if _, _, ok := ParseMaxPrefixes(unhex(t, d)); ok {
			t.Errorf("%q accepted", d)
		}
	}
}

func TestUnsupportedCapabilities(t *testing.T) {
	// RFC 5492 §5: capabilities as in an OPEN.
	data := unhex(t, `
		01 04 0001 00 01   # Multiprotocol IPv4 Unicast, at 0
		46 00              # Enhanced Route Refresh, at 6
		45 04 0001 01 03   # ADD-PATH IPv4 Unicast send/receive, at 8`)
	type capx struct {
		code CapCode
		val  string
		off  int
	}
	var got []capx
	for c, err := range UnsupportedCapabilities(data) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, capx{c.Code, hexString(c.Value), c.Off})
	}
	want := []capx{{CapCodeMultiprotocol, "00010001", 0}, {CapCodeEnhancedRouteRefresh, "", 6}, {CapCodeAddPath, "00010103", 8}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %v want %v", i, got[i], want[i])
		}
	}
	// Breaking early stops the walk.
	n := 0
	for range UnsupportedCapabilities(data) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("walked %d", n)
	}
	noAllocs(t, func() {
		for _, err := range UnsupportedCapabilities(data) {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestUnsupportedCapabilitiesErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		good int // capabilities yielded without error first
		off  int
		val  string
	}{
		{"header truncated", "46 00 41", 1, 2, ""},
		{"length overruns", "41 04 0000", 0, 0, "0000"},
		{"second overruns", "46 00 41 04 0000fd", 1, 2, "0000fd"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := unhex(t, c.data)
			good := 0
			var last error
			var lastCap UnsupportedCapability
			for cp, err := range UnsupportedCapabilities(data) {
				if err != nil {
					last, lastCap = err, cp
					continue
				}
				if last != nil {
					t.Fatal("walk continued after an error")
				}
				good++
			}
			if good != c.good {
				t.Errorf("good %d", good)
			}
			e := wantErr(t, last, c.off, CodeOpen, SubUnsupportedCapability, NoAction)
			if lastCap.Off != c.off || hexString(lastCap.Value) != c.val || !bytes.Equal(e.Data, data[c.off:]) {
				t.Errorf("cap %+v, error data %x", lastCap, e.Data)
			}
		})
	}
}

func TestSmallDataParsers(t *testing.T) {
	if v, ok := ParseUnsupportedVersion([]byte{0, 4}); !ok || v != 4 {
		t.Error("version")
	}
	if _, ok := ParseUnsupportedVersion([]byte{4}); ok {
		t.Error("1-octet version accepted")
	}
	if as, ok := ParseBadPeerAS([]byte{0xfd, 0xe8}); !ok || as != 65000 {
		t.Error("2-octet AS")
	}
	if as, ok := ParseBadPeerAS([]byte{0, 3, 0x02, 0xed}); !ok || as != 197357 {
		t.Error("4-octet AS")
	}
	if _, ok := ParseBadPeerAS([]byte{0, 3, 0x02}); ok {
		t.Error("3-octet AS accepted")
	}
	if n, ok := ParseBadMessageLength([]byte{0x10, 0x01}); !ok || n != 4097 {
		t.Error("length")
	}
	if _, ok := ParseBadMessageLength(nil); ok {
		t.Error("empty length accepted")
	}
	if ty, ok := ParseMessageTypeData([]byte{5}); !ok || ty != MsgRouteRefresh {
		t.Error("type")
	}
	if _, ok := ParseMessageTypeData([]byte{5, 5}); ok {
		t.Error("2-octet type accepted")
	}
	if a, ok := ParseMissingAttribute([]byte{3}); !ok || a != AttrNextHop {
		t.Error("attribute")
	}
	if _, ok := ParseMissingAttribute(nil); ok {
		t.Error("empty attribute accepted")
	}
}

func TestDataKindOf(t *testing.T) {
	for _, c := range []struct {
		code Code
		sub  uint8
		kind DataKind
		ref  string
	}{
		{CodeMessageHeader, SubConnectionNotSynchronized, DataNone, "RFC 4271 §6.1"},
		{CodeMessageHeader, SubBadMessageLength, DataLength, "RFC 4271 §6.1"},
		{CodeMessageHeader, SubBadMessageType, DataMessageType, "RFC 4271 §6.1"},
		{CodeOpen, SubUnsupportedVersionNumber, DataVersion, "RFC 4271 §6.2"},
		{CodeOpen, SubBadPeerAS, DataPeerAS, "RFC 4271 §6.2"},
		{CodeOpen, SubUnsupportedCapability, DataCapabilities, "RFC 5492 §5"},
		{CodeOpen, SubRoleMismatch, DataNone, "RFC 9234 §4.2"},
		{CodeOpen, 5, DataRaw, ""},
		{CodeUpdate, SubUnrecognizedWellKnownAttribute, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubAttributeFlagsError, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubAttributeLengthError, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubInvalidOrigin, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubInvalidNextHop, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubOptionalAttributeError, DataAttribute, "RFC 4271 §6.3"},
		{CodeUpdate, SubMissingWellKnownAttribute, DataAttrTypeCode, "RFC 4271 §6.3"},
		{CodeUpdate, SubMalformedAttributeList, DataNone, "RFC 4271 §6.3"},
		{CodeUpdate, SubMalformedASPath, DataNone, "RFC 4271 §6.3"},
		{CodeHoldTimerExpired, 0, DataNone, "RFC 4271 §6.5"},
		{CodeFSM, SubFSMUnspecified, DataNone, "RFC 6608 §4"},
		{CodeFSM, SubFSMUnexpectedEstablished, DataMessageType, "RFC 6608 §4"},
		{CodeCease, SubMaxPrefixes, DataMaxPrefixes, "RFC 4486 §4"},
		{CodeCease, SubAdministrativeShutdown, DataShutdownCommunication, "RFC 9003 §2"},
		{CodeCease, SubAdministrativeReset, DataShutdownCommunication, "RFC 9003 §2"},
		{CodeCease, SubHardReset, DataHardReset, "RFC 8538 §3"},
		{CodeCease, SubPeerDeconfigured, DataNone, "RFC 4486 §4"},
		{CodeCease, SubBFDDown, DataNone, "RFC 9384"},
		{CodeCease, 11, DataRaw, ""},
		{CodeRouteRefresh, SubInvalidMessageLength, DataMessage, "RFC 7313 §5"},
		{CodeRouteRefresh, 0, DataRaw, ""},
		{CodeSendHoldTimerExpired, 0, DataNone, "RFC 9687"},
		{0, 0, DataRaw, ""},
		{200, 1, DataRaw, ""},
	} {
		k, ref := DataKindOf(c.code, c.sub)
		if k != c.kind || ref != c.ref {
			t.Errorf("%d/%d: %v %q, want %v %q", c.code, c.sub, k, ref, c.kind, c.ref)
		}
	}
	// Every assigned, non-deprecated subcode has a known data layout.
	for code, rows := range subcodeTable {
		for sub, info := range rows {
			k, ref := DataKindOf(Code(code), sub)
			if info.Deprecated || info.Reserved {
				continue
			}
			if k == DataRaw || ref == "" {
				t.Errorf("%d/%d %s: no data kind", code, sub, info.Name)
			}
		}
	}
	if DataShutdownCommunication.String() != "shutdown-communication" || DataKind(99).String() != "DataKind(99)" {
		t.Error("DataKind.String")
	}
}

func BenchmarkParseShutdownCommunication(b *testing.B) {
	data := unhex(b, "13 57617274756e6720e28093207a7572c3bc636b")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseShutdownCommunication(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnsupportedCapabilities(b *testing.B) {
	data := unhex(b, "01 04 00010001 46 00 45 04 00010103")
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range UnsupportedCapabilities(data) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// FuzzNotificationData runs every data parser and String over arbitrary
// data: none may panic, and what parses must re-encode to the same octets.
func FuzzNotificationData(f *testing.F) {
	for _, v := range notifVectors {
		msg := unhex(f, v.hex)
		f.Add(uint8(v.code), v.sub, msg[OffNotificationData:])
	}
	f.Add(uint8(CodeCease), SubAdministrativeShutdown, []byte{3, 0xe2, 0x82, 0xac})
	f.Add(uint8(CodeCease), SubHardReset, []byte{6, 9, 6, 9, 6, 2, 1, 'x'})
	f.Fuzz(func(t *testing.T, code, sub uint8, data []byte) {
		n := NewNotification(Code(code), sub, data)
		_ = n.String()
		if msg, rest, err := ParseShutdownCommunication(data); err == nil && len(data) > 0 {
			out, err := AppendShutdownCommunication(nil, msg)
			if err != nil || !bytes.Equal(out, data[:len(data)-len(rest)]) {
				t.Fatalf("shutdown communication %q: %x, %v", msg, out, err)
			}
		} else if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Off < 0 || e.Off > len(data) || msg != "" {
				t.Fatalf("shutdown communication error %v", err)
			}
		}
		if inner, err := ParseHardReset(data); err == nil {
			if w := NewHardReset(inner); !bytes.Equal(w.Data, data) {
				t.Fatalf("hard reset %x", w.Data)
			}
		}
		if fam, limit, ok := ParseMaxPrefixes(data); ok {
			if out := AppendMaxPrefixes(nil, fam, limit); !bytes.Equal(out, data) {
				t.Fatalf("max prefixes %x", out)
			}
		}
		total := 0
		for c, err := range UnsupportedCapabilities(data) {
			if err != nil {
				total = len(data)
				break
			}
			if c.Off != total {
				t.Fatalf("capability at %d, want %d", c.Off, total)
			}
			total += 2 + len(c.Value)
		}
		if total != len(data) {
			t.Fatalf("capabilities cover %d of %d octets", total, len(data))
		}
		ParseUnsupportedVersion(data)
		ParseBadPeerAS(data)
		ParseBadMessageLength(data)
		ParseMessageTypeData(data)
		ParseMissingAttribute(data)
		if k, _ := DataKindOf(Code(code), sub); k.String() == "" {
			t.Error("DataKind without a name")
		}
	})
}
