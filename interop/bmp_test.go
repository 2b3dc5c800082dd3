package interop

import (
	"encoding/hex"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/bmpcheck"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// bmpMsg is one BMP message to read with both libraries, with what
// bgplens's per-peer state said about it.
type bmpMsg struct {
	where string // file, stream and offset
	flow  string // file and stream
	file  string
	data  []byte // as received
	// lens is the message bgplens reads: data, or data cut after its
	// UPDATE (trimmed) when a router put octets there.
	lens    []byte
	trimmed bool
	// For a Route Monitoring message: the session bgplens's Peers read
	// the UPDATE with, and the first hypothesis (the Peer Up's).
	sess, expected bgp.Session
	fallback       bmp.Fallback // how sess departs from expected for what the message carries
	reading        bool         // sess and expected are set
}

// bmpStreams are the real BMP inputs: the raw streams and every
// connection of the captures (internal/bmpcheck lists them).
var bmpStreams = sync.OnceValues(func() ([]bmpcheck.Stream, error) {
	var out []bmpcheck.Stream
	for _, f := range bmpcheck.RawStreams {
		s, err := bmpcheck.ReadRaw(f)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	for _, c := range bmpcheck.Captures {
		ss, err := bmpcheck.ReadCapture(c)
		if err != nil {
			return nil, err
		}
		for i := range ss {
			ss[i].Flow = c.Path + " " + ss[i].Flow
		}
		out = append(out, ss...)
	}
	return out, nil
})

// bmpMessages reads every stream with bgplens's per-peer state and
// returns its messages with the sessions chosen for them.
func bmpMessages(t testing.TB) []bmpMsg {
	t.Helper()
	streams, err := bmpStreams()
	if err != nil {
		t.Fatal(err)
	}
	var out []bmpMsg
	for _, st := range streams {
		file, _, _ := strings.Cut(st.Flow, " ")
		peers := bmp.NewPeers(0)
		for _, m := range st.Messages {
			bm := bmpMsg{where: st.Flow + " @" + strconv.FormatInt(m.Offset, 10), flow: st.Flow, file: file, data: m.Data, lens: m.Data}
			v, err := bmp.ParseMessage(m.Data)
			if err != nil {
				if cut, ok := bmpcheck.CutAfterUpdate(m.Data); ok {
					bm.lens, bm.trimmed = cut, true
					v, err = bmp.ParseMessage(cut)
				}
			}
			if err == nil {
				peers.Observe(v)
				switch v.Type() {
				case bmp.MsgRouteMirroring:
					// The mirrored messages are the session's own octets:
					// read with what the Peer Up negotiated.
					p, _ := v.Peer()
					if s, _, ok := peers.Session(p.Key()); ok {
						bm.sess, bm.expected, bm.reading = s, s, true
					}
				case bmp.MsgRouteMonitoring:
					rm, _ := v.RouteMonitoring()
					if _, r, err := peers.ReadUpdate(rm); err == nil {
						bm.sess, bm.expected, bm.fallback, bm.reading = r.Session, r.Expected, r.Fallback, true
					}
				}
			}
			out = append(out, bm)
		}
	}
	return out
}

// bmpComparison is one message read by both.
type bmpComparison struct {
	m                 bmpMsg
	lens, gob         facts
	lensErr, gobErr   string
	diff              []string
	version, peerType int
}

func compareBMP(m bmpMsg) bmpComparison {
	c := bmpComparison{m: m, version: int(m.data[0])}
	if len(m.data) > bmp.OffPeerType {
		c.peerType = int(m.data[bmp.OffPeerType])
	}
	var opt *gobgp.MarshallingOption
	if m.reading {
		opt = gobgpOptions(m.sess)
	} else {
		opt = gobgpOptions(bgp.Session{AS4: true})
	}
	c.lens, c.lensErr = lensBMPFacts(m)
	c.gob, c.gobErr = gobgpBMPFacts(m.data, opt)
	if (c.lensErr == "") != (c.gobErr == "") {
		c.diff = append(c.diff, "outcome")
	}
	keys := map[string]bool{}
	for k := range c.lens {
		keys[k] = true
	}
	for k := range c.gob {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		if c.lensErr != "" && c.gobErr != "" || c.gobErr != "" && c.lensErr == "" {
			// Only what both read: the headers.
			if k != "type" && k != "peer" && k != "timestamp" {
				continue
			}
			if _, ok := c.gob[k]; !ok {
				continue
			}
		}
		if c.lens[k] != c.gob[k] {
			c.diff = append(c.diff, k)
		}
	}
	return c
}

// bmpException is a known difference of the BMP comparison.
type bmpException = known[bmpComparison]

// onlyDiff reports whether a comparison (BGP or BMP) differs in exactly
// the keys given, in order.
func onlyDiff(diff []string, keys ...string) bool {
	return slices.Equal(diff, keys)
}

var bmpExceptions = []bmpException{
	{
		name: "gobgp-no-bmp-v4", who: "gobgp",
		why: "GoBGP reads BMP version 3 only (\"error version\"); the NetGauze captures hold version 4 " +
			"(draft-ietf-grow-bmp-tlv) messages, which bgplens reads",
		match: func(c *bmpComparison) bool {
			return c.version == 4 && c.lensErr == "" && strings.Contains(c.gobErr, "version")
		},
	},
	{
		name: "gobgp-unknown-msg-type", who: "gobgp",
		why: "GoBGP refuses a message of a type it does not know (Huawei's type 100, route-policy and " +
			"attribute trace, draft-xu-grow-bmp-route-policy-attr-trace) although its length frames it; " +
			"bgplens keeps it as bmp.Unknown and goes on",
		match: func(c *bmpComparison) bool {
			return c.lensErr == "" && strings.Contains(c.gobErr, "unsupported BMP message type")
		},
	},
	{
		name: "gobgp-ignores-octets-after-update", who: "router",
		why: "Huawei VRP 8.230 puts 8 or 10 octets after the UPDATE of version 3 Route Monitoring messages " +
			"(RFC 7854 §4.6 gives the UPDATE the rest of the message): bmp.ParseMessage refuses the message, " +
			"GoBGP drops the octets without a word; compared after cutting them (bmpcheck.CutAfterUpdate)",
		match: func(c *bmpComparison) bool { return c.m.trimmed && len(c.diff) == 0 },
	},
	{
		name: "gobgp-refuses-empty-add-path-cap", who: "router",
		why: "the OPENs FRR (8.0.1 on 6WIND, 10.8 in the NetGauze capture) fabricates for its Loc-RIB Peer Up " +
			"carry an ADD-PATH capability of length 0, where RFC 7911 §4 asks for one or more 4-octet " +
			"tuples: GoBGP refuses the whole Peer Up (\"Not all CapabilityAddPath bytes available\"); bgplens " +
			"reads the Peer Up and takes the capability as announcing no family",
		match: func(c *bmpComparison) bool {
			if c.lensErr != "" || !strings.Contains(c.gobErr, "CapabilityAddPath") {
				return false
			}
			pu, err := bmp.ParsePeerUp(c.m.data)
			return err == nil && (hasEmptyCap(pu.SentOpen(), byte(bgp.CapCodeAddPath)) ||
				hasEmptyCap(pu.ReceivedOpen(), byte(bgp.CapCodeAddPath)))
		},
	},
	{
		name: "ipv6-next-hop-for-vpn-ipv4", who: "router",
		why: "Cisco IOS XR (203.0.113.19 in bmp-multi-sources.pcap) sends VPN-IPv4 routes (1/128) whose " +
			"MP_REACH_NLRI next hop is a bare 16-octet IPv6 address; RFC 8950 §4 asks for 24 or 48 octets " +
			"(a zero route distinguisher before each address). bgplens reads the routes but judges the UPDATE " +
			"malformed (RFC 7606 §7.11: session reset); GoBGP takes the 16 octets as the next hop. The routes agree",
		match: func(c *bmpComparison) bool {
			if !onlyDiff(c.diff, "outcome") || c.gobErr != "" {
				return false
			}
			rm, err := bmp.ParseRouteMonitoring(c.m.lens)
			if err != nil {
				return false
			}
			u, err := rm.Update(c.m.sess)
			if err != nil {
				return false
			}
			mp, ok := u.MPReach()
			return ok && mp.Family == bgp.IPv4VPN && len(mp.NextHop) == 16
		},
	},
	{
		name: "gobgp-mirroring-without-session", who: "gobgp",
		why: "GoBGP parses the BGP message of a Route Mirroring TLV with no options (bmp.go: " +
			"BMPRouteMirrTLVBGPMsg.ParseValue calls bgp.ParseBGPMessage(data)), so the mirrored UPDATEs of " +
			"FRR's ADD-PATH session fail (\"network bytes is short\") or, worse, parse into other routes (the " +
			"path identifier read as prefixes), although the options passed in read them as bgplens does: " +
			"checked here by parsing each mirrored message with them",
		match: func(c *bmpComparison) bool {
			if c.lensErr != "" || c.m.data[bmp.OffType] != byte(bmp.MsgRouteMirroring) ||
				!onlyDiff(c.diff, "outcome") && !onlyDiff(c.diff, "mirrored_routes") {
				return false
			}
			dm, err := bmp.DecodeMessage(c.m.data)
			if err != nil {
				return false
			}
			var routes []string
			for _, b := range dm.(bmp.RouteMirroring).BGPMessages() {
				m, err := gobgp.ParseBGPMessage(b, gobgpOptions(c.m.sess))
				if err != nil {
					return false
				}
				if u, ok := m.Body.(*gobgp.BGPUpdate); ok {
					routes = append(routes, gobgpRoutes(u))
				}
			}
			return join(routes) == c.lens["mirrored_routes"]
		},
	},
}

// TestBMPDifferential reads every message of the real BMP streams and
// captures with GoBGP's pkg/packet/bmp and with bgplens, GoBGP given per
// message the ADD-PATH families and AS width bgplens's per-peer state
// settled on, and compares the message types, the per-peer headers, the
// Route Monitoring prefixes (with path identifiers, labels and route
// distinguishers), Peer Up addresses, ports and OPENs, Peer Down reasons
// and NOTIFICATIONs, statistics and information TLVs.
func TestBMPDifferential(t *testing.T) {
	msgs := bmpMessages(t)
	var agree, unexplained int
	tl := newTally()
	for _, m := range msgs {
		c := compareBMP(m)
		if len(c.diff) == 0 && !m.trimmed {
			agree++
			continue
		}
		if name := firstKnown(bmpExceptions, &c); name != "" {
			tl.add(name, func() string { return m.where })
			continue
		}
		unexplained++
		if unexplained <= 20 {
			var b strings.Builder
			b.WriteString(m.where + ": differ in " + strings.Join(c.diff, ",") + "\n")
			b.WriteString("  bgplens error: " + c.lensErr + "\n  gobgp error:   " + c.gobErr + "\n")
			for _, k := range c.diff {
				b.WriteString("  " + k + ": bgplens=" + truncate(c.lens[k], 300) + "\n         gobgp=" + truncate(c.gob[k], 300) + "\n")
			}
			b.WriteString("  msg " + truncate(hex.EncodeToString(m.data), 400))
			t.Error(b.String())
		}
	}
	t.Logf("%d BMP messages: %d agree, %d explained differences, %d unexplained", len(msgs), agree, len(msgs)-agree-unexplained, unexplained)
	for _, e := range bmpExceptions {
		if tl.seen[e.name] == 0 {
			t.Errorf("exception %s explains nothing: remove it", e.name)
		} else {
			t.Logf("  %-34s x%-5d (%s) %s\n      e.g. %s", e.name, tl.seen[e.name], e.who, e.why, tl.example[e.name])
		}
	}
}

// hasEmptyCap reports whether an OPEN message carries a capability of the
// given code with a zero length (RFC 5492 §4 layout, read octet by octet
// so that an OPEN bgp.ParseOpen refuses can be looked into).
func hasEmptyCap(open []byte, code byte) bool {
	const paramsOff = bgp.HeaderLen + 10 // version, My AS, Hold Time, BGP Identifier, Opt Parm Len
	if len(open) < paramsOff {
		return false
	}
	p := open[paramsOff:]
	for len(p) >= 2 {
		typ, n := p[0], int(p[1])
		if len(p) < 2+n {
			return false
		}
		if typ == 2 {
			for c := p[2 : 2+n]; len(c) >= 2 && len(c) >= 2+int(c[1]); c = c[2+int(c[1]):] {
				if c[0] == code && c[1] == 0 {
					return true
				}
			}
		}
		p = p[2+n:]
	}
	return false
}

// TestBMPGoBGPWithPeerUpSession shows what a collector that trusts the
// Peer Up gets from GoBGP: every Route Monitoring message bgplens read with
// a fallback (the octets only fit another ADD-PATH or AS-width reading
// than the one the Peer Up negotiated: FRR's and gobgpd's quirks, Huawei's
// Loc-RIB) is parsed by GoBGP with the Peer Up's session. GoBGP must not
// produce bgplens's routes from it: it fails, or (the bug class of GoBGP
// issues 2879 and 3499) it reports routes that do not exist. The counts
// are logged.
func TestBMPGoBGPWithPeerUpSession(t *testing.T) {
	var fallbacks, refused, misread int
	example := ""
	for _, m := range bmpMessages(t) {
		if !m.reading || m.fallback == 0 || m.data[bmp.OffType] != byte(bmp.MsgRouteMonitoring) {
			continue
		}
		lf, lerr := lensBMPFacts(m)
		if lerr != "" {
			continue
		}
		// A fallback this message does not depend on (the remembered
		// reading of the peer used, though the Peer Up's reads the same:
		// an empty AS_PATH under another AS width) is not counted.
		asExpected := m
		asExpected.sess = m.expected
		if ef, eerr := lensBMPFacts(asExpected); eerr == "" && ef["announced"] == lf["announced"] &&
			ef["withdrawn"] == lf["withdrawn"] && ef["as_path"] == lf["as_path"] {
			continue
		}
		fallbacks++
		gf, gerr := gobgpBMPFacts(m.data, gobgpOptions(m.expected))
		switch {
		case gerr != "":
			refused++
		case gf["announced"] == lf["announced"] && gf["withdrawn"] == lf["withdrawn"] && gf["as_path"] == lf["as_path"]:
			t.Errorf("%s: GoBGP reads the same routes and AS path with the Peer Up's session as bgplens with "+
				"its fallback (%v): %s %s", m.where, m.fallback, lf["announced"], lf["as_path"])
		default:
			misread++
			if example == "" {
				example = m.where + ": bgplens " + truncate(lf["announced"]+" / "+lf["withdrawn"], 200) +
					"\n      GoBGP with the Peer Up's session: " + truncate(gf["announced"]+" / "+gf["withdrawn"], 200)
			}
		}
	}
	if fallbacks == 0 {
		t.Fatal("no Route Monitoring message needed a fallback: the corpus lost its FRR and gobgpd streams?")
	}
	t.Logf("%d Route Monitoring messages need another reading than their Peer Up's: GoBGP given the Peer Up's "+
		"session refuses %d and silently reads other routes or AS paths from %d, e.g.\n    %s", fallbacks, refused, misread, example)
}
