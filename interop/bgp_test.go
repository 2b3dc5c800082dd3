package interop

import (
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/internal/testrig"
)

// corpusMsg is one message to decode with both libraries.
type corpusMsg struct {
	where string // file and message index
	file  string
	data  []byte
	sess  bgp.Session
}

// realMessages returns the complete messages of known type in the copied
// files (testdata/README.md). With -short, files of more than 5000
// messages contribute every tenth message.
func realMessages(t testing.TB) []corpusMsg {
	t.Helper()
	out, err := loadRealMessagesOnce()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loadRealMessagesOnce reads the files once for all the tests that use
// them (the family differential reads them again after the main one).
var loadRealMessagesOnce = sync.OnceValues(loadRealMessages)

func loadRealMessages() ([]corpusMsg, error) {
	files, err := testcorpus.Files()
	if err != nil {
		return nil, err
	}
	var out []corpusMsg
	for _, f := range files {
		msgs, err := testcorpus.Load(f)
		if err != nil {
			return nil, err
		}
		sample := testing.Short() && len(msgs) > 5000
		for i, m := range msgs {
			if m.Partial || m.Type() < 1 || m.Type() > 5 || sample && i%10 != 0 {
				continue
			}
			out = append(out, corpusMsg{f + " #" + itoa(i), f, m.Data, testrig.Session(m.Session)})
		}
	}
	return out, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// comparison is the outcome of decoding one message with both.
type comparison struct {
	m           corpusMsg
	lens, gob   facts
	lensV, gobV verdict
	diff        []string // keys that differ (fields), or "verdict"
}

func compare(m corpusMsg) comparison {
	c := comparison{m: m}
	c.lens, c.lensV = lensFacts(m.data, m.sess)
	c.gob, c.gobV = gobgpFacts(m.data, m.sess)
	if (c.lensV.action == 0) != (c.gobV.action == 0) || c.lensV.action != c.gobV.action {
		c.diff = append(c.diff, "verdict")
	}
	if c.lensV.action == 0 && c.gobV.action == 0 {
		c.diff = append(c.diff, diffFacts(c.lens, c.gob)...)
	}
	return c
}

// exception is a known difference of the UPDATE comparison.
type exception = known[comparison]

// report runs the comparisons, sorts each difference into the exception
// that explains it, fails the test for the unexplained ones and logs a
// summary with one example per exception.
func report(t *testing.T, msgs []corpusMsg, exceptions []exception) {
	t.Helper()
	var agree, unexplained int
	tl := newTally()
	for _, m := range msgs {
		c := compare(m)
		if len(c.diff) == 0 {
			agree++
			continue
		}
		if name := firstKnown(exceptions, &c); name != "" {
			tl.add(name, func() string { return c.m.where + " " + hex.EncodeToString(c.m.data) })
			continue
		}
		unexplained++
		if unexplained <= 20 {
			var b strings.Builder
			b.WriteString(c.m.where + ": differ in " + strings.Join(c.diff, ",") + "\n")
			b.WriteString("  bgplens: " + c.lensV.String() + "\n  gobgp:   " + c.gobV.String() + "\n")
			for _, k := range c.diff {
				if k != "verdict" {
					b.WriteString("  " + k + ": bgplens=" + c.lens[k] + " | gobgp=" + c.gob[k] + "\n")
				}
			}
			b.WriteString("  msg " + hex.EncodeToString(c.m.data))
			t.Error(b.String())
		}
	}
	t.Logf("%d messages: %d agree, %d explained differences, %d unexplained", len(msgs), agree, len(msgs)-agree-unexplained, unexplained)
	logKnown(t, tl, exceptions, 240)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// TestDifferentialRealData decodes every message of the copied captures and
// dumps with GoBGP and with bgplens and compares what they say.
func TestDifferentialRealData(t *testing.T) {
	report(t, realMessages(t), realExceptions)
}

// craftedFiles are deliberately malformed inputs (tcpdump's fuzz and
// printer regressions): both libraries must reject their bad messages, but
// which RFC 7606 action and subcode each picks for a pile of faults is a
// matter of which fault it meets first.
var craftedFiles = map[string]bool{
	"tcpdump/tests/bgp-ub.pcap":                            true,
	"tcpdump/tests/bgp_mp_reach_nlri-oobr.pcap":            true,
	"tcpdump/tests/bgp_mvpn_6_and_7_oobr.pcap":             true,
	"tcpdump/tests/bgp_pmsi_tunnel-oobr.pcap":              true,
	"tcpdump/tests/bgp_vpn_rt-oobr.pcap":                   true,
	"tcpdump/tests/bgp-bgp_capabilities_print-oobr-1.pcap": true,
	"tcpdump/tests/bgp-bgp_capabilities_print-oobr-2.pcap": true,
	"tcpdump/tests/bgp-infinite-loop.pcap":                 true,
	"tcpdump/tests/bgp-addpath.pcap":                       true,
}

// extCommRewritten reports whether the lists of extended communities
// differ only because GoBGP rewrote some: same number of communities, and
// each of bgplens's is the eight octets found in the message, as received.
func extCommRewritten(c *comparison) bool {
	a, b := strings.Fields(c.lens["ext_communities"]), strings.Fields(c.gob["ext_communities"])
	if len(a) != len(b) {
		return false
	}
	wire := hex.EncodeToString(c.m.data)
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if j := strings.Index(wire, a[i]); j < 0 || j%2 != 0 {
			return false
		}
	}
	return true
}

// commonExceptions explain differences found on both corpora.
var commonExceptions = []exception{
	{
		name: "gobgp-extcomm-rewrite", who: "gobgp",
		why: "GoBGP gives an extended community as it re-serialises its parsed form, not as received: " +
			"00 04 (Link Bandwidth) comes back as 40 04, 03 0d (Default Gateway) loses its value, 06 00 (MAC " +
			"Mobility) its reserved octet; RFC 4360 §2 communities are eight opaque octets, which bgplens keeps",
		match: func(c *comparison) bool { return onlyDiff(c.diff, "ext_communities") && extCommRewritten(c) },
	},
	{
		name: "gobgp-rejects-extcomm-subtype", who: "gobgp",
		why: "GoBGP rejects the UPDATE (3/1, treat-as-withdraw) when an EVPN (type 06) or MUP (type 0c) extended " +
			"community has a sub-type it does not know; RFC 4360 §2 and RFC 7606 §7.14 only ask for a length that " +
			"is a multiple of 8, and an unknown community is to be kept, not a reason to withdraw",
		match: func(c *comparison) bool {
			return onlyDiff(c.diff, "verdict") && c.lensV.action == 0 && strings.Contains(c.gobV.err, "unknown") &&
				strings.Contains(c.gobV.err, "subtype")
		},
	},
}

// realExceptions explain the differences found on the real corpus. Each
// names who is wrong: "gobgp", "bgplens", or "design" when the RFCs allow
// both readings.
var realExceptions = append(commonExceptions, []exception{
	{
		name: "mp-nlri-error-action", who: "design",
		why: "a malformed NLRI in MP_REACH_NLRI: bgplens resets the session, GoBGP disables the AFI/SAFI; " +
			"RFC 7606 §5.3 and §7.11 allow either (bgplens takes the stronger, as for the IPv4 NLRI field)",
		match: func(c *comparison) bool {
			return c.lensV.action == int(bgp.SessionReset) && c.gobV.action == int(bgp.AFISAFIDisable) &&
				c.lensV.subcode == 10 && c.gobV.subcode == 10
		},
	},
	{
		name: "next-hop-semantics", who: "design",
		why: "GoBGP's ValidateUpdateMsg rejects NEXT_HOP 0.0.0.0 and the like (Invalid NEXT_HOP, treat-as-withdraw); " +
			"bgplens checks the NEXT_HOP syntax only, since RFC 4271 §6.3's semantic checks need the session's addresses",
		match: func(c *comparison) bool {
			return onlyDiff(c.diff, "verdict") && c.lensV.action == 0 && c.gobV.code == 3 && c.gobV.subcode == 8
		},
	},
	{
		name: "gobgp-no-rfc9072", who: "gobgp",
		why: "OPEN with the RFC 9072 Extended Optional Parameters Length (Non-Ext OP Type 255): GoBGP does not " +
			"implement RFC 9072 and rejects the message; bgplens decodes it",
		match: func(c *comparison) bool {
			return onlyDiff(c.diff, "verdict") && c.lensV.action == 0 && c.m.data[bgp.OffType] == byte(bgp.MsgOpen) &&
				len(c.m.data) > bgp.OffOpenNonExtOPType && c.m.data[bgp.OffOpenNonExtOPType] == 255
		},
	},
	{
		name: "gobgp-no-rfc7607", who: "gobgp",
		why: "AS 0 in AS_PATH (treat-as-withdraw) or AGGREGATOR (attribute discard) is malformed by RFC 7607 §2; " +
			"GoBGP does not check it and takes the UPDATE as clean",
		match: func(c *comparison) bool {
			return onlyDiff(c.diff, "verdict") && c.gobV.action == 0 && strings.Contains(c.lensV.err, "AS 0") &&
				(c.lensV.subcode == 11 || c.lensV.subcode == 9)
		},
	},
	{
		name: "gobgp-unknown-family", who: "gobgp",
		why: "MP_REACH_NLRI of a family GoBGP cannot parse (MCAST-VPN, AFI 1 SAFI 5, RFC 6514): GoBGP disables the " +
			"AFI/SAFI; bgplens keeps such NLRI raw and the UPDATE is well formed",
		match: func(c *comparison) bool {
			return onlyDiff(c.diff, "verdict") && c.lensV.action == 0 && strings.Contains(c.gobV.err, "unknown route family")
		},
	},
	{
		name: "gobgp-bgpsec-as-path", who: "gobgp",
		why: "an UPDATE of a BGPsec session carries BGPsec_PATH and no AS_PATH (RFC 8205 §3: BGPsec_PATH takes " +
			"AS_PATH's place); GoBGP asks for AS_PATH (Missing Well-known Attribute, treat-as-withdraw)",
		match: func(c *comparison) bool {
			_, hasPath := attrTypes(c.m.data)[bgp.AttrASPath]
			_, hasSec := attrTypes(c.m.data)[bgp.AttrBGPsecPath]
			return onlyDiff(c.diff, "verdict") && c.lensV.action == 0 && c.gobV.subcode == 3 && hasSec && !hasPath
		},
	},
	{
		name: "crafted-both-reject", who: "design",
		why: "deliberately malformed tcpdump input: both reject the message, with another action or subcode",
		match: func(c *comparison) bool {
			return craftedFiles[c.m.file] && onlyDiff(c.diff, "verdict") && c.lensV.action != 0 && c.gobV.action != 0
		},
	},
}...)

// attrTypes lists the attribute types of an UPDATE, from bgplens's view.
func attrTypes(msg []byte) map[bgp.AttrType]bool {
	out := map[bgp.AttrType]bool{}
	if u, err := bgp.ParseUpdate(msg, bgp.Session{AS4: true}); err == nil {
		for a := range u.Attrs() {
			out[a.Type] = true
		}
	}
	return out
}
