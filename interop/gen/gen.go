// Package gen builds seeded BMP streams shaped like a busy router's
// feed, for the comparison harness (../compare) and the tests that check
// it: an Initiation, a Peer Up for each of eight peers whose OPENs
// negotiate what their Route Monitoring messages use (4-octet AS numbers
// everywhere, ADD-PATH for IPv4 and IPv6 unicast on three peers), then
// Route Monitoring messages whose UPDATEs carry a mean of 4.5 prefixes
// and the attributes a transit feed has: AS paths of 2 to 8 hops with
// prepends and the odd AS_SET, communities, large communities, MED,
// LOCAL_PREF on the iBGP and post-policy peers, route reflection
// attributes, some extended communities, and IPv6 in MP_REACH_NLRI.
//
// The same Config always gives the same octets. The UPDATEs are written
// with bgplens's encoder; the harness reads them back with bgplens and
// with GoBGP, so an encoder bug would show as a disagreement.
package gen

import (
	"errors"
	"math"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// AddPathMode chooses which peers negotiate ADD-PATH (RFC 7911) and send
// Path Identifiers.
type AddPathMode uint8

// ADD-PATH modes.
const (
	AddPathMixed AddPathMode = iota // three of the eight peers
	AddPathNone                     // no peer
	AddPathAll                      // every peer
)

var addPathNames = []string{"mixed", "none", "all"}

// String returns "mixed", "none" or "all".
func (m AddPathMode) String() string { return nameOf(addPathNames, m, "AddPathMode") }

// ParseAddPathMode reads "mixed", "none" or "all".
func ParseAddPathMode(s string) (AddPathMode, error) {
	return parseName[AddPathMode](addPathNames, s, "ADD-PATH mode")
}

// AttrMix chooses which optional attributes the announcements carry.
type AttrMix uint8

// Attribute mixes.
const (
	AttrsTypical AttrMix = iota // a transit feed's: each attribute with its own frequency
	AttrsLean                   // only ORIGIN, AS_PATH and the next hop (NEXT_HOP or MP_REACH_NLRI)
	AttrsRich                   // every attribute the feed knows, on every announcement
)

var attrMixNames = []string{"typical", "lean", "rich"}

// String returns "typical", "lean" or "rich".
func (m AttrMix) String() string { return nameOf(attrMixNames, m, "AttrMix") }

// ParseAttrMix reads "typical", "lean" or "rich".
func ParseAttrMix(s string) (AttrMix, error) {
	return parseName[AttrMix](attrMixNames, s, "attribute mix")
}

// nameOf and parseName are String and Parse for the small enumerations
// of a Config, named by a table.
func nameOf[T ~uint8](names []string, v T, typ string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return typ + "(?)"
}

func parseName[T ~uint8](names []string, s, what string) (T, error) {
	for i, n := range names {
		if s == n {
			return T(i), nil
		}
	}
	return 0, errors.New("gen: " + what + " must be " + strings.Join(names, ", "))
}

// Config says what stream to build.
type Config struct {
	Messages   int         // Route Monitoring messages, one UPDATE each
	Seed       uint64      // the same seed gives the same stream
	AddPath    AddPathMode // which peers use ADD-PATH
	IPv6Share  float64     // share of UPDATEs for IPv6 unicast (MP_REACH_NLRI / MP_UNREACH_NLRI), 0 to 1
	Attrs      AttrMix     // which optional attributes announcements carry
	PrefixMean float64     // mean prefixes per UPDATE (geometric, at most 48), 1 to 48; 0 is the default's 4.5
}

// DefaultConfig is the stream `make compare` reads: 200,000 UPDATEs, a
// quarter of them IPv6, ADD-PATH on three peers, the typical attribute
// mix, 4.5 prefixes per UPDATE on average.
func DefaultConfig() Config {
	return Config{Messages: 200000, Seed: 1, AddPath: AddPathMixed, IPv6Share: 0.25, Attrs: AttrsTypical, PrefixMean: 4.5}
}

// Peer is one monitored peer of the stream.
type Peer struct {
	Header  bmp.PeerHeader // as in its Peer Up (Route Monitoring adds a timestamp)
	Session bgp.Session    // what its OPENs negotiate for the routes it sends, and how its UPDATEs are encoded
	IBGP    bool           // an iBGP route reflector client of the monitored router
}

// Stream is a generated BMP stream and what it holds.
type Stream struct {
	Data            []byte // the BMP messages, back to back
	Peers           []Peer
	Messages        int // BMP messages of every type
	RouteMonitoring int // Route Monitoring messages
	Announced       int // announced prefixes
	Withdrawn       int // withdrawn prefixes
	IPv6Updates     int // UPDATEs carrying IPv6 routes
	Prepends        int // AS paths with a prepended AS
	ASSets          int // AS paths ending in an AS_SET
}

// Prefixes returns the announced and withdrawn prefixes.
func (s Stream) Prefixes() int { return s.Announced + s.Withdrawn }

// localAS and localID are the monitored router's.
const localAS = 64500

var localID = netip.MustParseAddr("192.0.2.254")

// peerSpec describes the eight peers: transit and peering sessions over
// IPv4 and IPv6, two with 4-octet AS numbers, one post-policy RIB and an
// iBGP client. addPath marks the peers of the mixed ADD-PATH mode.
var peerSpecs = [...]struct {
	addr    string
	as      uint32
	id      string
	flags   bmp.PeerFlags
	ibgp    bool
	addPath bool
}{
	{"192.0.2.1", 3356, "4.69.0.1", 0, false, false},
	{"192.0.2.2", 1299, "62.115.0.2", 0, false, true},
	{"2001:db8::3", 6939, "216.218.0.3", bmp.FlagV, false, false},
	{"192.0.2.4", 174, "38.0.0.4", 0, false, false},
	{"198.51.100.5", 2914, "129.250.0.5", 0, false, true},
	{"2001:db8::6", 212232, "185.1.0.6", bmp.FlagV, false, false},
	{"192.0.2.7", 398465, "23.0.0.7", bmp.FlagL, false, false},
	{"10.0.0.8", localAS, "10.0.0.8", 0, true, true},
}

// transitASNs are the networks AS paths mostly cross after the peer.
var transitASNs = []uint32{
	3356, 1299, 174, 6939, 2914, 3257, 6453, 6762, 6461, 5511, 3491, 1273,
	7018, 701, 9002, 4637, 6830, 12956, 31133, 20485, 2828, 3320, 4826, 7922,
	209, 3549, 16509, 15169, 8075, 13335, 20940, 32934, 24940, 9498, 4134,
	4809, 7473, 2497, 37100, 199524, 327693, 263237, 200612, 400464,
}

// generator holds the state of one build.
type generator struct {
	r        *rand.Rand
	cfg      Config
	out      Stream
	midASNs  []uint32
	upd      []byte // scratch UPDATE
	segs     [2]bgp.ASSegment
	asns     []uint32
	setASNs  []uint32
	routes   []bgp.Route
	comms    []bgp.Community
	large    []bgp.LargeCommunity
	ext      []bgp.ExtCommunity
	clusters bgp.ClusterList
	nh6      [32]byte
	now      uint32
}

// Generate builds the stream cfg describes.
func Generate(cfg Config) (Stream, error) {
	if cfg.PrefixMean == 0 {
		cfg.PrefixMean = DefaultConfig().PrefixMean
	}
	if cfg.Messages < 0 || cfg.IPv6Share < 0 || cfg.IPv6Share > 1 || cfg.AddPath > AddPathAll ||
		cfg.Attrs > AttrsRich || !(cfg.PrefixMean >= 1 && cfg.PrefixMean <= 48) {
		return Stream{}, errors.New("gen: bad configuration")
	}
	g := &generator{
		r:   rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5bd1e9955bd1e995)),
		cfg: cfg,
		now: 1700000000,
	}
	// Mid-tier networks: a fifth of them with 4-octet numbers (RFC 6793).
	g.midASNs = make([]uint32, 2000)
	for i := range g.midASNs {
		g.midASNs[i] = g.asn(0.2)
	}
	// About 164 octets per message; grow once rather than many times.
	g.out.Data = make([]byte, 0, 4096+cfg.Messages*200)
	if err := g.preamble(); err != nil {
		return Stream{}, err
	}
	for range cfg.Messages {
		if err := g.routeMonitoring(); err != nil {
			return Stream{}, err
		}
	}
	return g.out, nil
}

