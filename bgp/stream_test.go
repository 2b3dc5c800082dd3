package bgp

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestReaderStream(t *testing.T) {
	ka := unhex(t, "ffffffffffffffffffffffffffffffff 0013 04")
	upd := unhex(t, "ffffffffffffffffffffffffffffffff 002f 02 0000 0014 40010100 400206020100000001 400304c0000201 18c63364")
	big := append(unhex(t, "ffffffffffffffffffffffffffffffff 1400 02 0000 13e9 d0ff13e5"), make([]byte, 5093)...) // over the first buffer
	stream := bytes.Join([][]byte{ka, upd, big, ka}, nil)
	r := NewReader(iotest.HalfReader(bytes.NewReader(stream)))
	var offs []int64
	for _, want := range [][]byte{ka, upd, big, ka} {
		m, err := r.Next()
		if err != nil || !bytes.Equal(m, want) {
			t.Fatalf("message %d: %v", len(offs), err)
		}
		offs = append(offs, r.Offset())
	}
	if offs[1] != 19 || offs[2] != 19+47 || offs[3] != 19+47+5120 {
		t.Errorf("offsets %v", offs)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("at the end: %v", err)
	}
	for _, tc := range []struct {
		name   string
		stream []byte
		sub    uint8
	}{
		{"cut in a header", append(bytes.Clone(ka), ka[:10]...), SubBadMessageLength},
		{"cut in a message", append(bytes.Clone(ka), upd[:30]...), SubBadMessageLength},
		{"no marker", append(bytes.Clone(ka), bytes.Repeat([]byte{0xee}, 19)...), SubConnectionNotSynchronized},
	} {
		r := NewReader(bytes.NewReader(tc.stream))
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		_, err := r.Next()
		var e *Error
		if !errors.As(err, &e) || e.Off != 19 || e.Code != CodeMessageHeader || e.Subcode != tc.sub {
			t.Errorf("%s: %v", tc.name, err)
		}
		if _, again := r.Next(); again != err {
			t.Errorf("%s: error not sticky", tc.name)
		}
	}
}

func TestFindHeader(t *testing.T) {
	ka := unhex(t, "ffffffffffffffffffffffffffffffff 0013 04")
	if i := FindHeader(append([]byte{0xff, 0xff, 1, 2, 3}, ka...)); i != 5 {
		t.Errorf("FindHeader = %d", i)
	}
	for _, bad := range [][]byte{ka[:18], unhex(t, "ffffffffffffffffffffffffffffffff 0012 04"), unhex(t, "ffffffffffffffffffffffffffffffff 0013 06")} {
		if LooksLikeHeader(bad) || FindHeader(bad) != -1 {
			t.Errorf("%x taken for a header", bad)
		}
	}
}
