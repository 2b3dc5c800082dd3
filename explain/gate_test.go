package explain

import (
	"slices"
	"strings"
	"testing"
)

// TestGateNeedles: the words a gate requires are ones every match
// contains: a literal part of a concatenation, one word of each branch of
// an alternation; nothing from an optional part, and nothing at all when a
// branch needs no word. The strongest sets are kept, strongest first.
func TestGateNeedles(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string // each set as "a|b"; "~" marks a case-folded word
	}{
		{`bgp`, []string{"bgp"}},
		{`(?i)\bmajor\s*:?\s*(\d+)`, []string{"~major"}},
		{`(?i)error\s+major\s*(\d+)\s*minor`, []string{"~error", "~major", "~minor"}},
		{`(?i)(?:code\s*)?\b([1-9])\s*/\s*(\d{1,3})\b`, []string{"/"}}, // "/" has no other case
		{`a*b`, []string{"b"}},
		{`(?:x|y*)z`, []string{"z"}},
		{`(?:xy|y*)`, nil},
		{`x?`, nil},
		{`(?:abc){2,3}d`, []string{"abc", "d"}},
		{`(?:abc){0,3}d`, []string{"d"}},
		{`\bneighbou?r|peer`, []string{"neighbo|peer", "r|peer"}},
		{`(?i)error[\s_]*sub[\s_-]*code|sub[\s_-]*error[\s_]*code`, []string{"~error", "~code", "~sub"}},
		{`\(x\)\s+flags?\s+0x\d+\s+length`, []string{"length", "flag", "(x)"}}, // the strongest three, strongest first
		{`a\.b\.a\.b`, []string{"a.b.a.b"}},
		{`a\d\.\d\.`, []string{"a", "."}}, // a set once
		{`(?:ab\s*cde|fg)`, []string{"ab|fg", "cde|fg"}},
		{`(?i)sent|(?-i:RCV)`, []string{"~sent|RCV"}},
		{`\d+`, nil},
	} {
		var got []string
		for _, set := range gate(c.expr).all {
			var alt []string
			for _, n := range set {
				alt = append(alt, map[bool]string{true: "~"}[n.fold]+n.s)
			}
			got = append(got, strings.Join(alt, "|"))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: needles %q, want %q", c.expr, got, c.want)
		}
	}
}

// TestGateMay: a gate turns a text away only when it lacks the words; a
// text with a character outside ASCII is always read, since (?i) folds
// the Kelvin sign to k and the long s to s, which lower-casing does not.
func TestGateMay(t *testing.T) {
	g := gate(`(?i)\btransmit`)
	for _, c := range []struct {
		text string
		want bool
	}{
		{"TRANSMIT 3", true},
		{"Transmitted", true},
		{"received", false},
		{"tranſmit", true}, // long s: (?i) matches it
		{"receivé", true},  // not ASCII: not turned away
	} {
		if got := g.may(newScan(c.text, "")); got != c.want {
			t.Errorf("may(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	if !g.match(newScan("tranſmit", "")) {
		t.Error("the long s: no match")
	}
	exact := gate(`RCV`)
	if exact.may(newScan("rcv", "")) || !exact.may(newScan("a RCV", "")) {
		t.Error("a case-sensitive word is matched as written")
	}
}

// TestGatesSound: for every gated expression of the package and every
// corpus input, in its own case, upper and lower case and with letters
// that fold, the gate never turns away a text the expression matches.
func TestGatesSound(t *testing.T) {
	var texts []string
	for _, e := range loadCorpus(t) {
		texts = append(texts, e.Input, strings.ToUpper(e.Input), strings.ToLower(e.Input), strings.ReplaceAll(e.Input, "s", "ſ"))
	}
	if len(allGates) < 20 {
		t.Fatalf("%d gates registered", len(allGates))
	}
	matched := make([]int, len(allGates))
	for _, s := range texts {
		sc := newScan(s, "")
		var p pairIndex // as evidenceIn reads with one
		p.reset(sc.lower)
		withPairs := sc
		withPairs.pairs = &p
		for i, g := range allGates {
			if g.re.MatchString(s) {
				matched[i]++
				if !g.may(sc) || !g.may(withPairs) {
					t.Errorf("%s matches %.80q but its gate turns it away", g.re, s)
				}
			}
		}
	}
	for i, g := range allGates {
		if matched[i] == 0 {
			t.Logf("%s: no corpus text matches", g.re)
		}
	}
}
