// Command testreport reads `go test -json` output on standard input,
// prints the output of failed and skipped tests, and ends with one line:
//
//	N passed, N failed, N skipped
//
// It exits 1 when a test failed, a package failed to build, or (with
// -no-skips) a test was skipped: CI must not pass because a required
// tool was missing and its test skipped itself.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	noSkips := flag.Bool("no-skips", false, "fail when any test was skipped")
	flag.Parse()
	os.Exit(report(os.Stdin, os.Stdout, *noSkips))
}

func report(r io.Reader, w io.Writer, noSkips bool) int {
	out := map[string]*strings.Builder{}
	var passed, failed, skipped int
	var failures, skips, pkgFail []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			fmt.Fprintln(w, string(line)) // build errors are plain text
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if out[key] == nil {
				out[key] = &strings.Builder{}
			}
			out[key].WriteString(e.Output)
		case "pass":
			if e.Test != "" {
				passed++
			}
			delete(out, key)
		case "fail":
			if e.Test != "" {
				failed++
				failures = append(failures, key)
			} else {
				pkgFail = append(pkgFail, e.Package)
			}
		case "skip":
			if e.Test != "" {
				skipped++
				skips = append(skips, key)
			}
		}
	}
	sort.Strings(failures)
	for _, k := range failures {
		fmt.Fprintf(w, "--- FAIL %s\n%s\n", k, text(out[k]))
	}
	for _, k := range skips {
		fmt.Fprintf(w, "--- SKIP %s\n%s\n", k, text(out[k]))
	}
	for _, p := range pkgFail {
		fmt.Fprintf(w, "FAIL package %s\n%s", p, text(out[p+" "]))
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	switch {
	case failed > 0 || len(pkgFail) > 0:
		return 1
	case noSkips && skipped > 0:
		fmt.Fprintln(w, "testreport: tests were skipped, and -no-skips forbids it")
		return 1
	}
	return 0
}

func text(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	return b.String()
}
