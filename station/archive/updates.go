package archive

import (
	"context"
	"io"
	"net/netip"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/station/output"
)

// Updates is an output sink that writes what the monitored peers sent as
// MRT BGP4MP_ET update files (RFC 6396 §4.4), like the `updates` files of
// route collectors: each UPDATE of a pre-policy Adj-RIB-In Route
// Monitoring message as a MESSAGE_AS4 record (MESSAGE when the session has
// 2-octet AS numbers; the _ADDPATH subtypes of RFC 8050 when its NLRI carry
// Path Identifiers), with the peer's AS and address, and the local side
// the Peer Up named. It takes the raw BMP messages (output.RawReceiver, in runs)
// and reads them with a bmp.Peers per router of its own, the same reading
// the station makes. Files are rotated every Interval: Open returns a
// writer for the period that starts at a time, and the previous one is
// closed (the caller makes that atomic: see station).
type Updates struct {
	// Open starts the file of the period that begins at start.
	Open func(start time.Time) (io.WriteCloser, error)
	// Interval is the length of a file's period.
	Interval time.Duration

	w       io.WriteCloser
	period  time.Time
	routers map[string]*routerState
	buf     []byte
	err     error // the first write error, returned by Close
}

// routerState is what the sink keeps of one router: its per-peer sessions
// and the local side of each peer's session.
type routerState struct {
	peers *bmp.Peers
	local map[bmp.PeerKey]localSide
}

type localSide struct {
	addr netip.Addr
	as   uint32
}

// maxPeersPerRouter bounds the sink's state for one router, as the
// station's max_peers bounds its own.
const maxPeersPerRouter = 1 << 16

// Name implements output.Sink.
func (u *Updates) Name() string { return "mrt-updates" }

// ReceiveRaw implements output.RawReceiver.
func (u *Updates) ReceiveRaw() bool { return true }

// Block implements output.Blocker: a file slows the routers down rather
// than lose what they sent.
func (u *Updates) Block() bool { return true }

// Publish implements output.Sink: raw messages are archived, other events
// ignored.
func (u *Updates) Publish(_ context.Context, ev *output.Event) error {
	if ev.Type != output.EventRaw {
		return nil
	}
	rs := u.router(ev.Router.Name) // a run's messages are of one router, named once
	for i := range ev.Batch.Len() {
		msg, t := ev.Batch.Message(i)
		if err := u.archive(rs, msg, t); err != nil {
			return err
		}
	}
	return nil
}

// archive reads one raw message of the router rs, received at t, into
// the router's state and writes it when it is an UPDATE to archive.
func (u *Updates) archive(rs *routerState, msg []byte, t time.Time) error {
	if err := u.rotate(t); err != nil {
		return err
	}
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		return nil // the station reports it; nothing of it can be archived
	}
	switch v.Type() {
	case bmp.MsgPeerUp:
		pu, _ := v.PeerUp()
		rs.peers.PeerUp(pu)
		if len(rs.local) < maxPeersPerRouter {
			ls := localSide{addr: pu.LocalAddress()}
			if o, err := bgp.ParseOpen(pu.SentOpen()); err == nil || o.Framed() {
				ls.as = o.AS()
			}
			rs.local[pu.Peer().Key()] = ls
		}
	case bmp.MsgPeerDown:
		h, _ := v.Peer()
		rs.peers.PeerDown(h)
	case bmp.MsgRouteMonitoring:
		rm, _ := v.RouteMonitoring()
		h := rm.Peer()
		if h.RIB() != bmp.RIBInPre {
			return nil
		}
		upd, rd, err := rs.peers.ReadUpdate(rm)
		if err != nil {
			return nil
		}
		return u.write(t, h, rs.local[h.Key()], rd.Session, carriesPathIDs(&upd), rm.BGPMessage())
	}
	return nil
}