// asn draws an AS number that is 4-octet with probability p4, never one
// of the reserved or private ranges.
func (g *generator) asn(p4 float64) uint32 {
	if g.r.Float64() < p4 {
		return 131072 + g.r.Uint32N(270000) // 4-octet blocks the RIRs have assigned
	}
	return 1 + g.r.Uint32N(64495) // up to 64495: 64496 and above are reserved or private
}

// preamble writes the Initiation and a Peer Up per peer.
func (g *generator) preamble() error {
	var err error
	g.out.Data, err = bmp.Initiation{Information: []bmp.TLV{
		{Type: uint16(bmp.InitSysDescr), Value: []byte("bgplens interop generator")},
		{Type: uint16(bmp.InitSysName), Value: []byte("gen")},
	}}.Append(g.out.Data)
	if err != nil {
		return err
	}
	g.out.Messages++
	mp4 := bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv4Unicast})
	mp6 := bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv6Unicast})
	rr := bgp.NewCapability(bgp.CapRouteRefresh{})
	for i, ps := range peerSpecs {
		addPath := g.cfg.AddPath == AddPathAll || g.cfg.AddPath == AddPathMixed && ps.addPath
		h := bmp.PeerHeader{
			Type:    bmp.PeerGlobal,
			Flags:   ps.flags,
			Address: netip.MustParseAddr(ps.addr),
			AS:      ps.as,
			BGPID:   netip.MustParseAddr(ps.id),
			Seconds: g.now,
		}
		s := bgp.Session{AS4: true}
		sentCaps := []bgp.Capability{mp4, mp6, rr}
		rcvdCaps := []bgp.Capability{mp4, mp6, rr}
		if addPath {
			// The router can receive and send several paths, the peer
			// sends them: Path Identifiers in what the router receives.
			sentCaps = append(sentCaps, bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{
				{Family: bgp.IPv4Unicast, Mode: bgp.AddPathBoth}, {Family: bgp.IPv6Unicast, Mode: bgp.AddPathBoth}}}))
			rcvdCaps = append(rcvdCaps, bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{
				{Family: bgp.IPv4Unicast, Mode: bgp.AddPathSend}, {Family: bgp.IPv6Unicast, Mode: bgp.AddPathSend}}}))
			s = s.WithAddPath(bgp.IPv4Unicast, true).WithAddPath(bgp.IPv6Unicast, true)
		}
		sent, err := bgp.NewOpen(localAS, 90, localID, sentCaps...).Append(nil, bgp.Session{})
		if err != nil {
			return err
		}
		rcvd, err := bgp.NewOpen(ps.as, 180, h.BGPID, rcvdCaps...).Append(nil, bgp.Session{})
		if err != nil {
			return err
		}
		local := localID
		if h.Address.Is6() {
			local = netip.MustParseAddr("2001:db8::fe")
		}
		g.out.Data, err = bmp.PeerUp{
			Peer:         h,
			LocalAddress: local,
			LocalPort:    179,
			RemotePort:   uint16(30000 + i*1031),
			SentOpen:     sent,
			ReceivedOpen: rcvd,
		}.Append(g.out.Data)
		if err != nil {
			return err
		}
		g.out.Messages++
		g.out.Peers = append(g.out.Peers, Peer{Header: h, Session: s, IBGP: ps.ibgp})
	}
	return nil
}

