package bgpdump

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// recordsOf returns the first n records of a testdata file, back to back.
func recordsOf(t *testing.T, rel string, n int) []byte {
	r := testrig.OpenMRT(t, testdata+rel)
	var b []byte
	for range n {
		rec, err := r.Next()
		if err != nil {
			break
		}
		b = append(b, rec.Raw...)
	}
	return b
}

// lineErr is a record's error and how many octets of lines came before it.
type lineErr struct {
	at  int
	off int64
	err string
}

// orderStream is a generated table (a malformed set among its sets), in
// which the entry count of two RIB records is made too large (an error
// each), then a RouteViews RIB with a PEER_INDEX_TABLE of its own, BGP4MP
// updates and TABLE_DUMP records.
func orderStream(t *testing.T) []byte {
	gen, _ := cacheTable(t, 40, 300, 8)
	r, _ := mrt.NewReader(bytes.NewReader(gen))
	var data []byte
	ribs := 0
	for rec := range r.Records() {
		b := append([]byte(nil), rec.Raw...)
		if rec.Kind() == mrt.KindRIB {
			if ribs++; ribs == 50 || ribs == 51 {
				// After the sequence number and the prefix: the entry count.
				at := mrt.HeaderLen + 4 + 1 + (int(b[mrt.HeaderLen+4])+7)/8
				binary.BigEndian.PutUint16(b[at:], 0xffff)
			}
		}
		data = append(data, b...)
	}
	data = append(data, recordsOf(t, "mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2", 2000)...)
	data = append(data, recordsOf(t, "bgpdump/test_data/updates.20160811.1600.gz", 3000)...)
	// TABLE_DUMP, and early RIS batches of it (records 4 octets longer
	// than their Length says).
	data = append(data, recordsOf(t, "mrt/bgpdump/test_data/bview.20020722.2337.gz", 2000)...)
	return append(data, recordsOf(t, "mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz", 10)...)
}

// TestParallelOrder: Parallel writes the lines, the stats and the errors
// (with their offsets, after the lines before them) of the sequential
// Writer, in order, across a change of PEER_INDEX_TABLE: with a batch per
// record and three workers, so that batches are done out of order, and
// with larger batches, errors inside them.
func TestParallelOrder(t *testing.T) {
	data := orderStream(t)
	for _, human := range []bool{false, true} {
		var want bytes.Buffer
		var wantErrs []lineErr
		w := NewWriter(&want, human)
		r, _ := mrt.NewReader(bytes.NewReader(data))
		for rec := range r.Records() {
			if err := w.Record(rec); err != nil {
				w.Flush()
				wantErrs = append(wantErrs, lineErr{want.Len(), r.Offset(), err.Error()})
			}
		}
		w.Flush()
		if len(wantErrs) != 2 || w.Stats.Malformed == 0 || w.Stats.Lines < 10000 {
			t.Fatalf("the stream does not test: %d errors, %+v", len(wantErrs), w.Stats)
		}
		for _, size := range []int{1, 4096} {
			var got bytes.Buffer
			var gotErrs []lineErr
			p := NewParallel(&got, human, 3)
			p.size = size
			p.OnError = func(off int64, err error) { gotErrs = append(gotErrs, lineErr{got.Len(), off, err.Error()}) }
			r, _ := mrt.NewReader(bytes.NewReader(data))
			for rec := range r.Records() {
				p.Record(rec, r.Offset())
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("human %v, batches of %d: the lines differ", human, size)
			}
			if !slices.Equal(gotErrs, wantErrs) || p.Stats != w.Stats {
				t.Errorf("human %v, batches of %d: errors %v, stats %+v; want %v, %+v", human, size, gotErrs, p.Stats, wantErrs, w.Stats)
			}
		}
	}
}
