package capture

import (
	"encoding/binary"
	"net/netip"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/reassembly"
)

// libPageSize is the size of reassembly's out-of-order pages (its unexported
// pageBytes).
const libPageSize = 1900

// connEndpoint is the endpoint type of the network flows handed to
// reassembly. They are not addresses but connection numbers (see conn.flow),
// so that a four-tuple reused by a later connection gets a fresh
// reassembly connection.
const connEndpoint gopacket.EndpointType = 0x7b6c

// conn is one TCP connection of the capture.
type conn struct {
	id             int
	client, server netip.AddrPort
	keep           [2]bool          // filter verdict per direction
	dirs           [2]direction     // per direction
	flow           [2]gopacket.Flow // network flow handed to reassembly, per direction
	libFirst       int              // direction reassembly calls client->server; -1 until known
	synSeen        bool             // the client's SYN was seen
	isn            uint32           // its sequence number
	used           bool             // payload was sent after the SYN (either way)
	ended          bool             // FIN or RST seen (either way)
	lib            *libStream
}

// direction is one direction of a conn while it is being reassembled.
type direction struct {
	s    Stream
	fed  bool     // reassembly has seen a packet with payload or SYN
	held *heldSYN // a SYN waiting for the next segment (see assembler.add)
}

// heldSYN is a copy of a SYN segment kept back until the sequence number of
// the segment after it is known.
type heldSYN struct {
	raw []byte // TCP header and payload
	ci  gopacket.CaptureInfo
	seq uint32
	n   int // payload length
}

// tupleKey identifies a four-tuple regardless of direction.
type tupleKey struct{ lo, hi netip.AddrPort }

func keyOf(a, b netip.AddrPort) tupleKey {
	if a.Compare(b) > 0 {
		a, b = b, a
	}
	return tupleKey{a, b}
}

// assembler feeds TCP segments to gopacket's reassembly and collects the
// streams it delivers.
type assembler struct {
	filter func(Flow) bool
	stats  *Stats
	lib    *reassembly.Assembler
	conns  map[tupleKey]*conn
	all    []*conn
	cur    *conn // the conn of the segment being fed (for libFactory.New)
	ctx    libContext
	tmp    layers.TCP // decodes held SYNs
}

func newAssembler(opts Options, filter func(Flow) bool, stats *Stats) *assembler {
	a := &assembler{filter: filter, stats: stats, conns: make(map[tupleKey]*conn)}
	a.lib = reassembly.NewAssembler(reassembly.NewStreamPool(libFactory{a}))
	perDir, total := opts.MaxBuffered, opts.MaxBufferedTotal
	if perDir <= 0 {
		perDir = DefaultMaxBuffered
	}
	if total <= 0 {
		total = DefaultMaxBufferedTotal
	}
	a.lib.MaxBufferedPagesPerConnection = max(1, (perDir+libPageSize-1)/libPageSize)
	a.lib.MaxBufferedPagesTotal = max(1, (total+libPageSize-1)/libPageSize)
	return a
}

// add takes the segment just decoded by d, frame number frame.
func (a *assembler) add(src, dst netip.Addr, d *decoder, ci gopacket.CaptureInfo, frame int) {
	t := &d.tcp
	from := netip.AddrPortFrom(src, uint16(t.SrcPort))
	to := netip.AddrPortFrom(dst, uint16(t.DstPort))
	key := keyOf(from, to)
	pureSYN := t.SYN && !t.ACK
	c := a.conns[key]
	if c != nil && pureSYN && !c.repeatsSYN(from, t.Seq) {
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
		c.synSeen, c.isn = true, t.Seq
	}
	if len(t.Payload) > 0 && !t.SYN {
		c.used = true
	}
	if t.FIN || t.RST {
		c.ended = true
	}
	if !c.keep[side] {
		a.stats.Filtered++
		return
	}
	dir := &c.dirs[side]
	s := &dir.s
	if s.Packets == 0 {
		s.First, s.FirstFrame = ci.Timestamp, frame
	}
	s.Packets++
	s.Last, s.LastFrame = ci.Timestamp, frame
	s.SYN = s.SYN || t.SYN
	s.FIN = s.FIN || t.FIN
	s.RST = s.RST || t.RST

	// A SYN is held back until the next segment with payload shows how the
	// sender numbered it. Normally the SYN takes one sequence number, and
	// the first data octet is SYN seq + 1 (RFC 9293 §3.4). traffic-
	// reproducer's replays put data in the SYN and number the next segment
	// SYN seq + payload length, as if the SYN took none; read strictly, one
	// octet would be lost. See Stream.SYNSeqQuirk.
	switch {
	case t.SYN && !dir.fed && dir.held == nil:
		dir.held = &heldSYN{raw: append([]byte(nil), d.tcpRaw...), ci: ci, seq: t.Seq, n: len(t.Payload)}
		return
	case t.SYN && dir.held != nil && t.Seq == dir.held.seq:
		return // the held SYN again: a retransmission
	case dir.held != nil && (len(t.Payload) > 0 || t.SYN || t.FIN || t.RST):
		quirk := len(t.Payload) > 0 && !t.SYN && t.Seq == dir.held.seq+uint32(dir.held.n)
		a.release(c, side, quirk)
	}
	a.feed(c, side, t, ci)
}