// prefixCount draws the number of prefixes of an UPDATE: geometric with
// the configured mean (many single-prefix UPDATEs, a long tail of packed
// ones), capped at 48.
func (g *generator) prefixCount() int {
	u := 1 - g.r.Float64() // (0, 1]
	if g.cfg.PrefixMean <= 1 {
		return 1
	}
	p := 1 / g.cfg.PrefixMean
	n := 1 + int(math.Log(u)/math.Log(1-p))
	return min(n, 48)
}

// carries says whether an announcement carries an optional attribute
// that the typical mix puts on when typical is true. The draw behind
// typical is made in every mix, so that the rest of the stream follows
// the same random sequence.
func (g *generator) carries(typical bool) bool {
	switch g.cfg.Attrs {
	case AttrsLean:
		return false
	case AttrsRich:
		return true
	}
	return typical
}

// drawRoutes draws n routes into g.routes: IPv6 ones when v6, else IPv4,
// with path identifiers when s has ADD-PATH for the family.
func (g *generator) drawRoutes(n int, v6 bool, s bgp.Session) {
	g.routes = g.routes[:0]
	for range n {
		if v6 {
			g.routes = append(g.routes, g.v6Route(s))
		} else {
			g.routes = append(g.routes, g.v4Route(s))
		}
	}
}

