package bmp

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"

	"github.com/bgplens/bgplens/bgp"
)

// DefaultMaxPeers is the number of monitored RIBs (and of Peer Up
// sessions) a Peers tracks unless told otherwise: a router with a few
// thousand peers, each seen in a couple of RIBs, fits; a stream that
// invents peers cannot make the state grow without bound.
const DefaultMaxPeers = 16384

// Peers is the per-peer session state of one BMP stream: it is fed the
// Peer Up, Peer Down and Route Monitoring messages in stream order and
// reads every Route Monitoring UPDATE with the right session.
//
// The capabilities a Peer Up shows are the first hypothesis, not the
// truth. Each UPDATE is checked under it (bgp.ParseUpdate: the lengths
// must add up and every attribute check out); when that fails, the
// alternatives are tried (ADD-PATH toggled for the families the message
// carries, the AS width toggled, and both) and the first that reads
// cleanly is used. Every such fallback is reported in the Reading and
// counted per peer and RIB in Stats. Real exporters need it: FRR 8.4 never
// puts ADD-PATH Path Identifiers in Route Monitoring although its Peer Up
// shows them negotiated; gobgpd 3.10 puts them in pre-policy messages but
// not in post-policy or Loc-RIB ones of the same peer; FRR never sets the
// A flag, and reports its own routes from a peer it never announces.
//
// The common case is fast: the hypothesis that last read cleanly for a
// RIB is tried first, and a Route Monitoring of a known peer that reads
// cleanly under it costs one ParseUpdate and no allocation.
//
// Some UPDATEs read cleanly under two hypotheses: two IPv4 /24s without
// Path Identifiers (18 0a0000 18 0a0100) are also one /24 with identifier
// 0x180a0000. Such a message is read with the hypothesis tried first and
// no fallback is counted, so a peer whose first messages are all of that
// kind is misread until one message only the other reading fits; from
// then on the remembered hypothesis reads them right. Checking every
// message under every hypothesis would cost a parse per hypothesis on the
// common path, and could not tell which of two clean readings is true.
//
// A Peers is not safe for concurrent use; a BMP stream is one ordered
// sequence, read by one goroutine.
type Peers struct {
	max      int
	disable  bool // Session.AFISAFIDisable of every session read with
	sessions map[sessionKey]*peerSession
	ribs     map[PeerKey]*ribState
	gen      uint64
	overflow uint64

	// epoch changes with every Peer Up and Peer Down, which void what
	// cache holds; scratch serves the messages cache does not keep.
	epoch   uint64
	cache   [ribCacheSize]ribCacheEntry
	scratch ribCacheEntry
}

// ribCacheSize is the number of per-peer headers a Peers reads without
// map lookups: a direct-mapped table indexed by a hash of the header's
// identity octets. Headers that share a slot, or more RIBs than slots,
// still read right, through the maps.
const ribCacheSize = 128

// ribCacheKey holds the octets of the per-peer header that say whose
// routes a message carries and how to read them: Peer Type, Peer Flags,
// Peer Distinguisher and Peer Address (26 octets, loaded as words).
type ribCacheKey struct {
	a, b, c uint64
	d       uint16
}

// ribKeyOf reads the key of msg, which holds a whole per-peer header.
func ribKeyOf(msg []byte) ribCacheKey {
	b := msg[OffPeerType : OffPeerAddress+16]
	return ribCacheKey{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]),
		binary.LittleEndian.Uint64(b[16:]), binary.LittleEndian.Uint16(b[24:])}
}

func (k ribCacheKey) slot() int {
	h := k.a*0x9e3779b97f4a7c15 ^ k.b*0xc2b2ae3d27d4eb4f ^ (k.c^uint64(k.d)<<48)*0x165667b19e3779f9
	return int(h >> 57) // ribCacheSize slots
}

// ribCacheEntry is what reading a Route Monitoring with a given per-peer
// header needs before its UPDATE is parsed: the RIB's state, the first
// hypothesis and the Reading's fields that depend on the header and the
// Peer Up alone. It is good while epoch is current; first is good while
// the RIB's remembered hypothesis has not changed (ver).
type ribCacheEntry struct {
	key   ribCacheKey
	epoch uint64 // Peers.epoch when filled; 0 for an empty slot
	rs    *ribState
	gen   uint64  // generation of the Peer Up in force, 0 if none
	r     Reading // Peer, Expected, PeerUp, AFlag and Tracked filled in

	ver      uint64      // rs.ver when first was chosen
	first    bgp.Session // the hypothesis to try first
	fromLast bool        // first is the RIB's remembered hypothesis for this gen and r.Expected
	firstExp bool        // first == r.Expected
	steady   bool        // fromLast, firstExp, a Peer Up and no A flag disagreement: a clean message only counts
	clean    Reading     // r read cleanly with first: Decode's Reading when steady
}

