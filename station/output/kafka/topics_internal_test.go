package kafka

import (
	"context"
	"net/netip"
	"reflect"
	"testing"
	"time"

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

// TestEntryReset: a reused entry is a fresh one, every field of it and of
// its record zero (whatever fields the client's Record has, now or in a
// later version), but its Context and its record's, never written again.
func TestEntryReset(t *testing.T) {
	var e entry
	e.Context = context.Background()
	e.rec.Context = &e
	fill := func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() || v.Type().Field(i).Name == "Context" {
				continue
			}
			switch f.Kind() {
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				f.SetInt(1)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				f.SetUint(1)
			case reflect.String:
				f.SetString("x")
			case reflect.Slice:
				f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			case reflect.Struct, reflect.Array, reflect.Pointer:
				f.Set(reflect.New(f.Type()).Elem())
				if f.Kind() == reflect.Pointer {
					f.Set(reflect.New(f.Type().Elem()))
				}
			}
		}
	}
	fill(reflect.ValueOf(&e.rec).Elem())
	e.rec.Timestamp, e.at = time.Now(), time.Now()
	e.rec.Attrs = kgo.RecordAttrs{}
	e.obj, e.done, e.taken, e.out, e.kept = objEVPN, true, true, true, true
	e.sl = [2]*slab{{}, {}}
	e.reset()
	want := entry{Context: e.Context}
	want.rec.Context = &e
	if !reflect.DeepEqual(e.rec, want.rec) {
		t.Errorf("record after reset: %+v", e.rec)
	}
	e.rec = want.rec
	if !reflect.DeepEqual(e, want) {
		t.Errorf("entry after reset: %+v", e)
	}
	if e.rec.Context != &e {
		t.Error("the record's Context changed")
	}
}
