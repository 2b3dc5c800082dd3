package capture

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// benchCaptures: the largest capture copied for this package (2.6 MiB, 29
// connections, 2268 packets of up to 1514 octets) and one of jumbo frames.
var benchCaptures = []string{
	"bmp/traffic-reproducer/examples/pcap_processing/bmp-multi-sources.pcap",
	"bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-route-monitoring-JUMBO.pcap",
}

// BenchmarkRead reassembles a whole capture held in memory; MB/s are of the
// file.
func BenchmarkRead(b *testing.B) {
	for _, p := range benchCaptures {
		file, err := os.ReadFile(filepath.Join(testdataDir, filepath.FromSlash(p)))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(p), func(b *testing.B) {
			b.SetBytes(int64(len(file)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Read(bytes.NewReader(file), Options{}, PortFilter(1790)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
