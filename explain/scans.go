package explain

import (
	"iter"
	"regexp"
	"slices"
	"strings"
)

// Byte scans that find what a regular expression of the package finds,
// where the expression is simple and the regexp package slow at it (a
// long repeated class is tried at every position). Each is tested against
// its expression (scans_test.go).

// base64Tokens returns what reBase64Token.FindAllStringIndex(text, -1)
// does: a run of base64 letters can only match whole (a match stops at a
// letter of the run only when the run ends there, and a match starting
// inside a shorter run is shorter still), so the matches are the runs 24
// letters long or longer, each with up to two '=' after it.
func base64Tokens(text string) [][]int {
	var out [][]int
	for i := 0; i < len(text); {
		if !isBase64Letter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isBase64Letter(text[j]) {
			j++
		}
		if j-i >= 24 {
			for k := 0; k < 2 && j < len(text) && text[j] == '='; k++ {
				j++
			}
			out = append(out, []int{i, j})
		}
		i = j
	}
	return out
}

// startsAt is a regular expression tried only where a match can start.
// Its leftmost match is then the one the expression anchored finds at the
// first such place where it finds one; the unanchored search would try
// every other place too. can must hold where every match starts, and the
// expression must assert nothing of the text before its match but a
// leading \b, which can checks.
type startsAt struct {
	re, at *regexp.Regexp // the expression, and anchored
	can    func(s string, i int) bool
}

func newStartsAt(re *regexp.Regexp, can func(s string, i int) bool) *startsAt {
	return &startsAt{re: re, at: regexp.MustCompile(`\A(?:` + re.String() + `)`), can: can}
}

// indexFrom is re.FindStringSubmatchIndex of the leftmost match at or
// after from, in the indices of s.
func (a *startsAt) indexFrom(s string, from int) []int {
	for i := from; i < len(s); i++ {
		if !a.can(s, i) {
			continue
		}
		if m := a.at.FindStringSubmatchIndex(s[i:]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += i
				}
			}
			return m
		}
	}
	return nil
}

// find is re.FindStringSubmatch(s).
func (a *startsAt) find(s string) []string {
	m := a.indexFrom(s, 0)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for k := range out {
		if m[2*k] >= 0 {
			out[k] = s[m[2*k]:m[2*k+1]]
		}
	}
	return out
}

// findAllIndex is re.FindAllStringSubmatchIndex(s, -1), for an expression
// whose every match holds at least one byte.
func (a *startsAt) findAllIndex(s string) [][]int {
	var out [][]int
	for i := 0; ; {
		m := a.indexFrom(s, i)
		if m == nil {
			return out
		}
		out = append(out, m)
		i = m[1]
	}
}

// numberListsAt is reNumberList tried where a list opens.
var numberListsAt = newStartsAt(reNumberList, func(s string, i int) bool {
	return s[i] == '[' || s[i] == '{' || strings.HasPrefix(s[i:], "<<")
})

// stateChangeAt is reStateChange tried where a word starts with a state's
// name, with "old state" or with "from".
var stateChangeAt = newStartsAt(reStateChange, func(s string, i int) bool {
	if i > 0 && isWordByte(s[i-1]) {
		return false
	}
	return slices.ContainsFunc(stateStarts, func(w string) bool { return strings.HasPrefix(s[i:], w) })
})

var stateStarts = append(slices.Clone(fsmStates), "old state ", "from")

// neighborAt is reNeighbor tried where a word starts with one of its
// words, in any case (none of their letters folds to a letter beyond
// ASCII, so a byte-wise comparison is (?i)'s).
var neighborAt = newStartsAt(reNeighbor, func(s string, i int) bool {
	if i > 0 && isWordByte(s[i-1]) {
		return false
	}
	return slices.ContainsFunc([]string{"neighbo", "nbr", "peer", "from", "to"}, func(w string) bool {
		return len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w)
	})
})

// wordAlt is `(?i)\b(w1|w2|...)\b` over words of letters: a word ending
// in '*' stands for its letters followed by any more (`\w*`). Its first
// match in an ASCII text is the first whole word (a maximal run of \w)
// that is one of them, which a scan of the words finds.
type wordAlt struct {
	re       *regexp.Regexp // for a text beyond ASCII, where (?i) folds more than lower-casing does
	words    []string
	prefixes []string
}

func newWordAlt(words ...string) *wordAlt {
	w := &wordAlt{}
	var alts []string
	for _, s := range words {
		if p, ok := strings.CutSuffix(s, "*"); ok {
			w.prefixes = append(w.prefixes, p)
			alts = append(alts, p+`\w*`)
		} else {
			w.words = append(w.words, s)
			alts = append(alts, s)
		}
	}
	w.re = regexp.MustCompile(`(?i)\b(` + strings.Join(alts, "|") + `)\b`)
	return w
}

// index is where the first match in t starts, or -1.
func (w *wordAlt) index(t scan) int {
	if !t.ascii {
		if loc := w.re.FindStringIndex(t.s); loc != nil {
			return loc[0]
		}
		return -1
	}
	s := t.lower
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		word := s[i:j]
		if slices.Contains(w.words, word) || slices.ContainsFunc(w.prefixes, func(p string) bool { return strings.HasPrefix(word, p) }) {
			return i
		}
		i = j
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isBase64Letter(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// pairIndex notes the byte pairs a text holds: a word with a pair the
// text lacks is not in it, which a few lookups tell sooner than
// strings.Contains reading the text. The phrase and event lists ask a
// text for a few hundred words, of which it holds a handful. Pairs are
// hashed into 4096 bits: two pairs may share a bit (the index then only
// lets more words through to strings.Contains), and it is cleared at
// little cost.
type pairIndex struct {
	s    string
	bits [64]uint64
}

func pairBit(a, b byte) uint { return uint((uint32(a)<<8|uint32(b))*0x9e3779b1) >> 20 }

func (p *pairIndex) reset(s string) {
	p.s, p.bits = s, [64]uint64{}
	for i := 0; i+1 < len(s); i++ {
		k := pairBit(s[i], s[i+1])
		p.bits[k>>6] |= 1 << (k & 63)
	}
}

// has reports whether the text holds w, as strings.Contains does.
func (p *pairIndex) has(w string) bool {
	for i := 0; i+1 < len(w); i++ {
		if k := pairBit(w[i], w[i+1]); p.bits[k>>6]&(1<<(k&63)) == 0 {
			return false
		}
	}
	return strings.Contains(p.s, w)
}

// hasAny reports whether the text holds one of words.
func (p *pairIndex) hasAny(words []string) bool {
	for _, w := range words {
		if p.has(w) {
			return true
		}
	}
	return false
}

// tokensOf yields the tokens tokenize returns, one at a time: a reader
// that stops at the first token it rejects does not split the rest.
func tokensOf(text string) iter.Seq[token] {
	return func(yield func(token) bool) {
		for i := 0; i < len(text); {
			for i < len(text) && isSpace(text[i]) {
				i++
			}
			j := i
			for j < len(text) && !isSpace(text[j]) {
				j++
			}
			if j > i && !yield(token{text[i:j], i, j}) {
				return
			}
			i = j
		}
	}
}