// sessionKey identifies the BGP session a Peer Up announces: every RIB of
// the peer shares it.
type sessionKey struct {
	Type          PeerType
	Distinguisher bgp.RD
	Address       netip.Addr
}

// peerSession is what a Peer Up said, derived once.
type peerSession struct {
	gen        uint64
	in, out    bgp.Session // negotiated, before the A flag of each message
	mismatches []Mismatch
}

// ribState is the state of one monitored RIB.
type ribState struct {
	ver          uint64      // counts the changes of gen, last, lastExpected and haveLast
	gen          uint64      // the Peer Up the remembered hypothesis belongs to
	last         bgp.Session // the hypothesis that last read cleanly
	lastExpected bgp.Session // the first hypothesis it replaced
	haveLast     bool
	stats        Stats
}

// NewPeers returns an empty state tracking at most maxPeers RIBs and as
// many Peer Up sessions; maxPeers <= 0 means DefaultMaxPeers.
func NewPeers(maxPeers int) *Peers {
	if maxPeers <= 0 {
		maxPeers = DefaultMaxPeers
	}
	return &Peers{max: maxPeers, sessions: map[sessionKey]*peerSession{}, ribs: map[PeerKey]*ribState{}, epoch: 1}
}

// Stats counts what happened to the Route Monitoring messages of one RIB.
type Stats struct {
	Messages        uint64 // Route Monitoring messages read
	NoPeerUp        uint64 // read with no Peer Up in force for the peer
	FallbackAS4     uint64 // read with the other AS width than the first hypothesis
	FallbackAddPath uint64 // read with ADD-PATH toggled for a family the message carries
	Inconsistent    uint64 // no hypothesis read cleanly; the least bad one was used
	Unframed        uint64 // the UPDATE could not be located at all (an error was returned)
	AFlagMismatch   uint64 // the A flag disagreed with the AS width the OPENs negotiated
	RouteRefresh    uint64 // a ROUTE-REFRESH, not an UPDATE, was carried (Reading.RouteRefresh)
}

// Fallback says how the session a message was read with departs from the
// first hypothesis, for what the message carries (bgp.ReadUpdate).
type Fallback = bgp.Fallback

// Fallback kinds.
const (
	FallbackAS4     = bgp.FallbackAS4     // the other AS width (2- or 4-octet AS numbers)
	FallbackAddPath = bgp.FallbackAddPath // ADD-PATH toggled for a family the message carries
)

// Reading says how a Route Monitoring UPDATE was read.
type Reading struct {
	Peer     PeerKey
	Session  bgp.Session // the session the UpdateView was parsed with
	Expected bgp.Session // the first hypothesis: from the Peer Up and the A flag
	PeerUp   bool        // a Peer Up was in force for the peer
	Fallback Fallback    // how Session departs from Expected for this message
	Clean    bool        // the UPDATE reads without error under Session
	AFlag    bool        // the A flag disagreed with the negotiated AS width
	Tracked  bool        // false when the peer cap was reached: read with no state

	// RouteRefresh says the message carries a ROUTE-REFRESH (RFC 2918,
	// RFC 7313), not an UPDATE: Cisco IOS XR sends the Enhanced Route
	// Refresh markers (BoRR, EoRR) of its peers this way. RFC 7854 §4.6
	// allows only UPDATEs, but it is an exporter's quirk, not a broken
	// stream: ReadUpdate returns ErrRouteRefresh, and callers note it
	// and go on.
	RouteRefresh bool
}

// ErrRouteRefresh is what ReadUpdate returns for a Route Monitoring
// message that carries a ROUTE-REFRESH (see Reading.RouteRefresh).
var ErrRouteRefresh error = errAt(OffBody, "Route Monitoring carries a ROUTE-REFRESH, not an UPDATE")

// SetAFISAFIDisable says what a malformed MP_REACH_NLRI or MP_UNREACH_NLRI
// makes of the UPDATE's verdict: AFI/SAFI disable when on, session reset
// (the default) when off (bgp.Session.AFISAFIDisable, RFC 7606 §7.11, §7.12).
func (p *Peers) SetAFISAFIDisable(on bool) {
	p.disable = on
	p.epoch++ // the cached first hypotheses hold the old setting
}

