package explain

import (
	"bytes"
	"testing"
)

// The attribute header both word forms are rebuilt with (tcpdump -v's
// lines, ExaBGP's parser lines) is one: a one-octet length, or two with
// Extended Length; the same attribute in either form gives the same
// octets.
func TestAppendAttr(t *testing.T) {
	if got, want := appendAttr([]byte{9}, 0x40, 1, []byte{2}), []byte{9, 0x40, 1, 1, 2}; !bytes.Equal(got, want) {
		t.Errorf("short form % x, want % x", got, want)
	}
	long := bytes.Repeat([]byte{7}, 300)
	if got := appendAttr(nil, 0x90, 14, long); !bytes.Equal(got[:4], []byte{0x90, 14, 1, 44}) || len(got) != 304 {
		t.Errorf("extended form % x..., %d octets, want 90 0e 01 2c..., 304", got[:4], len(got))
	}
	exa, ok := exaParserRun("parser | attribute mp-reach-nlri flag 0x90 type 0x0e len 0x07 payload 0001 0100 0000 00")
	if !ok {
		t.Fatal("ExaBGP line not read")
	}
	td, _, ok := tcpdumpAttrs("\t  Multi-Protocol Reach NLRI (14), length: 7, Flags [OE]: \n\t    0x0000:  0001 0100 0000 00")
	if !ok || !bytes.Equal(exa.Octets, td.Octets) {
		t.Errorf("ExaBGP % x, tcpdump % x (read %v): want the same attribute", exa.Octets, td.Octets, ok)
	}
}
