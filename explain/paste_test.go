package explain

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// BenchmarkDecodePaste reads the whole corpus pasted as one text, entries
// apart by blank lines: what splitting a paste into entries, joining a
// message logged in pieces (wantsMore) and explaining them costs.
func BenchmarkDecodePaste(b *testing.B) {
	var sb strings.Builder
	corpus := loadCorpus(b)
	for _, e := range corpus {
		sb.WriteString(e.Input + "\n\n")
	}
	text := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		Decode(text, Options{Session: bgp.Session{AS4: true}})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(corpus)), "ns/entry")
}