func (u *Updates) router(name string) *routerState {
	if u.routers == nil {
		u.routers = map[string]*routerState{}
	}
	rs := u.routers[name]
	if rs == nil {
		rs = &routerState{peers: bmp.NewPeers(maxPeersPerRouter), local: map[bmp.PeerKey]localSide{}}
		u.routers[name] = rs
	}
	return rs
}

// rotate makes sure the file of the period holding t is open.
func (u *Updates) rotate(t time.Time) error {
	start := t.Truncate(u.Interval)
	if u.w != nil && !start.After(u.period) {
		return nil
	}
	if u.w != nil {
		if err := u.w.Close(); err != nil && u.err == nil {
			u.err = err
		}
		u.w = nil
	}
	w, err := u.Open(start)
	if err != nil {
		return err
	}
	u.w, u.period = w, start
	return nil
}

// write appends one BGP4MP_ET message record.
func (u *Updates) write(t time.Time, h bmp.PeerHeader, local localSide, s bgp.Session, addPath bool, msg []byte) error {
	// MESSAGE (1) or MESSAGE_AS4 (4); with Path Identifiers
	// MESSAGE_ADDPATH (8) or MESSAGE_AS4_ADDPATH (9).
	sub := uint16(1)
	switch {
	case s.AS4 && addPath:
		sub = 9
	case addPath:
		sub = 8
	case s.AS4:
		sub = 4
	}
	afi := uint16(1)
	peerIP, localIP := h.Address, local.addr
	if peerIP.Is6() || localIP.Is6() {
		afi = 2
		peerIP, localIP = as16(peerIP), as16(localIP)
	} else if !localIP.IsValid() {
		localIP = netip.IPv4Unspecified()
	}
	peerAS, localAS := h.AS, local.as
	if !s.AS4 {
		peerAS, localAS = as2(peerAS), as2(localAS)
	}
	rec := mrt.Record{
		Header: mrt.Header{Timestamp: uint32(t.Unix()), Microseconds: uint32(t.Nanosecond() / 1000), Type: mrt.TypeBGP4MPET, Subtype: sub},
		Body:   &mrt.BGP4MP{PeerAS: peerAS, LocalAS: localAS, AFI: afi, PeerIP: peerIP, LocalIP: localIP, Message: msg, AS4: s.AS4},
	}
	b, err := rec.Append(u.buf[:0])
	if err != nil {
		return nil // a record that cannot be written (an address of another family): skipped
	}
	u.buf = b
	_, err = u.w.Write(b)
	return err
}

// carriesPathIDs reports whether the routes of u carry Path Identifiers
// (RFC 7911), which the _ADDPATH subtypes say of every NLRI of the message
// (RFC 8050 §3): a session may have ADD-PATH for some families only.
func carriesPathIDs(u *bgp.UpdateView) bool {
	s := u.Session()
	if (u.WithdrawnSpan().Len > 0 || u.NLRISpan().Len > 0) && s.AddPath(bgp.IPv4Unicast) {
		return true
	}
	if m, ok := u.MPReach(); ok && len(m.NLRI) > 0 && m.AddPath {
		return true
	}
	m, ok := u.MPUnreach()
	return ok && len(m.Withdrawn) > 0 && m.AddPath
}

// as16 gives an IPv4 address its IPv4-mapped IPv6 form, for a record whose
// addresses are IPv6; an unset address is ::.
func as16(a netip.Addr) netip.Addr {
	if !a.IsValid() {
		return netip.IPv6Unspecified()
	}
	return netip.AddrFrom16(a.As16())
}

// as2 is an AS number in a 2-octet field: AS_TRANS when it does not fit
// (RFC 6793 §4.2.2).
func as2(as uint32) uint32 {
	if as > 0xffff {
		return bgp.ASTrans
	}
	return as
}

// Close implements output.Sink: the current file is closed.
func (u *Updates) Close() error {
	if u.w != nil {
		if err := u.w.Close(); err != nil && u.err == nil {
			u.err = err
		}
		u.w = nil
	}
	return u.err
}
