package station

import (
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// mirrored is one Route Mirroring message (RFC 7854 §4.7) kept for the
// API: the BGP messages it carried, as received, and its information
// codes.
type mirrored struct {
	at      time.Time
	peer    bmp.PeerHeader
	msgs    [][]byte // BGP Message TLVs, header included
	errored bool     // Information code 0: the PDU was found in error
	lost    bool     // Information code 1: messages were lost
	session bgp.Session
}

// mirrorRing keeps the last keep Route Mirroring messages of a router.
type mirrorRing struct {
	keep    int
	items   []mirrored
	next    int
	total   uint64 // Route Mirroring messages received
	errored uint64 // with the errored PDU code
	lost    uint64 // with the messages lost code
}

// add keeps m, forgetting the oldest when full; it returns the octets
// added and released.
func (mr *mirrorRing) add(m mirrored) (added, released int) {
	if mr.keep <= 0 {
		return 0, 0
	}
	added = m.size()
	if len(mr.items) < mr.keep {
		mr.items = append(mr.items, m)
		return added, 0
	}
	released = mr.items[mr.next].size()
	mr.items[mr.next] = m
	mr.next = (mr.next + 1) % mr.keep
	return added, released
}

// list returns the kept messages, newest first.
func (mr *mirrorRing) list() []mirrored {
	out := make([]mirrored, 0, len(mr.items))
	for i := 0; i < len(mr.items); i++ {
		j := (mr.next - 1 - i + 2*len(mr.items)) % len(mr.items)
		out = append(out, mr.items[j])
	}
	return out
}

func (m *mirrored) size() int {
	n := 128
	for _, b := range m.msgs {
		n += len(b) + 24
	}
	return n
}

// mirroring keeps a Route Mirroring message and counts its information
// codes. The mirrored BGP messages are explained when the API is asked,
// not here: the read loop stays cheap.
func (r *router) mirroring(v bmp.MessageView, now time.Time) error {
	rm, err := decodeAs[bmp.RouteMirroring](v)
	if err != nil {
		return err
	}
	mm := mirrored{at: now, peer: rm.Peer}
	for _, t := range rm.TLVs {
		switch bmp.MirroringTLVType(t.Type) {
		case bmp.MirrorBGPMessage:
			mm.msgs = append(mm.msgs, t.Value)
			r.st.m.mirrored.WithLabelValues("bgp_message").Inc()
		case bmp.MirrorInformation:
			code, ok := t.Uint16()
			if !ok {
				continue
			}
			switch bmp.MirroringInfo(code) {
			case bmp.MirrorErroredPDU:
				mm.errored = true
				r.st.m.mirrored.WithLabelValues("errored_pdu").Inc()
			case bmp.MirrorMessagesLost:
				mm.lost = true
				r.st.m.mirrored.WithLabelValues("messages_lost").Inc()
			}
		}
	}
	// The session the mirrored messages are read with: the peer's, as its
	// Peer Up gave it for the Adj-RIB-In.
	if s, _, ok := r.bmpPeers.Session(bmp.PeerKey{Type: rm.Peer.Type, Distinguisher: rm.Peer.Distinguisher, Address: rm.Peer.Address, RIB: bmp.RIBInPre}); ok {
		mm.session = s
	} else {
		mm.session = bgp.Session{AS4: true}
	}
	r.mu.Lock()
	r.mirror.total++
	if mm.errored {
		r.mirror.errored++
	}
	if mm.lost {
		r.mirror.lost++
	}
	added, released := r.mirror.add(mm)
	r.mu.Unlock()
	r.held.Add(int64(added - released))
	return nil
}
