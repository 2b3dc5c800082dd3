package bmp

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// lockstep reads the messages of data with two Peers, one through
// RouteMonitoring and one through Decode, and fails at the first
// difference: the error, the Reading, the view, or at the end the
// counters. It also checks ParseRouteMonitoring's inline path against
// the checks in turn. It returns the number of Route Monitoring messages.
func lockstep(t testing.TB, data []byte, limit int) int {
	pv, pd := NewPeers(limit), NewPeers(limit)
	var d bgp.UpdateValues
	n := 0
	for msg := range messages(data) {
		if len(msg) > OffType && MsgType(msg[OffType]) == MsgRouteMonitoring {
			fast, ferr := ParseRouteMonitoring(msg)
			long, lerr := parseRouteMonitoring(msg)
			if !reflect.DeepEqual(fast, long) || errString(ferr) != errString(lerr) {
				t.Fatalf("message %d: ParseRouteMonitoring %+v, %v; the checks in turn %+v, %v", n, fast, ferr, long, lerr)
			}
		}
		v, err := ParseMessage(msg)
		if err != nil {
			continue
		}
		switch v.Type() {
		case MsgPeerUp:
			pu, _ := v.PeerUp()
			pv.PeerUp(pu)
			pd.PeerUp(pu)
		case MsgPeerDown:
			h, _ := v.Peer()
			pv.PeerDown(h)
			pd.PeerDown(h)
		case MsgRouteMonitoring:
			rm, _ := v.RouteMonitoring()
			u, rv, errv := pv.ReadUpdate(rm)
			var rd Reading
			errd := pd.Decode(rm, &d, &rd)
			if errString(errv) != errString(errd) || rv != rd {
				t.Fatalf("Route Monitoring %d: RouteMonitoring %+v, %v; Decode %+v, %v", n, rv, errv, rd, errd)
			}
			if errv == nil && !sameView(u, *d.View()) {
				t.Fatalf("Route Monitoring %d: Decode's view differs from RouteMonitoring's", n)
			}
			n++
		}
	}
	if a, b := pv.All(), pd.All(); !reflect.DeepEqual(a, b) {
		t.Fatalf("counters differ:\nRouteMonitoring %+v\nDecode %+v", a, b)
	}
	return n
}