// repeatsSYN tells whether a SYN without ACK from `from` with sequence
// number seq is a retransmission of c's opening SYN rather than the start of
// a new connection on the same four-tuple.
func (c *conn) repeatsSYN(from netip.AddrPort, seq uint32) bool {
	return from == c.client && c.synSeen && seq == c.isn && !c.used && !c.ended
}

func (a *assembler) newConn(from, to netip.AddrPort, t *layers.TCP) *conn {
	c := &conn{id: len(a.all), client: from, server: to, libFirst: -1}
	switch {
	case t.SYN && !t.ACK:
	case t.SYN && t.ACK, // a SYN-ACK comes from the server
		!t.SYN && from.Port() == bgpPort && to.Port() != bgpPort:
		c.client, c.server = to, from
	}
	for side := range c.dirs {
		f := Flow{Client: c.client, Server: c.server, FromClient: side == fromClient}
		c.keep[side] = a.filter == nil || a.filter(f)
		c.dirs[side].s.Flow = f
		c.dirs[side].s.Conn = c.id
	}
	var id [9]byte
	binary.BigEndian.PutUint64(id[:8], uint64(c.id))
	other := id
	other[8] = 1
	c.flow[fromClient] = gopacket.NewFlow(connEndpoint, id[:], other[:])
	c.flow[fromServer] = c.flow[fromClient].Reverse()
	a.all = append(a.all, c)
	return c
}

// release feeds a held SYN, one sequence number lower when the quirk applies.
func (a *assembler) release(c *conn, side int, quirk bool) {
	dir := &c.dirs[side]
	h := dir.held
	dir.held = nil
	if a.tmp.DecodeFromBytes(h.raw, gopacket.NilDecodeFeedback) != nil {
		return // it decoded once already
	}
	if quirk && h.n > 0 {
		a.tmp.Seq--
		dir.s.SYNSeqQuirk = true
	}
	a.feed(c, side, &a.tmp, h.ci)
}

// feed hands one segment to reassembly.
func (a *assembler) feed(c *conn, side int, t *layers.TCP, ci gopacket.CaptureInfo) {
	if len(t.Payload) > 0 || t.SYN {
		c.dirs[side].fed = true
	}
	if c.libFirst < 0 {
		c.libFirst = side
	}
	a.cur = c
	a.ctx = libContext(ci)
	a.lib.AssembleWithContext(c.flow[side], t, &a.ctx)
}

// finish releases the SYNs still held, flushes reassembly (every hole still
// open becomes a gap) and returns the streams.
func (a *assembler) finish() []Stream {
	for _, c := range a.all {
		for side := range c.dirs {
			if c.dirs[side].held != nil {
				a.release(c, side, false)
			}
		}
	}
	a.lib.FlushAll()
	var out []Stream
	for _, c := range a.all {
		for side := range c.dirs {
			if c.keep[side] && c.dirs[side].s.Packets > 0 {
				out = append(out, c.dirs[side].s)
			}
		}
	}
	return out
}

// libContext carries a packet's CaptureInfo into reassembly.
type libContext gopacket.CaptureInfo

func (c *libContext) GetCaptureInfo() gopacket.CaptureInfo { return gopacket.CaptureInfo(*c) }

// libFactory makes the reassembly.Stream of a connection.
type libFactory struct{ a *assembler }

func (f libFactory) New(_, _ gopacket.Flow, _ *layers.TCP, _ reassembly.AssemblerContext) reassembly.Stream {
	c := f.a.cur
	if c.lib == nil {
		c.lib = &libStream{c: c}
	}
	return c.lib
}

// libStream receives what reassembly delivers for one connection.
type libStream struct{ c *conn }

// Accept starts a direction at its first segment with payload when no SYN
// was seen, instead of waiting for a SYN that will never come.
func (s *libStream) Accept(t *layers.TCP, _ gopacket.CaptureInfo, _ reassembly.TCPFlowDirection,
	nextSeq reassembly.Sequence, start *bool, _ reassembly.AssemblerContext) bool {
	if nextSeq < 0 && len(t.Payload) > 0 { // no sequence number known yet
		*start = true
	}
	return true
}

// ReassembledSG appends in-order data, first recording the hole reassembly
// skipped to reach it, if any.
func (s *libStream) ReassembledSG(sg reassembly.ScatterGather, _ reassembly.AssemblerContext) {
	dir, _, _, skip := sg.Info()
	side := s.c.libFirst
	if dir == reassembly.TCPDirServerToClient {
		side = 1 - side
	}
	st := &s.c.dirs[side].s
	if skip > 0 {
		st.addGap(int64(skip))
	} else if skip < 0 && len(st.Data) > 0 {
		st.addGap(-1)
	}
	if n, _ := sg.Lengths(); n > 0 {
		st.Data = append(st.Data, sg.Fetch(n)...)
	}
}

// ReassemblyComplete keeps the connection in reassembly's pool, so that
// stray segments after the end (a retransmitted FIN, a late duplicate) are
// dropped by it rather than starting a second stream.
func (s *libStream) ReassemblyComplete(reassembly.AssemblerContext) bool { return false }

// addGap records size missing octets at the current end of Data.
func (s *Stream) addGap(size int64) {
	if n := len(s.Gaps); n > 0 && s.Gaps[n-1].Offset == len(s.Data) {
		g := &s.Gaps[n-1]
		if g.Size < 0 || size < 0 {
			g.Size = -1
		} else {
			g.Size += size
		}
		return
	}
	s.Gaps = append(s.Gaps, Gap{Offset: len(s.Data), Size: size})
}