// PeerUp records the session a Peer Up announces, for every RIB of the
// peer, replacing any earlier one; it returns the disagreements
// PeerUpView.Session found. A Peer Up beyond the cap is ignored (and
// counted by Overflow).
func (p *Peers) PeerUp(v PeerUpView) []Mismatch {
	h := v.Peer()
	k := sessionKey{h.Type, h.Distinguisher, h.Address}
	ps := p.sessions[k]
	if ps == nil {
		if len(p.sessions) >= p.max {
			p.overflow++
			return nil
		}
		ps = &peerSession{}
		p.sessions[k] = ps
	}
	p.gen++
	p.epoch++
	ps.gen = p.gen
	if h.Type == PeerLocRIB {
		ps.in, ps.mismatches = decodeOpens(v.SentOpen(), v.ReceivedOpen()).derive(h, RIBLoc)
		ps.out = ps.in
		return ps.mismatches
	}
	// The A flag is applied per Route Monitoring message: derive without it.
	raw := h
	raw.Flags &^= FlagA
	o := decodeOpens(v.SentOpen(), v.ReceivedOpen()) // once for the three
	ps.in, _ = o.derive(raw, RIBInPre)
	ps.out, _ = o.derive(raw, RIBOutPre)
	_, ps.mismatches = o.derive(h, RIBInPre)
	return ps.mismatches
}

// Observe updates the state with what a message says of sessions: a Peer
// Up (as PeerUp) or a Peer Down (as PeerDown); other messages change
// nothing. It returns a Peer Up's disagreements.
func (p *Peers) Observe(v MessageView) []Mismatch {
	switch v.Type() {
	case MsgPeerUp:
		if pu, ok := v.PeerUp(); ok {
			return p.PeerUp(pu)
		}
	case MsgPeerDown:
		if h, ok := v.Peer(); ok {
			p.PeerDown(h)
		}
	}
	return nil
}

// PeerDown forgets the session of the peer the per-peer header names. The
// counters of its RIBs are kept; Route Monitoring that still comes for it
// is read as for a peer with no Peer Up.
func (p *Peers) PeerDown(h PeerHeader) {
	delete(p.sessions, sessionKey{h.Type, h.Distinguisher, h.Address})
	p.epoch++
}

// ReadUpdate reads the UPDATE of v with the session of its peer and
// RIB, trying the alternatives when the first hypothesis does not read
// cleanly (see Peers). The error is that of bgp.ParseUpdate when the
// UPDATE's sections cannot be located under any hypothesis; otherwise the
// view is returned even if no hypothesis reads cleanly (Reading.Clean is
// then false, and the view's Verdict says what is wrong). The view
// aliases v's message.
func (p *Peers) ReadUpdate(v RouteMonitoringView) (u bgp.UpdateView, r Reading, err error) {
	// Named results: the view is parsed into its result slot, not copied.
	e := p.ribEntry(v)
	first := p.firstHypothesis(e)
	r = e.r
	if m := v.BGPMessage(); len(m) > bgp.OffType && bgp.MessageType(m[bgp.OffType]) == bgp.MsgRouteRefresh {
		e.rs.stats.Messages++
		e.rs.stats.RouteRefresh++
		r.Session, r.RouteRefresh = first, true
		return u, r, ErrRouteRefresh
	}

	m := v.BGPMessage()
	if m == nil {
		u, err = v.Update(first) // a version 4 message without its BGP Message TLV: the error
		p.record(e, &r, &u, err, first, false, false)
		return
	}
	rd, err := bgp.ReadUpdate(&u, m, r.Expected, first, bgp.SearchOptions{})
	p.record(e, &r, &u, err, rd.Session, rd.Clean, rd.Searched)
	return
}

// Decode is ReadUpdate for programs that use every value of every
// UPDATE: it decodes the UPDATE of v into d (bgp.UpdateValues.Decode)
// with the session ReadUpdate chooses, in one pass when the first
// hypothesis reads cleanly, and sets *r to the Reading ReadUpdate
// returns; d.View() is the view ReadUpdate returns. The error is
// ReadUpdate's. d and r are the caller's, reused from one message to
// the next: a stream is read without allocating or copying results.
func (p *Peers) Decode(v RouteMonitoringView, d *bgp.UpdateValues, r *Reading) error {
	if v.bgpLen != 0 && len(v.msg) >= OffBody {
		m := v.msg[v.bgpOff : int(v.bgpOff)+int(v.bgpLen)]
		// ribEntry's cache hit, here: no call on the common path.
		k := ribKeyOf(v.msg)
		e := &p.cache[k.slot()]
		if e.epoch != p.epoch || e.key != k {
			e = p.ribEntry(v)
		}
		if e.ver != e.rs.ver {
			p.firstHypothesis(e)
		}
		// The common case: clean under the first hypothesis and not open
		// to an ADD-PATH misreading; anything else is ReadUpdate's.
		if d.DecodeClean(m, &e.first) && !d.View().Suspect() {
			switch {
			case e.steady:
				// record's outcome when nothing is to be counted but the
				// message, and nothing to remember.
				e.rs.stats.Messages++
				*r = e.clean
			case e.fromLast:
				p.countRemembered(e, d, r)
			default:
				*r = e.r
				p.record(e, r, d.View(), nil, e.first, true, false)
			}
			return nil
		}
	}
	return p.decodeSearch(v, d, r)
}

