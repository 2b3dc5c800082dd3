package capture

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
)

// tsharkCaptures are the captures whose reassembly is compared with
// tshark's, stream by stream and octet by octet.
var tsharkCaptures = []struct {
	path    string
	short   bool  // compared with -short too
	streams []int // the tshark streams compared (each costs a tshark run); nil: all
	// differ lists tshark streams (tcp.stream) that bgplens reads
	// differently on purpose, and why. bgplens connections that start at no
	// tshark stream's first frame are allowed only in captures with such
	// an entry.
	differ map[int]string
}{
	// 29 connections of 15 routers, both directions: some already open
	// (0, 1, 4, 5, 8), one closing (9), the largest (15: 1.2 MB), the two
	// where tshark's BMP dissector gives up (17, 26).
	{path: "bmp/traffic-reproducer/examples/pcap_processing/bmp-multi-sources.pcap",
		streams: []int{0, 1, 4, 5, 8, 9, 13, 15, 17, 26}},
	// BMP, IPFIX over TCP and BGP: the BMP connection (0) and the one reusing
	// its four-tuple (6), BMP already open (7), BGP (10).
	{path: "bmp/traffic-reproducer/examples/pcap_processing/ipfix-bmp.pcap", streams: []int{0, 6, 7, 10}},
	// Jumbo segments, the SYN sequence quirk, a reconnection.
	{path: "bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-route-monitoring-JUMBO.pcap",
		streams: []int{0, 1, 3, 4, 8}, differ: map[int]string{
			3: "203.0.113.58 reconnects with the same ports and ISN: tshark keeps one stream and the overlapping " +
				"second session's data, bgplens two connections",
		}},
	// Nine connections opened and closed by three routers.
	{path: "bmp/netgauze/assets/pcaps/bmp/unreachable-prefix-announcement/upa.pcap", short: true},
	// IPv6, a replay with the SYN quirk.
	{path: "bmp/pmacct/tests/204-BMP-CISCO-peer_down/traffic-00.pcap", short: true},
	// BGP both ways, TCP keep-alives.
	{path: "traffic-reproducer/examples/pcap_processing/bgp.pcap", short: true},
	// A hole in the capture: tshark marks it, bgplens records a Gap.
	{path: "tcpdump/tests/bgp-role.pcapng", short: true},
	// A hole tshark's follow output stops at.
	{path: "tcpdump/tests/bgp-cease-hard-reset.pcap", short: true, differ: map[int]string{
		0: "tshark's follow output ends at the hole before the NOTIFICATION; bgplens keeps the NOTIFICATION after a Gap",
	}},
}

// tsharkHalf is one node's side of `tshark -z follow,tcp,raw,N`.
type tsharkHalf struct {
	node string // address:port as tshark prints it
	data []byte
	gaps []Gap
}

// tsharkSlots bounds the tshark processes running at once (across the
// parallel subtests).
var tsharkSlots = make(chan struct{}, 4)

var tsharkMissing = regexp.MustCompile(`^\[(\d+) bytes missing in capture file\]\x00?$`)

// tsharkFollow returns tshark's reassembly of stream n: node 0 (the sender
// of the stream's first packet) and node 1. Lines of node 1's data are
// indented with a tab; a hole is a line of its own saying how many octets
// are missing.
func tsharkFollow(tshark, file string, n int) ([2]tsharkHalf, error) {
	var h [2]tsharkHalf
	out, err := exec.Command(tshark, "-n", "-r", file, "-q", "-z", "follow,tcp,raw,"+strconv.Itoa(n)).Output()
	if err != nil {
		return h, err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Node 0: "):
			h[0].node = strings.TrimPrefix(line, "Node 0: ")
		case strings.HasPrefix(line, "Node 1: "):
			h[1].node = strings.TrimPrefix(line, "Node 1: ")
		case h[1].node == "" || line == "" || strings.HasPrefix(line, "="):
		default:
			side := 0
			if strings.HasPrefix(line, "\t") {
				side = 1
			}
			b, err := hex.DecodeString(strings.TrimSpace(line))
			if err != nil {
				return h, err
			}
			if m := tsharkMissing.FindSubmatch(b); m != nil {
				size, _ := strconv.ParseInt(string(m[1]), 10, 64)
				h[side].gaps = append(h[side].gaps, Gap{Offset: len(h[side].data), Size: size})
				continue
			}
			h[side].data = append(h[side].data, b...)
		}
	}
	return h, sc.Err()
}

