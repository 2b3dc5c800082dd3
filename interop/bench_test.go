package interop

import (
	"sync"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// benchUpdates is the benchmark corpus: the UPDATEs of the real files that
// both libraries read cleanly (about 155,000), each with its session and
// GoBGP options built once.
var benchUpdates = sync.OnceValues(func() ([]benchMsg, error) {
	all, err := loadRealMessages()
	if err != nil {
		return nil, err
	}
	var out []benchMsg
	for _, m := range all {
		if m.data[bgp.OffType] != byte(bgp.MsgUpdate) {
			continue
		}
		if u, err := bgp.ParseUpdate(m.data, m.sess); err != nil || u.Verdict() != nil {
			continue
		}
		opt := gobgpOptions(m.sess)
		if _, err := gobgp.ParseBGPMessage(m.data, opt); err != nil {
			continue
		}
		out = append(out, benchMsg{m.data, m.sess, opt})
	}
	return out, nil
})

func benchCorpus(b *testing.B) []benchMsg {
	msgs, err := benchUpdates()
	if err != nil {
		b.Fatal(err)
	}
	return msgs
}

type benchMsg struct {
	data []byte
	sess bgp.Session
	opt  *gobgp.MarshallingOption
}

// Each benchmark decodes one UPDATE per operation, cycling through the
// corpus, so ns/op and allocs/op are per message.

// benchEach runs decode on one UPDATE of the corpus per operation, cycling
// through it; an error fails the benchmark.
func benchEach(b *testing.B, decode func(m benchMsg) error) {
	msgs := benchCorpus(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := decode(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkGoBGPParseBGPMessage(b *testing.B) {
	benchEach(b, func(m benchMsg) error {
		_, err := gobgp.ParseBGPMessage(m.data, m.opt)
		return err
	})
}

// BenchmarkBgplensParseUpdateWalk frames the UPDATE and walks what GoBGP's
// parse produces: every attribute through its getter (lists iterated) and
// every route.
func BenchmarkBgplensParseUpdateWalk(b *testing.B) {
	benchEach(b, func(m benchMsg) error {
		u, err := bgp.ParseUpdate(m.data, m.sess)
		if err != nil {
			return err
		}
		for a := range u.Attrs() {
			walkAttr(a, m.sess)
		}
		for range u.Withdrawals() {
		}
		for range u.Announced() {
		}
		return nil
	})
}

// BenchmarkBgplensUpdateValues decodes every value of the same UPDATEs in
// one pass into a reused bgp.UpdateValues, as GoBGP's parse builds them.
func BenchmarkBgplensUpdateValues(b *testing.B) {
	var d bgp.UpdateValues
	benchEach(b, func(m benchMsg) error { return d.Decode(m.data, m.sess) })
}

func BenchmarkBgplensDecodeUpdate(b *testing.B) {
	benchEach(b, func(m benchMsg) error {
		_, err := bgp.DecodeUpdate(m.data, m.sess)
		return err
	})
}

// walkAttr reads an attribute with its getter, as a consumer would.
func walkAttr(a bgp.AttrView, s bgp.Session) {
	switch a.Type {
	case bgp.AttrOrigin:
		a.Origin()
	case bgp.AttrASPath, bgp.AttrAS4Path:
		p, _ := a.ASPath(s.AS4 || a.Type == bgp.AttrAS4Path)
		for seg := range p.Segments() {
			for range seg.ASNs() {
			}
		}
	case bgp.AttrNextHop:
		a.NextHop()
	case bgp.AttrMultiExitDisc, bgp.AttrLocalPref:
		a.Uint32()
	case bgp.AttrAggregator, bgp.AttrAS4Aggregator:
		a.Aggregator(s.AS4)
	case bgp.AttrCommunities:
		v, _ := a.Communities()
		for range v.All() {
		}
	case bgp.AttrLargeCommunities:
		v, _ := a.LargeCommunities()
		for range v.All() {
		}
	case bgp.AttrExtCommunities:
		v, _ := a.ExtCommunities()
		for range v.All() {
		}
	case bgp.AttrOriginatorID:
		a.OriginatorID()
	case bgp.AttrClusterList:
		v, _ := a.ClusterList()
		for i := 0; i < v.Len(); i++ {
			v.At(i)
		}
	case bgp.AttrMPReachNLRI:
		m, _ := a.MPReach(s)
		m.NextHops()
	}
}
