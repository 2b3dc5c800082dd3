package interop

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/bmpcheck"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
	gobmp "github.com/osrg/gobgp/v4/pkg/packet/bmp"
)

// bmpMsg is one BMP message to read with both libraries, with what
// bgplens's per-peer state said about it.
type bmpMsg struct {
	where string // file, stream and offset
	flow  string // file and stream
	file  string
	data  []byte // as received
	// lens is the message bgplens reads: data, or data cut after its
	// UPDATE (trimmed) when a router put octets there.
	lens    []byte
	trimmed bool
	// For a Route Monitoring message: the session bgplens's Peers read
	// the UPDATE with, and the first hypothesis (the Peer Up's).
	sess, expected bgp.Session
	fallback       bmp.Fallback // how sess departs from expected for what the message carries
	reading        bool         // sess and expected are set
}

// bmpStreams are the real BMP inputs: the raw streams and every
// connection of the captures (internal/bmpcheck lists them).
var bmpStreams = sync.OnceValues(func() ([]bmpcheck.Stream, error) {
	var out []bmpcheck.Stream
	for _, f := range bmpcheck.RawStreams {
		s, err := bmpcheck.ReadRaw(f)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	for _, c := range bmpcheck.Captures {
		ss, err := bmpcheck.ReadCapture(c)
		if err != nil {
			return nil, err
		}
		for i := range ss {
			ss[i].Flow = c.Path + " " + ss[i].Flow
		}
		out = append(out, ss...)
	}
	return out, nil
})

// bmpMessages reads every stream with bgplens's per-peer state and
// returns its messages with the sessions chosen for them.
func bmpMessages(t testing.TB) []bmpMsg {
	t.Helper()
	streams, err := bmpStreams()
	if err != nil {
		t.Fatal(err)
	}
	var out []bmpMsg
	for _, st := range streams {
		file, _, _ := strings.Cut(st.Flow, " ")
		peers := bmp.NewPeers(0)
		for _, m := range st.Messages {
			bm := bmpMsg{where: st.Flow + " @" + strconv.FormatInt(m.Offset, 10), flow: st.Flow, file: file, data: m.Data, lens: m.Data}
			v, err := bmp.ParseMessage(m.Data)
			if err != nil {
				if cut, ok := bmpcheck.CutAfterUpdate(m.Data); ok {
					bm.lens, bm.trimmed = cut, true
					v, err = bmp.ParseMessage(cut)
				}
			}
			if err == nil {
				switch v.Type() {
				case bmp.MsgPeerUp:
					pu, _ := v.PeerUp()
					peers.PeerUp(pu)
				case bmp.MsgPeerDown:
					p, _ := v.Peer()
					peers.PeerDown(p)
				case bmp.MsgRouteMirroring:
					// The mirrored messages are the session's own octets:
					// read with what the Peer Up negotiated.
					p, _ := v.Peer()
					if s, _, ok := peers.Session(p.Key()); ok {
						bm.sess, bm.expected, bm.reading = s, s, true
					}
				case bmp.MsgRouteMonitoring:
					rm, _ := v.RouteMonitoring()
					if _, r, err := peers.RouteMonitoring(rm); err == nil {
						bm.sess, bm.expected, bm.fallback, bm.reading = r.Session, r.Expected, r.Fallback, true
					}
				}
			}
			out = append(out, bm)
		}
	}
	return out
}

// lensBMPFacts says what bgplens reads in a BMP message.
func lensBMPFacts(m bmpMsg) (facts, string) {
	f := facts{}
	v, err := bmp.ParseMessage(m.lens)
	if err != nil {
		return f, err.Error()
	}
	f["type"] = strconv.Itoa(int(v.Type()))
	if p, ok := v.Peer(); ok {
		addr := p.Address.String()
		if p.Type == bmp.PeerLocRIB {
			addr = "-" // RFC 9069 §4.1: zero-filled, no meaning
		}
		f["peer"] = strconv.Itoa(int(p.Type)) + " flags " + strconv.Itoa(int(p.Flags)) + " rd " +
			hex.EncodeToString(p.Distinguisher[:]) + " " + addr + " AS" + u32(p.AS) + " id " + p.BGPID.String()
		f["timestamp"] = strconv.FormatUint(uint64(p.Seconds)*1000000+uint64(p.Microseconds), 10)
	}
	dm, err := v.Decode()
	if err != nil {
		return f, err.Error()
	}
	switch dm := dm.(type) {
	case bmp.RouteMonitoring:
		u, err := bgp.ParseUpdate(dm.BGPMessage(), m.sess)
		if err != nil {
			return f, err.Error()
		}
		f["announced"], f["withdrawn"] = lensBMPRoutes(u)
		if uf, _ := lensUpdate(facts{}, dm.BGPMessage(), m.sess); uf["as_path"] != "" {
			f["as_path"] = uf["as_path"]
		}
		if v := u.Verdict(); v != nil && v.Action >= bgp.AFISAFIDisable {
			// The routes cannot be trusted (RFC 7606 §3-§5): GoBGP's
			// parse fails on such UPDATEs. Lighter faults (a missing
			// well-known attribute: treat-as-withdraw) leave the routes
			// readable, and GoBGP's parse does not check the attribute
			// set (its FSM does, in ValidateUpdateMsg).
			return f, v.Error()
		}
	case bmp.PeerUp:
		f["local"] = dm.LocalAddress.String() + " " + strconv.Itoa(int(dm.LocalPort)) + " " + strconv.Itoa(int(dm.RemotePort))
		for i, o := range [][]byte{dm.SentOpen, dm.ReceivedOpen} {
			if v, err := bgp.ParseOpen(o); err == nil {
				f["open"+strconv.Itoa(i)] = u32(v.AS()) + " " + v.BGPIdentifier().String() + " hold " + strconv.Itoa(int(v.HoldTime()))
			}
		}
		f["info"] = lensTLVs(dm.Information)
	case bmp.PeerDown:
		f["reason"] = strconv.Itoa(int(dm.Reason))
		if dm.Notification != nil {
			if n, err := dm.DecodeNotification(); err == nil {
				f["notification"] = strconv.Itoa(int(n.Code)) + "/" + strconv.Itoa(int(n.Subcode)) + " " + hex.EncodeToString(n.Data)
			}
		}
	case bmp.StatisticsReport:
		var st []string
		for _, s := range dm.Stats {
			if fm, g, ok := s.FamilyGauge(); ok && s.Type.Width() == bmp.StatFamilyGauge {
				st = append(st, strconv.Itoa(int(s.Type))+"="+fam(uint16(fm.AFI), uint8(fm.SAFI))+":"+strconv.FormatUint(g, 10))
			} else if n, ok := s.Uint(); ok {
				st = append(st, strconv.Itoa(int(s.Type))+"="+strconv.FormatUint(n, 10))
			} else {
				st = append(st, strconv.Itoa(int(s.Type))+"=0x"+hex.EncodeToString(s.Value))
			}
		}
		f["stats"] = join(st)
	case bmp.Initiation:
		f["info"] = lensTLVs(dm.Information)
	case bmp.Termination:
		f["info"] = lensTLVs(dm.Information)
	case bmp.RouteMirroring:
		var ts, routes []string
		for _, t := range dm.TLVs {
			d := strconv.Itoa(int(t.Type)) + ":" + strconv.Itoa(len(t.Value))
			if bmp.MirroringTLVType(t.Type) == bmp.MirrorBGPMessage && len(t.Value) > bgp.OffType {
				d += ":" + strconv.Itoa(int(t.Value[bgp.OffType]))
				if bgp.MessageType(t.Value[bgp.OffType]) == bgp.MsgUpdate {
					if u, err := bgp.ParseUpdate(t.Value, m.sess); err == nil {
						a, w := lensBMPRoutes(u)
						routes = append(routes, "+["+a+"] -["+w+"]")
					}
				}
			}
			ts = append(ts, d)
		}
		f["mirrored"], f["mirrored_routes"] = join(ts), join(routes)
	}
	return f, ""
}

func lensTLVs(ts []bmp.TLV) string {
	var out []string
	for _, t := range ts {
		out = append(out, strconv.Itoa(int(t.Type))+"="+hex.EncodeToString(t.Value))
	}
	return join(out)
}

// gobgpBMPFacts says what GoBGP reads in the same message, given the
// options bgplens's per-peer state derived for it (GoBGP keeps no state:
// the caller passes the session of the peer in).
func gobgpBMPFacts(data []byte, opt *gobgp.MarshallingOption) (facts, string) {
	f := facts{}
	m, err := gobmp.ParseBMPMessageWithOptions(data, func(gobmp.BMPPeerHeader) []*gobgp.MarshallingOption {
		return []*gobgp.MarshallingOption{opt}
	})
	if m == nil {
		return f, err.Error()
	}
	f["type"] = strconv.Itoa(int(m.Header.Type))
	if m.Header.Type != gobmp.BMP_MSG_INITIATION && m.Header.Type != gobmp.BMP_MSG_TERMINATION {
		p := m.PeerHeader
		addr := "-"
		if p.PeerType != gobmp.BMP_PEER_TYPE_LOCAL_RIB {
			addr = p.PeerAddress.String()
		}
		var rd [8]byte
		binary.BigEndian.PutUint64(rd[:], p.PeerDistinguisher)
		f["peer"] = strconv.Itoa(int(p.PeerType)) + " flags " + strconv.Itoa(int(p.Flags)) + " rd " +
			hex.EncodeToString(rd[:]) + " " + addr + " AS" + u32(p.PeerAS) + " id " + p.PeerBGPID.String()
		f["timestamp"] = strconv.FormatInt(int64(math.Round(p.Timestamp*1e6)), 10)
	}
	if err != nil {
		return f, err.Error()
	}
	switch b := m.Body.(type) {
	case *gobmp.BMPRouteMonitoring:
		u, ok := b.BGPUpdate.Body.(*gobgp.BGPUpdate)
		if !ok {
			return f, "not an UPDATE"
		}
		f["announced"], f["withdrawn"] = gobgpBMPRoutes(u)
		uf := facts{}
		gobgpUpdate(uf, u)
		if uf["as_path"] != "" {
			f["as_path"] = uf["as_path"]
		}
	case *gobmp.BMPPeerUpNotification:
		f["local"] = b.LocalAddress.String() + " " + strconv.Itoa(int(b.LocalPort)) + " " + strconv.Itoa(int(b.RemotePort))
		for i, o := range []*gobgp.BGPMessage{b.SentOpenMsg, b.ReceivedOpenMsg} {
			if op, ok := o.Body.(*gobgp.BGPOpen); ok {
				as := uint32(op.MyAS)
				for _, p := range op.OptParams {
					if c, ok := p.(*gobgp.OptionParameterCapability); ok {
						for _, cv := range c.Capability {
							if a4, ok := cv.(*gobgp.CapFourOctetASNumber); ok {
								as = a4.CapValue
							}
						}
					}
				}
				f["open"+strconv.Itoa(i)] = u32(as) + " " + op.ID.String() + " hold " + strconv.Itoa(int(op.HoldTime))
			}
		}
		f["info"] = gobgpInfoTLVs(b.Info)
	case *gobmp.BMPPeerDownNotification:
		f["reason"] = strconv.Itoa(int(b.Reason))
		if b.BGPNotification != nil {
			if n, ok := b.BGPNotification.Body.(*gobgp.BGPNotification); ok {
				f["notification"] = strconv.Itoa(int(n.ErrorCode)) + "/" + strconv.Itoa(int(n.ErrorSubcode)) + " " + hex.EncodeToString(n.Data)
			}
		}
	case *gobmp.BMPStatisticsReport:
		var st []string
		for _, s := range b.Stats {
			switch s := s.(type) {
			case *gobmp.BMPStatsTLV32:
				st = append(st, strconv.Itoa(int(s.Type))+"="+u32(s.Value))
			case *gobmp.BMPStatsTLV64:
				st = append(st, strconv.Itoa(int(s.Type))+"="+strconv.FormatUint(s.Value, 10))
			case *gobmp.BMPStatsTLVPerAfiSafi64:
				st = append(st, strconv.Itoa(int(s.Type))+"="+fam(s.AFI, s.SAFI)+":"+strconv.FormatUint(s.Value, 10))
			}
		}
		f["stats"] = join(st)
	case *gobmp.BMPRouteMirroring:
		var ts, routes []string
		for _, t := range b.Info {
			switch t := t.(type) {
			case *gobmp.BMPRouteMirrTLVBGPMsg:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length))+":"+strconv.Itoa(int(t.Value.Header.Type)))
				if u, ok := t.Value.Body.(*gobgp.BGPUpdate); ok {
					routes = append(routes, gobgpRoutes(u))
				}
			case *gobmp.BMPRouteMirrTLV16:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length)))
			case *gobmp.BMPRouteMirrTLVUnknown:
				ts = append(ts, strconv.Itoa(int(t.Type))+":"+strconv.Itoa(int(t.Length)))
			}
		}
		f["mirrored"], f["mirrored_routes"] = join(ts), join(routes)
	case *gobmp.BMPInitiation:
		f["info"] = gobgpInfoTLVs(b.Info)
	case *gobmp.BMPTermination:
		var out []string
		for _, t := range b.Info {
			v, _ := t.Serialize()
			if len(v) >= 4 {
				out = append(out, strconv.Itoa(int(binary.BigEndian.Uint16(v)))+"="+hex.EncodeToString(v[4:]))
			}
		}
		f["info"] = join(out)
	}
	return f, ""
}

