package testcorpus

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"sort"
)

const bgpPort = 179

var bgpMarker = bytes.Repeat([]byte{0xff}, 16)

// CaptureStats counts what ReadCapture saw besides the messages.
type CaptureStats struct {
	Packets  int // frames in the file
	Segments int // TCP segments to or from port 179 with data
	Skipped  int // stream octets dropped while looking for a BGP marker
	Gaps     int // holes in a TCP stream that the capture never filled
}

// ReadCapture reads a pcap or pcapng file, reassembles every TCP flow to or
// from port 179 (in sequence-number order, dropping retransmitted octets,
// holding early segments until the hole before them fills) and cuts each
// stream into BGP messages by the header's length field. If a stream does
// not start on a marker (the capture began mid-stream) octets are skipped
// up to the next marker and counted in Skipped.
//
// Messages are returned in capture order, each with the session the OPENs
// seen on its connection imply: AS4 and extended messages when both sides
// advertised the capability, ADD-PATH for a family when the sender may
// send and the receiver may receive (RFC 7911 §4). When only one side's
// OPEN was captured the other side is assumed to have agreed to 4-octet AS
// numbers and extended messages but not to ADD-PATH; when neither was,
// hint is used.
func ReadCapture(b []byte, hint Session) ([]Message, CaptureStats, error) {
	var st CaptureStats
	pkts, err := readPackets(b)
	st.Packets = len(pkts)
	r := reassembler{flows: map[flowKey]*flow{}, hint: hint, st: &st}
	for i, p := range pkts {
		ip := ipPayload(p)
		if ip == nil {
			continue
		}
		s, ok := tcpSegment(ip)
		if !ok || s.src.Port() != bgpPort && s.dst.Port() != bgpPort {
			continue
		}
		r.add(i, s)
	}
	r.finish(len(pkts))
	return r.msgs, st, err
}

type flowKey struct{ src, dst netip.AddrPort }

// openCaps is what an OPEN advertised that changes how messages are read.
type openCaps struct {
	as4, ext bool
	addPath  map[Family]uint8 // RFC 7911 §4 Send/Receive: 1 receive, 2 send, 3 both
}

type flow struct {
	key     flowKey
	name    string
	started bool
	next    uint32            // next expected sequence number
	pending map[uint32][]byte // segments that arrived before a hole filled
	buf     []byte            // stream octets not yet cut into messages
	open    *openCaps         // the last OPEN sent on this flow
}

type reassembler struct {
	flows map[flowKey]*flow
	msgs  []Message
	hint  Session
	st    *CaptureStats
}

func (r *reassembler) flow(k flowKey) *flow {
	f := r.flows[k]
	if f == nil {
		f = &flow{key: k, name: k.src.String() + ">" + k.dst.String()}
		r.flows[k] = f
	}
	return f
}

func (r *reassembler) add(pkt int, s segment) {
	f := r.flow(flowKey{s.src, s.dst})
	if s.syn {
		// A new connection on the same four-tuple starts afresh. The SYN
		// takes one sequence number, except in the synthetic replays
		// (pmacct, tcpdump tests) that put data in a SYN: there the data
		// starts at the SYN's own sequence number, as the next segment's
		// shows.
		f.started, f.next, f.pending, f.buf, f.open = true, s.seq+1, nil, nil, nil
		if len(s.data) > 0 {
			f.next = s.seq
		}
	}
	if len(s.data) == 0 {
		return
	}
	r.st.Segments++
	if !f.started {
		f.started, f.next = true, s.seq
	}
	if d := int32(s.seq - f.next); d > 0 {
		if f.pending == nil {
			f.pending = map[uint32][]byte{}
		}
		if len(s.data) > len(f.pending[s.seq]) {
			f.pending[s.seq] = s.data
		}
		return
	}
	f.accept(s.seq, s.data)
	for f.drain() {
	}
	r.cut(pkt, f, false)
}

// accept appends the part of data (starting at seq) past f.next.
func (f *flow) accept(seq uint32, data []byte) {
	skip := int(f.next - seq)
	if skip >= len(data) {
		return // retransmission
	}
	f.buf = append(f.buf, data[skip:]...)
	f.next += uint32(len(data) - skip)
}

// drain accepts one pending segment that the stream has reached.
func (f *flow) drain() bool {
	for seq, data := range f.pending {
		if int32(seq-f.next) <= 0 {
			delete(f.pending, seq)
			f.accept(seq, data)
			return true
		}
	}
	return false
}

// finish jumps over holes that were never filled and flushes what is
// left, the last message of a stream possibly Partial.
func (r *reassembler) finish(pkt int) {
	keys := make([]flowKey, 0, len(r.flows))
	for k := range r.flows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].src.String()+keys[i].dst.String() < keys[j].src.String()+keys[j].dst.String()
	})
	for _, k := range keys {
		f := r.flows[k]
		for len(f.pending) > 0 {
			first := true
			var lo uint32
			for seq := range f.pending {
				if first || int32(seq-lo) < 0 {
					lo, first = seq, false
				}
			}
			r.st.Gaps++
			r.cut(pkt-1, f, false) // what precedes the hole
			if len(f.buf) > 0 {
				r.msgs = append(r.msgs, r.message(pkt-1, f, f.buf, true))
				f.buf = nil
			}
			f.next = lo
			for f.drain() {
			}
		}
		r.cut(pkt-1, f, true)
	}
}

