package explain

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// TestExplainEntriesParallel: the corpus explained on several goroutines
// gives, entry by entry and in order, what line gives alone (and the race
// detector, in CI's race stage, sees no shared state written).
func TestExplainEntriesParallel(t *testing.T) {
	var es []string
	for _, e := range loadCorpus(t) {
		es = append(es, e.Input)
	}
	for len(es) < 2*parallelFrom+1 {
		es = append(es, es...)
	}
	opt := Options{Session: bgp.Session{AS4: true}}
	got, err := explainEntries(context.Background(), es, opt)
	if err != nil || len(got) != len(es) {
		t.Fatalf("%d explanations, err %v; want %d", len(got), err, len(es))
	}
	for i, e := range es {
		want, _ := json.Marshal(line(e, opt))
		have, _ := json.Marshal(got[i])
		if string(have) != string(want) {
			t.Fatalf("entry %d (%.60q): parallel and alone differ", i, e)
		}
	}
}

// TestDecodeContextCancelled: a paste whose reader has gone stops early
// and says why, with the entries done before it.
func TestDecodeContextCancelled(t *testing.T) {
	text := ""
	for range 3 * parallelFrom {
		text += "%BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 6/2 (cease) 0 bytes\n"
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	xs, err := DecodeContext(ctx, text, Options{})
	if !errors.Is(err, context.Canceled) || len(xs) != 0 {
		t.Errorf("cancelled: %d explanations, err %v; want 0 and context.Canceled", len(xs), err)
	}
	if xs, err := DecodeContext(context.Background(), text, Options{}); err != nil || len(xs) != 3*parallelFrom {
		t.Errorf("not cancelled: %d explanations, err %v; want %d", len(xs), err, 3*parallelFrom)
	}
}

// TestEachEntryPanic: a panic while explaining one entry of a long paste
// reaches the caller's goroutine, where a server recovers it (net/http,
// per request), instead of ending the process from a worker's.
func TestEachEntryPanic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // workers, on any machine
	es := make([]string, 4*parallelFrom)
	es[2*parallelFrom] = "boom"
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("recovered %v, want the worker's panic", p)
		}
	}()
	eachEntry(context.Background(), es, func(i int) *Explanation {
		if es[i] == "boom" {
			panic(es[i])
		}
		return &Explanation{}
	})
	t.Error("no panic")
}
