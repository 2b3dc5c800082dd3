package explain

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
)

// Most of the explainer's regular expressions match in few entries, and
// Go's regexp package, with no literal prefix to look for (a (?i) pattern
// has none), tries every position of the text. A gated expression first
// checks words every match must contain, which strings.Contains finds at
// memory speed: without them the expression is not run. The words are
// derived from the expression itself (required), so the two cannot drift.

// gated is a regular expression with the words every match contains.
type gated struct {
	re *regexp.Regexp
	// all: a match contains, for each set, one of its words; nil when no
	// word is required (the expression always runs).
	all [][]needle
}

// needle is a string every match contains; fold: matched case-folded
// (lower-cased here, as strings.ToLower gives it for ASCII).
type needle struct {
	s    string
	fold bool
}

// gate compiles expr with the words its matches require.
func gate(expr string) *gated {
	g := &gated{re: regexp.MustCompile(expr)}
	if t, err := syntax.Parse(expr, syntax.Perl); err == nil {
		g.all = strongest(required(t))
	}
	allGates = append(allGates, g)
	return g
}

// allGates lists every gate made, for TestGatesSound.
var allGates []*gated

// required returns sets of strings such that every match of re contains
// one string of each set; nil when it cannot tell.
func required(re *syntax.Regexp) [][]needle {
	switch re.Op {
	case syntax.OpLiteral:
		// Folding matters only to a letter with other cases (">" is ">").
		fold := re.Flags&syntax.FoldCase != 0 && slices.ContainsFunc(re.Rune, func(r rune) bool { return unicode.SimpleFold(r) != r })
		s := string(re.Rune)
		if fold {
			s = strings.ToLower(s)
		}
		return [][]needle{{{s, fold}}}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Every part is in every match.
		var all [][]needle
		for _, s := range re.Sub {
			all = append(all, required(s)...)
		}
		return all
	case syntax.OpAlternate:
		// A match is one branch's: for every set of one branch and every
		// set of another, it holds a word of the two together.
		var all [][]needle
		for i, sub := range re.Sub {
			sets := required(sub)
			if sets == nil {
				return nil // a branch needs no word: neither does the whole
			}
			if i == 0 {
				all = sets
				continue
			}
			if len(all)*len(sets) > 16 {
				all, sets = [][]needle{longest(all)}, [][]needle{longest(sets)}
			}
			var next [][]needle
			for _, a := range all {
				for _, s := range sets {
					next = append(next, union(a, s))
				}
			}
			all = minimal(next)
		}
		return all
	}
	return nil
}

// maxSets is how many sets a gate checks: the strongest; the others would
// cost a look each and turn away little more (dropping one only lets the
// expression run more often).
const maxSets = 3

// strongest orders sets by their shortest word, longest first (a long
// word is rare, and a text without it is turned away at the first look),
// and keeps maxSets of them.
func strongest(sets [][]needle) [][]needle {
	sets = minimal(sets)
	slices.SortStableFunc(sets, func(a, b []needle) int {
		if d := shortest(b) - shortest(a); d != 0 {
			return d
		}
		return len(a) - len(b)
	})
	return sets[:min(len(sets), maxSets)]
}

// longest is the set whose shortest word is longest.
func longest(sets [][]needle) []needle {
	best := sets[0]
	for _, n := range sets[1:] {
		if shortest(n) > shortest(best) {
			best = n
		}
	}
	return best
}

func union(a, b []needle) []needle {
	out := slices.Clone(a)
	for _, n := range b {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// minimal drops a set that holds all of another's words: where the other
// holds, it does.
func minimal(sets [][]needle) [][]needle {
	var out [][]needle
	for i, s := range sets {
		redundant := false
		for j, o := range sets {
			if j != i && subset(o, s) && (!subset(s, o) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, s)
		}
	}
	return out
}

func subset(a, b []needle) bool {
	for _, n := range a {
		if !slices.Contains(b, n) {
			return false
		}
	}
	return true
}

func shortest(ns []needle) int {
	m := len(ns[0].s)
	for _, n := range ns[1:] {
		m = min(m, len(n.s))
	}
	return m
}

// scan is a text an expression reads, with its lower case: one
// strings.ToLower per text, whatever number of expressions read it.
type scan struct {
	s, lower string
	ascii    bool // a non-ASCII text may hold a letter that folds to an ASCII one (U+212A Kelvin sign, 'k')
	// pairs, if not nil, indexes lower: for a text that many gates read.
	pairs *pairIndex
}

// newScan is the scan of s; lower, if not "", is strings.ToLower(s)
// already made.
func newScan(s, lower string) scan {
	if lower == "" {
		lower = strings.ToLower(s)
	}
	return scan{s: s, lower: lower, ascii: isASCII(s)}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cased is the scan of s for expressions whose words are matched as
// written: a word matched case-folded is taken to be there.
func cased(s string) scan { return scan{s: s} }

// may reports whether the expression can match t: false only when t
// lacks every word of one of the sets a match needs.
func (g *gated) may(t scan) bool {
	for _, set := range g.all {
		if !t.holdsAny(set) {
			return false
		}
	}
	return true
}

func (t scan) holdsAny(set []needle) bool {
	for _, n := range set {
		switch {
		case !n.fold:
			if strings.Contains(t.s, n.s) {
				return true
			}
		case !t.ascii:
			return true
		case t.pairs != nil:
			if t.pairs.has(n.s) {
				return true
			}
		case strings.Contains(t.lower, n.s):
			return true
		}
	}
	return false
}

func (g *gated) match(t scan) bool { return g.may(t) && g.re.MatchString(t.s) }

func (g *gated) find(t scan) []string {
	if !g.may(t) {
		return nil
	}
	return g.re.FindStringSubmatch(t.s)
}

func (g *gated) findIndex(t scan) []int {
	if !g.may(t) {
		return nil
	}
	return g.re.FindStringSubmatchIndex(t.s)
}

func (g *gated) findAll(t scan, n int) [][]string {
	if !g.may(t) {
		return nil
	}
	return g.re.FindAllStringSubmatch(t.s, n)
}

func (g *gated) findAllIndex(t scan, n int) [][]int {
	if !g.may(t) {
		return nil
	}
	return g.re.FindAllStringSubmatchIndex(t.s, n)
}

// gates is an alternation split into its branches, so that a branch runs
// only when its own words are there (and a text that holds "bgp" reads
// no other branch).
type gates []*gated

// anyGate is the alternation of exprs.
func anyGate(exprs ...string) gates {
	out := make(gates, len(exprs))
	for i, e := range exprs {
		out[i] = gate(e)
	}
	return out
}

// match reports whether some branch matches t: whether the alternation
// of all does.
func (a gates) match(t scan) bool {
	for _, g := range a {
		if g.match(t) {
			return true
		}
	}
	return false
}
