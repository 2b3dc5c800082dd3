package bgpdump

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"github.com/bgplens/bgplens/internal/mrtgen"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// BenchmarkWriter writes the bgpdump -m lines of an uncompressed RouteViews
// IPv6 RIB (149,578 lines) to io.Discard.
func BenchmarkWriter(b *testing.B) { benchWriter(b, "mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2") }

// BenchmarkWriterUpdates does the same with a RIS update file of 2016
// (17,406 BGP4MP records, 41,234 lines).
func BenchmarkWriterUpdates(b *testing.B) {
	benchWriter(b, "bgpdump/test_data/updates.20160811.1600.gz")
}

// BenchmarkWriterTable does the same with a generated full-table-like
// RIB (internal/mrtgen, as make compare-mrt's): 50,000 prefixes x 10 peers,
// the real attribute sets of testdata's dumps repeating across them.
func BenchmarkWriterTable(b *testing.B) { benchData(b, benchTable(b), false) }

// BenchmarkParallelTable writes the same table with Parallel, a worker
// per core (-cpu).
func BenchmarkParallelTable(b *testing.B) { benchData(b, benchTable(b), true) }

func benchTable(b *testing.B) []byte {
	sets, err := mrtgen.RealSets()
	if err != nil {
		b.Fatal(err)
	}
	var data bytes.Buffer
	if _, err := mrtgen.Write(&data, 50000, 10, 1, sets); err != nil {
		b.Fatal(err)
	}
	return data.Bytes()
}

func benchWriter(b *testing.B, rel string) {
	r := testrig.OpenMRT(b, testdata+rel)
	var data []byte
	for rec := range r.Records() {
		data = append(data, rec.Raw...)
	}
	benchData(b, data, false)
}

// benchData writes the lines of the records of data with a Writer, or
// a Parallel.
func benchData(b *testing.B, data []byte, parallel bool) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	lines := 0
	for b.Loop() {
		r, _ := mrt.NewReader(bytes.NewReader(data))
		w := NewWriter(io.Discard, false)
		p := NewParallel(io.Discard, false, runtime.GOMAXPROCS(0))
		for rec := range r.Records() {
			if parallel {
				p.Record(rec, r.Offset())
			} else {
				w.Record(rec)
			}
		}
		w.Flush()
		p.Close()
		lines = w.Stats.Lines + p.Stats.Lines
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
