package kafka

import (
	"crypto/md5"
	"encoding/binary"
	"net/netip"

	"github.com/bgplens/bgplens/bmp/obmp"
)

// rawSessions gives each router session its router hash in the raw
// header: the hash of its address (as RouteViews' and OpenBMP's raw
// topics name a router) for the first session of an address, and for a
// session from an address another live session already has (routers
// behind one NAT) MD5 of the address's octets and its sysName (and its
// TCP port when it sent none, or another live session has the same), so that a consumer keyed by router hash
// (station/kafkain, a query node) keeps them apart instead of reading
// their interleaved messages as one router's. Publish's goroutine owns
// it.
type rawSessions struct {
	hashes map[netip.AddrPort][16]byte   // live sessions
	plain  map[netip.Addr]netip.AddrPort // the session holding its address's own hash
}

// hash returns the router hash of session sess, assigning it at the
// session's first message.
func (r *rawSessions) hash(sess netip.AddrPort, sysName string) [16]byte {
	if h, ok := r.hashes[sess]; ok {
		return h
	}
	if r.hashes == nil {
		r.hashes, r.plain = map[netip.AddrPort][16]byte{}, map[netip.Addr]netip.AddrPort{}
	}
	a := sess.Addr()
	var h [16]byte
	if _, held := r.plain[a]; !held {
		h = obmp.RouterHash(a)
		r.plain[a] = sess
	} else {
		b := a.AsSlice()
		if sysName != "" {
			b = append(b, sysName...)
		}
		if h = md5.Sum(b); sysName == "" || r.live(h) {
			// No sysName, or a live session has this one's: the port too.
			h = md5.Sum(binary.BigEndian.AppendUint16(b, sess.Port()))
		}
	}
	r.hashes[sess] = h
	return h
}

func (r *rawSessions) live(h [16]byte) bool {
	for _, x := range r.hashes {
		if x == h {
			return true
		}
	}
	return false
}

// end forgets a session that has ended (its router_down).
func (r *rawSessions) end(sess netip.AddrPort) {
	delete(r.hashes, sess)
	if r.plain[sess.Addr()] == sess {
		delete(r.plain, sess.Addr())
	}
}
