package explain

import (
	"io/fs"
	"strings"
	"testing"
)

// TestEventRowFiles: every eventrows file is one of allEvents' tables,
// whole, and its words are lower case, as the entries they are looked
// for in are (a word with a capital would never match).
func TestEventRowFiles(t *testing.T) {
	files, err := fs.Glob(eventRowFiles, "eventrows/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no event rows: %v", err)
	}
	n := 0
	for _, f := range files {
		topic := strings.TrimSuffix(strings.TrimPrefix(f, "eventrows/"), ".jsonl")
		rows := eventRows(topic)
		n += len(rows)
		for _, r := range rows {
			for _, w := range append(append(append([]string(nil), r.words...), r.unless...), r.also...) {
				if w != strings.ToLower(w) {
					t.Errorf("%s: %q is not lower case", f, w)
				}
			}
		}
	}
	if n != len(allEvents) {
		t.Errorf("allEvents has %d rows, the files %d: a file is not joined, or joined twice", len(allEvents), n)
	}
}

// TestEventRowChecks: a row that names a detail function or word list
// Go does not have, or lacks words or a meaning, is refused with where
// it is.
func TestEventRowChecks(t *testing.T) {
	for _, r := range []eventRow{
		{Words: []string{"x"}, Meaning: "m", Detail: "noSuchDetail"},
		{Words: []string{"x"}, Meaning: "m", WordsOf: []string{"noSuchWords"}},
		{Words: []string{"x"}, MeaningOf: "noSuchMeaning"},
		{Row: "noSuchRow"},
		{Meaning: "m"},
		{Words: []string{"x"}},
	} {
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(p.(string), "eventrows/t.jsonl line 3") {
					t.Errorf("%+v: panic %v", r, p)
				}
			}()
			r.event("t", 3)
		}()
	}
}
