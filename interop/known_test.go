package interop

import (
	"sort"
	"testing"
)

// known is a known difference between GoBGP and bgplens in comparisons
// of type C, with who is wrong (or "design" when both readings are
// defensible) and why.
type known[C any] struct {
	name, who, why string
	match          func(c *C) bool
}

// firstKnown returns the name of the first of ks that explains c, or "".
func firstKnown[C any](ks []known[C], c *C) string {
	for _, e := range ks {
		if e.match(c) {
			return e.name
		}
	}
	return ""
}

// tally counts the differences each known difference explains, with an
// example of each (the first).
type tally struct {
	seen    map[string]int
	example map[string]string
}

func newTally() tally { return tally{seen: map[string]int{}, example: map[string]string{}} }

// add counts a difference name explains; example describes it, called
// for the first only.
func (tl tally) add(name string, example func() string) {
	tl.seen[name]++
	if tl.example[name] == "" {
		tl.example[name] = example()
	}
}

// logKnown logs, in name order, each of ks that explained a difference:
// how many, who is wrong and why, and the example cut to max octets.
func logKnown[C any](t *testing.T, tl tally, ks []known[C], max int) {
	names := make([]string, 0, len(tl.seen))
	for n := range tl.seen {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, e := range ks {
			if e.name == n {
				t.Logf("  %-30s x%-5d (%s) %s\n      e.g. %s", n, tl.seen[n], e.who, e.why, truncate(tl.example[n], max))
			}
		}
	}
}
