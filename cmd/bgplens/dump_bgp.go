package main

import (
	"encoding/hex"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// bgpSession is the state of one direction of a BGP session: the OPENs
// the session context is negotiated from, and the reading that last fit.
type bgpSession struct {
	ownOpen  *bgp.Open // the OPEN the sender of this direction sent
	peerOpen *bgp.Open // the OPEN of the other side, if captured
	last     bgp.Session
	haveLast bool
}

func newBGPSession() *bgpSession { return &bgpSession{} }

// hypothesis is the session the OPENs negotiate for the messages this
// direction's speaker sends. Without the other side's OPEN, the speaker's
// own OPEN stands for both; without any OPEN (the capture started after
// it), 4-octet AS numbers and no ADD-PATH, as most sessions today.
func (b *bgpSession) hypothesis() bgp.Session {
	if b.ownOpen == nil {
		return bgp.Session{AS4: true}
	}
	peer := b.peerOpen
	if peer == nil {
		peer = b.ownOpen
	}
	return bgp.Negotiate(*b.ownOpen, *peer, bgp.Send)
}

// firstOpen returns the first OPEN at the start of a BGP stream's octets.
func firstOpen(data []byte) (*bgp.Open, bool) {
	for len(data) >= bgp.HeaderLen && bgp.LooksLikeHeader(data) {
		h, _ := bgp.ParseHeader(data, bgp.Session{ExtendedMsg: true}) // LooksLikeHeader said it parses
		n := int(h.Length)
		if n > len(data) {
			break
		}
		if bgp.MessageType(data[bgp.OffType]) == bgp.MsgOpen {
			if o, err := bgp.DecodeOpen(data[:n]); err == nil {
				return &o, true
			}
			return nil, false
		}
		data = data[n:]
	}
	return nil, false
}

// bgpTypeName is the JSON type of a BGP message: "bgp_" and the type's
// name (package bgp's) in snake_case, e.g. "bgp_route_refresh", or
// "bgp_unknown".
func bgpTypeName(t bgp.MessageType) string {
	if int(t) < len(bgpTypeNames) && bgpTypeNames[t] != "" {
		return bgpTypeNames[t]
	}
	return "bgp_unknown"
}

var bgpTypeNames = func() (names [bgp.MsgRouteRefresh + 1]string) {
	for t := bgp.MsgOpen; t <= bgp.MsgRouteRefresh; t++ {
		names[t] = "bgp_" + strings.ReplaceAll(strings.ToLower(t.String()), "-", "_")
	}
	return names
}()

// bgpMessage decodes and prints one message of a BGP stream.
func (d *dumper) bgpMessage(sc *streamCtx, msg []byte, off int64) {
	t := bgp.MessageType(msg[bgp.OffType])
	r := &dumpRecord{Type: bgpTypeName(t), File: sc.file, Flow: sc.flow, Offset: off, Length: len(msg), PeerIP: sc.router}
	b := sc.bgp
	if b.ownOpen != nil {
		as := b.ownOpen.AS()
		r.PeerASN, r.PeerBGPID = &as, b.ownOpen.BGPIdentifier.String()
	}
	var ok bool
	if t == bgp.MsgUpdate {
		ok = d.bgpUpdate(b, r, msg)
	} else {
		var o *bgp.Open
		if o, ok = describeBGP(r, msg); o != nil {
			b.ownOpen, b.haveLast = o, false
		}
	}
	d.stats.count(sc, r)
	if !d.opt.quiet {
		d.emit(r)
	}
	if !ok {
		d.fail(sc, off, "BGP "+t.String()+": "+r.Problems[0])
	}
}

// describeBGP fills r with a BGP message other than an UPDATE, and returns
// the OPEN decoded. ok is false when the message does not decode.
func describeBGP(r *dumpRecord, msg []byte) (open *bgp.Open, ok bool) {
	ok = true
	switch bgp.MessageType(msg[bgp.OffType]) {
	case bgp.MsgOpen:
		o, err := bgp.DecodeOpen(msg)
		if err != nil {
			r.Problems, ok = append(r.Problems, err.Error()), false
			break
		}
		open = &o
		as := o.AS()
		r.PeerASN, r.PeerBGPID = &as, o.BGPIdentifier.String()
		r.Open = describeOpen(msg)
	case bgp.MsgNotification:
		n, err := bgp.DecodeNotification(msg, bgp.Session{ExtendedMsg: true})
		if err != nil {
			r.Problems, ok = append(r.Problems, err.Error()), false
			break
		}
		r.Notification = &dumpNotif{Code: uint8(n.Code), Subcode: n.Subcode, Text: n.String(), Data: hex.EncodeToString(n.Data)}
	case bgp.MsgKeepalive:
		if _, err := bgp.DecodeKeepalive(msg); err != nil {
			r.Problems, ok = append(r.Problems, err.Error()), false
		}
	case bgp.MsgRouteRefresh:
		rr, err := bgp.DecodeRouteRefreshORF(msg, bgp.Session{ExtendedMsg: true})
		if err != nil {
			r.Problems, ok = append(r.Problems, err.Error()), false
			break
		}
		r.RouteRefresh = rr.String()
	}
	return open, ok
}

// bgpUpdate reads an UPDATE of a BGP stream with the negotiated session,
// or with the first other reading that fits when that one does not (the
// OPENs may not have been captured).
func (d *dumper) bgpUpdate(b *bgpSession, r *dumpRecord, msg []byte) bool {
	expected := b.hypothesis()
	first := expected
	if b.haveLast {
		first = b.last
	}
	var u bgp.UpdateView
	rd, err := bgp.ReadUpdate(&u, msg, expected, first, bgp.SearchOptions{})
	if err != nil {
		r.Problems = append(r.Problems, "UPDATE cannot be framed: "+err.Error())
		return false
	}
	if rd.Clean {
		b.last, b.haveLast = rd.Session, true
	}
	r.Session = newDumpSess(rd.Session)
	if rd.Fallback != 0 {
		r.Fallback, r.Expected = rd.Fallback.String(), newDumpSess(expected)
	}
	describeUpdate(r, u, rd.Session)
	return true
}