// v4Route draws an IPv4 unicast prefix: mostly /24, a spread from /16 to
// /23, the odd /8 to /15.
func (g *generator) v4Route(s bgp.Session) bgp.Route {
	bits := 24
	switch x := g.r.IntN(100); {
	case x < 12:
		bits = 8 + g.r.IntN(8)
	case x < 40:
		bits = 16 + g.r.IntN(8)
	}
	first := byte(1 + g.r.IntN(223))
	for first == 10 || first == 127 {
		first = byte(1 + g.r.IntN(223))
	}
	a := netip.AddrFrom4([4]byte{first, byte(g.r.Uint32()), byte(g.r.Uint32()), byte(g.r.Uint32())})
	return g.route(netip.PrefixFrom(a, bits).Masked(), bgp.IPv4Unicast, s)
}

// v6Route draws an IPv6 unicast prefix in 2000::/3: mostly /48, then /32
// to /44, some /29 and /64.
func (g *generator) v6Route(s bgp.Session) bgp.Route {
	bits := 48
	switch x := g.r.IntN(100); {
	case x < 25:
		bits = 32 + 4*g.r.IntN(4)
	case x < 32:
		bits = 29
	case x < 38:
		bits = 64
	case x < 45:
		bits = 33 + g.r.IntN(15)
	}
	var a [16]byte
	a[0] = 0x20 | byte(g.r.IntN(2))<<2 // 2001:: to 2a0f:: style
	a[1] = byte(g.r.Uint32())
	for i := 2; i < 8; i++ {
		a[i] = byte(g.r.Uint32())
	}
	return g.route(netip.PrefixFrom(netip.AddrFrom16(a), bits).Masked(), bgp.IPv6Unicast, s)
}

func (g *generator) route(p netip.Prefix, f bgp.Family, s bgp.Session) bgp.Route {
	r := bgp.Route{Prefix: p}
	if s.AddPath(f) {
		r.PathID = 1 + g.r.Uint32N(4) // a handful of paths per prefix
	}
	return r
}

