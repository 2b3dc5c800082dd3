package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fuzzSeedCaptures are small real captures used as seeds.
var fuzzSeedCaptures = []string{
	"tcpdump/tests/bgp-role.pcapng",
	"tcpdump/tests/bgp-cease-hard-reset.pcap",
	"tcpdump/tests/bgp-aigp.pcap",
	"tcpdump/tests/bgp_vpn_attrset.pcap",
	"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART7-bmp-global-peer-down.pcap",
}

// fuzzSeeds are hand-built captures covering both formats, gzip, gaps,
// out-of-order data and a SYN with data.
func fuzzSeeds(t testing.TB) [][]byte {
	v := newConv("192.0.2.1:40000", "192.0.2.2:179")
	frames := [][]byte{
		v.c2s(1, fSYN, "syn"),
		v.s2c(9, fSYN|fACK, ""),
		v.c2s(4, fPSH|fACK, "abcd"),
		v.c2s(12, fPSH|fACK, "late"),
		v.c2s(8, fPSH|fACK, "efgh"),
		v.c2s(30, fPSH|fACK|fFIN, "gap"),
	}
	return [][]byte{
		pcapEther(frames...),
		pcapngFile(binary.BigEndian, linkEthernet, frames...),
		gzipBytes(t, pcapEther(frames...)),
		pcapFile(binary.LittleEndian, true, linkLinuxSLL2,
			append([]byte{0x08, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 0x5e, 0, 0, 0, 1, 0, 0}, frames[2][14:]...)),
	}
}

// FuzzRead reads arbitrary bytes as a capture. It must not panic, and what
// it allocates must stay within a constant plus a bounded multiple of the
// (decompressed) input: memory is bounded by the capture size.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	for _, p := range fuzzSeedCaptures {
		b, err := os.ReadFile(filepath.Join(testdataDir, filepath.FromSlash(p)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(checkRead)
}

// checkRead is FuzzRead's check of one input.
func checkRead(t *testing.T, data []byte) {
	size := int64(len(data))
	if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
		n, _ := io.Copy(io.Discard, zr)
		size = max(size, n)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	streams, stats, _ := Read(bytes.NewReader(data), Options{MaxBuffered: 64 << 10, MaxBufferedTotal: 1 << 20}, nil)
	runtime.ReadMemStats(&after)
	// The fixed part: the packet buffer (maxSnaplen), bufio and gzip
	// buffers. The variable part: per packet a connection at worst, per
	// out-of-order segment a 1900-octet page.
	const fixed = 16 << 20
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > fixed+uint64(size)*200 {
		t.Errorf("allocated %d bytes for a %d-byte capture", alloc, size)
	}
	var total int64
	for _, s := range streams {
		total += int64(len(s.Data))
		last := 0
		for _, g := range s.Gaps {
			if g.Offset < last || g.Offset > len(s.Data) || g.Size == 0 || g.Size < -1 {
				t.Errorf("%v: bad gaps %v (%d octets)", s.Flow, s.Gaps, len(s.Data))
			}
			last = g.Offset
		}
		if s.Packets < 1 || s.FirstFrame < 1 || s.FirstFrame > s.LastFrame || s.LastFrame > stats.Packets {
			t.Errorf("%v: packets %d, frames %d-%d of %d", s.Flow, s.Packets, s.FirstFrame, s.LastFrame, stats.Packets)
		}
	}
	if total > size {
		t.Errorf("%d octets reassembled from a %d-byte capture", total, size)
	}
}
