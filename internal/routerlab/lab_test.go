package routerlab

import (
	"bytes"
	"context"
	"encoding/hex"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	var h strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		h.WriteString(strings.Join(strings.Fields(line), ""))
	}
	b, err := hex.DecodeString(h.String())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAppendMRT checks the TABLE_DUMP_V2 records against RFC 6396 §4.3.
func TestAppendMRT(t *testing.T) {
	peers := []MRTPeer{{BGPID: netip.MustParseAddr("192.0.2.201"), Addr: netip.MustParseAddr("192.0.2.201"), AS: 4200000201}}
	routes := []Route{
		{Prefix: netip.MustParsePrefix("192.0.2.0/24"), NextHop: netip.MustParseAddr("192.0.2.1"), ASPath: Seq(65001, 4200000000), MED: u32(5)},
		{Prefix: netip.MustParsePrefix("2001:db8::/32"), NextHop: netip.MustParseAddr("2001:db8::1"), Origin: 2,
			ASPath: ASPath{{ASNs: []uint32{65001}}, {Set: true, ASNs: []uint32{64512}}}, Communities: []uint32{65001<<16 | 1},
			LargeCommunities: []LargeCommunity{{1, 2, 3}}},
	}
	got, err := AppendMRT(nil, 1, peers, routes)
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, `
		00000001 000d 0001 00000015   # timestamp 1, TABLE_DUMP_V2, PEER_INDEX_TABLE, length 21
		c0000201 0000 0001            # collector BGP ID 192.0.2.1, no view name, 1 peer
		02 c00002c9 c00002c9 fa56eac9 # peer type AS4 + IPv4; BGP ID and address 192.0.2.201; AS 4200000201

		00000001 000d 0002 00000031   # RIB_IPV4_UNICAST, length 49
		00000000 18 c00002 0001       # sequence 0, 192.0.2.0/24, 1 entry
		0000 00000001 001f            # peer index 0, originated 1, attributes 31 octets
		40 01 01 00                   # ORIGIN IGP
		40 02 0a 02 02 0000fde9 fa56ea00   # AS_PATH: AS_SEQUENCE 65001 4200000000
		40 03 04 c0000201             # NEXT_HOP 192.0.2.1
		80 04 04 00000005             # MED 5

		00000001 000d 0004 00000059   # RIB_IPV6_UNICAST, length 89
		00000001 20 20010db8 0001     # sequence 1, 2001:db8::/32, 1 entry
		0000 00000001 0046            # peer index 0, originated 1, attributes 70 octets
		40 01 01 02                   # ORIGIN INCOMPLETE
		40 02 0c 02 01 0000fde9 01 01 0000fc00   # AS_PATH: AS_SEQUENCE 65001, AS_SET {64512}
		c0 08 04 fde90001             # COMMUNITIES 65001:1
		80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8
		                              # MP_REACH_NLRI: IPv6 unicast, next hop 2001:db8::1, reserved, 2001:db8::/32
		c0 20 0c 00000001 00000002 00000003   # LARGE_COMMUNITY 1:2:3
	`)
	if !bytes.Equal(got, want) {
		t.Errorf("AppendMRT:\n got %x\nwant %x", got, want)
	}

	if _, err := AppendMRT(nil, 1, peers, []Route{{Prefix: routes[0].Prefix, NextHop: routes[0].NextHop, Source: 1}}); err == nil {
		t.Error("a route naming a peer index past the table was accepted")
	}
	if _, err := AppendMRTRIB(nil, 1, 0, []Route{routes[0], routes[1]}); err == nil {
		t.Error("a RIB record of two prefixes was accepted")
	}
	if _, err := AppendMRTRIB(nil, 1, 0, []Route{{Prefix: routes[1].Prefix, NextHop: routes[0].NextHop}}); err == nil {
		t.Error("an IPv6 route with an IPv4 next hop was accepted")
	}
}

