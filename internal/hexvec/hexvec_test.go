package hexvec

import (
	"bytes"
	"testing"
)

func TestParse(t *testing.T) {
	got, err := Parse("ff ff # marker\n 00 13 # length\n04")
	if err != nil || !bytes.Equal(got, []byte{0xff, 0xff, 0x00, 0x13, 0x04}) {
		t.Fatalf("got % x, %v", got, err)
	}
	if _, err := Parse("f"); err == nil {
		t.Error("odd digits accepted")
	}
}
