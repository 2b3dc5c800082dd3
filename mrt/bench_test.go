package mrt

import (
	"bytes"
	"os"
	"testing"
)

// benchFile is the largest TABLE_DUMP_V2 dump of testdata/ (the first MiB
// of a RouteViews IPv6 RIB of 2015, 29 peers), decompressed once, up to
// its last whole record.
func benchFile(b *testing.B) []byte {
	b.Helper()
	f, err := os.Open("../testdata/mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r, err := NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var out []byte
	for rec := range r.Records() {
		out = append(out, rec.Raw...)
	}
	return out
}

// BenchmarkReader frames every record of an uncompressed RIB dump with
// the Reader (Records) and walks the entries of each RIB record in place.
func BenchmarkReader(b *testing.B) {
	data := benchFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var records, entries int
	for b.Loop() {
		r, _ := NewReader(bytes.NewReader(data))
		records, entries = 0, 0
		for rec := range r.Records() {
			records++
			if rec.Kind() == KindRIB {
				v, err := rec.RIB()
				if err != nil {
					b.Fatal(err)
				}
				for range v.All() {
					entries++
				}
			}
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkRIBView reads one RIB record's view and walks its entries: no
// allocation.
func BenchmarkRIBView(b *testing.B) {
	data := benchFile(b)
	_, rest, _ := SplitRecord(data) // the PEER_INDEX_TABLE
	rec, _, err := SplitRecord(rest)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		v, _ := rec.RIB()
		for range v.All() {
			n++
		}
	}
	if testing.AllocsPerRun(10, func() {
		v, _ := rec.RIB()
		for range v.All() {
		}
	}) != 0 {
		b.Error("allocates")
	}
}
