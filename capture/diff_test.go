package capture

// Temporary: the gopacket implementation (readGopacket) against the standard
// library one (readStd) over every capture file found.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func diffStreams(a, b []Stream) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d streams, new %d", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		switch {
		case x.Flow != y.Flow || x.Conn != y.Conn:
			return fmt.Sprintf("stream %d: %v conn %d, new %v conn %d", i, x.Flow, x.Conn, y.Flow, y.Conn)
		case !bytes.Equal(x.Data, y.Data):
			j := 0
			for j < len(x.Data) && j < len(y.Data) && x.Data[j] == y.Data[j] {
				j++
			}
			return fmt.Sprintf("stream %d %v: data %d, new %d, first difference at %d (gaps %v new %v)", i, x.Flow, len(x.Data), len(y.Data), j, x.Gaps, y.Gaps)
		case fmt.Sprint(x.Gaps) != fmt.Sprint(y.Gaps):
			return fmt.Sprintf("stream %d %v: gaps %v, new %v", i, x.Flow, x.Gaps, y.Gaps)
		case !x.First.Equal(y.First) || !x.Last.Equal(y.Last) || x.First.Location() != y.First.Location():
			return fmt.Sprintf("stream %d %v: times %v %v, new %v %v", i, x.Flow, x.First, x.Last, y.First, y.Last)
		case x.FirstFrame != y.FirstFrame || x.LastFrame != y.LastFrame || x.Packets != y.Packets:
			return fmt.Sprintf("stream %d %v: frames", i, x.Flow)
		case x.SYN != y.SYN || x.SYNSeqQuirk != y.SYNSeqQuirk || x.FIN != y.FIN || x.RST != y.RST:
			return fmt.Sprintf("stream %d %v: flags", i, x.Flow)
		}
	}
	return ""
}

func errPrefix(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := err.Error()
	if errors.Is(err, ErrFormat) {
		return "ErrFormat"
	}
	if strings.HasPrefix(s, "capture: packet ") {
		return strings.SplitN(s, ":", 3)[1]
	}
	return strings.SplitN(s, ":", 3)[1] // capture: pcap / pcapng / gzip
}

func compareImpls(t *testing.T, name string, file []byte) bool {
	ok := true
	for _, opts := range []Options{{}, {MaxBuffered: 4 * 1900, MaxBufferedTotal: 16 * 1900}, {MaxBuffered: 1}} {
		for _, filter := range []func(Flow) bool{nil, PortFilter(179, 1790, 10000)} {
			s1, st1, e1 := readGopacket(bytes.NewReader(file), opts, filter)
			s2, st2, e2 := readStd(bytes.NewReader(file), opts, filter)
			if d := diffStreams(s1, s2); d != "" {
				t.Errorf("%s %+v: %s", name, opts, d)
				ok = false
			}
			if st1 != st2 {
				t.Errorf("%s %+v: stats %+v, new %+v", name, opts, st1, st2)
				ok = false
			}
			if errPrefix(e1) != errPrefix(e2) {
				t.Errorf("%s %+v: error %v, new %v", name, opts, e1, e2)
				ok = false
			}
		}
	}
	return ok
}

func TestDifferential(t *testing.T) {
	var files, captures, same int
	for _, root := range []string{testdataDir, "/work/shared/testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			files++
			if _, err := Open(path); err != nil {
				if !errors.Is(err, ErrFormat) {
					t.Logf("%s: %v", path, err)
				}
				if !strings.Contains(path, ".pcap") && !strings.HasSuffix(path, ".cap") {
					return nil
				}
			}
			captures++
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if compareImpls(t, path, b) {
				same++
			}
			return nil
		})
	}
	for i, s := range fuzzSeeds(t) {
		captures++
		if compareImpls(t, fmt.Sprint("seed ", i), s) {
			same++
		}
	}
	t.Logf("%d files, %d captures compared, %d identical", files, captures, same)
}

// Random conversations: out of order, overlapping with other contents,
// retransmitted, with SYN, FIN and RST here and there.
func TestDifferentialRandom(t *testing.T) {
	// gopacket compares sequence numbers its own way (see
	// TestReassembleSeqWrap); with that comparison the rest must agree.
	libDiff = true
	defer func() { libDiff = false }()
	rng := rand.New(rand.NewPCG(1, 2))
	bad := 0
	for n := range 1500 {
		v := newConv("192.0.2.1:40000", "192.0.2.2:179")
		w := newConv("192.0.2.3:40001", "192.0.2.2:179")
		var frames [][]byte
		base := [2]uint32{rng.Uint32(), rng.Uint32()}
		if rng.IntN(4) == 0 && os.Getenv("WRAP") != "" { // gopacket is off by one across the wrap
			base[0] = ^uint32(0) - uint32(rng.IntN(3000)) // wraps
		}
		for range 2 + rng.IntN(40) {
			c := v
			if rng.IntN(3) == 0 {
				c = w
			}
			dir := rng.IntN(2)
			off := rng.IntN(6000) - 50
			if rng.IntN(30) == 0 {
				off = rng.IntN(1 << 31)
			}
			size := rng.IntN(2500)
			if rng.IntN(3) == 0 {
				size = rng.IntN(20)
			}
			payload := make([]byte, size)
			for i := range payload {
				payload[i] = byte('a' + rng.IntN(26))
			}
			flags := byte(fACK)
			switch rng.IntN(20) {
			case 0:
				flags = fSYN
			case 1:
				flags = fSYN | fACK
			case 2:
				flags |= fFIN
			case 3:
				flags |= fRST
			}
			seq := base[dir] + uint32(off)
			if os.Getenv("CASE") == fmt.Sprint(n) {
				t.Logf("frame %d: conn %v dir %d off %d len %d flags %#x", len(frames)+1, c == w, dir, int64(seq)-int64(base[dir]), size, flags)
			}
			if dir == 0 {
				frames = append(frames, c.c2s(seq, flags, string(payload)))
			} else {
				frames = append(frames, c.s2c(seq, flags, string(payload)))
			}
		}
		if cs := os.Getenv("CASE"); cs != "" && cs != fmt.Sprint(n) {
			continue
		}
		if !compareImpls(t, fmt.Sprint("random ", n), pcapEther(frames...)) {
			bad++
			if bad > 5 {
				t.Fatal("too many")
			}
		}
	}
}
