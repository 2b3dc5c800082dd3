package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// bgpsecTsharkFields are tshark's fields of BGPsec_PATH, in the order
// bgpsecFacts writes them.
var bgpsecTsharkFields = []string{"bgp.update.path_attribute.bgpsec.sp.length",
	"bgp.update.path_attribute.bgpsec.sps.pcount", "bgp.update.path_attribute.bgpsec.sps.flags",
	"bgp.update.path_attribute.bgpsec.sps.as", "bgp.update.path_attribute.bgpsec.sb.length",
	"bgp.update.path_attribute.bgpsec.sb.algo_id", "bgp.update.path_attribute.bgpsec.ss.ski",
	"bgp.update.path_attribute.bgpsec.ss.length", "bgp.update.path_attribute.bgpsec.ss.sig"}

// bgpsecFacts appends, per tshark field, the values of one attribute; the
// lengths are recomputed from what was read (each counts itself, RFC 8205
// §3), so a wrong framing would show.
func bgpsecFacts(cols [][]string, v bgp.BGPsecPathView) {
	cols[0] = append(cols[0], strconv.Itoa(2+6*v.Len()))
	for s := range v.Segments() {
		cols[1] = append(cols[1], strconv.Itoa(int(s.PCount)))
		cols[2] = append(cols[2], strconv.Itoa(int(s.Flags)))
		cols[3] = append(cols[3], strconv.FormatUint(uint64(s.AS), 10))
	}
	for b := range v.Blocks() {
		l := 3
		cols[5] = append(cols[5], strconv.Itoa(int(b.AlgorithmSuite)))
		for g := range b.Signatures() {
			cols[6] = append(cols[6], hex.EncodeToString(g.SKI[:]))
			cols[7] = append(cols[7], strconv.Itoa(len(g.Signature)))
			cols[8] = append(cols[8], hex.EncodeToString(g.Signature))
			l += 22 + len(g.Signature)
		}
		cols[4] = append(cols[4], strconv.Itoa(l))
	}
}

// TestBGPsecAgreesWithTshark: every BGPsec_PATH of tcpdump's BGPsec
// capture (real BGPsec UPDATEs) decodes, re-encodes byte for byte from
// its owned value, is written in the path's JSON, and its fields are
// tshark's, field by field in file order. tcpdump's crafted capture
// (Signature_Block Length 1) reads as an error at the attribute.
func TestBGPsecAgreesWithTshark(t *testing.T) {
	testrig.NeedTool(t, "tshark")
	const rel = "tcpdump/tests/bgp-bgpsec.pcap"
	ours := make([][]string, len(bgpsecTsharkFields))
	n := 0
	for m, u := range captureUpdates(t, rel) {
		had := n
		for a := range u.Attrs() {
			if a.Type != bgp.AttrBGPsecPath {
				continue
			}
			v, err := a.BGPsecPath()
			if err != nil {
				t.Fatalf("frame %d: %v", m.Rec+1, err)
			}
			bgpsecFacts(ours, v)
			n++
		}
		o, err := u.Decode()
		if err != nil {
			t.Fatal(err)
		}
		for _, pa := range o.Attrs {
			if _, ok := pa.Value.(bgp.BGPsecPath); pa.Type == bgp.AttrBGPsecPath && !ok {
				t.Errorf("frame %d: owned BGPsec_PATH is %T", m.Rec+1, pa.Value)
			}
		}
		if got, err := o.Append(nil, bgp.Session{AS4: true}); err != nil || string(got) != string(m.Data) {
			t.Errorf("frame %d: re-encoded differs (%v)", m.Rec+1, err)
		}
		if n == had {
			continue // an End-of-RIB, with no attributes
		}
		p := u.Path()
		var obj struct {
			BGPsec struct {
				SecurePath []struct{ AS uint32 } `json:"secure_path"`
				Blocks     []struct {
					Signatures []struct{ SKI string } `json:"signatures"`
				} `json:"signature_blocks"`
			} `json:"bgpsec_path"`
		}
		if err := json.Unmarshal(append(p.AppendJSON([]byte(`{"x":1`)), '}'), &obj); err != nil || len(obj.BGPsec.SecurePath) == 0 || len(obj.BGPsec.Blocks) != 1 || len(obj.BGPsec.Blocks[0].Signatures) != len(obj.BGPsec.SecurePath) {
			t.Errorf("frame %d: JSON %+v (%v)", m.Rec+1, obj, err)
		}
	}
	if n != 20 {
		t.Fatalf("%d BGPsec_PATH attributes, want one per UPDATE but the 4 End-of-RIBs (20)", n)
	}
	theirs := make([][]string, len(bgpsecTsharkFields))
	for _, row := range tsharkRows(t, rel, bgpsecTsharkFields) {
		for i, c := range row {
			if c != "" {
				theirs[i] = append(theirs[i], strings.Split(strings.ReplaceAll(strings.ReplaceAll(c, ":", ""), " ", ""), ",")...)
			}
		}
	}
	for i, f := range bgpsecTsharkFields {
		if strings.Join(ours[i], ",") != strings.Join(theirs[i], ",") {
			t.Errorf("%s:\n bgplens %v\n tshark  %v", f, ours[i], theirs[i])
		}
	}
	t.Logf("%d attributes, %d segments, %d signatures agree with tshark", n, len(ours[1]), len(ours[6]))

	msgs := testrig.Load(t, "tcpdump/tests/bgpsec_invalid_signature_block_length.pcap")
	if len(msgs) != 1 {
		t.Fatal(len(msgs))
	}
	u, err := bgp.ParseUpdate(msgs[0].Data, bgp.Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := u.Attr(bgp.AttrBGPsecPath)
	var e *bgp.Error
	if _, err := a.BGPsecPath(); err == nil || !errors.As(err, &e) || e.Off != a.Off || !strings.Contains(err.Error(), "Signature_Block Length 1 at octet 8") {
		t.Errorf("crafted: %v", err)
	}
}
