package bmpcheck

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
)

// TestCaptureList: Captures names every capture under testdata/bmp.
func TestCaptureList(t *testing.T) {
	files, err := ListCaptureFiles()
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, c := range Captures {
		listed = append(listed, c.Path)
	}
	slices.Sort(listed)
	if !slices.Equal(files, listed) {
		t.Errorf("testdata/bmp holds\n  %s\nCaptures lists\n  %s", strings.Join(files, "\n  "), strings.Join(listed, "\n  "))
	}
}

// lensRead is bgplens's reading of one capture.
type lensRead struct {
	msgs      []facts
	roundTrip int      // messages that re-encode byte for byte
	refused   []string // messages DecodeMessage refuses: "flow @off: error"
	trimmed   []string // Route Monitoring read after cutting octets past the UPDATE
	tails     map[string]int
}

// readLens frames the capture's BMP messages, reads every Route
// Monitoring with the per-peer state of its stream, and re-encodes every
// message.
func readLens(t *testing.T, c Capture) lensRead {
	t.Helper()
	streams, err := ReadCapture(c)
	if err != nil {
		t.Fatal(err)
	}
	r := lensRead{tails: map[string]int{}}
	for conn, st := range streams {
		if st.Err != nil {
			t.Errorf("%s: %v", st.Flow, st.Err)
		}
		if st.Tail > 0 {
			r.tails[st.Flow] = st.Tail
		}
		peers := bmp.NewPeers(0)
		for _, m := range st.Messages {
			where := m.Flow + " @" + strconv.FormatInt(m.Offset, 10)
			data := m.Data
			// (c) the round trip.
			if dm, err := bmp.DecodeMessage(data); err != nil {
				r.refused = append(r.refused, where+": "+err.Error())
			} else if out, err := dm.Append(nil); err != nil || !bytes.Equal(out, data) {
				t.Errorf("%s: %v does not re-encode byte for byte (%v)\n in  %x\n out %x", where, dm.Type(), err, data, out)
			} else {
				r.roundTrip++
			}
			f := facts{Flow: m.Flow, Off: m.Offset, Type: int(data[bmp.OffType]), Conn: conn}
			v, err := bmp.ParseMessage(data)
			if err != nil {
				if cut, ok := CutAfterUpdate(data); ok {
					if v, err = bmp.ParseMessage(cut); err == nil {
						r.trimmed = append(r.trimmed, where)
						f.Trimmed = true
					}
				}
			}
			if err != nil {
				r.msgs = append(r.msgs, f)
				continue
			}
			if p, ok := v.Peer(); ok {
				f.Peer = peerKey(uint8(p.Type), uint8(p.Flags), hex.EncodeToString(p.Distinguisher[:]), p.Address.String())
				f.ASN = p.AS
			}
			peers.Observe(v)
			switch v.Type() {
			case bmp.MsgRouteMonitoring:
				rm, _ := v.RouteMonitoring()
				u, reading, err := peers.ReadUpdate(rm)
				if err != nil {
					t.Errorf("%s: UPDATE not framed: %v", where, err)
					break
				}
				for fam, rt := range u.Announced() {
					f.Announced = append(f.Announced, routeText(fam, rt, reading.Session))
					f.VPNAddPath = f.VPNAddPath || isVPN(fam) && reading.Session.AddPath(fam)
				}
				for fam, rt := range u.Withdrawals() {
					f.Withdrawn = append(f.Withdrawn, routeText(fam, rt, reading.Session))
					f.VPNAddPath = f.VPNAddPath || isVPN(fam) && reading.Session.AddPath(fam)
				}
			}
			r.msgs = append(r.msgs, f)
		}
	}
	return r
}

func isVPN(f bgp.Family) bool { return f.SAFI == bgp.SAFIMPLSVPN || f.SAFI == bgp.SAFIMCASTMPLSVPN }