// decodeSearch is Decode's rare case (a fallback, a suspect or malformed
// message): the search picks the reading, and the message is decoded
// again under it. It is apart so that Decode's frame stays small.
//
//go:noinline
func (p *Peers) decodeSearch(v RouteMonitoringView, d *bgp.UpdateValues, r *Reading) error {
	_, rd, err := p.ReadUpdate(v)
	*r = rd
	if err != nil {
		return err // v has no BGP message only in a version 4 message without a BGP Message TLV: an error
	}
	return d.Decode(v.BGPMessage(), r.Session)
}

// firstHypothesis returns the session to read a message of e's RIB with
// first: the RIB's remembered one if it belongs to the Peer Up in force,
// else the Peer Up's. It is not inlined: it does its work only when the
// RIB's remembered hypothesis changed, and the session comparisons would
// weigh on Decode's common path.
//
//go:noinline
func (p *Peers) firstHypothesis(e *ribCacheEntry) bgp.Session {
	if rs := e.rs; e.ver != rs.ver {
		e.first, e.fromLast = e.r.Expected, false
		if rs.haveLast && rs.gen == e.gen && rs.lastExpected == e.r.Expected {
			e.first, e.fromLast = rs.last, true
		}
		e.firstExp = e.first == e.r.Expected
		e.steady = e.fromLast && e.firstExp && e.r.PeerUp && !e.r.AFlag
		e.clean = e.r
		e.clean.Session, e.clean.Clean = e.first, true
		e.ver = rs.ver
	}
	return e.first
}

// countRemembered is record for a message read cleanly with the RIB's
// remembered hypothesis that is not the steady case (a fallback, no Peer
// Up, an A flag disagreement): nothing to remember, and the fallback
// taken from the values d decoded, not from another walk of the message.
func (p *Peers) countRemembered(e *ribCacheEntry, d *bgp.UpdateValues, r *Reading) {
	st := &e.rs.stats
	*r = e.clean
	st.countRead(r)
	if !e.firstExp {
		r.Fallback = d.Fallback(&e.first, &r.Expected)
		st.countFallback(r.Fallback)
	}
}

// countRead counts a message of the RIB read as r says.
func (st *Stats) countRead(r *Reading) {
	st.Messages++
	if !r.PeerUp {
		st.NoPeerUp++
	}
	if r.AFlag {
		st.AFlagMismatch++
	}
}

// countFallback counts the ways a message's reading departed from the
// first hypothesis.
func (st *Stats) countFallback(f Fallback) {
	if f&FallbackAS4 != 0 {
		st.FallbackAS4++
	}
	if f&FallbackAddPath != 0 {
		st.FallbackAddPath++
	}
}

// record completes r for a message of e's RIB read as u with used (err
// from ParseUpdate under every hypothesis), counts it, and remembers used
// when it read cleanly.
func (p *Peers) record(e *ribCacheEntry, r *Reading, u *bgp.UpdateView, err error, used bgp.Session, clean, searched bool) {
	rs := e.rs
	st := &rs.stats
	st.countRead(r)
	if err != nil {
		st.Unframed++
		r.Session = e.first
		return
	}
	r.Session, r.Clean = used, clean
	if searched && used != r.Expected || !searched && !e.firstExp {
		r.Fallback = u.Fallback(used, r.Expected)
	}
	st.countFallback(r.Fallback)
	if !clean {
		st.Inconsistent++
	} else if searched || !e.fromLast {
		// Remember the hypothesis that read cleanly, unless it is the one
		// remembered already (the common case, checked without comparing
		// sessions when first came from the remembered one).
		if !rs.haveLast || rs.gen != e.gen || rs.last != used || rs.lastExpected != r.Expected {
			rs.gen, rs.last, rs.lastExpected, rs.haveLast = e.gen, used, r.Expected, true
			rs.ver++
		}
	}
}

