package bgp

import (
	"net/netip"
	"testing"
)

// typicalUpdate is an IPv4 UPDATE as a transit router sends it: five
// prefixes, a five-AS path and three communities, 4-octet ASNs.
const typicalUpdate = `
0000 003a                             # no withdrawn routes; attributes 58 octets
40 01 01 00                           # ORIGIN IGP
40 02 16 02 05 0000fde9 0000fdea      # AS_PATH AS_SEQUENCE [65001 65002
         0000fdeb 0000fdec 0000fded   #   65003 65004 65005]
40 03 04 c0000201                     # NEXT_HOP 192.0.2.1
80 04 04 00000000                     # MULTI_EXIT_DISC 0
c0 08 0c fde90064 fde900c8 fde9012c   # COMMUNITIES 65001:100 65001:200 65001:300
18 c00002                             # 192.0.2.0/24
18 c63364                             # 198.51.100.0/24
18 cb0071                             # 203.0.113.0/24
10 0a00                               # 10.0.0.0/16
16 0a0100                             # 10.1.0.0/22
`

// walkTypical reads everything of a typical UPDATE through the view.
func walkTypical(msg []byte, s Session) int {
	u, err := ParseUpdate(msg, s)
	if err != nil || u.Verdict() != nil {
		return -1
	}
	n := 0
	for a := range u.Attrs() {
		switch a.Type {
		case AttrOrigin:
			o, _ := a.Origin()
			n += int(o)
		case AttrASPath:
			p, _ := a.ASPath(s.AS4)
			for sg := range p.Segments() {
				for as := range sg.ASNs() {
					n += int(as & 1)
				}
			}
		case AttrNextHop:
			nh, _ := a.NextHop()
			n += int(nh.As4()[3])
		case AttrMultiExitDisc:
			v, _ := a.Uint32()
			n += int(v)
		case AttrCommunities:
			cs, _ := a.Communities()
			for c := range cs.All() {
				n += int(c & 1)
			}
		}
	}
	for _, r := range u.Announced() {
		n += r.Prefix.Bits()
	}
	for _, r := range u.Withdrawals() {
		n += r.Prefix.Bits()
	}
	return n
}

func TestParseUpdateWalkAllocs(t *testing.T) {
	msg := updateMsg(t, typicalUpdate)
	s := Session{AS4: true}
	if walkTypical(msg, s) < 0 {
		t.Fatal("typical UPDATE does not parse cleanly")
	}
	if n := testing.AllocsPerRun(100, func() { walkTypical(msg, s) }); n != 0 {
		t.Errorf("%v allocations per walk, want 0", n)
	}
}

// typicalBench readies a benchmark of the typical UPDATE: it reports
// allocations and the message's octets per operation, and gives the
// message and its session.
func typicalBench(b *testing.B) ([]byte, Session) {
	msg := updateMsg(b, typicalUpdate)
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	return msg, Session{AS4: true}
}

func BenchmarkParseUpdateWalk(b *testing.B) {
	msg, s := typicalBench(b)
	for b.Loop() {
		walkTypical(msg, s)
	}
}

func BenchmarkDecodeUpdate(b *testing.B) {
	msg, s := typicalBench(b)
	for b.Loop() {
		if _, err := DecodeUpdate(msg, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateAppend(b *testing.B) {
	msg, s := typicalBench(b)
	u, err := DecodeUpdate(msg, s)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		if _, err := u.Append(buf[:0], s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateBuilder(b *testing.B) {
	s := Session{AS4: true}
	path := ASPath{[]ASSegment{{SegmentSequence, []uint32{65001, 65002, 65003, 65004, 65005}}}}
	nh := netip.MustParseAddr("192.0.2.1")
	routes := []Route{
		{Prefix: netip.MustParsePrefix("192.0.2.0/24")},
		{Prefix: netip.MustParsePrefix("198.51.100.0/24")},
		{Prefix: netip.MustParsePrefix("203.0.113.0/24")},
		{Prefix: netip.MustParsePrefix("10.0.0.0/16")},
		{Prefix: netip.MustParsePrefix("10.1.0.0/22")},
	}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		ub := NewUpdateBuilder(buf[:0], s)
		ub.Origin(OriginIGP)
		ub.ASPath(path)
		ub.NextHop(nh)
		ub.MED(0)
		ub.Communities(65001<<16|100, 65001<<16|200, 65001<<16|300)
		for _, r := range routes {
			ub.Announce(r)
		}
		if _, err := ub.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitUpdate(b *testing.B) {
	u := Update{Attrs: splitBase, NLRI: v4Routes(3000)}
	s := Session{AS4: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SplitUpdate(u, s); err != nil {
			b.Fatal(err)
		}
	}
}
