package bmp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"iter"
	"testing"
	"testing/iotest"
)

// framed yields the messages r frames up to the end of the stream,
// failing tb on a framing error.
func framed(tb testing.TB, r interface{ Next() ([]byte, error) }) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for {
			m, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				tb.Fatal(err)
			}
			if !yield(m) {
				return
			}
		}
	}
}

// streamOf concatenates messages.
func streamOf(msgs ...[]byte) []byte { return bytes.Join(msgs, nil) }

var (
	initMsg = []byte{3, 0, 0, 0, 14, 4, 0, 2, 0, 4, 'r', 't', 'a', '1'} // Initiation, sysName "rta1"
	termMsg = []byte{3, 0, 0, 0, 12, 5, 0, 1, 0, 2, 0, 0}               // Termination, reason 0
)

// TestReader frames a stream, whatever the sizes its source reads in.
func TestReader(t *testing.T) {
	big := mustAppend(t, Unknown{MsgType: 200, Body: bytes.Repeat([]byte{0xab}, 200000)}) // over the 64 KiB chunk
	stream := streamOf(initMsg, big, termMsg, initMsg)
	for name, r := range map[string]*Reader{
		"whole":    NewReader(bytes.NewReader(stream)),
		"one byte": NewReader(iotest.OneByteReader(bytes.NewReader(stream))),
		"half":     NewReader(iotest.HalfReader(bytes.NewReader(stream))),
		"data+EOF": NewReader(iotest.DataErrReader(bytes.NewReader(stream))),
		"in place": NewBytesReader(stream),
		// Framed in the bufio.Reader's buffer when a message fits
		// (16 octets: Initiation and Termination), else gathered.
		"bufio":          NewReader(bufio.NewReaderSize(bytes.NewReader(stream), 16)),
		"bufio one byte": NewReader(bufio.NewReaderSize(iotest.OneByteReader(bytes.NewReader(stream)), 16)),
		"bufio 4 KiB":    NewReader(bufio.NewReader(iotest.HalfReader(bytes.NewReader(stream)))),
	} {
		t.Run(name, func(t *testing.T) {
			var offs []int64
			var got [][]byte
			for m := range framed(t, r) {
				offs = append(offs, r.Offset())
				got = append(got, append([]byte(nil), m...))
				if name == "in place" && &m[0] != &stream[r.Offset()] {
					t.Fatal("NewBytesReader copied the message")
				}
			}
			if len(got) != 4 || !bytes.Equal(got[0], initMsg) || !bytes.Equal(got[1], big) || !bytes.Equal(got[2], termMsg) || !bytes.Equal(got[3], initMsg) {
				t.Fatalf("messages %d", len(got))
			}
			want := []int64{0, 14, 14 + int64(len(big)), 26 + int64(len(big))}
			for i := range want {
				if offs[i] != want[i] {
					t.Errorf("offsets %v, want %v", offs, want)
					break
				}
			}
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("after EOF: %v", err)
			}
		})
	}
}

// TestReaderErrors: a bad version, an impossible length, a length over
// the maximum and a stream cut inside a message are *StreamError with the
// offset of the message, and stay.
func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name   string
		stream []byte
		max    int
		off    int64
		inner  int // offset in the *Error, or -1 for io.ErrUnexpectedEOF
	}{
		{"version 2", streamOf(initMsg, []byte{2, 0, 0, 0, 6, 4}), 0, 14, OffVersion},
		{"version 5", streamOf(initMsg, []byte{5, 0, 0, 0, 6, 4}), 0, 14, OffVersion},
		{"length 5", streamOf(initMsg, []byte{3, 0, 0, 0, 5, 4}), 0, 14, OffLength},
		{"length over the maximum", streamOf(initMsg, []byte{3, 0, 0, 0x10, 0, 4}), 1000, 14, OffLength},
		{"length 4 GiB", streamOf([]byte{3, 0xff, 0xff, 0xff, 0xff, 0}), 0, 0, OffLength},
		{"cut in the header", streamOf(initMsg, []byte{3, 0, 0}), 0, 14, -1},
		{"cut in the body", streamOf(initMsg, termMsg[:10]), 0, 14, -1},
	}
	for _, tt := range tests {
		for _, how := range []string{"", " in place", " bufio"} {
			t.Run(tt.name+how, func(t *testing.T) {
				readerErrorCase(t, tt.stream, tt.max, tt.off, tt.inner, how == " in place", how == " bufio")
			})
		}
	}
	// The source's own error is passed on, wrapped.
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(bytes.NewReader(initMsg[:3]), iotest.ErrReader(boom)))
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
}

