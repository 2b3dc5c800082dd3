package output

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// TestStamp: one stamp writes a run of times exactly as the standard
// library's RFC3339Nano does, through changes of second (the cached text
// must follow), fractions with and without trailing zeros, none, times
// before 1970, years not of four digits (the standard library's text) and
// other zones.
func TestStamp(t *testing.T) {
	base := time.Date(2026, 12, 7, 13, 59, 59, 0, time.UTC)
	east := time.FixedZone("east", 5*3600+1800)
	times := []time.Time{
		base, base.Add(1), base.Add(120 * time.Millisecond), base.Add(999999999),
		base.Add(time.Second), // the next second, the next minute
		base.Add(time.Second + 100), base.Add(time.Second + 123456789),
		base.Add(time.Second).In(east), base.Add(time.Second + 5000).In(east),
		base.Add(time.Hour),
		time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC), time.Date(1969, 12, 31, 23, 59, 58, 10, time.UTC),
		time.Unix(0, 0), time.Date(1, 1, 1, 0, 0, 0, 7, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(12000, 3, 4, 5, 6, 7, 80, time.UTC), time.Date(-5, 3, 4, 5, 6, 7, 90, time.UTC), // years of other lengths
		time.Date(2024, 2, 29, 9, 8, 7, 0, time.UTC),
		base, // back to a second seen before, not the last
	}
	var s stamp
	for _, tm := range times {
		want := `"` + tm.UTC().Format(time.RFC3339Nano) + `"`
		if got := string(s.append([]byte("x"), tm)); got != "x"+want {
			t.Errorf("%v: %s, want x%s", tm, got, want)
		}
	}
}

// TestEncoderPeers: the members of a router and peer are written once per
// peer, for interleaved peers; any field of the router or peer changes
// them; the cache is emptied when it is full, and stays right.
func TestEncoderPeers(t *testing.T) {
	a1 := testPath(t, "40020a02020000fde90000fdea 400304c0000201")
	route := func(seq uint64, peer PeerRef, router RouterRef, fam bgp.Family, withdraw bool) *Event {
		p := "10.0.0.0/8"
		if fam == bgp.IPv6Unicast {
			p = "2001:db8::/32"
		}
		return &Event{Type: EventRoute, Time: testTime, Seq: seq, Router: router, Peer: peer, Withdraw: withdraw,
			Family: fam, Route: bgp.Route{Prefix: netip.MustParsePrefix(p)}, Path: a1}
	}
	pre, post, named := testPeer, testPeer, testPeer
	pre.RIB, named.TableName = bmp.RIBInPre, "blue"
	r2 := testRouter
	r2.Addr, r2.SysName = netip.MustParseAddr("192.0.2.2"), "edge2"
	r3 := r2 // differs by its name alone: shares r2's slots, still right
	r3.SysName = "edge3"
	var c Encoder
	seq := uint64(0)
	for _, routers := range [][]RouterRef{{testRouter, r2}, {testRouter, r2}, {r3, r2}, {testRouter, r2}} { // interleaved, as a router's peers come
		for _, p := range []PeerRef{pre, post, named} {
			for _, r := range routers {
				for _, f := range []bgp.Family{bgp.IPv4Unicast, bgp.IPv6Unicast} {
					for _, w := range []bool{false, true} {
						seq++
						ev := route(seq, p, r, f, w)
						if got, want := c.Append(nil, ev), ev.AppendJSON(nil); !bytes.Equal(got, want) {
							t.Fatalf("event %d: Encoder\n%s\nAppendJSON\n%s", seq, got, want)
						}
					}
				}
			}
		}
	}
	if n, m := c.peers.used(), c.routes.used(); n != 6 || m != 4 {
		t.Errorf("%d peers and %d route kinds kept, want 6 and 4", n, m)
	}
	// The memo is used: a peer seen before is not written again.
	k := peerKey{testRouter, named}
	c.peers.slot(k.hash()).enc = []byte(`,"marker":1`)
	if got := string(c.Append(nil, route(99, named, testRouter, bgp.IPv4Unicast, false))); !strings.Contains(got, `"marker":1`) || strings.Contains(got, `"peer_ip"`) {
		t.Errorf("a peer seen before was written again: %s", got)
	}
	// More peers than slots: those that collide replace each other, and
	// every event is still right, the second time round too.
	for round := range 2 {
		for i := range 2 * memoSlots {
			p := testPeer
			p.AS = uint32(i + 1)
			ev := route(uint64(i), p, testRouter, bgp.IPv4Unicast, false)
			if got, want := c.Append(nil, ev), ev.AppendJSON(nil); !bytes.Equal(got, want) {
				t.Fatalf("round %d, peer %d: Encoder\n%s\nAppendJSON\n%s", round, i, got, want)
			}
		}
	}
	if n := c.peers.used(); n < memoSlots/2 {
		t.Errorf("%d slots of %d used by %d peers: the hash does not spread them", n, memoSlots, 2*memoSlots)
	}
}

// used counts the slots in use.
func (m *memo[K]) used() int {
	n := 0
	if m.slots != nil {
		for i := range m.slots {
			if m.slots[i].ok {
				n++
			}
		}
	}
	return n
}

// BenchmarkEncoder encodes a route event after others of the same peer
// and second (the cached members), and on a new second (the date text).
func BenchmarkEncoder(b *testing.B) {
	ev := &Event{Type: EventRoute, Time: testTime, RouterTime: testTime, Seq: 7, Router: testRouter, Peer: testPeer, Family: bgp.IPv4Unicast,
		Route: bgp.Route{Prefix: netip.MustParsePrefix("192.0.2.0/24")},
		Path:  testPath(b, "40010100 40020e02030000fde9000000ae00000d1c 400304c0000201 c00808fde80001fde80002 c0200cfa56ea010000000100000001")}
	for _, c := range []struct {
		name string
		step time.Duration
	}{{"same-second", time.Microsecond}, {"new-second", time.Second}} {
		b.Run(c.name, func(b *testing.B) {
			var enc Encoder
			e := *ev
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				e.Time = e.Time.Add(c.step)
				buf = enc.Append(buf[:0], &e)
			}
		})
	}
}

