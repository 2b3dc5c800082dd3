package output

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// AppendJSON appends the event as one JSON object (the schema of
// SchemaVersion, documented in docs/json.md), without a newline. Field names follow
// the snake_case of goBMP and pmacct (router_ip, peer_ip, peer_asn,
// prefix, nexthop, as_path, ...). Fields that do not apply to the event
// type are left out; so are optional attributes the route does not have.
func (e *Event) AppendJSON(dst []byte) []byte { return e.appendJSON(dst, nil) }

func (e *Event) appendJSON(dst []byte, c *Encoder) []byte {
	w := jw{b: dst}
	if int(e.Type) < len(eventHeads) && e.Type != 0 {
		w.b = append(w.b, eventHeads[e.Type]...)
	} else {
		w.b = appendEventHead(w.b, e.Type)
	}
	var ts, rts *stamp
	if c != nil {
		ts, rts = &c.time, &c.routerTime
	}
	w.time(`,"timestamp":`, e.Time, ts)
	if !e.RouterTime.IsZero() {
		w.time(`,"router_timestamp":`, e.RouterTime, rts)
	}
	w.b = append(w.b, `,"seq":`...)
	w.b = bgp.AppendUint(w.b, e.Seq)
	if c == nil || e.Type == EventRouterUp || e.Type == EventRouterDown {
		e.appendRouterPeer(&w)
	} else {
		c.routerPeer(&w, e)
	}
	switch e.Type {
	case EventRoute:
		e.appendRoute(&w, c)
	case EventEndOfRIB:
		w.family(e.Family)
	case EventPeerUp:
		if p := e.PeerUp; p != nil {
			w.addr("local_ip", p.LocalAddr)
			w.uint("local_port", uint64(p.LocalPort))
			w.uint("remote_port", uint64(p.RemotePort))
			w.open("sent_open", &p.SentOpen)
			w.open("received_open", &p.ReceivedOpen)
			w.strs("information", p.Information)
			w.bool("four_octet_as", p.AS4)
			w.bool("extended_messages", p.ExtendedMsg)
			w.strs("add_path", p.AddPath)
			w.strs("mismatches", p.Mismatches)
		}
	case EventPeerDown:
		if p := e.PeerDown; p != nil {
			w.uint("reason_code", uint64(p.Reason))
			w.str("reason", p.Reason.String())
			if p.Reason == bmp.DownLocalFSMEvent {
				w.uint("fsm_event", uint64(p.FSMEvent))
			}
			if p.HasNotif {
				// The object the API's last_down and dump write.
				w.key("notification")
				w.b = append(w.b, '{')
				w.uint("code", uint64(p.Code))
				w.uint("subcode", uint64(p.Subcode))
				w.str("text", p.NotifText)
				w.b = append(w.b, '}')
			}
			w.int("routes_removed", p.RoutesGone)
		}
	case EventStats:
		w.key("stats")
		w.b = append(w.b, '[')
		for i, s := range e.Stats {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, '{')
			w.uint("type", uint64(s.Type))
			w.str("name", s.Name)
			if s.Unknown {
				w.bool("unreadable", true)
				w.str("raw", hex.EncodeToString(s.Raw))
			} else {
				w.uint("value", s.Value)
			}
			if s.Family != (bgp.Family{}) {
				w.family(s.Family)
			}
			w.b = append(w.b, '}')
		}
		w.b = append(w.b, ']')
	}
	w.b = append(w.b, '}')
	return w.b
}

// eventHeads are the first members of each event type's object: the
// schema version and the type.
var eventHeads = func() (h [len(eventTypeNames)][]byte) {
	for t := range h {
		if t != 0 {
			h[t] = appendEventHead(nil, EventType(t))
		}
	}
	return h
}()

// appendEventHead opens an event's object with its version and type.
func appendEventHead(dst []byte, t EventType) []byte {
	w := jw{b: append(dst, '{')}
	w.int("v", SchemaVersion)
	w.str("type", t.String())
	return w.b
}

// appendRouterPeer appends the router's members, then the router
// session's (router events) or the peer's (the others).
func (e *Event) appendRouterPeer(w *jw) {
	w.str("router", e.Router.Name)
	w.addr("router_ip", e.Router.Addr)
	if e.Router.SysName != "" {
		w.str("router_name", e.Router.SysName)
	}
	switch e.Type {
	case EventRouterUp, EventRouterDown:
		if s := e.Session; s != nil {
			w.optStr("sys_name", s.SysName)
			w.optStr("sys_descr", s.SysDescr)
			w.strs("info", s.Info)
			if e.Type == EventRouterDown {
				w.str("reason", s.Reason)
				w.uint("messages", s.Messages)
			}
		}
	default:
		e.appendPeer(w)
	}
}

func (e *Event) appendPeer(w *jw) {
	p := &e.Peer
	w.addr("peer_ip", p.Addr)
	w.uint("peer_asn", uint64(p.AS))
	w.addr("peer_bgp_id", p.BGPID)
	w.str("peer_type", p.Type.JSONName())
	if p.Distinguisher != (bgp.RD{}) {
		w.str("peer_distinguisher", p.Distinguisher.String())
	}
	w.str("rib", p.RIB.String())
	w.bool("is_post_policy", p.RIB == bmp.RIBInPost || p.RIB == bmp.RIBOutPost)
	w.bool("is_adj_rib_out", p.RIB.Out())
	w.bool("is_loc_rib", p.RIB == bmp.RIBLoc)
	w.optStr("table_name", p.TableName)
}

