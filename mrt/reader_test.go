package mrt

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/bgplens/bgplens/internal/hexvec"
)

// stream returns the vectors one after the other.
func stream(t testing.TB) []byte {
	var b []byte
	for _, s := range []string{vecBGP4MPMessageAS4, vecPeerIndex, vecRIBAddPath, vecLegacyUpdate} {
		b = append(b, hexvec.Decode(t, s)...)
	}
	return b
}

func readAll(t *testing.T, r *Reader) ([][]byte, error) {
	t.Helper()
	var recs [][]byte
	for rec := range r.Records() {
		recs = append(recs, bytes.Clone(rec.Raw))
	}
	return recs, r.Err()
}

// TestReaderPlainAndGzip: the same records from the plain stream and its
// gzip form, at the offsets they start at, in a buffer smaller than the
// stream, then io.EOF for good.
func TestReaderPlainAndGzip(t *testing.T) {
	plain := stream(t)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(plain)
	zw.Close()
	for name, in := range map[string][]byte{"": plain, "gzip": z.Bytes()} {
		r, err := NewReader(iotestOneByte{bytes.NewReader(in)})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := readAll(t, r)
		if err != nil || r.Compression != name || !bytes.Equal(bytes.Join(recs, nil), plain) || len(recs) != 4 {
			t.Errorf("%q: %d records, %v, compression %q", name, len(recs), err, r.Compression)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("after the end: %v", err)
		}
	}
}

// iotestOneByte reads one octet at a time, so that every record is
// assembled across reads.
type iotestOneByte struct{ r io.Reader }

func (o iotestOneByte) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

// TestReaderCut: a stream that ends inside a record gives the records
// before it, then a StreamError at the record's offset saying how much of
// it there was, and the same error again.
func TestReaderCut(t *testing.T) {
	plain := stream(t)
	for _, cut := range []int{5, HeaderLen + 43 + 3, HeaderLen + 43 + 20, len(plain) - 1} {
		r, _ := NewReader(bytes.NewReader(plain[:cut]))
		recs, err := readAll(t, r)
		var se *StreamError
		if !errors.As(err, &se) {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		end := len(bytes.Join(recs, nil))
		var e *Error
		if se.Offset != int64(end) || !errors.As(err, &e) || e.Off != cut-end {
			t.Errorf("cut at %d: %v after %d octets", cut, err, end)
		}
		if _, err2 := r.Next(); err2 != err {
			t.Errorf("not sticky: %v", err2)
		}
	}
}

// TestReaderMax: a length over the maximum is refused before reading it.
func TestReaderMax(t *testing.T) {
	r, _ := NewReader(bytes.NewReader(stream(t)))
	r.SetMaxRecordLen(HeaderLen + 42)
	recs, err := readAll(t, r)
	var se *StreamError
	if len(recs) != 0 || !errors.As(err, &se) || se.Offset != 0 {
		t.Errorf("%d records, %v", len(recs), err)
	}
}

// TestReaderBzip2 reads a real bzip2 file cut in the middle of its
// stream: the records before the cut, then the error.
func TestReaderBzip2(t *testing.T) {
	f, err := os.Open("../testdata/mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, _ := NewReader(f)
	n := 0
	for ; ; n++ {
		if _, err = r.Next(); err != nil {
			break
		}
	}
	if r.Compression != "bzip2" || n != 6871 || !errors.As(err, new(*StreamError)) {
		t.Errorf("%s: %d records, %v", r.Compression, n, err)
	}
}

func TestWriter(t *testing.T) {
	plain := stream(t)
	var out bytes.Buffer
	w := NewWriter(&out)
	for b := plain; len(b) > 0; {
		rec, rest, err := SplitRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		own, err := rec.Decode()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(own); err != nil {
			t.Fatal(err)
		}
		b = rest
	}
	if !bytes.Equal(out.Bytes(), plain) {
		t.Error("written stream differs")
	}
	if err := w.WriteRaw(plain); err == nil {
		t.Error("WriteRaw took several records")
	}
	if err := w.WriteRaw(plain[:HeaderLen+43]); err != nil {
		t.Error(err)
	}
}

// TestReaderClose: a compressed stream left before its end stops its
// decompressing goroutine on Close; one read to its end stops by itself.
func TestReaderClose(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	one := stream(t)
	for range 20000 {
		zw.Write(one) // about 4 MB: more than the chunks read ahead
	}
	zw.Close()
	before := runtime.NumGoroutine()
	r, err := NewReader(bytes.NewReader(z.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if runtime.NumGoroutine() <= before {
		t.Fatal("no goroutine decompressing")
	}
	r.Close()
	r.Close() // twice is fine
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 100 {
			t.Fatal("the goroutine did not stop")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r, _ = NewReader(bytes.NewReader(z.Bytes()))
	n := 0
	for ; ; n++ {
		if _, err := r.Next(); err != nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
	}
	if n != 80000 {
		t.Errorf("%d records", n)
	}
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 100 {
			t.Fatal("the goroutine did not stop at the end")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
