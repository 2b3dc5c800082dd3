package explain

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// saysClass is a class of inputs of testdata/says.json: what the
// explanation of each input must say, and must not, with why.
type saysClass struct {
	Test  string `json:"test"`  // the subtest's name: the round it came from and the class
	About string `json:"about"` // what the class is and why it is read so
	Cases []struct {
		Text string   `json:"text"`           // the input, as Line takes it
		Says string   `json:"says"`           // words the diagnosis or evidence must hold ("" for none)
		Not  []string `json:"not,omitempty"`  // words they must not hold
		Code string   `json:"code,omitempty"` // the code/subcode read, as "6/2" ("-1/-1": none)
		Note string   `json:"note,omitempty"` // why this case is there
	} `json:"cases"`
}

// TestSays runs the classes of testdata/says.json, each a subtest: the
// checks of the held-out rounds (testdata/loglines/README.md) that are
// an input and words, kept as data so that a new round adds rows, not
// code.
func TestSays(t *testing.T) {
	b, err := os.ReadFile("testdata/says.json")
	if err != nil {
		t.Fatal(err)
	}
	var classes []saysClass
	if err := json.Unmarshal(b, &classes); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range classes {
		if c.Test == "" || names[c.Test] || len(c.Cases) == 0 {
			t.Errorf("class %q: a name, unique, and cases are needed", c.Test)
		}
		names[c.Test] = true
		t.Run(c.Test, func(t *testing.T) {
			for _, k := range c.Cases {
				if k.Says == "" && len(k.Not) == 0 && k.Code == "" {
					t.Errorf("%q: checks nothing", k.Text)
				}
				says(t, k.Text, k.Says, k.Not...)
				if k.Code != "" {
					x := Line(k.Text, Options{})
					if got := itoa(x.Line.Code) + "/" + itoa(x.Line.Subcode); got != k.Code {
						t.Errorf("%q: code %s, want %s", k.Text, got, k.Code)
					}
				}
			}
		})
	}
}

// says checks that the explanation of text says want and none of not.
func says(t *testing.T, text, want string, not ...string) {
	t.Helper()
	s := said(Line(text, Options{}))
	if !strings.Contains(s, want) {
		t.Errorf("%q: %q does not say %q", text, s, want)
	}
	for _, n := range not {
		if strings.Contains(s, n) {
			t.Errorf("%q: %q says %q", text, s, n)
		}
	}
}