func TestSynthetic(t *testing.T) {
	rs := Synthetic(40, 30, 7)
	if !slices.EqualFunc(rs, Synthetic(40, 30, 7), func(a, b Route) bool { return a.Prefix == b.Prefix && a.ASPath.String() == b.ASPath.String() }) {
		t.Error("Synthetic is not deterministic")
	}
	seen := map[[2]any]bool{}
	var n4, n6, second, rejected, sets int
	lengths := map[int]bool{}
	for _, r := range rs {
		k := [2]any{r.Prefix, r.Source}
		if seen[k] {
			t.Errorf("%v from source %d twice", r.Prefix, r.Source)
		}
		seen[k] = true
		if r.Prefix != r.Prefix.Masked() {
			t.Errorf("%v has host bits", r.Prefix)
		}
		if r.NextHop.Is4() != r.Prefix.Addr().Is4() {
			t.Errorf("%v: next hop %v of the other family", r.Prefix, r.NextHop)
		}
		if r.Source == 1 {
			second++
			continue
		}
		if r.Prefix.Addr().Is4() {
			n4++
		} else {
			n6++
		}
		if FRRRejects(r.Prefix) {
			rejected++
		}
		for _, s := range r.ASPath {
			if s.Set {
				sets++
			}
			for _, a := range s.ASNs {
				if a == FRRAS || a == SourceAS {
					t.Errorf("%v: AS path %v holds a lab AS (a loop)", r.Prefix, r.ASPath)
				}
			}
		}
		lengths[len(r.ASPath[0].ASNs)] = true
	}
	if n4 != 40 || n6 != 30 {
		t.Errorf("%d IPv4 and %d IPv6 prefixes, want 40 and 30", n4, n6)
	}
	if want := (70 + 6) / 7; second != want {
		t.Errorf("%d second paths, want %d", second, want)
	}
	if rejected != 4+3 {
		t.Errorf("%d prefixes in the rejected ranges, want 7", rejected)
	}
	if sets == 0 || len(lengths) < 5 {
		t.Errorf("AS paths not varied enough: %d sets, lengths %v", sets, lengths)
	}
}

func TestASPath(t *testing.T) {
	p := ASPath{{ASNs: []uint32{1, 2}}, {Set: true, ASNs: []uint32{3, 4}}}
	if s := p.String(); s != "1 2 {3,4}" {
		t.Errorf("String = %q", s)
	}
	if s := p.Prepend(9).String(); s != "9 1 2 {3,4}" {
		t.Errorf("Prepend = %q", s)
	}
	if s := (ASPath{{Set: true, ASNs: []uint32{3}}}).Prepend(9).String(); s != "9 {3}" {
		t.Errorf("Prepend before a set = %q", s)
	}
	if p.String() != "1 2 {3,4}" {
		t.Error("Prepend changed its receiver")
	}
	if s := prependText(65001, ""); s != "65001" {
		t.Errorf("prependText(empty) = %q", s)
	}
}

func TestCompare(t *testing.T) {
	a := netip.MustParsePrefix("192.0.2.0/24")
	nh1, nh2 := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	p1 := Path{Prefix: a, NextHop: nh1, ASPath: "1 2"}
	p2 := Path{Prefix: a, NextHop: nh2, ASPath: "3"}
	e := Expectation{RIB: bmp.RIBInPre, Paths: []Path{p1, p2}}
	if d := Compare(e, []Path{p2, p1}); d != nil {
		t.Errorf("same paths: %v", d)
	}
	if d := Compare(e, []Path{p1}); len(d) != 1 {
		t.Errorf("one path missing: %v", d)
	}
	opt := Expectation{Paths: []Path{p1}, Optional: map[netip.Prefix]bool{a: true}}
	if d := Compare(opt, nil); d != nil {
		t.Errorf("optional prefix absent: %v", d)
	}
	if d := Compare(opt, []Path{p2}); len(d) != 1 {
		t.Errorf("optional prefix present with another path: %v", d)
	}
	if d := Compare(e, []Path{p1, p1}); len(d) != 1 {
		t.Errorf("a path twice: %v", d)
	}
	if d := Compare(Expectation{}, []Path{p1}); len(d) != 1 || !strings.Contains(d[0], "unexpected") {
		t.Errorf("unexpected path: %v", d)
	}
	e.Collapsed = true
	if d := Compare(e, []Path{p2}); d != nil {
		t.Errorf("collapsed to one of the paths: %v", d)
	}
	if d := Compare(e, []Path{{Prefix: a, NextHop: nh2, ASPath: "1 2"}}); len(d) != 1 {
		t.Errorf("collapsed to a path not expected: %v", d)
	}
	med := uint32(5)
	q := p1
	q.HasAttrs, q.MED, q.Communities = true, &med, []string{"1:1"}
	r := q
	r.Communities = []string{"1:2"}
	if d := Compare(Expectation{Paths: []Path{q}}, []Path{r}); len(d) != 1 {
		t.Errorf("communities differ: %v", d)
	}
	if d := Compare(Expectation{Paths: []Path{q}}, []Path{p1}); d != nil {
		t.Errorf("attributes compared though one side lacks them: %v", d)
	}
}