// routeText renders a route as the tshark side does.
func routeText(f bgp.Family, r bgp.Route, s bgp.Session) string {
	if f == bgp.IPv6VPN {
		return ipv6VPNOpaque
	}
	t := r.Prefix.Masked().String()
	if isVPN(f) {
		t += " rd " + r.RD.String()
	}
	if s.AddPath(f) {
		t += " id " + strconv.FormatUint(uint64(r.PathID), 10)
	}
	return t
}

// tsharkSlots bounds the tshark processes running at once.
var tsharkSlots = make(chan struct{}, max(1, runtime.NumCPU()))

// An exception is a known way tshark and bgplens read a capture
// differently; each says who is wrong. The test fails on a difference no
// exception explains, on an exception that applies to a capture it does
// not list, and on a listed capture it does not apply to.
type exception struct {
	name, who, why string
	files          []string // base names of the captures it applies to
}

var (
	excStops = exception{"tshark-stops-after-exception", "tshark",
		"an exception while dissecting one message (a malformed Peer Up information TLV, a Labeled VPN prefix " +
			"length of 0) ends the dissection of its TCP segment: the message that continues in the next " +
			"segment is never reassembled (\"Unreassembled fragment\") and every later segment of the " +
			"connection is out of step, so tshark shows nothing more of the connection; bgplens frames " +
			"every message by its length and reads them all",
		[]string{"bmp-multi-sources.pcap", "ipv4_unicast_all.pcap"}}
	excVPNAddPath = exception{"tshark-vpn-add-path", "tshark",
		"Labeled VPN routes with ADD-PATH path identifiers (RFC 7911 §3: the identifier precedes the " +
			"length): tshark 4.0 looks for identifiers in IPv4/IPv6 unicast NLRI only, reads the identifier's " +
			"first octet (0) as the prefix length (\"Labeled VPN prefix length 0 invalid\") and shows no " +
			"route; bgplens reads each route once the ADD-PATH reading is the one whose lengths add up " +
			"(the Peer Up of these Huawei Loc-RIB and NetGauze peers does not announce it)",
		[]string{"bmp-multi-sources.pcap", "bmp-multi-sources-route-monitoring-JUMBO.pcap",
			"vpnv4-stateless-with-withdraw.pcap"}}
	excReconnect = exception{"tshark-reconnect-same-isn", "tshark",
		"the replay of 203.0.113.58 opens its connection a second time with the same ports and initial " +
			"sequence number: tshark takes the second SYN for a retransmission, keeps one stream and loses the " +
			"first message of the second session in the overlap; bgplens sees two connections (capture " +
			"package, TestTsharkFollow)",
		[]string{"bmp-multi-sources-route-monitoring-JUMBO.pcap", "bmp-multi-sources-stats-JUMBO.pcap"}}
	excTrailing = exception{"huawei-octets-after-update", "router",
		"Huawei VRP 8.230 (203.0.113.23) puts 8 or 10 octets (type 0xea62, a length, a value: vendor TLVs, " +
			"it seems) after the UPDATE of version 3 Route Monitoring messages, which RFC 7854 §4.6 does not " +
			"provide for: bmp.DecodeMessage refuses them (\"BGP message length disagrees\"); this test reads " +
			"the UPDATE after cutting them, as bgplens dump does",
		[]string{"bmp-multi-sources.pcap", "bmp-multi-sources-route-monitoring-JUMBO.pcap"}}
	exceptions = []exception{excStops, excVPNAddPath, excReconnect, excTrailing}
)

// Normalisations are applied to tshark's output before comparing: the
// prefixes are masked to their length (tshark-host-bits: tshark 4.0 fills
// the octets past an IPv4 or IPv6 prefix length with whatever its buffer
// held; they change from run to run) and an IPv6 Labeled VPN route is
// compared as a placeholder (tshark-ipv6-vpn-opaque: tshark 4.0 shows the
// NLRI as one item, with no prefix field).