// tsharkFirstFrames returns the first frame number of each tcp.stream.
func tsharkFirstFrames(t *testing.T, tshark, file string) []int {
	out, err := exec.Command(tshark, "-n", "-r", file, "-T", "fields", "-e", "tcp.stream", "-e", "frame.number").Output()
	if err != nil {
		t.Fatal(err)
	}
	var first []int
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue // not TCP
		}
		n, err1 := strconv.Atoi(f[0])
		frame, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("tshark fields: %q", line)
		}
		if n == len(first) {
			first = append(first, frame)
		}
	}
	return first
}

// sameAsTshark compares one direction: byte for byte, the holes too, except
// that a stream with the SYN sequence quirk holds the one octet tshark drops.
func sameAsTshark(s *Stream, h tsharkHalf) string {
	mine := s.Data
	if s.SYNSeqQuirk {
		i := 0
		for i < len(h.data) && i < len(mine) && mine[i] == h.data[i] {
			i++
		}
		if len(mine) != len(h.data)+1 || !bytes.Equal(mine[i+1:], h.data[i:]) {
			return "differs from tshark's by more than the octet the SYN quirk keeps"
		}
		return ""
	}
	if !bytes.Equal(mine, h.data) {
		i := 0
		for i < len(h.data) && i < len(mine) && mine[i] == h.data[i] {
			i++
		}
		return "octets differ from offset " + strconv.Itoa(i) + " (bgplens " + strconv.Itoa(len(mine)) +
			", tshark " + strconv.Itoa(len(h.data)) + ")"
	}
	if len(s.Gaps) != len(h.gaps) {
		return "gaps " + gapsString(s.Gaps) + ", tshark " + gapsString(h.gaps)
	}
	for i := range h.gaps {
		if s.Gaps[i] != h.gaps[i] {
			return "gaps " + gapsString(s.Gaps) + ", tshark " + gapsString(h.gaps)
		}
	}
	return ""
}

func gapsString(gs []Gap) string {
	var b strings.Builder
	b.WriteString("[")
	for i, g := range gs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(strconv.Itoa(g.Offset) + "+" + strconv.FormatInt(g.Size, 10))
	}
	return b.String() + "]"
}

// TestTsharkFollow compares every stream of a few captures with tshark's
// reassembly (`tshark -r FILE -q -z follow,tcp,raw,N`). Connections are
// matched by their first frame, directions by address and port.
func TestTsharkFollow(t *testing.T) {
	tshark := testrig.NeedTool(t, "tshark")
	for _, tc := range tsharkCaptures {
		if testing.Short() && !tc.short {
			continue
		}
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(testdataDir, filepath.FromSlash(tc.path))
			f, err := Open(file)
			if err != nil {
				t.Fatal(err)
			}
			streams, err := f.Streams(nil)
			if err != nil {
				t.Fatal(err)
			}
			byFirst := map[int]int{} // first frame -> Conn
			for _, s := range streams {
				if old, ok := byFirst[s.FirstFrame]; !ok || s.Conn < old {
					byFirst[s.FirstFrame] = s.Conn
				}
			}
			first := tsharkFirstFrames(t, tshark, file)
			selected := tc.streams
			if selected == nil {
				for n := range first {
					selected = append(selected, n)
				}
			}
			halves := make([][2]tsharkHalf, len(first))
			errs := make([]error, len(first))
			var wg sync.WaitGroup
			for _, n := range selected {
				wg.Go(func() {
					tsharkSlots <- struct{}{}
					defer func() { <-tsharkSlots }()
					halves[n], errs[n] = tsharkFollow(tshark, file, n)
				})
			}
			wg.Wait()
			matched := map[int]bool{}
			for _, n := range selected {
				if errs[n] != nil {
					t.Fatalf("tshark follow %d: %v", n, errs[n])
				}
				frame := first[n]
				conn, ok := byFirst[frame]
				if !ok {
					t.Errorf("tshark stream %d (first frame %d): no bgplens connection starts there", n, frame)
					continue
				}
				matched[conn] = true
				if why, ok := tc.differ[n]; ok {
					t.Logf("tshark stream %d not compared: %s", n, why)
					continue
				}
				for _, h := range halves[n] {
					if len(h.data) == 0 && len(h.gaps) == 0 {
						continue
					}
					var s *Stream
					for i := range streams {
						if streams[i].Conn == conn && streams[i].Src().String() == h.node {
							s = &streams[i]
						}
					}
					if s == nil {
						t.Errorf("tshark stream %d: no bgplens stream from %s", n, h.node)
						continue
					}
					if why := sameAsTshark(s, h); why != "" {
						t.Errorf("tshark stream %d, %v: %s", n, s.Flow, why)
					}
				}
			}
			for _, s := range streams {
				if !matched[s.Conn] && tc.differ == nil && tc.streams == nil {
					t.Errorf("bgplens connection %d (%v) is not a tshark stream", s.Conn, s.Flow)
				}
			}
		})
	}
}
