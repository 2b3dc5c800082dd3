package kafka

import (
	"crypto/md5"
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bmp/obmp"
	"github.com/bgplens/bgplens/station/output"
)

// rawSession is what the raw records of a router session share, made at
// its first message and kept until its router_down: the records' key
// (its router hash) and its OBMP header, whose message length and time
// each record sets. The key is read-only: records in flight refer to it,
// and the garbage collector keeps it for them after the session ends.
type rawSession struct {
	hash [16]byte // router hash, assigned at the session's first message (rawSessions)
	key  []byte
	head []byte
}

// rawSessionOf returns the raw session of r (Publish's goroutine).
func (s *Sink) rawSessionOf(r *output.RouterRef) *rawSession {
	sess := netip.AddrPortFrom(r.Addr.Unmap(), r.Port)
	if s.rawCur != nil && sess == s.rawSess {
		return s.rawCur
	}
	rs := s.raws.session(sess, r.SysName)
	if rs.key == nil {
		h := s.header
		h.RouterAddr, h.RouterHash = sess.Addr(), rs.hash
		rs.key, rs.head = appendRawKey(nil, rs.hash), h.Append(nil, 0)
	}
	s.rawSess, s.rawCur = sess, rs
	return rs
}

// endRawSession forgets a session that has ended: the next one from its
// address and port may have another router hash.
func (s *Sink) endRawSession(sess netip.AddrPort) {
	s.raws.end(sess)
	s.rawCur = nil
}

// rawRecord frames msg, received at t in session rs, as the raw topic's
// record: the session's header, with the message's length and time,
// written straight into the record's octets, then the message.
func (s *Sink) rawRecord(rs *rawSession, msg []byte, t time.Time) *entry {
	e := s.newEntry()
	e.obj = objRaw
	n := len(rs.head)
	v, sl := s.alloc(n + len(msg))
	e.sl[0] = sl
	copy(v, rs.head)
	obmp.SetLengthTime(v, len(msg), t)
	copy(v[n:], msg)
	e.rec.Topic, e.rec.Key, e.rec.Value, e.rec.Timestamp = s.topics[objRaw], rs.key, v, t
	return e
}

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
	live  map[netip.AddrPort]*rawSession
	plain map[netip.Addr]netip.AddrPort // the session holding its address's own hash
}

// hash returns the router hash of session sess, assigning it at the
// session's first message.
func (r *rawSessions) hash(sess netip.AddrPort, sysName string) [16]byte {
	return r.session(sess, sysName).hash
}

// session returns the live session sess, made with its router hash at its
// first message.
func (r *rawSessions) session(sess netip.AddrPort, sysName string) *rawSession {
	if rs := r.live[sess]; rs != nil {
		return rs
	}
	if r.live == nil {
		r.live, r.plain = map[netip.AddrPort]*rawSession{}, map[netip.Addr]netip.AddrPort{}
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
		if h = md5.Sum(b); sysName == "" || r.holds(h) {
			// No sysName, or a live session has this one's: the port too.
			h = md5.Sum(binary.BigEndian.AppendUint16(b, sess.Port()))
		}
	}
	rs := &rawSession{hash: h}
	r.live[sess] = rs
	return rs
}

func (r *rawSessions) holds(h [16]byte) bool {
	for _, rs := range r.live {
		if rs.hash == h {
			return true
		}
	}
	return false
}

// end forgets a session that has ended (its router_down).
func (r *rawSessions) end(sess netip.AddrPort) {
	delete(r.live, sess)
	if r.plain[sess.Addr()] == sess {
		delete(r.plain, sess.Addr())
	}
}
