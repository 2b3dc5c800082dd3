package interop

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// famMsg is one UPDATE for the family differential.
type famMsg struct {
	where string
	data  []byte
	sess  bgp.Session
	// built is, for a generated message, what GoBGP's values held before
	// GoBGP serialized them (rendered as gobgpFamFacts renders its
	// decoding): bgplens must read that back too.
	built facts
	// tags name what the generator put in the message that an exception
	// may need to know (e.g. "flowspec-long-length").
	tags map[string]bool
}

// famComparison is what both libraries read of one UPDATE's families and
// family attributes.
type famComparison struct {
	m               famMsg
	lens, gob       facts
	lensErr, gobErr string
	diff            []string // keys that differ, or "reject" when only one refuses
}

func compareFam(m famMsg) famComparison {
	c := famComparison{m: m}
	c.lens, c.lensErr = lensFamFacts(m.data, m.sess)
	c.gob, c.gobErr = gobgpFamFacts(m.data, m.sess)
	if c.gobErr != "" && c.lensErr == "" {
		// GoBGP refused the whole message: so does bgplens when it judges
		// the UPDATE malformed for a fault outside what is compared here.
		if u, err := bgp.ParseUpdate(m.data, m.sess); err == nil && u.Verdict() != nil {
			c.lensErr = "UPDATE: " + u.Verdict().Error()
		}
	}
	switch {
	case c.lensErr != "" || c.gobErr != "":
		if (c.lensErr == "") != (c.gobErr == "") {
			c.diff = []string{"reject"}
		}
	default:
		c.diff = diffFacts(c.lens, c.gob)
	}
	switch {
	case m.built == nil:
	case c.lensErr != "":
		c.diff = append(c.diff, "built reject") // bgplens cannot read what GoBGP built
	default:
		for _, k := range diffFacts(c.lens, m.built) {
			c.diff = append(c.diff, "built "+k)
		}
	}
	return c
}

// famException is a known difference of the families' comparison.
type famException = known[famComparison]

// reportFam compares every message, sorts each difference into the first
// exception that explains it, fails the test on the others and logs the
// count and an example of each exception. It returns the count per
// exception and, per key, how many messages agreed on it.
func reportFam(t *testing.T, msgs []famMsg, exceptions []famException) (seen, agreed map[string]int) {
	t.Helper()
	var agree, compared, unexplained int
	agreed = map[string]int{}
	tl := newTally()
	for _, m := range msgs {
		c := compareFam(m)
		if len(c.lens) == 0 && c.lensErr == "" && (len(c.gob) == 0 || c.gobErr != "") {
			// Nothing of the families here: GoBGP's verdict on the rest of
			// the message is TestDifferentialRealData's business.
			continue
		}
		compared++
		for k := range c.lens {
			if !slices.Contains(c.diff, k) && !slices.Contains(c.diff, "reject") {
				agreed[k]++
			}
		}
		if len(c.diff) == 0 {
			agree++
			continue
		}
		if names := explain(&c, exceptions); names != nil {
			for _, n := range names {
				tl.add(n, func() string { return c.m.where + " " + famDiffText(&c) })
			}
			continue
		}
		unexplained++
		if unexplained <= 20 {
			t.Errorf("%s: %s\n  msg %s", c.m.where, famDiffText(&c), hex.EncodeToString(c.m.data))
		}
	}
	t.Logf("%d UPDATEs with these families: %d agree, %d explained differences, %d unexplained", compared, agree, compared-agree-unexplained, unexplained)
	keys := make([]string, 0, len(agreed))
	for k := range agreed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("  agree on %-22s in %d UPDATEs", k, agreed[k])
	}
	logKnown(t, tl, exceptions, 400)
	return tl.seen, agreed
}

// values returns what bgplens and the other side (GoBGP's decoding, or
// for "built <key>" what GoBGP built) have for a differing key.
func (c *famComparison) values(k string) (lens, other string) {
	if b, ok := strings.CutPrefix(k, "built "); ok {
		return c.lens[b], c.m.built[b]
	}
	return c.lens[k], c.gob[k]
}

// explain returns the exceptions that explain the comparison's
// differences: one that explains them all, or else one for each
// differing key on its own; nil when some difference stays unexplained.
func explain(c *famComparison, exceptions []famException) []string {
	if name := firstKnown(exceptions, c); name != "" {
		return []string{name}
	}
	if len(c.diff) < 2 {
		return nil
	}
	var names []string
	for _, k := range c.diff {
		one := *c
		one.diff = []string{k}
		found := firstKnown(exceptions, &one)
		if found == "" {
			return nil
		}
		if !slices.Contains(names, found) {
			names = append(names, found)
		}
	}
	return names
}

