package mrt

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/bgplens/bgplens/internal/hexvec"
)

// FuzzRecord feeds one record of any type: every view of its kind reads it
// without panicking, errors have offsets inside the record, and a record
// the decoder takes appends back to the same octets and decodes to the
// same owned value. The seeds hold a record of every kind (the vectors and
// the first records of real files of each kind).
func FuzzRecord(f *testing.F) {
	for _, s := range []string{vecBGP4MPMessageAS4, vecBGP4MPETState, vecTableDump, vecPeerIndex, vecRIBAddPath, vecRIBGeneric, vecLegacyUpdate} {
		f.Add(hexvec.Decode(f, s))
	}
	batch, err := os.ReadFile("../testdata/mrt/bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.first-3-records.gz")
	if err != nil {
		f.Fatal(err)
	}
	if r, err := NewReader(bytes.NewReader(batch)); err == nil {
		if rec, err := r.Next(); err == nil {
			f.Add(bytes.Clone(rec.Raw[:min(len(rec.Raw), 400)])) // a batched record, cut: Extra is not found
			f.Add(bytes.Clone(rec.Raw))
		}
	}
	for _, rel := range []string{"mrtparse/samples/bird-mrtdump_rib", "mrtparse/samples/openbgpd_rib_table-v2", "mrtparse/samples/openbgpd_rib_table", "mrtparse/samples/openbgpd_rib_table-mp", "mrtparse/samples/quagga_rib"} {
		b, err := os.ReadFile("../testdata/mrt/" + rel)
		if err != nil {
			f.Fatal(err)
		}
		for i := 0; i < 8 && len(b) > 0; i++ {
			rec, rest, err := SplitRecord(b)
			if err != nil {
				break
			}
			f.Add(rec.Raw)
			b = rest
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRecord(b)
		if err != nil {
			return
		}
		if err := readBodyOf(r); err != nil {
			if e, ok := err.(*Error); !ok || e.Off < 0 || e.Off > len(b) {
				t.Fatalf("error without an offset in the record: %v", err)
			}
		}
		if r.Kind() == KindTableDump {
			for v, err := range r.TableDumps() {
				if err != nil {
					break
				}
				if v.AttrsOff+len(v.Attrs) > len(b) || !bytes.Equal(b[v.AttrsOff:v.AttrsOff+len(v.Attrs)], v.Attrs) {
					t.Fatalf("AttrsOff %d does not locate Attrs", v.AttrsOff)
				}
			}
		}
		if r.Kind() == KindRIB || r.Kind() == KindRIBGeneric {
			if v, err := r.RIB(); err == nil {
				n := 0
				for _, e := range v.All() {
					if e.AttrsOff+len(e.Attrs) > len(b) || !bytes.Equal(b[e.AttrsOff:e.AttrsOff+len(e.Attrs)], e.Attrs) {
						t.Fatalf("entry %d: AttrsOff %d does not locate Attrs", n, e.AttrsOff)
					}
					n++
				}
				if n != int(v.Count) {
					t.Fatalf("%d entries walked, Count %d", n, v.Count)
				}
			}
		}
		own, err := r.Decode()
		if err != nil {
			return
		}
		out, err := own.Append(nil)
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("round trip: %v\n got %x\nwant %x", err, out, b)
		}
		again, err := DecodeRecord(out)
		if err != nil {
			t.Fatal(err)
		}
		out2, _ := again.Append(nil)
		if !bytes.Equal(out2, out) {
			t.Fatal("second round trip differs")
		}
	})
}

// FuzzReader reads any stream with the Reader, in a small buffer: nothing
// panics, records come back to back from offset 0, each as SplitRecord
// frames it, and the stream ends with io.EOF exactly at its end or with a
// *StreamError at the offset of the record that could not be read.
func FuzzReader(f *testing.F) {
	f.Add(stream(f))
	for _, rel := range []string{"mrtparse/samples/bird-mrtdump_rib", "mrtparse/samples/openbgpd_rib_table"} {
		b, _ := os.ReadFile("../testdata/mrt/" + rel)
		f.Add(b[:min(len(b), 900)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			return // a gzip header that does not read
		}
		if r.Compression != "" {
			return // decompressed input is another stream; framing is tested on plain ones
		}
		var off int64
		for {
			rec, err := r.Next()
			if err == io.EOF {
				if off != int64(len(b)) {
					t.Fatalf("EOF at %d of %d", off, len(b))
				}
				return
			}
			if err != nil {
				se, ok := err.(*StreamError)
				if !ok || se.Offset != off {
					t.Fatalf("error %v at %d", err, off)
				}
				return
			}
			if r.Offset() != off || !bytes.Equal(rec.Raw, b[off:off+int64(len(rec.Raw))]) {
				t.Fatalf("record at %d, reader says %d", off, r.Offset())
			}
			off += int64(len(rec.Raw))
		}
	})
}