// sameView compares two views of one message by what they show: the
// message, session, sections, errors, the Suspect test and the routes.
func sameView(a, b bgp.UpdateView) bool {
	if len(a.Message()) != len(b.Message()) || len(a.Message()) > 0 && &a.Message()[0] != &b.Message()[0] ||
		a.Session() != b.Session() || a.WithdrawnSpan() != b.WithdrawnSpan() || a.AttrsSpan() != b.AttrsSpan() ||
		a.NLRISpan() != b.NLRISpan() || !reflect.DeepEqual(a.Errors(), b.Errors()) || a.Suspect() != b.Suspect() {
		return false
	}
	routes := func(u bgp.UpdateView) (rs []bgp.Route) {
		for _, r := range u.Announced() {
			rs = append(rs, r)
		}
		for _, r := range u.Withdrawals() {
			rs = append(rs, r)
		}
		return rs
	}
	return reflect.DeepEqual(routes(a), routes(b))
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDecodeRealStreams: on the FRR and gobgpd streams (fallbacks,
// ADD-PATH misreadings, Loc-RIB), Decode reads as RouteMonitoring does.
func TestDecodeRealStreams(t *testing.T) {
	for _, rs := range realStreams {
		n := lockstep(t, readTestdata(t, rs.file), 0)
		if n != rs.types[MsgRouteMonitoring] {
			t.Errorf("%s: %d Route Monitoring messages, want %d", rs.file, n, rs.types[MsgRouteMonitoring])
		}
	}
}

func TestDecodeAllocs(t *testing.T) {
	data := readTestdata(t, "gobgp-bmp/gobgp-small-100.bmp")
	p := NewPeers(0)
	var d bgp.UpdateValues
	var rms []RouteMonitoringView
	for len(data) > 0 {
		msg, rest, err := SplitMessage(data)
		if err != nil {
			t.Fatal(err)
		}
		data = rest
		v, _ := ParseMessage(msg)
		p.Observe(v)
		if rm, ok := v.RouteMonitoring(); ok {
			rms = append(rms, rm)
		}
	}
	// Warm up (hypotheses remembered, storage grown), then keep the
	// messages that read cleanly: a message that does not allocates the
	// view's list of errors, as RouteMonitoring does.
	var clean []RouteMonitoringView
	var r Reading
	for _, rm := range rms {
		if _ = p.Decode(rm, &d, &r); r.Clean {
			clean = append(clean, rm)
		}
	}
	if len(clean) < len(rms)*9/10 {
		t.Fatalf("only %d of %d messages read cleanly", len(clean), len(rms))
	}
	allocs := testing.AllocsPerRun(5, func() {
		for _, rm := range clean {
			if err := p.Decode(rm, &d, &r); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per pass over %d clean messages", allocs, len(clean))
	}
}

// FuzzDecode checks Decode against RouteMonitoring, and
// ParseRouteMonitoring's inline path, on any stream.
func FuzzDecode(f *testing.F) {
	addStreamSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, capacity uint8) {
		lockstep(t, data, int(capacity%8)+1)
	})
}

// TestValuesFallback: for every UPDATE of the real streams that reads
// cleanly under some session, the fallback taken from the decoded values
// (the path Decode takes for a RIB read with a remembered fallback) is
// the one the view's walk of the message gives, for every pair of
// sessions that differ in AS width or in ADD-PATH for IPv4 or IPv6.
func TestValuesFallback(t *testing.T) {
	var sessions []bgp.Session
	for i := range 8 {
		s := bgp.Session{AS4: i&1 != 0}
		s = s.WithAddPath(bgp.IPv4Unicast, i&2 != 0).WithAddPath(bgp.IPv6Unicast, i&4 != 0)
		sessions = append(sessions, s)
	}
	// The streams' UPDATEs, and one withdrawal whose only AS number is an
	// AGGREGATOR's (4 octets, so clean only with AS4).
	updates := [][]byte{append(bytes.Repeat([]byte{0xff}, 16),
		0x00, 0x24, 0x02, 0x00, 0x02, 0x08, 0x0a, 0x00, 0x0b, 0xc0, 0x07, 0x08, 0x00, 0x00, 0xfd, 0xe8, 0xc0, 0x00, 0x02, 0x01)}
	for _, rs := range realStreams {
		for msg := range messages(readTestdata(t, rs.file)) {
			if v, err := ParseMessage(msg); err == nil && v.Type() == MsgRouteMonitoring {
				rm, _ := v.RouteMonitoring()
				updates = append(updates, rm.BGPMessage())
			}
		}
	}
	var d bgp.UpdateValues
	seen, aggregator := map[Fallback]int{}, map[Fallback]int{}
	for i, m := range updates {
		for _, used := range sessions {
			if !d.DecodeClean(m, &used) {
				continue
			}
			for _, exp := range sessions {
				want := d.View().Fallback(used, exp)
				if got := d.Fallback(&used, &exp); got != want {
					t.Fatalf("UPDATE %d: used %+v expected %+v: from the values %v, from the view %v", i, used, exp, got, want)
				}
				if i == 0 {
					aggregator[want]++
				}
				seen[want]++
			}
		}
	}
	if aggregator[FallbackAS4] == 0 {
		t.Error("the AGGREGATOR alone did not count as AS numbers")
	}
	// Every kind of answer was asked for: the test can tell them apart.
	for _, f := range []Fallback{0, FallbackAS4, FallbackAddPath, FallbackAS4 | FallbackAddPath} {
		if seen[f] == 0 {
			t.Errorf("no message gave fallback %v", f)
		}
	}
}
