package mrtbgp

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/hexvec"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

func record(t *testing.T, s string) mrt.RecordView {
	t.Helper()
	r, err := mrt.ParseRecord(hexvec.Decode(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRIBEntryIPv6: the abbreviated MP_REACH_NLRI of a RIB_IPV6_UNICAST
// entry (RFC 6396 §4.3.4: next hop only) reads as the whole attribute,
// with the RIB's prefix as its route, and 4-octet AS numbers.
func TestRIBEntryIPv6(t *testing.T) {
	r := record(t, `
		5f5e1000 000d 0004 0000003f          # RIB_IPV6_UNICAST, length 63
		00000001 20 20010db8 0001            # Sequence 1, 2001:db8::/32, 1 entry
		0000 5f5e0000 002c                   # peer 0, originated, 44 octets of attributes
		40010100                             # ORIGIN IGP
		40020a 0202 0003f7a1 0000fde8        # AS_PATH: AS_SEQUENCE 260001 65000
		800e11 10 20010db8000000000000000000000001 # MP_REACH_NLRI, abbreviated: next hop 2001:db8::1
		c00804 fde80064                      # COMMUNITIES 65000:100
		`)
	rib, err := r.RIB()
	if err != nil {
		t.Fatal(err)
	}
	var rr RIBReader
	for _, e := range rib.All() {
		if err := rr.Entry(&rib, e); err != nil || rr.V.Verdict() != nil {
			t.Fatalf("%v %v", err, rr.V.Verdict())
		}
	}
	v := &rr.V
	nh, _, _, ok := v.MPReach.NextHops()
	if !ok || nh != netip.MustParseAddr("2001:db8::1") || len(v.MPReach.Routes) != 1 ||
		v.MPReach.Routes[0].Prefix != netip.MustParsePrefix("2001:db8::/32") || v.MPReach.Family != bgp.IPv6Unicast {
		t.Errorf("MP_REACH %+v", v.MPReach)
	}
	if len(v.ASPath.Segments) != 1 || len(v.ASPath.Segments[0].ASNs) != 2 || v.ASPath.Segments[0].ASNs[0] != 260001 {
		t.Errorf("AS_PATH %+v", v.ASPath)
	}
	if len(v.Communities) != 1 || len(v.NLRI) != 0 {
		t.Errorf("communities %v, NLRI %v", v.Communities, v.NLRI)
	}
}

// TestRIBEntryAddPathIPv4: an IPv4 unicast ADD-PATH entry reads with its
// Path Identifier on the route of the NLRI field, and no allocation once
// warm.
func TestRIBEntryAddPathIPv4(t *testing.T) {
	r := record(t, `
		5f5e1000 000d 0008 00000024          # RIB_IPV4_UNICAST_ADDPATH, length 36
		00000001 18 c63364 0001              # 198.51.100.0/24, 1 entry
		0002 5f5e0000 0000002a 000e          # peer 2, path ID 42, 14 octets
		40010100 400200 400304 c0000201      # ORIGIN, empty AS_PATH, NEXT_HOP 192.0.2.1
		`)
	rib, err := r.RIB()
	if err != nil {
		t.Fatal(err)
	}
	var rr RIBReader
	var e mrt.RIBEntry
	for _, x := range rib.All() {
		e = x
	}
	if err := rr.Entry(&rib, e); err != nil || rr.V.Verdict() != nil {
		t.Fatalf("%v %v", err, rr.V.Verdict())
	}
	if len(rr.V.NLRI) != 1 || rr.V.NLRI[0].PathID != 42 || rr.V.NLRI[0].Prefix != netip.MustParsePrefix("198.51.100.0/24") ||
		rr.V.NextHop != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("%+v", rr.V.NLRI)
	}
	if n := testing.AllocsPerRun(100, func() { rr.Entry(&rib, e) }); n != 0 {
		t.Errorf("%v allocations per entry", n)
	}
}

// TestTableDumpEntry: TABLE_DUMP attributes are read with 2-octet AS
// numbers.
func TestTableDumpEntry(t *testing.T) {
	r := record(t, `
		3d3c6d40 000c 0001 0000002a          # TABLE_DUMP AFI_IPv4, length 42
		0000 0007 c6336400 18 01 3d3c6c00    # 198.51.100.0/24
		c0000201 fde8 0014                   # peer 192.0.2.1 AS 65000, 20 octets
		40010100 400206 0202 fde8 fde9 400304 c0000201 # ORIGIN, AS_PATH 65000 65001 (2 octets), NEXT_HOP
		`)
	v, err := r.TableDump()
	if err != nil {
		t.Fatal(err)
	}
	var rr RIBReader
	if err := rr.TableDump(&v); err != nil || rr.V.Verdict() != nil {
		t.Fatal(err, rr.V.Verdict())
	}
	if len(rr.V.ASPath.Segments) != 1 || rr.V.ASPath.Segments[0].ASNs[1] != 65001 || len(rr.V.NLRI) != 1 || rr.V.NLRI[0].Prefix != v.Prefix {
		t.Errorf("%+v %+v", rr.V.ASPath, rr.V.NLRI)
	}
}

// TestLegacyMessage: a record of the deprecated BGP type gets its BGP
// header back, and its UPDATE reads with 2-octet AS numbers.
func TestLegacyMessage(t *testing.T) {
	r := record(t, `
		386fb1ba 0005 0001 00000023          # BGP BGP_UPDATE, length 35
		1521 c3d3defe 316e c1000001          # peer AS 5409, 195.211.222.254, local AS 12654, 193.0.0.1
		0000 0012 40010100 400204 0201 1521 400304 c3d3defe # no withdrawals, ORIGIN, AS_PATH 5409, NEXT_HOP
		00
		`)
	v, err := r.BGP4MP()
	if err != nil {
		t.Fatal(err)
	}
	msg, ok := Message(v, nil)
	if !ok || len(msg) != 19+len(v.Message) || msg[18] != byte(bgp.MsgUpdate) {
		t.Fatalf("%x", msg)
	}
	var d bgp.UpdateValues
	rd, err := DecodeUpdate(&d, msg, Session(v))
	if err != nil || d.Verdict() != nil || (rd.Fallback || rd.Session.AS4 || len(d.ASPath.Segments) != 1 || d.ASPath.Segments[0].ASNs[0] != 5409) {
		t.Errorf("%+v %+v", rd, d.ASPath)
	}
	if _, ok := Message(mrt.BGP4MP{Headerless: true}, nil); ok {
		t.Error("a message without a type")
	}
}

// TestFallback: Path Identifiers in a BGP4MP MESSAGE_AS4 (BIRD before RFC
// 8050 wrote them so) read the way they fit, and the reading says so.
func TestFallback(t *testing.T) {
	msg := hexvec.Decode(t, `
		ffffffffffffffffffffffffffffffff 0033 02 0000 0014  # UPDATE
		40010100 400206 0201 0000fde8 400304 c0000201       # ORIGIN, AS_PATH 65000, NEXT_HOP
		00000007 18 c63364                                  # path ID 7, 198.51.100.0/24
		`)
	var d bgp.UpdateValues
	rd, err := DecodeUpdate(&d, msg, bgp.Session{AS4: true})
	if err != nil || !rd.Fallback || !rd.Session.AddPath(bgp.IPv4Unicast) || len(d.NLRI) != 1 || d.NLRI[0].PathID != 7 {
		t.Errorf("%+v %v %+v", rd, err, d.NLRI)
	}
	rd, err = DecodeUpdate(&d, msg, Session(mrt.BGP4MP{AS4: true, AddPath: true}))
	if err != nil || rd.Fallback {
		t.Errorf("ADD-PATH subtype: %+v %v", rd, err)
	}
}

// TestRealFallbacks counts, on BIRD's dumps, the UPDATEs of non-ADD-PATH
// subtypes that only read with Path Identifiers: mrtparse's samples of
// BIRD 1.6 (MESSAGE_AS4 records of an ADD-PATH session) have 6 each, and
// BIRD's newer mrtdump writes MESSAGE_AS4_ADDPATH and needs none.
func TestRealFallbacks(t *testing.T) {
	for rel, want := range map[string]int{
		"mrtparse/samples/bird_bgp":          6,
		"mrtparse/samples/bird6_bgp":         6,
		"mrtparse/samples/bird-mrtdump_bgp":  0,
		"mrtparse/samples/bird6-mrtdump_bgp": 0,
		"mrtparse/samples/quagga_bgp":        0,
	} {
		r := testrig.OpenMRT(t, "../../testdata/"+rel)
		var d bgp.UpdateValues
		n := 0
		for rec := range r.Records() {
			if rec.Kind() != mrt.KindBGP4MPMessage {
				continue
			}
			v, _ := rec.BGP4MP()
			if msg, ok := Message(v, nil); ok && msg[18] == byte(bgp.MsgUpdate) {
				rd, err := DecodeUpdate(&d, msg, Session(v))
				if err != nil {
					t.Errorf("%s: %v", rel, err)
				}
				if rd.Fallback {
					n++
				}
			}
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: %d fallbacks, want %d", rel, n, want)
		}
	}
}

// TestSessionExtended: a message over 4096 octets can only come from a
// session that negotiated RFC 8654.
func TestSessionExtended(t *testing.T) {
	long := make([]byte, 19)
	long[16], long[17] = 0x20, 0x00
	if !Session(mrt.BGP4MP{Message: long}).ExtendedMsg || Session(mrt.BGP4MP{Message: long[:18]}).ExtendedMsg {
		t.Error("extended message not recognised")
	}
}

// TestRealRIBs reads every RIB entry of the TABLE_DUMP and TABLE_DUMP_V2
// files of testdata/: each one that reads cleanly holds exactly the
// record's prefix (and its Path Identifier) as its one route. The entries
// that do not read cleanly are counted, each file's with the reason.
func TestRealRIBs(t *testing.T) {
	for rel, want := range map[string][2]int{ // entries, entries with a verdict
		"mrt/bgpdump/test_data/bview.20020722.2337.gz": {115521, 8}, // AGGREGATOR AS 0 (RFC 7607)
		// bgpdump's hand-made ADD-PATH files: some entries have no ORIGIN,
		// and the IPv6 ones have no MP_REACH_NLRI (no next hop) at all.
		"mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz": {62, 2},
		"mrt/bgpdump/test_data/bview.ipv6_unicast_add_path.gz": {62, 62},
		"mrt/bgpdump/test_data/bview.64k_stream_overflow.gz":   {23, 0},
		// BIRD's mrtdump writes entries without attributes.
		"mrt/mrtparse/samples/bird-mrtdump_rib":  {18, 6},
		"mrt/mrtparse/samples/bird6-mrtdump_rib": {10, 10},
		// OpenBGPD writes 4-octet AGGREGATORs into TABLE_DUMP, and
		// RIB_GENERIC entries whose MP_REACH_NLRI next hop is empty.
		"mrt/mrtparse/samples/openbgpd_rib_table":                            {31, 1},
		"mrt/mrtparse/samples/openbgpd_rib_table-v2":                         {33, 2},
		"mrt/mrtparse/samples/quagga_rib":                                    {9, 0},
		"mrt/os-ken/os_ken/tests/packet_data/mrt/rib.20161101.0000_pick.bz2": {4, 0},
		// OpenBGPD's BGP4MP ENTRY records: a 4-octet AGGREGATOR again.
		"mrt/mrtparse/samples/openbgpd_rib_table-mp":      {31, 1},
		"mrt/pyasn/data/bview.20140112.1600_3samples.bz2": {3, 0},
	} {
		r := testrig.OpenMRT(t, "../../testdata/"+rel)
		var rr RIBReader
		n, bad := 0, 0
		check := func(p netip.Prefix, pathID uint32) {
			n++
			if rr.V.Verdict() != nil {
				bad++
				return
			}
			routes := append(rr.V.NLRI[:len(rr.V.NLRI):len(rr.V.NLRI)], rr.V.MPReach.Routes...)
			if len(routes) != 1 || routes[0].Prefix != p || routes[0].PathID != pathID {
				t.Errorf("%s entry %d: routes %v, want %v path %d", rel, n, routes, p, pathID)
			}
		}
		for rec := range r.Records() {
			switch rec.Kind() {
			case mrt.KindTableDump:
				v, _ := rec.TableDump()
				rr.TableDump(&v)
				check(v.Prefix, 0)
			case mrt.KindBGP4MPEntry:
				v, _ := rec.BGP4MPEntry()
				rr.BGP4MPEntry(&v)
				check(v.Prefix, 0)
			case mrt.KindRIB, mrt.KindRIBGeneric:
				rib, _ := rec.RIB()
				for _, e := range rib.All() {
					rr.Entry(&rib, e)
					check(rib.Prefix, e.PathID)
				}
			}
		}
		if n != want[0] || bad != want[1] {
			t.Errorf("%s: %d entries, %d with a verdict; want %v", rel, n, bad, want)
		}
	}
}

// TestAppendRIBAttrsRoundTrip: every RIB entry of the real TABLE_DUMP_V2
// dumps whose MP_REACH_NLRI is abbreviated is read into an UPDATE and
// written back by AppendRIBAttrs to the same attribute octets.
func TestAppendRIBAttrsRoundTrip(t *testing.T) {
	n := 0
	for _, rel := range []string{"mrt/mrtparse/samples/quagga_rib", "mrt/mrtparse/samples/bird6-mrtdump_rib",
		"mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2", "mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz"} {
		r := testrig.OpenMRT(t, "../../testdata/"+rel)
		var rr RIBReader
		for rec := range r.Records() {
			if rec.Kind() != mrt.KindRIB {
				continue
			}
			v, _ := rec.RIB()
			for _, e := range v.All() {
				if err := rr.Entry(&v, e); err != nil {
					t.Fatal(err)
				}
				if !abbreviated(e.Attrs, v.AFI != 1) {
					continue // Quagga keeps the UPDATE's whole MP_REACH_NLRI; BIRD writes entries without attributes
				}
				u := rr.V.View()
				sp := u.AttrsSpan()
				got, err := AppendRIBAttrs(nil, u.Message()[sp.Off:sp.Off+sp.Len])
				if err != nil || !bytes.Equal(got, e.Attrs) {
					t.Fatalf("%s: %v\n got %x\nwant %x", rel, err, got, e.Attrs)
				}
				n++
			}
		}
	}
	if n < 50 { // most archives keep the whole attribute (see ribNextHop): these are BIRD's and bgpdump's
		t.Errorf("only %d entries", n)
	}
	if _, err := AppendRIBAttrs(nil, []byte{0x40, 1, 5, 0}); err == nil {
		t.Error("an attribute running past the end")
	}
}

// abbreviated reports whether attrs hold an MP_REACH_NLRI in the form of
// RFC 6396 §4.3.4, or none and none is needed.
func abbreviated(attrs []byte, needMP bool) bool {
	found := false
	for len(attrs) > 0 {
		a, err := bgp.ParseAttr(attrs)
		if err != nil {
			return false
		}
		attrs = attrs[a.Len():]
		if a.Type == bgp.AttrMPReachNLRI {
			if len(a.Value) == 0 || len(a.Value) != 1+int(a.Value[0]) {
				return false
			}
			found = true
		}
	}
	return found || !needMP
}
