package capture

// Reassembly of one direction of a TCP connection (RFC 9293 §3.4, §3.10.7.4).
//
// In-order data is appended to the Stream at once. Data beyond a hole is
// held, in pages of at most pageSize octets, sorted by sequence number and
// never overlapping: a later copy of held octets replaces the earlier one,
// while octets already appended are never rewritten. When the pages held
// reach the per-direction or the total bound, the hole before the first
// page is given up (it becomes a Gap) and that page and whatever follows it
// contiguously are appended. At the end of the capture every remaining hole
// is given up the same way.

// pageSize is the most octets one held page takes; every held segment takes
// at least one page, so Options bound pages, not octets.
const pageSize = 1900

// noSeq marks a direction whose next sequence number is not known yet.
const noSeq = -1

// seqDiff is b - a in sequence space (RFC 9293 §3.4: modulo 2^32, the
// nearer way round).
func seqDiff(a, b uint32) int64 { return int64(int32(b - a)) }

// pageBudget counts held pages against Options' bounds. It is shared by
// all directions.
type pageBudget struct {
	perDir, total int // bounds, in pages
	used          int // pages held by all directions
}

// heldPage is a run of octets waiting for a hole before it to be filled.
type heldPage struct {
	seq  uint32
	data []byte
	end  bool // the last page of a segment with FIN or RST
}

// halfConn is the reassembly state of one direction.
type halfConn struct {
	next   int64 // sequence number of the next in-order octet, or noSeq
	closed bool  // FIN or RST put in order: later segments are ignored
	held   []heldPage
}

// segment takes one segment of this direction and appends to s what it
// puts in order.
func (h *halfConn) segment(b *pageBudget, s *Stream, t *segment) {
	if h.closed {
		return
	}
	seq, data := t.seq, t.payload
	queue := true
	switch {
	case h.next == noSeq && t.syn:
		seq++ // the SYN takes a sequence number (RFC 9293 §3.4)
		h.next, queue = int64(seq), false
	case h.next == noSeq && len(data) > 0:
		// No SYN was seen: the direction starts at its first data.
		h.next, queue = int64(seq), false
	case h.next != noSeq && seqDiff(uint32(h.next), seq) <= 0:
		queue = false
	}
	end := t.fin || t.rst
	var first heldPage
	ok, live := false, false
	if queue {
		// Data beyond the next expected octet (or, before the direction
		// started, a segment without data, which holds nothing).
		h.hold(b, seq, data, end, true)
		if len(h.held) >= b.perDir || b.used >= b.total {
			first, ok = h.popFirst()
		}
	} else {
		seq, data = h.trimDelivered(seq, data)
		data = h.hold(b, seq, data, end, false)
		if len(data) > 0 || end || t.syn {
			first, ok, live = heldPage{seq: seq, data: data, end: end}, true, true
		}
	}
	if !ok {
		return
	}
	next := h.deliver(b, s, first, live)
	h.next = int64(next)
	if t.fin {
		h.next = int64(next + 1) // the FIN takes a sequence number
	}
}

// trimDelivered drops the octets of seq, data already put in order.
func (h *halfConn) trimDelivered(seq uint32, data []byte) (uint32, []byte) {
	if h.next == noSeq {
		return seq, data
	}
	d := seqDiff(seq, uint32(h.next))
	if d == 0 {
		return seq, data
	}
	if d < 0 || d > int64(len(data)) {
		d = int64(len(data))
	}
	return uint32(h.next), data[d:]
}

// hold reconciles data at seq with the held pages: where they overlap the
// new octets win (held pages are trimmed, removed, or overwritten in place).
// When queue is set, what remains of data is then held; otherwise it is
// returned, to be put in order.
func (h *halfConn) hold(b *pageBudget, seq uint32, data []byte, end, queue bool) []byte {
	start, stop := seq, seq+uint32(len(data))
	i := len(h.held) - 1
walk:
	for ; i >= 0; i-- {
		p := &h.held[i]
		if seqDiff(stop, p.seq) > 0 {
			continue // p lies after data
		}
		pEnd := p.seq + uint32(len(p.data))
		if seqDiff(start, pEnd) <= 0 {
			break walk // p lies before data
		}
		fromStart, fromEnd := seqDiff(start, p.seq), seqDiff(stop, pEnd)
		switch {
		case fromStart >= 0 && fromEnd <= 0: // p within data
			h.held = append(h.held[:i], h.held[i+1:]...)
			b.used--
		case fromEnd < 0: // p overlaps data's start
			p.data = p.data[:-fromStart]
			break walk
		case fromStart > 0: // p overlaps data's end
			n := seqDiff(p.seq, stop)
			p.data, p.seq = p.data[n:], stop
		default: // data within p
			copy(p.data[-fromStart:], data)
			data = data[:0]
		}
	}
	if !queue || len(data) == 0 {
		return data
	}
	// The new pages go after held[i].
	owned := append([]byte(nil), data...)
	var pages []heldPage
	for len(owned) > 0 {
		n := min(len(owned), pageSize)
		pages = append(pages, heldPage{seq: seq, data: owned[:n:n]})
		seq += uint32(n)
		owned = owned[n:]
	}
	pages[len(pages)-1].end = end
	b.used += len(pages)
	h.held = append(h.held[:i+1], append(pages, h.held[i+1:]...)...)
	return nil
}

// popFirst takes the first held page out of the ring, if any; it still
// counts in the budget until delivered.
func (h *halfConn) popFirst() (heldPage, bool) {
	if len(h.held) == 0 {
		return heldPage{}, false
	}
	p := h.held[0]
	h.held[0] = heldPage{} // its data may go once delivered
	h.held = h.held[1:]
	return p, true
}

// deliver appends first (a held page, or with live the segment being
// taken), and the held pages that continue it without a hole, to s,
// recording the hole before it if any. It returns the sequence number
// after them and closes the direction when the last of them ended with FIN
// or RST.
func (h *halfConn) deliver(b *pageBudget, s *Stream, first heldPage, live bool) uint32 {
	if h.next == noSeq {
		if len(s.Data) > 0 {
			s.addGap(-1)
		}
	} else if skip := seqDiff(uint32(h.next), first.seq); skip > 0 {
		s.addGap(skip)
	} else if skip < 0 && len(s.Data) > 0 {
		s.addGap(-1)
	}
	s.Data = append(s.Data, first.data...)
	if !live {
		b.used--
	}
	next, end := first.seq+uint32(len(first.data)), first.end
	for len(h.held) > 0 && seqDiff(next, h.held[0].seq) == 0 {
		p, _ := h.popFirst()
		s.Data = append(s.Data, p.data...)
		b.used--
		next, end = next+uint32(len(p.data)), p.end
	}
	if end {
		h.close(b)
	}
	return next
}

// close ends the direction; held pages are dropped.
func (h *halfConn) close(b *pageBudget) {
	h.closed = true
	b.used -= len(h.held)
	h.held = nil
}

// flush gives up the holes still open at the end of the capture: each
// becomes a gap and the held data after it follows.
func (h *halfConn) flush(b *pageBudget, s *Stream) {
	for !h.closed {
		if len(h.held) == 0 {
			h.close(b)
			return
		}
		p, _ := h.popFirst()
		h.next = int64(h.deliver(b, s, p, false))
	}
}