// gobgpRoutes renders the routes of an UPDATE GoBGP parsed as lensBMPFacts
// renders bgplens's.
func gobgpRoutes(u *gobgp.BGPUpdate) string {
	a, w := gobgpBMPRoutes(u)
	return "+[" + a + "] -[" + w + "]"
}

// Routes are rendered as family, masked prefix, path identifier, label
// values and route distinguisher. A label is its 20-bit value (RFC 8277
// §2), or "withdraw" for the 0x800000 of a withdrawal (RFC 8277 §2.4):
// GoBGP keeps that entry, and an all-zero one, raw.
const withdrawLabel = 0x800000

func lensBMPRoutes(u bgp.UpdateView) (ann, wd string) {
	var a, w []string
	for fm, r := range u.Announced() {
		a = append(a, lensBMPRoute(fm, r))
	}
	for fm, r := range u.Withdrawn() {
		w = append(w, lensBMPRoute(fm, r))
	}
	return join(a), join(w)
}

func lensBMPRoute(fm bgp.Family, r bgp.Route) string {
	var ls []string
	for _, l := range r.LabelStack() {
		if uint32(l) == withdrawLabel {
			ls = append(ls, "withdraw")
		} else {
			ls = append(ls, u32(l.Value()))
		}
	}
	var rd []byte
	if fm.SAFI == bgp.SAFIMPLSVPN || fm.SAFI == bgp.SAFIMCASTMPLSVPN {
		rd = r.RD[:]
	}
	return bmpRouteText(uint16(fm.AFI), uint8(fm.SAFI), r.Prefix.Masked(), r.PathID, ls, rd)
}

