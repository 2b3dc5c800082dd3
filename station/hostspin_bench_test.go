package station

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkHostSpin measures the machine, not the station: GOMAXPROCS
// goroutines each run the same arithmetic loop, touching no memory, and
// the best iteration's rate is reported. make bench-station runs it in the
// rounds of the two-router ingest, at -cpu 1 and 2, so that the station's
// two_core_ratio can be read against what the machine gives any
// CPU-bound work at that moment: a shared virtual machine often gives
// well under twice one core.
func BenchmarkHostSpin(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	const work = 30_000_000
	var sink atomic.Uint64
	var best float64
	for b.Loop() {
		start := time.Now()
		var wg sync.WaitGroup
		for g := range procs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := uint64(g)
				for range work {
					x = x*6364136223846793005 + 1442695040888963407
				}
				sink.Add(x)
			}()
		}
		wg.Wait()
		best = max(best, float64(procs*work)/time.Since(start).Seconds())
	}
	b.ReportMetric(best, "ops/s")
	b.ReportMetric(float64(procs), "procs")
}
