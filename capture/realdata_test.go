package capture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testdataDir is the repository's testdata directory (see its README.md).
const testdataDir = "../testdata"

// realPorts are the ports whose streams the real-data tests read: BGP's,
// and the BMP collector ports of the captures (1790 in pmacct's and
// traffic-reproducer's, 1790 and 10000 in NetGauze's).
var realPorts = []uint16{179, 1790, 10000}

// realCapture is what a capture of testdata/ holds, from independent tools.
type realCapture struct {
	path string // under testdata/
	// streams lists the directions with payload as "src -> dst octets",
	// sorted, with " gap off+size" per hole. The octet counts are tshark's
	// (`tshark -r FILE -q -z follow,tcp,raw,N`, every N), only on the ports
	// of realPorts.
	streams []string
	// quirk counts the streams of traffic-reproducer replays whose SYN
	// carries data and whose next segment is numbered as if the SYN took no
	// sequence number (found with tshark: the next segment's raw sequence
	// number is the SYN's plus the SYN's payload length). tshark drops one
	// octet there, reading the SYN strictly; bgplens keeps it
	// (Stream.SYNSeqQuirk), so each such stream is one octet longer than
	// its count in streams.
	quirk int
	// bmp and bgp are the numbers of messages found by walking the streams
	// by their length fields: BMP messages on the BMP ports, BGP messages
	// on port 179 (BGP messages inside BMP are not counted). Unless a note
	// says otherwise they are the shared README's tshark counts
	// (/work/shared/testdata/README.md: the sum over message types of "BMP
	// messages", and of "BGP messages" for BGP sessions).
	bmp, bgp int
	// tail is the number of octets of messages cut off by the end of the
	// capture (their header announces more than the stream holds).
	tail int
	// bmpV4 allows BMP version 4 (draft-ietf-grow-bmp-tlv) headers: the
	// NetGauze captures on port 10000 use it; the layout is that of
	// version 3 (RFC 7854 §4.1).
	bmpV4 bool
	// fragments is the number of IP fragments the capture holds (skipped).
	fragments int
}

// walked is what walking the messages of streams found.
type walked struct {
	bmp, bgp, tail int
}

// walkStream walks the messages of one stream by their length fields: BMP
// (RFC 7854 §4.1: version, 4-octet length, type) or BGP (RFC 4271 §4.1:
// 16-octet marker, 2-octet length, type). Every contiguous run must start
// with a message header and end exactly at its end (a gap or the end of the
// stream), except for one message cut off there, whose octets are counted
// in tail. It reports the first thing that is not a message header.
func walkStream(s *Stream, bgp, v4 bool) (walked, error) {
	var w walked
	for off, c := range s.Chunks() {
		for i := 0; i < len(c); {
			r := c[i:]
			n, err := messageLen(r, bgp, v4)
			if err != nil {
				return w, fmt.Errorf("offset %d: %v", off+i, err)
			}
			if n == 0 || n > len(r) {
				w.tail += len(r) // cut off at the end of the run
				break
			}
			if bgp {
				w.bgp++
			} else {
				w.bmp++
			}
			i += n
		}
	}
	return w, nil
}

// messageLen reads the length of the BGP or BMP message r starts with: 0
// when r ends inside its header, an error when r does not start with one.
func messageLen(r []byte, bgp, v4 bool) (int, error) {
	proto, hdr := "BMP", 6
	if bgp {
		if len(r) >= 16 && !bytes.Equal(r[:16], bytes.Repeat([]byte{0xff}, 16)) {
			return 0, fmt.Errorf("no BGP marker: % x", r[:16])
		}
		proto, hdr = "BGP", 19
	} else if r[0] != 3 && !(v4 && r[0] == 4) {
		return 0, fmt.Errorf("BMP version %d", r[0])
	}
	if len(r) < hdr {
		return 0, nil
	}
	n := int(binary.BigEndian.Uint32(r[1:5]))
	if bgp {
		n = int(binary.BigEndian.Uint16(r[16:18]))
	}
	if n < hdr {
		return 0, fmt.Errorf("%s length %d", proto, n)
	}
	return n, nil
}

// streamLine formats a stream like realCapture.streams.
func streamLine(s *Stream) string {
	n := len(s.Data)
	if s.SYNSeqQuirk {
		n--
	}
	line := s.Src().String() + " -> " + s.Dst().String() + " " + strconv.Itoa(n)
	for _, g := range s.Gaps {
		line += " gap " + strconv.Itoa(g.Offset) + "+" + strconv.FormatInt(g.Size, 10)
	}
	return line
}

func isBGPStream(s *Stream) bool {
	return s.Client.Port() == 179 || s.Server.Port() == 179
}

func TestRealCaptures(t *testing.T) {
	for _, rc := range slices.Concat(bmpCaptures, bgpCaptures) {
		t.Run(rc.path, func(t *testing.T) {
			f, err := Open(filepath.Join(testdataDir, filepath.FromSlash(rc.path)))
			if err != nil {
				t.Fatal(err)
			}
			streams, err := f.Streams(PortFilter(realPorts...))
			if err != nil {
				t.Fatal(err)
			}
			st := f.Stats()
			if st.Malformed != 0 || st.UnknownLink != 0 || st.Fragments != rc.fragments {
				t.Errorf("stats %+v, want no malformed or unknown frames and %d fragments", st, rc.fragments)
			}
			var lines []string
			var total walked
			quirks := 0
			for i := range streams {
				s := &streams[i]
				if len(s.Data) == 0 && len(s.Gaps) == 0 {
					continue
				}
				if s.SYNSeqQuirk {
					quirks++
				}
				lines = append(lines, streamLine(s))
				w, err := walkStream(s, isBGPStream(s), rc.bmpV4)
				if err != nil {
					t.Errorf("%v: %v", s.Flow, err)
				}
				total.bmp += w.bmp
				total.bgp += w.bgp
				total.tail += w.tail
			}
			if quirks != rc.quirk {
				t.Errorf("%d streams with the SYN sequence quirk, want %d", quirks, rc.quirk)
			}
			slices.Sort(lines)
			if !slices.Equal(lines, rc.streams) {
				t.Errorf("streams:\n\t%s\nwant:\n\t%s", strings.Join(lines, "\n\t"), strings.Join(rc.streams, "\n\t"))
			}
			if total != (walked{rc.bmp, rc.bgp, rc.tail}) {
				t.Errorf("walked %d BMP, %d BGP messages, %d octets cut off; want %d, %d, %d",
					total.bmp, total.bgp, total.tail, rc.bmp, rc.bgp, rc.tail)
			}
		})
	}
}