func bmpRouteText(afi uint16, safi uint8, p netip.Prefix, id uint32, labels []string, rd []byte) string {
	s := fam(afi, safi) + " " + p.String()
	if id != 0 {
		s += " id=" + u32(id)
	}
	if len(labels) > 0 {
		s += " labels=" + strings.Join(labels, ",")
	}
	if rd != nil {
		s += " rd=" + hex.EncodeToString(rd)
	}
	return s
}

func gobgpBMPRoutes(u *gobgp.BGPUpdate) (ann, wd string) {
	var a, w []string
	for _, p := range u.NLRI {
		a = append(a, gobgpBMPRoute(1, 1, p))
	}
	for _, p := range u.WithdrawnRoutes {
		w = append(w, gobgpBMPRoute(1, 1, p))
	}
	for _, pa := range u.PathAttributes {
		switch pa := pa.(type) {
		case *gobgp.PathAttributeMpReachNLRI:
			if prefixFamily(pa.AFI, pa.SAFI) {
				for _, p := range pa.Value {
					a = append(a, gobgpBMPRoute(pa.AFI, pa.SAFI, p))
				}
			}
		case *gobgp.PathAttributeMpUnreachNLRI:
			if prefixFamily(pa.AFI, pa.SAFI) {
				for _, p := range pa.Value {
					w = append(w, gobgpBMPRoute(pa.AFI, pa.SAFI, p))
				}
			}
		}
	}
	return join(a), join(w)
}

