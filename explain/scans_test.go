package explain

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// scanTexts are the corpus inputs and texts made to sit on the edges of
// the scans: runs one short of long enough, at the ends of the text, with
// more '=' than base64 pads with.
func scanTexts(t *testing.T) []string {
	b64 := strings.Repeat("QUJD", 6) // 24 letters
	list := strings.Repeat("255, ", 18) + "1"
	texts := []string{"[" + list + "]", "<<<" + list + ">>", "[[" + list + "]] {" + list + "}", "{" + list + ", 999]",
		"[" + strings.Repeat("1 ", 18) + "]", "", b64, b64[:23], b64 + "===", "x " + b64 + "=", b64 + "==" + b64, b64[:23] + "=" + b64,
		"é" + b64 + "é", b64 + "/+" + "\n" + b64[:10]}
	for _, e := range loadCorpus(t) {
		texts = append(texts, e.Input)
	}
	return texts
}

// TestBase64Tokens: the scan finds what reBase64Token finds.
func TestBase64Tokens(t *testing.T) {
	for _, s := range scanTexts(t) {
		want, got := reBase64Token.FindAllStringIndex(s, -1), base64Tokens(s)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q: %v, want %v", s, got, want)
		}
	}
}

// TestMaskLinePrefixesPerLine: masking line by line, the expression
// anchored, masks what the expression in multi-line mode masks over the
// whole text.
func TestMaskLinePrefixesPerLine(t *testing.T) {
	whole := regexp.MustCompile(`(?m)` + reLinePrefix.String())
	texts := append(scanTexts(t), "10:00:00 a\n\n11:00:00 BGP: b\n", "Nov 22 10:00:00.100 UTC: x\nNov 22 10:00:00:\n", "\n")
	for _, s := range texts {
		want := whole.ReplaceAllStringFunc(s, blankPrefix)
		if got := maskLinePrefixes(s); got != want {
			t.Errorf("%.60q: %.60q, want %.60q", s, got, want)
		}
	}
}

// TestPairIndex: has answers as strings.Contains, for words in the text,
// words whose pairs are all in it but not together, and words of one or
// no byte.
func TestPairIndex(t *testing.T) {
	var p pairIndex
	p.reset("hold timer expired")
	for _, w := range []string{"hold timer", "expired", "timer hold", "red", "der", "x", "h", "", "hold timer expired!", "ex", "erex"} {
		if got, want := p.has(w), strings.Contains(p.s, w); got != want {
			t.Errorf("has(%q) = %v, want %v", w, got, want)
		}
	}
	for _, s := range scanTexts(t) {
		p.reset(strings.ToLower(s))
		for _, ph := range phrases {
			if got, want := p.has(ph.words), strings.Contains(p.s, ph.words); got != want {
				t.Errorf("%.40q has(%q) = %v, want %v", s, ph.words, got, want)
			}
		}
	}
}

// TestStartsAt: an expression tried where its matches can start finds
// what it finds tried everywhere.
func TestStartsAt(t *testing.T) {
	texts := append(scanTexts(t), "active -> idle", "xactive->idle; idle → established", "Established to Idle",
		"old state active event x new state idle", "moved from higher state OPENSENT to lower state IDLE", "xfrom active to idle, from  connect to  active", "éactive -> idle", "active - > idle, connect to active",
		"NEIGHBOUR 10.0.0.1", "xto 1.2.3.4 to  ::1", "Nbr 2001:db8::1 peer a", "from ffff:1.2.3.4")
	for _, s := range texts {
		want, got := reNumberList.FindAllStringSubmatchIndex(s, -1), numberListsAt.findAllIndex(s)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("number lists in %.60q: %v, want %v", s, got, want)
		}
		for _, l := range []string{s, strings.ToLower(s)} {
			if want, got := reStateChange.FindStringSubmatch(l), stateChangeAt.find(l); !reflect.DeepEqual(got, want) {
				t.Errorf("state change in %.60q: %q, want %q", l, got, want)
			}
		}
		for _, l := range []string{s, strings.ToUpper(s), strings.ReplaceAll(s, "o", "ö")} {
			if want, got := reNeighbor.FindStringSubmatch(l), neighborAt.find(l); !reflect.DeepEqual(got, want) {
				t.Errorf("neighbour in %.60q: %q, want %q", l, got, want)
			}
		}
	}
}

// TestWordAlt: the scan of words finds the first match the expression
// finds, in ASCII text or not, and the expression is the one it stands for.
func TestWordAlt(t *testing.T) {
	if got := reSent.re.String(); got != `(?i)\b(sent|send|sending|transmit\w*|out)\b` {
		t.Errorf("reSent is %s", got)
	}
	texts := append(scanTexts(t), "transmitted", "in", "x_in in", "resent sent", "tranſmit", "MSG OUT", "rcvd9 rcv")
	for _, s := range texts {
		for _, sc := range []scan{newScan(s, ""), newScan(strings.ToLower(s), "")} {
			for _, w := range []*wordAlt{reSent, reReceived} {
				want := -1
				if loc := w.re.FindStringIndex(sc.s); loc != nil {
					want = loc[0]
				}
				if got := w.index(sc); got != want {
					t.Errorf("%s in %.60q: %d, want %d", w.re, sc.s, got, want)
				}
			}
		}
	}
}

// TestTokensOf: tokensOf yields what tokenize returns.
func TestTokensOf(t *testing.T) {
	for _, s := range append(scanTexts(t), " a\tb\r\n c ", "\n") {
		got := slices.Collect(tokensOf(s))
		if want := tokenize(s); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q: %v, want %v", s, got, want)
		}
	}
}

// TestWebSpaceForms: normalizeBreaks skips webSpaces on a text of ASCII
// without '&', which holds none of its forms only while each is an entity
// or beyond ASCII.
func TestWebSpaceForms(t *testing.T) {
	for i := 0; i < len(webSpaceForms); i += 2 {
		if f := webSpaceForms[i]; f[0] != '&' && isASCII(f) {
			t.Errorf("%q is neither an entity nor beyond ASCII", f)
		}
	}
}

// TestSessionInfoAddPath: the ADD-PATH families are listed when the
// session has some, whatever its other settings, and none when it has
// none (sessionInfo's shortcut).
func TestSessionInfoAddPath(t *testing.T) {
	v4 := bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIUnicast}
	other := bgp.Family{AFI: bgp.AFIIPv4, SAFI: 200}
	for _, s := range []bgp.Session{{}, {AS4: true, AFISAFIDisable: true}, bgp.Session{AS4: true}.WithAddPath(v4, true),
		bgp.Session{AFISAFIDisable: true}.WithAddPath(other, true)} {
		var want []string
		for _, f := range s.AddPathFamilies() {
			want = append(want, f.JSONName())
		}
		if got := sessionInfo(s).AddPath; !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: %q, want %q", s, got, want)
		}
	}
}