// TestLab runs the lab against a recorder and checks that what FRR and
// gobgpd send over BMP, decoded by the bmp package, is what their CLIs
// hold, with the exporters' known ways (FRRExpected, MonitorExpected):
// after start, after announcements and after withdrawals at the source.
func TestLab(t *testing.T) {
	rec := NewRecorder(t, "")
	lab := Start(t, Options{Collector: rec.Addr(), V4: 30, V6: 30, SecondPaths: 7, Monitor: true})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	agree := func(stage string) {
		t.Helper()
		t0 := time.Now()
		var diffs []string
		err := Poll(ctx, 300*time.Millisecond, func() (bool, error) {
			diffs = nil
			for _, x := range []struct {
				sysName string
				expect  func(context.Context) ([]Expectation, error)
			}{{"frr-lab", lab.FRRExpected}, {"gobgp-lab", lab.MonitorExpected}} {
				_, tb, ok := rec.Latest(x.sysName)
				if !ok {
					diffs = append(diffs, "no BMP session with sysName "+x.sysName)
					continue
				}
				exps, err := x.expect(ctx)
				if err != nil {
					return false, err
				}
				for _, e := range exps {
					diffs = append(diffs, Compare(e, tb.RIB(e.Key()))...)
				}
			}
			return len(diffs) == 0, nil
		})
		if err != nil {
			t.Fatalf("%s: exporters' BMP and CLIs disagree (%v):\n%s", stage, err, strings.Join(diffs, "\n"))
		}
		t.Logf("%s: BMP agrees with the CLIs after %v", stage, time.Since(t0).Round(time.Millisecond))
	}
	agree("start")

	_, frr, _ := rec.Latest("frr-lab")
	if !strings.HasPrefix(frr.SysDescr, "FRRouting") {
		t.Errorf("FRR sysDescr %q", frr.SysDescr)
	}
	for _, a := range []netip.Addr{lab.Source.Addr, lab.Monitor.Addr} {
		if !frr.Up[PeerID{Address: a}] {
			t.Errorf("FRR: no Peer Up for %v", a)
		}
	}
	if n := frr.Count(bmp.PeerKey{Address: lab.Source.Addr, RIB: bmp.RIBInPre}); n != 60 {
		t.Errorf("FRR pre-policy from the source: %d routes, want 60", n)
	}
	if n := frr.Count(bmp.PeerKey{Address: lab.Source.Addr, RIB: bmp.RIBInPost}); n != 60-6 {
		t.Errorf("FRR post-policy from the source: %d routes, want 54 (6 rejected)", n)
	}

	dyn := Dynamic(4)
	for _, r := range dyn {
		if err := lab.Source.Announce(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	agree("announced")
	for _, r := range dyn[:4] {
		if err := lab.Source.Withdraw(ctx, r.Prefix); err != nil {
			t.Fatal(err)
		}
	}
	agree("withdrawn")
	_, frr, _ = rec.Latest("frr-lab")
	if n := frr.Count(bmp.PeerKey{Address: lab.Source.Addr, RIB: bmp.RIBInPre}); n != 60+4 {
		t.Errorf("FRR pre-policy from the source after the withdrawals: %d routes, want 64", n)
	}
}
