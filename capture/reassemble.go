package capture

import (
	"net/netip"
	"time"
)

// bgpPort is the TCP port a BGP speaker listens on (RFC 4271).
const bgpPort = 179

// Directions within a tcpConn.
const (
	fromClient = 0
	fromServer = 1
)

// tcpConn is one TCP connection of the capture.
type tcpConn struct {
	id             int
	client, server netip.AddrPort
	keep           [2]bool     // filter verdict per direction
	dirs           [2]tcpDir   // per direction
	halves         [2]halfConn // reassembly state per direction
	synSeen        bool        // the client's SYN was seen
	isn            uint32      // its sequence number
	used           bool        // payload was sent after the SYN (either way)
	ended          bool        // FIN or RST seen (either way)
}

// tcpDir is one direction of a tcpConn while it is being reassembled.
type tcpDir struct {
	s    Stream
	fed  bool     // reassembly has seen a segment with payload or SYN
	held *segment // a SYN waiting for the next segment, its payload a copy (see tcpAssembler.add)
}

// connKey identifies a four-tuple regardless of direction.
type connKey struct{ lo, hi netip.AddrPort }

func connKeyOf(a, b netip.AddrPort) connKey {
	if a.Compare(b) > 0 {
		a, b = b, a
	}
	return connKey{a, b}
}

// tcpAssembler sorts TCP segments into connections and directions and
// reassembles each direction.
type tcpAssembler struct {
	filter func(Flow) bool
	stats  *Stats
	pages  pageBudget
	conns  map[connKey]*tcpConn
	all    []*tcpConn
}

func newTCPAssembler(opts Options, filter func(Flow) bool, stats *Stats) *tcpAssembler {
	a := &tcpAssembler{filter: filter, stats: stats, conns: make(map[connKey]*tcpConn)}
	perDir, total := opts.MaxBuffered, opts.MaxBufferedTotal
	if perDir <= 0 {
		perDir = DefaultMaxBuffered
	}
	if total <= 0 {
		total = DefaultMaxBufferedTotal
	}
	a.pages.perDir = max(1, (perDir+pageSize-1)/pageSize)
	a.pages.total = max(1, (total+pageSize-1)/pageSize)
	return a
}

// add takes segment t, captured at ts in frame number frame.
func (a *tcpAssembler) add(src, dst netip.Addr, t *segment, ts time.Time, frame int) {
	from := netip.AddrPortFrom(src, t.srcPort)
	to := netip.AddrPortFrom(dst, t.dstPort)
	key := connKeyOf(from, to)
	pureSYN := t.syn && !t.ack
	c := a.conns[key]
	if c != nil && pureSYN && !c.repeatsSYN(from, t.seq) {
		c = nil // a new connection on the same four-tuple
	}
	if c == nil {
		c = a.newConn(from, to, t)
		a.conns[key] = c
	}
	side := fromClient
	if from != c.client {
		side = fromServer
	}
	if pureSYN && side == fromClient && !c.synSeen {
		c.synSeen, c.isn = true, t.seq
	}
	if len(t.payload) > 0 && !t.syn {
		c.used = true
	}
	if t.fin || t.rst {
		c.ended = true
	}
	if !c.keep[side] {
		a.stats.Filtered++
		return
	}
	dir := &c.dirs[side]
	s := &dir.s
	if s.Packets == 0 {
		s.First, s.FirstFrame = ts, frame
	}
	s.Packets++
	s.Last, s.LastFrame = ts, frame
	s.SYN = s.SYN || t.syn
	s.FIN = s.FIN || t.fin
	s.RST = s.RST || t.rst

	// A SYN is held back until the next segment with payload shows how the
	// sender numbered it. Normally the SYN takes one sequence number, and
	// the first data octet is SYN seq + 1 (RFC 9293 §3.4). traffic-
	// reproducer's replays put data in the SYN and number the next segment
	// SYN seq + payload length, as if the SYN took none; read strictly, one
	// octet would be lost. See Stream.SYNSeqQuirk.
	switch {
	case t.syn && !dir.fed && dir.held == nil:
		h := *t
		h.payload = append([]byte(nil), t.payload...)
		dir.held = &h
		return
	case t.syn && dir.held != nil && t.seq == dir.held.seq:
		return // the held SYN again: a retransmission
	case dir.held != nil && (len(t.payload) > 0 || t.syn || t.fin || t.rst):
		h := dir.held
		quirk := len(t.payload) > 0 && !t.syn && t.seq == h.seq+uint32(len(h.payload))
		a.release(c, side, quirk)
	}
	a.feed(c, side, t)
}

// repeatsSYN tells whether a SYN without ACK from `from` with sequence
// number seq is a retransmission of c's opening SYN rather than the start of
// a new connection on the same four-tuple.
func (c *tcpConn) repeatsSYN(from netip.AddrPort, seq uint32) bool {
	return from == c.client && c.synSeen && seq == c.isn && !c.used && !c.ended
}

func (a *tcpAssembler) newConn(from, to netip.AddrPort, t *segment) *tcpConn {
	c := &tcpConn{id: len(a.all), client: from, server: to}
	switch {
	case t.syn && !t.ack:
	case t.syn && t.ack, // a SYN-ACK comes from the server
		!t.syn && from.Port() == bgpPort && to.Port() != bgpPort:
		c.client, c.server = to, from
	}
	for side := range c.dirs {
		f := Flow{Client: c.client, Server: c.server, FromClient: side == fromClient}
		c.keep[side] = a.filter == nil || a.filter(f)
		c.dirs[side].s.Flow = f
		c.dirs[side].s.Conn = c.id
		c.halves[side].next = noSeq
	}
	a.all = append(a.all, c)
	return c
}

// release feeds a held SYN, one sequence number lower when the quirk applies.
func (a *tcpAssembler) release(c *tcpConn, side int, quirk bool) {
	dir := &c.dirs[side]
	h := dir.held
	dir.held = nil
	if quirk && len(h.payload) > 0 {
		h.seq--
		dir.s.SYNSeqQuirk = true
	}
	a.feed(c, side, h)
}

// feed hands one segment to the reassembly of its direction.
func (a *tcpAssembler) feed(c *tcpConn, side int, t *segment) {
	if len(t.payload) > 0 || t.syn {
		c.dirs[side].fed = true
	}
	c.halves[side].segment(&a.pages, &c.dirs[side].s, t)
}

// finish releases the SYNs still held, gives up every hole still open (each
// becomes a gap) and returns the streams.
func (a *tcpAssembler) finish() []Stream {
	var out []Stream
	for _, c := range a.all {
		for side := range c.dirs {
			if c.dirs[side].held != nil {
				a.release(c, side, false)
			}
		}
		for side := range c.dirs {
			c.halves[side].flush(&a.pages, &c.dirs[side].s)
		}
		for side := range c.dirs {
			if c.keep[side] && c.dirs[side].s.Packets > 0 {
				out = append(out, c.dirs[side].s)
			}
		}
	}
	return out
}