func gobgpBMPRoute(afi uint16, safi uint8, p gobgp.PathNLRI) string {
	var (
		labels []uint32
		rd     []byte
		pfx    netip.Prefix
	)
	switch n := p.NLRI.(type) {
	case *gobgp.IPAddrPrefix:
		pfx = n.Prefix
	case *gobgp.LabeledIPAddrPrefix:
		pfx, labels = n.Prefix, n.Labels.Labels
	case *gobgp.LabeledVPNIPAddrPrefix:
		pfx, labels = n.Prefix, n.Labels.Labels
		rd, _ = n.RD.Serialize()
	default:
		return fam(afi, safi) + " " + p.NLRI.String()
	}
	var ls []string
	for _, l := range labels {
		if l == withdrawLabel {
			ls = append(ls, "withdraw")
		} else {
			ls = append(ls, u32(l))
		}
	}
	return bmpRouteText(afi, safi, pfx.Masked(), p.ID, ls, rd)
}

func gobgpInfoTLVs(ts []gobmp.BMPInfoTLVInterface) string {
	var out []string
	for _, t := range ts {
		v, _ := t.Serialize()
		if len(v) >= 4 {
			out = append(out, strconv.Itoa(int(binary.BigEndian.Uint16(v)))+"="+hex.EncodeToString(v[4:]))
		}
	}
	return join(out)
}