func famDiffText(c *famComparison) string {
	var b strings.Builder
	b.WriteString("differ in " + strings.Join(c.diff, ","))
	if c.lensErr != "" || c.gobErr != "" {
		b.WriteString("\n  bgplens error: " + c.lensErr + "\n  gobgp error: " + c.gobErr)
	}
	for _, k := range c.diff {
		if b2, ok := strings.CutPrefix(k, "built "); ok {
			b.WriteString("\n  " + k + ":\n    bgplens=" + c.lens[b2] + "\n    built  =" + c.m.built[b2])
		} else if k != "reject" {
			b.WriteString("\n  " + k + ":\n    bgplens=" + c.lens[k] + "\n    gobgp  =" + c.gob[k])
		}
	}
	return b.String()
}

// famRealMessages returns the UPDATEs of the real corpora: the BGP
// captures and dumps (testcorpus) and the Route Monitoring messages of the
// BMP captures, each with its session.
func famRealMessages(t *testing.T) []famMsg {
	var out []famMsg
	for _, m := range realMessages(t) {
		if len(m.data) > bgp.OffType && m.data[bgp.OffType] == byte(bgp.MsgUpdate) {
			out = append(out, famMsg{where: m.where, data: m.data, sess: m.sess})
		}
	}
	for _, m := range bmpMessages(t) {
		if !m.reading {
			continue
		}
		v, err := bmp.ParseMessage(m.lens)
		if err != nil || v.Type() != bmp.MsgRouteMonitoring {
			continue
		}
		rm, _ := v.RouteMonitoring()
		if b := rm.BGPMessage(); len(b) > bgp.OffType && b[bgp.OffType] == byte(bgp.MsgUpdate) {
			out = append(out, famMsg{where: m.where, data: b, sess: m.sess})
		}
	}
	return out
}

// famExaBGPMessages returns ExaBGP's decoding vectors (testdata/README.md,
// exabgp/): line 1 the kind and family, line 2 the hex of an UPDATE (with
// or without marker and header) or, for "nlri", of one NLRI entry, put
// here in an MP_REACH_NLRI of its family.
func famExaBGPMessages(t *testing.T) []famMsg {
	files, err := filepath.Glob("../testdata/exabgp/qa/decoding/*")
	if err != nil || len(files) < 18 {
		t.Fatalf("ExaBGP vectors: %d files, %v", len(files), err)
	}
	sess := bgp.Session{AS4: true}
	var out []famMsg
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(text), "\n", 3)
		raw, err := hex.DecodeString(strings.NewReplacer(" ", "", ":", "").Replace(strings.TrimSpace(lines[1])))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch {
		case strings.HasPrefix(lines[0], "nlri bgp-ls"):
			b := bgp.NewUpdateBuilder(nil, sess)
			b.Origin(bgp.OriginIGP)
			b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional, Type: bgp.AttrMPReachNLRI,
				Value: bgp.MPReach{Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, NextHop: []byte{192, 0, 2, 1}, RawNLRI: raw}})
			if raw, err = b.Finish(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case !strings.HasPrefix(lines[0], "update"):
			continue
		case !bytes.HasPrefix(raw, bytes.Repeat([]byte{0xff}, 16)):
			h := append(bytes.Repeat([]byte{0xff}, 16), byte((len(raw)+19)>>8), byte(len(raw)+19), byte(bgp.MsgUpdate))
			raw = append(h, raw...)
		}
		out = append(out, famMsg{where: "exabgp/" + filepath.Base(name), data: raw, sess: sess})
	}
	return out
}

