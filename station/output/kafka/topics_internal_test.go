package kafka

import (
	"net/netip"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// TestSameKey: sameKey says that two events share their record key
// exactly when appendKey writes the same key for both: peers and tables
// of a router interleave, and the sink makes a key again only when it
// changes.
func TestSameKey(t *testing.T) {
	r1 := output.RouterRef{Name: "edge1", Addr: netip.MustParseAddr("192.0.2.1")}
	r2 := r1
	r2.Name = "edge2"
	r1b := r1
	r1b.SysName = "other" // not in the key
	p := output.PeerRef{Type: bmp.PeerGlobal, Addr: netip.MustParseAddr("2001:db8::2"), AS: 65001, RIB: bmp.RIBInPost}
	pre := p
	pre.RIB, pre.AS = bmp.RIBInPre, 65002 // not in the key
	other := p
	other.Addr = netip.MustParseAddr("2001:db8::3")
	vrf := p
	vrf.Type, vrf.Distinguisher = bmp.PeerRD, bgp.RD{0, 0, 0xfd, 0xe8, 0, 0, 0, 1}
	var evs []*output.Event
	for _, typ := range []output.EventType{output.EventRoute, output.EventStats, output.EventRouterUp, output.EventRouterDown} {
		for _, r := range []output.RouterRef{r1, r2, r1b} {
			for _, peer := range []output.PeerRef{p, pre, other, vrf} {
				evs = append(evs, &output.Event{Type: typ, Router: r, Peer: peer})
			}
		}
	}
	for _, a := range evs {
		for _, b := range evs {
			same := string(appendKey(nil, a)) == string(appendKey(nil, b))
			if got := sameKey(a, b); got != same {
				t.Errorf("%v %v %v / %v %v %v: sameKey %v, keys %q %q", a.Type, a.Router.Name, a.Peer.Addr, b.Type, b.Router.Name, b.Peer.Addr,
					got, appendKey(nil, a), appendKey(nil, b))
			}
		}
	}
}

// TestEntryReuse: an entry is reused once its record is done and out of
// the records in flight, not before (one acknowledged behind an older one
// still waits), never when the client's close failed it (Close spools
// those), and not at all once Close has begun.
func TestEntryReuse(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := New(Config{Brokers: c.ListenAddrs()}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Records as produceLocked leaves them, without the client.
	inFlight := func(n int) []*entry {
		es := make([]*entry, n)
		for i := range es {
			es[i] = s.newEntry()
		}
		s.pmu.Lock()
		for i := range es {
			s.pending = append(s.pending, es[i])
			s.inFlight++
		}
		s.pmu.Unlock()
		return es
	}
	freed := func() map[*entry]bool {
		s.pmu.Lock()
		defer s.pmu.Unlock()
		m := map[*entry]bool{}
		for _, e := range s.freed {
			m[e] = true
		}
		return m
	}
	es := inFlight(4)
	s.promise(&es[1].rec, nil) // behind es[0]: still in pending
	if f := freed(); f[es[1]] {
		t.Fatal("an entry still in pending was reused")
	}
	s.promise(&es[2].rec, kgo.ErrClientClosed)
	s.promise(&es[0].rec, nil) // pops 0, 1 and 2
	if f := freed(); !f[es[0]] || !f[es[1]] || f[es[2]] || f[es[3]] {
		t.Fatalf("reused %v, want entries 0 and 1 only", f)
	}
	s.pmu.Lock()
	s.spare = s.spare[:0]
	s.pmu.Unlock()
	if e := s.newEntry(); e != es[0] && e != es[1] {
		t.Error("newEntry did not take a reused entry")
	} else if e.done || e.out || e.rec.Value != nil {
		t.Errorf("a reused entry is not zeroed: %+v", e)
	}
	// Once Close has begun, nothing is reused.
	s.pmu.Lock()
	s.noReuse = true
	s.pmu.Unlock()
	s.promise(&es[3].rec, nil)
	if f := freed(); f[es[3]] {
		t.Error("an entry was reused after Close began")
	}
}
