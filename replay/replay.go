// Package replay turns route feeds into the BMP a router would send: a raw
// BMP stream as it is, the BMP streams of a packet capture, and MRT
// archives (RFC 6396), whose RIB dumps become an Initiation, a Peer Up per
// peer and a Route Monitoring per route, and whose BGP4MP messages become
// Route Monitoring in the order of the file. `bgplens replay` sends them to
// a station: the load generator of the station's benchmarks, and a way to
// feed real archives to a station.
package replay

import (
	"errors"
	"io"
	"net/netip"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
)

// Emit takes one BMP message; the slice is valid until Emit returns.
type Emit func(msg []byte) error

// Stats counts what a conversion did.
type Stats struct {
	Messages int // BMP messages emitted
	Routes   int // Route Monitoring messages emitted
	Skipped  int // records or entries that could not be converted
}

// localAS and localID name the simulated monitored router in the Peer Ups
// it reports.
const localAS = 64512

var localID = netip.MustParseAddr("192.0.2.254")

// FromMRT converts an MRT archive into BMP, as router sysName would send
// it: an Initiation first; each peer of a TABLE_DUMP entry or of a
// PEER_INDEX_TABLE brought up (a
// Peer Up with OPENs of their AS and BGP ID, 4-octet AS and, for peers of
// _ADDPATH RIB records, ADD-PATH); every RIB entry a Route Monitoring of
// its peer (pre-policy Adj-RIB-In) holding an UPDATE with the entry's
// attributes and prefix; every BGP4MP message a Route Monitoring of its
// peer, whose Peer Up is sent before its first message, and every BGP4MP
// state change out of Established a Peer Down. Records that cannot be
// converted are counted and skipped, never fatal.
func FromMRT(r *mrt.Reader, sysName string, emit Emit) (Stats, error) {
	c := converter{emit: emit, up: map[peerID]bool{}}
	if err := c.send(bmp.Initiation{Information: []bmp.TLV{{Type: uint16(bmp.InitSysName), Value: []byte(sysName)}}}); err != nil {
		return c.st, err
	}
	var index []mrt.Peer
	var rr mrtbgp.RIBReader
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return c.st, nil
		}
		if err != nil {
			return c.st, err
		}
		ts := rec.Header.Timestamp
		switch rec.Kind() {
		case mrt.KindPeerIndex:
			pi, err := rec.PeerIndex()
			if err != nil {
				c.st.Skipped++
				continue
			}
			index = pi.Peers
		case mrt.KindRIB:
			v, err := rec.RIB()
			if err != nil {
				c.st.Skipped++
				continue
			}
			for _, e := range v.All() {
				if int(e.PeerIndex) >= len(index) {
					c.st.Skipped++
					continue
				}
				p := index[e.PeerIndex]
				if err := c.peerUp(peerID{p.IP, p.AS}, p.BGPID, true, v.AddPath, ts); err != nil {
					return c.st, err
				}
				if err := rr.Entry(&v, e); err != nil || rr.V.Verdict() != nil && rr.V.Verdict().Action >= bgp.SessionReset {
					c.st.Skipped++
					continue
				}
				if err := c.route(peerID{p.IP, p.AS}, p.BGPID, true, e.Originated, rr.V.View().Message()); err != nil {
					return c.st, err
				}
			}
		case mrt.KindTableDump:
			// Early RIS dumps batch entries in one record (TableDumps).
			for v, err := range rec.TableDumps() {
				if err != nil {
					c.st.Skipped++
					break
				}
				p := peerID{v.PeerIP, uint32(v.PeerAS)}
				if err := c.peerUp(p, netip.Addr{}, false, false, ts); err != nil {
					return c.st, err
				}
				if err := rr.TableDump(&v); err != nil || rr.V.Verdict() != nil && rr.V.Verdict().Action >= bgp.SessionReset {
					c.st.Skipped++
					continue
				}
				if err := c.route(p, netip.Addr{}, false, v.Originated, rr.V.View().Message()); err != nil {
					return c.st, err
				}
			}
		case mrt.KindBGP4MPMessage, mrt.KindBGP4MPState, mrt.KindLegacyMessage, mrt.KindLegacyState:
			v, err := rec.BGP4MP()
			if err != nil || !v.PeerIP.IsValid() {
				c.st.Skipped++
				continue
			}
			if err := c.bgp4mp(v, ts); err != nil {
				return c.st, err
			}
		}
	}
}

// peerID names a peer of the archive.
type peerID struct {
	ip netip.Addr
	as uint32
}

type converter struct {
	emit Emit
	up   map[peerID]bool
	buf  []byte
	st   Stats
}

func (c *converter) send(m bmp.Message) error {
	b, err := m.Append(c.buf[:0])
	if err != nil {
		c.st.Skipped++
		return nil
	}
	c.buf = b
	c.st.Messages++
	return c.emit(b)
}