// pathSlot returns the memo's slot that holds p's members for f, or an
// unused slot.
func (c *Encoder) pathSlot(p *Path, f bgp.Family) *memoSlot[pathKey] {
	if c.paths.slots != nil {
		for i := range c.paths.slots {
			if sl := &c.paths.slots[i]; sl.ok && sl.key == (pathKey{p, f}) {
				return sl
			}
		}
	}
	return new(memoSlot[pathKey])
}

// TestEncoderPaths: a path's members are remembered by its octets, for
// another UPDATE's Path of the same attributes; not across sessions of
// another AS number width, verdicts or families; paths too long for the
// memo and more paths than slots are still written right.
func TestEncoderPaths(t *testing.T) {
	const attrs = "40020a02020000fde90000fdea 400304c0000201 c00804fde90001"
	a1, again := testPath(t, attrs), testPath(t, attrs)
	b, _ := hex.DecodeString(strings.ReplaceAll(attrs, " ", ""))
	bp, err := bgp.ReadPath(b, bgp.Session{}) // 2-octet AS numbers: another AS path
	if err != nil {
		t.Fatal(err)
	}
	as2, verdict := NewPath(&bp, ""), testPath(t, attrs)
	verdict.Error = "Malformed AS_PATH: treat-as-withdraw"
	// 300 communities: members longer than pathMemoMax.
	long := testPath(t, attrs[:len(attrs)-14]+" d00804b0"+strings.Repeat("fde90001", 300))
	long2 := testPath(t, attrs[:len(attrs)-14]+" d00804b0"+strings.Repeat("fde90002", 300))
	// 300 IPv6 prefixes in MP_REACH_NLRI: octets longer than
	// pathMemoMax, members short.
	nlri := strings.Repeat("3020010db80001", 300)
	reach := testPath(t, fmt.Sprintf("40020602010000fde9 900e%04x 0002 01 10 20010db8000000000000000000000001 00 %s", 21+len(nlri)/2, nlri))
	route := func(seq uint64, p *Path, f bgp.Family) *Event {
		pfx := "10.0.0.0/8"
		if f == bgp.IPv6Unicast {
			pfx = "2001:db8::/32"
		}
		return &Event{Type: EventRoute, Time: testTime, Seq: seq, Router: testRouter, Peer: testPeer, Family: f,
			Route: bgp.Route{Prefix: netip.MustParsePrefix(pfx)}, Path: p}
	}
	var c Encoder
	check := func(ev *Event) string {
		t.Helper()
		got, want := c.Append(nil, ev), ev.AppendJSON(nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("event %d: Encoder\n%s\nAppendJSON\n%s", ev.Seq, got, want)
		}
		return string(got)
	}
	check(route(1, a1, bgp.IPv4Unicast))
	c.pathSlot(a1, bgp.IPv4Unicast).enc = []byte(`,"marker":1`)
	if got := string(c.Append(nil, route(2, again, bgp.IPv4Unicast))); !strings.HasSuffix(got, `,"marker":1}`) {
		t.Errorf("the same attributes in another Path were encoded again: %s", got)
	}
	c = Encoder{}
	for i, p := range []*Path{a1, as2, verdict, again, long, long2, a1, long, as2, long, verdict, reach, a1, reach} {
		check(route(uint64(10+2*i), p, bgp.IPv4Unicast))
		check(route(uint64(11+2*i), p, bgp.IPv6Unicast))
	}
	for i := range c.paths.slots {
		if n := len(c.paths.slots[i].enc); n > pathMemoMax {
			t.Errorf("slot %d keeps %d octets", i, n)
		}
		if p := c.paths.slots[i].key.path; p != nil && len(p.Bytes()) > pathMemoMax {
			t.Errorf("slot %d keeps a Path of %d octets", i, len(p.Bytes()))
		}
	}
	// Two paths of one slot both stay: the other of its pair takes the
	// second.
	c = Encoder{}
	var same []*Path
	seen := map[uint64]*Path{}
	for i := 1; same == nil; i++ {
		p := testPath(t, fmt.Sprintf("40020602010000%04x 400304c0000201", i))
		k := memoIndex(octetsHash(p.Bytes()) ^ uint64(bgp.IPv4Unicast.AFI)<<8 ^ uint64(bgp.IPv4Unicast.SAFI))
		if q := seen[k]; q != nil {
			same = []*Path{q, p}
		}
		seen[k] = p
	}
	for i, p := range same {
		check(route(uint64(50+i), p, bgp.IPv4Unicast))
	}
	for i, p := range same {
		c.pathSlot(p, bgp.IPv4Unicast).enc = []byte(fmt.Sprintf(`,"marker":%d`, i))
	}
	for i, p := range same {
		if got := string(c.Append(nil, route(uint64(60+i), p, bgp.IPv4Unicast))); !strings.HasSuffix(got, fmt.Sprintf(`,"marker":%d}`, i)) {
			t.Errorf("path %d of a slot shared with another was encoded again: %s", i, got)
		}
	}
	// More paths than slots, twice round.
	c = Encoder{}
	for round := range 2 {
		for i := range 2 * memoSlots {
			p := testPath(t, fmt.Sprintf("40020602010000%04x 400304c0000201", i+1))
			check(route(uint64(1000*round+i), p, bgp.IPv4Unicast))
		}
	}
}
