package output

import (
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// Encoder appends events as AppendJSON does, remembering what events
// share: the route events of an UPDATE have the same time and the same
// Path, so a sink that writes every event encodes those once per UPDATE
// instead of once per route; the members of a router and peer are
// written once per peer (events of a router's peers come interleaved);
// a timestamp's date and time of day once per second. It relies on what
// the station guarantees: the Path of a published event never changes.
// The zero Encoder is ready to use; it is not safe for concurrent use.
type Encoder struct {
	path *Path
	enc  []byte // the path's members, with their leading comma

	time, routerTime stamp

	// peers holds the members from "router" to the end of the peer's
	// (every event but the router ones), by router and peer: the members
	// depend on nothing else. Emptied when it reaches maxEncoderPeers.
	peers map[peerKey][]byte
	// routes holds the members from "action" to "family" of a route
	// event, by withdrawal and family.
	routes map[routeKey][]byte
}

type peerKey struct {
	router RouterRef
	peer   PeerRef
}

type routeKey struct {
	withdraw bool
	family   bgp.Family
}

// maxEncoderPeers bounds the peers (and route kinds) an Encoder keeps:
// well above a station's peers per sink, so the set is emptied only when
// peers come and go for a long time.
const maxEncoderPeers = 4096

// Append appends e as one JSON object, without a newline.
func (c *Encoder) Append(dst []byte, e *Event) []byte { return e.appendJSON(dst, c) }

// routerPeer appends e's router and peer members, from the cache when
// the Encoder has written them before.
func (c *Encoder) routerPeer(w *jw, e *Event) {
	k := peerKey{e.Router, e.Peer}
	if enc, ok := c.peers[k]; ok {
		w.b = append(w.b, enc...)
		return
	}
	start := len(w.b)
	e.appendRouterPeer(w)
	if c.peers == nil || len(c.peers) >= maxEncoderPeers {
		c.peers = make(map[peerKey][]byte)
	}
	c.peers[k] = append([]byte(nil), w.b[start:]...)
}

// routeKind appends a route event's members from "action" to "family",
// from the cache when the Encoder has written them before.
func (c *Encoder) routeKind(w *jw, e *Event) {
	k := routeKey{e.Withdraw, e.Family}
	if enc, ok := c.routes[k]; ok {
		w.b = append(w.b, enc...)
		return
	}
	start := len(w.b)
	e.appendRouteKind(w)
	if c.routes == nil || len(c.routes) >= maxEncoderPeers {
		c.routes = make(map[routeKey][]byte)
	}
	c.routes[k] = append([]byte(nil), w.b[start:]...)
}

// stamp writes times as time.RFC3339Nano in UTC does, remembering the
// text of the last time's second: the events of a feed come many to a
// second, and then cost only their fraction.
type stamp struct {
	sec    int64
	n      int      // the length of prefix in use; 0 before the first time
	prefix [40]byte // `"2006-01-02T15:04:05` of sec, quote included
}

// append appends t, quoted.
func (s *stamp) append(dst []byte, t time.Time) []byte {
	t = t.UTC()
	if sec := t.Unix(); sec != s.sec || s.n == 0 {
		// The second's text is the standard library's (RFC 3339 without
		// a fraction), less its "Z".
		b := append(s.prefix[:0], '"')
		b = time.Unix(sec, 0).UTC().AppendFormat(b, time.RFC3339)
		s.sec, s.n = sec, copy(s.prefix[:], b[:len(b)-1])
	}
	dst = append(dst, s.prefix[:s.n]...)
	if ns := t.Nanosecond(); ns != 0 {
		// Nine digits, less the trailing zeros, as RFC3339Nano writes.
		dst = append(dst, '.', '0', '0', '0', '0', '0', '0', '0', '0', '0')
		f := dst[len(dst)-9:]
		for i := 8; i >= 0; i-- {
			f[i] = byte('0' + ns%10)
			ns /= 10
		}
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
	}
	return append(dst, 'Z', '"')
}
