package explain

import (
	"bytes"
	"iter"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/internal/testrig"
)

// perFile bounds the messages explained per file, to keep the suite fast;
// the bgp package's own real-data test walks every message.
const perFile = 400

// captureUpdates explains each UPDATE of the capture rel of testdata
// under the session its OPENs give (as testcorpus reads them), failing t
// where an explanation does not tile its message.
func captureUpdates(t *testing.T, rel string) iter.Seq2[testcorpus.Message, *Explanation] {
	msgs := testrig.Load(t, rel)
	return func(yield func(testcorpus.Message, *Explanation) bool) {
		for _, m := range msgs {
			if m.Type() != uint8(bgp.MsgUpdate) {
				continue
			}
			x := BGP(m.Data, Options{Session: testrig.Session(m.Session), FixedAS4: true, FixedAddPath: true})
			checkTiling(t, m.Data, x)
			if !yield(m, x) {
				return
			}
		}
	}
}

// TestExplainAgreesWithDecoder walks the explainer and the decoders over
// the same real messages: the explanation's fields must tile each message
// exactly, and the prefixes, AS numbers, communities and attribute types
// it shows must be the ones the owned decode finds.
func TestExplainAgreesWithDecoder(t *testing.T) {
	files := testrig.Files(t)
	total := 0
	for _, f := range files {
		msgs, err := testcorpus.Load(f)
		if err != nil || len(msgs) == 0 {
			continue
		}
		t.Run(f, func(t *testing.T) {
			for i, m := range msgs {
				if i == perFile {
					break
				}
				if m.Partial || len(m.Data) < bgp.HeaderLen {
					continue
				}
				total++
				s := testrig.Session(m.Session)
				x := BGP(m.Data, Options{Session: s, FixedAS4: true, FixedAddPath: true})
				if len(x.Messages) != 1 {
					t.Errorf("message %d: %d trees", i, len(x.Messages))
					continue
				}
				checkTiling(t, m.Data, x)
				if m.Type() == uint8(bgp.MsgUpdate) {
					compareUpdate(t, i, m.Data, s, x)
				}
				if t.Failed() {
					t.Fatalf("stopping at message %d of %s", i, f)
				}
			}
		})
	}
	if total < 1000 {
		t.Errorf("only %d real messages explained", total)
	}
}

func compareUpdate(t *testing.T, i int, msg []byte, s bgp.Session, x *Explanation) {
	t.Helper()
	u, err := bgp.DecodeUpdate(msg, s)
	if err != nil {
		return // malformed: the explanation shows the problem; values may stop early
	}
	var wantPfx, wantASN, wantComm []string
	for _, r := range u.Announced() {
		wantPfx = append(wantPfx, r.Prefix.String())
	}
	var types []any
	for _, a := range u.Attrs {
		types = append(types, int(a.Type))
		switch v := a.Value.(type) {
		case bgp.ASPath:
			if a.Type == bgp.AttrASPath {
				for _, seg := range v.Segments {
					for _, asn := range seg.ASNs {
						wantASN = append(wantASN, itoa(int(asn)))
					}
				}
			}
		case bgp.Communities:
			for _, c := range v {
				wantComm = append(wantComm, c.String())
			}
		}
	}
	var gotPfx, gotASN, gotComm []string
	var gotTypes []any
	// The attributes inside an ATTR_SET (RFC 6368) are the set's, not the
	// UPDATE's: the owned decode keeps the set whole.
	inSet := map[*Node]bool{}
	x.Messages[0].Walk(func(n *Node, _ int) {
		if n.Name == "attr_set" {
			for _, c := range n.Children[len(n.Children)-1].Children {
				c.Walk(func(d *Node, _ int) { inSet[d] = true })
			}
		}
	})
	x.Messages[0].Walk(func(n *Node, _ int) {
		if inSet[n] {
			return
		}
		switch n.Name {
		case "prefix":
			if len(n.Children) > 0 { // a route; its leaf is also "prefix"
				gotPfx = append(gotPfx, n.Value.(string))
			}
		case "as_path":
			n.Walk(func(c *Node, _ int) {
				if c.Name == "asn" {
					gotASN = append(gotASN, itoa(int(c.Value.(uint64))))
				}
			})
		case "community":
			gotComm = append(gotComm, n.Value.(string))
		case "type_code":
			gotTypes = append(gotTypes, n.Value)
		}
	})
	same := func(what string, a, b []string) {
		if !bytes.Equal([]byte(join(a, ",")), []byte(join(b, ","))) {
			t.Errorf("message %d: %s: explained %v, decoded %v", i, what, a, b)
		}
	}
	same("prefixes", gotPfx, wantPfx)
	same("AS_PATH", gotASN, wantASN)
	same("communities", gotComm, wantComm)
	if len(gotTypes) != len(types) {
		t.Errorf("message %d: %d attributes explained, %d decoded", i, len(gotTypes), len(types))
	}
}