// routeMonitoring writes one Route Monitoring message.
func (g *generator) routeMonitoring() error {
	pi := g.r.IntN(len(g.out.Peers))
	p := &g.out.Peers[pi]
	s := p.Session
	v6 := g.r.Float64() < g.cfg.IPv6Share
	n := g.prefixCount()
	b := bgp.NewUpdateBuilder(g.upd[:0], s)

	if g.r.IntN(10) == 0 {
		// A withdrawal: the IPv4 Withdrawn Routes field or MP_UNREACH_NLRI.
		g.drawRoutes(n, v6, s)
		if v6 {
			b.MPUnreach(bgp.IPv6Unicast, g.routes...)
		} else {
			for _, r := range g.routes {
				b.Withdraw(r)
			}
		}
		g.out.Withdrawn += n
	} else {
		if !v6 && g.r.IntN(30) == 0 {
			// Now and then an UPDATE also withdraws what it replaces.
			for range 1 + g.r.IntN(2) {
				b.Withdraw(g.v4Route(s))
				g.out.Withdrawn++
			}
		}
		g.announce(b, p, pi, v6, n)
		g.out.Announced += n
	}
	if v6 {
		g.out.IPv6Updates++
	}
	upd, err := b.Finish()
	if err != nil {
		return err
	}
	g.upd = upd
	if g.r.IntN(50) == 0 {
		g.now++
	}
	h := p.Header
	h.Seconds, h.Microseconds = g.now, g.r.Uint32N(1000000)
	g.out.Data, err = bmp.RouteMonitoring{Peer: h, BGP: upd}.Append(g.out.Data)
	if err != nil {
		return err
	}
	g.out.Messages++
	g.out.RouteMonitoring++
	return nil
}

// announce writes the attributes, in type code order, and n routes.
func (g *generator) announce(b *bgp.UpdateBuilder, p *Peer, pi int, v6 bool, n int) {
	s := p.Session
	r := g.r
	switch x := r.IntN(100); {
	case x < 80:
		b.Origin(bgp.OriginIGP)
	case x < 97:
		b.Origin(bgp.OriginIncomplete)
	default:
		b.Origin(bgp.OriginEGP)
	}
	aggregate := g.asPath(b, p)
	if !v6 {
		if p.IBGP {
			b.NextHop(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(1 + r.IntN(254))}))
		} else if p.Header.Address.Is4() {
			b.NextHop(p.Header.Address)
		} else {
			b.NextHop(netip.AddrFrom4([4]byte{192, 0, 2, byte(100 + pi)}))
		}
	}
	if g.carries(r.IntN(100) < 45) {
		b.MED(uint32(r.IntN(4)) * 50 * uint32(r.IntN(20)))
	}
	if g.carries(p.IBGP || p.Header.PostPolicy()) {
		b.LocalPref([4]uint32{100, 100, 200, 80}[r.IntN(4)])
	}
	if g.carries(aggregate) {
		b.AtomicAggregate()
		b.Aggregator(bgp.Aggregator{AS: g.asns[len(g.asns)-1], Address: netip.AddrFrom4([4]byte{byte(1 + r.IntN(223)), byte(r.Uint32()), byte(r.Uint32()), 1})})
	}
	if g.carries(r.IntN(100) < 65) {
		g.comms = g.comms[:0]
		peerAS := uint32(p.Header.AS & 0xffff)
		for range 1 + r.IntN(8) {
			c := bgp.Community(peerAS<<16 | uint32(r.IntN(5000)))
			if r.IntN(8) == 0 {
				c = bgp.Community(uint32(g.transit())&0xffff<<16 | uint32(r.IntN(1000)))
			}
			g.comms = append(g.comms, c)
		}
		b.Communities(g.comms...)
	}
	if g.carries(p.IBGP && r.IntN(2) == 0) {
		b.Attr(bgp.NewPathAttr(bgp.AttrOriginatorID, bgp.OriginatorID{ID: netip.AddrFrom4([4]byte{10, 0, 1, byte(1 + r.IntN(30))})}))
		g.clusters = g.clusters[:0]
		for range 1 + r.IntN(2) {
			g.clusters = append(g.clusters, netip.AddrFrom4([4]byte{10, 255, 0, byte(1 + r.IntN(4))}))
		}
		b.Attr(bgp.NewPathAttr(bgp.AttrClusterList, g.clusters))
	}
	g.drawRoutes(n, v6, s)
	if v6 {
		// Global next hop, plus a link-local one from the peers reached
		// over IPv6 (RFC 2545 §3).
		nh := g.nh6[:16]
		copy(nh, []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(1 + pi)})
		if p.Header.Address.Is6() {
			nh = g.nh6[:32]
			copy(nh[16:], []byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, byte(pi)})
		}
		b.Attr(bgp.NewPathAttr(bgp.AttrMPReachNLRI, bgp.MPReach{Family: bgp.IPv6Unicast, NextHop: nh, Routes: g.routes}))
	}
	if g.carries(r.IntN(100) < 8) {
		g.ext = g.ext[:0]
		for range 1 + r.IntN(2) {
			var c bgp.ExtCommunity
			c[0], c[1] = 0x00, 0x02 // route target, 2-octet AS form (RFC 4360 §4)
			c[2], c[3] = byte(p.Header.AS>>8), byte(p.Header.AS)
			c[7] = byte(1 + r.IntN(200))
			g.ext = append(g.ext, c)
		}
		b.ExtCommunities(g.ext...)
	}
	if g.carries(r.IntN(100) < 20) {
		g.large = g.large[:0]
		for range 1 + r.IntN(3) {
			g.large = append(g.large, bgp.LargeCommunity{GlobalAdmin: p.Header.AS, LocalData1: uint32(1 + r.IntN(10)), LocalData2: uint32(r.IntN(1000))})
		}
		b.LargeCommunities(g.large...)
	}
	if !v6 {
		for _, rt := range g.routes {
			b.Announce(rt)
		}
	}
}