// TestCapturesAgainstTshark reads every BMP capture with bgplens and with
// tshark and compares, connection by connection and message by message,
// the message types, the per-peer headers (peer type, RIB, distinguisher,
// address) and the prefixes each Route Monitoring announces and withdraws
// (with route distinguisher and path identifier); so the counts per type
// and the prefixes per peer agree too. It also re-encodes every message.
func TestCapturesAgainstTshark(t *testing.T) {
	tshark := testrig.NeedTool(t, "tshark")
	var mu sync.Mutex
	summary := map[string]string{}
	used := map[string]map[string]int{} // exception -> file -> count
	for _, c := range Captures {
		t.Run(filepath.Base(filepath.Dir(c.Path))+"/"+filepath.Base(c.Path), func(t *testing.T) {
			t.Parallel()
			tsharkSlots <- struct{}{}
			tm := runTshark(t, tshark, filepath.Join(Testdata(), filepath.FromSlash(c.Path)), c.Ports)
			<-tsharkSlots
			lr := readLens(t, c)
			cmp := compareCapture(t, tm, lr)
			mu.Lock()
			defer mu.Unlock()
			summary[c.Path] = cmp.summary
			for name, n := range cmp.used {
				if used[name] == nil {
					used[name] = map[string]int{}
				}
				used[name][filepath.Base(c.Path)] += n
			}
		})
	}
	t.Cleanup(func() {
		for _, c := range Captures {
			t.Logf("%s: %s", c.Path, summary[c.Path])
		}
		for _, e := range exceptions {
			for _, f := range e.files {
				if used[e.name][f] == 0 {
					t.Errorf("exception %s lists %s but explains nothing there", e.name, f)
				}
			}
			for f, n := range used[e.name] {
				if !slices.Contains(e.files, f) {
					t.Errorf("exception %s explains %d differences in %s, which it does not list", e.name, n, f)
				}
			}
			t.Logf("exception %s (%s is wrong): %v\n    %s", e.name, e.who, used[e.name], e.why)
		}
	})
}

// comparison is the outcome of comparing one capture.
type comparison struct {
	summary string
	used    map[string]int // exception name -> differences it explains
}

