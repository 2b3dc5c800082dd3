package mrt

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/internal/hexvec"
)

// Vectors written field by field from the RFC 6396 and RFC 8050 figures.
const (
	vecBGP4MPMessageAS4 = `
		5f5e1000 0010 0004 0000002b   # 2020-09-13, BGP4MP MESSAGE_AS4, length 43
		0000fde8 0000fde9             # Peer AS 65000, Local AS 65001
		0000 0001                     # Interface Index 0, AFI IPv4
		c0000201 c0000202             # Peer IP 192.0.2.1, Local IP 192.0.2.2
		ffffffffffffffffffffffffffffffff 0017 02 0000 0000 # UPDATE, no routes, no attributes
		`
	vecBGP4MPETState = `
		5f5e1000 0011 0000 00000018   # BGP4MP_ET STATE_CHANGE, length 24 incl. microseconds
		000f4240                      # 1000000 µs
		fde8 fde9 0003 0002           # Peer AS, Local AS (2 octets), ifindex 3, AFI IPv6
		20010db8000000000000000000000001 # Peer IP 2001:db8::1 ...
		`
	vecTableDump = `
		3d3c6d40 000c 0001 0000001e   # TABLE_DUMP AFI_IPv4, length 30
		0000 0007                     # View 0, Sequence 7
		c6336400 18 01                # 198.51.100.0/24, Status 1
		3d3c6c00                      # Originated Time
		c0000201 fde8                 # Peer IP 192.0.2.1, Peer AS 65000
		0007 40010100 40020400        # 7 octets of attributes: ORIGIN IGP, empty AS_PATH; 1 spare
		`
	vecPeerIndex = `
		5f5e1000 000d 0001 00000030   # TABLE_DUMP_V2 PEER_INDEX_TABLE, length 48
		c0000201                      # Collector BGP ID
		0004 74657374                 # View Name "test"
		0002                          # 2 peers
		00 c0000202 c0000202 fde8     # IPv4, 2-octet AS 65000
		03 c0000203 20010db8000000000000000000000003 0000fde9 # IPv6, 4-octet AS
		`
	vecRIBAddPath = `
		5f5e1000 000d 0008 00000026   # RIB_IPV4_UNICAST_ADDPATH, length 38
		0000002a                      # Sequence 42
		18 c63364                     # 198.51.100.0/24
		0002                          # 2 entries
		0000 5f5e0000 00000001 0004 40010100 # peer 0, path ID 1, ORIGIN IGP
		0001 5f5e0000 00000002 0000          # peer 1, path ID 2, no attributes
		`
	vecRIBGeneric = `
		5f5e1000 000d 0006 00000018   # RIB_GENERIC, length 24
		00000001 0001 80              # Sequence 1, AFI IPv4, SAFI 128 (VPN)
		70 000001 0000fde800000001 c63364 # 112 bits: label, RD 65000:1, 198.51.100.0/24
		0000                          # no entries
		`
	vecLegacyUpdate = `
		386fb1ba 0005 0001 00000011   # BGP BGP_UPDATE, length 17
		1521 c3d3defe 316e c1000001   # Peer AS, Peer IP, Local AS, Local IP
		0000 0000 00                  # UPDATE body without header; one NLRI octet 0/0
		`
)

