package bgpdump

import (
	"bytes"
	"io"
	"os"
	"testing"

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

func benchWriter(b *testing.B, rel string) {
	f, err := os.Open(testdata + rel)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := mrt.NewReader(f)
	var data []byte
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		data = append(data, rec.Raw...)
	}
	f.Close()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	lines := 0
	for b.Loop() {
		r, _ := mrt.NewReader(bytes.NewReader(data))
		w := NewWriter(io.Discard, false)
		for {
			rec, err := r.Next()
			if err != nil {
				break
			}
			w.Record(rec)
		}
		w.Flush()
		lines = w.Stats.Lines
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