// onlyFamDiff reports whether the comparison differs in exactly keys
// (which may be prefixes of the keys, e.g. "+l2vpn-evpn").
func onlyFamDiff(c *famComparison, keys ...string) bool {
	if len(c.diff) == 0 {
		return false
	}
	for _, d := range c.diff {
		ok := false
		for _, k := range keys {
			if d == k {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// TestFamilyDifferentialRealData compares, field by field, the non-IP
// families and their attributes in every real UPDATE.
func TestFamilyDifferentialRealData(t *testing.T) {
	_, agreed := reportFam(t, append(famRealMessages(t), famExaBGPMessages(t)...), famRealExceptions)
	// What the real corpora hold (testdata/README.md): each must have been
	// compared, or the captures were not read.
	for _, k := range []string{"+l2vpn-evpn", "+ipv4-flowspec", "+ipv6-flowspec", "+ipv4-flowspec-vpn",
		"+ipv6-flowspec-vpn", "+rtc", "-rtc", "flow_actions", "prefix_sid_srv6", "+bgp-ls", "bgp_ls", "+ipv4-sr-policy",
		"tunnel_encap", "-l2vpn-evpn"} {
		if agreed[k] == 0 {
			t.Errorf("no UPDATE of the real corpora compared %s", k)
		}
	}
}

// famGenExceptions explain the differences found on the generated corpus.
var famGenExceptions = append(append([]famException(nil), famCommonExceptions...), famEncoderExceptions...)

// TestFamilyDifferentialGenerated compares the UPDATEs GoBGP builds with
// its own constructors (family_gen_test.go) field by field.
func TestFamilyDifferentialGenerated(t *testing.T) {
	msgs := famGenerated(t, 1200, 1)
	seen, agreed := reportFam(t, msgs, famGenExceptions)
	// The generator makes what each GoBGP encoder fault needs: each must
	// show, or the exception no longer describes GoBGP.
	for _, e := range famEncoderExceptions {
		if seen[e.name] == 0 {
			t.Errorf("exception %s not met: the generator no longer builds its case, or GoBGP changed", e.name)
		}
	}
	withIDs := 0
	for _, m := range msgs {
		if c := compareFam(m); strings.Contains(m.where, "add-path") && len(c.diff) == 0 && strings.Contains(fmt.Sprint(c.lens), "id=") {
			withIDs++
		}
	}
	if withIDs < 50 {
		t.Errorf("only %d ADD-PATH UPDATEs agree with their Path Identifiers", withIDs)
	}
	for _, k := range []string{"+l2vpn-evpn", "-l2vpn-evpn", "+ipv4-flowspec", "+ipv6-flowspec", "+ipv4-flowspec-vpn",
		"+ipv6-flowspec-vpn", "-ipv4-flowspec", "+rtc", "-rtc", "+l2vpn-vpls", "-l2vpn-vpls", "+ipv4-sr-policy", "+ipv6-sr-policy",
		"+ipv4-mup", "+ipv6-mup", "-ipv4-mup", "+bgp-ls", "-bgp-ls", "pmsi", "tunnel_encap", "prefix_sid_srv6", "bgp_ls",
		"flow_actions", "evpn_communities"} {
		if agreed[k] == 0 {
			t.Errorf("no generated UPDATE agreed on %s", k)
		}
	}
}

// TestFamilyDifferentialLensBuilt is the reverse direction: UPDATEs built
// with bgplens's owned encoders (family_lensgen_test.go), decoded by
// GoBGP.
func TestFamilyDifferentialLensBuilt(t *testing.T) {
	seen, agreed := reportFam(t, lensGenerated(t, 600, 1), famLensExceptions)
	for _, n := range []string{"gobgp-reads-flowspec6-offset-as-whole-octets", "gobgp-flowspec-two-octet-length",
		"gobgp-evpn-types-6-11", "esi-last-octet", "gobgp-no-traffic-rate-packets"} {
		if seen[n] == 0 {
			t.Errorf("exception %s not met: the generator no longer builds its case, or GoBGP changed", n)
		}
	}
	for _, k := range []string{"+l2vpn-evpn", "-l2vpn-evpn", "+ipv4-flowspec", "+ipv6-flowspec", "+ipv4-flowspec-vpn",
		"+ipv6-flowspec-vpn", "-ipv4-flowspec", "pmsi", "flow_actions", "evpn_communities"} {
		if agreed[k] == 0 {
			t.Errorf("no bgplens-built UPDATE agreed on %s", k)
		}
	}
}

// extCommNames gathers the names of the extended communities the family
// comparison looks at: flow spec actions and EVPN communities.
type extCommNames struct{ acts, evpn []string }

// add takes one community's names, "" where it is not of the kind.
func (cs *extCommNames) add(flowAction, evpn string) {
	if flowAction != "" {
		cs.acts = append(cs.acts, flowAction)
	}
	if evpn != "" {
		cs.evpn = append(cs.evpn, evpn)
	}
}

// put records the names found, space-separated; a kind with none is left out.
func (cs *extCommNames) put(f facts) {
	if cs.acts != nil {
		f["flow_actions"] = strings.Join(cs.acts, " ")
	}
	if cs.evpn != nil {
		f["evpn_communities"] = strings.Join(cs.evpn, " ")
	}
}