// readerErrorCase reads stream to its error, with NewReader, in place or
// from a bufio.Reader.
func readerErrorCase(t *testing.T, stream []byte, max int, off int64, inner int, inPlace, inBufio bool) {
	r := NewReader(bytes.NewReader(stream))
	if inPlace {
		r = NewBytesReader(stream)
	}
	if inBufio {
		r = NewReader(bufio.NewReaderSize(bytes.NewReader(stream), 16))
	}
	if max > 0 {
		r.SetMaxMessageLen(max)
	}
	if _, err := r.Next(); err != nil && off != 0 {
		t.Fatalf("first message: %v", err)
	}
	var err error
	for err == nil {
		_, err = r.Next()
	}
	var se *StreamError
	if !errors.As(err, &se) || se.Offset != off {
		t.Fatalf("got %v, want a StreamError at %d", err, off)
	}
	if inner < 0 {
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("got %v, want unexpected EOF", err)
		}
	} else {
		var e *Error
		if !errors.As(err, &e) || e.Off != inner {
			t.Errorf("got %v, want an *Error at %d", err, inner)
		}
	}
	if _, again := r.Next(); again != err {
		t.Errorf("error not sticky: %v", again)
	}
}

// TestWriter writes owned and raw messages; a Reader gets them back.
func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Write(Initiation{Information: []TLV{{Type: 2, Value: []byte("rta1")}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRaw(termMsg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), streamOf(initMsg, termMsg)) {
		t.Fatalf("wrote %x", buf.Bytes())
	}
	if err := w.WriteRaw(termMsg[:11]); err == nil {
		t.Error("WriteRaw of a cut message")
	}
	if err := w.WriteRaw([]byte{9, 0, 0, 0, 6, 4}); err == nil {
		t.Error("WriteRaw of version 9")
	}
	if err := w.Write(Initiation{Information: []TLV{{Value: make([]byte, 70000)}}}); err == nil {
		t.Error("TLV over 65535 octets")
	}
}

// TestReaderAllocs: once its buffer is grown, the Reader frames messages
// without allocating.
func TestReaderAllocs(t *testing.T) {
	stream := bytes.Repeat(initMsg, 10000)
	src := bytes.NewReader(stream)
	r := NewReader(src)
	n := testing.AllocsPerRun(1000, func() {
		if _, err := r.Next(); err != nil {
			src.Reset(stream)
			r = NewReader(src)
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per message", n)
	}
}

// TestReaderGrowsAsOctetsArrive: a header announcing a large message does
// not make the Reader allocate it; octets do, and a message still reads
// whole however the source slices it.
func TestReaderGrowsAsOctetsArrive(t *testing.T) {
	hdr := []byte{Version3, 0x00, 0x10, 0x00, 0x00, byte(MsgRouteMirroring)} // 1 MiB announced
	r := NewReader(io.MultiReader(bytes.NewReader(hdr), bytes.NewReader(make([]byte, 100))))
	r.SetMaxMessageLen(1 << 20)
	if _, err := r.Next(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err %v, want unexpected EOF", err)
	}
	if n := r.BufferSize(); n > minReaderBuf {
		t.Errorf("buffer %d octets after 106 octets of a 1 MiB message", n)
	}
	// A 300 KiB message, delivered a few octets at a time and all at once.
	big := make([]byte, 300<<10)
	copy(big, []byte{Version3, 0x00, 0x04, 0xb0, 0x00, byte(MsgRouteMirroring)})
	for _, src := range []io.Reader{iotest.OneByteReader(bytes.NewReader(append(big, initMsg...))), bytes.NewReader(append(big, initMsg...))} {
		r := NewReader(src)
		for i, want := range [][]byte{big, initMsg} {
			got, err := r.Next()
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("message %d: %d octets, %v", i, len(got), err)
			}
		}
		if n := r.BufferSize(); n > 2*len(big) {
			t.Errorf("buffer %d octets for a %d-octet message", n, len(big))
		}
	}
}

// TestReaderBufio: from a *bufio.Reader, the messages that fit in its
// buffer are framed there, without a buffer of the Reader's own or a
// copy; one longer than it is gathered in one, after which framing in
// place resumes.
func TestReaderBufio(t *testing.T) {
	big := mustAppend(t, Unknown{MsgType: 200, Body: bytes.Repeat([]byte{0xab}, 100)})
	stream := streamOf(initMsg, termMsg, initMsg, big, termMsg, initMsg)
	br := bufio.NewReaderSize(bytes.NewReader(stream), 64)
	r := NewReader(br)
	for i, want := range [][]byte{initMsg, termMsg, initMsg, big, termMsg, initMsg} {
		m, err := r.Next()
		if err != nil || !bytes.Equal(m, want) {
			t.Fatalf("message %d: %v", i, err)
		}
		switch i {
		case 2:
			// Framed in br's buffer: among the octets br holds unread
			// (the Reader discards them as it goes on).
			if p, _ := br.Peek(br.Buffered()); !aliases(p, m) {
				t.Error("message not framed in the bufio.Reader's buffer")
			}
			if n := r.BufferSize(); n != 0 {
				t.Errorf("a buffer of %d octets for messages in bufio's", n)
			}
		case 3:
			if r.BufferSize() == 0 {
				t.Error("a message over bufio's buffer needs one of the Reader's")
			}
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("at the end: %v", err)
	}
}

// aliases reports whether m is a part of buf's memory.
func aliases(buf, m []byte) bool {
	for i := range buf {
		if &buf[i] == &m[0] {
			return true
		}
	}
	return false
}
