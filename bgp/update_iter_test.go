package bgp

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"testing"
)

// The UPDATE iterators frame attributes and decode routes inline, for
// speed. These tests hold them to the general functions they stand for
// (ParseAttr, ASSegmentView.At) and check that an iterator can be ranged
// over more than once.

// attrsRef is Attrs written with ParseAttr.
func attrsRef(u UpdateView) []AttrView {
	var out []AttrView
	for off := u.aOff; off < u.aEnd; {
		a, err := ParseAttr(u.msg[off:u.aEnd])
		if err != nil {
			break
		}
		a.Off = off
		out = append(out, a)
		off += a.Len()
	}
	return out
}

func collectAttrs(u UpdateView, limit int) []AttrView {
	var out []AttrView
	for a := range u.Attrs() {
		out = append(out, a)
		if len(out) == limit {
			break
		}
	}
	return out
}

func TestAttrsMatchesParseAttr(t *testing.T) {
	msgs := [][]byte{
		updateMsg(t, typicalUpdate),
		// The last attribute overruns the attribute section: Attrs stops
		// before it.
		updateMsg(t, "0000 000b 40 01 01 00 40 02 00 c0 08 09 fde90064"),
		// Extended length.
		updateMsg(t, "0000 000d 40 01 01 00 50 02 0006 02 01 0000fde9 00"),
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		// Random attribute sections: most frame for a while, then not.
		body := []byte{0, 0, 0, 0}
		for range r.IntN(6) {
			flags := byte(r.IntN(2)) << 4
			n := r.IntN(12)
			body = append(body, flags|0x40, byte(r.IntN(40)))
			if flags != 0 {
				body = append(body, 0)
			}
			body = append(body, byte(n))
			for range n - r.IntN(2) {
				body = append(body, byte(r.Uint32()))
			}
		}
		body[2], body[3] = byte((len(body)-4)>>8), byte(len(body)-4)
		msgs = append(msgs, appendTestHeader(body))
	}
	for _, msg := range msgs {
		u, err := ParseUpdate(msg, Session{AS4: true})
		if err != nil {
			continue
		}
		want := attrsRef(u)
		for range 2 { // the same view, ranged twice
			if got := collectAttrs(u, -1); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("% x: Attrs %v, want %v", msg, got, want)
			}
		}
		// One Seq value ranged twice, the first time with a break.
		seq := u.Attrs()
		n := 0
		for range seq {
			n++
			break
		}
		var again []AttrView
		for a := range seq {
			again = append(again, a)
		}
		if !reflect.DeepEqual(again, want) && len(again)+len(want) > 0 {
			t.Fatalf("% x: Attrs ranged again %v, want %v", msg, again, want)
		}
	}
}

// appendTestHeader puts a BGP header before an UPDATE body.
func appendTestHeader(body []byte) []byte {
	msg := make([]byte, 0, HeaderLen+len(body))
	for range MarkerLen {
		msg = append(msg, 0xff)
	}
	n := HeaderLen + len(body)
	msg = append(msg, byte(n>>8), byte(n), byte(MsgUpdate))
	return append(msg, body...)
}

func TestASNsMatchesAt(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		as4 := r.IntN(2) == 0
		b := make([]byte, r.IntN(30))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		s := ASSegmentView{asns: b, as4: as4}
		var got []uint32
		for as := range s.ASNs() {
			got = append(got, as)
		}
		var want []uint32
		for i := 0; i < s.Len(); i++ {
			want = append(want, s.At(i))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("as4 %v % x: ASNs %v, At %v", as4, b, got, want)
		}
		// A break stops the walk.
		n := 0
		for range s.ASNs() {
			n++
			break
		}
		if n != min(1, len(want)) {
			t.Fatalf("break: %d", n)
		}
	}
}

// TestRouteIteratorsMatchDecode compares Announced and Withdrawn with the
// owned decoding (parseRoute through DecodeUpdate) on random UPDATEs: IPv4
// fields and MP attributes of several families, ADD-PATH on some.
func TestRouteIteratorsMatchDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	fams := []Family{IPv6Unicast, IPv4Labeled, IPv6VPN, IPv4Multicast}
	route := func(f Family, s Session) Route {
		var rt Route
		var a [16]byte
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		if f.AFI == AFIIPv6 {
			rt.Prefix = netip.PrefixFrom(netip.AddrFrom16(a), r.IntN(129)).Masked()
		} else {
			rt.Prefix = netip.PrefixFrom(netip.AddrFrom4([4]byte(a[:4])), r.IntN(33)).Masked()
		}
		if s.AddPath(f) {
			rt.PathID = r.Uint32()
		}
		if f.SAFI == SAFILabeled || f.SAFI == SAFIMPLSVPN {
			rt.Labels[0], rt.NumLabels = Label(16<<4|1), 1
		}
		return rt
	}
	for range 2000 {
		var s Session
		for _, f := range append([]Family{IPv4Unicast}, fams...) {
			if r.IntN(2) == 0 {
				s = s.WithAddPath(f, true)
			}
		}
		b := NewUpdateBuilder(nil, s)
		for range r.IntN(4) {
			b.Withdraw(route(IPv4Unicast, s))
		}
		b.Origin(OriginIGP)
		b.ASPath(ASPath{})
		nlri := r.IntN(4)
		if nlri > 0 {
			b.NextHop(netip.AddrFrom4([4]byte{192, 0, 2, 1}))
		}
		if r.IntN(2) == 0 {
			f := fams[r.IntN(len(fams))]
			nh := netip.AddrFrom4([4]byte{192, 0, 2, 1})
			if f.AFI == AFIIPv6 {
				nh = netip.MustParseAddr("2001:db8::1")
			}
			var rs []Route
			for range 1 + r.IntN(4) {
				rs = append(rs, route(f, s))
			}
			b.MPReach(f, nh, rs...)
		}
		if r.IntN(2) == 0 {
			f := fams[r.IntN(len(fams))]
			var rs []Route
			for range r.IntN(4) {
				rt := route(f, s)
				if rt.NumLabels > 0 {
					rt.Labels[0] = labelWithdraw
				}
				rs = append(rs, rt)
			}
			b.MPUnreach(f, rs...)
		}
		for range nlri {
			b.Announce(route(IPv4Unicast, s))
		}
		msg, err := b.Finish()
		if err != nil {
			t.Fatal(err)
		}
		u, err := ParseUpdate(msg, s)
		if err != nil || u.Verdict() != nil {
			t.Fatalf("% x: %v %v", msg, err, u.Verdict())
		}
		ow, err := u.Decode()
		if err != nil {
			t.Fatal(err)
		}
		type fr struct {
			f Family
			r Route
		}
		collect := func(seq func(func(Family, Route) bool)) []fr {
			var out []fr
			for f, rt := range seq {
				rt.Off = 0 // owned routes need not keep offsets
				out = append(out, fr{f, rt})
			}
			return out
		}
		if got, want := collect(u.Announced()), collect(ow.Announced()); !reflect.DeepEqual(got, want) {
			t.Fatalf("% x: Announced %v, want %v", msg, got, want)
		}
		if got, want := collect(u.Withdrawals()), collect(ow.Withdrawals()); !reflect.DeepEqual(got, want) {
			t.Fatalf("% x: Withdrawn %v, want %v", msg, got, want)
		}
	}
}
