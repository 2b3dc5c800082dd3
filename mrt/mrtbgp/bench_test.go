package mrtbgp

import (
	"bytes"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// BenchmarkTableDumpEntries reads every entry of an uncompressed RIPE RIS
// IPv4 RIB of 2002 (TABLE_DUMP, 115,521 entries) into bgp.UpdateValues.
func BenchmarkTableDumpEntries(b *testing.B) {
	data := uncompressed(b, "../../testdata/mrt/bgpdump/test_data/bview.20020722.2337.gz")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var rr RIBReader
	entries := 0
	for b.Loop() {
		r, _ := mrt.NewReader(bytes.NewReader(data))
		entries = 0
		for rec := range r.Records() {
			for v, err := range rec.TableDumps() {
				if err != nil {
					b.Fatal(err)
				}
				rr.TableDump(&v)
				entries++
			}
		}
	}
	b.ReportMetric(float64(entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

func uncompressed(b *testing.B, path string) []byte {
	r := testrig.OpenMRT(b, path)
	var data []byte
	for rec := range r.Records() {
		data = append(data, rec.Raw...)
	}
	return data
}

// BenchmarkRIBEntries reads every RIB entry of an uncompressed RouteViews
// IPv6 RIB (149,578 entries of 29 peers) into bgp.UpdateValues, through
// the UPDATE RIBReader rebuilds (what replay sends as BMP).
func BenchmarkRIBEntries(b *testing.B) {
	benchRIB(b, benchUpdate)
}

// BenchmarkRIBPaths reads the same entries into path values (RIBPath):
// the library's rate of RIB entries into path values, on one core.
func BenchmarkRIBPaths(b *testing.B) {
	benchRIB(b, benchPath)
}

// BenchmarkRIBPathsChecked also judges each path (AppendErrors, as
// bgpdump's Malformed count does) and reads its next hop.
func BenchmarkRIBPathsChecked(b *testing.B) {
	benchRIB(b, benchChecked)
}

// How benchRIB reads an entry. A mode, not a function value: a pointer
// to the record passed through one would move it to the heap.
const (
	benchUpdate = iota
	benchPath
	benchChecked
)

func benchRIB(b *testing.B, mode int) {
	r := testrig.OpenMRT(b, "../../testdata/mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2")
	var data []byte
	for rec := range r.Records() {
		data = append(data, rec.Raw...)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var rr RIBReader
	var errs []*bgp.Error
	entries := 0
	cpu0 := cpuTime()
	for b.Loop() {
		r, _ := mrt.NewReader(bytes.NewReader(data))
		entries = 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if rec.Kind() != mrt.KindRIB {
				continue
			}
			v, _ := rec.RIB()
			for _, e := range v.All() {
				var err error
				switch mode {
				case benchUpdate:
					err = rr.Entry(&v, e)
				case benchPath:
					_, err = RIBPath(&v, e)
				case benchChecked:
					var p bgp.Path
					p, err = RIBPath(&v, e)
					f := RIBFamily(&v)
					if errs = p.AppendErrors(errs[:0], f); len(errs) != 0 {
						err = errs[0]
					} else if _, _, ok := p.NextHop(f); !ok {
						err = errString("no next hop")
					}
				}
				if err != nil {
					b.Fatal(err)
				}
				entries++
			}
		}
	}
	b.ReportMetric(float64(entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	// On a shared machine wall time says little: the rate per second of
	// this process's CPU is the rate per core.
	b.ReportMetric(float64(entries)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "entries/cpu-s")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