// bmpComparison is one message read by both.
type bmpComparison struct {
	m                 bmpMsg
	lens, gob         facts
	lensErr, gobErr   string
	diff              []string
	version, peerType int
}

func compareBMP(m bmpMsg) bmpComparison {
	c := bmpComparison{m: m, version: int(m.data[0])}
	if len(m.data) > bmp.OffPeerType {
		c.peerType = int(m.data[bmp.OffPeerType])
	}
	var opt *gobgp.MarshallingOption
	if m.reading {
		opt = gobgpOptions(m.sess)
	} else {
		opt = gobgpOptions(bgp.Session{AS4: true})
	}
	c.lens, c.lensErr = lensBMPFacts(m)
	c.gob, c.gobErr = gobgpBMPFacts(m.data, opt)
	if (c.lensErr == "") != (c.gobErr == "") {
		c.diff = append(c.diff, "outcome")
	}
	keys := map[string]bool{}
	for k := range c.lens {
		keys[k] = true
	}
	for k := range c.gob {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		if c.lensErr != "" && c.gobErr != "" || c.gobErr != "" && c.lensErr == "" {
			// Only what both read: the headers.
			if k != "type" && k != "peer" && k != "timestamp" {
				continue
			}
			if _, ok := c.gob[k]; !ok {
				continue
			}
		}
		if c.lens[k] != c.gob[k] {
			c.diff = append(c.diff, k)
		}
	}
	return c
}

// bmpException is a known difference; who says which side is wrong.
type bmpException struct {
	name, who, why string
	match          func(c *bmpComparison) bool
}

func onlyBMPDiff(c *bmpComparison, keys ...string) bool {
	if len(c.diff) != len(keys) {
		return false
	}
	for i := range keys {
		if c.diff[i] != keys[i] {
			return false
		}
	}
	return true
}

