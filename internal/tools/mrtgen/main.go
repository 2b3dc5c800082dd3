// Command mrtgen writes a full-table-like TABLE_DUMP_V2 RIB dump (RFC 6396
// §4.3) for the MRT speed comparison (make compare-mrt): the shared test
// data hold no full table. Its attribute sets are the real ones of the
// RIB dumps in testdata/ (every distinct set of their entries, AS paths,
// communities and all), given to generated prefixes and peers:
//
//	go run ./internal/tools/mrtgen -prefixes 1000000 -peers 20 -o rib.mrt
//
// The table is package internal/mrtgen's.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/bgplens/bgplens/internal/mrtgen"
)

func main() {
	prefixes := flag.Int("prefixes", 1000000, "prefixes in the table")
	peers := flag.Int("peers", 20, "peers of the collector")
	out := flag.String("o", "rib.mrt", "output `file`")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	sets, err := mrtgen.RealSets()
	if err != nil || len(sets) == 0 {
		fmt.Fprintln(os.Stderr, "mrtgen: no attribute sets from testdata:", err)
		os.Exit(1)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrtgen:", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	entries, err := mrtgen.Write(w, *prefixes, *peers, *seed, sets)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrtgen:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d prefixes, %d peers, %d RIB entries, %d real attribute sets\n", *out, *prefixes, *peers, entries, len(sets))
}