// appendRouteKind appends a route's members from "action" to "family".
func (e *Event) appendRouteKind(w *jw) {
	if e.Withdraw {
		w.str("action", "withdraw")
	} else {
		w.str("action", "announce")
	}
	w.bool("is_withdraw", e.Withdraw)
	w.family(e.Family)
}

func (e *Event) appendRoute(w *jw, c *Encoder) {
	if c != nil {
		c.routeKind(w, e)
	} else {
		e.appendRouteKind(w)
	}
	r := &e.Route
	if e.Entry != nil {
		e.appendEntry(w)
	} else {
		// Every route has these: their names written as they are.
		w.b = append(w.b, `,"prefix":"`...)
		w.b = append(bgp.AppendPrefix(w.b, r.Prefix), `","prefix_len":`...)
		w.b = append(appendInt(w.b, r.Prefix.Bits()), `,"path_id":`...)
		w.b = bgp.AppendUint(w.b, uint64(r.PathID))
	}
	if r.RD != (bgp.RD{}) {
		w.str("rd", r.RD.String())
	}
	if r.NumLabels > 0 {
		w.key("labels")
		w.b = append(w.b, '[')
		for i, l := range r.LabelStack() {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = bgp.AppendUint(w.b, uint64(l.Value())) // the 20-bit label, as docs/json.md says
		}
		w.b = append(w.b, ']')
	}
	p := e.Path
	if p == nil {
		return
	}
	if c != nil {
		c.pathMembers(w, p, e.Family)
	} else {
		p.appendMembers(w, e.Family)
	}
}

// appendMembers appends the path's attributes, its verdict, and the next
// hop of family f (RFC 4760 §3: the family's), each with its leading
// comma.
func (p *Path) appendMembers(w *jw, f bgp.Family) {
	w.b = p.AppendJSON(w.b)
	w.optStr("error", p.Error)
	w.b = p.AppendNextHopJSON(w.b, f)
}

// appendEntry writes a route kept as an NLRI entry: "path_id", "nlri"
// (the entry's members, docs/json.md "NLRI entries") and "text" (its
// one-line form), as the API writes it.
func (e *Event) appendEntry(w *jw) {
	w.uint("path_id", uint64(e.Route.PathID))
	n := bgp.NLRI{Value: e.Entry}
	w.key("nlri")
	w.b = e.Family.AppendEntryJSON(w.b, n)
	w.key("text")
	w.b = AppendJSONString(w.b, e.Family.EntryText(n))
}

// PeerTypeName returns the short name of a peer type in the station's
// peer identifiers ("loc-rib/0.0.0.0"): "global", "rd", "local",
// "loc-rib", or the number. JSON members name peer types with
// bmp.PeerType.JSONName, as every output does.
func PeerTypeName(t bmp.PeerType) string {
	if int(t) < len(peerIDTypes) {
		return peerIDTypes[t]
	}
	return strconv.Itoa(int(t))
}

var peerIDTypes = [...]string{bmp.PeerGlobal: "global", bmp.PeerRD: "rd", bmp.PeerLocal: "local", bmp.PeerLocRIB: "loc-rib"}

// jw writes the members of one JSON object.
type jw struct {
	b []byte
}

func (w *jw) key(k string) {
	if len(w.b) > 0 && w.b[len(w.b)-1] != '{' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *jw) str(k, v string) {
	w.key(k)
	w.b = AppendJSONString(w.b, v)
}

func (w *jw) optStr(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *jw) int(k string, v int) {
	w.key(k)
	w.b = appendInt(w.b, v)
}

func appendInt(dst []byte, v int) []byte {
	if v >= 0 {
		return bgp.AppendUint(dst, uint64(v))
	}
	return strconv.AppendInt(dst, int64(v), 10)
}

func (w *jw) uint(k string, v uint64) {
	w.key(k)
	w.b = bgp.AppendUint(w.b, v)
}

func (w *jw) bool(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

// time writes member, the time's comma, name and colon (`,"timestamp":`),
// then t as RFC 3339 in UTC, with what s remembers when s is not nil.
func (w *jw) time(member string, t time.Time, s *stamp) {
	var own stamp
	if s == nil {
		s = &own
	}
	w.b = append(w.b, member...)
	w.b = s.append(w.b, t)
}

func (w *jw) addr(k string, a netip.Addr) {
	w.key(k)
	if !a.IsValid() {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '"')
	w.b = bgp.AppendAddr(w.b, a)
	w.b = append(w.b, '"')
}

func (w *jw) family(f bgp.Family) {
	w.uint("afi", uint64(f.AFI))
	w.uint("safi", uint64(f.SAFI))
	w.str("family", f.JSONName())
}

func (w *jw) strs(k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for i, v := range vs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = AppendJSONString(w.b, v)
	}
	w.b = append(w.b, ']')
}

func (w *jw) open(k string, o *OpenInfo) {
	w.key(k)
	w.b = append(w.b, '{')
	w.uint("asn", uint64(o.AS))
	w.uint("hold_time", uint64(o.HoldTime))
	w.addr("bgp_id", o.BGPID)
	w.strs("capabilities", o.Capabilities)
	w.b = append(w.b, '}')
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, control characters are escaped: router-supplied text (sysName,
// descriptions) can hold anything.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // s[start:i] is plain and not yet appended
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' && c != 0x7f {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r != utf8.RuneError || n != 1) && r != '\u2028' && r != '\u2029' {
				i += n
				continue
			}
			dst = append(dst, s[start:i]...)
			if r == utf8.RuneError {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			}
			i += n
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