var bmpExceptions = []bmpException{
	{
		name: "gobgp-no-bmp-v4", who: "gobgp",
		why: "GoBGP reads BMP version 3 only (\"error version\"); the NetGauze captures hold version 4 " +
			"(draft-ietf-grow-bmp-tlv) messages, which bgplens reads",
		match: func(c *bmpComparison) bool {
			return c.version == 4 && c.lensErr == "" && strings.Contains(c.gobErr, "version")
		},
	},
	{
		name: "gobgp-unknown-msg-type", who: "gobgp",
		why: "GoBGP refuses a message of a type it does not know (Huawei's type 100, route-policy and " +
			"attribute trace, draft-xu-grow-bmp-route-policy-attr-trace) although its length frames it; " +
			"bgplens keeps it as bmp.Unknown and goes on",
		match: func(c *bmpComparison) bool {
			return c.lensErr == "" && strings.Contains(c.gobErr, "unsupported BMP message type")
		},
	},
	{
		name: "gobgp-ignores-octets-after-update", who: "router",
		why: "Huawei VRP 8.230 puts 8 or 10 octets after the UPDATE of version 3 Route Monitoring messages " +
			"(RFC 7854 §4.6 gives the UPDATE the rest of the message): bmp.ParseMessage refuses the message, " +
			"GoBGP drops the octets without a word; compared after cutting them (bmpcheck.CutAfterUpdate)",
		match: func(c *bmpComparison) bool { return c.m.trimmed && len(c.diff) == 0 },
	},
	{
		name: "gobgp-refuses-empty-add-path-cap", who: "router",
		why: "the OPENs FRR (8.0.1 on 6WIND, 10.8 in the NetGauze capture) fabricates for its Loc-RIB Peer Up " +
			"carry an ADD-PATH capability of length 0, where RFC 7911 §4 asks for one or more 4-octet " +
			"tuples: GoBGP refuses the whole Peer Up (\"Not all CapabilityAddPath bytes available\"); bgplens " +
			"reads the Peer Up and takes the capability as announcing no family",
		match: func(c *bmpComparison) bool {
			if c.lensErr != "" || !strings.Contains(c.gobErr, "CapabilityAddPath") {
				return false
			}
			pu, err := bmp.ParsePeerUp(c.m.data)
			return err == nil && (hasEmptyCap(pu.SentOpen(), byte(bgp.CapCodeAddPath)) ||
				hasEmptyCap(pu.ReceivedOpen(), byte(bgp.CapCodeAddPath)))
		},
	},
	{
		name: "ipv6-next-hop-for-vpn-ipv4", who: "router",
		why: "Cisco IOS XR (203.0.113.19 in bmp-multi-sources.pcap) sends VPN-IPv4 routes (1/128) whose " +
			"MP_REACH_NLRI next hop is a bare 16-octet IPv6 address; RFC 8950 §4 asks for 24 or 48 octets " +
			"(a zero route distinguisher before each address). bgplens reads the routes but judges the UPDATE " +
			"malformed (RFC 7606 §7.11: session reset); GoBGP takes the 16 octets as the next hop. The routes agree",
		match: func(c *bmpComparison) bool {
			if !onlyBMPDiff(c, "outcome") || c.gobErr != "" {
				return false
			}
			rm, err := bmp.ParseRouteMonitoring(c.m.lens)
			if err != nil {
				return false
			}
			u, err := rm.Update(c.m.sess)
			if err != nil {
				return false
			}
			mp, ok := u.MPReach()
			return ok && mp.Family == bgp.IPv4VPN && len(mp.NextHop) == 16
		},
	},
	{
		name: "gobgp-mirroring-without-session", who: "gobgp",
		why: "GoBGP parses the BGP message of a Route Mirroring TLV with no options (bmp.go: " +
			"BMPRouteMirrTLVBGPMsg.ParseValue calls bgp.ParseBGPMessage(data)), so the mirrored UPDATEs of " +
			"FRR's ADD-PATH session fail (\"network bytes is short\") or, worse, parse into other routes (the " +
			"path identifier read as prefixes), although the options passed in read them as bgplens does: " +
			"checked here by parsing each mirrored message with them",
		match: func(c *bmpComparison) bool {
			if c.lensErr != "" || c.m.data[bmp.OffType] != byte(bmp.MsgRouteMirroring) ||
				!onlyBMPDiff(c, "outcome") && !onlyBMPDiff(c, "mirrored_routes") {
				return false
			}
			dm, err := bmp.DecodeMessage(c.m.data)
			if err != nil {
				return false
			}
			var routes []string
			for _, b := range dm.(bmp.RouteMirroring).BGPMessages() {
				m, err := gobgp.ParseBGPMessage(b, gobgpOptions(c.m.sess))
				if err != nil {
					return false
				}
				if u, ok := m.Body.(*gobgp.BGPUpdate); ok {
					routes = append(routes, gobgpRoutes(u))
				}
			}
			return join(routes) == c.lens["mirrored_routes"]
		},
	},
}

// TestBMPDifferential reads every message of the real BMP streams and
// captures with GoBGP's pkg/packet/bmp and with bgplens, GoBGP given per
// message the ADD-PATH families and AS width bgplens's per-peer state
// settled on, and compares the message types, the per-peer headers, the
// Route Monitoring prefixes (with path identifiers, labels and route
// distinguishers), Peer Up addresses, ports and OPENs, Peer Down reasons
// and NOTIFICATIONs, statistics and information TLVs.
func TestBMPDifferential(t *testing.T) {
	msgs := bmpMessages(t)
	var agree, unexplained int
	seen := map[string]int{}
	example := map[string]string{}
	for _, m := range msgs {
		c := compareBMP(m)
		if len(c.diff) == 0 && !m.trimmed {
			agree++
			continue
		}
		explained := false
		for _, e := range bmpExceptions {
			if e.match(&c) {
				seen[e.name]++
				if example[e.name] == "" {
					example[e.name] = m.where
				}
				explained = true
				break
			}
		}
		if explained {
			continue
		}
		unexplained++
		if unexplained <= 20 {
			var b strings.Builder
			b.WriteString(m.where + ": differ in " + strings.Join(c.diff, ",") + "\n")
			b.WriteString("  bgplens error: " + c.lensErr + "\n  gobgp error:   " + c.gobErr + "\n")
			for _, k := range c.diff {
				b.WriteString("  " + k + ": bgplens=" + truncate(c.lens[k], 300) + "\n         gobgp=" + truncate(c.gob[k], 300) + "\n")
			}
			b.WriteString("  msg " + truncate(hex.EncodeToString(m.data), 400))
			t.Error(b.String())
		}
	}
	t.Logf("%d BMP messages: %d agree, %d explained differences, %d unexplained", len(msgs), agree, len(msgs)-agree-unexplained, unexplained)
	for _, e := range bmpExceptions {
		if seen[e.name] == 0 {
			t.Errorf("exception %s explains nothing: remove it", e.name)
		} else {
			t.Logf("  %-34s x%-5d (%s) %s\n      e.g. %s", e.name, seen[e.name], e.who, e.why, example[e.name])
		}
	}
}

