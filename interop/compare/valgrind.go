package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// runValgrind counts the instructions each parser executes per message:
// this program runs under valgrind --tool=callgrind once per parser with
// -only, and once with -only none (generation alone); a parser's count
// is its run's total minus that baseline, divided by the messages. The
// counts include what each parser makes the garbage collector do.
func runValgrind(f flags, w io.Writer) error {
	if _, err := exec.LookPath("valgrind"); err != nil {
		return errors.New("valgrind not found (Debian: apt-get install valgrind)")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "compare-callgrind")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := f.cfg
	cfg.Messages = f.vn
	st, err := f.stream(cfg.Messages)
	if err != nil {
		return err
	}
	type runSpec struct {
		name, label string
		fold        bool
	}
	runs := []runSpec{{"none", "", false}, {"bare", "bare walk", false}, {"bgplens", "bgplens (full decode)", false},
		{"gobgp", "GoBGP", false}, {"bgplens", "bgplens + fold", true}, {"gobgp", "GoBGP + fold", true},
		{"bgplens-view", "bgplens views+getters + fold", true}}
	if f.in != "" {
		// A real stream: GoBGP may not read it, and the digest covers
		// the generator's values only; the floor and bgplens are the
		// measure.
		runs = runs[:3]
	}
	ir := map[string]uint64{}
	for _, rs := range runs {
		key := rs.name
		if rs.fold {
			key += "+fold"
		}
		out := filepath.Join(dir, "callgrind."+key)
		args := []string{"--tool=callgrind", "--callgrind-out-file=" + out, exe, "-only", rs.name, "-rounds", "1",
			"-n", strconv.Itoa(cfg.Messages), "-seed", strconv.FormatUint(cfg.Seed, 10),
			"-addpath", cfg.AddPath.String(), "-v6", strconv.FormatFloat(cfg.IPv6Share, 'g', -1, 64), "-procs", "1",
			"-attrs", cfg.Attrs.String(), "-prefixes", strconv.FormatFloat(cfg.PrefixMean, 'g', -1, 64),
			"-fold=" + strconv.FormatBool(rs.fold)}
		if f.in != "" {
			args = append(args, "-in", f.in)
		}
		var last error
		for attempt := 0; attempt < 3; attempt++ {
			cmd := exec.Command("valgrind", args...)
			// Callgrind can trip over the signals of Go's asynchronous
			// preemption; the parsers do not need it.
			cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if last = cmd.Run(); last == nil {
				break
			}
			last = fmt.Errorf("valgrind %s: %v\n%s", key, last, tail(stderr.String(), 20))
		}
		if last != nil {
			return last
		}
		if ir[key], err = callgrindTotal(out); err != nil {
			return err
		}
	}
	n := float64(st.Messages)
	if f.in != "" {
		n = float64(st.RouteMonitoring)
	}
	per := func(name string) float64 { return float64(ir[name]-min(ir[name], ir["none"])) / n }
	fmt.Fprintln(w, f.describe(st))
	fmt.Fprintf(w, "valgrind --tool=callgrind, instructions (Ir) minus the generate-only run (%d), per message\n", ir["none"])
	fmt.Fprintf(w, "%-30s %14s %14s\n", "parser", "instructions", "per msg")
	for _, rs := range runs[1:] {
		key := rs.name
		if rs.fold {
			key += "+fold"
		}
		fmt.Fprintf(w, "%-30s %14d %14.0f\n", rs.label, ir[key]-min(ir[key], ir["none"]), per(key))
	}
	if f.in != "" {
		fmt.Fprintf(w, "bgplens / bare walk: %.2fx\ninstr_per_msg=%.0f instr_per_msg_bare=%.0f\n",
			per("bgplens")/per("bare"), per("bgplens"), per("bare"))
		return nil
	}
	fmt.Fprintf(w, "bgplens / bare walk: %.2fx; with every value folded: GoBGP / bgplens %.2fx\n",
		per("bgplens")/per("bare"), per("gobgp+fold")/per("bgplens+fold"))
	fmt.Fprintf(w, "instr_ratio_vs_gobgp=%.2f instr_per_msg=%.0f instr_per_msg_gobgp=%.0f instr_per_msg_bare=%.0f\n",
		per("gobgp")/per("bgplens"), per("bgplens"), per("gobgp"), per("bare"))
	return nil
}

// callgrindTotal reads the total instruction count of a callgrind output
// file ("totals:" or "summary:" line).
func callgrindTotal(path string) (uint64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, p := range []string{"totals:", "summary:"} {
			if v, ok := strings.CutPrefix(line, p); ok {
				fields := strings.Fields(v)
				if len(fields) > 0 {
					return strconv.ParseUint(fields[0], 10, 64)
				}
			}
		}
	}
	return 0, errors.New(path + ": no totals line")
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