// compareCapture compares the two readings flow by flow.
func compareCapture(t *testing.T, tm []facts, lr lensRead) comparison {
	cmp := comparison{used: map[string]int{}}
	byFlowT := map[string][]facts{}
	byFlowL := map[string][]facts{}
	var flows []string
	for _, m := range tm {
		byFlowT[m.Flow] = append(byFlowT[m.Flow], m)
	}
	for _, m := range lr.msgs {
		if byFlowL[m.Flow] == nil {
			flows = append(flows, m.Flow)
		}
		byFlowL[m.Flow] = append(byFlowL[m.Flow], m)
	}
	for f := range byFlowT {
		if byFlowL[f] == nil {
			t.Errorf("tshark finds BMP in %s, bgplens does not", f)
		}
	}
	typesT, typesL := map[int]int{}, map[int]int{}
	var ann, wd, compared, bad int
	for _, flow := range flows {
		lm, tmf := byFlowL[flow], byFlowT[flow]
		for _, m := range tmf {
			typesT[m.Type]++
		}
		for _, m := range lm {
			typesL[m.Type]++
		}
		// Two connections with the same four-tuple where tshark has one
		// message less: it lost the first message of the second.
		if len(lm) == len(tmf)+1 && lm[0].Conn != lm[len(lm)-1].Conn {
			k := slices.IndexFunc(lm, func(m facts) bool { return m.Conn != lm[0].Conn })
			lm = slices.Delete(slices.Clone(lm), k, k+1)
			cmp.used[excReconnect.name]++
		}
		n := len(lm)
		if len(tmf) < len(lm) {
			last := tmf[len(tmf)-1:]
			if len(tmf) > 0 && slices.ContainsFunc(tmf, func(m facts) bool { return m.Frame == last[0].Frame && m.Malformed }) {
				cmp.used[excStops.name] += len(lm) - len(tmf)
				n = len(tmf)
			} else {
				t.Errorf("%s: bgplens %d messages, tshark %d", flow, len(lm), len(tmf))
				n = len(tmf)
			}
		} else if len(tmf) > len(lm) {
			t.Errorf("%s: bgplens %d messages, tshark %d", flow, len(lm), len(tmf))
		}
		for i := 0; i < n; i++ {
			a, b := lm[i], tmf[i]
			compared++
			ann += len(a.Announced)
			wd += len(a.Withdrawn)
			if a.Trimmed {
				cmp.used[excTrailing.name]++
			}
			diffs := diffFacts(a, b)
			if len(diffs) == 0 {
				continue
			}
			if a.Type == b.Type && a.Peer == b.Peer && b.Malformed && a.VPNAddPath &&
				subset(b.Announced, a.Announced) && subset(b.Withdrawn, a.Withdrawn) {
				cmp.used[excVPNAddPath.name]++
				continue
			}
			bad++
			if bad <= 10 {
				t.Errorf("%s message %d (offset %d, tshark frame %d, malformed %v): %s", flow, i, a.Off, b.Frame,
					b.Malformed, strings.Join(diffs, "; "))
			}
		}
	}
	if bad > 10 {
		t.Errorf("%d messages differ", bad)
	}
	// The round trip: every message DecodeMessage accepts re-encodes (see
	// readLens); it refuses exactly those with octets after the UPDATE.
	if len(lr.refused) != len(lr.trimmed) {
		t.Errorf("DecodeMessage refuses %d messages, %d of them with octets after the UPDATE; e.g. %s",
			len(lr.refused), len(lr.trimmed), lr.refused[0])
	}
	for flow, n := range lr.tails {
		t.Logf("%s: the capture ends %d octets into a message", flow, n)
	}
	cmp.summary = "bgplens " + typeCounts(typesL) + "; tshark " + typeCounts(typesT) + "; " + strconv.Itoa(compared) +
		" messages compared, prefixes +" + strconv.Itoa(ann) + " -" + strconv.Itoa(wd) + "; round trip " +
		strconv.Itoa(lr.roundTrip) + "/" + strconv.Itoa(len(lr.msgs))
	return cmp
}

func diffFacts(a, b facts) []string {
	var diffs []string
	if a.Type != b.Type {
		diffs = append(diffs, "type "+strconv.Itoa(a.Type)+" vs "+strconv.Itoa(b.Type))
	}
	if a.Peer != b.Peer {
		diffs = append(diffs, "peer "+a.Peer+" vs "+b.Peer)
	}
	if !slices.Equal(a.Announced, b.Announced) {
		diffs = append(diffs, "announced "+strings.Join(a.Announced, ",")+" vs "+strings.Join(b.Announced, ","))
	}
	if !slices.Equal(a.Withdrawn, b.Withdrawn) {
		diffs = append(diffs, "withdrawn "+strings.Join(a.Withdrawn, ",")+" vs "+strings.Join(b.Withdrawn, ","))
	}
	return diffs
}

// subset reports whether every element of a is in b, counting repeats.
func subset(a, b []string) bool {
	n := map[string]int{}
	for _, x := range b {
		n[x]++
	}
	for _, x := range a {
		if n[x] == 0 {
			return false
		}
		n[x]--
	}
	return true
}

func typeCounts(m map[int]int) string {
	var parts []string
	for ty := 0; ty < 256; ty++ {
		if m[ty] > 0 {
			parts = append(parts, typeAbbrev(ty)+"="+strconv.Itoa(m[ty]))
		}
	}
	return strings.Join(parts, " ")
}

func typeAbbrev(t int) string {
	if t < 7 {
		return []string{"RM", "Stats", "PeerDown", "PeerUp", "Init", "Term", "Mirror"}[t]
	}
	return "type" + strconv.Itoa(t)
}