// hasEmptyCap reports whether an OPEN message carries a capability of the
// given code with a zero length (RFC 5492 §4 layout, read octet by octet
// so that an OPEN bgp.ParseOpen refuses can be looked into).
func hasEmptyCap(open []byte, code byte) bool {
	const paramsOff = bgp.HeaderLen + 10 // version, My AS, Hold Time, BGP Identifier, Opt Parm Len
	if len(open) < paramsOff {
		return false
	}
	p := open[paramsOff:]
	for len(p) >= 2 {
		typ, n := p[0], int(p[1])
		if len(p) < 2+n {
			return false
		}
		if typ == 2 {
			for c := p[2 : 2+n]; len(c) >= 2 && len(c) >= 2+int(c[1]); c = c[2+int(c[1]):] {
				if c[0] == code && c[1] == 0 {
					return true
				}
			}
		}
		p = p[2+n:]
	}
	return false
}

// TestBMPGoBGPWithPeerUpSession shows what a collector that trusts the
// Peer Up gets from GoBGP: every Route Monitoring message bgplens read with
// a fallback (the octets only fit another ADD-PATH or AS-width reading
// than the one the Peer Up negotiated: FRR's and gobgpd's quirks, Huawei's
// Loc-RIB) is parsed by GoBGP with the Peer Up's session. GoBGP must not
// produce bgplens's routes from it: it fails, or (the bug class of GoBGP
// issues 2879 and 3499) it reports routes that do not exist. The counts
// are logged.
func TestBMPGoBGPWithPeerUpSession(t *testing.T) {
	var fallbacks, refused, misread int
	example := ""
	for _, m := range bmpMessages(t) {
		if !m.reading || m.fallback == 0 || m.data[bmp.OffType] != byte(bmp.MsgRouteMonitoring) {
			continue
		}
		lf, lerr := lensBMPFacts(m)
		if lerr != "" {
			continue
		}
		// A fallback this message does not depend on (the remembered
		// reading of the peer used, though the Peer Up's reads the same:
		// an empty AS_PATH under another AS width) is not counted.
		asExpected := m
		asExpected.sess = m.expected
		if ef, eerr := lensBMPFacts(asExpected); eerr == "" && ef["announced"] == lf["announced"] &&
			ef["withdrawn"] == lf["withdrawn"] && ef["as_path"] == lf["as_path"] {
			continue
		}
		fallbacks++
		gf, gerr := gobgpBMPFacts(m.data, gobgpOptions(m.expected))
		switch {
		case gerr != "":
			refused++
		case gf["announced"] == lf["announced"] && gf["withdrawn"] == lf["withdrawn"] && gf["as_path"] == lf["as_path"]:
			t.Errorf("%s: GoBGP reads the same routes and AS path with the Peer Up's session as bgplens with "+
				"its fallback (%v): %s %s", m.where, m.fallback, lf["announced"], lf["as_path"])
		default:
			misread++
			if example == "" {
				example = m.where + ": bgplens " + truncate(lf["announced"]+" / "+lf["withdrawn"], 200) +
					"\n      GoBGP with the Peer Up's session: " + truncate(gf["announced"]+" / "+gf["withdrawn"], 200)
			}
		}
	}
	if fallbacks == 0 {
		t.Fatal("no Route Monitoring message needed a fallback: the corpus lost its FRR and gobgpd streams?")
	}
	t.Logf("%d Route Monitoring messages need another reading than their Peer Up's: GoBGP given the Peer Up's "+
		"session refuses %d and silently reads other routes or AS paths from %d, e.g.\n    %s", fallbacks, refused, misread, example)
}