// ribEntry returns the cache entry for the per-peer header of v, filling
// it on a miss. A RIB beyond the cap is read from p.scratch, with a fresh
// state, every time.
func (p *Peers) ribEntry(v RouteMonitoringView) *ribCacheEntry {
	var k ribCacheKey
	e := &p.scratch
	if len(v.msg) >= OffBody {
		k = ribKeyOf(v.msg)
		e = &p.cache[k.slot()]
		if e.epoch == p.epoch && e.key == k {
			return e
		}
	}
	h := v.Peer()
	r := Reading{Peer: h.Key()}
	rs := p.ribs[r.Peer]
	if rs == nil {
		if len(p.ribs) < p.max {
			rs = &ribState{}
			p.ribs[r.Peer] = rs
		} else {
			p.overflow++
			rs = &ribState{} // read with no memory, counted nowhere
		}
	}
	r.Tracked = p.ribs[r.Peer] == rs
	ps := p.sessions[sessionKey{h.Type, h.Distinguisher, h.Address}]
	r.Expected, r.PeerUp, r.AFlag = expectedSession(h, r.Peer.RIB, ps)
	r.Expected.AFISAFIDisable = p.disable
	var gen uint64
	if ps != nil {
		gen = ps.gen
	}
	if !r.Tracked || len(v.msg) < OffBody {
		e = &p.scratch
	}
	// ver is set apart from rs.ver so that ReadUpdate chooses first.
	*e = ribCacheEntry{key: k, epoch: p.epoch, rs: rs, gen: gen, r: r, ver: rs.ver + 1}
	if e == &p.scratch {
		e.epoch = 0
	}
	return e
}

// expectedSession is the first hypothesis for a message with per-peer
// header h in RIB rib: the Peer Up's negotiated session for the direction
// of the RIB, 2-octet AS numbers when the A flag says so; with no Peer Up,
// 4-octet AS numbers unless the A flag is set, and no ADD-PATH. Loc-RIB
// always uses 4-octet AS numbers (RFC 9069 §5.4). Extended messages are
// always allowed: the BMP frame already bounds the UPDATE, and RFC 8654
// limits are for the session's speakers to enforce.
func expectedSession(h PeerHeader, rib RIB, ps *peerSession) (s bgp.Session, peerUp, aFlag bool) {
	switch {
	case ps == nil:
		s.AS4 = !h.AS2()
	case rib == RIBLoc:
		s = ps.in
	default:
		s = ps.in
		if rib.Out() {
			s = ps.out
		}
		aFlag = h.AS2() == s.AS4
		s.AS4 = s.AS4 && !h.AS2()
	}
	if rib == RIBLoc {
		s.AS4 = true
	}
	s.ExtendedMsg = true
	return s, ps != nil, aFlag
}

// Overflow returns the number of Peer Up and Route Monitoring messages
// that found the cap reached and were handled without state.
func (p *Peers) Overflow() uint64 { return p.overflow }

// Stats returns the counters of the RIB k.
func (p *Peers) Stats(k PeerKey) (Stats, bool) {
	rs := p.ribs[k]
	if rs == nil {
		return Stats{}, false
	}
	return rs.stats, true
}

// Session returns the session a Peer Up announced for RIB k (before the A
// flag of each message) and the disagreements found in it, if a Peer Up
// is in force.
func (p *Peers) Session(k PeerKey) (bgp.Session, []Mismatch, bool) {
	ps := p.sessions[sessionKey{k.Type, k.Distinguisher, k.Address}]
	if ps == nil {
		return bgp.Session{}, nil, false
	}
	if k.RIB.Out() {
		return ps.out, ps.mismatches, true
	}
	return ps.in, ps.mismatches, true
}

// PeerStats is the counters of one RIB.
type PeerStats struct {
	Key PeerKey
	Stats
}

// All returns the counters of every tracked RIB, sorted by peer type,
// address, distinguisher and RIB.
func (p *Peers) All() []PeerStats {
	out := make([]PeerStats, 0, len(p.ribs))
	for k, rs := range p.ribs {
		out = append(out, PeerStats{k, rs.stats})
	}
	slices.SortFunc(out, func(a, b PeerStats) int {
		return cmp.Or(
			cmp.Compare(a.Key.Type, b.Key.Type),
			a.Key.Address.Compare(b.Key.Address),
			slices.Compare(a.Key.Distinguisher[:], b.Key.Distinguisher[:]),
			cmp.Compare(a.Key.RIB, b.Key.RIB),
		)
	})
	return out
}
