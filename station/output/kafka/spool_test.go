package kafka

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func testRecord(i int) *kgo.Record {
	r := &kgo.Record{Topic: "t" + fmt.Sprint(i%3), Value: []byte(fmt.Sprintf("value %d", i)), Timestamp: time.Unix(1700000000, int64(i))}
	if i%4 != 0 {
		r.Key = []byte(fmt.Sprintf("key %d", i%5))
	}
	return r
}

func checkRecord(t *testing.T, got *kgo.Record, i int) {
	t.Helper()
	w := testRecord(i)
	if got == nil {
		t.Fatalf("record %d: none", i)
	}
	if got.Topic != w.Topic || string(got.Value) != string(w.Value) || string(got.Key) != string(w.Key) ||
		(got.Key == nil) != (w.Key == nil) || !got.Timestamp.Equal(w.Timestamp) {
		t.Fatalf("record %d: got %s %q %q %v, want %s %q %q %v", i, got.Topic, got.Key, got.Value, got.Timestamp, w.Topic, w.Key, w.Value, w.Timestamp)
	}
}

// TestSpoolOrder: records come back in the order they went in, across
// segments, while more are appended, and the spool is empty (no files
// left) once they are all read.
func TestSpoolOrder(t *testing.T) {
	dir := t.TempDir()
	s, err := openSpool(dir, 1<<20, 200) // a few records a segment
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	for i := range 100 {
		if err := s.Append(testRecord(i)); err != nil {
			t.Fatal(err)
		}
		if i%7 == 6 { // read some while writing
			r, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			checkRecord(t, r, next)
			next++
		}
	}
	for ; next < 100; next++ {
		r, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		checkRecord(t, r, next)
	}
	if r, err := s.Next(); r != nil || err != nil || !s.Empty() || s.size != 0 {
		t.Fatalf("after the last: %v %v, empty %v, size %d", r, err, s.Empty(), s.size)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("%d files left in an empty spool", len(ents))
	}
}

// TestSpoolFull: the spool refuses a record beyond its size and takes
// records again once some are read.
func TestSpoolFull(t *testing.T) {
	s, err := openSpool(t.TempDir(), 300, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ; ; n++ {
		if err := s.Append(testRecord(n)); err != nil {
			if err != errSpoolFull {
				t.Fatal(err)
			}
			break
		}
	}
	if n == 0 || s.size > 300 {
		t.Fatalf("%d records, %d octets in a 300-octet spool", n, s.size)
	}
	r, _ := s.Next()
	checkRecord(t, r, 0)
	if err := s.Append(testRecord(n)); err != nil {
		t.Fatalf("after a read: %v", err)
	}
}

// TestSpoolReopen: what one run leaves is read by the next, in order;
// Close puts the records in flight at the head, before the unread rest;
// a torn last record (a crash mid-write) is cut and counted.
func TestSpoolReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := openSpool(dir, 1<<20, 250)
	if err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 40; i++ {
		if err := s.Append(testRecord(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Records 10..14 were read and handed on, never acknowledged: Close
	// gets them back with 0..9, which were in flight before.
	for i := 10; i < 15; i++ {
		r, _ := s.Next()
		checkRecord(t, r, i)
	}
	var back []*kgo.Record
	for i := range 15 {
		back = append(back, testRecord(i))
	}
	if err := s.Close(back); err != nil {
		t.Fatal(err)
	}
	// A torn record at the end of the last segment.
	ents, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	last := ents[len(ents)-1]
	f, _ := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0)
	f.Write([]byte{0, 0, 0, 40, 1, 2})
	f.Close()

	s, err = openSpool(dir, 1<<20, 250)
	if err != nil {
		t.Fatal(err)
	}
	if s.corrupt != 1 || s.records != 40 {
		t.Fatalf("reopened: %d records, %d damaged; want 40, 1", s.records, s.corrupt)
	}
	for i := range 40 {
		r, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		checkRecord(t, r, i)
	}
	if r, _ := s.Next(); r != nil {
		t.Fatal("a record beyond the 40")
	}
}

// TestSpoolDamage: a record whose octets changed is not read as a record.
func TestSpoolDamage(t *testing.T) {
	dir := t.TempDir()
	s, _ := openSpool(dir, 1<<20, 1<<20)
	for i := range 3 {
		s.Append(testRecord(i))
	}
	s.Close(nil)
	ents, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	b, _ := os.ReadFile(ents[0])
	b[len(b)-1] ^= 1 // the last value's last octet
	os.WriteFile(ents[0], b, 0o644)
	s, err := openSpool(dir, 1<<20, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if s.records != 2 || s.corrupt != 1 {
		t.Fatalf("%d records, %d damaged; want 2, 1", s.records, s.corrupt)
	}
}

// FuzzSpoolRecord: whatever a segment holds, readRecord returns a record
// or an error without a panic, and a record it reads writes back to the
// same octets.
func FuzzSpoolRecord(f *testing.F) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	for i := range 3 {
		writeRecord(w, testRecord(i))
	}
	w.Flush()
	f.Add(buf.Bytes())
	f.Add([]byte{0, 0, 0, 18, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		br := bufio.NewReader(bytes.NewReader(b))
		off := 0
		for {
			rec, n, err := readRecord(br)
			if err != nil {
				return
			}
			var out bytes.Buffer
			w := bufio.NewWriter(&out)
			if err := writeRecord(w, rec); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if int64(out.Len()) != n || !bytes.Equal(out.Bytes(), b[off:off+int(n)]) {
				t.Fatalf("record at %d read back differently:\n%x\n%x", off, out.Bytes(), b[off:off+int(n)])
			}
			off += int(n)
		}
	})
}