// vecView frames the vector s and reads its body with view, which must
// accept it.
func vecView[V any](t *testing.T, s string, view func(RecordView) (V, error)) (RecordView, V) {
	t.Helper()
	r := vec(t, s)
	v, err := view(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, v
}

func vec(t *testing.T, s string) RecordView {
	t.Helper()
	r, err := ParseRecord(hexvec.Decode(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func roundTrip(t *testing.T, r RecordView) Record {
	t.Helper()
	own, err := r.Decode()
	if err != nil {
		t.Fatal(err)
	}
	b, err := own.Append(nil)
	if err != nil || !bytes.Equal(b, r.Raw) {
		t.Fatalf("round trip: %v\n got %x\nwant %x", err, b, r.Raw)
	}
	return own
}

func TestBGP4MPMessage(t *testing.T) {
	r, v := vecView(t, vecBGP4MPMessageAS4, RecordView.BGP4MP)
	if v.PeerAS != 65000 || v.LocalAS != 65001 || v.AFI != 1 || v.PeerIP != netip.MustParseAddr("192.0.2.1") ||
		v.LocalIP != netip.MustParseAddr("192.0.2.2") || !v.AS4 || v.AddPath || v.Local || len(v.Message) != 23 || v.MessageOff != 32 {
		t.Errorf("got %+v", v)
	}
	if r.Kind() != KindBGP4MPMessage || r.Type.String() != "BGP4MP" || r.SubtypeName() != "MESSAGE_AS4" {
		t.Errorf("kind %v %v %v", r.Kind(), r.Type, r.SubtypeName())
	}
	own := roundTrip(t, r)
	if m := own.Body.(*BGP4MP).Message; &m[0] == &r.Raw[32] {
		t.Error("owned value shares the input")
	}
}

func TestBGP4MPETState(t *testing.T) {
	b := hexvec.Decode(t, vecBGP4MPETState)
	b = append(b, hexvec.Decode(t, "20010db8000000000000000000000002 0001 0006")...) // Local IP, Idle -> Established
	b[11] = byte(len(b) - HeaderLen)
	r, err := ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.BGP4MP()
	if err != nil {
		t.Fatal(err)
	}
	if r.Microseconds != 1000000 || v.PeerAS != 65000 || v.IfIndex != 3 || v.AFI != 2 || v.OldState != 1 || v.NewState != 6 || !v.PeerIP.Is6() {
		t.Errorf("got %+v %+v", r.Header, v)
	}
	roundTrip(t, r)
	// A state change with octets after it is an error at their offset.
	b = append(b, 0)
	b[11]++
	r, _ = ParseRecord(b)
	if _, err := r.BGP4MP(); !isErrAt(err, len(b)-1) {
		t.Errorf("trailing octet: %v", err)
	}
}

func TestBGP4MPShortened(t *testing.T) {
	// Zebra's damage: the marker right after the two AS numbers.
	b := hexvec.Decode(t, `5f5e1000 0010 0001 00000017 fde8 fde9 ffffffffffffffffffffffffffffffff 0013 04`)
	r, err := ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.BGP4MP()
	if err != nil || !v.Shortened || len(v.Message) != 19 || v.PeerIP.IsValid() {
		t.Fatalf("%+v %v", v, err)
	}
	roundTrip(t, r)
	// Without the marker the Address Family is bad: an error, not a guess.
	b[16] = 0
	r, _ = ParseRecord(b)
	if _, err := r.BGP4MP(); !isErrAt(err, 18) {
		t.Errorf("bad AFI: %v", err)
	}
}

func TestTableDump(t *testing.T) {
	r := vec(t, vecTableDump)
	if _, err := r.TableDump(); !isErrAt(err, HeaderLen+29) {
		t.Fatalf("spare octet: %v", err)
	}
	b := bytes.Clone(r.Raw)
	b[11]--
	r, err := ParseRecord(b[:len(b)-1])
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.TableDump()
	if err != nil {
		t.Fatal(err)
	}
	if v.Sequence != 7 || v.Prefix != netip.MustParsePrefix("198.51.100.0/24") || v.Status != 1 || v.PeerAS != 65000 || len(v.Attrs) != 7 || v.AttrsOff != HeaderLen+22 {
		t.Errorf("got %+v", v)
	}
	roundTrip(t, r)
	// A prefix length longer than the address.
	b[HeaderLen+8] = 33
	r, _ = ParseRecord(b[:len(b)-1])
	if _, err := r.TableDump(); !isErrAt(err, HeaderLen+8) {
		t.Errorf("long prefix: %v", err)
	}
}

func TestPeerIndex(t *testing.T) {
	r, v := vecView(t, vecPeerIndex, RecordView.PeerIndex)
	if string(v.ViewName) != "test" || len(v.Peers) != 2 || v.Peers[0].AS != 65000 || v.Peers[1].AS != 65001 ||
		v.Peers[1].IP != netip.MustParseAddr("2001:db8::3") || v.Peers[1].Type != 3 {
		t.Errorf("got %+v", v)
	}
	roundTrip(t, r)
	// A Peer Count the record cannot hold is refused before allocating.
	b := bytes.Clone(r.Raw)
	b[HeaderLen+10] = 0xff
	r, _ = ParseRecord(b)
	if _, err := r.PeerIndex(); !isErrAt(err, HeaderLen+10) {
		t.Errorf("big count: %v", err)
	}
}

func TestRIBAddPath(t *testing.T) {
	r, v := vecView(t, vecRIBAddPath, RecordView.RIB)
	if v.Sequence != 42 || v.Prefix != netip.MustParsePrefix("198.51.100.0/24") || v.Count != 2 || !v.AddPath || v.PathIDMismatch {
		t.Errorf("got %+v", v)
	}
	var got []RIBEntry
	for _, e := range v.All() {
		got = append(got, e)
	}
	if len(got) != 2 || got[0].PathID != 1 || got[1].PathID != 2 || got[1].PeerIndex != 1 || len(got[0].Attrs) != 4 || got[0].AttrsOff != HeaderLen+22 {
		t.Errorf("entries %+v", got)
	}
	roundTrip(t, r)
}

// TestRIBPathIDMismatch: Path Identifiers in a RIB_IPV4_UNICAST record
// (writers before RFC 8050) are read the way the octets fit, and said.
func TestRIBPathIDMismatch(t *testing.T) {
	b := hexvec.Decode(t, vecRIBAddPath)
	b[7] = 2 // RIB_IPV4_UNICAST
	r, err := ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.RIB()
	if err != nil || !v.AddPath || !v.PathIDMismatch {
		t.Fatalf("%+v %v", v, err)
	}
	roundTrip(t, r)
	// Octets that fit neither reading: the error of the subtype's (its
	// second entry, read without a Path Identifier, overruns the record).
	b = append(b, 0)
	b[11]++
	r, _ = ParseRecord(b)
	if _, err := r.RIB(); !isErrAt(err, HeaderLen+18) {
		t.Errorf("no fit: %v", err)
	}
}

func TestRIBGeneric(t *testing.T) {
	r, v := vecView(t, vecRIBGeneric, RecordView.RIB)
	if v.AFI != 1 || v.SAFI != 128 || len(v.NLRI) != 15 || v.Count != 0 || v.Prefix.IsValid() {
		t.Errorf("got %+v", v)
	}
	roundTrip(t, r)
}

func TestLegacy(t *testing.T) {
	r, v := vecView(t, vecLegacyUpdate, RecordView.BGP4MP)
	if !v.Headerless || v.MsgType != 2 || v.PeerAS != 0x1521 || v.LocalAS != 0x316e || len(v.Message) != 5 || v.AS4 {
		t.Errorf("got %+v", v)
	}
	roundTrip(t, r)
}

// TestUnknownKept: a type the package does not read frames, decodes to
// Raw and writes back.
func TestUnknownKept(t *testing.T) {
	r := vec(t, `5f5e1000 0020 0000 00000002 abcd`) // ISIS
	if r.Kind() != KindUnknown || r.Type.String() != "ISIS" {
		t.Errorf("%v %v", r.Kind(), r.Type)
	}
	own := roundTrip(t, r)
	if _, ok := own.Body.(*Raw); !ok {
		t.Errorf("body %T", own.Body)
	}
	if _, err := r.BGP4MP(); err == nil {
		t.Error("BGP4MP of an ISIS record")
	}
}

// TestTruncated cuts every vector at every length: framing fails at the
// Length field, and a record whose Length is cut to match fails in its
// view with an offset inside the record; nothing panics.
func TestTruncated(t *testing.T) {
	for _, s := range []string{vecBGP4MPMessageAS4, vecTableDump, vecPeerIndex, vecRIBAddPath, vecRIBGeneric, vecLegacyUpdate} {
		full := hexvec.Decode(t, s)
		for n := 0; n < len(full); n++ {
			if _, err := ParseRecord(full[:n]); err == nil {
				t.Fatalf("%x: cut at %d framed", full[:16], n)
			}
			if n < HeaderLen {
				continue
			}
			b := bytes.Clone(full[:n])
			b[8], b[9], b[10], b[11] = 0, 0, byte((n-HeaderLen)>>8), byte(n-HeaderLen)
			r, err := ParseRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			var e *Error
			if err := readBodyOf(r); err != nil && (!errors.As(err, &e) || e.Off > n) {
				t.Errorf("%x cut at %d: %v", full[:8], n, err)
			}
		}
	}
}

func readBodyOf(r RecordView) error {
	switch r.Kind() {
	case KindTableDump:
		_, err := r.TableDump()
		return err
	case KindPeerIndex:
		_, err := r.PeerIndex()
		return err
	case KindRIB, KindRIBGeneric:
		_, err := r.RIB()
		return err
	case KindBGP4MPEntry:
		_, err := r.BGP4MPEntry()
		return err
	}
	_, err := r.BGP4MP()
	return err
}

func isErrAt(err error, off int) bool {
	var e *Error
	return errors.As(err, &e) && e.Off == off
}

// TestAppendRefuses: owned values that cannot be written as their header
// says are refused, not written wrong.
func TestAppendRefuses(t *testing.T) {
	own := roundTrip(t, vec(t, vecBGP4MPMessageAS4))
	own.Header.Subtype = 1 // MESSAGE: 2-octet AS, but the body says AS4
	if _, err := own.Append(nil); err == nil {
		t.Error("AS4 body under a 2-octet subtype")
	}
	own = roundTrip(t, vec(t, vecBGP4MPMessageAS4))
	own.Body.(*BGP4MP).PeerIP = netip.MustParseAddr("2001:db8::1")
	if _, err := own.Append(nil); err == nil {
		t.Error("IPv6 address under AFI IPv4")
	}
	own = roundTrip(t, vec(t, vecRIBAddPath))
	own.Header.Subtype = 4 // RIB_IPV6_UNICAST
	if _, err := own.Append(nil); err == nil {
		t.Error("IPv4 RIB under an IPv6 subtype")
	}
	if _, err := (Record{}).Append(nil); err == nil {
		t.Error("no body")
	}
}

func TestETHeader(t *testing.T) {
	if _, err := ParseHeader(hexvec.Decode(t, `5f5e1000 0011 0001 00000002 0000`)); !isErrAt(err, OffLength) {
		t.Errorf("ET shorter than its microseconds: %v", err)
	}
	if _, err := ParseHeader(hexvec.Decode(t, `5f5e1000 0011 0001 00000008 0000`)); err == nil {
		t.Error("cut inside the microseconds")
	}
}

func TestSniff(t *testing.T) {
	for s, want := range map[string]bool{
		vecBGP4MPMessageAS4:             true,
		vecPeerIndex:                    true,
		`5f5e1000 0010 0003 00000010`:   true,  // BGP4MP subtype 3 (SNAPSHOT): skipped, but MRT
		`5f5e1000 0099 0001 00000010`:   false, // no such type
		`5f5e1000 0010 0001 7fffffff`:   false, // length over the maximum
		`03 0000002b 04 00000000000000`: false, // a BMP Initiation
	} {
		if got := Sniff(hexvec.Decode(t, s)); got != want {
			t.Errorf("%s: %v", s, got)
		}
	}
	if StateName(6) != "Established" || StateName(9) != "State(9)" || StateName(0) != "State(0)" {
		t.Error(StateName(6), StateName(9))
	}
}

// TestRIBGenericOtherNLRI: an EVPN NLRI (route type, length in octets)
// is not a bit length; the NLRI is the span after which the entries tile.
func TestRIBGenericOtherNLRI(t *testing.T) {
	r := vec(t, `
		5f5e1000 000d 0006 0000001c   # RIB_GENERIC, length 28
		00000001 0019 46              # Sequence 1, AFI L2VPN (25), SAFI EVPN (70)
		03 05 0000fde8 00             # route type 3, 5 octets (cut-down, for the layout)
		0001                          # 1 entry
		0000 5f5e0000 0004 40010100   # peer 0, ORIGIN IGP
		`)
	v, err := r.RIB()
	if err != nil {
		t.Fatal(err)
	}
	if !v.NLRILenGuessed || len(v.NLRI) != 7 || v.Count != 1 || v.Prefix.IsValid() {
		t.Errorf("%+v", v)
	}
	roundTrip(t, r)
	// A first octet that, read as bits, runs past the record.
	r = vec(t, `5f5e1000 000d 0006 00000017 00000001 0019 46 f001 0001 0000 5f5e0000 0004 40010100`)
	if v, err := r.RIB(); err != nil || len(v.NLRI) != 2 || !v.NLRILenGuessed {
		t.Errorf("%+v %v", v, err)
	}
	roundTrip(t, r)
}

func TestBGP4MPEntry(t *testing.T) {
	// The first record of OpenBGPD's table-mp sample (mrtparse).
	r := vec(t, `
		561e8fb6 0010 0002 00000050   # BGP4MP ENTRY, length 80
		fde8 fde8 0000 0001 c0a80166 c0a8010a # peer AS, local AS, ifindex, AFI IPv4, peer, local
		0000 0001 561e8d53            # view 0, status 1, time of last change
		0001 01 04 c0a8000f           # AFI IPv4, SAFI 1, next hop 192.168.0.15
		10 c0a8                       # 192.168.0.0/16
		002b 40010100 4002040201fdf7 40050400000064 c00708 0000fde8c0a8000f 80090 4c0a8000f 800a04c0a8000a # 43 octets of attributes
		`)
	v, err := r.BGP4MPEntry()
	if err != nil {
		t.Fatal(err)
	}
	if v.Peer.PeerAS != 65000 || v.Peer.PeerIP != netip.MustParseAddr("192.168.1.102") || v.Status != 1 || v.AFI != 1 || v.SAFI != 1 ||
		len(v.NextHop) != 4 || v.Prefix != netip.MustParsePrefix("192.168.0.0/16") || len(v.Attrs) != 43 || v.AttrsOff != 12+37 {
		t.Errorf("%+v", v)
	}
	own := roundTrip(t, r)
	if e := own.Body.(*BGP4MPEntry); &e.Attrs[0] == &r.Raw[v.AttrsOff] {
		t.Error("owned value shares the input")
	}
}

// TestChecks: each check of the readers, made to fail by one change to a
// vector, reports its own offset.
func TestChecks(t *testing.T) {
	extend := func(b []byte, n int) []byte { // n octets more, Length to match
		b = append(bytes.Clone(b), make([]byte, n)...)
		b[11] += byte(n)
		return b
	}
	set := func(b []byte, off int, v byte) []byte { b = bytes.Clone(b); b[off] = v; return b }
	peer := hexvec.Decode(t, vecPeerIndex)
	rib := hexvec.Decode(t, vecRIBAddPath)
	legacyState := hexvec.Decode(t, `386fb1ba 0005 0003 0000000a 1521 c3d3defe 0003 0002`)
	entry := hexvec.Decode(t, `561e8fb6 0010 0002 0000001f fde8 fde8 0000 0001 c0a80166 c0a8010a 0000 0001 561e8d53 0001 01 00 00 0000`)
	for name, c := range map[string]struct {
		b   []byte
		off int
	}{
		"octets after the peers":         {extend(peer, 1), len(peer)},
		"RIB prefix longer than IPv4":    {set(rib, HeaderLen+4, 33), HeaderLen + 4},
		"BGP_STATE_CHANGE trailing":      {extend(legacyState, 2), len(legacyState)},
		"BGP4MP ENTRY trailing":          {extend(entry, 1), len(entry)},
		"BGP4MP ENTRY prefix past end":   {set(entry, len(entry)-3, 0x40), len(entry) - 3},
		"BGP4MP ENTRY next hop past end": {set(entry, HeaderLen+27, 0xff), len(entry)},
	} {
		r, err := ParseRecord(c.b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := readBodyOf(r); !isErrAt(err, c.off) {
			t.Errorf("%s: %v, want an error at %d", name, err, c.off)
		}
	}
	// The unmodified vectors read.
	for _, b := range [][]byte{legacyState, entry} {
		r, _ := ParseRecord(b)
		if err := readBodyOf(r); err != nil {
			t.Errorf("%x: %v", b[:8], err)
		}
		roundTrip(t, r)
	}
}