func (g *generator) transit() uint32 { return transitASNs[g.r.IntN(len(transitASNs))] }

// hopCounts weighs the number of distinct ASes in a path, 2 to 8.
var hopCounts = [...]int{2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 7, 7, 8}

// asPath writes AS_PATH: the peer (unless iBGP), transit and mid-tier
// networks, the origin; a fifth of the paths prepend one AS 1 to 3 more
// times, one in a hundred ends in an AS_SET (an aggregate, reported true).
func (g *generator) asPath(b *bgp.UpdateBuilder, p *Peer) (aggregate bool) {
	r := g.r
	hops := hopCounts[r.IntN(len(hopCounts))]
	g.asns = g.asns[:0]
	if !p.IBGP {
		g.asns = append(g.asns, p.Header.AS)
	}
	for len(g.asns) < hops-1 {
		if len(g.asns) < 2 && r.IntN(3) != 0 {
			g.asns = append(g.asns, g.transit())
		} else {
			g.asns = append(g.asns, g.midASNs[r.IntN(len(g.midASNs))])
		}
	}
	g.asns = append(g.asns, g.asn(0.35)) // the origin
	if r.IntN(5) == 0 {
		g.out.Prepends++
		i := len(g.asns) - 1 // mostly the origin prepends
		if r.IntN(10) < 3 {
			i = r.IntN(len(g.asns))
		}
		as := g.asns[i]
		for range 1 + r.IntN(3) {
			g.asns = append(g.asns, 0)
			copy(g.asns[i+1:], g.asns[i:])
			g.asns[i] = as
		}
	}
	g.segs[0] = bgp.ASSegment{Type: bgp.SegmentSequence, ASNs: g.asns}
	path := bgp.ASPath{Segments: g.segs[:1]}
	if r.IntN(100) == 0 {
		g.out.ASSets++
		g.setASNs = g.setASNs[:0]
		for range 2 + r.IntN(3) {
			g.setASNs = append(g.setASNs, g.midASNs[r.IntN(len(g.midASNs))])
		}
		g.segs[1] = bgp.ASSegment{Type: bgp.SegmentSet, ASNs: g.setASNs}
		path.Segments = g.segs[:2]
		aggregate = true
	}
	b.ASPath(path)
	return aggregate
}
