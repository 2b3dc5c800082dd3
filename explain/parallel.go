package explain

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFrom is the number of entries from which a paste is explained
// on several cores: below it, starting goroutines costs more than it saves
// (an entry takes about a millisecond).
const parallelFrom = 64

// explainEntries explains each entry with line, in order, on up to
// GOMAXPROCS goroutines, and stops taking new entries once ctx ends.
// Entries are independent: line reads nothing but its entry and opt.
func explainEntries(ctx context.Context, es []string, opt Options) ([]*Explanation, error) {
	return explainParsed(ctx, es, nil, opt)
}

// explainParsed is explainEntries of entries whose octets may have been
// found already: parsed[i], if not nil, is es[i]'s (runsOf).
func explainParsed(ctx context.Context, es []string, parsed []*logRuns, opt Options) ([]*Explanation, error) {
	return eachEntry(ctx, es, func(i int) *Explanation {
		if i < len(parsed) && parsed[i] != nil {
			return explainLogLine(parsed[i].logLine(), opt)
		}
		return line(es[i], opt)
	})
}

// eachEntry explains es[i] with explain(i), for every i, in order. A panic in a
// worker (a bug on some input) is raised again in the caller's goroutine
// once the workers have stopped, as it would be without them: a server
// recovers it there (net/http does, per request), while a panic left in a
// goroutine of its own would end the process.
func eachEntry(ctx context.Context, es []string, explain func(i int) *Explanation) ([]*Explanation, error) {
	out := make([]*Explanation, len(es))
	workers := min(runtime.GOMAXPROCS(0), len(es)/parallelFrom+1)
	if workers <= 1 {
		for i := range es {
			if err := ctx.Err(); err != nil {
				return out[:i], err
			}
			out[i] = explain(i)
		}
		return out, nil
	}
	// Entries are handed out one at a time from a shared counter, so a
	// slow entry holds up one worker, not a fixed share of the paste.
	var next atomic.Int64
	var wg sync.WaitGroup
	var panicOnce sync.Once
	var panicked any
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					panicOnce.Do(func() { panicked = p })
					next.Store(int64(len(es))) // the others take no more
				}
			}()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(es) {
					return
				}
				out[i] = explain(i)
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	if err := ctx.Err(); err != nil {
		// What was explained, up to the first entry left undone.
		for i, x := range out {
			if x == nil {
				return out[:i], err
			}
		}
		return out, err
	}
	return out, nil
}
