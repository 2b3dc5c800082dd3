package mrt_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// realFile is what the shared corpus' independent record walker counted in
// one file (testdata/README.md): records per "TYPE SUBTYPE", and whether
// the stream ends inside a record after them.
type realFile struct {
	counts map[string]int
	cut    bool // the stream ends inside a record (cut-down files)
}

// realFiles holds every MRT file of testdata/ with the walker's counts.
// Where bgplens counts differently the comment says why.
var realFiles = map[string]realFile{
	"bgpdump/test_data/updates.20020722.2238.gz":                                                 {counts: map[string]int{"BGP4MP MESSAGE": 1028, "BGP4MP STATE_CHANGE": 93}},
	"bgpdump/test_data/updates.20070211.0141.gz":                                                 {counts: map[string]int{"BGP4MP MESSAGE": 23394}},
	"bgpdump/test_data/updates.20071015.1505.gz":                                                 {counts: map[string]int{"BGP4MP MESSAGE": 4256, "BGP4MP MESSAGE_AS4": 41}},
	"bgpdump/test_data/updates.20100722.2015.gz":                                                 {counts: map[string]int{"BGP4MP MESSAGE": 789, "BGP4MP MESSAGE_AS4": 1364, "BGP4MP STATE_CHANGE_AS4": 40}},
	"bgpdump/test_data/updates.20160811.1600.gz":                                                 {counts: map[string]int{"BGP4MP MESSAGE_AS4": 17384, "BGP4MP STATE_CHANGE_AS4": 22}},
	"bgpdump/test_data/updates.et-header.2015.gz":                                                {counts: map[string]int{"BGP4MP_ET MESSAGE": 1, "BGP4MP_ET MESSAGE_AS4": 89681, "BGP4MP_ET STATE_CHANGE_AS4": 4}},
	"bgpdump/test_data/updates.long_withdrawal.gz":                                               {counts: map[string]int{"BGP4MP MESSAGE_AS4": 1}},
	"bgpdump/test_data/updates.nlri_mask_trailing_bits.gz":                                       {counts: map[string]int{"BGP4MP MESSAGE": 1}},
	"bgpkit-parser/tests/fixtures/ripe/rrc01/2000.11/updates.20001104.0124.gz":                   {counts: map[string]int{"BGP4MP MESSAGE": 922, "BGP4MP STATE_CHANGE": 364}},
	"bgpkit-parser/tests/fixtures/ripe/rrc03/2010.02/updates.20100227.1600.first-796-records.gz": {counts: map[string]int{"BGP4MP MESSAGE": 277, "BGP4MP MESSAGE_AS4": 515, "BGP4MP STATE_CHANGE_AS4": 4}},
	"bgpkit-parser/tests/fixtures/ripe/rrc15/2010.02/updates.20100227.1600.gz":                   {counts: map[string]int{"BGP4MP MESSAGE": 542, "BGP4MP MESSAGE_AS4": 6053, "BGP4MP STATE_CHANGE_AS4": 20}},
	"bgpkit-parser/tests/fixtures/ripe/rrc15/2010.02/updates.20100227.1610.gz":                   {counts: map[string]int{"BGP4MP MESSAGE": 631, "BGP4MP MESSAGE_AS4": 1306, "BGP4MP STATE_CHANGE_AS4": 16}},
	"libbgpstream/test/ris.rrc06.updates.1427846400.gz":                                          {counts: map[string]int{"BGP4MP MESSAGE_AS4": 791, "BGP4MP STATE_CHANGE_AS4": 4}},
	"libbgpstream/test/routeviews.route-views.jinx.updates.1427846400.bz2":                       {counts: map[string]int{"BGP4MP MESSAGE_AS4": 1756}},
	"mrtparse/samples/bird-mrtdump_bgp":                                                          {counts: map[string]int{"BGP4MP MESSAGE": 1, "BGP4MP MESSAGE_AS4_ADDPATH": 14, "BGP4MP STATE_CHANGE_AS4": 12}},
	"mrtparse/samples/bird6-mrtdump_bgp":                                                         {counts: map[string]int{"BGP4MP MESSAGE": 1, "BGP4MP MESSAGE_AS4_ADDPATH": 14, "BGP4MP STATE_CHANGE_AS4": 12}},
	"mrtparse/samples/bird6_bgp":                                                                 {counts: map[string]int{"BGP4MP MESSAGE": 1, "BGP4MP MESSAGE_AS4": 16, "BGP4MP STATE_CHANGE_AS4": 12}},
	"mrtparse/samples/bird_bgp":                                                                  {counts: map[string]int{"BGP4MP MESSAGE": 1, "BGP4MP MESSAGE_AS4": 16, "BGP4MP STATE_CHANGE_AS4": 12}},
	"mrtparse/samples/openbgpd_bgp":                                                              {counts: map[string]int{"BGP4MP MESSAGE": 4, "BGP4MP MESSAGE_AS4": 67, "BGP4MP STATE_CHANGE": 8, "BGP4MP STATE_CHANGE_AS4": 8}},
	"mrtparse/samples/quagga_bgp":                                                                {counts: map[string]int{"BGP4MP MESSAGE": 4, "BGP4MP MESSAGE_AS4": 43, "BGP4MP STATE_CHANGE_AS4": 20}},

	"mrt/bgpdump/test_data/bview.20020722.2337.gz":         {counts: map[string]int{"TABLE_DUMP AFI_IPv4": 115521}},
	"mrt/bgpdump/test_data/bview.64k_stream_overflow.gz":   {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV6_UNICAST": 1}},
	"mrt/bgpdump/test_data/bview.ipv4_unicast_add_path.gz": {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV4_UNICAST_ADDPATH": 31}},
	"mrt/bgpdump/test_data/bview.ipv6_unicast_add_path.gz": {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV6_UNICAST_ADDPATH": 31}},
	// Batches of entries with a Length 4 octets short (Header.Extra).
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz": {counts: map[string]int{"TABLE_DUMP AFI_IPv4": 3}},
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/updates.20000102.2014.gz":               {counts: map[string]int{"BGP BGP_KEEPALIVE": 123, "BGP BGP_STATE_CHANGE": 16, "BGP BGP_UPDATE": 3818}},
	// Two damaged record boundaries (the fixture's README): the sixth
	// record is garbage framed as Type(32305), and the length of the next
	// is over any reader's maximum; the walker stopped there as well.
	"mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.03/updates.20000325.0345.gz": {counts: map[string]int{"BGP BGP_KEEPALIVE": 1, "BGP BGP_UPDATE": 4, "Type(32305) Subtype(28353)": 1}, cut: true},
	"mrt/mrtparse/samples/bird-mrtdump_rib":                                        {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 2, "TABLE_DUMP_V2 RIB_IPV4_UNICAST": 4, "TABLE_DUMP_V2 RIB_IPV4_UNICAST_ADDPATH": 8}},
	"mrt/mrtparse/samples/bird6-mrtdump_rib":                                       {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 2, "TABLE_DUMP_V2 RIB_IPV6_UNICAST": 2, "TABLE_DUMP_V2 RIB_IPV6_UNICAST_ADDPATH": 5}},
	"mrt/mrtparse/samples/openbgpd_rib_table":                                      {counts: map[string]int{"TABLE_DUMP AFI_IPv4": 11, "TABLE_DUMP AFI_IPv6": 20}},
	"mrt/mrtparse/samples/openbgpd_rib_table-mp":                                   {counts: map[string]int{"BGP4MP ENTRY": 31}}, // from the MRT drafts before RFC 6396
	"mrt/mrtparse/samples/openbgpd_rib_table-v2":                                   {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_GENERIC": 2, "TABLE_DUMP_V2 RIB_IPV4_UNICAST": 11, "TABLE_DUMP_V2 RIB_IPV6_UNICAST": 10}},
	"mrt/mrtparse/samples/quagga_rib":                                              {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV4_UNICAST": 3, "TABLE_DUMP_V2 RIB_IPV6_UNICAST": 3}},
	"mrt/os-ken/os_ken/tests/packet_data/mrt/rib.20161101.0000_pick.bz2":           {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV4_UNICAST": 2}},
	"mrt/os-ken/os_ken/tests/packet_data/mrt/updates.20161101.0000.bz2":            {counts: map[string]int{"BGP4MP MESSAGE_AS4": 2623}},
	"mrt/pyasn/data/bview.20140112.1600_3samples.bz2":                              {counts: map[string]int{"TABLE_DUMP_V2 RIB_IPV4_UNICAST": 3}},
	// The walker's Python bz2 gave up 4 records earlier (testdata/README.md).
	"mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2": {counts: map[string]int{"TABLE_DUMP_V2 PEER_INDEX_TABLE": 1, "TABLE_DUMP_V2 RIB_IPV6_UNICAST": 6870}, cut: true},
}

func testdataPath(rel string) string { return filepath.Join("..", "testdata", filepath.FromSlash(rel)) }

// readBody reads the record's body with the view of its kind.
func readBody(rec mrt.RecordView) error {
	var err error
	switch rec.Kind() {
	case mrt.KindBGP4MPMessage, mrt.KindBGP4MPState, mrt.KindLegacyMessage, mrt.KindLegacyState, mrt.KindLegacySync:
		_, err = rec.BGP4MP()
	case mrt.KindTableDump:
		_, err = rec.TableDump()
	case mrt.KindPeerIndex:
		_, err = rec.PeerIndex()
	case mrt.KindRIB, mrt.KindRIBGeneric:
		_, err = rec.RIB()
	case mrt.KindBGP4MPEntry:
		_, err = rec.BGP4MPEntry()
	}
	return err
}

// TestRealData reads every MRT file of testdata/ with the Reader: the
// records per type and subtype are the independent walker's, every body
// reads with the view of its kind, and every record decodes into an owned
// value that appends back to the same octets. Files cut short end with a
// *StreamError after their whole records.
func TestRealData(t *testing.T) {
	for rel, want := range realFiles {
		t.Run(rel, func(t *testing.T) {
			r := testrig.OpenMRT(t, testdataPath(rel))
			got := map[string]int{}
			var (
				buf []byte
				end int64 // where the last whole record ended
			)
			for rec := range r.Records() {
				end = r.Offset() + int64(len(rec.Raw))
				got[rec.Type.String()+" "+rec.SubtypeName()]++
				if err := readBody(rec); err != nil {
					t.Errorf("record at %d: %v", r.Offset(), err)
					continue
				}
				own, err := rec.Decode()
				if err != nil {
					t.Fatalf("record at %d: decode: %v", r.Offset(), err)
				}
				buf, err = own.Append(buf[:0])
				if err != nil || !bytes.Equal(buf, rec.Raw) {
					t.Fatalf("record at %d: round trip: %v\n got %x\nwant %x", r.Offset(), err, buf, rec.Raw)
				}
			}
			var se *mrt.StreamError
			switch err := r.Err(); {
			case err == nil && want.cut:
				t.Error("stream ended cleanly; want a record cut short")
			case err != nil && (!want.cut || !errors.As(err, &se) || se.Offset != end):
				t.Fatalf("after %v: %v", got, err)
			}
			if len(got) != len(want.counts) {
				t.Errorf("counts %v, want %v", got, want.counts)
			}
			for k, n := range want.counts {
				if got[k] != n {
					t.Errorf("%s: %d records, want %d", k, got[k], n)
				}
			}
		})
	}
}

// TestRealDataFiles keeps realFiles complete: every file under
// testdata/mrt/ that is not an expected output is in it.
func TestRealDataFiles(t *testing.T) {
	root := testdataPath("mrt")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) == "test_expect" {
			return err
		}
		rel, _ := filepath.Rel(testdataPath(""), p)
		if _, ok := realFiles[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is not in realFiles", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTableDumpBatched reads the early RIS TABLE_DUMP batches: each record
// is 4 octets longer than its Length, and its entries (186, 192 and 181,
// counted by a separate walk, testdata/README.md) all read.
func TestTableDumpBatched(t *testing.T) {
	r := testrig.OpenMRT(t, testdataPath("mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz"))
	var counts []int
	for rec := range r.Records() {
		if rec.Extra != 4 || len(rec.Raw) != mrt.HeaderLen+int(rec.Length)+4 {
			t.Fatalf("record at %d: Extra %d", r.Offset(), rec.Extra)
		}
		n := 0
		for v, err := range rec.TableDumps() {
			if err != nil || !v.Prefix.IsValid() || len(v.Attrs) == 0 {
				t.Fatalf("entry %d: %+v %v", n, v, err)
			}
			n++
		}
		counts = append(counts, n)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(counts) != 3 || counts[0] != 186 || counts[1] != 192 || counts[2] != 181 {
		t.Errorf("entries %v", counts)
	}
}