// header is the per-peer header of a peer's pre-policy Adj-RIB-In.
func header(p peerID, id netip.Addr, as4 bool, ts uint32) bmp.PeerHeader {
	h := bmp.PeerHeader{Type: bmp.PeerGlobal, Address: p.ip, AS: p.as, BGPID: id, Seconds: ts}
	if p.ip.Is6() {
		h.Flags |= bmp.FlagV
	}
	if !as4 {
		h.Flags |= bmp.FlagA
	}
	if !h.BGPID.Is4() {
		h.BGPID = netip.IPv4Unspecified()
	}
	return h
}

// peerUp sends the Peer Up of p unless it is up: OPENs that give the
// session the archive implies (4-octet AS numbers or not, ADD-PATH for
// IPv4 and IPv6 unicast or not).
func (c *converter) peerUp(p peerID, id netip.Addr, as4, addPath bool, ts uint32) error {
	if c.up[p] {
		return nil
	}
	c.up[p] = true
	caps := []bgp.Capability{
		bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv4Unicast}),
		bgp.NewCapability(bgp.CapMultiprotocol{Family: bgp.IPv6Unicast}),
	}
	if addPath {
		caps = append(caps, bgp.NewCapability(bgp.CapAddPath{Entries: []bgp.AddPathEntry{
			{Family: bgp.IPv4Unicast, Mode: bgp.AddPathBoth}, {Family: bgp.IPv6Unicast, Mode: bgp.AddPathBoth}}}))
	}
	open := func(as uint32, bid netip.Addr) []byte {
		cs := caps
		if as4 {
			cs = append(cs[:len(cs):len(cs)], bgp.NewCapability(bgp.CapAS4{AS: as}))
		}
		my := as
		if my > 0xffff {
			my = bgp.ASTrans
		}
		if !bid.Is4() || bid.IsUnspecified() {
			bid = netip.AddrFrom4([4]byte{192, 0, 2, 1})
		}
		b, err := bgp.NewOpen(my, 180, bid, cs...).Append(nil, bgp.Session{})
		if err != nil {
			return nil
		}
		return b
	}
	local := localID
	if p.ip.Is6() {
		local = netip.MustParseAddr("2001:db8::fe")
	}
	return c.send(bmp.PeerUp{Peer: header(p, id, as4, ts), LocalAddress: local, LocalPort: 179, RemotePort: 40000,
		SentOpen: open(localAS, localID), ReceivedOpen: open(p.as, id)})
}

// route sends one UPDATE as a Route Monitoring of p.
func (c *converter) route(p peerID, id netip.Addr, as4 bool, ts uint32, update []byte) error {
	c.st.Routes++
	return c.send(bmp.RouteMonitoring{Peer: header(p, id, as4, ts), BGP: update})
}

// bgp4mp converts a BGP4MP record: an UPDATE to Route Monitoring (after
// the peer's Peer Up), leaving Established to a Peer Down.
func (c *converter) bgp4mp(v mrt.BGP4MP, ts uint32) error {
	p := peerID{v.PeerIP, v.PeerAS}
	s := mrtbgp.Session(v)
	if v.Message == nil {
		if v.OldState == 6 && v.NewState != 6 && c.up[p] { // Established (RFC 6396 §4.4.1)
			delete(c.up, p)
			return c.send(bmp.PeerDown{Peer: header(p, netip.Addr{}, v.AS4, ts), Reason: bmp.DownRemoteNoData})
		}
		return nil
	}
	msg, ok := mrtbgp.Message(v, nil)
	if !ok || len(msg) <= bgp.OffType || bgp.MessageType(msg[bgp.OffType]) != bgp.MsgUpdate {
		return nil // only UPDATEs are monitored routes
	}
	if err := c.peerUp(p, netip.Addr{}, s.AS4, len(s.AddPathFamilies()) > 0, ts); err != nil {
		return err
	}
	return c.route(p, netip.Addr{}, s.AS4, ts, msg)
}

// ErrNotBMP is returned by FromBMP for a stream that does not start with
// a BMP common header.
var ErrNotBMP = errors.New("replay: not a BMP stream")

// FromBMP passes the messages of a raw BMP stream through.
func FromBMP(r io.Reader, emit Emit) (Stats, error) {
	var st Stats
	rd := bmp.NewReader(r)
	for {
		msg, err := rd.Next()
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			if st.Messages == 0 {
				return st, ErrNotBMP
			}
			return st, errors.New("replay: BMP stream offset " + strconv.FormatInt(rd.Offset(), 10) + ": " + err.Error())
		}
		st.Messages++
		if msg[bmp.OffType] == byte(bmp.MsgRouteMonitoring) {
			st.Routes++
		}
		if err := emit(msg); err != nil {
			return st, err
		}
	}
}