// cut yields the complete messages at the front of f.buf; with final it
// also yields an incomplete last one as Partial.
func (r *reassembler) cut(pkt int, f *flow, final bool) {
	for len(f.buf) > 0 {
		if len(f.buf) < len(bgpMarker) || !bytes.Equal(f.buf[:16], bgpMarker) {
			i := bytes.Index(f.buf, bgpMarker)
			if i < 0 {
				if !final && len(f.buf) < 16 {
					return
				}
				keep := 0
				if !final {
					keep = 15 // may be the start of a marker
				}
				r.st.Skipped += len(f.buf) - keep
				f.buf = f.buf[len(f.buf)-keep:]
				return
			}
			r.st.Skipped += i
			f.buf = f.buf[i:]
		}
		if len(f.buf) < 19 {
			if final {
				r.msgs = append(r.msgs, r.message(pkt, f, f.buf, true))
				f.buf = nil
			}
			return
		}
		n := int(binary.BigEndian.Uint16(f.buf[16:]))
		n = max(n, 19) // a length below the header's: give the header alone to the decoder
		if len(f.buf) < n {
			if final {
				r.msgs = append(r.msgs, r.message(pkt, f, f.buf, true))
				f.buf = nil
			}
			return
		}
		m := f.buf[:n:n]
		f.buf = f.buf[n:]
		if m[18] == 1 {
			f.open = parseOpenCaps(m)
		}
		r.msgs = append(r.msgs, r.message(pkt, f, m, false))
	}
}

func (r *reassembler) message(pkt int, f *flow, data []byte, partial bool) Message {
	return Message{Data: data, Session: r.session(f), Rec: pkt, Flow: f.name, Partial: partial}
}

// session combines the OPENs of both directions of f's connection.
func (r *reassembler) session(f *flow) Session {
	own := f.open
	var peer *openCaps
	if g := r.flows[flowKey{f.key.dst, f.key.src}]; g != nil {
		peer = g.open
	}
	switch {
	case own == nil && peer == nil:
		return r.hint
	case own == nil:
		own = peer.mirror()
	case peer == nil:
		peer = own.mirror()
	}
	s := Session{AS4: own.as4 && peer.as4, ExtendedMsg: own.ext && peer.ext}
	for fam, mode := range own.addPath {
		if mode&2 != 0 && peer.addPath[fam]&1 != 0 {
			s.AddPath = append(s.AddPath, fam)
		}
	}
	sort.Slice(s.AddPath, func(i, j int) bool {
		a, b := s.AddPath[i], s.AddPath[j]
		return a.AFI < b.AFI || a.AFI == b.AFI && a.SAFI < b.SAFI
	})
	return s
}

// mirror is the assumed OPEN of a peer whose OPEN was not captured: it
// agreed to 4-octet AS numbers and extended messages if o offered them,
// which every implementation in these captures does, but not to ADD-PATH,
// which needs the peer's own capability (RFC 7911 §4): in
// tcpdump/tests/bgp-role.pcapng one side offers to receive path IDs and
// the other sends none.
func (o *openCaps) mirror() *openCaps {
	return &openCaps{as4: o.as4, ext: o.ext}
}

// parseOpenCaps reads the capabilities of an OPEN message (RFC 4271 §4.2,
// RFC 5492 §4, RFC 9072 extended optional parameters length). It is
// lenient: whatever does not parse is ignored.
func parseOpenCaps(m []byte) *openCaps {
	o := &openCaps{addPath: map[Family]uint8{}}
	const fixed = 19 + 10 // header, version, my AS, hold time, BGP identifier, opt len
	if len(m) < fixed {
		return o
	}
	params, lenw := m[fixed:], 1
	if n := int(m[fixed-1]); n == 255 && len(params) >= 3 && params[0] == 255 {
		// RFC 9072 §2: type 255 then a 2-octet length; lengths are 2 octets.
		n = int(binary.BigEndian.Uint16(params[1:]))
		params, lenw = params[3:], 2
		params = params[:min(n, len(params))]
	} else {
		params = params[:min(n, len(params))]
	}
	for len(params) >= 1+lenw {
		typ, n := params[0], int(params[1])
		if lenw == 2 {
			n = int(binary.BigEndian.Uint16(params[1:]))
		}
		params = params[1+lenw:]
		if n > len(params) {
			return o
		}
		v := params[:n]
		params = params[n:]
		if typ != 2 { // Capabilities (RFC 5492 §4)
			continue
		}
		for len(v) >= 2 {
			code, cl := v[0], int(v[1])
			if cl > len(v)-2 {
				break
			}
			cv := v[2 : 2+cl]
			v = v[2+cl:]
			switch code {
			case 6: // Extended Message (RFC 8654)
				o.ext = true
			case 65: // 4-octet AS (RFC 6793)
				o.as4 = true
			case 69: // ADD-PATH (RFC 7911 §4)
				for ; len(cv) >= 4; cv = cv[4:] {
					f := Family{binary.BigEndian.Uint16(cv), cv[2]}
					if _, dup := o.addPath[f]; !dup { // the first entry for a family counts
						o.addPath[f] = cv[3] & 3
					}
				}
			}
		}
	}
	return o
}
